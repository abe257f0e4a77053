/* tkt-task-editor.h — the pane that edits one task: every member of the task
 * document in libadwaita rows, stages as a timeline, transfers of results.
 *
 * Edits go into the TktTask as they are typed and stay there until saved;
 * problems (tkt_task_validate, and typed text that is not a date or an
 * amount) are shown on the field and keep the editor invalid. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"
#include "tkt-task.h"

G_BEGIN_DECLS

#define TKT_TYPE_TASK_EDITOR (tkt_task_editor_get_type ())
G_DECLARE_FINAL_TYPE (TktTaskEditor, tkt_task_editor, TKT, TASK_EDITOR, GtkBox)

/* Properties: "store" (TktStore), "task" (TktTask or NULL: a placeholder is
 * shown), "dirty" (read-only: edited since loaded or saved), "valid"
 * (read-only: nothing to fix). */
GtkWidget   *tkt_task_editor_new           (void);
void         tkt_task_editor_set_store     (TktTaskEditor *self,
                                            TktStore      *store);
/* Re-reads programmes and sectors for the combo rows. */
void         tkt_task_editor_reload_catalog (TktTaskEditor *self);
/* Shows task (a reference is taken; the editor edits this very object). */
void         tkt_task_editor_set_task      (TktTaskEditor *self,
                                            TktTask       *task);
TktTask     *tkt_task_editor_get_task      (TktTaskEditor *self);
gboolean     tkt_task_editor_get_dirty     (TktTaskEditor *self);
gboolean     tkt_task_editor_get_valid     (TktTaskEditor *self);
/* Validates and saves through the store.  On failure the problem is shown in
 * the editor (a conflict with a clear message and a way to reload) and
 * error is set; the edits stay. */
gboolean     tkt_task_editor_save          (TktTaskEditor *self,
                                            GError       **error);
void         tkt_task_editor_focus_title   (TktTaskEditor *self);
/* A menu of the task's actions (task.duplicate, task.delete) beside Save:
 * for when the page's own buttons are out of sight (folded). */
void         tkt_task_editor_set_show_menu (TktTaskEditor *self,
                                            gboolean       show);
/* The row that shows a member ("title", "code", "start", "budget.central",
 * "members", …), or NULL: for tests and for focusing a problem. */
GtkWidget   *tkt_task_editor_get_row       (TktTaskEditor *self,
                                            const char    *field);
/* The messages shown for problems now, joined by newlines ("" if none). */
const char  *tkt_task_editor_get_problems_text (TktTaskEditor *self);

G_END_DECLS
