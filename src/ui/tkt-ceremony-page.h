/* tkt-ceremony-page.h — the Ceremonies area: the list of ceremonies and the
 * selected one's details, guests (introduction order), agenda, awards and
 * the MC's script; exports (script PDF / text, .ics, award list). */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"
#include "tkt-ceremony.h"
#include "tkt-presentation.h"

G_BEGIN_DECLS

#define TKT_TYPE_CEREMONY_PAGE (tkt_ceremony_page_get_type ())
G_DECLARE_FINAL_TYPE (TktCeremonyPage, tkt_ceremony_page, TKT, CEREMONY_PAGE, AdwBin)

typedef enum {
  TKT_CEREMONY_EXPORT_SCRIPT_PDF,
  TKT_CEREMONY_EXPORT_SCRIPT_TEXT,
  TKT_CEREMONY_EXPORT_ICS,
  TKT_CEREMONY_EXPORT_AWARDS_CSV,
  TKT_CEREMONY_EXPORT_AWARDS_XLSX,
  TKT_CEREMONY_EXPORT_SLIDES_16_9,   /* the deck as PDF, one page per slide */
  TKT_CEREMONY_EXPORT_SLIDES_4_3,
} TktCeremonyExport;

/* Properties: "store" (construct-only), "busy" (read-only: an export runs).
 *
 * Widget actions: ceremony.new (Ctrl+N), ceremony.save (Ctrl+S),
 * ceremony.add-guest, ceremony.sort-guests, ceremony.edit-guest "u",
 * ceremony.remove-guest "u", ceremony.move-guest "(ui)" (index, +1/-1:
 * Alt+Down / Alt+Up on a guest row), ceremony.add-agenda-item,
 * ceremony.remove-agenda-item "u", ceremony.add-award,
 * ceremony.edit-award "s", ceremony.remove-award "s",
 * ceremony.export-script-pdf (Ctrl+E), ceremony.export-script-text,
 * ceremony.export-ics, ceremony.export-awards, ceremony.print (Ctrl+P:
 * the script), ceremony.present (F5: the slides on the projector and the
 * presenter console, tkt-presentation.h); slides.theme, stateful "s" (the
 * slides' theme when presenting: "light", "dark", "high-contrast",
 * remembered in GSettings "presentation-theme"). */
GtkWidget   *tkt_ceremony_page_new            (TktStore        *store);
TktStore    *tkt_ceremony_page_get_store      (TktCeremonyPage *self);
/* The ceremony shown (borrowed), or NULL. */
TktCeremony *tkt_ceremony_page_get_ceremony   (TktCeremonyPage *self);
/* Shows the ceremony id (saving the one shown first); FALSE if none. */
gboolean     tkt_ceremony_page_select         (TktCeremonyPage *self,
                                               const char      *id);
/* Shows a section: "details", "guests", "agenda", "awards", "script". */
void         tkt_ceremony_page_show_section   (TktCeremonyPage *self,
                                               const char      *name);
gboolean     tkt_ceremony_page_save           (TktCeremonyPage *self,
                                               GError         **error);
gboolean     tkt_ceremony_page_get_busy       (TktCeremonyPage *self);
/* Writes a file in a thread (what the Export menu's choosers lead to);
 * "busy" goes back to FALSE when it is done. */
void         tkt_ceremony_page_export         (TktCeremonyPage  *self,
                                               TktCeremonyExport what,
                                               GFile            *file);

/* The presentation running from this page (borrowed), or NULL. */
TktPresentation *tkt_ceremony_page_get_presentation (TktCeremonyPage *self);

G_END_DECLS
