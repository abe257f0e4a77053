/* tkt-replicator.c — the CouchDB replication protocol (pull and push)
 * between one TktStore and one remote database (see tkt-replicator.h).
 *
 * Pull: GET _changes?style=all_docs (since the checkpoint), the store's
 * revs_diff, POST _bulk_get?revs=true&latest=true (or, when the server
 * refuses it, GET {id}?open_revs=[…] in chunks), one store transaction per
 * batch, written in a worker thread, then the checkpoint: locally at once,
 * on the server at most every 5 s and at the end.
 * Push: the store's changes with all leaves since the push checkpoint,
 * POST _revs_diff (not into a database that was empty), POST _bulk_docs
 * with new_edits:false (a 413 splits the batch in halves), then the
 * checkpoint, the same way.
 *
 * Checkpoints are documents _local/{replication id} on both sides, compared
 * by session id and history as CouchDB does, so a side that lost its
 * checkpoint starts over (harmless: revs_diff skips what is there).
 * Remote sequences are opaque JSON: kept as JSON, never compared.
 */
#define G_LOG_DOMAIN "tkt-replicator"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tkt-couch.h"
#include "tkt-replicator.h"
#include "tkt-store-sync.h"

#define DEFAULT_BATCH 1000
#define OPEN_REVS_CHUNK 40
#define OPEN_REVS_PARALLEL 6
#define MAX_HISTORY 1000
#define CHECKPOINT_HISTORY 20
#define LIVE_MAX_BACKOFF_S 300
/* The remote checkpoint is written at most this often while a run goes on
 * (and always at its end), as CouchDB's checkpoint_interval. */
#define REMOTE_CHECKPOINT_INTERVAL_US (5 * G_USEC_PER_SEC)

struct _TktReplicator
{
  GObject parent_instance;

  TktStore *store;
  TktCouch *couch;
  char *url;
  char *db;           /* the database's name */
  char *db_path;      /* escaped, with a trailing '/' */
  char *server_uuid;
  gboolean server_ok;
  /* The database had no documents, live or deleted, when it was last
   * looked at, and nothing has been pushed to or pulled from it since. */
  gboolean remote_empty;

  TktSyncState state;
  char *last_error;
  gint64 last_sync;
  guint done;
  guint total;
  gboolean read_only;
  gint64 pushed_seq;
  GHashTable *refused;
  TktSyncStats stats;
  guint requests_at_start;
  guint retries_at_start;

  guint batch_size;
  guint timeout;
  guint max_retries;
  guint retry_delay_ms;
  gboolean create_db;
  gboolean no_bulk_get;     /* the server refused _bulk_get once */
  gboolean no_all_docs;     /* the server refused POST _all_docs once */

  /* live */
  gboolean live;
  GCancellable *live_cancellable;
  gulong changed_id;
  gboolean push_running;
  gboolean push_dirty;
  guint live_timer_id;
  guint live_backoff_s;
  guint push_idle_id;
};

G_DEFINE_FINAL_TYPE (TktReplicator, tkt_replicator, G_TYPE_OBJECT)

G_DEFINE_QUARK (tkt-sync-error-quark, tkt_sync_error)

G_DEFINE_ENUM_TYPE (TktSyncState, tkt_sync_state,
  G_DEFINE_ENUM_VALUE (TKT_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (TKT_SYNC_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (TKT_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (TKT_SYNC_STATE_SYNCED, "synced"),
  G_DEFINE_ENUM_VALUE (TKT_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (TKT_SYNC_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_LAST_SYNC,
  PROP_DONE,
  PROP_TOTAL,
  PROP_READ_ONLY,
  PROP_PUSHED_SEQ,
  PROP_BATCH_SIZE,
  PROP_TIMEOUT,
  PROP_MAX_RETRIES,
  PROP_RETRY_DELAY,
  PROP_CREATE_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

static void
set_state (TktReplicator *self,
           TktSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (TktReplicator *self,
                const char    *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_done (TktReplicator *self,
          guint          done)
{
  if (self->done == done)
    return;
  self->done = done;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
}

static void
set_total (TktReplicator *self,
           guint          total)
{
  if (self->total == total)
    return;
  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

static void
set_read_only (TktReplicator *self,
               gboolean       read_only)
{
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
set_pushed_seq (TktReplicator *self,
                gint64         seq)
{
  if (self->pushed_seq == seq)
    return;
  self->pushed_seq = seq;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSHED_SEQ]);
}

static void
mark_synced (TktReplicator *self)
{
  self->last_sync = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
  set_last_error (self, NULL);
  set_state (self, TKT_SYNC_STATE_SYNCED);
}

static gboolean
skipped_id (const char *id)
{
  return g_str_has_prefix (id, "_local/") || g_str_has_prefix (id, "_design/");
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static GError *
bad_reply (const char *what)
{
  return g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_REPLY,
                      _("The server’s answer to %s is not what the replication protocol says; nothing was saved from it."),
                      what);
}

/* A replicated revision as put_revisions wants it; FALSE if the server
 * sent something else. */
static gboolean
valid_revision (JsonObject *doc,
                const char *id)
{
  const char *doc_id = member_string (doc, "_id");
  const char *rev = member_string (doc, "_rev");
  JsonObject *revisions = member_object (doc, "_revisions");
  JsonArray *ids = member_array (revisions, "ids");
  gint64 start;

  if (doc_id == NULL || rev == NULL || revisions == NULL || ids == NULL ||
      json_array_get_length (ids) == 0 || !member_int (revisions, "start", &start) || start < 1)
    return FALSE;
  if (id != NULL && !g_str_equal (doc_id, id))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *n = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return FALSE;
    }
  return TRUE;
}

static void
retry_cb (TktCouch     *couch,
          const GError *error,
          gpointer      user_data)
{
  TktReplicator *self = TKT_REPLICATOR (user_data);

  set_last_error (self, error->message);
  if (error->code == TKT_SYNC_ERROR_NETWORK)
    set_state (self, TKT_SYNC_STATE_OFFLINE);
}

static void
request (TktReplicator       *self,
         const char          *method,
         const char          *path,
         JsonNode            *body,
         TktCouchFlags        flags,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GBytes) bytes = body ? tkt_couch_json_bytes (body) : NULL;

  tkt_couch_request_async (self->couch, method, path, bytes, flags, cancellable, callback, user_data);
}

/* A sequence for the since= parameter: a string as it is, else its JSON. */
static char *
seq_param (JsonNode *seq)
{
  g_autofree char *text = NULL;

  if (seq == NULL || JSON_NODE_HOLDS_NULL (seq))
    return g_strdup ("0");
  if (JSON_NODE_HOLDS_VALUE (seq) && json_node_get_value_type (seq) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (seq));
  else
    text = json_to_string (seq, FALSE);
  return g_uri_escape_string (text, NULL, FALSE);
}

/* ------------------------------------------------------------------ */
/* checkpoints                                                         */

typedef struct {
  char *rep_id;
  char *local_id;
  char *remote_path;
  char *session_id;
  JsonObject *local;        /* nullable */
  JsonObject *remote;       /* nullable */
  gboolean remote_unwritable;
  gboolean pull;
  /* The remote checkpoint is written in the background, one PUT at a
   * time, the newest sequence winning; the run waits for it at the end. */
  int refs;
  gboolean put_in_flight;
  JsonNode *pending_seq;
  GCancellable *cancellable;
  GError *remote_error;
  GTask *flush_task;
  void (*flush_func) (GTask *task);
  gint64 last_put_at;       /* monotonic time of the last PUT sent */
} Checkpoint;

static Checkpoint *
checkpoint_ref (Checkpoint *cp)
{
  cp->refs++;
  return cp;
}

static void
checkpoint_free (Checkpoint *cp)
{
  if (--cp->refs > 0)
    return;
  g_clear_pointer (&cp->pending_seq, json_node_unref);
  g_clear_object (&cp->cancellable);
  g_clear_error (&cp->remote_error);
  g_assert (cp->flush_task == NULL);
  g_free (cp->rep_id);
  g_free (cp->local_id);
  g_free (cp->remote_path);
  g_free (cp->session_id);
  g_clear_pointer (&cp->local, json_object_unref);
  g_clear_pointer (&cp->remote, json_object_unref);
  g_free (cp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Checkpoint, checkpoint_free)

static Checkpoint *
checkpoint_new (TktReplicator *self,
                gboolean       pull)
{
  Checkpoint *cp = g_new0 (Checkpoint, 1);
  g_autofree char *key = g_strdup_printf ("%s\n%s\n%s\n%s",
                                          tkt_store_get_uuid (self->store),
                                          self->server_uuid, self->db,
                                          pull ? "pull" : "push");
  g_autofree char *uuid = g_uuid_string_random ();

  cp->refs = 1;
  cp->pull = pull;
  cp->rep_id = g_compute_checksum_for_string (G_CHECKSUM_MD5, key, -1);
  cp->local_id = g_strconcat ("_local/", cp->rep_id, NULL);
  cp->remote_path = g_strconcat (self->db_path, "_local/", cp->rep_id, NULL);
  cp->session_id = g_compute_checksum_for_string (G_CHECKSUM_MD5, uuid, -1);
  return cp;
}

static gboolean
history_has_session (JsonObject *doc,
                     const char *session_id,
                     JsonNode  **recorded)
{
  JsonArray *history = member_array (doc, "history");

  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonObject *entry = node_object (json_array_get_element (history, i));
      const char *sid = member_string (entry, "session_id");

      if (sid != NULL && g_str_equal (sid, session_id) && json_object_has_member (entry, "recorded_seq"))
        {
          *recorded = json_object_get_member (entry, "recorded_seq");
          return TRUE;
        }
    }
  return FALSE;
}

/* The sequence to start from, as CouchDB finds it: the source's
 * source_last_seq when both sides saw the same last session, else the
 * newest session both histories share, else NULL (from the start). */
static JsonNode *
checkpoint_since (Checkpoint *cp)
{
  JsonObject *source = cp->pull ? cp->remote : cp->local;
  JsonObject *target = cp->pull ? cp->local : cp->remote;
  const char *source_sid = member_string (source, "session_id");
  const char *target_sid = member_string (target, "session_id");
  JsonArray *history;

  if (cp->pull && cp->remote == NULL && cp->local != NULL &&
      json_object_get_boolean_member_with_default (cp->local, "remote_unwritable", FALSE) &&
      json_object_has_member (cp->local, "source_last_seq"))
    {
      /* The server never let us write our checkpoint there. */
      cp->remote_unwritable = TRUE;
      return json_node_copy (json_object_get_member (cp->local, "source_last_seq"));
    }
  if (source_sid == NULL || target_sid == NULL)
    return NULL;
  if (g_str_equal (source_sid, target_sid) && json_object_has_member (source, "source_last_seq"))
    return json_node_copy (json_object_get_member (source, "source_last_seq"));

  history = member_array (source, "history");
  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonObject *entry = node_object (json_array_get_element (history, i));
      const char *sid = member_string (entry, "session_id");
      JsonNode *recorded = NULL;

      if (sid == NULL)
        continue;
      if (g_str_equal (sid, target_sid) || history_has_session (target, sid, &recorded))
        {
          if (json_object_has_member (entry, "recorded_seq"))
            return json_node_copy (json_object_get_member (entry, "recorded_seq"));
        }
    }
  return NULL;
}

/* A push checkpoint's sequence: the store's, an integer; 0 (from the
 * start) when there is none. */
static gint64
local_seq (JsonNode *since)
{
  if (since != NULL && JSON_NODE_HOLDS_VALUE (since) && json_node_get_value_type (since) == G_TYPE_INT64)
    return json_node_get_int (since);
  return 0;
}

/* The new checkpoint body for one side, from that side's previous one. */
static JsonObject *
checkpoint_body (Checkpoint *cp,
                 JsonObject *previous,
                 JsonNode   *seq)
{
  JsonObject *doc = json_object_new ();
  JsonArray *history = json_array_new ();
  JsonObject *entry = json_object_new ();
  JsonArray *old = member_array (previous, "history");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  const char *rev = member_string (previous, "_rev");

  if (rev != NULL)
    json_object_set_string_member (doc, "_rev", rev);
  json_object_set_string_member (doc, "session_id", cp->session_id);
  json_object_set_member (doc, "source_last_seq", json_node_copy (seq));
  json_object_set_string_member (doc, "replicator", "tongket");
  json_object_set_string_member (doc, "replicator_version", PACKAGE_VERSION);
  json_object_set_int_member (doc, "replication_id_version", 1);
  json_object_set_string_member (entry, "session_id", cp->session_id);
  json_object_set_member (entry, "recorded_seq", json_node_copy (seq));
  json_object_set_string_member (entry, "end_time", when);
  json_array_add_object_element (history, entry);
  for (guint i = 0; old != NULL && i < json_array_get_length (old) &&
       json_array_get_length (history) < CHECKPOINT_HISTORY; i++)
    {
      JsonNode *e = json_array_get_element (old, i);
      const char *sid = member_string (node_object (e), "session_id");

      if (sid != NULL && !g_str_equal (sid, cp->session_id))
        json_array_add_element (history, json_node_copy (e));
    }
  json_object_set_array_member (doc, "history", history);
  return doc;
}

static gboolean
checkpoint_save_local (TktReplicator *self,
                       Checkpoint    *cp,
                       JsonNode      *seq,
                       GError       **error)
{
  g_autoptr(JsonObject) body = checkpoint_body (cp, cp->local, seq);

  json_object_remove_member (body, "_rev");
  if (cp->remote_unwritable)
    json_object_set_boolean_member (body, "remote_unwritable", TRUE);
  if (!tkt_store_put_local (self->store, cp->local_id, body, error))
    {
      g_prefix_error (error, _("Could not save the sync checkpoint: "));
      return FALSE;
    }
  g_clear_pointer (&cp->local, json_object_unref);
  cp->local = g_steal_pointer (&body);
  return TRUE;
}

/* Load both checkpoints: GET the remote one, read the local one. */
typedef struct {
  Checkpoint *cp;
} LoadData;

static void
checkpoint_load_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Checkpoint *cp = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status == 200)
    {
      JsonObject *obj = node_object (root);

      if (obj == NULL)
        {
          g_task_return_error (task, bad_reply (cp->remote_path));
          return;
        }
      cp->remote = json_object_ref (obj);
    }
  g_task_return_boolean (task, TRUE);
}

static void
checkpoint_load_async (TktReplicator      *self,
                       Checkpoint         *cp,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, cp, NULL);
  cp->local = tkt_store_get_local (self->store, cp->local_id);
  request (self, "GET", cp->remote_path, NULL, TKT_COUCH_FLAGS_NONE, cancellable,
           checkpoint_load_cb, task);
}

/* Write the remote checkpoint (PUT _local/…), refreshing its _rev once on a
 * 409.  A server that refuses it (401/403) is remembered, not an error. */
typedef struct {
  Checkpoint *cp;
  JsonNode *seq;
  gboolean refreshed;
} RemoteSave;

static void
remote_save_free (RemoteSave *rs)
{
  g_clear_pointer (&rs->seq, json_node_unref);
  g_free (rs);
}

static void remote_save_put (GTask *task);

static void
remote_save_refresh_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RemoteSave *rs = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&rs->cp->remote, json_object_unref);
  if (status == 200 && node_object (root) != NULL)
    rs->cp->remote = json_object_ref (node_object (root));
  remote_save_put (g_steal_pointer (&task));
}

static void
remote_save_put_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  RemoteSave *rs = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status == 200 || status == 201 || status == 202)
    {
      const char *rev = member_string (node_object (root), "rev");
      JsonObject *body = checkpoint_body (rs->cp, rs->cp->remote, rs->seq);

      if (rev != NULL)
        json_object_set_string_member (body, "_rev", rev);
      g_clear_pointer (&rs->cp->remote, json_object_unref);
      rs->cp->remote = body;
      rs->cp->remote_unwritable = FALSE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (status == 409 && !rs->refreshed)
    {
      rs->refreshed = TRUE;
      request (self, "GET", rs->cp->remote_path, NULL, TKT_COUCH_FLAGS_NONE,
               g_task_get_cancellable (task), remote_save_refresh_cb, g_object_ref (task));
      return;
    }
  if (status == 401 || status == 403)
    {
      g_debug ("the server refuses our checkpoint (%u)", status);
      rs->cp->remote_unwritable = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FAILED,
                           _("The server did not save the sync checkpoint (HTTP %u)."), status);
}

static void
remote_save_put (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  RemoteSave *rs = g_task_get_task_data (task);
  g_autoptr(JsonObject) body = checkpoint_body (rs->cp, rs->cp->remote, rs->seq);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);

  request (self, "PUT", rs->cp->remote_path, node, TKT_COUCH_FLAGS_NONE,
           g_task_get_cancellable (task), remote_save_put_cb, task);
}

static void
checkpoint_save_remote_async (TktReplicator      *self,
                              Checkpoint         *cp,
                              JsonNode           *seq,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RemoteSave *rs = g_new0 (RemoteSave, 1);

  rs->cp = cp;
  rs->seq = json_node_copy (seq);
  g_task_set_task_data (task, rs, (GDestroyNotify) remote_save_free);
  remote_save_put (task);
}

static void
remote_background_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  TktReplicator *self = TKT_REPLICATOR (source);
  Checkpoint *cp = user_data;
  g_autoptr(GError) error = NULL;

  cp->put_in_flight = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error) && cp->remote_error == NULL)
    cp->remote_error = g_steal_pointer (&error);
  if (cp->pending_seq != NULL && cp->remote_error == NULL && cp->flush_task != NULL)
    {
      g_autoptr(JsonNode) seq = g_steal_pointer (&cp->pending_seq);

      cp->put_in_flight = TRUE;
      cp->last_put_at = g_get_monotonic_time ();
      checkpoint_save_remote_async (self, cp, seq, cp->cancellable, remote_background_cb, checkpoint_ref (cp));
    }
  else if (cp->flush_task != NULL)
    {
      GTask *task = g_steal_pointer (&cp->flush_task);

      cp->flush_func (task);
    }
  checkpoint_free (cp);
}

/* Saves the remote checkpoint in the background (a PUT already on its way
 * is followed by one with the newest sequence). */
static void
checkpoint_schedule_remote (TktReplicator *self,
                            Checkpoint    *cp,
                            JsonNode      *seq,
                            GCancellable  *cancellable)
{
  if (cp->remote_error != NULL)
    return;
  g_set_object (&cp->cancellable, cancellable);
  if (cp->put_in_flight ||
      (cp->last_put_at != 0 && g_get_monotonic_time () - cp->last_put_at < REMOTE_CHECKPOINT_INTERVAL_US))
    {
      /* written later: by the next batch after the interval, or the flush */
      g_clear_pointer (&cp->pending_seq, json_node_unref);
      cp->pending_seq = json_node_copy (seq);
      return;
    }
  g_clear_pointer (&cp->pending_seq, json_node_unref);
  cp->put_in_flight = TRUE;
  cp->last_put_at = g_get_monotonic_time ();
  checkpoint_save_remote_async (self, cp, seq, cancellable, remote_background_cb, checkpoint_ref (cp));
}

/* Calls func (task) once the remote checkpoint is written. */
static void
checkpoint_flush (Checkpoint *cp,
                  GTask      *task,
                  void      (*func) (GTask *task))
{
  g_assert (cp->flush_task == NULL);
  if (!cp->put_in_flight && (cp->pending_seq == NULL || cp->remote_error != NULL))
    {
      func (task);
      return;
    }
  cp->flush_task = task;
  cp->flush_func = func;
  if (!cp->put_in_flight)
    {
      g_autoptr(JsonNode) seq = g_steal_pointer (&cp->pending_seq);
      TktReplicator *self = g_task_get_source_object (task);

      cp->put_in_flight = TRUE;
      cp->last_put_at = g_get_monotonic_time ();
      checkpoint_save_remote_async (self, cp, seq, cp->cancellable, remote_background_cb, checkpoint_ref (cp));
    }
}

/* ------------------------------------------------------------------ */
/* connecting: GET /, GET /{db} (PUT /{db} when asked)                 */

typedef struct {
  gboolean create_db;
  char *server_name;
  char *version;
  gint64 doc_count;
} Connect;

static void
connect_free (Connect *c)
{
  g_free (c->server_name);
  g_free (c->version);
  g_free (c);
}

static void connect_db_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
connect_create_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status == 201 || status == 202 || status == 412)
    {
      request (self, "GET", self->db_path, NULL, TKT_COUCH_FLAGS_NONE,
               g_task_get_cancellable (task), connect_db_cb, g_object_ref (task));
      return;
    }
  if (status == 401 || status == 403)
    g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FORBIDDEN,
                             _("The database “%s” does not exist on the server and this user may not create it."),
                             self->db);
  else
    g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FAILED,
                             _("The server could not create the database “%s” (HTTP %u)."),
                             self->db, status);
}

static void
connect_db_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Connect *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status == 404)
    {
      if (c->create_db)
        {
          c->create_db = FALSE;
          request (self, "PUT", self->db_path, NULL, TKT_COUCH_FLAGS_NONE,
                   g_task_get_cancellable (task), connect_create_cb, g_object_ref (task));
          return;
        }
      g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_NOT_FOUND,
                               _("The database “%s” does not exist on the server."), self->db);
      return;
    }
  if (status == 403)
    {
      g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FORBIDDEN,
                               _("This user may not read the database “%s”."), self->db);
      return;
    }
  if (status != 200 || node_object (root) == NULL)
    {
      g_task_return_error (task, bad_reply (self->db_path));
      return;
    }
  if (!member_int (node_object (root), "doc_count", &c->doc_count))
    c->doc_count = -1;
  {
    /* doc_del_count: CouchDB gives it, pouchdb-server does not.  A
     * database of tombstones only, taken for empty, would get leaves it
     * has already: stored once all the same (new_edits:false). */
    gint64 n_deleted = 0;

    self->remote_empty = c->doc_count == 0 &&
                         (!json_object_has_member (node_object (root), "doc_del_count") ||
                          (member_int (node_object (root), "doc_del_count", &n_deleted) && n_deleted == 0));
  }
  self->server_ok = TRUE;
  g_task_return_boolean (task, TRUE);
}

static void
connect_root_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Connect *c = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *welcome;
  const char *uuid;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      if (error->code == TKT_SYNC_ERROR_BAD_REPLY)
        g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_NOT_COUCHDB,
                                 _("The server at %s does not answer like CouchDB."),
                                 tkt_couch_get_root (self->couch));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  welcome = node_object (root);
  if (status != 200 || welcome == NULL ||
      !(json_object_has_member (welcome, "couchdb") ||
        json_object_has_member (welcome, "express-pouchdb") ||
        json_object_has_member (welcome, "pouchdb-server")))
    {
      g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_NOT_COUCHDB,
                               _("The server at %s does not answer like CouchDB."),
                               tkt_couch_get_root (self->couch));
      return;
    }
  c->server_name = g_strdup (json_object_has_member (welcome, "couchdb") ? "CouchDB" : "PouchDB Server");
  c->version = g_strdup (member_string (welcome, "version"));
  uuid = member_string (welcome, "uuid");
  g_free (self->server_uuid);
  /* Without a uuid, the address stands for the server. */
  self->server_uuid = g_strdup (uuid ? uuid : tkt_couch_get_root (self->couch));
  request (self, "GET", self->db_path, NULL, TKT_COUCH_FLAGS_NONE,
           g_task_get_cancellable (task), connect_db_cb, g_object_ref (task));
}

static void
connect_async (TktReplicator      *self,
               gboolean            create_db,
               gboolean            force,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Connect *c = g_new0 (Connect, 1);

  c->create_db = create_db;
  g_task_set_task_data (task, c, (GDestroyNotify) connect_free);
  if (self->server_ok && !force)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  request (self, "GET", "", NULL, TKT_COUCH_FLAGS_NONE, cancellable, connect_root_cb, task);
}

/* ------------------------------------------------------------------ */
/* pull                                                                */

typedef struct {
  char *id;
  GStrv revs;
} Wanted;

static void
wanted_free (Wanted *w)
{
  g_free (w->id);
  g_strfreev (w->revs);
  g_free (w);
}

/* One _changes reply on its way into the store. */
typedef struct {
  GPtrArray *wanted;       /* Wanted*: what the store lacks */
  GPtrArray *docs;         /* JsonObject*: the revisions fetched */
  guint n_results;
  JsonNode *last_seq;
  /* the open_revs fallback */
  guint next_fetch;
  guint in_flight;
} Batch;

static void
batch_free (Batch *b)
{
  g_clear_pointer (&b->wanted, g_ptr_array_unref);
  g_clear_pointer (&b->docs, g_ptr_array_unref);
  g_clear_pointer (&b->last_seq, json_node_unref);
  g_free (b);
}

/* A pipeline: the next _changes and _bulk_get are on their way while the
 * previous batch is written, so the server and the store work at the same
 * time.  Batches are written in the feed's order, each in one transaction
 * followed by its checkpoint. */
typedef struct {
  Checkpoint *cp;
  JsonNode *since;          /* the last batch written */
  JsonNode *feed_since;     /* where the next _changes starts */
  gboolean live;
  gboolean feed_done;       /* a one-shot feed is caught up */
  gboolean caught_up;       /* the last _changes gave less than a batch */
  gboolean changes_in_flight;
  gboolean include_docs;    /* the next _changes brings the documents */
  Batch *fetching;          /* its revisions are on their way */
  GQueue to_fetch;          /* Batch* */
  GQueue to_commit;         /* Batch*, in feed order */
  TktStore *writer;         /* the batches' own connection, written in a thread */
  gboolean committing;      /* a batch is being written */
  gboolean committed;       /* one was written since pull_pump last looked */
  GError *error;
  gboolean finished;
} Pull;

static void
pull_free (Pull *p)
{
  g_clear_pointer (&p->cp, checkpoint_free);
  g_clear_pointer (&p->since, json_node_unref);
  g_clear_pointer (&p->feed_since, json_node_unref);
  g_clear_pointer (&p->fetching, batch_free);
  g_queue_clear_full (&p->to_fetch, (GDestroyNotify) batch_free);
  g_queue_clear_full (&p->to_commit, (GDestroyNotify) batch_free);
  g_clear_object (&p->writer);
  g_clear_error (&p->error);
  g_free (p);
}

static void pull_pump (GTask *task);

static void
pull_set_error (Pull   *p,
                GError *error)
{
  if (p->error == NULL)
    p->error = error;
  else
    g_error_free (error);
}

/* The end of a one-shot pull, once the remote checkpoint is written;
 * consumes the operation's reference. */
static void
pull_finish (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (p->cp->remote_error != NULL)
    {
      g_task_return_error (task, g_error_copy (p->cp->remote_error));
      g_object_unref (task);
      return;
    }
  if (p->cp->remote_unwritable && p->since != NULL &&
      !json_object_get_boolean_member_with_default (p->cp->local, "remote_unwritable", FALSE))
    {
      /* Remember that the server keeps no checkpoint of ours. */
      if (!checkpoint_save_local (self, p->cp, p->since, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* A batch on its way into the store: written in a thread, through a
 * connection of its own, so that the window stays responsive (1,000 tasks
 * take 50-100 ms to write) and the next reply is read and parsed
 * meanwhile. */
typedef struct {
  TktStore *writer;
  Batch *batch;
  GPtrArray *changed;       /* char*: ids the writer's ::changed gave */
  guint n_docs;
  guint n_written;
  gint64 started;
} Commit;

static void
commit_free (Commit *c)
{
  g_clear_object (&c->writer);
  g_clear_pointer (&c->batch, batch_free);
  g_clear_pointer (&c->changed, g_ptr_array_unref);
  g_free (c);
}

static void
commit_changed_cb (TktStore *writer,
                   GStrv     ids,
                   Commit   *c)
{
  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (c->changed, g_strdup (ids[i]));
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Commit *c = task_data;
  GError *error = NULL;
  gulong handler = g_signal_connect (c->writer, "changed", G_CALLBACK (commit_changed_cb), c);
  gboolean ok = tkt_store_put_revisions (c->writer, c->batch->docs, &c->n_written, &error);

  g_signal_handler_disconnect (c->writer, handler);
  /* Freed here too: a thousand documents' trees are milliseconds. */
  c->n_docs = c->batch->docs->len;
  g_ptr_array_set_size (c->batch->docs, 0);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The batch is in the store: the window hears of it, then the
 * checkpoints (only now: the batch is durable). */
static void
pull_committed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;   /* the pull's: a reference of ours */
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  Commit *c = g_task_get_task_data (G_TASK (result));
  Batch *b = c->batch;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;

  p->committing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      pull_set_error (p, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_FAILED,
                                      _("Could not save the documents from the server: %s"),
                                      local_error->message));
      pull_pump (task);
      g_object_unref (task);
      return;
    }
  if (c->n_docs > 0)
    {
      g_debug ("pull: %u revisions written in %.1f ms", c->n_written,
               (g_get_monotonic_time () - c->started) / 1000.0);
      self->stats.docs_read += c->n_docs;
      self->stats.docs_written += c->n_written;
    }
  if (c->changed->len > 0)
    {
      g_ptr_array_add (c->changed, NULL);
      tkt_store_notify_changed (self->store, (const char * const *) c->changed->pdata);
    }
  if (b->n_results > 0)
    self->remote_empty = FALSE;
  set_done (self, self->done + b->n_results);
  if (self->total < self->done)
    set_total (self, self->done);
  if (g_cancellable_is_cancelled (p->cp->cancellable))
    {
      /* Stopped while the batch was written (Download Again may be
       * emptying the file this moment): no checkpoint names it, so the
       * next pull asks for it again, and the store skips what it has. */
      pull_set_error (p, g_error_new_literal (TKT_SYNC_ERROR, TKT_SYNC_ERROR_CANCELLED,
                                              _("Sync was cancelled.")));
    }
  else if (checkpoint_save_local (self, p->cp, b->last_seq, &error))
    {
      checkpoint_schedule_remote (self, p->cp, b->last_seq, p->cp->cancellable);
      g_clear_pointer (&p->since, json_node_unref);
      p->since = json_node_copy (b->last_seq);
      p->committed = TRUE;
    }
  else
    pull_set_error (p, error);
  /* Live and caught up, the pull may wait long for the next change: the
   * writer's connection and its page cache go until then (opening one
   * again costs about a millisecond). */
  if (p->live && p->caught_up && g_queue_is_empty (&p->to_commit))
    g_clear_object (&p->writer);
  pull_pump (task);
  g_object_unref (task);
}

static gboolean
commit_start_cb (gpointer data)
{
  g_task_run_in_thread (G_TASK (data), commit_thread);
  return G_SOURCE_REMOVE;
}

/* Writes the next batch, in feed order: one transaction for it. */
static void
pull_commit_next (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  g_autoptr(GTask) commit = NULL;
  GError *error = NULL;
  Commit *c;

  if (p->writer == NULL)
    {
      p->writer = tkt_store_open_another (self->store, &error);
      if (p->writer == NULL)
        {
          pull_set_error (p, error);
          return;
        }
    }
  c = g_new0 (Commit, 1);
  c->writer = g_object_ref (p->writer);
  c->batch = g_queue_pop_head (&p->to_commit);
  c->changed = g_ptr_array_new_with_free_func (g_free);
  c->started = g_get_monotonic_time ();
  p->committing = TRUE;
  /* Not cancellable: a batch begun is written whole, then the pull stops. */
  commit = g_task_new (self, NULL, pull_committed_cb, g_object_ref (task));
  g_task_set_task_data (commit, c, (GDestroyNotify) commit_free);
  /* Started once the reply's callback has returned: its JSON tree still
   * holds the batch's documents, and json-glib's reference counts are not
   * atomic, so the thread may touch them only once the tree is gone. */
  g_idle_add_full (G_PRIORITY_DEFAULT, commit_start_cb, g_steal_pointer (&commit), g_object_unref);
}

static gboolean
pull_take_doc (Batch      *b,
               JsonNode   *node,
               const char *id)
{
  JsonObject *doc = node_object (node);

  if (doc == NULL || !valid_revision (doc, id))
    return FALSE;
  g_ptr_array_add (b->docs, json_object_ref (doc));
  return TRUE;
}

/* The fetching batch is complete (or failed). */
static void
pull_fetched (Pull *p)
{
  Batch *b = g_steal_pointer (&p->fetching);

  if (p->error != NULL)
    batch_free (b);
  else
    g_queue_push_tail (&p->to_commit, b);
}

/* open_revs: [{"ok": doc} | {"missing": rev}, …] */
static void pull_fetch_open_revs (GTask *task);

static void
pull_open_revs_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pull *p = g_task_get_task_data (task);
  Batch *b = p->fetching;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  b->in_flight--;
  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error == NULL && status == 404)
    ; /* deleted and purged meanwhile: nothing to fetch */
  else if (error == NULL && (status != 200 || root == NULL || !JSON_NODE_HOLDS_ARRAY (root)))
    error = bad_reply ("open_revs");
  else if (error == NULL)
    {
      JsonArray *items = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (items) && error == NULL; i++)
        {
          JsonObject *item = node_object (json_array_get_element (items, i));

          if (item == NULL)
            error = bad_reply ("open_revs");
          else if (json_object_has_member (item, "ok"))
            {
              if (!pull_take_doc (b, json_object_get_member (item, "ok"), NULL))
                error = bad_reply ("open_revs");
            }
          else if (!json_object_has_member (item, "missing"))
            error = bad_reply ("open_revs");
        }
    }
  if (error != NULL)
    pull_set_error (p, g_steal_pointer (&error));
  pull_fetch_open_revs (task);
}

static void
pull_fetch_open_revs (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  Batch *b = p->fetching;

  while (p->error == NULL && b->in_flight < OPEN_REVS_PARALLEL && b->next_fetch < b->wanted->len)
    {
      Wanted *w = b->wanted->pdata[b->next_fetch];
      guint n = g_strv_length (w->revs);

      /* Chunks of the revs of one document keep the URL short. */
      for (guint start = 0; start < n; start += OPEN_REVS_CHUNK)
        {
          g_autoptr(JsonArray) revs = json_array_new ();
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;
          g_autofree char *escaped_revs = NULL;
          g_autofree char *escaped_id = tkt_couch_escape (w->id);
          g_autofree char *path = NULL;

          for (guint i = start; i < n && i < start + OPEN_REVS_CHUNK; i++)
            json_array_add_string_element (revs, w->revs[i]);
          node = json_node_init_array (json_node_alloc (), revs);
          text = json_to_string (node, FALSE);
          escaped_revs = g_uri_escape_string (text, NULL, FALSE);
          path = g_strdup_printf ("%s%s?revs=true&latest=true&open_revs=%s",
                                  self->db_path, escaped_id, escaped_revs);
          b->in_flight++;
          request (self, "GET", path, NULL, TKT_COUCH_FLAGS_NONE, g_task_get_cancellable (task),
                   pull_open_revs_cb, g_object_ref (task));
        }
      b->next_fetch++;
    }
  if (b->in_flight > 0)
    return;
  if (p->error != NULL || b->next_fetch >= b->wanted->len)
    {
      pull_fetched (p);
      pull_pump (task);
    }
}

static void
pull_bulk_get_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  Batch *b = p->fetching;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error == NULL && (status == 400 || status == 404 || status == 405 || status == 415 || status == 501))
    {
      g_debug ("_bulk_get refused (%u): fetching with open_revs", status);
      self->no_bulk_get = TRUE;
      b->next_fetch = 0;
      pull_fetch_open_revs (task);
      return;
    }
  results = member_array (node_object (root), "results");
  if (error == NULL && (status != 200 || results == NULL))
    error = bad_reply ("_bulk_get");
  for (guint i = 0; error == NULL && i < json_array_get_length (results); i++)
    {
      JsonObject *item = node_object (json_array_get_element (results, i));
      const char *id = member_string (item, "id");
      JsonArray *docs = member_array (item, "docs");

      if (id == NULL || docs == NULL)
        {
          error = bad_reply ("_bulk_get");
          break;
        }
      for (guint j = 0; error == NULL && j < json_array_get_length (docs); j++)
        {
          JsonObject *entry = node_object (json_array_get_element (docs, j));

          if (entry != NULL && json_object_has_member (entry, "ok"))
            {
              if (!pull_take_doc (b, json_object_get_member (entry, "ok"), id))
                error = bad_reply ("_bulk_get");
            }
          else if (entry == NULL || !json_object_has_member (entry, "error"))
            error = bad_reply ("_bulk_get");
          else
            g_debug ("_bulk_get: %s: a revision is missing on the server", id);
        }
    }
  if (error != NULL)
    pull_set_error (p, g_steal_pointer (&error));
  pull_fetched (p);
  pull_pump (task);
}

/* What _bulk_get (or open_revs) fetches: b->wanted, less what _all_docs
 * gave. */
static void
pull_fetch_revisions (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  Batch *b = p->fetching;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (b->wanted->len == 0)
    {
      pull_fetched (p);
      pull_pump (task);
      return;
    }
  if (self->no_bulk_get)
    {
      b->next_fetch = 0;
      g_object_ref (task);
      pull_fetch_open_revs (task);
      g_object_unref (task);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "docs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < b->wanted->len; i++)
    {
      Wanted *w = b->wanted->pdata[i];

      for (guint j = 0; w->revs[j] != NULL; j++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, w->id);
          json_builder_set_member_name (builder, "rev");
          json_builder_add_string_value (builder, w->revs[j]);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = g_strconcat (self->db_path, "_bulk_get?revs=true&latest=true", NULL);
  request (self, "POST", path, body, TKT_COUCH_FLAGS_NONE, g_task_get_cancellable (task),
           pull_bulk_get_cb, g_object_ref (task));
}

/* A document whose only missing revision is a first one ("1-…") has no
 * history to fetch: its _revisions is that revision alone.  As PouchDB's
 * replicator does, such documents come in one POST _all_docs with
 * include_docs, which costs the server far less than _bulk_get with
 * revs and latest (bench-sync); a document whose current revision is no
 * longer that one (edited, deleted, in conflict meanwhile) goes on to
 * _bulk_get with the rest. */
static gboolean
first_revision_only (const Wanted *w)
{
  return w->revs[0] != NULL && w->revs[1] == NULL && g_str_has_prefix (w->revs[0], "1-");
}

/* If doc (from _all_docs or the feed) is the first revision rev of id,
 * gives it the _revisions a replicated revision carries (itself alone)
 * and returns TRUE; otherwise leaves it as it is. */
static gboolean
take_as_first_revision (JsonObject *doc,
                        const char *id,
                        const char *rev)
{
  JsonObject *revisions;
  JsonArray *ids;

  if (doc == NULL || !g_str_has_prefix (rev, "1-") ||
      g_strcmp0 (member_string (doc, "_id"), id) != 0 ||
      g_strcmp0 (member_string (doc, "_rev"), rev) != 0 ||
      json_object_has_member (doc, "_revisions"))
    return FALSE;
  revisions = json_object_new ();
  ids = json_array_new ();
  json_array_add_string_element (ids, rev + 2);
  json_object_set_int_member (revisions, "start", 1);
  json_object_set_array_member (revisions, "ids", ids);
  json_object_set_object_member (doc, "_revisions", revisions);
  return TRUE;
}

static void
pull_all_docs_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  Batch *b = p->fetching;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) got = g_hash_table_new (g_str_hash, g_str_equal);   /* id → doc, borrowed */
  g_autoptr(GPtrArray) rest = NULL;
  JsonArray *rows = NULL;
  guint status = 0;
  gpointer *wanted;
  gsize n_wanted = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error == NULL && (status == 400 || status == 404 || status == 405 || status == 415 || status == 501))
    {
      g_debug ("_all_docs refused (%u): fetching with _bulk_get", status);
      self->no_all_docs = TRUE;
      pull_fetch_revisions (task);
      return;
    }
  rows = member_array (node_object (root), "rows");
  if (error == NULL && (status != 200 || rows == NULL))
    error = bad_reply ("_all_docs");
  for (guint i = 0; error == NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = node_object (json_array_get_element (rows, i));
      JsonNode *doc_node = row ? json_object_get_member (row, "doc") : NULL;
      JsonObject *doc = node_object (doc_node);
      const char *id = member_string (row, "id");

      if (row == NULL)
        error = bad_reply ("_all_docs");
      else if (id != NULL && doc != NULL)
        g_hash_table_insert (got, (gpointer) id, doc);   /* checked by take_as_first_revision */
      /* else not found, deleted, or an error row: _bulk_get decides */
    }
  if (error != NULL)
    {
      pull_set_error (p, g_steal_pointer (&error));
      pull_fetched (p);
      pull_pump (task);
      return;
    }

  /* Take what is the wanted revision; the rest goes to _bulk_get. */
  rest = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  wanted = g_ptr_array_steal (b->wanted, &n_wanted);
  for (gsize i = 0; i < n_wanted; i++)
    {
      Wanted *w = wanted[i];
      JsonObject *doc = first_revision_only (w) ? g_hash_table_lookup (got, w->id) : NULL;

      if (take_as_first_revision (doc, w->id, w->revs[0]))
        {
          g_ptr_array_add (b->docs, json_object_ref (doc));
          wanted_free (w);
        }
      else
        g_ptr_array_add (rest, w);
    }
  g_free (wanted);
  g_ptr_array_unref (b->wanted);
  b->wanted = g_steal_pointer (&rest);
  pull_fetch_revisions (task);
}

static void
pull_fetch (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  Batch *b = p->fetching;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  guint n_first = 0;

  if (!self->no_all_docs)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "keys");
      json_builder_begin_array (builder);
      for (guint i = 0; i < b->wanted->len; i++)
        {
          Wanted *w = b->wanted->pdata[i];

          if (first_revision_only (w))
            {
              json_builder_add_string_value (builder, w->id);
              n_first++;
            }
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  if (n_first == 0)
    {
      g_object_ref (task);
      pull_fetch_revisions (task);
      g_object_unref (task);
      return;
    }
  body = json_builder_get_root (builder);
  path = g_strconcat (self->db_path, "_all_docs?include_docs=true", NULL);
  request (self, "POST", path, body, TKT_COUCH_FLAGS_NONE, g_task_get_cancellable (task),
           pull_all_docs_cb, g_object_ref (task));
}

/* A _changes reply becomes a batch: what the store lacks, by revs_diff. */
static GError *
pull_take_changes (TktReplicator *self,
                   Pull          *p,
                   JsonNode      *root,
                   guint          status)
{
  JsonObject *obj = node_object (root);
  JsonArray *results = member_array (obj, "results");
  JsonNode *last_seq;
  g_autoptr(GPtrArray) wanted = NULL;
  g_autoptr(GPtrArray) included = NULL;   /* JsonObject*: revisions that came in the feed */
  JsonObject *doc;
  guint n_missing = 0;
  Batch *b;
  gint64 pending;
  gint64 start;
  guint n_results;

  if (status == 404)
    {
      self->server_ok = FALSE;
      return g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_NOT_FOUND,
                          _("The database “%s” does not exist on the server."), self->db);
    }
  if (status == 403)
    return g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_FORBIDDEN,
                        _("This user may not read the database “%s”."), self->db);
  if (status != 200 || results == NULL)
    return bad_reply ("_changes");

  n_results = json_array_get_length (results);
  last_seq = json_object_get_member (obj, "last_seq");
  if (last_seq == NULL && n_results > 0)
    last_seq = json_object_get_member (node_object (json_array_get_element (results, n_results - 1)), "seq");
  if (last_seq == NULL || JSON_NODE_HOLDS_NULL (last_seq))
    {
      if (n_results > 0)
        return bad_reply ("_changes");
      last_seq = NULL;
    }

  wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  included = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_results; i++)
    {
      JsonObject *change = node_object (json_array_get_element (results, i));
      const char *id = member_string (change, "id");
      JsonArray *changes = member_array (change, "changes");
      g_autoptr(GPtrArray) revs = g_ptr_array_new ();
      g_auto(GStrv) missing = NULL;

      if (id == NULL || changes == NULL)
        return bad_reply ("_changes");
      for (guint j = 0; j < json_array_get_length (changes); j++)
        {
          const char *rev = member_string (node_object (json_array_get_element (changes, j)), "rev");

          if (rev == NULL)
            return bad_reply ("_changes");
          g_ptr_array_add (revs, (gpointer) rev);
        }
      if (skipped_id (id) || revs->len == 0)
        continue;
      g_ptr_array_add (revs, NULL);
      missing = tkt_store_revs_diff (self->store, id, (const char * const *) revs->pdata, NULL);
      if (missing != NULL && missing[0] != NULL)
        n_missing++;
      /* A first revision has no history: the document in the feed is all
       * there is to fetch (see first_revision_only). */
      if (missing != NULL && missing[0] != NULL && missing[1] == NULL &&
          take_as_first_revision ((doc = member_object (change, "doc")), id, missing[0]))
        {
          g_ptr_array_add (included, json_object_ref (doc));
        }
      else if (missing != NULL && missing[0] != NULL)
        {
          Wanted *w = g_new0 (Wanted, 1);

          w->id = g_strdup (id);
          w->revs = g_steal_pointer (&missing);
          g_ptr_array_add (wanted, w);
        }
    }

  g_debug ("pull: revs_diff of %u changes in %.1f ms", n_results,
           (g_get_monotonic_time () - start) / 1000.0);
  /* The documents come with the feed while most of them are missing here
   * (a first pull): the server reads them for the feed anyway, and one
   * request per batch is saved.  An incremental pull, where the feed is
   * mostly our own pushed revisions, asks for the feed alone. */
  p->include_docs = !p->live && n_results > 0 && n_missing * 2 > n_results;
  p->caught_up = n_results < self->batch_size;
  if (!p->live && p->caught_up)
    p->feed_done = TRUE;
  if (n_results == 0)
    return NULL;
  if (member_int (obj, "pending", &pending) && pending >= 0)
    set_total (self, self->done + n_results + (guint) pending);
  set_state (self, TKT_SYNC_STATE_SYNCING);

  b = g_new0 (Batch, 1);
  b->wanted = g_steal_pointer (&wanted);
  b->docs = g_steal_pointer (&included);
  b->n_results = n_results;
  b->last_seq = json_node_copy (last_seq);
  g_clear_pointer (&p->feed_since, json_node_unref);
  p->feed_since = json_node_copy (last_seq);
  g_queue_push_tail (&p->to_fetch, b);
  return NULL;
}

static void
pull_changes_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status = 0;

  p->changes_in_flight = FALSE;
  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error == NULL && p->error == NULL)
    error = pull_take_changes (self, p, root, status);
  if (error != NULL)
    pull_set_error (p, g_steal_pointer (&error));
  pull_pump (task);
}

static void
pull_request_changes (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  g_autofree char *since = seq_param (p->feed_since);
  g_autofree char *path = NULL;

  if (p->live)
    path = g_strdup_printf ("%s_changes?style=all_docs&since=%s&limit=%u&feed=longpoll&heartbeat=%u&timeout=%u",
                            self->db_path, since, self->batch_size,
                            MAX (self->timeout, 2) * 1000 / 2, MAX (self->timeout, 2) * 1000 / 2);
  else
    path = g_strdup_printf ("%s_changes?style=all_docs&since=%s&limit=%u%s",
                            self->db_path, since, self->batch_size,
                            p->include_docs ? "&include_docs=true" : "");
  p->changes_in_flight = TRUE;
  request (self, "GET", path, NULL, TKT_COUCH_FLAGS_NONE, g_task_get_cancellable (task),
           pull_changes_cb, g_object_ref (task));
}

/* Starts what can start: the next _changes while fewer than two batches
 * wait, the next fetch when none is on its way. */
static void
pull_start_requests (GTask *task)
{
  Pull *p = g_task_get_task_data (task);

  if (p->error != NULL)
    return;
  if (!p->changes_in_flight && !p->feed_done &&
      g_queue_get_length (&p->to_fetch) + g_queue_get_length (&p->to_commit) + (p->fetching != NULL) < 2)
    pull_request_changes (task);
  while (p->fetching == NULL && !g_queue_is_empty (&p->to_fetch))
    {
      Batch *b = g_queue_pop_head (&p->to_fetch);

      if (b->wanted->len == 0)
        {
          g_queue_push_tail (&p->to_commit, b);
          continue;
        }
      p->fetching = b;
      pull_fetch (task);
    }
}

/* Drives the pipeline; the caller holds a reference to task. */
static void
pull_pump (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Pull *p = g_task_get_task_data (task);
  gboolean committed = FALSE;

  if (p->finished)
    return;

  /* Requests first, so that the server works while the store writes. */
  pull_start_requests (task);
  if (p->error == NULL && !p->committing && !g_queue_is_empty (&p->to_commit))
    pull_commit_next (task);
  committed = p->committed;
  p->committed = FALSE;
  if (committed)
    pull_start_requests (task);

  if (p->error != NULL)
    {
      if (p->changes_in_flight || p->fetching != NULL || p->committing)
        return;   /* the last reply, or the batch being written, ends it */
      p->finished = TRUE;
      g_task_return_error (task, g_steal_pointer (&p->error));
      g_object_unref (task);   /* the operation's reference */
      return;
    }
  if (p->live)
    {
      /* Live, the next longpoll is always on its way: caught up is when
       * the last _changes gave less than a batch and nothing waits to be
       * fetched or written.  (A batch of only our own pushed revisions
       * coming back writes nothing, but the state said "syncing".) */
      if (p->caught_up && p->fetching == NULL && g_queue_is_empty (&p->to_fetch) &&
          !p->committing && g_queue_is_empty (&p->to_commit) &&
          (committed || self->state == TKT_SYNC_STATE_SYNCING || self->state == TKT_SYNC_STATE_CONNECTING))
        mark_synced (self);
      return;
    }
  if (p->changes_in_flight || p->fetching != NULL || !g_queue_is_empty (&p->to_fetch) ||
      p->committing || !g_queue_is_empty (&p->to_commit))
    return;
  if (p->feed_done)
    {
      p->finished = TRUE;
      checkpoint_flush (p->cp, task, pull_finish);
    }
}

static void
pull_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Pull *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  p->since = checkpoint_since (p->cp);
  p->feed_since = p->since ? json_node_copy (p->since) : NULL;
  /* From the start of the feed, nearly everything is to fetch. */
  p->include_docs = !p->live && p->since == NULL;
  if (p->since != NULL)
    {
      g_autofree char *text = json_to_string (p->since, FALSE);

      g_debug ("pull from checkpoint %s", text);
    }
  g_object_ref (task);
  pull_pump (task);
  g_object_unref (task);
}

static void
pull_async (TktReplicator      *self,
            gboolean            live,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pull *p = g_new0 (Pull, 1);

  p->live = live;
  p->cp = checkpoint_new (self, TRUE);
  g_set_object (&p->cp->cancellable, cancellable);
  g_queue_init (&p->to_fetch);
  g_queue_init (&p->to_commit);
  g_task_set_task_data (task, p, (GDestroyNotify) pull_free);
  checkpoint_load_async (self, p->cp, cancellable, pull_loaded_cb, task);
}

/* ------------------------------------------------------------------ */
/* push                                                                */

typedef struct {
  Checkpoint *cp;
  gint64 since;
  gint64 last_seq;
  guint n_changes;
  GQueue slices;           /* GPtrArray* of PushDoc* to send, in order */
  gboolean stopped_read_only;
  gboolean skip_diff;      /* into an empty database: every leaf is missing */
} Push;

/* A revision to send: its id and its JSON text, as the store keeps it
 * (tkt_store_get_rev_text_for_sync: no JSON tree is built to send it). */
typedef struct {
  char   *id;
  GBytes *text;
} PushDoc;

static void
push_doc_free (PushDoc *doc)
{
  g_free (doc->id);
  g_bytes_unref (doc->text);
  g_free (doc);
}

static GPtrArray *
push_docs_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) push_doc_free);
}

static void
push_free (Push *p)
{
  g_clear_pointer (&p->cp, checkpoint_free);
  g_queue_clear_full (&p->slices, (GDestroyNotify) g_ptr_array_unref);
  g_free (p);
}

static void push_next_batch (GTask *task);
static void push_send_slice (GTask *task);

static void
push_finish (GTask *task)
{
  Push *p = g_task_get_task_data (task);

  if (p->cp->remote_error != NULL)
    g_task_return_error (task, g_error_copy (p->cp->remote_error));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* The batch is on the server (_bulk_docs answered): the local checkpoint
 * now, the remote one in the background. */
static void
push_checkpoint (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Push *p = g_task_get_task_data (task);
  g_autoptr(JsonNode) seq = json_node_init_int (json_node_alloc (), p->last_seq);
  g_autoptr(GError) error = NULL;

  if (p->cp->remote_error != NULL)
    {
      push_finish (task);
      return;
    }
  if (!checkpoint_save_local (self, p->cp, seq, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  checkpoint_schedule_remote (self, p->cp, seq, g_task_get_cancellable (task));
  p->since = p->last_seq;
  set_pushed_seq (self, p->since);
  set_done (self, self->done + p->n_changes);
  if (p->n_changes < self->batch_size)
    {
      checkpoint_flush (p->cp, task, push_finish);
      return;
    }
  push_next_batch (task);
}

static void
record_refused (TktReplicator *self,
                const char    *id,
                const char    *error_name,
                const char    *reason)
{
  g_autofree char *message = NULL;

  if (reason != NULL && reason[0] != '\0')
    message = g_strdup_printf (_("The server refused this document: %s"), reason);
  else if (g_strcmp0 (error_name, "unauthorized") == 0)
    message = g_strdup (_("The server refused this document: this user may not change it."));
  else
    message = g_strdup (_("The server refused this document."));
  g_hash_table_replace (self->refused, g_strdup (id), g_strdup (message));
  self->stats.docs_refused++;
  g_signal_emit (self, signals[SIGNAL_REFUSED], 0, id, message);
}

static void
push_bulk_docs_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Push *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *slice = g_queue_peek_head (&p->slices);
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (status == 413)
    {
      GPtrArray *first, *second;
      guint half = slice->len / 2;

      g_queue_pop_head (&p->slices);
      if (slice->len <= 1)
        {
          if (slice->len == 1)
            record_refused (self, ((PushDoc *) slice->pdata[0])->id, "too_large",
                            _("it is too large for the server"));
          g_ptr_array_unref (slice);
          push_send_slice (task);
          return;
        }
      g_debug ("413 on _bulk_docs of %u: splitting", slice->len);
      first = push_docs_new ();
      second = push_docs_new ();
      for (guint i = 0; i < slice->len; i++)
        g_ptr_array_add (i < half ? first : second, g_steal_pointer (&slice->pdata[i]));
      g_ptr_array_set_free_func (slice, NULL);
      g_ptr_array_unref (slice);
      g_queue_push_head (&p->slices, second);
      g_queue_push_head (&p->slices, first);
      push_send_slice (task);
      return;
    }
  if (status == 403 || status == 401)
    {
      g_debug ("_bulk_docs: %u: the server is read-only for this user", status);
      set_read_only (self, TRUE);
      p->stopped_read_only = TRUE;
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (status != 200 && status != 201 && status != 202)
    {
      const char *reason = member_string (node_object (root), "reason");

      g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FAILED,
                               _("The server did not accept the changes (HTTP %u): %s"),
                               status, reason ? reason : "");
      g_object_unref (task);
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_task_return_error (task, bad_reply ("_bulk_docs"));
      g_object_unref (task);
      return;
    }
  {
    JsonArray *items = json_node_get_array (root);
    g_autoptr(GHashTable) refused_now = g_hash_table_new (g_str_hash, g_str_equal);
    guint n_refused = 0;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = node_object (json_array_get_element (items, i));
        const char *id = member_string (item, "id");
        const char *err = member_string (item, "error");

        if (id == NULL || err == NULL)
          continue;
        if (g_str_equal (err, "forbidden") || g_str_equal (err, "unauthorized"))
          {
            record_refused (self, id, err, member_string (item, "reason"));
            g_hash_table_add (refused_now, (gpointer) id);
            n_refused++;
          }
        else
          g_debug ("_bulk_docs: %s: %s", id, err);
      }
    /* A document refused before and accepted now is no longer refused. */
    for (guint i = 0; i < slice->len; i++)
      {
        const char *id = ((PushDoc *) slice->pdata[i])->id;

        if (!g_hash_table_contains (refused_now, id))
          g_hash_table_remove (self->refused, id);
      }
    self->stats.docs_pushed += slice->len - MIN (n_refused, slice->len);
  }
  g_ptr_array_unref (g_queue_pop_head (&p->slices));
  push_send_slice (task);
}

static void
push_send_slice (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Push *p = g_task_get_task_data (task);
  GPtrArray *slice = g_queue_peek_head (&p->slices);
  g_autoptr(GString) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  gsize size = 32;

  if (slice == NULL)
    {
      push_checkpoint (task);
      return;
    }
  /* The request's text from the documents' own: a JSON tree of a
   * thousand documents, only to write it out again, took most of the
   * time the server waited between two batches. */
  for (guint i = 0; i < slice->len; i++)
    size += g_bytes_get_size (((PushDoc *) slice->pdata[i])->text) + 1;
  body = g_string_sized_new (size);
  g_string_append (body, "{\"new_edits\":false,\"docs\":[");
  for (guint i = 0; i < slice->len; i++)
    {
      GBytes *text = ((PushDoc *) slice->pdata[i])->text;

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append_len (body, g_bytes_get_data (text, NULL), (gssize) g_bytes_get_size (text));
    }
  g_string_append (body, "]}");
  bytes = g_string_free_to_bytes (g_steal_pointer (&body));
  path = g_strconcat (self->db_path, "_bulk_docs", NULL);
  tkt_couch_request_async (self->couch, "POST", path, bytes, TKT_COUCH_FLAGS_NONE,
                           g_task_get_cancellable (task), push_bulk_docs_cb, task);
}

/* Adds a revision to send (skipped, with a debug note, if its body is
 * not kept or is damaged: as CouchDB's replicator skips what it cannot
 * read). */
static void
push_docs_add (TktReplicator *self,
               GPtrArray     *docs,
               const char    *id,
               const char    *rev)
{
  g_autoptr(GError) error = NULL;
  GBytes *text = tkt_store_get_rev_text_for_sync (self->store, id, rev, MAX_HISTORY, &error);
  PushDoc *doc;

  if (text == NULL)
    {
      g_debug ("push: %s %s: %s", id, rev, error->message);
      return;
    }
  doc = g_new (PushDoc, 1);
  doc->id = g_strdup (id);
  doc->text = text;
  g_ptr_array_add (docs, doc);
}

/* Sends the batch's missing revisions (takes docs). */
static void
push_send_docs (GTask     *task,
                GPtrArray *docs)
{
  Push *p = g_task_get_task_data (task);

  if (docs->len == 0)
    {
      g_ptr_array_unref (docs);
      push_checkpoint (task);
      return;
    }
  g_queue_push_tail (&p->slices, docs);
  push_send_slice (task);
}

static void
push_revs_diff_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Push *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) members = NULL;
  GPtrArray *docs;
  JsonObject *obj;
  guint status = 0;

  root = tkt_couch_request_finish (TKT_COUCH (source), result, &status, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (status == 403 || status == 401)
    {
      set_read_only (self, TRUE);
      p->stopped_read_only = TRUE;
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  obj = node_object (root);
  if (status != 200 || obj == NULL)
    {
      g_task_return_error (task, bad_reply ("_revs_diff"));
      g_object_unref (task);
      return;
    }
  docs = push_docs_new ();
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonArray *missing = member_array (member_object (obj, id), "missing");

      if (missing == NULL)
        {
          g_ptr_array_unref (docs);
          g_task_return_error (task, bad_reply ("_revs_diff"));
          g_object_unref (task);
          return;
        }
      for (guint i = 0; i < json_array_get_length (missing); i++)
        {
          JsonNode *n = json_array_get_element (missing, i);
          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
            {
              g_ptr_array_unref (docs);
              g_task_return_error (task, bad_reply ("_revs_diff"));
              g_object_unref (task);
              return;
            }
          push_docs_add (self, docs, id, json_node_get_string (n));
        }
    }
  push_send_docs (task, docs);
}

static void
push_next_batch (GTask *task)
{
  TktReplicator *self = g_task_get_source_object (task);
  Push *p = g_task_get_task_data (task);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonObject) diff = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  guint n_ids = 0;

  changes = tkt_store_changes_with_leaves (self->store, p->since, self->batch_size, &p->last_seq);
  p->n_changes = changes->len;
  if (changes->len == 0)
    {
      set_pushed_seq (self, p->since);
      checkpoint_flush (p->cp, task, push_finish);
      return;
    }
  set_state (self, TKT_SYNC_STATE_SYNCING);
  if (p->skip_diff)
    {
      /* Nothing on the server to compare with: every leaf is sent, as
       * _revs_diff would have answered.  Should another client have
       * written meanwhile, new_edits:false stores nothing twice. */
      GPtrArray *docs = push_docs_new ();

      for (guint i = 0; i < changes->len; i++)
        {
          TktStoreChange *change = changes->pdata[i];

          if (skipped_id (change->id) || change->leaves == NULL)
            continue;
          for (guint j = 0; change->leaves[j] != NULL; j++)
            push_docs_add (self, docs, change->id, change->leaves[j]);
        }
      push_send_docs (task, docs);
      return;
    }
  diff = json_object_new ();
  for (guint i = 0; i < changes->len; i++)
    {
      TktStoreChange *change = changes->pdata[i];
      JsonArray *revs;

      if (skipped_id (change->id) || change->leaves == NULL || change->leaves[0] == NULL)
        continue;
      revs = json_array_new ();
      for (guint j = 0; change->leaves[j] != NULL; j++)
        json_array_add_string_element (revs, change->leaves[j]);
      json_object_set_array_member (diff, change->id, revs);
      n_ids++;
    }
  if (n_ids == 0)
    {
      push_checkpoint (task);
      return;
    }
  node = json_node_init_object (json_node_alloc (), diff);
  path = g_strconcat (self->db_path, "_revs_diff", NULL);
  request (self, "POST", path, node, TKT_COUCH_FLAGS_NONE, g_task_get_cancellable (task),
           push_revs_diff_cb, task);
}

static void
push_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Push *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) since = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  since = checkpoint_since (p->cp);
  p->since = local_seq (since);
  /* Once: the database is empty no longer after this push. */
  p->skip_diff = self->remote_empty;
  self->remote_empty = FALSE;
  g_debug ("push from local seq %" G_GINT64_FORMAT "%s", p->since,
           p->skip_diff ? ", into an empty database: no _revs_diff" : "");
  set_pushed_seq (self, p->since);
  {
    gint64 update_seq = tkt_store_get_update_seq (self->store);

    if (update_seq > p->since)
      set_total (self, self->total + (guint) (update_seq - p->since));
  }
  push_next_batch (task);
}

static void
push_async (TktReplicator      *self,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Push *p = g_new0 (Push, 1);

  p->cp = checkpoint_new (self, FALSE);
  g_queue_init (&p->slices);
  g_task_set_task_data (task, p, (GDestroyNotify) push_free);
  checkpoint_load_async (self, p->cp, cancellable, push_loaded_cb, task);
}

/* ------------------------------------------------------------------ */
/* one run: connect, pull, push                                        */

typedef struct {
  TktSyncDirection direction;
} Run;

static void
run_fail (TktReplicator *self,
          GTask         *task,
          GError        *error)
{
  if (error->domain == TKT_SYNC_ERROR && error->code == TKT_SYNC_ERROR_CANCELLED)
    set_state (self, TKT_SYNC_STATE_IDLE);
  else
    {
      set_last_error (self, error->message);
      set_state (self, TKT_SYNC_STATE_ERROR);
    }
  g_task_return_error (task, error);
}

static void
run_update_stats (TktReplicator *self)
{
  self->stats.requests = tkt_couch_get_n_requests (self->couch) - self->requests_at_start;
  self->stats.retries = tkt_couch_get_n_retries (self->couch) - self->retries_at_start;
}

static void
run_push_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run_update_stats (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (self, task, g_steal_pointer (&error));
      return;
    }
  if (self->read_only && run->direction == TKT_SYNC_PUSH_ONLY)
    {
      run_fail (self, task, g_error_new_literal (TKT_SYNC_ERROR, TKT_SYNC_ERROR_FORBIDDEN,
                                                 _("The server accepts no changes from this user: local changes are kept but not sent.")));
      return;
    }
  mark_synced (self);
  if (self->read_only)
    set_last_error (self, _("The server accepts no changes from this user: local changes are kept but not sent."));
  g_task_return_boolean (task, TRUE);
}

static void
run_pull_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run_update_stats (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_fail (self, task, g_steal_pointer (&error));
      return;
    }
  if (run->direction == TKT_SYNC_PULL_ONLY || self->read_only)
    {
      mark_synced (self);
      if (self->read_only)
        set_last_error (self, _("The server accepts no changes from this user: local changes are kept but not sent."));
      g_task_return_boolean (task, TRUE);
      return;
    }
  push_async (self, g_task_get_cancellable (task), run_push_cb, g_object_ref (task));
}

static void
run_connected_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      run_update_stats (self);
      run_fail (self, task, g_steal_pointer (&error));
      return;
    }
  set_state (self, TKT_SYNC_STATE_SYNCING);
  if (run->direction == TKT_SYNC_PUSH_ONLY)
    push_async (self, g_task_get_cancellable (task), run_push_cb, g_object_ref (task));
  else
    pull_async (self, FALSE, g_task_get_cancellable (task), run_pull_cb, g_object_ref (task));
}

/* ------------------------------------------------------------------ */
/* live                                                                */

static void live_begin (TktReplicator *self);
static void live_push (TktReplicator *self);

static gboolean
live_timer_cb (gpointer user_data)
{
  TktReplicator *self = user_data;

  self->live_timer_id = 0;
  live_begin (self);
  return G_SOURCE_REMOVE;
}

/* A live loop failed: offline errors come back after a back-off, the
 * others stop with ERROR (retry() starts again). */
static void
live_failed (TktReplicator *self,
             const GError  *error)
{
  if (!self->live || (error->domain == TKT_SYNC_ERROR && error->code == TKT_SYNC_ERROR_CANCELLED))
    return;
  set_last_error (self, error->message);
  g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  if (error->domain == TKT_SYNC_ERROR &&
      (error->code == TKT_SYNC_ERROR_NETWORK || error->code == TKT_SYNC_ERROR_SERVER))
    {
      set_state (self, TKT_SYNC_STATE_OFFLINE);
      self->live_backoff_s = CLAMP (self->live_backoff_s * 2, 2, LIVE_MAX_BACKOFF_S);
      g_clear_handle_id (&self->live_timer_id, g_source_remove);
      self->live_timer_id = g_timeout_add_seconds (self->live_backoff_s, live_timer_cb, self);
      return;
    }
  set_state (self, TKT_SYNC_STATE_ERROR);
}

static void
live_pull_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TktReplicator *self = TKT_REPLICATOR (source);
  g_autoptr(GError) error = NULL;

  /* A live pull only ends on an error or a cancel. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    live_failed (self, error);
}

static void
live_push_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TktReplicator *self = TKT_REPLICATOR (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A cancelled push belongs to a loop that is gone. */
      if (!g_error_matches (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_CANCELLED))
        {
          self->push_running = FALSE;
          live_failed (self, error);
        }
      return;
    }
  self->push_running = FALSE;
  if (self->push_dirty && !self->read_only)
    {
      live_push (self);
      return;
    }
  mark_synced (self);
  if (self->read_only)
    set_last_error (self, _("The server accepts no changes from this user: local changes are kept but not sent."));
}

static void
live_push (TktReplicator *self)
{
  if (!self->live || self->live_cancellable == NULL || self->read_only)
    return;
  if (self->push_running)
    {
      self->push_dirty = TRUE;
      return;
    }
  self->push_dirty = FALSE;
  self->push_running = TRUE;
  push_async (self, self->live_cancellable, live_push_cb, NULL);
}

static gboolean
push_idle_cb (gpointer user_data)
{
  TktReplicator *self = user_data;

  self->push_idle_id = 0;
  live_push (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (TktStore      *store,
                  GStrv          ids,
                  TktReplicator *self)
{
  if (self->live && self->push_idle_id == 0 && self->live_cancellable != NULL)
    /* Not at idle priority: a window repainting every frame would starve
     * it (GTK 4.8 repaints above the default idle priority). */
    self->push_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, push_idle_cb, self, NULL);
}

static void
live_run_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TktReplicator *self = TKT_REPLICATOR (source);
  g_autoptr(GError) error = NULL;

  if (!tkt_replicator_run_finish (self, result, &error))
    {
      live_failed (self, error);
      return;
    }
  if (!self->live || self->live_cancellable == NULL)
    return;
  self->live_backoff_s = 0;
  self->push_running = FALSE;
  pull_async (self, TRUE, self->live_cancellable, live_pull_cb, NULL);
  if (self->push_dirty)
    live_push (self);
}

static void
live_begin (TktReplicator *self)
{
  g_clear_object (&self->live_cancellable);
  self->live_cancellable = g_cancellable_new ();
  /* The first run pushes: local changes meanwhile wait for it. */
  self->push_running = TRUE;
  self->push_dirty = FALSE;
  tkt_replicator_run_async (self, TKT_SYNC_BOTH, self->live_cancellable, live_run_cb, NULL);
}

/* ------------------------------------------------------------------ */

static void
tkt_replicator_dispose (GObject *object)
{
  TktReplicator *self = (TktReplicator *) object;

  tkt_replicator_stop (self);
  G_OBJECT_CLASS (tkt_replicator_parent_class)->dispose (object);
}

static void
tkt_replicator_finalize (GObject *object)
{
  TktReplicator *self = (TktReplicator *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->couch);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->db, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->server_uuid, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->refused, g_hash_table_unref);

  G_OBJECT_CLASS (tkt_replicator_parent_class)->finalize (object);
}

static void
tkt_replicator_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TktReplicator *self = TKT_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_DONE:
      g_value_set_uint (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_PUSHED_SEQ:
      g_value_set_int64 (value, self->pushed_seq);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay_ms);
      break;
    case PROP_CREATE_DB:
      g_value_set_boolean (value, self->create_db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_replicator_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TktReplicator *self = TKT_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_BATCH_SIZE:
      self->batch_size = MAX (g_value_get_uint (value), 1);
      break;
    case PROP_TIMEOUT:
      self->timeout = MAX (g_value_get_uint (value), 1);
      if (self->couch != NULL)
        tkt_couch_set_timeout (self->couch, self->timeout);
      break;
    case PROP_MAX_RETRIES:
      self->max_retries = g_value_get_uint (value);
      if (self->couch != NULL)
        tkt_couch_set_retries (self->couch, self->max_retries, self->retry_delay_ms);
      break;
    case PROP_RETRY_DELAY:
      self->retry_delay_ms = MAX (g_value_get_uint (value), 1);
      if (self->couch != NULL)
        tkt_couch_set_retries (self->couch, self->max_retries, self->retry_delay_ms);
      break;
    case PROP_CREATE_DB:
      self->create_db = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_replicator_class_init (TktReplicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tkt_replicator_dispose;
  object_class->finalize = tkt_replicator_finalize;
  object_class->get_property = tkt_replicator_get_property;
  object_class->set_property = tkt_replicator_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TKT_TYPE_SYNC_STATE, TKT_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUSHED_SEQ] =
    g_param_spec_int64 ("pushed-seq", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Tuning (tests, the benchmark): documents per batch, the I/O timeout in
   * seconds, retries of a request and the first back-off delay in ms. */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, 100000, DEFAULT_BATCH,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, 60,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, 5,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 1, 600000, 1000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATE_DB] =
    g_param_spec_boolean ("create-db", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
tkt_replicator_init (TktReplicator *self)
{
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->batch_size = DEFAULT_BATCH;
  self->timeout = 60;
  self->max_retries = 5;
  self->retry_delay_ms = 1000;
}

/* ------------------------------------------------------------------ */
/* public API                                                          */

TktReplicator *
tkt_replicator_new (TktStore    *store,
                    const char  *url,
                    const char  *user,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(TktReplicator) self = NULL;
  g_autofree char *path = NULL;
  g_autofree char *root = NULL;
  g_autofree char *root_path = NULL;
  const char *scheme;
  char *slash;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL || g_uri_get_host (uri) == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_URL,
                   _("“%s” is not a server address: write it as https://server/database."), url);
      return NULL;
    }
  if (g_uri_get_user (uri) != NULL || g_uri_get_password (uri) != NULL)
    {
      g_set_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_URL,
                   _("Write the user name and password apart, not in the server address."));
      return NULL;
    }
  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  slash = strrchr (path, '/');
  if (slash == NULL || slash[1] == '\0')
    {
      g_set_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_URL,
                   _("The address “%s” names no database: add it after the server, as in https://server/database."),
                   url);
      return NULL;
    }

  self = g_object_new (TKT_TYPE_REPLICATOR, NULL);
  self->store = g_object_ref (store);
  self->db = g_uri_unescape_string (slash + 1, NULL);
  if (self->db == NULL || self->db[0] == '\0')
    {
      g_set_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_URL,
                   _("The address “%s” names no database: add it after the server, as in https://server/database."),
                   url);
      return NULL;
    }
  *slash = '\0';
  root_path = g_strconcat (path, "/", NULL);
  root = g_uri_join (G_URI_FLAGS_ENCODED_PATH, g_uri_get_scheme (uri), NULL,
                     g_uri_get_host (uri), g_uri_get_port (uri), root_path, NULL, NULL);
  {
    g_autofree char *escaped = tkt_couch_escape (self->db);

    self->db_path = g_strconcat (escaped, "/", NULL);
  }
  self->url = g_strdup (url);
  self->couch = tkt_couch_new (root, user, password);
  tkt_couch_set_timeout (self->couch, self->timeout);
  tkt_couch_set_retries (self->couch, self->max_retries, self->retry_delay_ms);
  tkt_couch_set_retry_func (self->couch, retry_cb, self);
  return g_steal_pointer (&self);
}

void
tkt_replicator_set_trusted_fingerprint (TktReplicator *self,
                                        const char    *sha256_hex)
{
  g_return_if_fail (TKT_IS_REPLICATOR (self));
  tkt_couch_set_trusted_fingerprint (self->couch, sha256_hex);
}

const char *
tkt_replicator_get_tls_fingerprint (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), NULL);
  return tkt_couch_get_tls_fingerprint (self->couch);
}

const char *
tkt_replicator_get_tls_problem (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), NULL);
  return tkt_couch_get_tls_problem (self->couch);
}

static void
test_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = TKT_REPLICATOR (source);
  Connect *c = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (c->doc_count >= 0)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents",
                                          (gulong) c->doc_count),
                             (guint) c->doc_count);
  g_task_return_pointer (task,
                         g_strdup_printf (_("Connected to %s %s, database “%s”: %s."),
                                          c->server_name ? c->server_name : "CouchDB",
                                          c->version ? c->version : "",
                                          self->db, count ? count : _("documents uncounted")),
                         g_free);
}

/* Where the push checkpoint stands, without pushing: connect, load both
 * push checkpoints, and find the local sequence they agree the server has
 * (checkpoint_since, as a push starts from). */
static void
pushed_seq_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TktReplicator *self = g_task_get_source_object (task);
  Checkpoint *cp = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) since = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  since = checkpoint_since (cp);
  set_pushed_seq (self, local_seq (since));
  g_task_return_boolean (task, TRUE);
}

static void
pushed_seq_connected_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  TktReplicator *self = TKT_REPLICATOR (source);
  g_autoptr(GError) error = NULL;
  Checkpoint *cp;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  cp = checkpoint_new (self, FALSE);
  g_task_set_task_data (task, cp, (GDestroyNotify) checkpoint_free);
  checkpoint_load_async (self, cp, g_task_get_cancellable (task), pushed_seq_loaded_cb, task);
}

void
tkt_replicator_read_pushed_seq_async (TktReplicator       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TKT_IS_REPLICATOR (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_replicator_read_pushed_seq_async);
  connect_async (self, FALSE, TRUE, cancellable, pushed_seq_connected_cb, task);
}

gboolean
tkt_replicator_read_pushed_seq_finish (TktReplicator  *self,
                                       GAsyncResult   *result,
                                       gint64         *pushed_seq,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tkt_replicator_read_pushed_seq_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (pushed_seq != NULL)
    *pushed_seq = self->pushed_seq;
  return TRUE;
}

void
tkt_replicator_test_async (TktReplicator       *self,
                           gboolean             create_db,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TKT_IS_REPLICATOR (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_replicator_test_async);
  connect_async (self, create_db, TRUE, cancellable, test_connected_cb, task);
}

gboolean
tkt_replicator_test_finish (TktReplicator  *self,
                            GAsyncResult   *result,
                            char          **summary,
                            GError        **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  text = g_task_propagate_pointer (G_TASK (result), error);
  if (text == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = g_steal_pointer (&text);
  return TRUE;
}

void
tkt_replicator_run_async (TktReplicator       *self,
                          TktSyncDirection     direction,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (TKT_IS_REPLICATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_replicator_run_async);
  run = g_new0 (Run, 1);
  run->direction = direction;
  g_task_set_task_data (task, run, g_free);

  memset (&self->stats, 0, sizeof self->stats);
  self->requests_at_start = tkt_couch_get_n_requests (self->couch);
  self->retries_at_start = tkt_couch_get_n_retries (self->couch);
  set_done (self, 0);
  set_total (self, 0);
  set_state (self, TKT_SYNC_STATE_CONNECTING);
  connect_async (self, self->create_db, FALSE, cancellable, run_connected_cb, task);
}

gboolean
tkt_replicator_run_finish (TktReplicator  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tkt_replicator_start (TktReplicator *self)
{
  g_return_if_fail (TKT_IS_REPLICATOR (self));

  if (self->live)
    return;
  self->live = TRUE;
  self->live_backoff_s = 0;
  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  live_begin (self);
}

void
tkt_replicator_stop (TktReplicator *self)
{
  g_return_if_fail (TKT_IS_REPLICATOR (self));

  if (!self->live)
    return;
  self->live = FALSE;
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_handle_id (&self->live_timer_id, g_source_remove);
  g_clear_handle_id (&self->push_idle_id, g_source_remove);
  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  set_state (self, TKT_SYNC_STATE_IDLE);
}

void
tkt_replicator_retry (TktReplicator *self)
{
  g_return_if_fail (TKT_IS_REPLICATOR (self));

  if (!self->live)
    {
      tkt_replicator_start (self);
      return;
    }
  if (self->state != TKT_SYNC_STATE_ERROR && self->state != TKT_SYNC_STATE_OFFLINE)
    return;
  g_clear_handle_id (&self->live_timer_id, g_source_remove);
  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  self->live_backoff_s = 0;
  live_begin (self);
}

TktSyncState
tkt_replicator_get_state (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), TKT_SYNC_STATE_IDLE);
  return self->state;
}

const char *
tkt_replicator_get_last_error (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), NULL);
  return self->last_error;
}

gint64
tkt_replicator_get_last_sync (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), 0);
  return self->last_sync;
}

guint
tkt_replicator_get_done (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), 0);
  return self->done;
}

guint
tkt_replicator_get_total (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), 0);
  return self->total;
}

gboolean
tkt_replicator_get_read_only (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), FALSE);
  return self->read_only;
}

gint64
tkt_replicator_get_pushed_seq (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), 0);
  return self->pushed_seq;
}

GHashTable *
tkt_replicator_get_refused (TktReplicator *self)
{
  g_return_val_if_fail (TKT_IS_REPLICATOR (self), NULL);
  return self->refused;
}

void
tkt_replicator_get_stats (TktReplicator *self,
                          TktSyncStats  *stats)
{
  g_return_if_fail (TKT_IS_REPLICATOR (self));
  g_return_if_fail (stats != NULL);
  *stats = self->stats;
}
