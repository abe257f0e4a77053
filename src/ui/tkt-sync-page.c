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
#include "tkt-ui-util.h"
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
  AdwActionRow       *download_row;
  GtkWidget          *download_button;
  GtkSpinner         *download_spinner;
  AdwMessageDialog   *download_dialog;
  GtkFileChooserNative *download_chooser;
  char               *download_result;
  guint               download_unsent;
  gboolean            downloading;

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

/* Download again from the server */

static void
update_download (TktSyncPage *self)
{
  TktSyncController *controller = self->controller;
  TktSyncState state = controller != NULL ? tkt_sync_controller_get_state (controller) : TKT_SYNC_STATE_IDLE;
  gboolean can = controller != NULL &&
                 tkt_sync_controller_get_enabled (controller) &&
                 tkt_sync_controller_get_replicator (controller) != NULL &&
                 !tkt_sync_controller_get_downloading (controller) &&
                 state != TKT_SYNC_STATE_CONNECTING &&
                 state != TKT_SYNC_STATE_SYNCING &&
                 !self->downloading &&
                 self->download_dialog == NULL &&
                 self->download_chooser == NULL;

  if (self->download_button == NULL)
    return;
  gtk_widget_set_sensitive (self->download_button, can);
  if (self->downloading || self->download_result[0] != '\0')
    return;
  if (controller == NULL || !tkt_sync_controller_get_enabled (controller))
    adw_action_row_set_subtitle (self->download_row, _("Switch sync on first."));
  else if (!can)
    adw_action_row_set_subtitle (self->download_row, _("Available when sync is connected and not busy."));
  else
    adw_action_row_set_subtitle (self->download_row,
                                 _("Replaces the register on this computer with the server’s. "
                                   "Changes not sent yet are first saved to a file, to import later."));
}

static void
set_download_result (TktSyncPage *self,
                     const char  *text,
                     gboolean     ok)
{
  g_free (self->download_result);
  self->download_result = g_strdup (text);
  self->downloading = FALSE;
  adw_action_row_set_subtitle (self->download_row, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->download_row), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->download_row), ok ? "success" : "error");
  gtk_spinner_stop (self->download_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->download_spinner), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->download_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  /* The whole text is in the row; a toast that long would be cut. */
  show_toast (self, ok ? _("Downloaded again from the server.") : text);
  update_download (self);
}

typedef struct {
  TktSyncPage *self;
  GFile       *file;   /* nullable */
} DownloadData;

static void
download_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DownloadData *data = user_data;
  g_autoptr(TktSyncPage) self = data->self;
  g_autoptr(GFile) file = data->file;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_unsent = 0;

  g_free (data);
  if (!tkt_sync_controller_download_again_finish (TKT_SYNC_CONTROLLER (source), result, &n_unsent, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_download_result (self, error->message, FALSE);
      return;
    }
  if (file != NULL && n_unsent > 0)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: %s is the file the unsent changes were saved to. */
      text = g_strdup_printf (ngettext ("Downloaded again from the server. %u unsent change was saved to “%s”: import it to get it back.",
                                        "Downloaded again from the server. %u unsent changes were saved to “%s”: import it to get them back.",
                                        n_unsent),
                              n_unsent, name);
    }
  else
    text = g_strdup (_("Downloaded again from the server."));
  set_download_result (self, text, TRUE);
}

static void
download_start (TktSyncPage *self,
                GFile       *file)
{
  DownloadData *data;

  if (get_controller (self) == NULL)
    return;
  g_clear_pointer (&self->download_result, g_free);
  self->download_result = g_strdup ("");
  self->downloading = TRUE;
  gtk_widget_remove_css_class (GTK_WIDGET (self->download_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->download_row), "success");
  adw_action_row_set_subtitle (self->download_row,
                               file != NULL ? _("Saving the unsent changes, then downloading…")
                                            : _("Downloading…"));
  gtk_widget_set_visible (GTK_WIDGET (self->download_spinner), TRUE);
  gtk_spinner_start (self->download_spinner);
  update_download (self);

  data = g_new0 (DownloadData, 1);
  data->self = g_object_ref (self);
  data->file = file != NULL ? g_object_ref (file) : NULL;
  tkt_sync_controller_download_again_async (self->controller, file, self->cancellable,
                                            download_ready_cb, data);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     TktSyncPage     *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file == NULL)
        {
          /* GTK 4.8's own dialog (no portal) may answer only with the
           * folder and the name typed. */
          g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
          g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

          if (folder != NULL && name != NULL && name[0] != '\0')
            file = g_file_get_child_for_display_name (folder, name, NULL);
        }
    }
  g_signal_handlers_disconnect_by_data (chooser, self);
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->download_chooser);
  if (file != NULL)
    download_start (self, file);
  else
    update_download (self);
}

static void
choose_file (TktSyncPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("tongket-unsent-%s.json", date);

  self->download_chooser = gtk_file_chooser_native_new (_("Save Unsent Changes"),
                                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->download_chooser), TRUE);
  gtk_file_filter_set_name (json, _("JSON documents"));
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->download_chooser), json);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->download_chooser), name);
  g_signal_connect (self->download_chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->download_chooser));
  update_download (self);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TktSyncPage      *self)
{
  self->download_dialog = NULL;
  if (g_strcmp0 (response, "download") != 0)
    {
      update_download (self);
      return;
    }
  if (self->download_unsent > 0)
    choose_file (self);
  else
    download_start (self, NULL);
}

static void
download_clicked_cb (GtkButton   *button,
                     TktSyncPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (get_controller (self) == NULL || self->download_dialog != NULL || self->download_chooser != NULL)
    return;

  self->download_unsent = tkt_sync_controller_count_unsent (self->controller);
  if (self->download_unsent > 0)
    body = g_strdup_printf (ngettext ("%u change made on this computer has not been sent to the server yet. "
                                      "It will first be saved to a file you choose; you can import it again afterwards.\n\n"
                                      "Then the register on this computer is deleted and downloaded again from the server.",
                                      "%u changes made on this computer have not been sent to the server yet. "
                                      "They will first be saved to a file you choose; you can import it again afterwards.\n\n"
                                      "Then the register on this computer is deleted and downloaded again from the server.",
                                      self->download_unsent),
                            self->download_unsent);
  else
    body = g_strdup (_("Every change made on this computer has been sent to the server.\n\n"
                       "The register on this computer is deleted and downloaded again from the server."));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Download Again from the Server?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "download", self->download_unsent > 0 ? _("_Save and Download Again…")
                                                                          : _("_Download Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "download",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "sync-download-again-dialog");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), self);
  self->download_dialog = ADW_MESSAGE_DIALOG (dialog);
  update_download (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
page_map_cb (TktSyncPage *self)
{
  get_controller (self);
  update_download (self);
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
        tkt_accessible_set_label (child, _("Show or hide the password"));
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
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  if (self->download_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->download_dialog));
  if (self->download_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->download_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->download_chooser));
      g_clear_object (&self->download_chooser);
    }

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
  g_free (self->download_result);
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
  AdwPreferencesGroup *server_group, *sync_group, *copy_group;
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
  adw_action_row_add_suffix (enabled_row, GTK_WIDGET (self->enabled_switch));
  adw_action_row_set_activatable_widget (enabled_row, GTK_WIDGET (self->enabled_switch));
  g_signal_connect (self->enabled_switch, "notify::active", G_CALLBACK (enabled_active_cb), self);
  adw_preferences_group_add (sync_group, GTK_WIDGET (enabled_row));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), sync_group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), server_group);

  /* Download again: this computer's copy rebuilt from the server's. */
  copy_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (copy_group, _("This Computer’s Copy"));
  self->download_result = g_strdup ("");
  self->download_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->download_row), "sync-download-again-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->download_row), _("Download Again from the Server"));
  adw_action_row_set_subtitle_lines (self->download_row, 0);
  self->download_spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->download_spinner), FALSE);
  tkt_accessible_set_label (self->download_spinner, _("Downloading…"));
  self->download_button = suffix_button (_("_Download Again…"),
                                         _("Delete the register on this computer and download it again from the server"));
  gtk_widget_set_name (self->download_button, "sync-download-again");
  tkt_accessible_set_label (self->download_button, _("Download Again from the Server"));
  g_signal_connect (self->download_button, "clicked", G_CALLBACK (download_clicked_cb), self);
  adw_action_row_add_suffix (self->download_row, GTK_WIDGET (self->download_spinner));
  adw_action_row_add_suffix (self->download_row, self->download_button);
  adw_preferences_group_add (copy_group, GTK_WIDGET (self->download_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), copy_group);
  g_signal_connect (self, "map", G_CALLBACK (page_map_cb), NULL);
  update_download (self);

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

  if (self->controller == controller)
    return;
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    g_signal_connect_swapped (controller, "changed", G_CALLBACK (update_download), self);
  update_download (self);
}

AdwMessageDialog *
tkt_sync_page_get_download_dialog (TktSyncPage *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_PAGE (self), NULL);
  return self->download_dialog;
}

GtkFileChooserNative *
tkt_sync_page_get_download_chooser (TktSyncPage *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_PAGE (self), NULL);
  return self->download_chooser;
}

const char *
tkt_sync_page_get_download_result (TktSyncPage *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_PAGE (self), NULL);
  return self->download_result;
}

const char *
tkt_sync_page_get_test_result (TktSyncPage *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_PAGE (self), NULL);
  return self->test_result;
}
