/* tkt-document.h — (internal to src/export) a flowing A4 document drawn with
 * pango and cairo in the layout of Decree 30/2020/NĐ-CP: margins top 20 mm,
 * bottom 20 mm, left 30 mm, right 15 mm; 14 pt serif (Liberation Serif,
 * metric compatible with Times New Roman); body justified with a 1 cm
 * first-line indent and 6 pt after each paragraph; page numbers from page
 * 2, centred in the top margin.
 *
 * A document is a list of blocks (titles, headings, paragraphs) laid out
 * into pages once; the pages are then drawn into any cairo context (a PDF
 * surface, a GtkPrintOperation's page, a thumbnail), so the same code makes
 * the file and the printout.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define TKT_DOCUMENT_A4_WIDTH  595.28
#define TKT_DOCUMENT_A4_HEIGHT 841.89
/* 1 mm in points */
#define TKT_DOCUMENT_MM        (72.0 / 25.4)

typedef enum {
  TKT_DOCUMENT_TITLE,       /* bold, centred (capitals as written) */
  TKT_DOCUMENT_SUBTITLE,    /* bold, centred, smaller space after */
  TKT_DOCUMENT_CENTRED,     /* italic, centred (a date or venue line) */
  TKT_DOCUMENT_HEADING,     /* bold, left, kept with the next line */
  TKT_DOCUMENT_PARAGRAPH,   /* justified, first-line indent 1 cm */
  TKT_DOCUMENT_NOTE,        /* italic, left, 12 pt (a remark) */
} TktDocumentStyle;

typedef struct _TktDocument TktDocument;

TktDocument *tkt_document_new           (double            page_width,
                                         double            page_height);
void         tkt_document_free          (TktDocument      *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktDocument, tkt_document_free)

/* Appends a block of plain text (not markup); a text with line breaks
 * makes one block per line, empty lines skipped. */
void         tkt_document_add           (TktDocument      *self,
                                         TktDocumentStyle  style,
                                         const char       *text);
/* Vertical space in points before the next block. */
void         tkt_document_add_space     (TktDocument      *self,
                                         double            points);

/* Lays the blocks out (once, on first use) and counts the pages. */
guint        tkt_document_get_n_pages   (TktDocument      *self);
/* Draws page (0-based) into cr, whose origin is the page's top-left corner
 * in points. */
void         tkt_document_draw_page     (TktDocument      *self,
                                         cairo_t          *cr,
                                         guint             page);

/* The whole document as a PDF (fonts embedded, title and author in the
 * metadata); cancellable between pages.  A failed write leaves no file. */
gboolean     tkt_document_write_pdf     (TktDocument      *self,
                                         const char       *path,
                                         const char       *title,
                                         const char       *author,
                                         GCancellable     *cancellable,
                                         GError          **error);

G_END_DECLS
