/* tkt-ceremony-export.h — a ceremony's files: the iCalendar event, the award
 * list as CSV and XLSX, and the MC's script as a PDF document.
 *
 * ICS is written with libical (one VEVENT: SUMMARY the title, DTSTART with
 * its offset, DTEND the planned end or the agenda's end, LOCATION the venue,
 * DESCRIPTION the agenda "14:00 – Khai mạc (Nguyễn Đức Hạnh)" one per line,
 * ORGANIZER's CN, UID from the ceremony id, DTSTAMP), so GNOME Calendar and
 * Thunderbird import it.  XLSX with libxlsxwriter: one sheet, grouped by
 * form in presentation order (a bold group row per form with its authority
 * and decision, then STT, name, position, organisation, kind).  CSV: the
 * same rows, UTF-8 with a header row, a "form" column instead of group rows.
 * The script PDF uses the same document engine as the report PDF
 * (tkt-document.h: A4, Decree 30 margins, serif 14 pt, the same flow and
 * PDF writer); tkt_script_document_new gives the laid-out script for a
 * GtkPrintOperation (tkt_document_get_n_pages / tkt_document_draw_page).
 */
#pragma once

#include <gio/gio.h>
#include "tkt-ceremony.h"
#include "tkt-award.h"
#include "tkt-document.h"

G_BEGIN_DECLS

/* awards: TktAward* in presentation order (tkt_award_list_for_ceremony). */
char     *tkt_ceremony_to_ics        (TktCeremony  *ceremony,
                                      GError      **error);
gboolean  tkt_awards_write_csv       (TktStore     *store,
                                      GPtrArray    *awards,
                                      GOutputStream *stream,
                                      GError      **error);
gboolean  tkt_awards_write_xlsx      (TktStore     *store,
                                      GPtrArray    *awards,
                                      const char   *path,
                                      GError      **error);
/* blocks: TktScriptBlock* (tkt_script_build).  The script laid out as a
 * document, for printing: free with tkt_document_free. */
TktDocument *tkt_script_document_new (TktCeremony  *ceremony,
                                      GPtrArray    *blocks);
gboolean  tkt_script_write_pdf       (TktCeremony  *ceremony,
                                      GPtrArray    *blocks,
                                      const char   *path,
                                      GCancellable *cancellable,
                                      GError      **error);

G_END_DECLS
