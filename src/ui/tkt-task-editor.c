/* tkt-task-editor.c — the pane that edits one task.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-task-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "tkt-catalog.h"
#include "tkt-date-row.h"
#include "tkt-money-row.h"
#include "tkt-stage-dialog.h"
#include "tkt-history-window.h"
#include "tkt-task-editor.h"
#include "tkt-ui-util.h"
#include "tkt-text.h"
#include "tkt-transfer-dialog.h"
#include "tkt-vocab.h"

struct _TktTaskEditor
{
  GtkBox          parent_instance;

  GtkStack       *stack;
  GtkRevealer    *conflict_revealer;
  GtkLabel       *conflict_label;
  GtkButton      *reload_button;
  GtkScrolledWindow *scrolled_window;
  AdwEntryRow    *code_row;
  AdwEntryRow    *title_row;
  AdwComboRow    *kind_row;
  AdwComboRow    *level_row;
  AdwComboRow    *programme_row;
  AdwComboRow    *field_row;
  AdwComboRow    *sector_row;
  AdwComboRow    *regime_row;
  AdwEntryRow    *lead_org_row;
  AdwEntryRow    *pi_row;
  GtkTextView    *members_view;
  TktDateRow     *start_row;
  TktDateRow     *end_row;
  TktMoneyRow    *central_row;
  TktMoneyRow    *local_row;
  TktMoneyRow    *other_row;
  AdwActionRow   *total_row;
  GtkLabel       *total_label;
  GtkButton      *add_stage_button;
  GtkListBox     *stages_list;
  GtkButton      *add_transfer_button;
  GtkListBox     *transfers_list;
  GtkLabel       *problems_label;
  GtkButton      *save_button;
  GtkWidget      *menu_button;

  TktStore       *store;
  TktTask        *task;
  GHashTable     *field_rows;       /* member name → row (borrowed) */
  GPtrArray      *problem_rows;     /* rows marked with a problem now (borrowed) */
  char           *problems_text;
  gboolean        loading;
  gboolean        dirty;
  gboolean        valid;
};

G_DEFINE_FINAL_TYPE (TktTaskEditor, tkt_task_editor, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  PROP_TASK,
  PROP_DIRTY,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void revalidate (TktTaskEditor *self);

/* ---- combo rows carrying keys ------------------------------------------ */

/* Each combo row keeps the keys of its items (NULL for "not given") in a
 * GPtrArray in its object data, parallel to its GtkStringList. */
static void
combo_setup (AdwComboRow *row,
             const char  *none_label)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (labels, none_label);
  g_ptr_array_add (keys, NULL);
  g_object_set_data_full (G_OBJECT (row), "tkt-keys", keys, (GDestroyNotify) g_ptr_array_unref);
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
}

static void
combo_append (AdwComboRow *row,
              const char  *key,
              const char  *label)
{
  GPtrArray *keys = g_object_get_data (G_OBJECT (row), "tkt-keys");
  GtkStringList *labels = GTK_STRING_LIST (adw_combo_row_get_model (row));

  g_ptr_array_add (keys, g_strdup (key));
  gtk_string_list_append (labels, label);
}

static void
combo_setup_vocab (AdwComboRow  *row,
                   TktVocabKind  kind,
                   const char   *none_label)
{
  const TktVocab *vocab = tkt_vocab_get (kind);

  combo_setup (row, none_label);
  for (guint i = 0; vocab[i].key != NULL; i++)
    combo_append (row, vocab[i].key, _(vocab[i].label));
}

static const char *
combo_get_key (AdwComboRow *row)
{
  GPtrArray *keys = g_object_get_data (G_OBJECT (row), "tkt-keys");
  guint pos = adw_combo_row_get_selected (row);

  if (keys == NULL || pos >= keys->len)
    return NULL;

  return g_ptr_array_index (keys, pos);
}

/* Selects key; a key the list does not know (a finer field code, a programme
 * written by a newer version) is added as it is, so it is shown and kept. */
static void
combo_set_key (AdwComboRow *row,
               const char  *key)
{
  GPtrArray *keys = g_object_get_data (G_OBJECT (row), "tkt-keys");

  if (key == NULL || key[0] == '\0')
    {
      adw_combo_row_set_selected (row, 0);
      return;
    }

  for (guint i = 1; i < keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (keys, i), key) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  combo_append (row, key, key);
  adw_combo_row_set_selected (row, keys->len - 1);
}

static void
combo_fill_catalog (AdwComboRow *row,
                    GPtrArray   *docs,
                    const char  *none_label)
{
  combo_setup (row, none_label);
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *id = json_object_get_string_member_with_default (doc, "_id", NULL);
      const char *name = json_object_get_string_member_with_default (doc, "name", id);

      if (id != NULL)
        combo_append (row, id, name);
    }
}

/* ---- helpers ------------------------------------------------------------ */

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static const char *
entry_value (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_dirty (TktTaskEditor *self,
           gboolean       dirty)
{
  if (self->dirty == dirty)
    return;

  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
update_total (TktTaskEditor *self)
{
  gint64 total = self->task ? tkt_task_get_budget_total (self->task) : -1;
  g_autofree char *text = total >= 0 ? tkt_text_format_money (total) : g_strdup ("—");

  gtk_label_set_label (self->total_label, text);
}

/* "Số 1234/QĐ-UBND ngày 09/11/2023 của UBND tỉnh" */
static char *
format_document (const char *number,
                 const char *iso_date,
                 const char *issuer)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *date = iso_date ? tkt_text_format_iso_date (iso_date) : NULL;

  if (number != NULL && number[0])
    /* Translators: a decision document's number, "Số 1234/QĐ-UBND". */
    g_ptr_array_add (parts, g_strdup_printf (_("No. %s"), number));
  if (date != NULL && date[0])
    /* Translators: a decision document's date, "ngày 09/11/2023". */
    g_ptr_array_add (parts, g_strdup_printf (_("dated %s"), date));
  if (issuer != NULL && issuer[0])
    /* Translators: who issued a decision document, "của UBND tỉnh". */
    g_ptr_array_add (parts, g_strdup_printf (_("by %s"), issuer));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" ", (char **) parts->pdata);
}

static GtkWindow *
parent_window (TktTaskEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  tkt_accessible_set_label (button, label);

  return button;
}

/* ---- stages and transfers ----------------------------------------------- */

static void rebuild_stages (TktTaskEditor *self);
static void rebuild_transfers (TktTaskEditor *self);
static void clear_problem_rows (TktTaskEditor *self);

/* Forgets the rows of a list about to be rebuilt ("stages.N"). */
static void
forget_rows (TktTaskEditor *self,
             const char    *prefix)
{
  GHashTableIter iter;
  const char *key;

  clear_problem_rows (self);
  g_hash_table_iter_init (&iter, self->field_rows);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
}

static void
after_list_edit (TktTaskEditor *self)
{
  rebuild_stages (self);
  rebuild_transfers (self);
  set_dirty (self, TRUE);
  revalidate (self);
}

static void
stage_dialog_saved_cb (TktStageDialog *dialog,
                       TktTaskEditor  *self)
{
  g_autoptr(TktStage) stage = tkt_stage_dialog_dup_stage (dialog);
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "tkt-index"));

  if (self->task == NULL)
    return;

  if (index < 0)
    tkt_task_append_stage (self->task, stage);
  else if ((guint) index < tkt_task_get_n_stages (self->task))
    tkt_task_replace_stage (self->task, index, stage);
  after_list_edit (self);
}

static void
open_stage_dialog (TktTaskEditor *self,
                   int            index)
{
  g_autoptr(TktStage) stage = index >= 0 ? tkt_task_get_stage (self->task, index) : NULL;
  TktStageDialog *dialog = tkt_stage_dialog_new (parent_window (self), stage);

  g_object_set_data (G_OBJECT (dialog), "tkt-index", GINT_TO_POINTER (index));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (stage_dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_stage_clicked_cb (TktTaskEditor *self)
{
  if (self->task != NULL)
    open_stage_dialog (self, -1);
}

static void
stage_edit_clicked_cb (GtkButton     *button,
                       TktTaskEditor *self)
{
  open_stage_dialog (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "tkt-index")));
}

static void
stage_remove_clicked_cb (GtkButton     *button,
                         TktTaskEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "tkt-index"));

  if (self->task != NULL && index < tkt_task_get_n_stages (self->task))
    {
      tkt_task_remove_stage (self->task, index);
      after_list_edit (self);
    }
}

typedef struct {
  guint     index;
  TktStage *stage;
} IndexedStage;

static int
compare_stages (gconstpointer a,
                gconstpointer b)
{
  const IndexedStage *sa = a;
  const IndexedStage *sb = b;
  int cmp = g_strcmp0 (sa->stage->date, sb->stage->date);

  if (cmp != 0)
    return cmp;
  return (sa->index > sb->index) - (sa->index < sb->index);
}

static void
rebuild_stages (TktTaskEditor *self)
{
  GtkWidget *child;
  guint n = self->task ? tkt_task_get_n_stages (self->task) : 0;
  g_autoptr(GArray) stages = g_array_sized_new (FALSE, FALSE, sizeof (IndexedStage), n);

  forget_rows (self, "stages.");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stages_list))) != NULL)
    gtk_list_box_remove (self->stages_list, child);

  for (guint i = 0; i < n; i++)
    {
      IndexedStage entry = { i, tkt_task_get_stage (self->task, i) };
      g_array_append_val (stages, entry);
    }
  /* A timeline: in date order, the order of entry for the same date. */
  g_array_sort (stages, compare_stages);

  for (guint i = 0; i < stages->len; i++)
    {
      IndexedStage *entry = &g_array_index (stages, IndexedStage, i);
      TktStage *stage = entry->stage;
      g_autofree char *date = tkt_text_format_iso_date (stage->date);
      g_autofree char *title = NULL;
      g_autofree char *document = format_document (stage->doc_number, stage->doc_date, stage->doc_issuer);
      g_autoptr(GString) subtitle = g_string_new (document);
      g_autofree char *edit_label = NULL;
      g_autofree char *remove_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;
      const char *label = tkt_vocab_label (TKT_VOCAB_STAGE, stage->stage);
      g_autofree char *field = g_strdup_printf ("stages.%u", entry->index);

      title = date[0] ? g_strdup_printf ("%s — %s", label, date) : g_strdup (label);
      if (stage->rating != NULL)
        {
          if (subtitle->len > 0)
            g_string_append (subtitle, "\n");
          /* Translators: the rating of an acceptance, "Xếp loại: Khá". */
          g_string_append_printf (subtitle, _("Rating: %s"),
                                  tkt_vocab_label (TKT_VOCAB_RATING, stage->rating));
        }
      if (stage->note != NULL && stage->note[0])
        {
          if (subtitle->len > 0)
            g_string_append (subtitle, "\n");
          g_string_append (subtitle, stage->note);
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      /* Translators: accessible name of a button, "Edit stage Accepted — 24/01/2024". */
      edit_label = g_strdup_printf (_("Edit stage %s"), title);
      button = icon_button ("document-edit-symbolic", edit_label);
      g_object_set_data (G_OBJECT (button), "tkt-index", GUINT_TO_POINTER (entry->index));
      g_signal_connect (button, "clicked", G_CALLBACK (stage_edit_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

      remove_label = g_strdup_printf (_("Remove stage %s"), title);
      button = icon_button ("user-trash-symbolic", remove_label);
      g_object_set_data (G_OBJECT (button), "tkt-index", GUINT_TO_POINTER (entry->index));
      g_signal_connect (button, "clicked", G_CALLBACK (stage_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      g_hash_table_replace (self->field_rows, g_steal_pointer (&field), row);
      gtk_list_box_append (self->stages_list, row);
      tkt_stage_free (stage);
    }
}

static void
transfer_dialog_saved_cb (TktTransferDialog *dialog,
                          TktTaskEditor     *self)
{
  g_autoptr(TktTransfer) transfer = tkt_transfer_dialog_dup_transfer (dialog);
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "tkt-index"));

  if (self->task == NULL)
    return;

  if (index < 0)
    tkt_task_append_transfer (self->task, transfer);
  else if ((guint) index < tkt_task_get_n_transfers (self->task))
    tkt_task_replace_transfer (self->task, index, transfer);
  after_list_edit (self);
}

static void
open_transfer_dialog (TktTaskEditor *self,
                      int            index)
{
  g_autoptr(TktTransfer) transfer = index >= 0 ? tkt_task_get_transfer (self->task, index) : NULL;
  TktTransferDialog *dialog = tkt_transfer_dialog_new (parent_window (self), transfer);

  g_object_set_data (G_OBJECT (dialog), "tkt-index", GINT_TO_POINTER (index));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (transfer_dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_transfer_clicked_cb (TktTaskEditor *self)
{
  if (self->task != NULL)
    open_transfer_dialog (self, -1);
}

static void
transfer_edit_clicked_cb (GtkButton     *button,
                          TktTaskEditor *self)
{
  open_transfer_dialog (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "tkt-index")));
}

static void
transfer_remove_clicked_cb (GtkButton     *button,
                            TktTaskEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "tkt-index"));

  if (self->task != NULL && index < tkt_task_get_n_transfers (self->task))
    {
      tkt_task_remove_transfer (self->task, index);
      after_list_edit (self);
    }
}

static void
rebuild_transfers (TktTaskEditor *self)
{
  GtkWidget *child;
  guint n = self->task ? tkt_task_get_n_transfers (self->task) : 0;

  forget_rows (self, "transfers.");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->transfers_list))) != NULL)
    gtk_list_box_remove (self->transfers_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktTransfer) transfer = tkt_task_get_transfer (self->task, i);
      g_autofree char *date = tkt_text_format_iso_date (transfer->date);
      g_autofree char *subtitle = NULL;
      g_autofree char *edit_label = NULL;
      g_autofree char *remove_label = NULL;
      g_autofree char *field = g_strdup_printf ("transfers.%u", i);
      const char *result = transfer->result ? transfer->result : "";
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;

      if (transfer->recipient_kind != NULL)
        /* Translators: "24/01/2024 · Bệnh viện tỉnh (Bệnh viện)": date, recipient, its kind. */
        subtitle = g_strdup_printf (_("%s · %s (%s)"), date,
                                    transfer->recipient ? transfer->recipient : "",
                                    tkt_vocab_label (TKT_VOCAB_RECIPIENT_KIND, transfer->recipient_kind));
      else
        subtitle = g_strdup_printf ("%s · %s", date, transfer->recipient ? transfer->recipient : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      edit_label = g_strdup_printf (_("Edit transfer %s"), result);
      button = icon_button ("document-edit-symbolic", edit_label);
      g_object_set_data (G_OBJECT (button), "tkt-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (transfer_edit_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

      remove_label = g_strdup_printf (_("Remove transfer %s"), result);
      button = icon_button ("user-trash-symbolic", remove_label);
      g_object_set_data (G_OBJECT (button), "tkt-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (transfer_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      g_hash_table_replace (self->field_rows, g_steal_pointer (&field), row);
      gtk_list_box_append (self->transfers_list, row);
    }
}

/* ---- validation --------------------------------------------------------- */

static GtkWidget *
row_for_field (TktTaskEditor *self,
               const char    *field)
{
  g_autofree char *prefix = NULL;
  GtkWidget *row;
  const char *dot;

  if (field == NULL)
    return NULL;

  if ((row = g_hash_table_lookup (self->field_rows, field)) != NULL)
    return row;

  /* "stages.2.date" → "stages.2"; "budget.x" → "budget". */
  dot = strchr (field, '.');
  if (dot != NULL && (dot = strchr (dot + 1, '.')) != NULL)
    {
      prefix = g_strndup (field, dot - field);
      if ((row = g_hash_table_lookup (self->field_rows, prefix)) != NULL)
        return row;
    }

  return NULL;
}

static void
clear_problem_rows (TktTaskEditor *self)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->problem_rows, i);

      if (TKT_IS_DATE_ROW (row))
        tkt_date_row_set_problem (TKT_DATE_ROW (row), NULL);
      else if (TKT_IS_MONEY_ROW (row))
        tkt_money_row_set_problem (TKT_MONEY_ROW (row), NULL);
      else
        {
          gtk_widget_remove_css_class (row, "error");
          gtk_widget_set_tooltip_text (row, NULL);
          gtk_accessible_reset_property (GTK_ACCESSIBLE (row),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }
    }
  g_ptr_array_set_size (self->problem_rows, 0);
}

static void
mark_problem_row (TktTaskEditor *self,
                  GtkWidget     *row,
                  const char    *message)
{
  if (TKT_IS_DATE_ROW (row))
    tkt_date_row_set_problem (TKT_DATE_ROW (row), message);
  else if (TKT_IS_MONEY_ROW (row))
    tkt_money_row_set_problem (TKT_MONEY_ROW (row), message);
  else
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  g_ptr_array_add (self->problem_rows, row);
}

static void
add_row_error (GString    *text,
               GtkWidget  *row,
               gboolean    valid)
{
  if (valid)
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  /* Translators: a field with a typed value that is not understood, "Ngày bắt đầu: …". */
  g_string_append_printf (text, _("%s: not understood, see the field"),
                          adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
revalidate (TktTaskEditor *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean rows_valid;
  gboolean valid;

  clear_problem_rows (self);

  if (self->task == NULL)
    {
      valid = FALSE;
    }
  else
    {
      problems = tkt_task_validate (self->task, self->store);
      for (guint i = 0; i < problems->len; i++)
        {
          TktProblem *problem = g_ptr_array_index (problems, i);
          GtkWidget *row = row_for_field (self, problem->field);

          if (row != NULL)
            mark_problem_row (self, row, problem->message);
          if (text->len > 0)
            g_string_append_c (text, '\n');
          if (row != NULL && ADW_IS_PREFERENCES_ROW (row) && !TKT_IS_DATE_ROW (row) &&
              !TKT_IS_MONEY_ROW (row) && !g_str_has_prefix (problem->field, "stages.") &&
              !g_str_has_prefix (problem->field, "transfers."))
            g_string_append_printf (text, "%s: %s",
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                    problem->message);
          else
            g_string_append (text, problem->message);
        }

      add_row_error (text, GTK_WIDGET (self->start_row), tkt_date_row_get_valid (self->start_row));
      add_row_error (text, GTK_WIDGET (self->end_row), tkt_date_row_get_valid (self->end_row));
      add_row_error (text, GTK_WIDGET (self->central_row), tkt_money_row_get_valid (self->central_row));
      add_row_error (text, GTK_WIDGET (self->local_row), tkt_money_row_get_valid (self->local_row));
      add_row_error (text, GTK_WIDGET (self->other_row), tkt_money_row_get_valid (self->other_row));

      rows_valid = tkt_date_row_get_valid (self->start_row) &&
                   tkt_date_row_get_valid (self->end_row) &&
                   tkt_money_row_get_valid (self->central_row) &&
                   tkt_money_row_get_valid (self->local_row) &&
                   tkt_money_row_get_valid (self->other_row);
      valid = rows_valid && problems->len == 0;
    }

  g_free (self->problems_text);
  self->problems_text = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_label_set_label (self->problems_label, self->problems_text);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), self->problems_text[0] != '\0');

  update_total (self);

  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/* ---- edits -------------------------------------------------------------- */

static void
edited (TktTaskEditor *self)
{
  gtk_revealer_set_reveal_child (self->conflict_revealer, FALSE);
  set_dirty (self, TRUE);
  revalidate (self);
}

static void
on_entry_changed_cb (TktTaskEditor *self,
                     AdwEntryRow   *row)
{
  g_autofree char *text = NULL;

  if (self->loading || self->task == NULL)
    return;

  text = g_strstrip (g_strdup (entry_value (row)));
  if (row == self->code_row)
    tkt_task_set_code (self->task, text);
  else if (row == self->title_row)
    tkt_task_set_title (self->task, text);
  else if (row == self->lead_org_row)
    tkt_task_set_lead_org (self->task, text);
  else if (row == self->pi_row)
    tkt_task_set_pi (self->task, text);
  else
    g_assert_not_reached ();

  edited (self);
}

static void
on_combo_selected_cb (TktTaskEditor *self,
                      GParamSpec    *pspec,
                      AdwComboRow   *row)
{
  const char *key;

  if (self->loading || self->task == NULL)
    return;

  key = combo_get_key (row);
  if (row == self->kind_row)
    tkt_task_set_kind (self->task, key);
  else if (row == self->level_row)
    tkt_task_set_level (self->task, key);
  else if (row == self->programme_row)
    tkt_task_set_programme (self->task, key);
  else if (row == self->field_row)
    tkt_task_set_field (self->task, key);
  else if (row == self->sector_row)
    tkt_task_set_sector (self->task, key);
  else if (row == self->regime_row)
    tkt_task_set_regime (self->task, key);
  else
    g_assert_not_reached ();

  edited (self);
}

static void
on_date_changed_cb (TktTaskEditor *self,
                    GParamSpec    *pspec,
                    TktDateRow    *row)
{
  if (self->loading || self->task == NULL)
    return;

  if (row == self->start_row)
    tkt_task_set_start (self->task, tkt_date_row_get_value (row));
  else if (row == self->end_row)
    tkt_task_set_end (self->task, tkt_date_row_get_value (row));
  else
    g_assert_not_reached ();

  edited (self);
}

static void
on_money_changed_cb (TktTaskEditor *self,
                     GParamSpec    *pspec,
                     TktMoneyRow   *row)
{
  gint64 value;

  if (self->loading || self->task == NULL)
    return;

  value = tkt_money_row_get_value (row);
  if (row == self->central_row)
    tkt_task_set_budget_central (self->task, value);
  else if (row == self->local_row)
    tkt_task_set_budget_local (self->task, value);
  else if (row == self->other_row)
    tkt_task_set_budget_other (self->task, value);
  else
    g_assert_not_reached ();

  edited (self);
}

static void
on_validity_changed_cb (TktTaskEditor *self)
{
  if (self->loading || self->task == NULL)
    return;

  /* Typed text that is not understood is an edit too: never lose it. */
  set_dirty (self, TRUE);
  revalidate (self);
}

static void
members_changed_cb (TktTaskEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->members_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new ();

  if (self->loading || self->task == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        g_ptr_array_add (members, lines[i]);
    }
  g_ptr_array_add (members, NULL);
  tkt_task_set_members (self->task, members->len > 1 ? (const char * const *) members->pdata : NULL);

  edited (self);
}

static void
load_task (TktTaskEditor *self)
{
  TktTask *task = self->task;
  g_auto(GStrv) members = NULL;
  g_autofree char *members_text = NULL;

  gtk_revealer_set_reveal_child (self->conflict_revealer, FALSE);

  if (task == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      rebuild_stages (self);
      rebuild_transfers (self);
      revalidate (self);
      return;
    }

  self->loading = TRUE;
  set_entry_text (self->code_row, tkt_task_get_code (task));
  set_entry_text (self->title_row, tkt_task_get_title (task));
  combo_set_key (self->kind_row, tkt_task_get_kind (task));
  combo_set_key (self->level_row, tkt_task_get_level (task));
  combo_set_key (self->programme_row, tkt_task_get_programme (task));
  combo_set_key (self->field_row, tkt_task_get_field (task));
  combo_set_key (self->sector_row, tkt_task_get_sector (task));
  combo_set_key (self->regime_row, tkt_task_get_regime (task));
  set_entry_text (self->lead_org_row, tkt_task_get_lead_org (task));
  set_entry_text (self->pi_row, tkt_task_get_pi (task));
  members = tkt_task_dup_members (task);
  members_text = members ? g_strjoinv ("\n", members) : g_strdup ("");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->members_view), members_text, -1);
  tkt_date_row_set_value (self->start_row, tkt_task_get_start (task));
  tkt_date_row_set_value (self->end_row, tkt_task_get_end (task));
  tkt_money_row_set_value (self->central_row, tkt_task_get_budget_central (task));
  tkt_money_row_set_value (self->local_row, tkt_task_get_budget_local (task));
  tkt_money_row_set_value (self->other_row, tkt_task_get_budget_other (task));
  self->loading = FALSE;

  rebuild_stages (self);
  rebuild_transfers (self);
  gtk_stack_set_visible_child_name (self->stack, "editor");
  revalidate (self);
}

static void
on_reload_clicked_cb (TktTaskEditor *self)
{
  g_autoptr(TktTask) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (self->task == NULL || self->store == NULL)
    return;

  fresh = tkt_task_load (self->store, tkt_task_get_id (self->task), &error);
  if (fresh == NULL)
    {
      gtk_label_set_label (self->conflict_label, error->message);
      return;
    }

  tkt_task_editor_set_task (self, fresh);
}

/* ---- GObject ------------------------------------------------------------ */

static void
tkt_task_editor_dispose (GObject *object)
{
  TktTaskEditor *self = TKT_TASK_EDITOR (object);

  if (self->problem_rows != NULL)
    g_ptr_array_set_size (self->problem_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), TKT_TYPE_TASK_EDITOR);
  g_clear_object (&self->task);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tkt_task_editor_parent_class)->dispose (object);
}

static void
tkt_task_editor_finalize (GObject *object)
{
  TktTaskEditor *self = TKT_TASK_EDITOR (object);

  g_clear_pointer (&self->field_rows, g_hash_table_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problems_text, g_free);

  G_OBJECT_CLASS (tkt_task_editor_parent_class)->finalize (object);
}

static void
tkt_task_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TktTaskEditor *self = TKT_TASK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_TASK:
      g_value_set_object (value, self->task);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_task_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TktTaskEditor *self = TKT_TASK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      tkt_task_editor_set_store (self, g_value_get_object (value));
      break;
    case PROP_TASK:
      tkt_task_editor_set_task (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The task's revisions (tkt-history-window.c). */
static void
history_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TktTaskEditor *self = TKT_TASK_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *window;

  if (self->store == NULL || self->task == NULL || tkt_task_get_rev (self->task) == NULL)
    return;
  window = tkt_history_window_new (self->store, tkt_task_get_id (self->task));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

static void
tkt_task_editor_class_init (TktTaskEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_task_editor_dispose;
  object_class->finalize = tkt_task_editor_finalize;
  object_class->get_property = tkt_task_editor_get_property;
  object_class->set_property = tkt_task_editor_set_property;

  gtk_widget_class_install_action (widget_class, "editor.history", NULL, history_action_cb);

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASK] =
    g_param_spec_object ("task", NULL, NULL, TKT_TYPE_TASK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TKT_TYPE_DATE_ROW);
  g_type_ensure (TKT_TYPE_MONEY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tongket/Tongket/data/ui/tkt-task-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TktTaskEditor, name)
  BIND (stack);
  BIND (conflict_revealer);
  BIND (conflict_label);
  BIND (reload_button);
  BIND (scrolled_window);
  BIND (code_row);
  BIND (title_row);
  BIND (kind_row);
  BIND (level_row);
  BIND (programme_row);
  BIND (field_row);
  BIND (sector_row);
  BIND (regime_row);
  BIND (lead_org_row);
  BIND (pi_row);
  BIND (members_view);
  BIND (start_row);
  BIND (end_row);
  BIND (central_row);
  BIND (local_row);
  BIND (other_row);
  BIND (total_row);
  BIND (total_label);
  BIND (add_stage_button);
  BIND (stages_list);
  BIND (add_transfer_button);
  BIND (transfers_list);
  BIND (problems_label);
  BIND (save_button);
  BIND (menu_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_combo_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_money_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_validity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_stage_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_transfer_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reload_clicked_cb);
}

static void
tkt_task_editor_init (TktTaskEditor *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->field_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->problem_rows = g_ptr_array_new ();

  combo_setup_vocab (self->kind_row, TKT_VOCAB_KIND, C_("task kind", "Not Given"));
  combo_setup_vocab (self->level_row, TKT_VOCAB_LEVEL, C_("management level", "Not Given"));
  combo_setup_vocab (self->field_row, TKT_VOCAB_FIELD, C_("S&T field", "Not Given"));
  combo_setup_vocab (self->regime_row, TKT_VOCAB_REGIME, C_("legal regime", "Not Given"));
  combo_setup (self->programme_row, C_("programme", "None"));
  combo_setup (self->sector_row, C_("area of application", "Not Given"));

#define FIELD(name, row) g_hash_table_insert (self->field_rows, g_strdup (name), row)
  FIELD ("code", self->code_row);
  FIELD ("title", self->title_row);
  FIELD ("kind", self->kind_row);
  FIELD ("level", self->level_row);
  FIELD ("programme", self->programme_row);
  FIELD ("field", self->field_row);
  FIELD ("sector", self->sector_row);
  FIELD ("regime", self->regime_row);
  FIELD ("lead_org", self->lead_org_row);
  FIELD ("pi", self->pi_row);
  FIELD ("members", self->members_view);
  FIELD ("start", self->start_row);
  FIELD ("end", self->end_row);
  FIELD ("budget.central", self->central_row);
  FIELD ("budget.local", self->local_row);
  FIELD ("budget.other", self->other_row);
  FIELD ("budget", self->total_row);
  FIELD ("stages", self->stages_list);
  FIELD ("transfers", self->transfers_list);
#undef FIELD

  /* The entry rows need no name of ours: AdwEntryRow labels its text with
   * the title, and GTK 4.8 reads a label and a labelled-by relation one
   * after the other ("Mã số Mã số"). */
  tkt_accessible_set_label (self->add_stage_button, _("Add Stage"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_stage_button), _("Add Stage"));
  tkt_accessible_set_label (self->add_transfer_button, _("Add Transfer"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_transfer_button), _("Add Transfer"));

  g_signal_connect_object (gtk_text_view_get_buffer (self->members_view), "changed",
                           G_CALLBACK (members_changed_cb), self, G_CONNECT_SWAPPED);
  self->loading = FALSE;

  load_task (self);
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
tkt_task_editor_new (void)
{
  return g_object_new (TKT_TYPE_TASK_EDITOR, NULL);
}

void
tkt_task_editor_set_store (TktTaskEditor *self,
                           TktStore      *store)
{
  g_return_if_fail (TKT_IS_TASK_EDITOR (self));
  g_return_if_fail (store == NULL || TKT_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  tkt_task_editor_reload_catalog (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
tkt_task_editor_reload_catalog (TktTaskEditor *self)
{
  g_autoptr(GPtrArray) programmes = NULL;
  g_autoptr(GPtrArray) sectors = NULL;

  g_return_if_fail (TKT_IS_TASK_EDITOR (self));

  if (self->store != NULL)
    {
      programmes = tkt_catalog_list_programmes (self->store);
      sectors = tkt_catalog_list_sectors (self->store);
    }

  self->loading = TRUE;
  combo_fill_catalog (self->programme_row, programmes, C_("programme", "None"));
  combo_fill_catalog (self->sector_row, sectors, C_("area of application", "Not Given"));
  if (self->task != NULL)
    {
      combo_set_key (self->programme_row, tkt_task_get_programme (self->task));
      combo_set_key (self->sector_row, tkt_task_get_sector (self->task));
    }
  self->loading = FALSE;
}

void
tkt_task_editor_set_task (TktTaskEditor *self,
                          TktTask       *task)
{
  g_return_if_fail (TKT_IS_TASK_EDITOR (self));
  g_return_if_fail (task == NULL || TKT_IS_TASK (task));

  g_set_object (&self->task, task);
  load_task (self);
  set_dirty (self, FALSE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

TktTask *
tkt_task_editor_get_task (TktTaskEditor *self)
{
  g_return_val_if_fail (TKT_IS_TASK_EDITOR (self), NULL);

  return self->task;
}

gboolean
tkt_task_editor_get_dirty (TktTaskEditor *self)
{
  g_return_val_if_fail (TKT_IS_TASK_EDITOR (self), FALSE);

  return self->dirty;
}

gboolean
tkt_task_editor_get_valid (TktTaskEditor *self)
{
  g_return_val_if_fail (TKT_IS_TASK_EDITOR (self), FALSE);

  return self->valid;
}

gboolean
tkt_task_editor_save (TktTaskEditor *self,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TKT_IS_TASK_EDITOR (self), FALSE);

  if (self->task == NULL || self->store == NULL)
    {
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                           _("There is no task to save"));
      return FALSE;
    }

  revalidate (self);
  if (!self->valid)
    {
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                           self->problems_text[0] ? self->problems_text
                                                  : _("This task has problems to fix before it can be saved"));
      return FALSE;
    }

  if (!tkt_task_save (self->task, self->store, &local_error))
    {
      if (g_error_matches (local_error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT))
        gtk_revealer_set_reveal_child (self->conflict_revealer, TRUE);
      else
        {
          gtk_label_set_label (self->problems_label, local_error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  gtk_revealer_set_reveal_child (self->conflict_revealer, FALSE);
  set_dirty (self, FALSE);
  revalidate (self);

  return TRUE;
}

void
tkt_task_editor_focus_title (TktTaskEditor *self)
{
  g_return_if_fail (TKT_IS_TASK_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

void
tkt_task_editor_set_show_menu (TktTaskEditor *self,
                               gboolean       show)
{
  g_return_if_fail (TKT_IS_TASK_EDITOR (self));

  gtk_widget_set_visible (self->menu_button, show);
}

GtkWidget *
tkt_task_editor_get_row (TktTaskEditor *self,
                         const char    *field)
{
  g_return_val_if_fail (TKT_IS_TASK_EDITOR (self), NULL);

  return row_for_field (self, field);
}

const char *
tkt_task_editor_get_problems_text (TktTaskEditor *self)
{
  g_return_val_if_fail (TKT_IS_TASK_EDITOR (self), NULL);

  return self->problems_text ? self->problems_text : "";
}
