/* tkt-application.c — the AdwApplication subclass: options, app actions,
 * accelerators, and one main window per database file. */

#define G_LOG_DOMAIN "tkt-application"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tkt-application.h"
#include "tkt-preferences-window.h"
#include "tkt-store.h"
#include "tkt-ui-util.h"
#include "tkt-window.h"

struct _TktApplication
{
  AdwApplication parent_instance;

  char *db_path;
};

G_DEFINE_FINAL_TYPE (TktApplication, tkt_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database file PATH instead of the default one"), N_("PATH") },
  { "present", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Present the slides of the ceremony ID (full screen, with the presenter console)"), N_("ID") },
  { NULL }
};

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "tongket", "tongket.db", NULL);
}

/* The main window showing this database file, if one is open. */
static TktWindow *
find_window_for_path (TktApplication *self,
                      const char     *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      TktStore *store;

      if (!TKT_IS_WINDOW (l->data))
        continue;

      store = tkt_window_get_store (TKT_WINDOW (l->data));
      if (store != NULL && g_strcmp0 (tkt_store_get_path (store), path) == 0)
        return TKT_WINDOW (l->data);
    }

  return NULL;
}

static GtkWindow *
get_main_window (TktApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (TKT_IS_WINDOW (window))
    return window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (TKT_IS_WINDOW (l->data))
      return GTK_WINDOW (l->data);

  return window;
}

static void
open_error_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_open_error (TktApplication *self,
                 const char     *path,
                 const GError   *error)
{
  AdwMessageDialog *dialog;
  g_autofree char *display = g_filename_display_name (path);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_main_window (self),
                                                       _("Cannot Open the Database"),
                                                       NULL));
  /* The store's messages name the file and say it was left as it was;
   * others (a folder that cannot be made) get the name added. */
  if (strstr (error->message, display) != NULL || strstr (error->message, path) != NULL)
    adw_message_dialog_set_body (dialog, error->message);
  else
    adw_message_dialog_format_body (dialog, _("“%s” could not be opened: %s"),
                                    display, error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (open_error_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

const char *
tkt_application_choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return NULL;
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return NULL;

  /* Measured with tests/bench-present at 1920×1080 without a GPU: the
   * next slide on screen in 16–23 ms through GL on llvmpipe, 11–13 ms
   * with cairo (README). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  return "cairo";
}

/* tests/bench-startup: with TKT_BENCH_FIRST_FRAME set, the monotonic time
 * of the main window's first painted frame goes to the standard output,
 * and the application quits. */
static void
bench_after_paint_cb (GdkFrameClock *clock,
                      GtkWindow     *window)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, window);
  /* As Ctrl+Q: the windows close, and the database with them. */
  g_action_group_activate_action (G_ACTION_GROUP (gtk_window_get_application (window)), "quit", NULL);
}

static void
bench_realize_cb (GtkWindow *window)
{
  GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));

  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), window);
}

/* Opens the database at path in a new main window, or presents the window
 * that already shows it.  On failure shows the error and returns FALSE. */
static gboolean
open_database (TktApplication *self,
               const char     *path)
{
  g_autoptr(TktStore) store = NULL;
  g_autoptr(GError) error = NULL;
  TktWindow *window;

  window = find_window_for_path (self, path);
  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return TRUE;
    }

  store = tkt_store_open (path, &error);
  if (store == NULL)
    {
      g_debug ("Cannot open %s: %s", path, error->message);
      show_open_error (self, path, error);
      return FALSE;
    }

  g_free (self->db_path);
  self->db_path = g_strdup (path);

  window = tkt_window_new (ADW_APPLICATION (self), store);
  if (g_getenv ("TKT_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (bench_realize_cb), NULL);
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) != NULL)
    tkt_name_search_entries (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))),
                             _("Search shortcuts"));
  gtk_window_present (GTK_WINDOW (window));

  return TRUE;
}

static gboolean
open_default_database (TktApplication *self)
{
  g_autofree char *path = default_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autoptr(GError) error = NULL;

      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      show_open_error (self, path, error);
      return FALSE;
    }

  return open_database (self, path);
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  TktApplication *self = TKT_APPLICATION (user_data);
  GtkWindow *window = get_main_window (self);
  GtkWidget *preferences;

  if (!TKT_IS_WINDOW (window))
    return;

  preferences = tkt_preferences_window_new (tkt_window_get_store (TKT_WINDOW (window)));
  tkt_name_search_entries (preferences, _("Search preferences"));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TktApplication *self = TKT_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_main_window (self),
                        "modal", TRUE,
                        "application-name", "Tongket",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Tongket developers"),
                        "copyright", _("© 2026 The Tongket developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("The register of science and technology tasks of a provincial Department of Science and Technology: from proposal to acceptance and the transfer of results."),
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TktApplication *self = TKT_APPLICATION (user_data);
  GList *windows;

  /* Close the windows first so each saves its state and cancels its work. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_entries[] = {
  { "preferences", preferences_activated_cb },
  { "about", about_activated_cb },
  { "quit", quit_activated_cb },
};

static void
tkt_application_startup (GApplication *application)
{
  TktApplication *self = TKT_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.import", { "<Control>o", NULL } },
    { "win.export", { "<Control><Shift>e", NULL } },
    { "win.sync-now", { "<Control>r", NULL } },
    { "win.show-sidebar", { "F9", NULL } },
    { "win.show-area::tasks", { "<Alt>1", NULL } },
    { "win.show-area::reports", { "<Alt>2", NULL } },
    { "win.show-area::ceremonies", { "<Alt>3", NULL } },
    { "win.show-area::conflicts", { "<Alt>4", NULL } },
    { "win.focus-list", { "<Control>l", NULL } },
    { "window.close", { "<Control>w", NULL } },
    /* The pages' actions: their own shortcut controllers run them (an
     * accelerator here runs an action looked up from the window, which
     * does not see a page's actions); listed here as well so that menus,
     * buttons' tooltips and the Keyboard Shortcuts window show the keys
     * (tests/test-ui-a11y.c checks the two agree). */
    { "task.new", { "<Control>n", NULL } },
    { "task.search", { "<Control>f", NULL } },
    { "task.save", { "<Control>s", NULL } },
    { "task.duplicate", { "<Control>d", NULL } },
    { "task.delete", { "Delete", NULL } },
    { "report.new", { "<Control>n", NULL } },
    { "report.save", { "<Control>s", NULL } },
    { "report.export-pdf", { "<Control>e", NULL } },
    { "report.print", { "<Control>p", NULL } },
    { "ceremony.new", { "<Control>n", NULL } },
    { "ceremony.save", { "<Control>s", NULL } },
    { "ceremony.export-script-pdf", { "<Control>e", NULL } },
    { "ceremony.print", { "<Control>p", NULL } },
    { "ceremony.present", { "F5", NULL } },
    /* A date row's own (TktDateRow), wherever a date is typed. */
    { "date.open-calendar", { "<Alt>Down", NULL } },
  };

  G_APPLICATION_CLASS (tkt_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

static void
tkt_application_activate (GApplication *application)
{
  TktApplication *self = TKT_APPLICATION (application);
  GtkWindow *window = get_main_window (self);

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  open_default_database (self);
}

static int
tkt_application_command_line (GApplication            *application,
                              GApplicationCommandLine *command_line)
{
  TktApplication *self = TKT_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *db_arg = NULL;
  const char *present_arg = NULL;
  g_autofree char *opened = NULL;
  gboolean ok;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db_arg) && db_arg[0] != '\0')
    {
      /* Relative to the directory of the process that was started. */
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, db_arg);
      g_autofree char *path = g_file_get_path (file);

      opened = g_strdup (path != NULL ? path : db_arg);
      ok = open_database (self, opened);
    }
  else
    {
      GtkWindow *window = get_main_window (self);

      if (window != NULL)
        {
          gtk_window_present (window);
          ok = TRUE;
        }
      else
        {
          ok = open_default_database (self);
        }
    }

  if (ok && g_variant_dict_lookup (options, "present", "&s", &present_arg))
    {
      g_autoptr(GError) error = NULL;
      GtkWindow *window = opened != NULL ? GTK_WINDOW (find_window_for_path (self, opened)) : NULL;

      if (window == NULL)
        window = get_main_window (self);
      ok = TKT_IS_WINDOW (window) && tkt_window_present_ceremony (TKT_WINDOW (window), present_arg, &error);
      if (!ok && error != NULL)
        tkt_show_error (GTK_WIDGET (window), _("Cannot Present the Ceremony"), error->message);
    }

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

static void
tkt_application_finalize (GObject *object)
{
  TktApplication *self = TKT_APPLICATION (object);

  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (tkt_application_parent_class)->finalize (object);
}

static void
tkt_application_class_init (TktApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tkt_application_finalize;

  app_class->startup = tkt_application_startup;
  app_class->activate = tkt_application_activate;
  app_class->command_line = tkt_application_command_line;
}

static void
tkt_application_init (TktApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Tongket keeps the register of science and technology tasks."));
}

TktApplication *
tkt_application_new (void)
{
  return g_object_new (TKT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/tongket/Tongket",
                       NULL);
}

const char *
tkt_application_get_db_path (TktApplication *self)
{
  g_return_val_if_fail (TKT_IS_APPLICATION (self), NULL);

  return self->db_path;
}
