/* tkt-task-page.c — the Tasks area: list, search, filters, sort, editor.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-task-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-catalog.h"
#include "tkt-task-editor.h"
#include "tkt-task-list.h"
#include "tkt-task-page.h"
#include "tkt-tab-stop.h"
#include "tkt-text.h"
#include "tkt-ui-util.h"
#include "tkt-vocab.h"

/* How many years back the year filter offers. */
#define N_PAST_YEARS 15

/* ---- a sorter per column that only says which column it is ------------- */

/* Sorting happens in SQL.  GtkColumnViewSorter in GTK 4.8 cannot tell which
 * column is primary, so each column carries one of these: compared on a probe
 * item, the first one asked records its TktTaskSort and answers LARGER; the
 * column view's sorter inverts that for a descending column. */
#define TKT_TYPE_COLUMN_SORTER (tkt_column_sorter_get_type ())
G_DECLARE_FINAL_TYPE (TktColumnSorter, tkt_column_sorter, TKT, COLUMN_SORTER, GtkSorter)

struct _TktTaskPage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *filter_button;
  GtkButton          *new_button;
  GtkButton          *duplicate_button;
  GtkButton          *delete_button;
  GtkRevealer        *filter_revealer;
  GtkFlowBox         *filter_box;
  GtkDropDown        *level_dropdown;
  GtkDropDown        *programme_dropdown;
  GtkDropDown        *sector_dropdown;
  GtkDropDown        *status_dropdown;
  GtkDropDown        *year_dropdown;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkWidget          *empty_actions;  /* Add Task, Import from File… */
  GtkLabel           *count_label;
  TktTaskEditor      *editor;

  TktStore           *store;
  TktTaskList        *list;
  GtkSingleSelection *selection;
  GSettings          *settings;
  GHashTable         *names;            /* programme / sector _id → name */
  GPtrArray          *level_keys;       /* dropdown position → key (NULL = all) */
  GPtrArray          *programme_keys;
  GPtrArray          *sector_keys;
  GPtrArray          *status_keys;
  GArray             *years;            /* int, 0 = all */
  GObject            *probe;            /* two items: gtk_sorter_compare (x, x) is EQUAL unasked */
  GObject            *probe2;

  gboolean            probe_hit;
  TktTaskSort         probe_sort;
  gboolean            selecting;        /* selection changed by us, not the user */
  gboolean            restoring_sort;
  gboolean            has_editor_visible;
  gboolean            keynav;           /* a key press in the list is being handled */
  guint               keynav_id;

  GHashTable         *unsent;           /* ids not on the sync server yet, or NULL */
  GPtrArray          *code_labels;      /* the Code column's labels, which carry the mark */
};

struct _TktColumnSorter
{
  GtkSorter    parent_instance;
  TktTaskSort  sort;
  TktTaskPage *page;   /* unowned: the page owns the column view */
};

G_DEFINE_FINAL_TYPE (TktColumnSorter, tkt_column_sorter, GTK_TYPE_SORTER)
G_DEFINE_FINAL_TYPE (TktTaskPage, tkt_task_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkOrdering
tkt_column_sorter_compare (GtkSorter *sorter,
                           gpointer   item1,
                           gpointer   item2)
{
  TktColumnSorter *self = TKT_COLUMN_SORTER (sorter);

  if (self->page != NULL && !self->page->probe_hit)
    {
      self->page->probe_hit = TRUE;
      self->page->probe_sort = self->sort;
    }

  return GTK_ORDERING_LARGER;
}

static GtkSorterOrder
tkt_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
tkt_column_sorter_class_init (TktColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = tkt_column_sorter_compare;
  sorter_class->get_order = tkt_column_sorter_get_order;
}

static void
tkt_column_sorter_init (TktColumnSorter *self)
{
}

/* ---- columns ------------------------------------------------------------ */

typedef struct {
  const char  *name;     /* the settings / CLI name of the sort */
  const char  *title;    /* N_() */
  TktTaskSort  sort;
  gboolean     expand;
  gboolean     numeric;
  int          width_chars;
} ColumnInfo;

static const ColumnInfo columns[] = {
  { "code",      N_("Code"),              TKT_TASK_SORT_CODE,      FALSE, FALSE, 11 },
  { "title",     N_("Title"),             TKT_TASK_SORT_TITLE,     TRUE,  FALSE, 28 },
  { "level",     N_("Level"),             TKT_TASK_SORT_LEVEL,     FALSE, FALSE, 8 },
  { "programme", N_("Programme"),         TKT_TASK_SORT_PROGRAMME, FALSE, FALSE, 12 },
  { "sector",    NC_("area of application", "Sector"), TKT_TASK_SORT_SECTOR, FALSE, FALSE, 10 },
  { "status",    N_("Status"),            TKT_TASK_SORT_STATUS,    FALSE, FALSE, 10 },
  { "lead_org",  N_("Lead Organisation"), TKT_TASK_SORT_LEAD_ORG,  FALSE, FALSE, 16 },
  { "pi",        N_("Principal Investigator"), TKT_TASK_SORT_PI,   FALSE, FALSE, 14 },
  { "start",     N_("Start"),             TKT_TASK_SORT_START,     FALSE, TRUE,  10 },
  { "end",       N_("End"),               TKT_TASK_SORT_END,       FALSE, TRUE,  10 },
  { "budget",    N_("Total (đồng)"),      TKT_TASK_SORT_BUDGET,    FALSE, TRUE,  14 },
};

static const char *
name_of (TktTaskPage *self,
         const char  *id)
{
  const char *name;

  if (id == NULL)
    return "";
  name = g_hash_table_lookup (self->names, id);

  return name ? name : id;
}

static char *
cell_text (TktTaskPage *self,
           TktTask     *task,
           TktTaskSort  sort)
{
  gint64 total;

  switch (sort)
    {
    case TKT_TASK_SORT_CODE:
      return g_strdup (tkt_task_get_code (task));
    case TKT_TASK_SORT_TITLE:
      return g_strdup (tkt_task_get_title (task));
    case TKT_TASK_SORT_LEVEL:
      return g_strdup (tkt_task_get_level (task) ? tkt_vocab_label (TKT_VOCAB_LEVEL, tkt_task_get_level (task)) : "");
    case TKT_TASK_SORT_PROGRAMME:
      return g_strdup (name_of (self, tkt_task_get_programme (task)));
    case TKT_TASK_SORT_SECTOR:
      return g_strdup (name_of (self, tkt_task_get_sector (task)));
    case TKT_TASK_SORT_STATUS:
      return g_strdup (tkt_task_get_status (task) ? tkt_vocab_label (TKT_VOCAB_STAGE, tkt_task_get_status (task)) : "");
    case TKT_TASK_SORT_LEAD_ORG:
      return g_strdup (tkt_task_get_lead_org (task));
    case TKT_TASK_SORT_PI:
      return g_strdup (tkt_task_get_pi (task));
    case TKT_TASK_SORT_START:
      return tkt_task_get_start (task) ? tkt_text_format_iso_date (tkt_task_get_start (task)) : NULL;
    case TKT_TASK_SORT_END:
      return tkt_task_get_end (task) ? tkt_text_format_iso_date (tkt_task_get_end (task)) : NULL;
    case TKT_TASK_SORT_BUDGET:
      total = tkt_task_get_budget_total (task);
      return total >= 0 ? tkt_text_format_number (total) : NULL;
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/* A cell of the list: a GtkInscription, which is measured from its
 * character counts and lays its text out only when drawn (GtkLabel shapes
 * every bound row's text to measure it; GTK 4.8's list views keep 200 rows
 * bound).  Its text is its accessible name. */
static const char *
cell_get_text (GtkWidget *cell)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));

  return text != NULL ? text : "";
}

static void
cell_set_text (GtkWidget  *cell,
               const char *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
}

/* Not on the sync server yet: a dot before the code, said in the tooltip
 * and to screen readers. */
#define UNSENT_MARK "● "

static void
mark_unsent (TktTaskPage *self,
             GtkWidget   *label)
{
  const char *id = g_object_get_data (G_OBJECT (label), "tkt-id");
  const char *text = cell_get_text (label);
  gboolean unsent = id != NULL && self->unsent != NULL && g_hash_table_contains (self->unsent, id);
  gboolean marked = g_str_has_prefix (text, UNSENT_MARK);

  if (unsent && !marked)
    {
      g_autofree char *with = g_strconcat (UNSENT_MARK, text, NULL);

      cell_set_text (label, with);
    }
  else if (!unsent && marked)
    {
      g_autofree char *without = g_strdup (text + strlen (UNSENT_MARK));

      cell_set_text (label, without);
    }
  /* Only when it changes: setting a tooltip asks the display where the
   * pointer is (a round trip to the X server), for each cell bound. */
  if (unsent != GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "tkt-unsent-shown")))
    {
      g_object_set_data (G_OBJECT (label), "tkt-unsent-shown", GINT_TO_POINTER (unsent));
      gtk_widget_set_tooltip_text (label, unsent ? _("Not sent to the server yet") : NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      unsent ? _("Not sent to the server yet") : "", -1);
    }
}

/* The title cell's tooltip is its whole text, asked for when it is shown
 * (see mark_unsent for why not set on every bind). */
static gboolean
title_query_tooltip_cb (GtkWidget  *label,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  const char *text = cell_get_text (label);

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
code_label_gone (gpointer  data,
                 GObject  *label)
{
  TktTaskPage *self = data;

  g_ptr_array_remove_fast (self->code_labels, label);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  const ColumnInfo *info = user_data;
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), info->sort == TKT_TASK_SORT_BUDGET ? 1.0 : 0.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), info->width_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), info->width_chars);
  if (info->numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (info->sort == TKT_TASK_SORT_TITLE)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (title_query_tooltip_cb), NULL);
    }
  gtk_list_item_set_child (item, label);
  if (info->sort == TKT_TASK_SORT_CODE)
    {
      TktTaskPage *self = g_object_get_data (G_OBJECT (factory), "tkt-page");

      if (self != NULL && self->code_labels != NULL)
        {
          g_ptr_array_add (self->code_labels, label);
          g_object_weak_ref (G_OBJECT (label), code_label_gone, self);
        }
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  const ColumnInfo *info = user_data;
  TktTaskPage *self = g_object_get_data (G_OBJECT (factory), "tkt-page");
  TktTask *task = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (task == NULL || self == NULL)
    return;

  text = cell_text (self, task, info->sort);
  cell_set_text (label, text ? text : "");
  if (info->sort == TKT_TASK_SORT_CODE)
    {
      g_object_set_data_full (G_OBJECT (label), "tkt-id", g_strdup (tkt_task_get_id (task)), g_free);
      mark_unsent (self, label);
    }
}

static GtkColumnViewColumn *
find_column (TktTaskPage *self,
             TktTaskSort  sort)
{
  GListModel *cols = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (cols); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (cols, i);
      TktColumnSorter *sorter = TKT_COLUMN_SORTER (gtk_column_view_column_get_sorter (column));

      if (sorter->sort == sort)
        return column;
    }

  return NULL;
}

static void
add_columns (TktTaskPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const ColumnInfo *info = &columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      TktColumnSorter *sorter = g_object_new (TKT_TYPE_COLUMN_SORTER, NULL);
      const char *title = info->sort == TKT_TASK_SORT_SECTOR
                          ? g_dpgettext2 (NULL, "area of application", info->title)
                          : _(info->title);

      sorter->sort = info->sort;
      sorter->page = self;
      g_object_set_data (G_OBJECT (factory), "tkt-page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), (gpointer) info);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), (gpointer) info);

      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
      gtk_column_view_column_set_expand (column, info->expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* ---- helpers ------------------------------------------------------------ */

static TktTask *
editor_task (TktTaskPage *self)
{
  return tkt_task_editor_get_task (self->editor);
}

static gboolean
folded_on_list (TktTaskPage *self)
{
  return adw_leaflet_get_folded (self->leaflet) &&
         adw_leaflet_get_visible_child (self->leaflet) == self->list_pane;
}

static void
actions_update (TktTaskPage *self)
{
  TktTask *task = editor_task (self);
  gboolean dirty = tkt_task_editor_get_dirty (self->editor);
  /* Folded on the list, the editor's task is out of sight: Delete and
   * Ctrl+D act on it only once it is selected again. */
  gboolean in_sight = task != NULL &&
                      (!folded_on_list (self) ||
                       (self->selection != NULL && gtk_single_selection_get_selected_item (self->selection) != NULL));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.duplicate", in_sight);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.delete", in_sight);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.save",
                                 task != NULL && dirty && tkt_task_editor_get_valid (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.discard", task != NULL && dirty);
}

static void
toast (TktTaskPage *self,
       const char  *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* The column view's inner list view handles "list.scroll-to-item". */
static void
scroll_to (TktTaskPage *self,
           guint        position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        break;
      }
}

static void
select_position_quietly (TktTaskPage *self,
                         guint        position)
{
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
  if (position != GTK_INVALID_LIST_POSITION)
    scroll_to (self, position);
}

/* Selects the editor's task in the list if it is there. */
static void
reselect_editor_task (TktTaskPage *self)
{
  TktTask *task = editor_task (self);
  int pos = task ? tkt_task_list_find (self->list, tkt_task_get_id (task)) : -1;
  guint current = gtk_single_selection_get_selected (self->selection);

  /* Folded on the list, the editor is not in sight and no row is
   * selected: picking any task, the last one too, opens it. */
  if (folded_on_list (self))
    pos = -1;
  if (pos < 0)
    {
      if (current != GTK_INVALID_LIST_POSITION)
        select_position_quietly (self, GTK_INVALID_LIST_POSITION);
      return;
    }
  if ((guint) pos != current)
    select_position_quietly (self, pos);
}

static gboolean
filter_active (TktTaskPage *self)
{
  const TktTaskFilter *filter = tkt_task_list_get_filter (self->list);

  return (filter->search != NULL && filter->search[0] != '\0') ||
         filter->level != NULL || filter->programme != NULL ||
         filter->sector != NULL || filter->status != NULL || filter->year != 0;
}

static void
update_count (TktTaskPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("%u task", "%u tasks", n), n);
  gtk_label_set_label (self->count_label, text);

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (filter_active (self))
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       _("No task matches this search and these filters"));
      gtk_widget_set_visible (self->empty_actions, FALSE);
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "view-list-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Tasks"));
      adw_status_page_set_description (self->empty_page,
                                       _("The register is empty: add the first task, or import a file"));
      gtk_widget_set_visible (self->empty_actions, TRUE);
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* Before the editor shows another task: keeps no edit behind.  Valid edits
 * are saved; edits with problems keep the editor where it is and say so. */
static gboolean
leave_current (TktTaskPage *self)
{
  g_autoptr(GError) error = NULL;
  AdwToast *t;

  if (editor_task (self) == NULL || !tkt_task_editor_get_dirty (self->editor))
    return TRUE;

  if (tkt_task_editor_get_valid (self->editor))
    {
      if (tkt_task_editor_save (self->editor, &error))
        return TRUE;
      toast (self, error->message);
      return FALSE;
    }

  t = adw_toast_new (_("This task has problems to fix before you leave it"));
  adw_toast_set_button_label (t, _("_Discard Changes"));
  adw_toast_set_action_name (t, "task.discard");
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, t);

  return FALSE;
}

/* Folded: the editor instead of the list, unless the selection only
 * followed the arrow keys. */
static void
open_editor (TktTaskPage *self,
             gboolean     focus)
{
  if (self->keynav && !focus)
    return;
  tkt_fold_show_detail (GTK_WIDGET (self), focus);
}

static void
show_task (TktTaskPage *self,
           const char  *id)
{
  g_autoptr(TktTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = tkt_task_load (self->store, id, &error);
  if (task == NULL)
    {
      toast (self, error->message);
      return;
    }
  tkt_task_editor_set_task (self->editor, task);
}

/* ---- filters ------------------------------------------------------------ */

static void
dropdown_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (GPOINTER_TO_INT (user_data))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
    }
  gtk_list_item_set_child (item, label);
}

static void
dropdown_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (string));
  gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (string));
}

static void
dropdown_set_items (GtkDropDown *dropdown,
                    GPtrArray   *keys,
                    GPtrArray   *labels)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (model, g_ptr_array_index (labels, i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (dropdown, 0);
}

static void
fill_vocab_dropdown (GtkDropDown  *dropdown,
                     GPtrArray    *keys,
                     TktVocabKind  kind,
                     const char   *all_label)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const TktVocab *vocab = tkt_vocab_get (kind);

  g_ptr_array_set_size (keys, 0);
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (labels, (gpointer) all_label);
  for (guint i = 0; vocab[i].key != NULL; i++)
    {
      g_ptr_array_add (keys, g_strdup (vocab[i].key));
      g_ptr_array_add (labels, (gpointer) _(vocab[i].label));
    }
  dropdown_set_items (dropdown, keys, labels);
}

static void
fill_catalog_dropdown (TktTaskPage *self,
                       GtkDropDown *dropdown,
                       GPtrArray   *keys,
                       GPtrArray   *docs,
                       const char  *all_label)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_ptr_array_set_size (keys, 0);
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (labels, (gpointer) all_label);
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *id = json_object_get_string_member_with_default (doc, "_id", NULL);
      const char *name = json_object_get_string_member_with_default (doc, "name", id);

      if (id == NULL)
        continue;
      g_hash_table_replace (self->names, g_strdup (id), g_strdup (name));
      g_ptr_array_add (keys, g_strdup (id));
      g_ptr_array_add (labels, (gpointer) name);
    }
  dropdown_set_items (dropdown, keys, labels);
}

static const char *
dropdown_key (GtkDropDown *dropdown,
              GPtrArray   *keys)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  return pos < keys->len ? g_ptr_array_index (keys, pos) : NULL;
}

static void
apply_filter (TktTaskPage *self)
{
  const TktTaskFilter *current = tkt_task_list_get_filter (self->list);
  TktTaskFilter filter = { 0 };
  guint year_pos = gtk_drop_down_get_selected (self->year_dropdown);

  filter.search = g_strdup (current->search);
  filter.sort = current->sort;
  filter.descending = current->descending;
  filter.level = g_strdup (dropdown_key (self->level_dropdown, self->level_keys));
  filter.programme = g_strdup (dropdown_key (self->programme_dropdown, self->programme_keys));
  filter.sector = g_strdup (dropdown_key (self->sector_dropdown, self->sector_keys));
  filter.status = g_strdup (dropdown_key (self->status_dropdown, self->status_keys));
  filter.year = year_pos < self->years->len ? g_array_index (self->years, int, year_pos) : 0;

  tkt_task_list_set_filter (self->list, &filter);
  tkt_task_filter_clear (&filter);
}

static void
filter_changed_cb (TktTaskPage *self)
{
  if (self->list != NULL)
    apply_filter (self);
}

static void
fill_filters (TktTaskPage *self)
{
  g_autoptr(GPtrArray) programmes = tkt_catalog_list_programmes (self->store);
  g_autoptr(GPtrArray) sectors = tkt_catalog_list_sectors (self->store);
  g_autoptr(GPtrArray) year_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) no_keys = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int this_year = g_date_time_get_year (now);
  int all = 0;

  g_hash_table_remove_all (self->names);
  fill_vocab_dropdown (self->level_dropdown, self->level_keys, TKT_VOCAB_LEVEL, _("All Levels"));
  fill_catalog_dropdown (self, self->programme_dropdown, self->programme_keys, programmes, _("All Programmes"));
  fill_catalog_dropdown (self, self->sector_dropdown, self->sector_keys, sectors, _("All Sectors"));
  fill_vocab_dropdown (self->status_dropdown, self->status_keys, TKT_VOCAB_STAGE, _("All Statuses"));

  g_array_set_size (self->years, 0);
  g_array_append_val (self->years, all);
  g_ptr_array_add (year_labels, g_strdup (_("All Years")));
  for (int y = this_year + 1; y >= this_year - N_PAST_YEARS; y--)
    {
      g_array_append_val (self->years, y);
      g_ptr_array_add (year_labels, g_strdup_printf ("%d", y));
    }
  dropdown_set_items (self->year_dropdown, no_keys, year_labels);
}

/* Programmes and sectors were edited (preferences, import): refill their
 * filters and the editor's combo rows, keeping what is selected. */
static void
refill_catalog_filters (TktTaskPage *self)
{
  g_autoptr(GPtrArray) programmes = tkt_catalog_list_programmes (self->store);
  g_autoptr(GPtrArray) sectors = tkt_catalog_list_sectors (self->store);
  g_autofree char *programme = g_strdup (dropdown_key (self->programme_dropdown, self->programme_keys));
  g_autofree char *sector = g_strdup (dropdown_key (self->sector_dropdown, self->sector_keys));
  guint index;

  g_hash_table_remove_all (self->names);
  fill_catalog_dropdown (self, self->programme_dropdown, self->programme_keys, programmes, _("All Programmes"));
  fill_catalog_dropdown (self, self->sector_dropdown, self->sector_keys, sectors, _("All Sectors"));
  if (programme != NULL &&
      g_ptr_array_find_with_equal_func (self->programme_keys, programme, g_str_equal, &index))
    gtk_drop_down_set_selected (self->programme_dropdown, index);
  if (sector != NULL &&
      g_ptr_array_find_with_equal_func (self->sector_keys, sector, g_str_equal, &index))
    gtk_drop_down_set_selected (self->sector_dropdown, index);

  tkt_task_editor_reload_catalog (self->editor);
}

static void
store_changed_cb (TktTaskPage *self,
                  GStrv        ids)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (g_str_has_prefix (ids[i], "programme:") || g_str_has_prefix (ids[i], "sector:"))
      {
        refill_catalog_filters (self);
        return;
      }
}

/* ---- callbacks ---------------------------------------------------------- */

static void
on_search_changed_cb (TktTaskPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->list != NULL)
    tkt_task_list_set_search (self->list, text);
}

static void
on_stop_search_cb (TktTaskPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_editor_state_cb (TktTaskPage *self)
{
  actions_update (self);
}

static void
on_filter_button_toggled_cb (TktTaskPage *self)
{
  gtk_revealer_set_reveal_child (self->filter_revealer,
                                 !adw_leaflet_get_folded (self->leaflet) ||
                                 gtk_toggle_button_get_active (self->filter_button));
}

/* Folded, the list pane is as narrow as a phone: the filters one under
 * the other behind a Filters button (beside each other their names would
 * be cut short), and Duplicate and Delete in the editor's menu. */
static void
leaflet_folded_cb (TktTaskPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (GTK_WIDGET (self->filter_button), folded);
  gtk_flow_box_set_max_children_per_line (self->filter_box, folded ? 1 : 5);
  on_filter_button_toggled_cb (self);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_button), !folded);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), !folded);
  tkt_task_editor_set_show_menu (self->editor, folded);
}

static void
selection_changed_cb (TktTaskPage *self)
{
  TktTask *item;
  TktTask *current;
  g_autofree char *id = NULL;

  if (self->selecting)
    return;

  item = gtk_single_selection_get_selected_item (self->selection);
  if (item == NULL)
    return;   /* the list was re-queried: keep what the editor shows */

  current = editor_task (self);
  if (current != NULL && g_strcmp0 (tkt_task_get_id (current), tkt_task_get_id (item)) == 0)
    {
      open_editor (self, FALSE);
      return;
    }

  /* Saving the current task re-queries the list, which drops item. */
  id = g_strdup (tkt_task_get_id (item));
  if (!leave_current (self))
    {
      reselect_editor_task (self);
      return;
    }

  show_task (self, id);
  open_editor (self, FALSE);
  reselect_editor_task (self);
}

/* Enter or a double click on a row: the task, with the focus in it. */
static void
column_view_activate_cb (TktTaskPage *self,
                         guint        position)
{
  open_editor (self, TRUE);
}

static gboolean
keynav_done_cb (gpointer data)
{
  TktTaskPage *self = data;

  self->keynav = FALSE;
  self->keynav_id = 0;
  return G_SOURCE_REMOVE;
}

/* The arrow keys move the selection through the list: folded, that loads
 * the task in the editor but stays on the list (Enter opens it). */
static gboolean
column_view_key_pressed_cb (TktTaskPage     *self,
                            guint            keyval,
                            guint            keycode,
                            GdkModifierType  state)
{
  self->keynav = TRUE;
  if (self->keynav_id == 0)
    self->keynav_id = g_idle_add_full (G_PRIORITY_HIGH, keynav_done_cb, self, NULL);
  return FALSE;
}

/* Folded on the list, the editor's task is not selected (see
 * reselect_editor_task); without a task, the editor has nothing to show. */
static void
leaflet_visible_child_cb (TktTaskPage *self)
{
  if (folded_on_list (self))
    select_position_quietly (self, GTK_INVALID_LIST_POSITION);
  actions_update (self);
}

static void
editor_task_changed_cb (TktTaskPage *self)
{
  if (editor_task (self) == NULL)
    tkt_fold_show_list (GTK_WIDGET (self));
}

static void
list_items_changed_cb (TktTaskPage *self)
{
  update_count (self);
  reselect_editor_task (self);
}

static void
sorter_changed_cb (TktTaskPage *self)
{
  GtkSorter *sorter;
  GtkOrdering order;
  TktTaskSort sort = TKT_TASK_SORT_CODE;
  gboolean descending = FALSE;
  const char *name = "";

  /* The columns go away while the page is disposed. */
  if (self->column_view == NULL || self->list == NULL)
    return;

  sorter = gtk_column_view_get_sorter (self->column_view);
  self->probe_hit = FALSE;
  order = gtk_sorter_compare (sorter, self->probe, self->probe2);
  if (self->probe_hit)
    {
      sort = self->probe_sort;
      descending = order == GTK_ORDERING_SMALLER;
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        if (columns[i].sort == sort)
          name = columns[i].name;
    }

  tkt_task_list_set_sort (self->list, sort, descending);

  if (self->settings != NULL && !self->restoring_sort)
    {
      g_settings_set_string (self->settings, "task-sort-column", name);
      g_settings_set_boolean (self->settings, "task-sort-descending", descending);
    }
}

/* ---- actions ------------------------------------------------------------ */

static void
task_new_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TktTaskPage *self = TKT_TASK_PAGE (widget);
  g_autoptr(TktTask) task = NULL;

  if (!leave_current (self))
    return;

  task = tkt_task_new ();
  if (self->has_editor_visible && !gtk_widget_get_visible (GTK_WIDGET (self->editor)))
    g_settings_set_boolean (self->settings, "editor-visible", TRUE);
  select_position_quietly (self, GTK_INVALID_LIST_POSITION);
  tkt_task_editor_set_task (self->editor, task);
  tkt_fold_show_detail (GTK_WIDGET (self), FALSE);
  tkt_task_editor_focus_title (self->editor);
}

static void
task_save_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TktTaskPage *self = TKT_TASK_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (editor_task (self) == NULL)
    return;

  if (!tkt_task_editor_save (self->editor, &error))
    {
      if (g_error_matches (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT))
        toast (self, _("Not saved: someone else changed this task"));
      else
        toast (self, error->message);
      return;
    }

  reselect_editor_task (self);
}

static void
task_duplicate_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TktTaskPage *self = TKT_TASK_PAGE (widget);
  g_autoptr(TktTask) copy = NULL;
  g_autoptr(GError) error = NULL;

  if (editor_task (self) == NULL || !leave_current (self))
    return;

  copy = tkt_task_duplicate (editor_task (self));
  if (!tkt_task_save (copy, self->store, &error))
    {
      /* Not valid as it is: let the user fix it in the editor. */
      tkt_task_editor_set_task (self->editor, copy);
      toast (self, error->message);
      return;
    }

  tkt_task_editor_set_task (self->editor, copy);
  reselect_editor_task (self);
  toast (self, _("Task duplicated"));
  tkt_task_editor_focus_title (self->editor);
}

static void
task_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TktTaskPage *self = TKT_TASK_PAGE (widget);
  TktTask *task = editor_task (self);
  g_autofree char *id = NULL;
  g_autofree char *rev = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *t;
  int pos;
  guint n;

  if (task == NULL)
    return;

  if (tkt_task_get_rev (task) == NULL)
    {
      /* Never saved: nothing to delete in the store. */
      tkt_task_editor_set_task (self->editor, NULL);
      return;
    }

  id = g_strdup (tkt_task_get_id (task));
  pos = tkt_task_list_find (self->list, id);
  rev = tkt_store_delete (self->store, id, NULL, &error);
  if (rev == NULL)
    {
      toast (self, error->message);
      return;
    }

  tkt_task_editor_set_task (self->editor, NULL);
  tkt_task_list_refresh (self->list);

  t = adw_toast_new (_("Task deleted"));
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "task.undelete");
  adw_toast_set_action_target_value (t, g_variant_new_string (id));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, t);

  /* Go on with the task that took its place. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  if (pos >= 0 && n > 0)
    {
      g_autoptr(TktTask) next = g_list_model_get_item (G_LIST_MODEL (self->list), MIN ((guint) pos, n - 1));

      show_task (self, tkt_task_get_id (next));
      reselect_editor_task (self);
    }
  /* Folded, back to the list, where the task was. */
  tkt_fold_show_list (GTK_WIDGET (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
task_undelete_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TktTaskPage *self = TKT_TASK_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *rev = NULL;
  g_autoptr(GError) error = NULL;

  rev = tkt_store_undelete (self->store, id, &error);
  if (rev == NULL)
    {
      toast (self, error->message);
      return;
    }

  tkt_task_list_refresh (self->list);
  tkt_task_page_select_task (self, id);
}

static void
task_discard_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TktTaskPage *self = TKT_TASK_PAGE (widget);
  TktTask *task = editor_task (self);
  TktTask *item;

  if (task == NULL)
    return;

  if (tkt_task_get_rev (task) == NULL)
    tkt_task_editor_set_task (self->editor, NULL);
  else
    show_task (self, tkt_task_get_id (task));

  /* The user may have been trying to go to another task. */
  item = gtk_single_selection_get_selected_item (self->selection);
  if (item != NULL && (editor_task (self) == NULL ||
                       g_strcmp0 (tkt_task_get_id (item), tkt_task_get_id (editor_task (self))) != 0))
    {
      g_autofree char *id = g_strdup (tkt_task_get_id (item));
      show_task (self, id);
    }
  reselect_editor_task (self);
}

static void
task_search_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TktTaskPage *self = TKT_TASK_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- GObject ------------------------------------------------------------ */

static void
restore_sort (TktTaskPage *self)
{
  g_autofree char *name = NULL;
  TktTaskSort sort;
  gboolean descending = FALSE;
  GtkColumnViewColumn *column;

  if (self->settings == NULL)
    return;

  name = g_settings_get_string (self->settings, "task-sort-column");
  if (name[0] == '\0' || !tkt_task_sort_from_string (name, &sort, &descending))
    return;
  descending = descending || g_settings_get_boolean (self->settings, "task-sort-descending");

  column = find_column (self, sort);
  if (column == NULL)
    return;

  self->restoring_sort = TRUE;
  gtk_column_view_sort_by_column (self->column_view, column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->restoring_sort = FALSE;
}

static GSettings *
settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "task-sort-column") ||
      !g_settings_schema_has_key (schema, "task-sort-descending"))
    {
      g_debug ("Schema %s without the sort keys: the sort is not remembered", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
tkt_task_page_constructed (GObject *object)
{
  TktTaskPage *self = TKT_TASK_PAGE (object);

  G_OBJECT_CLASS (tkt_task_page_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  /* Filters and the remembered sort first, then the list, which runs its
   * query once, when the selection model first asks it for its items. */
  tkt_task_editor_set_store (self->editor, self->store);
  fill_filters (self);
  self->settings = settings_if_installed ();
  if (self->settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (self->settings, "settings-schema", &schema, NULL);
      self->has_editor_visible = g_settings_schema_has_key (schema, "editor-visible");
      if (self->has_editor_visible)
        g_settings_bind (self->settings, "editor-visible", self->editor, "visible",
                         G_SETTINGS_BIND_GET);
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  restore_sort (self);

  self->list = tkt_task_list_new (self->store);
  self->restoring_sort = TRUE;
  sorter_changed_cb (self);
  self->restoring_sort = FALSE;
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  /* After the column view has taken the change in: selecting inside its
   * emission would point it at rows it does not have yet. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_count (self);
  actions_update (self);
}

static void
tkt_task_page_dispose (GObject *object)
{
  TktTaskPage *self = TKT_TASK_PAGE (object);

  if (self->code_labels != NULL)
    {
      for (guint i = 0; i < self->code_labels->len; i++)
        g_object_weak_unref (g_ptr_array_index (self->code_labels, i), code_label_gone, self);
      g_clear_pointer (&self->code_labels, g_ptr_array_unref);
    }
  g_clear_pointer (&self->unsent, g_hash_table_unref);
  g_clear_handle_id (&self->keynav_id, g_source_remove);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  self->column_view = NULL;
  /* AdwBin unparents its child (the template's toast overlay) itself. */
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->probe);
  g_clear_object (&self->probe2);

  G_OBJECT_CLASS (tkt_task_page_parent_class)->dispose (object);
}

static void
tkt_task_page_finalize (GObject *object)
{
  TktTaskPage *self = TKT_TASK_PAGE (object);

  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->level_keys, g_ptr_array_unref);
  g_clear_pointer (&self->programme_keys, g_ptr_array_unref);
  g_clear_pointer (&self->sector_keys, g_ptr_array_unref);
  g_clear_pointer (&self->status_keys, g_ptr_array_unref);
  g_clear_pointer (&self->years, g_array_unref);

  G_OBJECT_CLASS (tkt_task_page_parent_class)->finalize (object);
}

static void
tkt_task_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TktTaskPage *self = TKT_TASK_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_task_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TktTaskPage *self = TKT_TASK_PAGE (object);

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
tkt_task_page_class_init (TktTaskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tkt_task_page_constructed;
  object_class->dispose = tkt_task_page_dispose;
  object_class->finalize = tkt_task_page_finalize;
  object_class->get_property = tkt_task_page_get_property;
  object_class->set_property = tkt_task_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TKT_TYPE_TASK_EDITOR);
  g_type_ensure (TKT_TYPE_TAB_STOP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tongket/Tongket/data/ui/tkt-task-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TktTaskPage, name)
  BIND (toast_overlay);
  BIND (leaflet);
  BIND (list_pane);
  BIND (search_entry);
  BIND (filter_button);
  BIND (new_button);
  BIND (duplicate_button);
  BIND (delete_button);
  BIND (filter_revealer);
  BIND (filter_box);
  BIND (level_dropdown);
  BIND (programme_dropdown);
  BIND (sector_dropdown);
  BIND (status_dropdown);
  BIND (year_dropdown);
  BIND (list_stack);
  BIND (column_view);
  BIND (empty_page);
  BIND (empty_actions);
  BIND (count_label);
  BIND (editor);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_button_toggled_cb);

  gtk_widget_class_install_action (widget_class, "task.new", NULL, task_new_action);
  gtk_widget_class_install_action (widget_class, "task.duplicate", NULL, task_duplicate_action);
  gtk_widget_class_install_action (widget_class, "task.delete", NULL, task_delete_action);
  gtk_widget_class_install_action (widget_class, "task.undelete", "s", task_undelete_action);
  gtk_widget_class_install_action (widget_class, "task.save", NULL, task_save_action);
  gtk_widget_class_install_action (widget_class, "task.discard", NULL, task_discard_action);
  gtk_widget_class_install_action (widget_class, "task.search", NULL, task_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "task.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "task.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "task.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "task.search", NULL);
}

static void
tkt_task_page_init (TktTaskPage *self)
{
  GtkEventController *shortcuts;
  GtkDropDown *dropdowns[5];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->level_keys = g_ptr_array_new_with_free_func (g_free);
  self->programme_keys = g_ptr_array_new_with_free_func (g_free);
  self->sector_keys = g_ptr_array_new_with_free_func (g_free);
  self->status_keys = g_ptr_array_new_with_free_func (g_free);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  self->probe = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe2 = g_object_new (G_TYPE_OBJECT, NULL);

  self->code_labels = g_ptr_array_new ();
  add_columns (self);

  /* Delete deletes the task only from the list, never inside an entry. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("task.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), shortcuts);

  dropdowns[0] = self->level_dropdown;
  dropdowns[1] = self->programme_dropdown;
  dropdowns[2] = self->sector_dropdown;
  dropdowns[3] = self->status_dropdown;
  dropdowns[4] = self->year_dropdown;
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    {
      g_autoptr(GtkListItemFactory) button_factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkListItemFactory) list_factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (button_factory, "setup", G_CALLBACK (dropdown_setup_cb), GINT_TO_POINTER (TRUE));
      g_signal_connect (button_factory, "bind", G_CALLBACK (dropdown_bind_cb), NULL);
      g_signal_connect (list_factory, "setup", G_CALLBACK (dropdown_setup_cb), GINT_TO_POINTER (FALSE));
      g_signal_connect (list_factory, "bind", G_CALLBACK (dropdown_bind_cb), NULL);
      gtk_drop_down_set_factory (dropdowns[i], button_factory);
      gtk_drop_down_set_list_factory (dropdowns[i], list_factory);
      g_signal_connect_object (dropdowns[i], "notify::selected",
                               G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
      /* GTK 4.8 names the drop-down's own button "GtkToggleButton". */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdowns[i]));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_TOGGLE_BUTTON (child))
          tkt_accessible_set_label (child, gtk_widget_get_tooltip_text (GTK_WIDGET (dropdowns[i])));
      /* Tab goes from filter to filter, not through the flow box's cells. */
      gtk_widget_set_focusable (gtk_widget_get_parent (GTK_WIDGET (dropdowns[i])), FALSE);
    }

  gtk_search_entry_set_search_delay (self->search_entry, 150);

  tkt_fold_setup (GTK_WIDGET (self), self->leaflet, self->list_pane, GTK_WIDGET (self->editor),
                  GTK_WIDGET (self->column_view));
  g_signal_connect_object (self->leaflet, "notify::visible-child",
                           G_CALLBACK (leaflet_visible_child_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (leaflet_folded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::task",
                           G_CALLBACK (editor_task_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "activate",
                           G_CALLBACK (column_view_activate_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (column_view_key_pressed_cb),
                             self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  }
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
tkt_task_page_new (TktStore *store)
{
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  return g_object_new (TKT_TYPE_TASK_PAGE, "store", store, NULL);
}

TktStore *
tkt_task_page_get_store (TktTaskPage *self)
{
  g_return_val_if_fail (TKT_IS_TASK_PAGE (self), NULL);

  return self->store;
}

void
tkt_task_page_reload (TktTaskPage *self)
{
  g_return_if_fail (TKT_IS_TASK_PAGE (self));

  refill_catalog_filters (self);
  tkt_task_list_refresh (self->list);
}

gboolean
tkt_task_page_select_task (TktTaskPage *self,
                           const char  *id)
{
  int pos;

  g_return_val_if_fail (TKT_IS_TASK_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  pos = tkt_task_list_find (self->list, id);
  if (pos < 0)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, pos);
  scroll_to (self, pos);
  tkt_fold_show_detail (GTK_WIDGET (self), FALSE);

  return editor_task (self) != NULL && g_strcmp0 (tkt_task_get_id (editor_task (self)), id) == 0;
}

void
tkt_task_page_set_unsent (TktTaskPage *self,
                          GHashTable  *ids)
{
  g_return_if_fail (TKT_IS_TASK_PAGE (self));

  g_clear_pointer (&self->unsent, g_hash_table_unref);
  if (ids != NULL)
    self->unsent = g_hash_table_ref (ids);
  for (guint i = 0; self->code_labels != NULL && i < self->code_labels->len; i++)
    mark_unsent (self, g_ptr_array_index (self->code_labels, i));
}

gboolean
tkt_task_page_get_unsent (TktTaskPage *self,
                          const char  *id)
{
  g_return_val_if_fail (TKT_IS_TASK_PAGE (self), FALSE);

  return self->unsent != NULL && g_hash_table_contains (self->unsent, id);
}
