/* test-widgets.c — every widget class is created, shown, destroyed and
 * finalized (a leaked reference fails the test), and the shell's widgets do
 * what a user expects: the window shows the Tasks page, the preferences edit
 * the programme and sector lists through the store, every accelerator is in
 * the shortcuts window, a damaged database gets an error dialog and is left
 * untouched.  Runs under Xvfb. */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "tkt-application.h"
#include "tkt-award.h"
#include "tkt-catalog.h"
#include "tkt-catalog-editor.h"
#include "tkt-preferences-window.h"
#include "tkt-report-page.h"
#include "tkt-ceremony-page.h"
#include "tkt-ceremony.h"
#include "tkt-store.h"
#include "tkt-task-page.h"
#include "tkt-window.h"
#include "tkt-date-row.h"
#include "tkt-money-row.h"
#include "tkt-demo.h"
#include "tkt-slide-view.h"
#include "tkt-slides-editor.h"
#include "tkt-stage-dialog.h"
#include "tkt-task-editor.h"
#include "tkt-transfer-dialog.h"
#include "tkt-conflicts-page.h"
#include "tkt-ui-util.h"
#include "tkt-history-window.h"
#include "tkt-sync-controller.h"
#include "tkt-sync-page.h"
#include "tkt-sync-status.h"

static char *tmp_dir;
static TktApplication *app;
static guint db_counter;

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Spins the main loop for ms milliseconds (lets windows map and draw). */
static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  spin ();
}

static TktStore *
new_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("widgets-%u.db", ++db_counter);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  TktStore *store = tkt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

/* The nth (0-based) descendant of widget of type, depth first. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 guint     *nth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        {
          if (*nth == 0)
            return child;
          (*nth)--;
        }

      found = find_descendant (child, type, nth);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_nth (GtkWidget *widget,
          GType      type,
          guint      nth)
{
  return find_descendant (widget, type, &nth);
}

/* A button whose tooltip (and accessible label) is label. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  GtkWidget *button;

  for (guint i = 0; (button = find_nth (widget, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (button), label) == 0)
      return button;

  return NULL;
}

static guint
count_descendants (GtkWidget *widget,
                   GType      type)
{
  guint n = 0;

  while (find_nth (widget, type, n) != NULL)
    n++;

  return n;
}

/* Shows a widget in a window, then destroys the window and checks that
 * the widget is finalized: the new/destroy leak test. */
static void
show_and_finalize (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref (widget);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (50);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (widget);
}

/* A row lives in a list box. */
static void
show_row_and_finalize (GtkWidget *row)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_object_ref (row);
  show_and_finalize (list);
  g_assert_finalize_object (row);
}

/* A toplevel: present, destroy, finalize. */
static void
present_and_finalize (GtkWindow *window)
{
  g_object_ref (window);
  gtk_window_present (window);
  spin_for (50);
  gtk_window_destroy (window);
  spin ();
  g_assert_finalize_object (window);
}

/* TktApplication */

static void
test_application_new (void)
{
  TktApplication *application = tkt_application_new ();

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (application)), ==, APP_ID);
  g_assert_true (g_application_get_flags (G_APPLICATION (application)) & G_APPLICATION_HANDLES_COMMAND_LINE);
  g_assert_null (tkt_application_get_db_path (application));
  g_assert_finalize_object (application);
}

/* The shared application was registered in main(): its startup installed
 * the app actions and the accelerators. */
static void
test_application_actions (void)
{
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) new_accels = NULL;
  g_auto(GStrv) help_accels = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (g_strv_contains ((const char * const *) quit_accels, "<Control>q"));
  new_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "task.new");
  g_assert_true (g_strv_contains ((const char * const *) new_accels, "<Control>n"));
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help_accels, "<Control>question"));
}

typedef struct {
  gboolean saw_dialog;
  gboolean saw_main_window;
  char    *body;
} BadDbState;

static gboolean
close_error_dialog_cb (gpointer user_data)
{
  BadDbState *state = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (TKT_IS_WINDOW (window))
        state->saw_main_window = TRUE;

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          state->saw_dialog = TRUE;
          state->body = g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)));
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "close");
        }
    }

  if (!state->saw_dialog)
    return G_SOURCE_CONTINUE;

  return G_SOURCE_REMOVE;
}

static void
test_application_bad_database (void)
{
  TktApplication *application = tkt_application_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "not-a-database.db", NULL);
  static const char junk[] = "This is a letter, not a database.\n";
  g_autofree char *after = NULL;
  gsize after_len = 0;
  BadDbState state = { 0 };
  char *argv[] = { (char *) "tongket", (char *) "--db", path, NULL };

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));

  /* Another id: the shared application already holds APP_ID's object path
   * on the session bus. */
  g_application_set_application_id (G_APPLICATION (application), APP_ID ".BadDatabase");
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) | G_APPLICATION_NON_UNIQUE);
  g_timeout_add (50, close_error_dialog_cb, &state);

  /* Runs until the dialog is closed; then no window is left and it returns. */
  g_application_run (G_APPLICATION (application), G_N_ELEMENTS (argv) - 1, argv);

  g_assert_true (state.saw_dialog);
  g_assert_false (state.saw_main_window);
  g_assert_nonnull (state.body);
  g_assert_nonnull (strstr (state.body, "not-a-database.db"));
  g_free (state.body);

  /* The file is left byte for byte as it was. */
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, junk, strlen (junk));

  g_assert_finalize_object (application);
}

/* TktWindow */

static void
test_window_new (void)
{
  TktStore *store = new_store ();
  TktWindow *window = tkt_window_new (ADW_APPLICATION (app), store);
  GtkStack *stack;
  GtkWidget *page;

  g_assert_true (tkt_window_get_store (window) == store);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (100);

  /* The Tasks area is the page shown, with the window's store. */
  stack = GTK_STACK (find_nth (GTK_WIDGET (window), GTK_TYPE_STACK, 0));
  g_assert_nonnull (stack);
  page = gtk_stack_get_visible_child (stack);
  g_assert_true (TKT_IS_TASK_PAGE (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "tasks");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));

  /* The primary menu: Import, Export, Preferences, Keyboard Shortcuts, About. */
  {
    static const char *expected[] = {
      "win.import", "win.export", "app.preferences", "win.show-help-overlay", "app.about",
    };
    GtkWidget *button = NULL;
    GMenuModel *menu;
    guint n = 0;

    for (guint i = 0; (button = find_nth (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), "open-menu-symbolic") == 0)
        break;
    g_assert_nonnull (button);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Main Menu");
    menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
    g_assert_nonnull (menu);

    for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
      {
        GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

        for (int i = 0; i < g_menu_model_get_n_items (section); i++)
          {
            g_autofree char *action = NULL;
            g_autofree char *label = NULL;

            g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
            g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
            g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
            g_assert_cmpstr (action, ==, expected[n]);
            g_assert_cmpstr (label, !=, "");
            n++;
          }
        g_object_unref (section);
      }
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (window);
  g_assert_finalize_object (store);
}

static void
test_window_saves_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TktStore *store = new_store ();
  TktWindow *window;
  int width = 0, height = 0;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 650);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = tkt_window_new (ADW_APPLICATION (app), store);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 650);

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (50);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  spin_for (50);
  gtk_window_close (GTK_WINDOW (window));
  spin ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_assert_finalize_object (window);
  g_assert_finalize_object (store);
}

/* TktPreferencesWindow and TktCatalogEditor */

static GtkWidget *
find_editor (GtkWidget  *window,
             const char *doc_type)
{
  GtkWidget *editor;

  for (guint i = 0; (editor = find_nth (window, TKT_TYPE_CATALOG_EDITOR, i)) != NULL; i++)
    if (g_strcmp0 (tkt_catalog_editor_get_doc_type (TKT_CATALOG_EDITOR (editor)), doc_type) == 0)
      return editor;

  return NULL;
}

static void
test_preferences_new (void)
{
  TktStore *store = new_store ();
  GtkWidget *prefs = tkt_preferences_window_new (store);
  g_autoptr(GPtrArray) programmes = tkt_catalog_list_programmes (store);
  g_autoptr(GPtrArray) sectors = tkt_catalog_list_sectors (store);
  GtkWidget *programme_editor, *sector_editor;

  g_assert_true (tkt_preferences_window_get_store (TKT_PREFERENCES_WINDOW (prefs)) == store);
  g_object_ref (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  spin_for (50);

  /* One row per shipped programme and sector. */
  programme_editor = find_editor (prefs, "programme");
  sector_editor = find_editor (prefs, "sector");
  g_assert_nonnull (programme_editor);
  g_assert_nonnull (sector_editor);
  g_assert_cmpuint (programmes->len, >, 0);
  g_assert_cmpuint (sectors->len, >, 0);
  g_assert_cmpuint (count_descendants (programme_editor, ADW_TYPE_ENTRY_ROW), ==, programmes->len);
  g_assert_cmpuint (count_descendants (sector_editor, ADW_TYPE_ENTRY_ROW), ==, sectors->len);

  gtk_window_destroy (GTK_WINDOW (prefs));
  spin ();
  g_assert_finalize_object (prefs);
  g_assert_finalize_object (store);
}

static gboolean
names_contain (GPtrArray  *docs,
               const char *name)
{
  for (guint i = 0; i < docs->len; i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (docs, i), "name", NULL), name) == 0)
      return TRUE;

  return FALSE;
}

static void
test_preferences_edit_lists (void)
{
  TktStore *store = new_store ();
  GtkWidget *prefs = tkt_preferences_window_new (store);
  GtkWidget *editor, *row, *add_button, *remove_button;
  g_autoptr(GPtrArray) before = tkt_catalog_list_sectors (store);
  g_autoptr(GPtrArray) renamed = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *first_name = NULL;

  g_object_ref (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  spin_for (50);
  editor = find_editor (prefs, "sector");
  g_assert_nonnull (editor);

  /* Rename the first sector in place: type, then apply. */
  row = find_nth (editor, ADW_TYPE_ENTRY_ROW, 0);
  g_assert_nonnull (row);
  first_id = g_strdup (json_object_get_string_member (g_ptr_array_index (before, 0), "_id"));
  first_name = g_strdup (json_object_get_string_member (g_ptr_array_index (before, 0), "name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, first_name);
  gtk_editable_set_text (GTK_EDITABLE (row), "  y tế cộng đồng ");
  g_signal_emit_by_name (row, "apply");
  renamed = tkt_catalog_list_sectors (store);
  g_assert_true (names_contain (renamed, "y tế cộng đồng"));
  g_assert_false (names_contain (renamed, first_name));
  g_assert_cmpuint (renamed->len, ==, before->len);

  /* An empty name is refused and shown as an error on the row. */
  row = find_nth (editor, ADW_TYPE_ENTRY_ROW, 0);
  gtk_editable_set_text (GTK_EDITABLE (row), "   ");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  refused = tkt_catalog_list_sectors (store);
  g_assert_true (names_contain (refused, "y tế cộng đồng"));
  gtk_editable_set_text (GTK_EDITABLE (row), "y tế cộng đồng");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* Add: a new sector with a name the user can type over. */
  add_button = find_button (editor, "Add Sector");
  g_assert_nonnull (add_button);
  g_signal_emit_by_name (add_button, "clicked");
  added = tkt_catalog_list_sectors (store);
  g_assert_cmpuint (added->len, ==, before->len + 1);
  g_assert_true (names_contain (added, "New sector"));
  g_assert_cmpuint (count_descendants (editor, ADW_TYPE_ENTRY_ROW), ==, before->len + 1);

  /* Remove the renamed sector (its button says its new name), then Undo
   * through the toast's action. */
  remove_button = find_button (editor, "Remove “y tế cộng đồng”");
  g_assert_nonnull (remove_button);
  g_signal_emit_by_name (remove_button, "clicked");
  spin ();
  removed = tkt_catalog_list_sectors (store);
  g_assert_cmpuint (removed->len, ==, before->len);
  g_assert_false (names_contain (removed, "y tế cộng đồng"));
  g_assert_cmpuint (count_descendants (editor, ADW_TYPE_ENTRY_ROW), ==, before->len);

  g_assert_true (gtk_widget_activate_action (prefs, "prefs.undo-remove", "s", first_id));
  restored = tkt_catalog_list_sectors (store);
  g_assert_true (names_contain (restored, "y tế cộng đồng"));
  g_assert_cmpuint (count_descendants (editor, ADW_TYPE_ENTRY_ROW), ==, before->len + 1);

  gtk_window_destroy (GTK_WINDOW (prefs));
  spin ();
  g_assert_finalize_object (prefs);
  g_assert_finalize_object (store);
}

/* The dialog the preferences window opened for an award form. */
static AdwMessageDialog *
find_dialog (GtkWidget *parent)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (parent) &&
        gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static GtkWidget *
find_row_titled (GtkWidget  *widget,
                 const char *title)
{
  GtkWidget *row;

  for (guint i = 0; (row = find_nth (widget, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return row;

  return NULL;
}

/* Position of the form named name in tkt_award_forms_list, or -1. */
static int
form_index (TktStore   *store,
            const char *name)
{
  g_autoptr(GPtrArray) forms = tkt_award_forms_list (store);

  for (guint i = 0; i < forms->len; i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (forms, i), "name", NULL), name) == 0)
      return (int) i;

  return -1;
}

/* The award-form catalogue is editable: add a form in its dialog (the
 * authority rank places it among the Minister's forms), rename it, remove
 * it and Undo. */
static void
test_preferences_award_forms (void)
{
  TktStore *store = new_store ();
  GtkWidget *prefs = tkt_preferences_window_new (store);
  g_autoptr(GPtrArray) before = tkt_award_forms_list (store);
  g_autoptr(GPtrArray) after = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  GtkWidget *row;
  JsonObject *form;
  int minister_medal;
  int added;

  g_assert_cmpuint (before->len, >, 0);
  g_object_ref (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  spin_for (50);

  /* Every form of the catalogue is listed, with its authority. */
  row = find_row_titled (prefs, "Cờ Thi đua của Chính phủ");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Thủ tướng Chính phủ"));
  g_assert_nonnull (find_row_titled (prefs, "Giấy khen của Giám đốc Sở"));

  /* Add: a dialog; nothing can be saved without a name and an authority. */
  button = find_button (prefs, "Add Award Form");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  spin ();
  dialog = find_dialog (prefs);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (find_nth (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 0)),
                         "Bằng khen của Bộ trưởng Bộ Nội vụ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (find_nth (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 1)),
                         "Bộ trưởng Bộ Nội vụ");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_nth (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, 0)), 2);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  spin ();

  /* It is in the catalogue, in presentation order: after the Minister of
   * Science's forms (rank 3), before the provincial Chairman's (rank 4). */
  after = tkt_award_forms_list (store);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  added = form_index (store, "Bằng khen của Bộ trưởng Bộ Nội vụ");
  minister_medal = form_index (store, "Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”");
  g_assert_cmpint (added, ==, minister_medal + 1);
  form = g_ptr_array_index (after, added);
  g_assert_cmpint (json_object_get_int_member (form, "authority_rank"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (form, "authority"), ==, "Bộ trưởng Bộ Nội vụ");
  g_assert_true (json_object_get_boolean_member (form, "collective"));
  g_assert_true (json_object_get_boolean_member (form, "individual"));
  g_assert_nonnull (find_row_titled (prefs, "Bằng khen của Bộ trưởng Bộ Nội vụ"));

  /* Rename it through its Edit button; individuals only. */
  button = find_button (prefs, "Edit “Bằng khen của Bộ trưởng Bộ Nội vụ”");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  spin ();
  dialog = find_dialog (prefs);
  g_assert_nonnull (dialog);
  row = find_nth (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Bằng khen của Bộ trưởng Bộ Nội vụ");
  gtk_editable_set_text (GTK_EDITABLE (row), "  Bằng khen của Bộ trưởng Bộ Công an ");
  gtk_switch_set_active (GTK_SWITCH (find_nth (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, 0)), FALSE);
  adw_message_dialog_response (dialog, "save");
  spin ();
  g_assert_cmpint (form_index (store, "Bằng khen của Bộ trưởng Bộ Nội vụ"), ==, -1);
  added = form_index (store, "Bằng khen của Bộ trưởng Bộ Công an");
  g_assert_cmpint (added, ==, minister_medal + 1);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = tkt_award_forms_list (store);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  form = g_ptr_array_index (after, added);
  g_assert_false (json_object_get_boolean_member (form, "collective"));
  g_assert_true (json_object_get_boolean_member (form, "individual"));
  g_assert_nonnull (find_row_titled (prefs, "Bằng khen của Bộ trưởng Bộ Công an"));
  g_assert_null (find_row_titled (prefs, "Bằng khen của Bộ trưởng Bộ Nội vụ"));

  /* Remove it, then Undo through the toast's action. */
  button = find_button (prefs, "Remove “Bằng khen của Bộ trưởng Bộ Công an”");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  spin ();
  g_assert_cmpint (form_index (store, "Bằng khen của Bộ trưởng Bộ Công an"), ==, -1);
  g_assert_null (find_row_titled (prefs, "Bằng khen của Bộ trưởng Bộ Công an"));
  g_assert_true (gtk_widget_activate_action (prefs, "prefs.undo-remove", "s",
                                             json_object_get_string_member (form, "_id")));
  g_assert_cmpint (form_index (store, "Bằng khen của Bộ trưởng Bộ Công an"), ==, minister_medal + 1);
  g_assert_nonnull (find_row_titled (prefs, "Bằng khen của Bộ trưởng Bộ Công an"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  spin ();
  g_assert_finalize_object (prefs);
  g_clear_pointer (&after, g_ptr_array_unref);
  g_clear_pointer (&before, g_ptr_array_unref);
  g_assert_finalize_object (store);
}

static void
test_preferences_organisation (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TktStore *store = new_store ();
  GtkWidget *prefs = tkt_preferences_window_new (store);
  GtkWidget *row = NULL;
  GtkWidget *candidate;

  g_settings_reset (settings, "organisation");
  g_assert_cmpstr (g_settings_get_string (settings, "organisation"), ==, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");

  for (guint i = 0; (candidate = find_nth (prefs, ADW_TYPE_ENTRY_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (candidate)), "Organisation") == 0)
      row = candidate;
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");

  gtk_editable_set_text (GTK_EDITABLE (row), "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH ĐIỆN BIÊN");
  g_assert_cmpstr (g_settings_get_string (settings, "organisation"), ==,
                   "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH ĐIỆN BIÊN");
  g_settings_reset (settings, "organisation");

  present_and_finalize (GTK_WINDOW (prefs));
  g_assert_finalize_object (store);
}

static void
test_catalog_editor_new (void)
{
  TktStore *store = new_store ();
  GtkWidget *editor = tkt_catalog_editor_new (store, "programme");

  g_assert_cmpstr (tkt_catalog_editor_get_doc_type (TKT_CATALOG_EDITOR (editor)), ==, "programme");
  show_and_finalize (editor);
  g_assert_finalize_object (store);
}

/* The shortcuts window */

static void
collect_accelerators (GtkWidget  *widget,
                      GPtrArray  *accels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (child))
        {
          char *accel = NULL;

          g_object_get (child, "accelerator", &accel, NULL);
          g_ptr_array_add (accels, accel);
        }
      collect_accelerators (child, accels);
    }
}

static gboolean
accel_listed (GPtrArray  *listed,
              const char *accel)
{
  guint key, listed_key;
  GdkModifierType mods, listed_mods;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));

  for (guint i = 0; i < listed->len; i++)
    {
      g_auto(GStrv) alternatives = g_strsplit (g_ptr_array_index (listed, i), " ", -1);

      for (guint j = 0; alternatives[j] != NULL; j++)
        if (gtk_accelerator_parse (alternatives[j], &listed_key, &listed_mods) &&
            listed_key == key && listed_mods == mods)
          return TRUE;
    }

  return FALSE;
}

/* The slide view, empty and showing the demo conference's deck, with the
 * next slides rendered ahead. */
static void
test_slide_view_new (void)
{
  TktStore *store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(TktDeck) deck = NULL;
  TktSlideTheme theme;
  GtkWidget *view = tkt_slide_view_new ();
  GtkWidget *window;

  show_and_finalize (view);

  g_assert_true (tkt_demo_fill (store, &error));
  g_assert_no_error (error);
  ceremony = tkt_ceremony_load (store, "ceremony:demo-2023", &error);
  g_assert_no_error (error);
  deck = tkt_deck_new (store, ceremony, &error);
  g_assert_no_error (error);
  tkt_slide_theme_init (&theme, TKT_SLIDE_THEME_DARK);

  view = tkt_slide_view_new ();
  tkt_slide_view_set_deck (TKT_SLIDE_VIEW (view), deck, &theme, TKT_SLIDE_ASPECT_16_9);
  tkt_slide_view_set_index (TKT_SLIDE_VIEW (view), 1);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  g_object_ref (view);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (300);
  /* Painted, and the next two slides and the one before are ready. */
  g_assert_true (tkt_slide_view_is_cached (TKT_SLIDE_VIEW (view), 1));
  g_assert_true (tkt_slide_view_is_cached (TKT_SLIDE_VIEW (view), 2));
  g_assert_true (tkt_slide_view_is_cached (TKT_SLIDE_VIEW (view), 3));
  g_assert_true (tkt_slide_view_is_cached (TKT_SLIDE_VIEW (view), 0));
  g_assert_false (tkt_slide_view_is_cached (TKT_SLIDE_VIEW (view), 5));
  tkt_slide_view_set_blank (TKT_SLIDE_VIEW (view), TKT_SLIDE_BLANK_WHITE);
  spin_for (30);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (view);
  g_clear_pointer (&deck, tkt_deck_free);
  g_clear_object (&ceremony);
  g_assert_finalize_object (store);
}

static void
test_slides_editor_new (void)
{
  TktStore *store = new_store ();
  g_autoptr(GError) error = NULL;
  TktCeremony *ceremony;
  GtkWidget *editor = tkt_slides_editor_new ();

  show_and_finalize (editor);

  g_assert_true (tkt_demo_fill (store, &error));
  g_assert_no_error (error);
  ceremony = tkt_ceremony_load (store, "ceremony:demo-2023", &error);
  g_assert_no_error (error);
  editor = tkt_slides_editor_new ();
  tkt_slides_editor_set_theme (TKT_SLIDES_EDITOR (editor), TKT_SLIDE_THEME_HIGH_CONTRAST);
  tkt_slides_editor_set_ceremony (TKT_SLIDES_EDITOR (editor), store, ceremony);
  g_assert_nonnull (tkt_slides_editor_get_deck (TKT_SLIDES_EDITOR (editor)));
  /* An edit pending its rebuild when the editor goes. */
  g_assert_true (gtk_widget_activate_action (editor, "deck.show", "(sb)", "agenda", FALSE));
  show_and_finalize (editor);
  g_assert_finalize_object (ceremony);
  g_assert_finalize_object (store);
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/tongket/Tongket/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) actions = NULL;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  collect_accelerators (overlay, listed);
  g_assert_cmpuint (listed->len, >=, 10);

  /* Every accelerator the application sets is listed for the user. */
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_assert_cmpuint (g_strv_length (actions), >=, 8);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        if (!accel_listed (listed, accels[j]))
          g_error ("%s (%s) is not in the shortcuts window", accels[j], actions[i]);
    }

  /* Presented as the user sees it.  (GTK 4.8 warns "GtkLabel reported
   * min width -4" for the "+" between keycaps on a second, hidden page of
   * shortcuts: keep them on one page, see max-height.) */
  g_clear_object (&builder);
  present_and_finalize (GTK_WINDOW (overlay));
}

/* The Tasks area (the other widget classes) */

static void
test_task_page_new (void)
{
  TktStore *store = new_store ();
  GtkWidget *page = tkt_task_page_new (store);

  show_and_finalize (page);
  g_assert_finalize_object (store);
}

/* The Reports area, empty and with a report shown. */
static void
test_report_page_new (void)
{
  TktStore *store = new_store ();
  GtkWidget *page = tkt_report_page_new (store);

  show_and_finalize (page);

  {
    g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (tkt_report_save (report, store, &error));
    g_assert_no_error (error);
  }
  page = tkt_report_page_new (store);
  g_assert_nonnull (tkt_report_page_get_report (TKT_REPORT_PAGE (page)));
  show_and_finalize (page);
  g_assert_finalize_object (store);
}

/* The Ceremonies area, empty and with a ceremony shown. */
static void
test_ceremony_page_new (void)
{
  TktStore *store = new_store ();
  GtkWidget *page = tkt_ceremony_page_new (store);

  show_and_finalize (page);

  {
    g_autoptr(TktCeremony) ceremony = tkt_ceremony_new ();
    g_autoptr(GError) error = NULL;
    TktGuest guest = { (char *) "Vừ A Bằng", (char *) "Phó Chủ tịch UBND tỉnh", NULL, 2 };
    TktAgendaItem item = { NULL, (char *) "Khai mạc", NULL, 10, NULL };

    tkt_ceremony_set_title (ceremony, "Hội nghị");
    tkt_ceremony_set_start (ceremony, "2024-01-24T14:00:00+07:00");
    tkt_ceremony_append_guest (ceremony, &guest);
    tkt_ceremony_append_agenda_item (ceremony, &item);
    g_assert_true (tkt_ceremony_save (ceremony, store, &error));
    g_assert_no_error (error);
  }
  page = tkt_ceremony_page_new (store);
  g_assert_nonnull (tkt_ceremony_page_get_ceremony (TKT_CEREMONY_PAGE (page)));
  tkt_ceremony_page_show_section (TKT_CEREMONY_PAGE (page), "script");
  show_and_finalize (page);
  g_assert_finalize_object (store);
}

static void
test_task_editor_new (void)
{
  TktStore *store = new_store ();
  GtkWidget *editor = tkt_task_editor_new ();
  g_autoptr(TktTask) task = tkt_task_new ();

  tkt_task_editor_set_store (TKT_TASK_EDITOR (editor), store);
  tkt_task_editor_set_task (TKT_TASK_EDITOR (editor), task);
  show_and_finalize (editor);
  g_assert_finalize_object (g_steal_pointer (&task));
  g_assert_finalize_object (store);
}

static void
test_stage_dialog_new (void)
{
  TktStageDialog *dialog = tkt_stage_dialog_new (NULL, NULL);

  present_and_finalize (GTK_WINDOW (dialog));
}

static void
test_transfer_dialog_new (void)
{
  TktTransferDialog *dialog = tkt_transfer_dialog_new (NULL, NULL);

  present_and_finalize (GTK_WINDOW (dialog));
}

static void
test_date_row_new (void)
{
  GtkWidget *row = tkt_date_row_new ();

  tkt_date_row_set_value (TKT_DATE_ROW (row), "2024-01-24");
  g_assert_cmpstr (tkt_date_row_get_value (TKT_DATE_ROW (row)), ==, "2024-01-24");
  show_row_and_finalize (row);
}

static void
test_money_row_new (void)
{
  GtkWidget *row = tkt_money_row_new ();

  tkt_money_row_set_value (TKT_MONEY_ROW (row), 1234567000);
  g_assert_cmpint (tkt_money_row_get_value (TKT_MONEY_ROW (row)), ==, 1234567000);
  show_row_and_finalize (row);
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

/* Sync: the controller, the header's status, Preferences → Sync, the
 * Conflicts area and the history window, each created, shown and finalized. */
static void
test_sync_widgets_new (void)
{
  TktStore *store = new_store ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TktSyncController *controller = tkt_sync_controller_new (store, settings);
  GtkWidget *window, *widget;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *rev = NULL;

  json_object_set_string_member (doc, "_id", "task:history");
  json_object_set_string_member (doc, "type", "task");
  json_object_set_string_member (doc, "title", "Lịch sử");
  rev = tkt_store_put (store, doc, NULL);
  g_assert_nonnull (rev);

  /* Sync off: the status says so and hides. */
  g_assert_cmpint (tkt_sync_controller_get_state (controller), ==, TKT_SYNC_STATE_IDLE);
  g_assert_cmpint (tkt_sync_controller_get_pushed_seq (controller), ==, -1);

  widget = tkt_sync_status_new ();
  g_object_ref_sink (widget);
  tkt_sync_status_set_controller (TKT_SYNC_STATUS (widget), controller);
  g_assert_false (gtk_widget_get_visible (widget));
  g_assert_cmpstr (tkt_sync_status_get_label (TKT_SYNC_STATUS (widget)), ==, "Sync Stopped");
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (50);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (widget);

  widget = tkt_sync_page_new (store);
  g_object_ref_sink (widget);
  tkt_sync_page_set_controller (TKT_SYNC_PAGE (widget), controller);
  window = adw_preferences_window_new ();
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (widget));
  gtk_window_present (GTK_WINDOW (window));
  spin_for (50);
  g_assert_cmpstr (tkt_sync_page_get_test_result (TKT_SYNC_PAGE (widget)), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (widget);

  widget = tkt_conflicts_page_new (store);
  g_object_ref_sink (widget);
  g_assert_cmpuint (tkt_conflicts_page_get_n_conflicts (TKT_CONFLICTS_PAGE (widget)), ==, 0);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (50);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (widget);

  window = tkt_history_window_new (store, "task:history");
  g_object_ref (window);
  g_assert_cmpuint (tkt_history_window_get_n_revisions (TKT_HISTORY_WINDOW (window)), ==, 1);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (50);
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (window);

  tkt_sync_controller_shutdown (controller);
  g_assert_finalize_object (controller);
  g_assert_finalize_object (store);
}

/* A bar of a label and buttons: one line when wide; narrow, the buttons
 * below the label, and no wider than its widest child. */
static void
test_bar_wraps (void)
{
  GtkWidget *bar = tkt_bar_new (6);
  GtkWidget *label = gtk_label_new ("Guests in the order the MC introduces them, with their positions.");
  GtkWidget *sort = gtk_button_new_with_label ("Sort by Protocol");
  GtkWidget *add = gtk_button_new_with_label ("Add Guest…");
  int min = 0, nat = 0, sort_width = 0, add_width = 0, button_height = 0;
  int wide_height = 0, narrow_height = 0;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  tkt_bar_append (TKT_BAR (bar), label);
  tkt_bar_append (TKT_BAR (bar), sort);
  tkt_bar_append (TKT_BAR (bar), add);

  gtk_widget_measure (sort, GTK_ORIENTATION_HORIZONTAL, -1, &sort_width, NULL, NULL, NULL);
  gtk_widget_measure (add, GTK_ORIENTATION_HORIZONTAL, -1, &add_width, NULL, NULL, NULL);
  gtk_widget_measure (add, GTK_ORIENTATION_VERTICAL, -1, &button_height, NULL, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, MAX (sort_width, add_width));
  g_assert_cmpint (nat, >, sort_width + add_width);

  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, 2000, &wide_height, NULL, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_VERTICAL, min, &narrow_height, NULL, NULL, NULL);
  /* Wide: one line (the label unwrapped); narrow: the label, then each
   * button on a line of its own. */
  g_assert_cmpint (wide_height, <, 2 * button_height);
  g_assert_cmpint (narrow_height, >=, 2 * button_height + 6 + wide_height / 2);

  show_and_finalize (bar);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  tmp_dir = g_dir_make_tmp ("tongket-widgets-XXXXXX", &error);
  g_assert_no_error (error);

  /* Application windows need a registered application; its startup sets
   * the accelerators the shortcuts window must list. */
  app = tkt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/tkt/widgets/application/new", test_application_new);
  g_test_add_func ("/tkt/widgets/bar/wraps", test_bar_wraps);
  g_test_add_func ("/tkt/widgets/application/actions", test_application_actions);
  g_test_add_func ("/tkt/widgets/application/bad-database", test_application_bad_database);
  g_test_add_func ("/tkt/widgets/window/new", test_window_new);
  g_test_add_func ("/tkt/widgets/window/saves-size", test_window_saves_size);
  g_test_add_func ("/tkt/widgets/preferences/new", test_preferences_new);
  g_test_add_func ("/tkt/widgets/preferences/edit-lists", test_preferences_edit_lists);
  g_test_add_func ("/tkt/widgets/preferences/organisation", test_preferences_organisation);
  g_test_add_func ("/tkt/widgets/preferences/award-forms", test_preferences_award_forms);
  g_test_add_func ("/tkt/widgets/catalog-editor/new", test_catalog_editor_new);
  g_test_add_func ("/tkt/widgets/help-overlay", test_help_overlay);
  g_test_add_func ("/tkt/widgets/task-page/new", test_task_page_new);
  g_test_add_func ("/tkt/widgets/task-editor/new", test_task_editor_new);
  g_test_add_func ("/tkt/widgets/report-page/new", test_report_page_new);
  g_test_add_func ("/tkt/widgets/ceremony-page/new", test_ceremony_page_new);
  g_test_add_func ("/tkt/widgets/stage-dialog/new", test_stage_dialog_new);
  g_test_add_func ("/tkt/widgets/transfer-dialog/new", test_transfer_dialog_new);
  g_test_add_func ("/tkt/widgets/date-row/new", test_date_row_new);
  g_test_add_func ("/tkt/widgets/money-row/new", test_money_row_new);
  g_test_add_func ("/tkt/widgets/slide-view/new", test_slide_view_new);
  g_test_add_func ("/tkt/widgets/slides-editor/new", test_slides_editor_new);
  g_test_add_func ("/tkt/widgets/sync/new", test_sync_widgets_new);

  status = g_test_run ();

  g_clear_object (&app);
  remove_tmp_dir ();
  g_free (tmp_dir);

  return status;
}
