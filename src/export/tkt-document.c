/* tkt-document.c — the export layer's document engine in the layout of
 * Decree 30/2020 (see tkt-document.h): pages of drawing operations, the
 * flow that fills them, page numbers and the PDF writer.
 */
#define G_LOG_DOMAIN "tkt-document"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "tkt-document.h"

#define NOTE_SIZE     12.0
#define LINE_SPACING  1.15     /* between single and 1.5 lines (Decree 30) */
#define RULE_WIDTH    0.6

typedef enum {
  OP_LINES,   /* lines [first, first + n) of layout (n < 0: to the end), first line's top at y */
  OP_RULE,    /* a line from (x, y) to (x1, y1) */
  OP_BOX,     /* a stroked rectangle (x, y, x1 = width, y1 = height) */
  OP_SURFACE, /* a surface painted at (x, y) */
} OpKind;

typedef struct {
  OpKind           kind;
  PangoLayout     *layout;   /* OP_LINES, owns a reference */
  cairo_surface_t *surface;  /* OP_SURFACE, owns a reference */
  int              first;
  int              n;
  double           spacing;  /* OP_LINES: line spacing factor */
  double           x;
  double           y;
  double           x1;
  double           y1;
} Op;

struct _TktDocumentBlock {
  GArray *ops;     /* Op */
  double  height;
};

typedef struct {
  TktDocumentBlock *block;
  double            space_before;
} Pending;

struct _TktDocument {
  double        page_width;
  double        page_height;
  double        margin_top;
  double        margin_bottom;
  double        margin_left;
  double        margin_right;
  double        line_spacing;
  double        page_number_size;

  PangoContext *context;
  GPtrArray    *pages;         /* GArray of Op per page */
  double        y;             /* flow cursor on the last page */
  gboolean      at_top;        /* nothing placed yet on the last page */
  GPtrArray    *pending;       /* Pending*: headings kept with what follows */
  double        pending_space; /* tkt_document_add_space before the next block */
  gboolean      finished;
};

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

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  tkt_document_block_free (pending->block);
  g_free (pending);
}

/* ---- the document -------------------------------------------------------- */

static GArray *
last_page (TktDocument *self)
{
  return g_ptr_array_index (self->pages, self->pages->len - 1);
}

static void
new_page (TktDocument *self)
{
  g_ptr_array_add (self->pages, ops_new ());
  self->y = self->margin_top;
  self->at_top = TRUE;
}

TktDocument *
tkt_document_new (double page_width,
                  double page_height)
{
  TktDocument *self;
  cairo_font_options_t *options;

  g_return_val_if_fail (page_width > 0 && page_height > 0, NULL);

  self = g_new0 (TktDocument, 1);
  self->page_width = page_width;
  self->page_height = page_height;
  self->margin_top = 20 * TKT_DOCUMENT_MM;
  self->margin_bottom = 20 * TKT_DOCUMENT_MM;
  self->margin_left = 30 * TKT_DOCUMENT_MM;
  self->margin_right = 15 * TKT_DOCUMENT_MM;
  self->line_spacing = LINE_SPACING;
  self->page_number_size = NOTE_SIZE;
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->pending = g_ptr_array_new_with_free_func (pending_free);

  /* Unhinted metrics: the same line breaks on paper, in the PDF and on a
   * screen preview. */
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  pango_context_set_language (self->context, pango_language_from_string ("vi"));

  new_page (self);
  return self;
}

void
tkt_document_free (TktDocument *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->pending);
  g_clear_object (&self->context);
  g_free (self);
}

void
tkt_document_set_line_spacing (TktDocument *self,
                               double       factor)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (factor > 0);
  self->line_spacing = factor;
}

void
tkt_document_set_round_glyph_positions (TktDocument *self,
                                        gboolean     round)
{
  g_return_if_fail (self != NULL);
  pango_context_set_round_glyph_positions (self->context, round);
}

void
tkt_document_set_page_number_size (TktDocument *self,
                                   double       size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (size > 0);
  self->page_number_size = size;
}

double
tkt_document_get_content_x (TktDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->margin_left;
}

double
tkt_document_get_content_width (TktDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->page_width - self->margin_left - self->margin_right;
}

PangoLayout *
tkt_document_text_layout (TktDocument     *self,
                          const char      *text,
                          double           size,
                          TktDocumentFont  font,
                          PangoAlignment   alignment,
                          double           width)
{
  PangoLayout *layout;
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (TKT_DOCUMENT_FONT_FAMILY);

  g_return_val_if_fail (self != NULL, NULL);

  layout = pango_layout_new (self->context);
  /* Absolute: points on the PDF surface, whatever the context's dpi. */
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, (font & TKT_DOCUMENT_FONT_BOLD) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style (desc, (font & TKT_DOCUMENT_FONT_ITALIC) ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* ---- blocks -------------------------------------------------------------- */

TktDocumentBlock *
tkt_document_block_new (void)
{
  TktDocumentBlock *block = g_new0 (TktDocumentBlock, 1);

  block->ops = ops_new ();
  return block;
}

void
tkt_document_block_free (TktDocumentBlock *block)
{
  if (block == NULL)
    return;
  g_array_unref (block->ops);
  g_free (block);
}

static void
block_add_op (TktDocumentBlock *block,
              OpKind            kind,
              double            x,
              double            y,
              double            x1,
              double            y1)
{
  Op op = { kind, NULL, NULL, 0, -1, 1.0, x, y, x1, y1 };

  g_array_append_val (block->ops, op);
}

void
tkt_document_block_add_layout (TktDocumentBlock *block,
                               PangoLayout      *layout,
                               double            x,
                               double            y)
{
  g_return_if_fail (block != NULL);
  g_return_if_fail (PANGO_IS_LAYOUT (layout));
  block_add_op (block, OP_LINES, x, y, 0, 0);
  g_array_index (block->ops, Op, block->ops->len - 1).layout = g_object_ref (layout);
}

void
tkt_document_block_add_rule (TktDocumentBlock *block,
                             double            x,
                             double            y,
                             double            x1,
                             double            y1)
{
  g_return_if_fail (block != NULL);
  block_add_op (block, OP_RULE, x, y, x1, y1);
}

void
tkt_document_block_add_box (TktDocumentBlock *block,
                            double            x,
                            double            y,
                            double            width,
                            double            height)
{
  g_return_if_fail (block != NULL);
  block_add_op (block, OP_BOX, x, y, width, height);
}

void
tkt_document_block_add_surface (TktDocumentBlock *block,
                                cairo_surface_t  *surface,
                                double            x,
                                double            y)
{
  g_return_if_fail (block != NULL);
  g_return_if_fail (surface != NULL);
  block_add_op (block, OP_SURFACE, x, y, 0, 0);
  g_array_index (block->ops, Op, block->ops->len - 1).surface = cairo_surface_reference (surface);
}

void
tkt_document_block_set_height (TktDocumentBlock *block,
                               double            height)
{
  g_return_if_fail (block != NULL);
  block->height = height;
}

/* ---- the flow ------------------------------------------------------------ */

static double
space_left (TktDocument *self)
{
  return self->page_height - self->margin_bottom - self->y;
}

/* The space asked for by tkt_document_add_space goes before the next block. */
static double
take_space (TktDocument *self,
            double       space_before)
{
  space_before += self->pending_space;
  self->pending_space = 0;
  return space_before;
}

static void
place_ops (TktDocument *self,
           GArray      *ops,
           double       y)
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
pending_height (TktDocument *self)
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
flush_pending (TktDocument *self,
               double       space_before,
               double       needed)
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

void
tkt_document_add_block (TktDocument      *self,
                        TktDocumentBlock *block,
                        double            space_before)
{
  gboolean had_pending;

  g_return_if_fail (self != NULL && block != NULL);
  g_return_if_fail (!self->finished);

  space_before = take_space (self, space_before);
  had_pending = self->pending->len > 0;
  flush_pending (self, space_before, block->height);
  if (!had_pending && !self->at_top)
    self->y += space_before;
  place_ops (self, block->ops, self->y);
  self->y += block->height;
  self->at_top = FALSE;
}

void
tkt_document_add_heading_layout (TktDocument *self,
                                 PangoLayout *layout,
                                 double       x,
                                 double       space_before,
                                 double       space_after)
{
  Pending *p;

  g_return_if_fail (self != NULL && PANGO_IS_LAYOUT (layout));
  g_return_if_fail (!self->finished);

  p = g_new0 (Pending, 1);
  p->block = tkt_document_block_new ();
  tkt_document_block_add_layout (p->block, layout, x, 0);
  g_array_index (p->block->ops, Op, 0).spacing = self->line_spacing;
  p->block->height = layout_height (layout) * self->line_spacing + space_after;
  p->space_before = take_space (self, space_before);
  g_ptr_array_add (self->pending, p);
}

void
tkt_document_add_paragraph_layout (TktDocument *self,
                                   PangoLayout *layout,
                                   double       x,
                                   double       space_before,
                                   double       space_after)
{
  int n, first = 0;
  g_autofree double *tops = NULL;
  PangoLayoutIter *iter;
  gboolean had_pending;

  g_return_if_fail (self != NULL && PANGO_IS_LAYOUT (layout));
  g_return_if_fail (!self->finished);

  /* tops[i] = top of line i with the line spacing; tops[n] = the bottom. */
  n = pango_layout_get_line_count (layout);
  tops = g_new (double, n + 1);
  tops[0] = 0;
  iter = pango_layout_get_iter (layout);
  for (int i = 0; i < n; i++)
    {
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      tops[i + 1] = tops[i] + (double) (y1 - y0) / PANGO_SCALE * self->line_spacing;
      pango_layout_iter_next_line (iter);
    }
  pango_layout_iter_free (iter);

  space_before = take_space (self, space_before);
  had_pending = self->pending->len > 0;
  /* The first two lines (or the whole paragraph) go with the headings. */
  flush_pending (self, space_before, tops[MIN (n, 2)]);
  if (!had_pending && !self->at_top)
    self->y += space_before;

  while (first < n)
    {
      double avail = space_left (self);
      int last = first;   /* exclusive */
      Op op = { OP_LINES, NULL, NULL, 0, 0, self->line_spacing, x, 0, 0, 0 };

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

void
tkt_document_add (TktDocument      *self,
                  TktDocumentStyle  style,
                  const char       *text)
{
  g_auto(GStrv) lines = NULL;
  double width;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);

  if (text == NULL)
    return;
  width = tkt_document_get_content_width (self);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) layout = NULL;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      switch (style)
        {
        case TKT_DOCUMENT_TITLE:
        case TKT_DOCUMENT_SUBTITLE:
          layout = tkt_document_text_layout (self, lines[i], TKT_DOCUMENT_BODY_SIZE, TKT_DOCUMENT_FONT_BOLD,
                                             PANGO_ALIGN_CENTER, width);
          tkt_document_add_paragraph_layout (self, layout, self->margin_left, 0, 2.0);
          break;
        case TKT_DOCUMENT_CENTRED:
          layout = tkt_document_text_layout (self, lines[i], TKT_DOCUMENT_BODY_SIZE, TKT_DOCUMENT_FONT_ITALIC,
                                             PANGO_ALIGN_CENTER, width);
          tkt_document_add_paragraph_layout (self, layout, self->margin_left, 0, TKT_DOCUMENT_PARA_AFTER);
          break;
        case TKT_DOCUMENT_HEADING:
          layout = tkt_document_text_layout (self, lines[i], TKT_DOCUMENT_BODY_SIZE, TKT_DOCUMENT_FONT_BOLD,
                                             PANGO_ALIGN_LEFT, width);
          tkt_document_add_heading_layout (self, layout, self->margin_left, 0, TKT_DOCUMENT_PARA_AFTER);
          break;
        case TKT_DOCUMENT_PARAGRAPH:
          layout = tkt_document_text_layout (self, lines[i], TKT_DOCUMENT_BODY_SIZE, TKT_DOCUMENT_FONT_REGULAR,
                                             PANGO_ALIGN_LEFT, width);
          pango_layout_set_justify (layout, TRUE);
          pango_layout_set_indent (layout, (int) (TKT_DOCUMENT_INDENT * PANGO_SCALE));
          tkt_document_add_paragraph_layout (self, layout, self->margin_left, 0, TKT_DOCUMENT_PARA_AFTER);
          break;
        case TKT_DOCUMENT_NOTE:
          layout = tkt_document_text_layout (self, lines[i], NOTE_SIZE, TKT_DOCUMENT_FONT_ITALIC,
                                             PANGO_ALIGN_LEFT, width);
          tkt_document_add_paragraph_layout (self, layout, self->margin_left, 0, TKT_DOCUMENT_PARA_AFTER);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

void
tkt_document_add_space (TktDocument *self,
                        double       points)
{
  g_return_if_fail (self != NULL);
  self->pending_space += points;
}

guint
tkt_document_get_n_pages (TktDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);

  /* Headings left pending at the end would be lost: place them. */
  if (!self->finished)
    {
      flush_pending (self, 0, 0);
      self->finished = TRUE;
    }
  return self->pages->len;
}

/* ---- drawing ------------------------------------------------------------- */

static void
draw_lines (cairo_t  *cr,
            const Op *op)
{
  PangoLayoutIter *iter = pango_layout_get_iter (op->layout);
  int count = op->n < 0 ? pango_layout_get_line_count (op->layout) - op->first : op->n;
  double top = 0;

  for (int i = 0; i < op->first; i++)
    pango_layout_iter_next_line (iter);
  for (int i = 0; i < count; i++)
    {
      PangoRectangle logical;
      int y0, y1, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      baseline = pango_layout_iter_get_baseline (iter);
      cairo_move_to (cr, op->x + (double) logical.x / PANGO_SCALE,
                     op->y + top + (double) (baseline - y0) / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
      top += (double) (y1 - y0) / PANGO_SCALE * op->spacing;
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

void
tkt_document_draw_page (TktDocument *self,
                        cairo_t     *cr,
                        guint        page)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < tkt_document_get_n_pages (self));

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Decree 30: page numbers from the second page, centred in the top margin. */
  if (page > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", page + 1);
      g_autoptr(PangoLayout) number = tkt_document_text_layout (self, text, self->page_number_size,
                                                                TKT_DOCUMENT_FONT_REGULAR, PANGO_ALIGN_CENTER,
                                                                tkt_document_get_content_width (self));
      Op op = { OP_LINES, number, NULL, 0, -1, 1.0, self->margin_left, 0, 0, 0 };

      op.y = (self->margin_top - layout_height (number)) / 2;
      draw_lines (cr, &op);
    }

  draw_ops (g_ptr_array_index (self->pages, page), cr);
  cairo_restore (cr);
}

/* ---- writing ------------------------------------------------------------- */

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
render (TktDocument     *self,
        cairo_surface_t *surface,
        const char      *title,
        const char      *author,
        GCancellable    *cancellable,
        GError         **error)
{
  guint n_pages = tkt_document_get_n_pages (self);
  cairo_t *cr;
  cairo_status_t status;

  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (author != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tongket " PACKAGE_VERSION);

  cr = cairo_create (surface);
  for (guint i = 0; i < n_pages; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cairo_destroy (cr);
          cairo_surface_finish (surface);
          return FALSE;
        }
      tkt_document_draw_page (self, cr, i);
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
tkt_document_write_pdf_to_stream (TktDocument   *self,
                                  GOutputStream *stream,
                                  const char    *title,
                                  const char    *author,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  StreamClosure sc = { stream, cancellable, NULL };
  cairo_surface_t *surface;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (stream_write_cb, &sc, self->page_width, self->page_height);
  ok = render (self, surface, title, author, cancellable, &local_error);
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
tkt_document_write_pdf (TktDocument   *self,
                        const char    *path,
                        const char    *title,
                        const char    *author,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean existed;

  g_return_val_if_fail (self != NULL, FALSE);
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
  if (!tkt_document_write_pdf_to_stream (self, G_OUTPUT_STREAM (stream), title, author,
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
