/* tkt-stage-dialog.h — add or edit one stage of a task: stage, date,
 * decision document (number/symbol, date, issuer), rating (acceptance only)
 * and a note. */
#pragma once

#include <adwaita.h>
#include "tkt-task.h"

G_BEGIN_DECLS

#define TKT_TYPE_STAGE_DIALOG (tkt_stage_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TktStageDialog, tkt_stage_dialog, TKT, STAGE_DIALOG, AdwWindow)

/* stage NULL: a new stage.  Signal ::saved () when the user saves; the
 * dialog closes itself after emitting it. */
TktStageDialog *tkt_stage_dialog_new       (GtkWindow      *parent,
                                            const TktStage *stage);
/* The stage as the dialog shows it now. */
TktStage       *tkt_stage_dialog_dup_stage (TktStageDialog *self);
/* Saves as if the user clicked Save; FALSE if the dialog is not complete. */
gboolean        tkt_stage_dialog_save      (TktStageDialog *self);

G_END_DECLS
