/* tkt-report-page.h — the Reports area: one annual report per year, its
 * heading, the year's figures beside the year before, charts, the staff's
 * sections with generated sentences, the plan for next year; issuing,
 * PDF export and printing. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"
#include "tkt-report.h"

G_BEGIN_DECLS

#define TKT_TYPE_REPORT_PAGE (tkt_report_page_get_type ())
G_DECLARE_FINAL_TYPE (TktReportPage, tkt_report_page, TKT, REPORT_PAGE, AdwBin)

/* Properties: "store" (TktStore, construct-only), "busy" (read-only: a PDF
 * export is running), "computing" (read-only: figures are being computed in
 * a thread).
 *
 * Widget actions: report.new (Ctrl+N), report.save (Ctrl+S),
 * report.issue, report.reopen, report.compare, report.export-pdf (Ctrl+E),
 * report.print (Ctrl+P), report.add-section, report.refresh-sentences,
 * report.insert-sentence "(us)" (section index, sentence key),
 * report.undo (after a removal), report.show-figure "s" (figure key). */
GtkWidget  *tkt_report_page_new          (TktStore      *store);
TktStore   *tkt_report_page_get_store    (TktReportPage *self);
/* Shows the report of year (saving the one shown first); FALSE if none. */
gboolean    tkt_report_page_select_year  (TktReportPage *self,
                                          int            year);
/* The report shown (borrowed), or NULL. */
TktReport  *tkt_report_page_get_report   (TktReportPage *self);
/* The figures shown (borrowed; NULL until computed). */
const TktFigures *tkt_report_page_get_figures (TktReportPage *self);
gboolean    tkt_report_page_get_busy     (TktReportPage *self);
gboolean    tkt_report_page_get_computing (TktReportPage *self);
/* Saves the shown report if it has edits; FALSE with a toast if it cannot. */
gboolean    tkt_report_page_save         (TktReportPage *self,
                                          GError       **error);
/* Writes the shown report as a PDF in a thread (what the Export PDF… file
 * chooser leads to); "busy" goes back to FALSE when it is done. */
void        tkt_report_page_export_pdf   (TktReportPage *self,
                                          GFile         *file);

G_END_DECLS
