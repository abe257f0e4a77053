/* tkt-report-pdf.c — the annual report in the layout of Decree 30/2020/NĐ-CP.
 *
 * The pages, the flow (paragraphs split line by line, headings kept with
 * what follows, blocks placed whole), page numbers and the PDF writer are
 * the document engine's (tkt-document.c), shared with the MC's script;
 * this file holds only what is the report's own: the heading block, the
 * figures table, the charts and the signature block with "Nơi nhận", each
 * an unsplit TktDocumentBlock, and the order of the report's parts.
 */
#define G_LOG_DOMAIN "tkt-report-pdf"

#include "config.h"

#include "tkt-report-pdf.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "tkt-chart.h"
#include "tkt-document.h"
#include "tkt-text.h"

#define MM            TKT_DOCUMENT_MM
#define BODY_SIZE     TKT_DOCUMENT_BODY_SIZE
#define TABLE_SIZE    12.0
#define PARA_AFTER    TKT_DOCUMENT_PARA_AFTER
#define INDENT        TKT_DOCUMENT_INDENT
#define CHART_HEIGHT  (75.0 * MM)

struct _TktReportLayout {
  TktDocument *doc;
  double       content_x;
  double       content_width;
  char        *title;    /* PDF metadata */
  char        *author;
};

/* ---- text ---------------------------------------------------------------- */

static PangoLayout *
text_layout (TktReportLayout *self,
             const char      *text,
             double           size,
             TktDocumentFont  flags,
             PangoAlignment   alignment,
             double           width)
{
  return tkt_document_text_layout (self->doc, text, size, flags, alignment, width);
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Width of the logical rect of a line (for underlines as long as a line). */
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

/* ---- report parts -------------------------------------------------------- */

static void
add_heading (TktReportLayout *self,
             const char      *text,
             TktDocumentFont  flags)
{
  g_autoptr(PangoLayout) layout = text_layout (self, text, BODY_SIZE, flags,
                                               PANGO_ALIGN_LEFT, self->content_width);

  pango_layout_set_indent (layout, (int) (INDENT * PANGO_SCALE));
  tkt_document_add_heading_layout (self->doc, layout, self->content_x, PARA_AFTER, 0);
}

/* Body paragraphs; a staff text makes one per line, blank lines skipped. */
static void
add_prose (TktReportLayout *self,
           const char      *text)
{
  tkt_document_add (self->doc, TKT_DOCUMENT_PARAGRAPH, text);
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
             TktDocumentFont  flags,
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
  g_autoptr(TktDocumentBlock) block = tkt_document_block_new ();
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
  g_autoptr(PangoLayout) l_parent = text_layout (self, parent, 13, TKT_DOCUMENT_FONT_REGULAR, PANGO_ALIGN_CENTER, left_w);
  g_autoptr(PangoLayout) l_issuer = text_layout (self, issuer, 13, TKT_DOCUMENT_FONT_BOLD, PANGO_ALIGN_CENTER, left_w);
  g_autoptr(PangoLayout) l_nation = fitted_line (self, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, 11, TKT_DOCUMENT_FONT_BOLD, right_w);
  g_autoptr(PangoLayout) l_motto = fitted_line (self, "Độc lập - Tự do - Hạnh phúc", 14, 12, TKT_DOCUMENT_FONT_BOLD, right_w);
  g_autoptr(PangoLayout) l_number = text_layout (self, number, 13, TKT_DOCUMENT_FONT_REGULAR, PANGO_ALIGN_CENTER, left_w);
  g_autoptr(PangoLayout) l_date = text_layout (self, when, 14, TKT_DOCUMENT_FONT_ITALIC, PANGO_ALIGN_CENTER, right_w);
  g_autoptr(PangoLayout) l_title = text_layout (self, "BÁO CÁO", 14, TKT_DOCUMENT_FONT_BOLD, PANGO_ALIGN_CENTER, self->content_width);
  g_autoptr(PangoLayout) l_subject = text_layout (self, subject, 14, TKT_DOCUMENT_FONT_BOLD, PANGO_ALIGN_CENTER, self->content_width);
  double ly = 0, ry = 0, y, w, lx, last, rule_y;

  /* Left: parent body, issuing body, a rule of 1/3 to 1/2 of its last line. */
  if (has_text (parent))
    {
      tkt_document_block_add_layout (block, l_parent, left_x, ly);
      ly += layout_height (l_parent);
    }
  tkt_document_block_add_layout (block, l_issuer, left_x, ly);
  last = pango_layout_get_line_count (l_issuer) - 1;
  w = line_logical_width (l_issuer, (int) last, NULL) * 0.4;
  rule_y = ly + last_baseline (l_issuer) + 13 * 0.45;
  ly = MAX (ly + layout_height (l_issuer), rule_y + 1);
  tkt_document_block_add_rule (block, left_x + (left_w - w) / 2, rule_y, left_x + (left_w + w) / 2, rule_y);

  /* Right: the national name, the motto underlined along its length. */
  tkt_document_block_add_layout (block, l_nation, right_x, ry);
  ry += layout_height (l_nation);
  tkt_document_block_add_layout (block, l_motto, right_x, ry);
  w = line_logical_width (l_motto, 0, &lx);
  rule_y = ry + last_baseline (l_motto) + 14 * 0.42;
  ry = MAX (ry + layout_height (l_motto), rule_y + 1);
  tkt_document_block_add_rule (block, right_x + lx, rule_y, right_x + lx + w, rule_y);

  /* Number at left, place and date at right, on one line. */
  y = MAX (ly, ry) + 8;
  /* on one baseline */
  tkt_document_block_add_layout (block, l_number, left_x, y + last_baseline (l_date) - last_baseline (l_number));
  tkt_document_block_add_layout (block, l_date, right_x, y);
  y += MAX (layout_height (l_number), layout_height (l_date));

  /* The title and its subject, a short rule under it. */
  y += 18;
  tkt_document_block_add_layout (block, l_title, self->content_x, y);
  y += layout_height (l_title);
  tkt_document_block_add_layout (block, l_subject, self->content_x, y);
  w = line_logical_width (l_subject, pango_layout_get_line_count (l_subject) - 1, NULL) * 0.35;
  rule_y = y + last_baseline (l_subject) + 14 * 0.5;
  y = MAX (y + layout_height (l_subject), rule_y + 1);
  tkt_document_block_add_rule (block, self->content_x + (self->content_width - w) / 2, rule_y,
                  self->content_x + (self->content_width + w) / 2, rule_y);
  tkt_document_block_set_height (block, y + 12);
  tkt_document_add_block (self->doc, block, 0);
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
               TktDocumentFont     flags,
               TktDocumentFont     label_flags)
{
  g_autoptr(TktDocumentBlock) block = tkt_document_block_new ();
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
      tkt_document_block_add_box (block, x, 0, widths[c], height);
      tkt_document_block_add_layout (block, layouts[c], x + pad, pad);
      x += widths[c];
      g_object_unref (layouts[c]);
    }
  tkt_document_block_set_height (block, height);
  tkt_document_add_block (self->doc, block, 0);
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
  g_autoptr(PangoLayout) l_caption = text_layout (self, caption, 13, TKT_DOCUMENT_FONT_ITALIC, PANGO_ALIGN_CENTER,
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

    tkt_document_add_heading_layout (self->doc, l_caption, self->content_x, PARA_AFTER, 3);
    {
      const char *head[5] = { "TT", "Chỉ tiêu", p ? year_p : year, year, "Tăng, giảm" };

      add_table_row (self, widths, n_cols, head, TKT_DOCUMENT_FONT_BOLD, TKT_DOCUMENT_FONT_BOLD);
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
                       TKT_DOCUMENT_FONT_REGULAR, r->sub ? TKT_DOCUMENT_FONT_ITALIC : TKT_DOCUMENT_FONT_REGULAR);
      }
  }
  tkt_document_add_space (self->doc, PARA_AFTER);
}

/* ---- charts -------------------------------------------------------------- */

static void
add_chart (TktReportLayout  *self,
           guint             number,
           TktChartKind      kind,
           const TktFigures *figures,
           const TktFigures *previous)
{
  g_autoptr(TktDocumentBlock) block = tkt_document_block_new ();
  g_autofree char *title = tkt_chart_title (kind, figures);
  g_autofree char *caption = g_strdup_printf ("Biểu đồ %u. %s", number, title);
  g_autoptr(PangoLayout) l_caption = text_layout (self, caption, 13, TKT_DOCUMENT_FONT_ITALIC, PANGO_ALIGN_CENTER,
                                                  self->content_width);
  cairo_rectangle_t extents = { 0, 0, self->content_width, CHART_HEIGHT };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cairo_t *cr = cairo_create (surface);
  cairo_font_options_t *options = cairo_font_options_create ();
  TktChartStyle style;

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);

  tkt_chart_style_init_default (&style);
  style.font_family = TKT_DOCUMENT_FONT_FAMILY;
  tkt_chart_draw (cr, kind, figures, previous, &style, 0, 0, extents.width, extents.height);
  cairo_destroy (cr);

  tkt_document_block_add_layout (block, l_caption, self->content_x, 0);
  tkt_document_block_add_surface (block, surface, self->content_x, layout_height (l_caption) + 4);
  cairo_surface_destroy (surface);
  tkt_document_block_set_height (block, layout_height (l_caption) + 4 + CHART_HEIGHT);
  tkt_document_add_block (self->doc, block, 2 * PARA_AFTER);
  tkt_document_add_space (self->doc, PARA_AFTER);
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
  g_autoptr(TktDocumentBlock) block = tkt_document_block_new ();
  g_auto(GStrv) recipients = tkt_report_dup_recipients (report);
  g_autoptr(GString) list = g_string_new (NULL);
  double left_w = 75 * MM, right_x = self->content_x + left_w, right_w = self->content_width - left_w;
  double ly = 0, ry = 0;
  guint n = recipients != NULL ? g_strv_length (recipients) : 0;

  if (n > 0)
    {
      g_autoptr(PangoLayout) l_head = text_layout (self, "Nơi nhận:", 12, TKT_DOCUMENT_FONT_BOLD | TKT_DOCUMENT_FONT_ITALIC,
                                                   PANGO_ALIGN_LEFT, left_w);
      g_autoptr(PangoLayout) l_list = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *line = recipient_line (recipients[i], i + 1 == n);

          if (list->len > 0)
            g_string_append_c (list, '\n');
          g_string_append (list, line);
        }
      l_list = text_layout (self, list->str, 11, TKT_DOCUMENT_FONT_REGULAR, PANGO_ALIGN_LEFT, left_w);
      tkt_document_block_add_layout (block, l_head, self->content_x, ly);
      ly += layout_height (l_head);
      tkt_document_block_add_layout (block, l_list, self->content_x, ly);
      ly += layout_height (l_list);
    }

  {
    g_autofree char *title = upper (tkt_report_get_signer_title (report));
    g_autoptr(PangoLayout) l_title = text_layout (self, title, 14, TKT_DOCUMENT_FONT_BOLD, PANGO_ALIGN_CENTER, right_w);
    g_autoptr(PangoLayout) l_name = text_layout (self, tkt_report_get_signer_name (report) != NULL
                                                       ? tkt_report_get_signer_name (report) : "",
                                                 14, TKT_DOCUMENT_FONT_BOLD, PANGO_ALIGN_CENTER, right_w);

    tkt_document_block_add_layout (block, l_title, right_x, ry);
    ry += layout_height (l_title);
    ry += 25 * MM;   /* room for the signature and the seal */
    tkt_document_block_add_layout (block, l_name, right_x, ry);
    ry += layout_height (l_name);
  }

  tkt_document_block_set_height (block, MAX (ly, ry));
  tkt_document_add_block (self->doc, block, 12);
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

    add_heading (self, h, TKT_DOCUMENT_FONT_BOLD);
  }
  n = tkt_report_get_n_sections (report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (report, i);
      g_autofree char *h = NULL;

      if (section == NULL || !has_text (section->text))
        continue;
      h = g_strdup_printf ("%u. %s", ++number, section->title != NULL ? section->title : "");
      add_heading (self, h, TKT_DOCUMENT_FONT_BOLD);
      add_prose (self, section->text);
    }
  if (figures != NULL)
    {
      g_autofree char *h = g_strdup_printf ("%u. Số liệu tổng hợp", ++number);
      guint chart = 0;

      add_heading (self, h, TKT_DOCUMENT_FONT_BOLD);
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

    add_heading (self, h, TKT_DOCUMENT_FONT_BOLD);
    number = 0;
    if (planned != NULL)
      add_prose (self, planned);
    if (n_docs > 0)
      {
        g_autofree char *hd = g_strdup_printf ("%u. Các văn bản triển khai", ++number);

        add_heading (self, hd, TKT_DOCUMENT_FONT_BOLD);
        for (guint i = 0; i < n_docs; i++)
          {
            g_autoptr(TktDocRef) doc = tkt_report_get_document (report, i);
            g_autofree char *text = tkt_doc_ref_format (doc);
            g_autofree char *line = g_strdup_printf ("- %s%s", text, i + 1 == n_docs ? "." : ";");

            add_prose (self, line);
          }
      }
    if (n_groups > 0)
      {
        g_autofree char *hg = g_strdup_printf ("%u. Nhiệm vụ trọng tâm", ++number);
        g_autofree char *count = tkt_report_format_group_count (report);
        g_autofree char *intro = g_strdup_printf ("Năm %d, tập trung thực hiện %s sau:", year + 1, count);
        guint group_number = number;

        add_heading (self, hg, TKT_DOCUMENT_FONT_BOLD);
        add_prose (self, intro);
        for (guint i = 0; i < n_groups; i++)
          {
            g_autoptr(TktPlanGroup) group = tkt_report_get_group (report, i);
            g_autofree char *hh = g_strdup_printf ("%u.%u. %s", group_number, i + 1,
                                                   group->title != NULL ? group->title : "");

            add_heading (self, hh, TKT_DOCUMENT_FONT_BOLD | TKT_DOCUMENT_FONT_ITALIC);
            add_prose (self, group->text);
          }
      }
    if (n_targets > 0)
      {
        g_autofree char *ht = g_strdup_printf ("%u. Các chỉ tiêu chủ yếu", ++number);

        add_heading (self, ht, TKT_DOCUMENT_FONT_BOLD);
        for (guint i = 0; i < n_targets; i++)
          {
            g_autoptr(TktPlanTarget) target = tkt_report_get_target (report, i);
            g_autofree char *line = g_strdup_printf ("- %s: %s%s", target->label != NULL ? target->label : "",
                                                     target->value != NULL ? target->value : "",
                                                     i + 1 == n_targets ? "." : ";");

            add_prose (self, line);
          }
      }
  }

  /* III. Recommendations. */
  if (has_text (tkt_report_get_recommendations (report)))
    {
      g_autofree char *h = g_strdup_printf ("%s. KIẾN NGHỊ, ĐỀ XUẤT", roman[part++]);

      add_heading (self, h, TKT_DOCUMENT_FONT_BOLD);
      add_prose (self, tkt_report_get_recommendations (report));
    }

  add_signature (self, report);
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
  int year;

  g_return_val_if_fail (TKT_IS_REPORT (report), NULL);
  g_return_val_if_fail (page_width > 0 && page_height > 0, NULL);

  year = tkt_report_get_year (report);
  self = g_new0 (TktReportLayout, 1);
  self->doc = tkt_document_new (page_width, page_height);
  /* Single spacing (the figures and the charts take room), glyph
   * positions rounded as the report has always been measured (its line
   * breaks stay where they were), page numbers in 13 pt. */
  tkt_document_set_line_spacing (self->doc, 1.0);
  tkt_document_set_round_glyph_positions (self->doc, TRUE);
  tkt_document_set_page_number_size (self->doc, 13);
  self->content_x = tkt_document_get_content_x (self->doc);
  self->content_width = tkt_document_get_content_width (self->doc);
  self->title = g_strdup_printf ("Báo cáo tổng kết công tác năm %d và phương hướng, nhiệm vụ năm %d",
                                 year, year + 1);
  self->author = g_strdup (tkt_report_get_organisation (report) != NULL
                           ? tkt_report_get_organisation (report) : "");

  build (self, report, figures, previous);
  return self;
}

void
tkt_report_layout_free (TktReportLayout *layout)
{
  if (layout == NULL)
    return;
  tkt_document_free (layout->doc);
  g_free (layout->title);
  g_free (layout->author);
  g_free (layout);
}

guint
tkt_report_layout_get_n_pages (TktReportLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return tkt_document_get_n_pages (layout->doc);
}

void
tkt_report_layout_draw_page (TktReportLayout *layout,
                             cairo_t         *cr,
                             guint            page)
{
  g_return_if_fail (layout != NULL);

  tkt_document_draw_page (layout->doc, cr, page);
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

  g_return_val_if_fail (TKT_IS_REPORT (report), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  layout = tkt_report_layout_new (report, figures, previous, TKT_DOCUMENT_A4_WIDTH, TKT_DOCUMENT_A4_HEIGHT);
  return tkt_document_write_pdf_to_stream (layout->doc, stream, layout->title, layout->author,
                                           cancellable, error);
}

gboolean
tkt_report_write_pdf (TktReport        *report,
                      const TktFigures *figures,
                      const TktFigures *previous,
                      const char       *path,
                      GCancellable     *cancellable,
                      GError          **error)
{
  g_autoptr(TktReportLayout) layout = NULL;

  g_return_val_if_fail (TKT_IS_REPORT (report), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  layout = tkt_report_layout_new (report, figures, previous, TKT_DOCUMENT_A4_WIDTH, TKT_DOCUMENT_A4_HEIGHT);
  return tkt_document_write_pdf (layout->doc, path, layout->title, layout->author, cancellable, error);
}
