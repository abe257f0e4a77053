/* tkt-preferences-window.c — Preferences: lists and the organisation. */

#define G_LOG_DOMAIN "tkt-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-catalog-editor.h"
#include "tkt-preferences-window.h"

struct _TktPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* template */
  AdwPreferencesPage *lists_page;
  AdwEntryRow        *parent_organisation_row;
  AdwEntryRow        *organisation_row;
  AdwEntryRow        *place_row;

  TktCatalogEditor   *programme_editor;
  TktCatalogEditor   *sector_editor;

  TktStore           *store;
  GSettings          *settings;
};

G_DEFINE_FINAL_TYPE (TktPreferencesWindow, tkt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_catalog_removed_cb (TktCatalogEditor     *editor,
                       const char           *id,
                       const char           *name,
                       TktPreferencesWindow *self)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Translators: %s is the name of a programme or sector. */
  title = g_strdup_printf (_("“%s” removed"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "prefs.undo-remove");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
undo_remove_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *rev = NULL;
  g_autoptr(GError) error = NULL;

  rev = tkt_store_undelete (self->store, id, &error);
  if (rev == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot restore: %s"), error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return;
    }

  tkt_catalog_editor_reload (self->programme_editor);
  tkt_catalog_editor_reload (self->sector_editor);
}

static TktCatalogEditor *
add_editor (TktPreferencesWindow *self,
            const char           *doc_type)
{
  GtkWidget *editor = tkt_catalog_editor_new (self->store, doc_type);

  g_signal_connect_object (editor, "removed", G_CALLBACK (on_catalog_removed_cb), self, 0);
  adw_preferences_page_add (self->lists_page, ADW_PREFERENCES_GROUP (editor));

  return TKT_CATALOG_EDITOR (editor);
}

static void
tkt_preferences_window_constructed (GObject *object)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (tkt_preferences_window_parent_class)->constructed (object);

  g_assert (TKT_IS_STORE (self->store));

  self->programme_editor = add_editor (self, "programme");
  self->sector_editor = add_editor (self, "sector");
}

static void
tkt_preferences_window_dispose (GObject *object)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (object);

  /* libadwaita 1.2 keeps the groups of a preferences window alive after the
   * window is gone: unbind the settings so they do not live on with them. */
  if (self->parent_organisation_row != NULL)
    {
      g_settings_unbind (self->parent_organisation_row, "text");
      g_settings_unbind (self->organisation_row, "text");
      g_settings_unbind (self->place_row, "text");
    }
  self->programme_editor = NULL;
  self->sector_editor = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), TKT_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (tkt_preferences_window_parent_class)->dispose (object);
}

static void
tkt_preferences_window_finalize (GObject *object)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tkt_preferences_window_parent_class)->finalize (object);
}

static void
tkt_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (object);

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
tkt_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (object);

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
tkt_preferences_window_class_init (TktPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tkt_preferences_window_constructed;
  object_class->dispose = tkt_preferences_window_dispose;
  object_class->finalize = tkt_preferences_window_finalize;
  object_class->get_property = tkt_preferences_window_get_property;
  object_class->set_property = tkt_preferences_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tongket/Tongket/data/ui/tkt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, lists_page);
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, parent_organisation_row);
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, place_row);

  gtk_widget_class_install_action (widget_class, "prefs.undo-remove", "s", undo_remove_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
tkt_preferences_window_init (TktPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "parent-organisation",
                   self->parent_organisation_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "organisation",
                   self->organisation_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "place",
                   self->place_row, "text", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
tkt_preferences_window_new (TktStore *store)
{
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  return g_object_new (TKT_TYPE_PREFERENCES_WINDOW,
                       "store", store,
                       NULL);
}

TktStore *
tkt_preferences_window_get_store (TktPreferencesWindow *self)
{
  g_return_val_if_fail (TKT_IS_PREFERENCES_WINDOW (self), NULL);

  return self->store;
}
