/* tkt-transfer-dialog.c — add or edit one transfer of results.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-transfer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-date-row.h"
#include "tkt-transfer-dialog.h"
#include "tkt-vocab.h"

struct _TktTransferDialog
{
  AdwWindow     parent_instance;

  GtkButton    *cancel_button;
  GtkButton    *save_button;
  TktDateRow   *date_row;
  AdwEntryRow  *result_row;
  AdwEntryRow  *recipient_row;
  AdwComboRow  *kind_row;
};

G_DEFINE_FINAL_TYPE (TktTransferDialog, tkt_transfer_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] ? g_steal_pointer (&text) : NULL;
}

static gboolean
is_complete (TktTransferDialog *self)
{
  g_autofree char *result = entry_text (self->result_row);
  g_autofree char *recipient = entry_text (self->recipient_row);

  return tkt_date_row_get_valid (self->date_row) &&
         tkt_date_row_get_value (self->date_row) != NULL &&
         result != NULL && recipient != NULL;
}

static void
on_changed_cb (TktTransferDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), is_complete (self));
}

static void
on_save_clicked_cb (TktTransferDialog *self)
{
  tkt_transfer_dialog_save (self);
}

static void
tkt_transfer_dialog_class_init (TktTransferDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TKT_TYPE_DATE_ROW);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tongket/Tongket/data/ui/tkt-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TktTransferDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TktTransferDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, TktTransferDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, TktTransferDialog, result_row);
  gtk_widget_class_bind_template_child (widget_class, TktTransferDialog, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, TktTransferDialog, kind_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tkt_transfer_dialog_init (TktTransferDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const TktVocab *vocab = tkt_vocab_get (TKT_VOCAB_RECIPIENT_KIND);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (kinds, C_("recipient kind", "Not Given"));
  for (guint i = 0; vocab[i].key != NULL; i++)
    gtk_string_list_append (kinds, _(vocab[i].label));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  /* The entry rows are named by their titles: AdwEntryRow relates its text
   * to the title, and a label of ours would be read after it in GTK 4.8. */
  on_changed_cb (self);
}

TktTransferDialog *
tkt_transfer_dialog_new (GtkWindow         *parent,
                         const TktTransfer *transfer)
{
  TktTransferDialog *self = g_object_new (TKT_TYPE_TRANSFER_DIALOG,
                                          "transient-for", parent,
                                          "title", transfer ? _("Edit Transfer") : _("Add Transfer"),
                                          NULL);

  if (transfer != NULL)
    {
      int kind = tkt_vocab_index (TKT_VOCAB_RECIPIENT_KIND, transfer->recipient_kind);

      tkt_date_row_set_value (self->date_row, transfer->date);
      gtk_editable_set_text (GTK_EDITABLE (self->result_row), transfer->result ? transfer->result : "");
      gtk_editable_set_text (GTK_EDITABLE (self->recipient_row), transfer->recipient ? transfer->recipient : "");
      adw_combo_row_set_selected (self->kind_row, kind >= 0 ? (guint) kind + 1 : 0);
    }
  on_changed_cb (self);

  return self;
}

TktTransfer *
tkt_transfer_dialog_dup_transfer (TktTransferDialog *self)
{
  TktTransfer *transfer;
  guint kind;

  g_return_val_if_fail (TKT_IS_TRANSFER_DIALOG (self), NULL);

  transfer = tkt_transfer_new ();
  transfer->date = g_strdup (tkt_date_row_get_value (self->date_row));
  transfer->result = entry_text (self->result_row);
  transfer->recipient = entry_text (self->recipient_row);
  kind = adw_combo_row_get_selected (self->kind_row);
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0 &&
      kind <= tkt_vocab_get_n_items (TKT_VOCAB_RECIPIENT_KIND))
    transfer->recipient_kind = g_strdup (tkt_vocab_get (TKT_VOCAB_RECIPIENT_KIND)[kind - 1].key);

  return transfer;
}

gboolean
tkt_transfer_dialog_save (TktTransferDialog *self)
{
  g_return_val_if_fail (TKT_IS_TRANSFER_DIALOG (self), FALSE);

  if (!is_complete (self))
    return FALSE;

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}
