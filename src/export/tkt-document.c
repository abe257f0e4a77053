/* tkt-document.c — a flowing A4 document in the layout of Decree 30/2020
 * (see tkt-document.h).
 */
#define G_LOG_DOMAIN "tkt-document"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "tkt-document.h"

/* As the report PDF (tkt-report-pdf.c): Liberation Serif, metric compatible
 * with Times New Roman, then the same metrics under other names. */
#define FONT_FAMILY   "Liberation Serif,Times New Roman,Tinos,Nimbus Roman,Noto Serif,DejaVu Serif,serif"
#define BODY_SIZE     14.0
#define NOTE_SIZE     12.0
#define LINE_FACTOR   1.15     /* between single and 1.5 lines (Decree 30) */
#define PARA_AFTER    6.0
#define INDENT        (10.0 * TKT_DOCUMENT_MM)

typedef struct {
  TktDocumentStyle  style;
  char             *text;
  double            space_before;
} Block;

typedef struct {
  double height;   /* with the line spacing */
  double x;        /* left of the logical rect (alignment, indent) */
  double ascent;   /* top of the line to its baseline */
} LineInfo;

/* One laid-out line on a page. */
typedef struct {
  PangoLayout *layout;      /* owns a reference */
  int          line;        /* index in the layout */
  guint        page;
  double       x;           /* left of the line's logical rect */
  double       baseline;
} Placed;

struct _TktDocument {
  double      page_width;
  double      page_height;
  double      margin_top;
  double      margin_bottom;
  double      margin_left;
  double      margin_right;
  GArray     *blocks;       /* Block */
  double      pending_space;
  gboolean    laid_out;
  GArray     *placed;       /* Placed */
  guint       n_pages;
  PangoContext *context;
};

static void
block_clear (gpointer data)
{
  Block *block = data;

  g_free (block->text);
}

static void
placed_clear (gpointer data)
{
  Placed *placed = data;

  g_clear_object (&placed->layout);
}

TktDocument *
tkt_document_new (double page_width,
                  double page_height)
{
  TktDocument *self = g_new0 (TktDocument, 1);

  self->page_width = page_width;
  self->page_height = page_height;
  self->margin_top = 20 * TKT_DOCUMENT_MM;
  self->margin_bottom = 20 * TKT_DOCUMENT_MM;
  self->margin_left = 30 * TKT_DOCUMENT_MM;
  self->margin_right = 15 * TKT_DOCUMENT_MM;
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, block_clear);
  self->placed = g_array_new (FALSE, TRUE, sizeof (Placed));
  g_array_set_clear_func (self->placed, placed_clear);
  return self;
}

void
tkt_document_free (TktDocument *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->blocks);
  g_array_unref (self->placed);
  g_clear_object (&self->context);
  g_free (self);
}

void
tkt_document_add (TktDocument      *self,
                  TktDocumentStyle  style,
                  const char       *text)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->laid_out);

  if (text == NULL)
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      Block block = { 0 };

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      block.style = style;
      block.text = g_strdup (lines[i]);
      block.space_before = self->pending_space;
      self->pending_space = 0;
      g_array_append_val (self->blocks, block);
    }
}

void
tkt_document_add_space (TktDocument *self,
                        double       points)
{
  g_return_if_fail (self != NULL);
  self->pending_space += points;
}

static PangoContext *
document_context (TktDocument *self)
{
  if (self->context == NULL)
    {
      PangoFontMap *font_map = pango_cairo_font_map_get_default ();
      cairo_font_options_t *options = cairo_font_options_create ();

      /* Unhinted metrics: the same line breaks on paper, in the PDF and on
       * a screen preview. */
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      self->context = pango_font_map_create_context (font_map);
      pango_cairo_context_set_font_options (self->context, options);
      pango_context_set_round_glyph_positions (self->context, FALSE);
      pango_context_set_language (self->context, pango_language_from_string ("vi"));
      cairo_font_options_destroy (options);
    }
  return self->context;
}

static PangoLayout *
block_layout (TktDocument *self,
              const Block *block,
              double       width)
{
  PangoLayout *layout = pango_layout_new (document_context (self));
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);
  double size = BODY_SIZE;

  switch (block->style)
    {
    case TKT_DOCUMENT_TITLE:
    case TKT_DOCUMENT_SUBTITLE:
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      break;
    case TKT_DOCUMENT_CENTRED:
      pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      break;
    case TKT_DOCUMENT_HEADING:
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case TKT_DOCUMENT_PARAGRAPH:
      pango_layout_set_justify (layout, TRUE);
      pango_layout_set_indent (layout, (int) (INDENT * PANGO_SCALE));
      break;
    case TKT_DOCUMENT_NOTE:
      pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
      size = NOTE_SIZE;
      break;
    default:
      g_assert_not_reached ();
    }
  /* Absolute: points on the PDF surface, whatever the context's dpi. */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, block->text, -1);
  return layout;
}

static void
document_layout (TktDocument *self)
{
  double width = self->page_width - self->margin_left - self->margin_right;
  double top = self->margin_top;
  double bottom = self->page_height - self->margin_bottom;
  double y = top;
  guint page = 0;

  if (self->laid_out)
    return;
  self->laid_out = TRUE;

  for (guint b = 0; b < self->blocks->len; b++)
    {
      const Block *block = &g_array_index (self->blocks, Block, b);
      g_autoptr(PangoLayout) layout = block_layout (self, block, width);
      g_autofree LineInfo *lines = NULL;
      PangoLayoutIter *iter;
      int n, first = 0;
      double after;

      after = block->style == TKT_DOCUMENT_SUBTITLE || block->style == TKT_DOCUMENT_TITLE ? 2.0 : PARA_AFTER;
      if (y > top)
        y += block->space_before;

      /* A heading stays with the first line that follows it. */
      if (block->style == TKT_DOCUMENT_HEADING)
        {
          PangoRectangle logical;
          double need;

          pango_layout_get_extents (layout, NULL, &logical);
          need = (double) logical.height / PANGO_SCALE * LINE_FACTOR + PARA_AFTER
                 + 2 * BODY_SIZE * LINE_FACTOR;
          if (y > top && y + need > bottom)
            {
              page++;
              y = top;
            }
        }

      /* The lines' heights and positions, then placed as many a page as
       * fit: no single first line left at a page's foot, no single last
       * line carried to the next page (as the report PDF does). */
      n = pango_layout_get_line_count (layout);
      lines = g_new0 (LineInfo, n);
      iter = pango_layout_get_iter (layout);
      for (int i = 0; i < n; i++)
        {
          PangoRectangle logical;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          lines[i].height = (double) logical.height / PANGO_SCALE * LINE_FACTOR;
          lines[i].x = (double) logical.x / PANGO_SCALE;
          lines[i].ascent = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
          pango_layout_iter_next_line (iter);
        }
      pango_layout_iter_free (iter);

      while (first < n)
        {
          double used = 0;
          int last = first;   /* exclusive */

          while (last < n && y + used + lines[last].height <= bottom + 0.01)
            used += lines[last++].height;
          if (last < n)
            {
              if (n - last == 1 && last - first > 2)
                last--;
              if (last - first == 1 && first == 0 && n > 1)
                last = first;
            }
          if (last == first)
            {
              if (y <= top)
                last = first + 1;   /* taller than a page: place it anyway */
              else
                {
                  page++;
                  y = top;
                  continue;
                }
            }
          for (int i = first; i < last; i++)
            {
              Placed placed = { 0 };

              placed.layout = g_object_ref (layout);
              placed.line = i;
              placed.page = page;
              placed.x = self->margin_left + lines[i].x;
              placed.baseline = y + lines[i].ascent;
              g_array_append_val (self->placed, placed);
              y += lines[i].height;
            }
          first = last;
          if (first < n)
            {
              page++;
              y = top;
            }
        }
      y += after;
    }
  self->n_pages = page + 1;
}

guint
tkt_document_get_n_pages (TktDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);
  document_layout (self);
  return self->n_pages;
}

static void
draw_page_number (TktDocument *self,
                  cairo_t     *cr,
                  guint        page)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (document_context (self));
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);
  g_autofree char *number = g_strdup_printf ("%u", page + 1);
  int w, h;

  pango_font_description_set_absolute_size (font, NOTE_SIZE * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, number, -1);
  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr,
                 self->margin_left + (self->page_width - self->margin_left - self->margin_right
                                      - (double) w / PANGO_SCALE) / 2,
                 (self->margin_top - (double) h / PANGO_SCALE) / 2);
  pango_cairo_show_layout (cr, layout);
}

void
tkt_document_draw_page (TktDocument *self,
                        cairo_t     *cr,
                        guint        page)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  document_layout (self);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < self->placed->len; i++)
    {
      const Placed *placed = &g_array_index (self->placed, Placed, i);

      if (placed->page != page)
        continue;
      cairo_move_to (cr, placed->x, placed->baseline);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (placed->layout, placed->line));
    }
  /* Decree 30: page numbers from the second page, centred in the top margin. */
  if (page > 0)
    draw_page_number (self, cr, page);
  cairo_restore (cr);
}

gboolean
tkt_document_write_pdf (TktDocument   *self,
                        const char    *path,
                        const char    *title,
                        const char    *author,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Into a temporary file beside the target, renamed at the end: a failed
   * or cancelled write leaves neither a half file nor a clobbered one. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0666);   /* the umask applies, as for any new file */
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  g_close (fd, NULL);

  n_pages = tkt_document_get_n_pages (self);
  surface = cairo_pdf_surface_create (tmp_path, self->page_width, self->page_height);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (author != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tongket " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint page = 0; page < n_pages; page++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
          g_unlink (tmp_path);
          return FALSE;
        }
      tkt_document_draw_page (self, cr, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write %s: %s"), path, cairo_status_to_string (status));
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}
