/* tkt-date-row.c — a date typed as "24/01/2024" or picked from a calendar.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-date-row.h"
#include "tkt-ui-util.h"
#include "tkt-text.h"

/* How long after the last keystroke an invalid text is pointed out. */
#define ERROR_DELAY_MS 700

struct _TktDateRow
{
  AdwActionRow  parent_instance;

  GtkEntry     *entry;
  GtkMenuButton *calendar_button;
  GtkPopover   *popover;
  GtkCalendar  *calendar;

  char         *value;         /* ISO or NULL */
  char         *parse_error;   /* message for the typed text, or NULL */
  char         *problem;       /* message from validation, or NULL */
  guint         error_timeout_id;
  gboolean      show_parse_error;
  gboolean      updating;
};

G_DEFINE_FINAL_TYPE (TktDateRow, tkt_date_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_VALID,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_message (TktDateRow *self)
{
  /* Translators: read by a screen reader in a date entry, after the
   * entry's name; the calendar button is not a Tab stop. */
  const char *hint = _("Alt+Down opens a calendar");
  const char *message = NULL;
  g_autofree char *description = NULL;

  if (self->parse_error != NULL && self->show_parse_error)
    message = self->parse_error;
  else if (self->parse_error == NULL && self->problem != NULL)
    message = self->problem;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), message ? message : "");
  /* The problem first, then the way to the calendar. */
  description = message ? g_strconcat (message, "\n", hint, NULL) : g_strdup (hint);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
set_value_internal (TktDateRow *self,
                    const char *iso)
{
  if (g_strcmp0 (self->value, iso) == 0)
    return;

  g_free (self->value);
  self->value = g_strdup (iso);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static gboolean
error_timeout_cb (gpointer user_data)
{
  TktDateRow *self = user_data;

  self->error_timeout_id = 0;
  self->show_parse_error = TRUE;
  update_message (self);

  return G_SOURCE_REMOVE;
}

static void
reparse (TktDateRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean was_valid = self->parse_error == NULL;
  g_autofree char *iso = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->parse_error, g_free);

  if (stripped[0] == '\0')
    set_value_internal (self, NULL);
  else if (tkt_text_parse_date (stripped, &iso, &error))
    set_value_internal (self, iso);
  else
    self->parse_error = g_strdup (error->message);

  if (was_valid != (self->parse_error == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
entry_changed_cb (TktDateRow *self)
{
  if (self->updating)
    return;

  reparse (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);

  /* Point an invalid date out a moment after typing stops, not at every
   * keystroke of "24/0…". */
  g_clear_handle_id (&self->error_timeout_id, g_source_remove);
  self->show_parse_error = FALSE;
  if (self->parse_error != NULL)
    self->error_timeout_id = g_timeout_add (ERROR_DELAY_MS, error_timeout_cb, self);
  update_message (self);
}

static void
show_error_now (TktDateRow *self)
{
  g_clear_handle_id (&self->error_timeout_id, g_source_remove);
  self->show_parse_error = TRUE;
  update_message (self);
}

static void
entry_activate_cb (TktDateRow *self)
{
  show_error_now (self);
}

static void
focus_leave_cb (TktDateRow *self)
{
  show_error_now (self);
}

/* Moves the calendar's selection without picking the day. */
static void
calendar_show_day (TktDateRow *self,
                   GDateTime  *dt)
{
  self->updating = TRUE;
  gtk_calendar_select_day (self->calendar, dt);
  self->updating = FALSE;
}

static void
popover_show_cb (TktDateRow *self)
{
  GDate date;
  g_autoptr(GDateTime) dt = NULL;

  if (self->value != NULL && tkt_text_date_from_iso (self->value, &date))
    dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), 0, 0, 0);
  else
    dt = g_date_time_new_now_local ();

  /* GtkPopover puts the focus on the calendar as it opens, and back
   * where it was (the entry) as it closes. */
  calendar_show_day (self, dt);
}

static void
pick_day (TktDateRow *self,
          GDateTime  *dt)
{
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%d");

  tkt_date_row_set_value (self, iso);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  gtk_popover_popdown (self->popover);
}

/* A click on a day. */
static void
day_selected_cb (TktDateRow *self)
{
  g_autoptr(GDateTime) dt = NULL;

  if (self->updating)
    return;

  dt = gtk_calendar_get_date (self->calendar);
  pick_day (self, dt);
}

/* The calendar's name for a screen reader: the row's title and the day
 * selected, which the arrow keys move. */
static void
calendar_date_notify_cb (TktDateRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (self->calendar);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%d");
  g_autofree char *day = tkt_text_format_iso_date (iso);
  /* Translators: the accessible name of the calendar popover of a date
   * row: the row's title, then the day selected, e.g. "Planned Start:
   * 24/01/2024". */
  g_autofree char *label = g_strdup_printf (_("%s: %s"), title, day);

  tkt_accessible_set_label (self->calendar, label);
}

/* GtkCalendar's own arrow keys move a focus box inside the six weeks
 * shown, without selecting, and stop at their edges; Enter does nothing.
 * Here the arrows move the selected day itself, across months (Up and
 * Down by a week), Page Up and Page Down by a month (with Shift a year),
 * and Enter or Space picks it.  Ctrl with the arrows still turns the
 * month and the year, Escape closes (GtkPopover), Tab reaches the
 * month's and year's buttons. */
static gboolean
calendar_key_pressed_cb (TktDateRow     *self,
                         guint           keyval,
                         guint           keycode,
                         GdkModifierType state)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  int ahead = gtk_widget_get_direction (GTK_WIDGET (self->calendar)) == GTK_TEXT_DIR_RTL ? -1 : 1;
  int page = 0;
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) moved = NULL;

  switch (keyval)
    {
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      page = -1;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      page = 1;
      break;
    default:
      break;
    }

  /* Shift only with Page Up and Down (a year); the rest is GtkCalendar's. */
  if (page != 0 && (mods == 0 || mods == GDK_SHIFT_MASK))
    {
      moved = mods == 0 ? g_date_time_add_months (dt, page) : g_date_time_add_years (dt, page);
      calendar_show_day (self, moved);
      return GDK_EVENT_STOP;
    }
  if (mods != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      pick_day (self, dt);
      return GDK_EVENT_STOP;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      moved = g_date_time_add_days (dt, -ahead);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      moved = g_date_time_add_days (dt, ahead);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      moved = g_date_time_add_weeks (dt, -1);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      moved = g_date_time_add_weeks (dt, 1);
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  calendar_show_day (self, moved);
  return GDK_EVENT_STOP;
}

/* date.open-calendar (Alt+Down in the entry). */
static void
open_calendar_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TktDateRow *self = TKT_DATE_ROW (widget);

  gtk_menu_button_popup (self->calendar_button);
}

/* One Tab stop, the entry, as an AdwEntryRow is: GtkListBoxRow would stop
 * on the row before its children, and the calendar button is reached
 * with Alt+Down (or the mouse) instead. */
static gboolean
tkt_date_row_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  TktDateRow *self = TKT_DATE_ROW (widget);

  return gtk_widget_child_focus (GTK_WIDGET (self->entry), direction);
}

static gboolean
tkt_date_row_grab_focus (GtkWidget *widget)
{
  TktDateRow *self = TKT_DATE_ROW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
tkt_date_row_dispose (GObject *object)
{
  TktDateRow *self = TKT_DATE_ROW (object);

  g_clear_handle_id (&self->error_timeout_id, g_source_remove);

  G_OBJECT_CLASS (tkt_date_row_parent_class)->dispose (object);
}

static void
tkt_date_row_finalize (GObject *object)
{
  TktDateRow *self = TKT_DATE_ROW (object);

  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->parse_error, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (tkt_date_row_parent_class)->finalize (object);
}

static void
tkt_date_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TktDateRow *self = TKT_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, tkt_date_row_get_valid (self));
      break;
    case PROP_TEXT:
      g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_date_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TktDateRow *self = TKT_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      tkt_date_row_set_value (self, g_value_get_string (value));
      break;
    case PROP_TEXT:
      gtk_editable_set_text (GTK_EDITABLE (self->entry), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_date_row_class_init (TktDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_date_row_dispose;
  object_class->finalize = tkt_date_row_finalize;
  object_class->get_property = tkt_date_row_get_property;
  object_class->set_property = tkt_date_row_set_property;

  widget_class->focus = tkt_date_row_focus;
  widget_class->grab_focus = tkt_date_row_grab_focus;

  /* As GtkComboBox opens its list; listed in the Keyboard Shortcuts
   * window (and as an application accelerator, for that window). */
  gtk_widget_class_install_action (widget_class, "date.open-calendar", NULL, open_calendar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "date.open-calendar", NULL);

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
title_notify_cb (TktDateRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  g_autofree char *pick = g_strdup_printf (_("Pick %s from a calendar"), title);
  /* Translators: the tooltip of a date's calendar button; Alt+Down in
   * the entry opens the calendar too. */
  g_autofree char *tooltip = g_strdup_printf (_("Pick %s from a calendar (Alt+Down)"), title);

  /* The entry's name is the title, through the labelled-by relation that
   * AdwActionRow gives its activatable widget: a label of ours as well
   * would be read after it (GTK 4.8 joins both: "Ngày Ngày"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pick,
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, "Alt+ArrowDown",
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->calendar_button), tooltip);
  calendar_date_notify_cb (self);
}

static void
tkt_date_row_init (TktDateRow *self)
{
  GtkEventController *focus;
  GtkEventController *keys;
  GtkWidget *toggle;

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 10);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->entry), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->entry), GTK_ALIGN_CENTER);
  /* Translators: the hint in an empty date entry: day/month/year. */
  gtk_entry_set_placeholder_text (self->entry, _("dd/mm/yyyy"));
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->entry));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self);
  g_signal_connect_swapped (self->calendar, "notify::day", G_CALLBACK (calendar_date_notify_cb), self);
  g_signal_connect_swapped (self->calendar, "notify::month", G_CALLBACK (calendar_date_notify_cb), self);
  g_signal_connect_swapped (self->calendar, "notify::year", G_CALLBACK (calendar_date_notify_cb), self);
  keys = gtk_event_controller_key_new ();
  /* Before the calendar's own key handler. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (calendar_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), keys);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The arrow keys move the day, Page Up and Page Down the month; "
                                    "Enter picks the day, Escape closes the calendar"),
                                  -1);
  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, GTK_WIDGET (self->calendar));
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (popover_show_cb), self);

  self->calendar_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->calendar_button, "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (self->calendar_button, GTK_WIDGET (self->popover));
  gtk_widget_set_valign (GTK_WIDGET (self->calendar_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->calendar_button), "flat");
  /* Not a Tab stop, and a click leaves the focus where it is: the button
   * GtkMenuButton clicks is its one child (CSS node "button.toggle"). */
  toggle = gtk_widget_get_first_child (GTK_WIDGET (self->calendar_button));
  g_assert (GTK_IS_TOGGLE_BUTTON (toggle));
  gtk_widget_set_focusable (toggle, FALSE);
  gtk_widget_set_focus_on_click (toggle, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->calendar_button));

  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->entry));

  g_signal_connect (self, "notify::title", G_CALLBACK (title_notify_cb), NULL);
  title_notify_cb (self);
  update_message (self);
}

GtkWidget *
tkt_date_row_new (void)
{
  return g_object_new (TKT_TYPE_DATE_ROW, NULL);
}

const char *
tkt_date_row_get_value (TktDateRow *self)
{
  g_return_val_if_fail (TKT_IS_DATE_ROW (self), NULL);

  return self->value;
}

void
tkt_date_row_set_value (TktDateRow *self,
                        const char *iso)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TKT_IS_DATE_ROW (self));

  if (iso != NULL && iso[0] == '\0')
    iso = NULL;

  text = iso ? tkt_text_format_iso_date (iso) : g_strdup ("");
  /* A stored value that is not a date is shown as it is, and flagged. */
  if (iso != NULL && text[0] == '\0')
    {
      g_free (text);
      text = g_strdup (iso);
    }

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  self->updating = FALSE;

  g_clear_handle_id (&self->error_timeout_id, g_source_remove);
  reparse (self);
  self->show_parse_error = TRUE;
  update_message (self);
}

gboolean
tkt_date_row_get_valid (TktDateRow *self)
{
  g_return_val_if_fail (TKT_IS_DATE_ROW (self), FALSE);

  return self->parse_error == NULL;
}

GtkEditable *
tkt_date_row_get_editable (TktDateRow *self)
{
  g_return_val_if_fail (TKT_IS_DATE_ROW (self), NULL);

  return GTK_EDITABLE (self->entry);
}

void
tkt_date_row_set_problem (TktDateRow *self,
                          const char *message)
{
  g_return_if_fail (TKT_IS_DATE_ROW (self));

  if (g_strcmp0 (self->problem, message) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (message);
  update_message (self);
}
