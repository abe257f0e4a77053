/* tkt-catalog-editor.c — an editable list of programmes or sectors. */

#define G_LOG_DOMAIN "tkt-catalog-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-catalog.h"
#include "tkt-catalog-editor.h"
#include "tkt-ui-util.h"

struct _TktCatalogEditor
{
  AdwPreferencesGroup parent_instance;

  /* template */
  GtkButton  *add_button;
  GtkListBox *list_box;

  /* Weak: the window that shows the editor owns the store.  (libadwaita 1.2
   * keeps preferences groups of an AdwPreferencesWindow alive after the
   * window is gone; a strong reference would keep the database open too.) */
  TktStore   *store;
  char       *doc_type;
};

G_DEFINE_FINAL_TYPE (TktCatalogEditor, tkt_catalog_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DOC_TYPE,
  N_PROPS
};

enum {
  REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_sector (TktCatalogEditor *self)
{
  return g_strcmp0 (self->doc_type, "sector") == 0;
}

static GPtrArray *
list_docs (TktCatalogEditor *self)
{
  if (self->store == NULL)
    return NULL;

  if (is_sector (self))
    return tkt_catalog_list_sectors (self->store);

  return tkt_catalog_list_programmes (self->store);
}

static void
remove_all_rows (TktCatalogEditor *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->list_box, 0)) != NULL)
    gtk_list_box_remove (self->list_box, GTK_WIDGET (row));
}

static void
show_error (TktCatalogEditor *self,
            const char       *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  g_warning ("%s", message);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (message));
}

static void
on_row_apply_cb (AdwEntryRow      *row,
                 TktCatalogEditor *self)
{
  JsonObject *doc = g_object_get_data (G_OBJECT (row), "tkt-doc");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *rev = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (doc != NULL);

  if (self->store == NULL)
    return;

  if (*name == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), _("The name cannot be empty"));
      gtk_widget_grab_focus (GTK_WIDGET (row));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);

  if (g_strcmp0 (json_object_get_string_member_with_default (doc, "name", ""), name) == 0)
    return;

  json_object_set_string_member (doc, "name", name);
  rev = tkt_store_put (self->store, doc, &error);
  if (rev != NULL)
    {
      GtkWidget *remove_button = g_object_get_data (G_OBJECT (row), "tkt-remove-button");
      g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), name);

      gtk_widget_set_tooltip_text (remove_button, remove_label);
      tkt_accessible_set_label (remove_button, remove_label);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Cannot save “%s”: %s"), name, error->message);

      show_error (self, message);
      tkt_catalog_editor_reload (self);
    }
}

static void
on_row_changed_cb (AdwEntryRow *row,
                   gpointer     user_data)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
on_remove_button_clicked_cb (GtkButton        *button,
                             TktCatalogEditor *self)
{
  JsonObject *doc = g_object_get_data (G_OBJECT (button), "tkt-doc");
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *rev = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (doc != NULL);

  if (self->store == NULL)
    return;

  id = g_strdup (json_object_get_string_member (doc, "_id"));
  name = g_strdup (json_object_get_string_member_with_default (doc, "name", id));

  rev = tkt_store_delete (self->store, id, NULL, &error);
  if (rev == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot remove “%s”: %s"), name, error->message);

      show_error (self, message);
      return;
    }

  tkt_catalog_editor_reload (self);
  g_signal_emit (self, signals[REMOVED], 0, id, name);
}

static GtkWidget *
create_row (TktCatalogEditor *self,
            JsonObject       *doc)
{
  GtkWidget *row;
  GtkWidget *remove_button;
  const char *name = json_object_get_string_member_with_default (doc, "name", "");
  g_autofree char *remove_label = NULL;

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (row), name);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "tkt-doc", json_object_ref (doc),
                          (GDestroyNotify) json_object_unref);
  tkt_accessible_set_label (row, is_sector (self) ? _("Sector name") : _("Programme name"));
  g_signal_connect_object (row, "apply", G_CALLBACK (on_row_apply_cb), self, 0);
  g_signal_connect (row, "changed", G_CALLBACK (on_row_changed_cb), NULL);

  /* Translators: %s is the name of a programme or sector. */
  remove_label = g_strdup_printf (_("Remove “%s”"), name);
  remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove_button, "flat");
  gtk_widget_set_tooltip_text (remove_button, remove_label);
  tkt_accessible_set_label (remove_button, remove_label);
  g_object_set_data_full (G_OBJECT (remove_button), "tkt-doc", json_object_ref (doc),
                          (GDestroyNotify) json_object_unref);
  g_signal_connect_object (remove_button, "clicked",
                           G_CALLBACK (on_remove_button_clicked_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove_button);
  g_object_set_data (G_OBJECT (row), "tkt-remove-button", remove_button);

  return row;
}

static GtkWidget *
find_row (TktCatalogEditor *self,
          const char       *id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      JsonObject *doc = g_object_get_data (G_OBJECT (row), "tkt-doc");

      if (doc != NULL && g_strcmp0 (json_object_get_string_member (doc, "_id"), id) == 0)
        return GTK_WIDGET (row);
    }

  return NULL;
}

static void
on_add_button_clicked_cb (GtkButton        *button,
                          TktCatalogEditor *self)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strdup_printf ("%s:%s", self->doc_type, uuid);
  g_autofree char *rev = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  if (self->store == NULL)
    return;

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", self->doc_type);

  if (is_sector (self))
    {
      g_autoptr(GPtrArray) docs = list_docs (self);
      gint64 order = 0;

      for (guint i = 0; docs != NULL && i < docs->len; i++)
        order = MAX (order, json_object_get_int_member_with_default (g_ptr_array_index (docs, i),
                                                                     "order", 0));
      json_object_set_string_member (doc, "name", _("New sector"));
      json_object_set_int_member (doc, "order", order + 1);
    }
  else
    {
      json_object_set_string_member (doc, "name", _("New programme"));
    }

  rev = tkt_store_put (self->store, doc, &error);
  if (rev == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot add: %s"), error->message);

      show_error (self, message);
      return;
    }

  tkt_catalog_editor_reload (self);

  /* Let the user type the name straight away. */
  row = find_row (self, id);
  if (row != NULL)
    {
      gtk_widget_grab_focus (row);
      gtk_editable_select_region (GTK_EDITABLE (row), 0, -1);
    }
}

static void
tkt_catalog_editor_constructed (GObject *object)
{
  TktCatalogEditor *self = TKT_CATALOG_EDITOR (object);
  const char *add_label;
  GtkWidget *placeholder;

  G_OBJECT_CLASS (tkt_catalog_editor_parent_class)->constructed (object);

  g_assert (TKT_IS_STORE (self->store));
  g_assert (self->doc_type != NULL);

  if (is_sector (self))
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Sectors"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                             _("The areas where the results of tasks are applied, in the order reports list them."));
      add_label = _("Add Sector");
      placeholder = gtk_label_new (_("No sectors"));
    }
  else
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Programmes"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                             _("The programmes a task can belong to."));
      add_label = _("Add Programme");
      placeholder = gtk_label_new (_("No programmes"));
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button), add_label);
  tkt_accessible_set_label (self->add_button, add_label);
  tkt_accessible_set_label (self->list_box,
                            adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (self)));

  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list_box, placeholder);

  tkt_catalog_editor_reload (self);
}

static void
tkt_catalog_editor_dispose (GObject *object)
{
  TktCatalogEditor *self = TKT_CATALOG_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TKT_TYPE_CATALOG_EDITOR);
  g_clear_weak_pointer (&self->store);

  G_OBJECT_CLASS (tkt_catalog_editor_parent_class)->dispose (object);
}

static void
tkt_catalog_editor_finalize (GObject *object)
{
  TktCatalogEditor *self = TKT_CATALOG_EDITOR (object);

  g_clear_pointer (&self->doc_type, g_free);

  G_OBJECT_CLASS (tkt_catalog_editor_parent_class)->finalize (object);
}

static void
tkt_catalog_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TktCatalogEditor *self = TKT_CATALOG_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DOC_TYPE:
      g_value_set_string (value, self->doc_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_catalog_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TktCatalogEditor *self = TKT_CATALOG_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_weak_pointer (&self->store, g_value_get_object (value));
      break;

    case PROP_DOC_TYPE:
      self->doc_type = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_catalog_editor_class_init (TktCatalogEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tkt_catalog_editor_constructed;
  object_class->dispose = tkt_catalog_editor_dispose;
  object_class->finalize = tkt_catalog_editor_finalize;
  object_class->get_property = tkt_catalog_editor_get_property;
  object_class->set_property = tkt_catalog_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOC_TYPE] =
    g_param_spec_string ("doc-type", NULL, NULL,
                         "programme",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REMOVED] =
    g_signal_new ("removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tongket/Tongket/data/ui/tkt-catalog-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TktCatalogEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, TktCatalogEditor, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked_cb);
}

static void
tkt_catalog_editor_init (TktCatalogEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tkt_catalog_editor_new (TktStore   *store,
                        const char *doc_type)
{
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (g_strcmp0 (doc_type, "programme") == 0 ||
                        g_strcmp0 (doc_type, "sector") == 0, NULL);

  return g_object_new (TKT_TYPE_CATALOG_EDITOR,
                       "store", store,
                       "doc-type", doc_type,
                       NULL);
}

const char *
tkt_catalog_editor_get_doc_type (TktCatalogEditor *self)
{
  g_return_val_if_fail (TKT_IS_CATALOG_EDITOR (self), NULL);

  return self->doc_type;
}

void
tkt_catalog_editor_reload (TktCatalogEditor *self)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_if_fail (TKT_IS_CATALOG_EDITOR (self));

  remove_all_rows (self);

  docs = list_docs (self);
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    gtk_list_box_append (self->list_box, create_row (self, g_ptr_array_index (docs, i)));
}
