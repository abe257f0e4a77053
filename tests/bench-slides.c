/* bench-slides.c — time to draw each slide kind of the demo deck at
 * 1920×1080 on an image surface (what the audience window paints), beside
 * a baseline in the same run: a plain full-slide text painted with one
 * pango layout.  Built, not run by meson test:
 *   bench-slides [ROUNDS]   (default 60) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "tkt-demo.h"
#include "tkt-slides.h"

#define WIDTH  1920
#define HEIGHT 1080

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        double     *ms,
        int         n)
{
  qsort (ms, (size_t) n, sizeof *ms, compare_double);
  printf ("%-28s median %7.2f ms   p95 %7.2f ms\n", name, ms[n / 2], ms[MIN (n - 1, (int) (n * 0.95))]);
}

static void
baseline (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Liberation Sans 36px");

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (WIDTH - 192) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout,
                         "Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024. "
                         "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN, trong đó có 10 nhiệm vụ KH&CN cấp quốc gia "
                         "thuộc Chương trình nông thôn, miền núi; 01 nhiệm vụ thuộc Chương trình cấp thiết địa phương; "
                         "13 nhiệm vụ cấp tỉnh. Chuyển giao 09 kết quả nghiên cứu tới 11 đơn vị.", -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 96, 96);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

int
main (int    argc,
      char **argv)
{
  int rounds = argc > 1 ? atoi (argv[1]) : 60;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-slides-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(TktStore) store = NULL;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(TktDeck) deck = NULL;
  static const char * const kind_names[] = {
    "title", "agenda", "figures", "chart", "transfers", "plan", "award", "text", "closing",
  };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  double *ms = g_new (double, MAX (rounds, 1));
  TktSlideTheme theme;
  g_autofree char *text_key = NULL;

  rounds = MAX (rounds, 1);
  store = tkt_store_open (path, &error);
  if (store == NULL || !tkt_demo_fill (store, &error) ||
      (ceremony = tkt_ceremony_load (store, "ceremony:demo-2023", &error)) == NULL ||
      (deck = tkt_deck_new (store, ceremony, &error)) == NULL)
    {
      fprintf (stderr, "bench-slides: %s\n", error != NULL ? error->message : "failed");
      return 1;
    }
  text_key = tkt_deck_add_text_slide (deck, ceremony, "agenda", "Giải lao",
                                      "Giải lao 10 phút. Xin mời các đại biểu dùng trà.");
  tkt_slide_theme_init (&theme, TKT_SLIDE_THEME_LIGHT);
  printf ("bench-slides: %d rounds at %dx%d, %u slides\n", rounds, WIDTH, HEIGHT, tkt_deck_get_n_slides (deck));

  for (int r = 0; r < 3; r++)
    baseline (cr);
  for (int r = 0; r < rounds; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      baseline (cr);
      cairo_surface_flush (surface);
      ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  report ("baseline (one layout)", ms, rounds);

  for (int kind = 0; kind < TKT_N_SLIDE_KINDS; kind++)
    {
      const TktSlide *slide = NULL;

      for (guint i = 0; slide == NULL && i < tkt_deck_get_n_slides (deck); i++)
        if ((int) tkt_deck_get_slide (deck, i)->kind == kind)
          slide = tkt_deck_get_slide (deck, i);
      if (slide == NULL)
        continue;
      tkt_slide_draw (cr, slide, &theme, WIDTH, HEIGHT);   /* warm the font caches */
      for (int r = 0; r < rounds; r++)
        {
          gint64 t0 = g_get_monotonic_time ();

          tkt_slide_draw (cr, slide, &theme, WIDTH, HEIGHT);
          cairo_surface_flush (surface);
          ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
        }
      report (kind_names[kind], ms, rounds);
    }

  g_free (ms);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_clear_object (&ceremony);
  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *f = g_strconcat (path, suffixes[i], NULL);

        g_unlink (f);
      }
    g_rmdir (dir);
  }
  return 0;
}
