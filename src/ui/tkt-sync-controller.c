/* tkt-sync-controller.c — see tkt-sync-controller.h. */

#define G_LOG_DOMAIN "tkt-sync-controller"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-credentials.h"
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

static void
replicator_notify_cb (GObject           *object,
                      GParamSpec        *pspec,
                      TktSyncController *self)
{
  emit_changed (self);
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
