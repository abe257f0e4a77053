/* tkt-award.c — commendations (khen thưởng): the catalogue of forms and one
 * award decision presented at a ceremony.
 *
 * The award is its JSON document, edited in place like a task, so members
 * this version does not know are kept.  The forms are ordinary documents
 * ("award_form:<slug>"), seeded with the defaults of the law on emulation
 * and commendation 06/2022/QH15 and editable afterwards.  Their names are
 * data, written as decisions write them, not interface text.
 */
#define G_LOG_DOMAIN "tkt-award"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-award.h"
#include "tkt-ceremony-private.h"
#include "tkt-io.h"
#include "tkt-task-private.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

#define DEFAULT_BATCH_SIZE 9
#define MAX_BATCH_SIZE     30

struct _TktAward
{
  GObject     parent_instance;

  JsonObject *doc;
};

G_DEFINE_FINAL_TYPE (TktAward, tkt_award, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REV,
  PROP_CEREMONY,
  PROP_FORM,
  PROP_DECISION_NUMBER,
  PROP_DECISION_DATE,
  PROP_DECISION_ISSUER,
  PROP_PRESENTER_NAME,
  PROP_PRESENTER_POSITION,
  PROP_ON_BEHALF,
  PROP_ORDER,
  PROP_BATCH_SIZE,
  PROP_N_RECIPIENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The string properties: the object member holding them ("" = top level)
 * and the member name. */
static const struct {
  const char *parent;
  const char *name;
} string_members[N_PROPS] = {
  [PROP_FORM] = { NULL, "form" },
  [PROP_DECISION_NUMBER] = { "decision", "number" },
  [PROP_DECISION_DATE] = { "decision", "date" },
  [PROP_DECISION_ISSUER] = { "decision", "issuer" },
  [PROP_PRESENTER_NAME] = { "presenter", "name" },
  [PROP_PRESENTER_POSITION] = { "presenter", "position" },
};

/* The default catalogue: the forms of the law on emulation and
 * commendation 06/2022/QH15 (and its Decree 98/2023/NĐ-CP) that a
 * provincial Department of Science and Technology presents or receives,
 * the ministry's commemorative medal, and the province's own badge.
 * authority_rank: 1 Chủ tịch nước, 2 Thủ tướng Chính phủ, 3 Bộ trưởng,
 * 4 Chủ tịch UBND tỉnh / UBND tỉnh, 5 Giám đốc Sở.  form_rank orders the
 * forms of one rank as they are presented: flags, then titles (danh hiệu)
 * and certificates of merit, then commemorative medals and badges. */
static const struct {
  const char *id;
  const char *name;
  const char *authority;
  int         authority_rank;
  int         form_rank;
  gboolean    collective;
  gboolean    individual;
  gboolean    is_title;      /* a title (danh hiệu): "tặng danh hiệu …" */
} default_forms[] = {
  { "award_form:huan-chuong-lao-dong-hang-ba", "Huân chương Lao động hạng Ba",
    "Chủ tịch nước", 1, 1, TRUE, TRUE, FALSE },
  { "award_form:co-thi-dua-chinh-phu", "Cờ Thi đua của Chính phủ",
    "Thủ tướng Chính phủ", 2, 1, TRUE, FALSE, FALSE },
  { "award_form:bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ",
    "Thủ tướng Chính phủ", 2, 2, TRUE, TRUE, FALSE },
  { "award_form:bang-khen-bo-truong-khcn", "Bằng khen của Bộ trưởng Bộ Khoa học và Công nghệ",
    "Bộ trưởng Bộ Khoa học và Công nghệ", 3, 1, TRUE, TRUE, FALSE },
  { "award_form:ky-niem-chuong-khcn", "Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”",
    "Bộ trưởng Bộ Khoa học và Công nghệ", 3, 2, FALSE, TRUE, FALSE },
  { "award_form:co-thi-dua-ubnd-tinh", "Cờ Thi đua của UBND tỉnh",
    "Chủ tịch UBND tỉnh", 4, 1, TRUE, FALSE, FALSE },
  { "award_form:tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc",
    "Chủ tịch UBND tỉnh", 4, 2, TRUE, FALSE, TRUE },
  { "award_form:chien-si-thi-dua-cap-tinh", "Chiến sĩ thi đua cấp tỉnh",
    "Chủ tịch UBND tỉnh", 4, 3, FALSE, TRUE, TRUE },
  { "award_form:bang-khen-chu-tich-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh",
    "Chủ tịch UBND tỉnh", 4, 4, TRUE, TRUE, FALSE },
  /* The province's own badge (Điện Biên's, as in the seed article). */
  { "award_form:huy-hieu-tinh", "Huy hiệu “Vì sự nghiệp xây dựng và phát triển tỉnh Điện Biên”",
    "UBND tỉnh", 4, 5, FALSE, TRUE, FALSE },
  { "award_form:chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở",
    "Giám đốc Sở", 5, 1, FALSE, TRUE, TRUE },
  { "award_form:tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến",
    "Giám đốc Sở", 5, 2, TRUE, FALSE, TRUE },
  { "award_form:lao-dong-tien-tien", "Lao động tiên tiến",
    "Giám đốc Sở", 5, 3, FALSE, TRUE, TRUE },
  { "award_form:giay-khen-giam-doc-so", "Giấy khen của Giám đốc Sở",
    "Giám đốc Sở", 5, 4, TRUE, TRUE, FALSE },
};

/* Recipients */

void
tkt_recipient_free (TktRecipient *recipient)
{
  if (recipient == NULL)
    return;
  g_free (recipient->kind);
  g_free (recipient->name);
  g_free (recipient->position);
  g_free (recipient->organisation);
  g_free (recipient);
}

TktRecipient *
tkt_recipient_copy (const TktRecipient *recipient)
{
  TktRecipient *copy;

  g_return_val_if_fail (recipient != NULL, NULL);

  copy = g_new0 (TktRecipient, 1);
  copy->kind = g_strdup (recipient->kind);
  copy->name = g_strdup (recipient->name);
  copy->position = g_strdup (recipient->position);
  copy->organisation = g_strdup (recipient->organisation);
  return copy;
}

static void
recipient_write (JsonObject    *object,
                 gconstpointer  data)
{
  const TktRecipient *recipient = data;

  tkt_json_put_string (object, "kind", recipient->kind);
  tkt_json_put_string (object, "name", recipient->name);
  tkt_json_put_string (object, "position", recipient->position);
  tkt_json_put_string (object, "organisation", recipient->organisation);
}

static gpointer
recipient_read (JsonObject *object)
{
  TktRecipient *recipient = g_new0 (TktRecipient, 1);

  recipient->kind = g_strdup (tkt_json_string (object, "kind"));
  recipient->name = g_strdup (tkt_json_string (object, "name"));
  recipient->position = g_strdup (tkt_json_string (object, "position"));
  recipient->organisation = g_strdup (tkt_json_string (object, "organisation"));
  return recipient;
}

static gboolean
is_collective (JsonObject *recipient)
{
  return g_strcmp0 (tkt_json_string (recipient, "kind"), "collective") == 0;
}

/* The catalogue */

static int
compare_forms (gconstpointer a,
               gconstpointer b)
{
  JsonObject *fa = *(JsonObject * const *) a;
  JsonObject *fb = *(JsonObject * const *) b;
  gint64 ra = tkt_json_int (fa, "authority_rank", 99);
  gint64 rb = tkt_json_int (fb, "authority_rank", 99);
  gint64 oa = tkt_json_int (fa, "form_rank", 99);
  gint64 ob = tkt_json_int (fb, "form_rank", 99);
  int r;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (oa != ob)
    return oa < ob ? -1 : 1;
  r = tkt_text_collate (tkt_json_string (fa, "name"), tkt_json_string (fb, "name"));
  if (r != 0)
    return r;
  return g_strcmp0 (tkt_json_string (fa, "_id"), tkt_json_string (fb, "_id"));
}

void
tkt_award_forms_add_defaults (TktStore  *store,
                              GPtrArray *docs)
{
  g_auto(GStrv) ids = tkt_store_list_ids (store, "award_form");

  if (ids != NULL && ids[0] != NULL)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (default_forms); i++)
    {
      JsonObject *doc = json_object_new ();

      json_object_set_string_member (doc, "_id", default_forms[i].id);
      json_object_set_string_member (doc, "type", "award_form");
      json_object_set_string_member (doc, "name", default_forms[i].name);
      json_object_set_string_member (doc, "authority", default_forms[i].authority);
      json_object_set_int_member (doc, "authority_rank", default_forms[i].authority_rank);
      json_object_set_int_member (doc, "form_rank", default_forms[i].form_rank);
      json_object_set_boolean_member (doc, "collective", default_forms[i].collective);
      json_object_set_boolean_member (doc, "individual", default_forms[i].individual);
      if (default_forms[i].is_title)
        json_object_set_boolean_member (doc, "is_title", TRUE);
      g_ptr_array_add (docs, doc);
    }
}

gboolean
tkt_award_forms_seed (TktStore  *store,
                      GError   **error)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  tkt_award_forms_add_defaults (store, docs);
  if (docs->len == 0)
    return TRUE;
  return tkt_store_put_all (store, docs, NULL, error);
}

GPtrArray *
tkt_award_forms_list (TktStore *store)
{
  GPtrArray *docs;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  docs = tkt_store_list_docs (store, "award_form");
  g_ptr_array_sort (docs, compare_forms);
  return docs;
}

char *
tkt_award_form_save (TktStore    *store,
                     const char  *id,
                     const char  *name,
                     const char  *authority,
                     int          authority_rank,
                     gboolean     collective,
                     gboolean     individual,
                     GError     **error)
{
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *rev = NULL;
  gint64 form_rank = 0;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL && authority != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (id != NULL)
    {
      doc = tkt_store_get (store, id, error);
      if (doc == NULL)
        return NULL;
    }
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *new_id = g_strdup_printf ("award_form:%s", uuid);

      doc = json_object_new ();
      json_object_set_string_member (doc, "_id", new_id);
      json_object_set_string_member (doc, "type", "award_form");
    }

  if (id == NULL || json_object_get_int_member_with_default (doc, "authority_rank", 0) != authority_rank)
    {
      const char *self_id = json_object_get_string_member (doc, "_id");

      forms = tkt_store_list_docs (store, "award_form");
      for (guint i = 0; i < forms->len; i++)
        {
          JsonObject *form = g_ptr_array_index (forms, i);

          if (json_object_get_int_member_with_default (form, "authority_rank", 0) == authority_rank &&
              g_strcmp0 (json_object_get_string_member_with_default (form, "_id", NULL), self_id) != 0)
            form_rank = MAX (form_rank, json_object_get_int_member_with_default (form, "form_rank", 0));
        }
      json_object_set_int_member (doc, "form_rank", form_rank + 1);
    }
  json_object_set_string_member (doc, "name", name);
  json_object_set_string_member (doc, "authority", authority);
  json_object_set_int_member (doc, "authority_rank", authority_rank);
  json_object_set_boolean_member (doc, "collective", collective);
  json_object_set_boolean_member (doc, "individual", individual);

  rev = tkt_store_put (store, doc, error);
  if (rev == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (doc, "_id"));
}

/* Property plumbing */

static const char *
get_string_prop (TktAward *self,
                 guint     prop_id)
{
  JsonObject *parent = string_members[prop_id].parent != NULL
                       ? tkt_json_object (self->doc, string_members[prop_id].parent)
                       : self->doc;

  return tkt_json_string (parent, string_members[prop_id].name);
}

static void
set_string_prop (TktAward   *self,
                 guint       prop_id,
                 const char *value)
{
  const char *parent_name = string_members[prop_id].parent;
  JsonObject *parent = self->doc;
  gboolean changed;

  g_assert (string_members[prop_id].name != NULL);

  if (parent_name != NULL)
    {
      parent = tkt_json_object (self->doc, parent_name);
      if (parent == NULL)
        {
          if (value == NULL || *value == '\0')
            return;
          parent = json_object_new ();
          json_object_set_object_member (self->doc, parent_name, parent);
        }
    }

  changed = tkt_json_put_string (parent, string_members[prop_id].name, value);
  if (parent_name != NULL && json_object_get_size (parent) == 0)
    json_object_remove_member (self->doc, parent_name);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* GObject */

static void
tkt_award_finalize (GObject *object)
{
  TktAward *self = (TktAward *) object;

  g_clear_pointer (&self->doc, json_object_unref);

  G_OBJECT_CLASS (tkt_award_parent_class)->finalize (object);
}

static void
tkt_award_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TktAward *self = TKT_AWARD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, tkt_award_get_id (self));
      break;

    case PROP_REV:
      g_value_set_string (value, tkt_award_get_rev (self));
      break;

    case PROP_CEREMONY:
      g_value_set_string (value, tkt_award_get_ceremony (self));
      break;

    case PROP_FORM:
    case PROP_DECISION_NUMBER:
    case PROP_DECISION_DATE:
    case PROP_DECISION_ISSUER:
    case PROP_PRESENTER_NAME:
    case PROP_PRESENTER_POSITION:
      g_value_set_string (value, get_string_prop (self, prop_id));
      break;

    case PROP_ON_BEHALF:
      g_value_set_boolean (value, tkt_award_get_on_behalf (self));
      break;

    case PROP_ORDER:
      g_value_set_int (value, tkt_award_get_order (self));
      break;

    case PROP_BATCH_SIZE:
      g_value_set_int (value, tkt_award_get_batch_size (self));
      break;

    case PROP_N_RECIPIENTS:
      g_value_set_uint (value, tkt_award_get_n_recipients (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_award_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TktAward *self = TKT_AWARD (object);

  switch (prop_id)
    {
    case PROP_FORM:
    case PROP_DECISION_NUMBER:
    case PROP_DECISION_DATE:
    case PROP_DECISION_ISSUER:
    case PROP_PRESENTER_NAME:
    case PROP_PRESENTER_POSITION:
      set_string_prop (self, prop_id, g_value_get_string (value));
      break;

    case PROP_ON_BEHALF:
      tkt_award_set_on_behalf (self, g_value_get_boolean (value));
      break;

    case PROP_ORDER:
      tkt_award_set_order (self, g_value_get_int (value));
      break;

    case PROP_BATCH_SIZE:
      tkt_award_set_batch_size (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_award_class_init (TktAwardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tkt_award_finalize;
  object_class->get_property = tkt_award_get_property;
  object_class->set_property = tkt_award_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_REV] = g_param_spec_string ("rev", NULL, NULL, NULL, ro);
  properties[PROP_CEREMONY] = g_param_spec_string ("ceremony", NULL, NULL, NULL, ro);
  properties[PROP_FORM] = g_param_spec_string ("form", NULL, NULL, NULL, rw);
  properties[PROP_DECISION_NUMBER] = g_param_spec_string ("decision-number", NULL, NULL, NULL, rw);
  properties[PROP_DECISION_DATE] = g_param_spec_string ("decision-date", NULL, NULL, NULL, rw);
  properties[PROP_DECISION_ISSUER] = g_param_spec_string ("decision-issuer", NULL, NULL, NULL, rw);
  properties[PROP_PRESENTER_NAME] = g_param_spec_string ("presenter-name", NULL, NULL, NULL, rw);
  properties[PROP_PRESENTER_POSITION] = g_param_spec_string ("presenter-position", NULL, NULL, NULL, rw);
  properties[PROP_ON_BEHALF] = g_param_spec_boolean ("on-behalf", NULL, NULL, FALSE, rw);
  properties[PROP_ORDER] = g_param_spec_int ("order", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_BATCH_SIZE] = g_param_spec_int ("batch-size", NULL, NULL, 1, MAX_BATCH_SIZE, DEFAULT_BATCH_SIZE, rw);
  properties[PROP_N_RECIPIENTS] = g_param_spec_uint ("n-recipients", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tkt_award_init (TktAward *self)
{
}

static TktAward *
award_new_take_json (JsonObject *doc)
{
  TktAward *self = g_object_new (TKT_TYPE_AWARD, NULL);

  self->doc = doc;
  if (!json_object_has_member (doc, "type"))
    json_object_set_string_member (doc, "type", "award");
  return self;
}

/* Public API */

TktAward *
tkt_award_new (const char *ceremony_id)
{
  JsonObject *doc = json_object_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("award:", uuid, NULL);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "award");
  if (ceremony_id != NULL && *ceremony_id != '\0')
    json_object_set_string_member (doc, "ceremony", ceremony_id);
  return award_new_take_json (doc);
}

TktAward *
tkt_award_new_from_json (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return award_new_take_json (tkt_task_json_object_deep_copy (doc));
}

JsonObject *
tkt_award_get_json (TktAward *self)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);

  return self->doc;
}

const char *
tkt_award_get_id (TktAward *self)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);

  return tkt_json_string (self->doc, "_id");
}

const char *
tkt_award_get_rev (TktAward *self)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);

  return tkt_json_string (self->doc, "_rev");
}

const char *
tkt_award_get_ceremony (TktAward *self)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);

  return tkt_json_string (self->doc, "ceremony");
}

#define STRING_ACCESSORS(lower, PROP)                                   \
const char *                                                            \
tkt_award_get_##lower (TktAward *self)                                  \
{                                                                       \
  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);                     \
  return get_string_prop (self, PROP);                                  \
}                                                                       \
                                                                        \
void                                                                    \
tkt_award_set_##lower (TktAward   *self,                                \
                       const char *value)                               \
{                                                                       \
  g_return_if_fail (TKT_IS_AWARD (self));                               \
  set_string_prop (self, PROP, value);                                  \
}

STRING_ACCESSORS (form, PROP_FORM)
STRING_ACCESSORS (decision_number, PROP_DECISION_NUMBER)
STRING_ACCESSORS (decision_date, PROP_DECISION_DATE)
STRING_ACCESSORS (decision_issuer, PROP_DECISION_ISSUER)
STRING_ACCESSORS (presenter_name, PROP_PRESENTER_NAME)
STRING_ACCESSORS (presenter_position, PROP_PRESENTER_POSITION)

#undef STRING_ACCESSORS

gboolean
tkt_award_get_on_behalf (TktAward *self)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), FALSE);

  return tkt_json_bool (self->doc, "on_behalf");
}

void
tkt_award_set_on_behalf (TktAward *self,
                         gboolean  on_behalf)
{
  g_return_if_fail (TKT_IS_AWARD (self));

  on_behalf = !!on_behalf;
  if (tkt_award_get_on_behalf (self) == on_behalf &&
      json_object_has_member (self->doc, "on_behalf"))
    return;
  json_object_set_boolean_member (self->doc, "on_behalf", on_behalf);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_BEHALF]);
}

int
tkt_award_get_order (TktAward *self)
{
  gint64 order;

  g_return_val_if_fail (TKT_IS_AWARD (self), -1);

  order = tkt_json_int (self->doc, "order", -1);
  return order < 0 ? -1 : (int) MIN (order, G_MAXINT);
}

void
tkt_award_set_order (TktAward *self,
                     int       order)
{
  g_return_if_fail (TKT_IS_AWARD (self));

  if (order < 0)
    order = -1;
  if (order == tkt_award_get_order (self))
    return;
  if (order < 0)
    json_object_remove_member (self->doc, "order");
  else
    json_object_set_int_member (self->doc, "order", order);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
}

int
tkt_award_get_batch_size (TktAward *self)
{
  gint64 size;

  g_return_val_if_fail (TKT_IS_AWARD (self), DEFAULT_BATCH_SIZE);

  size = tkt_json_int (self->doc, "batch_size", DEFAULT_BATCH_SIZE);
  return (int) CLAMP (size, 1, MAX_BATCH_SIZE);
}

void
tkt_award_set_batch_size (TktAward *self,
                          int       size)
{
  g_return_if_fail (TKT_IS_AWARD (self));

  size = CLAMP (size, 1, MAX_BATCH_SIZE);
  if (size == tkt_award_get_batch_size (self) && json_object_has_member (self->doc, "batch_size"))
    return;
  json_object_set_int_member (self->doc, "batch_size", size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

/* Recipients */

guint
tkt_award_get_n_recipients (TktAward *self)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), 0);

  return tkt_doc_list_length (self->doc, "recipients");
}

TktRecipient *
tkt_award_get_recipient (TktAward *self,
                         guint     index)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);
  g_return_val_if_fail (index < tkt_award_get_n_recipients (self), NULL);

  return tkt_doc_list_get (self->doc, "recipients", index, recipient_read, sizeof (TktRecipient));
}

void
tkt_award_append_recipient (TktAward           *self,
                            const TktRecipient *recipient)
{
  g_return_if_fail (TKT_IS_AWARD (self));
  g_return_if_fail (recipient != NULL);

  tkt_doc_list_append (G_OBJECT (self), self->doc, "recipients", recipient_write, recipient,
                       properties[PROP_N_RECIPIENTS]);
}

void
tkt_award_replace_recipient (TktAward           *self,
                             guint               index,
                             const TktRecipient *recipient)
{
  g_return_if_fail (TKT_IS_AWARD (self));
  g_return_if_fail (recipient != NULL);
  g_return_if_fail (index < tkt_award_get_n_recipients (self));

  tkt_doc_list_replace (self->doc, "recipients", index, recipient_write, recipient);
}

void
tkt_award_remove_recipient (TktAward *self,
                            guint     index)
{
  g_return_if_fail (TKT_IS_AWARD (self));
  g_return_if_fail (index < tkt_award_get_n_recipients (self));

  tkt_doc_list_remove (G_OBJECT (self), self->doc, "recipients", index, properties[PROP_N_RECIPIENTS]);
}

void
tkt_award_move_recipient (TktAward *self,
                          guint     from,
                          guint     to)
{
  g_return_if_fail (TKT_IS_AWARD (self));
  g_return_if_fail (from < tkt_award_get_n_recipients (self));
  g_return_if_fail (to < tkt_award_get_n_recipients (self));

  tkt_json_array_move (self->doc, "recipients", from, to);
}

/* "Thừa ủy quyền" */

/* Folded, with the usual abbreviations written out the same way, so that
 * "Bộ trưởng Bộ KH&CN" names "Bộ trưởng Bộ Khoa học và Công nghệ" and
 * "Chủ tịch Ủy ban nhân dân tỉnh" names "Chủ tịch UBND tỉnh". */
static char *
normalise_office (const char *text)
{
  static const struct { const char *from; const char *to; } abbreviations[] = {
    { "uy ban nhan dan", "ubnd" },
    { "khoa hoc va cong nghe", "kh&cn" },
    { "khoa hoc cong nghe", "kh&cn" },
    { "kh va cn", "kh&cn" },
    { "khcn", "kh&cn" },
  };
  g_autofree char *folded = tkt_text_fold (text);
  GString *out = g_string_new (g_strstrip (folded));

  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    g_string_replace (out, abbreviations[i].from, abbreviations[i].to, 0);
  return g_string_free (out, FALSE);
}

/* TRUE when @text starts with @prefix and the prefix ends at a word
 * boundary ("giam doc so" starts "giam doc so kh&cn", not "giam doc sot"). */
static gboolean
starts_with_words (const char *text,
                   const char *prefix)
{
  gsize n = strlen (prefix);

  if (strncmp (text, prefix, n) != 0)
    return FALSE;
  return text[n] == '\0' || !g_ascii_isalnum (text[n]);
}

/* TRUE when @words occurs in @text as whole words. */
static gboolean
contains_words (const char *text,
                const char *words)
{
  gsize n = strlen (words);

  for (const char *p = strstr (text, words); p != NULL; p = strstr (p + 1, words))
    if ((p == text || !g_ascii_isalnum (p[-1])) && (p[n] == '\0' || !g_ascii_isalnum (p[n])))
      return TRUE;
  return FALSE;
}

/* An authority is either an office held by one person ("Chủ tịch UBND
 * tỉnh", "Thủ tướng Chính phủ", "Giám đốc Sở") or a collective body ("UBND
 * tỉnh", "Chính phủ"); a body's name begins with one of these. */
static gboolean
is_body (const char *n_authority)
{
  static const char * const bodies[] = {
    "ubnd", "hdnd", "hoi dong nhan dan", "chinh phu", "tinh uy",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    if (starts_with_words (n_authority, bodies[i]))
      return TRUE;
  return FALSE;
}

/* Whether one office of the presenter (a position may list several: "Bí
 * thư Tỉnh ủy, Chủ tịch UBND tỉnh") is the authority.  For an office: the
 * office must begin with the authority — what follows may only name the
 * organisation ("Giám đốc Sở KH&CN" is the "Giám đốc Sở", "Chủ tịch UBND
 * tỉnh Điện Biên" the "Chủ tịch UBND tỉnh"), while anything before it makes
 * it another office: a deputy ("Phó Chủ tịch UBND tỉnh", "Phó Thủ tướng",
 * "Phó Giám đốc Sở") acts on the holder's behalf.  For a body: any office of
 * that body ("Phó Chủ tịch UBND tỉnh" for "UBND tỉnh"). */
static gboolean
office_is_authority (const char *n_office,
                     const char *n_authority)
{
  if (is_body (n_authority))
    return contains_words (n_office, n_authority);
  return starts_with_words (n_office, n_authority);
}

gboolean
tkt_award_propose_on_behalf (TktAward   *self,
                             JsonObject *form)
{
  const char *authority;
  const char *name;
  const char *position;
  g_autofree char *n_authority = NULL;
  g_autofree char *n_position = NULL;
  g_auto(GStrv) offices = NULL;

  g_return_val_if_fail (TKT_IS_AWARD (self), FALSE);

  authority = tkt_json_string (form, "authority");
  name = tkt_award_get_presenter_name (self);
  position = tkt_award_get_presenter_position (self);
  /* Nobody chosen yet: nothing to propose. */
  if (authority == NULL || ((name == NULL || *name == '\0') && (position == NULL || *position == '\0')))
    return FALSE;

  n_authority = normalise_office (authority);
  n_position = normalise_office (position);
  if (*n_authority == '\0')
    return FALSE;

  offices = g_strsplit_set (n_position, ",;", -1);
  for (guint i = 0; offices[i] != NULL; i++)
    {
      /* "kiem" joins concurrent offices: "Giám đốc Sở kiêm …". */
      g_auto(GStrv) parts = g_strsplit (offices[i], " kiem ", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        if (office_is_authority (g_strstrip (parts[j]), n_authority))
          return FALSE;
    }
  return TRUE;
}

/* Batches */

GPtrArray *
tkt_award_batches (TktAward *self)
{
  GPtrArray *batches;
  g_autoptr(GArray) order = NULL;
  JsonArray *recipients;
  guint size;
  guint n;
  guint pos = 0;

  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);

  batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  recipients = tkt_json_array (self->doc, "recipients");
  n = recipients != NULL ? json_array_get_length (recipients) : 0;
  size = (guint) tkt_award_get_batch_size (self);

  /* Collectives first, then individuals, each in the order given. */
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      if (is_collective (tkt_json_nth_object (recipients, i)) == (pass == 0))
        g_array_append_val (order, i);

  while (pos < n)
    {
      guint left = n - pos;
      guint take = size;
      GArray *batch;

      /* Full turns while more than two turns' worth remain; the last two
       * share what is left: 10 with turns of 9 go up as 5 + 5. */
      if (left <= size)
        take = left;
      else if (left < 2 * size)
        take = (left + 1) / 2;

      batch = g_array_sized_new (FALSE, FALSE, sizeof (guint), take);
      g_array_append_vals (batch, &g_array_index (order, guint, pos), take);
      g_ptr_array_add (batches, batch);
      pos += take;
    }

  return batches;
}

char *
tkt_award_format_counts (TktAward *self)
{
  JsonArray *recipients;
  guint collectives = 0;
  guint individuals = 0;
  g_autofree char *c = NULL;
  g_autofree char *i = NULL;

  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);

  recipients = tkt_json_array (self->doc, "recipients");
  for (guint k = 0; recipients != NULL && k < json_array_get_length (recipients); k++)
    {
      if (is_collective (tkt_json_nth_object (recipients, k)))
        collectives++;
      else
        individuals++;
    }

  c = tkt_text_format_count (collectives);
  i = tkt_text_format_count (individuals);
  if (collectives > 0 && individuals > 0)
    return g_strdup_printf ("cho %s tập thể, %s cá nhân", c, i);
  if (collectives > 0)
    return g_strdup_printf ("cho %s tập thể", c);
  if (individuals > 0)
    return g_strdup_printf ("cho %s cá nhân", i);
  return g_strdup ("");
}

/* CSV import */

typedef struct {
  GPtrArray *fields;   /* char* */
  guint      line;     /* where the record starts, 1-based */
} CsvRecord;

static void
csv_record_free (CsvRecord *record)
{
  g_ptr_array_unref (record->fields);
  g_free (record);
}

/* The separator: whichever of , ; and tab the first line has most of
 * outside quotes (Excel in a Vietnamese locale writes ";"). */
static char
csv_guess_separator (const char *text)
{
  const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  char best = ',';
  guint best_count = 0;

  for (const char *p = text; *p != '\0' && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
          if (*p == candidates[i])
            counts[i]++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > best_count)
      {
        best = candidates[i];
        best_count = counts[i];
      }
  return best;
}

/* RFC 4180 records: quoted fields may hold separators, "" and line breaks.
 * NULL and an error naming the line of an unclosed quote. */
static GPtrArray *
csv_parse (const char  *text,
           GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_record_free);
  char separator = csv_guess_separator (text);
  const char *p = text;
  guint line = 1;

  while (*p != '\0')
    {
      CsvRecord *record = g_new0 (CsvRecord, 1);
      gboolean end_of_record = FALSE;

      record->fields = g_ptr_array_new_with_free_func (g_free);
      record->line = line;
      g_ptr_array_add (records, record);

      while (!end_of_record)
        {
          GString *field = g_string_new (NULL);

          if (*p == '"')
            {
              guint quote_line = line;

              p++;
              for (;;)
                {
                  if (*p == '\0')
                    {
                      g_string_free (field, TRUE);
                      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                                   _("Line %u: a quoted field is not closed"), quote_line);
                      return NULL;
                    }
                  if (*p == '"' && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  if (*p == '"')
                    {
                      p++;
                      break;
                    }
                  if (*p == '\n')
                    line++;
                  g_string_append_c (field, *p++);
                }
            }
          /* Unquoted text, or what follows a closing quote. */
          while (*p != '\0' && *p != separator && *p != '\n' && *p != '\r')
            g_string_append_c (field, *p++);

          g_ptr_array_add (record->fields, g_string_free (field, FALSE));

          if (*p == separator)
            p++;
          else
            {
              if (*p == '\r')
                p++;
              if (*p == '\n')
                p++;
              line++;
              end_of_record = TRUE;
            }
        }
    }

  return g_steal_pointer (&records);
}

typedef enum {
  COLUMN_IGNORED,
  COLUMN_NUMBER,
  COLUMN_NAME,
  COLUMN_POSITION,
  COLUMN_UNIT,
  COLUMN_KIND,
} Column;

static gboolean
folded_is_one_of (const char         *folded,
                  const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (folded, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Header names in Vietnamese (as annexes of decisions write them) or
 * English; -1 when unknown. */
static int
column_of_header (const char *header)
{
  static const char * const numbers[] = { "stt", "tt", "so tt", "so thu tu", "no", "no.", "#", "number", NULL };
  static const char * const names[] = { "ho va ten", "ho ten", "ten", "name", "full name",
                                        "ten tap the", "ten tap the, ca nhan", "ten tap the/ca nhan",
                                        "ten tap the, ho ten ca nhan", "ho va ten/ten tap the",
                                        "tap the/ca nhan", NULL };
  static const char * const positions[] = { "chuc vu", "chuc danh", "position", "title", "job title", NULL };
  static const char * const units[] = { "don vi", "don vi cong tac", "co quan", "co quan, don vi",
                                        "noi cong tac", "unit", "organisation", "organization", NULL };
  static const char * const kinds[] = { "loai", "kind", "doi tuong", "tap the hay ca nhan", NULL };
  static const char * const ignored[] = { "ghi chu", "note", "notes", NULL };
  g_autofree char *folded = tkt_text_fold (header);

  g_strstrip (folded);
  if (folded_is_one_of (folded, numbers))
    return COLUMN_NUMBER;
  if (folded_is_one_of (folded, names))
    return COLUMN_NAME;
  if (folded_is_one_of (folded, positions))
    return COLUMN_POSITION;
  if (folded_is_one_of (folded, units))
    return COLUMN_UNIT;
  if (folded_is_one_of (folded, kinds))
    return COLUMN_KIND;
  if (folded_is_one_of (folded, ignored))
    return COLUMN_IGNORED;
  return -1;
}

static gboolean
is_blank_text (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A heading row of an annex ("I. Tập thể", "II. CÁ NHÂN"): the kind of the
 * rows that follow, or NULL if the row is not one. */
static const char *
heading_kind (CsvRecord *record,
              int        number_column)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *folded = NULL;
  const char *p;

  for (guint i = 0; i < record->fields->len; i++)
    {
      const char *field = g_ptr_array_index (record->fields, i);

      /* A numbered row is a recipient, whatever its name says. */
      if ((int) i == number_column && field[0] != '\0' && g_ascii_isdigit (field[0]))
        return NULL;
      if (!is_blank_text (field))
        {
          g_string_append (text, field);
          g_string_append_c (text, ' ');
        }
    }

  folded = tkt_text_fold (text->str);
  p = folded;
  /* Roman numerals or a letter, then "." or ")". */
  while (*p == ' ' || *p == 'i' || *p == 'v' || *p == 'x' || *p == '.' || *p == ')' ||
         (g_ascii_isalpha (*p) && (p[1] == '.' || p[1] == ')')))
    p++;
  if (g_str_has_prefix (p, "tap the") || g_str_has_prefix (p, "cac tap the"))
    return "collective";
  if (g_str_has_prefix (p, "ca nhan") || g_str_has_prefix (p, "cac ca nhan"))
    return "individual";
  return NULL;
}

static char *
clean_field (const char *field)
{
  g_autofree char *nfc = g_utf8_normalize (field, -1, G_NORMALIZE_NFC);
  char *stripped = g_strdup (nfc != NULL ? nfc : field);

  return g_strstrip (stripped);
}

gboolean
tkt_award_import_recipients_csv (TktAward    *self,
                                 const char  *data,
                                 gsize        length,
                                 const char  *default_kind,
                                 guint       *n_added,
                                 GError     **error)
{
  g_autofree char *converted = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GString) problems = NULL;
  g_autoptr(GArray) columns = NULL;
  int column_index[COLUMN_KIND + 1];
  const char *kind;
  CsvRecord *header;
  guint n_problems = 0;

  g_return_val_if_fail (TKT_IS_AWARD (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_added != NULL)
    *n_added = 0;

  kind = tkt_vocab_lookup (TKT_VOCAB_AWARD_RECIPIENT, default_kind);
  if (kind == NULL)
    kind = "individual";

  /* UTF-8 (with or without BOM); else Windows-1258, which Excel uses for
   * "CSV" on a Vietnamese Windows. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      converted = g_convert (data, (gssize) length, "UTF-8", "CP1258", NULL, NULL, NULL);
      if (converted == NULL)
        {
          g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                               _("The file is not text in UTF-8: save it from the spreadsheet as “CSV UTF-8”"));
          return FALSE;
        }
      text = g_steal_pointer (&converted);
    }
  else
    text = g_strndup (data, length);

  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    memmove (text, text + 3, strlen (text + 3) + 1);

  records = csv_parse (text, error);
  if (records == NULL)
    return FALSE;

  /* Blank lines anywhere (and a trailing line break) count for nothing. */
  for (guint i = records->len; i > 0; i--)
    {
      CsvRecord *record = g_ptr_array_index (records, i - 1);
      gboolean blank = TRUE;

      for (guint f = 0; f < record->fields->len && blank; f++)
        blank = is_blank_text (g_ptr_array_index (record->fields, f));
      if (blank)
        g_ptr_array_remove_index (records, i - 1);
    }

  if (records->len == 0)
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID, _("The file has no rows"));
      return FALSE;
    }

  /* The header */
  header = g_ptr_array_index (records, 0);
  columns = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint c = 0; c <= COLUMN_KIND; c++)
    column_index[c] = -1;
  problems = g_string_new (NULL);
  for (guint f = 0; f < header->fields->len; f++)
    {
      const char *name = g_ptr_array_index (header->fields, f);
      int column = column_of_header (name);

      if (column < 0)
        {
          g_autofree char *clean = clean_field (name);

          if (problems->len > 0)
            g_string_append_c (problems, '\n');
          g_string_append_printf (problems,
                                  _("Line %u: unknown column “%s” (the columns are STT, Họ và tên, Chức vụ, Đơn vị and, if needed, Loại: tập thể or cá nhân)"),
                                  header->line, clean);
          n_problems++;
          column = COLUMN_IGNORED;
        }
      else if (column != COLUMN_IGNORED)
        column_index[column] = (int) f;
      g_array_append_val (columns, column);
    }
  if (n_problems == 0 && column_index[COLUMN_NAME] < 0)
    {
      g_string_append_printf (problems,
                              _("Line %u: no name column (Họ và tên or Tên tập thể)"),
                              header->line);
      n_problems++;
    }
  if (n_problems > 0)
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID, problems->str);
      return FALSE;
    }

  /* The rows: every problem is collected, then all or nothing. */
  added = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_recipient_free);
  for (guint r = 1; r < records->len; r++)
    {
      CsvRecord *record = g_ptr_array_index (records, r);
      const char *heading = heading_kind (record, column_index[COLUMN_NUMBER]);
      g_autoptr(TktRecipient) recipient = NULL;
      gboolean bad = FALSE;

      if (heading != NULL && column_index[COLUMN_KIND] < 0)
        {
          kind = heading;
          continue;
        }

      if (record->fields->len > header->fields->len)
        {
          gboolean extra = FALSE;

          for (guint f = header->fields->len; f < record->fields->len; f++)
            extra = extra || !is_blank_text (g_ptr_array_index (record->fields, f));
          if (extra)
            {
              if (problems->len > 0)
                g_string_append_c (problems, '\n');
              g_string_append_printf (problems,
                                      _("Line %u: %u fields, but the first line names %u columns"),
                                      record->line, record->fields->len, header->fields->len);
              n_problems++;
              continue;
            }
        }

      recipient = g_new0 (TktRecipient, 1);
      recipient->kind = g_strdup (kind);
      for (guint f = 0; f < record->fields->len && f < columns->len; f++)
        {
          g_autofree char *value = clean_field (g_ptr_array_index (record->fields, f));

          switch ((Column) g_array_index (columns, int, f))
            {
            case COLUMN_NAME:
              g_free (recipient->name);
              recipient->name = g_steal_pointer (&value);
              break;

            case COLUMN_POSITION:
              g_free (recipient->position);
              recipient->position = *value != '\0' ? g_steal_pointer (&value) : NULL;
              break;

            case COLUMN_UNIT:
              g_free (recipient->organisation);
              recipient->organisation = *value != '\0' ? g_steal_pointer (&value) : NULL;
              break;

            case COLUMN_KIND:
              if (*value != '\0')
                {
                  const char *k = tkt_vocab_lookup (TKT_VOCAB_AWARD_RECIPIENT, value);

                  if (k == NULL)
                    {
                      if (problems->len > 0)
                        g_string_append_c (problems, '\n');
                      g_string_append_printf (problems,
                                              _("Line %u: “%s” is neither a collective (tập thể) nor an individual (cá nhân)"),
                                              record->line, value);
                      n_problems++;
                      bad = TRUE;
                    }
                  else
                    {
                      g_free (recipient->kind);
                      recipient->kind = g_strdup (k);
                    }
                }
              break;

            case COLUMN_NUMBER:
            case COLUMN_IGNORED:
            default:
              break;
            }
        }

      if (recipient->name == NULL || *recipient->name == '\0')
        {
          if (problems->len > 0)
            g_string_append_c (problems, '\n');
          g_string_append_printf (problems, _("Line %u: the name is missing"), record->line);
          n_problems++;
          bad = TRUE;
        }

      if (!bad)
        g_ptr_array_add (added, g_steal_pointer (&recipient));
    }

  if (n_problems > 0)
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID, problems->str);
      return FALSE;
    }
  if (added->len == 0)
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                           _("The file names no recipients below its first line"));
      return FALSE;
    }

  for (guint i = 0; i < added->len; i++)
    {
      JsonObject *object = json_object_new ();

      recipient_write (object, g_ptr_array_index (added, i));
      json_array_add_object_element (tkt_json_ensure_array (self->doc, "recipients"), object);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECIPIENTS]);
  if (n_added != NULL)
    *n_added = added->len;
  return TRUE;
}

/* Validation */

GPtrArray *
tkt_award_validate (TktAward *self)
{
  GPtrArray *problems;
  JsonArray *recipients;
  const char *date;
  GDate gdate;

  g_return_val_if_fail (TKT_IS_AWARD (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_problem_free);

  if (tkt_award_get_ceremony (self) == NULL)
    tkt_doc_add_problem (problems, g_strdup ("ceremony"), _("An award belongs to a ceremony"));
  if (tkt_award_get_form (self) == NULL)
    tkt_doc_add_problem (problems, g_strdup ("form"), _("Choose the form of the award"));

  date = tkt_award_get_decision_date (self);
  if (date != NULL && (strlen (date) != 10 || !tkt_text_date_from_iso (date, &gdate)))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a date (expected year-month-day, such as 2024-01-24)"), date);

      tkt_doc_add_problem (problems, g_strdup ("decision.date"), message);
    }

  if (json_object_has_member (self->doc, "batch_size"))
    {
      gint64 size = tkt_json_int (self->doc, "batch_size", 0);

      if (size < 1 || size > MAX_BATCH_SIZE)
        tkt_doc_add_problem (problems, g_strdup ("batch_size"), _("A turn on stage takes from 1 to 30 recipients"));
    }

  recipients = tkt_json_array (self->doc, "recipients");
  for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
    {
      JsonObject *recipient = tkt_json_nth_object (recipients, i);
      const char *kind;
      g_autofree char *name = NULL;

      if (recipient == NULL)
        {
          tkt_doc_add_problem (problems, g_strdup_printf ("recipients.%u", i), _("This recipient is damaged"));
          continue;
        }
      kind = tkt_json_string (recipient, "kind");
      if (tkt_vocab_index (TKT_VOCAB_AWARD_RECIPIENT, kind) < 0)
        tkt_doc_add_problem (problems, g_strdup_printf ("recipients.%u.kind", i),
                             _("A recipient is either a collective or an individual"));
      name = g_strstrip (g_strdup (tkt_json_string (recipient, "name") ? tkt_json_string (recipient, "name") : ""));
      if (*name == '\0')
        tkt_doc_add_problem (problems, g_strdup_printf ("recipients.%u.name", i), _("A recipient needs a name"));
    }

  return problems;
}

/* Load, save, list */

TktAward *
tkt_award_load (TktStore    *store,
                const char  *id,
                GError     **error)
{
  JsonObject *doc;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = tkt_doc_load (store, id, "award", error, _("“%s” is not an award"), id);
  if (doc == NULL)
    return NULL;

  return award_new_take_json (doc);
}

gboolean
tkt_award_save (TktAward  *self,
                TktStore  *store,
                GError   **error)
{
  g_return_val_if_fail (TKT_IS_AWARD (self), FALSE);
  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return tkt_doc_save (G_OBJECT (self), self->doc, tkt_award_validate (self),
                       store, properties[PROP_REV], error);
}

typedef struct {
  TktAward *award;
  gint64    authority_rank;
  gint64    form_rank;
  int       who;          /* 0 collectives only, 1 mixed, 2 individuals only, 3 none */
} AwardKey;

static int
compare_award_keys (gconstpointer a,
                    gconstpointer b)
{
  const AwardKey *ka = a;
  const AwardKey *kb = b;
  int r;

  if (ka->authority_rank != kb->authority_rank)
    return ka->authority_rank < kb->authority_rank ? -1 : 1;
  if (ka->form_rank != kb->form_rank)
    return ka->form_rank < kb->form_rank ? -1 : 1;
  if (ka->who != kb->who)
    return ka->who < kb->who ? -1 : 1;
  /* Undated decisions after dated ones. */
  r = g_strcmp0 (tkt_award_get_decision_date (ka->award) ? tkt_award_get_decision_date (ka->award) : "\x7f",
                 tkt_award_get_decision_date (kb->award) ? tkt_award_get_decision_date (kb->award) : "\x7f");
  if (r != 0)
    return r;
  return g_strcmp0 (tkt_award_get_id (ka->award), tkt_award_get_id (kb->award));
}

static int
compare_manual_order (gconstpointer a,
                      gconstpointer b)
{
  TktAward *aa = *(TktAward * const *) a;
  TktAward *ab = *(TktAward * const *) b;
  int oa = tkt_award_get_order (aa);
  int ob = tkt_award_get_order (ab);

  if (oa != ob)
    return oa < ob ? -1 : 1;
  return g_strcmp0 (tkt_award_get_id (aa), tkt_award_get_id (ab));
}

GPtrArray *
tkt_award_list_for_ceremony (TktStore   *store,
                             const char *ceremony_id)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GHashTable) forms = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GPtrArray) manual = NULL;
  GPtrArray *result;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (ceremony_id != NULL, NULL);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  forms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) json_object_unref);
  keys = g_array_new (FALSE, FALSE, sizeof (AwardKey));
  manual = g_ptr_array_new_with_free_func (g_object_unref);

  {
    g_autoptr(GPtrArray) form_docs = tkt_store_list_docs (store, "award_form");

    for (guint i = 0; i < form_docs->len; i++)
      {
        JsonObject *form = g_ptr_array_index (form_docs, i);
        const char *id = tkt_json_string (form, "_id");

        if (id != NULL)
          g_hash_table_insert (forms, (gpointer) id, json_object_ref (form));
      }
  }

  docs = tkt_store_list_docs (store, "award");
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      TktAward *award;
      JsonObject *form;
      JsonArray *recipients;
      guint collectives = 0;
      guint n;
      AwardKey key;

      if (g_strcmp0 (tkt_json_string (doc, "ceremony"), ceremony_id) != 0)
        continue;

      award = award_new_take_json (json_object_ref (doc));
      if (tkt_award_get_order (award) >= 0)
        {
          g_ptr_array_add (manual, award);
          continue;
        }

      form = tkt_award_get_form (award) != NULL ? g_hash_table_lookup (forms, tkt_award_get_form (award)) : NULL;
      recipients = tkt_json_array (doc, "recipients");
      n = recipients != NULL ? json_array_get_length (recipients) : 0;
      for (guint k = 0; k < n; k++)
        if (is_collective (tkt_json_nth_object (recipients, k)))
          collectives++;

      key.award = award;
      key.authority_rank = tkt_json_int (form, "authority_rank", 99);
      key.form_rank = tkt_json_int (form, "form_rank", 99);
      key.who = n == 0 ? 3 : collectives == n ? 0 : collectives > 0 ? 1 : 2;
      g_array_append_val (keys, key);
    }

  g_array_sort (keys, compare_award_keys);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (result, g_array_index (keys, AwardKey, i).award);

  /* An award placed by hand keeps its position (clamped to the list). */
  g_ptr_array_sort (manual, compare_manual_order);
  for (guint i = 0; i < manual->len; i++)
    {
      TktAward *award = g_object_ref (g_ptr_array_index (manual, i));
      guint at = MIN ((guint) tkt_award_get_order (award), result->len);

      g_ptr_array_insert (result, (int) at, award);
    }

  return result;
}
