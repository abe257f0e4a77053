/* tkt-sync-controller.c — see tkt-sync-controller.h. */

#define G_LOG_DOMAIN "tkt-sync-controller"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-credentials.h"
#include "tkt-store-sync.h"
#include "tkt-sync-controller.h"

/* Typing in Preferences writes the settings key by key: wait for a pause
 * before connecting again. */
#define RESTART_DELAY_MS 400

struct _TktSyncController
{
  GObject        parent_instance;

  TktStore      *store;
  GSettings     *settings;
  TktReplicator *replicator;
  GCancellable  *cancellable;   /* the password lookup */
  char          *url;
  char          *error;         /* why no replicator runs, translated */
  guint          restart_id;
  gboolean       enabled;
  gboolean       shut_down;
  GTask         *download;      /* download again, until its first sync */
  gboolean       resetting;     /* its reset runs in a thread */
};

G_DEFINE_FINAL_TYPE (TktSyncController, tkt_sync_controller, G_TYPE_OBJECT)

enum {
  CHANGED,
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (TktSyncController *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

char *
tkt_sync_server_key (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  int port;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri), port);
}

static void download_check (TktSyncController *self);

static void
replicator_notify_cb (GObject           *object,
                      GParamSpec        *pspec,
                      TktSyncController *self)
{
  emit_changed (self);
  download_check (self);
}

static void
replicator_refused_cb (TktReplicator     *replicator,
                       const char        *id,
                       const char        *reason,
                       TktSyncController *self)
{
  g_signal_emit (self, signals[REFUSED], 0, id, reason);
}

static void
stop_replicator (TktSyncController *self)
{
  if (self->replicator != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->replicator, self);
      tkt_replicator_stop (self->replicator);
      g_clear_object (&self->replicator);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
set_error (TktSyncController *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static void
start_replicator (TktSyncController *self,
                  const char        *user,
                  const char        *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *key = NULL;
  const char *fingerprint = NULL;

  self->replicator = tkt_replicator_new (self->store, self->url, user, password, &error);
  if (self->replicator == NULL)
    {
      set_error (self, error->message);
      emit_changed (self);
      download_check (self);
      return;
    }

  /* Each batch is written in one transaction on the main loop: 200
   * documents are a few milliseconds to write (1,000, the replicator's
   * default for tongket-cli, took 60-180 ms: a visible stutter during a
   * first sync). */
  g_object_set (self->replicator, "batch-size", 200u, NULL);

  key = tkt_sync_server_key (self->url);
  trusted = g_settings_get_value (self->settings, "sync-trusted-certificates");
  if (key != NULL && g_variant_lookup (trusted, key, "&s", &fingerprint))
    tkt_replicator_set_trusted_fingerprint (self->replicator, fingerprint);

  g_signal_connect (self->replicator, "notify", G_CALLBACK (replicator_notify_cb), self);
  g_signal_connect (self->replicator, "refused", G_CALLBACK (replicator_refused_cb), self);
  tkt_replicator_start (self->replicator);
  emit_changed (self);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TktSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  char *password;

  password = tkt_credentials_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->shut_down)
    return;

  if (password == NULL)
    {
      set_error (self, error != NULL ? error->message
                                     : _("No password is stored for this server: enter it in Preferences → Sync."));
      emit_changed (self);
      download_check (self);
      return;
    }

  user = g_settings_get_string (self->settings, "sync-user");
  start_replicator (self, user, password);
  explicit_bzero (password, strlen (password));
  g_free (password);
}

static void
start_from_settings (TktSyncController *self)
{
  g_autofree char *user = NULL;

  g_clear_handle_id (&self->restart_id, g_source_remove);
  stop_replicator (self);
  g_clear_pointer (&self->error, g_free);
  g_free (self->url);
  self->url = g_settings_get_string (self->settings, "sync-url");
  g_strstrip (self->url);
  user = g_settings_get_string (self->settings, "sync-user");
  self->enabled = g_settings_get_boolean (self->settings, "sync-enabled") && self->url[0] != '\0';

  if (!self->enabled || self->shut_down)
    {
      emit_changed (self);
      download_check (self);
      return;
    }

  if (user[0] == '\0')
    {
      /* No user name: a server open to anyone. */
      start_replicator (self, NULL, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  tkt_credentials_lookup_async (self->url, user, self->cancellable, lookup_cb, g_object_ref (self));
  emit_changed (self);
}

static gboolean
restart_timeout_cb (gpointer user_data)
{
  TktSyncController *self = user_data;

  self->restart_id = 0;
  start_from_settings (self);
  return G_SOURCE_REMOVE;
}

static void
settings_changed_cb (GSettings         *settings,
                     const char        *key,
                     TktSyncController *self)
{
  if (!g_str_has_prefix (key, "sync-") || self->shut_down)
    return;
  g_clear_handle_id (&self->restart_id, g_source_remove);
  self->restart_id = g_timeout_add (RESTART_DELAY_MS, restart_timeout_cb, self);
}

static void
tkt_sync_controller_dispose (GObject *object)
{
  TktSyncController *self = TKT_SYNC_CONTROLLER (object);

  self->shut_down = TRUE;
  g_clear_handle_id (&self->restart_id, g_source_remove);
  stop_replicator (self);
  if (self->download != NULL)
    {
      g_task_return_new_error (self->download, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Sync was stopped"));
      g_clear_object (&self->download);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tkt_sync_controller_parent_class)->dispose (object);
}

static void
tkt_sync_controller_finalize (GObject *object)
{
  TktSyncController *self = TKT_SYNC_CONTROLLER (object);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (tkt_sync_controller_parent_class)->finalize (object);
}

static void
tkt_sync_controller_class_init (TktSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tkt_sync_controller_dispose;
  object_class->finalize = tkt_sync_controller_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   G_TYPE_STRING, G_TYPE_STRING);
}

static void
tkt_sync_controller_init (TktSyncController *self)
{
  self->url = g_strdup ("");
}

TktSyncController *
tkt_sync_controller_new (TktStore  *store,
                         GSettings *settings)
{
  TktSyncController *self;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TKT_TYPE_SYNC_CONTROLLER, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  g_signal_connect (settings, "changed", G_CALLBACK (settings_changed_cb), self);
  start_from_settings (self);
  return self;
}

TktStore *
tkt_sync_controller_get_store (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), NULL);
  return self->store;
}

gboolean
tkt_sync_controller_get_enabled (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), FALSE);
  return self->enabled;
}

TktReplicator *
tkt_sync_controller_get_replicator (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), NULL);
  return self->replicator;
}

TktSyncState
tkt_sync_controller_get_state (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), TKT_SYNC_STATE_IDLE);

  if (self->resetting)
    return TKT_SYNC_STATE_CONNECTING;
  if (self->replicator != NULL)
    return tkt_replicator_get_state (self->replicator);
  if (self->error != NULL)
    return TKT_SYNC_STATE_ERROR;
  if (self->enabled)
    return TKT_SYNC_STATE_CONNECTING;
  return TKT_SYNC_STATE_IDLE;
}

const char *
tkt_sync_controller_get_last_error (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), NULL);

  if (self->error != NULL)
    return self->error;
  return self->replicator != NULL ? tkt_replicator_get_last_error (self->replicator) : NULL;
}

gint64
tkt_sync_controller_get_last_sync (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), 0);
  return self->replicator != NULL ? tkt_replicator_get_last_sync (self->replicator) : 0;
}

guint
tkt_sync_controller_get_done (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), 0);
  return self->replicator != NULL ? tkt_replicator_get_done (self->replicator) : 0;
}

guint
tkt_sync_controller_get_total (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), 0);
  return self->replicator != NULL ? tkt_replicator_get_total (self->replicator) : 0;
}

gboolean
tkt_sync_controller_get_read_only (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), FALSE);
  return self->replicator != NULL && tkt_replicator_get_read_only (self->replicator);
}

gint64
tkt_sync_controller_get_pushed_seq (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), -1);
  return self->replicator != NULL ? tkt_replicator_get_pushed_seq (self->replicator) : -1;
}

const char *
tkt_sync_controller_get_url (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), NULL);
  return self->url;
}

void
tkt_sync_controller_restart (TktSyncController *self)
{
  g_return_if_fail (TKT_IS_SYNC_CONTROLLER (self));
  start_from_settings (self);
}

void
tkt_sync_controller_retry (TktSyncController *self)
{
  g_return_if_fail (TKT_IS_SYNC_CONTROLLER (self));

  if (self->replicator != NULL)
    tkt_replicator_retry (self->replicator);
  else
    start_from_settings (self);
}

void
tkt_sync_controller_shutdown (TktSyncController *self)
{
  g_return_if_fail (TKT_IS_SYNC_CONTROLLER (self));

  self->shut_down = TRUE;
  g_clear_handle_id (&self->restart_id, g_source_remove);
  stop_replicator (self);
  emit_changed (self);
}

/* Download again */

typedef struct {
  char    *db_path;
  GFile   *unsent_file;   /* nullable */
  gint64   pushed_seq;
  guint    n_unsent;
  GStrv    removed;
} Download;

static void
download_free (Download *d)
{
  g_free (d->db_path);
  g_clear_object (&d->unsent_file);
  g_strfreev (d->removed);
  g_free (d);
}

gboolean
tkt_sync_controller_get_downloading (TktSyncController *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), FALSE);
  return self->download != NULL;
}

guint
tkt_sync_controller_count_unsent (TktSyncController *self)
{
  g_autoptr(GHashTable) ids = NULL;

  g_return_val_if_fail (TKT_IS_SYNC_CONTROLLER (self), 0);
  ids = tkt_store_ids_changed_since (self->store, MAX (tkt_sync_controller_get_pushed_seq (self), 0));
  return g_hash_table_size (ids);
}

/* After the reset: the first sync's end finishes the task. */
static void
download_check (TktSyncController *self)
{
  g_autoptr(GTask) task = NULL;
  TktSyncState state;

  if (self->download == NULL || self->resetting)
    return;
  state = tkt_sync_controller_get_state (self);
  if (state == TKT_SYNC_STATE_IDLE && !self->enabled)
    state = TKT_SYNC_STATE_ERROR;   /* switched off meanwhile */
  else if (state != TKT_SYNC_STATE_SYNCED && state != TKT_SYNC_STATE_ERROR && state != TKT_SYNC_STATE_OFFLINE)
    return;
  task = g_steal_pointer (&self->download);
  if (state == TKT_SYNC_STATE_SYNCED)
    g_task_return_boolean (task, TRUE);
  else
    {
      const char *reason = tkt_sync_controller_get_last_error (self);

      g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FAILED,
                               /* Translators: the reason comes after the colon. */
                               _("The local copy was emptied, but the download from the server stopped: %s. "
                                 "It goes on by itself when the server can be reached."),
                               reason != NULL ? reason : _("the server cannot be reached"));
    }
  emit_changed (self);
}

static void
reset_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Download *d = task_data;
  g_autoptr(TktStore) store = NULL;
  GError *error = NULL;

  store = tkt_store_open (d->db_path, &error);
  if (store == NULL ||
      !tkt_store_reset_local_copy (store, d->pushed_seq, d->unsent_file, &d->n_unsent, &d->removed, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
reset_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TktSyncController *self = TKT_SYNC_CONTROLLER (source);
  Download *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->resetting = FALSE;
  if (self->download == NULL)
    return;   /* shut down meanwhile */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->download);

      /* Nothing was changed: sync goes on as it was. */
      if (self->replicator != NULL)
        tkt_replicator_start (self->replicator);
      emit_changed (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (self->download, GUINT_TO_POINTER (d->n_unsent), NULL);
  /* This connection's views learn what went; then a new replicator with
   * no checkpoint pulls everything. */
  tkt_store_notify_changed (self->store, (const char * const *) d->removed);
  start_from_settings (self);
  download_check (self);
}

static void
download_test_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) reset = user_data;
  TktSyncController *self = g_task_get_source_object (reset);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (self->download == NULL)
    return;
  if (!tkt_replicator_test_finish (TKT_REPLICATOR (source), result, &summary, &error))
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->download);

      self->resetting = FALSE;
      if (self->replicator != NULL)
        tkt_replicator_start (self->replicator);
      emit_changed (self);
      g_prefix_error (&error, _("Nothing was changed: "));
      g_task_return_error (task, g_steal_pointer (&error));
      /* reset_ready_cb sees no download and does nothing. */
      g_task_return_boolean (reset, FALSE);
      return;
    }
  g_task_run_in_thread (reset, reset_thread);
}

void
tkt_sync_controller_download_again_async (TktSyncController   *self,
                                          GFile               *unsent_file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GTask *reset;
  Download *d;

  g_return_if_fail (TKT_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (unsent_file == NULL || G_IS_FILE (unsent_file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_sync_controller_download_again_async);

  if (self->download != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("The local copy is already being downloaded again."));
      return;
    }
  if (!self->enabled || self->replicator == NULL || self->shut_down)
    {
      g_task_return_new_error (task, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FAILED, "%s",
                               _("Sync is off or not connected: switch it on in Preferences → Sync, then try again."));
      return;
    }

  d = g_new0 (Download, 1);
  d->db_path = g_strdup (tkt_store_get_path (self->store));
  d->unsent_file = unsent_file != NULL ? g_object_ref (unsent_file) : NULL;
  d->pushed_seq = MAX (tkt_replicator_get_pushed_seq (self->replicator), 0);

  self->download = g_steal_pointer (&task);
  self->resetting = TRUE;
  /* No replicated write from now on; then is the server there? */
  tkt_replicator_stop (self->replicator);
  emit_changed (self);

  reset = g_task_new (self, NULL, reset_ready_cb, NULL);
  g_task_set_source_tag (reset, reset_thread);
  g_task_set_task_data (reset, d, (GDestroyNotify) download_free);
  tkt_replicator_test_async (self->replicator, FALSE, NULL, download_test_cb, reset);
}

gboolean
tkt_sync_controller_download_again_finish (TktSyncController  *self,
                                           GAsyncResult       *result,
                                           guint              *n_unsent,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tkt_sync_controller_download_again_async, FALSE);

  if (n_unsent != NULL)
    *n_unsent = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}
