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
