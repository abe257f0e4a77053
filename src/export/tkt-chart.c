/* tkt-chart.c — the report's charts, drawn with cairo and pango.
 *
 * Every chart is a set of horizontal bars: programme and sector names are
 * long Vietnamese phrases, and a label column at the left keeps them
 * readable at any width.  The comparison chart pairs two bars per row (this
 * year, the year before) under a legend.  Sizes derive from the rectangle:
 * the font follows the row height between a readable floor and a ceiling,
 * labels wrap onto as many lines as the row holds and are ellipsized beyond
 * that.  Everything is drawn under a clip to the rectangle, so nothing ever
 * lands outside it even in a rectangle too small for the rows.
 */
#define G_LOG_DOMAIN "tkt-chart"

#include "tkt-chart.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "tkt-text.h"

/* Label sizes in user units (points on a PDF). */
#define MIN_FONT 6.0
#define MAX_FONT 13.0

typedef struct {
  char   *label;
  gint64  values[2];   /* this year, the year before */
} Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->label);
}

static void
add_row (GArray     *rows,
         const char *label,
         gint64      value,
         gint64      previous)
{
  Row row = { g_strdup (label), { value, previous } };

  g_array_append_val (rows, row);
}

static GArray *
rows_new (void)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));

  g_array_set_clear_func (rows, row_clear);
  return rows;
}

static void
add_parts (GArray    *rows,
           GPtrArray *parts)
{
  if (parts == NULL)
    return;
  for (guint i = 0; i < parts->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (parts, i);

      if (part->value != 0)
        add_row (rows, part->label != NULL ? part->label : part->key, part->value, 0);
    }
}

static GArray *
build_rows (TktChartKind      kind,
            const TktFigures *figures,
            const TktFigures *previous,
            guint            *n_series)
{
  GArray *rows = rows_new ();

  *n_series = 1;
  switch (kind)
    {
    case TKT_CHART_MONITORED:
      add_parts (rows, figures->monitored_programmes);
      if (figures->monitored_national_other > 0)
        add_row (rows, "Cấp quốc gia ngoài chương trình", figures->monitored_national_other, 0);
      if (figures->monitored_provincial > 0)
        add_row (rows, "Cấp tỉnh", figures->monitored_provincial, 0);
      if (figures->monitored_grassroots > 0)
        add_row (rows, "Cấp cơ sở", figures->monitored_grassroots, 0);
      if (figures->monitored_no_level > 0)
        add_row (rows, "Chưa xác định cấp", figures->monitored_no_level, 0);
      break;

    case TKT_CHART_TRANSFERS:
      add_parts (rows, figures->transfer_sectors);
      break;

    case TKT_CHART_COMPARISON:
      {
        const TktFigures *p = previous;
        gboolean any = FALSE;

        *n_series = p != NULL ? 2 : 1;
        add_row (rows, "Nhiệm vụ theo dõi, quản lý", figures->monitored, p ? p->monitored : 0);
        add_row (rows, "Nhiệm vụ đặt hàng", figures->ordered, p ? p->ordered : 0);
        add_row (rows, "Nhiệm vụ nghiệm thu", figures->accepted, p ? p->accepted : 0);
        add_row (rows, "Kết quả chuyển giao", figures->transfer_results, p ? p->transfer_results : 0);
        add_row (rows, "Đơn vị tiếp nhận", figures->transfer_units, p ? p->transfer_units : 0);
        for (guint i = 0; i < rows->len; i++)
          {
            Row *row = &g_array_index (rows, Row, i);

            any = any || row->values[0] != 0 || row->values[1] != 0;
          }
        if (!any)
          g_array_set_size (rows, 0);
      }
      break;

    case TKT_N_CHARTS:
    default:
      g_return_val_if_reached (rows);
    }

  return rows;
}

static PangoLayout *
make_layout (cairo_t              *cr,
             const TktChartStyle  *style,
             double                size,
             gboolean              bold,
             const char           *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_new ();

  pango_font_description_set_family (desc, style->font_family != NULL ? style->font_family : "Sans");
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Restricts layout to width and at most max_lines lines, ellipsized. */
static void
fit_layout (PangoLayout *layout,
            double       width,
            int          max_lines)
{
  pango_layout_set_width (layout, (int) (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -MAX (max_lines, 1));
}

static void
set_rgba (cairo_t      *cr,
          const double  rgba[4])
{
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
}

static char *
format_value (gint64 value)
{
  if (value >= 0 && value < 10)
    return tkt_text_format_count ((guint) value);
  return tkt_text_format_number (value);
}

static void
draw_no_data (cairo_t             *cr,
              const TktChartStyle *style,
              double               x,
              double               y,
              double               width,
              double               height)
{
  double size = CLAMP (height / 8.0, MIN_FONT, MAX_FONT) * style->font_scale;
  g_autoptr(PangoLayout) layout = make_layout (cr, style, size, FALSE, "Không có số liệu");
  int w, h;

  fit_layout (layout, width - size, 1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  set_rgba (cr, style->foreground);
  cairo_move_to (cr, x + size / 2.0, y + (height - h) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_legend (cairo_t             *cr,
             const TktChartStyle *style,
             const TktFigures    *figures,
             double               size,
             double               x,
             double               y,
             double               width)
{
  double cx = x;

  for (int s = 0; s < 2; s++)
    {
      g_autofree char *text = g_strdup_printf ("Năm %d", figures->year - s);
      g_autoptr(PangoLayout) layout = make_layout (cr, style, size, FALSE, text);
      int w, h;

      fit_layout (layout, MAX (width / 2.0 - size * 1.6, size), 1);
      pango_layout_get_pixel_size (layout, &w, &h);
      set_rgba (cr, style->series[s]);
      cairo_rectangle (cr, cx, y + (h - size * 0.8) / 2.0, size * 0.8, size * 0.8);
      cairo_fill (cr);
      set_rgba (cr, style->foreground);
      cairo_move_to (cr, cx + size * 1.1, y);
      pango_cairo_show_layout (cr, layout);
      cx += size * 1.1 + w + size * 1.2;
    }
}

static void
draw_bars (cairo_t             *cr,
           const TktChartStyle *style,
           const TktFigures    *figures,
           GArray              *rows,
           guint                n_series,
           double               x,
           double               y,
           double               width,
           double               height)
{
  double pad, size, legend_h = 0, row_h, label_w = 0, value_w = 0, bar_x, bar_w;
  double line_h, scale_max = 0;
  int max_lines;

  /* The font from the rectangle, then the rows from the font. */
  size = CLAMP (MIN (height / (rows->len * (n_series == 2 ? 2.4 : 1.7) + 1.5), width / 28.0),
                MIN_FONT, MAX_FONT) * style->font_scale;
  size = MAX (size, MIN_FONT);
  pad = size * 0.5;
  if (n_series == 2)
    legend_h = size * 1.6;
  row_h = (height - legend_h - 2 * pad) / rows->len;
  line_h = size * 1.2;
  max_lines = MAX (1, (int) floor (row_h / line_h));

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      for (guint s = 0; s < n_series; s++)
        {
          g_autofree char *text = format_value (row->values[s]);
          g_autoptr(PangoLayout) layout = make_layout (cr, style, size, FALSE, text);
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          value_w = MAX (value_w, w);
          scale_max = MAX (scale_max, (double) row->values[s]);
        }
      {
        g_autoptr(PangoLayout) layout = make_layout (cr, style, size, FALSE, row->label);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        label_w = MAX (label_w, w);
      }
    }

  /* Labels take what they need up to 40 % of the width; the bars keep at
   * least a quarter of it. */
  label_w = MIN (label_w, width * 0.4);
  value_w = MIN (value_w, width * 0.2);
  bar_x = x + pad + label_w + pad;
  bar_w = (x + width) - pad - value_w - pad * 0.5 - bar_x;
  if (bar_w < width * 0.25)
    {
      label_w = MAX (0, label_w - (width * 0.25 - bar_w));
      bar_x = x + pad + label_w + pad;
      bar_w = (x + width) - pad - value_w - pad * 0.5 - bar_x;
    }
  bar_w = MAX (bar_w, 0);

  if (n_series == 2)
    draw_legend (cr, style, figures, size, x + pad, y + pad, width - 2 * pad);

  /* The axis. */
  set_rgba (cr, style->foreground);
  cairo_set_line_width (cr, MAX (size / 14.0, 0.5));
  cairo_move_to (cr, bar_x, y + pad + legend_h);
  cairo_line_to (cr, bar_x, y + height - pad);
  cairo_stroke (cr);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      double top = y + pad + legend_h + i * row_h;
      double thick = row_h * (n_series == 2 ? 0.36 : 0.6);
      double first = top + (row_h - thick * n_series) / 2.0;
      g_autoptr(PangoLayout) label = make_layout (cr, style, size, FALSE, row->label);
      int w, h;

      fit_layout (label, label_w, max_lines);
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, &w, &h);
      set_rgba (cr, style->foreground);
      cairo_move_to (cr, x + pad, top + (row_h - h) / 2.0);
      pango_cairo_show_layout (cr, label);

      for (guint s = 0; s < n_series; s++)
        {
          double len = scale_max > 0 ? bar_w * row->values[s] / scale_max : 0;
          double by = first + s * thick;
          g_autofree char *text = format_value (row->values[s]);
          g_autoptr(PangoLayout) value = make_layout (cr, style, MIN (size, MAX (thick, MIN_FONT)), FALSE, text);
          int vw, vh;

          set_rgba (cr, style->series[s]);
          cairo_rectangle (cr, bar_x, by, len, thick * 0.92);
          cairo_fill (cr);

          fit_layout (value, value_w + pad, 1);
          pango_layout_get_pixel_size (value, &vw, &vh);
          set_rgba (cr, style->foreground);
          cairo_move_to (cr, bar_x + len + pad * 0.5, by + (thick - vh) / 2.0);
          pango_cairo_show_layout (cr, value);
        }
    }
}

void
tkt_chart_style_init_default (TktChartStyle *style)
{
  static const TktChartStyle defaults = {
    .foreground = { 0.13, 0.13, 0.13, 1.0 },
    .background = { 1.0, 1.0, 1.0, 0.0 },
    .series = {
      { 0.11, 0.35, 0.64, 1.0 },   /* the department's blue */
      { 0.60, 0.62, 0.65, 1.0 },   /* grey */
    },
    .font_family = NULL,
    .font_scale = 1.0,
  };

  g_return_if_fail (style != NULL);
  *style = defaults;
}

void
tkt_chart_draw (cairo_t             *cr,
                TktChartKind         kind,
                const TktFigures    *figures,
                const TktFigures    *previous,
                const TktChartStyle *style,
                double               x,
                double               y,
                double               width,
                double               height)
{
  TktChartStyle fallback;
  g_autoptr(GArray) rows = NULL;
  guint n_series;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (figures != NULL);
  g_return_if_fail (kind < TKT_N_CHARTS);

  if (style == NULL)
    {
      tkt_chart_style_init_default (&fallback);
      style = &fallback;
    }
  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  if (style->background[3] > 0)
    {
      set_rgba (cr, style->background);
      cairo_paint (cr);
    }

  rows = build_rows (kind, figures, previous, &n_series);
  if (rows->len == 0)
    draw_no_data (cr, style, x, y, width, height);
  else
    draw_bars (cr, style, figures, rows, n_series, x, y, width, height);

  cairo_restore (cr);
}

char *
tkt_chart_title (TktChartKind      kind,
                 const TktFigures *figures)
{
  g_return_val_if_fail (figures != NULL, NULL);

  switch (kind)
    {
    case TKT_CHART_MONITORED:
      return g_strdup_printf ("Nhiệm vụ KH&CN theo dõi, quản lý năm %d", figures->year);
    case TKT_CHART_TRANSFERS:
      return g_strdup_printf ("Kết quả chuyển giao năm %d theo lĩnh vực", figures->year);
    case TKT_CHART_COMPARISON:
      return g_strdup_printf ("Năm %d so với năm %d", figures->year, figures->year - 1);
    case TKT_N_CHARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}
