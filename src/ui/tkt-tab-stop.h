/* tkt-tab-stop.h — a container that Tab enters once: Tab or Shift+Tab
 * from anywhere inside it goes on to the control after (or before) it,
 * and the arrow keys move inside.  GTK 4.8's list and column views stop
 * Tab on every row shown (GTK 4.12 has gtk_list_view_set_tab_behavior);
 * wrapped in this, a list of 100,000 tasks is one stop between the
 * filters and the editor, as a list is for a screen reader user. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TKT_TYPE_TAB_STOP (tkt_tab_stop_get_type ())
G_DECLARE_FINAL_TYPE (TktTabStop, tkt_tab_stop, TKT, TAB_STOP, AdwBin)

GtkWidget *tkt_tab_stop_new (void);

G_END_DECLS
