/* test-ui-a11y.c — keyboard and visual accessibility of the main window,
 * under Xvfb, on the demo register:
 *
 *  - shortcuts: every shortcut bound to one of Tongket's actions (the
 *    application's accelerators, the windows' and pages' shortcut
 *    controllers and key bindings) is listed in the Keyboard Shortcuts
 *    window under its action, and every shortcut listed there is really
 *    bound to what it says; that window fits a 1280×800 screen below a
 *    top bar in Vietnamese, each section on one page, no label cut;
 *  - focus: Tab, from nothing focused, reaches every visible, sensitive,
 *    focusable control of each area and of each Preferences page, comes
 *    back to where it started (no trap), visits each region of the layout
 *    in one run (never leaving a region and coming back to it) and the
 *    regions in the order of the layout;
 *  - style: each area in the dark and the high-contrast style (as the
 *    system setting asks for them): the style manager says so, text has
 *    the contrast the style promises on its background, the Reports
 *    page's charts are drawn in the style's colours, and the application's
 *    own CSS uses only the named colours of the style;
 *  - text size: at 1.5 times the system font size (GtkSettings
 *    gtk-xft-dpi) labels grow 1.5 times, and at the default size and at
 *    360 pixels wide the search entry and the list stay on screen, a task
 *    opens in its editor with a way back, and the labels that name
 *    controls are not cut short;
 *  - folding: at 360 pixels (a phone) the Tasks, Reports, Ceremonies and
 *    Conflicts areas show their list, and the item picked in it alone,
 *    with Back (the header's button, Escape, Alt+Left) to the list and the
 *    keyboard focus following, every control of the item within the
 *    window and reached by Tab (a ceremony's title whole, every one of its
 *    sections within reach without scrolling sideways); at 1200 pixels
 *    both side by side (a ceremony's title beside its buttons, its
 *    section buttons below them, as they always were).
 *
 * With TKT_SCREENSHOT_DIR set, screenshots of each area in each style and
 * size go there (a11y-*.png).
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "tkt-application.h"
#include "tkt-ceremony.h"
#include "tkt-ceremony-page.h"
#include "tkt-conflicts-page.h"
#include "tkt-date-row.h"
#include "tkt-money-row.h"
#include "tkt-preferences-window.h"
#include "tkt-report-page.h"
#include "tkt-store.h"
#include "tkt-task-editor.h"
#include "tkt-task-page.h"
#include "tkt-ui-util.h"
#include "tkt-window.h"
#include "ui-util.h"

static TktApplication *app;

typedef struct {
  char      *dir;
  TktStore  *store;
  TktWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = open_demo_store ("tkt-ui-a11y-XXXXXX", &f->dir);
  f->window = tkt_window_new (ADW_APPLICATION (app), f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_ms (200);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Dialogs and Preferences first, then the main window. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != GTK_WINDOW (f->window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          !GTK_IS_SHORTCUTS_WINDOW (window))
        gtk_window_destroy (window);
    }
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_ms (50);
  g_clear_object (&f->store);
  remove_dir (f->dir);
  g_free (f->dir);
}

/* The user picks an area in the sidebar. */
static GtkWidget *
show_area (Fixture    *f,
           const char *name)
{
  GtkListBoxRow *row = GTK_LIST_BOX_ROW (find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, name));
  GtkListBox *sidebar;
  GtkStack *stack;

  g_assert_nonnull (row);
  sidebar = GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (row)));
  gtk_list_box_select_row (sidebar, row);
  g_signal_emit_by_name (sidebar, "row-activated", row);
  /* Past the stack's crossfade. */
  wait_ms (400);

  stack = GTK_STACK (find_widget (GTK_WIDGET (f->window), GTK_TYPE_STACK, NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, name);
  return gtk_stack_get_visible_child (stack);
}

static GtkWidget *
sidebar_region (Fixture *f)
{
  GtkWidget *row = find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "tasks");

  /* The sidebar's column: its header bar (the main menu) and the areas. */
  return gtk_widget_get_ancestor (gtk_widget_get_parent (row), GTK_TYPE_BOX);
}

/* The window as it paints itself, as a texture. */
static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;

  /* With its CSS background, as on screen (the snapshot vfunc leaves the
   * window's own background out).  A window just restyled may not be laid
   * out yet (under ASan, on a busy machine): wait for it, at most 5 s. */
  for (guint i = 0; i < 250 && node == NULL; i++)
    {
      if (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0)
        {
          GtkSnapshot *snapshot = gtk_snapshot_new ();

          gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
          node = gtk_snapshot_free_to_node (snapshot);
        }
      if (node == NULL)
        wait_ms (20);
    }
  g_assert_nonnull (node);
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, &bounds);
}

/* Like save_screenshot (ui-util.h), with the window's background. */
static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *dir = g_getenv ("TKT_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  texture = render (widget);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* ------------------------------------------------------------------------ */
/* Shortcuts                                                                 */
/* ------------------------------------------------------------------------ */

/* The action namespaces that are Tongket's (GTK's own widgets bind keys to
 * actions of theirs — "clipboard.copy", "selection.select-all" — that
 * the Keyboard Shortcuts window does not list). */
static gboolean
is_ours (const char *action)
{
  static const char *prefixes[] = {
    "app.", "win.", "window.close", "task.", "report.", "ceremony.", "editor.", "deck.", "prefs.", "date.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (action, prefixes[i]))
      return TRUE;
  return FALSE;
}

/* An accelerator in one spelling: "<Control>n", "<Control>question". */
static char *
normalize_accel (guint           keyval,
                 GdkModifierType mods)
{
  return gtk_accelerator_name (gdk_keyval_to_lower (keyval), mods & gtk_accelerator_get_default_mod_mask ());
}

static char *
normalize_accel_string (const char *accel)
{
  guint keyval = 0;
  GdkModifierType mods = 0;

  if (!gtk_accelerator_parse (accel, &keyval, &mods))
    return NULL;
  return normalize_accel (keyval, mods);
}

/* "action accel" pairs in a set. */
static void
add_binding (GHashTable *set,
             const char *action,
             const char *accel)
{
  g_hash_table_add (set, g_strdup_printf ("%s %s", action, accel));
}

static void
add_trigger (GHashTable         *set,
             const char         *action,
             GtkShortcutTrigger *trigger)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      g_autofree char *accel = normalize_accel (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                                gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
      add_binding (set, action, accel);
    }
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (set, action, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)));
      add_trigger (set, action, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)));
    }
}

/* The shortcuts that really run one of our actions from somewhere in the
 * window: its controllers and key bindings (a widget class's bindings are
 * a controller of each instance), walked through the whole tree, with
 * every page, shown or not.  Shortcuts with arguments (Alt+Up on one row
 * moves that row) belong to rows and are checked below with the keys the
 * widgets handle. */
static void
collect_controller_bindings (GtkWidget  *widget,
                             GHashTable *set)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          const char *name;

          if (!GTK_IS_NAMED_ACTION (action) || gtk_shortcut_get_arguments (shortcut) != NULL)
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if (is_ours (name))
            add_trigger (set, name, gtk_shortcut_get_trigger (shortcut));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_controller_bindings (child, set);
}

/* The application's accelerators run an action looked up from the window:
 * app.*, win.* and window.* resolve there; a page's action (task.new) is
 * not found from the window, so its accelerator only labels menus and the
 * shortcuts window, and the page's own controller must bind it. */
static gboolean
resolves_from_window (const char *action)
{
  return g_str_has_prefix (action, "app.") || g_str_has_prefix (action, "win.") ||
         g_str_has_prefix (action, "window.");
}

static GHashTable *
collect_app_accels (gboolean only_window_resolved)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      if (only_window_resolved && !resolves_from_window (actions[i]))
        continue;
      for (guint j = 0; accels[j] != NULL; j++)
        {
          g_autofree char *accel = normalize_accel_string (accels[j]);

          g_assert_nonnull (accel);
          add_binding (set, actions[i], accel);
        }
    }
  return set;
}

typedef struct {
  const char *title;
  char       *action;
  char      **accels;   /* normalized */
} Listed;

static void
listed_free (Listed *listed)
{
  g_free (listed->action);
  g_strfreev (listed->accels);
  g_free (listed);
}

/* The shortcuts the Keyboard Shortcuts window shows, as it shows them: it
 * replaces the accelerator of an entry with an action by the application's
 * accelerators for that action.  (Entries of its search results are copies
 * outside any group: skipped.) */
static void
collect_listed (GtkWidget *widget,
                GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget) &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_GROUP) != NULL)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) parts = NULL;
      g_autoptr(GPtrArray) accels = g_ptr_array_new ();
      Listed *listed = g_new0 (Listed, 1);

      g_object_get (widget, "accelerator", &accelerator, "title", &title, "action-name", &listed->action, NULL);
      listed->title = g_intern_string (title);
      g_assert_nonnull (accelerator);
      parts = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        if (parts[i][0] != '\0')
          {
            char *accel = normalize_accel_string (parts[i]);

            if (accel == NULL)
              g_error ("The shortcut “%s” shows “%s”, which is not an accelerator", title, parts[i]);
            g_ptr_array_add (accels, accel);
          }
      if (accels->len == 0)
        g_error ("The shortcut “%s” (%s) shows no key: its action has no accelerator in the application",
                 title, listed->action);
      g_ptr_array_add (accels, NULL);
      listed->accels = (char **) g_ptr_array_free (g_steal_pointer (&accels), FALSE);
      g_ptr_array_add (out, listed);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_listed (child, out);
}

static GPtrArray *
listed_shortcuts (Fixture *f)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));
  GPtrArray *listed = g_ptr_array_new_with_free_func ((GDestroyNotify) listed_free);

  g_assert_nonnull (overlay);
  /* What the user opens with Ctrl+?: the window fills in the keys. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  wait_ms (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  save_shot (GTK_WIDGET (overlay), "a11y-shortcuts.png");
  collect_listed (GTK_WIDGET (overlay), listed);
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  g_assert_cmpuint (listed->len, >=, 20);
  return listed;
}

static gboolean
is_listed (GPtrArray  *listed,
           const char *action,
           const char *accel)
{
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *l = g_ptr_array_index (listed, i);

      if (g_strcmp0 (l->action, action) == 0 && g_strv_contains ((const char * const *) l->accels, accel))
        return TRUE;
    }
  return FALSE;
}

/* Every action of ours with a key is in the Keyboard Shortcuts window,
 * under its own action and with that key. */
static void
test_shortcuts_bound_are_listed (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GHashTable) bound = collect_app_accels (FALSE);
  g_autoptr(GPtrArray) listed = NULL;
  GHashTableIter iter;
  const char *pair;
  guint n = 0;

  collect_controller_bindings (GTK_WIDGET (f->window), bound);
  listed = listed_shortcuts (f);

  g_hash_table_iter_init (&iter, bound);
  while (g_hash_table_iter_next (&iter, (gpointer *) &pair, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (pair, " ", 2);

      if (!is_listed (listed, parts[0], parts[1]))
        g_error ("%s runs %s, and the Keyboard Shortcuts window does not list it", parts[1], parts[0]);
      n++;
    }
  g_assert_cmpuint (n, >=, 25);
}

/* Keys the shortcuts window lists that no action stands behind: a widget
 * handles them itself.  Each is checked against what makes the widget
 * handle it. */
static const struct {
  const char *accel;
  const char *why;
} widget_keys[] = {
  { "F10",                  "the main menu button is the window's primary menu" },
  { "Tab",                  "GTK moves the focus (tests /tkt/ui/a11y/focus/*)" },
  { "<Shift>Tab",           "GTK moves the focus back" },
  { "Return",               "GTK activates the focused control; Enter after a number jumps to a slide" },
  { "space",                "GTK activates the focused control; the next slide" },
  { "Escape",               "the search entry's stop-search; leaving the presentation" },
  { "<Alt>Left",            "the leaflet navigates back (can-navigate-back)" },
  { "<Alt>Up",              "a focused guest, award or slide row's own shortcut (test-ui-ceremonies)" },
  { "<Alt>Down",            "a focused guest, award or slide row's own shortcut (test-ui-ceremonies)" },
  { "Right",                "the presentation's key handler (test-ui-presentation)" },
  { "Left",                 "the presentation's key handler" },
  { "Page_Down",            "the presentation's key handler" },
  { "Page_Up",              "the presentation's key handler" },
  { "BackSpace",            "the presentation's key handler" },
  { "Home",                 "the presentation's key handler" },
  { "End",                  "the presentation's key handler" },
  { "b",                    "the presentation's key handler" },
  { "w",                    "the presentation's key handler" },
  { "<Control>plus",        "the presentation's key handler (the script's size)" },
  { "<Control>minus",       "the presentation's key handler (the script's size)" },
};

static gboolean
is_widget_key (const char *accel)
{
  for (guint i = 0; i < G_N_ELEMENTS (widget_keys); i++)
    {
      g_autofree char *known = normalize_accel_string (widget_keys[i].accel);

      if (g_strcmp0 (known, accel) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Every key the Keyboard Shortcuts window lists does what it says. */
static void
test_shortcuts_listed_are_bound (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GHashTable) bound = collect_app_accels (TRUE);
  g_autoptr(GPtrArray) listed = NULL;
  GtkWidget *menu_button;
  GtkWidget *leaflet;

  collect_controller_bindings (GTK_WIDGET (f->window), bound);
  listed = listed_shortcuts (f);

  for (guint i = 0; i < listed->len; i++)
    {
      Listed *l = g_ptr_array_index (listed, i);

      for (guint j = 0; l->accels[j] != NULL; j++)
        {
          g_autofree char *pair = g_strdup_printf ("%s %s", l->action, l->accels[j]);

          if (l->action != NULL && !g_hash_table_contains (bound, pair))
            g_error ("The shortcuts window lists “%s” as %s, and nothing binds %s to %s",
                     l->title, l->accels[j], l->accels[j], l->action);
          if (l->action == NULL && !is_widget_key (l->accels[j]))
            g_error ("The shortcuts window lists “%s” as %s with no action behind it, "
                     "and no widget is known to handle %s", l->title, l->accels[j], l->accels[j]);
        }
    }

  /* What makes the widgets handle their keys. */
  menu_button = find_widget (sidebar_region (f), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));
  leaflet = find_widget (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, NULL);
  g_assert_true (adw_leaflet_get_can_navigate_back (ADW_LEAFLET (leaflet)));
  g_assert_nonnull (find_widget (show_area (f, "tasks"), GTK_TYPE_SEARCH_ENTRY, NULL));
}

/* The shortcuts of the areas, pressed as a user presses them, from the
 * sidebar: each reaches the area shown. */
static void
test_shortcuts_areas (Fixture       *f,
                      gconstpointer  data)
{
  static const char *areas[] = { "tasks", "reports", "ceremonies" };
  GtkStack *stack = GTK_STACK (find_widget (GTK_WIDGET (f->window), GTK_TYPE_STACK, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      g_autofree char *target = g_strdup_printf ("win.show-area::%s", areas[i]);
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), target);
      g_autofree char *expected = g_strdup_printf ("<Alt>%u", i + 1);

      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, expected);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-area", "s", areas[i]));
      wait_ms (50);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, areas[i]);
      /* The focus goes into the area, so its own shortcuts work. */
      g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                             gtk_stack_get_visible_child (stack)));
    }
}

/* The screen the Keyboard Shortcuts window must fit: 1280×800 (department
 * laptops, projectors), less 32 px for a top bar. */
#define SHORTCUTS_MAX_HEIGHT 768

/* Messages in another language from now on: gettext reads LANGUAGE again
 * once its catalogues are marked changed, which textdomain () does.  (The
 * choice GLib makes once whether to translate GTK's own strings stays.) */
static void
set_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  textdomain (textdomain (NULL));
}

/* The window's height at its natural width, as GtkWindow sizes itself. */
static int
natural_height_for_width (GtkWidget *widget)
{
  int width = 0, height = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  return height;
}

/* Every label shown is whole: not ellipsized, inside the window. */
static void
assert_labels_whole_in (GtkWidget  *widget,
                        GtkWidget  *window,
                        const char *where)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    {
      graphene_rect_t bounds;

      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        g_error ("%s: the label “%s” is cut short (%d px wide)", where,
                 gtk_label_get_text (GTK_LABEL (widget)), gtk_widget_get_width (widget));
      g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
      if (bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
          bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5 ||
          bounds.origin.y + bounds.size.height > gtk_widget_get_height (window) + 0.5)
        g_error ("%s: the label “%s” is at %.0f,%.0f %.0f×%.0f, outside the window of %d×%d", where,
                 gtk_label_get_text (GTK_LABEL (widget)), bounds.origin.x, bounds.origin.y,
                 bounds.size.width, bounds.size.height, gtk_widget_get_width (window),
                 gtk_widget_get_height (window));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    assert_labels_whole_in (child, window, where);
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 gboolean   only_mapped,
                 GPtrArray *out)
{
  if (only_mapped && !gtk_widget_get_mapped (widget))
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, only_mapped, out);
}

/* The Keyboard Shortcuts window fits an 800 px high screen below a top
 * bar, in Vietnamese (longer than English): each section of it on one
 * page, named in the header bar's menu, at most SHORTCUTS_MAX_HEIGHT px
 * high at the default text size, every shortcut on one of them with its
 * labels whole. */
static void
test_shortcuts_fit_screen (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GtkShortcutsWindow *overlay;
  TktWindow *window;
  int tallest = 0;

  if (g_getenv ("TKT_LOCALEDIR") == NULL)
    {
      g_test_skip ("TKT_LOCALEDIR is not set: no Vietnamese catalogue");
      return;
    }
  if (g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0)
    setlocale (LC_MESSAGES, "C.UTF-8");
  set_language ("vi");
  g_assert_cmpstr (g_dpgettext2 (NULL, "shortcut window", "General"), ==, "Chung");

  /* A window opened in Vietnamese builds its shortcuts window in it. */
  window = tkt_window_new (ADW_APPLICATION (app), f->store);
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (200);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  wait_ms (300);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (overlay)));

  g_test_message ("the Keyboard Shortcuts window in Vietnamese: %d px wide, %d px high (natural height %d px)",
                  gtk_widget_get_width (GTK_WIDGET (overlay)), gtk_widget_get_height (GTK_WIDGET (overlay)),
                  natural_height_for_width (GTK_WIDGET (overlay)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (overlay)), <=, 1280);

  collect_widgets (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SECTION, FALSE, sections);
  g_assert_cmpuint (sections->len, >=, 2);
  for (guint i = 0; i < sections->len; i++)
    {
      GtkWidget *section = g_ptr_array_index (sections, i);
      g_autofree char *name = NULL;
      g_autofree char *title = NULL;
      GtkStack *pages;
      guint n_pages = 0;

      g_object_get (section, "section-name", &name, "title", &title, NULL);
      g_object_set (overlay, "section-name", name, NULL);
      wait_ms (300);
      g_assert_true (gtk_widget_get_mapped (section));
      pages = GTK_STACK (find_widget (section, GTK_TYPE_STACK, NULL));
      g_assert_nonnull (pages);

      for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (pages)); page; page = gtk_widget_get_next_sibling (page))
        {
          g_autoptr(GPtrArray) shown = g_ptr_array_new ();
          g_autofree char *where = NULL;
          g_autofree char *shot = NULL;
          int height;

          n_pages++;
          where = g_strdup_printf ("the shortcuts section “%s”, page %u, in Vietnamese", name, n_pages);
          gtk_stack_set_visible_child_full (pages, gtk_stack_page_get_name (gtk_stack_get_page (pages, page)),
                                            GTK_STACK_TRANSITION_TYPE_NONE);
          wait_ms (200);
          height = natural_height_for_width (GTK_WIDGET (overlay));
          tallest = MAX (tallest, height);
          g_test_message ("%s: the window's natural height %d px, its height %d px", where, height,
                          gtk_widget_get_height (GTK_WIDGET (overlay)));
          if (height > SHORTCUTS_MAX_HEIGHT || gtk_widget_get_height (GTK_WIDGET (overlay)) > SHORTCUTS_MAX_HEIGHT)
            g_error ("%s: the window is %d px high (natural %d px), more than the %d px of a 1280×800 screen "
                     "below a top bar", where, gtk_widget_get_height (GTK_WIDGET (overlay)), height,
                     SHORTCUTS_MAX_HEIGHT);
          shot = g_strdup_printf ("a11y-shortcuts-vi-%s-%u.png", name, n_pages);
          save_shot (GTK_WIDGET (overlay), shot);
          assert_labels_whole_in (GTK_WIDGET (overlay), GTK_WIDGET (overlay), where);

          collect_widgets (page, GTK_TYPE_SHORTCUTS_SHORTCUT, TRUE, shown);
          for (guint j = 0; j < shown->len; j++)
            g_hash_table_add (seen, g_ptr_array_index (shown, j));
        }
      g_test_message ("the shortcuts section “%s”: %u page(s)", name, n_pages);
      /* GTK 4.8 reflows a section's groups as each is added and, once
       * there are two pages, swaps the pages and shuffles the groups
       * across columns: a section fits on one page, or needs splitting. */
      if (n_pages != 1)
        g_error ("The shortcuts section “%s” takes %u pages: split it into sections of one page", name, n_pages);
      /* With more than one section the header bar names the one shown. */
      if (title == NULL || title[0] == '\0')
        g_error ("The shortcuts section “%s” has no title for the header bar's menu", name);
    }

  /* Every shortcut of the groups was on a page, whole. */
  for (guint i = 0; i < sections->len; i++)
    collect_widgets (g_ptr_array_index (sections, i), GTK_TYPE_SHORTCUTS_SHORTCUT, FALSE, all);
  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *shortcut = g_ptr_array_index (all, i);
      g_autofree char *title = NULL;

      g_object_get (shortcut, "title", &title, NULL);
      if (gtk_widget_get_ancestor (shortcut, GTK_TYPE_SHORTCUTS_GROUP) != NULL &&
          !g_hash_table_contains (seen, shortcut))
        g_error ("The shortcut “%s” was on no page of the shortcuts window", title);
    }
  g_assert_cmpuint (g_hash_table_size (seen), >=, 30);
  g_test_message ("the tallest page: %d px", tallest);

  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  set_language ("en");
  g_assert_cmpstr (g_dpgettext2 (NULL, "shortcut window", "General"), ==, "General");
}

/* ------------------------------------------------------------------------ */
/* Focus                                                                     */
/* ------------------------------------------------------------------------ */

/* Where a focusable widget counts as reached: a list view, column view or
 * grid view is entered with Tab and walked with the arrow keys, so the
 * view is the unit, not each of its rows. */
static GtkWidget *
focus_unit (GtkWidget *widget)
{
  GtkWidget *view = gtk_widget_get_ancestor (widget, GTK_TYPE_COLUMN_VIEW);

  if (view == NULL)
    view = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW);
  if (view == NULL)
    view = gtk_widget_get_ancestor (widget, GTK_TYPE_GRID_VIEW);
  return view != NULL ? view : widget;
}

static gboolean
can_take_focus (GtkWidget *widget,
                GtkWidget *root)
{
  if (!gtk_widget_get_focusable (widget) || !gtk_widget_get_mapped (widget) ||
      !gtk_widget_is_sensitive (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  for (GtkWidget *w = widget; w != NULL && w != root; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_can_focus (w) || !gtk_widget_get_child_visible (w) || gtk_widget_get_opacity (w) == 0)
      return FALSE;
  /* A widget of zero size cannot be seen to have the focus. */
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

static gboolean
has_focusable_descendant (GtkWidget *widget,
                          GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) &&
        ((gtk_widget_get_focusable (child) && gtk_widget_is_sensitive (child)) ||
         has_focusable_descendant (child, root)))
      return TRUE;
  return FALSE;
}

/* The controls Tab must reach: what can hold the focus itself.  A
 * container that is focusable only to pass the focus on (a list box, an
 * entry row, a paned) counts through its children; one with nothing to
 * pass it to (an empty list, a scrolled window of text) does not take it. */
/* A radio button (a check button in a group) that is not the group's
 * active one: Tab enters a group at its active button, and the arrow keys
 * move within it. */
static gboolean
is_inactive_radio (GtkWidget *widget)
{
  GtkWidget *indicator = GTK_IS_CHECK_BUTTON (widget) ? gtk_widget_get_first_child (widget) : NULL;

  return indicator != NULL && g_strcmp0 (gtk_widget_get_css_name (indicator), "radio") == 0 &&
         !gtk_check_button_get_active (GTK_CHECK_BUTTON (widget));
}

static void
collect_focusable (GtkWidget  *widget,
                   GtkWidget  *root,
                   GHashTable *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (can_take_focus (widget, root) && !has_focusable_descendant (widget, root) && !is_inactive_radio (widget) &&
      !GTK_IS_LIST_BOX (widget) && !GTK_IS_SCROLLED_WINDOW (widget) && !GTK_IS_PANED (widget))
    g_hash_table_add (out, focus_unit (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_focusable (child, root, out);
}

static char *
describe (GtkWidget *widget)
{
  const char *label = NULL;
  g_autofree char *text = NULL;

  if (GTK_IS_BUTTON (widget))
    label = gtk_button_get_label (GTK_BUTTON (widget));
  if (label == NULL)
    label = gtk_widget_get_tooltip_text (widget);
  if (label == NULL && gtk_widget_get_parent (widget) != NULL && ADW_IS_PREFERENCES_ROW (widget))
    label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (label == NULL)
    {
      for (GtkWidget *w = widget; w != NULL && label == NULL; w = gtk_widget_get_parent (w))
        if (ADW_IS_PREFERENCES_ROW (w))
          label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
    }
  if (label == NULL)
    {
      GtkWidget *first = find_widget (widget, GTK_TYPE_LABEL, NULL);

      if (first != NULL)
        label = gtk_label_get_text (GTK_LABEL (first));
    }
  text = label != NULL ? g_strdup_printf (" “%s”", label) : g_strdup ("");
  return g_strdup_printf ("%s%s (in %s)", G_OBJECT_TYPE_NAME (widget), text,
                          gtk_widget_get_parent (widget) != NULL ? G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)) : "-");
}

/* Presses Tab as GTK does (GtkWindow's move-focus: forward, and from the
 * top again when the end is passed) until the focus comes back to the
 * first control it reached; returns the controls in order.  A trap — a
 * cycle that never comes back — fails. */
static GPtrArray *
tab_around (GtkWindow        *window,
            GtkDirectionType  direction)
{
  GPtrArray *order = g_ptr_array_new ();
  GtkWidget *first = NULL;

  gtk_window_set_focus (window, NULL);
  for (guint step = 0; step < 1000; step++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), direction))
        {
          gtk_window_set_focus (window, NULL);
          g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), direction));
        }
      wait_ms (2);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      if (focus == first)
        return order;
      if (first == NULL)
        first = focus;
      g_ptr_array_add (order, focus);
    }

  {
    g_autoptr(GString) last = g_string_new (NULL);

    for (guint i = order->len - 10; i < order->len; i++)
      {
        g_autofree char *d = describe (g_ptr_array_index (order, i));
        g_string_append_printf (last, "\n  %s", d);
      }
    g_error ("%s did not come back to the first control after 1000 presses; the last ones:%s",
             direction == GTK_DIR_TAB_FORWARD ? "Tab" : "Shift+Tab", last->str);
  }
  return NULL;
}

/* Every focusable control under root was reached by Tab. */
static void
assert_all_reached (GtkWindow  *window,
                    GtkWidget  *root,
                    GPtrArray  *order,
                    const char *where)
{
  g_autoptr(GPtrArray) back = tab_around (window, GTK_DIR_TAB_BACKWARD);
  g_autoptr(GHashTable) focusable = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) missed = g_string_new (NULL);
  GHashTableIter iter;
  GtkWidget *widget;

  collect_focusable (root, GTK_WIDGET (window), focusable);
  /* Tab or Shift+Tab: entering a list box, the focus goes to its selected
   * row and Tab walks on from there, so the rows above it are reached
   * going back (or with the arrow keys). */
  for (guint i = 0; i < order->len; i++)
    g_hash_table_add (reached, focus_unit (g_ptr_array_index (order, i)));
  for (guint i = 0; i < back->len; i++)
    g_hash_table_add (reached, focus_unit (g_ptr_array_index (back, i)));

  g_hash_table_iter_init (&iter, focusable);
  while (g_hash_table_iter_next (&iter, (gpointer *) &widget, NULL))
    if (!g_hash_table_contains (reached, widget))
      {
        g_autofree char *d = describe (widget);
        g_string_append_printf (missed, "\n  %s", d);
      }
  if (g_getenv ("TKT_A11Y_VERBOSE") != NULL)
    for (guint i = 0; i < order->len; i++)
      {
        g_autofree char *d = describe (g_ptr_array_index (order, i));
        g_test_message ("%3u %s", i, d);
      }
  if (missed->len > 0)
    g_error ("%s: neither Tab nor Shift+Tab reaches:%s", where, missed->str);
  /* A text view that takes Tab as a character is a trap: the focus walk
   * above moves the focus without pressing keys, so look for it. */
  for (guint i = 0; i < order->len; i++)
    {
      widget = g_ptr_array_index (order, i);
      if (GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)) &&
          gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (widget)))
        {
          g_autofree char *d = describe (widget);

          g_error ("%s: Tab types a tab character into %s instead of moving on", where, d);
        }
    }
  g_test_message ("%s: %u presses of Tab around, %u controls", where, order->len,
                  g_hash_table_size (focusable));
}

/* The position in order of the first control inside region; each region
 * is visited in one run: once Tab leaves it, it does not come back. */
static guint
region_count (GPtrArray *order,
              GtkWidget *region)
{
  guint count = 0;

  for (guint i = 0; i < order->len; i++)
    if (gtk_widget_is_ancestor (g_ptr_array_index (order, i), region) ||
        g_ptr_array_index (order, i) == region)
      count++;
  return count;
}

static guint
region_first (GPtrArray  *order,
              GtkWidget  *region,
              const char *name)
{
  guint first = G_MAXUINT, last = 0, count = 0;

  g_assert_nonnull (region);
  for (guint i = 0; i < order->len; i++)
    if (gtk_widget_is_ancestor (g_ptr_array_index (order, i), region) ||
        g_ptr_array_index (order, i) == region)
      {
        first = MIN (first, i);
        last = i;
        count++;
      }
  if (count == 0)
    g_error ("Tab never enters the %s", name);
  if (last - first + 1 != count)
    g_error ("Tab leaves the %s and comes back to it later (presses %u to %u, %u inside)",
             name, first, last, count);
  return first;
}

/* The start of the cycle is wherever GTK starts (the first focusable
 * control of the window); rotate order so that it starts in the sidebar,
 * the first region of the layout, and read the regions from there. */
static void
rotate_to (GPtrArray *order,
           GtkWidget *region)
{
  guint start = 0;
  g_autoptr(GPtrArray) copy = g_ptr_array_copy (order, NULL, NULL);

  while (start < order->len && !gtk_widget_is_ancestor (g_ptr_array_index (order, start), region))
    start++;
  g_assert_cmpuint (start, <, order->len);
  /* The first of the run of the sidebar: step back while still inside. */
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_index (order, i) = g_ptr_array_index (copy, (start + i) % order->len);
}

/* A date or amount row of the editor is one Tab stop, its entry: not the
 * row, then the entry, then (a date) the calendar button.  Both ways
 * round; the stops found are named when there are more. */
static void
assert_one_stop (GPtrArray   *order,
                 GtkWidget   *row,
                 GtkEditable *editable,
                 const char  *way)
{
  g_autoptr(GString) stops = g_string_new (NULL);
  GtkWidget *stop = NULL;
  guint n = 0;

  for (guint i = 0; i < order->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (order, i);

      if (w == row || gtk_widget_is_ancestor (w, row))
        {
          g_autofree char *d = describe (w);

          g_string_append_printf (stops, "\n  %s", d);
          stop = w;
          n++;
        }
    }
  if (n != 1)
    g_error ("%s: the row “%s” takes %u Tab stops:%s", way,
             adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), n, stops->str);
  g_assert_true (stop == GTK_WIDGET (editable) || gtk_widget_is_ancestor (stop, GTK_WIDGET (editable)));
}

static void
assert_rows_one_stop (GtkWidget  *editor,
                      GPtrArray  *order,
                      const char *way)
{
  static const char *dates[] = { "start", "end" };
  static const char *amounts[] = { "budget.central", "budget.local", "budget.other" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      GtkWidget *row = tkt_task_editor_get_row (TKT_TASK_EDITOR (editor), dates[i]);

      g_assert_true (TKT_IS_DATE_ROW (row));
      assert_one_stop (order, row, tkt_date_row_get_editable (TKT_DATE_ROW (row)), way);
    }
  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      GtkWidget *row = tkt_task_editor_get_row (TKT_TASK_EDITOR (editor), amounts[i]);

      g_assert_true (TKT_IS_MONEY_ROW (row));
      assert_one_stop (order, row, tkt_money_row_get_editable (TKT_MONEY_ROW (row)), way);
    }
}

static void
test_focus_tasks (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *page = show_area (f, "tasks");
  GtkWidget *search = find_widget (page, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkWidget *filters = find_widget (page, GTK_TYPE_FLOW_BOX, NULL);
  GtkWidget *list = find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL);
  GtkWidget *editor = find_widget (page, TKT_TYPE_TASK_EDITOR, NULL);
  GtkWidget *sidebar = sidebar_region (f);
  g_autoptr(GPtrArray) order = NULL;
  guint s, t, l, e;

  /* A task open in the editor, as when the user works. */
  g_assert_true (tkt_task_page_select_task (TKT_TASK_PAGE (page), "task:demo-01"));
  wait_ms (100);
  order = tab_around (GTK_WINDOW (f->window), GTK_DIR_TAB_FORWARD);
  assert_all_reached (GTK_WINDOW (f->window), GTK_WIDGET (f->window), order, "Tasks");

  /* sidebar → search and toolbar → filters → list → editor. */
  rotate_to (order, sidebar);
  s = region_first (order, sidebar, "sidebar");
  t = region_first (order, gtk_widget_get_parent (search), "search bar and toolbar");
  (void) region_first (order, filters, "filters");
  l = region_first (order, list, "task list");
  e = region_first (order, editor, "task editor");
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (s, <, t);
  g_assert_cmpuint (t, <, region_first (order, filters, "filters"));
  g_assert_cmpuint (region_first (order, filters, "filters"), <, l);
  g_assert_cmpuint (l, <, e);
  /* The list is one stop: Tab goes on to the editor, the arrow keys move
   * in the list (a list of 100,000 tasks is not a wall of Tab stops). */
  g_assert_cmpuint (region_count (order, list), ==, 1);

  /* Each date and amount of the editor is one stop, its entry (Alt+Down
   * opens a date's calendar: /tkt/ui/tasks/editor/date-calendar-keys). */
  assert_rows_one_stop (editor, order, "Tab");
  g_clear_pointer (&order, g_ptr_array_unref);
  order = tab_around (GTK_WINDOW (f->window), GTK_DIR_TAB_BACKWARD);
  assert_rows_one_stop (editor, order, "Shift+Tab");
}

/* An area with a list on the left and its content on the right (Reports,
 * Ceremonies): sidebar → the area's list → the content. */
static void
check_list_and_content (Fixture    *f,
                        const char *area)
{
  GtkWidget *page = show_area (f, area);
  /* The list beside the content, in the page's leaflet (its pages in
   * their order; its widgets are in an order of its own). */
  AdwLeaflet *leaflet = ADW_LEAFLET (wait_for_widget (page, ADW_TYPE_LEAFLET, NULL));
  g_autoptr(GtkSelectionModel) pages = adw_leaflet_get_pages (leaflet);
  g_autoptr(AdwLeafletPage) list_page = g_list_model_get_item (G_LIST_MODEL (pages), 0);
  g_autoptr(AdwLeafletPage) content_page = g_list_model_get_item (G_LIST_MODEL (pages), 2);
  GtkWidget *list_column = adw_leaflet_page_get_child (list_page);
  GtkWidget *content = adw_leaflet_page_get_child (content_page);
  GtkWidget *sidebar = sidebar_region (f);
  GtkListBox *list = GTK_LIST_BOX (find_widget (list_column, GTK_TYPE_LIST_BOX, NULL));
  g_autoptr(GPtrArray) order = NULL;
  guint s, l, c;

  /* The first report or ceremony open, as when the user works. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
  wait_ms (300);
  g_assert_true (GTK_IS_STACK (content));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (content)), !=, "empty");

  order = tab_around (GTK_WINDOW (f->window), GTK_DIR_TAB_FORWARD);
  assert_all_reached (GTK_WINDOW (f->window), GTK_WIDGET (f->window), order, area);
  rotate_to (order, sidebar);
  s = region_first (order, sidebar, "sidebar");
  l = region_first (order, list_column, "list");
  c = region_first (order, content, "content");
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (s, <, l);
  g_assert_cmpuint (l, <, c);
}

static void
test_focus_reports (Fixture       *f,
                    gconstpointer  data)
{
  check_list_and_content (f, "reports");
}

static void
test_focus_ceremonies (Fixture       *f,
                       gconstpointer  data)
{
  check_list_and_content (f, "ceremonies");
}

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      else
        collect_type (child, type, out);
    }
}

/* Preferences: each page in turn; the header (the page switcher) comes
 * before the page's content. */
static void
test_focus_preferences (Fixture       *f,
                        gconstpointer  data)
{
  GtkWindow *prefs = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  GtkWidget *header;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  wait_ms (300);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (TKT_IS_PREFERENCES_WINDOW (window))
        prefs = window;
    }
  g_assert_nonnull (prefs);
  header = find_widget (GTK_WIDGET (prefs), ADW_TYPE_HEADER_BAR, NULL);
  g_assert_nonnull (header);

  collect_type (GTK_WIDGET (prefs), ADW_TYPE_PREFERENCES_PAGE, pages);
  g_assert_cmpuint (pages->len, >=, 2);
  for (guint i = 0; i < pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (pages, i);
      g_autoptr(GPtrArray) order = NULL;
      g_autofree char *where = NULL;
      g_autofree char *shot = g_strdup_printf ("a11y-preferences-%u.png", i);

      /* The window's pages, not a subpage's. */
      if (!ADW_IS_VIEW_STACK (gtk_widget_get_parent (page)))
        continue;

      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
      wait_ms (500);
      g_assert_true (gtk_widget_get_mapped (page));
      save_shot (GTK_WIDGET (prefs), shot);
      where = g_strdup_printf ("Preferences, page “%s”", adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page)));
      order = tab_around (prefs, GTK_DIR_TAB_FORWARD);
      assert_all_reached (prefs, GTK_WIDGET (prefs), order, where);
      rotate_to (order, header);
      g_assert_cmpuint (region_first (order, header, "header bar"), <, region_first (order, page, "page"));
    }
}

/* ------------------------------------------------------------------------ */
/* Dark and high-contrast styles                                             */
/* ------------------------------------------------------------------------ */

/* The system settings libadwaita 1.2 follows when there is no settings
 * portal: org.gnome.desktop.interface color-scheme and
 * org.gnome.desktop.a11y.interface high-contrast (in memory here). */
static void
set_system_style (gboolean dark,
                  gboolean high_contrast)
{
  g_autoptr(GSettings) interface = g_settings_new ("org.gnome.desktop.interface");
  g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

  g_settings_set_string (interface, "color-scheme", dark ? "prefer-dark" : "default");
  g_settings_set_boolean (a11y, "high-contrast", high_contrast);
  /* Past the styles' transitions (200 ms). */
  wait_ms (500);
}

static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

/* WCAG relative luminance of a colour (alpha composited onto bg). */
static double
luminance (const GdkRGBA *rgba)
{
  return 0.2126 * channel (rgba->red) + 0.7152 * channel (rgba->green) + 0.0722 * channel (rgba->blue);
}

static double
contrast (const GdkRGBA *fg,
          const GdkRGBA *bg)
{
  GdkRGBA mixed = {
    fg->red * fg->alpha + bg->red * (1 - fg->alpha),
    fg->green * fg->alpha + bg->green * (1 - fg->alpha),
    fg->blue * fg->alpha + bg->blue * (1 - fg->alpha),
    1,
  };
  double a = luminance (&mixed), b = luminance (bg);

  return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
widget_color (GtkWidget *widget,
              GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
}

static void
named_color (GtkWidget  *widget,
             const char *name,
             GdkRGBA    *color)
{
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color));
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* The colour a label sits on: a list's or text view's, a card's or boxed
 * list's, a header bar's, or the window's. */
static const char *
background_of (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (GTK_IS_COLUMN_VIEW (w) || GTK_IS_LIST_VIEW (w) || GTK_IS_TEXT_VIEW (w) ||
          gtk_widget_has_css_class (w, "view"))
        return "view_bg_color";
      if (gtk_widget_has_css_class (w, "card") || gtk_widget_has_css_class (w, "boxed-list"))
        return "card_bg_color";
      if (ADW_IS_HEADER_BAR (w) || GTK_IS_HEADER_BAR (w))
        return "headerbar_bg_color";
    }
  return "window_bg_color";
}

/* Every label on the page (but on a button: the button's colours are the
 * style's), against the background it sits on, has at least the contrast
 * min_ratio; dimmed labels at least min_dim. */
static guint
check_label_contrast (GtkWidget  *widget,
                      double      min_ratio,
                      double      min_dim,
                      const char *where)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget) || GTK_IS_BUTTON (widget) || GTK_IS_INFO_BAR (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    {
      gboolean dim = FALSE;
      double ratio, opacity = 1;
      GdkRGBA fg, bg;

      for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
        {
          dim = dim || gtk_widget_has_css_class (w, "dim-label");
          opacity *= gtk_widget_get_opacity (w);
        }
      widget_color (widget, &fg);
      fg.alpha *= opacity;
      /* Not shown (an entry row's title while it has text). */
      if (fg.alpha < 0.05)
        return 0;
      named_color (widget, background_of (widget), &bg);
      if (bg.alpha < 1)
        {
          /* A card is a translucent layer over the window (dark style). */
          GdkRGBA under;

          named_color (widget, "window_bg_color", &under);
          bg.red = bg.red * bg.alpha + under.red * (1 - bg.alpha);
          bg.green = bg.green * bg.alpha + under.green * (1 - bg.alpha);
          bg.blue = bg.blue * bg.alpha + under.blue * (1 - bg.alpha);
          bg.alpha = 1;
        }
      ratio = contrast (&fg, &bg);
      if (ratio < (dim ? min_dim : min_ratio))
        g_error ("%s: the label “%s” (%s) has a contrast of %.2f:1 on %s (%s), under %.1f:1",
                 where, gtk_label_get_text (GTK_LABEL (widget)), gdk_rgba_to_string (&fg),
                 ratio, background_of (widget), gdk_rgba_to_string (&bg), dim ? min_dim : min_ratio);
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += check_label_contrast (child, min_ratio, min_dim, where);
  return n;
}

typedef struct {
  double median;   /* luminance of the median pixel: the background */
  double ink;      /* share of pixels with a contrast of 4.5:1 or more to it */
} PixelStats;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The luminance of the pixels of the window's texture in rect. */
static PixelStats
pixel_stats (GdkTexture      *texture,
             graphene_rect_t *rect)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  PixelStats stats = { 0, 0 };
  guint n_ink = 0;

  gdk_texture_download (texture, data, (gsize) width * 4);
  for (int y = MAX (0, (int) rect->origin.y); y < MIN (height, (int) (rect->origin.y + rect->size.height)); y++)
    for (int x = MAX (0, (int) rect->origin.x); x < MIN (width, (int) (rect->origin.x + rect->size.width)); x++)
      {
        /* CAIRO_FORMAT_ARGB32, premultiplied, native endian: B G R A. */
        const guchar *p = data + (gsize) y * width * 4 + (gsize) x * 4;
        GdkRGBA c = { p[2] / 255.0, p[1] / 255.0, p[0] / 255.0, 1 };
        double l = luminance (&c);

        g_array_append_val (values, l);
      }
  g_assert_cmpuint (values->len, >, 0);
  g_array_sort (values, compare_double);
  for (guint i = 0; i < values->len; i++)
    {
      double l = g_array_index (values, double, i), m = g_array_index (values, double, values->len / 2);

      n_ink += (MAX (l, m) + 0.05) / (MIN (l, m) + 0.05) >= 4.5;
    }
  stats.median = g_array_index (values, double, values->len / 2);
  stats.ink = (double) n_ink / values->len;
  return stats;
}

/* One area in one style: the style manager says so; the window's
 * background and text follow it; the application's coloured labels keep
 * their contrast; on Reports, the charts are drawn in the style's colours
 * on the card's background. */
static void
check_area_in_style (Fixture    *f,
                     const char *area,
                     gboolean    dark,
                     gboolean    high_contrast)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *page = show_area (f, area);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *where = g_strdup_printf ("%s, %s%s", area, dark ? "dark" : "light", high_contrast ? ", high contrast" : "");
  g_autofree char *shot = g_strdup_printf ("a11y-%s-%s%s.png", area, dark ? "dark" : "light", high_contrast ? "-hc" : "");
  graphene_rect_t all;
  PixelStats stats;
  GdkRGBA fg, bg;
  guint n_labels;

  g_assert_true (adw_style_manager_get_dark (manager) == dark);
  g_assert_true (adw_style_manager_get_high_contrast (manager) == high_contrast);

  /* Text on the window's background: at least 4.5:1 (WCAG AA), and 7:1
   * (AAA) in high contrast. */
  widget_color (GTK_WIDGET (f->window), &fg);
  named_color (GTK_WIDGET (f->window), "window_bg_color", &bg);
  g_assert_cmpfloat (contrast (&fg, &bg), >=, high_contrast ? 7.0 : 4.5);
  g_assert_true ((luminance (&bg) < 0.2) == dark);

  /* Every text of the page: 4.5:1 (WCAG AA), dimmed text 3:1; in high
   * contrast, dimmed text too 4.5:1. */
  n_labels = check_label_contrast (page, 4.5, high_contrast ? 4.5 : 3.0, where);
  g_test_message ("%s: %u labels", where, n_labels);
  g_assert_cmpuint (n_labels, >=, 10);

  /* What the user sees: mostly dark in the dark style, light otherwise. */
  texture = render (GTK_WIDGET (f->window));
  graphene_rect_init (&all, 0, 0, gdk_texture_get_width (texture), gdk_texture_get_height (texture));
  stats = pixel_stats (texture, &all);
  if (dark)
    g_assert_cmpfloat (stats.median, <, 0.2);
  else
    g_assert_cmpfloat (stats.median, >, 0.6);
  save_shot (GTK_WIDGET (f->window), shot);

  if (g_str_equal (area, "reports"))
    {
      GtkWidget *chart = find_widget (page, GTK_TYPE_DRAWING_AREA, NULL);
      graphene_rect_t bounds;

      g_assert_nonnull (chart);
      /* On screen: scrolled into view is not needed, the bounds are the
       * window's; the first chart must be inside it. */
      g_assert_true (gtk_widget_compute_bounds (chart, GTK_WIDGET (f->window), &bounds));
      if (bounds.origin.y + bounds.size.height > gdk_texture_get_height (texture))
        {
          GtkWidget *scrolled = gtk_widget_get_ancestor (chart, GTK_TYPE_SCROLLED_WINDOW);
          GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
          graphene_rect_t in_scrolled;

          g_assert_true (gtk_widget_compute_bounds (chart, scrolled, &in_scrolled));
          gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + in_scrolled.origin.y - 20);
          wait_ms (200);
          g_clear_object (&texture);
          texture = render (GTK_WIDGET (f->window));
          g_assert_true (gtk_widget_compute_bounds (chart, GTK_WIDGET (f->window), &bounds));
          save_shot (GTK_WIDGET (f->window), dark ? "a11y-chart-dark.png" : "a11y-chart-light.png");
        }
      stats = pixel_stats (texture, &bounds);
      /* The card's background follows the style; the text, axes and bars
       * stand out from it at 4.5:1 (drawn in the style's colours). */
      g_test_message ("%s: chart background luminance %.2f, %.1f %% ink", where, stats.median, stats.ink * 100);
      if (dark)
        g_assert_cmpfloat (stats.median, <, 0.2);
      else
        g_assert_cmpfloat (stats.median, >, 0.6);
      g_assert_cmpfloat (stats.ink, >, 0.01);
    }
}

static void
check_style (Fixture  *f,
             gboolean  dark,
             gboolean  high_contrast)
{
  static const char *areas[] = { "tasks", "reports", "ceremonies" };

  set_system_style (dark, high_contrast);
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    check_area_in_style (f, areas[i], dark, high_contrast);
  set_system_style (FALSE, FALSE);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

static void
test_style_light (Fixture       *f,
                  gconstpointer  data)
{
  check_style (f, FALSE, FALSE);
}

static void
test_style_dark (Fixture       *f,
                 gconstpointer  data)
{
  check_style (f, TRUE, FALSE);
}

static void
test_style_high_contrast (Fixture       *f,
                          gconstpointer  data)
{
  check_style (f, FALSE, TRUE);
}

static void
test_style_dark_high_contrast (Fixture       *f,
                               gconstpointer  data)
{
  check_style (f, TRUE, TRUE);
}

/* The application's CSS names its colours (@accent_color, currentColor …):
 * a colour written out (#fff, rgb(), "black") is the same in the light,
 * dark and high-contrast styles, and unreadable in one of them. */
static void
test_style_css_named_colours (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/tongket/Tongket/style.css", 0, NULL);
  g_autoptr(GRegex) comment = g_regex_new ("/\\*.*?\\*/", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) literal = g_regex_new ("#[0-9a-fA-F]{3,8}\\b|\\b(rgba?|hsla?)\\s*\\(|"
                                           ":[^;{}]*\\b(black|white|red|green|blue|yellow|gray|grey|orange|purple)\\b",
                                           G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *css = NULL;

  g_assert_nonnull (bytes);
  css = g_regex_replace_literal (comment, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0, "", 0, NULL);
  g_assert_nonnull (strstr (css, "@"));
  if (g_regex_match (literal, css, 0, &match))
    {
      g_autofree char *found = g_match_info_fetch (match, 0);
      g_error ("style.css writes a colour out (“%s”): use a named colour of the style", found);
    }
}

/* ------------------------------------------------------------------------ */
/* Text size                                                                 */
/* ------------------------------------------------------------------------ */

static void
set_text_scale (double scale)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);
  wait_ms (200);
}

static int
natural_height (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* widget is inside the window, at least min_width by min_height of it. */
static void
assert_on_screen (GtkWidget  *widget,
                  GtkWidget  *window,
                  int         min_width,
                  int         min_height,
                  const char *what)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  if (bounds.origin.x < -0.5 || bounds.origin.y < -0.5 ||
      bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5 ||
      bounds.origin.y + bounds.size.height > gtk_widget_get_height (window) + 0.5 ||
      bounds.size.width < min_width || bounds.size.height < min_height)
    g_error ("%s is at %.0f,%.0f %.0f×%.0f in a window of %d×%d", what,
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
             gtk_widget_get_width (window), gtk_widget_get_height (window));
}

/* The labels that name a control — of a button, of an area in the
 * sidebar, a row's title, the window's title — are shown whole (a row's
 * subtitle, a summary of long text, and a list's cells may be cut). */
static gboolean
names_a_control (GtkWidget *label)
{
  GtkWidget *row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);

  if (gtk_widget_get_ancestor (label, GTK_TYPE_COLUMN_VIEW) != NULL)
    return FALSE;
  if (gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON) != NULL ||
      gtk_widget_get_ancestor (label, ADW_TYPE_WINDOW_TITLE) != NULL)
    return TRUE;
  /* A row's title, unless the row limits it to some lines on purpose
   * (a document's full title, whole in its editor). */
  if (row != NULL && ADW_IS_ACTION_ROW (row) && adw_action_row_get_title_lines (ADW_ACTION_ROW (row)) > 0)
    return FALSE;
  if (row != NULL && ADW_IS_PREFERENCES_ROW (row))
    return gtk_widget_has_css_class (label, "title");
  /* The sidebar's areas: rows named after them. */
  return row != NULL && gtk_widget_get_name (row)[0] != '\0' &&
         g_strcmp0 (gtk_widget_get_name (row), G_OBJECT_TYPE_NAME (row)) != 0;
}

static void
assert_control_labels_whole (GtkWidget  *widget,
                             const char *where)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && names_a_control (widget) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    g_error ("%s: the label “%s” is cut short (%d px wide)", where,
             gtk_label_get_text (GTK_LABEL (widget)), gtk_widget_get_width (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    assert_control_labels_whole (child, where);
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under root (root included) that match accepts, depth
 * first; shown_only: only among those mapped and visible, outside skip. */
static GtkWidget *
find_first (GtkWidget     *root,
            gboolean       shown_only,
            GtkWidget     *skip,
            WidgetMatch    match,
            gconstpointer  data)
{
  if (shown_only && (root == skip || !gtk_widget_get_mapped (root) || !gtk_widget_get_child_visible (root)))
    return NULL;
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, shown_only, skip, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
runs_action (GtkWidget     *widget,
             gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

/* The first button under root that runs action. */
static GtkWidget *
find_button_with_action (GtkWidget  *root,
                         const char *action)
{
  return find_first (root, FALSE, NULL, runs_action, action);
}

/* The header's Back button. */
static GtkWidget *
back_button (Fixture *f)
{
  GtkWidget *button = find_button_with_action (GTK_WIDGET (f->window), "win.back");

  g_assert_nonnull (button);
  return button;
}

/* Runs the main loop until the leaflets between widget and the window
 * have folded and slid their children into place (a spring: its time
 * varies). */
static void
settle (GtkWidget *widget)
{
  /* (A leaflet folding or unfolding takes a quarter of a second.) */
  wait_ms (300);
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_LEAFLET (w))
      for (guint i = 0; i < 300 && adw_leaflet_get_child_transition_running (ADW_LEAFLET (w)); i++)
        wait_ms (10);
  wait_ms (50);
}

/* Runs the shortcut of widget's own controllers bound to keyval with
 * modifiers, as GTK does when the key is pressed while the focus is
 * inside widget and no widget deeper has taken it; returns whether it was
 * handled. */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     mods)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, mods) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, mods);
  return FALSE;
}

static gboolean
run_shortcut (GtkWidget       *widget,
              guint            keyval,
              GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, mods) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            {
              settle (widget);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* The keyboard focus is inside widget. */
static gboolean
focus_inside (Fixture   *f,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The window at width × 720, laid out. */
static void
resize (Fixture *f,
        int      width)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 720);
  wait_ms (400);
  /* (Less the frame the window manager-less X server leaves to CSD.) */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, width);
}

/* A row of the Tasks list picked, as a click or a tap picks it. */
static void
pick_task (GtkWidget *list,
           guint      position)
{
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (list));

  gtk_selection_model_select_item (model, position, TRUE);
  settle (list);
}

/* At 360 px the Tasks area folds: the list; a task picked opens alone in
 * the editor with Back to the list (the header's button, Escape,
 * Alt+Left), the focus following; Delete and Duplicate in the editor's
 * menu.  At 1200 px, list and editor side by side as they always were. */
static void
test_fold_tasks (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *page = show_area (f, "tasks");
  AdwLeaflet *leaflet = tkt_fold_get_leaflet (page);
  GtkWidget *search = find_widget (page, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkWidget *list = find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL);
  TktTaskEditor *editor = TKT_TASK_EDITOR (find_widget (page, TKT_TYPE_TASK_EDITOR, NULL));
  GtkWidget *back = back_button (f);
  GtkWidget *title_row = tkt_task_editor_get_row (editor, "title");
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (list));
  g_autoptr(TktTask) second = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_autoptr(TktTask) third = g_list_model_get_item (G_LIST_MODEL (model), 2);

  g_assert_nonnull (leaflet);

  /* Wide: side by side, no Back (nothing to go back to). */
  resize (f, 1200);
  g_assert_false (adw_leaflet_get_folded (leaflet));
  pick_task (list, 1);
  g_assert_cmpstr (tkt_task_get_id (tkt_task_editor_get_task (editor)), ==, tkt_task_get_id (second));
  assert_on_screen (list, GTK_WIDGET (f->window), 400, 300, "At 1200 px, the task list");
  assert_on_screen (title_row, GTK_WIDGET (f->window), 300, 30, "At 1200 px, the editor's title");
  g_assert_false (gtk_widget_get_visible (back));
  save_shot (GTK_WIDGET (f->window), "fold-tasks-1200.png");

  /* 360 px: the list alone. */
  resize (f, 360);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  assert_on_screen (search, GTK_WIDGET (f->window), 100, 20, "At 360 px, the search entry");
  assert_on_screen (list, GTK_WIDGET (f->window), 300, 150, "At 360 px, the task list");
  g_assert_false (gtk_widget_get_mapped (title_row));
  save_shot (GTK_WIDGET (f->window), "fold-tasks-360-list.png");

  /* A task picked: the editor alone, Back in the header, the focus in the editor. */
  gtk_widget_grab_focus (list);
  pick_task (list, 2);
  g_assert_cmpstr (tkt_task_get_id (tkt_task_editor_get_task (editor)), ==, tkt_task_get_id (third));
  g_assert_true (tkt_fold_showing_detail (page));
  g_assert_false (gtk_widget_get_mapped (list));
  assert_on_screen (title_row, GTK_WIDGET (f->window), 250, 30, "At 360 px, the editor's title");
  assert_on_screen (back, GTK_WIDGET (f->window), 16, 16, "At 360 px, the Back button");
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (back)), ==, "go-previous-symbolic");
  g_assert_true (focus_inside (f, GTK_WIDGET (editor)));
  save_shot (GTK_WIDGET (f->window), "fold-tasks-360-editor.png");

  /* Back: the list again, the focus in it; Back once more: the sidebar. */
  g_signal_emit_by_name (back, "clicked");
  settle (GTK_WIDGET (leaflet));
  g_assert_false (tkt_fold_showing_detail (page));
  assert_on_screen (list, GTK_WIDGET (f->window), 300, 150, "Back at 360 px, the task list");
  g_assert_false (gtk_widget_get_mapped (title_row));
  g_assert_true (focus_inside (f, list));
  /* Nothing is selected (the editor is out of sight): Delete deletes nothing. */
  g_assert_null (gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)));
  g_assert_false (gtk_widget_activate_action (page, "task.delete", NULL) &&
                  tkt_task_editor_get_task (editor) == NULL);

  /* The same task again (no change of selection before): it opens. */
  pick_task (list, 2);
  g_assert_true (tkt_fold_showing_detail (page));
  /* Escape in the editor, then Alt+Left: back to the list each time. */
  g_assert_true (run_shortcut (GTK_WIDGET (editor), GDK_KEY_Escape, 0));
  g_assert_false (tkt_fold_showing_detail (page));
  g_assert_true (focus_inside (f, list));
  g_assert_false (run_shortcut (GTK_WIDGET (editor), GDK_KEY_Escape, 0));
  pick_task (list, 1);
  g_assert_true (run_shortcut (GTK_WIDGET (leaflet), GDK_KEY_Left, GDK_ALT_MASK));
  g_assert_false (tkt_fold_showing_detail (page));

  /* Ctrl+N: a new task, alone in the editor, the focus on its title. */
  g_assert_true (gtk_widget_activate_action (page, "task.new", NULL));
  settle (GTK_WIDGET (leaflet));
  g_assert_true (tkt_fold_showing_detail (page));
  g_assert_true (focus_inside (f, title_row));
  /* Typed into, then discarded: nothing to show, back to the list. */
  gtk_editable_set_text (GTK_EDITABLE (title_row), "Nhiệm vụ bỏ dở");
  settle (GTK_WIDGET (leaflet));
  g_assert_true (gtk_widget_activate_action (page, "task.discard", NULL));
  settle (GTK_WIDGET (leaflet));
  g_assert_false (tkt_fold_showing_detail (page));

  /* Back from the list: the sidebar. */
  g_signal_emit_by_name (back, "clicked");
  settle (GTK_WIDGET (leaflet));
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "tasks")));

  /* Wide again: side by side, both shown. */
  resize (f, 1200);
  g_assert_false (adw_leaflet_get_folded (leaflet));
  assert_on_screen (list, GTK_WIDGET (f->window), 400, 300, "Wide again, the task list");
  assert_on_screen (GTK_WIDGET (editor), GTK_WIDGET (f->window), 300, 300, "Wide again, the editor");
}

/* The pane of the page's leaflet at index (0: the list, 2: the detail;
 * the leaflet keeps its widgets in its own order). */
static GtkWidget *
fold_pane (GtkWidget *page,
           guint      index)
{
  g_autoptr(GtkSelectionModel) pages = adw_leaflet_get_pages (tkt_fold_get_leaflet (page));
  g_autoptr(AdwLeafletPage) leaflet_page = g_list_model_get_item (G_LIST_MODEL (pages), index);

  return adw_leaflet_page_get_child (leaflet_page);
}

/* Every control under root that is shown lies across the window's width
 * whole: none pushed past its right edge. */
static void
assert_controls_within_width (GtkWidget  *root,
                              GtkWidget  *window,
                              const char *where)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (root) || !gtk_widget_get_child_visible (root))
    return;
  if ((GTK_IS_BUTTON (root) || GTK_IS_MENU_BUTTON (root) || GTK_IS_DROP_DOWN (root) ||
       GTK_IS_CHECK_BUTTON (root)) &&
      gtk_widget_compute_bounds (root, window, &bounds) &&
      (bounds.origin.x < -0.5 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5))
    {
      g_autofree char *d = describe (root);

      g_error ("%s: %s is at x %.0f–%.0f in a window %d px wide", where, d,
               bounds.origin.x, bounds.origin.x + bounds.size.width, gtk_widget_get_width (window));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    assert_controls_within_width (child, window, where);
}

/* The detail shown at 360 px: its controls within the window's width,
 * their labels whole, and every one of them reached by Tab. */
static void
assert_detail_usable (Fixture    *f,
                      GtkWidget  *detail,
                      const char *where)
{
  g_autoptr(GPtrArray) order = NULL;

  assert_controls_within_width (detail, GTK_WIDGET (f->window), where);
  assert_control_labels_whole (GTK_WIDGET (f->window), where);
  order = tab_around (GTK_WINDOW (f->window), GTK_DIR_TAB_FORWARD);
  assert_all_reached (GTK_WINDOW (f->window), detail, order, where);
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* The first widget of the type shown under root, outside skip. */
static GtkWidget *
find_shown (GtkWidget  *root,
            GType       type,
            GtkWidget  *skip)
{
  return find_first (root, TRUE, skip, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
label_shows (GtkWidget     *widget,
             gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The label shown under root, outside skip, whose text is text. */
static GtkWidget *
find_label_showing (GtkWidget  *root,
                    GtkWidget  *skip,
                    const char *text)
{
  return find_first (root, TRUE, skip, label_shows, text);
}

/* The title of the ceremony the Ceremonies list shows first. */
static char *
first_ceremony_title (Fixture *f)
{
  g_autoptr(GPtrArray) docs = tkt_ceremony_list (f->store);

  g_assert_cmpuint (docs->len, >, 0);
  return g_strdup (json_object_get_string_member (g_ptr_array_index (docs, 0), "title"));
}

/* The title of an item of a drop-down's model: a stack's page or a string. */
static const char *
item_title (gpointer item)
{
  if (GTK_IS_STACK_PAGE (item))
    return gtk_stack_page_get_title (item);
  if (GTK_IS_STRING_OBJECT (item))
    return gtk_string_object_get_string (item);
  return NULL;
}

/* A ceremony's header on a narrow window: its title whole (on as many
 * lines as it needs, not cut short) and within the window; and every one
 * of its sections within reach without scrolling sideways — its section
 * buttons each within the window and none hidden past the edge of a
 * scrolled window, or in their place a drop-down within the window that
 * lists every section, shows the open one whole and opens the one chosen.
 * Every problem found is told at once, with what was measured. */
static void
assert_ceremony_header_fits (Fixture    *f,
                             GtkWidget  *detail,
                             const char *where)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  int window_width = gtk_widget_get_width (window);
  GtkWidget *sections = find_widget (detail, GTK_TYPE_STACK, "sections");
  g_autofree char *title = first_ceremony_title (f);
  g_autoptr(GString) problems = g_string_new (NULL);
  GtkWidget *label, *switcher, *dropdown;
  graphene_rect_t b;

  g_assert_nonnull (sections);

  label = find_label_showing (detail, sections, title);
  if (label == NULL)
    g_string_append_printf (problems, "\n  no label above the sections shows the title “%s”", title);
  else
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
      int natural = 0;

      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (pango_layout_is_ellipsized (layout))
        g_string_append_printf (problems, "\n  the title “%s” is cut short: %d px wide on %d line(s), where it needs %d px on one",
                                title, gtk_widget_get_width (label), pango_layout_get_line_count (layout), natural);
      g_assert_true (gtk_widget_compute_bounds (label, window, &b));
      if (b.origin.x < -0.5 || b.origin.x + b.size.width > window_width + 0.5)
        g_string_append_printf (problems, "\n  the title is at x %.0f–%.0f in a window %d px wide",
                                b.origin.x, b.origin.x + b.size.width, window_width);
    }

  switcher = find_shown (detail, GTK_TYPE_STACK_SWITCHER, sections);
  dropdown = find_shown (detail, GTK_TYPE_DROP_DOWN, sections);
  if (switcher == NULL && dropdown == NULL)
    g_string_append (problems, "\n  neither section buttons nor a drop-down of the sections is shown");

  if (switcher != NULL)
    {
      /* Seen: within the window, and within the scrolled window around
       * the buttons, if any. */
      GtkWidget *scrolled = gtk_widget_get_ancestor (switcher, GTK_TYPE_SCROLLED_WINDOW);
      double left = 0, right = window_width;

      if (scrolled != NULL && gtk_widget_is_ancestor (scrolled, detail))
        {
          GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));

          g_assert_true (gtk_widget_compute_bounds (scrolled, window, &b));
          left = MAX (left, b.origin.x);
          right = MIN (right, b.origin.x + b.size.width);
          if (gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h) > gtk_adjustment_get_page_size (h) + 0.5)
            g_string_append_printf (problems, "\n  the section buttons scroll sideways: %.0f px of them in %.0f px",
                                    gtk_adjustment_get_upper (h) - gtk_adjustment_get_lower (h),
                                    gtk_adjustment_get_page_size (h));
        }
      for (GtkWidget *button = gtk_widget_get_first_child (switcher); button; button = gtk_widget_get_next_sibling (button))
        {
          g_autofree char *d = NULL;

          if (!gtk_widget_get_visible (button))
            continue;
          g_assert_true (gtk_widget_compute_bounds (button, window, &b));
          if (b.origin.x >= left - 0.5 && b.origin.x + b.size.width <= right + 0.5)
            continue;
          d = describe (button);
          g_string_append_printf (problems, "\n  the section button %s is at x %.0f–%.0f, outside x %.0f–%.0f where it can be seen",
                                  d, b.origin.x, b.origin.x + b.size.width, left, right);
        }
    }

  if (dropdown != NULL)
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
      g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (GTK_STACK (sections));
      guint n_pages = g_list_model_get_n_items (G_LIST_MODEL (pages));
      GtkWidget *open = gtk_stack_get_visible_child (GTK_STACK (sections));

      g_assert_true (gtk_widget_compute_bounds (dropdown, window, &b));
      if (b.origin.x < -0.5 || b.origin.x + b.size.width > window_width + 0.5)
        g_string_append_printf (problems, "\n  the drop-down of the sections is at x %.0f–%.0f in a window %d px wide",
                                b.origin.x, b.origin.x + b.size.width, window_width);
      if (model == NULL || g_list_model_get_n_items (model) != n_pages)
        g_string_append_printf (problems, "\n  the drop-down lists %u sections of %u",
                                model != NULL ? g_list_model_get_n_items (model) : 0, n_pages);
      /* Each section chosen in it: that one open, its title shown whole. */
      for (guint i = 0; model != NULL && i < MIN (n_pages, g_list_model_get_n_items (model)); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, i);
          g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (pages), i);
          GtkStackPage *page = GTK_STACK_PAGE (object);
          GtkWidget *shown;

          if (g_strcmp0 (item_title (item), gtk_stack_page_get_title (page)) != 0)
            g_string_append_printf (problems, "\n  the drop-down's item %u is “%s”, the section “%s”",
                                    i, item_title (item), gtk_stack_page_get_title (page));
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
          wait_ms (50);
          if (gtk_stack_get_visible_child (GTK_STACK (sections)) != gtk_stack_page_get_child (page))
            g_string_append_printf (problems, "\n  “%s” chosen in the drop-down does not open that section",
                                    gtk_stack_page_get_title (page));
          shown = find_label_showing (dropdown, NULL, gtk_stack_page_get_title (page));
          if (shown == NULL || pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (shown))))
            g_string_append_printf (problems, "\n  the drop-down does not show “%s” whole when it is open",
                                    gtk_stack_page_get_title (page));
        }
      gtk_stack_set_visible_child (GTK_STACK (sections), open);
      wait_ms (50);
    }

  if (problems->len > 0)
    g_error ("%s: the ceremony's header does not fit:%s", where, problems->str);
}

/* A ceremony's header on a wide window: its title on one line beside
 * Save, Present and Export; below them the section buttons, whole within
 * the window, or their drop-down where the buttons do not fit (never
 * both). */
static void
assert_ceremony_header_wide (Fixture   *f,
                             GtkWidget *detail)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *sections = find_widget (detail, GTK_TYPE_STACK, "sections");
  g_autofree char *title = first_ceremony_title (f);
  GtkWidget *label = find_label_showing (detail, sections, title);
  GtkWidget *switcher = find_shown (detail, GTK_TYPE_STACK_SWITCHER, sections);
  GtkWidget *dropdown;
  static const char *actions[] = { "ceremony.save", "ceremony.present" };
  graphene_rect_t t, b;

  g_assert_nonnull (label);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), ==, 1);
  g_assert_true (gtk_widget_compute_bounds (label, window, &t));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = find_button_with_action (detail, actions[i]);

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_compute_bounds (button, window, &b));
      g_assert_cmpfloat (fabs ((t.origin.y + t.size.height / 2) - (b.origin.y + b.size.height / 2)), <, 1);
      g_assert_cmpfloat (b.origin.x, >, t.origin.x + t.size.width);
    }
  dropdown = find_shown (detail, GTK_TYPE_DROP_DOWN, sections);
  g_assert_true ((switcher != NULL) != (dropdown != NULL));
  g_assert_true (gtk_widget_compute_bounds (switcher ? switcher : dropdown, window, &b));
  g_assert_cmpfloat (b.origin.y, >=, t.origin.y + t.size.height);
  g_assert_cmpfloat (b.origin.x, >=, -0.5);
  g_assert_cmpfloat (b.origin.x + b.size.width, <=, gtk_widget_get_width (window) + 0.5);
  for (GtkWidget *button = switcher ? gtk_widget_get_first_child (switcher) : NULL; button;
       button = gtk_widget_get_next_sibling (button))
    {
      g_assert_true (gtk_widget_compute_bounds (button, switcher, &b));
      g_assert_cmpfloat (b.origin.x + b.size.width, <=, gtk_widget_get_width (switcher) + 0.5);
    }
  g_test_message ("%d px: the sections as %s", gtk_widget_get_width (window), switcher ? "buttons" : "a drop-down");
}

/* The menu model holds an item for action. */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; model != NULL && i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_menu_button_with_icon (GtkWidget     *widget,
                          gconstpointer  icon_name)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), icon_name) == 0;
}

/* The first menu button under root with icon_name. */
static GtkWidget *
find_menu_button (GtkWidget  *root,
                  const char *icon_name)
{
  return find_first (root, FALSE, NULL, is_menu_button_with_icon, icon_name);
}

/* At 360 px the Reports and Ceremonies areas fold the same way: their
 * list; an item picked in it (a click, a tap, Enter) alone, its controls
 * whole (the toolbar's buttons not cut short; a ceremony's title and its
 * sections as assert_ceremony_header_fits says), Back to the list.  At
 * 1200 px both side by side, a ceremony's header as it always was. */
static void
test_fold_area (Fixture       *f,
                gconstpointer  data)
{
  const char *area = data;
  GtkWidget *slot = show_area (f, area);
  GtkWidget *page;
  GtkWidget *list, *detail;
  GtkListBoxRow *row;
  g_autofree char *shot_list = g_strdup_printf ("fold-%s-narrow-list.png", area);
  g_autofree char *shot_detail = g_strdup_printf ("fold-%s-narrow-detail.png", area);
  g_autofree char *where = g_strdup_printf ("%s at 360 px", area);
  int min_width = 0;

  g_assert_nonnull (wait_for_widget (slot, ADW_TYPE_LEAFLET, NULL));
  page = gtk_widget_get_first_child (slot);
  g_assert_nonnull (tkt_fold_get_leaflet (page));
  list = find_widget (fold_pane (page, 0), GTK_TYPE_LIST_BOX, NULL);
  detail = fold_pane (page, 2);

  resize (f, 1200);
  g_assert_false (adw_leaflet_get_folded (tkt_fold_get_leaflet (page)));
  g_assert_true (gtk_widget_get_mapped (list) && gtk_widget_get_mapped (detail));

  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("%s: the window's minimum width: %d px", area, min_width);
  /* The metainfo promises 360 px: the area, its detail included, fits. */
  g_assert_cmpint (min_width, <=, 360);
  resize (f, 360);
  settle (list);
  g_assert_true (adw_leaflet_get_folded (tkt_fold_get_leaflet (page)));
  assert_on_screen (list, GTK_WIDGET (f->window), 250, 100, "Narrow, the list");
  g_assert_false (gtk_widget_get_mapped (detail));
  save_shot (GTK_WIDGET (f->window), shot_list);
  assert_control_labels_whole (GTK_WIDGET (f->window), where);

  /* The first item, picked: alone, with Back and the focus in it. */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_nonnull (row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_list_box_select_row (GTK_LIST_BOX (list), row);
  g_signal_emit_by_name (list, "row-activated", row);
  settle (list);
  g_assert_true (tkt_fold_showing_detail (page));
  assert_on_screen (detail, GTK_WIDGET (f->window), 300, 300, "Narrow, the detail");
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_true (focus_inside (f, detail));
  assert_on_screen (back_button (f), GTK_WIDGET (f->window), 16, 16, "Narrow, Back");
  save_shot (GTK_WIDGET (f->window), shot_detail);
  if (g_strcmp0 (area, "ceremonies") == 0)
    assert_ceremony_header_fits (f, detail, where);
  assert_detail_usable (f, detail, where);

  if (g_strcmp0 (area, "reports") == 0)
    {
      /* Save beside the title; Issue, Export PDF and Print in the menu. */
      GtkWidget *more = find_menu_button (detail, "view-more-symbolic");
      GMenuModel *menu;

      assert_on_screen (find_button_with_action (detail, "report.save"), GTK_WIDGET (f->window), 30, 20,
                        "At 360 px, the report's Save");
      g_assert_nonnull (more);
      assert_on_screen (more, GTK_WIDGET (f->window), 20, 20, "At 360 px, the report's More Actions");
      g_assert_cmpstr (gtk_widget_get_tooltip_text (more), ==, _("More Actions"));
      menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (more));
      g_assert_true (menu_has_action (menu, "report.issue"));
      g_assert_true (menu_has_action (menu, "report.export-pdf"));
      g_assert_true (menu_has_action (menu, "report.print"));

      /* Issued (from that menu): the bar that says so, its text readable
       * and its buttons below it, the window still 360 px. */
      {
        GListModel *toplevels = gtk_window_get_toplevels ();
        GtkWidget *dialog = NULL;
        GtkWidget *compare = find_button_with_action (detail, "report.compare");
        GtkWidget *text;
        graphene_rect_t text_bounds, button_bounds;

        g_assert_true (gtk_widget_activate_action (more, "report.issue", NULL));
        wait_ms (100);
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

            if (ADW_IS_MESSAGE_DIALOG (window))
              dialog = window;
          }
        g_assert_nonnull (dialog);
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "issue");
        wait_ms (500);
        g_assert_nonnull (compare);
        text = find_widget (gtk_widget_get_parent (compare), GTK_TYPE_LABEL, NULL);
        g_assert_true (gtk_widget_get_mapped (compare) && gtk_widget_get_mapped (text));
        save_shot (GTK_WIDGET (f->window), "fold-reports-narrow-issued.png");
        gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
        g_assert_cmpint (min_width, <=, 360);
        assert_controls_within_width (detail, GTK_WIDGET (f->window), "an issued report at 360 px");
        g_assert_true (gtk_widget_compute_bounds (text, GTK_WIDGET (f->window), &text_bounds));
        g_assert_true (gtk_widget_compute_bounds (compare, GTK_WIDGET (f->window), &button_bounds));
        g_assert_cmpfloat (text_bounds.size.width, >=, 240);
        g_assert_cmpfloat (text_bounds.origin.y + text_bounds.size.height, <=, button_bounds.origin.y);
        g_assert_true (gtk_widget_activate_action (detail, "report.reopen", NULL));
        wait_ms (300);
      }
    }
  else
    {
      /* Each section: its bar's buttons within the window, wrapped below
       * its text when they do not fit beside it. */
      GtkStack *sections = GTK_STACK (find_widget (detail, GTK_TYPE_STACK, "sections"));
      static const char *names[] = { "guests", "agenda", "awards", "script", "slides" };

      g_assert_nonnull (sections);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *shot = g_strdup_printf ("fold-ceremonies-narrow-%s.png", names[i]);
          g_autofree char *in = g_strdup_printf ("the ceremony's %s at 360 px", names[i]);
          GtkWidget *section;

          gtk_stack_set_visible_child_name (sections, names[i]);
          wait_ms (300);
          section = gtk_stack_get_visible_child (sections);
          save_shot (GTK_WIDGET (f->window), shot);
          assert_controls_within_width (section, GTK_WIDGET (f->window), in);
          assert_control_labels_whole (section, in);
          if (g_strcmp0 (names[i], "script") == 0)
            assert_on_screen (find_button_with_action (section, "ceremony.print"), GTK_WIDGET (f->window), 30, 20,
                              "At 360 px, the script's Print");
        }
      gtk_stack_set_visible_child_name (sections, "details");
      wait_ms (300);
    }

  /* Back: the list, the focus on it; Escape in the detail as well. */
  g_signal_emit_by_name (back_button (f), "clicked");
  settle (list);
  g_assert_false (tkt_fold_showing_detail (page));
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_true (focus_inside (f, list));
  /* (The list was made anew when the report was issued and reopened.) */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_signal_emit_by_name (list, "row-activated", row);
  settle (list);
  g_assert_true (tkt_fold_showing_detail (page));
  g_assert_true (run_shortcut (detail, GDK_KEY_Escape, 0));
  g_assert_false (tkt_fold_showing_detail (page));

  resize (f, 1200);
  g_assert_false (adw_leaflet_get_folded (tkt_fold_get_leaflet (page)));
  g_assert_true (gtk_widget_get_mapped (list) && gtk_widget_get_mapped (detail));

  if (g_strcmp0 (area, "reports") == 0)
    {
      /* Wide, Issue, Export PDF and Print beside Save again, no menu. */
      save_shot (GTK_WIDGET (f->window), "fold-reports-1200.png");
      assert_on_screen (find_button_with_action (detail, "report.issue"), GTK_WIDGET (f->window), 30, 20,
                        "At 1200 px, the report's Issue");
      assert_on_screen (find_button_with_action (detail, "report.export-pdf"), GTK_WIDGET (f->window), 30, 20,
                        "At 1200 px, the report's Export PDF");
      assert_on_screen (find_button_with_action (detail, "report.print"), GTK_WIDGET (f->window), 20, 20,
                        "At 1200 px, the report's Print");
      g_assert_false (gtk_widget_get_mapped (find_menu_button (detail, "view-more-symbolic")));
    }
  if (g_strcmp0 (area, "ceremonies") == 0)
    {
      /* Wide, the bars and an agenda item in one line, as before. */
      GtkStack *sections = GTK_STACK (find_widget (detail, GTK_TYPE_STACK, "sections"));
      GtkWidget *add_item, *remove_item, *title;
      graphene_rect_t a, b;

      assert_ceremony_header_wide (f, detail);
      gtk_stack_set_visible_child_name (sections, "guests");
      wait_ms (300);
      save_shot (GTK_WIDGET (f->window), "fold-ceremonies-1200-guests.png");
      gtk_stack_set_visible_child_name (sections, "agenda");
      wait_ms (300);
      save_shot (GTK_WIDGET (f->window), "fold-ceremonies-1200-agenda.png");
      add_item = find_button_with_action (detail, "ceremony.add-agenda-item");
      g_assert_true (gtk_widget_compute_bounds (add_item, GTK_WIDGET (f->window), &a));
      g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_prev_sibling (add_item), GTK_WIDGET (f->window), &b));
      g_assert_cmpfloat (fabs ((a.origin.y + a.size.height / 2) - (b.origin.y + b.size.height / 2)), <, 1);
      remove_item = find_button_with_action (detail, "ceremony.remove-agenda-item");
      title = gtk_widget_get_first_child (gtk_widget_get_parent (remove_item));
      title = gtk_widget_get_next_sibling (title);
      g_assert_true (GTK_IS_ENTRY (title));
      g_assert_true (gtk_widget_compute_bounds (remove_item, GTK_WIDGET (f->window), &a));
      g_assert_true (gtk_widget_compute_bounds (title, GTK_WIDGET (f->window), &b));
      g_assert_cmpfloat (fabs ((a.origin.y + a.size.height / 2) - (b.origin.y + b.size.height / 2)), <, 1);
    }
}

/* A conflict, as two computers make one: the first task edited here (its
 * investigator) and, from the same revision, elsewhere (its title), the
 * other's revision arriving by replication. */
static char *
make_conflict (Fixture *f)
{
  GtkWidget *list = find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW, NULL);
  g_autoptr(TktTask) task = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (list))), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) local = tkt_store_get (f->store, tkt_task_get_id (task), &error);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;
  JsonObject *other, *revisions;
  JsonArray *ids;
  const char *rev;
  g_autofree char *other_rev = NULL;
  int generation;

  g_assert_no_error (error);
  rev = json_object_get_string_member (local, "_rev");
  generation = atoi (rev);
  /* (A deep copy: json_node_copy shares the object.) */
  json_node_set_object (node, local);
  text = json_to_string (node, FALSE);
  copy = json_from_string (text, &error);
  g_assert_no_error (error);
  other = json_node_get_object (copy);
  other_rev = g_strdup_printf ("%d-ffffffffffffffffffffffffffffffff", generation + 1);
  json_object_set_string_member (other, "_rev", other_rev);
  revisions = json_object_new ();
  json_object_set_int_member (revisions, "start", generation + 1);
  ids = json_array_new ();
  json_array_add_string_element (ids, "ffffffffffffffffffffffffffffffff");
  json_array_add_string_element (ids, strchr (rev, '-') + 1);
  json_object_set_array_member (revisions, "ids", ids);
  json_object_set_object_member (other, "_revisions", revisions);
  json_object_set_string_member (other, "title", "Ứng dụng công nghệ sinh học trong sản xuất giống lúa chất lượng cao tại huyện Điện Biên");

  json_object_set_string_member (local, "pi", "Nguyễn Văn Lan");
  g_free (tkt_store_put (f->store, local, &error));
  g_assert_no_error (error);
  g_assert_true (tkt_store_put_revision (f->store, other, &error));
  g_assert_no_error (error);
  wait_ms (200);
  return g_strdup (tkt_task_get_id (task));
}

/* At 360 px the Conflicts area folds as the others do: the documents in
 * conflict; one picked alone, its comparison in two columns under each
 * field's name, the buttons that resolve it within the window, Back to
 * the list.  At 1200 px both side by side, the comparison in three
 * columns. */
static void
test_fold_conflicts (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  GtkWidget *page, *list, *detail, *field_heading, *keep;
  GtkListBoxRow *row;
  int min_width = 0;
  graphene_rect_t a, b, name;

  show_area (f, "tasks");
  id = make_conflict (f);
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "conflicts")));
  page = show_area (f, "conflicts");
  g_assert_true (TKT_IS_CONFLICTS_PAGE (page));
  g_assert_cmpuint (tkt_conflicts_page_get_n_conflicts (TKT_CONFLICTS_PAGE (page)), ==, 1);
  g_assert_nonnull (tkt_fold_get_leaflet (page));
  list = find_widget (fold_pane (page, 0), GTK_TYPE_LIST_BOX, NULL);
  detail = fold_pane (page, 2);
  keep = find_widget (detail, GTK_TYPE_BUTTON, "keep-chosen");
  /* The comparison's first child: the heading of the names' column. */
  field_heading = gtk_widget_get_first_child (gtk_widget_get_parent (find_widget (detail, GTK_TYPE_CHECK_BUTTON, "title")));
  g_assert_nonnull (field_heading);

  /* Wide: side by side, the comparison in three columns. */
  resize (f, 1200);
  g_assert_false (adw_leaflet_get_folded (tkt_fold_get_leaflet (page)));
  g_assert_true (gtk_widget_get_mapped (list) && gtk_widget_get_mapped (detail));
  g_assert_true (gtk_widget_get_child_visible (field_heading) && gtk_widget_get_mapped (field_heading));
  save_shot (GTK_WIDGET (f->window), "fold-conflicts-1200.png");

  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("conflicts: the window's minimum width: %d px", min_width);
  g_assert_cmpint (min_width, <=, 360);

  /* 360 px: the list alone. */
  resize (f, 360);
  settle (list);
  g_assert_true (adw_leaflet_get_folded (tkt_fold_get_leaflet (page)));
  assert_on_screen (list, GTK_WIDGET (f->window), 250, 30, "Narrow, the documents in conflict");
  g_assert_false (gtk_widget_get_mapped (detail));
  save_shot (GTK_WIDGET (f->window), "fold-conflicts-narrow-list.png");

  /* The document picked: alone, with Back and the focus in it. */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, id);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_signal_emit_by_name (list, "row-activated", row);
  settle (list);
  g_assert_true (tkt_fold_showing_detail (page));
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_true (focus_inside (f, detail));
  assert_on_screen (back_button (f), GTK_WIDGET (f->window), 16, 16, "Narrow, Back");
  save_shot (GTK_WIDGET (f->window), "fold-conflicts-narrow-detail.png");
  assert_detail_usable (f, detail, "conflicts at 360 px");
  /* The two versions of a field side by side, its name above them (no
   * column of names, so no heading for it). */
  g_assert_false (gtk_widget_get_child_visible (field_heading));
  g_assert_true (gtk_widget_compute_bounds (find_widget (detail, GTK_TYPE_CHECK_BUTTON, "title"), GTK_WIDGET (f->window), &b));
  {
    GtkWidget *other = find_widget (detail, GTK_TYPE_CHECK_BUTTON, "title");
    GtkWidget *shown = gtk_widget_get_prev_sibling (other);
    GtkWidget *label = gtk_widget_get_prev_sibling (shown);

    g_assert_true (GTK_IS_CHECK_BUTTON (shown) && GTK_IS_LABEL (label));
    g_assert_true (gtk_widget_compute_bounds (shown, GTK_WIDGET (f->window), &a));
    g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (f->window), &name));
    g_assert_cmpfloat (fabs (a.origin.y - b.origin.y), <, 1);
    g_assert_cmpfloat (a.origin.x + a.size.width, <=, b.origin.x);
    g_assert_cmpfloat (name.origin.y + name.size.height, <=, a.origin.y);
    g_assert_cmpfloat (a.size.width, >=, 120);
  }
  /* Keeping the chosen fields: shown, within the window's width. */
  g_assert_true (gtk_widget_get_mapped (keep));
  g_assert_true (gtk_widget_compute_bounds (keep, GTK_WIDGET (f->window), &a));
  g_assert_cmpfloat (a.origin.x + a.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f->window)));

  /* Back: the list, the focus on it; Escape in the detail as well. */
  g_signal_emit_by_name (back_button (f), "clicked");
  settle (list);
  g_assert_false (tkt_fold_showing_detail (page));
  g_assert_true (focus_inside (f, list));
  g_signal_emit_by_name (list, "row-activated", row);
  settle (list);
  g_assert_true (run_shortcut (detail, GDK_KEY_Escape, 0));
  g_assert_false (tkt_fold_showing_detail (page));

  resize (f, 1200);
  g_assert_false (adw_leaflet_get_folded (tkt_fold_get_leaflet (page)));
  g_assert_true (gtk_widget_get_mapped (list) && gtk_widget_get_mapped (detail));
}

static void
test_text_scale (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *page = show_area (f, "tasks");
  GtkWidget *row = find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "tasks");
  GtkWidget *label = find_widget (row, GTK_TYPE_LABEL, NULL);
  GtkWidget *search = find_widget (page, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkWidget *list = find_widget (page, GTK_TYPE_COLUMN_VIEW, NULL);
  GtkWidget *leaflet = find_widget (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, NULL);
  int before, after, min_width = 0;
  static const char *areas[] = { "tasks", "reports", "ceremonies" };

  before = natural_height (label);
  set_text_scale (1.5);
  after = natural_height (label);
  g_test_message ("the sidebar's “Tasks”: %d px high at 1×, %d px at 1.5×", before, after);
  g_assert_cmpfloat ((double) after / before, >=, 1.3);
  g_assert_cmpfloat ((double) after / before, <=, 1.7);

  /* The default size: every area, its controls' labels whole. */
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      g_autofree char *shot = g_strdup_printf ("a11y-text-1.5-%s.png", areas[i]);
      g_autofree char *where = g_strdup_printf ("%s at 1.5×", areas[i]);

      show_area (f, areas[i]);
      save_shot (GTK_WIDGET (f->window), shot);
      assert_control_labels_whole (GTK_WIDGET (f->window), where);
    }
  show_area (f, "tasks");
  assert_on_screen (search, GTK_WIDGET (f->window), 150, 20, "The search entry");
  assert_on_screen (list, GTK_WIDGET (f->window), 300, 150, "The task list");

  /* 360 px wide (a narrow window, a phone): the window fits, the Tasks
   * area folded to its list (the metainfo promises 360 px). */
  gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("the window's minimum width at 1.5×: %d px", min_width);
  g_assert_cmpint (min_width, <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  settle (list);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 360);
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  g_assert_true (adw_leaflet_get_folded (tkt_fold_get_leaflet (page)));
  save_shot (GTK_WIDGET (f->window), "a11y-text-1.5-narrow.png");
  assert_on_screen (search, GTK_WIDGET (f->window), 100, 20, "At 360 px, the search entry");
  assert_on_screen (list, GTK_WIDGET (f->window), 250, 100, "At 360 px, the task list");
  assert_control_labels_whole (GTK_WIDGET (f->window), "Tasks at 1.5×, 360 px");

  /* A task picked: its editor, with Back to the list. */
  pick_task (list, 0);
  g_assert_true (tkt_fold_showing_detail (page));
  save_shot (GTK_WIDGET (f->window), "a11y-text-1.5-narrow-editor.png");
  assert_on_screen (tkt_task_editor_get_row (TKT_TASK_EDITOR (find_widget (page, TKT_TYPE_TASK_EDITOR, NULL)), "title"),
                    GTK_WIDGET (f->window), 250, 30, "At 360 px, the editor's title");
  assert_on_screen (back_button (f), GTK_WIDGET (f->window), 16, 16, "At 360 px, Back");
  assert_control_labels_whole (GTK_WIDGET (f->window), "a task at 1.5×, 360 px");
  g_signal_emit_by_name (back_button (f), "clicked");
  settle (list);
  assert_on_screen (list, GTK_WIDGET (f->window), 250, 100, "Back at 360 px, the task list");

  /* Back to the sidebar (Alt+Left, F9): its areas whole. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-sidebar", NULL));
  wait_ms (400);
  save_shot (GTK_WIDGET (f->window), "a11y-text-1.5-narrow-sidebar.png");
  assert_control_labels_whole (GTK_WIDGET (f->window), "the sidebar at 1.5×, narrowest");

  set_text_scale (1.0);
  g_assert_cmpint (natural_height (label), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The style follows the system settings read through GSettings (in
   * memory), not a settings portal of the session the test runs in. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_unsetenv ("ADW_DEBUG_HIGH_CONTRAST");
  g_unsetenv ("ADW_DEBUG_COLOR_SCHEME");

  /* In the language of LANGUAGE (English in meson test), from
   * TKT_LOCALEDIR, as the application does: for screenshots in Vietnamese
   * (and the labels whole in Vietnamese too). */
  setlocale (LC_ALL, "");
  if (g_getenv ("TKT_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TKT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  app = tkt_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".A11yTest");
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, fn) g_test_add ("/tkt/ui/a11y/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("shortcuts/bound-are-listed", test_shortcuts_bound_are_listed);
  ADD ("shortcuts/listed-are-bound", test_shortcuts_listed_are_bound);
  ADD ("shortcuts/areas", test_shortcuts_areas);
  ADD ("shortcuts/fit-screen", test_shortcuts_fit_screen);
  ADD ("focus/tasks", test_focus_tasks);
  ADD ("focus/reports", test_focus_reports);
  ADD ("focus/ceremonies", test_focus_ceremonies);
  ADD ("focus/preferences", test_focus_preferences);
  ADD ("style/light", test_style_light);
  ADD ("style/dark", test_style_dark);
  ADD ("style/high-contrast", test_style_high_contrast);
  ADD ("style/dark-high-contrast", test_style_dark_high_contrast);
  ADD ("text-scale", test_text_scale);
  ADD ("fold/tasks", test_fold_tasks);
  g_test_add ("/tkt/ui/a11y/fold/reports", Fixture, "reports", fixture_setup, test_fold_area, fixture_teardown);
  g_test_add ("/tkt/ui/a11y/fold/ceremonies", Fixture, "ceremonies", fixture_setup, test_fold_area, fixture_teardown);
  ADD ("fold/conflicts", test_fold_conflicts);
#undef ADD
  g_test_add_func ("/tkt/ui/a11y/style/css-named-colours", test_style_css_named_colours);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
