/* tkt-report-pdf.c — the annual report in the layout of Decree 30/2020/NĐ-CP.
 *
 * The report is laid out once into pages of drawing operations (lines of
 * pango layouts, rules, boxes, charts recorded on recording surfaces);
 * drawing a page replays its operations into any cairo context, so the PDF
 * file and a GtkPrintOperation's pages come from the same layout.
 *
 * Flow: paragraphs split across pages line by line (no single first or
 * last line left alone on a page); headings wait in a pending list until
 * the block that follows them is placed, and move to the next page with it;
 * the heading block, table rows, charts and the signature block are atomic.
 * Text is measured on a pango context of its own with unhinted metrics, so
 * the layout does not depend on the surface it is later drawn on.
 */
#define G_LOG_DOMAIN "tkt-report-pdf"

#include "config.h"

#include "tkt-report-pdf.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "tkt-chart.h"
#include "tkt-text.h"

#define MM            (72.0 / 25.4)
/* Liberation Serif first (metric compatible with Times New Roman, what the
 * decree's samples use), then the same metrics under other names, then any
 * serif fontconfig has. */
#define FONT_FAMILY   "Liberation Serif,Times New Roman,Tinos,Nimbus Roman,Noto Serif,DejaVu Serif,serif"
#define BODY_SIZE     14.0
#define TABLE_SIZE    12.0
#define PARA_AFTER    6.0
#define INDENT        (10.0 * MM)
#define CHART_HEIGHT  (75.0 * MM)
#define RULE_WIDTH    0.6

typedef enum {
  OP_LINES,   /* lines [first, first + n) of layout, first line's top at y */
  OP_RULE,    /* a line from (x, y) to (x1, y1) */
  OP_BOX,     /* a stroked rectangle (x, y, x1 = width, y1 = height) */
  OP_SURFACE, /* a recording surface painted at (x, y) */
} OpKind;

typedef struct {
  OpKind           kind;
  PangoLayout     *layout;   /* OP_LINES, owns a reference */
  cairo_surface_t *surface;  /* OP_SURFACE, owns a reference */
  int              first;
  int              n;
  double           x;
  double           y;
  double           x1;
  double           y1;
} Op;

/* A group of operations relative to its own top-left, placed as a whole. */
typedef struct {
  GArray *ops;     /* Op */
  double  height;
} Block;

typedef struct {
  Block  *block;
  double  space_before;
} Pending;

struct _TktReportLayout {
  double        page_width;
  double        page_height;
  double        margin_top;
  double        margin_bottom;
  double        margin_left;
  double        margin_right;
  double        content_x;
  double        content_width;

  PangoContext *context;
  GPtrArray    *pages;    /* GArray of Op per page */
  double        y;        /* flow cursor on the last page */
  gboolean      at_top;   /* nothing placed yet on the last page */
  GPtrArray    *pending;  /* Pending*: headings kept with what follows */

  char         *title;    /* PDF metadata */
  char         *author;
};

typedef enum {
  FONT_REGULAR = 0,
  FONT_BOLD    = 1 << 0,
  FONT_ITALIC  = 1 << 1,
} FontFlags;

static void
op_clear (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->layout);
  g_clear_pointer (&op->surface, cairo_surface_destroy);
}

static GArray *
ops_new (void)
{
  GArray *ops = g_array_new (FALSE, TRUE, sizeof (Op));

  g_array_set_clear_func (ops, op_clear);
  return ops;
}

static Block *
block_new (void)
{
  Block *block = g_new0 (Block, 1);

  block->ops = ops_new ();
  return block;
}

static void
block_free (Block *block)
{
  g_array_unref (block->ops);
  g_free (block);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Block, block_free)

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  block_free (pending->block);
  g_free (pending);
}

/* ---- text ---------------------------------------------------------------- */

static PangoLayout *
text_layout (TktReportLayout *self,
             const char      *text,
             double           size,
             FontFlags        flags,
             PangoAlignment   alignment,
             double           width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, (flags & FONT_BOLD) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style (desc, (flags & FONT_ITALIC) ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Width of the inked text of line 0 (for underlines as long as a line). */
static double
line_logical_width (PangoLayout *layout,
                    int          line,
                    double      *x_out)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle logical;
  double width;

  for (int i = 0; i < line; i++)
    pango_layout_iter_next_line (iter);
  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);
  width = (double) logical.width / PANGO_SCALE;
  if (x_out != NULL)
    *x_out = (double) logical.x / PANGO_SCALE;
  return width;
}

/* Baseline of the last line, from the layout's top. */
static double
last_baseline (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int baseline;

  while (pango_layout_iter_next_line (iter))
    ;
  baseline = pango_layout_iter_get_baseline (iter);
  pango_layout_iter_free (iter);
  return (double) baseline / PANGO_SCALE;
}

static void
block_add_layout (Block       *block,
                  PangoLayout *layout,
                  double       x,
                  double       y)
{
  Op op = { OP_LINES, g_object_ref (layout), NULL, 0, -1, x, y, 0, 0 };

  g_array_append_val (block->ops, op);
}

static void
block_add_rule (Block  *block,
                double  x,
                double  y,
                double  x1,
                double  y1)
{
  Op op = { OP_RULE, NULL, NULL, 0, 0, x, y, x1, y1 };

  g_array_append_val (block->ops, op);
}

static void
block_add_box (Block  *block,
               double  x,
               double  y,
               double  width,
               double  height)
{
  Op op = { OP_BOX, NULL, NULL, 0, 0, x, y, width, height };

  g_array_append_val (block->ops, op);
}

/* ---- pages and flow ------------------------------------------------------ */

static GArray *
last_page (TktReportLayout *self)
{
  return g_ptr_array_index (self->pages, self->pages->len - 1);
}

static void
new_page (TktReportLayout *self)
{
  g_ptr_array_add (self->pages, ops_new ());
  self->y = self->margin_top;
  self->at_top = TRUE;
}

static double
space_left (TktReportLayout *self)
{
  return self->page_height - self->margin_bottom - self->y;
}

static void
place_ops (TktReportLayout *self,
           GArray          *ops,
           double           y)
{
  GArray *page = last_page (self);

  for (guint i = 0; i < ops->len; i++)
    {
      Op op = g_array_index (ops, Op, i);

      op.y += y;
      if (op.kind == OP_RULE)
        op.y1 += y;
      if (op.layout != NULL)
        g_object_ref (op.layout);
      if (op.surface != NULL)
        cairo_surface_reference (op.surface);
      g_array_append_val (page, op);
    }
}

static double
pending_height (TktReportLayout *self)
{
  double h = 0;

  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *p = g_ptr_array_index (self->pending, i);

      h += (i == 0 && self->at_top ? 0 : p->space_before) + p->block->height;
    }
  return h;
}

/* Makes room for the pending headings and `needed` points of what follows
 * (a new page when they do not fit together), then places the headings. */
static void
flush_pending (TktReportLayout *self,
               double           space_before,
               double           needed)
{
  double total = pending_height (self) + needed
                 + (self->pending->len > 0 || self->at_top ? 0 : space_before);

  if (!self->at_top && total > space_left (self))
    new_page (self);

  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending *p = g_ptr_array_index (self->pending, i);

      if (!self->at_top)
        self->y += p->space_before;
      place_ops (self, p->block->ops, self->y);
      self->y += p->block->height;
      self->at_top = FALSE;
    }
  g_ptr_array_set_size (self->pending, 0);
}

static void
flow_block (TktReportLayout *self,
            Block           *block,
            double           space_before)
{
  gboolean had_pending = self->pending->len > 0;

  flush_pending (self, space_before, block->height);
  if (!had_pending && !self->at_top)
    self->y += space_before;
  place_ops (self, block->ops, self->y);
  self->y += block->height;
  self->at_top = FALSE;
}

/* Headings: kept with the next block (or paragraph's first lines). */
static void
flow_heading (TktReportLayout *self,
              PangoLayout     *layout,
              double           x,
              double           space_before,
              double           space_after)
{
  Pending *p = g_new0 (Pending, 1);

  p->block = block_new ();
  block_add_layout (p->block, layout, x, 0);
  p->block->height = layout_height (layout) + space_after;
  p->space_before = space_before;
  g_ptr_array_add (self->pending, p);
}

static void
flow_paragraph (TktReportLayout *self,
                PangoLayout     *layout,
                double           x,
                double           space_before,
                double           space_after)
{
  int n = pango_layout_get_line_count (layout);
  g_autofree double *tops = g_new (double, n + 1);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int first = 0;
  gboolean had_pending = self->pending->len > 0;

  /* tops[i] = top of line i; tops[n] = bottom of the paragraph. */
  for (int i = 0; i < n; i++)
    {
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      tops[i] = (double) y0 / PANGO_SCALE;
      tops[i + 1] = (double) y1 / PANGO_SCALE;
      pango_layout_iter_next_line (iter);
    }
  pango_layout_iter_free (iter);

  /* The first two lines (or the whole paragraph) go with the headings. */
  flush_pending (self, space_before, tops[MIN (n, 2)]);
  if (!had_pending && !self->at_top)
    self->y += space_before;

  while (first < n)
    {
      double avail = space_left (self);
      int last = first;   /* exclusive */
      Op op = { OP_LINES, NULL, NULL, 0, 0, x, 0, 0, 0 };

      while (last < n && tops[last + 1] - tops[first] <= avail + 0.01)
        last++;
      if (last < n)
        {
          /* Leave no single last line for the next page (take one more
           * line over, or the whole paragraph when only two fit), and no
           * single first line on this one. */
          if (n - last == 1)
            last = last - first >= 3 ? last - 1 : (first == 0 ? first : last - 1);
          if (last - first == 1 && first == 0 && n > 1)
            last = first;
        }
      if (last == first)
        {
          if (self->at_top)
            last = first + 1;   /* a line taller than a page: place it anyway */
          else
            {
              new_page (self);
              continue;
            }
        }

      op.layout = g_object_ref (layout);
      op.first = first;
      op.n = last - first;
      op.y = self->y;
      g_array_append_val (last_page (self), op);
      self->y += tops[last] - tops[first];
      self->at_top = FALSE;
      first = last;
      if (first < n)
        new_page (self);
    }
  self->y += space_after;
}

/* ---- report parts -------------------------------------------------------- */

static void
add_body (TktReportLayout *self,
          const char      *text)
{
  g_autoptr(PangoLayout) layout = text_layout (self, text, BODY_SIZE, FONT_REGULAR,
                                               PANGO_ALIGN_LEFT, self->content_width);

  pango_layout_set_justify (layout, TRUE);
  pango_layout_set_indent (layout, (int) (INDENT * PANGO_SCALE));
  flow_paragraph (self, layout, self->content_x, 0, PARA_AFTER);
}

/* Paragraphs of a staff text: one per line, blank lines skipped. */
static gboolean
add_prose (TktReportLayout *self,
           const char      *text)
{
  g_auto(GStrv) lines = NULL;
  gboolean any = FALSE;

  if (text == NULL)
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      add_body (self, lines[i]);
      any = TRUE;
    }
  return any;
}

static void
add_heading (TktReportLayout *self,
             const char      *text,
             FontFlags        flags)
{
  g_autoptr(PangoLayout) layout = text_layout (self, text, BODY_SIZE, flags,
                                               PANGO_ALIGN_LEFT, self->content_width);

  pango_layout_set_indent (layout, (int) (INDENT * PANGO_SCALE));
  flow_heading (self, layout, self->content_x, PARA_AFTER, 0);
}

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static char *
upper (const char *text)
{
  return g_utf8_strup (text != NULL ? text : "", -1);
}

/* Fits a one-line layout to width, shrinking from size to min_size. */
static PangoLayout *
fitted_line (TktReportLayout *self,
             const char      *text,
             double           size,
             double           min_size,
             FontFlags        flags,
             double           width)
{
  PangoLayout *layout = NULL;

  for (double s = size; ; s -= 0.5)
    {
      g_clear_object (&layout);
      layout = text_layout (self, text, s, flags, PANGO_ALIGN_CENTER, width);
      if (pango_layout_get_line_count (layout) == 1 || s - 0.5 < min_size)
        break;
    }
  return layout;
}

static char *
date_line (TktReport *report)
{
  const char *place = tkt_report_get_place (report);
  const char *iso = tkt_report_get_date (report);
  GDate date;
  g_autofree char *when = NULL;

  g_date_clear (&date, 1);
  if (iso != NULL && tkt_text_date_from_iso (iso, &date))
    when = tkt_text_format_date_long (&date);
  else
    when = g_strdup_printf ("ngày     tháng     năm %d", tkt_report_get_year (report) + 1);
  if (has_text (place))
    return g_strdup_printf ("%s, %s", place, when);
  return g_steal_pointer (&when);
}

/* The heading block: bodies at left, national name and motto at right,
 * number and place-and-date below them; then the title. */
static void
add_heading_block (TktReportLayout *self,
                   TktReport       *report)
{
  g_autoptr(Block) block = block_new ();
  double left_w = 75 * MM;
  double gap = 2 * MM;
  double right_x = self->content_x + left_w + gap;
  double right_w = self->content_width - left_w - gap;
  double left_x = self->content_x;
  g_autofree char *parent = upper (tkt_report_get_parent_organisation (report));
  g_autofree char *issuer = upper (tkt_report_get_organisation (report));
  g_autofree char *number = g_strdup_printf ("Số: %s", has_text (tkt_report_get_number (report))
                                                        ? tkt_report_get_number (report) : "      /BC-");
  g_autofree char *when = date_line (report);
  g_autofree char *subject = g_strdup_printf ("Tổng kết công tác năm %d và phương hướng, nhiệm vụ năm %d",
                                              tkt_report_get_year (report), tkt_report_get_year (report) + 1);
  g_autoptr(PangoLayout) l_parent = text_layout (self, parent, 13, FONT_REGULAR, PANGO_ALIGN_CENTER, left_w);
  g_autoptr(PangoLayout) l_issuer = text_layout (self, issuer, 13, FONT_BOLD, PANGO_ALIGN_CENTER, left_w);
  g_autoptr(PangoLayout) l_nation = fitted_line (self, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, 11, FONT_BOLD, right_w);
  g_autoptr(PangoLayout) l_motto = fitted_line (self, "Độc lập - Tự do - Hạnh phúc", 14, 12, FONT_BOLD, right_w);
  g_autoptr(PangoLayout) l_number = text_layout (self, number, 13, FONT_REGULAR, PANGO_ALIGN_CENTER, left_w);
  g_autoptr(PangoLayout) l_date = text_layout (self, when, 14, FONT_ITALIC, PANGO_ALIGN_CENTER, right_w);
  g_autoptr(PangoLayout) l_title = text_layout (self, "BÁO CÁO", 14, FONT_BOLD, PANGO_ALIGN_CENTER, self->content_width);
  g_autoptr(PangoLayout) l_subject = text_layout (self, subject, 14, FONT_BOLD, PANGO_ALIGN_CENTER, self->content_width);
  double ly = 0, ry = 0, y, w, lx, last, rule_y;

  /* Left: parent body, issuing body, a rule of 1/3 to 1/2 of its last line. */
  if (has_text (parent))
    {
      block_add_layout (block, l_parent, left_x, ly);
      ly += layout_height (l_parent);
    }
  block_add_layout (block, l_issuer, left_x, ly);
  last = pango_layout_get_line_count (l_issuer) - 1;
  w = line_logical_width (l_issuer, (int) last, NULL) * 0.4;
  rule_y = ly + last_baseline (l_issuer) + 13 * 0.45;
  ly = MAX (ly + layout_height (l_issuer), rule_y + 1);
  block_add_rule (block, left_x + (left_w - w) / 2, rule_y, left_x + (left_w + w) / 2, rule_y);

  /* Right: the national name, the motto underlined along its length. */
  block_add_layout (block, l_nation, right_x, ry);
  ry += layout_height (l_nation);
  block_add_layout (block, l_motto, right_x, ry);
  w = line_logical_width (l_motto, 0, &lx);
  rule_y = ry + last_baseline (l_motto) + 14 * 0.42;
  ry = MAX (ry + layout_height (l_motto), rule_y + 1);
  block_add_rule (block, right_x + lx, rule_y, right_x + lx + w, rule_y);

  /* Number at left, place and date at right, on one line. */
  y = MAX (ly, ry) + 8;
  /* on one baseline */
  block_add_layout (block, l_number, left_x, y + last_baseline (l_date) - last_baseline (l_number));
  block_add_layout (block, l_date, right_x, y);
  y += MAX (layout_height (l_number), layout_height (l_date));

  /* The title and its subject, a short rule under it. */
  y += 18;
  block_add_layout (block, l_title, self->content_x, y);
  y += layout_height (l_title);
  block_add_layout (block, l_subject, self->content_x, y);
  w = line_logical_width (l_subject, pango_layout_get_line_count (l_subject) - 1, NULL) * 0.35;
  rule_y = y + last_baseline (l_subject) + 14 * 0.5;
  y = MAX (y + layout_height (l_subject), rule_y + 1);
  block_add_rule (block, self->content_x + (self->content_width - w) / 2, rule_y,
                  self->content_x + (self->content_width + w) / 2, rule_y);
  block->height = y + 12;

  flow_block (self, block, 0);
}

/* ---- the figures table --------------------------------------------------- */

typedef struct {
  const char *tt;
  const char *label;
  gint64      value;
  gint64      previous;
  gboolean    sub;
} TableRow;

static char *
format_value (gint64 value)
{
  if (value >= 0 && value < 10)
    return tkt_text_format_count ((guint) value);
  return tkt_text_format_number (value);
}

static char *
format_change (gint64 value,
               gint64 previous)
{
  gint64 d = value - previous;
  g_autofree char *abs_text = tkt_text_format_number (d < 0 ? -d : d);

  if (d == 0)
    return g_strdup ("0");
  return g_strdup_printf ("%s%s", d > 0 ? "+" : "-", abs_text);
}

static void
add_table_row (TktReportLayout    *self,
               const double       *widths,
               guint               n_cols,
               const char * const *cells,
               FontFlags           flags,
               FontFlags           label_flags)
{
  g_autoptr(Block) block = block_new ();
  double pad = 3.0, x = self->content_x, height = 0;
  PangoLayout *layouts[5] = { NULL, };

  g_assert (n_cols <= G_N_ELEMENTS (layouts));
  for (guint c = 0; c < n_cols; c++)
    {
      layouts[c] = text_layout (self, cells[c], TABLE_SIZE, c == 1 ? label_flags : flags,
                                c == 1 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER,
                                widths[c] - 2 * pad);
      height = MAX (height, layout_height (layouts[c]));
    }
  height += 2 * pad;
  for (guint c = 0; c < n_cols; c++)
    {
      block_add_box (block, x, 0, widths[c], height);
      block_add_layout (block, layouts[c], x + pad, pad);
      x += widths[c];
      g_object_unref (layouts[c]);
    }
  block->height = height;
  flow_block (self, block, 0);
}

static void
add_figures_table (TktReportLayout  *self,
                   const TktFigures *f,
                   const TktFigures *p)
{
  guint national = f->monitored_national_other, national_p = p ? p->monitored_national_other : 0;
  g_autofree char *year = g_strdup_printf ("Năm %d", f->year);
  g_autofree char *year_p = g_strdup_printf ("Năm %d", f->year - 1);
  g_autofree char *caption = g_strdup_printf ("Bảng 1. Số liệu nhiệm vụ KH&CN năm %d%s", f->year,
                                              p != NULL ? " so với năm trước" : "");
  g_autoptr(PangoLayout) l_caption = text_layout (self, caption, 13, FONT_ITALIC, PANGO_ALIGN_CENTER,
                                                  self->content_width);
  double num_w = 25 * MM, tt_w = 10 * MM;
  double widths[5];
  guint n_cols;

  for (guint i = 0; i < f->monitored_programmes->len; i++)
    national += ((TktFigurePart *) g_ptr_array_index (f->monitored_programmes, i))->value;
  for (guint i = 0; p != NULL && i < p->monitored_programmes->len; i++)
    national_p += ((TktFigurePart *) g_ptr_array_index (p->monitored_programmes, i))->value;

  {
    const TableRow rows[] = {
      { "1", "Nhiệm vụ KH&CN theo dõi, quản lý", f->monitored, p ? p->monitored : 0, FALSE },
      { "", "Cấp quốc gia", national, national_p, TRUE },
      { "", "Cấp tỉnh", f->monitored_provincial, p ? p->monitored_provincial : 0, TRUE },
      { "", "Cấp cơ sở", f->monitored_grassroots, p ? p->monitored_grassroots : 0, TRUE },
      { "2", "Nhiệm vụ đề xuất đặt hàng", f->ordered, p ? p->ordered : 0, FALSE },
      { "3", "Nhiệm vụ được phê duyệt thực hiện", f->approved, p ? p->approved : 0, FALSE },
      { "4", "Nhiệm vụ được nghiệm thu", f->accepted, p ? p->accepted : 0, FALSE },
      { "5", "Nhiệm vụ dừng thực hiện", f->cancelled, p ? p->cancelled : 0, FALSE },
      { "6", "Kết quả được chuyển giao", f->transfer_results, p ? p->transfer_results : 0, FALSE },
      { "7", "Đơn vị tiếp nhận kết quả", f->transfer_units, p ? p->transfer_units : 0, FALSE },
      { "", "Trong đó: doanh nghiệp", f->transfer_enterprises, p ? p->transfer_enterprises : 0, TRUE },
      { "8", "Kinh phí (triệu đồng)", (f->budget_total + 500000) / 1000000,
        p ? (p->budget_total + 500000) / 1000000 : 0, FALSE },
    };

    if (p != NULL)
      {
        n_cols = 5;
        widths[0] = tt_w;
        widths[1] = self->content_width - tt_w - 3 * num_w;
        widths[2] = widths[3] = widths[4] = num_w;
      }
    else
      {
        n_cols = 3;
        widths[0] = tt_w;
        widths[1] = self->content_width - tt_w - num_w;
        widths[2] = num_w;
      }

    flow_heading (self, l_caption, self->content_x, PARA_AFTER, 3);
    {
      const char *head[5] = { "TT", "Chỉ tiêu", p ? year_p : year, year, "Tăng, giảm" };

      add_table_row (self, widths, n_cols, head, FONT_BOLD, FONT_BOLD);
    }
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        const TableRow *r = &rows[i];
        g_autofree char *label = r->sub ? g_strdup_printf ("- %s", r->label) : g_strdup (r->label);
        g_autofree char *v = format_value (r->value);
        g_autofree char *vp = format_value (r->previous);
        g_autofree char *d = format_change (r->value, r->previous);
        const char *with_previous[5] = { r->tt, label, vp, v, d };
        const char *alone[3] = { r->tt, label, v };

        add_table_row (self, widths, n_cols, p ? with_previous : alone,
                       FONT_REGULAR, r->sub ? FONT_ITALIC : FONT_REGULAR);
      }
  }
  self->y += PARA_AFTER;
}

/* ---- charts -------------------------------------------------------------- */

static void
add_chart (TktReportLayout  *self,
           guint             number,
           TktChartKind      kind,
           const TktFigures *figures,
           const TktFigures *previous)
{
  g_autoptr(Block) block = block_new ();
  g_autofree char *title = tkt_chart_title (kind, figures);
  g_autofree char *caption = g_strdup_printf ("Biểu đồ %u. %s", number, title);
  g_autoptr(PangoLayout) l_caption = text_layout (self, caption, 13, FONT_ITALIC, PANGO_ALIGN_CENTER,
                                                  self->content_width);
  cairo_rectangle_t extents = { 0, 0, self->content_width, CHART_HEIGHT };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cairo_t *cr = cairo_create (surface);
  cairo_font_options_t *options = cairo_font_options_create ();
  TktChartStyle style;
  Op op = { OP_SURFACE, NULL, NULL, 0, 0, self->content_x, 0, 0, 0 };

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);

  tkt_chart_style_init_default (&style);
  style.font_family = FONT_FAMILY;
  tkt_chart_draw (cr, kind, figures, previous, &style, 0, 0, extents.width, extents.height);
  cairo_destroy (cr);

  block_add_layout (block, l_caption, self->content_x, 0);
  op.y = layout_height (l_caption) + 4;
  op.surface = surface;
  g_array_append_val (block->ops, op);
  block->height = op.y + CHART_HEIGHT;
  flow_block (self, block, 2 * PARA_AFTER);
  self->y += PARA_AFTER;
}

/* ---- the signature block ------------------------------------------------- */

static char *
recipient_line (const char *recipient,
                gboolean    last)
{
  g_autofree char *text = g_strstrip (g_strdup (recipient));
  gsize len = strlen (text);
  const char *start = text;

  while (len > 0 && strchr (";.,", text[len - 1]) != NULL)
    text[--len] = '\0';
  if (g_str_has_prefix (start, "- "))
    start += 2;
  else if (start[0] == '-')
    start += 1;
  return g_strdup_printf ("- %s%s", start, last ? "." : ";");
}

static void
add_signature (TktReportLayout *self,
               TktReport       *report)
{
  g_autoptr(Block) block = block_new ();
  g_auto(GStrv) recipients = tkt_report_dup_recipients (report);
  g_autoptr(GString) list = g_string_new (NULL);
  double left_w = 75 * MM, right_x = self->content_x + left_w, right_w = self->content_width - left_w;
  double ly = 0, ry = 0;
  guint n = recipients != NULL ? g_strv_length (recipients) : 0;

  if (n > 0)
    {
      g_autoptr(PangoLayout) l_head = text_layout (self, "Nơi nhận:", 12, FONT_BOLD | FONT_ITALIC,
                                                   PANGO_ALIGN_LEFT, left_w);
      g_autoptr(PangoLayout) l_list = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *line = recipient_line (recipients[i], i + 1 == n);

          if (list->len > 0)
            g_string_append_c (list, '\n');
          g_string_append (list, line);
        }
      l_list = text_layout (self, list->str, 11, FONT_REGULAR, PANGO_ALIGN_LEFT, left_w);
      block_add_layout (block, l_head, self->content_x, ly);
      ly += layout_height (l_head);
      block_add_layout (block, l_list, self->content_x, ly);
      ly += layout_height (l_list);
    }

  {
    g_autofree char *title = upper (tkt_report_get_signer_title (report));
    g_autoptr(PangoLayout) l_title = text_layout (self, title, 14, FONT_BOLD, PANGO_ALIGN_CENTER, right_w);
    g_autoptr(PangoLayout) l_name = text_layout (self, tkt_report_get_signer_name (report) != NULL
                                                       ? tkt_report_get_signer_name (report) : "",
                                                 14, FONT_BOLD, PANGO_ALIGN_CENTER, right_w);

    block_add_layout (block, l_title, right_x, ry);
    ry += layout_height (l_title);
    ry += 25 * MM;   /* room for the signature and the seal */
    block_add_layout (block, l_name, right_x, ry);
    ry += layout_height (l_name);
  }

  block->height = MAX (ly, ry);
  flow_block (self, block, 12);
}

/* ---- assembling ---------------------------------------------------------- */

static const char *const roman[] = { "I", "II", "III", "IV", "V", "VI" };

static void
build (TktReportLayout  *self,
       TktReport        *report,
       const TktFigures *figures,
       const TktFigures *previous)
{
  int year = tkt_report_get_year (report);
  guint part = 0, n;
  guint number = 0;

  add_heading_block (self, report);

  /* I. The year's results: the staff's sections, the figures, the charts. */
  {
    g_autofree char *h = g_strdup_printf ("%s. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM %d", roman[part++], year);

    add_heading (self, h, FONT_BOLD);
  }
  n = tkt_report_get_n_sections (report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (report, i);
      g_autofree char *h = NULL;

      if (section == NULL || !has_text (section->text))
        continue;
      h = g_strdup_printf ("%u. %s", ++number, section->title != NULL ? section->title : "");
      add_heading (self, h, FONT_BOLD);
      add_prose (self, section->text);
    }
  if (figures != NULL)
    {
      g_autofree char *h = g_strdup_printf ("%u. Số liệu tổng hợp", ++number);
      guint chart = 0;

      add_heading (self, h, FONT_BOLD);
      add_figures_table (self, figures, previous);
      add_chart (self, ++chart, TKT_CHART_MONITORED, figures, previous);
      if (figures->transfer_sectors->len > 0)
        add_chart (self, ++chart, TKT_CHART_TRANSFERS, figures, previous);
      if (previous != NULL)
        add_chart (self, ++chart, TKT_CHART_COMPARISON, figures, previous);
    }

  /* II. The plan for next year. */
  {
    g_autofree char *h = g_strdup_printf ("%s. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM %d", roman[part++], year + 1);
    g_autofree char *planned = figures != NULL ? tkt_figures_sentence (figures, TKT_SENTENCE_PLANNED) : NULL;
    guint n_docs = tkt_report_get_n_documents (report);
    guint n_groups = tkt_report_get_n_groups (report);
    guint n_targets = tkt_report_get_n_targets (report);

    add_heading (self, h, FONT_BOLD);
    number = 0;
    if (planned != NULL)
      add_body (self, planned);
    if (n_docs > 0)
      {
        g_autofree char *hd = g_strdup_printf ("%u. Các văn bản triển khai", ++number);

        add_heading (self, hd, FONT_BOLD);
        for (guint i = 0; i < n_docs; i++)
          {
            g_autoptr(TktDocRef) doc = tkt_report_get_document (report, i);
            g_autofree char *text = tkt_doc_ref_format (doc);
            g_autofree char *line = g_strdup_printf ("- %s%s", text, i + 1 == n_docs ? "." : ";");

            add_body (self, line);
          }
      }
    if (n_groups > 0)
      {
        g_autofree char *hg = g_strdup_printf ("%u. Nhiệm vụ trọng tâm", ++number);
        g_autofree char *count = tkt_report_format_group_count (report);
        g_autofree char *intro = g_strdup_printf ("Năm %d, tập trung thực hiện %s sau:", year + 1, count);
        guint group_number = number;

        add_heading (self, hg, FONT_BOLD);
        add_body (self, intro);
        for (guint i = 0; i < n_groups; i++)
          {
            g_autoptr(TktPlanGroup) group = tkt_report_get_group (report, i);
            g_autofree char *hh = g_strdup_printf ("%u.%u. %s", group_number, i + 1,
                                                   group->title != NULL ? group->title : "");

            add_heading (self, hh, FONT_BOLD | FONT_ITALIC);
            add_prose (self, group->text);
          }
      }
    if (n_targets > 0)
      {
        g_autofree char *ht = g_strdup_printf ("%u. Các chỉ tiêu chủ yếu", ++number);

        add_heading (self, ht, FONT_BOLD);
        for (guint i = 0; i < n_targets; i++)
          {
            g_autoptr(TktPlanTarget) target = tkt_report_get_target (report, i);
            g_autofree char *line = g_strdup_printf ("- %s: %s%s", target->label != NULL ? target->label : "",
                                                     target->value != NULL ? target->value : "",
                                                     i + 1 == n_targets ? "." : ";");

            add_body (self, line);
          }
      }
  }

  /* III. Recommendations. */
  if (has_text (tkt_report_get_recommendations (report)))
    {
      g_autofree char *h = g_strdup_printf ("%s. KIẾN NGHỊ, ĐỀ XUẤT", roman[part++]);

      add_heading (self, h, FONT_BOLD);
      add_prose (self, tkt_report_get_recommendations (report));
    }

  /* Headings left pending at the end would be lost: place them. */
  flush_pending (self, 0, 0);
  add_signature (self, report);
}

/* ---- drawing ------------------------------------------------------------- */

static void
draw_lines (cairo_t     *cr,
            const Op    *op)
{
  PangoLayoutIter *iter = pango_layout_get_iter (op->layout);
  int count = op->n < 0 ? pango_layout_get_line_count (op->layout) - op->first : op->n;
  int top = 0;

  for (int i = 0; i < op->first; i++)
    pango_layout_iter_next_line (iter);
  for (int i = 0; i < count; i++)
    {
      PangoRectangle logical;
      int y0, y1, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      baseline = pango_layout_iter_get_baseline (iter);
      if (i == 0)
        top = y0;
      cairo_move_to (cr, op->x + (double) logical.x / PANGO_SCALE,
                     op->y + (double) (baseline - top) / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
      if (!pango_layout_iter_next_line (iter))
        break;
    }
  pango_layout_iter_free (iter);
}

static void
draw_ops (GArray  *ops,
          cairo_t *cr)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const Op *op = &g_array_index (ops, Op, i);

      switch (op->kind)
        {
        case OP_LINES:
          draw_lines (cr, op);
          break;
        case OP_RULE:
          cairo_set_line_width (cr, RULE_WIDTH);
          cairo_move_to (cr, op->x, op->y);
          cairo_line_to (cr, op->x1, op->y1);
          cairo_stroke (cr);
          break;
        case OP_BOX:
          cairo_set_line_width (cr, RULE_WIDTH);
          cairo_rectangle (cr, op->x, op->y, op->x1, op->y1);
          cairo_stroke (cr);
          break;
        case OP_SURFACE:
          cairo_save (cr);
          cairo_set_source_surface (cr, op->surface, op->x, op->y);
          cairo_paint (cr);
          cairo_restore (cr);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* ---- public API ---------------------------------------------------------- */

TktReportLayout *
tkt_report_layout_new (TktReport        *report,
                       const TktFigures *figures,
                       const TktFigures *previous,
                       double            page_width,
                       double            page_height)
{
  TktReportLayout *self;
  cairo_font_options_t *options;
  int year;

  g_return_val_if_fail (TKT_IS_REPORT (report), NULL);
  g_return_val_if_fail (page_width > 0 && page_height > 0, NULL);

  year = tkt_report_get_year (report);
  self = g_new0 (TktReportLayout, 1);
  self->page_width = page_width;
  self->page_height = page_height;
  self->margin_top = 20 * MM;
  self->margin_bottom = 20 * MM;
  self->margin_left = 30 * MM;
  self->margin_right = 15 * MM;
  self->content_x = self->margin_left;
  self->content_width = page_width - self->margin_left - self->margin_right;
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->pending = g_ptr_array_new_with_free_func (pending_free);
  self->title = g_strdup_printf ("Báo cáo tổng kết công tác năm %d và phương hướng, nhiệm vụ năm %d",
                                 year, year + 1);
  self->author = g_strdup (tkt_report_get_organisation (report) != NULL
                           ? tkt_report_get_organisation (report) : "");

  /* Unhinted metrics: the same line breaks on the PDF and on a printer. */
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (self->context, 72.0);

  new_page (self);
  build (self, report, figures, previous);
  return self;
}

void
tkt_report_layout_free (TktReportLayout *layout)
{
  if (layout == NULL)
    return;
  g_ptr_array_unref (layout->pages);
  g_ptr_array_unref (layout->pending);
  g_clear_object (&layout->context);
  g_free (layout->title);
  g_free (layout->author);
  g_free (layout);
}

guint
tkt_report_layout_get_n_pages (TktReportLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->pages->len;
}

void
tkt_report_layout_draw_page (TktReportLayout *layout,
                             cairo_t         *cr,
                             guint            page)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < layout->pages->len);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Page numbers from page 2, centred in the top margin. */
  if (page > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", page + 1);
      g_autoptr(PangoLayout) number = text_layout (layout, text, 13, FONT_REGULAR, PANGO_ALIGN_CENTER,
                                                   layout->content_width);
      Op op = { OP_LINES, number, NULL, 0, -1, layout->content_x, 0, 0, 0 };

      op.y = (layout->margin_top - layout_height (number)) / 2;
      draw_lines (cr, &op);
    }

  draw_ops (g_ptr_array_index (layout->pages, page), cr);
  cairo_restore (cr);
}

typedef struct {
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} StreamClosure;

static cairo_status_t
stream_write_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  StreamClosure *sc = closure;

  if (sc->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sc->stream, data, length, NULL, sc->cancellable, &sc->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* Draws every page on surface and finishes it. */
static gboolean
render (TktReportLayout *layout,
        cairo_surface_t *surface,
        GCancellable    *cancellable,
        GError         **error)
{
  cairo_t *cr;
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, layout->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, layout->author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tongket");

  cr = cairo_create (surface);
  for (guint i = 0; i < layout->pages->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cairo_destroy (cr);
          cairo_surface_finish (surface);
          return FALSE;
        }
      tkt_report_layout_draw_page (layout, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
tkt_report_write_pdf_to_stream (TktReport        *report,
                                const TktFigures *figures,
                                const TktFigures *previous,
                                GOutputStream    *stream,
                                GCancellable     *cancellable,
                                GError          **error)
{
  g_autoptr(TktReportLayout) layout = NULL;
  StreamClosure sc = { stream, cancellable, NULL };
  cairo_surface_t *surface;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (TKT_IS_REPORT (report), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  layout = tkt_report_layout_new (report, figures, previous, 595.28, 841.89);
  surface = cairo_pdf_surface_create_for_stream (stream_write_cb, &sc, layout->page_width, layout->page_height);
  ok = render (layout, surface, cancellable, &local_error);
  cairo_surface_destroy (surface);

  /* The stream's own error says more than cairo's "error while writing". */
  if (sc.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sc.error));
      return FALSE;
    }
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
tkt_report_write_pdf (TktReport        *report,
                      const TktFigures *figures,
                      const TktFigures *previous,
                      const char       *path,
                      GCancellable     *cancellable,
                      GError          **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean existed;

  g_return_val_if_fail (TKT_IS_REPORT (report), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* g_file_replace writes beside the file and renames on close: a failed or
   * cancelled export leaves whatever was there before. */
  file = g_file_new_for_path (path);
  existed = g_file_query_exists (file, NULL);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write the PDF “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  if (!tkt_report_write_pdf_to_stream (report, figures, previous, G_OUTPUT_STREAM (stream),
                                       cancellable, &local_error))
    {
      g_autoptr(GCancellable) abort_close = g_cancellable_new ();

      /* Closing with a cancelled cancellable drops the temporary file of
       * a replaced file; a new file was written in place: remove it. */
      g_cancellable_cancel (abort_close);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort_close, NULL);
      if (!existed)
        g_file_delete (file, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write the PDF “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
