/* tkt-preferences-window.h — Preferences: the editable lists (programmes,
 * sectors) and the organisation's names for reports. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_PREFERENCES_WINDOW (tkt_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TktPreferencesWindow, tkt_preferences_window, TKT, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Property "store" (TktStore, construct-only).  Widget action
 * prefs.undo-remove(s): restores a removed programme or sector by _id. */
GtkWidget  *tkt_preferences_window_new       (TktStore             *store);
TktStore   *tkt_preferences_window_get_store (TktPreferencesWindow *self);

G_END_DECLS
