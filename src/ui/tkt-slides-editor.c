/* tkt-slides-editor.c — see tkt-slides-editor.h.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tkt-slides-editor.h"
#include "tkt-ui-util.h"

#define THUMB_WIDTH  96
#define THUMB_HEIGHT 54

struct _TktSlidesEditor
{
  AdwBin             parent_instance;

  TktStore          *store;
  TktCeremony       *ceremony;
  TktDeck           *deck;
  TktSlideTheme      theme;

  GtkListBox        *list;
  GtkLabel          *problem;
  AdwActionRow      *emblem_row;
  GtkPicture        *emblem_picture;
  GtkWidget         *emblem_remove;
  GtkFileChooserNative *chooser;
  GCancellable      *cancellable;
  char              *focus_key; /* the row to focus after the rebuild */
  guint              rebuild_id;
  AdwMessageDialog  *dialog;
};

G_DEFINE_FINAL_TYPE (TktSlidesEditor, tkt_slides_editor, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const kind_names[TKT_N_SLIDE_KINDS] = {
  [TKT_SLIDE_TITLE]     = N_("Title"),
  [TKT_SLIDE_AGENDA]    = N_("Agenda"),
  [TKT_SLIDE_FIGURES]   = N_("Headline figures"),
  [TKT_SLIDE_CHART]     = N_("Chart"),
  [TKT_SLIDE_TRANSFERS] = N_("Transfers of results"),
  [TKT_SLIDE_PLAN]      = N_("Plan for next year"),
  [TKT_SLIDE_AWARD]     = N_("Award turn"),
  [TKT_SLIDE_TEXT]      = N_("Text slide"),
  [TKT_SLIDE_CLOSING]   = N_("Closing"),
};

/* The slide is looked up by key at each draw: the deck rearranges its
 * slides at every edit, and a row may paint before it is rebuilt. */
static void
draw_thumbnail (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  TktSlidesEditor *self = TKT_SLIDES_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (area), TKT_TYPE_SLIDES_EDITOR));
  const char *key = data;

  if (self == NULL || self->deck == NULL)
    return;
  for (guint i = 0; i < tkt_deck_get_n_all (self->deck); i++)
    {
      const TktSlide *slide = tkt_deck_get_all (self->deck, i);

      if (g_str_equal (slide->key, key))
        {
          tkt_slide_draw (cr, slide, &self->theme, width, height);
          return;
        }
    }
}

static char *
row_subtitle (const TktSlide *slide)
{
  const char *kind = _(kind_names[slide->kind]);
  g_autofree char *parts = NULL;

  if (slide->n_parts > 1)
    /* Translators: a slide kind, then how many slides its long list takes */
    parts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, continued on %u slide", "%s, continued on %u slides",
                                          slide->n_parts), kind, slide->n_parts);
  if (slide->hidden)
    /* Translators: a slide's kind (and length), then that it is not shown */
    return g_strdup_printf (_("%s — hidden"), parts != NULL ? parts : kind);
  /* Translators: the slide's place among those shown, then its kind (and length) */
  return g_strdup_printf (_("%u · %s"), slide->number, parts != NULL ? parts : kind);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *accessible,
             const char *action,
             const char *key)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  tkt_accessible_set_label (button, accessible);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  return button;
}

static void
shown_toggled_cb (GtkSwitch       *toggle,
                  GParamSpec      *pspec,
                  TktSlidesEditor *self)
{
  const char *key = g_object_get_data (G_OBJECT (toggle), "key");

  gtk_widget_activate_action (GTK_WIDGET (self), "deck.show", "(sb)", key, gtk_switch_get_active (toggle));
}

static GtkWidget *
build_row (TktSlidesEditor *self,
           const TktSlide  *slide,
           gboolean         first,
           gboolean         last)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *thumb = gtk_drawing_area_new ();
  GtkWidget *toggle = gtk_switch_new ();
  g_autofree char *subtitle = row_subtitle (slide);
  g_autofree char *label = NULL;
  GtkWidget *button, *arrows;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), slide->title != NULL ? slide->title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, slide->key);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (slide->key), g_free);
  if (slide->hidden)
    gtk_widget_add_css_class (row, "dim-label");

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (thumb), THUMB_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (thumb), THUMB_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (thumb), draw_thumbnail, g_strdup (slide->key), g_free);
  gtk_widget_set_margin_top (thumb, 6);
  gtk_widget_set_margin_bottom (thumb, 6);
  gtk_widget_add_css_class (thumb, "card");
  gtk_widget_set_overflow (thumb, GTK_OVERFLOW_HIDDEN);
  tkt_accessible_set_label (thumb, _("Slide preview"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), thumb);

  gtk_switch_set_active (GTK_SWITCH (toggle), !slide->hidden);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  /* Translators: %s is a slide's title */
  label = g_strdup_printf (_("Show the slide “%s”"), slide->title != NULL ? slide->title : "");
  tkt_accessible_set_label (toggle, label);
  gtk_widget_set_tooltip_text (toggle, _("Shown in the presentation and the PDF"));
  g_object_set_data_full (G_OBJECT (toggle), "key", g_strdup (slide->key), g_free);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (shown_toggled_cb), self, 0);

  /* Up over down: the row stays narrow enough for a folded window. */
  arrows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (arrows, GTK_ALIGN_CENTER);
  button = icon_button ("go-up-symbolic", _("Move up (Alt+↑)"), _("Move the slide up"), "deck.move-up", slide->key);
  gtk_widget_set_sensitive (button, !first);
  gtk_box_append (GTK_BOX (arrows), button);
  button = icon_button ("go-down-symbolic", _("Move down (Alt+↓)"), _("Move the slide down"), "deck.move-down", slide->key);
  gtk_widget_set_sensitive (button, !last);
  gtk_box_append (GTK_BOX (arrows), button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrows);
  if (slide->kind == TKT_SLIDE_TEXT)
    {
      button = icon_button ("user-trash-symbolic", _("Remove this text slide"), _("Remove the text slide"),
                            "deck.remove", slide->key);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);

  return row;
}

static void
clear_rows (TktSlidesEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static char *
selected_key (TktSlidesEditor *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  return row != NULL ? g_strdup (g_object_get_data (G_OBJECT (row), "key")) : NULL;
}

/* Rows anew from the deck; the row of select_key selected, and focused
 * when grab (after an edit made from that row). */
static void
rebuild (TktSlidesEditor *self,
         const char      *select_key,
         gboolean         grab)
{
  g_autoptr(GPtrArray) slides = g_ptr_array_new ();

  clear_rows (self);
  if (self->deck == NULL)
    return;

  /* One row per key: a list continued on further slides is one row. */
  for (guint i = 0; i < tkt_deck_get_n_all (self->deck); i++)
    {
      const TktSlide *slide = tkt_deck_get_all (self->deck, i);

      if (slides->len == 0 || !g_str_equal (((const TktSlide *) g_ptr_array_index (slides, slides->len - 1))->key, slide->key))
        g_ptr_array_add (slides, (gpointer) slide);
    }

  for (guint i = 0; i < slides->len; i++)
    {
      const TktSlide *slide = g_ptr_array_index (slides, i);
      GtkWidget *row = build_row (self, slide, i == 0, i + 1 == slides->len);

      gtk_list_box_append (self->list, row);
      if (g_strcmp0 (select_key, slide->key) == 0)
        {
          gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
          if (grab)
            gtk_widget_grab_focus (row);
        }
    }
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  TktSlidesEditor *self = data;
  g_autofree char *key = g_steal_pointer (&self->focus_key);

  self->rebuild_id = 0;
  rebuild (self, key, TRUE);
  return G_SOURCE_REMOVE;
}

/* After an edit: ::changed now; the rows anew in an idle, since the edit
 * may come from a widget of a row (the switch is still in its handler). */
static void
edited (TktSlidesEditor *self,
        const char      *focus_key)
{
  g_free (self->focus_key);
  self->focus_key = g_strdup (focus_key);
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle_cb, self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The deck's keys in order, one per row (a continued list is one key). */
static GPtrArray *
deck_keys (TktSlidesEditor *self)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; self->deck != NULL && i < tkt_deck_get_n_all (self->deck); i++)
    {
      const char *key = tkt_deck_get_all (self->deck, i)->key;

      if (keys->len == 0 || !g_str_equal (g_ptr_array_index (keys, keys->len - 1), key))
        g_ptr_array_add (keys, (gpointer) key);
    }
  return keys;
}

static gint
key_index (GPtrArray  *keys,
           const char *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (g_str_equal (g_ptr_array_index (keys, i), key))
      return (gint) i;
  return -1;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TktSlidesEditor *self = TKT_SLIDES_EDITOR (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  gboolean up = g_str_equal (action_name, "deck.move-up");
  g_autoptr(GPtrArray) keys = deck_keys (self);
  gint i = key_index (keys, key);
  g_autofree char *before = NULL;

  if (self->deck == NULL || i < 0)
    return;
  if (up)
    {
      if (i == 0)
        return;
      before = g_strdup (g_ptr_array_index (keys, i - 1));
    }
  else
    {
      if ((guint) i + 1 >= keys->len)
        return;
      before = (guint) i + 2 < keys->len ? g_strdup (g_ptr_array_index (keys, i + 2)) : NULL;
    }
  if (tkt_deck_move (self->deck, self->ceremony, key, before))
    edited (self, key);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TktSlidesEditor *self = TKT_SLIDES_EDITOR (widget);
  const char *key;
  gboolean shown;

  g_variant_get (parameter, "(&sb)", &key, &shown);
  if (self->deck != NULL && tkt_deck_set_hidden (self->deck, self->ceremony, key, !shown))
    edited (self, key);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TktSlidesEditor *self = TKT_SLIDES_EDITOR (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) keys = deck_keys (self);
  gint i = key_index (keys, key);
  g_autofree char *neighbour = NULL;

  if (self->deck == NULL || i < 0)
    return;
  if ((guint) i + 1 < keys->len)
    neighbour = g_strdup (g_ptr_array_index (keys, i + 1));
  else if (i > 0)
    neighbour = g_strdup (g_ptr_array_index (keys, i - 1));
  if (tkt_deck_remove_text_slide (self->deck, self->ceremony, key))
    edited (self, neighbour);
}

/* ---- adding a text slide ---------------------------------------------- */

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
dialog_title_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "add", title[0] != '\0');
}

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TktSlidesEditor  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "title");
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "text");

  if (g_str_equal (response, "add") && self->deck != NULL)
    {
      g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
      g_autofree char *text = text_view_text (view);
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
      const char *after = row != NULL ? g_object_get_data (G_OBJECT (row), "key") : NULL;
      g_autofree char *key = NULL;

      if (title[0] != '\0')
        key = tkt_deck_add_text_slide (self->deck, self->ceremony, after, title, g_strstrip (text));
      if (key != NULL)
        edited (self, key);
    }
  self->dialog = NULL;
}

static void
add_text_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TktSlidesEditor *self = TKT_SLIDES_EDITOR (widget);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *label;
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (self->deck == NULL || self->dialog != NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Add a Text Slide"),
                                                       _("It comes after the selected slide, or at the end when none is selected.")));
  gtk_widget_set_name (GTK_WIDGET (dialog), "add-text-slide");

  label = gtk_label_new_with_mnemonic (_("_Title"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (GTK_BOX (box), label);
  tkt_accessible_set_label (entry, _("Title of the slide"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_box_append (GTK_BOX (box), entry);

  label = gtk_label_new_with_mnemonic (_("Te_xt"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), view);
  gtk_box_append (GTK_BOX (box), label);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  tkt_accessible_set_label (view, _("Text of the slide"));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 140);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "title", entry);
  g_object_set_data (G_OBJECT (dialog), "text", view);
  g_signal_connect (entry, "changed", G_CALLBACK (dialog_title_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);

  self->dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Alt+Up / Alt+Down move the focused row. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TktSlidesEditor       *self)
{
  GtkWidget *focus;
  GtkWidget *row;
  const char *key;

  if ((state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) != GDK_ALT_MASK ||
      (keyval != GDK_KEY_Up && keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Up && keyval != GDK_KEY_KP_Down))
    return FALSE;
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->list))
    return FALSE;
  key = g_object_get_data (G_OBJECT (row), "key");
  gtk_widget_activate_action (GTK_WIDGET (self),
                              keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up ? "deck.move-up" : "deck.move-down",
                              "s", key);
  return TRUE;
}

/* ---- the emblem --------------------------------------------------------- */

/* The emblem row as the emblem file is; returns its path (or NULL). */
static char *
show_emblem (TktSlidesEditor *self)
{
  char *path = tkt_slides_emblem_path ();

  gtk_picture_set_filename (self->emblem_picture, path);
  gtk_widget_set_visible (GTK_WIDGET (self->emblem_picture), path != NULL);
  gtk_widget_set_sensitive (self->emblem_remove, path != NULL);
  adw_action_row_set_subtitle (self->emblem_row,
                               path != NULL ? _("Shown at the bottom of every slide, for every ceremony")
                                            : _("None: a PNG image, such as the department's logo"));
  return path;
}

static void
update_emblem (TktSlidesEditor *self)
{
  g_autofree char *path = show_emblem (self);

  if (self->deck != NULL)
    {
      g_autofree char *focus = selected_key (self);

      tkt_deck_set_footer (self->deck, NULL, path);
      rebuild (self, focus, FALSE);
    }
}

static void
emblem_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TktSlidesEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tkt_show_error (GTK_WIDGET (self), _("Cannot Use the Image"), error->message);
      return;
    }
  update_emblem (self);
}

static void
emblem_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TktSlidesEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  static const guchar png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  gsize size = 0;
  const guchar *data;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tkt_show_error (GTK_WIDGET (self), _("Cannot Use the Image"), error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size >= sizeof png_signature && memcmp (data, png_signature, sizeof png_signature) == 0)
    texture = gdk_texture_new_from_bytes (bytes, NULL);
  if (texture == NULL)
    {
      g_autofree char *name = g_file_get_basename (G_FILE (source));
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a PNG image. Save the emblem as PNG and choose it again."), name);

      tkt_show_error (GTK_WIDGET (self), _("Cannot Use the Image"), message);
      return;
    }

  target = tkt_slides_emblem_target ();
  dir = g_path_get_dirname (target);
  g_mkdir_with_parents (dir, 0700);
  file = g_file_new_for_path (target);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, emblem_written_cb, g_object_ref (self));
}

static void
emblem_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  TktSlidesEditor *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file != NULL)
    g_file_load_bytes_async (file, self->cancellable, emblem_loaded_cb, g_object_ref (self));
}

static void
choose_emblem_cb (TktSlidesEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose the Emblem"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (emblem_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
remove_emblem_cb (TktSlidesEditor *self)
{
  g_autofree char *path = tkt_slides_emblem_path ();

  if (path != NULL && g_unlink (path) != 0)
    {
      int saved = errno;
      /* Translators: %s says why, from the system */
      g_autofree char *message = g_strdup_printf (_("The emblem could not be removed: %s"), g_strerror (saved));

      tkt_show_error (GTK_WIDGET (self), _("Cannot Remove the Emblem"), message);
    }
  update_emblem (self);
}

/* ---- public ------------------------------------------------------------ */

GtkWidget *
tkt_slides_editor_new (void)
{
  return g_object_new (TKT_TYPE_SLIDES_EDITOR, NULL);
}

void
tkt_slides_editor_set_ceremony (TktSlidesEditor *self,
                                TktStore        *store,
                                TktCeremony     *ceremony)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *focus = NULL;

  g_return_if_fail (TKT_IS_SLIDES_EDITOR (self));

  focus = selected_key (self);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_set_object (&self->store, store);
  g_set_object (&self->ceremony, ceremony);
  /* The rows draw from the deck: they go first. */
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  clear_rows (self);
  g_clear_pointer (&self->deck, tkt_deck_free);

  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  if (store != NULL && ceremony != NULL)
    {
      self->deck = tkt_deck_new (store, ceremony, &error);
      if (self->deck != NULL)
        {
          g_autofree char *emblem = show_emblem (self);

          tkt_deck_set_footer (self->deck, NULL, emblem);
        }
      if (self->deck == NULL)
        {
          /* Translators: %s says why */
          g_autofree char *message = g_strdup_printf (_("The slides cannot be made: %s"), error->message);

          gtk_label_set_text (self->problem, message);
          gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
        }
    }
  rebuild (self, focus, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deck.add-text", self->deck != NULL);
}

void
tkt_slides_editor_set_theme (TktSlidesEditor   *self,
                             TktSlideThemeKind  theme)
{
  g_autofree char *focus = NULL;

  g_return_if_fail (TKT_IS_SLIDES_EDITOR (self));

  focus = selected_key (self);
  tkt_slide_theme_init (&self->theme, theme);
  rebuild (self, focus, FALSE);
}

TktDeck *
tkt_slides_editor_get_deck (TktSlidesEditor *self)
{
  g_return_val_if_fail (TKT_IS_SLIDES_EDITOR (self), NULL);
  return self->deck;
}

/* ---- GObject ----------------------------------------------------------- */

static void
tkt_slides_editor_dispose (GObject *object)
{
  TktSlidesEditor *self = TKT_SLIDES_EDITOR (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_pointer (&self->focus_key, g_free);
  if (self->list != NULL)
    clear_rows (self);
  g_clear_pointer (&self->deck, tkt_deck_free);
  g_clear_object (&self->ceremony);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tkt_slides_editor_parent_class)->dispose (object);
}

static void
tkt_slides_editor_class_init (TktSlidesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_slides_editor_dispose;

  /* ::changed — the ceremony's "slides" member was changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "deck.move-up", "s", move_action);
  gtk_widget_class_install_action (widget_class, "deck.move-down", "s", move_action);
  gtk_widget_class_install_action (widget_class, "deck.show", "(sb)", show_action);
  gtk_widget_class_install_action (widget_class, "deck.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "deck.add-text", NULL, add_text_action);
}

static void
tkt_slides_editor_init (TktSlidesEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bar = tkt_bar_new (12);
  GtkWidget *label = gtk_label_new (_("The slides of the conference, made from the ceremony and the report of its year. "
                                      "Hide a slide, move it, or add a slide of your own text; "
                                      "the changes are saved with the ceremony."));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Add _Text Slide…"));
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *emblem_list;

  tkt_slide_theme_init (&self->theme, TKT_SLIDE_THEME_LIGHT);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  tkt_bar_append (TKT_BAR (bar), label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "deck.add-text");
  gtk_widget_set_tooltip_text (button, _("Add a slide of your own text after the selected one"));
  tkt_bar_append (TKT_BAR (bar), button);
  button = gtk_button_new_with_mnemonic (_("Export _PDF…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "ceremony.export-slides-16-9");
  gtk_widget_set_tooltip_text (button, _("The slides as a PDF file, one 16:9 page per slide, for a venue's computer"));
  tkt_accessible_set_label (button, _("Export the slides as PDF"));
  tkt_bar_append (TKT_BAR (bar), button);
  gtk_box_append (GTK_BOX (box), bar);

  /* The emblem in the footer, for every ceremony. */
  emblem_list = gtk_list_box_new ();
  gtk_widget_add_css_class (emblem_list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (emblem_list), GTK_SELECTION_NONE);
  self->emblem_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->emblem_row), _("Emblem in the footer"));
  self->emblem_picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->emblem_picture, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->emblem_picture), 40, 40);
  gtk_widget_set_margin_top (GTK_WIDGET (self->emblem_picture), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->emblem_picture), 6);
  tkt_accessible_set_label (self->emblem_picture, _("The emblem"));
  adw_action_row_add_prefix (self->emblem_row, GTK_WIDGET (self->emblem_picture));
  button = gtk_button_new_with_mnemonic (_("C_hoose…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  tkt_accessible_set_label (button, _("Choose the emblem"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (choose_emblem_cb), self);
  adw_action_row_add_suffix (self->emblem_row, button);
  self->emblem_remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_name (self->emblem_remove, "remove-emblem");
  gtk_widget_add_css_class (self->emblem_remove, "flat");
  gtk_widget_set_valign (self->emblem_remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->emblem_remove, _("Remove the emblem"));
  tkt_accessible_set_label (self->emblem_remove, _("Remove the emblem"));
  g_signal_connect_swapped (self->emblem_remove, "clicked", G_CALLBACK (remove_emblem_cb), self);
  adw_action_row_add_suffix (self->emblem_row, self->emblem_remove);
  gtk_list_box_append (GTK_LIST_BOX (emblem_list), GTK_WIDGET (self->emblem_row));
  gtk_box_append (GTK_BOX (box), emblem_list);

  self->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem, TRUE);
  gtk_label_set_xalign (self->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "slides");
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  tkt_accessible_set_label (self->list, _("Slides"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  self->cancellable = g_cancellable_new ();
  adw_bin_set_child (ADW_BIN (self), box);
  update_emblem (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deck.add-text", FALSE);
}
