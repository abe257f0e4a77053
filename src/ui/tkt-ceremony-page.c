/* tkt-ceremony-page.c — the Ceremonies area: the list of ceremonies and the
 * selected ceremony in five sections (details, guests, agenda, awards, the
 * MC's script).
 *
 * The ceremony is edited in place (TktCeremony) and saved explicitly
 * (Ctrl+S) or on leaving it (another ceremony, another area), as a report
 * is.  Awards are documents of their own: the award editor saves its award
 * when the user presses Save.  Exports are written in a thread.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-ceremony-page"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "tkt-award.h"
#include "tkt-ceremony-export.h"
#include "tkt-ceremony-page.h"
#include "tkt-ui-util.h"
#include "tkt-date-row.h"
#include "tkt-presentation.h"
#include "tkt-slides-editor.h"
#include "tkt-script.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

#define DEFAULT_OFFSET "+07:00"

struct _TktCeremonyPage
{
  AdwBin               parent_instance;

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkListBox          *ceremonies_list;
  GtkStack            *content_stack;
  GtkStack            *sections_stack;
  GtkInfoBar          *conflict_bar;
  GtkLabel            *ceremony_title_label;  /* beside the buttons */
  GtkLabel            *narrow_title_label;    /* above them, wrapped */
  AdwSqueezer         *title_squeezer;
  GtkDropDown         *sections_dropdown;
  GtkBox              *details_box;
  GtkBox              *guests_box;
  GtkBox              *agenda_box;
  GtkBox              *awards_box;
  GtkBox              *script_box;
  GtkBox              *slides_box;
  TktSlidesEditor     *slides_editor;

  /* built in init */
  GtkSelectionModel   *section_pages;        /* the sections_stack's, listed in sections_dropdown */
  AdwEntryRow         *title_row;
  AdwComboRow         *kind_row;
  TktDateRow          *date_row;
  AdwEntryRow         *start_time_row;
  AdwEntryRow         *end_time_row;
  AdwEntryRow         *venue_row;
  AdwEntryRow         *chair_row;
  AdwEntryRow         *organiser_row;
  GtkSpinButton       *year_spin;
  GtkListBox          *guests_list;
  GtkListBox          *agenda_list;
  GtkLabel            *agenda_total_label;
  GtkListBox          *awards_list;
  GtkBox              *blocks_box;
  GPtrArray           *agenda_time_labels;   /* GtkLabel per agenda row */
  GPtrArray           *script_blocks;        /* TktScriptBlock */

  TktStore            *store;
  GSettings           *settings;             /* NULL when the schema is not installed */
  TktPresentation     *presentation;         /* while presenting */
  char                *slide_theme;          /* "light", "dark", "high-contrast" */
  GCancellable        *cancellable;
  TktCeremony         *ceremony;
  GtkNativeDialog     *chooser;
  TktCeremonyExport    chooser_what;
  guint                guests_idle_id;
  int                  focus_guest;          /* row to focus after a rebuild, or -1 */
  guint                awards_idle_id;
  guint                header_idle_id;
  int                  focus_award;          /* row to focus after a rebuild, or -1 */

  gboolean             dirty;
  gboolean             busy;
  gboolean             loading;
  gboolean             selecting;
};

G_DEFINE_FINAL_TYPE (TktCeremonyPage, tkt_ceremony_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild_guests (TktCeremonyPage *self);
static void rebuild_agenda (TktCeremonyPage *self);
static void update_agenda_times (TktCeremonyPage *self);
static void rebuild_awards (TktCeremonyPage *self);
static void rebuild_script (TktCeremonyPage *self);

/* ---- helpers ------------------------------------------------------------ */

static void
toast (TktCeremonyPage *self,
       const char      *title)
{
  AdwToast *t = adw_toast_new (title);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static GtkWindow *
parent_window (gpointer widget)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (widget));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static AdwEntryRow *
new_entry_row (GtkListBox *list,
               const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (list, row);

  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
boxed_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  return list;
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  tkt_accessible_set_label (button, label);
  if (action != NULL)
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
    }
  else if (target != NULL)
    g_variant_unref (g_variant_ref_sink (target));

  return button;
}

static GtkWidget *
text_button (const char *label,
             const char *accessible,
             const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  tkt_accessible_set_label (button, accessible);
  if (action != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);

  return button;
}

/* "14:00" → 840; -1 if not a time. */
static int
parse_time (const char *text)
{
  int h = -1, m = -1;
  char extra;

  if (text == NULL || sscanf (text, "%d:%d%c", &h, &m, &extra) != 2)
    return -1;
  if (h < 0 || h > 23 || m < 0 || m > 59)
    return -1;

  return h * 60 + m;
}

static char *
format_minute (int minute)
{
  if (minute < 0)
    return g_strdup ("--:--");
  return g_strdup_printf ("%02d:%02d", (minute / 60) % 24, minute % 60);
}

/* "2024-01-24T14:00:00+07:00" → "14:00" (NULL if none). */
static char *
iso_time (const char *iso)
{
  if (iso == NULL || strlen (iso) < 16 || iso[10] != 'T')
    return NULL;
  return g_strndup (iso + 11, 5);
}

static char *
iso_date (const char *iso)
{
  if (iso == NULL || strlen (iso) < 10)
    return NULL;
  return g_strndup (iso, 10);
}

static const char *
iso_offset (const char *iso)
{
  size_t n = iso != NULL ? strlen (iso) : 0;

  if (n >= 25 && (iso[n - 6] == '+' || iso[n - 6] == '-'))
    return iso + n - 6;
  return DEFAULT_OFFSET;
}

static TktCeremony *
ceremony_copy (TktCeremony *ceremony)
{
  return tkt_ceremony_new_from_json (tkt_ceremony_get_json (ceremony));
}

/* ---- actions' state ----------------------------------------------------- */

static void
actions_update (TktCeremonyPage *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean has = self->ceremony != NULL;
  gboolean can_export = has && !self->busy && self->chooser == NULL;

  gtk_widget_action_set_enabled (w, "ceremony.new", self->chooser == NULL);
  gtk_widget_action_set_enabled (w, "ceremony.save", has && self->dirty);
  gtk_widget_action_set_enabled (w, "ceremony.add-guest", has);
  gtk_widget_action_set_enabled (w, "ceremony.sort-guests", has);
  gtk_widget_action_set_enabled (w, "ceremony.edit-guest", has);
  gtk_widget_action_set_enabled (w, "ceremony.remove-guest", has);
  gtk_widget_action_set_enabled (w, "ceremony.move-guest", has);
  gtk_widget_action_set_enabled (w, "ceremony.add-agenda-item", has);
  gtk_widget_action_set_enabled (w, "ceremony.remove-agenda-item", has);
  gtk_widget_action_set_enabled (w, "ceremony.add-award", has);
  gtk_widget_action_set_enabled (w, "ceremony.edit-award", has);
  gtk_widget_action_set_enabled (w, "ceremony.remove-award", has);
  gtk_widget_action_set_enabled (w, "ceremony.move-award", has);
  gtk_widget_action_set_enabled (w, "ceremony.export-script-pdf", can_export);
  gtk_widget_action_set_enabled (w, "ceremony.export-script-text", can_export);
  gtk_widget_action_set_enabled (w, "ceremony.export-ics", can_export);
  gtk_widget_action_set_enabled (w, "ceremony.export-awards", can_export);
  gtk_widget_action_set_enabled (w, "ceremony.export-slides-16-9", can_export);
  gtk_widget_action_set_enabled (w, "ceremony.export-slides-4-3", can_export);
  gtk_widget_action_set_enabled (w, "ceremony.print", has);
  gtk_widget_action_set_enabled (w, "ceremony.present", has && self->presentation == NULL);
}

static void
set_dirty (TktCeremonyPage *self,
           gboolean         dirty)
{
  self->dirty = dirty;
  actions_update (self);
}

static void
edited (TktCeremonyPage *self)
{
  if (self->loading || self->ceremony == NULL)
    return;
  set_dirty (self, TRUE);
}

static void
set_busy (TktCeremonyPage *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- the ceremonies list ------------------------------------------------ */

static void
select_row_quietly (TktCeremonyPage *self,
                    const char      *id)
{
  GtkListBoxRow *row;

  self->selecting = TRUE;
  gtk_list_box_unselect_all (self->ceremonies_list);
  for (int i = 0; id != NULL && (row = gtk_list_box_get_row_at_index (self->ceremonies_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "tkt-id"), id) == 0)
      {
        gtk_list_box_select_row (self->ceremonies_list, row);
        break;
      }
  self->selecting = FALSE;
}

static void
reload_list (TktCeremonyPage *self)
{
  g_autoptr(GPtrArray) docs = tkt_ceremony_list (self->store);

  self->selecting = TRUE;
  remove_all_rows (self->ceremonies_list);
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *id = json_object_get_string_member_with_default (doc, "_id", NULL);
      const char *title = json_object_get_string_member_with_default (doc, "title", "");
      const char *start = json_object_get_string_member_with_default (doc, "start", NULL);
      const char *venue = json_object_get_string_member_with_default (doc, "venue", NULL);
      g_autofree char *day = iso_date (start);
      g_autofree char *date = day != NULL ? tkt_text_format_iso_date (day) : NULL;
      g_autofree char *accessible = NULL;
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *label;

      if (id == NULL)
        continue;
      /* The shown ceremony may have unsaved edits: its title wins. */
      if (self->ceremony != NULL && g_strcmp0 (tkt_ceremony_get_id (self->ceremony), id) == 0)
        title = tkt_ceremony_get_title (self->ceremony) != NULL ? tkt_ceremony_get_title (self->ceremony) : "";

      label = gtk_label_new (title[0] != '\0' ? title : _("Untitled ceremony"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), label);
      label = gtk_label_new (date != NULL && date[0] != '\0' ? date : _("No date"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
      if (nonempty (venue))
        {
          label = gtk_label_new (venue);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (box), label);
        }
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "tkt-id", g_strdup (id), g_free);
      /* Translators: a ceremony in the list: title, date, venue. */
      accessible = g_strdup_printf (_("%s, %s, %s"), title,
                                    date != NULL ? date : "", venue != NULL ? venue : "");
      tkt_accessible_set_label (row, accessible);
      gtk_list_box_append (self->ceremonies_list, row);
    }
  self->selecting = FALSE;

  if (self->ceremony != NULL)
    select_row_quietly (self, tkt_ceremony_get_id (self->ceremony));
}

/* ---- details ------------------------------------------------------------ */

static void
load_details (TktCeremonyPage *self)
{
  TktCeremony *c = self->ceremony;
  g_autofree char *day = iso_date (tkt_ceremony_get_start (c));
  g_autofree char *start_time = iso_time (tkt_ceremony_get_start (c));
  g_autofree char *end_time = iso_time (tkt_ceremony_get_planned_end (c));
  int kind = tkt_vocab_index (TKT_VOCAB_CEREMONY_KIND, tkt_ceremony_get_kind (c));

  self->loading = TRUE;
  set_entry_text (self->title_row, tkt_ceremony_get_title (c));
  adw_combo_row_set_selected (self->kind_row, kind >= 0 ? (guint) kind : 0);
  tkt_date_row_set_value (self->date_row, day);
  set_entry_text (self->start_time_row, start_time);
  set_entry_text (self->end_time_row, end_time);
  set_entry_text (self->venue_row, tkt_ceremony_get_venue (c));
  set_entry_text (self->chair_row, tkt_ceremony_get_chair (c));
  set_entry_text (self->organiser_row, tkt_ceremony_get_organiser (c));
  gtk_spin_button_set_value (self->year_spin, tkt_ceremony_get_report_year (c));
  gtk_widget_remove_css_class (GTK_WIDGET (self->start_time_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->end_time_row), "error");
  self->loading = FALSE;
}

/* The date and the two times make "start" and "planned_end". */
static void
update_times (TktCeremonyPage *self)
{
  const char *day = tkt_date_row_get_value (self->date_row);
  const char *start_text = gtk_editable_get_text (GTK_EDITABLE (self->start_time_row));
  const char *end_text = gtk_editable_get_text (GTK_EDITABLE (self->end_time_row));
  int start = parse_time (start_text);
  int end = parse_time (end_text);
  g_autofree char *offset = g_strdup (iso_offset (tkt_ceremony_get_start (self->ceremony)));

  gtk_widget_set_css_classes (GTK_WIDGET (self->start_time_row), NULL);
  if (start < 0 && start_text[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->start_time_row), "error");
  if (end < 0 && end_text[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->end_time_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->end_time_row), "error");

  if (day == NULL || !tkt_date_row_get_valid (self->date_row))
    return;
  if (start >= 0 || start_text[0] == '\0')
    {
      g_autofree char *iso = g_strdup_printf ("%sT%02d:%02d:00%s", day,
                                              start >= 0 ? start / 60 : 0,
                                              start >= 0 ? start % 60 : 0, offset);
      tkt_ceremony_set_start (self->ceremony, iso);
    }
  if (end >= 0)
    {
      g_autofree char *iso = g_strdup_printf ("%sT%02d:%02d:00%s", day, end / 60, end % 60, offset);
      tkt_ceremony_set_planned_end (self->ceremony, iso);
    }
  else if (end_text[0] == '\0')
    tkt_ceremony_set_planned_end (self->ceremony, NULL);
}

static void
update_title (TktCeremonyPage *self)
{
  const char *title = self->ceremony != NULL ? tkt_ceremony_get_title (self->ceremony) : NULL;

  if (title == NULL)
    title = _("Untitled ceremony");
  gtk_label_set_label (self->ceremony_title_label, title);
  gtk_label_set_label (self->narrow_title_label, title);
}

static void
details_changed_cb (TktCeremonyPage *self)
{
  const TktVocab *kinds = tkt_vocab_get (TKT_VOCAB_CEREMONY_KIND);
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (self->loading || self->ceremony == NULL)
    return;

  tkt_ceremony_set_title (self->ceremony, nonempty (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  if (kind < tkt_vocab_get_n_items (TKT_VOCAB_CEREMONY_KIND))
    tkt_ceremony_set_kind (self->ceremony, kinds[kind].key);
  tkt_ceremony_set_venue (self->ceremony, nonempty (gtk_editable_get_text (GTK_EDITABLE (self->venue_row))));
  tkt_ceremony_set_chair (self->ceremony, nonempty (gtk_editable_get_text (GTK_EDITABLE (self->chair_row))));
  tkt_ceremony_set_organiser (self->ceremony, nonempty (gtk_editable_get_text (GTK_EDITABLE (self->organiser_row))));
  tkt_ceremony_set_report_year (self->ceremony, gtk_spin_button_get_value_as_int (self->year_spin));
  update_times (self);
  edited (self);
  update_title (self);
  update_agenda_times (self);
}

static void
build_details (TktCeremonyPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = boxed_list ();
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const TktVocab *vocab = tkt_vocab_get (TKT_VOCAB_CEREMONY_KIND);
  GtkWidget *row;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Ceremony"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (self->details_box, group);

  self->title_row = new_entry_row (GTK_LIST_BOX (list), _("Ceremony title"));

  for (guint i = 0; vocab[i].key != NULL; i++)
    gtk_string_list_append (kinds, _(vocab[i].label));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (kinds));
  self->kind_row = ADW_COMBO_ROW (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  self->date_row = TKT_DATE_ROW (tkt_date_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), _("Date"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->date_row));
  self->start_time_row = new_entry_row (GTK_LIST_BOX (list), _("Start time (14:00)"));
  self->end_time_row = new_entry_row (GTK_LIST_BOX (list), _("Planned end (16:30)"));
  self->venue_row = new_entry_row (GTK_LIST_BOX (list), _("Venue"));

  group = adw_preferences_group_new ();
  list = boxed_list ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("People"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (self->details_box, group);
  self->chair_row = new_entry_row (GTK_LIST_BOX (list), _("Chair"));
  self->organiser_row = new_entry_row (GTK_LIST_BOX (list), _("Organiser"));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Report year"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The year the conference reviews (0: none)"));
  self->year_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 2100, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->year_spin), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->year_spin));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->year_spin));
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  {
    GtkWidget *editables[] = {
      GTK_WIDGET (self->title_row), GTK_WIDGET (self->start_time_row), GTK_WIDGET (self->end_time_row),
      GTK_WIDGET (self->venue_row), GTK_WIDGET (self->chair_row), GTK_WIDGET (self->organiser_row),
    };

    for (guint i = 0; i < G_N_ELEMENTS (editables); i++)
      g_signal_connect_object (editables[i], "changed", G_CALLBACK (details_changed_cb), self, G_CONNECT_SWAPPED);
  }
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (details_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "notify::value", G_CALLBACK (details_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->year_spin, "value-changed", G_CALLBACK (details_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ---- guests ------------------------------------------------------------- */

static gboolean
guests_idle_cb (gpointer user_data)
{
  TktCeremonyPage *self = user_data;

  self->guests_idle_id = 0;
  rebuild_guests (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild_guests (TktCeremonyPage *self,
                         int              focus)
{
  self->focus_guest = focus;
  if (self->guests_idle_id == 0)
    self->guests_idle_id = g_idle_add (guests_idle_cb, self);
}

static void
move_guest (TktCeremonyPage *self,
            guint            from,
            guint            to)
{
  guint n = tkt_ceremony_get_n_guests (self->ceremony);
  g_autofree char *message = NULL;

  if (from >= n || to >= n || from == to)
    return;
  tkt_ceremony_move_guest (self->ceremony, from, to);
  edited (self);
  schedule_rebuild_guests (self, (int) to);
}

static GdkContentProvider *
guest_drag_prepare_cb (GtkDragSource *source,
                       double         x,
                       double         y,
                       GtkWidget     *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "tkt-index"));

  return gdk_content_provider_new_typed (G_TYPE_UINT, index);
}

static gboolean
guest_drop_cb (GtkDropTarget   *target,
               const GValue    *value,
               double           x,
               double           y,
               TktCeremonyPage *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint to = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "tkt-index"));

  if (!G_VALUE_HOLDS_UINT (value) || self->ceremony == NULL)
    return FALSE;
  move_guest (self, g_value_get_uint (value), to);

  return TRUE;
}

static void
add_move_shortcut (GtkWidget  *row,
                   const char *action,
                   guint       keyval,
                   guint       index,
                   int         delta)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, GDK_ALT_MASK),
                                            gtk_named_action_new (action));

  gtk_shortcut_set_arguments (shortcut, g_variant_new ("(ui)", index, delta));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (row, controller);
}

static void
rebuild_guests (TktCeremonyPage *self)
{
  guint n;

  g_clear_handle_id (&self->guests_idle_id, g_source_remove);
  remove_all_rows (self->guests_list);
  if (self->ceremony == NULL)
    return;

  n = tkt_ceremony_get_n_guests (self->ceremony);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktGuest) guest = tkt_ceremony_get_guest (self->ceremony, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);
      g_autofree char *label = NULL;
      g_autofree char *description = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *w, *arrows;
      GtkDragSource *drag;
      GtkDropTarget *drop;

      if (nonempty (guest->position) && nonempty (guest->organisation))
        subtitle = g_strdup_printf ("%s — %s", guest->position, guest->organisation);
      else
        subtitle = g_strdup (nonempty (guest->position) ? guest->position
                             : nonempty (guest->organisation) ? guest->organisation : "");
      /* The rank leads the subtitle rather than taking the title's room
       * beside it: the name stays readable on a narrow window. */
      if (guest->rank > 0)
        {
          g_autofree char *rank = g_strdup_printf (_("Rank %d"), guest->rank);
          char *with_rank = subtitle[0] != '\0' ? g_strdup_printf ("%s · %s", rank, subtitle) : g_strdup (rank);

          g_free (subtitle);
          subtitle = with_rank;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), guest->name != NULL ? guest->name : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_focusable (row, TRUE);

      w = gtk_label_new (number);
      gtk_label_set_width_chars (GTK_LABEL (w), 3);
      gtk_widget_add_css_class (w, "dim-label");
      gtk_widget_add_css_class (w, "numeric");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), w);
      /* Up over down, as the slides have them. */
      arrows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_set_valign (arrows, GTK_ALIGN_CENTER);
      /* At the ends the button has no action, so that it can be insensitive
       * (an action's helper would make it sensitive again). */
      w = icon_button ("go-up-symbolic", _("Move Up (Alt+Up)"), i > 0 ? "ceremony.move-guest" : NULL,
                       g_variant_new ("(ui)", i, -1));
      gtk_widget_set_sensitive (w, i > 0);
      gtk_box_append (GTK_BOX (arrows), w);
      w = icon_button ("go-down-symbolic", _("Move Down (Alt+Down)"), i + 1 < n ? "ceremony.move-guest" : NULL,
                       g_variant_new ("(ui)", i, 1));
      gtk_widget_set_sensitive (w, i + 1 < n);
      gtk_box_append (GTK_BOX (arrows), w);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrows);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("document-edit-symbolic", _("Edit Guest"), "ceremony.edit-guest",
                                              g_variant_new_uint32 (i)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", _("Remove Guest"), "ceremony.remove-guest",
                                              g_variant_new_uint32 (i)));
      w = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
      tkt_accessible_set_label (w, _("Drag to reorder"));
      gtk_widget_set_tooltip_text (w, _("Drag to reorder"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), w);

      g_object_set_data (G_OBJECT (row), "tkt-index", GUINT_TO_POINTER (i));
      add_move_shortcut (row, "ceremony.move-guest", GDK_KEY_Up, i, -1);
      add_move_shortcut (row, "ceremony.move-guest", GDK_KEY_Down, i, 1);

      drag = gtk_drag_source_new ();
      gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
      g_signal_connect (drag, "prepare", G_CALLBACK (guest_drag_prepare_cb), row);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
      drop = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);
      g_signal_connect_object (drop, "drop", G_CALLBACK (guest_drop_cb), self, 0);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));

      /* Translators: a guest row for screen readers: position, count, name. */
      label = g_strdup_printf (_("Guest %u of %u: %s"), i + 1, n, guest->name != NULL ? guest->name : "");
      tkt_accessible_set_label (row, label);
      /* Translators: %u are numbers. */
      description = g_strdup_printf (_("Introduced in position %u of %u. Alt+Up and Alt+Down move the guest; the script introduces guests in this order."),
                                     i + 1, n);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
      gtk_list_box_append (self->guests_list, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No guests yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->guests_list, row);
    }

  if (self->focus_guest >= 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->guests_list, self->focus_guest);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
      self->focus_guest = -1;
    }
}

static void
move_guest_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  guint index;
  int delta;

  g_variant_get (parameter, "(ui)", &index, &delta);
  if (self->ceremony == NULL || (delta < 0 && index == 0))
    return;
  move_guest (self, index, (guint) ((int) index + delta));
}

static void
sort_guests_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);

  if (self->ceremony == NULL)
    return;
  tkt_ceremony_sort_guests (self->ceremony);
  edited (self);
  rebuild_guests (self);
  toast (self, _("Guests sorted in protocol order"));
}

static void
remove_guest_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->ceremony == NULL || index >= tkt_ceremony_get_n_guests (self->ceremony))
    return;
  tkt_ceremony_remove_guest (self->ceremony, index);
  edited (self);
  schedule_rebuild_guests (self, -1);
}

typedef struct {
  TktCeremonyPage *page;      /* owned */
  int              index;     /* -1: a new guest */
  AdwEntryRow     *name;
  AdwEntryRow     *position;
  AdwEntryRow     *organisation;
  GtkSpinButton   *rank;
} GuestDialog;

static void
guest_dialog_free (GuestDialog *data)
{
  g_clear_object (&data->page);
  g_free (data);
}

static void
guest_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          GuestDialog      *data)
{
  TktCeremonyPage *self = data->page;
  TktGuest guest = { 0 };

  if (g_strcmp0 (response, "ok") != 0 || self->ceremony == NULL)
    return;

  guest.name = (char *) nonempty (gtk_editable_get_text (GTK_EDITABLE (data->name)));
  guest.position = (char *) nonempty (gtk_editable_get_text (GTK_EDITABLE (data->position)));
  guest.organisation = (char *) nonempty (gtk_editable_get_text (GTK_EDITABLE (data->organisation)));
  guest.rank = gtk_spin_button_get_value_as_int (data->rank);
  if (guest.name == NULL)
    {
      toast (self, _("A guest needs a name"));
      return;
    }

  if (data->index < 0)
    tkt_ceremony_append_guest (self->ceremony, &guest);
  else if ((guint) data->index < tkt_ceremony_get_n_guests (self->ceremony))
    tkt_ceremony_replace_guest (self->ceremony, (guint) data->index, &guest);
  edited (self);
  rebuild_guests (self);
}

static void
open_guest_dialog (TktCeremonyPage *self,
                   int              index)
{
  GuestDialog *data = g_new0 (GuestDialog, 1);
  g_autoptr(TktGuest) guest = index >= 0 ? tkt_ceremony_get_guest (self->ceremony, (guint) index) : NULL;
  GtkWidget *list = boxed_list ();
  GtkWidget *dialog, *row;

  data->page = g_object_ref (self);
  data->index = index;
  data->name = new_entry_row (GTK_LIST_BOX (list), _("Name"));
  data->position = new_entry_row (GTK_LIST_BOX (list), _("Position"));
  data->organisation = new_entry_row (GTK_LIST_BOX (list), _("Organisation"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Protocol rank"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("1 is the highest; 0: not set"));
  data->rank = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 9, 1));
  gtk_widget_set_valign (GTK_WIDGET (data->rank), GTK_ALIGN_CENTER);
  tkt_accessible_set_label (data->rank, _("Protocol rank"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (data->rank));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  if (guest != NULL)
    {
      set_entry_text (data->name, guest->name);
      set_entry_text (data->position, guest->position);
      set_entry_text (data->organisation, guest->organisation);
      gtk_spin_button_set_value (data->rank, guest->rank);
    }

  dialog = adw_message_dialog_new (parent_window (self), guest != NULL ? _("Edit Guest") : _("Add Guest"), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", guest != NULL ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tkt-guest", data, (GDestroyNotify) guest_dialog_free);
  g_signal_connect (dialog, "response", G_CALLBACK (guest_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (data->name));
}

static void
add_guest_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);

  if (self->ceremony != NULL)
    open_guest_dialog (self, -1);
}

static void
edit_guest_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->ceremony != NULL && index < tkt_ceremony_get_n_guests (self->ceremony))
    open_guest_dialog (self, (int) index);
}

static void
build_guests (TktCeremonyPage *self)
{
  GtkWidget *bar = tkt_bar_new (6);
  GtkWidget *label = gtk_label_new (_("Guests in the order the MC introduces them. Drag a row, or press Alt+Up / Alt+Down on it, to move it."));
  GtkWidget *button;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  tkt_bar_append (TKT_BAR (bar), label);
  button = text_button (_("Sort by _Protocol"), _("Sort by Protocol"), "ceremony.sort-guests");
  gtk_widget_set_tooltip_text (button, _("Higher rank first, then by position"));
  tkt_bar_append (TKT_BAR (bar), button);
  button = text_button (_("_Add Guest…"), _("Add Guest"), "ceremony.add-guest");
  gtk_widget_add_css_class (button, "suggested-action");
  tkt_bar_append (TKT_BAR (bar), button);
  gtk_box_append (self->guests_box, bar);

  self->guests_list = GTK_LIST_BOX (boxed_list ());
  tkt_accessible_set_label (self->guests_list, _("Guests"));
  gtk_box_append (self->guests_box, GTK_WIDGET (self->guests_list));
}

/* ---- agenda ------------------------------------------------------------- */

static void
update_agenda_times (TktCeremonyPage *self)
{
  int end = -1, overrun = 0;
  g_autoptr(GArray) times = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *text = NULL;

  if (self->ceremony == NULL)
    return;
  times = tkt_ceremony_compute_agenda_times (self->ceremony, &end);
  for (guint i = 0; times != NULL && i < times->len && i < self->agenda_time_labels->len; i++)
    {
      g_autofree char *t = format_minute (g_array_index (times, int, i));
      GtkWidget *label = g_ptr_array_index (self->agenda_time_labels, i);
      g_autofree char *accessible = g_strdup_printf (_("Starts at %s"), t);

      gtk_label_set_label (GTK_LABEL (label), t);
      tkt_accessible_set_label (label, accessible);
    }

  end_text = format_minute (end);
  if (end < 0)
    text = g_strdup (_("Set the ceremony's start time to compute the times"));
  else if (!tkt_ceremony_get_overrun (self->ceremony, &overrun))
    text = g_strdup_printf (_("Ends %s"), end_text);
  else if (overrun > 0)
    text = g_strdup_printf (ngettext ("Ends %s — %d minute over", "Ends %s — %d minutes over", overrun),
                            end_text, overrun);
  else if (overrun < 0)
    text = g_strdup_printf (ngettext ("Ends %s — %d minute to spare", "Ends %s — %d minutes to spare", -overrun),
                            end_text, -overrun);
  else
    text = g_strdup_printf (_("Ends %s — on time"), end_text);

  gtk_label_set_label (self->agenda_total_label, text);
  gtk_widget_set_css_classes (GTK_WIDGET (self->agenda_total_label), NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->agenda_total_label), "heading");
  if (end >= 0 && tkt_ceremony_get_overrun (self->ceremony, &overrun) && overrun > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->agenda_total_label), "error");
}

typedef enum {
  AGENDA_TITLE,
  AGENDA_SPEAKER,
  AGENDA_NOTE,
  AGENDA_DURATION,
} AgendaField;

static void
agenda_field_changed (TktCeremonyPage *self,
                      GtkWidget       *widget)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "tkt-index"));
  AgendaField field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "tkt-field"));
  g_autoptr(TktAgendaItem) item = NULL;
  char **slot = NULL;

  if (self->loading || self->ceremony == NULL || index >= tkt_ceremony_get_n_agenda (self->ceremony))
    return;
  item = tkt_ceremony_get_agenda_item (self->ceremony, index);
  switch (field)
    {
    case AGENDA_TITLE:
      slot = &item->title;
      break;
    case AGENDA_SPEAKER:
      slot = &item->speaker;
      break;
    case AGENDA_NOTE:
      slot = &item->note;
      break;
    case AGENDA_DURATION:
      item->duration_min = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget));
      break;
    default:
      g_assert_not_reached ();
    }
  if (slot != NULL)
    {
      g_free (*slot);
      *slot = g_strdup (nonempty (gtk_editable_get_text (GTK_EDITABLE (widget))));
    }
  tkt_ceremony_replace_agenda_item (self->ceremony, index, item);
  edited (self);
  update_agenda_times (self);
}

static void
agenda_entry_changed_cb (GtkWidget       *widget,
                         TktCeremonyPage *self)
{
  agenda_field_changed (self, widget);
}

static GtkWidget *
agenda_entry (TktCeremonyPage *self,
              guint            index,
              AgendaField      field,
              const char      *text,
              const char      *placeholder,
              char            *accessible)   /* taken */
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  tkt_accessible_set_label (entry, accessible);
  g_free (accessible);
  g_object_set_data (G_OBJECT (entry), "tkt-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (entry), "tkt-field", GINT_TO_POINTER (field));
  g_signal_connect_object (entry, "changed", G_CALLBACK (agenda_entry_changed_cb), self, 0);

  return entry;
}

static void
rebuild_agenda (TktCeremonyPage *self)
{
  guint n;

  remove_all_rows (self->agenda_list);
  g_ptr_array_set_size (self->agenda_time_labels, 0);
  if (self->ceremony == NULL)
    return;

  self->loading = TRUE;
  n = tkt_ceremony_get_n_agenda (self->ceremony);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktAgendaItem) item = tkt_ceremony_get_agenda_item (self->ceremony, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      /* Time, title, speaker, duration: on a narrow window the speaker and
       * duration go on a line below the title. */
      GtkWidget *bar = tkt_bar_new (6);
      GtkWidget *time = gtk_label_new ("--:--");
      GtkWidget *w;
      g_autofree char *accessible = NULL;

      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_add_css_class (time, "numeric");
      gtk_widget_add_css_class (time, "heading");
      gtk_label_set_width_chars (GTK_LABEL (time), 5);
      gtk_widget_set_valign (time, GTK_ALIGN_CENTER);
      tkt_bar_append (TKT_BAR (bar), time);
      g_ptr_array_add (self->agenda_time_labels, time);

      w = agenda_entry (self, i, AGENDA_TITLE, item->title, _("Item"),
                        g_strdup_printf (_("Title of item %u"), i + 1));
      gtk_widget_set_hexpand (w, TRUE);
      tkt_bar_append (TKT_BAR (bar), w);
      w = agenda_entry (self, i, AGENDA_SPEAKER, item->speaker, _("Speaker"),
                        g_strdup_printf (_("Speaker of item %u"), i + 1));
      gtk_editable_set_width_chars (GTK_EDITABLE (w), 8);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (w), 12);
      gtk_widget_set_hexpand (w, TRUE);
      tkt_bar_append (TKT_BAR (bar), w);

      w = gtk_spin_button_new_with_range (0, 600, 5);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), item->duration_min);
      accessible = g_strdup_printf (_("Duration of item %u in minutes"), i + 1);
      tkt_accessible_set_label (w, accessible);
      gtk_widget_set_tooltip_text (w, _("Duration (minutes)"));
      g_object_set_data (G_OBJECT (w), "tkt-index", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (w), "tkt-field", GINT_TO_POINTER (AGENDA_DURATION));
      g_signal_connect_object (w, "value-changed", G_CALLBACK (agenda_entry_changed_cb), self, 0);
      tkt_bar_append (TKT_BAR (bar), w);
      w = gtk_label_new (_("min"));
      gtk_widget_add_css_class (w, "dim-label");
      tkt_bar_append (TKT_BAR (bar), w);
      w = icon_button ("user-trash-symbolic", _("Remove Item"), "ceremony.remove-agenda-item",
                       g_variant_new_uint32 (i));
      tkt_bar_append (TKT_BAR (bar), w);
      gtk_box_append (GTK_BOX (box), bar);

      w = agenda_entry (self, i, AGENDA_NOTE, item->note, _("Note"),
                        g_strdup_printf (_("Note of item %u"), i + 1));
      gtk_box_append (GTK_BOX (box), w);

      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      g_free (accessible);
      accessible = g_strdup_printf (_("Agenda item %u of %u"), i + 1, n);
      tkt_accessible_set_label (row, accessible);
      gtk_list_box_append (self->agenda_list, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No agenda items yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->agenda_list, row);
    }
  self->loading = FALSE;
  update_agenda_times (self);
}

static void
add_agenda_item_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  TktAgendaItem item = { 0 };
  GtkListBoxRow *row;

  if (self->ceremony == NULL)
    return;
  item.title = (char *) _("New item");
  item.duration_min = 15;
  tkt_ceremony_append_agenda_item (self->ceremony, &item);
  edited (self);
  rebuild_agenda (self);
  row = gtk_list_box_get_row_at_index (self->agenda_list, (int) tkt_ceremony_get_n_agenda (self->ceremony) - 1);
  if (row != NULL)
    gtk_widget_child_focus (GTK_WIDGET (row), GTK_DIR_TAB_FORWARD);
}

static void
remove_agenda_item_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (self->ceremony == NULL || index >= tkt_ceremony_get_n_agenda (self->ceremony))
    return;
  tkt_ceremony_remove_agenda_item (self->ceremony, index);
  edited (self);
  rebuild_agenda (self);
}

static void
build_agenda (TktCeremonyPage *self)
{
  GtkWidget *bar = tkt_bar_new (6);
  GtkWidget *button;

  self->agenda_total_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->agenda_total_label, 0);
  gtk_label_set_wrap (self->agenda_total_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->agenda_total_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->agenda_total_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("When the agenda ends, against the planned end"), -1);
  tkt_bar_append (TKT_BAR (bar), GTK_WIDGET (self->agenda_total_label));
  button = text_button (_("_Add Item"), _("Add Agenda Item"), "ceremony.add-agenda-item");
  gtk_widget_add_css_class (button, "suggested-action");
  tkt_bar_append (TKT_BAR (bar), button);
  gtk_box_append (self->agenda_box, bar);

  self->agenda_list = GTK_LIST_BOX (boxed_list ());
  tkt_accessible_set_label (self->agenda_list, _("Agenda"));
  gtk_box_append (self->agenda_box, GTK_WIDGET (self->agenda_list));
}

/* ---- the award editor --------------------------------------------------- */

typedef struct {
  TktCeremonyPage *page;       /* owned */
  GtkWindow       *window;
  AdwToastOverlay *overlay;
  TktAward        *award;      /* the working copy */
  GPtrArray       *forms;      /* JsonObject */
  AdwComboRow     *form_row;
  AdwEntryRow     *number_row;
  TktDateRow      *date_row;
  AdwEntryRow     *issuer_row;
  AdwEntryRow     *presenter_name_row;
  AdwEntryRow     *presenter_position_row;
  GtkSwitch       *on_behalf_switch;
  GtkSpinButton   *batch_spin;
  GtkListBox      *recipients_list;
  GtkLabel        *counts_label;
  GtkNativeDialog *chooser;
  gboolean         loading;
} AwardEditor;

static void
award_editor_free (AwardEditor *ed)
{
  if (ed->chooser != NULL)
    {
      gtk_native_dialog_destroy (ed->chooser);
      g_clear_object (&ed->chooser);
    }
  g_clear_object (&ed->page);
  g_clear_object (&ed->award);
  g_clear_pointer (&ed->forms, g_ptr_array_unref);
  g_free (ed);
}

static JsonObject *
editor_form (AwardEditor *ed)
{
  guint i = adw_combo_row_get_selected (ed->form_row);

  return i < ed->forms->len ? g_ptr_array_index (ed->forms, i) : NULL;
}

static void
editor_propose (AwardEditor *ed)
{
  JsonObject *form = editor_form (ed);

  if (form == NULL)
    return;
  /* The proposal follows the form and the presenter; the switch stays the
   * user's to flip afterwards. */
  gtk_switch_set_active (ed->on_behalf_switch, tkt_award_propose_on_behalf (ed->award, form));
}

static void
editor_rebuild_recipients (AwardEditor *ed)
{
  guint n = tkt_award_get_n_recipients (ed->award);
  g_autofree char *counts = tkt_award_format_counts (ed->award);

  remove_all_rows (ed->recipients_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktRecipient) r = tkt_award_get_recipient (ed->award, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *label = NULL;
      const char *kind = tkt_vocab_label (TKT_VOCAB_AWARD_RECIPIENT, r->kind);

      subtitle = g_strjoin (" — ", kind,
                            nonempty (r->position) ? r->position : "",
                            nonempty (r->organisation) ? r->organisation : "", NULL);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->name != NULL ? r->name : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("go-up-symbolic", _("Move Up"), "award.move-recipient",
                                              g_variant_new ("(ui)", i, -1)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("go-down-symbolic", _("Move Down"), "award.move-recipient",
                                              g_variant_new ("(ui)", i, 1)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("document-edit-symbolic", _("Edit Recipient"), "award.edit-recipient",
                                              g_variant_new_uint32 (i)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", _("Remove Recipient"), "award.remove-recipient",
                                              g_variant_new_uint32 (i)));
      /* Translators: recipient row: position, count, name. */
      label = g_strdup_printf (_("Recipient %u of %u: %s"), i + 1, n, r->name != NULL ? r->name : "");
      tkt_accessible_set_label (row, label);
      gtk_list_box_append (ed->recipients_list, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No recipients yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (ed->recipients_list, row);
    }
  gtk_label_set_label (ed->counts_label, counts != NULL ? counts : "");
}

static void
editor_form_changed_cb (AwardEditor *ed)
{
  JsonObject *form = editor_form (ed);

  if (ed->loading || form == NULL)
    return;
  tkt_award_set_form (ed->award, json_object_get_string_member_with_default (form, "_id", NULL));
  editor_propose (ed);
}

static void
editor_presenter_changed_cb (AwardEditor *ed)
{
  if (ed->loading)
    return;
  tkt_award_set_presenter_name (ed->award, nonempty (gtk_editable_get_text (GTK_EDITABLE (ed->presenter_name_row))));
  tkt_award_set_presenter_position (ed->award, nonempty (gtk_editable_get_text (GTK_EDITABLE (ed->presenter_position_row))));
  editor_propose (ed);
}

static gboolean
editor_save (AwardEditor *ed)
{
  TktCeremonyPage *self = ed->page;
  g_autoptr(GError) error = NULL;

  if (!tkt_date_row_get_valid (ed->date_row))
    {
      tkt_show_error (GTK_WIDGET (ed->window), _("Could Not Save the Award"), _("The decision's date is not a date: write it as 24/01/2024"));
      return FALSE;
    }
  tkt_award_set_decision_number (ed->award, nonempty (gtk_editable_get_text (GTK_EDITABLE (ed->number_row))));
  tkt_award_set_decision_date (ed->award, tkt_date_row_get_value (ed->date_row));
  tkt_award_set_decision_issuer (ed->award, nonempty (gtk_editable_get_text (GTK_EDITABLE (ed->issuer_row))));
  tkt_award_set_presenter_name (ed->award, nonempty (gtk_editable_get_text (GTK_EDITABLE (ed->presenter_name_row))));
  tkt_award_set_presenter_position (ed->award, nonempty (gtk_editable_get_text (GTK_EDITABLE (ed->presenter_position_row))));
  tkt_award_set_on_behalf (ed->award, gtk_switch_get_active (ed->on_behalf_switch));
  tkt_award_set_batch_size (ed->award, gtk_spin_button_get_value_as_int (ed->batch_spin));

  if (!tkt_award_save (ed->award, self->store, &error))
    {
      tkt_show_error (GTK_WIDGET (ed->window), _("Could Not Save the Award"), error->message);
      return FALSE;
    }

  rebuild_awards (self);
  rebuild_script (self);
  toast (self, _("Award saved"));

  return TRUE;
}

static void
editor_save_clicked_cb (GtkButton   *button,
                        AwardEditor *ed)
{
  if (editor_save (ed))
    gtk_window_destroy (ed->window);
}

static void
editor_cancel_clicked_cb (GtkButton   *button,
                          AwardEditor *ed)
{
  gtk_window_destroy (ed->window);
}

typedef struct {
  AwardEditor  *ed;
  int           index;
  AdwComboRow  *kind;
  AdwEntryRow  *name;
  AdwEntryRow  *position;
  AdwEntryRow  *organisation;
} RecipientDialog;

static void
recipient_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              RecipientDialog  *data)
{
  AwardEditor *ed = data->ed;
  const TktVocab *kinds = tkt_vocab_get (TKT_VOCAB_AWARD_RECIPIENT);
  guint kind = adw_combo_row_get_selected (data->kind);
  TktRecipient r = { 0 };

  if (g_strcmp0 (response, "ok") != 0)
    return;
  r.kind = (char *) (kind < tkt_vocab_get_n_items (TKT_VOCAB_AWARD_RECIPIENT) ? kinds[kind].key : "individual");
  r.name = (char *) nonempty (gtk_editable_get_text (GTK_EDITABLE (data->name)));
  r.position = (char *) nonempty (gtk_editable_get_text (GTK_EDITABLE (data->position)));
  r.organisation = (char *) nonempty (gtk_editable_get_text (GTK_EDITABLE (data->organisation)));
  if (r.name == NULL)
    {
      adw_toast_overlay_add_toast (ed->overlay, adw_toast_new (_("A recipient needs a name")));
      return;
    }
  if (data->index < 0)
    tkt_award_append_recipient (ed->award, &r);
  else if ((guint) data->index < tkt_award_get_n_recipients (ed->award))
    tkt_award_replace_recipient (ed->award, (guint) data->index, &r);
  editor_rebuild_recipients (ed);
}

static void
open_recipient_dialog (AwardEditor *ed,
                       int          index)
{
  RecipientDialog *data = g_new0 (RecipientDialog, 1);
  g_autoptr(TktRecipient) r = index >= 0 ? tkt_award_get_recipient (ed->award, (guint) index) : NULL;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const TktVocab *vocab = tkt_vocab_get (TKT_VOCAB_AWARD_RECIPIENT);
  GtkWidget *list = boxed_list ();
  GtkWidget *dialog, *row;
  int kind;

  data->ed = ed;
  data->index = index;
  for (guint i = 0; vocab[i].key != NULL; i++)
    gtk_string_list_append (kinds, _(vocab[i].label));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Collective or individual"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (kinds));
  data->kind = ADW_COMBO_ROW (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  data->name = new_entry_row (GTK_LIST_BOX (list), _("Name"));
  data->position = new_entry_row (GTK_LIST_BOX (list), _("Position"));
  data->organisation = new_entry_row (GTK_LIST_BOX (list), _("Organisation"));
  /* A new recipient is an individual unless said otherwise. */
  kind = tkt_vocab_index (TKT_VOCAB_AWARD_RECIPIENT, r != NULL ? r->kind : "individual");
  adw_combo_row_set_selected (data->kind, kind >= 0 ? (guint) kind : 0);
  if (r != NULL)
    {
      set_entry_text (data->name, r->name);
      set_entry_text (data->position, r->position);
      set_entry_text (data->organisation, r->organisation);
    }

  dialog = adw_message_dialog_new (ed->window, r != NULL ? _("Edit Recipient") : _("Add Recipient"), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", r != NULL ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tkt-recipient", data, g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (recipient_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (data->name));
}

static AwardEditor *
editor_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "tkt-award-editor");
}

static void
add_recipient_clicked_cb (GtkButton   *button,
                          AwardEditor *ed)
{
  open_recipient_dialog (ed, -1);
}

static void
edit_recipient_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  AwardEditor *ed = user_data;
  guint index = g_variant_get_uint32 (parameter);

  if (ed != NULL && index < tkt_award_get_n_recipients (ed->award))
    open_recipient_dialog (ed, (int) index);
}

static void
remove_recipient_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  AwardEditor *ed = user_data;
  guint index = g_variant_get_uint32 (parameter);

  if (ed == NULL || index >= tkt_award_get_n_recipients (ed->award))
    return;
  tkt_award_remove_recipient (ed->award, index);
  editor_rebuild_recipients (ed);
}

static void
move_recipient_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  AwardEditor *ed = user_data;
  guint index, n;
  int delta;

  g_variant_get (parameter, "(ui)", &index, &delta);
  if (ed == NULL)
    return;
  n = tkt_award_get_n_recipients (ed->award);
  if ((delta < 0 && index == 0) || index + (guint) MAX (delta, 0) >= n)
    return;
  tkt_award_move_recipient (ed->award, index, (guint) ((int) index + delta));
  editor_rebuild_recipients (ed);
}

static void
csv_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GtkWidget *window = user_data;   /* owned */
  AwardEditor *ed = editor_of (window);
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint n_added = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (ed != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tkt_show_error (GTK_WIDGET (window), _("Import Failed"), error->message);
    }
  else if (ed != NULL)
    {
      if (!tkt_award_import_recipients_csv (ed->award, contents, length, "individual", &n_added, &error))
        {
          g_autofree char *body = g_strdup_printf (_("%s\n\nNo recipient was added."), error->message);

          tkt_show_error (GTK_WIDGET (window), _("Import Failed"), body);
        }
      else
        {
          g_autofree char *message = g_strdup_printf (ngettext ("Added %u recipient", "Added %u recipients", n_added),
                                                      n_added);

          editor_rebuild_recipients (ed);
          adw_toast_overlay_add_toast (ed->overlay, adw_toast_new (message));
        }
    }
  g_object_unref (window);
}

static void
csv_chooser_response_cb (GtkNativeDialog *chooser,
                         int              response,
                         AwardEditor     *ed)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&ed->chooser);

  if (file != NULL)
    g_file_load_contents_async (file, ed->page->cancellable, csv_loaded_cb, g_object_ref (ed->window));
}

static void
import_csv_clicked_cb (GtkButton   *button,
                       AwardEditor *ed)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (ed->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Import Recipients"), ed->window,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV tables"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  ed->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (csv_chooser_response_cb), ed);
  gtk_native_dialog_show (ed->chooser);
}

static GtkWidget *
open_award_editor (TktCeremonyPage *self,
                   TktAward        *award)
{
  AwardEditor *ed = g_new0 (AwardEditor, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *window, *box, *header, *button, *page, *group, *list, *row, *clamp, *scrolled, *bar;
  gboolean is_new = tkt_award_get_rev (award) == NULL;
  guint selected = 0;

  ed->page = g_object_ref (self);
  ed->award = tkt_award_new_from_json (tkt_award_get_json (award));
  ed->forms = tkt_award_forms_list (self->store);
  for (guint i = 0; ed->forms != NULL && i < ed->forms->len; i++)
    {
      JsonObject *form = g_ptr_array_index (ed->forms, i);

      gtk_string_list_append (names, json_object_get_string_member_with_default (form, "name", ""));
      if (g_strcmp0 (json_object_get_string_member_with_default (form, "_id", NULL), tkt_award_get_form (award)) == 0)
        selected = i;
    }
  if (ed->forms == NULL)
    ed->forms = g_ptr_array_new ();

  window = adw_window_new ();
  ed->window = GTK_WINDOW (window);
  gtk_widget_set_name (window, "award-editor");
  gtk_window_set_title (ed->window, is_new ? _("New Award") : _("Edit Award"));
  gtk_window_set_transient_for (ed->window, parent_window (self));
  gtk_window_set_modal (ed->window, TRUE);
  gtk_window_set_default_size (ed->window, 640, 720);
  g_object_set_data_full (G_OBJECT (window), "tkt-award-editor", ed, (GDestroyNotify) award_editor_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect (button, "clicked", G_CALLBACK (editor_cancel_clicked_cb), ed);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), button);
  button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (editor_save_clicked_cb), ed);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  gtk_box_append (GTK_BOX (box), header);

  ed->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (ed->overlay), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ed->overlay));
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (page, 12);
  gtk_widget_set_margin_bottom (page, 24);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_toast_overlay_set_child (ed->overlay, scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);

  /* The award */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Award"));
  list = boxed_list ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (GTK_BOX (page), group);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Award form"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  /* The forms' names are long: the chosen one is shown whole, under the title. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  ed->form_row = ADW_COMBO_ROW (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  ed->number_row = new_entry_row (GTK_LIST_BOX (list), _("Decision number"));
  ed->date_row = TKT_DATE_ROW (tkt_date_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ed->date_row), _("Decision date"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (ed->date_row));
  ed->issuer_row = new_entry_row (GTK_LIST_BOX (list), _("Issued by"));

  /* On stage */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Presentation"));
  list = boxed_list ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (GTK_BOX (page), group);
  ed->presenter_name_row = new_entry_row (GTK_LIST_BOX (list), _("Presenter"));
  ed->presenter_position_row = new_entry_row (GTK_LIST_BOX (list), _("Presenter's position"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("On the authority's behalf"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("“Thừa ủy quyền”: proposed when the presenter is not the authority"));
  ed->on_behalf_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (ed->on_behalf_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (ed->on_behalf_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (ed->on_behalf_switch));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Recipients a turn on stage"));
  ed->batch_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 30, 1));
  gtk_widget_set_valign (GTK_WIDGET (ed->batch_spin), GTK_ALIGN_CENTER);
  tkt_accessible_set_label (ed->batch_spin, _("Recipients a turn on stage"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (ed->batch_spin));
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  /* Recipients */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Award recipients"));
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  button = text_button (_("Import from _CSV…"), _("Import Recipients from CSV"), NULL);
  gtk_widget_set_tooltip_text (button, _("The annex of the decision: STT, name, position, unit"));
  g_signal_connect (button, "clicked", G_CALLBACK (import_csv_clicked_cb), ed);
  gtk_box_append (GTK_BOX (bar), button);
  button = text_button (_("Add _Recipient…"), _("Add Recipient"), NULL);
  g_signal_connect (button, "clicked", G_CALLBACK (add_recipient_clicked_cb), ed);
  gtk_box_append (GTK_BOX (bar), button);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), bar);
  ed->counts_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (ed->counts_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (ed->counts_label), "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (ed->counts_label));
  ed->recipients_list = GTK_LIST_BOX (boxed_list ());
  tkt_accessible_set_label (ed->recipients_list, _("Award recipients"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (ed->recipients_list));
  gtk_box_append (GTK_BOX (page), group);

  /* The recipients' actions resolve on the editor window. */
  {
    static const GActionEntry entries[] = {
      { "edit-recipient", edit_recipient_action, "u", NULL, NULL, { 0 } },
      { "remove-recipient", remove_recipient_action, "u", NULL, NULL, { 0 } },
      { "move-recipient", move_recipient_action, "(ui)", NULL, NULL, { 0 } },
    };
    g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();

    g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), ed);
    gtk_widget_insert_action_group (window, "award", G_ACTION_GROUP (actions));
  }

  ed->loading = TRUE;
  adw_combo_row_set_selected (ed->form_row, selected);
  set_entry_text (ed->number_row, tkt_award_get_decision_number (award));
  tkt_date_row_set_value (ed->date_row, tkt_award_get_decision_date (award));
  set_entry_text (ed->issuer_row, tkt_award_get_decision_issuer (award));
  set_entry_text (ed->presenter_name_row, tkt_award_get_presenter_name (award));
  set_entry_text (ed->presenter_position_row, tkt_award_get_presenter_position (award));
  gtk_switch_set_active (ed->on_behalf_switch, tkt_award_get_on_behalf (award));
  gtk_spin_button_set_value (ed->batch_spin, tkt_award_get_batch_size (award));
  ed->loading = FALSE;
  if (is_new && ed->forms->len > 0)
    {
      tkt_award_set_form (ed->award, json_object_get_string_member_with_default (g_ptr_array_index (ed->forms, selected), "_id", NULL));
      editor_propose (ed);
    }
  editor_rebuild_recipients (ed);

  g_signal_connect_swapped (ed->form_row, "notify::selected", G_CALLBACK (editor_form_changed_cb), ed);
  g_signal_connect_swapped (ed->presenter_name_row, "changed", G_CALLBACK (editor_presenter_changed_cb), ed);
  g_signal_connect_swapped (ed->presenter_position_row, "changed", G_CALLBACK (editor_presenter_changed_cb), ed);

  gtk_window_present (ed->window);

  return window;
}

/* ---- awards ------------------------------------------------------------- */

static JsonObject *
find_form (GPtrArray  *forms,
           const char *id)
{
  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      JsonObject *form = g_ptr_array_index (forms, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (form, "_id", NULL), id) == 0)
        return form;
    }
  return NULL;
}

static void
rebuild_awards (TktCeremonyPage *self)
{
  g_autoptr(GPtrArray) awards = NULL;
  g_autoptr(GPtrArray) forms = NULL;

  gboolean manual = FALSE;
  guint n;

  g_clear_handle_id (&self->awards_idle_id, g_source_remove);
  remove_all_rows (self->awards_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ceremony.restore-award-order", FALSE);
  if (self->ceremony == NULL)
    return;

  awards = tkt_award_list_for_ceremony (self->store, tkt_ceremony_get_id (self->ceremony));
  forms = tkt_award_forms_list (self->store);
  n = awards != NULL ? awards->len : 0;
  for (guint i = 0; i < n; i++)
    {
      TktAward *award = g_ptr_array_index (awards, i);
      JsonObject *form = find_form (forms, tkt_award_get_form (award));
      const char *name = form != NULL ? json_object_get_string_member_with_default (form, "name", "") : tkt_award_get_form (award);
      const char *authority = form != NULL ? json_object_get_string_member_with_default (form, "authority", "") : "";
      g_autofree char *counts = tkt_award_format_counts (award);
      g_autofree char *subtitle = NULL;
      g_autofree char *accessible = NULL;
      g_autofree char *presenter = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *w;

      if (nonempty (tkt_award_get_presenter_name (award)))
        /* Translators: who presents an award, and whether on the authority's behalf. */
        presenter = g_strdup_printf (tkt_award_get_on_behalf (award) ? _("presented by %s, on the authority's behalf")
                                                                      : _("presented by %s"),
                                     tkt_award_get_presenter_name (award));
      subtitle = g_strjoin (" · ", nonempty (authority) ? authority : "—",
                            nonempty (counts) ? counts : _("no recipients yet"),
                            presenter != NULL ? presenter : "", NULL);
      if (g_str_has_suffix (subtitle, " · "))
        subtitle[strlen (subtitle) - 3] = '\0';
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      w = gtk_label_new (NULL);
      {
        g_autofree char *number = g_strdup_printf ("%u.", i + 1);
        gtk_label_set_label (GTK_LABEL (w), number);
      }
      gtk_label_set_width_chars (GTK_LABEL (w), 3);
      gtk_widget_add_css_class (w, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), w);
      if (tkt_award_get_order (award) >= 0)
        manual = TRUE;
      /* As for guests: at the ends the button has no action, so that it
       * can be insensitive. */
      w = icon_button ("go-up-symbolic", _("Move Up (Alt+Up)"), i > 0 ? "ceremony.move-award" : NULL,
                       g_variant_new ("(ui)", i, -1));
      gtk_widget_set_sensitive (w, i > 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), w);
      w = icon_button ("go-down-symbolic", _("Move Down (Alt+Down)"), i + 1 < n ? "ceremony.move-award" : NULL,
                       g_variant_new ("(ui)", i, 1));
      gtk_widget_set_sensitive (w, i + 1 < n);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), w);
      add_move_shortcut (row, "ceremony.move-award", GDK_KEY_Up, i, -1);
      add_move_shortcut (row, "ceremony.move-award", GDK_KEY_Down, i, 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("document-edit-symbolic", _("Edit Award"), "ceremony.edit-award",
                                              g_variant_new_string (tkt_award_get_id (award))));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", _("Remove Award"), "ceremony.remove-award",
                                              g_variant_new_string (tkt_award_get_id (award))));
      gtk_widget_set_name (row, tkt_award_get_id (award));
      g_object_set_data_full (G_OBJECT (row), "tkt-subtitle", g_strdup (subtitle), g_free);
      /* Translators: an award row: position, form, counts. */
      accessible = g_strdup_printf (_("Award %u: %s %s"), i + 1, name != NULL ? name : "", counts != NULL ? counts : "");
      tkt_accessible_set_label (row, accessible);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Alt+Up and Alt+Down move the award; the script presents awards in this order."), -1);
      gtk_list_box_append (self->awards_list, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No awards yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->awards_list, row);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ceremony.restore-award-order", manual);

  if (self->focus_award >= 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->awards_list, self->focus_award);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
      self->focus_award = -1;
    }
}

static gboolean
awards_idle_cb (gpointer user_data)
{
  TktCeremonyPage *self = user_data;

  self->awards_idle_id = 0;
  rebuild_awards (self);

  return G_SOURCE_REMOVE;
}

/* Writes the ceremony's awards' "order" members: each award's position in
 * awards (all of them, so that the order is stable), or -1 for all
 * (automatic).  Each write checks the award's revision (a conflict with an
 * edit elsewhere is reported, not overwritten); unchanged awards are not
 * written. */
static gboolean
store_award_order (TktCeremonyPage *self,
                   GPtrArray       *awards,
                   gboolean         automatic)
{
  for (guint i = 0; i < awards->len; i++)
    {
      TktAward *award = g_ptr_array_index (awards, i);
      int order = automatic ? -1 : (int) i;
      g_autofree char *rev = NULL;
      g_autoptr(GError) error = NULL;

      if (tkt_award_get_order (award) == order)
        continue;
      tkt_award_set_order (award, order);
      rev = tkt_store_put (self->store, tkt_award_get_json (award), &error);
      if (rev == NULL)
        {
          tkt_show_error (GTK_WIDGET (self), _("Could Not Change the Order of the Awards"), error->message);
          rebuild_awards (self);
          rebuild_script (self);
          return FALSE;
        }
    }
  return TRUE;
}

static void
move_award_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  g_autoptr(GPtrArray) awards = NULL;
  guint index;
  int delta;
  guint to;

  g_variant_get (parameter, "(ui)", &index, &delta);
  if (self->ceremony == NULL || (delta < 0 && index == 0))
    return;
  to = (guint) ((int) index + delta);
  awards = tkt_award_list_for_ceremony (self->store, tkt_ceremony_get_id (self->ceremony));
  if (index >= awards->len || to >= awards->len)
    return;

  {
    gpointer moved = g_ptr_array_steal_index (awards, index);

    g_ptr_array_insert (awards, (int) to, moved);
  }
  if (!store_award_order (self, awards, FALSE))
    return;
  /* Rebuilt when the shortcut that moved the row is done with it (before
   * the script's text views revalidate, which can take a while). */
  self->focus_award = (int) to;
  if (self->awards_idle_id == 0)
    self->awards_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, awards_idle_cb, self, NULL);
  rebuild_script (self);
}

static void
restore_award_order_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  g_autoptr(GPtrArray) awards = NULL;

  if (self->ceremony == NULL)
    return;
  awards = tkt_award_list_for_ceremony (self->store, tkt_ceremony_get_id (self->ceremony));
  if (!store_award_order (self, awards, TRUE))
    return;
  rebuild_awards (self);
  rebuild_script (self);
  toast (self, _("Awards in automatic order"));
}

static void
add_award_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  g_autoptr(TktAward) award = NULL;

  if (self->ceremony == NULL)
    return;
  award = tkt_award_new (tkt_ceremony_get_id (self->ceremony));
  open_award_editor (self, award);
}

static void
edit_award_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  g_autoptr(TktAward) award = NULL;
  g_autoptr(GError) error = NULL;

  award = tkt_award_load (self->store, g_variant_get_string (parameter, NULL), &error);
  if (award == NULL)
    {
      toast (self, error->message);
      return;
    }
  open_award_editor (self, award);
}

static void
remove_award_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TktCeremonyPage  *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "tkt-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  rev = tkt_store_delete (self->store, id, NULL, &error);
  if (rev == NULL)
    {
      tkt_show_error (GTK_WIDGET (self), _("Could Not Remove the Award"), error->message);
      return;
    }
  rebuild_awards (self);
  rebuild_script (self);
  toast (self, _("Award removed"));
}

static void
remove_award_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent_window (self), _("Remove the Award?"),
                                   _("The award and its recipients leave this ceremony and its script."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tkt-id", g_variant_dup_string (parameter, NULL), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_award_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
build_awards (TktCeremonyPage *self)
{
  GtkWidget *bar = tkt_bar_new (6);
  GtkWidget *label = gtk_label_new (_("Awards in presentation order: the highest authority first, collectives before individuals."));
  GtkWidget *button;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  tkt_bar_append (TKT_BAR (bar), label);
  button = text_button (_("_Restore Automatic Order"), _("Restore Automatic Order"), "ceremony.restore-award-order");
  gtk_widget_set_tooltip_text (button, _("Present the awards by rank again, forgetting the order set by hand"));
  tkt_bar_append (TKT_BAR (bar), button);
  button = text_button (_("_Add Award…"), _("Add Award"), "ceremony.add-award");
  gtk_widget_add_css_class (button, "suggested-action");
  tkt_bar_append (TKT_BAR (bar), button);
  gtk_box_append (self->awards_box, bar);

  self->awards_list = GTK_LIST_BOX (boxed_list ());
  tkt_accessible_set_label (self->awards_list, _("Awards"));
  gtk_box_append (self->awards_box, GTK_WIDGET (self->awards_list));
}

/* ---- the script --------------------------------------------------------- */

static TktScriptBlock *
block_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "tkt-block");
}

static void
block_text_changed_cb (GtkTextBuffer   *buffer,
                       TktCeremonyPage *self)
{
  TktScriptBlock *block = g_object_get_data (G_OBJECT (buffer), "tkt-block");
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->loading || self->ceremony == NULL || block == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  tkt_script_set_edit (self->ceremony, block, text);
  edited (self);
}

static void
accept_clicked_cb (GtkButton       *button,
                   TktCeremonyPage *self)
{
  TktScriptBlock *block = block_of (GTK_WIDGET (button));

  if (block == NULL || self->ceremony == NULL)
    return;
  tkt_script_accept_edit (self->ceremony, block);
  edited (self);
  rebuild_script (self);
}

static void
use_new_clicked_cb (GtkButton       *button,
                    TktCeremonyPage *self)
{
  TktScriptBlock *block = block_of (GTK_WIDGET (button));

  if (block == NULL || self->ceremony == NULL)
    return;
  tkt_script_set_edit (self->ceremony, block, NULL);
  edited (self);
  rebuild_script (self);
}

static GPtrArray *
build_blocks (TktCeremonyPage *self)
{
  g_autoptr(GPtrArray) awards = tkt_award_list_for_ceremony (self->store, tkt_ceremony_get_id (self->ceremony));

  return tkt_script_build (self->ceremony, awards, self->store);
}

static void
rebuild_script (TktCeremonyPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->blocks_box))) != NULL)
    gtk_box_remove (self->blocks_box, child);
  g_clear_pointer (&self->script_blocks, g_ptr_array_unref);

  if (self->ceremony == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->sections_stack), "script") != 0)
    return;

  self->loading = TRUE;
  self->script_blocks = build_blocks (self);
  for (guint i = 0; self->script_blocks != NULL && i < self->script_blocks->len; i++)
    {
      TktScriptBlock *block = g_ptr_array_index (self->script_blocks, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (block->title);
      GtkWidget *view = gtk_text_view_new ();
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
      g_autofree char *accessible = NULL;

      /* Tab moves on to the next control, as in every other field. */
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (box), title);

      if (block->stale)
        {
          GtkWidget *bar = tkt_bar_new (6);
          GtkWidget *label = gtk_label_new (_("The data behind this block changed since it was edited: check the edit."));
          GtkWidget *button;

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_set_hexpand (label, TRUE);
          gtk_widget_add_css_class (label, "warning");
          tkt_bar_append (TKT_BAR (bar), label);
          button = text_button (_("_Accept"), _("Accept the edit as it is"), NULL);
          gtk_widget_set_tooltip_text (button, _("Keep the edit: it was checked against the new data"));
          g_object_set_data (G_OBJECT (button), "tkt-block", block);
          g_signal_connect_object (button, "clicked", G_CALLBACK (accept_clicked_cb), self, 0);
          tkt_bar_append (TKT_BAR (bar), button);
          button = text_button (_("Use _New Text"), _("Drop the edit and use the new generated text"), NULL);
          g_object_set_data (G_OBJECT (button), "tkt-block", block);
          g_signal_connect_object (button, "clicked", G_CALLBACK (use_new_clicked_cb), self, 0);
          tkt_bar_append (TKT_BAR (bar), button);
          gtk_box_append (GTK_BOX (box), bar);
          gtk_widget_add_css_class (title, "warning");
        }
      else if (block->edited)
        {
          GtkWidget *label = gtk_label_new (_("Edited"));

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_box_append (GTK_BOX (box), label);
        }

      gtk_text_buffer_set_text (buffer, block->text != NULL ? block->text : "", -1);
      g_object_set_data (G_OBJECT (buffer), "tkt-block", block);
      g_signal_connect_object (buffer, "changed", G_CALLBACK (block_text_changed_cb), self, 0);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
      gtk_widget_add_css_class (view, "card");
      if (block->stale)
        gtk_widget_add_css_class (view, "warning");
      gtk_widget_set_name (view, block->key);
      /* Translators: %s is the block's heading. */
      accessible = g_strdup_printf (_("Script: %s"), block->title);
      tkt_accessible_set_label (view, accessible);
      gtk_box_append (GTK_BOX (box), view);
      gtk_box_append (self->blocks_box, box);
    }
  self->loading = FALSE;
}

/* The deck is made from the ceremony, its awards and the report of its
 * year: anew each time the Slides section is shown. */
static void
rebuild_slides (TktCeremonyPage *self)
{
  TktSlideThemeKind theme = TKT_SLIDE_THEME_LIGHT;

  if (self->slides_editor == NULL)
    return;
  if (self->ceremony == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->sections_stack), "slides") != 0)
    {
      tkt_slides_editor_set_ceremony (self->slides_editor, NULL, NULL);
      return;
    }
  tkt_slide_theme_from_name (self->slide_theme, &theme);
  tkt_slides_editor_set_theme (self->slides_editor, theme);
  tkt_slides_editor_set_ceremony (self->slides_editor, self->store, self->ceremony);
}

static void
slides_changed_cb (TktCeremonyPage *self)
{
  edited (self);
}

/* The position of the section shown among the stack's pages. */
static guint
visible_section_position (TktCeremonyPage *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->sections_stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->section_pages)); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (self->section_pages), i);

      if (gtk_stack_page_get_child (GTK_STACK_PAGE (page)) == child)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* A section chosen in the drop-down (the narrow header). */
static void
section_chosen_cb (TktCeremonyPage *self)
{
  guint position = gtk_drop_down_get_selected (self->sections_dropdown);
  g_autoptr(GObject) page = NULL;

  if (position == GTK_INVALID_LIST_POSITION || position == visible_section_position (self))
    return;
  page = g_list_model_get_item (G_LIST_MODEL (self->section_pages), position);
  gtk_stack_set_visible_child (self->sections_stack, gtk_stack_page_get_child (GTK_STACK_PAGE (page)));
}

/* The title beside the buttons while it has room there (the squeezer
 * shows it while it has its minimum width, 240 px); narrower, the narrow
 * header: the title whole on lines of its own above the buttons.  (It
 * does not change the header's width, so the switch cannot make itself
 * switch back.)  The sections' buttons give way to their drop-down by
 * themselves (sections_squeezer), whenever they do not fit. */
static gboolean
update_header_cb (gpointer user_data)
{
  TktCeremonyPage *self = user_data;
  gboolean narrow = adw_squeezer_get_visible_child (self->title_squeezer) != GTK_WIDGET (self->ceremony_title_label);

  self->header_idle_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->narrow_title_label), narrow);
  return G_SOURCE_REMOVE;
}

static void
on_title_squeezed_cb (TktCeremonyPage *self)
{
  /* The squeezer switches while it is being laid out; the rest of the
   * header follows right after (a widget shown in the middle of a layout
   * would be drawn before it has a size). */
  if (self->header_idle_id == 0)
    self->header_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_header_cb, self, NULL);
}

static void
on_section_changed_cb (TktCeremonyPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->sections_stack);

  if (self->section_pages != NULL)
    {
      guint position = visible_section_position (self);

      if (position != GTK_INVALID_LIST_POSITION && position != gtk_drop_down_get_selected (self->sections_dropdown))
        gtk_drop_down_set_selected (self->sections_dropdown, position);
    }
  if (self->settings != NULL && name != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    g_settings_set_string (self->settings, "ceremony-section", name);
  rebuild_script (self);
  rebuild_slides (self);
}

static GSettings *
settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "ceremony-section"))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static void
build_script (TktCeremonyPage *self)
{
  GtkWidget *bar = tkt_bar_new (6);
  GtkWidget *label = gtk_label_new (_("The MC's script, generated from the ceremony. Edit any block: the edit stays, and is marked when the data behind it change."));
  GtkWidget *button;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  tkt_bar_append (TKT_BAR (bar), label);
  button = text_button (_("Export _PDF…"), _("Export Script as PDF"), "ceremony.export-script-pdf");
  tkt_bar_append (TKT_BAR (bar), button);
  button = text_button (_("Export _Text…"), _("Export Script as Text"), "ceremony.export-script-text");
  tkt_bar_append (TKT_BAR (bar), button);
  button = text_button (_("_Print…"), _("Print the Script"), "ceremony.print");
  gtk_widget_set_tooltip_text (button, _("Print the script (Ctrl+P)"));
  tkt_bar_append (TKT_BAR (bar), button);
  gtk_box_append (self->script_box, bar);

  self->blocks_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_box_append (self->script_box, GTK_WIDGET (self->blocks_box));
}

/* ---- showing and saving ------------------------------------------------- */

static void
show_ceremony (TktCeremonyPage *self,
               TktCeremony     *ceremony)
{
  g_set_object (&self->ceremony, ceremony);
  gtk_info_bar_set_revealed (self->conflict_bar, FALSE);

  if (ceremony == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      set_dirty (self, FALSE);
      return;
    }

  load_details (self);
  update_title (self);
  rebuild_guests (self);
  rebuild_agenda (self);
  rebuild_awards (self);
  rebuild_script (self);
  rebuild_slides (self);
  set_dirty (self, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "ceremony");
}

static gboolean
save_ceremony (TktCeremonyPage *self,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->ceremony == NULL)
    return TRUE;

  if (!tkt_date_row_get_valid (self->date_row))
    {
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                           _("The ceremony's date is not a date: write it as 24/01/2024"));
      return FALSE;
    }
  if (!tkt_ceremony_save (self->ceremony, self->store, &local_error))
    {
      if (g_error_matches (local_error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT))
        gtk_info_bar_set_revealed (self->conflict_bar, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  gtk_info_bar_set_revealed (self->conflict_bar, FALSE);
  set_dirty (self, FALSE);

  return TRUE;
}

static void
toast_save_error (TktCeremonyPage *self,
                  const GError    *error)
{
  if (g_error_matches (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT))
    toast (self, _("Not saved: someone else changed this ceremony"));
  else
    {
      /* Translators: %s says why. */
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);
      toast (self, message);
    }
}

/* Before another ceremony is shown or the page is left: keeps no edit
 * behind. */
static gboolean
leave_current (TktCeremonyPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->ceremony == NULL || !self->dirty)
    return TRUE;

  if (save_ceremony (self, &error))
    {
      toast (self, _("Ceremony saved"));
      reload_list (self);
      return TRUE;
    }

  toast_save_error (self, error);
  return FALSE;
}

static void
on_reload_clicked_cb (TktCeremonyPage *self)
{
  g_autoptr(TktCeremony) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ceremony == NULL)
    return;
  fresh = tkt_ceremony_load (self->store, tkt_ceremony_get_id (self->ceremony), &error);
  if (fresh == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_ceremony (self, fresh);
  reload_list (self);
}

static void
on_ceremony_selected_cb (TktCeremonyPage *self,
                         GtkListBoxRow   *row)
{
  const char *id;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(GError) error = NULL;

  if (self->selecting || row == NULL)
    return;
  id = g_object_get_data (G_OBJECT (row), "tkt-id");
  if (self->ceremony != NULL && g_strcmp0 (tkt_ceremony_get_id (self->ceremony), id) == 0)
    return;
  if (!leave_current (self))
    {
      select_row_quietly (self, tkt_ceremony_get_id (self->ceremony));
      return;
    }
  ceremony = tkt_ceremony_load (self->store, id, &error);
  if (ceremony == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_ceremony (self, ceremony);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->ceremony == NULL || !self->dirty)
    return;
  if (!save_ceremony (self, &error))
    {
      toast_save_error (self, error);
      return;
    }
  reload_list (self);
  toast (self, _("Ceremony saved"));
}

/* ---- New Ceremony ------------------------------------------------------- */

typedef struct {
  TktCeremonyPage *page;   /* owned */
  AdwEntryRow     *title;
  TktDateRow      *date;
  AdwEntryRow     *time;
} NewDialog;

static void
new_dialog_free (NewDialog *data)
{
  g_clear_object (&data->page);
  g_free (data);
}

static void
new_dialog_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        NewDialog        *data)
{
  TktCeremonyPage *self = data->page;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(GError) error = NULL;
  const char *title = nonempty (gtk_editable_get_text (GTK_EDITABLE (data->title)));
  const char *day = tkt_date_row_get_value (data->date);
  int minute = parse_time (gtk_editable_get_text (GTK_EDITABLE (data->time)));

  if (g_strcmp0 (response, "create") != 0)
    return;
  if (!leave_current (self))
    return;

  ceremony = tkt_ceremony_new ();
  tkt_ceremony_set_title (ceremony, title != NULL ? title : _("New ceremony"));
  tkt_ceremony_set_kind (ceremony, "review_conference");
  if (day != NULL && tkt_date_row_get_valid (data->date))
    {
      g_autofree char *iso = g_strdup_printf ("%sT%02d:%02d:00%s", day,
                                              minute >= 0 ? minute / 60 : 8,
                                              minute >= 0 ? minute % 60 : 0, DEFAULT_OFFSET);
      tkt_ceremony_set_start (ceremony, iso);
    }
  if (!tkt_ceremony_save (ceremony, self->store, &error))
    {
      tkt_show_error (GTK_WIDGET (self), _("Could Not Create the Ceremony"), error->message);
      return;
    }
  show_ceremony (self, ceremony);
  reload_list (self);
  gtk_stack_set_visible_child_name (self->sections_stack, "details");
  tkt_fold_show_detail (GTK_WIDGET (self), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  NewDialog *data = g_new0 (NewDialog, 1);
  GtkWidget *list = boxed_list ();
  GtkWidget *dialog;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  data->page = g_object_ref (self);
  data->title = new_entry_row (GTK_LIST_BOX (list), _("Ceremony title"));
  data->date = TKT_DATE_ROW (tkt_date_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->date), _("Date"));
  tkt_date_row_set_value (data->date, today);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (data->date));
  data->time = new_entry_row (GTK_LIST_BOX (list), _("Start time (14:00)"));
  set_entry_text (data->time, "08:00");

  dialog = adw_message_dialog_new (parent_window (self), _("New Ceremony"),
                                   _("A conference or an award ceremony: add its guests, agenda and awards next."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tkt-new", data, (GDestroyNotify) new_dialog_free);
  g_signal_connect (dialog, "response", G_CALLBACK (new_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (data->title));
}

/* ---- exports ------------------------------------------------------------ */

typedef struct {
  TktCeremonyExport  what;
  GFile             *file;
  char              *store_path;
  char              *ceremony_id;
  TktCeremony       *ceremony;    /* a copy: the thread has it to itself */
  GPtrArray         *blocks;      /* TktScriptBlock, for the PDF */
  char              *contents;    /* text or ICS, made on the main thread */
  TktSlideThemeKind  theme;       /* the slides */
  char              *emblem;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->file);
  g_free (data->store_path);
  g_free (data->ceremony_id);
  g_clear_object (&data->ceremony);
  g_clear_pointer (&data->blocks, g_ptr_array_unref);
  g_free (data->contents);
  g_free (data->emblem);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autofree char *path = g_file_get_path (data->file);
  g_autoptr(TktStore) store = NULL;
  g_autoptr(GPtrArray) awards = NULL;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (data->what)
    {
    case TKT_CEREMONY_EXPORT_SCRIPT_TEXT:
    case TKT_CEREMONY_EXPORT_ICS:
      ok = g_file_replace_contents (data->file, data->contents, strlen (data->contents), NULL, FALSE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error);
      break;

    case TKT_CEREMONY_EXPORT_SLIDES_16_9:
    case TKT_CEREMONY_EXPORT_SLIDES_4_3:
      if (path == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("Choose a file on this computer"));
          return;
        }
      /* A connection of our own: SQLite connections stay in their thread. */
      store = tkt_store_open (data->store_path, &error);
      if (store != NULL)
        {
          g_autoptr(TktDeck) deck = tkt_deck_new (store, data->ceremony, &error);
          TktSlideTheme theme;

          tkt_slide_theme_init (&theme, data->theme);
          if (deck != NULL)
            {
              tkt_deck_set_footer (deck, NULL, data->emblem);
              ok = tkt_deck_write_pdf (deck, &theme,
                                       data->what == TKT_CEREMONY_EXPORT_SLIDES_4_3 ? TKT_SLIDE_ASPECT_4_3
                                                                                    : TKT_SLIDE_ASPECT_16_9,
                                       path, cancellable, &error);
            }
        }
      break;

    case TKT_CEREMONY_EXPORT_SCRIPT_PDF:
    case TKT_CEREMONY_EXPORT_AWARDS_XLSX:
      if (path == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("Choose a file on this computer"));
          return;
        }
      if (data->what == TKT_CEREMONY_EXPORT_SCRIPT_PDF)
        {
          ok = tkt_script_write_pdf (data->ceremony, data->blocks, path, cancellable, &error);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case TKT_CEREMONY_EXPORT_AWARDS_CSV:
      /* A connection of our own: SQLite connections stay in their thread. */
      store = tkt_store_open (data->store_path, &error);
      if (store == NULL)
        break;
      awards = tkt_award_list_for_ceremony (store, data->ceremony_id);
      if (data->what == TKT_CEREMONY_EXPORT_AWARDS_XLSX)
        ok = tkt_awards_write_xlsx (store, awards, path, &error);
      else
        {
          g_autoptr(GFileOutputStream) stream = g_file_replace (data->file, NULL, FALSE,
                                                                G_FILE_CREATE_REPLACE_DESTINATION,
                                                                cancellable, &error);

          ok = stream != NULL &&
               tkt_awards_write_csv (store, awards, G_OUTPUT_STREAM (stream), &error) &&
               g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The threads' tasks hold the page weakly. */
static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static gpointer
weak_ref_steal (gpointer user_data)
{
  GWeakRef *ref = user_data;
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_show_uri (parent_window (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
export_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TktCeremonyPage) self = weak_ref_steal (user_data);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  g_autofree char *uri = NULL;
  AdwToast *t;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      tkt_show_error (GTK_WIDGET (self), _("Export Failed"), error->message);
      return;
    }
  if (self == NULL)
    return;

  set_busy (self, FALSE);
  name = g_file_get_basename (data->file);
  uri = g_file_get_uri (data->file);
  message = g_strdup_printf (_("Exported to “%s”"), name);
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Open"));
  adw_toast_set_action_name (t, "ceremony.open-file");
  adw_toast_set_action_target_value (t, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static const struct {
  const char *title;      /* N_() */
  const char *filter;     /* N_() */
  const char *pattern;
  const char *mime_type;
  const char *suffix;
} export_kinds[] = {
  [TKT_CEREMONY_EXPORT_SCRIPT_PDF]  = { N_("Export Script as PDF"), N_("PDF documents"), "*.pdf", "application/pdf", ".pdf" },
  [TKT_CEREMONY_EXPORT_SCRIPT_TEXT] = { N_("Export Script as Text"), N_("Text files"), "*.txt", "text/plain", ".txt" },
  [TKT_CEREMONY_EXPORT_ICS]         = { N_("Export Calendar Event"), N_("iCalendar files"), "*.ics", "text/calendar", ".ics" },
  [TKT_CEREMONY_EXPORT_AWARDS_CSV]  = { N_("Export Award List"), N_("CSV tables"), "*.csv", "text/csv", ".csv" },
  [TKT_CEREMONY_EXPORT_AWARDS_XLSX] = { N_("Export Award List"), N_("Excel workbooks"), "*.xlsx",
                                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx" },
  [TKT_CEREMONY_EXPORT_SLIDES_16_9] = { N_("Export Slides as PDF (16:9)"), N_("PDF documents"), "*.pdf", "application/pdf", ".pdf" },
  [TKT_CEREMONY_EXPORT_SLIDES_4_3]  = { N_("Export Slides as PDF (4:3)"), N_("PDF documents"), "*.pdf", "application/pdf", ".pdf" },
};

static gboolean
has_suffix_nocase (const char *name,
                   const char *suffix)
{
  size_t n = strlen (name), s = strlen (suffix);

  return n >= s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    TktCeremonyPage *self)
{
  g_autoptr(GFile) file = NULL;
  TktCeremonyExport what = self->chooser_what;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));

      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (what == TKT_CEREMONY_EXPORT_AWARDS_CSV && filter != NULL &&
          g_strcmp0 (gtk_file_filter_get_name (filter), _(export_kinds[TKT_CEREMONY_EXPORT_AWARDS_XLSX].filter)) == 0)
        what = TKT_CEREMONY_EXPORT_AWARDS_XLSX;
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  actions_update (self);
  if (file == NULL)
    return;

  {
    g_autofree char *name = g_file_get_basename (file);

    /* The extension typed wins; otherwise the filter's is added. */
    if (what == TKT_CEREMONY_EXPORT_AWARDS_CSV || what == TKT_CEREMONY_EXPORT_AWARDS_XLSX)
      {
        if (has_suffix_nocase (name, ".xlsx"))
          what = TKT_CEREMONY_EXPORT_AWARDS_XLSX;
        else if (has_suffix_nocase (name, ".csv"))
          what = TKT_CEREMONY_EXPORT_AWARDS_CSV;
      }
    if (!has_suffix_nocase (name, export_kinds[what].suffix))
      {
        g_autoptr(GFile) parent = g_file_get_parent (file);
        g_autofree char *with_ext = g_strconcat (name, export_kinds[what].suffix, NULL);
        GFile *child = g_file_get_child (parent, with_ext);

        g_object_unref (file);
        file = child;
      }
  }
  tkt_ceremony_page_export (self, what, file);
}

static void
open_export_chooser (TktCeremonyPage   *self,
                     TktCeremonyExport  what)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->ceremony == NULL || self->busy || self->chooser != NULL)
    return;
  if (!leave_current (self))
    return;

  chooser = gtk_file_chooser_native_new (_(export_kinds[what].title), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  for (guint k = what; k <= (what == TKT_CEREMONY_EXPORT_AWARDS_CSV ? TKT_CEREMONY_EXPORT_AWARDS_XLSX : what); k++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(export_kinds[k].filter));
      gtk_file_filter_add_pattern (filter, export_kinds[k].pattern);
      gtk_file_filter_add_mime_type (filter, export_kinds[k].mime_type);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  /* File names in Vietnamese without accents, as the documents'. */
  switch (what)
    {
    case TKT_CEREMONY_EXPORT_SCRIPT_PDF:
      name = g_strdup ("kich-ban.pdf");
      break;
    case TKT_CEREMONY_EXPORT_SCRIPT_TEXT:
      name = g_strdup ("kich-ban.txt");
      break;
    case TKT_CEREMONY_EXPORT_ICS:
      name = g_strdup ("hoi-nghi.ics");
      break;
    case TKT_CEREMONY_EXPORT_AWARDS_CSV:
    case TKT_CEREMONY_EXPORT_AWARDS_XLSX:
      name = g_strdup ("danh-sach-khen-thuong.csv");
      break;
    case TKT_CEREMONY_EXPORT_SLIDES_16_9:
    case TKT_CEREMONY_EXPORT_SLIDES_4_3:
      name = g_strdup ("trinh-chieu.pdf");
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  self->chooser_what = what;
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (self->chooser);
  actions_update (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);

  if (g_str_equal (action_name, "ceremony.export-script-pdf"))
    open_export_chooser (self, TKT_CEREMONY_EXPORT_SCRIPT_PDF);
  else if (g_str_equal (action_name, "ceremony.export-script-text"))
    open_export_chooser (self, TKT_CEREMONY_EXPORT_SCRIPT_TEXT);
  else if (g_str_equal (action_name, "ceremony.export-ics"))
    open_export_chooser (self, TKT_CEREMONY_EXPORT_ICS);
  else if (g_str_equal (action_name, "ceremony.export-slides-16-9"))
    open_export_chooser (self, TKT_CEREMONY_EXPORT_SLIDES_16_9);
  else if (g_str_equal (action_name, "ceremony.export-slides-4-3"))
    open_export_chooser (self, TKT_CEREMONY_EXPORT_SLIDES_4_3);
  else
    open_export_chooser (self, TKT_CEREMONY_EXPORT_AWARDS_CSV);
}

/* ---- printing the script ------------------------------------------------ */

static gpointer
print_layout (GtkWidget      *widget,
              double          width,
              double          height,
              guint          *n_pages,
              GDestroyNotify *free_layout)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  g_autoptr(GPtrArray) blocks = NULL;
  TktDocument *document;

  if (self->ceremony == NULL)
    return NULL;
  blocks = build_blocks (self);
  document = tkt_script_document_new (self->ceremony, blocks);
  *n_pages = tkt_document_get_n_pages (document);
  *free_layout = (GDestroyNotify) tkt_document_free;
  return document;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);

  if (self->ceremony == NULL)
    return;
  tkt_print_run (widget, "kich-ban", print_layout, (TktPrintDrawFunc) tkt_document_draw_page);
}

/* ---- the widget --------------------------------------------------------- */

static void
store_changed_cb (TktCeremonyPage *self,
                  GStrv            ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (g_str_has_prefix (ids[i], "ceremony:"))
      {
        reload_list (self);
        return;
      }
}

static void
tkt_ceremony_page_unmap (GtkWidget *widget)
{
  /* Leaving the area (another page, or the window closes): save. */
  leave_current (TKT_CEREMONY_PAGE (widget));

  GTK_WIDGET_CLASS (tkt_ceremony_page_parent_class)->unmap (widget);
}

static void
tkt_ceremony_page_constructed (GObject *object)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (object);
  g_autoptr(GPtrArray) docs = NULL;

  G_OBJECT_CLASS (tkt_ceremony_page_parent_class)->constructed (object);

  g_assert (TKT_IS_STORE (self->store));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload_list (self);

  /* The newest ceremony is shown first. */
  docs = tkt_ceremony_list (self->store);
  if (docs != NULL && docs->len > 0)
    tkt_ceremony_page_select (self, json_object_get_string_member_with_default (g_ptr_array_index (docs, 0), "_id", NULL));
  actions_update (self);
}

static void
tkt_ceremony_page_dispose (GObject *object)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->guests_idle_id, g_source_remove);
  g_clear_handle_id (&self->awards_idle_id, g_source_remove);
  g_clear_handle_id (&self->header_idle_id, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  if (self->dirty && self->ceremony != NULL && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!save_ceremony (self, &error))
        g_warning ("Ceremony %s not saved: %s", tkt_ceremony_get_id (self->ceremony), error->message);
    }
  if (self->agenda_time_labels != NULL)
    g_ptr_array_set_size (self->agenda_time_labels, 0);
  if (self->presentation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->presentation, self);
      tkt_presentation_stop (self->presentation);
      g_clear_object (&self->presentation);
    }
  /* (The drop-down lets go of the stack's pages before the stack goes.) */
  if (self->section_pages != NULL)
    {
      gtk_drop_down_set_model (self->sections_dropdown, NULL);
      g_clear_object (&self->section_pages);
    }

  /* AdwBin unparents its child (the template's toast overlay) itself. */
  G_OBJECT_CLASS (tkt_ceremony_page_parent_class)->dispose (object);
}

static void
tkt_ceremony_page_finalize (GObject *object)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (object);

  g_clear_object (&self->ceremony);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->agenda_time_labels, g_ptr_array_unref);
  g_clear_pointer (&self->script_blocks, g_ptr_array_unref);
  g_free (self->slide_theme);

  G_OBJECT_CLASS (tkt_ceremony_page_parent_class)->finalize (object);
}

/* ---- presenting --------------------------------------------------------- */

static void
presentation_finished_cb (TktCeremonyPage *self)
{
  g_signal_handlers_disconnect_by_data (self->presentation, self);
  g_clear_object (&self->presentation);
  actions_update (self);
}

/* The slides' theme when presenting, a radio group in the Export menu
 * (GSettings "presentation-theme"). */
static void
slide_theme_change_cb (GSimpleAction   *action,
                       GVariant        *value,
                       TktCeremonyPage *self)
{
  const char *name = g_variant_get_string (value, NULL);
  TktSlideThemeKind kind;

  if (!tkt_slide_theme_from_name (name, &kind))
    return;
  g_simple_action_set_state (action, value);
  g_free (self->slide_theme);
  self->slide_theme = g_strdup (name);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "presentation-theme", name);
  if (self->slides_editor != NULL)
    tkt_slides_editor_set_theme (self->slides_editor, kind);
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (widget);
  GtkWindow *window = parent_window (self);
  GtkApplication *application = window != NULL ? gtk_window_get_application (window) : NULL;
  g_autoptr(GError) error = NULL;
  TktSlideThemeKind theme = TKT_SLIDE_THEME_LIGHT;

  if (self->ceremony == NULL || self->presentation != NULL || application == NULL)
    return;

  tkt_slide_theme_from_name (self->slide_theme, &theme);
  self->presentation = tkt_presentation_new (application, self->store, self->ceremony, theme, &error);
  if (self->presentation == NULL)
    {
      tkt_show_error (GTK_WIDGET (self), _("Cannot Present the Ceremony"), error->message);
      return;
    }
  g_signal_connect_swapped (self->presentation, "finished", G_CALLBACK (presentation_finished_cb), self);
  actions_update (self);
  tkt_presentation_start (self->presentation);
}

static void
tkt_ceremony_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;


    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_ceremony_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TktCeremonyPage *self = TKT_CEREMONY_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
list_row_activated_cb (TktCeremonyPage *self,
                       GtkListBoxRow   *row)
{
  tkt_fold_show_detail (GTK_WIDGET (self), TRUE);
}

static void
tkt_ceremony_page_class_init (TktCeremonyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tkt_ceremony_page_constructed;
  object_class->dispose = tkt_ceremony_page_dispose;
  object_class->finalize = tkt_ceremony_page_finalize;
  object_class->get_property = tkt_ceremony_page_get_property;
  object_class->set_property = tkt_ceremony_page_set_property;
  widget_class->unmap = tkt_ceremony_page_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tongket/Tongket/data/ui/tkt-ceremony-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TktCeremonyPage, name)
  BIND (toast_overlay);
  BIND (leaflet);
  BIND (list_pane);
  BIND (ceremonies_list);
  BIND (content_stack);
  BIND (sections_stack);
  BIND (conflict_bar);
  BIND (ceremony_title_label);
  BIND (narrow_title_label);
  BIND (title_squeezer);
  BIND (sections_dropdown);
  BIND (details_box);
  BIND (guests_box);
  BIND (agenda_box);
  BIND (awards_box);
  BIND (script_box);
  BIND (slides_box);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_ceremony_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_title_squeezed_cb);

  gtk_widget_class_install_action (widget_class, "ceremony.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "ceremony.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "ceremony.add-guest", NULL, add_guest_action);
  gtk_widget_class_install_action (widget_class, "ceremony.sort-guests", NULL, sort_guests_action);
  gtk_widget_class_install_action (widget_class, "ceremony.edit-guest", "u", edit_guest_action);
  gtk_widget_class_install_action (widget_class, "ceremony.remove-guest", "u", remove_guest_action);
  gtk_widget_class_install_action (widget_class, "ceremony.move-guest", "(ui)", move_guest_action);
  gtk_widget_class_install_action (widget_class, "ceremony.add-agenda-item", NULL, add_agenda_item_action);
  gtk_widget_class_install_action (widget_class, "ceremony.remove-agenda-item", "u", remove_agenda_item_action);
  gtk_widget_class_install_action (widget_class, "ceremony.add-award", NULL, add_award_action);
  gtk_widget_class_install_action (widget_class, "ceremony.edit-award", "s", edit_award_action);
  gtk_widget_class_install_action (widget_class, "ceremony.remove-award", "s", remove_award_action);
  gtk_widget_class_install_action (widget_class, "ceremony.move-award", "(ui)", move_award_action);
  gtk_widget_class_install_action (widget_class, "ceremony.restore-award-order", NULL, restore_award_order_action);
  gtk_widget_class_install_action (widget_class, "ceremony.export-script-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "ceremony.export-script-text", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "ceremony.export-ics", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "ceremony.export-awards", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "ceremony.export-slides-16-9", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "ceremony.export-slides-4-3", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "ceremony.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "ceremony.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "ceremony.present", NULL, present_action);
}

static void
tkt_ceremony_page_init (TktCeremonyPage *self)
{
  GtkEventController *shortcuts;
  static const struct {
    guint            keyval;
    GdkModifierType  modifiers;
    const char      *action;
  } keys[] = {
    { GDK_KEY_n, GDK_CONTROL_MASK, "ceremony.new" },
    { GDK_KEY_s, GDK_CONTROL_MASK, "ceremony.save" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "ceremony.export-script-pdf" },
    { GDK_KEY_p, GDK_CONTROL_MASK, "ceremony.print" },
    { GDK_KEY_F5, 0, "ceremony.present" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Folded (a narrow window): a ceremony picked in the list (a click, a tap,
   * Enter) opens alone, with Back to the list. */
  tkt_fold_setup (GTK_WIDGET (self), self->leaflet, self->list_pane, GTK_WIDGET (self->content_stack),
                  GTK_WIDGET (self->ceremonies_list));
  g_signal_connect_object (self->ceremonies_list, "row-activated", G_CALLBACK (list_row_activated_cb),
                           self, G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  self->agenda_time_labels = g_ptr_array_new ();
  self->focus_guest = -1;
  self->focus_award = -1;

  build_details (self);
  build_guests (self);
  build_agenda (self);
  build_awards (self);
  build_script (self);
  self->slides_editor = TKT_SLIDES_EDITOR (tkt_slides_editor_new ());
  g_signal_connect_object (self->slides_editor, "changed", G_CALLBACK (slides_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->slides_box, GTK_WIDGET (self->slides_editor));

  /* The drop-down in place of the section buttons lists the sections by
   * their titles, and follows the section shown (on_section_changed_cb). */
  {
    g_autoptr(GtkExpression) title = gtk_property_expression_new (GTK_TYPE_STACK_PAGE, NULL, "title");

    /* GTK 4.8 names the drop-down's own button "GtkToggleButton". */
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_dropdown));
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_TOGGLE_BUTTON (child))
        tkt_accessible_set_label (child, _("Ceremony sections"));

    self->section_pages = gtk_stack_get_pages (self->sections_stack);
    gtk_drop_down_set_expression (self->sections_dropdown, title);
    gtk_drop_down_set_model (self->sections_dropdown, G_LIST_MODEL (self->section_pages));
    gtk_drop_down_set_selected (self->sections_dropdown, visible_section_position (self));
    g_signal_connect_object (self->sections_dropdown, "notify::selected", G_CALLBACK (section_chosen_cb),
                             self, G_CONNECT_SWAPPED);
  }

  /* The section shown last. */
  self->settings = settings_if_installed ();
  if (self->settings != NULL)
    {
      g_free (self->slide_theme);
      self->slide_theme = g_settings_get_string (self->settings, "presentation-theme");
    }
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) action = g_simple_action_new_stateful ("theme", G_VARIANT_TYPE_STRING,
                                                                    g_variant_new_string (self->slide_theme));

    g_signal_connect_object (action, "change-state", G_CALLBACK (slide_theme_change_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    gtk_widget_insert_action_group (GTK_WIDGET (self), "slides", G_ACTION_GROUP (group));
  }
  if (self->settings != NULL)
    {
      g_autofree char *section = g_settings_get_string (self->settings, "ceremony-section");

      if (gtk_stack_get_child_by_name (self->sections_stack, section) != NULL)
        gtk_stack_set_visible_child_name (self->sections_stack, section);
    }

  /* The page's shortcuts work from anywhere in the window while it is
   * shown (a managed controller: the window runs it, only when mapped). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, keys[i].modifiers),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
tkt_ceremony_page_new (TktStore *store)
{
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  return g_object_new (TKT_TYPE_CEREMONY_PAGE, "store", store, NULL);
}

TktStore *
tkt_ceremony_page_get_store (TktCeremonyPage *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY_PAGE (self), NULL);

  return self->store;
}

TktCeremony *
tkt_ceremony_page_get_ceremony (TktCeremonyPage *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY_PAGE (self), NULL);

  return self->ceremony;
}

gboolean
tkt_ceremony_page_select (TktCeremonyPage *self,
                          const char      *id)
{
  g_autoptr(TktCeremony) ceremony = NULL;

  g_return_val_if_fail (TKT_IS_CEREMONY_PAGE (self), FALSE);

  if (id == NULL)
    return FALSE;
  if (self->ceremony != NULL && g_strcmp0 (tkt_ceremony_get_id (self->ceremony), id) == 0)
    return TRUE;
  if (!leave_current (self))
    return FALSE;
  ceremony = tkt_ceremony_load (self->store, id, NULL);
  if (ceremony == NULL)
    return FALSE;
  show_ceremony (self, ceremony);
  select_row_quietly (self, id);
  tkt_fold_show_detail (GTK_WIDGET (self), FALSE);

  return TRUE;
}

void
tkt_ceremony_page_show_section (TktCeremonyPage *self,
                                const char      *name)
{
  g_return_if_fail (TKT_IS_CEREMONY_PAGE (self));

  gtk_stack_set_visible_child_name (self->sections_stack, name);
}

gboolean
tkt_ceremony_page_save (TktCeremonyPage *self,
                        GError         **error)
{
  g_return_val_if_fail (TKT_IS_CEREMONY_PAGE (self), FALSE);

  if (!self->dirty)
    return TRUE;
  return save_ceremony (self, error);
}

gboolean
tkt_ceremony_page_get_busy (TktCeremonyPage *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY_PAGE (self), FALSE);

  return self->busy;
}

void
tkt_ceremony_page_export (TktCeremonyPage   *self,
                          TktCeremonyExport  what,
                          GFile             *file)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExportData *data;

  g_return_if_fail (TKT_IS_CEREMONY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (what <= TKT_CEREMONY_EXPORT_SLIDES_4_3);

  if (self->ceremony == NULL || self->busy)
    return;

  data = g_new0 (ExportData, 1);
  data->what = what;
  data->file = g_object_ref (file);
  data->store_path = g_strdup (tkt_store_get_path (self->store));
  data->ceremony_id = g_strdup (tkt_ceremony_get_id (self->ceremony));
  switch (what)
    {
    case TKT_CEREMONY_EXPORT_SCRIPT_PDF:
      data->ceremony = ceremony_copy (self->ceremony);
      data->blocks = build_blocks (self);
      break;
    case TKT_CEREMONY_EXPORT_SCRIPT_TEXT:
      {
        g_autoptr(GPtrArray) blocks = build_blocks (self);

        data->contents = tkt_script_to_text (blocks, self->ceremony);
      }
      break;
    case TKT_CEREMONY_EXPORT_ICS:
      data->contents = tkt_ceremony_to_ics (self->ceremony, &error);
      if (data->contents == NULL)
        {
          export_data_free (data);
          tkt_show_error (GTK_WIDGET (self), _("Export Failed"), error->message);
          return;
        }
      break;
    case TKT_CEREMONY_EXPORT_AWARDS_CSV:
    case TKT_CEREMONY_EXPORT_AWARDS_XLSX:
      break;
    case TKT_CEREMONY_EXPORT_SLIDES_16_9:
    case TKT_CEREMONY_EXPORT_SLIDES_4_3:
      /* The ceremony as edited, its slides' arrangement included. */
      data->ceremony = ceremony_copy (self->ceremony);
      tkt_slide_theme_from_name (self->slide_theme, &data->theme);
      data->emblem = tkt_slides_emblem_path ();
      break;
    default:
      g_assert_not_reached ();
    }

  set_busy (self, TRUE);
  task = g_task_new (NULL, self->cancellable, export_ready_cb, weak_ref_new (self));
  g_task_set_source_tag (task, tkt_ceremony_page_export);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

TktPresentation *
tkt_ceremony_page_get_presentation (TktCeremonyPage *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY_PAGE (self), NULL);
  return self->presentation;
}
