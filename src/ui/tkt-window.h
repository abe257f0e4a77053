/* tkt-window.h — the main window: a sidebar of areas (AdwLeaflet) and the area's page. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"
#include "tkt-sync-controller.h"

G_BEGIN_DECLS

#define TKT_TYPE_WINDOW (tkt_window_get_type ())
G_DECLARE_FINAL_TYPE (TktWindow, tkt_window, TKT, WINDOW, AdwApplicationWindow)

/* Properties "application" and "store" (construct-only). Window actions
 * win.import, win.export (GtkFileChooserNative + tkt_io_*_async, progress
 * shown, errors in a dialog), win.show-sidebar, win.show-task "s" (the
 * Tasks page showing one task: where a report's figure leads). */
TktWindow  *tkt_window_new             (AdwApplication *app,
                                        TktStore       *store);
TktStore   *tkt_window_get_store       (TktWindow      *self);
/* The Ceremonies area on that ceremony, and its slides presented (what
 * F5 does there; tongket --present).  FALSE and NOT_FOUND when the
 * database has no such ceremony. */
gboolean    tkt_window_present_ceremony (TktWindow     *self,
                                         const char    *ceremony_id,
                                         GError       **error);

/* The sync of this window's database (Preferences → Sync restarts it when
 * the password changes). */
TktSyncController *tkt_window_get_sync_controller (TktWindow *self);

G_END_DECLS
