/* test-chart.c — the report's charts stay inside their rectangle at any
 * size, and say so when there is nothing to draw.
 *
 * Charts are drawn on an unbounded recording surface; its ink extents are
 * everything the chart painted, wherever it painted it.
 */
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "tkt-chart.h"

typedef struct {
  double x, y, width, height;
} Rect;

static const Rect sizes[] = {
  { 0, 0, 600, 300 },
  { 37.5, 53.25, 300, 150 },
  { 10, 10, 467, 212 },      /* the PDF's chart */
  { 100, 5, 1000, 80 },      /* wide and flat */
  { 5, 100, 90, 400 },       /* narrow and tall */
  { 3, 3, 120, 60 },
  { 1, 2, 40, 20 },          /* too small for anything readable */
};

static void
part_free (gpointer data)
{
  TktFigurePart *part = data;

  g_free (part->key);
  g_free (part->label);
  g_free (part);
}

static void
add_part (GPtrArray  *parts,
          const char *key,
          const char *label,
          gint64      value)
{
  TktFigurePart *part = g_new0 (TktFigurePart, 1);

  part->key = g_strdup (key);
  part->label = g_strdup (label);
  part->value = value;
  g_ptr_array_add (parts, part);
}

static TktFigures *
figures_new (int year)
{
  TktFigures *f = g_new0 (TktFigures, 1);

  f->year = year;
  f->monitored_programmes = g_ptr_array_new_with_free_func (part_free);
  f->accepted_ratings = g_ptr_array_new_with_free_func (part_free);
  f->transfer_sectors = g_ptr_array_new_with_free_func (part_free);
  return f;
}

static void
figures_free (TktFigures *f)
{
  g_ptr_array_unref (f->monitored_programmes);
  g_ptr_array_unref (f->accepted_ratings);
  g_ptr_array_unref (f->transfer_sectors);
  g_free (f);
}

/* The article's 2023: 24 = 10 + 01 + 13; 09 results to 11 units. */
static TktFigures *
figures_2023 (void)
{
  TktFigures *f = figures_new (2023);

  add_part (f->monitored_programmes, "programme:nong-thon-mien-nui",
            "Chương trình Hỗ trợ ứng dụng kinh tế xã hội nông thôn, miền núi, vùng dân tộc thiểu số giai đoạn 2016-2025",
            10);
  add_part (f->monitored_programmes, "programme:cap-thiet", "Chương trình cấp thiết địa phương", 1);
  f->monitored_provincial = 13;
  f->monitored = 24;
  f->ordered = 6;
  f->accepted = 5;
  f->transfer_results = 9;
  f->transfer_units = 11;
  f->transfer_enterprises = 1;
  add_part (f->transfer_sectors, "sector:y-te", "y tế", 2);
  add_part (f->transfer_sectors, "sector:tai-nguyen", "tài nguyên - môi trường", 2);
  add_part (f->transfer_sectors, "sector:giao-duc", "giáo dục", 1);
  add_part (f->transfer_sectors, "sector:xa-hoi", "xã hội - nhân văn", 2);
  add_part (f->transfer_sectors, "sector:nong-nghiep", "nông nghiệp", 2);
  return f;
}

static TktFigures *
figures_2022 (void)
{
  TktFigures *f = figures_new (2022);

  f->monitored = 19;
  f->monitored_provincial = 12;
  f->monitored_national_other = 7;
  f->ordered = 4;
  f->accepted = 7;
  f->transfer_results = 5;
  f->transfer_units = 6;
  return f;
}

/* Draws and returns the ink extents (width 0 when nothing was painted). */
static cairo_rectangle_t
ink_of (TktChartKind         kind,
        const TktFigures    *figures,
        const TktFigures    *previous,
        const TktChartStyle *style,
        const Rect          *r)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  cairo_rectangle_t ink;

  tkt_chart_draw (cr, kind, figures, previous, style, r->x, r->y, r->width, r->height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (surface, &ink.x, &ink.y, &ink.width, &ink.height);
  cairo_surface_destroy (surface);
  return ink;
}

static void
assert_inside (const cairo_rectangle_t *ink,
               const Rect              *r)
{
  /* Ink extents are rounded out to whole units. */
  g_assert_cmpfloat (ink->x, >=, floor (r->x));
  g_assert_cmpfloat (ink->y, >=, floor (r->y));
  g_assert_cmpfloat (ink->x + ink->width, <=, ceil (r->x + r->width));
  g_assert_cmpfloat (ink->y + ink->height, <=, ceil (r->y + r->height));
}

static void
test_inside (gconstpointer data)
{
  TktChartKind kind = GPOINTER_TO_INT (data);
  TktFigures *f = figures_2023 ();
  TktFigures *p = figures_2022 ();
  TktChartStyle style;

  tkt_chart_style_init_default (&style);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      cairo_rectangle_t ink = ink_of (kind, f, p, &style, &sizes[i]);

      g_test_message ("%g×%g at %g,%g: ink %g×%g at %g,%g", sizes[i].width, sizes[i].height,
                      sizes[i].x, sizes[i].y, ink.width, ink.height, ink.x, ink.y);
      g_assert_cmpfloat (ink.width, >, 0);
      assert_inside (&ink, &sizes[i]);
      /* A usable chart fills most of its rectangle, not a corner of it. */
      if (sizes[i].width >= 300 && sizes[i].height >= 150)
        {
          g_assert_cmpfloat (ink.width, >, sizes[i].width * 0.6);
          g_assert_cmpfloat (ink.height, >, sizes[i].height * 0.6);
        }
    }

  /* Larger labels and a serif family: still inside. */
  style.font_scale = 2.5;
  style.font_family = "Liberation Serif,serif";
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      cairo_rectangle_t ink = ink_of (kind, f, NULL, &style, &sizes[i]);

      assert_inside (&ink, &sizes[i]);
    }

  /* An opaque background covers exactly the rectangle. */
  tkt_chart_style_init_default (&style);
  style.background[3] = 1.0;
  {
    const Rect r = { 20, 30, 400, 200 };
    cairo_rectangle_t ink = ink_of (kind, f, p, &style, &r);

    g_assert_cmpfloat (ink.x, ==, 20);
    g_assert_cmpfloat (ink.y, ==, 30);
    g_assert_cmpfloat (ink.width, ==, 400);
    g_assert_cmpfloat (ink.height, ==, 200);
  }

  figures_free (f);
  figures_free (p);
}

static void
test_no_data (void)
{
  TktFigures *zero = figures_new (2023);
  TktFigures *f = figures_2023 ();
  const Rect r = { 50, 40, 500, 250 };

  for (int kind = 0; kind < TKT_N_CHARTS; kind++)
    {
      cairo_rectangle_t empty = ink_of (kind, zero, NULL, NULL, &r);
      cairo_rectangle_t full = ink_of (kind, f, NULL, NULL, &r);

      g_test_message ("kind %d: no data %g×%g, data %g×%g", kind,
                      empty.width, empty.height, full.width, full.height);
      /* Something is written: one short line, centred, not axes and bars. */
      g_assert_cmpfloat (empty.width, >, 20);
      g_assert_cmpfloat (empty.height, <, 25);
      g_assert_cmpfloat (empty.width, <, r.width / 2);
      g_assert_cmpfloat (fabs ((empty.x + empty.width / 2) - (r.x + r.width / 2)), <, 3);
      g_assert_cmpfloat (fabs ((empty.y + empty.height / 2) - (r.y + r.height / 2)), <, 15);
      assert_inside (&empty, &r);
      g_assert_cmpfloat (full.height, >, r.height * 0.6);
    }

  /* The comparison has something to say when only the year before has
   * figures. */
  {
    TktFigures *p = figures_2022 ();
    cairo_rectangle_t ink = ink_of (TKT_CHART_COMPARISON, zero, p, NULL, &r);

    g_assert_cmpfloat (ink.height, >, r.height * 0.6);
    figures_free (p);
  }

  figures_free (zero);
  figures_free (f);
}

/* Bars are proportional: a chart of one programme twice the other paints
 * the longer bar about twice as long (read back from pixels). */
static void
test_proportional (void)
{
  TktFigures *f = figures_new (2023);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 200);
  cairo_t *cr = cairo_create (surface);
  TktChartStyle style;
  int stride, runs[2] = { 0, 0 }, found = 0;
  const guint8 *pixels;

  add_part (f->monitored_programmes, "a", "A", 4);
  f->monitored_provincial = 8;
  f->monitored = 12;
  tkt_chart_style_init_default (&style);
  style.series[0][0] = 1.0; style.series[0][1] = 0.0; style.series[0][2] = 0.0;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  tkt_chart_draw (cr, TKT_CHART_MONITORED, f, NULL, &style, 0, 0, 600, 200);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  stride = cairo_image_surface_get_stride (surface);
  pixels = cairo_image_surface_get_data (surface);
  /* Count pure red pixels on the rows through each bar's middle. */
  for (int y = 0, in_bar = 0; y < 200 && found < 2; y++)
    {
      const guint32 *row = (const guint32 *) (pixels + y * stride);
      int count = 0;

      for (int x = 0; x < 600; x++)
        if ((row[x] & 0xffffff) == 0xff0000)
          count++;
      if (count > 0 && !in_bar)
        runs[found] = 0;
      if (count > 0)
        runs[found] = MAX (runs[found], count);
      else if (in_bar)
        found++;
      in_bar = count > 0;
    }
  g_assert_cmpint (found, ==, 2);
  g_test_message ("bars %d and %d pixels", runs[0], runs[1]);
  g_assert_cmpfloat (fabs ((double) runs[1] / runs[0] - 2.0), <, 0.1);

  cairo_surface_destroy (surface);
  figures_free (f);
}

static void
test_title (void)
{
  TktFigures *f = figures_2023 ();
  g_autofree char *monitored = tkt_chart_title (TKT_CHART_MONITORED, f);
  g_autofree char *transfers = tkt_chart_title (TKT_CHART_TRANSFERS, f);
  g_autofree char *comparison = tkt_chart_title (TKT_CHART_COMPARISON, f);

  g_assert_cmpstr (monitored, ==, "Nhiệm vụ KH&CN theo dõi, quản lý năm 2023");
  g_assert_nonnull (strstr (transfers, "2023"));
  g_assert_nonnull (strstr (transfers, "lĩnh vực"));
  g_assert_nonnull (strstr (comparison, "2023"));
  g_assert_nonnull (strstr (comparison, "2022"));
  figures_free (f);
}

int
main (int argc, char **argv)
{
  static const char *const names[] = { "monitored", "transfers", "comparison" };

  g_test_init (&argc, &argv, NULL);

  for (int kind = 0; kind < TKT_N_CHARTS; kind++)
    {
      g_autofree char *path = g_strdup_printf ("/tkt/chart/inside/%s", names[kind]);

      g_test_add_data_func (path, GINT_TO_POINTER (kind), test_inside);
    }
  g_test_add_func ("/tkt/chart/no-data", test_no_data);
  g_test_add_func ("/tkt/chart/proportional", test_proportional);
  g_test_add_func ("/tkt/chart/title", test_title);

  return g_test_run ();
}
