/* tkt-transfer-dialog.h — add or edit one transfer of results: date, result,
 * recipient unit and its kind. */
#pragma once

#include <adwaita.h>
#include "tkt-task.h"

G_BEGIN_DECLS

#define TKT_TYPE_TRANSFER_DIALOG (tkt_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TktTransferDialog, tkt_transfer_dialog, TKT, TRANSFER_DIALOG, AdwWindow)

/* transfer NULL: a new one.  Signal ::saved () when the user saves; the
 * dialog closes itself after emitting it. */
TktTransferDialog *tkt_transfer_dialog_new          (GtkWindow         *parent,
                                                     const TktTransfer *transfer);
TktTransfer       *tkt_transfer_dialog_dup_transfer (TktTransferDialog *self);
gboolean           tkt_transfer_dialog_save         (TktTransferDialog *self);

G_END_DECLS
