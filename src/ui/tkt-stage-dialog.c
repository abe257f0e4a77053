/* tkt-stage-dialog.c — add or edit one stage of a task.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-stage-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-date-row.h"
#include "tkt-stage-dialog.h"
#include "tkt-vocab.h"

struct _TktStageDialog
{
  AdwWindow     parent_instance;

  GtkButton    *cancel_button;
  GtkButton    *save_button;
  AdwComboRow  *stage_row;
  TktDateRow   *date_row;
  AdwComboRow  *rating_row;
  AdwEntryRow  *doc_number_row;
  TktDateRow   *doc_date_row;
  AdwEntryRow  *doc_issuer_row;
  AdwEntryRow  *note_row;
};

G_DEFINE_FINAL_TYPE (TktStageDialog, tkt_stage_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GListModel *
vocab_model (TktVocabKind kind,
             const char  *none_label)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  const TktVocab *vocab = tkt_vocab_get (kind);

  if (none_label != NULL)
    gtk_string_list_append (list, none_label);
  for (guint i = 0; vocab[i].key != NULL; i++)
    gtk_string_list_append (list, _(vocab[i].label));

  return G_LIST_MODEL (list);
}

static const char *
selected_key (AdwComboRow  *row,
              TktVocabKind  kind,
              gboolean      has_none)
{
  guint pos = adw_combo_row_get_selected (row);
  const TktVocab *vocab = tkt_vocab_get (kind);

  if (pos == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (has_none)
    {
      if (pos == 0)
        return NULL;
      pos--;
    }
  if (pos >= tkt_vocab_get_n_items (kind))
    return NULL;

  return vocab[pos].key;
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] ? g_steal_pointer (&text) : NULL;
}

static gboolean
is_complete (TktStageDialog *self)
{
  return tkt_date_row_get_valid (self->date_row) &&
         tkt_date_row_get_value (self->date_row) != NULL &&
         tkt_date_row_get_valid (self->doc_date_row) &&
         selected_key (self->stage_row, TKT_VOCAB_STAGE, FALSE) != NULL;
}

static void
on_changed_cb (TktStageDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), is_complete (self));
  if (tkt_date_row_get_valid (self->date_row) && tkt_date_row_get_value (self->date_row) == NULL)
    tkt_date_row_set_problem (self->date_row, _("Enter the date of this stage"));
  else
    tkt_date_row_set_problem (self->date_row, NULL);
}

static void
on_stage_selected_cb (TktStageDialog *self)
{
  const char *key = selected_key (self->stage_row, TKT_VOCAB_STAGE, FALSE);

  /* Only an acceptance has a rating. */
  gtk_widget_set_visible (GTK_WIDGET (self->rating_row), g_strcmp0 (key, "accepted") == 0);
  on_changed_cb (self);
}

static void
on_save_clicked_cb (TktStageDialog *self)
{
  tkt_stage_dialog_save (self);
}

static void
tkt_stage_dialog_class_init (TktStageDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TKT_TYPE_DATE_ROW);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tongket/Tongket/data/ui/tkt-stage-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, stage_row);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, rating_row);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, doc_number_row);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, doc_date_row);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, doc_issuer_row);
  gtk_widget_class_bind_template_child (widget_class, TktStageDialog, note_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stage_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tkt_stage_dialog_init (TktStageDialog *self)
{
  g_autoptr(GListModel) stages = vocab_model (TKT_VOCAB_STAGE, NULL);
  g_autoptr(GListModel) ratings = vocab_model (TKT_VOCAB_RATING, C_("rating", "None"));

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->stage_row, stages);
  adw_combo_row_set_model (self->rating_row, ratings);
  /* The entry rows are named by their titles: AdwEntryRow relates its text
   * to the title, and a label of ours would be read after it in GTK 4.8. */
  on_stage_selected_cb (self);
}

TktStageDialog *
tkt_stage_dialog_new (GtkWindow      *parent,
                      const TktStage *stage)
{
  TktStageDialog *self = g_object_new (TKT_TYPE_STAGE_DIALOG,
                                       "transient-for", parent,
                                       "title", stage ? _("Edit Stage") : _("Add Stage"),
                                       NULL);

  if (stage != NULL)
    {
      int pos = tkt_vocab_index (TKT_VOCAB_STAGE, stage->stage);
      int rating = tkt_vocab_index (TKT_VOCAB_RATING, stage->rating);

      adw_combo_row_set_selected (self->stage_row, pos >= 0 ? (guint) pos : 0);
      adw_combo_row_set_selected (self->rating_row, rating >= 0 ? (guint) rating + 1 : 0);
      tkt_date_row_set_value (self->date_row, stage->date);
      gtk_editable_set_text (GTK_EDITABLE (self->doc_number_row), stage->doc_number ? stage->doc_number : "");
      tkt_date_row_set_value (self->doc_date_row, stage->doc_date);
      gtk_editable_set_text (GTK_EDITABLE (self->doc_issuer_row), stage->doc_issuer ? stage->doc_issuer : "");
      gtk_editable_set_text (GTK_EDITABLE (self->note_row), stage->note ? stage->note : "");
    }
  on_stage_selected_cb (self);

  return self;
}

TktStage *
tkt_stage_dialog_dup_stage (TktStageDialog *self)
{
  TktStage *stage;

  g_return_val_if_fail (TKT_IS_STAGE_DIALOG (self), NULL);

  stage = tkt_stage_new ();
  stage->stage = g_strdup (selected_key (self->stage_row, TKT_VOCAB_STAGE, FALSE));
  stage->date = g_strdup (tkt_date_row_get_value (self->date_row));
  stage->doc_number = entry_text (self->doc_number_row);
  stage->doc_date = g_strdup (tkt_date_row_get_value (self->doc_date_row));
  stage->doc_issuer = entry_text (self->doc_issuer_row);
  if (g_strcmp0 (stage->stage, "accepted") == 0)
    stage->rating = g_strdup (selected_key (self->rating_row, TKT_VOCAB_RATING, TRUE));
  stage->note = entry_text (self->note_row);

  return stage;
}

gboolean
tkt_stage_dialog_save (TktStageDialog *self)
{
  g_return_val_if_fail (TKT_IS_STAGE_DIALOG (self), FALSE);

  if (!is_complete (self))
    return FALSE;

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}
