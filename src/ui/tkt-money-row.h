/* tkt-money-row.h — a row for an amount in đồng, grouped as you type
 * ("1.234.567.000"), with a "đồng" suffix.  Letters, decimals and negative
 * amounts are kept as typed, marked with the "error" style and a message
 * under the title, and make the row invalid. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TKT_TYPE_MONEY_ROW (tkt_money_row_get_type ())
G_DECLARE_FINAL_TYPE (TktMoneyRow, tkt_money_row, TKT, MONEY_ROW, AdwActionRow)

/* Properties: "value" (gint64 đồng, -1 when empty; only changes when the text
 * is a valid amount or empty), "valid" (read-only). */
GtkWidget   *tkt_money_row_new        (void);
gint64       tkt_money_row_get_value  (TktMoneyRow *self);
void         tkt_money_row_set_value  (TktMoneyRow *self,
                                       gint64       dong);
gboolean     tkt_money_row_get_valid  (TktMoneyRow *self);
GtkEditable *tkt_money_row_get_editable (TktMoneyRow *self);
void         tkt_money_row_set_problem (TktMoneyRow *self,
                                        const char  *message);

G_END_DECLS
