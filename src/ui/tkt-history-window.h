/* tkt-history-window.h — a document's history: its revisions (newest
 * first, tkt_store_get_history) with when and by whom, and the fields of
 * the revision chosen.  Opened from the task editor. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_HISTORY_WINDOW (tkt_history_window_get_type ())
G_DECLARE_FINAL_TYPE (TktHistoryWindow, tkt_history_window, TKT, HISTORY_WINDOW, AdwWindow)

GtkWidget  *tkt_history_window_new          (TktStore         *store,
                                             const char       *id);
/* Revisions listed, and the rows' texts (for tests): "24/01/2024 09:30 — Lan". */
guint       tkt_history_window_get_n_revisions (TktHistoryWindow *self);
const char *tkt_history_window_get_row_text    (TktHistoryWindow *self,
                                                guint             index);

G_END_DECLS
