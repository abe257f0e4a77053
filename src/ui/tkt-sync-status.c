/* tkt-sync-status.c — see tkt-sync-status.h.
 *
 * Built in code rather than from a template: a button and a popover whose
 * every child changes with the state, nothing a designer would lay out.
 * No GtkSpinner in the button: under GTK 4.8 a spinner hidden after
 * spinning kept the window repainting every frame, which starved the
 * replicator's idle sources (the live push never ran). */

#define G_LOG_DOMAIN "tkt-sync-status"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-sync-status.h"
#include "tkt-ui-util.h"

struct _TktSyncStatus
{
  GtkWidget          parent_instance;

  GtkWidget         *button;       /* GtkMenuButton */
  GtkImage          *icon;
  GtkLabel          *label;
  GtkLabel          *heading;
  GtkLabel          *details;
  GtkProgressBar    *progress;
  GtkWidget         *retry_button;

  TktSyncController *controller;
  char              *label_text;
  char              *details_text;
};

G_DEFINE_FINAL_TYPE (TktSyncStatus, tkt_sync_status, GTK_TYPE_WIDGET)

/* "14:05" today, "24/01/2024 14:05" before. */
static char *
format_time (gint64 real_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (real_time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M");
  return g_date_time_format (when, "%d/%m/%Y %H:%M");
}

static void
update (TktSyncStatus *self)
{
  TktSyncController *c = self->controller;
  TktSyncState state = c != NULL ? tkt_sync_controller_get_state (c) : TKT_SYNC_STATE_IDLE;
  const char *error = c != NULL ? tkt_sync_controller_get_last_error (c) : NULL;
  const char *icon = NULL;
  const char *heading = NULL;
  g_autofree char *label = NULL;
  g_autofree char *details = NULL;
  gboolean retry = FALSE, show_progress = FALSE;
  guint done = c != NULL ? tkt_sync_controller_get_done (c) : 0;
  guint total = c != NULL ? tkt_sync_controller_get_total (c) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self), c != NULL && tkt_sync_controller_get_enabled (c));

  switch (state)
    {
    case TKT_SYNC_STATE_IDLE:
      label = g_strdup (_("Sync Stopped"));
      heading = _("Sync is stopped");
      details = g_strdup (_("Changes are kept on this computer."));
      icon = "media-playback-pause-symbolic";
      break;

    case TKT_SYNC_STATE_CONNECTING:
      label = g_strdup (_("Connecting…"));
      heading = _("Connecting to the server");
      details = g_strdup (tkt_sync_controller_get_url (c));
      icon = "emblem-synchronizing-symbolic";
      break;

    case TKT_SYNC_STATE_SYNCING:
      label = g_strdup (_("Syncing…"));
      heading = _("Syncing with the server");
      if (total > 0)
        /* Translators: progress of sync, "120 of 1,000 documents". */
        details = g_strdup_printf (ngettext ("%u of %u document", "%u of %u documents", total), done, total);
      else
        details = g_strdup_printf (ngettext ("%u document so far", "%u documents so far", done), done);
      icon = "emblem-synchronizing-symbolic";
      show_progress = TRUE;
      break;

    case TKT_SYNC_STATE_SYNCED:
      {
        gint64 last = tkt_sync_controller_get_last_sync (c);
        g_autofree char *time = last > 0 ? format_time (last) : NULL;

        /* Translators: %s is a time, "14:05" (or a date and time). */
        label = time != NULL ? g_strdup_printf (_("Synced at %s"), time) : g_strdup (_("Synced"));
        heading = _("Up to date");
        if (tkt_sync_controller_get_read_only (c))
          details = g_strdup (_("The server is read-only for this user: changes made here stay on this computer and are not sent."));
        else
          details = g_strdup (_("All changes are on the server, and changes from others arrive as they are made."));
        icon = "emblem-ok-symbolic";
      }
      break;

    case TKT_SYNC_STATE_OFFLINE:
      label = g_strdup (_("Offline"));
      heading = _("The server cannot be reached");
      if (error != NULL)
        /* Translators: %s is the reason (a network error). */
        details = g_strdup_printf (_("Changes are kept and will be sent when the server can be reached again.\n\n%s"), error);
      else
        details = g_strdup (_("Changes are kept and will be sent when the server can be reached again."));
      icon = "network-offline-symbolic";
      retry = TRUE;
      break;

    case TKT_SYNC_STATE_ERROR:
    default:
      label = g_strdup (_("Sync Error"));
      heading = _("Sync stopped on an error");
      details = g_strdup_printf ("%s\n\n%s", error != NULL ? error : _("Unknown error."),
                                 _("Changes are kept on this computer."));
      icon = "dialog-warning-symbolic";
      retry = TRUE;
      break;
    }

  gtk_label_set_label (self->label, label);
  gtk_label_set_label (self->heading, heading);
  gtk_label_set_label (self->details, details);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->icon, icon);
  gtk_widget_set_visible (self->retry_button, retry);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), show_progress);
  if (show_progress)
    {
      if (total > 0)
        gtk_progress_bar_set_fraction (self->progress, MIN (1.0, (double) done / total));
      else
        gtk_progress_bar_pulse (self->progress);
    }

  if (state == TKT_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (self->button, "error");
  else
    gtk_widget_remove_css_class (self->button, "error");

  gtk_widget_set_tooltip_text (self->button, heading);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details,
                                  -1);

  g_free (self->label_text);
  self->label_text = g_steal_pointer (&label);
  g_free (self->details_text);
  self->details_text = g_steal_pointer (&details);
}

static void
controller_changed_cb (TktSyncController *controller,
                       TktSyncStatus     *self)
{
  update (self);
}

static void
retry_clicked_cb (GtkButton     *button,
                  TktSyncStatus *self)
{
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->button));
  if (self->controller != NULL)
    tkt_sync_controller_retry (self->controller);
}

static void
tkt_sync_status_dispose (GObject *object)
{
  TktSyncStatus *self = TKT_SYNC_STATUS (object);

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (tkt_sync_status_parent_class)->dispose (object);
}

static void
tkt_sync_status_finalize (GObject *object)
{
  TktSyncStatus *self = TKT_SYNC_STATUS (object);

  g_free (self->label_text);
  g_free (self->details_text);

  G_OBJECT_CLASS (tkt_sync_status_parent_class)->finalize (object);
}

static void
tkt_sync_status_class_init (TktSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_sync_status_dispose;
  object_class->finalize = tkt_sync_status_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tkt-sync-status");
}

static void
tkt_sync_status_init (TktSyncStatus *self)
{
  GtkWidget *box, *popover, *pbox, *settings_button;

  self->button = gtk_menu_button_new ();
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->icon = g_object_new (GTK_TYPE_IMAGE, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), box);

  pbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (pbox, 6);
  gtk_widget_set_margin_end (pbox, 6);
  gtk_widget_set_margin_top (pbox, 6);
  gtk_widget_set_margin_bottom (pbox, 6);
  gtk_widget_set_size_request (pbox, 300, -1);

  self->heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->heading, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->heading), "heading");
  self->details = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->details, 0);
  gtk_label_set_wrap (self->details, TRUE);
  gtk_label_set_max_width_chars (self->details, 40);
  /* Not selectable: the popover would open with the whole text selected. */
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  tkt_accessible_set_label (self->progress, _("Sync progress"));

  self->retry_button = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_add_css_class (self->retry_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->retry_button, _("Try to sync again now"));
  g_signal_connect (self->retry_button, "clicked", G_CALLBACK (retry_clicked_cb), self);

  settings_button = gtk_button_new_with_mnemonic (_("Sync _Preferences"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (settings_button), "app.preferences");

  gtk_box_append (GTK_BOX (pbox), GTK_WIDGET (self->heading));
  gtk_box_append (GTK_BOX (pbox), GTK_WIDGET (self->details));
  gtk_box_append (GTK_BOX (pbox), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (pbox), self->retry_button);
  gtk_box_append (GTK_BOX (pbox), settings_button);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), pbox);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);

  update (self);
}

GtkWidget *
tkt_sync_status_new (void)
{
  return g_object_new (TKT_TYPE_SYNC_STATUS, NULL);
}

void
tkt_sync_status_set_controller (TktSyncStatus     *self,
                                TktSyncController *controller)
{
  g_return_if_fail (TKT_IS_SYNC_STATUS (self));
  g_return_if_fail (controller == NULL || TKT_IS_SYNC_CONTROLLER (controller));

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    g_signal_connect (controller, "changed", G_CALLBACK (controller_changed_cb), self);
  update (self);
}

const char *
tkt_sync_status_get_label (TktSyncStatus *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_STATUS (self), NULL);
  return self->label_text;
}

const char *
tkt_sync_status_get_details (TktSyncStatus *self)
{
  g_return_val_if_fail (TKT_IS_SYNC_STATUS (self), NULL);
  return self->details_text;
}

void
tkt_sync_status_popup (TktSyncStatus *self)
{
  g_return_if_fail (TKT_IS_SYNC_STATUS (self));
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->button));
}
