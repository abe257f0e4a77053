/* tkt-preferences-window.c — Preferences: lists and the organisation. */

#define G_LOG_DOMAIN "tkt-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-award.h"
#include "tkt-catalog-editor.h"
#include "tkt-preferences-window.h"
#include "tkt-ui-util.h"
#include "tkt-sync-page.h"

struct _TktPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* template */
  AdwPreferencesPage *lists_page;
  AdwPreferencesGroup *award_forms_group;
  AdwEntryRow        *parent_organisation_row;
  AdwEntryRow        *organisation_row;
  AdwEntryRow        *place_row;

  TktCatalogEditor   *programme_editor;
  TktCatalogEditor   *sector_editor;
  GPtrArray          *award_form_rows;   /* AdwActionRow*, in the group */

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

static void reload_award_forms (TktPreferencesWindow *self);

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
  reload_award_forms (self);
}

/* Award forms: the catalogue of commendation forms, in presentation order
 * (tkt_award_forms_list); edited in a dialog, since a form has more than a
 * name. */

#define N_AUTHORITY_RANKS 5

static const char *
authority_rank_label (int rank)
{
  switch (rank)
    {
    case 1: return _("1 — President of the State");
    case 2: return _("2 — Prime Minister");
    case 3: return _("3 — Minister");
    case 4: return _("4 — Chairman of the Provincial People’s Committee");
    case 5: return _("5 — Director of the Department");
    default: return "";
    }
}

static void
show_toast (TktPreferencesWindow *self,
            const char           *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static JsonObject *
find_award_form (TktPreferencesWindow *self,
                 const char           *id,
                 GPtrArray            *forms)
{
  for (guint i = 0; i < forms->len; i++)
    {
      JsonObject *form = g_ptr_array_index (forms, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (form, "_id", NULL), id) == 0)
        return form;
    }
  return NULL;
}

static GtkWidget *
create_award_form_row (JsonObject *form)
{
  const char *id = json_object_get_string_member_with_default (form, "_id", "");
  const char *name = json_object_get_string_member_with_default (form, "name", "");
  const char *authority = json_object_get_string_member_with_default (form, "authority", "");
  gboolean collective = json_object_get_boolean_member_with_default (form, "collective", FALSE);
  gboolean individual = json_object_get_boolean_member_with_default (form, "individual", FALSE);
  g_autofree char *subtitle = NULL;
  g_autofree char *edit_label = NULL;
  g_autofree char *remove_label = NULL;
  const char *who;
  GtkWidget *row;
  GtkWidget *button;

  if (collective && individual)
    who = _("collectives and individuals");
  else if (collective)
    who = _("collectives");
  else if (individual)
    who = _("individuals");
  else
    who = "";

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  /* Translators: the issuing authority of an award form, then whom it is
   * for ("collectives and individuals"). */
  subtitle = *who != '\0' ? g_strdup_printf (_("%s · %s"), authority, who) : g_strdup (authority);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "tkt-id", g_strdup (id), g_free);

  /* Translators: %s is the name of an award form. */
  edit_label = g_strdup_printf (_("Edit “%s”"), name);
  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, edit_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prefs.edit-award-form");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  tkt_accessible_set_label (button, edit_label);   /* after the row's relation */

  remove_label = g_strdup_printf (_("Remove “%s”"), name);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, remove_label);
  tkt_accessible_set_label (button, remove_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prefs.remove-award-form");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
reload_award_forms (TktPreferencesWindow *self)
{
  g_autoptr(GPtrArray) forms = NULL;

  if (self->award_forms_group == NULL || self->store == NULL)
    return;

  for (guint i = 0; i < self->award_form_rows->len; i++)
    adw_preferences_group_remove (self->award_forms_group, g_ptr_array_index (self->award_form_rows, i));
  g_ptr_array_set_size (self->award_form_rows, 0);

  forms = tkt_award_forms_list (self->store);
  for (guint i = 0; i < forms->len; i++)
    {
      GtkWidget *row = create_award_form_row (g_ptr_array_index (forms, i));

      adw_preferences_group_add (self->award_forms_group, row);
      g_ptr_array_add (self->award_form_rows, row);
    }
}

typedef struct {
  char        *id;                /* NULL: a new form */
  AdwEntryRow *name_row;
  AdwEntryRow *authority_row;
  AdwComboRow *rank_row;
  GtkSwitch   *collective_switch;
  GtkSwitch   *individual_switch;
} AwardFormDialog;

static void
award_form_dialog_free (AwardFormDialog *fd)
{
  g_free (fd->id);
  g_free (fd);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
award_form_dialog_update_cb (AdwMessageDialog *dialog)
{
  AwardFormDialog *fd = g_object_get_data (G_OBJECT (dialog), "tkt-award-form-dialog");
  g_autofree char *name = entry_text (fd->name_row);
  g_autofree char *authority = entry_text (fd->authority_row);

  adw_message_dialog_set_response_enabled (dialog, "save",
                                           *name != '\0' && *authority != '\0' &&
                                           (gtk_switch_get_active (fd->collective_switch) ||
                                            gtk_switch_get_active (fd->individual_switch)));
}

static void
award_form_dialog_response_cb (AdwMessageDialog     *dialog,
                               const char           *response,
                               TktPreferencesWindow *self)
{
  AwardFormDialog *fd = g_object_get_data (G_OBJECT (dialog), "tkt-award-form-dialog");
  g_autofree char *name = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0 || self->store == NULL)
    return;

  name = entry_text (fd->name_row);
  authority = entry_text (fd->authority_row);
  id = tkt_award_form_save (self->store, fd->id, name, authority,
                            (int) adw_combo_row_get_selected (fd->rank_row) + 1,
                            gtk_switch_get_active (fd->collective_switch),
                            gtk_switch_get_active (fd->individual_switch),
                            &error);
  if (id == NULL)
    {
      /* Translators: %s is the name of an award form, then an error. */
      g_autofree char *message = g_strdup_printf (_("Cannot save “%s”: %s"), name, error->message);

      show_toast (self, message);
    }
  reload_award_forms (self);
}

static GtkWidget *
switch_row (const char  *title,
            GtkSwitch  **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  *out_switch = GTK_SWITCH (sw);
  return row;
}

static void
open_award_form_dialog (TktPreferencesWindow *self,
                        JsonObject           *form)
{
  AwardFormDialog *fd = g_new0 (AwardFormDialog, 1);
  g_autoptr(GtkStringList) ranks = gtk_string_list_new (NULL);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *row;
  gint64 rank = 4;

  for (int i = 1; i <= N_AUTHORITY_RANKS; i++)
    gtk_string_list_append (ranks, authority_rank_label (i));

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   form != NULL ? _("Edit Award Form") : _("New Award Form"),
                                   NULL);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "tkt-award-form-dialog", fd,
                          (GDestroyNotify) award_form_dialog_free);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  fd->name_row = ADW_ENTRY_ROW (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Authority"));
  fd->authority_row = ADW_ENTRY_ROW (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Authority rank"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Higher ranks are presented first"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (ranks));
  fd->rank_row = ADW_COMBO_ROW (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  gtk_list_box_append (GTK_LIST_BOX (list), switch_row (_("For collectives"), &fd->collective_switch));
  gtk_list_box_append (GTK_LIST_BOX (list), switch_row (_("For individuals"), &fd->individual_switch));

  if (form != NULL)
    {
      fd->id = g_strdup (json_object_get_string_member_with_default (form, "_id", NULL));
      gtk_editable_set_text (GTK_EDITABLE (fd->name_row), json_object_get_string_member_with_default (form, "name", ""));
      gtk_editable_set_text (GTK_EDITABLE (fd->authority_row), json_object_get_string_member_with_default (form, "authority", ""));
      rank = json_object_get_int_member_with_default (form, "authority_rank", 4);
      gtk_switch_set_active (fd->collective_switch, json_object_get_boolean_member_with_default (form, "collective", FALSE));
      gtk_switch_set_active (fd->individual_switch, json_object_get_boolean_member_with_default (form, "individual", FALSE));
    }
  else
    {
      gtk_switch_set_active (fd->collective_switch, TRUE);
      gtk_switch_set_active (fd->individual_switch, TRUE);
    }
  adw_combo_row_set_selected (fd->rank_row, (guint) CLAMP (rank, 1, N_AUTHORITY_RANKS) - 1);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", form != NULL ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_swapped (fd->name_row, "changed", G_CALLBACK (award_form_dialog_update_cb), dialog);
  g_signal_connect_swapped (fd->authority_row, "changed", G_CALLBACK (award_form_dialog_update_cb), dialog);
  g_signal_connect_swapped (fd->collective_switch, "notify::active", G_CALLBACK (award_form_dialog_update_cb), dialog);
  g_signal_connect_swapped (fd->individual_switch, "notify::active", G_CALLBACK (award_form_dialog_update_cb), dialog);
  award_form_dialog_update_cb (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (award_form_dialog_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (fd->name_row));
}

static void
add_award_form_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  open_award_form_dialog (TKT_PREFERENCES_WINDOW (widget), NULL);
}

static void
edit_award_form_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (widget);
  g_autoptr(GPtrArray) forms = tkt_award_forms_list (self->store);
  JsonObject *form = find_award_form (self, g_variant_get_string (parameter, NULL), forms);

  if (form != NULL)
    open_award_form_dialog (self, form);
}

static void
remove_award_form_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) forms = tkt_award_forms_list (self->store);
  JsonObject *form = find_award_form (self, id, forms);
  g_autofree char *name = NULL;
  g_autofree char *rev = NULL;
  g_autoptr(GError) error = NULL;

  if (form == NULL)
    return;
  name = g_strdup (json_object_get_string_member_with_default (form, "name", id));
  rev = tkt_store_delete (self->store, id, NULL, &error);
  if (rev == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot remove “%s”: %s"), name, error->message);

      show_toast (self, message);
      return;
    }
  reload_award_forms (self);
  /* The same toast, and the same Undo, as the other lists. */
  on_catalog_removed_cb (NULL, id, name, self);
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
  reload_award_forms (self);

  /* Sync: its own page (tkt-sync-page.c). */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (tkt_sync_page_new (self->store)));
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
  self->award_forms_group = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), TKT_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (tkt_preferences_window_parent_class)->dispose (object);
}

static void
tkt_preferences_window_finalize (GObject *object)
{
  TktPreferencesWindow *self = TKT_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->award_form_rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, award_forms_group);
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, parent_organisation_row);
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, TktPreferencesWindow, place_row);

  gtk_widget_class_install_action (widget_class, "prefs.undo-remove", "s", undo_remove_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.add-award-form", NULL, add_award_form_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.edit-award-form", "s", edit_award_form_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.remove-award-form", "s", remove_award_form_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
tkt_preferences_window_init (TktPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->award_form_rows = g_ptr_array_new ();
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
