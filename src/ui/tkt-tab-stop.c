/* tkt-tab-stop.c — see tkt-tab-stop.h. */

#define G_LOG_DOMAIN "tkt-tab-stop"

#include "config.h"

#include "tkt-tab-stop.h"

struct _TktTabStop
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (TktTabStop, tkt_tab_stop, ADW_TYPE_BIN)

static gboolean
tkt_tab_stop_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child == NULL)
    return FALSE;

  /* Already inside: Tab leaves, to the next control of the window. */
  if (gtk_widget_get_focus_child (widget) != NULL &&
      (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD))
    return FALSE;

  return gtk_widget_child_focus (child, direction);
}

static void
tkt_tab_stop_class_init (TktTabStopClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->focus = tkt_tab_stop_focus;
}

static void
tkt_tab_stop_init (TktTabStop *self)
{
}

GtkWidget *
tkt_tab_stop_new (void)
{
  return g_object_new (TKT_TYPE_TAB_STOP, NULL);
}
