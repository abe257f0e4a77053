/* tkt-replicator.h — sync one local TktStore with one remote CouchDB
 * database through the CouchDB replication protocol, over libsoup 3.
 *
 * Runs on the thread's main context with libsoup's async API (never blocks
 * it); the SQLite writes are one transaction per batch through
 * tkt-store-sync.h.  Knows nothing of GTK; the application and tongket-cli
 * both drive it.  Passwords never reach logs, errors, the database or
 * GSettings: the caller passes them in (from libsecret or stdin).
 */
#pragma once

#include <gio/gio.h>
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_SYNC_ERROR (tkt_sync_error_quark ())

typedef enum {
  TKT_SYNC_ERROR_FAILED,
  TKT_SYNC_ERROR_BAD_URL,         /* not an http(s) URL with a database name */
  TKT_SYNC_ERROR_NETWORK,         /* cannot connect, connection cut, timeout */
  TKT_SYNC_ERROR_TLS,             /* certificate not trusted (see tls_* properties) */
  TKT_SYNC_ERROR_UNAUTHORIZED,    /* 401: wrong user name or password */
  TKT_SYNC_ERROR_FORBIDDEN,       /* 403: read-only for this user */
  TKT_SYNC_ERROR_NOT_FOUND,       /* no such database on the server */
  TKT_SYNC_ERROR_SERVER,          /* 5xx after the retries */
  TKT_SYNC_ERROR_BAD_REPLY,       /* the server's answer is not what the protocol says */
  TKT_SYNC_ERROR_NOT_COUCHDB,     /* GET / did not answer like CouchDB */
  TKT_SYNC_ERROR_CANCELLED,
} TktSyncError;

GQuark tkt_sync_error_quark (void);

typedef enum {
  TKT_SYNC_STATE_IDLE,        /* not started, or stopped */
  TKT_SYNC_STATE_CONNECTING,
  TKT_SYNC_STATE_SYNCING,     /* a batch is moving; see progress */
  TKT_SYNC_STATE_SYNCED,      /* both directions caught up; see last-sync */
  TKT_SYNC_STATE_OFFLINE,     /* network unreachable; retrying with back-off */
  TKT_SYNC_STATE_ERROR,       /* stopped on an error; see last-error; retry() */
} TktSyncState;

#define TKT_TYPE_SYNC_STATE (tkt_sync_state_get_type ())
GType tkt_sync_state_get_type (void);

/* Direction filter for a run. */
typedef enum {
  TKT_SYNC_BOTH,
  TKT_SYNC_PULL_ONLY,
  TKT_SYNC_PUSH_ONLY,
} TktSyncDirection;

#define TKT_TYPE_REPLICATOR (tkt_replicator_get_type ())
G_DECLARE_FINAL_TYPE (TktReplicator, tkt_replicator, TKT, REPLICATOR, GObject)

/* url: "https://host[:port]/[prefix/]dbname" (the last path segment is the
 * database).  user may be NULL (no authentication).  The store is not
 * copied: it must outlive the replicator and live on the same thread. */
TktReplicator *tkt_replicator_new              (TktStore            *store,
                                                const char          *url,
                                                const char          *user,
                                                const char          *password,
                                                GError             **error);

/* Extra certificate trusted for this server only: the SHA-256 fingerprint
 * (64 hex digits, colons allowed) the user accepted after a TLS error.  */
void           tkt_replicator_set_trusted_fingerprint (TktReplicator *self,
                                                       const char    *sha256_hex);

/* After TKT_SYNC_ERROR_TLS: the rejected certificate's SHA-256 fingerprint
 * and a translated explanation of why it was rejected (NULL otherwise). */
const char    *tkt_replicator_get_tls_fingerprint (TktReplicator *self);
const char    *tkt_replicator_get_tls_problem     (TktReplicator *self);

/* "Test connection": GET /, GET /{db} with the credentials.  Succeeds when
 * the server is CouchDB-like, the login works and the database exists (or
 * create_db and it could be created).  Result message (translated) for the
 * user in *summary, e.g. "Connected to CouchDB 3.3.3, database “dost”: 1,234
 * documents." */
void           tkt_replicator_test_async       (TktReplicator       *self,
                                                gboolean             create_db,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tkt_replicator_test_finish      (TktReplicator       *self,
                                                GAsyncResult        *result,
                                                char               **summary,
                                                GError             **error);

/* Where the push checkpoint stands, without pushing anything: connects,
 * reads the push checkpoints on both sides, and sets (and gives) the
 * pushed seq (tkt_replicator_get_pushed_seq): 0 when they never pushed or
 * do not agree.  For "download again" from a replicator that has not run. */
void           tkt_replicator_read_pushed_seq_async  (TktReplicator       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean       tkt_replicator_read_pushed_seq_finish (TktReplicator       *self,
                                                      GAsyncResult        *result,
                                                      gint64              *pushed_seq,
                                                      GError             **error);

/* One-shot replication (pull then push, or one direction) until both are
 * caught up; progress through the properties.  Network errors and 5xx are
 * retried with back-off up to a limit before the task fails. */
void           tkt_replicator_run_async        (TktReplicator       *self,
                                                TktSyncDirection     direction,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       tkt_replicator_run_finish       (TktReplicator       *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Live (continuous) sync: replicate, then follow the server with
 * _changes?feed=longpoll&heartbeat=… and push local changes when the store
 * emits ::changed.  Runs until stop() or an error that retrying cannot fix
 * (401 after re-login, 403 read-only: pull continues, push stops); offline
 * periods are retried with back-off and show as TKT_SYNC_STATE_OFFLINE. */
void           tkt_replicator_start            (TktReplicator       *self);
void           tkt_replicator_stop             (TktReplicator       *self);
/* Try again now (after ERROR or during OFFLINE back-off). */
void           tkt_replicator_retry            (TktReplicator       *self);

TktSyncState   tkt_replicator_get_state        (TktReplicator       *self);
/* Translated reason of the last error, or NULL. */
const char    *tkt_replicator_get_last_error   (TktReplicator       *self);
/* Wall-clock time (g_get_real_time) of the last successful catch-up, 0 if never. */
gint64         tkt_replicator_get_last_sync    (TktReplicator       *self);
/* Documents moved in the current run, and the total expected when known
 * (0: unknown) — for a progress bar. */
guint          tkt_replicator_get_done         (TktReplicator       *self);
guint          tkt_replicator_get_total        (TktReplicator       *self);
/* TRUE once the server answered 403 to a write: pushing stops. */
gboolean       tkt_replicator_get_read_only    (TktReplicator       *self);
/* The local push checkpoint (a local seq): documents whose seq is greater are
 * not on the server yet (tkt_store_ids_changed_since). */
gint64         tkt_replicator_get_pushed_seq   (TktReplicator       *self);
/* Documents the server refused (per-document "forbidden"/"unauthorized"):
 * GHashTable id → translated reason.  Recorded, shown, not retried until
 * the document changes again. */
GHashTable    *tkt_replicator_get_refused      (TktReplicator       *self);

/* Statistics of the last run, for the CLI and the benchmark. */
typedef struct {
  guint docs_read;       /* revisions fetched from the server */
  guint docs_written;    /* revisions written locally */
  guint docs_pushed;     /* revisions sent */
  guint docs_refused;
  guint requests;        /* HTTP requests made */
  guint retries;
} TktSyncStats;

void           tkt_replicator_get_stats        (TktReplicator       *self,
                                                TktSyncStats        *stats);

/* Properties (notify on change): "state" (TktSyncState), "last-error",
 * "last-sync", "done", "total", "read-only", "pushed-seq".
 * Signal ::refused (id, reason) when the server refuses a document.
 * Settings (read-write, set before a run): "create-db" (PUT the database
 * when it is missing; default FALSE), "batch-size" (documents per batch,
 * 1000), "timeout" (I/O timeout in seconds, 60), "max-retries" (of a
 * request after a network error or 5xx, 5), "retry-delay" (first back-off
 * in ms, doubled each time up to 30 s; 1000). */

G_END_DECLS
