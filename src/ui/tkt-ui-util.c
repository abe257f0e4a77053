/* tkt-ui-util.c — see tkt-ui-util.h. */
#include "config.h"

#include <glib/gi18n.h>

#include "tkt-ui-util.h"

void
tkt_show_error (GtkWidget  *widget,
                const char *heading,
                const char *body)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  /* An AdwMessageDialog closes itself after a response. */
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  GtkWidget          *widget;       /* weak */
  TktPrintLayoutFunc  layout_func;
  TktPrintDrawFunc    draw_func;
  gpointer            layout;
  GDestroyNotify      free_layout;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  if (job->widget != NULL)
    g_object_remove_weak_pointer (G_OBJECT (job->widget), (gpointer *) &job->widget);
  if (job->layout != NULL && job->free_layout != NULL)
    job->free_layout (job->layout);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  guint n_pages = 0;

  if (job->widget != NULL)
    job->layout = job->layout_func (job->widget,
                                    gtk_print_context_get_width (context),
                                    gtk_print_context_get_height (context),
                                    &n_pages, &job->free_layout);
  if (job->layout == NULL)
    {
      gtk_print_operation_cancel (operation);
      return;
    }
  gtk_print_operation_set_n_pages (operation, (int) n_pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  if (job->layout != NULL)
    job->draw_func (job->layout, gtk_print_context_get_cairo_context (context), (guint) page);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         PrintJob                *job)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && job->widget != NULL)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      tkt_show_error (job->widget, _("Printing Failed"), error != NULL ? error->message : "");
    }
  g_object_unref (operation);
}

void
tkt_print_run (GtkWidget          *widget,
               const char         *job_name,
               TktPrintLayoutFunc  layout_func,
               TktPrintDrawFunc    draw_func)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperation *operation = gtk_print_operation_new ();
  GtkPrintOperationResult result;
  GtkRoot *root = gtk_widget_get_root (widget);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &job->widget);
  job->layout_func = layout_func;
  job->draw_func = draw_func;
  g_object_set_data_full (G_OBJECT (operation), "tkt-print-job", job, (GDestroyNotify) print_job_free);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The document draws the decree's margins itself, in points. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_job_name (operation, job_name);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), job);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    tkt_show_error (widget, _("Printing Failed"), error->message);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    g_object_unref (operation);
}

char *
tkt_slides_emblem_target (void)
{
  return g_build_filename (g_get_user_data_dir (), "tongket", "emblem.png", NULL);
}

char *
tkt_slides_emblem_path (void)
{
  g_autofree char *path = tkt_slides_emblem_target ();

  return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path) : NULL;
}

void
tkt_accessible_set_label (gpointer    widget,
                          const char *label)
{
  g_return_if_fail (GTK_IS_ACCESSIBLE (widget));

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
tkt_name_search_entries (GtkWidget  *root,
                         const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child) &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      tkt_name_search_entries (child, name);
    }
}

/* ---- a list beside a detail, folding ------------------------------------ */

typedef struct {
  AdwLeaflet *leaflet;      /* the page's template children: unowned */
  GtkWidget  *list_pane;
  GtkWidget  *detail_pane;
  GtkWidget  *list_focus;
  GtkWidget  *shown;        /* the visible child last seen */
} TktFold;

#define FOLD_KEY "tkt-fold"

static TktFold *
fold_get (GtkWidget *page)
{
  return page != NULL ? g_object_get_data (G_OBJECT (page), FOLD_KEY) : NULL;
}

/* However the list came back (Back, Alt+Left, a swipe, Escape), the focus
 * goes to it: the detail's control that had it is hidden now. */
static void
fold_visible_child_cb (AdwLeaflet *leaflet,
                       GParamSpec *pspec,
                       TktFold    *fold)
{
  GtkWidget *child = adw_leaflet_get_visible_child (leaflet);
  gboolean back = fold->shown == fold->detail_pane && child == fold->list_pane;

  fold->shown = child;
  if (back && adw_leaflet_get_folded (leaflet))
    gtk_widget_grab_focus (fold->list_focus);
}

static gboolean
fold_escape_cb (GtkWidget *detail_pane,
                GVariant  *args,
                gpointer   user_data)
{
  GtkWidget *page = user_data;

  return tkt_fold_show_list (page);
}

void
tkt_fold_setup (GtkWidget  *page,
                AdwLeaflet *leaflet,
                GtkWidget  *list_pane,
                GtkWidget  *detail_pane,
                GtkWidget  *list_focus)
{
  TktFold *fold;
  GtkEventController *shortcuts;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (ADW_IS_LEAFLET (leaflet));
  g_return_if_fail (fold_get (page) == NULL);

  fold = g_new0 (TktFold, 1);
  fold->leaflet = leaflet;
  fold->list_pane = list_pane;
  fold->detail_pane = detail_pane;
  fold->list_focus = list_focus;
  fold->shown = adw_leaflet_get_visible_child (leaflet);
  g_object_set_data_full (G_OBJECT (page), FOLD_KEY, fold, g_free);
  g_signal_connect (leaflet, "notify::visible-child", G_CALLBACK (fold_visible_child_cb), fold);

  /* Escape in the detail goes back to the list, when folded; otherwise
   * (and in a popover or an entry that wants it) Escape is left alone. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (fold_escape_cb, page, NULL)));
  gtk_widget_add_controller (detail_pane, shortcuts);
}

AdwLeaflet *
tkt_fold_get_leaflet (GtkWidget *page)
{
  TktFold *fold = fold_get (page);

  return fold != NULL ? fold->leaflet : NULL;
}

gboolean
tkt_fold_showing_detail (GtkWidget *page)
{
  TktFold *fold = fold_get (page);

  return fold != NULL && adw_leaflet_get_folded (fold->leaflet) &&
         adw_leaflet_get_visible_child (fold->leaflet) == fold->detail_pane;
}

void
tkt_fold_show_detail (GtkWidget *page,
                      gboolean   focus)
{
  TktFold *fold = fold_get (page);

  g_return_if_fail (fold != NULL);

  /* Unfolded, the visible child is only a bookkeeping matter: kept on the
   * list, so that a window made narrow later shows the list first. */
  if (!adw_leaflet_get_folded (fold->leaflet) || !gtk_widget_get_visible (fold->detail_pane))
    return;
  adw_leaflet_set_visible_child (fold->leaflet, fold->detail_pane);
  if (focus)
    gtk_widget_child_focus (fold->detail_pane, GTK_DIR_TAB_FORWARD);
}

gboolean
tkt_fold_show_list (GtkWidget *page)
{
  TktFold *fold = fold_get (page);

  if (!tkt_fold_showing_detail (page))
    return FALSE;
  adw_leaflet_set_visible_child (fold->leaflet, fold->list_pane);
  return TRUE;
}

/* ---- a bar that wraps ----------------------------------------------------- */

struct _TktBar
{
  GtkWidget parent_instance;

  int       spacing;
};

G_DEFINE_FINAL_TYPE (TktBar, tkt_bar, GTK_TYPE_WIDGET)

/* The narrowest an expanding child is beside others on its line. */
#define BAR_FLEX_MIN 240

typedef struct {
  GtkWidget *widget;
  int        min, nat;      /* widths */
  gboolean   flex;
  int        width;         /* laid out */
  int        height;
  guint      line;
} BarItem;

/* The visible children and their widths. */
static GArray *
bar_items (TktBar *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (BarItem));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      BarItem item = { child, 0, 0, FALSE, 0, 0, 0 };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &item.min, &item.nat, NULL, NULL);
      item.flex = gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
      g_array_append_val (items, item);
    }
  return items;
}

/* Lays the items out in lines for a width; returns the total height (of
 * the minimum heights when minimum, else of the natural ones), and each
 * line's in line_heights. */
static int
bar_layout (TktBar  *self,
            GArray  *items,
            int      width,
            gboolean minimum,
            GArray  *line_heights)
{
  guint line = 0;
  int used = 0, total = 0;
  guint first = 0;

  /* Which line each child goes on: greedy, each at its natural width (an
   * expanding one at BAR_FLEX_MIN at most), none wider than the bar. */
  for (guint i = 0; i < items->len; i++)
    {
      BarItem *item = &g_array_index (items, BarItem, i);
      int want = item->flex ? MAX (item->min, MIN (item->nat, BAR_FLEX_MIN)) : item->nat;

      want = MIN (want, MAX (width, item->min));
      if (i > first && used + self->spacing + want > width)
        {
          line++;
          first = i;
          used = 0;
        }
      item->line = line;
      item->width = want;
      used += (i > first ? self->spacing : 0) + want;
    }

  /* The expanding children share what their line leaves; then the
   * heights. */
  for (guint l = 0; l <= line && items->len > 0; l++)
    {
      int sum = 0, n = 0, n_flex = 0, height = 0, extra;

      for (guint i = 0; i < items->len; i++)
        {
          BarItem *item = &g_array_index (items, BarItem, i);

          if (item->line != l)
            continue;
          sum += item->width;
          n++;
          n_flex += item->flex;
        }
      extra = MAX (0, width - sum - (n - 1) * self->spacing);
      for (guint i = 0; i < items->len && n_flex > 0; i++)
        {
          BarItem *item = &g_array_index (items, BarItem, i);
          int share;

          if (item->line != l || !item->flex)
            continue;
          share = extra / n_flex;
          item->width += share;
          extra -= share;
          n_flex--;
        }
      for (guint i = 0; i < items->len; i++)
        {
          BarItem *item = &g_array_index (items, BarItem, i);
          int min_h, nat_h;

          if (item->line != l)
            continue;
          gtk_widget_measure (item->widget, GTK_ORIENTATION_VERTICAL, item->width, &min_h, &nat_h, NULL, NULL);
          item->height = minimum ? min_h : nat_h;
          height = MAX (height, item->height);
        }
      if (line_heights != NULL)
        g_array_append_val (line_heights, height);
      total += (l > 0 ? self->spacing : 0) + height;
    }
  return total;
}

static GtkSizeRequestMode
tkt_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
tkt_bar_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  TktBar *self = TKT_BAR (widget);
  g_autoptr(GArray) items = bar_items (self);
  int min = 0, nat = 0;

  for (guint i = 0; i < items->len; i++)
    {
      BarItem *item = &g_array_index (items, BarItem, i);

      min = MAX (min, item->min);
      nat += (i > 0 ? self->spacing : 0) + item->nat;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = min;
      *natural = MAX (min, nat);
    }
  else
    {
      *minimum = bar_layout (self, items, for_size >= 0 ? MAX (for_size, min) : min, TRUE, NULL);
      *natural = bar_layout (self, items, for_size >= 0 ? MAX (for_size, min) : MAX (min, nat), FALSE, NULL);
      *natural = MAX (*natural, *minimum);
    }
}

static void
tkt_bar_size_allocate (GtkWidget *widget,
                       int        width,
                       int        height,
                       int        baseline)
{
  TktBar *self = TKT_BAR (widget);
  g_autoptr(GArray) items = bar_items (self);
  g_autoptr(GArray) heights = g_array_new (FALSE, TRUE, sizeof (int));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int y = 0;

  bar_layout (self, items, width, FALSE, heights);
  for (guint l = 0; l < heights->len; l++)
    {
      int line_height = g_array_index (heights, int, l);
      int sum = 0, n = 0, x;

      for (guint i = 0; i < items->len; i++)
        if (g_array_index (items, BarItem, i).line == l)
          {
            sum += g_array_index (items, BarItem, i).width;
            n++;
          }
      /* The buttons at the end of their line, as beside the label. */
      x = MAX (0, width - sum - (n - 1) * self->spacing);
      for (guint i = 0; i < items->len; i++)
        {
          BarItem *item = &g_array_index (items, BarItem, i);

          if (item->line != l)
            continue;
          /* Each child its own height, centred on the line. */
          gtk_widget_size_allocate (item->widget,
                                    &(GtkAllocation) { rtl ? width - x - item->width : x,
                                                       y + (line_height - item->height) / 2,
                                                       item->width, item->height },
                                    -1);
          x += item->width + self->spacing;
        }
      y += line_height + self->spacing;
    }
}

static void
tkt_bar_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tkt_bar_parent_class)->dispose (object);
}

static void
tkt_bar_class_init (TktBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_bar_dispose;
  widget_class->get_request_mode = tkt_bar_get_request_mode;
  widget_class->measure = tkt_bar_measure;
  widget_class->size_allocate = tkt_bar_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tkt_bar_init (TktBar *self)
{
}

GtkWidget *
tkt_bar_new (int spacing)
{
  TktBar *self = g_object_new (TKT_TYPE_BAR, NULL);

  self->spacing = MAX (spacing, 0);
  return GTK_WIDGET (self);
}

void
tkt_bar_append (TktBar    *self,
                GtkWidget *child)
{
  g_return_if_fail (TKT_IS_BAR (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}
