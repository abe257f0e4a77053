/* tkt-task-private.h — for src/core and the tests only. */
#pragma once

#include "tkt-task.h"
#include "tkt-task-list.h"

G_BEGIN_DECLS

/* Builds a task on doc, taking ownership of it (no copy): for the task list,
 * which has just read the document from the store. */
TktTask     *tkt_task_new_take_json                  (JsonObject *doc);

/* A deep copy of a JSON object (json_node_copy only adds references). */
JsonObject  *tkt_task_json_object_deep_copy          (JsonObject *object);

/* The latest stage of a "stages" array: greatest date, ties by array order
 * (the later entry wins).  NULL if none.  Borrowed from the array. */
const char  *tkt_task_status_of_stages               (JsonArray  *stages);

/* How many TktTask objects are alive / were ever built in this process:
 * the tests check that a list of 100,000 tasks builds only what is shown. */
guint        tkt_task_get_n_instances_for_testing    (void);
guint        tkt_task_get_n_created_for_testing      (void);

/* The SQL a task list runs for filter (parameters unbound), so the tests
 * can check its plan with EXPLAIN QUERY PLAN.  Defined in tkt-task-list.c. */
char        *tkt_task_filter_to_sql_for_testing      (const TktTaskFilter *filter);

G_END_DECLS
