/* tkt-sync-status.h — the sync state in the main window's header bar: a
 * button saying "Synced at 14:05", "Syncing…", "Offline" or "Sync Error",
 * and a popover with the details, the progress and Retry.  Hidden while
 * sync is off.  Reads a TktSyncController; never blocks. */
#pragma once

#include <adwaita.h>
#include "tkt-sync-controller.h"

G_BEGIN_DECLS

#define TKT_TYPE_SYNC_STATUS (tkt_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (TktSyncStatus, tkt_sync_status, TKT, SYNC_STATUS, GtkWidget)

GtkWidget   *tkt_sync_status_new            (void);
void         tkt_sync_status_set_controller (TktSyncStatus     *self,
                                             TktSyncController *controller);
/* What the button and the popover say now (for tests and the a11y name). */
const char  *tkt_sync_status_get_label      (TktSyncStatus     *self);
const char  *tkt_sync_status_get_details    (TktSyncStatus     *self);
/* The popover shown (for tests). */
void         tkt_sync_status_popup          (TktSyncStatus     *self);

G_END_DECLS
