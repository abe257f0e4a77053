/* tkt-window.c — the main window: a sidebar of areas (AdwLeaflet) and the
 * area's page; import and export of documents. */

#define G_LOG_DOMAIN "tkt-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-ceremony-page.h"
#include "tkt-conflicts-page.h"
#include "tkt-store-sync.h"
#include "tkt-sync-status.h"
#include "tkt-io.h"
#include "tkt-report-page.h"
#include "tkt-task-page.h"
#include "tkt-ui-util.h"
#include "tkt-window.h"

struct _TktWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkListBox      *sidebar_list;
  GtkListBoxRow   *tasks_row;
  GtkWidget       *content_box;
  AdwWindowTitle  *content_title;
  GtkWidget       *back_button;
  GtkSpinner      *busy_spinner;
  GtkStack        *stack;
  TktSyncStatus   *sync_status;
  GtkListBoxRow   *conflicts_row;
  GtkLabel        *conflicts_count;

  GtkWidget       *task_page;
  GtkWidget       *conflicts_page;
  /* The Reports and Ceremonies pages are built when first shown, or
   * after the window's first frame: in the stack, slots hold them. */
  GtkWidget       *report_slot;
  GtkWidget       *report_page;
  GtkWidget       *ceremony_slot;
  GtkWidget       *ceremony_page;
  guint            pages_idle_id;
  gulong           first_paint_id;

  TktStore        *store;
  GSettings       *settings;
  GCancellable    *cancellable;
  GtkNativeDialog *chooser;
  GtkFileFilter   *json_filter;
  GtkFileFilter   *csv_filter;
  AdwToast        *busy_toast;
  gboolean         busy;

  TktSyncController *sync;
  gint64           unsent_seq;      /* pushed seq the marks were computed for */
};

G_DEFINE_FINAL_TYPE (TktWindow, tkt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tkt_window_actions_update (TktWindow *self)
{
  gboolean idle = !self->busy && self->chooser == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 self->sync != NULL && tkt_sync_controller_get_enabled (self->sync));
}

static void
set_busy (TktWindow  *self,
          const char *message)
{
  self->busy = message != NULL;

  if (self->busy_toast != NULL)
    {
      adw_toast_dismiss (self->busy_toast);
      g_clear_object (&self->busy_toast);
    }

  if (message != NULL)
    {
      self->busy_toast = adw_toast_new (message);
      adw_toast_set_timeout (self->busy_toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->busy_toast));
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->busy_spinner), message);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->busy);
  gtk_spinner_set_spinning (self->busy_spinner, self->busy);

  tkt_window_actions_update (self);
}

static void
show_toast (TktWindow  *self,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
error_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_error (TktWindow  *self,
            const char *heading,
            const char *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect (dialog, "response", G_CALLBACK (error_dialog_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileFilter *
new_filter (const char *name,
            const char *pattern,
            const char *mime_type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);

  return filter;
}

static void
clear_chooser (TktWindow *self)
{
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  tkt_window_actions_update (self);
}

/* Import */

static void
import_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TktWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;

  if (!tkt_io_import_file_finish (result, &n_imported, &error))
    {
      g_autofree char *body = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, NULL);
      /* Translators: the error message comes first. */
      body = g_strdup_printf (_("%s\n\nNothing was imported."), error->message);
      show_error (self, _("Import Failed"), body);
      return;
    }

  set_busy (self, NULL);

  if (self->task_page != NULL)
    tkt_task_page_reload (TKT_TASK_PAGE (self->task_page));

  {
    g_autofree char *message = g_strdup_printf (ngettext ("Imported %u document",
                                                          "Imported %u documents",
                                                          n_imported),
                                                n_imported);
    show_toast (self, message);
  }
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  TktWindow *self = TKT_WINDOW (user_data);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  clear_chooser (self);

  if (file == NULL)
    return;

  set_busy (self, _("Importing…"));
  tkt_io_import_file_async (tkt_store_get_path (self->store), file, self->cancellable,
                            import_ready_cb, g_object_ref (self));
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TktWindow *self = TKT_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = NULL;

  if (self->busy || self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Import Documents"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("JSON and CSV files"));
  gtk_file_filter_add_pattern (all, "*.json");
  gtk_file_filter_add_pattern (all, "*.csv");
  gtk_file_filter_add_mime_type (all, "application/json");
  gtk_file_filter_add_mime_type (all, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), self->json_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), self->csv_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), all);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (self->chooser);
  tkt_window_actions_update (self);
}

/* Export */

typedef struct {
  TktWindow *window;  /* owned */
  GFile     *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
export_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  TktWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!tkt_io_export_file_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, NULL);
      show_error (self, _("Export Failed"), error->message);
      return;
    }

  set_busy (self, NULL);

  name = g_file_get_basename (data->file);
  message = g_strdup_printf (_("Exported to “%s”"), name);
  show_toast (self, message);
}

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
                    gpointer         user_data)
{
  TktWindow *self = TKT_WINDOW (user_data);
  g_autoptr(GFile) file = NULL;
  TktIoFormat format = TKT_IO_FORMAT_JSON;
  ExportData *data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
      g_autofree char *name = NULL;

      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      name = file != NULL ? g_file_get_basename (file) : NULL;

      /* The extension the user typed wins; otherwise the chosen filter
       * decides and its extension is added. */
      if (name == NULL)
        g_clear_object (&file);
      else if (has_suffix_nocase (name, ".csv"))
        format = TKT_IO_FORMAT_CSV;
      else if (has_suffix_nocase (name, ".json"))
        format = TKT_IO_FORMAT_JSON;
      else
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autofree char *with_ext = NULL;

          format = filter == self->csv_filter ? TKT_IO_FORMAT_CSV : TKT_IO_FORMAT_JSON;
          with_ext = g_strconcat (name, format == TKT_IO_FORMAT_CSV ? ".csv" : ".json", NULL);
          g_object_unref (file);
          file = g_file_get_child (parent, with_ext);
        }
    }

  clear_chooser (self);

  if (file == NULL)
    return;

  set_busy (self, _("Exporting…"));

  data = g_new0 (ExportData, 1);
  data->window = g_object_ref (self);
  data->file = g_object_ref (file);
  tkt_io_export_file_async (tkt_store_get_path (self->store), file, format,
                            self->cancellable, export_ready_cb, data);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TktWindow *self = TKT_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->busy || self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Documents"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), self->json_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), self->csv_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), self->json_filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "tongket.json");

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (self->chooser);
  tkt_window_actions_update (self);
}

/* Navigation */

static void
show_sidebar_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TktWindow *self = TKT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

/* The page shown in the stack (not the slot that will hold it). */
static GtkWidget *
visible_page (TktWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  if (child != NULL && (child == self->report_slot || child == self->ceremony_slot))
    child = adw_bin_get_child (ADW_BIN (child));
  return child;
}

/* The header's Back: shown while there is somewhere to go back to. */
static void
update_back_button (TktWindow *self)
{
  GtkWidget *page;

  /* (Not while the window's template is disposed.) */
  if (self->back_button == NULL || self->stack == NULL)
    return;
  page = visible_page (self);
  gtk_widget_set_visible (self->back_button,
                          adw_leaflet_get_folded (self->leaflet) ||
                          (page != NULL && tkt_fold_showing_detail (page)));
}

/* The pages that fold tell when they fold or show their detail. */
static void
watch_page_fold (TktWindow *self,
                 GtkWidget *page)
{
  AdwLeaflet *leaflet = tkt_fold_get_leaflet (page);

  if (leaflet == NULL)
    return;
  g_signal_connect_object (leaflet, "notify::folded", G_CALLBACK (update_back_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (leaflet, "notify::visible-child", G_CALLBACK (update_back_button), self, G_CONNECT_SWAPPED);
}

/* Back (the header's button): from an area's detail to its list when the
 * area is folded, else from the area to the sidebar. */
static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TktWindow *self = TKT_WINDOW (widget);
  GtkWidget *page = visible_page (self);

  if (page != NULL && tkt_fold_show_list (page))
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    show_sidebar_action_cb (widget, action_name, parameter);
}

static void
on_sidebar_row_activated_cb (GtkListBox    *list,
                             GtkListBoxRow *row,
                             TktWindow     *self)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));
  GtkWidget *child = gtk_stack_get_child_by_name (self->stack, name);

  if (child == NULL)
    return;

  gtk_stack_set_visible_child (self->stack, child);
  adw_window_title_set_title (self->content_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
  gtk_widget_child_focus (child, GTK_DIR_TAB_FORWARD);
  /* The area comes back at the next start. */
  g_settings_set_string (self->settings, "last-area", name);
}

/* Building the Reports page takes a tenth of a second (its template, the
 * newest report and its figures); the window's first frame does not wait
 * for it, nor for the Ceremonies page. */
static GtkWidget *
ensure_report_page (TktWindow *self)
{
  if (self->report_page == NULL && self->report_slot != NULL)
    {
      self->report_page = tkt_report_page_new (self->store);
      adw_bin_set_child (ADW_BIN (self->report_slot), self->report_page);
      watch_page_fold (self, self->report_page);
      update_back_button (self);
    }
  return self->report_page;
}

static GtkWidget *
ensure_ceremony_page (TktWindow *self)
{
  if (self->ceremony_page == NULL && self->ceremony_slot != NULL)
    {
      self->ceremony_page = tkt_ceremony_page_new (self->store);
      adw_bin_set_child (ADW_BIN (self->ceremony_slot), self->ceremony_page);
      watch_page_fold (self, self->ceremony_page);
      update_back_button (self);
    }
  return self->ceremony_page;
}

static void
stack_child_changed_cb (TktWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);

  if (child != NULL && child == self->report_slot)
    ensure_report_page (self);
  else if (child != NULL && child == self->ceremony_slot)
    ensure_ceremony_page (self);
  update_back_button (self);
}

static gboolean
build_pages_cb (gpointer data)
{
  TktWindow *self = data;

  self->pages_idle_id = 0;
  ensure_report_page (self);
  ensure_ceremony_page (self);
  return G_SOURCE_REMOVE;
}

static void
first_paint_cb (GdkFrameClock *clock,
                TktWindow     *self)
{
  g_clear_signal_handler (&self->first_paint_id, clock);
  if (self->pages_idle_id == 0)
    self->pages_idle_id = g_idle_add_full (G_PRIORITY_LOW, build_pages_cb, self, NULL);
}

static void
tkt_window_realize (GtkWidget *widget)
{
  TktWindow *self = TKT_WINDOW (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (tkt_window_parent_class)->realize (widget);

  clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL && self->first_paint_id == 0 && self->report_page == NULL)
    self->first_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), self);
}

static void
tkt_window_unrealize (GtkWidget *widget)
{
  TktWindow *self = TKT_WINDOW (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_clear_signal_handler (&self->first_paint_id, clock);
  GTK_WIDGET_CLASS (tkt_window_parent_class)->unrealize (widget);
}

/* The area called name, as if picked in the sidebar; FALSE if its row is
 * not there or hidden (Conflicts while there are none). */
static gboolean
show_area (TktWindow  *self,
           const char *name)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar_list, i)) != NULL; i++)
    if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), name) == 0 &&
        gtk_widget_get_visible (GTK_WIDGET (row)))
      {
        gtk_list_box_select_row (self->sidebar_list, row);
        on_sidebar_row_activated_cb (self->sidebar_list, row, self);
        return TRUE;
      }
  return FALSE;
}

/* Alt+1 … Alt+4: an area by its name. */
static void
show_area_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  if (!show_area (TKT_WINDOW (widget), g_variant_get_string (parameter, NULL)))
    gtk_widget_error_bell (widget);
}

/* The Ceremonies area, showing one ceremony. */
static gboolean
show_ceremony (TktWindow  *self,
               const char *id)
{
  if (!tkt_ceremony_page_select (TKT_CEREMONY_PAGE (ensure_ceremony_page (self)), id))
    return FALSE;
  show_area (self, "ceremonies");
  return TRUE;
}

gboolean
tkt_window_present_ceremony (TktWindow  *self,
                             const char *ceremony_id,
                             GError    **error)
{
  g_autofree char *full_id = NULL;

  g_return_val_if_fail (TKT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (ceremony_id != NULL, FALSE);

  full_id = g_str_has_prefix (ceremony_id, "ceremony:") ? g_strdup (ceremony_id)
                                                         : g_strconcat ("ceremony:", ceremony_id, NULL);
  if (!show_ceremony (self, full_id))
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND,
                   _("There is no ceremony “%s”; “tongket-cli ceremony list” shows them"), ceremony_id);
      return FALSE;
    }
  return gtk_widget_activate_action (ensure_ceremony_page (self), "ceremony.present", NULL);
}

/* The Tasks page showing one task: where a report's figure leads. */
static void
show_task_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TktWindow *self = TKT_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (self->task_page == NULL)
    return;

  gtk_list_box_select_row (self->sidebar_list, self->tasks_row);
  on_sidebar_row_activated_cb (self->sidebar_list, self->tasks_row, self);
  if (!tkt_task_page_select_task (TKT_TASK_PAGE (self->task_page), id))
    show_toast (self, _("The task is not in the list: clear the search and filters of the Tasks page"));
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if ((GTK_IS_COLUMN_VIEW (child) || GTK_IS_LIST_VIEW (child)) &&
          gtk_widget_is_visible (child))
        return child;

      found = find_list_view (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
focus_list_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TktWindow *self = TKT_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  GtkWidget *list = page != NULL ? find_list_view (page) : NULL;

  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
  if (page != NULL)
    tkt_fold_show_list (page);
  if (list != NULL)
    gtk_widget_grab_focus (list);
}

/* The page's own shortcuts (Ctrl+N …) are bindings of the page, so they
 * only fire while the focus is inside it.  This controller, on the page
 * but managed by the window, makes them work from anywhere in the window
 * (the sidebar, the header bar); the actions still resolve on the page. */
static void
add_page_shortcuts (GtkWidget *page)
{
  static const struct {
    guint            keyval;
    GdkModifierType  modifiers;
    const char      *action;
  } shortcuts[] = {
    { GDK_KEY_n, GDK_CONTROL_MASK, "task.new" },
    { GDK_KEY_f, GDK_CONTROL_MASK, "task.search" },
    { GDK_KEY_s, GDK_CONTROL_MASK, "task.save" },
    { GDK_KEY_d, GDK_CONTROL_MASK, "task.duplicate" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].keyval,
                                                                                    shortcuts[i].modifiers),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (page, controller);
}

/* Sync */

/* The Conflicts row in the sidebar is shown only while there are some. */
static void
conflicts_changed_cb (TktConflictsPage *page,
                      guint             n_conflicts,
                      TktWindow        *self)
{
  g_autofree char *count = g_strdup_printf ("%u", n_conflicts);

  gtk_label_set_label (self->conflicts_count, count);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_row), n_conflicts > 0);
  if (n_conflicts == 0 && gtk_stack_get_visible_child (self->stack) == self->conflicts_page)
    {
      gtk_list_box_select_row (self->sidebar_list, self->tasks_row);
      on_sidebar_row_activated_cb (self->sidebar_list, self->tasks_row, self);
    }
}

/* Tasks changed here and not yet on the server get a mark in the list. */
static void
update_unsent (TktWindow *self,
               gboolean   force)
{
  gint64 pushed = tkt_sync_controller_get_pushed_seq (self->sync);
  g_autoptr(GHashTable) ids = NULL;

  if (self->task_page == NULL || (!force && pushed == self->unsent_seq))
    return;
  self->unsent_seq = pushed;
  if (pushed >= 0)
    ids = tkt_store_ids_changed_since (self->store, pushed);
  tkt_task_page_set_unsent (TKT_TASK_PAGE (self->task_page), ids);
}

static void
sync_changed_cb (TktSyncController *sync,
                 TktWindow         *self)
{
  update_unsent (self, FALSE);
  tkt_window_actions_update (self);
}

/* Ctrl+R: sync now, not waiting for the next try after an error or
 * while offline (the header's Retry). */
static void
sync_now_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TktWindow *self = TKT_WINDOW (widget);

  if (self->sync != NULL && tkt_sync_controller_get_enabled (self->sync))
    tkt_sync_controller_retry (self->sync);
}

static void
store_changed_cb (TktStore  *store,
                  GStrv      ids,
                  TktWindow *self)
{
  update_unsent (self, TRUE);
}

/* State */

static void
save_window_state (TktWindow *self)
{
  int width = 0, height = 0;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (maximized)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
tkt_window_close_request (GtkWindow *window)
{
  TktWindow *self = TKT_WINDOW (window);

  save_window_state (self);
  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    tkt_sync_controller_shutdown (self->sync);

  return GTK_WINDOW_CLASS (tkt_window_parent_class)->close_request (window);
}

static void
tkt_window_constructed (GObject *object)
{
  TktWindow *self = TKT_WINDOW (object);
  GtkStackPage *page;
  g_autofree char *display = NULL;

  G_OBJECT_CLASS (tkt_window_parent_class)->constructed (object);

  g_assert (TKT_IS_STORE (self->store));

  self->task_page = tkt_task_page_new (self->store);
  add_page_shortcuts (self->task_page);
  watch_page_fold (self, self->task_page);
  page = gtk_stack_add_titled (self->stack, self->task_page, "tasks", _("Tasks"));
  gtk_stack_page_set_icon_name (page, "view-list-bullet-symbolic");
  self->report_slot = adw_bin_new ();
  page = gtk_stack_add_titled (self->stack, self->report_slot, "reports", _("Reports"));
  gtk_stack_page_set_icon_name (page, "x-office-document-symbolic");
  self->ceremony_slot = adw_bin_new ();
  page = gtk_stack_add_titled (self->stack, self->ceremony_slot, "ceremonies", _("Ceremonies"));
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (stack_child_changed_cb), self);
  gtk_stack_page_set_icon_name (page, "x-office-calendar-symbolic");
  self->conflicts_page = tkt_conflicts_page_new (self->store);
  watch_page_fold (self, self->conflicts_page);
  page = gtk_stack_add_titled (self->stack, self->conflicts_page, "conflicts", _("Conflicts"));
  gtk_stack_page_set_icon_name (page, "dialog-warning-symbolic");
  g_signal_connect (self->conflicts_page, "n-conflicts-changed", G_CALLBACK (conflicts_changed_cb), self);
  conflicts_changed_cb (TKT_CONFLICTS_PAGE (self->conflicts_page),
                        tkt_conflicts_page_get_n_conflicts (TKT_CONFLICTS_PAGE (self->conflicts_page)), self);

  /* Sync in the background while enabled; its state in the header bar. */
  self->sync = tkt_sync_controller_new (self->store, self->settings);
  tkt_sync_status_set_controller (self->sync_status, self->sync);
  self->unsent_seq = G_MININT64;
  g_signal_connect (self->sync, "changed", G_CALLBACK (sync_changed_cb), self);
  g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  update_unsent (self, TRUE);
  tkt_window_actions_update (self);

  gtk_stack_set_visible_child (self->stack, self->task_page);
  adw_window_title_set_title (self->content_title, _("Tasks"));

  /* The database file, so that a window opened with --db says which file it shows. */
  display = g_filename_display_basename (tkt_store_get_path (self->store));
  adw_window_title_set_subtitle (self->content_title, display);

  gtk_list_box_select_row (self->sidebar_list, self->tasks_row);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (update_back_button), self, G_CONNECT_SWAPPED);
  update_back_button (self);

  /* The area shown when the window was last used (Conflicts only while
   * its row is shown: there are some). */
  {
    g_autofree char *last = g_settings_get_string (self->settings, "last-area");

    if (g_strcmp0 (last, gtk_widget_get_name (GTK_WIDGET (self->tasks_row))) != 0)
      show_area (self, last);
  }
}

static void
tkt_window_dispose (GObject *object)
{
  TktWindow *self = TKT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->busy_toast);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      tkt_sync_controller_shutdown (self->sync);
      g_clear_object (&self->sync);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  self->conflicts_page = NULL;
  self->task_page = NULL;
  g_clear_handle_id (&self->pages_idle_id, g_source_remove);
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_func (self->stack, stack_child_changed_cb, self);
  self->report_slot = NULL;
  self->report_page = NULL;
  self->ceremony_slot = NULL;
  self->ceremony_page = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), TKT_TYPE_WINDOW);

  G_OBJECT_CLASS (tkt_window_parent_class)->dispose (object);
}

static void
tkt_window_finalize (GObject *object)
{
  TktWindow *self = TKT_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->json_filter);
  g_clear_object (&self->csv_filter);

  G_OBJECT_CLASS (tkt_window_parent_class)->finalize (object);
}

static void
tkt_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TktWindow *self = TKT_WINDOW (object);

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
tkt_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TktWindow *self = TKT_WINDOW (object);

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
tkt_window_class_init (TktWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  g_type_ensure (TKT_TYPE_SYNC_STATUS);

  object_class->constructed = tkt_window_constructed;
  widget_class->realize = tkt_window_realize;
  widget_class->unrealize = tkt_window_unrealize;
  object_class->dispose = tkt_window_dispose;
  object_class->finalize = tkt_window_finalize;
  object_class->get_property = tkt_window_get_property;
  object_class->set_property = tkt_window_set_property;

  window_class->close_request = tkt_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tongket/Tongket/data/ui/tkt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TktWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, tasks_row);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, sync_status);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, TktWindow, conflicts_count);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-area", "s", show_area_action_cb);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action_cb);
  gtk_widget_class_install_action (widget_class, "win.focus-list", NULL, focus_list_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-task", "s", show_task_action_cb);
}

static void
tkt_window_init (TktWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  self->json_filter = new_filter (_("JSON documents"), "*.json", "application/json");
  self->csv_filter = new_filter (_("CSV tables"), "*.csv", "text/csv");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  tkt_window_actions_update (self);
}

TktWindow *
tkt_window_new (AdwApplication *app,
                TktStore       *store)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  return g_object_new (TKT_TYPE_WINDOW,
                       "application", app,
                       "store", store,
                       NULL);
}

TktStore *
tkt_window_get_store (TktWindow *self)
{
  g_return_val_if_fail (TKT_IS_WINDOW (self), NULL);

  return self->store;
}

TktSyncController *
tkt_window_get_sync_controller (TktWindow *self)
{
  g_return_val_if_fail (TKT_IS_WINDOW (self), NULL);

  return self->sync;
}
