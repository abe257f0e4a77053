/* tkt-sync-page.c — see tkt-sync-page.h.
 *
 * Built in code: libadwaita rows in groups, as the other Preferences pages
 * are, with the TLS row shown only after a certificate problem. */

#define G_LOG_DOMAIN "tkt-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-credentials.h"
#include "tkt-replicator.h"
#include "tkt-sync-page.h"
#include "tkt-window.h"

struct _TktSyncPage
{
  AdwPreferencesPage  parent_instance;

  AdwEntryRow        *url_row;
  AdwEntryRow        *user_row;
  AdwEntryRow        *password_row;
  GtkSwitch          *enabled_switch;
  AdwActionRow       *test_row;
  GtkWidget          *test_button;
  GtkSpinner         *test_spinner;
  AdwActionRow       *tls_row;
  GtkWidget          *trust_button;

  TktStore           *store;
  GSettings          *settings;
  TktSyncController  *controller;
  TktReplicator      *tester;
  GCancellable       *cancellable;
  char               *test_result;
  char               *tls_server;       /* the server whose certificate failed */
  char               *tls_fingerprint;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (TktSyncPage, tkt_sync_page, ADW_TYPE_PREFERENCES_PAGE)

static void
show_toast (TktSyncPage *self,
            const char  *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The sync this page restarts: set, or that of the main window the
 * Preferences were opened from. */
static TktSyncController *
get_controller (TktSyncPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

  if (self->controller == NULL && TKT_IS_WINDOW (parent))
    tkt_sync_page_set_controller (self, tkt_window_get_sync_controller (TKT_WINDOW (parent)));
  return self->controller;
}

static void
store_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TktSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Stored in this session's memory either way: sync can start now. */
  if (!tkt_credentials_store_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
}

/* Writes what the rows say into the settings and the keyring. */
static void
commit (TktSyncPage *self)
{
  g_autofree char *url = entry_text (self->url_row);
  g_autofree char *user = entry_text (self->user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean password_given = password[0] != '\0' && url[0] != '\0';

  if (password_given)
    {
      /* The lookup sees it at once (session memory); the keyring later. */
      tkt_credentials_store_async (url, user, password, NULL, store_password_cb, g_object_ref (self));
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }

  /* The controller waits for a pause before it reconnects. */
  g_settings_set_string (self->settings, "sync-url", url);
  g_settings_set_string (self->settings, "sync-user", user);

  if (password_given && get_controller (self) != NULL &&
      g_settings_get_boolean (self->settings, "sync-enabled"))
    tkt_sync_controller_restart (self->controller);
}

static void
row_apply_cb (AdwEntryRow *row,
              TktSyncPage *self)
{
  commit (self);
}

static void
enabled_active_cb (GtkSwitch   *sw,
                   GParamSpec  *pspec,
                   TktSyncPage *self)
{
  if (self->loading)
    return;
  if (gtk_switch_get_active (sw))
    commit (self);
  g_settings_set_boolean (self->settings, "sync-enabled", gtk_switch_get_active (sw));
}

/* Test connection */

static void
set_test_result (TktSyncPage *self,
                 const char  *text,
                 gboolean     ok)
{
  g_free (self->test_result);
  self->test_result = g_strdup (text);
  adw_action_row_set_subtitle (self->test_row, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_row), ok ? "success" : "error");
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (self->test_button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->test_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
test_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TktSyncPage) self = user_data;
  TktReplicator *tester = TKT_REPLICATOR (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (!tkt_replicator_test_finish (tester, result, &summary, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_TLS) &&
          tkt_replicator_get_tls_fingerprint (tester) != NULL)
        {
          g_autofree char *subtitle = NULL;
          const char *problem = tkt_replicator_get_tls_problem (tester);

          g_free (self->tls_fingerprint);
          self->tls_fingerprint = g_strdup (tkt_replicator_get_tls_fingerprint (tester));
          /* Translators: the reason the certificate was rejected, then its fingerprint. */
          subtitle = g_strdup_printf (_("%s\n\nIf the department’s administrator confirms that the server’s certificate has this SHA-256 fingerprint, you can trust it for this server only:\n%s"),
                                      problem != NULL ? problem : error->message,
                                      self->tls_fingerprint);
          adw_action_row_set_subtitle (self->tls_row, subtitle);
          gtk_widget_set_visible (GTK_WIDGET (self->tls_row), TRUE);
        }
      set_test_result (self, error->message, FALSE);
      return;
    }

  set_test_result (self, summary, TRUE);
}

static void
run_test (TktSyncPage *self,
          const char  *password)
{
  g_autofree char *url = entry_text (self->url_row);
  g_autofree char *user = entry_text (self->user_row);
  g_autoptr(GVariant) trusted = NULL;
  g_autoptr(GError) error = NULL;
  const char *fingerprint = NULL;

  g_clear_object (&self->tester);
  self->tester = tkt_replicator_new (self->store, url, user[0] != '\0' ? user : NULL, password, &error);
  if (self->tester == NULL)
    {
      set_test_result (self, error->message, FALSE);
      return;
    }

  g_free (self->tls_server);
  self->tls_server = tkt_sync_server_key (url);
  trusted = g_settings_get_value (self->settings, "sync-trusted-certificates");
  if (self->tls_server != NULL && g_variant_lookup (trusted, self->tls_server, "&s", &fingerprint))
    tkt_replicator_set_trusted_fingerprint (self->tester, fingerprint);

  tkt_replicator_test_async (self->tester, FALSE, self->cancellable, test_ready_cb, g_object_ref (self));
}

static void
test_lookup_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TktSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = tkt_credentials_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* No password found: try without; the server will say if it wants one. */
  run_test (self, password);
}

static void
test_clicked_cb (GtkButton   *button,
                 TktSyncPage *self)
{
  g_autofree char *url = entry_text (self->url_row);
  g_autofree char *user = entry_text (self->user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  g_free (self->test_result);
  self->test_result = g_strdup ("");
  gtk_widget_set_visible (GTK_WIDGET (self->tls_row), FALSE);
  gtk_widget_set_sensitive (self->test_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_start (self->test_spinner);
  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");

  if (password[0] == '\0' && user[0] != '\0' && url[0] != '\0')
    tkt_credentials_lookup_async (url, user, self->cancellable, test_lookup_cb, g_object_ref (self));
  else
    run_test (self, password[0] != '\0' ? password : NULL);
}

static void
trust_clicked_cb (GtkButton   *button,
                  TktSyncPage *self)
{
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *server, *fingerprint;

  if (self->tls_server == NULL || self->tls_fingerprint == NULL)
    return;

  old = g_settings_get_value (self->settings, "sync-trusted-certificates");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &server, &fingerprint))
    if (g_strcmp0 (server, self->tls_server) != 0)
      g_variant_builder_add (&builder, "{ss}", server, fingerprint);
  g_variant_builder_add (&builder, "{ss}", self->tls_server, self->tls_fingerprint);
  g_settings_set_value (self->settings, "sync-trusted-certificates", g_variant_builder_end (&builder));

  gtk_widget_set_visible (GTK_WIDGET (self->tls_row), FALSE);
  test_clicked_cb (NULL, self);
}

/* libadwaita 1.2 leaves the password row's show/hide icon without a name. */
static void
name_peek_icon (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child) &&
          g_str_has_prefix (gtk_image_get_icon_name (GTK_IMAGE (child)) ?: "", "view-"))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Show or hide the password"), -1);
      name_peek_icon (child);
    }
}

static void
load (TktSyncPage *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "sync-url");
  g_autofree char *user = g_settings_get_string (self->settings, "sync-user");

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_switch_set_active (self->enabled_switch, g_settings_get_boolean (self->settings, "sync-enabled"));
  self->loading = FALSE;
}

static void
tkt_sync_page_dispose (GObject *object)
{
  TktSyncPage *self = TKT_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->tester);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (tkt_sync_page_parent_class)->dispose (object);
}

static void
tkt_sync_page_finalize (GObject *object)
{
  TktSyncPage *self = TKT_SYNC_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_free (self->test_result);
  g_free (self->tls_server);
  g_free (self->tls_fingerprint);

  G_OBJECT_CLASS (tkt_sync_page_parent_class)->finalize (object);
}

static void
tkt_sync_page_class_init (TktSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tkt_sync_page_dispose;
  object_class->finalize = tkt_sync_page_finalize;
}

static GtkWidget *
suffix_button (const char *label,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
tkt_sync_page_init (TktSyncPage *self)
{
  AdwPreferencesGroup *server_group, *sync_group;
  AdwActionRow *enabled_row;

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->test_result = g_strdup ("");

  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), "sync");
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Sync"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "emblem-synchronizing-symbolic");

  server_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (server_group, _("Server"));
  adw_preferences_group_set_description (server_group,
    _("A CouchDB server shared by the department. The address ends with the database, "
      "for example https://couch.example.org/dost. The password is kept in the keyring; "
      "leave it empty to keep the one already stored."));

  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->url_row), "sync-url");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Server address and database"));
  adw_entry_row_set_show_apply_button (self->url_row, TRUE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->url_row), TRUE);
  g_signal_connect (self->url_row, "apply", G_CALLBACK (row_apply_cb), self);

  self->user_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->user_row), "sync-user");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _("User name"));
  adw_entry_row_set_show_apply_button (self->user_row, TRUE);
  g_signal_connect (self->user_row, "apply", G_CALLBACK (row_apply_cb), self);

  self->password_row = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->password_row), "sync-password");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  adw_entry_row_set_show_apply_button (self->password_row, TRUE);
  g_signal_connect (self->password_row, "apply", G_CALLBACK (row_apply_cb), self);
  name_peek_icon (GTK_WIDGET (self->password_row));

  adw_preferences_group_add (server_group, GTK_WIDGET (self->url_row));
  adw_preferences_group_add (server_group, GTK_WIDGET (self->user_row));
  adw_preferences_group_add (server_group, GTK_WIDGET (self->password_row));

  /* Test connection, and its result as the row's subtitle. */
  self->test_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->test_row), _("Connection"));
  adw_action_row_set_subtitle (self->test_row, _("Not tested"));
  adw_action_row_set_subtitle_lines (self->test_row, 0);
  self->test_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  self->test_button = suffix_button (_("_Test Connection"),
                                     _("Connect to the server with this address, user name and password"));
  gtk_widget_set_name (self->test_button, "sync-test");
  g_signal_connect (self->test_button, "clicked", G_CALLBACK (test_clicked_cb), self);
  adw_action_row_add_suffix (self->test_row, GTK_WIDGET (self->test_spinner));
  adw_action_row_add_suffix (self->test_row, self->test_button);
  adw_preferences_group_add (server_group, GTK_WIDGET (self->test_row));

  /* A certificate that failed verification: why, and trusting it here only. */
  self->tls_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->tls_row), "sync-tls");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tls_row), _("The server’s certificate is not trusted"));
  adw_action_row_set_subtitle_lines (self->tls_row, 0);
  adw_action_row_set_icon_name (self->tls_row, "dialog-warning-symbolic");
  self->trust_button = suffix_button (_("T_rust for This Server"),
                                      _("Trust this certificate, by its fingerprint, for this server only"));
  gtk_widget_set_name (self->trust_button, "sync-trust");
  gtk_widget_add_css_class (self->trust_button, "destructive-action");
  g_signal_connect (self->trust_button, "clicked", G_CALLBACK (trust_clicked_cb), self);
  adw_action_row_add_suffix (self->tls_row, self->trust_button);
  gtk_widget_set_visible (GTK_WIDGET (self->tls_row), FALSE);
  adw_preferences_group_add (server_group, GTK_WIDGET (self->tls_row));

  sync_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  enabled_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (enabled_row), _("Sync with the server"));
  adw_action_row_set_subtitle (enabled_row, _("In the background. Changes made offline are kept and sent later."));
  self->enabled_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_name (GTK_WIDGET (self->enabled_switch), "sync-enabled");
  gtk_widget_set_valign (GTK_WIDGET (self->enabled_switch), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enabled_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sync with the server"), -1);
  adw_action_row_add_suffix (enabled_row, GTK_WIDGET (self->enabled_switch));
  adw_action_row_set_activatable_widget (enabled_row, GTK_WIDGET (self->enabled_switch));
  g_signal_connect (self->enabled_switch, "notify::active", G_CALLBACK (enabled_active_cb), self);
  adw_preferences_group_add (sync_group, GTK_WIDGET (enabled_row));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), sync_group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), server_group);

  load (self);
}

GtkWidget *
tkt_sync_page_new (TktStore *store)
{
  TktSyncPage *self;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  self = g_object_new (TKT_TYPE_SYNC_PAGE, NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

void
tkt_sync_page_set_controller (TktSyncPage       *self,
                              TktSyncController *controller)
{
  g_return_if_fail (TKT_IS_SYNC_PAGE (self));
  g_set_object (&self->controller, controller);
}

const char *
tkt_sync_page_get_test_result (TktSyncPage *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_PAGE (self), NULL);
  return self->test_result;
}
