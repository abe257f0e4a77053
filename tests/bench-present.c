/* bench-present.c — from a key press to the projector's next frame, at
 * the monitor's size, through the demo conference's deck.  Built, not run
 * by meson test; run it under a compositor with the monitor to measure:
 *
 *   TKT_MUTTER_MONITORS=1920x1080 tests/mutter-run _build/tests/bench-present [ROUNDS]
 *
 * It presents the demo ceremony (the audience window full screen) and,
 * for each slide, presses → and waits for the audience window's frame
 * clock to finish painting; between keys it waits, as a speaker does,
 * until the next two slides are rendered.  Printed beside two baselines measured in the
 * same run: the same walk with nothing rendered ahead (each slide drawn
 * on the key press, as a presentation without the look-ahead would), and
 * the frame clock's own floor (B pressed twice: a repaint that draws
 * nothing new).  It also prints how long the frame took to start after
 * the key (the rest is the renderer's work).
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "tkt-application.h"
#include "tkt-ceremony.h"
#include "tkt-demo.h"
#include "tkt-presentation.h"
#include "tkt-slide-view.h"
#include "tkt-store.h"

static guint paints;
static gint64 paint_started;   /* the frame clock's before-paint of the last frame */
static GArray *waits;          /* key to before-paint, ms, when recording */

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  paint_started = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  paints++;
}

static void
spin_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

/* Milliseconds from the key to the end of the next paint. */
static double
key_to_paint (TktPresentation *presentation,
              guint            keyval)
{
  guint before = paints;
  gint64 start = g_get_monotonic_time ();

  tkt_presentation_key (presentation, keyval, 0);
  while (paints == before && g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (waits != NULL)
    {
      double w = (paint_started - start) / 1000.0;

      g_array_append_val (waits, w);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        GArray     *ms)
{
  double *v = (double *) ms->data;

  qsort (v, ms->len, sizeof *v, compare_double);
  printf ("%-44s n %4u   median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", name, ms->len,
          v[ms->len / 2], v[MIN (ms->len - 1, (ms->len * 95) / 100)], v[ms->len - 1]);
}

/* Walks the deck rounds times with → (Home in between); the look-ahead
 * renders in the pause after each paint, as between a speaker's slides. */
/* Until the look-ahead is done (as between a speaker's slides). */
static void
settle (TktPresentation *presentation,
        TktSlideView    *view)
{
  guint i = tkt_presentation_get_index (presentation);
  guint n = tkt_presentation_get_n_slides (presentation);
  gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until &&
         ((i + 1 < n && !tkt_slide_view_is_cached (view, i + 1)) ||
          (i + 2 < n && !tkt_slide_view_is_cached (view, i + 2))))
    spin_ms (5);
  spin_ms (100);   /* and the frame that hands them to the GPU */
}

static GArray *
walk (TktPresentation *presentation,
      TktSlideView    *view,
      guint            rounds)
{
  GArray *ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = tkt_presentation_get_n_slides (presentation);

  for (guint r = 0; r < rounds; r++)
    {
      tkt_presentation_go_to (presentation, 0);
      spin_ms (300);
      for (guint i = 1; i < n; i++)
        {
          double t = key_to_paint (presentation, GDK_KEY_Right);

          g_array_append_val (ms, t);
          settle (presentation, view);
        }
    }
  return ms;
}

int
main (int   argc,
      char *argv[])
{
  guint rounds = argc > 1 ? (guint) atoi (argv[1]) : 5;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(TktApplication) app = NULL;
  g_autoptr(TktPresentation) presentation = NULL;
  g_autoptr(GArray) ahead = NULL;
  g_autoptr(GArray) on_key = NULL;
  g_autoptr(GArray) floor_ms = NULL;
  GtkWindow *audience;
  TktSlideView *view = NULL;
  GdkFrameClock *clock;
  GdkSurface *surface;

  /* The renderer the application would choose (GSK_RENDERER wins). */
  tkt_application_choose_renderer ();
  gtk_init ();
  adw_init ();
  if (rounds == 0)
    rounds = 5;

  dir = g_dir_make_tmp ("tkt-bench-present-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "tongket.db", NULL);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tkt_demo_fill (store, &error));
  ceremony = tkt_ceremony_load (store, "ceremony:demo-2023", &error);
  g_assert_no_error (error);

  app = tkt_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".BenchPresent");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  presentation = tkt_presentation_new (GTK_APPLICATION (app), store, ceremony, TKT_SLIDE_THEME_LIGHT, &error);
  g_assert_no_error (error);
  tkt_presentation_start (presentation);
  audience = tkt_presentation_get_audience_window (presentation);
  spin_ms (1500);   /* mapped, full screen, first frames */

  surface = gtk_native_get_surface (GTK_NATIVE (audience));
  clock = gdk_surface_get_frame_clock (surface);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (audience)); w != NULL && view == NULL; )
    {
      if (TKT_IS_SLIDE_VIEW (w))
        view = TKT_SLIDE_VIEW (w);
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        w = gtk_widget_get_next_sibling (w);
    }
  g_assert_nonnull (view);

  printf ("audience window %d×%d (scale %d), %u slides, %u rounds, %s\n",
          gdk_surface_get_width (surface), gdk_surface_get_height (surface),
          gdk_surface_get_scale_factor (surface), tkt_presentation_get_n_slides (presentation), rounds,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (audience))));

  /* Floor: a repaint that draws nothing new. */
  floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < 20 * rounds; i++)
    {
      double t = key_to_paint (presentation, GDK_KEY_b);

      g_array_append_val (floor_ms, t);
      spin_ms (40);
      key_to_paint (presentation, GDK_KEY_b);
      spin_ms (40);
    }

  /* Baseline: nothing rendered ahead, each slide drawn on the key. */
  tkt_slide_view_set_lookahead (view, 0);
  on_key = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < rounds; r++)
    {
      TktSlideTheme theme;

      /* A fresh cache each round: set_deck empties it. */
      tkt_slide_theme_init (&theme, TKT_SLIDE_THEME_LIGHT);
      tkt_presentation_go_to (presentation, 0);
      tkt_slide_view_set_deck (view, tkt_presentation_get_deck (presentation), &theme,
                               gdk_surface_get_width (surface) * 3 < gdk_surface_get_height (surface) * 4 + 1
                               ? TKT_SLIDE_ASPECT_4_3 : TKT_SLIDE_ASPECT_16_9);
      spin_ms (200);
      for (guint i = 1; i < tkt_presentation_get_n_slides (presentation); i++)
        {
          gboolean cached = tkt_slide_view_is_cached (view, tkt_presentation_get_index (presentation) + 1);
          double t = key_to_paint (presentation, GDK_KEY_Right);

          if (!cached)
            g_array_append_val (on_key, t);
          spin_ms (120);
        }
    }

  /* As shipped: two slides rendered ahead. */
  tkt_slide_view_set_lookahead (view, 2);
  waits = g_array_new (FALSE, FALSE, sizeof (double));
  ahead = walk (presentation, view, rounds);

  report ("key → paint, rendered ahead (Tongket)", ahead);
  report ("baseline: drawn on the key (no look-ahead)", on_key);
  report ("baseline: frame floor (B, nothing new)", floor_ms);
  report ("  of Tongket's: key to the frame's start", waits);
  g_array_unref (waits);

  tkt_presentation_stop (presentation);
  spin_ms (100);
  g_clear_object (&presentation);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    g_clear_object (&store);
    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
