/* tkt-conflicts-page.c — see tkt-conflicts-page.h.
 *
 * Built in code: its middle is a grid whose rows are the fields that
 * differ, known only once a document is chosen. */

#define G_LOG_DOMAIN "tkt-conflicts-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-conflicts-page.h"
#include "tkt-store-sync.h"
#include "tkt-ui-util.h"

/* ---- the comparison: three columns, or two when narrow -------------------- */

/* The fields that differ, a row each: the field's name, the version shown
 * now, the other version (columns 0, 1 and 2; row 0 their headings).  A
 * child of column 0 with TKT_COMPARE_SPAN set spans the three.  When the
 * width leaves each version less than COMPARE_VALUE_MIN beside the names
 * (a narrow window, a phone), the name goes on a line of its own above its
 * two values, still side by side, and the heading "Field" is left out. */
#define TKT_TYPE_COMPARE (tkt_compare_get_type ())
G_DECLARE_FINAL_TYPE (TktCompare, tkt_compare, TKT, COMPARE, GtkWidget)

struct _TktCompare
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (TktCompare, tkt_compare, GTK_TYPE_WIDGET)

#define COMPARE_ROW_SPACING   12
#define COMPARE_COL_SPACING   18
#define COMPARE_NARROW_SPACING 12
#define COMPARE_NAMES_MAX     200
#define COMPARE_VALUE_MIN     160

static void
compare_attach (TktCompare *self,
                GtkWidget  *child,
                guint       column,
                guint       row,
                gboolean    span)
{
  g_object_set_data (G_OBJECT (child), "tkt-compare-column", GUINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (child), "tkt-compare-row", GUINT_TO_POINTER (row));
  g_object_set_data (G_OBJECT (child), "tkt-compare-span", GUINT_TO_POINTER (span));
  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

static guint
compare_column (GtkWidget *child)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "tkt-compare-column"));
}

static guint
compare_row (GtkWidget *child)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "tkt-compare-row"));
}

static gboolean
compare_span (GtkWidget *child)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "tkt-compare-span"));
}

/* The width of the names' column, and the minimum and natural widths of a
 * version's column and of the spanning children. */
static void
compare_widths (TktCompare *self,
                int        *names_min,
                int        *names_nat,
                int        *value_min,
                int        *value_nat,
                int        *span_min)
{
  *names_min = *names_nat = *value_min = *value_nat = *span_min = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      if (compare_span (child))
        *span_min = MAX (*span_min, min);
      else if (compare_column (child) == 0)
        {
          *names_min = MAX (*names_min, min);
          *names_nat = MAX (*names_nat, nat);
        }
      else
        {
          *value_min = MAX (*value_min, min);
          *value_nat = MAX (*value_nat, nat);
        }
    }
}

typedef struct {
  gboolean wide;
  int      names;     /* the names' column, when wide */
  int      value;     /* each version's column */
  int      value_x[3];
} CompareColumns;

static CompareColumns
compare_columns (TktCompare *self,
                 int         width)
{
  CompareColumns c = { FALSE, 0, 0, { 0, 0, 0 } };
  int names_min, names_nat, value_min, value_nat, span_min;

  compare_widths (self, &names_min, &names_nat, &value_min, &value_nat, &span_min);
  c.names = MAX (names_min, MIN (names_nat, COMPARE_NAMES_MAX));
  c.value = (width - c.names - 2 * COMPARE_COL_SPACING) / 2;
  c.wide = c.value >= MAX (value_min, COMPARE_VALUE_MIN);
  if (c.wide)
    {
      c.value_x[1] = c.names + COMPARE_COL_SPACING;
      c.value_x[2] = c.value_x[1] + c.value + COMPARE_COL_SPACING;
    }
  else
    {
      c.value = MAX (value_min, (width - COMPARE_NARROW_SPACING) / 2);
      c.value_x[1] = 0;
      c.value_x[2] = c.value + COMPARE_NARROW_SPACING;
    }
  return c;
}

/* Walks the rows for a width: their heights, and with allocate the
 * children placed. */
static int
compare_layout (TktCompare *self,
                int         width,
                gboolean    allocate)
{
  CompareColumns c = compare_columns (self, width);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  guint n_rows = 0;
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_rows = MAX (n_rows, compare_row (child) + 1);

  for (guint row = 0; row < n_rows; row++)
    {
      int name_height = 0, height = 0;
      gboolean any = FALSE;

      /* Narrow, the name above (the heading "Field" left out). */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
           child != NULL && !c.wide;
           child = gtk_widget_get_next_sibling (child))
        {
          int h;

          if (compare_row (child) != row || compare_column (child) != 0 || compare_span (child) ||
              !gtk_widget_get_visible (child))
            continue;
          if (row == 0)
            {
              if (allocate)
                gtk_widget_set_child_visible (child, FALSE);
              continue;
            }
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &h, NULL, NULL);
          if (allocate)
            gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, h }, -1);
          name_height = MAX (name_height, h + 6);
        }

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          guint column = compare_column (child);
          int x, w, h;

          if (compare_row (child) != row || !gtk_widget_get_visible (child))
            continue;
          if (compare_span (child))
            {
              x = 0;
              w = width;
            }
          else if (column == 0)
            {
              if (!c.wide)
                continue;
              x = 0;
              w = c.names;
              if (allocate)
                gtk_widget_set_child_visible (child, TRUE);
            }
          else
            {
              x = c.value_x[MIN (column, 2)];
              w = c.value;
            }
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
          if (allocate)
            gtk_widget_size_allocate (child,
                                      &(GtkAllocation) { rtl ? width - x - w : x, y + name_height, w, h },
                                      -1);
          height = MAX (height, h);
          any = TRUE;
        }
      if (any || name_height > 0)
        y += name_height + height + COMPARE_ROW_SPACING;
    }
  return MAX (0, y - COMPARE_ROW_SPACING);
}

static GtkSizeRequestMode
tkt_compare_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tkt_compare_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  TktCompare *self = TKT_COMPARE (widget);
  int names_min, names_nat, value_min, value_nat, span_min;
  int min_width, nat_width;

  compare_widths (self, &names_min, &names_nat, &value_min, &value_nat, &span_min);
  /* At its narrowest, two columns under the names. */
  min_width = MAX (MAX (names_min, span_min), 2 * value_min + COMPARE_NARROW_SPACING);
  nat_width = MAX (min_width, MIN (names_nat, COMPARE_NAMES_MAX) + 2 * COMPARE_COL_SPACING +
                              2 * MAX (value_nat, COMPARE_VALUE_MIN));

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = min_width;
      *natural = nat_width;
    }
  else
    {
      *minimum = compare_layout (self, for_size >= 0 ? MAX (for_size, min_width) : min_width, FALSE);
      *natural = compare_layout (self, for_size >= 0 ? MAX (for_size, min_width) : nat_width, FALSE);
      *minimum = MIN (*minimum, *natural);
    }
}

static void
tkt_compare_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  compare_layout (TKT_COMPARE (widget), width, TRUE);
}

static void
tkt_compare_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tkt_compare_parent_class)->dispose (object);
}

static void
tkt_compare_class_init (TktCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_compare_dispose;
  widget_class->get_request_mode = tkt_compare_get_request_mode;
  widget_class->measure = tkt_compare_measure;
  widget_class->size_allocate = tkt_compare_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tkt_compare_init (TktCompare *self)
{
}

/* ---- the page ------------------------------------------------------------ */

struct _TktConflictsPage
{
  AdwBin           parent_instance;

  GtkStack        *stack;
  GtkListBox      *doc_list;
  GtkLabel        *doc_heading;
  GtkDropDown     *other_dropdown;
  TktCompare      *grid;
  GtkWidget       *keep_shown_button;
  GtkWidget       *keep_other_button;
  GtkWidget       *keep_chosen_button;
  AdwToastOverlay *toast_overlay;

  TktStore        *store;
  GStrv            ids;            /* conflicted documents */
  char            *id;             /* shown */
  char            *winner_rev;
  GStrv            other_revs;
  JsonObject      *winner;
  JsonObject      *other;
  GPtrArray       *fields;         /* char*: the members that differ */
  GPtrArray       *other_checks;   /* GtkCheckButton*: "take the other's" per field */
  gboolean         reloading;
};

G_DEFINE_FINAL_TYPE (TktConflictsPage, tkt_conflicts_page, ADW_TYPE_BIN)

enum {
  N_CONFLICTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_document (TktConflictsPage *self, const char *id);

/* A field's value as a person reads it, cut after 400 characters. */
static char *
value_text (TktConflictsPage *self,
            JsonObject       *object,
            const char       *member)
{
  g_autofree char *text = tkt_doc_field_display (self->store, object, member);

  if (text == NULL)
    return g_strdup (_("(empty)"));
  if (g_utf8_strlen (text, -1) > 400)
    {
      char *end = g_utf8_offset_to_pointer (text, 400);

      *end = '\0';
      return g_strconcat (text, "…", NULL);
    }
  return g_steal_pointer (&text);
}

static char *
describe_version (JsonObject *doc)
{
  const char *at, *by;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;

  tkt_doc_get_modified (doc, &at, &by);
  when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  time = when != NULL ? g_date_time_format (when, "%d/%m/%Y %H:%M") : NULL;

  if (time != NULL && by != NULL)
    /* Translators: when and by whom a version was made: "24/01/2024 09:30, Lan". */
    return g_strdup_printf (_("Changed %s by %s"), time, by);
  if (time != NULL)
    return g_strdup_printf (_("Changed %s"), time);
  return g_strdup (_("No record of when or by whom"));
}

static void
clear_grid (TktConflictsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_widget_unparent (child);
  g_ptr_array_set_size (self->other_checks, 0);
  g_ptr_array_set_size (self->fields, 0);
}

static GtkWidget *
header_label (const char *title,
              const char *subtitle)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *sub = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), sub);
  return box;
}

static GtkWidget *
value_check (const char *text,
             const char *accessible)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
  gtk_widget_set_hexpand (check, TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_START);
  tkt_accessible_set_label (check, accessible);
  return check;
}

static void
show_other (TktConflictsPage *self,
            guint             index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown_desc = NULL;
  g_autofree char *other_desc = NULL;

  clear_grid (self);
  g_clear_pointer (&self->other, json_object_unref);
  if (self->other_revs == NULL || index >= g_strv_length (self->other_revs))
    return;

  self->other = tkt_store_get_rev (self->store, self->id, self->other_revs[index], &error);
  if (self->other == NULL || self->winner == NULL)
    {
      GtkWidget *label = gtk_label_new (error != NULL ? error->message : "");

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      compare_attach (self->grid, label, 0, 0, TRUE);
      return;
    }

  tkt_doc_differing_fields (self->winner, self->other, self->fields);

  shown_desc = describe_version (self->winner);
  other_desc = describe_version (self->other);
  compare_attach (self->grid, header_label (_("Field"), ""), 0, 0, FALSE);
  compare_attach (self->grid, header_label (_("Version shown now"), shown_desc), 1, 0, FALSE);
  compare_attach (self->grid, header_label (_("Other version"), other_desc), 2, 0, FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const char *member = g_ptr_array_index (self->fields, i);
      const char *label_text = tkt_doc_field_label (member);
      GtkWidget *name = gtk_label_new (label_text);
      g_autofree char *a = value_text (self, self->winner, member);
      g_autofree char *b = value_text (self, self->other, member);
      /* Translators: accessible names of the two choices for a field: "Title, version shown now: …". */
      g_autofree char *a_name = g_strdup_printf (_("%s, version shown now: %s"), label_text, a);
      g_autofree char *b_name = g_strdup_printf (_("%s, other version: %s"), label_text, b);
      GtkWidget *check_a = value_check (a, a_name);
      GtkWidget *check_b = value_check (b, b_name);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_widget_set_valign (name, GTK_ALIGN_START);
      gtk_widget_add_css_class (name, "dim-label");
      gtk_widget_set_name (check_b, member);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check_b), GTK_CHECK_BUTTON (check_a));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check_a), TRUE);
      compare_attach (self->grid, name, 0, i + 1, FALSE);
      compare_attach (self->grid, check_a, 1, i + 1, FALSE);
      compare_attach (self->grid, check_b, 2, i + 1, FALSE);
      g_ptr_array_add (self->other_checks, check_b);
    }

  if (self->fields->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("The two versions hold the same fields: keep either."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      compare_attach (self->grid, label, 0, 1, TRUE);
    }
}

static void
other_selected_cb (GtkDropDown      *dropdown,
                   GParamSpec       *pspec,
                   TktConflictsPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (!self->reloading && selected != GTK_INVALID_LIST_POSITION)
    show_other (self, selected);
}

static void
show_document (TktConflictsPage *self,
               const char       *id)
{
  g_auto(GStrv) leaves = NULL;
  g_autoptr(GtkStringList) names = NULL;
  guint n_other;

  g_free (self->id);
  self->id = g_strdup (id);
  g_clear_pointer (&self->winner_rev, g_free);
  g_clear_pointer (&self->other_revs, g_strfreev);
  g_clear_pointer (&self->winner, json_object_unref);

  self->winner = tkt_store_get (self->store, id, NULL);
  leaves = tkt_store_get_leaves (self->store, id);
  self->winner_rev = g_strdup (leaves != NULL ? leaves[0] : NULL);
  self->other_revs = tkt_store_get_conflicts (self->store, id);
  n_other = self->other_revs != NULL ? g_strv_length (self->other_revs) : 0;

  gtk_label_set_label (self->doc_heading, tkt_doc_label (self->winner, id));

  self->reloading = TRUE;
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < n_other; i++)
    {
      /* Translators: "Other version 1 of 2". */
      g_autofree char *name = g_strdup_printf (_("Other version %u of %u"), i + 1, n_other);

      gtk_string_list_append (names, name);
    }
  gtk_drop_down_set_model (self->other_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->other_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->other_dropdown), n_other > 1);
  self->reloading = FALSE;

  show_other (self, 0);
}

static void
row_selected_cb (GtkListBox       *list,
                 GtkListBoxRow    *row,
                 TktConflictsPage *self)
{
  if (row != NULL && !self->reloading)
    show_document (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

/* Resolving */

static void
resolve (TktConflictsPage *self,
         const char       *keep_rev,
         JsonObject       *merged)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;
  AdwToast *toast;

  if (self->id == NULL || keep_rev == NULL)
    return;

  rev = tkt_store_resolve_conflict (self->store, self->id, keep_rev, merged, &error);
  if (rev == NULL)
    {
      toast = adw_toast_new (error->message);
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      tkt_conflicts_page_reload (self);
      return;
    }
  toast = adw_toast_new (_("Conflict resolved: the version kept will be sent to the server"));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  /* The store's ::changed reloads the list. */
}

static void
keep_shown_clicked_cb (GtkButton        *button,
                       TktConflictsPage *self)
{
  resolve (self, self->winner_rev, NULL);
}

static void
keep_other_clicked_cb (GtkButton        *button,
                       TktConflictsPage *self)
{
  guint index = gtk_drop_down_get_selected (self->other_dropdown);

  if (self->other_revs == NULL || index >= g_strv_length (self->other_revs))
    return;
  resolve (self, self->other_revs[index], NULL);
}

static void
keep_chosen_clicked_cb (GtkButton        *button,
                        TktConflictsPage *self)
{
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();

  if (self->winner == NULL || self->other == NULL)
    return;

  for (guint i = 0; i < self->fields->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->other_checks, i)))
      g_ptr_array_add (taken, g_ptr_array_index (self->fields, i));
  g_ptr_array_add (taken, NULL);
  merged = tkt_doc_merge_fields (self->winner, self->other, (const char * const *) taken->pdata);
  resolve (self, self->winner_rev, merged);
}

static void
store_changed_cb (TktStore         *store,
                  GStrv             ids,
                  TktConflictsPage *self)
{
  tkt_conflicts_page_reload (self);
}

static void
tkt_conflicts_page_dispose (GObject *object)
{
  TktConflictsPage *self = TKT_CONFLICTS_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tkt_conflicts_page_parent_class)->dispose (object);
}

static void
tkt_conflicts_page_finalize (GObject *object)
{
  TktConflictsPage *self = TKT_CONFLICTS_PAGE (object);

  g_strfreev (self->ids);
  g_free (self->id);
  g_free (self->winner_rev);
  g_strfreev (self->other_revs);
  g_clear_pointer (&self->winner, json_object_unref);
  g_clear_pointer (&self->other, json_object_unref);
  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->other_checks);

  G_OBJECT_CLASS (tkt_conflicts_page_parent_class)->finalize (object);
}

static void
tkt_conflicts_page_class_init (TktConflictsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tkt_conflicts_page_dispose;
  object_class->finalize = tkt_conflicts_page_finalize;

  signals[N_CONFLICTS_CHANGED] = g_signal_new ("n-conflicts-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, G_TYPE_UINT);
}

static GtkWidget *
action_button (const char *label,
               const char *tooltip,
               GCallback   callback,
               gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect (button, "clicked", callback, data);
  return button;
}

static void
row_activated_cb (TktConflictsPage *self,
                  GtkListBoxRow    *row)
{
  tkt_fold_show_detail (GTK_WIDGET (self), TRUE);
}

static void
tkt_conflicts_page_init (TktConflictsPage *self)
{
  GtkWidget *empty, *leaflet, *separator, *scroll, *detail, *detail_scroll, *intro, *buttons;

  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->other_checks = g_ptr_array_new ();

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->toast_overlay));
  self->stack = GTK_STACK (gtk_stack_new ());
  adw_toast_overlay_set_child (self->toast_overlay, GTK_WIDGET (self->stack));

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Conflicts"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("A document changed on two computers before they synced would be shown here, for you to choose what to keep."));
  gtk_stack_add_named (self->stack, empty, "empty");

  /* The list beside the document; on a narrow window one at a time
   * (tkt_fold_setup in tkt-ui-util.h). */
  leaflet = adw_leaflet_new ();
  adw_leaflet_set_can_navigate_back (ADW_LEAFLET (leaflet), TRUE);
  adw_leaflet_set_transition_type (ADW_LEAFLET (leaflet), ADW_LEAFLET_TRANSITION_TYPE_OVER);
  self->doc_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->doc_list), "navigation-sidebar");
  tkt_accessible_set_label (self->doc_list, _("Documents in conflict"));
  g_signal_connect (self->doc_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->doc_list));
  gtk_widget_set_size_request (scroll, 220, -1);
  adw_leaflet_append (ADW_LEAFLET (leaflet), scroll);
  separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (leaflet), separator), FALSE);

  detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (detail, 18);
  gtk_widget_set_margin_end (detail, 18);
  gtk_widget_set_margin_top (detail, 18);
  gtk_widget_set_margin_bottom (detail, 18);
  self->doc_heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->doc_heading, 0);
  gtk_label_set_wrap (self->doc_heading, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->doc_heading), "title-2");
  intro = gtk_label_new (_("This document was changed on two computers before they synced. "
                           "Tick the value to keep for each field, or keep one version whole. "
                           "Nothing is decided without you."));
  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  self->other_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_halign (GTK_WIDGET (self->other_dropdown), GTK_ALIGN_START);
  tkt_accessible_set_label (self->other_dropdown, _("Other version compared"));
  g_signal_connect (self->other_dropdown, "notify::selected", G_CALLBACK (other_selected_cb), self);
  /* GTK 4.8 names the drop-down's own button "GtkToggleButton". */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->other_dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      tkt_accessible_set_label (child, _("Other version compared"));
  self->grid = g_object_new (TKT_TYPE_COMPARE, NULL);
  tkt_accessible_set_label (self->grid, _("The fields that differ"));

  /* On a narrow window the buttons go on as many lines as they need. */
  buttons = tkt_bar_new (6);
  self->keep_shown_button = action_button (_("Keep _Version Shown Now"),
                                           _("Keep the version shown now whole; the other is deleted"),
                                           G_CALLBACK (keep_shown_clicked_cb), self);
  self->keep_other_button = action_button (_("Keep _Other Version"),
                                           _("Keep the other version whole; the one shown now is deleted"),
                                           G_CALLBACK (keep_other_clicked_cb), self);
  self->keep_chosen_button = action_button (_("Keep _Chosen Fields"),
                                            _("Write one version with the values ticked above"),
                                            G_CALLBACK (keep_chosen_clicked_cb), self);
  gtk_widget_set_name (self->keep_shown_button, "keep-shown");
  gtk_widget_set_name (self->keep_other_button, "keep-other");
  gtk_widget_set_name (self->keep_chosen_button, "keep-chosen");
  gtk_widget_add_css_class (self->keep_chosen_button, "suggested-action");
  tkt_bar_append (TKT_BAR (buttons), self->keep_shown_button);
  tkt_bar_append (TKT_BAR (buttons), self->keep_other_button);
  tkt_bar_append (TKT_BAR (buttons), self->keep_chosen_button);

  gtk_box_append (GTK_BOX (detail), GTK_WIDGET (self->doc_heading));
  gtk_box_append (GTK_BOX (detail), intro);
  gtk_box_append (GTK_BOX (detail), GTK_WIDGET (self->other_dropdown));
  gtk_box_append (GTK_BOX (detail), GTK_WIDGET (self->grid));
  gtk_box_append (GTK_BOX (detail), buttons);
  detail_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (detail_scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (detail_scroll), detail);
  gtk_widget_set_hexpand (detail_scroll, TRUE);
  adw_leaflet_append (ADW_LEAFLET (leaflet), detail_scroll);
  gtk_stack_add_named (self->stack, leaflet, "conflicts");

  /* Folded (a narrow window): a document picked in the list (a click, a
   * tap, Enter) shows alone, with Back to the list. */
  tkt_fold_setup (GTK_WIDGET (self), ADW_LEAFLET (leaflet), scroll, detail_scroll, GTK_WIDGET (self->doc_list));
  g_signal_connect_swapped (self->doc_list, "row-activated", G_CALLBACK (row_activated_cb), self);
}

GtkWidget *
tkt_conflicts_page_new (TktStore *store)
{
  TktConflictsPage *self;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  self = g_object_new (TKT_TYPE_CONFLICTS_PAGE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  tkt_conflicts_page_reload (self);
  return GTK_WIDGET (self);
}

void
tkt_conflicts_page_reload (TktConflictsPage *self)
{
  g_autofree char *keep = NULL;
  GtkWidget *child;
  GtkListBoxRow *select = NULL;
  guint old_n;

  g_return_if_fail (TKT_IS_CONFLICTS_PAGE (self));

  old_n = self->ids != NULL ? g_strv_length (self->ids) : 0;
  keep = g_strdup (self->id);
  g_strfreev (self->ids);
  self->ids = tkt_store_list_conflicted (self->store);

  self->reloading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->doc_list))) != NULL)
    gtk_list_box_remove (self->doc_list, child);
  for (guint i = 0; self->ids != NULL && self->ids[i] != NULL; i++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (self->store, self->ids[i], NULL);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (tkt_doc_label (doc, self->ids[i]));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_set_tooltip_text (label, self->ids[i]);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_name (row, self->ids[i]);
      gtk_list_box_append (self->doc_list, row);
      if (select == NULL || g_strcmp0 (keep, self->ids[i]) == 0)
        select = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->doc_list, select);
  self->reloading = FALSE;

  if (select != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "conflicts");
      show_document (self, gtk_widget_get_name (GTK_WIDGET (select)));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      g_clear_pointer (&self->id, g_free);
      clear_grid (self);
    }

  if (old_n != tkt_conflicts_page_get_n_conflicts (self))
    g_signal_emit (self, signals[N_CONFLICTS_CHANGED], 0, tkt_conflicts_page_get_n_conflicts (self));
}

guint
tkt_conflicts_page_get_n_conflicts (TktConflictsPage *self)
{
  g_return_val_if_fail (TKT_IS_CONFLICTS_PAGE (self), 0);
  return self->ids != NULL ? g_strv_length (self->ids) : 0;
}

gboolean
tkt_conflicts_page_select (TktConflictsPage *self,
                           const char       *id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (TKT_IS_CONFLICTS_PAGE (self), FALSE);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->doc_list, i)) != NULL; i++)
    if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), id) == 0)
      {
        gtk_list_box_select_row (self->doc_list, row);
        tkt_fold_show_detail (GTK_WIDGET (self), FALSE);
        return TRUE;
      }
  return FALSE;
}

GStrv
tkt_conflicts_page_get_differing_fields (TktConflictsPage *self)
{
  GStrvBuilder *builder;
  GStrv result;

  g_return_val_if_fail (TKT_IS_CONFLICTS_PAGE (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->fields->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->fields, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}
