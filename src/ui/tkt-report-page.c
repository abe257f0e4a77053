/* tkt-report-page.c — the Reports area: the list of years with a report and
 * the report of the selected year.
 *
 * The report is edited in place (TktReport) and saved explicitly (Ctrl+S) or
 * on leaving it (another year, another area), as the task editor is.  The
 * figures are computed in a thread with its own connection to the database,
 * again shortly after the register changes; an issued report shows its
 * frozen copy, the live figures are kept for the comparison.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-report-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-chart.h"
#include "tkt-date-row.h"
#include "tkt-figures.h"
#include "tkt-report-page.h"
#include "tkt-ui-util.h"
#include "tkt-report-pdf.h"
#include "tkt-text.h"

/* How long the register must be quiet before the figures are recomputed. */
#define RECOMPUTE_DELAY_MS 300
/* Tasks listed at most behind one figure. */
#define MAX_LISTED_TASKS 500

struct _TktReportPage
{
  AdwBin               parent_instance;

  /* template */
  AdwToastOverlay     *toast_overlay;
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  GtkListBox          *years_list;
  GtkStack            *content_stack;
  GtkLabel            *report_title_label;
  GtkSpinner          *computing_spinner;
  GtkInfoBar          *conflict_bar;
  GtkInfoBar          *issued_bar;
  GtkWidget           *compare_button;
  GtkWidget           *reopen_button;
  GtkLabel            *issued_label;
  GtkScrolledWindow   *scrolled_window;
  AdwEntryRow         *parent_organisation_row;
  AdwEntryRow         *organisation_row;
  AdwEntryRow         *number_row;
  AdwEntryRow         *place_row;
  TktDateRow          *date_row;
  AdwPreferencesGroup *figures_group;
  GtkBox              *charts_box;
  GtkBox              *sections_box;
  AdwPreferencesGroup *groups_group;
  GtkListBox          *groups_list;
  GtkListBox          *targets_list;
  GtkListBox          *documents_list;
  GtkTextView         *recommendations_view;
  AdwEntryRow         *signer_title_row;
  AdwEntryRow         *signer_name_row;
  GtkTextView         *recipients_view;

  TktStore            *store;
  GSettings           *settings;
  GCancellable        *cancellable;
  TktReport           *report;
  TktFigures          *figures;         /* shown: the frozen copy once issued */
  TktFigures          *previous;
  TktFigures          *live;            /* computed from the register */
  TktFigures          *live_previous;
  GPtrArray           *figure_rows;     /* rows added to figures_group */
  GPtrArray           *section_views;   /* GtkTextView per section */
  JsonObject          *undo_snapshot;   /* the report before the last removal */
  GtkNativeDialog     *chooser;
  GtkWidget           *charts[TKT_N_CHARTS];
  GtkWidget           *chart_titles[TKT_N_CHARTS];

  guint                recompute_id;
  guint                compute_serial;
  gboolean             computing;
  gboolean             busy;
  gboolean             dirty;
  gboolean             loading;         /* widgets being filled from the report */
  gboolean             selecting;       /* the years list changed by us */
};

G_DEFINE_FINAL_TYPE (TktReportPage, tkt_report_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  PROP_COMPUTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The header fields, kept on the widgets as data. */
typedef enum {
  FIELD_ORGANISATION,
  FIELD_PARENT_ORGANISATION,
  FIELD_NUMBER,
  FIELD_PLACE,
  FIELD_SIGNER_TITLE,
  FIELD_SIGNER_NAME,
} Field;

static const struct {
  TktSentence  which;
  const char  *label;   /* N_() */
} sentence_labels[] = {
  { TKT_SENTENCE_MONITORED, N_("Tasks monitored") },
  { TKT_SENTENCE_ORDERED,   N_("Tasks ordered") },
  { TKT_SENTENCE_ACCEPTED,  N_("Tasks accepted and cancelled") },
  { TKT_SENTENCE_TRANSFERS, N_("Results transferred") },
  { TKT_SENTENCE_PLANNED,   N_("Tasks planned for next year") },
  { TKT_SENTENCE_BUDGET,    N_("Budget by source") },
};

static void load_report_widgets (TktReportPage *self);
static void rebuild_sections (TktReportPage *self);
static void rebuild_plan (TktReportPage *self);
static void schedule_recompute (TktReportPage *self, guint delay_ms);

/* ---- helpers ------------------------------------------------------------ */

static void
toast (TktReportPage *self,
       const char    *title)
{
  AdwToast *t = adw_toast_new (title);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static GtkWindow *
parent_window (TktReportPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A deep copy of a JSON object (json_node_copy only adds references). */
static JsonObject *
json_object_deep_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  copy = json_from_string (text, NULL);
  g_assert (copy != NULL && JSON_NODE_HOLDS_OBJECT (copy));

  return json_object_ref (json_node_get_object (copy));
}

static TktFigures *
figures_copy (const TktFigures *figures)
{
  g_autoptr(JsonObject) object = NULL;

  if (figures == NULL)
    return NULL;
  object = tkt_figures_to_json (figures);
  return tkt_figures_from_json (object, NULL);
}

static TktReport *
report_copy (TktReport *report)
{
  return tkt_report_new_from_json (tkt_report_get_json (report));
}

static GSettings *
settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "organisation") ||
      !g_settings_schema_has_key (schema, "parent-organisation"))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static char *
settings_string (TktReportPage *self,
                 const char    *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return NULL;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, key))
    return NULL;

  return g_settings_get_string (self->settings, key);
}

/* ---- actions' state ----------------------------------------------------- */

static void
actions_update (TktReportPage *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean has = self->report != NULL;
  gboolean frozen = has && tkt_report_is_frozen (self->report);

  gtk_widget_action_set_enabled (w, "report.new", self->chooser == NULL);
  gtk_widget_action_set_enabled (w, "report.save", has && self->dirty);
  gtk_widget_action_set_enabled (w, "report.issue", has && !frozen);
  gtk_widget_action_set_enabled (w, "report.reopen", frozen);
  gtk_widget_action_set_enabled (w, "report.compare", frozen);
  gtk_widget_action_set_enabled (w, "report.export-pdf", has && !self->busy && self->chooser == NULL);
  gtk_widget_action_set_enabled (w, "report.print", has && !self->busy);
  gtk_widget_action_set_enabled (w, "report.add-section", has);
  gtk_widget_action_set_enabled (w, "report.refresh-sentences", has && self->figures != NULL);
  gtk_widget_action_set_enabled (w, "report.insert-sentence", has && self->figures != NULL);
  gtk_widget_action_set_enabled (w, "report.undo", has && self->undo_snapshot != NULL);
  gtk_widget_action_set_enabled (w, "report.edit-item", has);
  gtk_widget_action_set_enabled (w, "report.remove-item", has);
  gtk_widget_action_set_enabled (w, "report.show-figure", has);
}

static void
set_dirty (TktReportPage *self,
           gboolean       dirty)
{
  self->dirty = dirty;
  actions_update (self);
}

static void
edited (TktReportPage *self)
{
  if (self->loading || self->report == NULL)
    return;
  set_dirty (self, TRUE);
}

static void
set_busy (TktReportPage *self,
          gboolean       busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_computing (TktReportPage *self,
               gboolean       computing)
{
  if (self->computing == computing)
    return;
  self->computing = computing;
  gtk_widget_set_visible (GTK_WIDGET (self->computing_spinner), computing);
  gtk_spinner_set_spinning (self->computing_spinner, computing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPUTING]);
}

/* ---- the figures -------------------------------------------------------- */

typedef struct {
  char     *key;       /* figure key for tkt_figures_query_ids */
  char     *label;
  gint64    value;
  gint64    other;     /* the year before, or the other copy compared */
  gboolean  has_other;
  gboolean  money;
  gboolean  sub;       /* a part of the line above */
} FigureLine;

static void
figure_line_free (FigureLine *line)
{
  g_free (line->key);
  g_free (line->label);
  g_free (line);
}

static gint64
part_value (GPtrArray  *parts,
            const char *key)
{
  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (parts, i);

      if (g_strcmp0 (part->key, key) == 0)
        return part->value;
    }

  return 0;
}

static void
add_line (GPtrArray  *lines,
          const char *key,
          const char *label,
          gint64      value,
          gint64      other,
          gboolean    has_other,
          gboolean    money,
          gboolean    sub)
{
  FigureLine *line = g_new0 (FigureLine, 1);

  line->key = g_strdup (key);
  line->label = g_strdup (label);
  line->value = value;
  line->other = other;
  line->has_other = has_other;
  line->money = money;
  line->sub = sub;
  g_ptr_array_add (lines, line);
}

/* Parts present in either copy, in f's order then o's. */
static void
add_parts (GPtrArray  *lines,
           const char *prefix,
           GPtrArray  *parts,
           GPtrArray  *other_parts,
           gboolean    has_other,
           const char *empty_label)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *all[2] = { parts, other_parts };

  for (guint a = 0; a < 2; a++)
    for (guint i = 0; all[a] != NULL && i < all[a]->len; i++)
      {
        TktFigurePart *part = g_ptr_array_index (all[a], i);
        g_autofree char *key = NULL;
        const char *label;

        if (!g_hash_table_add (seen, part->key))
          continue;
        key = g_strconcat (prefix, part->key, NULL);
        label = part->label != NULL && part->label[0] != '\0' ? part->label : empty_label;
        add_line (lines, key, label,
                  part_value (parts, part->key), part_value (other_parts, part->key),
                  has_other, FALSE, TRUE);
      }
}

/* The lines of the Figures group: f beside o (the year before, or for the
 * comparison the frozen copy). */
static GPtrArray *
figure_lines (const TktFigures *f,
              const TktFigures *o)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_line_free);
  gboolean h = o != NULL;
  g_autofree char *planned = NULL;

#define O(member) (h ? (gint64) o->member : 0)
  add_line (lines, "monitored", _("Tasks monitored"), f->monitored, O (monitored), h, FALSE, FALSE);
  add_parts (lines, "monitored.programmes.", f->monitored_programmes,
             h ? o->monitored_programmes : NULL, h, _("Programme"));
  if (f->monitored_national_other > 0 || O (monitored_national_other) > 0)
    add_line (lines, "monitored.national_other", _("National, outside any programme"),
              f->monitored_national_other, O (monitored_national_other), h, FALSE, TRUE);
  add_line (lines, "monitored.provincial", _("Provincial"),
            f->monitored_provincial, O (monitored_provincial), h, FALSE, TRUE);
  if (f->monitored_grassroots > 0 || O (monitored_grassroots) > 0)
    add_line (lines, "monitored.grassroots", _("Grassroots"),
              f->monitored_grassroots, O (monitored_grassroots), h, FALSE, TRUE);

  add_line (lines, "ordered", _("Tasks ordered"), f->ordered, O (ordered), h, FALSE, FALSE);
  add_line (lines, "approved", _("Tasks approved"), f->approved, O (approved), h, FALSE, FALSE);
  add_line (lines, "accepted", _("Tasks accepted"), f->accepted, O (accepted), h, FALSE, FALSE);
  add_parts (lines, "accepted.ratings.", f->accepted_ratings,
             h ? o->accepted_ratings : NULL, h, _("No rating"));
  add_line (lines, "cancelled", _("Tasks cancelled"), f->cancelled, O (cancelled), h, FALSE, FALSE);

  add_line (lines, "transfers", _("Results transferred"),
            f->transfer_results, O (transfer_results), h, FALSE, FALSE);
  add_line (lines, "transfers", _("Units receiving them"),
            f->transfer_units, O (transfer_units), h, FALSE, TRUE);
  add_line (lines, "transfers.enterprises", _("Of which enterprises"),
            f->transfer_enterprises, O (transfer_enterprises), h, FALSE, TRUE);
  add_parts (lines, "transfers.sectors.", f->transfer_sectors,
             h ? o->transfer_sectors : NULL, h, _("Sector"));

  /* Translators: %d is a year. */
  planned = g_strdup_printf (_("Tasks planned for %d"), f->year + 1);
  add_line (lines, "planned", planned, f->planned, O (planned), h, FALSE, FALSE);
  add_line (lines, "planned.national", _("National"),
            f->planned_national, O (planned_national), h, FALSE, TRUE);
  add_line (lines, "planned.provincial", _("Provincial"),
            f->planned_provincial, O (planned_provincial), h, FALSE, TRUE);
  if (f->planned_grassroots > 0 || O (planned_grassroots) > 0)
    add_line (lines, "planned.grassroots", _("Grassroots"),
              f->planned_grassroots, O (planned_grassroots), h, FALSE, TRUE);

  add_line (lines, "budget", _("Budget of the tasks monitored"),
            f->budget_total, O (budget_total), h, TRUE, FALSE);
  add_line (lines, "budget", _("Central budget"), f->budget_central, O (budget_central), h, TRUE, TRUE);
  add_line (lines, "budget", _("Local budget"), f->budget_local, O (budget_local), h, TRUE, TRUE);
  add_line (lines, "budget", _("Other sources"), f->budget_other, O (budget_other), h, TRUE, TRUE);
#undef O

  return lines;
}

static char *
format_value (const FigureLine *line,
              gint64            value)
{
  if (line->money)
    return tkt_text_format_money (value);
  return tkt_text_format_count ((guint) MAX (value, 0));
}

static char *
format_change (const FigureLine *line)
{
  gint64 change = line->value - line->other;
  g_autofree char *abs = NULL;

  if (change == 0)
    return g_strdup ("±0");
  abs = line->money ? tkt_text_format_money (ABS (change))
                    : tkt_text_format_number (ABS (change));
  /* U+2212 MINUS SIGN */
  return g_strconcat (change > 0 ? "+" : "\xe2\x88\x92", abs, NULL);
}

/* "24 · 2022: 20 · +4" */
static char *
figure_line_text (const FigureLine *line,
                  int               other_year)
{
  g_autofree char *value = format_value (line, line->value);
  g_autofree char *other = NULL;
  g_autofree char *change = NULL;

  if (!line->has_other)
    return g_steal_pointer (&value);

  other = format_value (line, line->other);
  change = format_change (line);
  return g_strdup_printf ("%s · %d: %s · %s", value, other_year, other, change);
}

static void
clear_figure_rows (TktReportPage *self)
{
  for (guint i = 0; i < self->figure_rows->len; i++)
    adw_preferences_group_remove (self->figures_group, g_ptr_array_index (self->figure_rows, i));
  g_ptr_array_set_size (self->figure_rows, 0);
}

static void
rebuild_figures (TktReportPage *self)
{
  g_autoptr(GPtrArray) lines = NULL;

  clear_figure_rows (self);

  if (self->figures == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     self->computing ? _("Computing the figures…")
                                                     : _("No figures yet"));
      adw_preferences_group_add (self->figures_group, row);
      g_ptr_array_add (self->figure_rows, row);
      return;
    }

  lines = figure_lines (self->figures, self->previous);
  for (guint i = 0; i < lines->len; i++)
    {
      FigureLine *line = g_ptr_array_index (lines, i);
      g_autofree char *text = figure_line_text (line, self->figures->year - 1);
      g_autofree char *accessible = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (text);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->label);
      gtk_widget_set_name (row, line->key);
      /* A figure with last year's beside it is long: on a narrow window
       * it wraps (between words, never inside a number). */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
      if (!line->sub)
        gtk_widget_add_css_class (label, "heading");
      else
        {
          GtkWidget *indent = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

          gtk_widget_set_size_request (indent, 18, -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), indent);
          gtk_widget_add_css_class (row, "dim-label");
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "tkt-figure-text", g_strdup (text), g_free);

      if (!line->money)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "report.show-figure");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                                  g_variant_new_string (line->key));
          gtk_widget_set_tooltip_text (row, _("Show the tasks behind this figure"));
        }
      accessible = g_strdup_printf ("%s: %s", line->label, text);
      tkt_accessible_set_label (row, accessible);

      adw_preferences_group_add (self->figures_group, row);
      g_ptr_array_add (self->figure_rows, row);
    }
}

static void
figures_changed (TktReportPage *self)
{
  rebuild_figures (self);
  for (guint i = 0; i < TKT_N_CHARTS; i++)
    {
      /* The document's own (Vietnamese) title of the chart. */
      g_autofree char *title = self->figures != NULL ? tkt_chart_title (i, self->figures) : NULL;

      gtk_label_set_text (GTK_LABEL (self->chart_titles[i]), title != NULL ? title : "");
      gtk_widget_queue_draw (self->charts[i]);
    }
  actions_update (self);
}

/* Which copy the page shows: the frozen one once issued. */
static void
choose_figures (TktReportPage *self)
{
  g_clear_pointer (&self->figures, tkt_figures_free);
  g_clear_pointer (&self->previous, tkt_figures_free);

  if (self->report == NULL)
    return;

  if (tkt_report_is_frozen (self->report))
    {
      g_autoptr(GError) error = NULL;

      if (!tkt_report_get_figures (self->report, self->store, &self->figures, &self->previous, &error))
        g_warning ("Frozen figures of report %d: %s", tkt_report_get_year (self->report), error->message);
    }
  else if (self->live != NULL && self->live->year == tkt_report_get_year (self->report))
    {
      self->figures = figures_copy (self->live);
      self->previous = figures_copy (self->live_previous);
    }
}

typedef struct {
  char       *path;
  int         year;
  guint       serial;
  TktFigures *figures;
  TktFigures *previous;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->figures, tkt_figures_free);
  g_clear_pointer (&data->previous, tkt_figures_free);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  g_autoptr(TktStore) store = NULL;
  GError *error = NULL;

  /* A connection of our own: SQLite connections are not shared between
   * threads, and WAL lets this reader run beside the window's writes. */
  store = tkt_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->figures = tkt_figures_compute (store, data->year, &error);
  if (data->figures == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->previous = tkt_figures_compute (store, data->year - 1, &error);
  if (data->previous == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* The threads' tasks hold the page weakly: a page closed while they run
 * is finalized at once, and they find it gone. */
static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static TktReportPage *
weak_ref_steal (gpointer user_data)
{
  GWeakRef *ref = user_data;
  TktReportPage *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static void
compute_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TktReportPage) self = weak_ref_steal (user_data);
  ComputeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (data->serial == self->compute_serial)
        {
          set_computing (self, FALSE);
          toast (self, error->message);
          rebuild_figures (self);
        }
      return;
    }

  /* A newer computation supersedes this one. */
  if (self == NULL || data->serial != self->compute_serial)
    return;

  set_computing (self, FALSE);
  if (self->report == NULL || tkt_report_get_year (self->report) != data->year)
    return;

  g_clear_pointer (&self->live, tkt_figures_free);
  g_clear_pointer (&self->live_previous, tkt_figures_free);
  self->live = g_steal_pointer (&data->figures);
  self->live_previous = g_steal_pointer (&data->previous);

  choose_figures (self);
  figures_changed (self);
}

static void
start_compute (TktReportPage *self)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  if (self->report == NULL)
    return;

  data = g_new0 (ComputeData, 1);
  data->path = g_strdup (tkt_store_get_path (self->store));
  data->year = tkt_report_get_year (self->report);
  data->serial = ++self->compute_serial;

  set_computing (self, TRUE);
  task = g_task_new (NULL, self->cancellable, compute_ready_cb, weak_ref_new (self));
  g_task_set_source_tag (task, start_compute);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
recompute_timeout_cb (gpointer user_data)
{
  TktReportPage *self = TKT_REPORT_PAGE (user_data);

  self->recompute_id = 0;
  start_compute (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_recompute (TktReportPage *self,
                    guint          delay_ms)
{
  g_clear_handle_id (&self->recompute_id, g_source_remove);
  if (self->report == NULL)
    return;
  if (delay_ms == 0)
    start_compute (self);
  else
    self->recompute_id = g_timeout_add (delay_ms, recompute_timeout_cb, self);
}

/* ---- charts ------------------------------------------------------------- */

static void
set_rgba (double         out[4],
          const GdkRGBA *rgba)
{
  out[0] = rgba->red;
  out[1] = rgba->green;
  out[2] = rgba->blue;
  out[3] = rgba->alpha;
}

static void
chart_draw_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  TktReportPage *self = TKT_REPORT_PAGE (user_data);
  TktChartKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "tkt-chart-kind"));
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  TktChartStyle style;
  GdkRGBA fg;
  /* Adwaita's blue 3 / blue 2 and its greys, as the dark or light style shows them. */
  static const GdkRGBA light_series[2] = { { 0.110, 0.443, 0.847, 1 }, { 0.604, 0.600, 0.588, 1 } };
  static const GdkRGBA dark_series[2]  = { { 0.384, 0.627, 0.918, 1 }, { 0.467, 0.463, 0.482, 1 } };

  if (self->figures == NULL)
    return;

  tkt_chart_style_init_default (&style);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  set_rgba (style.foreground, &fg);
  style.background[3] = 0;   /* the card's own background */
  set_rgba (style.series[0], dark ? &dark_series[0] : &light_series[0]);
  set_rgba (style.series[1], dark ? &dark_series[1] : &light_series[1]);

  tkt_chart_draw (cr, kind, self->figures, self->previous, &style, 8, 8, width - 16, height - 16);
}

static void
style_changed_cb (TktReportPage *self)
{
  for (guint i = 0; i < TKT_N_CHARTS; i++)
    if (self->charts[i] != NULL)
      gtk_widget_queue_draw (self->charts[i]);
}

static void
add_charts (TktReportPage *self)
{
  static const char *names[TKT_N_CHARTS] = {
    N_("Tasks monitored by level and programme"),
    N_("Results transferred by sector"),
    N_("The year against the year before"),
  };

  for (guint i = 0; i < TKT_N_CHARTS; i++)
    {
      GtkWidget *area = gtk_drawing_area_new ();
      GtkWidget *title = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_box_append (self->charts_box, title);
      self->chart_titles[i] = title;

      g_object_set_data (G_OBJECT (area), "tkt-chart-kind", GINT_TO_POINTER (i));
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 260);
      gtk_widget_set_hexpand (area, TRUE);
      gtk_widget_add_css_class (area, "card");
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), chart_draw_cb, self, NULL);
      tkt_accessible_set_label (area, _(names[i]));
      gtk_widget_set_tooltip_text (area, _(names[i]));
      gtk_box_append (self->charts_box, area);
      self->charts[i] = area;
    }
}

/* ---- the years list ----------------------------------------------------- */

static void
select_year_row_quietly (TktReportPage *self,
                         int            year)
{
  GtkListBoxRow *row;

  self->selecting = TRUE;
  gtk_list_box_unselect_all (self->years_list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->years_list, i)) != NULL; i++)
    if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "tkt-year")) == year)
      {
        gtk_list_box_select_row (self->years_list, row);
        break;
      }
  self->selecting = FALSE;
}

static void
reload_years (TktReportPage *self)
{
  g_autoptr(GArray) years = tkt_report_list_years (self->store);

  self->selecting = TRUE;
  remove_all_rows (self->years_list);
  /* Newest first. */
  for (guint i = years != NULL ? years->len : 0; i > 0; i--)
    {
      int year = g_array_index (years, int, i - 1);
      g_autofree char *text = g_strdup_printf ("%d", year);
      g_autofree char *accessible = NULL;
      g_autoptr(TktReport) report = NULL;
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (text);
      gboolean frozen;

      /* The shown report may have unsaved edits: ask it, not the store. */
      if (self->report != NULL && tkt_report_get_year (self->report) == year)
        frozen = tkt_report_is_frozen (self->report);
      else
        {
          report = tkt_report_load (self->store, year, NULL);
          frozen = report != NULL && tkt_report_is_frozen (report);
        }

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      if (frozen)
        {
          GtkWidget *issued = gtk_label_new (_("Issued"));

          gtk_widget_add_css_class (issued, "dim-label");
          gtk_widget_add_css_class (issued, "caption");
          gtk_box_append (GTK_BOX (box), issued);
        }
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "tkt-year", GINT_TO_POINTER (year));
      /* Translators: %d is a year. */
      accessible = frozen ? g_strdup_printf (_("Report %d, issued"), year)
                          : g_strdup_printf (_("Report %d"), year);
      tkt_accessible_set_label (row, accessible);
      gtk_list_box_append (self->years_list, row);
    }
  self->selecting = FALSE;

  if (self->report != NULL)
    select_year_row_quietly (self, tkt_report_get_year (self->report));
}

/* ---- showing a report --------------------------------------------------- */

static void
update_issued_bar (TktReportPage *self)
{
  gboolean frozen = self->report != NULL && tkt_report_is_frozen (self->report);

  if (frozen)
    {
      const char *issued_at = tkt_report_get_issued_at (self->report);
      g_autofree char *date = NULL;
      g_autofree char *text = NULL;

      if (issued_at != NULL && strlen (issued_at) >= 10)
        {
          g_autofree char *iso = g_strndup (issued_at, 10);
          date = tkt_text_format_iso_date (iso);
        }
      /* Translators: %s is a date. */
      text = date != NULL
             ? g_strdup_printf (_("This report was issued on %s. Its figures are frozen: later edits to tasks no longer change them."), date)
             : g_strdup (_("This report is issued. Its figures are frozen: later edits to tasks no longer change them."));
      gtk_label_set_label (self->issued_label, text);
    }
  gtk_info_bar_set_revealed (self->issued_bar, frozen);
}

static void
update_title (TktReportPage *self)
{
  g_autofree char *title = NULL;

  if (self->report == NULL)
    return;
  /* Translators: %d is a year. */
  title = g_strdup_printf (_("Report %d"), tkt_report_get_year (self->report));
  gtk_label_set_label (self->report_title_label, title);
}

static void
show_report (TktReportPage *self,
             TktReport     *report)
{
  gboolean same_year = self->report != NULL && report != NULL &&
                       tkt_report_get_year (self->report) == tkt_report_get_year (report);

  g_set_object (&self->report, report);
  g_clear_pointer (&self->undo_snapshot, json_object_unref);
  gtk_info_bar_set_revealed (self->conflict_bar, FALSE);

  if (!same_year)
    {
      g_clear_pointer (&self->live, tkt_figures_free);
      g_clear_pointer (&self->live_previous, tkt_figures_free);
    }

  if (report == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      g_clear_pointer (&self->figures, tkt_figures_free);
      g_clear_pointer (&self->previous, tkt_figures_free);
      set_dirty (self, FALSE);
      return;
    }

  load_report_widgets (self);
  set_dirty (self, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "report");
  choose_figures (self);
  figures_changed (self);
  schedule_recompute (self, 0);
}

static void
load_report_widgets (TktReportPage *self)
{
  TktReport *r = self->report;
  g_auto(GStrv) recipients = NULL;
  g_autofree char *recipients_text = NULL;
  g_autofree char *signer_title = NULL;
  const char *st;

  self->loading = TRUE;
  set_entry_text (self->organisation_row, tkt_report_get_organisation (r));
  set_entry_text (self->parent_organisation_row, tkt_report_get_parent_organisation (r));
  set_entry_text (self->number_row, tkt_report_get_number (r));
  set_entry_text (self->place_row, tkt_report_get_place (r));
  tkt_date_row_set_value (self->date_row, tkt_report_get_date (r));
  st = tkt_report_get_signer_title (r);
  if (st != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (st, "\n", -1);
      signer_title = g_strjoinv (" / ", lines);
    }
  set_entry_text (self->signer_title_row, signer_title);
  set_entry_text (self->signer_name_row, tkt_report_get_signer_name (r));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->recommendations_view),
                            tkt_report_get_recommendations (r) != NULL ? tkt_report_get_recommendations (r) : "",
                            -1);
  recipients = tkt_report_dup_recipients (r);
  recipients_text = recipients != NULL ? g_strjoinv ("\n", recipients) : g_strdup ("");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->recipients_view), recipients_text, -1);
  self->loading = FALSE;

  update_title (self);
  update_issued_bar (self);
  rebuild_sections (self);
  rebuild_plan (self);
}

/* ---- saving ------------------------------------------------------------- */

static gboolean
save_report (TktReportPage *self,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->report == NULL)
    return TRUE;

  if (!tkt_date_row_get_valid (self->date_row))
    {
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                           _("The report's date is not a date: write it as 24/01/2024"));
      return FALSE;
    }


  if (!tkt_report_save (self->report, self->store, &local_error))
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
toast_save_error (TktReportPage *self,
                  const GError  *error)
{
  if (g_error_matches (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT))
    toast (self, _("Not saved: someone else changed this report"));
  else
    {
      /* Translators: %s says why. */
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);
      toast (self, message);
    }
}

/* Before another report is shown or the page is left: keeps no edit
 * behind. */
static gboolean
leave_current (TktReportPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->report == NULL || !self->dirty)
    return TRUE;

  if (save_report (self, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %d is a year. */
      message = g_strdup_printf (_("Report %d saved"), tkt_report_get_year (self->report));
      toast (self, message);
      return TRUE;
    }

  toast_save_error (self, error);
  return FALSE;
}

static void
on_reload_clicked_cb (TktReportPage *self)
{
  g_autoptr(TktReport) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (self->report == NULL)
    return;

  fresh = tkt_report_load (self->store, tkt_report_get_year (self->report), &error);
  if (fresh == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_report (self, fresh);
  reload_years (self);
}

static void
on_year_selected_cb (TktReportPage *self,
                     GtkListBoxRow *row)
{
  int year;
  g_autoptr(TktReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (self->selecting || row == NULL)
    return;

  year = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "tkt-year"));
  if (self->report != NULL && tkt_report_get_year (self->report) == year)
    return;

  if (!leave_current (self))
    {
      select_year_row_quietly (self, tkt_report_get_year (self->report));
      return;
    }

  report = tkt_report_load (self->store, year, &error);
  if (report == NULL)
    {
      toast (self, error->message);
      return;
    }
  show_report (self, report);
}

/* ---- header fields ------------------------------------------------------ */

static void
field_changed_cb (GtkEditable   *editable,
                  TktReportPage *self)
{
  Field field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "tkt-field"));
  const char *text = gtk_editable_get_text (editable);

  if (self->loading || self->report == NULL)
    return;

  switch (field)
    {
    case FIELD_ORGANISATION:
      tkt_report_set_organisation (self->report, text);
      break;
    case FIELD_PARENT_ORGANISATION:
      tkt_report_set_parent_organisation (self->report, text);
      break;
    case FIELD_NUMBER:
      tkt_report_set_number (self->report, text);
      break;
    case FIELD_PLACE:
      tkt_report_set_place (self->report, text);
      break;
    case FIELD_SIGNER_TITLE:
      {
        g_auto(GStrv) parts = g_strsplit (text, "/", -1);
        g_autofree char *joined = NULL;

        for (guint i = 0; parts[i] != NULL; i++)
          g_strstrip (parts[i]);
        joined = g_strjoinv ("\n", parts);
        tkt_report_set_signer_title (self->report, joined);
      }
      break;
    case FIELD_SIGNER_NAME:
      tkt_report_set_signer_name (self->report, text);
      break;
    default:
      g_assert_not_reached ();
    }
  edited (self);
}

static void
date_changed_cb (TktReportPage *self)
{
  if (self->loading || self->report == NULL)
    return;
  if (tkt_date_row_get_valid (self->date_row))
    tkt_report_set_date (self->report, tkt_date_row_get_value (self->date_row));
  edited (self);
}

static void
recommendations_changed_cb (TktReportPage *self)
{
  g_autofree char *text = NULL;

  if (self->loading || self->report == NULL)
    return;
  text = buffer_text (self->recommendations_view);
  tkt_report_set_recommendations (self->report, text);
  edited (self);
}

static void
recipients_changed_cb (TktReportPage *self)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  if (self->loading || self->report == NULL)
    return;
  text = buffer_text (self->recipients_view);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_strstrip (lines[i])[0] != '\0')
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_add (kept, NULL);
  tkt_report_set_recipients (self->report, (const char * const *) kept->pdata);
  edited (self);
}

/* ---- sections ----------------------------------------------------------- */

static void
section_text_changed_cb (GtkTextBuffer *buffer,
                         TktReportPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (buffer), "tkt-section"));
  g_autoptr(TktReportSection) section = NULL;
  GtkTextIter start, end;

  if (self->loading || self->report == NULL || index >= tkt_report_get_n_sections (self->report))
    return;

  section = tkt_report_get_section (self->report, index);
  g_free (section->text);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  section->text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  tkt_report_replace_section (self->report, index, section);
  edited (self);
}

static void
section_title_changed_cb (GtkEditable   *editable,
                          TktReportPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "tkt-section"));
  GtkLabel *heading = g_object_get_data (G_OBJECT (editable), "tkt-heading");
  g_autoptr(TktReportSection) section = NULL;
  const char *text = gtk_editable_get_text (editable);

  if (self->loading || self->report == NULL || index >= tkt_report_get_n_sections (self->report))
    return;

  section = tkt_report_get_section (self->report, index);
  g_free (section->title);
  section->title = g_strdup (text);
  tkt_report_replace_section (self->report, index, section);
  gtk_label_set_label (heading, text[0] != '\0' ? text : _("Untitled Section"));
  edited (self);
}

static GMenuModel *
sentence_menu (guint index)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sentence_labels); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(sentence_labels[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "report.insert-sentence",
                                               g_variant_new ("(us)", index,
                                                              tkt_sentence_to_key (sentence_labels[i].which)));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static GtkWidget *
new_text_view (const char *accessible_label,
               int         height)
{
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  /* Tab moves on to the next control, as in every other field. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_set_size_request (view, -1, height);
  tkt_accessible_set_label (view, accessible_label);

  return view;
}

static void
rebuild_sections (TktReportPage *self)
{
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);
  g_ptr_array_set_size (self->section_views, 0);

  if (self->report == NULL)
    return;

  self->loading = TRUE;
  n = tkt_report_get_n_sections (self->report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (self->report, i);
      g_autoptr(GMenuModel) menu = sentence_menu (i);
      gboolean custom = section->key != NULL && g_str_has_prefix (section->key, "custom:");
      const char *title = section->title != NULL && section->title[0] != '\0'
                          ? section->title : _("Untitled Section");
      g_autofree char *insert_label = NULL;
      g_autofree char *text_label = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *heading = gtk_label_new (NULL);
      GtkWidget *insert = gtk_menu_button_new ();
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *view;
      GtkTextBuffer *buffer;

      gtk_label_set_text (GTK_LABEL (heading), title);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_widget_set_hexpand (heading, TRUE);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (header), heading);

      gtk_menu_button_set_label (GTK_MENU_BUTTON (insert), _("_Insert Figures Sentence"));
      gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (insert), TRUE);
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (insert), menu);
      gtk_widget_set_valign (insert, GTK_ALIGN_CENTER);
      /* Translators: %s is the title of a section of the report. */
      insert_label = g_strdup_printf (_("Insert a figures sentence into “%s”"), title);
      gtk_widget_set_tooltip_text (insert, insert_label);
      tkt_accessible_set_label (insert, insert_label);
      gtk_box_append (GTK_BOX (header), insert);

      if (custom)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove Section"));
          tkt_accessible_set_label (remove, _("Remove Section"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "report.remove-item");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove),
                                                  g_variant_new ("(su)", "section", i));
          gtk_box_append (GTK_BOX (header), remove);
        }
      gtk_box_append (GTK_BOX (box), header);

      if (custom)
        {
          GtkWidget *entry = gtk_entry_new ();

          gtk_editable_set_text (GTK_EDITABLE (entry), section->title != NULL ? section->title : "");
          gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Section title"));
          tkt_accessible_set_label (entry, _("Section title"));
          g_object_set_data (G_OBJECT (entry), "tkt-section", GUINT_TO_POINTER (i));
          g_object_set_data (G_OBJECT (entry), "tkt-heading", heading);
          g_signal_connect_object (entry, "changed", G_CALLBACK (section_title_changed_cb), self, 0);
          gtk_box_append (GTK_BOX (box), entry);
        }

      /* Translators: %s is the title of a section of the report. */
      text_label = g_strdup_printf (_("Text of “%s”"), title);
      view = new_text_view (text_label, 120);
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
      gtk_text_buffer_set_text (buffer, section->text != NULL ? section->text : "", -1);
      g_object_set_data (G_OBJECT (buffer), "tkt-section", GUINT_TO_POINTER (i));
      g_signal_connect_object (buffer, "changed", G_CALLBACK (section_text_changed_cb), self, 0);
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_box_append (GTK_BOX (box), frame);

      g_ptr_array_add (self->section_views, view);
      gtk_box_append (self->sections_box, box);
    }
  self->loading = FALSE;
}

/* Puts the report's section texts back into the views (after generated
 * sentences changed them). */
static void
reload_section_texts (TktReportPage *self)
{
  self->loading = TRUE;
  for (guint i = 0; i < self->section_views->len && i < tkt_report_get_n_sections (self->report); i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (self->report, i);
      GtkTextView *view = g_ptr_array_index (self->section_views, i);
      g_autofree char *current = buffer_text (view);

      if (g_strcmp0 (current, section->text != NULL ? section->text : "") != 0)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (view),
                                  section->text != NULL ? section->text : "", -1);
    }
  self->loading = FALSE;
}

/* ---- plan rows ---------------------------------------------------------- */

static GtkWidget *
item_button (const char *icon,
             const char *label,
             const char *action,
             const char *kind,
             guint       index)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  tkt_accessible_set_label (button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new ("(su)", kind, index));

  return button;
}

static void
add_item_row (GtkListBox *list,
              const char *kind,
              guint       index,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL && subtitle[0] != '\0')
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
    }
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             item_button ("document-edit-symbolic", _("Edit"), "report.edit-item", kind, index));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             item_button ("user-trash-symbolic", _("Remove"), "report.remove-item", kind, index));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "report.edit-item");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new ("(su)", kind, index));
  /* Named by its title, through AdwActionRow's own relation. */
  gtk_list_box_append (list, row);
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

static void
rebuild_plan (TktReportPage *self)
{
  g_autofree char *count = NULL;
  guint n;

  remove_all_rows (self->groups_list);
  remove_all_rows (self->targets_list);
  remove_all_rows (self->documents_list);
  if (self->report == NULL)
    return;

  n = tkt_report_get_n_groups (self->report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktPlanGroup) group = tkt_report_get_group (self->report, i);
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, group->title != NULL ? group->title : "");

      add_item_row (self->groups_list, "group", i, title, group->text);
    }
  count = n > 0 ? tkt_report_format_group_count (self->report) : NULL;
  adw_preferences_group_set_description (self->groups_group, count);

  n = tkt_report_get_n_targets (self->report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktPlanTarget) target = tkt_report_get_target (self->report, i);

      add_item_row (self->targets_list, "target", i, target->label, target->value);
    }

  n = tkt_report_get_n_documents (self->report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktDocRef) doc = tkt_report_get_document (self->report, i);
      g_autofree char *text = tkt_doc_ref_format (doc);

      add_item_row (self->documents_list, "document", i, text, NULL);
    }
}

/* The dialog that edits one group, target or document. */
typedef struct {
  TktReportPage *page;   /* owned */
  char          *kind;
  guint          index;  /* G_MAXUINT: a new one */
  GtkWidget     *fields[4];
  GtkWidget     *text_view;
} ItemDialog;

static void
item_dialog_free (ItemDialog *data)
{
  g_clear_object (&data->page);
  g_free (data->kind);
  g_free (data);
}

static GtkWidget *
item_entry (GtkWidget  *list,
            const char *title,
            const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return row;
}

static const char *
field_text (GtkWidget *w)
{
  return gtk_editable_get_text (GTK_EDITABLE (w));
}

static void
item_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         ItemDialog       *data)
{
  TktReportPage *self = data->page;
  gboolean append = data->index == G_MAXUINT;

  if (g_strcmp0 (response, "save") != 0 || self->report == NULL)
    return;

  if (g_str_equal (data->kind, "group"))
    {
      g_autofree char *text = buffer_text (GTK_TEXT_VIEW (data->text_view));
      TktPlanGroup group = { (char *) field_text (data->fields[0]), text };

      if (append)
        tkt_report_append_group (self->report, &group);
      else
        tkt_report_replace_group (self->report, data->index, &group);
    }
  else if (g_str_equal (data->kind, "target"))
    {
      TktPlanTarget target = { (char *) field_text (data->fields[0]), (char *) field_text (data->fields[1]) };

      if (append)
        tkt_report_append_target (self->report, &target);
      else
        tkt_report_replace_target (self->report, data->index, &target);
    }
  else
    {
      TktDocRef doc = {
        (char *) field_text (data->fields[0]),
        (char *) tkt_date_row_get_value (TKT_DATE_ROW (data->fields[1])),
        (char *) field_text (data->fields[2]),
        (char *) field_text (data->fields[3]),
      };

      if (append)
        tkt_report_append_document (self->report, &doc);
      else
        tkt_report_replace_document (self->report, data->index, &doc);
    }

  rebuild_plan (self);
  set_dirty (self, TRUE);
}

static void
open_item_dialog (TktReportPage *self,
                  const char    *kind,
                  guint          index)
{
  gboolean append = index == G_MAXUINT;
  ItemDialog *data = g_new0 (ItemDialog, 1);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  const char *heading;

  data->page = g_object_ref (self);
  data->kind = g_strdup (kind);
  data->index = index;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);

  if (g_str_equal (kind, "group"))
    {
      g_autoptr(TktPlanGroup) group = append ? NULL : tkt_report_get_group (self->report, index);
      GtkWidget *frame = gtk_frame_new (NULL);

      heading = append ? _("New Task Group") : _("Edit Task Group");
      data->fields[0] = item_entry (list, _("Title"), group ? group->title : NULL);
      data->text_view = new_text_view (_("Description"), 120);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (data->text_view)),
                                group && group->text ? group->text : "", -1);
      gtk_frame_set_child (GTK_FRAME (frame), data->text_view);
      gtk_box_append (GTK_BOX (box), frame);
    }
  else if (g_str_equal (kind, "target"))
    {
      g_autoptr(TktPlanTarget) target = append ? NULL : tkt_report_get_target (self->report, index);

      heading = append ? _("New Target") : _("Edit Target");
      data->fields[0] = item_entry (list, _("Target"), target ? target->label : NULL);
      data->fields[1] = item_entry (list, _("Value"), target ? target->value : NULL);
    }
  else
    {
      g_autoptr(TktDocRef) doc = append ? NULL : tkt_report_get_document (self->report, index);

      heading = append ? _("New Document") : _("Edit Document");
      data->fields[0] = item_entry (list, _("Number and symbol"), doc ? doc->number : NULL);
      data->fields[1] = tkt_date_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->fields[1]), _("Date"));
      tkt_date_row_set_value (TKT_DATE_ROW (data->fields[1]), doc ? doc->date : NULL);
      gtk_list_box_append (GTK_LIST_BOX (list), data->fields[1]);
      data->fields[2] = item_entry (list, _("Issuer"), doc ? doc->issuer : NULL);
      data->fields[3] = item_entry (list, _("Title"), doc ? doc->title : NULL);
    }

  dialog = adw_message_dialog_new (parent_window (self), heading, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", append ? _("_Add") : _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tkt-item", data, (GDestroyNotify) item_dialog_free);
  g_signal_connect (dialog, "response", G_CALLBACK (item_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_group_clicked_cb (TktReportPage *self)
{
  if (self->report != NULL)
    open_item_dialog (self, "group", G_MAXUINT);
}

static void
on_add_target_clicked_cb (TktReportPage *self)
{
  if (self->report != NULL)
    open_item_dialog (self, "target", G_MAXUINT);
}

static void
on_add_document_clicked_cb (TktReportPage *self)
{
  if (self->report != NULL)
    open_item_dialog (self, "document", G_MAXUINT);
}

/* ---- the tasks behind a figure ----------------------------------------- */

static void
task_row_activated_cb (GtkListBox    *list,
                       GtkListBoxRow *row,
                       GtkWindow     *dialog)
{
  TktReportPage *self = g_object_get_data (G_OBJECT (dialog), "tkt-page");
  const char *id = gtk_widget_get_name (GTK_WIDGET (row));

  if (self == NULL || id == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-task", "s", id);
  gtk_window_destroy (dialog);
}

static void
show_figure_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  GtkWidget *window, *box, *header, *title, *scrolled, *clamp, *list;
  g_autofree char *subtitle = NULL;
  const char *label = key;
  guint n;

  if (self->report == NULL)
    return;

  ids = tkt_figures_query_ids (self->store, tkt_report_get_year (self->report), key, &error);
  if (ids == NULL)
    {
      toast (self, error->message);
      return;
    }
  n = g_strv_length (ids);

  for (guint i = 0; i < self->figure_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->figure_rows, i);

      if (g_strcmp0 (gtk_widget_get_name (row), key) == 0)
        {
          label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
          break;
        }
    }

  window = adw_window_new ();
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent_window (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 560);
  gtk_window_set_title (GTK_WINDOW (window), label);
  g_object_set_data_full (G_OBJECT (window), "tkt-page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (window), "tkt-figure", g_strdup (key), g_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  subtitle = g_strdup_printf (ngettext ("%u task", "%u tasks", n), n);
  title = adw_window_title_new (label, subtitle);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  tkt_accessible_set_label (list, _("Tasks behind the figure"));
  add_placeholder (GTK_LIST_BOX (list), _("No tasks"));
  for (guint i = 0; i < n && i < MAX_LISTED_TASKS; i++)
    {
      g_autoptr(TktTask) task = tkt_task_load (self->store, ids[i], NULL);
      GtkWidget *row = adw_action_row_new ();
      const char *code = task != NULL ? tkt_task_get_code (task) : NULL;
      const char *task_title = task != NULL ? tkt_task_get_title (task) : ids[i];

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), task_title != NULL ? task_title : "");
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      if (code != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), code);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, ids[i]);
      gtk_widget_set_tooltip_text (row, _("Show this task on the Tasks page"));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect_object (list, "row-activated", G_CALLBACK (task_row_activated_cb), window, 0);

  clamp = adw_clamp_new ();
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_top (clamp, 12);
  gtk_widget_set_margin_bottom (clamp, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  if (n > MAX_LISTED_TASKS)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more task", "and %u more tasks",
                                                         n - MAX_LISTED_TASKS),
                                               n - MAX_LISTED_TASKS);
      GtkWidget *more_label = gtk_label_new (more);

      gtk_widget_add_css_class (more_label, "dim-label");
      gtk_widget_set_margin_bottom (more_label, 12);
      gtk_box_append (GTK_BOX (box), more_label);
    }

  adw_window_set_content (ADW_WINDOW (window), box);
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, shortcuts);
  }
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- actions ------------------------------------------------------------ */

static int
default_new_year (TktReportPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GArray) years = tkt_report_list_years (self->store);
  int year = g_date_time_get_year (now) - 1;
  gboolean taken = TRUE;

  /* In the spring the report is of the year just ended; the first free
   * year from there. */
  while (taken)
    {
      taken = FALSE;
      for (guint i = 0; years != NULL && i < years->len; i++)
        if (g_array_index (years, int, i) == year)
          taken = TRUE;
      if (taken)
        year++;
    }

  return year;
}

typedef struct {
  TktReportPage *page;   /* owned */
  GtkWidget     *year;
  GtkWidget     *organisation;
  GtkWidget     *parent_organisation;
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
  TktReportPage *self = data->page;
  int year = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (data->year));
  g_autoptr(TktReport) report = NULL;
  g_autoptr(TktReport) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *place = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;

  if (g_strcmp0 (response, "create") != 0)
    return;

  if (!leave_current (self))
    return;

  existing = tkt_report_load (self->store, year, NULL);
  if (existing != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is already a report for %d"), year);

      show_report (self, existing);
      reload_years (self);
      tkt_fold_show_detail (GTK_WIDGET (self), TRUE);
      toast (self, message);
      return;
    }

  report = tkt_report_new (year,
                           field_text (data->organisation),
                           field_text (data->parent_organisation));
  place = settings_string (self, "place");
  if (place != NULL && place[0] != '\0')
    tkt_report_set_place (report, place);
  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y-%m-%d");
  tkt_report_set_date (report, today);

  if (!tkt_report_save (report, self->store, &error))
    {
      tkt_show_error (GTK_WIDGET (self), _("Could Not Create the Report"), error->message);
      return;
    }

  show_report (self, report);
  reload_years (self);
  tkt_fold_show_detail (GTK_WIDGET (self), TRUE);
}

static void
report_new_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  NewDialog *data = g_new0 (NewDialog, 1);
  g_autofree char *organisation = settings_string (self, "organisation");
  g_autofree char *parent = settings_string (self, "parent-organisation");
  GtkWidget *dialog, *list, *year_row;

  data->page = g_object_ref (self);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  year_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (year_row), _("Year"));
  data->year = gtk_spin_button_new_with_range (1990, 2100, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (data->year), default_new_year (self));
  gtk_widget_set_valign (data->year, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (year_row), data->year);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (year_row), data->year);
  gtk_list_box_append (GTK_LIST_BOX (list), year_row);

  data->parent_organisation = item_entry (list, _("Parent organisation"), parent);
  data->organisation = item_entry (list, _("Organisation"), organisation);

  dialog = adw_message_dialog_new (parent_window (self), _("New Report"),
                                   _("The report of a year: its figures are computed from the register."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tkt-new", data, (GDestroyNotify) new_dialog_free);
  g_signal_connect (dialog, "response", G_CALLBACK (new_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (data->year);
}

static void
report_save_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->report == NULL)
    return;
  if (!save_report (self, &error))
    {
      toast_save_error (self, error);
      return;
    }
  toast (self, _("Report saved"));
}

/* Issue */

static gboolean
ensure_live_figures (TktReportPage *self,
                     GError       **error)
{
  int year = tkt_report_get_year (self->report);

  if (self->live != NULL && self->live->year == year && self->live_previous != NULL)
    return TRUE;

  /* Not computed yet (the thread is still at it): a report's figures take
   * a few milliseconds, do it here. */
  g_clear_pointer (&self->live, tkt_figures_free);
  g_clear_pointer (&self->live_previous, tkt_figures_free);
  self->live = tkt_figures_compute (self->store, year, error);
  if (self->live == NULL)
    return FALSE;
  self->live_previous = tkt_figures_compute (self->store, year - 1, error);

  return self->live_previous != NULL;
}

static void
issue_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   TktReportPage    *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "issue") != 0 || self->report == NULL)
    return;

  if (!ensure_live_figures (self, &error))
    {
      tkt_show_error (GTK_WIDGET (self), _("Could Not Issue the Report"), error->message);
      return;
    }

  tkt_report_freeze (self->report, self->live, self->live_previous);
  if (!save_report (self, &error))
    {
      tkt_report_unfreeze (self->report);
      toast_save_error (self, error);
      return;
    }

  update_issued_bar (self);
  choose_figures (self);
  figures_changed (self);
  reload_years (self);
  toast (self, _("Report issued"));
}

static void
report_issue_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->report == NULL || tkt_report_is_frozen (self->report))
    return;

  /* Translators: %d is a year. */
  heading = g_strdup_printf (_("Issue the %d Report?"), tkt_report_get_year (self->report));
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("Its figures will be frozen into the report: later edits to tasks no longer change them. You can reopen it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "issue", _("_Issue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (issue_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
report_reopen_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->report == NULL || !tkt_report_is_frozen (self->report))
    return;

  tkt_report_unfreeze (self->report);
  if (!save_report (self, &error))
    {
      toast_save_error (self, error);
      return;
    }
  update_issued_bar (self);
  choose_figures (self);
  figures_changed (self);
  reload_years (self);
  schedule_recompute (self, 0);
  toast (self, _("Report reopened: its figures follow the register again"));
}

static void
report_compare_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  GtkWidget *dialog, *grid, *scrolled;
  const char *headers[4] = { _("Figure"), _("Issued"), _("Live"), _("Change") };
  guint differing = 0;

  if (self->report == NULL || self->figures == NULL || !tkt_report_is_frozen (self->report))
    return;
  if (!ensure_live_figures (self, &error))
    {
      tkt_show_error (GTK_WIDGET (self), _("Could Not Compute the Live Figures"), error->message);
      return;
    }

  /* live beside frozen: the change is what happened since issuing. */
  lines = figure_lines (self->live, self->figures);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (int c = 0; c < 4; c++)
    {
      GtkWidget *label = gtk_label_new (headers[c]);

      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (grid), label, c, 0, 1, 1);
    }
  for (guint i = 0; i < lines->len; i++)
    {
      FigureLine *line = g_ptr_array_index (lines, i);
      g_autofree char *frozen = format_value (line, line->other);
      g_autofree char *live = format_value (line, line->value);
      g_autofree char *change = format_change (line);
      g_autofree char *name = g_strconcat (line->sub ? "    " : "", line->label, NULL);
      const char *cells[4] = { name, frozen, live, change };

      if (line->value != line->other)
        differing++;
      for (int c = 0; c < 4; c++)
        {
          GtkWidget *label = gtk_label_new (cells[c]);

          gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
          if (c > 0)
            gtk_widget_add_css_class (label, "numeric");
          if (c == 3 && line->value != line->other)
            gtk_widget_add_css_class (label, "warning");
          gtk_grid_attach (GTK_GRID (grid), label, c, (int) i + 1, 1, 1);
        }
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);

  dialog = adw_message_dialog_new (parent_window (self), _("Issued and Live Figures"),
                                   differing == 0
                                   ? _("The register still gives the figures of the issued report.")
                                   : _("The register has changed since the report was issued."));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 620, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Export PDF */

typedef struct {
  TktReport  *report;     /* a copy: the thread has it to itself */
  TktFigures *figures;
  TktFigures *previous;
  GFile      *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->report);
  g_clear_pointer (&data->figures, tkt_figures_free);
  g_clear_pointer (&data->previous, tkt_figures_free);
  g_clear_object (&data->file);
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
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Choose a file on this computer"));
      return;
    }
  if (!tkt_report_write_pdf (data->report, data->figures, data->previous, path, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
open_file_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *uri = g_variant_get_string (parameter, NULL);
  GtkWindow *window = parent_window (TKT_REPORT_PAGE (widget));

  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

static void
export_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TktReportPage) self = weak_ref_steal (user_data);
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
      tkt_show_error (GTK_WIDGET (self), _("PDF Export Failed"), error->message);
      return;
    }

  set_busy (self, FALSE);
  name = g_file_get_basename (data->file);
  uri = g_file_get_uri (data->file);
  message = g_strdup_printf (_("Exported to “%s”"), name);
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Open"));
  adw_toast_set_action_name (t, "report.open-file");
  adw_toast_set_action_target_value (t, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static gboolean
ensure_figures (TktReportPage *self,
                GError       **error)
{
  if (self->figures != NULL && self->figures->year == tkt_report_get_year (self->report))
    return TRUE;
  if (!ensure_live_figures (self, error))
    return FALSE;
  choose_figures (self);
  figures_changed (self);

  return self->figures != NULL;
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    TktReportPage   *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  actions_update (self);

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      if (!g_str_has_suffix (name, ".pdf") && !g_str_has_suffix (name, ".PDF"))
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autofree char *with_ext = g_strconcat (name, ".pdf", NULL);
          GFile *child = g_file_get_child (parent, with_ext);

          g_object_unref (file);
          file = child;
        }
      tkt_report_page_export_pdf (self, file);
    }
}

static void
report_export_pdf_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->report == NULL || self->busy || self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Report as PDF"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* The file name is the document's, in Vietnamese without accents. */
  name = g_strdup_printf ("bao-cao-tong-ket-%d.pdf", tkt_report_get_year (self->report));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (self->chooser);
  actions_update (self);
}

/* Print */

static gpointer
print_layout (GtkWidget      *widget,
              double          width,
              double          height,
              guint          *n_pages,
              GDestroyNotify *free_layout)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  TktReportLayout *layout;

  if (self->report == NULL)
    return NULL;
  layout = tkt_report_layout_new (self->report, self->figures, self->previous, width, height);
  *n_pages = tkt_report_layout_get_n_pages (layout);
  *free_layout = (GDestroyNotify) tkt_report_layout_free;
  return layout;
}

static void
report_print_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;

  if (self->report == NULL)
    return;
  if (!ensure_figures (self, &error))
    {
      tkt_show_error (widget, _("Printing Failed"), error->message);
      return;
    }
  job = g_strdup_printf ("bao-cao-tong-ket-%d", tkt_report_get_year (self->report));
  tkt_print_run (widget, job, print_layout, (TktPrintDrawFunc) tkt_report_layout_draw_page);
}

/* Sections and plan items */

static void
report_add_section_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *key = g_strconcat ("custom:", uuid, NULL);
  TktReportSection section = { key, (char *) "", (char *) "" };
  guint n;

  if (self->report == NULL)
    return;

  tkt_report_append_section (self->report, &section);
  rebuild_sections (self);
  set_dirty (self, TRUE);

  /* Straight to the new section's title. */
  n = self->section_views->len;
  if (n > 0)
    {
      GtkWidget *view = g_ptr_array_index (self->section_views, n - 1);
      GtkWidget *box = gtk_widget_get_parent (gtk_widget_get_parent (view));

      for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_ENTRY (child))
          {
            gtk_widget_grab_focus (child);
            break;
          }
    }
}

static void
report_insert_sentence_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  guint index;
  const char *key;
  TktSentence which;
  g_autofree char *sentence = NULL;

  g_variant_get (parameter, "(u&s)", &index, &key);
  if (self->report == NULL || self->figures == NULL ||
      index >= tkt_report_get_n_sections (self->report) ||
      !tkt_sentence_from_key (key, &which))
    return;

  sentence = tkt_figures_sentence (self->figures, which);
  if (sentence == NULL)
    {
      toast (self, _("Nothing to say: that figure is zero this year"));
      return;
    }

  tkt_report_insert_sentence (self->report, index, which, self->figures);
  reload_section_texts (self);
  set_dirty (self, TRUE);

  if (index < self->section_views->len)
    {
      GtkTextView *view = g_ptr_array_index (self->section_views, index);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_place_cursor (buffer, &end);
      gtk_widget_grab_focus (GTK_WIDGET (view));
    }
}

static void
report_refresh_sentences_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  guint changed;

  if (self->report == NULL || self->figures == NULL)
    return;

  changed = tkt_report_refresh_sentences (self->report, self->figures);
  if (changed == 0)
    {
      toast (self, _("The inserted sentences already give the current figures"));
      return;
    }

  reload_section_texts (self);
  set_dirty (self, TRUE);
  {
    g_autofree char *message = g_strdup_printf (ngettext ("%u sentence updated",
                                                          "%u sentences updated", changed),
                                                changed);
    toast (self, message);
  }
}

static void
report_edit_item_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  const char *kind;
  guint index;

  g_variant_get (parameter, "(&su)", &kind, &index);
  if (self->report != NULL && !g_str_equal (kind, "section"))
    open_item_dialog (self, kind, index);
}

static void
report_remove_item_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  const char *kind;
  guint index;
  AdwToast *t;
  const char *title;

  g_variant_get (parameter, "(&su)", &kind, &index);
  if (self->report == NULL)
    return;

  g_clear_pointer (&self->undo_snapshot, json_object_unref);
  self->undo_snapshot = json_object_deep_copy (tkt_report_get_json (self->report));

  if (g_str_equal (kind, "section") && index < tkt_report_get_n_sections (self->report))
    {
      tkt_report_remove_section (self->report, index);
      rebuild_sections (self);
      title = _("Section removed");
    }
  else if (g_str_equal (kind, "group") && index < tkt_report_get_n_groups (self->report))
    {
      tkt_report_remove_group (self->report, index);
      title = _("Task group removed");
    }
  else if (g_str_equal (kind, "target") && index < tkt_report_get_n_targets (self->report))
    {
      tkt_report_remove_target (self->report, index);
      title = _("Target removed");
    }
  else if (g_str_equal (kind, "document") && index < tkt_report_get_n_documents (self->report))
    {
      tkt_report_remove_document (self->report, index);
      title = _("Document removed");
    }
  else
    {
      g_clear_pointer (&self->undo_snapshot, json_object_unref);
      return;
    }

  rebuild_plan (self);
  set_dirty (self, TRUE);

  t = adw_toast_new (title);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "report.undo");
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
report_undo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);
  g_autoptr(JsonObject) snapshot = NULL;
  g_autoptr(TktReport) restored = NULL;
  const char *rev;

  if (self->report == NULL || self->undo_snapshot == NULL)
    return;

  snapshot = g_steal_pointer (&self->undo_snapshot);
  /* Saved since the removal: the restored copy goes on from that revision. */
  rev = tkt_report_get_rev (self->report);
  if (rev != NULL)
    json_object_set_string_member (snapshot, "_rev", rev);
  restored = tkt_report_new_from_json (snapshot);

  g_set_object (&self->report, restored);
  load_report_widgets (self);
  set_dirty (self, TRUE);
}

/* ---- the store ---------------------------------------------------------- */

static void
store_changed_cb (TktReportPage *self,
                  GStrv          ids)
{
  gboolean reports = FALSE, others = FALSE;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (g_str_has_prefix (ids[i], "report:"))
        reports = TRUE;
      else
        others = TRUE;
    }

  if (reports)
    reload_years (self);
  if (others && self->report != NULL)
    schedule_recompute (self, RECOMPUTE_DELAY_MS);
}

/* ---- GObject ------------------------------------------------------------ */

static void
tkt_report_page_unmap (GtkWidget *widget)
{
  TktReportPage *self = TKT_REPORT_PAGE (widget);

  /* Leaving the area (another page, or the window closes): save. */
  leave_current (self);

  GTK_WIDGET_CLASS (tkt_report_page_parent_class)->unmap (widget);
}

static void
tkt_report_page_constructed (GObject *object)
{
  TktReportPage *self = TKT_REPORT_PAGE (object);
  g_autoptr(GArray) years = NULL;

  G_OBJECT_CLASS (tkt_report_page_parent_class)->constructed (object);

  g_assert (TKT_IS_STORE (self->store));

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload_years (self);

  /* The newest report is shown first. */
  years = tkt_report_list_years (self->store);
  if (years != NULL && years->len > 0)
    tkt_report_page_select_year (self, g_array_index (years, int, years->len - 1));
  actions_update (self);
}

static void
tkt_report_page_dispose (GObject *object)
{
  TktReportPage *self = TKT_REPORT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->recompute_id, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  if (self->dirty && self->report != NULL && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!save_report (self, &error))
        g_warning ("Report %d not saved: %s", tkt_report_get_year (self->report), error->message);
    }

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  if (self->figure_rows != NULL)
    g_ptr_array_set_size (self->figure_rows, 0);
  if (self->section_views != NULL)
    g_ptr_array_set_size (self->section_views, 0);
  for (guint i = 0; i < TKT_N_CHARTS; i++)
    self->charts[i] = self->chart_titles[i] = NULL;

  /* AdwBin unparents its child (the template's toast overlay) itself:
   * gtk_widget_dispose_template would leave it a dangling pointer. */
  G_OBJECT_CLASS (tkt_report_page_parent_class)->dispose (object);
}

static void
tkt_report_page_finalize (GObject *object)
{
  TktReportPage *self = TKT_REPORT_PAGE (object);

  g_clear_object (&self->report);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->figures, tkt_figures_free);
  g_clear_pointer (&self->previous, tkt_figures_free);
  g_clear_pointer (&self->live, tkt_figures_free);
  g_clear_pointer (&self->live_previous, tkt_figures_free);
  g_clear_pointer (&self->figure_rows, g_ptr_array_unref);
  g_clear_pointer (&self->section_views, g_ptr_array_unref);
  g_clear_pointer (&self->undo_snapshot, json_object_unref);

  G_OBJECT_CLASS (tkt_report_page_parent_class)->finalize (object);
}

static void
tkt_report_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TktReportPage *self = TKT_REPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_COMPUTING:
      g_value_set_boolean (value, self->computing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_report_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TktReportPage *self = TKT_REPORT_PAGE (object);

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
list_row_activated_cb (TktReportPage *self,
                       GtkListBoxRow *row)
{
  tkt_fold_show_detail (GTK_WIDGET (self), TRUE);
}

static void
tkt_report_page_class_init (TktReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tkt_report_page_constructed;
  object_class->dispose = tkt_report_page_dispose;
  object_class->finalize = tkt_report_page_finalize;
  object_class->get_property = tkt_report_page_get_property;
  object_class->set_property = tkt_report_page_set_property;
  widget_class->unmap = tkt_report_page_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPUTING] =
    g_param_spec_boolean ("computing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TKT_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tongket/Tongket/data/ui/tkt-report-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TktReportPage, name)
  BIND (toast_overlay);
  BIND (leaflet);
  BIND (list_pane);
  BIND (years_list);
  BIND (content_stack);
  BIND (report_title_label);
  BIND (computing_spinner);
  BIND (conflict_bar);
  BIND (issued_bar);
  BIND (compare_button);
  BIND (reopen_button);
  BIND (issued_label);
  BIND (scrolled_window);
  BIND (parent_organisation_row);
  BIND (organisation_row);
  BIND (number_row);
  BIND (place_row);
  BIND (date_row);
  BIND (figures_group);
  BIND (charts_box);
  BIND (sections_box);
  BIND (groups_group);
  BIND (groups_list);
  BIND (targets_list);
  BIND (documents_list);
  BIND (recommendations_view);
  BIND (signer_title_row);
  BIND (signer_name_row);
  BIND (recipients_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_year_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_group_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_target_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_document_clicked_cb);

  gtk_widget_class_install_action (widget_class, "report.new", NULL, report_new_action);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, report_save_action);
  gtk_widget_class_install_action (widget_class, "report.issue", NULL, report_issue_action);
  gtk_widget_class_install_action (widget_class, "report.reopen", NULL, report_reopen_action);
  gtk_widget_class_install_action (widget_class, "report.compare", NULL, report_compare_action);
  gtk_widget_class_install_action (widget_class, "report.export-pdf", NULL, report_export_pdf_action);
  gtk_widget_class_install_action (widget_class, "report.print", NULL, report_print_action);
  gtk_widget_class_install_action (widget_class, "report.add-section", NULL, report_add_section_action);
  gtk_widget_class_install_action (widget_class, "report.refresh-sentences", NULL, report_refresh_sentences_action);
  gtk_widget_class_install_action (widget_class, "report.insert-sentence", "(us)", report_insert_sentence_action);
  gtk_widget_class_install_action (widget_class, "report.edit-item", "(su)", report_edit_item_action);
  gtk_widget_class_install_action (widget_class, "report.remove-item", "(su)", report_remove_item_action);
  gtk_widget_class_install_action (widget_class, "report.undo", NULL, report_undo_action);
  gtk_widget_class_install_action (widget_class, "report.show-figure", "s", show_figure_action);
  gtk_widget_class_install_action (widget_class, "report.open-file", "s", open_file_cb);
}

static void
tkt_report_page_init (TktReportPage *self)
{
  GtkEventController *shortcuts;
  static const struct {
    guint            keyval;
    GdkModifierType  modifiers;
    const char      *action;
  } keys[] = {
    { GDK_KEY_n, GDK_CONTROL_MASK, "report.new" },
    { GDK_KEY_s, GDK_CONTROL_MASK, "report.save" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "report.export-pdf" },
    { GDK_KEY_p, GDK_CONTROL_MASK, "report.print" },
  };
  AdwEntryRow *fields[6];

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The issued report's bar: its two buttons beside the text when they
   * fit, below it on a narrow window (an info bar's action area would
   * squeeze the text to a word a line, and widen the window). */
  {
    GtkWidget *row = tkt_bar_new (6);
    GtkWidget *label = GTK_WIDGET (self->issued_label);
    GtkWidget *buttons[] = { self->compare_button, self->reopen_button };

    g_object_ref (label);
    gtk_info_bar_remove_child (self->issued_bar, label);
    tkt_bar_append (TKT_BAR (row), label);
    g_object_unref (label);
    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      {
        g_object_ref (buttons[i]);
        gtk_info_bar_remove_child (self->issued_bar, buttons[i]);
        tkt_bar_append (TKT_BAR (row), buttons[i]);
        g_object_unref (buttons[i]);
      }
    gtk_widget_set_hexpand (row, TRUE);
    gtk_info_bar_add_child (self->issued_bar, row);
  }

  /* Folded (a narrow window): a report picked in the list (a click, a tap,
   * Enter) opens alone, with Back to the list. */
  tkt_fold_setup (GTK_WIDGET (self), self->leaflet, self->list_pane, GTK_WIDGET (self->content_stack),
                  GTK_WIDGET (self->years_list));
  g_signal_connect_object (self->years_list, "row-activated", G_CALLBACK (list_row_activated_cb),
                           self, G_CONNECT_SWAPPED);

  /* In the order of Field. */
  fields[FIELD_ORGANISATION] = self->organisation_row;
  fields[FIELD_PARENT_ORGANISATION] = self->parent_organisation_row;
  fields[FIELD_NUMBER] = self->number_row;
  fields[FIELD_PLACE] = self->place_row;
  fields[FIELD_SIGNER_TITLE] = self->signer_title_row;
  fields[FIELD_SIGNER_NAME] = self->signer_name_row;

  self->cancellable = g_cancellable_new ();
  self->settings = settings_if_installed ();
  self->figure_rows = g_ptr_array_new ();
  self->section_views = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_object_set_data (G_OBJECT (fields[i]), "tkt-field", GINT_TO_POINTER (i));
      g_signal_connect_object (fields[i], "changed", G_CALLBACK (field_changed_cb), self, 0);
    }
  g_signal_connect_object (self->date_row, "notify::value", G_CALLBACK (date_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "notify::valid", G_CALLBACK (date_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->recommendations_view), "changed",
                           G_CALLBACK (recommendations_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->recipients_view), "changed",
                           G_CALLBACK (recipients_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  add_placeholder (self->groups_list, _("No task groups yet"));
  add_placeholder (self->targets_list, _("No targets yet"));
  add_placeholder (self->documents_list, _("No documents yet"));
  add_charts (self);

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
tkt_report_page_new (TktStore *store)
{
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  return g_object_new (TKT_TYPE_REPORT_PAGE, "store", store, NULL);
}

TktStore *
tkt_report_page_get_store (TktReportPage *self)
{
  g_return_val_if_fail (TKT_IS_REPORT_PAGE (self), NULL);

  return self->store;
}

gboolean
tkt_report_page_select_year (TktReportPage *self,
                             int            year)
{
  g_autoptr(TktReport) report = NULL;

  g_return_val_if_fail (TKT_IS_REPORT_PAGE (self), FALSE);

  if (self->report != NULL && tkt_report_get_year (self->report) == year)
    return TRUE;
  if (!leave_current (self))
    return FALSE;

  report = tkt_report_load (self->store, year, NULL);
  if (report == NULL)
    return FALSE;

  show_report (self, report);
  select_year_row_quietly (self, year);
  tkt_fold_show_detail (GTK_WIDGET (self), FALSE);

  return TRUE;
}

TktReport *
tkt_report_page_get_report (TktReportPage *self)
{
  g_return_val_if_fail (TKT_IS_REPORT_PAGE (self), NULL);

  return self->report;
}

const TktFigures *
tkt_report_page_get_figures (TktReportPage *self)
{
  g_return_val_if_fail (TKT_IS_REPORT_PAGE (self), NULL);

  return self->figures;
}

gboolean
tkt_report_page_get_busy (TktReportPage *self)
{
  g_return_val_if_fail (TKT_IS_REPORT_PAGE (self), FALSE);

  return self->busy;
}

gboolean
tkt_report_page_get_computing (TktReportPage *self)
{
  g_return_val_if_fail (TKT_IS_REPORT_PAGE (self), FALSE);

  return self->computing;
}

gboolean
tkt_report_page_save (TktReportPage *self,
                      GError       **error)
{
  g_return_val_if_fail (TKT_IS_REPORT_PAGE (self), FALSE);

  if (!self->dirty)
    return TRUE;
  return save_report (self, error);
}

void
tkt_report_page_export_pdf (TktReportPage *self,
                            GFile         *file)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExportData *data;

  g_return_if_fail (TKT_IS_REPORT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->report == NULL || self->busy)
    return;
  if (!ensure_figures (self, &error))
    {
      tkt_show_error (GTK_WIDGET (self), _("PDF Export Failed"), error->message);
      return;
    }

  /* The thread gets copies: the page goes on editing its report. */
  data = g_new0 (ExportData, 1);
  data->report = report_copy (self->report);
  data->figures = figures_copy (self->figures);
  data->previous = figures_copy (self->previous);
  data->file = g_object_ref (file);

  set_busy (self, TRUE);
  toast (self, _("Exporting the PDF…"));
  task = g_task_new (NULL, self->cancellable, export_ready_cb, weak_ref_new (self));
  g_task_set_source_tag (task, tkt_report_page_export_pdf);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}
