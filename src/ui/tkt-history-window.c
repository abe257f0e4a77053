/* tkt-history-window.c — see tkt-history-window.h.  Built in code: two
 * lists filled from the store. */

#define G_LOG_DOMAIN "tkt-history-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-history-window.h"
#include "tkt-ui-util.h"
#include "tkt-store-sync.h"

struct _TktHistoryWindow
{
  AdwWindow   parent_instance;

  GtkListBox *rev_list;
  GtkListBox *field_list;
  GPtrArray  *history;     /* TktRevInfo* */
  GPtrArray  *row_texts;   /* char* */
  TktStore   *store;       /* programme and sector names */
};

G_DEFINE_FINAL_TYPE (TktHistoryWindow, tkt_history_window, ADW_TYPE_WINDOW)

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return when != NULL ? g_date_time_format (when, "%d/%m/%Y %H:%M") : NULL;
}

static void
show_revision (TktHistoryWindow *self,
               guint             index)
{
  TktRevInfo *info;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->field_list))) != NULL)
    gtk_list_box_remove (self->field_list, child);
  if (self->history == NULL || index >= self->history->len)
    return;

  info = g_ptr_array_index (self->history, index);
  if (info->body == NULL || info->deleted)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     info->deleted ? _("This revision deleted the document.")
                                                   : _("Only this revision’s identifier is known here: its content did not come from the other computer, or an earlier version of Tongket did not keep it."));
      gtk_list_box_append (self->field_list, row);
      return;
    }

  {
    g_autoptr(GList) members = json_object_get_members (info->body);

    for (GList *l = members; l != NULL; l = l->next)
      {
        const char *member = l->data;
        g_autofree char *value = NULL;
        GtkWidget *row;

        if (!tkt_doc_is_field (member))
          continue;
        value = tkt_doc_field_display (self->store, info->body, member);
        row = adw_action_row_new ();
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tkt_doc_field_label (member));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL ? value : _("(empty)"));
        adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
        gtk_list_box_append (self->field_list, row);
      }
  }
}

static void
rev_selected_cb (GtkListBox       *list,
                 GtkListBoxRow    *row,
                 TktHistoryWindow *self)
{
  if (row != NULL)
    show_revision (self, gtk_list_box_row_get_index (row));
}

static void
tkt_history_window_finalize (GObject *object)
{
  TktHistoryWindow *self = TKT_HISTORY_WINDOW (object);

  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->row_texts, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tkt_history_window_parent_class)->finalize (object);
}

static void
tkt_history_window_class_init (TktHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tkt_history_window_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *scroll = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), child);
  gtk_widget_set_vexpand (scroll, TRUE);
  return scroll;
}

static void
tkt_history_window_init (TktHistoryWindow *self)
{
  GtkWidget *box, *header, *paned, *fields_box;

  self->row_texts = g_ptr_array_new_with_free_func (g_free);

  gtk_window_set_default_size (GTK_WINDOW (self), 760, 520);
  gtk_window_set_title (GTK_WINDOW (self), _("History"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_position (GTK_PANED (paned), 280);
  gtk_widget_set_vexpand (paned, TRUE);
  self->rev_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->rev_list), "navigation-sidebar");
  tkt_accessible_set_label (self->rev_list, _("Revisions"));
  g_signal_connect (self->rev_list, "row-selected", G_CALLBACK (rev_selected_cb), self);
  gtk_paned_set_start_child (GTK_PANED (paned), scrolled (GTK_WIDGET (self->rev_list)));
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);

  fields_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_margin_start (fields_box, 12);
  gtk_widget_set_margin_end (fields_box, 12);
  gtk_widget_set_margin_top (fields_box, 12);
  gtk_widget_set_margin_bottom (fields_box, 12);
  self->field_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->field_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->field_list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->field_list), GTK_ALIGN_START);
  tkt_accessible_set_label (self->field_list, _("Fields of the revision"));
  gtk_box_append (GTK_BOX (fields_box), GTK_WIDGET (self->field_list));
  gtk_paned_set_end_child (GTK_PANED (paned), scrolled (fields_box));

  gtk_box_append (GTK_BOX (box), paned);
  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWidget *
tkt_history_window_new (TktStore   *store,
                        const char *id)
{
  TktHistoryWindow *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  const char *title;
  g_autofree char *window_title = NULL;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (TKT_TYPE_HISTORY_WINDOW, "modal", TRUE, NULL);
  self->store = g_object_ref (store);

  doc = tkt_store_get (store, id, NULL);
  title = tkt_doc_label (doc, id);
  /* Translators: %s is the task's title. */
  window_title = g_strdup_printf (_("History of “%s”"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  self->history = tkt_store_get_history (store, id, &error);
  if (self->history == NULL)
    {
      GtkWidget *row = gtk_label_new (error->message);

      gtk_label_set_wrap (GTK_LABEL (row), TRUE);
      gtk_list_box_append (self->rev_list, row);
      return GTK_WIDGET (self);
    }

  for (guint i = 0; i < self->history->len; i++)
    {
      TktRevInfo *info = g_ptr_array_index (self->history, i);
      g_autofree char *when = format_when (info->modified_at);
      g_autofree char *subtitle = NULL;
      char *text;
      GtkWidget *row = adw_action_row_new ();
      guint64 generation = g_ascii_strtoull (info->rev, NULL, 10);

      if (when != NULL && info->modified_by != NULL)
        /* Translators: a revision's time and author: "24/01/2024 09:30 — Lan". */
        text = g_strdup_printf (_("%s — %s"), when, info->modified_by);
      else if (when != NULL)
        text = g_strdup (when);
      else if (info->modified_by != NULL)
        text = g_strdup (info->modified_by);
      else
        text = g_strdup (_("Unknown time and author"));

      if (info->deleted)
        /* Translators: %u is the revision's number. */
        subtitle = g_strdup_printf (_("Revision %u, deleted"), (guint) generation);
      else
        subtitle = g_strdup_printf (_("Revision %u"), (guint) generation);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, info->rev);
      gtk_list_box_append (self->rev_list, row);
      g_ptr_array_add (self->row_texts, text);
    }
  gtk_list_box_select_row (self->rev_list, gtk_list_box_get_row_at_index (self->rev_list, 0));

  return GTK_WIDGET (self);
}

guint
tkt_history_window_get_n_revisions (TktHistoryWindow *self)
{
  g_return_val_if_fail (TKT_IS_HISTORY_WINDOW (self), 0);
  return self->row_texts->len;
}

const char *
tkt_history_window_get_row_text (TktHistoryWindow *self,
                                 guint             index)
{
  g_return_val_if_fail (TKT_IS_HISTORY_WINDOW (self), NULL);
  g_return_val_if_fail (index < self->row_texts->len, NULL);
  return g_ptr_array_index (self->row_texts, index);
}
