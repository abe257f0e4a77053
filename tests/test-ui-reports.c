/* test-ui-reports.c — the Reports area driven as a user drives it, under
 * Xvfb, on the demo register of the seed article: create the 2023 report
 * through the New Report dialog, read its figures (24 monitored, 06
 * ordered, 09 results to 11 units), insert a generated sentence into a
 * section, export the PDF, open the tasks behind a figure, issue the
 * report and see the banner.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "tkt-application.h"
#include "tkt-demo.h"
#include "tkt-report.h"
#include "tkt-report-page.h"
#include "tkt-store.h"
#include "tkt-task.h"
#include "tkt-task-editor.h"
#include "tkt-task-page.h"
#include "tkt-window.h"

static TktApplication *app;

typedef struct {
  char          *dir;
  char          *path;
  TktStore      *store;
  TktWindow     *window;
  TktReportPage *page;
} Fixture;

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef gboolean (*Condition) (Fixture *f);

static gboolean
wait_for (Fixture   *f,
          Condition  condition,
          guint      timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (condition (f))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return condition (f);
}

/* The first descendant (depth first) of type whose widget name is name
 * (NULL: any). */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (child), name) == 0))
        return child;

      found = find_widget (child, type, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The visible toplevel of type other than the main window. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && !TKT_IS_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* Clicks the dialog's button labelled label, as the user does (the dialog
 * emits "response" and closes). */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      found = find_button (child, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
figures_ready (Fixture *f)
{
  return !tkt_report_page_get_computing (f->page) && tkt_report_page_get_figures (f->page) != NULL &&
         find_widget (GTK_WIDGET (f->page), GTK_TYPE_LIST_BOX_ROW, "monitored") != NULL;
}

static gboolean
not_busy (Fixture *f)
{
  return !tkt_report_page_get_busy (f->page);
}

/* What the Figures group shows beside a figure: "24 · 2022: 20 · +4". */
static const char *
figure_text (Fixture    *f,
             const char *key)
{
  GtkWidget *row = find_widget (GTK_WIDGET (f->page), GTK_TYPE_LIST_BOX_ROW, key);

  g_assert_nonnull (row);
  return g_object_get_data (G_OBJECT (row), "tkt-figure-text");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkListBox *sidebar;
  GtkListBoxRow *row;
  GtkStack *stack;

  f->dir = g_dir_make_tmp ("tkt-ui-reports-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "tongket.db", NULL);
  f->store = tkt_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (tkt_demo_fill (f->store, &error));
  g_assert_no_error (error);

  f->window = tkt_window_new (ADW_APPLICATION (app), f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_ms (100);

  /* The user picks "Reports" in the sidebar. */
  row = GTK_LIST_BOX_ROW (find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "reports"));
  g_assert_nonnull (row);
  sidebar = GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row)));
  g_assert_cmpint (gtk_list_box_row_get_index (row), ==, 1);   /* after Tasks */
  gtk_list_box_select_row (sidebar, row);
  g_signal_emit_by_name (sidebar, "row-activated", row);
  wait_ms (50);

  stack = GTK_STACK (find_widget (GTK_WIDGET (f->window), GTK_TYPE_STACK, NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "reports");
  f->page = TKT_REPORT_PAGE (find_widget (gtk_stack_get_visible_child (stack), TKT_TYPE_REPORT_PAGE, NULL));
  g_assert_true (TKT_IS_REPORT_PAGE (f->page));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GtkWindow *other;

  while ((other = find_toplevel (GTK_TYPE_WINDOW)) != NULL)
    gtk_window_destroy (other);
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_ms (50);
  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* New Report…, year 2023, Create: the report of the article's year. */
static void
create_2023 (Fixture *f)
{
  AdwMessageDialog *dialog;
  GtkWidget *spin;
  GtkWidget *org;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "report.new", NULL));
  wait_ms (50);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);

  /* The organisation names come from the preferences. */
  org = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (org);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (org)), ==, "UBND TỈNH ĐIỆN BIÊN");

  spin = find_widget (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2023);
  click (GTK_WIDGET (dialog), "C_reate");
  wait_ms (50);

  g_assert_nonnull (tkt_report_page_get_report (f->page));
  g_assert_cmpint (tkt_report_get_year (tkt_report_page_get_report (f->page)), ==, 2023);
  g_assert_true (wait_for (f, figures_ready, 5000));
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TktReport) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *years;
  GtkWidget *row;

  create_2023 (f);

  /* The article's figures, each beside 2022 and the change. */
  g_assert_true (g_str_has_prefix (figure_text (f, "monitored"), "24 · 2022: "));
  g_assert_true (g_str_has_prefix (figure_text (f, "monitored.provincial"), "13 · "));
  g_assert_true (g_str_has_prefix (figure_text (f, "ordered"), "06 · "));
  g_assert_true (g_str_has_prefix (figure_text (f, "transfers"), "09 · "));
  g_assert_true (g_str_has_prefix (figure_text (f, "transfers.enterprises"), "01 · "));
  g_assert_true (g_str_has_prefix (figure_text (f, "planned.provincial"), "16 · "));
  g_assert_true (g_str_has_prefix (figure_text (f, "planned.national"), "11 · "));

  /* Saved and listed. */
  stored = tkt_report_load (f->store, 2023, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tkt_report_get_organisation (stored), ==, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
  /* The years: the list in the first pane of the page's leaflet. */
  {
    g_autoptr(GtkSelectionModel) pages =
      adw_leaflet_get_pages (ADW_LEAFLET (find_widget (GTK_WIDGET (f->page), ADW_TYPE_LEAFLET, NULL)));
    g_autoptr(AdwLeafletPage) first = g_list_model_get_item (G_LIST_MODEL (pages), 0);

    years = find_widget (adw_leaflet_page_get_child (first), GTK_TYPE_LIST_BOX, NULL);
  }
  row = GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (years)));
  g_assert_nonnull (row);
  g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "tkt-year")), ==, 2023);

  /* Creating it again shows the one there is. */
  create_2023 (f);
  g_assert_cmpint (tkt_report_get_n_sections (tkt_report_page_get_report (f->page)), >=, 6);
}

/* The first "Insert Figures Sentence" menu button. */
static GtkWidget *
find_insert_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_MENU_BUTTON (child) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (child)) != NULL &&
          g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (child)), "_Insert Figures Sentence") == 0)
        return child;

      found = find_insert_button (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkTextView *
section_view (GtkWidget *menu_button)
{
  /* header box → section box; the text view is in the section's frame */
  GtkWidget *section = gtk_widget_get_parent (gtk_widget_get_parent (menu_button));

  return GTK_TEXT_VIEW (find_widget (section, GTK_TYPE_TEXT_VIEW, NULL));
}

static char *
view_text (GtkTextView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
}

/* Insert figures sentence ▸ Tasks monitored, in the first section: the
 * article's sentence is in the text, and saved with Ctrl+S. */
static void
test_insert_sentence (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *button;
  GMenuModel *menu;
  g_autofree char *action = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *text = NULL;
  g_autoptr(TktReport) stored = NULL;
  g_autoptr(TktReportSection) section = NULL;

  create_2023 (f);

  button = find_insert_button (GTK_WIDGET (f->page));
  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 6);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, NULL);
  g_assert_nonnull (target);
  g_assert_true (gtk_widget_activate_action_variant (button, action, target));
  wait_ms (20);

  text = view_text (section_view (button));
  g_assert_nonnull (strstr (text, "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN"));
  g_assert_nonnull (strstr (text, "13 nhiệm vụ cấp tỉnh"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "report.save", NULL));
  stored = tkt_report_load (f->store, 2023, NULL);
  section = tkt_report_get_section (stored, 0);
  g_assert_nonnull (strstr (section->text, "quản lý 24 nhiệm vụ KH&CN"));
}

/* Export PDF: the file is written in a thread, and is a PDF. */
static void
test_export_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "bao-cao-2023.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gsize length = 0;

  create_2023 (f);

  tkt_report_page_export_pdf (f->page, file);
  g_assert_true (tkt_report_page_get_busy (f->page));
  g_assert_true (wait_for (f, not_busy, 20000));
  {
    GtkWindow *error_dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    /* No error dialog. */
    if (error_dialog != NULL)
      g_error ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (error_dialog)));
  }

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
}

/* A figure opens the list of tasks behind it; a task there opens on the
 * Tasks page. */
static void
test_figure_tasks (Fixture       *f,
                   gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *list;
  GtkListBoxRow *row;
  guint n = 0;
  g_autofree char *id = NULL;
  GtkStack *stack;
  TktTaskEditor *editor;

  create_2023 (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "report.show-figure", "s", "ordered"));
  wait_ms (50);
  dialog = find_toplevel (ADW_TYPE_WINDOW);
  g_assert_nonnull (dialog);
  list = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX, NULL);
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 6);

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  id = g_strdup (gtk_widget_get_name (GTK_WIDGET (row)));
  g_assert_true (g_str_has_prefix (id, "task:"));
  g_signal_emit_by_name (list, "row-activated", row);
  wait_ms (50);

  g_assert_null (find_toplevel (ADW_TYPE_WINDOW));
  stack = GTK_STACK (find_widget (GTK_WIDGET (f->window), GTK_TYPE_STACK, NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "tasks");
  editor = TKT_TASK_EDITOR (find_widget (GTK_WIDGET (f->window), TKT_TYPE_TASK_EDITOR, NULL));
  g_assert_nonnull (tkt_task_editor_get_task (editor));
  g_assert_cmpstr (tkt_task_get_id (tkt_task_editor_get_task (editor)), ==, id);
}

/* The info bar with the "Compare with Live Figures" button. */
static GtkInfoBar *
find_issued_bar (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkInfoBar *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "report.compare") == 0)
        {
          GtkWidget *bar = gtk_widget_get_ancestor (child, GTK_TYPE_INFO_BAR);

          if (bar != NULL)
            return GTK_INFO_BAR (bar);
        }

      found = find_issued_bar (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
issued_bar_shown (Fixture *f)
{
  GtkInfoBar *bar = find_issued_bar (GTK_WIDGET (f->page));

  return bar != NULL && gtk_info_bar_get_revealed (bar);
}

static gboolean
monitored_is_25 (Fixture *f)
{
  const TktFigures *figures = tkt_report_page_get_figures (f->page);

  return figures != NULL && figures->monitored == 25 && !tkt_report_page_get_computing (f->page);
}

/* Issue…, confirm: the banner says so; the figures stay when the register
 * changes; the comparison shows both; Reopen takes the banner away. */
static void
test_issue (Fixture       *f,
            gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkInfoBar *bar;
  GtkWidget *label;
  g_autoptr(TktReport) stored = NULL;
  g_autoptr(TktTask) task = tkt_task_new ();
  TktStage stage = { 0 };
  g_autoptr(GError) error = NULL;
  const TktFigures *shown;

  create_2023 (f);
  bar = find_issued_bar (GTK_WIDGET (f->page));
  g_assert_nonnull (bar);
  g_assert_false (issued_bar_shown (f));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "report.issue", NULL));
  wait_ms (50);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  click (GTK_WIDGET (dialog), "_Issue");
  wait_ms (50);

  g_assert_true (issued_bar_shown (f));
  label = find_widget (GTK_WIDGET (bar), GTK_TYPE_LABEL, NULL);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "issued"));
  stored = tkt_report_load (f->store, 2023, NULL);
  g_assert_true (tkt_report_is_frozen (stored));

  /* A task added to 2023 afterwards: the live figures move, the report's
   * do not. */
  tkt_task_set_code (task, "ĐT-NEW");
  tkt_task_set_title (task, "Nhiệm vụ thêm sau khi ban hành");
  tkt_task_set_level (task, "provincial");
  stage.stage = (char *) "in_progress";
  stage.date = (char *) "2023-03-01";
  tkt_task_append_stage (task, &stage);
  g_assert_true (tkt_task_save (task, f->store, &error));
  g_assert_no_error (error);
  wait_ms (600);
  g_assert_true (wait_for (f, figures_ready, 5000));
  shown = tkt_report_page_get_figures (f->page);
  g_assert_cmpuint (shown->monitored, ==, 24);
  g_assert_true (g_str_has_prefix (figure_text (f, "monitored"), "24 · "));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "report.compare", NULL));
  wait_ms (50);
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The register has changed since the report was issued.");
  click (GTK_WIDGET (dialog), "_Close");
  wait_ms (50);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "report.reopen", NULL));
  wait_ms (50);
  g_assert_false (issued_bar_shown (f));
  g_assert_true (wait_for (f, monitored_is_25, 5000));
  g_assert_true (g_str_has_prefix (figure_text (f, "monitored"), "25 · "));
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

  app = tkt_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".ReportsTest");
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, fn) g_test_add ("/tkt/ui/reports/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("create", test_create);
  ADD ("insert-sentence", test_insert_sentence);
  ADD ("export-pdf", test_export_pdf);
  ADD ("figure-tasks", test_figure_tasks);
  ADD ("issue", test_issue);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
