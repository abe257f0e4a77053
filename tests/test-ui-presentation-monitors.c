/* test-ui-presentation-monitors.c — presenting with two monitors, under a
 * headless GNOME compositor (tests/mutter-run: mutter with the virtual
 * monitors Meta-0 1920×1080 and Meta-1 1024×768, on a D-Bus session of its
 * own).  The audience window goes full screen on the chosen monitor and the
 * console on the other; Swap exchanges them and is remembered; the keys
 * move through the deck, jump, black out and leave; the screensaver inhibit
 * is taken and released; a projector unplugged mid-talk (the compositor's
 * DisplayConfig takes Meta-1 away) leaves the presentation running on the
 * laptop, and plugged in again it is back on the projector.
 *
 * Screenshots of the audience view and the console at both sizes go to
 * $TKT_SCREENSHOT_DIR when set, from the widgets themselves.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "fake-sm.h"
#include "ui-util.h"
#include "tkt-application.h"
#include "tkt-ceremony-page.h"
#include "tkt-demo.h"
#include "tkt-presentation.h"
#include "tkt-store.h"
#include "tkt-window.h"

static TktApplication *app;

typedef struct {
  char            *dir;
  TktStore        *store;
  TktWindow       *window;
  TktCeremonyPage *page;
  GSettings       *settings;
} Fixture;

/* ---- the compositor's monitors ---------------------------------------- */

static GListModel *
monitors (void)
{
  return gdk_display_get_monitors (gdk_display_get_default ());
}

static GdkMonitor *
monitor_named (const char *connector)
{
  GListModel *list = monitors ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (list, i);

      if (g_strcmp0 (gdk_monitor_get_connector (monitor), connector) == 0)
        return monitor;   /* the display's list holds it */
    }
  return NULL;
}

/* The monitor a window is shown on, by connector; NULL while unmapped. */
static const char *
window_monitor (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor;

  if (surface == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return NULL;
  monitor = gdk_display_get_monitor_at_surface (gdk_display_get_default (), surface);
  return monitor != NULL ? gdk_monitor_get_connector (monitor) : NULL;
}

/* Full screen on that monitor: mapped there, and as large as it. */
static gboolean
fullscreen_on (GtkWindow  *window,
               const char *connector)
{
  GdkMonitor *monitor = monitor_named (connector);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkRectangle geometry;

  if (monitor == NULL || surface == NULL)
    return FALSE;
  gdk_monitor_get_geometry (monitor, &geometry);
  return gtk_window_is_fullscreen (window) &&
         g_strcmp0 (window_monitor (window), connector) == 0 &&
         gdk_surface_get_width (surface) == geometry.width &&
         gdk_surface_get_height (surface) == geometry.height;
}

static gboolean
wait_fullscreen_on (GtkWindow  *window,
                    const char *connector)
{
  /* Up to 15 s: mutter moving a window to another monitor after a change
   * of monitors took over the 3 s this waited before, once, with the other
   * UI tests running beside it. */
  gint64 until = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      if (fullscreen_on (window, connector))
        {
          wait_ms (100);  /* the first frame at that size */
          return TRUE;
        }
      wait_ms (10);
    }
  g_test_message ("window %s: on %s, fullscreen %d, %d×%d, expected full screen on %s",
                  gtk_widget_get_name (GTK_WIDGET (window)), window_monitor (window),
                  gtk_window_is_fullscreen (window),
                  gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))),
                  gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window))), connector);
  return FALSE;
}

/* Which monitors the compositor drives, as a projector plugged in or out:
 * mutter's DisplayConfig.ApplyMonitorsConfig, temporary (method 1), side
 * by side from the left at each monitor's current mode. */
static void
set_monitors (const char * const *connectors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) physical = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder logical;
  guint32 serial;
  int x = 0;
  gboolean primary = TRUE;

  g_assert_no_error (error);
  state = g_dbus_connection_call_sync (bus, "org.gnome.Mutter.DisplayConfig",
                                       "/org/gnome/Mutter/DisplayConfig",
                                       "org.gnome.Mutter.DisplayConfig", "GetCurrentState",
                                       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get_child (state, 0, "u", &serial);
  physical = g_variant_get_child_value (state, 1);

  g_variant_builder_init (&logical, G_VARIANT_TYPE ("a(iiduba(ssa{sv}))"));
  for (const char * const *c = connectors; *c != NULL; c++)
    for (gsize i = 0; i < g_variant_n_children (physical); i++)
      {
        g_autoptr(GVariant) monitor = g_variant_get_child_value (physical, i);
        g_autoptr(GVariant) spec = g_variant_get_child_value (monitor, 0);
        g_autoptr(GVariant) modes = g_variant_get_child_value (monitor, 1);
        const char *connector;
        const char *mode_id = NULL;
        int width = 0;

        g_variant_get_child (spec, 0, "&s", &connector);
        if (!g_str_equal (connector, *c))
          continue;
        for (gsize m = 0; m < g_variant_n_children (modes) && mode_id == NULL; m++)
          {
            g_autoptr(GVariant) mode = g_variant_get_child_value (modes, m);
            g_autoptr(GVariant) props = g_variant_get_child_value (mode, 6);
            gboolean preferred = FALSE;

            g_variant_lookup (props, "is-preferred", "b", &preferred);
            if (preferred)
              {
                g_variant_get_child (mode, 0, "&s", &mode_id);
                g_variant_get_child (mode, 1, "i", &width);
              }
          }
        g_assert_nonnull (mode_id);
        g_variant_builder_add_parsed (&logical, "(%i, 0, 1.0, uint32 0, %b, [(%s, %s, @a{sv} {})])",
                                      x, primary, connector, mode_id);
        x += width;
        primary = FALSE;
      }

  reply = g_dbus_connection_call_sync (bus, "org.gnome.Mutter.DisplayConfig",
                                       "/org/gnome/Mutter/DisplayConfig",
                                       "org.gnome.Mutter.DisplayConfig", "ApplyMonitorsConfig",
                                       g_variant_new ("(uu@a(iiduba(ssa{sv}))@a{sv})", serial, 1u,
                                                      g_variant_builder_end (&logical),
                                                      g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* Waits until GDK lists these connectors (named: a monitor plugged in
 * learns its name a moment after it appears). */
static void
wait_monitors (const char * const *connectors)
{
  for (guint i = 0; i < 500; i++)
    {
      gboolean all = g_list_model_get_n_items (monitors ()) == g_strv_length ((GStrv) connectors);

      for (const char * const *c = connectors; all && *c != NULL; c++)
        all = monitor_named (*c) != NULL;
      if (all)
        return;
      wait_ms (10);
    }
  g_assert_not_reached ();
}

/* ---- fixture ----------------------------------------------------------- */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "presentation-monitor");
  g_settings_reset (f->settings, "presentation-theme");

  f->store = open_demo_store ("tkt-ui-monitors-XXXXXX", &f->dir);

  f->window = tkt_window_new (ADW_APPLICATION (app), f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_ms (200);
  f->page = TKT_CEREMONY_PAGE (wait_for_widget (GTK_WIDGET (f->window), TKT_TYPE_CEREMONY_PAGE, NULL));
  g_assert_nonnull (f->page);
  g_assert_true (tkt_ceremony_page_select (f->page, "ceremony:demo-2023"));
  wait_ms (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_ms (50);
  g_clear_object (&f->store);
  remove_dir (f->dir);
  g_free (f->dir);
  g_settings_reset (f->settings, "presentation-monitor");
  g_clear_object (&f->settings);
}

static TktPresentation *
present (Fixture *f)
{
  TktPresentation *presentation;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "ceremony.present", NULL));
  wait_ms (200);
  presentation = tkt_ceremony_page_get_presentation (f->page);
  g_assert_nonnull (presentation);
  g_assert_true (tkt_presentation_is_running (presentation));
  return presentation;
}

/* The slide of the deck whose key starts with prefix. */
static guint
slide_with_key (TktPresentation *presentation,
                const char      *prefix)
{
  TktDeck *deck = tkt_presentation_get_deck (presentation);

  for (guint i = 0; i < tkt_presentation_get_n_slides (presentation); i++)
    if (g_str_has_prefix (tkt_deck_get_slide (deck, i)->key, prefix))
      return i;
  g_assert_not_reached ();
  return 0;
}

static void
screenshots (TktPresentation *presentation,
             const char      *audience_name,
             const char      *console_name)
{
  GtkWindow *audience = tkt_presentation_get_audience_window (presentation);
  GtkWindow *console = tkt_presentation_get_console_window (presentation);

  /* The figures slide on the projector; the first award turn's slide and
   * its announcement on the console show what both windows are for. */
  tkt_presentation_go_to (presentation, slide_with_key (presentation, "figures"));
  wait_ms (300);
  save_screenshot (GTK_WIDGET (audience), audience_name);
  tkt_presentation_go_to (presentation, slide_with_key (presentation, "award:"));
  wait_ms (300);
  save_screenshot (GTK_WIDGET (console), console_name);
}

/* ---- the tests --------------------------------------------------------- */

static void
test_two_monitors (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const both[] = { "Meta-0", "Meta-1", NULL };
  TktPresentation *presentation;
  GtkWindow *audience, *console;
  GtkDropDown *dropdown;
  GListModel *names;
  g_autofree char *expected = NULL;
  guint n, cookie;

  wait_monitors (both);

  presentation = g_object_ref (present (f));
  audience = tkt_presentation_get_audience_window (presentation);
  console = tkt_presentation_get_console_window (presentation);
  g_assert_false (tkt_presentation_get_single_monitor (presentation));

  /* Nothing chosen yet: the projector is the monitor added last. */
  g_assert_true (wait_fullscreen_on (audience, "Meta-1"));
  g_assert_true (wait_fullscreen_on (console, "Meta-0"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (console)));
  g_assert_true (tkt_presentation_get_console_visible (presentation));

  /* The monitors by connector and description; the audience's selected. */
  dropdown = GTK_DROP_DOWN (find_widget (GTK_WIDGET (console), GTK_TYPE_DROP_DOWN, "monitors"));
  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (dropdown)));
  names = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "Meta-0 — MetaVendor MetaVirtualMonitor");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "Meta-1 — MetaVendor MetaVirtualMonitor");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);

  /* The screensaver and suspend are held off. */
  g_assert_true (tkt_presentation_get_inhibited (presentation));
  cookie = tkt_presentation_get_inhibit_cookie (presentation);
  g_assert_cmpuint (cookie, !=, 0);
  g_assert_cmpuint (fake_sm_inhibitor_flags (cookie), ==,
                    GTK_APPLICATION_INHIBIT_IDLE | GTK_APPLICATION_INHIBIT_SUSPEND);

  screenshots (presentation, "audience-1024x768.png", "console-1920x1080.png");

  /* The keys, on both windows: next, back, jump, black, white. */
  n = tkt_presentation_get_n_slides (presentation);
  tkt_presentation_go_to (presentation, 0);
  press (audience, GDK_KEY_Right);
  press (console, GDK_KEY_Page_Down);
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 2);
  press (audience, GDK_KEY_Page_Up);
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 1);
  press (console, GDK_KEY_End);
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, n - 1);
  press (console, GDK_KEY_5);
  press (console, GDK_KEY_Return);
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 4);
  expected = g_strdup_printf ("5 / %u", n);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (console), GTK_TYPE_LABEL, "slide-number"))), ==,
                   expected);
  press (audience, GDK_KEY_b);
  g_assert_cmpint (tkt_presentation_get_blank (presentation), ==, TKT_SLIDE_BLANK_BLACK);
  press (console, GDK_KEY_b);
  press (console, GDK_KEY_w);
  g_assert_cmpint (tkt_presentation_get_blank (presentation), ==, TKT_SLIDE_BLANK_WHITE);
  press (audience, GDK_KEY_w);
  g_assert_cmpint (tkt_presentation_get_blank (presentation), ==, TKT_SLIDE_BLANK_NONE);

  /* Swap: the audience on the big monitor, the console on the small one;
   * the choice is remembered. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (console), GTK_TYPE_BUTTON, "swap"), "clicked");
  g_assert_true (wait_fullscreen_on (audience, "Meta-0"));
  g_assert_true (wait_fullscreen_on (console, "Meta-1"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  g_assert_cmpstr (g_settings_get_string (f->settings, "presentation-monitor"), ==, "Meta-0");
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 4);
  screenshots (presentation, "audience-1920x1080.png", "console-1024x768.png");

  /* Choosing in the list does the same. */
  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_true (wait_fullscreen_on (audience, "Meta-1"));
  g_assert_true (wait_fullscreen_on (console, "Meta-0"));
  g_assert_cmpstr (g_settings_get_string (f->settings, "presentation-monitor"), ==, "Meta-1");
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_true (wait_fullscreen_on (audience, "Meta-0"));

  /* Escape leaves: both windows gone, the inhibit released. */
  press (console, GDK_KEY_Escape);
  wait_ms (200);
  g_assert_false (tkt_presentation_is_running (presentation));
  g_assert_false (toplevel_named ("presentation-audience"));
  g_assert_false (toplevel_named ("presentation-console"));
  g_assert_false (tkt_presentation_get_inhibited (presentation));
  for (guint i = 0; i < 100 && fake_sm_n_inhibitors () > 0; i++)
    wait_ms (10);
  g_assert_cmpuint (fake_sm_n_inhibitors (), ==, 0);
  g_assert_finalize_object (presentation);

  /* The next time, the remembered monitor. */
  presentation = present (f);
  g_assert_true (wait_fullscreen_on (tkt_presentation_get_audience_window (presentation), "Meta-0"));
  g_assert_true (wait_fullscreen_on (tkt_presentation_get_console_window (presentation), "Meta-1"));
  tkt_presentation_stop (presentation);
}

static void
test_hotplug (Fixture       *f,
              gconstpointer  data)
{
  static const char * const both[] = { "Meta-0", "Meta-1", NULL };
  static const char * const laptop[] = { "Meta-0", NULL };
  TktPresentation *presentation;
  GtkWindow *audience, *console;

  wait_monitors (both);
  presentation = g_object_ref (present (f));
  audience = tkt_presentation_get_audience_window (presentation);
  console = tkt_presentation_get_console_window (presentation);
  g_assert_true (wait_fullscreen_on (audience, "Meta-1"));
  tkt_presentation_go_to (presentation, 6);

  /* The projector's cable comes out: the talk goes on, on the laptop,
   * with the console over the slides (Tab toggles it). */
  set_monitors (laptop);
  wait_monitors (laptop);
  wait_ms (200);
  g_assert_true (tkt_presentation_is_running (presentation));
  g_assert_true (tkt_presentation_get_single_monitor (presentation));
  g_assert_true (wait_fullscreen_on (audience, "Meta-0"));
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 6);
  g_assert_true (tkt_presentation_get_inhibited (presentation));
  g_assert_false (gtk_widget_get_sensitive (find_widget (GTK_WIDGET (console), GTK_TYPE_BUTTON, "swap")));
  if (tkt_presentation_get_console_visible (presentation))
    press (console, GDK_KEY_Tab);
  g_assert_false (tkt_presentation_get_console_visible (presentation));
  press (audience, GDK_KEY_Right);
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 7);
  press (audience, GDK_KEY_Tab);
  g_assert_true (tkt_presentation_get_console_visible (presentation));
  g_assert_true (wait_fullscreen_on (console, "Meta-0"));

  /* Plugged in again: back on the projector, the console on the laptop. */
  set_monitors (both);
  wait_monitors (both);
  g_assert_false (tkt_presentation_get_single_monitor (presentation));
  g_assert_true (wait_fullscreen_on (audience, "Meta-1"));
  g_assert_true (wait_fullscreen_on (console, "Meta-0"));
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 7);
  press (console, GDK_KEY_Right);
  g_assert_cmpuint (tkt_presentation_get_index (presentation), ==, 8);

  press (audience, GDK_KEY_Escape);
  wait_ms (200);
  g_assert_false (tkt_presentation_is_running (presentation));
  g_assert_false (tkt_presentation_get_inhibited (presentation));
  g_assert_finalize_object (presentation);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  int status;

  /* In the language of LANGUAGE, from the catalogue built in the tree, as
   * the application does: the screenshots are taken in Vietnamese too. */
  setlocale (LC_ALL, "");
  if (g_getenv ("TKT_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TKT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (g_getenv ("GDK_BACKEND"), "wayland") != 0 || g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("needs a Wayland compositor with two monitors: run under tests/mutter-run");
      return g_test_run ();
    }

  /* The session bus is mutter-run's own: a session manager of ours on it. */
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fake_sm_start (address);
  g_setenv ("GTK_A11Y", "none", TRUE);

  gtk_init ();
  adw_init ();

  app = tkt_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".MonitorsTest");
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/tkt/ui/presentation/monitors/two", Fixture, NULL, fixture_setup, test_two_monitors, fixture_teardown);
  g_test_add ("/tkt/ui/presentation/monitors/hotplug", Fixture, NULL, fixture_setup, test_hotplug, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  fake_sm_stop ();
  return status;
}
