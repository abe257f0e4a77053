/* test-ui-ceremonies.c — the Ceremonies area driven as a user drives it,
 * under Xvfb, on the demo register: create a ceremony through the New
 * Ceremony dialog, add three guests and reorder them with Alt+Down on the
 * focused row, add an award with a collective and an individual through the
 * award editor, read the award's announcement in the script, read the demo
 * conference's script, watch the agenda's times follow a duration, export.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "tkt-application.h"
#include "tkt-award.h"
#include "tkt-ceremony.h"
#include "tkt-ceremony-page.h"
#include "tkt-demo.h"
#include "tkt-store.h"
#include "tkt-window.h"

static TktApplication *app;

typedef struct {
  char            *dir;
  char            *path;
  TktStore        *store;
  TktWindow       *window;
  TktCeremonyPage *page;
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

/* All descendants of type, depth first. */
static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      collect (child, type, out);
    }
}

/* The preferences row titled title. */
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (root, type, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static GtkWindow *
find_toplevel (GType       type,
               const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && !TKT_IS_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0))
        return window;
    }

  return NULL;
}

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
  wait_ms (30);
}

static void
type_into (GtkWidget  *root,
           const char *row_title,
           const char *text)
{
  GtkWidget *row = find_row (root, ADW_TYPE_ENTRY_ROW, row_title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkListBox *sidebar;
  GtkListBoxRow *row;
  GtkStack *stack;

  f->dir = g_dir_make_tmp ("tkt-ui-ceremonies-XXXXXX", &error);
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

  /* The user picks "Ceremonies" in the sidebar, after Reports. */
  row = GTK_LIST_BOX_ROW (find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "ceremonies"));
  g_assert_nonnull (row);
  sidebar = GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row)));
  g_assert_cmpint (gtk_list_box_row_get_index (row), ==, 2);
  gtk_list_box_select_row (sidebar, row);
  g_signal_emit_by_name (sidebar, "row-activated", row);
  wait_ms (50);

  stack = GTK_STACK (find_widget (GTK_WIDGET (f->window), GTK_TYPE_STACK, NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "ceremonies");
  f->page = TKT_CEREMONY_PAGE (find_widget (gtk_stack_get_visible_child (stack), TKT_TYPE_CEREMONY_PAGE, NULL));
  g_assert_true (TKT_IS_CEREMONY_PAGE (f->page));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GtkWindow *other;

  while ((other = find_toplevel (GTK_TYPE_WINDOW, NULL)) != NULL)
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

/* New Ceremony…, a title, Create. */
static void
create_ceremony (Fixture    *f,
                 const char *title)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "ceremony.new", NULL));
  wait_ms (50);
  dialog = GTK_WIDGET (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  type_into (dialog, "Ceremony title", title);
  click (dialog, "C_reate");

  g_assert_nonnull (tkt_ceremony_page_get_ceremony (f->page));
  g_assert_cmpstr (tkt_ceremony_get_title (tkt_ceremony_page_get_ceremony (f->page)), ==, title);
}

static void
add_guest (Fixture    *f,
           const char *name,
           const char *position)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "ceremony.add-guest", NULL));
  wait_ms (30);
  dialog = GTK_WIDGET (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  type_into (dialog, "Name", name);
  type_into (dialog, "Position", position);
  click (dialog, "_Add");
}

static GtkWidget *
guest_row (Fixture    *f,
           const char *name)
{
  GtkWidget *row = find_row (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, name);

  g_assert_nonnull (row);
  return row;
}

/* Presses Alt+key on the focused row: runs the row's own shortcut for that
 * key, as GTK does when the key reaches the row.  moves: the list is built
 * again (in an idle), so wait until this row has left it — not a fixed
 * time, which a busy machine overran once. */
static void
press_alt (GtkWidget *row,
           guint      keyval,
           gboolean   moves)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);
  g_autofree char *wanted = gtk_accelerator_name (keyval, GDK_ALT_MASK);
  gboolean pressed = FALSE;

  g_assert_true (gtk_widget_has_focus (row));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !pressed; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_strcmp0 (trigger, wanted) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, row,
                                                           gtk_shortcut_get_arguments (shortcut)));
              pressed = TRUE;
              break;
            }
        }
    }
  g_assert_true (pressed);
  if (moves)
    {
      g_autoptr(GtkWidget) kept = g_object_ref (row);
      gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      while (gtk_widget_get_parent (kept) != NULL && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, TRUE);
      g_assert_null (gtk_widget_get_parent (kept));
    }
  wait_ms (50);
}

static char *
guest_names (TktCeremony *ceremony)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < tkt_ceremony_get_n_guests (ceremony); i++)
    {
      g_autoptr(TktGuest) guest = tkt_ceremony_get_guest (ceremony, i);

      g_string_append_printf (names, "%s%s", i > 0 ? "," : "", guest->name);
    }
  return g_string_free (names, FALSE);
}

static void
test_guests_reorder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TktCeremony) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  g_autofree char *stored_order = NULL;
  GtkWidget *row;

  create_ceremony (f, "Lễ trao Kỷ niệm chương");
  tkt_ceremony_page_show_section (f->page, "guests");
  add_guest (f, "Lò Văn An", "Giám đốc Sở Tài chính");
  add_guest (f, "Vừ A Bằng", "Phó Chủ tịch UBND tỉnh");
  add_guest (f, "Nguyễn Đức Hạnh", "Giám đốc Sở KH&CN");
  order = guest_names (tkt_ceremony_page_get_ceremony (f->page));
  g_assert_cmpstr (order, ==, "Lò Văn An,Vừ A Bằng,Nguyễn Đức Hạnh");

  /* Alt+Down on the first guest: it goes one down, and the focus with it. */
  row = guest_row (f, "Lò Văn An");
  gtk_widget_grab_focus (row);
  press_alt (row, GDK_KEY_Down, TRUE);
  g_clear_pointer (&order, g_free);
  order = guest_names (tkt_ceremony_page_get_ceremony (f->page));
  g_assert_cmpstr (order, ==, "Vừ A Bằng,Lò Văn An,Nguyễn Đức Hạnh");
  row = guest_row (f, "Lò Văn An");
  g_assert_true (gtk_widget_has_focus (row));
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)), ==, 1);

  /* Again: to the end.  Alt+Down on the last does nothing but stay. */
  press_alt (row, GDK_KEY_Down, TRUE);
  row = guest_row (f, "Lò Văn An");
  g_assert_true (gtk_widget_has_focus (row));
  press_alt (row, GDK_KEY_Down, FALSE);
  g_clear_pointer (&order, g_free);
  order = guest_names (tkt_ceremony_page_get_ceremony (f->page));
  g_assert_cmpstr (order, ==, "Vừ A Bằng,Nguyễn Đức Hạnh,Lò Văn An");

  /* Stored in that order (Ctrl+S). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "ceremony.save", NULL));
  stored = tkt_ceremony_load (f->store, tkt_ceremony_get_id (tkt_ceremony_page_get_ceremony (f->page)), &error);
  g_assert_no_error (error);
  stored_order = guest_names (stored);
  g_assert_cmpstr (stored_order, ==, "Vừ A Bằng,Nguyễn Đức Hạnh,Lò Văn An");

  /* Sort by Protocol puts ranked guests first. */
  {
    TktGuest top = { (char *) "Trần Văn Bình", (char *) "Chủ tịch UBND tỉnh", NULL, 1 };
    g_autofree char *sorted = NULL;

    tkt_ceremony_append_guest (tkt_ceremony_page_get_ceremony (f->page), &top);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "ceremony.sort-guests", NULL));
    sorted = guest_names (tkt_ceremony_page_get_ceremony (f->page));
    g_assert_true (g_str_has_prefix (sorted, "Trần Văn Bình,"));
    g_assert_nonnull (guest_row (f, "Trần Văn Bình"));
  }
}

static GPtrArray *
script_views (Fixture *f)
{
  GPtrArray *views = g_ptr_array_new ();

  tkt_ceremony_page_show_section (f->page, "script");
  wait_ms (30);
  collect (GTK_WIDGET (f->page), GTK_TYPE_TEXT_VIEW, views);
  return views;
}

static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
add_recipient (GtkWidget  *editor,
               guint       kind_index,
               const char *name)
{
  GtkWidget *dialog;
  GtkWidget *kind;

  click (editor, "Add _Recipient…");
  dialog = GTK_WIDGET (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  kind = find_row (dialog, ADW_TYPE_COMBO_ROW, "Collective or individual");
  g_assert_nonnull (kind);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), kind_index);
  type_into (dialog, "Name", name);
  click (dialog, "_Add");
}

static void
test_award (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) forms = tkt_award_forms_list (f->store);
  g_autoptr(GPtrArray) awards = NULL;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *editor, *form_row, *row;
  guint form_index = G_MAXUINT;
  gboolean counts_shown = FALSE;
  gboolean announced = FALSE;
  g_autofree char *key = NULL;

  create_ceremony (f, "Hội nghị thử");
  tkt_ceremony_page_show_section (f->page, "awards");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "ceremony.add-award", NULL));
  wait_ms (50);
  editor = GTK_WIDGET (find_toplevel (GTK_TYPE_WINDOW, "award-editor"));
  g_assert_nonnull (editor);

  for (guint i = 0; i < forms->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (forms, i), "_id"),
                   "award_form:bang-khen-thu-tuong") == 0)
      form_index = i;
  g_assert_cmpuint (form_index, !=, G_MAXUINT);
  form_row = find_row (editor, ADW_TYPE_COMBO_ROW, "Award form");
  g_assert_nonnull (form_row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (form_row), form_index);
  type_into (editor, "Decision number", "123/QĐ-TTg");
  type_into (editor, "Presenter", "Vừ A Bằng");
  type_into (editor, "Presenter's position", "Phó Chủ tịch UBND tỉnh");
  /* The vice-chairman presents the Prime Minister's certificate: on his
   * behalf, proposed without being asked. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_widget (editor, GTK_TYPE_SWITCH, NULL))));

  add_recipient (editor, 0, "Sở Khoa học và Công nghệ");   /* collective */
  add_recipient (editor, 1, "Nguyễn Văn Minh");             /* individual */
  collect (editor, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), "cho 01 tập thể, 01 cá nhân") == 0)
      counts_shown = TRUE;
  g_assert_true (counts_shown);
  click (editor, "_Save");
  g_assert_null (find_toplevel (GTK_TYPE_WINDOW, "award-editor"));

  /* The award is stored and listed with its counts. */
  awards = tkt_award_list_for_ceremony (f->store, tkt_ceremony_get_id (tkt_ceremony_page_get_ceremony (f->page)));
  g_assert_cmpuint (awards->len, ==, 1);
  g_assert_true (tkt_award_get_on_behalf (g_ptr_array_index (awards, 0)));
  row = find_widget (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, tkt_award_get_id (g_ptr_array_index (awards, 0)));
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "cho 01 tập thể, 01 cá nhân"));

  /* The script announces it. */
  key = g_strdup_printf ("award:%s:announce", tkt_award_get_id (g_ptr_array_index (awards, 0)));
  views = script_views (f);
  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (views, i)), key) == 0)
      {
        g_autofree char *text = view_text (g_ptr_array_index (views, i));

        g_assert_nonnull (strstr (text, "Thừa ủy quyền của Thủ tướng Chính phủ"));
        g_assert_nonnull (strstr (text, "Vừ A Bằng"));
        announced = TRUE;
      }
  g_assert_true (announced);
}

/* The ids of the demo conference's awards, in the order the list shows
 * them (the rows are named by award id). */
static char *
award_rows (Fixture *f)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GString *ids = g_string_new (NULL);

  collect (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (gtk_widget_get_name (g_ptr_array_index (rows, i)), "award:"))
      g_string_append_printf (ids, "%s%s", ids->len > 0 ? "," : "",
                              gtk_widget_get_name (g_ptr_array_index (rows, i)) + strlen ("award:demo-2023-"));
  return g_string_free (ids, FALSE);
}

/* The rows as shown once the list shows expected: the page rebuilds the
 * list from the store's change signal, after the write, which a busy
 * machine (the ASan build) left undone after a fixed 30 ms once.  Up to
 * 10 s, then whatever it shows. */
static char *
award_rows_once (Fixture    *f,
                 const char *expected)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  char *shown = award_rows (f);

  while (g_strcmp0 (shown, expected) != 0 && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_free (shown);
      shown = award_rows (f);
    }
  return shown;
}

static char *
stored_awards (Fixture *f)
{
  g_autoptr(GPtrArray) awards = tkt_award_list_for_ceremony (f->store, "ceremony:demo-2023");
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < awards->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "",
                            tkt_award_get_id (g_ptr_array_index (awards, i)) + strlen ("award:demo-2023-"));
  return g_string_free (ids, FALSE);
}

/* Position in the script of an award's announcement (its view's index). */
static int
announce_position (Fixture    *f,
                   const char *award_id)
{
  g_autoptr(GPtrArray) views = script_views (f);
  g_autofree char *key = g_strdup_printf ("award:%s:announce", award_id);

  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (views, i)), key) == 0)
      return (int) i;
  return -1;
}

/* The icon button of the row named row_name whose tooltip is tooltip. */
static GtkWidget *
icon_button_of (Fixture    *f,
                const char *row_name,
                const char *tooltip)
{
  GtkWidget *row = find_widget (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, row_name);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  g_assert_nonnull (row);
  collect (row, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), tooltip) == 0)
      return g_ptr_array_index (buttons, i);
  g_assert_not_reached ();
  return NULL;
}

static void
test_award_order (Fixture       *f,
                  gconstpointer  data)
{
  static const char automatic[] = "co-thi-dua,bang-khen-ttg,ky-niem-chuong,tap-the-lds,bang-khen-ct,huy-hieu";
  g_autoptr(GPtrArray) awards = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *stored = NULL;
  GtkWidget *row;
  GtkWidget *button;

  g_assert_cmpstr (tkt_ceremony_get_id (tkt_ceremony_page_get_ceremony (f->page)), ==, "ceremony:demo-2023");
  tkt_ceremony_page_show_section (f->page, "awards");
  wait_ms (30);
  shown = award_rows (f);
  g_assert_cmpstr (shown, ==, automatic);
  g_assert_false (gtk_widget_is_sensitive (find_button (GTK_WIDGET (f->page), "_Restore Automatic Order")));
  g_assert_cmpint (announce_position (f, "award:demo-2023-bang-khen-ttg"), >,
                   announce_position (f, "award:demo-2023-co-thi-dua"));

  /* Alt+Up on the Prime Minister's certificate: it goes before the flag,
   * keeps the focus, and every award of the ceremony gets an explicit
   * order so that the list stays as shown. */
  tkt_ceremony_page_show_section (f->page, "awards");
  wait_ms (30);
  row = find_widget (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, "award:demo-2023-bang-khen-ttg");
  g_assert_nonnull (row);
  gtk_widget_grab_focus (row);
  press_alt (row, GDK_KEY_Up, TRUE);
  g_clear_pointer (&shown, g_free);
  shown = award_rows (f);
  g_assert_cmpstr (shown, ==, "bang-khen-ttg,co-thi-dua,ky-niem-chuong,tap-the-lds,bang-khen-ct,huy-hieu");
  stored = stored_awards (f);
  g_assert_cmpstr (stored, ==, shown);
  awards = tkt_award_list_for_ceremony (f->store, "ceremony:demo-2023");
  for (guint i = 0; i < awards->len; i++)
    g_assert_cmpint (tkt_award_get_order (g_ptr_array_index (awards, i)), ==, (int) i);
  row = find_widget (GTK_WIDGET (f->page), ADW_TYPE_ACTION_ROW, "award:demo-2023-bang-khen-ttg");
  g_assert_true (gtk_widget_has_focus (row));
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)), ==, 0);
  /* At the top, Alt+Up does nothing. */
  press_alt (row, GDK_KEY_Up, FALSE);
  g_clear_pointer (&stored, g_free);
  stored = stored_awards (f);
  g_assert_cmpstr (stored, ==, shown);

  /* The script follows: the certificate is announced before the flag. */
  g_assert_cmpint (announce_position (f, "award:demo-2023-bang-khen-ttg"), <,
                   announce_position (f, "award:demo-2023-co-thi-dua"));

  /* The Move Down button of the badge (last) is insensitive; the medal's
   * moves it one down. */
  tkt_ceremony_page_show_section (f->page, "awards");
  wait_ms (30);
  g_assert_false (gtk_widget_is_sensitive (icon_button_of (f, "award:demo-2023-huy-hieu", "Move Down (Alt+Down)")));
  button = icon_button_of (f, "award:demo-2023-ky-niem-chuong", "Move Down (Alt+Down)");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  wait_ms (30);
  g_clear_pointer (&stored, g_free);
  stored = stored_awards (f);
  g_assert_cmpstr (stored, ==, "bang-khen-ttg,co-thi-dua,tap-the-lds,ky-niem-chuong,bang-khen-ct,huy-hieu");
  g_clear_pointer (&shown, g_free);
  shown = award_rows_once (f, stored);
  g_assert_cmpstr (shown, ==, stored);

  /* Restore Automatic Order: back to rank order, orders cleared. */
  button = find_button (GTK_WIDGET (f->page), "_Restore Automatic Order");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  click (GTK_WIDGET (f->page), "_Restore Automatic Order");
  g_clear_pointer (&stored, g_free);
  stored = stored_awards (f);
  g_assert_cmpstr (stored, ==, automatic);
  g_clear_pointer (&shown, g_free);
  shown = award_rows_once (f, automatic);
  g_assert_cmpstr (shown, ==, automatic);
  g_clear_pointer (&awards, g_ptr_array_unref);
  awards = tkt_award_list_for_ceremony (f->store, "ceremony:demo-2023");
  for (guint i = 0; i < awards->len; i++)
    g_assert_cmpint (tkt_award_get_order (g_ptr_array_index (awards, i)), ==, -1);
  g_assert_false (gtk_widget_is_sensitive (find_button (GTK_WIDGET (f->page), "_Restore Automatic Order")));
  g_assert_cmpint (announce_position (f, "award:demo-2023-bang-khen-ttg"), >,
                   announce_position (f, "award:demo-2023-co-thi-dua"));
}

static void
test_demo_script (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  const char *opening;
  const char *announce;

  g_assert_nonnull (tkt_ceremony_page_get_ceremony (f->page));
  g_assert_nonnull (strstr (tkt_ceremony_get_title (tkt_ceremony_page_get_ceremony (f->page)), "Tổng kết"));
  views = script_views (f);
  g_assert_cmpuint (views->len, >, 5);
  for (guint i = 0; i < views->len; i++)
    {
      g_autofree char *text = view_text (g_ptr_array_index (views, i));
      g_string_append_printf (all, "%s\n", text);
    }
  opening = strstr (all->str, "Vừ A Bằng");
  announce = strstr (all->str, "Thừa ủy quyền của Thủ tướng Chính phủ");
  g_assert_nonnull (opening);
  g_assert_nonnull (announce);
  g_assert_true (opening < announce);
}

static GtkWidget *
script_view (Fixture    *f,
             const char *key)
{
  g_autoptr(GPtrArray) views = script_views (f);

  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (views, i)), key) == 0)
      return g_ptr_array_index (views, i);
  return NULL;
}

/* An edit stays; when the venue changes it is marked, and Accept clears the
 * mark. */
static void
test_script_edit (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *view = script_view (f, "opening");
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  GtkWidget *venue;

  g_assert_nonnull (view);
  text = view_text (view);
  g_assert_nonnull (strstr (text, "Him Lam Plaza"));
  g_assert_null (find_button (GTK_WIDGET (f->page), "_Accept"));
  edited = g_strconcat (text, "\nXin cảm ơn.", NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), edited, -1);

  tkt_ceremony_page_show_section (f->page, "details");
  venue = find_row (GTK_WIDGET (f->page), ADW_TYPE_ENTRY_ROW, "Venue");
  g_assert_nonnull (venue);
  gtk_editable_set_text (GTK_EDITABLE (venue), "Hội trường UBND tỉnh");

  view = script_view (f, "opening");
  g_assert_nonnull (view);
  g_clear_pointer (&text, g_free);
  text = view_text (view);
  g_assert_cmpstr (text, ==, edited);                 /* the edit stays */
  g_assert_true (gtk_widget_has_css_class (view, "warning"));
  click (GTK_WIDGET (f->page), "_Accept");
  view = script_view (f, "opening");
  g_assert_false (gtk_widget_has_css_class (view, "warning"));
  g_clear_pointer (&text, g_free);
  text = view_text (view);
  g_assert_cmpstr (text, ==, edited);
}

/* A longer first item moves the second one. */
static void
test_agenda_times (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  GtkWidget *agenda;
  int end = 0;
  TktCeremony *ceremony = tkt_ceremony_page_get_ceremony (f->page);

  tkt_ceremony_page_show_section (f->page, "agenda");
  before = tkt_ceremony_compute_agenda_times (ceremony, &end);
  g_assert_cmpuint (before->len, >=, 2);
  agenda = gtk_stack_get_visible_child (GTK_STACK (find_widget (GTK_WIDGET (f->page), GTK_TYPE_STACK, "sections")));
  g_assert_nonnull (agenda);
  collect (agenda, GTK_TYPE_SPIN_BUTTON, spins);
  g_assert_cmpuint (spins->len, ==, before->len);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0),
                             gtk_spin_button_get_value (g_ptr_array_index (spins, 0)) + 15);
  after = tkt_ceremony_compute_agenda_times (ceremony, &end);
  g_assert_cmpint (g_array_index (after, int, 1), ==, g_array_index (before, int, 1) + 15);
  {
    g_autofree char *expected = g_strdup_printf ("%02d:%02d", g_array_index (after, int, 1) / 60,
                                                 g_array_index (after, int, 1) % 60);
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean shown = FALSE;

    collect (agenda, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), expected) == 0)
        shown = TRUE;
    g_assert_true (shown);
  }
}

static gboolean
export_done (TktCeremonyPage *page)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (tkt_ceremony_page_get_busy (page) && g_get_monotonic_time () < until)
    wait_ms (10);
  return !tkt_ceremony_page_get_busy (page);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *ics_path = g_build_filename (f->dir, "hoi-nghi.ics", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "khen-thuong.csv", NULL);
  g_autoptr(GFile) ics = g_file_new_for_path (ics_path);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  tkt_ceremony_page_export (f->page, TKT_CEREMONY_EXPORT_ICS, ics);
  g_assert_true (export_done (f->page));
  g_assert_true (g_file_get_contents (ics_path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "BEGIN:VEVENT"));
  g_assert_nonnull (strstr (contents, "Him Lam"));
  g_clear_pointer (&contents, g_free);

  tkt_ceremony_page_export (f->page, TKT_CEREMONY_EXPORT_AWARDS_CSV, csv);
  g_assert_true (export_done (f->page));
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "Sở Khoa học và Công nghệ"));
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
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".CeremoniesTest");
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, fn) g_test_add ("/tkt/ui/ceremonies/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("guests-reorder", test_guests_reorder);
  ADD ("award", test_award);
  ADD ("award-order", test_award_order);
  ADD ("demo-script", test_demo_script);
  ADD ("script-edit", test_script_edit);
  ADD ("agenda-times", test_agenda_times);
  ADD ("export", test_export);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
