/* tkt-task.c — a science and technology task (nhiệm vụ KH&CN).
 *
 * The task is its JSON document: every getter reads the JsonObject and every
 * setter edits it in place, member by member.  Nothing is ever rebuilt from a
 * C struct, so members this version does not know — at the top level or
 * inside budget, a stage, a stage's document or a transfer — are kept as
 * they are when the task is edited and saved.
 */
#define G_LOG_DOMAIN "tkt-task"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-task.h"
#include "tkt-task-private.h"
#include "tkt-doc-private.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

struct _TktTask
{
  GObject     parent_instance;

  JsonObject *doc;
};

G_DEFINE_FINAL_TYPE (TktTask, tkt_task, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (TktStage, tkt_stage, tkt_stage_copy, tkt_stage_free)
G_DEFINE_BOXED_TYPE (TktTransfer, tkt_transfer, tkt_transfer_copy, tkt_transfer_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_REV,
  PROP_CODE,
  PROP_TITLE,
  PROP_KIND,
  PROP_LEVEL,
  PROP_PROGRAMME,
  PROP_FIELD,
  PROP_SECTOR,
  PROP_REGIME,
  PROP_LEAD_ORG,
  PROP_PI,
  PROP_START,
  PROP_END,
  PROP_MEMBERS,
  PROP_BUDGET_CENTRAL,
  PROP_BUDGET_LOCAL,
  PROP_BUDGET_OTHER,
  PROP_BUDGET_TOTAL,
  PROP_STATUS,
  PROP_N_STAGES,
  PROP_N_TRANSFERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The document members behind the string properties. */
static const char * const string_members[N_PROPS] = {
  [PROP_CODE] = "code",
  [PROP_TITLE] = "title",
  [PROP_KIND] = "kind",
  [PROP_LEVEL] = "level",
  [PROP_PROGRAMME] = "programme",
  [PROP_FIELD] = "field",
  [PROP_SECTOR] = "sector",
  [PROP_REGIME] = "regime",
  [PROP_LEAD_ORG] = "lead_org",
  [PROP_PI] = "pi",
  [PROP_START] = "start",
  [PROP_END] = "end",
};

static gint n_instances;
static gint n_created;

/* Boxed types and problems */

TktStage *
tkt_stage_new (void)
{
  return g_new0 (TktStage, 1);
}

TktStage *
tkt_stage_copy (const TktStage *stage)
{
  TktStage *copy;

  g_return_val_if_fail (stage != NULL, NULL);

  copy = tkt_stage_new ();
  copy->stage = g_strdup (stage->stage);
  copy->date = g_strdup (stage->date);
  copy->doc_number = g_strdup (stage->doc_number);
  copy->doc_date = g_strdup (stage->doc_date);
  copy->doc_issuer = g_strdup (stage->doc_issuer);
  copy->rating = g_strdup (stage->rating);
  copy->note = g_strdup (stage->note);

  return copy;
}

void
tkt_stage_free (TktStage *stage)
{
  if (stage == NULL)
    return;

  g_free (stage->stage);
  g_free (stage->date);
  g_free (stage->doc_number);
  g_free (stage->doc_date);
  g_free (stage->doc_issuer);
  g_free (stage->rating);
  g_free (stage->note);
  g_free (stage);
}

TktTransfer *
tkt_transfer_new (void)
{
  return g_new0 (TktTransfer, 1);
}

TktTransfer *
tkt_transfer_copy (const TktTransfer *transfer)
{
  TktTransfer *copy;

  g_return_val_if_fail (transfer != NULL, NULL);

  copy = tkt_transfer_new ();
  copy->date = g_strdup (transfer->date);
  copy->result = g_strdup (transfer->result);
  copy->recipient = g_strdup (transfer->recipient);
  copy->recipient_kind = g_strdup (transfer->recipient_kind);

  return copy;
}

void
tkt_transfer_free (TktTransfer *transfer)
{
  if (transfer == NULL)
    return;

  g_free (transfer->date);
  g_free (transfer->result);
  g_free (transfer->recipient);
  g_free (transfer->recipient_kind);
  g_free (transfer);
}

void
tkt_problem_free (TktProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

/* JSON helpers */

static JsonNode *json_node_deep_copy (JsonNode *node);

JsonObject *
tkt_task_json_object_deep_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_deep_copy (node));

  return copy;
}

static JsonNode *
json_node_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, tkt_task_json_object_deep_copy (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *array_copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (array_copy, json_node_deep_copy (json_array_get_element (array, i)));

        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array_copy);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      copy = json_node_copy (node);
      /* Values are copied by json_node_copy; only an immutable node would
       * share its value, which is fine. */
      return copy;
    }
}

/* Money: a non-negative integer, -1 = absent.  A negative value stored by
 * someone else is returned as is, so validation can report it. */
static gint64
get_money (JsonObject *object,
           const char *name)
{
  return tkt_json_int (object, name, -1);
}

static gboolean
money_present (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

const char *
tkt_task_status_of_stages (JsonArray *stages)
{
  const char *status = NULL;
  const char *best_date = NULL;
  gboolean found = FALSE;

  if (stages == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (stages); i++)
    {
      JsonNode *node = json_array_get_element (stages, i);
      JsonObject *stage;
      const char *date;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      stage = json_node_get_object (node);
      date = tkt_json_string (stage, "date");
      if (date == NULL)
        date = "";

      /* >= : on the same date the later entry of the array wins. */
      if (!found || strcmp (date, best_date) >= 0)
        {
          found = TRUE;
          best_date = date;
          status = tkt_json_string (stage, "stage");
        }
    }

  return status;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Writes a stage's known members into an existing stage object, leaving its
 * other members (and the document's other members) alone. */
static void
stage_write (JsonObject     *object,
             const TktStage *stage)
{
  JsonObject *document;

  tkt_json_put_string (object, "stage", stage->stage);
  tkt_json_put_string (object, "date", stage->date);

  document = tkt_json_object (object, "document");
  if (document == NULL &&
      (!is_blank (stage->doc_number) || !is_blank (stage->doc_date) ||
       !is_blank (stage->doc_issuer)))
    {
      document = json_object_new ();
      json_object_set_object_member (object, "document", document);
    }

  if (document != NULL)
    {
      tkt_json_put_string (document, "number", stage->doc_number);
      tkt_json_put_string (document, "date", stage->doc_date);
      tkt_json_put_string (document, "issuer", stage->doc_issuer);
      if (json_object_get_size (document) == 0)
        json_object_remove_member (object, "document");
    }

  tkt_json_put_string (object, "rating", stage->rating);
  tkt_json_put_string (object, "note", stage->note);
}

static TktStage *
stage_read (JsonObject *object)
{
  TktStage *stage = tkt_stage_new ();
  JsonObject *document = tkt_json_object (object, "document");

  stage->stage = g_strdup (tkt_json_string (object, "stage"));
  stage->date = g_strdup (tkt_json_string (object, "date"));
  stage->doc_number = g_strdup (tkt_json_string (document, "number"));
  stage->doc_date = g_strdup (tkt_json_string (document, "date"));
  stage->doc_issuer = g_strdup (tkt_json_string (document, "issuer"));
  stage->rating = g_strdup (tkt_json_string (object, "rating"));
  stage->note = g_strdup (tkt_json_string (object, "note"));

  return stage;
}

static void
transfer_write (JsonObject        *object,
                const TktTransfer *transfer)
{
  tkt_json_put_string (object, "date", transfer->date);
  tkt_json_put_string (object, "result", transfer->result);
  tkt_json_put_string (object, "recipient", transfer->recipient);
  tkt_json_put_string (object, "recipient_kind", transfer->recipient_kind);
}

static TktTransfer *
transfer_read (JsonObject *object)
{
  TktTransfer *transfer = tkt_transfer_new ();

  transfer->date = g_strdup (tkt_json_string (object, "date"));
  transfer->result = g_strdup (tkt_json_string (object, "result"));
  transfer->recipient = g_strdup (tkt_json_string (object, "recipient"));
  transfer->recipient_kind = g_strdup (tkt_json_string (object, "recipient_kind"));

  return transfer;
}

/* Edits of the stages: remember what the derived properties were, and
 * notify those that changed afterwards. */
typedef struct {
  char  *status;
  guint  n_stages;
} StagesState;

static void
stages_state_save (TktTask     *self,
                   StagesState *state)
{
  state->status = g_strdup (tkt_task_get_status (self));
  state->n_stages = tkt_task_get_n_stages (self);
}

static void
stages_state_notify (TktTask     *self,
                     StagesState *state)
{
  if (tkt_task_get_n_stages (self) != state->n_stages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STAGES]);
  if (g_strcmp0 (tkt_task_get_status (self), state->status) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_clear_pointer (&state->status, g_free);
}

static void
set_string_prop (TktTask *self,
                 guint    prop_id,
                 const char *value)
{
  g_assert (string_members[prop_id] != NULL);

  if (tkt_json_put_string (self->doc, string_members[prop_id], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_money (TktTask    *self,
           guint       prop_id,
           const char *name,
           gint64      dong)
{
  JsonObject *budget = tkt_json_object (self->doc, "budget");
  gint64 old_total;

  if (dong == -1)
    {
      if (budget == NULL || !json_object_has_member (budget, name))
        return;
    }
  else if (money_present (budget, name) && get_money (budget, name) == dong)
    return;

  old_total = tkt_task_get_budget_total (self);

  if (dong == -1)
    {
      json_object_remove_member (budget, name);
      if (json_object_get_size (budget) == 0)
        json_object_remove_member (self->doc, "budget");
    }
  else
    {
      if (budget == NULL)
        {
          budget = json_object_new ();
          json_object_set_object_member (self->doc, "budget", budget);
        }
      json_object_set_int_member (budget, name, dong);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  if (tkt_task_get_budget_total (self) != old_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET_TOTAL]);
}

/* GObject */

static void
tkt_task_finalize (GObject *object)
{
  TktTask *self = (TktTask *)object;

  g_clear_pointer (&self->doc, json_object_unref);

  g_atomic_int_add (&n_instances, -1);

  G_OBJECT_CLASS (tkt_task_parent_class)->finalize (object);
}

static void
tkt_task_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TktTask *self = TKT_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, tkt_task_get_id (self));
      break;

    case PROP_REV:
      g_value_set_string (value, tkt_task_get_rev (self));
      break;

    case PROP_CODE:
    case PROP_TITLE:
    case PROP_KIND:
    case PROP_LEVEL:
    case PROP_PROGRAMME:
    case PROP_FIELD:
    case PROP_SECTOR:
    case PROP_REGIME:
    case PROP_LEAD_ORG:
    case PROP_PI:
    case PROP_START:
    case PROP_END:
      g_value_set_string (value, tkt_json_string (self->doc, string_members[prop_id]));
      break;

    case PROP_MEMBERS:
      g_value_take_boxed (value, tkt_task_dup_members (self));
      break;

    case PROP_BUDGET_CENTRAL:
      g_value_set_int64 (value, tkt_task_get_budget_central (self));
      break;

    case PROP_BUDGET_LOCAL:
      g_value_set_int64 (value, tkt_task_get_budget_local (self));
      break;

    case PROP_BUDGET_OTHER:
      g_value_set_int64 (value, tkt_task_get_budget_other (self));
      break;

    case PROP_BUDGET_TOTAL:
      g_value_set_int64 (value, tkt_task_get_budget_total (self));
      break;

    case PROP_STATUS:
      g_value_set_string (value, tkt_task_get_status (self));
      break;

    case PROP_N_STAGES:
      g_value_set_uint (value, tkt_task_get_n_stages (self));
      break;

    case PROP_N_TRANSFERS:
      g_value_set_uint (value, tkt_task_get_n_transfers (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_task_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TktTask *self = TKT_TASK (object);

  switch (prop_id)
    {
    case PROP_CODE:
    case PROP_TITLE:
    case PROP_KIND:
    case PROP_LEVEL:
    case PROP_PROGRAMME:
    case PROP_FIELD:
    case PROP_SECTOR:
    case PROP_REGIME:
    case PROP_LEAD_ORG:
    case PROP_PI:
    case PROP_START:
    case PROP_END:
      set_string_prop (self, prop_id, g_value_get_string (value));
      break;

    case PROP_MEMBERS:
      tkt_task_set_members (self, g_value_get_boxed (value));
      break;

    case PROP_BUDGET_CENTRAL:
      tkt_task_set_budget_central (self, g_value_get_int64 (value));
      break;

    case PROP_BUDGET_LOCAL:
      tkt_task_set_budget_local (self, g_value_get_int64 (value));
      break;

    case PROP_BUDGET_OTHER:
      tkt_task_set_budget_other (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_task_class_init (TktTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tkt_task_finalize;
  object_class->get_property = tkt_task_get_property;
  object_class->set_property = tkt_task_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_REV] = g_param_spec_string ("rev", NULL, NULL, NULL, ro);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, rw);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, rw);
  properties[PROP_LEVEL] = g_param_spec_string ("level", NULL, NULL, NULL, rw);
  properties[PROP_PROGRAMME] = g_param_spec_string ("programme", NULL, NULL, NULL, rw);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, rw);
  properties[PROP_SECTOR] = g_param_spec_string ("sector", NULL, NULL, NULL, rw);
  properties[PROP_REGIME] = g_param_spec_string ("regime", NULL, NULL, NULL, rw);
  properties[PROP_LEAD_ORG] = g_param_spec_string ("lead-org", NULL, NULL, NULL, rw);
  properties[PROP_PI] = g_param_spec_string ("pi", NULL, NULL, NULL, rw);
  properties[PROP_START] = g_param_spec_string ("start", NULL, NULL, NULL, rw);
  properties[PROP_END] = g_param_spec_string ("end", NULL, NULL, NULL, rw);
  properties[PROP_MEMBERS] = g_param_spec_boxed ("members", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_BUDGET_CENTRAL] = g_param_spec_int64 ("budget-central", NULL, NULL, G_MININT64, G_MAXINT64, -1, rw);
  properties[PROP_BUDGET_LOCAL] = g_param_spec_int64 ("budget-local", NULL, NULL, G_MININT64, G_MAXINT64, -1, rw);
  properties[PROP_BUDGET_OTHER] = g_param_spec_int64 ("budget-other", NULL, NULL, G_MININT64, G_MAXINT64, -1, rw);
  properties[PROP_BUDGET_TOTAL] = g_param_spec_int64 ("budget-total", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, ro);
  properties[PROP_N_STAGES] = g_param_spec_uint ("n-stages", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_TRANSFERS] = g_param_spec_uint ("n-transfers", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tkt_task_init (TktTask *self)
{
  g_atomic_int_inc (&n_instances);
  g_atomic_int_inc (&n_created);
}

/* Private API */

TktTask *
tkt_task_new_take_json (JsonObject *doc)
{
  TktTask *self;

  g_return_val_if_fail (doc != NULL, NULL);

  self = g_object_new (TKT_TYPE_TASK, NULL);
  self->doc = doc;
  if (!json_object_has_member (doc, "type"))
    json_object_set_string_member (doc, "type", "task");

  return self;
}

guint
tkt_task_get_n_instances_for_testing (void)
{
  return (guint) g_atomic_int_get (&n_instances);
}

guint
tkt_task_get_n_created_for_testing (void)
{
  return (guint) g_atomic_int_get (&n_created);
}

/* Public API */

TktTask *
tkt_task_new (void)
{
  JsonObject *doc = json_object_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("task:", uuid, NULL);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "task");

  return tkt_task_new_take_json (doc);
}

TktTask *
tkt_task_new_from_json (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return tkt_task_new_take_json (tkt_task_json_object_deep_copy (doc));
}

JsonObject *
tkt_task_get_json (TktTask *self)
{
  g_return_val_if_fail (TKT_IS_TASK (self), NULL);

  return self->doc;
}

TktTask *
tkt_task_duplicate (TktTask *self)
{
  JsonObject *doc;
  g_autofree char *uuid = NULL;
  g_autofree char *id = NULL;
  GList *names;

  g_return_val_if_fail (TKT_IS_TASK (self), NULL);

  doc = tkt_task_json_object_deep_copy (self->doc);

  /* Drop _rev, _conflicts, _deleted…: the copy is a new document. */
  names = json_object_get_members (doc);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (name[0] == '_' && strcmp (name, "_id") != 0)
        json_object_remove_member (doc, name);
    }
  g_list_free (names);

  uuid = g_uuid_string_random ();
  id = g_strconcat ("task:", uuid, NULL);
  json_object_set_string_member (doc, "_id", id);
  json_object_remove_member (doc, "code");

  return tkt_task_new_take_json (doc);
}

const char *
tkt_task_get_id (TktTask *self)
{
  g_return_val_if_fail (TKT_IS_TASK (self), NULL);

  return tkt_json_string (self->doc, "_id");
}

const char *
tkt_task_get_rev (TktTask *self)
{
  g_return_val_if_fail (TKT_IS_TASK (self), NULL);

  return tkt_json_string (self->doc, "_rev");
}

void
tkt_task_set_rev (TktTask    *self,
                  const char *rev)
{
  g_return_if_fail (TKT_IS_TASK (self));

  if (tkt_json_put_string (self->doc, "_rev", rev))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REV]);
}

#define STRING_ACCESSORS(lower, PROP)                                   \
const char *                                                            \
tkt_task_get_##lower (TktTask *self)                                    \
{                                                                       \
  g_return_val_if_fail (TKT_IS_TASK (self), NULL);                      \
  return tkt_json_string (self->doc, string_members[PROP]);             \
}                                                                       \
                                                                        \
void                                                                    \
tkt_task_set_##lower (TktTask    *self,                                 \
                      const char *value)                                \
{                                                                       \
  g_return_if_fail (TKT_IS_TASK (self));                                \
  set_string_prop (self, PROP, value);                                  \
}

STRING_ACCESSORS (code, PROP_CODE)
STRING_ACCESSORS (title, PROP_TITLE)
STRING_ACCESSORS (kind, PROP_KIND)
STRING_ACCESSORS (level, PROP_LEVEL)
STRING_ACCESSORS (programme, PROP_PROGRAMME)
STRING_ACCESSORS (field, PROP_FIELD)
STRING_ACCESSORS (sector, PROP_SECTOR)
STRING_ACCESSORS (regime, PROP_REGIME)
STRING_ACCESSORS (lead_org, PROP_LEAD_ORG)
STRING_ACCESSORS (pi, PROP_PI)
STRING_ACCESSORS (start, PROP_START)
STRING_ACCESSORS (end, PROP_END)

#undef STRING_ACCESSORS

GStrv
tkt_task_dup_members (TktTask *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *members;

  g_return_val_if_fail (TKT_IS_TASK (self), NULL);

  members = tkt_json_array (self->doc, "members");
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonNode *node = json_array_get_element (members, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

void
tkt_task_set_members (TktTask            *self,
                      const char * const *members)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  JsonArray *array;

  g_return_if_fail (TKT_IS_TASK (self));

  /* Blank lines are not members. */
  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (members[i]));

      if (*stripped != '\0')
        g_ptr_array_add (kept, (gpointer) members[i]);
    }
  g_ptr_array_add (kept, NULL);

  old = tkt_task_dup_members (self);
  if (g_strv_equal ((const char * const *) old, (const char * const *) kept->pdata) &&
      (kept->len > 1 || !json_object_has_member (self->doc, "members")))
    return;

  if (kept->len == 1)
    {
      json_object_remove_member (self->doc, "members");
    }
  else
    {
      array = json_array_new ();
      for (guint i = 0; i + 1 < kept->len; i++)
        json_array_add_string_element (array, g_ptr_array_index (kept, i));
      json_object_set_array_member (self->doc, "members", array);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBERS]);
}

gint64
tkt_task_get_budget_central (TktTask *self)
{
  g_return_val_if_fail (TKT_IS_TASK (self), -1);

  return get_money (tkt_json_object (self->doc, "budget"), "central");
}

void
tkt_task_set_budget_central (TktTask *self,
                             gint64   dong)
{
  g_return_if_fail (TKT_IS_TASK (self));

  set_money (self, PROP_BUDGET_CENTRAL, "central", dong);
}

gint64
tkt_task_get_budget_local (TktTask *self)
{
  g_return_val_if_fail (TKT_IS_TASK (self), -1);

  return get_money (tkt_json_object (self->doc, "budget"), "local");
}

void
tkt_task_set_budget_local (TktTask *self,
                           gint64   dong)
{
  g_return_if_fail (TKT_IS_TASK (self));

  set_money (self, PROP_BUDGET_LOCAL, "local", dong);
}

gint64
tkt_task_get_budget_other (TktTask *self)
{
  g_return_val_if_fail (TKT_IS_TASK (self), -1);

  return get_money (tkt_json_object (self->doc, "budget"), "other");
}

void
tkt_task_set_budget_other (TktTask *self,
                           gint64   dong)
{
  g_return_if_fail (TKT_IS_TASK (self));

  set_money (self, PROP_BUDGET_OTHER, "other", dong);
}

gint64
tkt_task_get_budget_total (TktTask *self)
{
  static const char * const sources[] = { "central", "local", "other" };
  JsonObject *budget;
  gint64 total = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (TKT_IS_TASK (self), -1);

  budget = tkt_json_object (self->doc, "budget");
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      if (money_present (budget, sources[i]))
        {
          total += get_money (budget, sources[i]);
          any = TRUE;
        }
    }

  return any ? total : -1;
}

const char *
tkt_task_get_status (TktTask *self)
{
  g_return_val_if_fail (TKT_IS_TASK (self), NULL);

  return tkt_task_status_of_stages (tkt_json_array (self->doc, "stages"));
}

guint
tkt_task_get_n_stages (TktTask *self)
{
  JsonArray *stages;

  g_return_val_if_fail (TKT_IS_TASK (self), 0);

  stages = tkt_json_array (self->doc, "stages");
  return stages ? json_array_get_length (stages) : 0;
}

TktStage *
tkt_task_get_stage (TktTask *self,
                    guint    index)
{
  JsonObject *object;

  g_return_val_if_fail (TKT_IS_TASK (self), NULL);
  g_return_val_if_fail (index < tkt_task_get_n_stages (self), NULL);

  object = tkt_json_nth_object (tkt_json_array (self->doc, "stages"), index);
  if (object == NULL)
    return tkt_stage_new ();

  return stage_read (object);
}

void
tkt_task_append_stage (TktTask        *self,
                       const TktStage *stage)
{
  StagesState state;
  JsonObject *object;

  g_return_if_fail (TKT_IS_TASK (self));
  g_return_if_fail (stage != NULL);

  stages_state_save (self, &state);

  object = json_object_new ();
  stage_write (object, stage);
  json_array_add_object_element (tkt_json_ensure_array (self->doc, "stages"), object);

  stages_state_notify (self, &state);
}

void
tkt_task_replace_stage (TktTask        *self,
                        guint           index,
                        const TktStage *stage)
{
  StagesState state;
  JsonArray *stages;
  JsonObject *object;

  g_return_if_fail (TKT_IS_TASK (self));
  g_return_if_fail (stage != NULL);
  g_return_if_fail (index < tkt_task_get_n_stages (self));

  stages_state_save (self, &state);

  stages = tkt_json_array (self->doc, "stages");
  object = tkt_json_nth_object (stages, index);
  if (object == NULL)
    {
      /* Not an object (someone else's data): nothing there to keep. */
      object = json_object_new ();
      json_node_init_object (json_array_get_element (stages, index), object);
      json_object_unref (object);
    }

  stage_write (object, stage);

  stages_state_notify (self, &state);
}

void
tkt_task_remove_stage (TktTask *self,
                       guint    index)
{
  StagesState state;
  JsonArray *stages;

  g_return_if_fail (TKT_IS_TASK (self));
  g_return_if_fail (index < tkt_task_get_n_stages (self));

  stages_state_save (self, &state);

  stages = tkt_json_array (self->doc, "stages");
  json_array_remove_element (stages, index);

  stages_state_notify (self, &state);
}

guint
tkt_task_get_n_transfers (TktTask *self)
{
  JsonArray *transfers;

  g_return_val_if_fail (TKT_IS_TASK (self), 0);

  transfers = tkt_json_array (self->doc, "transfers");
  return transfers ? json_array_get_length (transfers) : 0;
}

TktTransfer *
tkt_task_get_transfer (TktTask *self,
                       guint    index)
{
  JsonObject *object;

  g_return_val_if_fail (TKT_IS_TASK (self), NULL);
  g_return_val_if_fail (index < tkt_task_get_n_transfers (self), NULL);

  object = tkt_json_nth_object (tkt_json_array (self->doc, "transfers"), index);
  if (object == NULL)
    return tkt_transfer_new ();

  return transfer_read (object);
}

void
tkt_task_append_transfer (TktTask           *self,
                          const TktTransfer *transfer)
{
  JsonObject *object;

  g_return_if_fail (TKT_IS_TASK (self));
  g_return_if_fail (transfer != NULL);

  object = json_object_new ();
  transfer_write (object, transfer);
  json_array_add_object_element (tkt_json_ensure_array (self->doc, "transfers"), object);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TRANSFERS]);
}

void
tkt_task_replace_transfer (TktTask           *self,
                           guint              index,
                           const TktTransfer *transfer)
{
  JsonArray *transfers;
  JsonObject *object;

  g_return_if_fail (TKT_IS_TASK (self));
  g_return_if_fail (transfer != NULL);
  g_return_if_fail (index < tkt_task_get_n_transfers (self));

  transfers = tkt_json_array (self->doc, "transfers");
  object = tkt_json_nth_object (transfers, index);
  if (object == NULL)
    {
      object = json_object_new ();
      json_node_init_object (json_array_get_element (transfers, index), object);
      json_object_unref (object);
    }

  transfer_write (object, transfer);
}

void
tkt_task_remove_transfer (TktTask *self,
                          guint    index)
{
  g_return_if_fail (TKT_IS_TASK (self));
  g_return_if_fail (index < tkt_task_get_n_transfers (self));

  json_array_remove_element (tkt_json_array (self->doc, "transfers"), index);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TRANSFERS]);
}

/* Validation */

/* Reports a date that is present but not a real ISO date.  TRUE if the
 * date is present and valid (so it can be compared). */
static gboolean
check_date (GPtrArray  *problems,
            const char *iso,
            char       *field)  /* owned */
{
  GDate date;

  if (iso == NULL)
    {
      g_free (field);
      return FALSE;
    }

  if (strlen (iso) != 10 || !tkt_text_date_from_iso (iso, &date))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a date (expected year-month-day, such as 2024-01-24)"), iso);

      tkt_doc_add_problem (problems, field, message);
      return FALSE;
    }

  g_free (field);
  return TRUE;
}

GPtrArray *
tkt_task_validate (TktTask  *self,
                   TktStore *store)
{
  static const struct { const char *name; const char *field; } money[] = {
    { "central", "budget.central" },
    { "local", "budget.local" },
    { "other", "budget.other" },
  };
  GPtrArray *problems;
  g_autofree char *title = NULL;
  const char *code;
  const char *start;
  const char *end;
  gboolean start_ok;
  gboolean end_ok;
  JsonObject *budget;
  JsonArray *stages;
  JsonArray *transfers;

  g_return_val_if_fail (TKT_IS_TASK (self), NULL);
  g_return_val_if_fail (store == NULL || TKT_IS_STORE (store), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_problem_free);

  title = g_strstrip (g_strdup (tkt_task_get_title (self) ? tkt_task_get_title (self) : ""));
  if (*title == '\0')
    tkt_doc_add_problem (problems, g_strdup ("title"), _("The title cannot be empty"));

  code = tkt_task_get_code (self);
  if (store != NULL && code != NULL &&
      tkt_store_task_code_in_use (store, code, tkt_task_get_id (self)))
    {
      g_autofree char *message = g_strdup_printf (_("Another task already uses the code “%s”"), code);

      tkt_doc_add_problem (problems, g_strdup ("code"), message);
    }

  start = tkt_task_get_start (self);
  end = tkt_task_get_end (self);
  start_ok = check_date (problems, start, g_strdup ("start"));
  end_ok = check_date (problems, end, g_strdup ("end"));
  if (start_ok && end_ok && strcmp (end, start) < 0)
    tkt_doc_add_problem (problems, g_strdup ("end"), _("The end date is before the start date"));

  budget = tkt_json_object (self->doc, "budget");
  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    {
      JsonNode *node = budget ? json_object_get_member (budget, money[i].name) : NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (!money_present (budget, money[i].name))
        tkt_doc_add_problem (problems, g_strdup (money[i].field), _("The amount must be a whole number of đồng"));
      else if (get_money (budget, money[i].name) < 0)
        tkt_doc_add_problem (problems, g_strdup (money[i].field), _("Money cannot be negative"));
    }

  stages = tkt_json_array (self->doc, "stages");
  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      JsonObject *stage = tkt_json_nth_object (stages, i);
      const char *key;
      const char *date;
      const char *rating;
      JsonObject *document;

      if (stage == NULL)
        {
          tkt_doc_add_problem (problems, g_strdup_printf ("stages.%u", i), _("This stage is damaged"));
          continue;
        }

      key = tkt_json_string (stage, "stage");
      date = tkt_json_string (stage, "date");
      rating = tkt_json_string (stage, "rating");
      document = tkt_json_object (stage, "document");

      if (key == NULL)
        tkt_doc_add_problem (problems, g_strdup_printf ("stages.%u.stage", i), _("Choose which stage this is"));
      else if (tkt_vocab_index (TKT_VOCAB_STAGE, key) < 0)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a known stage"), key);

          tkt_doc_add_problem (problems, g_strdup_printf ("stages.%u.stage", i), message);
        }

      if (date == NULL)
        tkt_doc_add_problem (problems, g_strdup_printf ("stages.%u.date", i), _("A stage needs the date it was reached"));
      else if (check_date (problems, date, g_strdup_printf ("stages.%u.date", i)) &&
               start_ok && strcmp (date, start) < 0 && key != NULL &&
               (strcmp (key, "accepted") == 0 || strcmp (key, "transferred") == 0))
        {
          /* Proposal, ordering and selection come before the planned start;
           * acceptance and transfer of results cannot. */
          tkt_doc_add_problem (problems, g_strdup_printf ("stages.%u.date", i),
                               _("Results cannot be accepted or transferred before the start date"));
        }

      if (rating != NULL && g_strcmp0 (key, "accepted") != 0)
        tkt_doc_add_problem (problems, g_strdup_printf ("stages.%u.rating", i), _("Only an acceptance has a rating"));

      check_date (problems, tkt_json_string (document, "date"), g_strdup_printf ("stages.%u.document.date", i));
    }

  transfers = tkt_json_array (self->doc, "transfers");
  for (guint i = 0; transfers != NULL && i < json_array_get_length (transfers); i++)
    {
      JsonObject *transfer = tkt_json_nth_object (transfers, i);

      if (transfer == NULL)
        {
          tkt_doc_add_problem (problems, g_strdup_printf ("transfers.%u", i), _("This transfer is damaged"));
          continue;
        }

      check_date (problems, tkt_json_string (transfer, "date"), g_strdup_printf ("transfers.%u.date", i));
    }

  return problems;
}

/* Load and save */

TktTask *
tkt_task_load (TktStore    *store,
               const char  *id,
               GError     **error)
{
  JsonObject *doc;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = tkt_doc_load (store, id, "task", error, _("“%s” is not a task"), id);
  if (doc == NULL)
    return NULL;

  return tkt_task_new_take_json (doc);
}

gboolean
tkt_task_save (TktTask   *self,
               TktStore  *store,
               GError   **error)
{
  g_return_val_if_fail (TKT_IS_TASK (self), FALSE);
  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return tkt_doc_save (G_OBJECT (self), self->doc, tkt_task_validate (self, store),
                       store, properties[PROP_REV], error);
}
