/* tkt-sync-controller.h — what a window runs for sync: reads the sync
 * settings (sync-enabled, sync-url, sync-user, sync-trusted-certificates),
 * gets the password from the keyring (tkt-credentials), runs the live
 * replicator while enabled, restarts it when the settings change, stops it
 * when the window closes.  No widgets here: the header bar's status, the
 * task list's marks and the Conflicts area read it. */
#pragma once

#include <gio/gio.h>
#include "tkt-replicator.h"
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_SYNC_CONTROLLER (tkt_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (TktSyncController, tkt_sync_controller, TKT, SYNC_CONTROLLER, GObject)

/* settings: the application's GSettings (schema APP_ID). */
TktSyncController *tkt_sync_controller_new         (TktStore          *store,
                                                    GSettings         *settings);
TktStore          *tkt_sync_controller_get_store   (TktSyncController *self);
/* Enabled in the settings with a server configured. */
gboolean           tkt_sync_controller_get_enabled (TktSyncController *self);
/* The running replicator, or NULL (sync off, or waiting for the password). */
TktReplicator     *tkt_sync_controller_get_replicator (TktSyncController *self);

/* The replicator's, or ERROR when it could not be started (no password,
 * bad address), or IDLE when sync is off. */
TktSyncState       tkt_sync_controller_get_state      (TktSyncController *self);
/* Translated reason of the error, or NULL. */
const char        *tkt_sync_controller_get_last_error (TktSyncController *self);
gint64             tkt_sync_controller_get_last_sync  (TktSyncController *self);
guint              tkt_sync_controller_get_done       (TktSyncController *self);
guint              tkt_sync_controller_get_total      (TktSyncController *self);
gboolean           tkt_sync_controller_get_read_only  (TktSyncController *self);
/* The push checkpoint, or -1 when sync is off (nothing to mark unsent). */
gint64             tkt_sync_controller_get_pushed_seq (TktSyncController *self);
/* The sync URL of the settings (never with a password). */
const char        *tkt_sync_controller_get_url        (TktSyncController *self);

/* Starts again from the settings (after the password changed). */
void               tkt_sync_controller_restart     (TktSyncController *self);
/* Try again now (the header's Retry). */
void               tkt_sync_controller_retry       (TktSyncController *self);
/* Stops for good (the window closes): no more network, settings ignored. */
void               tkt_sync_controller_shutdown    (TktSyncController *self);

/* "Download again from the server": with sync on and connected, stops
 * the live sync, checks the server answers, then (in a thread, with its
 * own connection) writes the unsent changes to unsent_file (may be NULL:
 * none are kept) and empties the local copy in one transaction
 * (tkt_store_reset_local_copy), then starts sync again, which pulls
 * everything from the start; finishes when that first sync is done.
 * When the server cannot be reached or the file cannot be written,
 * nothing is changed and sync goes on as before.  Meanwhile the state is
 * CONNECTING, then SYNCING with the pull's progress. */
void               tkt_sync_controller_download_again_async  (TktSyncController   *self,
                                                              GFile               *unsent_file,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
/* n_unsent (may be NULL): documents written to the file. */
gboolean           tkt_sync_controller_download_again_finish (TktSyncController   *self,
                                                              GAsyncResult        *result,
                                                              guint               *n_unsent,
                                                              GError             **error);
/* A download again is running. */
gboolean           tkt_sync_controller_get_downloading       (TktSyncController   *self);
/* The documents changed here and not sent (as the task list marks them):
 * those after the push checkpoint, or all when it is not known yet. */
guint              tkt_sync_controller_count_unsent          (TktSyncController   *self);

/* "scheme://host:port" of a sync URL: the key of sync-trusted-certificates.
 * NULL if the URL does not parse. */
char              *tkt_sync_server_key             (const char        *url);

/* Signal ::changed: the state, progress, last sync, error, pushed seq or
 * the replicator itself changed.  ::refused (id, reason) is forwarded. */

G_END_DECLS
