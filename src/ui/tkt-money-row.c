/* tkt-money-row.c — an amount in đồng with live Vietnamese grouping.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-money-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-money-row.h"
#include "tkt-ui-util.h"
#include "tkt-text.h"

struct _TktMoneyRow
{
  AdwActionRow  parent_instance;

  GtkEntry     *entry;
  GtkLabel     *unit_label;

  gint64        value;          /* -1 when empty */
  char         *parse_error;
  char         *problem;
  guint         regroup_idle_id;
  gboolean      updating;
};

G_DEFINE_FINAL_TYPE (TktMoneyRow, tkt_money_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_message (TktMoneyRow *self)
{
  const char *message = self->parse_error ? self->parse_error : self->problem;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), message ? message : "");
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->entry),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
set_value_internal (TktMoneyRow *self,
                    gint64       value)
{
  if (self->value == value)
    return;

  self->value = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Parses the text; sets value or the error.  Returns TRUE if it is a valid
 * amount (then *out gets it, -1 for empty). */
static gboolean
reparse (TktMoneyRow *self,
         gint64      *out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  gboolean was_valid = self->parse_error == NULL;
  g_autoptr(GError) error = NULL;
  gint64 value = -1;
  gboolean ok = TRUE;

  g_clear_pointer (&self->parse_error, g_free);

  if (!is_blank (text) && !tkt_text_parse_money (text, &value, &error))
    {
      self->parse_error = g_strdup (error->message);
      ok = FALSE;
    }
  else
    set_value_internal (self, value);

  if (was_valid != (self->parse_error == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
  update_message (self);

  if (out != NULL)
    *out = value;

  return ok;
}

static int
count_digits (const char *text,
              int         n_chars)
{
  int n = 0;
  int i = 0;

  for (const char *p = text; *p && i < n_chars; p = g_utf8_next_char (p), i++)
    if (g_ascii_isdigit (*p))
      n++;

  return n;
}

/* The character position just after the n-th digit of text. */
static int
position_after_digits (const char *text,
                       int         n_digits)
{
  int pos = 0;

  if (n_digits == 0)
    return 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      pos++;
      if (g_ascii_isdigit (*p) && --n_digits == 0)
        return pos;
    }

  return pos;
}

/* Regroup "1234567" as "1.234.567", keeping the caret after the same digit.
 * Done in an idle: GtkText moves the caret after the "changed" handlers run. */
static gboolean
regroup_idle_cb (gpointer user_data)
{
  TktMoneyRow *self = user_data;
  const char *text;
  g_autofree char *grouped = NULL;
  gint64 value;
  int caret;
  int digits_before;

  self->regroup_idle_id = 0;

  if (!reparse (self, &value) || value < 0)
    return G_SOURCE_REMOVE;

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  grouped = tkt_text_format_number (value);
  if (g_strcmp0 (text, grouped) == 0)
    return G_SOURCE_REMOVE;

  caret = gtk_editable_get_position (GTK_EDITABLE (self->entry));
  digits_before = count_digits (text, caret);
  /* Leading zeros vanish from the grouped text. */
  digits_before = MIN (digits_before, count_digits (grouped, G_MAXINT));

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), grouped);
  gtk_editable_set_position (GTK_EDITABLE (self->entry),
                             position_after_digits (grouped, digits_before));
  self->updating = FALSE;

  return G_SOURCE_REMOVE;
}

static void
entry_changed_cb (TktMoneyRow *self)
{
  if (self->updating)
    return;

  reparse (self, NULL);
  if (self->regroup_idle_id == 0)
    /* Before the next frame is drawn, so the ungrouped text is never seen
     * (a default idle would wait behind layout and drawing). */
    self->regroup_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, regroup_idle_cb, self, NULL);
}

static void
tkt_money_row_dispose (GObject *object)
{
  TktMoneyRow *self = TKT_MONEY_ROW (object);

  g_clear_handle_id (&self->regroup_idle_id, g_source_remove);

  G_OBJECT_CLASS (tkt_money_row_parent_class)->dispose (object);
}

static void
tkt_money_row_finalize (GObject *object)
{
  TktMoneyRow *self = TKT_MONEY_ROW (object);

  g_clear_pointer (&self->parse_error, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (tkt_money_row_parent_class)->finalize (object);
}

static void
tkt_money_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TktMoneyRow *self = TKT_MONEY_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_int64 (value, self->value);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->parse_error == NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_money_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TktMoneyRow *self = TKT_MONEY_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      tkt_money_row_set_value (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* One Tab stop, the entry, as an AdwEntryRow is: GtkListBoxRow would stop
 * on the row first, then on the entry. */
static gboolean
tkt_money_row_focus (GtkWidget        *widget,
                     GtkDirectionType  direction)
{
  TktMoneyRow *self = TKT_MONEY_ROW (widget);

  return gtk_widget_child_focus (GTK_WIDGET (self->entry), direction);
}

static gboolean
tkt_money_row_grab_focus (GtkWidget *widget)
{
  TktMoneyRow *self = TKT_MONEY_ROW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
tkt_money_row_class_init (TktMoneyRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_money_row_dispose;
  object_class->finalize = tkt_money_row_finalize;
  object_class->get_property = tkt_money_row_get_property;
  object_class->set_property = tkt_money_row_set_property;

  widget_class->focus = tkt_money_row_focus;
  widget_class->grab_focus = tkt_money_row_grab_focus;

  properties[PROP_VALUE] =
    g_param_spec_int64 ("value", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
title_notify_cb (TktMoneyRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  /* Translators: the accessible name of an amount entry, e.g. "Central budget, in đồng". */
  g_autofree char *label = g_strdup_printf (_("%s, in đồng"), title);

  /* Instead of the title, which AdwActionRow relates its activatable
   * widget to (called after that, from init and on a new title). */
  tkt_accessible_set_label (self->entry, label);
}

static void
tkt_money_row_init (TktMoneyRow *self)
{
  self->value = -1;

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 16);
  gtk_editable_set_alignment (GTK_EDITABLE (self->entry), 1.0);
  gtk_widget_set_valign (GTK_WIDGET (self->entry), GTK_ALIGN_CENTER);
  gtk_entry_set_input_purpose (self->entry, GTK_INPUT_PURPOSE_DIGITS);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->entry));

  /* Translators: the Vietnamese currency unit, shown after amounts. */
  self->unit_label = GTK_LABEL (gtk_label_new (_("đồng")));
  gtk_widget_add_css_class (GTK_WIDGET (self->unit_label), "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->unit_label));

  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), GTK_WIDGET (self->entry));

  g_signal_connect (self, "notify::title", G_CALLBACK (title_notify_cb), NULL);
  title_notify_cb (self);
}

GtkWidget *
tkt_money_row_new (void)
{
  return g_object_new (TKT_TYPE_MONEY_ROW, NULL);
}

gint64
tkt_money_row_get_value (TktMoneyRow *self)
{
  g_return_val_if_fail (TKT_IS_MONEY_ROW (self), -1);

  return self->value;
}

void
tkt_money_row_set_value (TktMoneyRow *self,
                         gint64       dong)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TKT_IS_MONEY_ROW (self));

  text = dong >= 0 ? tkt_text_format_number (dong) : g_strdup ("");

  g_clear_handle_id (&self->regroup_idle_id, g_source_remove);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  self->updating = FALSE;
  reparse (self, NULL);
}

gboolean
tkt_money_row_get_valid (TktMoneyRow *self)
{
  g_return_val_if_fail (TKT_IS_MONEY_ROW (self), FALSE);

  return self->parse_error == NULL;
}

GtkEditable *
tkt_money_row_get_editable (TktMoneyRow *self)
{
  g_return_val_if_fail (TKT_IS_MONEY_ROW (self), NULL);

  return GTK_EDITABLE (self->entry);
}

void
tkt_money_row_set_problem (TktMoneyRow *self,
                           const char  *message)
{
  g_return_if_fail (TKT_IS_MONEY_ROW (self));

  if (g_strcmp0 (self->problem, message) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (message);
  update_message (self);
}
