/* tkt-report-pdf.h — the annual report as a document in the layout of
 * Decree 30/2020/NĐ-CP, drawn with cairo and pango.
 *
 * A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; heading
 * block: parent and issuing bodies at left (issuer bold, underlined),
 * "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc"
 * (bold, underlined) at right; "Số: …/BC-SKHCN" at left and the italic
 * "Điện Biên, ngày 24 tháng 01 năm 2024" at right; the title in bold
 * capitals, centred; body in 14 pt serif (Liberation Serif, metric
 * compatible with Times New Roman), justified, first-line indent 1 cm;
 * headings "I.", "1."; the figures table; the charts (tkt-chart.h);
 * signature block at right; "Nơi nhận:" at left in 12/11 pt; page numbers
 * from page 2, centred in the top margin.
 *
 * The same layout code paints a PDF surface and a GtkPrintOperation's
 * pages: the page loop is exposed as begin/draw_page so the UI's print
 * operation can call it with its own cairo context.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include "tkt-report.h"

G_BEGIN_DECLS

typedef struct _TktReportLayout TktReportLayout;

/* Lays the report out for pages of width x height points (A4: 595.28 x
 * 841.89) using a pango context for cr's font options.  The figures are
 * the report's (tkt_report_get_figures). */
TktReportLayout *tkt_report_layout_new      (TktReport        *report,
                                             const TktFigures *figures,
                                             const TktFigures *previous,
                                             double            page_width,
                                             double            page_height);
void             tkt_report_layout_free     (TktReportLayout  *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktReportLayout, tkt_report_layout_free)
guint            tkt_report_layout_get_n_pages (TktReportLayout *layout);
/* Draws page (0-based) into cr, whose origin is the page's top-left corner
 * in points. */
void             tkt_report_layout_draw_page   (TktReportLayout *layout,
                                                cairo_t         *cr,
                                                guint            page);

/* Writes the whole report to a PDF file (fonts embedded, title and author
 * in the metadata).  Cancellable between pages. */
gboolean         tkt_report_write_pdf       (TktReport        *report,
                                             const TktFigures *figures,
                                             const TktFigures *previous,
                                             const char       *path,
                                             GCancellable     *cancellable,
                                             GError          **error);
/* The same into a GOutputStream (the CLI's -o -). */
gboolean         tkt_report_write_pdf_to_stream (TktReport        *report,
                                                 const TktFigures *figures,
                                                 const TktFigures *previous,
                                                 GOutputStream    *stream,
                                                 GCancellable     *cancellable,
                                                 GError          **error);

G_END_DECLS
