/* tkt-date-row.h — a row for a date: typed as "24/01/2024" or picked from a
 * calendar popover.  A typed text that is not a date is kept as typed, marked
 * with the "error" style and a message under the title, and makes the row
 * invalid; it is never silently dropped.
 *
 * One Tab stop, the entry.  The calendar button is not one: Alt+Down in the
 * entry opens the calendar (action "date.open-calendar", said in the entry's
 * accessible description and in the Keyboard Shortcuts window), where the
 * arrow keys move the day, Page Up and Page Down the month (with Shift the
 * year), Enter or Space picks it and Escape closes. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TKT_TYPE_DATE_ROW (tkt_date_row_get_type ())
G_DECLARE_FINAL_TYPE (TktDateRow, tkt_date_row, TKT, DATE_ROW, AdwActionRow)

/* Properties: "value" (ISO "2024-01-24" or NULL when empty; only changes when
 * the text is a date or empty), "valid" (read-only: the text is empty or a
 * date), "text" (what is typed). */
GtkWidget   *tkt_date_row_new        (void);
const char  *tkt_date_row_get_value  (TktDateRow *self);
/* Shows iso as "24/01/2024" (NULL or "" clears). */
void         tkt_date_row_set_value  (TktDateRow *self,
                                      const char *iso);
gboolean     tkt_date_row_get_valid  (TktDateRow *self);
/* The entry the user types into (for tests and focus). */
GtkEditable *tkt_date_row_get_editable (TktDateRow *self);
/* Shows a problem found elsewhere (validation), or clears it with NULL. */
void         tkt_date_row_set_problem (TktDateRow *self,
                                       const char *message);

G_END_DECLS
