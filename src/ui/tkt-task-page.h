/* tkt-task-page.h — the Tasks area: the searchable, sortable, filterable list
 * (GtkColumnView over a TktTaskList) and the editor pane beside it. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_TASK_PAGE (tkt_task_page_get_type ())
G_DECLARE_FINAL_TYPE (TktTaskPage, tkt_task_page, TKT, TASK_PAGE, AdwBin)

/* Property "store" (TktStore, construct-only). The page installs the widget
 * actions task.new (Ctrl+N), task.duplicate (Ctrl+D), task.delete (Delete),
 * task.search (Ctrl+F), task.save (Ctrl+S); deleting shows an Undo toast in
 * the page's own AdwToastOverlay. */
GtkWidget  *tkt_task_page_new          (TktStore    *store);
TktStore   *tkt_task_page_get_store    (TktTaskPage *self);
/* Reload the list after the store changed under us (import). */
void        tkt_task_page_reload       (TktTaskPage *self);
/* Select a task by id (for tests and later for "open the list behind a figure"). */
gboolean    tkt_task_page_select_task  (TktTaskPage *self,
                                        const char  *id);
/* Tasks changed here and not on the sync server yet (a set of ids, or
 * NULL: none); each gets a mark in the list. */
void        tkt_task_page_set_unsent   (TktTaskPage *self,
                                        GHashTable  *ids);
gboolean    tkt_task_page_get_unsent   (TktTaskPage *self,
                                        const char  *id);

G_END_DECLS
