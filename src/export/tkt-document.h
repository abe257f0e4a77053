/* tkt-document.h — the export layer's one document engine: a flowing A4
 * document drawn with pango and cairo in the layout of Decree 30/2020/NĐ-CP:
 * margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; 14 pt serif
 * (Liberation Serif, metric compatible with Times New Roman); body
 * justified with a 1 cm first-line indent and 6 pt after each paragraph;
 * page numbers from page 2, centred in the top margin.
 *
 * Both the annual report (tkt-report-pdf.c) and the MC's script
 * (tkt-ceremony-export.c) are made with it; the UI may include it to print
 * either (tkt_document_get_n_pages / tkt_document_draw_page into a
 * GtkPrintOperation's cairo context).
 *
 * A document is laid out as it is built: blocks are flowed into pages of
 * drawing operations (lines of pango layouts, rules, boxes, recorded
 * surfaces).  Paragraphs split across pages line by line, with no single
 * first or last line left alone on a page; headings wait until the block
 * that follows them is placed and move to the next page with it; a block
 * (TktDocumentBlock: a group of operations with a measured height) is never
 * split.  The pages are then drawn into any cairo context (a PDF surface, a
 * GtkPrintOperation's page, a thumbnail), so the same code makes the file
 * and the printout.  Text is measured on a pango context of the document's
 * own with unhinted metrics, so the layout does not depend on the surface.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

G_BEGIN_DECLS

#define TKT_DOCUMENT_A4_WIDTH  595.28
#define TKT_DOCUMENT_A4_HEIGHT 841.89
/* 1 mm in points */
#define TKT_DOCUMENT_MM        (72.0 / 25.4)

/* Liberation Serif first (metric compatible with Times New Roman, what the
 * decree's samples use), then the same metrics under other names, then any
 * serif fontconfig has. */
#define TKT_DOCUMENT_FONT_FAMILY "Liberation Serif,Times New Roman,Tinos,Nimbus Roman,Noto Serif,DejaVu Serif,serif"
#define TKT_DOCUMENT_BODY_SIZE   14.0
#define TKT_DOCUMENT_PARA_AFTER  6.0
#define TKT_DOCUMENT_INDENT      (10.0 * TKT_DOCUMENT_MM)

typedef enum {
  TKT_DOCUMENT_TITLE,       /* bold, centred (capitals as written) */
  TKT_DOCUMENT_SUBTITLE,    /* bold, centred, smaller space after */
  TKT_DOCUMENT_CENTRED,     /* italic, centred (a date or venue line) */
  TKT_DOCUMENT_HEADING,     /* bold, left, kept with the next line */
  TKT_DOCUMENT_PARAGRAPH,   /* justified, first-line indent 1 cm */
  TKT_DOCUMENT_NOTE,        /* italic, left, 12 pt (a remark) */
} TktDocumentStyle;

typedef enum {
  TKT_DOCUMENT_FONT_REGULAR = 0,
  TKT_DOCUMENT_FONT_BOLD    = 1 << 0,
  TKT_DOCUMENT_FONT_ITALIC  = 1 << 1,
} TktDocumentFont;

typedef struct _TktDocument TktDocument;
typedef struct _TktDocumentBlock TktDocumentBlock;

TktDocument *tkt_document_new           (double            page_width,
                                         double            page_height);
void         tkt_document_free          (TktDocument      *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktDocument, tkt_document_free)

/* Line spacing of the text blocks that follow, as a factor of the font's
 * line height (default 1.15, between single and 1.5 lines). */
void         tkt_document_set_line_spacing     (TktDocument *self,
                                                double       factor);
/* Glyph positions rounded to whole device units as they are measured
 * (default FALSE: unrounded, as the glyphs are drawn on a PDF surface);
 * set before adding text, it changes where lines break. */
void         tkt_document_set_round_glyph_positions (TktDocument *self,
                                                     gboolean     round);
/* Size in points of the page numbers (default 12). */
void         tkt_document_set_page_number_size (TktDocument *self,
                                                double       size);
/* The text column: left edge and width in points. */
double       tkt_document_get_content_x     (TktDocument *self);
double       tkt_document_get_content_width (TktDocument *self);

/* Appends a block of plain text (not markup); a text with line breaks
 * makes one block per line, empty lines skipped. */
void         tkt_document_add           (TktDocument      *self,
                                         TktDocumentStyle  style,
                                         const char       *text);
/* Vertical space in points before the next block (none at a page's top). */
void         tkt_document_add_space     (TktDocument      *self,
                                         double            points);

/* A wrapping layout of plain text on the document's pango context, size in
 * points, width in points. */
PangoLayout *tkt_document_text_layout   (TktDocument      *self,
                                         const char       *text,
                                         double            size,
                                         TktDocumentFont   font,
                                         PangoAlignment    alignment,
                                         double            width);
/* A layout (from tkt_document_text_layout) at x, split across pages line
 * by line. */
void         tkt_document_add_paragraph_layout (TktDocument *self,
                                                PangoLayout *layout,
                                                double       x,
                                                double       space_before,
                                                double       space_after);
/* A layout at x kept on the page of the block that follows it. */
void         tkt_document_add_heading_layout   (TktDocument *self,
                                                PangoLayout *layout,
                                                double       x,
                                                double       space_before,
                                                double       space_after);

/* A block: drawing operations relative to its top-left corner (x in page
 * coordinates), with the height it takes in the flow; placed whole. */
TktDocumentBlock *tkt_document_block_new         (void);
void              tkt_document_block_free        (TktDocumentBlock *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktDocumentBlock, tkt_document_block_free)
void              tkt_document_block_add_layout  (TktDocumentBlock *block,
                                                  PangoLayout      *layout,
                                                  double            x,
                                                  double            y);
void              tkt_document_block_add_rule    (TktDocumentBlock *block,
                                                  double            x,
                                                  double            y,
                                                  double            x1,
                                                  double            y1);
void              tkt_document_block_add_box     (TktDocumentBlock *block,
                                                  double            x,
                                                  double            y,
                                                  double            width,
                                                  double            height);
/* Paints surface (a recording surface, say) with its origin at (x, y). */
void              tkt_document_block_add_surface (TktDocumentBlock *block,
                                                  cairo_surface_t  *surface,
                                                  double            x,
                                                  double            y);
void              tkt_document_block_set_height  (TktDocumentBlock *block,
                                                  double            height);
/* Places the block unsplit: on this page if it fits, else on the next. */
void              tkt_document_add_block         (TktDocument      *self,
                                                  TktDocumentBlock *block,
                                                  double            space_before);

/* Ends the flow (once, on first use: headings still waiting are placed) and
 * counts the pages; nothing can be added afterwards. */
guint        tkt_document_get_n_pages   (TktDocument      *self);
/* Draws page (0-based) into cr, whose origin is the page's top-left corner
 * in points. */
void         tkt_document_draw_page     (TktDocument      *self,
                                         cairo_t          *cr,
                                         guint             page);

/* The whole document as a PDF (fonts embedded, title and author in the
 * metadata); cancellable between pages.  A failed or cancelled write
 * leaves whatever file was there before (written beside it, renamed at the
 * end). */
gboolean     tkt_document_write_pdf     (TktDocument      *self,
                                         const char       *path,
                                         const char       *title,
                                         const char       *author,
                                         GCancellable     *cancellable,
                                         GError          **error);
/* The same into a stream (the CLI's -o -). */
gboolean     tkt_document_write_pdf_to_stream (TktDocument   *self,
                                               GOutputStream *stream,
                                               const char    *title,
                                               const char    *author,
                                               GCancellable  *cancellable,
                                               GError       **error);

G_END_DECLS
