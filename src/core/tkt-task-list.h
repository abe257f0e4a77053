/* tkt-task-list.h — a lazy GListModel of TktTask over a query of the task index.
 *
 * The query keeps only the matching rowids (an int array); a TktTask is
 * built when get_item asks for it, so 100,000 tasks never means 100,000
 * objects.  Filters and sort run in SQL (tkt-index.md). */
#pragma once

#include <gio/gio.h>
#include "tkt-store.h"
#include "tkt-task.h"

G_BEGIN_DECLS

typedef enum {
  TKT_TASK_SORT_CODE,
  TKT_TASK_SORT_TITLE,
  TKT_TASK_SORT_LEVEL,
  TKT_TASK_SORT_PROGRAMME,
  TKT_TASK_SORT_SECTOR,
  TKT_TASK_SORT_STATUS,
  TKT_TASK_SORT_LEAD_ORG,
  TKT_TASK_SORT_PI,
  TKT_TASK_SORT_START,
  TKT_TASK_SORT_END,
  TKT_TASK_SORT_BUDGET,
} TktTaskSort;

/* Filter of a task list (also used by the CLI's "list tasks").
 * NULL / 0 = no filter on that member. */
typedef struct {
  char       *search;      /* as typed; folded, each word a prefix, all must match */
  char       *level;
  char       *programme;   /* programme _id */
  char       *sector;      /* sector _id */
  char       *status;      /* stage key */
  int         year;        /* year of activity (tkt-index.md) */
  TktTaskSort sort;
  gboolean    descending;
} TktTaskFilter;

#define TKT_TYPE_TASK_LIST (tkt_task_list_get_type ())
G_DECLARE_FINAL_TYPE (TktTaskList, tkt_task_list, TKT, TASK_LIST, GObject)

TktTaskList *tkt_task_list_new          (TktStore      *store);
TktStore    *tkt_task_list_get_store    (TktTaskList   *self);
/* Replace the filter and re-run the query (items-changed once, whole range). */
void         tkt_task_list_set_filter   (TktTaskList   *self,
                                         const TktTaskFilter *filter);
const TktTaskFilter *tkt_task_list_get_filter (TktTaskList *self);
void         tkt_task_list_set_search   (TktTaskList   *self,
                                         const char    *search);
void         tkt_task_list_set_sort     (TktTaskList   *self,
                                         TktTaskSort    sort,
                                         gboolean       descending);
/* Re-run the query (the list also does so by itself on the store's ::changed). */
void         tkt_task_list_refresh      (TktTaskList   *self);
/* Position of a task id in the list, or -1. */
int          tkt_task_list_find         (TktTaskList   *self,
                                         const char    *id);

/* Also for the CLI and tests: ids matching filter, in order. */
GStrv        tkt_task_query_ids         (TktStore      *store,
                                         const TktTaskFilter *filter,
                                         GError       **error);
/* Parses a sort name ("code", "title", "level", "programme", "sector",
 * "status", "lead_org", "pi", "start", "end", "budget"; "-title" descending). */
gboolean     tkt_task_sort_from_string  (const char    *name,
                                         TktTaskSort   *sort,
                                         gboolean      *descending);
void         tkt_task_filter_clear      (TktTaskFilter *filter);

G_END_DECLS
