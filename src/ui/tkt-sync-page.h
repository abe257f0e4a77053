/* tkt-sync-page.h — Preferences → Sync: the server's address (the database
 * is its last path segment), the user name, the password (kept in the
 * keyring by tkt-credentials, never in the settings), sync on/off, "Test
 * connection" with its result, and after a certificate that fails
 * verification, the explanation and a choice to trust that certificate
 * for that server only; "Download Again from the Server…" (after a
 * confirmation that counts the unsent changes, and a file for them). */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"
#include "tkt-sync-controller.h"

G_BEGIN_DECLS

#define TKT_TYPE_SYNC_PAGE (tkt_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (TktSyncPage, tkt_sync_page, TKT, SYNC_PAGE, AdwPreferencesPage)

GtkWidget  *tkt_sync_page_new            (TktStore          *store);
/* The window's controller, restarted when the password changes; may be
 * NULL (then only the settings change). */
void        tkt_sync_page_set_controller (TktSyncPage       *self,
                                          TktSyncController *controller);
/* The result of the last "Test connection" shown ("" before). */
const char *tkt_sync_page_get_test_result (TktSyncPage      *self);
/* For the tests: the confirmation and the file chooser of "Download
 * Again" while they are open (else NULL), and the outcome of the last one
 * as shown ("" before). */
AdwMessageDialog     *tkt_sync_page_get_download_dialog  (TktSyncPage *self);
GtkFileChooserNative *tkt_sync_page_get_download_chooser (TktSyncPage *self);
const char           *tkt_sync_page_get_download_result  (TktSyncPage *self);

G_END_DECLS
