/* tkt-report.c — an annual report (báo cáo tổng kết), "report:<year>".
 *
 * As with TktTask, the report is its JSON document: getters read the
 * JsonObject, setters edit it member by member, so members this version
 * does not know — at the top level, in a section, the plan, a group, a
 * target, a document reference, the signer or the frozen figures — are kept
 * when the report is edited and saved.
 *
 * Everything written into the document is the document's own Vietnamese
 * (titles of sections, the heading block, the plain-text layout): an
 * official report is written in Vietnamese whatever the UI language, so it
 * does not go through gettext.  Errors and validation messages do.
 */
#define G_LOG_DOMAIN "tkt-report"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-report.h"
#include "tkt-task-private.h"   /* tkt_task_json_object_deep_copy */
#include "tkt-doc-private.h"
#include "tkt-text.h"

#define DEFAULT_ORGANISATION "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
#define DEFAULT_PARENT       "UBND TỈNH ĐIỆN BIÊN"
#define DEFAULT_PLACE        "Điện Biên"
#define DEFAULT_SIGNER_TITLE "GIÁM ĐỐC"

/* Years a report can be written for. */
#define MIN_YEAR 1990
#define MAX_YEAR 2100

/* Plain-text layout: the heading block's two columns. */
#define TEXT_LEFT_WIDTH  34
#define TEXT_RIGHT_WIDTH 46
#define TEXT_WIDTH       (TEXT_LEFT_WIDTH + TEXT_RIGHT_WIDTH)

struct _TktReport
{
  GObject     parent_instance;

  JsonObject *doc;
};

G_DEFINE_FINAL_TYPE (TktReport, tkt_report, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REV,
  PROP_YEAR,
  PROP_ORGANISATION,
  PROP_PARENT_ORGANISATION,
  PROP_NUMBER,
  PROP_PLACE,
  PROP_DATE,
  PROP_RECOMMENDATIONS,
  PROP_SIGNER_TITLE,
  PROP_SIGNER_NAME,
  PROP_RECIPIENTS,
  PROP_FROZEN,
  PROP_N_SECTIONS,
  PROP_N_GROUPS,
  PROP_N_TARGETS,
  PROP_N_DOCUMENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Top-level string members behind properties. */
static const char * const string_members[N_PROPS] = {
  [PROP_ORGANISATION] = "organisation",
  [PROP_PARENT_ORGANISATION] = "parent_organisation",
  [PROP_NUMBER] = "number",
  [PROP_PLACE] = "place",
  [PROP_DATE] = "date",
  [PROP_RECOMMENDATIONS] = "recommendations",
};

/* The indexed lists of the document. */
typedef enum {
  LIST_SECTIONS,
  LIST_GROUPS,
  LIST_TARGETS,
  LIST_DOCUMENTS,
} ListKind;

static const struct {
  const char *parent;   /* NULL: top level */
  const char *name;
  guint       prop;
} lists[] = {
  [LIST_SECTIONS] = { NULL, "sections", PROP_N_SECTIONS },
  [LIST_GROUPS] = { "plan", "groups", PROP_N_GROUPS },
  [LIST_TARGETS] = { "plan", "targets", PROP_N_TARGETS },
  [LIST_DOCUMENTS] = { "plan", "documents", PROP_N_DOCUMENTS },
};

/* The six areas of work of the seed article, titled as a report titles them. */
static const struct {
  const char *key;
  const char *title;
} default_sections[] = {
  { "tasks", "Công tác quản lý nhiệm vụ KH&CN" },
  { "appraisal", "Công tác thẩm định, có ý kiến về KH&CN" },
  { "radiation", "Công tác an toàn bức xạ và hạt nhân" },
  { "ip", "Công tác sở hữu trí tuệ và sáng kiến" },
  { "standards", "Công tác tiêu chuẩn, đo lường, chất lượng" },
  { "outreach", "Công tác thông tin, tuyên truyền về KH&CN" },
};

/* Kinds of document by the abbreviation in their number (Decree 30/2020,
 * Appendix III; party documents: "125-CTr/TU", "36-NQ/TW"). */
static const struct {
  const char *abbreviation;
  const char *name;
} doc_kinds[] = {
  { "KH", "Kế hoạch" },
  { "QĐ", "Quyết định" },
  { "NQ", "Nghị quyết" },
  { "CTr", "Chương trình" },
  { "CT", "Chỉ thị" },
  { "TB", "Thông báo" },
  { "BC", "Báo cáo" },
  { "ĐA", "Đề án" },
  { "TT", "Thông tư" },
  { "TTLT", "Thông tư liên tịch" },
  { "NĐ", "Nghị định" },
  { "HD", "Hướng dẫn" },
  { "KL", "Kết luận" },
  { "CĐ", "Công điện" },
  { "TTr", "Tờ trình" },
  { "QC", "Quy chế" },
  { "QyĐ", "Quy định" },
  { "HĐ", "Hợp đồng" },
  { "CV", "Công văn" },
};

/* JSON helpers */

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* Lists */

static JsonArray *
list_get (TktReport *self,
          ListKind   kind)
{
  JsonObject *parent = lists[kind].parent ? tkt_json_object (self->doc, lists[kind].parent) : self->doc;

  return tkt_json_array (parent, lists[kind].name);
}

static JsonArray *
list_ensure (TktReport *self,
             ListKind   kind)
{
  JsonObject *parent = lists[kind].parent ? tkt_json_ensure_object (self->doc, lists[kind].parent) : self->doc;

  return tkt_json_ensure_array (parent, lists[kind].name);
}

static guint
list_length (TktReport *self,
             ListKind   kind)
{
  JsonArray *array = list_get (self, kind);

  return array ? json_array_get_length (array) : 0;
}

static JsonObject *
list_append (TktReport *self,
             ListKind   kind)
{
  JsonObject *object = json_object_new ();

  json_array_add_object_element (list_ensure (self, kind), object);
  g_object_notify_by_pspec (G_OBJECT (self), properties[lists[kind].prop]);

  return object;
}

static void
list_remove (TktReport *self,
             ListKind   kind,
             guint      index)
{
  json_array_remove_element (list_get (self, kind), index);
  g_object_notify_by_pspec (G_OBJECT (self), properties[lists[kind].prop]);
}

/* Items */

static void
section_write (JsonObject             *object,
               const TktReportSection *section)
{
  tkt_json_put_string (object, "key", section->key);
  tkt_json_put_string (object, "title", section->title);
  tkt_json_put_string (object, "text", section->text);
}

static void
group_write (JsonObject         *object,
             const TktPlanGroup *group)
{
  tkt_json_put_string (object, "title", group->title);
  tkt_json_put_string (object, "text", group->text);
}

static void
target_write (JsonObject          *object,
              const TktPlanTarget *target)
{
  tkt_json_put_string (object, "label", target->label);
  tkt_json_put_string (object, "value", target->value);
}

static void
doc_ref_write (JsonObject      *object,
               const TktDocRef *doc)
{
  tkt_json_put_string (object, "number", doc->number);
  tkt_json_put_string (object, "date", doc->date);
  tkt_json_put_string (object, "issuer", doc->issuer);
  tkt_json_put_string (object, "title", doc->title);
}

/* "SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "SKHCN": the initials the symbol of a
 * document uses ("…/BC-SKHCN"). */
static char *
organisation_initials (const char *organisation)
{
  g_autofree char *folded = tkt_text_fold (organisation);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t-", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0' || strcmp (words[i], "va") == 0)
        continue;
      if (g_ascii_isalnum (words[i][0]))
        g_string_append_c (out, g_ascii_toupper (words[i][0]));
    }

  return g_string_free (out, FALSE);
}

/* A sentence still present verbatim in a section's text, recorded when it
 * was inserted. */
static gboolean
sentence_present (JsonObject *section,
                  JsonObject *entry)
{
  const char *text = tkt_json_string (section, "text");
  const char *sentence = tkt_json_string (entry, "text");

  return text != NULL && has_text (sentence) && strstr (text, sentence) != NULL;
}

/* Removes the paragraph at [start, start + len) from text, with one of the
 * line breaks around it. */
static char *
cut_paragraph (const char *text,
               gsize       start,
               gsize       len)
{
  gsize end = start + len;

  if (text[end] == '\n')
    end++;
  else if (start > 0 && text[start - 1] == '\n')
    start--;

  return g_strdup_printf ("%.*s%s", (int) start, text, text + end);
}

/* GObject */

static void
tkt_report_finalize (GObject *object)
{
  TktReport *self = (TktReport *)object;

  g_clear_pointer (&self->doc, json_object_unref);

  G_OBJECT_CLASS (tkt_report_parent_class)->finalize (object);
}

static void
tkt_report_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TktReport *self = TKT_REPORT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, tkt_report_get_id (self));
      break;

    case PROP_REV:
      g_value_set_string (value, tkt_report_get_rev (self));
      break;

    case PROP_YEAR:
      g_value_set_int (value, tkt_report_get_year (self));
      break;

    case PROP_ORGANISATION:
    case PROP_PARENT_ORGANISATION:
    case PROP_NUMBER:
    case PROP_PLACE:
    case PROP_DATE:
    case PROP_RECOMMENDATIONS:
      g_value_set_string (value, tkt_json_string (self->doc, string_members[prop_id]));
      break;

    case PROP_SIGNER_TITLE:
      g_value_set_string (value, tkt_report_get_signer_title (self));
      break;

    case PROP_SIGNER_NAME:
      g_value_set_string (value, tkt_report_get_signer_name (self));
      break;

    case PROP_RECIPIENTS:
      g_value_take_boxed (value, tkt_report_dup_recipients (self));
      break;

    case PROP_FROZEN:
      g_value_set_boolean (value, tkt_report_is_frozen (self));
      break;

    case PROP_N_SECTIONS:
      g_value_set_uint (value, tkt_report_get_n_sections (self));
      break;

    case PROP_N_GROUPS:
      g_value_set_uint (value, tkt_report_get_n_groups (self));
      break;

    case PROP_N_TARGETS:
      g_value_set_uint (value, tkt_report_get_n_targets (self));
      break;

    case PROP_N_DOCUMENTS:
      g_value_set_uint (value, tkt_report_get_n_documents (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_report_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TktReport *self = TKT_REPORT (object);

  switch (prop_id)
    {
    case PROP_ORGANISATION:
    case PROP_PARENT_ORGANISATION:
    case PROP_NUMBER:
    case PROP_PLACE:
    case PROP_DATE:
    case PROP_RECOMMENDATIONS:
      if (tkt_json_put_string (self->doc, string_members[prop_id], g_value_get_string (value)))
        g_object_notify_by_pspec (object, properties[prop_id]);
      break;

    case PROP_SIGNER_TITLE:
      tkt_report_set_signer_title (self, g_value_get_string (value));
      break;

    case PROP_SIGNER_NAME:
      tkt_report_set_signer_name (self, g_value_get_string (value));
      break;

    case PROP_RECIPIENTS:
      tkt_report_set_recipients (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_report_class_init (TktReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tkt_report_finalize;
  object_class->get_property = tkt_report_get_property;
  object_class->set_property = tkt_report_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_REV] = g_param_spec_string ("rev", NULL, NULL, NULL, ro);
  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_ORGANISATION] = g_param_spec_string ("organisation", NULL, NULL, NULL, rw);
  properties[PROP_PARENT_ORGANISATION] = g_param_spec_string ("parent-organisation", NULL, NULL, NULL, rw);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, rw);
  properties[PROP_PLACE] = g_param_spec_string ("place", NULL, NULL, NULL, rw);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, rw);
  properties[PROP_RECOMMENDATIONS] = g_param_spec_string ("recommendations", NULL, NULL, NULL, rw);
  properties[PROP_SIGNER_TITLE] = g_param_spec_string ("signer-title", NULL, NULL, NULL, rw);
  properties[PROP_SIGNER_NAME] = g_param_spec_string ("signer-name", NULL, NULL, NULL, rw);
  properties[PROP_RECIPIENTS] = g_param_spec_boxed ("recipients", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_FROZEN] = g_param_spec_boolean ("frozen", NULL, NULL, FALSE, ro);
  properties[PROP_N_SECTIONS] = g_param_spec_uint ("n-sections", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_GROUPS] = g_param_spec_uint ("n-groups", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_TARGETS] = g_param_spec_uint ("n-targets", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DOCUMENTS] = g_param_spec_uint ("n-documents", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tkt_report_init (TktReport *self)
{
}

/* Public API: construction */

static TktReport *
report_new_take_json (JsonObject *doc)
{
  TktReport *self = g_object_new (TKT_TYPE_REPORT, NULL);

  self->doc = doc;
  if (!json_object_has_member (doc, "type"))
    json_object_set_string_member (doc, "type", "report");

  return self;
}

char *
tkt_report_id_for_year (int year)
{
  return g_strdup_printf ("report:%d", year);
}

TktReport *
tkt_report_new (int         year,
                const char *organisation,
                const char *parent_organisation)
{
  JsonObject *doc = json_object_new ();
  JsonArray *sections = json_array_new ();
  JsonArray *recipients = json_array_new ();
  JsonObject *signer = json_object_new ();
  g_autofree char *id = tkt_report_id_for_year (year);
  g_autofree char *initials = NULL;
  g_autofree char *number = NULL;

  if (!has_text (organisation))
    organisation = DEFAULT_ORGANISATION;
  if (!has_text (parent_organisation))
    parent_organisation = DEFAULT_PARENT;
  initials = organisation_initials (organisation);
  number = g_strconcat ("…/BC-", initials, NULL);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "report");
  json_object_set_int_member (doc, "year", year);
  json_object_set_string_member (doc, "organisation", organisation);
  json_object_set_string_member (doc, "parent_organisation", parent_organisation);
  json_object_set_string_member (doc, "number", number);
  json_object_set_string_member (doc, "place", DEFAULT_PLACE);

  for (gsize i = 0; i < G_N_ELEMENTS (default_sections); i++)
    {
      JsonObject *section = json_object_new ();

      json_object_set_string_member (section, "key", default_sections[i].key);
      json_object_set_string_member (section, "title", default_sections[i].title);
      json_array_add_object_element (sections, section);
    }
  json_object_set_array_member (doc, "sections", sections);

  json_object_set_string_member (signer, "title", DEFAULT_SIGNER_TITLE);
  json_object_set_object_member (doc, "signer", signer);

  json_array_add_string_element (recipients, "Lưu: VT");
  json_object_set_array_member (doc, "recipients", recipients);

  return report_new_take_json (doc);
}

TktReport *
tkt_report_new_from_json (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return report_new_take_json (tkt_task_json_object_deep_copy (doc));
}

JsonObject *
tkt_report_get_json (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  return self->doc;
}

/* Public API: the heading and signature */

const char *
tkt_report_get_id (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  return tkt_json_string (self->doc, "_id");
}

const char *
tkt_report_get_rev (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  return tkt_json_string (self->doc, "_rev");
}

int
tkt_report_get_year (TktReport *self)
{
  JsonNode *node;
  const char *id;

  g_return_val_if_fail (TKT_IS_REPORT (self), 0);

  node = json_object_get_member (self->doc, "year");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    return (int) CLAMP (json_node_get_int (node), 0, G_MAXINT);

  /* No year member (someone else's document): the one of its _id. */
  id = tkt_report_get_id (self);
  if (id != NULL && g_str_has_prefix (id, "report:"))
    {
      guint64 year = 0;

      if (g_ascii_string_to_unsigned (id + strlen ("report:"), 10, 0, G_MAXINT, &year, NULL))
        return (int) year;
    }

  return 0;
}

#define STRING_ACCESSORS(lower, PROP)                                   \
const char *                                                            \
tkt_report_get_##lower (TktReport *self)                                \
{                                                                       \
  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);                    \
  return tkt_json_string (self->doc, string_members[PROP]);             \
}                                                                       \
                                                                        \
void                                                                    \
tkt_report_set_##lower (TktReport  *self,                               \
                        const char *text)                               \
{                                                                       \
  g_return_if_fail (TKT_IS_REPORT (self));                              \
  if (tkt_json_put_string (self->doc, string_members[PROP], text))      \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
}

STRING_ACCESSORS (organisation, PROP_ORGANISATION)
STRING_ACCESSORS (parent_organisation, PROP_PARENT_ORGANISATION)
STRING_ACCESSORS (number, PROP_NUMBER)
STRING_ACCESSORS (place, PROP_PLACE)
STRING_ACCESSORS (date, PROP_DATE)
STRING_ACCESSORS (recommendations, PROP_RECOMMENDATIONS)

#undef STRING_ACCESSORS

static void
set_signer_member (TktReport  *self,
                   const char *name,
                   const char *text,
                   guint       prop)
{
  JsonObject *signer = tkt_json_object (self->doc, "signer");

  if (signer == NULL && !has_text (text))
    return;
  if (signer == NULL)
    signer = tkt_json_ensure_object (self->doc, "signer");

  if (!tkt_json_put_string (signer, name, text))
    return;

  if (json_object_get_size (signer) == 0)
    json_object_remove_member (self->doc, "signer");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
tkt_report_get_signer_title (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  return tkt_json_string (tkt_json_object (self->doc, "signer"), "title");
}

void
tkt_report_set_signer_title (TktReport  *self,
                             const char *text)
{
  g_return_if_fail (TKT_IS_REPORT (self));

  set_signer_member (self, "title", text, PROP_SIGNER_TITLE);
}

const char *
tkt_report_get_signer_name (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  return tkt_json_string (tkt_json_object (self->doc, "signer"), "name");
}

void
tkt_report_set_signer_name (TktReport  *self,
                            const char *text)
{
  g_return_if_fail (TKT_IS_REPORT (self));

  set_signer_member (self, "name", text, PROP_SIGNER_NAME);
}

GStrv
tkt_report_dup_recipients (TktReport *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *recipients;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  recipients = tkt_json_array (self->doc, "recipients");
  for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
    {
      JsonNode *node = json_array_get_element (recipients, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

void
tkt_report_set_recipients (TktReport          *self,
                           const char * const *recipients)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  g_return_if_fail (TKT_IS_REPORT (self));

  /* Blank lines are not recipients. */
  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (recipients[i]));

      if (*stripped != '\0')
        g_ptr_array_add (kept, (gpointer) recipients[i]);
    }
  g_ptr_array_add (kept, NULL);

  old = tkt_report_dup_recipients (self);
  if (g_strv_equal ((const char * const *) old, (const char * const *) kept->pdata) &&
      (kept->len > 1 || !json_object_has_member (self->doc, "recipients")))
    return;

  if (kept->len == 1)
    json_object_remove_member (self->doc, "recipients");
  else
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i + 1 < kept->len; i++)
        json_array_add_string_element (array, g_ptr_array_index (kept, i));
      json_object_set_array_member (self->doc, "recipients", array);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENTS]);
}

/* Public API: sections, groups, targets, documents */

void
tkt_report_section_free (TktReportSection *s)
{
  if (s == NULL)
    return;

  g_free (s->key);
  g_free (s->title);
  g_free (s->text);
  g_free (s);
}

void
tkt_plan_group_free (TktPlanGroup *g)
{
  if (g == NULL)
    return;

  g_free (g->title);
  g_free (g->text);
  g_free (g);
}

void
tkt_plan_target_free (TktPlanTarget *t)
{
  if (t == NULL)
    return;

  g_free (t->label);
  g_free (t->value);
  g_free (t);
}

void
tkt_doc_ref_free (TktDocRef *d)
{
  if (d == NULL)
    return;

  g_free (d->number);
  g_free (d->date);
  g_free (d->issuer);
  g_free (d->title);
  g_free (d);
}

guint
tkt_report_get_n_sections (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), 0);

  return list_length (self, LIST_SECTIONS);
}

TktReportSection *
tkt_report_get_section (TktReport *self,
                        guint      index)
{
  TktReportSection *section;
  JsonObject *object;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < tkt_report_get_n_sections (self), NULL);

  object = tkt_json_nth_object (list_get (self, LIST_SECTIONS), index);
  section = g_new0 (TktReportSection, 1);
  section->key = g_strdup (tkt_json_string (object, "key"));
  section->title = g_strdup (tkt_json_string (object, "title"));
  section->text = g_strdup (tkt_json_string (object, "text"));

  return section;
}

void
tkt_report_replace_section (TktReport              *self,
                            guint                   index,
                            const TktReportSection *section)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (section != NULL);
  g_return_if_fail (index < tkt_report_get_n_sections (self));

  section_write (tkt_json_nth_object_ensure (list_get (self, LIST_SECTIONS), index), section);
}

void
tkt_report_append_section (TktReport              *self,
                           const TktReportSection *section)
{
  JsonObject *object;
  g_autofree char *key = NULL;

  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (section != NULL);

  object = list_append (self, LIST_SECTIONS);
  section_write (object, section);
  /* A section the user adds gets a key of its own. */
  if (tkt_json_string (object, "key") == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      key = g_strconcat ("custom:", uuid, NULL);
      json_object_set_string_member (object, "key", key);
    }
}

void
tkt_report_remove_section (TktReport *self,
                           guint      index)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (index < tkt_report_get_n_sections (self));

  list_remove (self, LIST_SECTIONS, index);
}

void
tkt_report_move_section (TktReport *self,
                         guint      from,
                         guint      to)
{
  JsonArray *sections;
  JsonArray *moved;
  g_autoptr(GPtrArray) nodes = NULL;
  guint n;

  g_return_if_fail (TKT_IS_REPORT (self));
  n = tkt_report_get_n_sections (self);
  g_return_if_fail (from < n);
  g_return_if_fail (to < n);

  if (from == to)
    return;

  /* JsonArray has no insert: build the new order and put it in place.
   * json_node_copy shares the sections' objects, so nothing is lost. */
  sections = list_get (self, LIST_SECTIONS);
  nodes = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (nodes, json_array_get_element (sections, i));
  {
    gpointer node = g_ptr_array_steal_index (nodes, from);

    g_ptr_array_insert (nodes, (gint) to, node);
  }

  moved = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    json_array_add_element (moved, json_node_copy (g_ptr_array_index (nodes, i)));
  json_object_set_array_member (self->doc, "sections", moved);
}

guint
tkt_report_get_n_groups (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), 0);

  return list_length (self, LIST_GROUPS);
}

TktPlanGroup *
tkt_report_get_group (TktReport *self,
                      guint      index)
{
  TktPlanGroup *group;
  JsonObject *object;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < tkt_report_get_n_groups (self), NULL);

  object = tkt_json_nth_object (list_get (self, LIST_GROUPS), index);
  group = g_new0 (TktPlanGroup, 1);
  group->title = g_strdup (tkt_json_string (object, "title"));
  group->text = g_strdup (tkt_json_string (object, "text"));

  return group;
}

void
tkt_report_replace_group (TktReport          *self,
                          guint               index,
                          const TktPlanGroup *group)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (group != NULL);
  g_return_if_fail (index < tkt_report_get_n_groups (self));

  group_write (tkt_json_nth_object_ensure (list_get (self, LIST_GROUPS), index), group);
}

void
tkt_report_append_group (TktReport          *self,
                         const TktPlanGroup *group)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (group != NULL);

  group_write (list_append (self, LIST_GROUPS), group);
}

void
tkt_report_remove_group (TktReport *self,
                         guint      index)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (index < tkt_report_get_n_groups (self));

  list_remove (self, LIST_GROUPS, index);
}

guint
tkt_report_get_n_targets (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), 0);

  return list_length (self, LIST_TARGETS);
}

TktPlanTarget *
tkt_report_get_target (TktReport *self,
                       guint      index)
{
  TktPlanTarget *target;
  JsonObject *object;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < tkt_report_get_n_targets (self), NULL);

  object = tkt_json_nth_object (list_get (self, LIST_TARGETS), index);
  target = g_new0 (TktPlanTarget, 1);
  target->label = g_strdup (tkt_json_string (object, "label"));
  target->value = g_strdup (tkt_json_string (object, "value"));

  return target;
}

void
tkt_report_replace_target (TktReport           *self,
                           guint                index,
                           const TktPlanTarget *target)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (target != NULL);
  g_return_if_fail (index < tkt_report_get_n_targets (self));

  target_write (tkt_json_nth_object_ensure (list_get (self, LIST_TARGETS), index), target);
}

void
tkt_report_append_target (TktReport           *self,
                          const TktPlanTarget *target)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (target != NULL);

  target_write (list_append (self, LIST_TARGETS), target);
}

void
tkt_report_remove_target (TktReport *self,
                          guint      index)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (index < tkt_report_get_n_targets (self));

  list_remove (self, LIST_TARGETS, index);
}

guint
tkt_report_get_n_documents (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), 0);

  return list_length (self, LIST_DOCUMENTS);
}

TktDocRef *
tkt_report_get_document (TktReport *self,
                         guint      index)
{
  TktDocRef *doc;
  JsonObject *object;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < tkt_report_get_n_documents (self), NULL);

  object = tkt_json_nth_object (list_get (self, LIST_DOCUMENTS), index);
  doc = g_new0 (TktDocRef, 1);
  doc->number = g_strdup (tkt_json_string (object, "number"));
  doc->date = g_strdup (tkt_json_string (object, "date"));
  doc->issuer = g_strdup (tkt_json_string (object, "issuer"));
  doc->title = g_strdup (tkt_json_string (object, "title"));

  return doc;
}

void
tkt_report_replace_document (TktReport       *self,
                             guint            index,
                             const TktDocRef *doc)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (doc != NULL);
  g_return_if_fail (index < tkt_report_get_n_documents (self));

  doc_ref_write (tkt_json_nth_object_ensure (list_get (self, LIST_DOCUMENTS), index), doc);
}

void
tkt_report_append_document (TktReport       *self,
                            const TktDocRef *doc)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (doc != NULL);

  doc_ref_write (list_append (self, LIST_DOCUMENTS), doc);
}

void
tkt_report_remove_document (TktReport *self,
                            guint      index)
{
  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (index < tkt_report_get_n_documents (self));

  list_remove (self, LIST_DOCUMENTS, index);
}

/* Public API: generated sentences */

void
tkt_report_insert_sentence (TktReport        *self,
                            guint             section,
                            TktSentence       which,
                            const TktFigures *figures)
{
  g_autofree char *sentence = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonObject *entry;
  const char *old;

  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (section < tkt_report_get_n_sections (self));
  g_return_if_fail (which < TKT_N_SENTENCES);
  g_return_if_fail (figures != NULL);

  /* Nothing to say (the figure is zero): nothing inserted. */
  sentence = tkt_figures_sentence (figures, which);
  if (sentence == NULL)
    return;

  object = tkt_json_nth_object_ensure (list_get (self, LIST_SECTIONS), section);
  old = tkt_json_string (object, "text");
  if (has_text (old))
    text = g_strconcat (old, g_str_has_suffix (old, "\n") ? "" : "\n", sentence, NULL);
  else
    text = g_strdup (sentence);
  tkt_json_put_string (object, "text", text);

  entry = json_object_new ();
  json_object_set_string_member (entry, "key", tkt_sentence_to_key (which));
  json_object_set_string_member (entry, "text", sentence);
  json_array_add_object_element (tkt_json_ensure_array (object, "generated"), entry);
}

guint
tkt_report_refresh_sentences (TktReport        *self,
                              const TktFigures *figures)
{
  JsonArray *sections;
  guint changed = 0;

  g_return_val_if_fail (TKT_IS_REPORT (self), 0);
  g_return_val_if_fail (figures != NULL, 0);

  sections = list_get (self, LIST_SECTIONS);
  for (guint s = 0; sections != NULL && s < json_array_get_length (sections); s++)
    {
      JsonObject *section = tkt_json_nth_object (sections, s);
      JsonArray *generated = tkt_json_array (section, "generated");
      g_autofree char *text = g_strdup (tkt_json_string (section, "text"));
      gboolean text_changed = FALSE;
      guint i = 0;

      while (generated != NULL && i < json_array_get_length (generated))
        {
          JsonObject *entry = tkt_json_nth_object (generated, i);
          g_autofree char *sentence = NULL;
          g_autofree char *updated = NULL;
          const char *old;
          const char *found;
          TktSentence which;

          old = tkt_json_string (entry, "text");
          if (entry == NULL || !has_text (old) || text == NULL ||
              !tkt_sentence_from_key (tkt_json_string (entry, "key"), &which) ||
              (found = strstr (text, old)) == NULL)
            {
              /* Edited by the staff (or not ours): their prose now. */
              i++;
              continue;
            }

          sentence = tkt_figures_sentence (figures, which);
          if (sentence != NULL && strcmp (sentence, old) == 0)
            {
              i++;
              continue;
            }

          if (sentence == NULL)
            {
              /* The figure has become zero: nothing left to say. */
              updated = cut_paragraph (text, (gsize) (found - text), strlen (old));
              json_array_remove_element (generated, i);
            }
          else
            {
              updated = g_strdup_printf ("%.*s%s%s", (int) (found - text), text, sentence,
                                         found + strlen (old));
              json_object_set_string_member (entry, "text", sentence);
              i++;
            }

          g_free (text);
          text = g_steal_pointer (&updated);
          text_changed = TRUE;
          changed++;
        }

      if (text_changed)
        tkt_json_put_string (section, "text", text);
      if (generated != NULL && json_array_get_length (generated) == 0)
        json_object_remove_member (section, "generated");
    }

  return changed;
}

/* Public API: document references and the plan */

/* The kind of a document from the abbreviation in its number:
 * "5196/KH-UBND" → "Kế hoạch", "125-CTr/TU" → "Chương trình". */
static const char *
doc_kind_for_number (const char *number)
{
  g_auto(GStrv) parts = NULL;

  if (number == NULL)
    return NULL;

  parts = g_strsplit_set (number, "/-", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    for (gsize k = 0; k < G_N_ELEMENTS (doc_kinds); k++)
      if (strcmp (parts[i], doc_kinds[k].abbreviation) == 0)
        {
          /* A party's programme ("125-CTr/TU": the kind before the
           * issuer) is its programme of action. */
          const char *dash = strchr (number, '-');
          const char *slash = strchr (number, '/');

          if (strcmp (parts[i], "CTr") == 0 && dash != NULL && slash != NULL && dash < slash)
            return "Chương trình hành động";
          return doc_kinds[k].name;
        }

  return NULL;
}

char *
tkt_doc_ref_format (const TktDocRef *doc)
{
  GString *out;
  g_autofree char *date = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  out = g_string_new (NULL);
  date = has_text (doc->date) ? tkt_text_format_iso_date (doc->date) : g_strdup ("");
  if (!has_text (date) && has_text (doc->date))
    {
      g_free (date);
      date = g_strdup (doc->date);
    }

  if (has_text (doc->number))
    {
      const char *kind = doc_kind_for_number (doc->number);

      /* "Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh Điện Biên về …" */
      g_string_append_printf (out, "%s số %s", kind ? kind : "Văn bản", doc->number);
      if (has_text (date))
        g_string_append_printf (out, " ngày %s", date);
      if (has_text (doc->issuer))
        g_string_append_printf (out, " của %s", doc->issuer);
      if (has_text (doc->title))
        g_string_append_printf (out, " %s", doc->title);
    }
  else
    {
      /* A document without a number ("Đề án triển khai Chiến lược Sở hữu
       * trí tuệ đến năm 2030 …"): its title leads. */
      if (has_text (doc->title))
        g_string_append (out, doc->title);
      if (has_text (date))
        g_string_append_printf (out, "%sngày %s", out->len > 0 ? " " : "", date);
      if (has_text (doc->issuer))
        g_string_append_printf (out, "%scủa %s", out->len > 0 ? " " : "", doc->issuer);
    }

  return g_string_free (out, FALSE);
}

char *
tkt_report_format_group_count (TktReport *self)
{
  g_autofree char *count = NULL;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  count = tkt_text_format_count (tkt_report_get_n_groups (self));
  return g_strdup_printf ("%s nhóm nhiệm vụ trọng tâm", count);
}

/* Public API: issuing */

void
tkt_report_freeze (TktReport        *self,
                   const TktFigures *figures,
                   const TktFigures *previous)
{
  JsonObject *frozen;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *issued_at = NULL;
  gboolean was_frozen;

  g_return_if_fail (TKT_IS_REPORT (self));
  g_return_if_fail (figures != NULL);

  was_frozen = tkt_report_is_frozen (self);

  now = g_date_time_new_now_local ();
  issued_at = g_date_time_format_iso8601 (now);

  frozen = json_object_new ();
  json_object_set_string_member (frozen, "issued_at", issued_at);
  json_object_set_object_member (frozen, "figures", tkt_figures_to_json (figures));
  if (previous != NULL)
    json_object_set_object_member (frozen, "previous", tkt_figures_to_json (previous));
  json_object_set_object_member (self->doc, "frozen", frozen);

  if (!was_frozen)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROZEN]);
}

void
tkt_report_unfreeze (TktReport *self)
{
  g_return_if_fail (TKT_IS_REPORT (self));

  if (!json_object_has_member (self->doc, "frozen"))
    return;

  json_object_remove_member (self->doc, "frozen");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROZEN]);
}

gboolean
tkt_report_is_frozen (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), FALSE);

  return tkt_json_object (tkt_json_object (self->doc, "frozen"), "figures") != NULL;
}

const char *
tkt_report_get_issued_at (TktReport *self)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  if (!tkt_report_is_frozen (self))
    return NULL;

  return tkt_json_string (tkt_json_object (self->doc, "frozen"), "issued_at");
}

gboolean
tkt_report_get_figures (TktReport   *self,
                        TktStore    *store,
                        TktFigures **figures,
                        TktFigures **previous,
                        GError     **error)
{
  g_autoptr(TktFigures) current = NULL;
  g_autoptr(TktFigures) before = NULL;
  JsonObject *frozen;
  int year;

  g_return_val_if_fail (TKT_IS_REPORT (self), FALSE);
  g_return_val_if_fail (store == NULL || TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  year = tkt_report_get_year (self);
  frozen = tkt_report_is_frozen (self) ? tkt_json_object (self->doc, "frozen") : NULL;

  if (figures != NULL)
    {
      if (frozen != NULL)
        current = tkt_figures_from_json (tkt_json_object (frozen, "figures"), error);
      else if (store != NULL)
        current = tkt_figures_compute (store, year, error);
      else
        g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                             _("The report’s figures cannot be computed without the register"));
      if (current == NULL)
        return FALSE;
    }

  if (previous != NULL)
    {
      if (frozen != NULL && tkt_json_object (frozen, "previous") != NULL)
        before = tkt_figures_from_json (tkt_json_object (frozen, "previous"), error);
      else if (store != NULL)
        before = tkt_figures_compute (store, year - 1, error);
      else
        g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                             _("The report’s figures cannot be computed without the register"));
      if (before == NULL)
        return FALSE;
    }

  if (figures != NULL)
    *figures = g_steal_pointer (&current);
  if (previous != NULL)
    *previous = g_steal_pointer (&before);

  return TRUE;
}

/* Public API: the report as plain text */

/* Appends text centred in width columns (characters), without trailing blanks
 * when trim is set. */
static void
append_centred (GString    *out,
                const char *text,
                guint       width,
                gboolean    trim)
{
  glong len = g_utf8_strlen (text, -1);
  guint left = len < (glong) width ? (guint) (width - len) / 2 : 0;
  guint right = len < (glong) width ? (guint) (width - len) - left : 0;

  for (guint i = 0; i < left; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!trim)
    for (guint i = 0; i < right; i++)
      g_string_append_c (out, ' ');
}

/* Two columns of lines, each centred in its column. */
static void
append_columns (GString            *out,
                const char * const *left,
                const char * const *right)
{
  guint n_left = left ? g_strv_length ((char **) left) : 0;
  guint n_right = right ? g_strv_length ((char **) right) : 0;

  for (guint i = 0; i < MAX (n_left, n_right); i++)
    {
      const char *l = i < n_left ? left[i] : "";
      const char *r = i < n_right ? right[i] : "";

      append_centred (out, l, TEXT_LEFT_WIDTH, *r == '\0');
      if (*r != '\0')
        append_centred (out, r, TEXT_RIGHT_WIDTH, TRUE);
      g_string_append_c (out, '\n');
    }
}

/* The staff's prose: one paragraph a line, blank lines dropped. */
static void
append_prose (GString    *out,
              const char *text)
{
  g_auto(GStrv) paragraphs = NULL;

  if (!has_text (text))
    return;

  paragraphs = g_strsplit (text, "\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *p = g_strstrip (g_strdup (paragraphs[i]));

      if (*p == '\0')
        continue;
      g_string_append (out, p);
      g_string_append_c (out, '\n');
    }
}

/* "- Bộ KH&CN;" … "- Lưu: VT." */
static void
append_list_item (GString    *out,
                  const char *text,
                  gboolean    last)
{
  g_autofree char *item = g_strstrip (g_strdup (text));
  gsize len = strlen (item);

  while (len > 0 && (item[len - 1] == ';' || item[len - 1] == '.' || item[len - 1] == ','))
    item[--len] = '\0';
  g_string_append_printf (out, "- %s%s\n", item, last ? "." : ";");
}

/* The figures beside the year before: "- label: 24 (năm 2022: 18)". */
static void
append_figure_line (GString    *out,
                    const char *label,
                    guint       value,
                    const TktFigures *previous,
                    guint       previous_value)
{
  g_autofree char *count = tkt_text_format_count (value);

  g_string_append_printf (out, "- %s: %s", label, count);
  if (previous != NULL)
    {
      g_autofree char *before = tkt_text_format_count (previous_value);

      g_string_append_printf (out, " (năm %d: %s)", previous->year, before);
    }
  g_string_append (out, ";\n");
}

static void
append_figures_summary (GString          *out,
                        const TktFigures *f,
                        const TktFigures *p)
{
  g_autofree char *money = NULL;

#define PREV(member) (p != NULL ? p->member : 0)
  append_figure_line (out, "Nhiệm vụ KH&CN theo dõi, quản lý", f->monitored, p, PREV (monitored));
  append_figure_line (out, "Nhiệm vụ đề xuất đặt hàng", f->ordered, p, PREV (ordered));
  append_figure_line (out, "Nhiệm vụ được phê duyệt thực hiện", f->approved, p, PREV (approved));
  append_figure_line (out, "Nhiệm vụ được nghiệm thu", f->accepted, p, PREV (accepted));
  append_figure_line (out, "Nhiệm vụ dừng thực hiện", f->cancelled, p, PREV (cancelled));
  append_figure_line (out, "Kết quả được chuyển giao", f->transfer_results, p, PREV (transfer_results));
  append_figure_line (out, "Đơn vị tiếp nhận kết quả", f->transfer_units, p, PREV (transfer_units));
#undef PREV

  money = tkt_text_format_money (f->budget_total);
  g_string_append_printf (out, "- Kinh phí các nhiệm vụ theo dõi, quản lý: %s", money);
  if (p != NULL)
    {
      g_autofree char *before = tkt_text_format_money (p->budget_total);

      g_string_append_printf (out, " (năm %d: %s)", p->year, before);
    }
  g_string_append (out, ".\n");
}

/* Which sentences the staff have inserted into a section (and not edited
 * away since). */
static void
inserted_sentences (TktReport *self,
                    gboolean   inserted[TKT_N_SENTENCES])
{
  JsonArray *sections = list_get (self, LIST_SECTIONS);

  for (guint s = 0; sections != NULL && s < json_array_get_length (sections); s++)
    {
      JsonObject *section = tkt_json_nth_object (sections, s);
      JsonArray *generated = tkt_json_array (section, "generated");

      for (guint i = 0; generated != NULL && i < json_array_get_length (generated); i++)
        {
          JsonObject *entry = tkt_json_nth_object (generated, i);
          TktSentence which;

          if (entry != NULL && tkt_sentence_from_key (tkt_json_string (entry, "key"), &which) &&
              sentence_present (section, entry))
            inserted[which] = TRUE;
        }
    }
}

char *
tkt_report_to_text (TktReport        *self,
                    const TktFigures *figures,
                    const TktFigures *previous)
{
  static const char *const roman[] = { "I", "II", "III", "IV" };
  gboolean inserted[TKT_N_SENTENCES] = { FALSE, };
  GString *out;
  int year;
  guint part = 0;
  guint number = 0;
  guint n;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  out = g_string_new (NULL);
  year = tkt_report_get_year (self);
  inserted_sentences (self, inserted);

  /* The heading block (Decree 30/2020: bodies at left, the national name
   * and motto at right, then number and place-and-date). */
  {
    g_autofree char *parent = g_utf8_strup (has_text (tkt_report_get_parent_organisation (self))
                                            ? tkt_report_get_parent_organisation (self) : "", -1);
    g_autofree char *issuer = g_utf8_strup (has_text (tkt_report_get_organisation (self))
                                            ? tkt_report_get_organisation (self) : "", -1);
    g_autofree char *number_line = g_strdup_printf ("Số: %s", has_text (tkt_report_get_number (self))
                                                    ? tkt_report_get_number (self) : "      /BC-");
    g_autofree char *date_line = NULL;
    const char *place = has_text (tkt_report_get_place (self)) ? tkt_report_get_place (self) : DEFAULT_PLACE;
    GDate date;
    const char *left[5] = { NULL, };
    const char *right[] = { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                            "---------------", NULL };
    const char *left2[] = { number_line, NULL };
    const char *right2[] = { NULL, NULL };
    guint i = 0;

    if (tkt_report_get_date (self) != NULL && tkt_text_date_from_iso (tkt_report_get_date (self), &date))
      {
        g_autofree char *long_date = tkt_text_format_date_long (&date);

        date_line = g_strdup_printf ("%s, %s", place, long_date);
      }
    else
      date_line = g_strdup_printf ("%s, ngày     tháng     năm %d", place, year + 1);
    right2[0] = date_line;

    if (*parent != '\0')
      left[i++] = parent;
    left[i++] = issuer;
    left[i++] = "-------";
    append_columns (out, left, right);
    g_string_append_c (out, '\n');
    append_columns (out, left2, right2);
    g_string_append_c (out, '\n');
  }

  /* The title. */
  {
    g_autofree char *subject = g_strdup_printf ("Tổng kết công tác năm %d và phương hướng, nhiệm vụ năm %d",
                                                year, year + 1);

    append_centred (out, "BÁO CÁO", TEXT_WIDTH, TRUE);
    g_string_append_c (out, '\n');
    append_centred (out, subject, TEXT_WIDTH, TRUE);
    g_string_append (out, "\n\n");
  }

  /* I. The year's results: the sections, then the figures not inserted. */
  g_string_append_printf (out, "%s. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM %d\n", roman[part++], year);
  n = tkt_report_get_n_sections (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (self, i);

      if (!has_text (section->text))
        continue;
      g_string_append_printf (out, "%u. %s\n", ++number, has_text (section->title) ? section->title : "");
      append_prose (out, section->text);
    }
  if (figures != NULL)
    {
      g_string_append_printf (out, "%u. Số liệu tổng hợp\n", ++number);
      for (guint w = 0; w < TKT_N_SENTENCES; w++)
        {
          g_autofree char *sentence = NULL;

          if (inserted[w] || w == TKT_SENTENCE_PLANNED)
            continue;
          sentence = tkt_figures_sentence (figures, (TktSentence) w);
          if (sentence != NULL)
            {
              g_string_append (out, sentence);
              g_string_append_c (out, '\n');
            }
        }
      append_figures_summary (out, figures, previous);
    }
  g_string_append_c (out, '\n');

  /* II. The plan for next year. */
  g_string_append_printf (out, "%s. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM %d\n", roman[part++], year + 1);
  number = 0;
  if (figures != NULL && !inserted[TKT_SENTENCE_PLANNED])
    {
      g_autofree char *planned = tkt_figures_sentence (figures, TKT_SENTENCE_PLANNED);

      if (planned != NULL)
        {
          g_string_append (out, planned);
          g_string_append_c (out, '\n');
        }
    }
  n = tkt_report_get_n_documents (self);
  if (n > 0)
    {
      g_string_append_printf (out, "%u. Các văn bản triển khai\n", ++number);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TktDocRef) doc = tkt_report_get_document (self, i);
          g_autofree char *text = tkt_doc_ref_format (doc);

          append_list_item (out, text, i + 1 == n);
        }
    }
  n = tkt_report_get_n_groups (self);
  if (n > 0)
    {
      g_autofree char *count = tkt_report_format_group_count (self);
      guint group_number = ++number;

      g_string_append_printf (out, "%u. Nhiệm vụ trọng tâm\n", group_number);
      g_string_append_printf (out, "Năm %d, tập trung thực hiện %s sau:\n", year + 1, count);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TktPlanGroup) group = tkt_report_get_group (self, i);

          g_string_append_printf (out, "%u.%u. %s\n", group_number, i + 1,
                                  has_text (group->title) ? group->title : "");
          append_prose (out, group->text);
        }
    }
  n = tkt_report_get_n_targets (self);
  if (n > 0)
    {
      g_string_append_printf (out, "%u. Các chỉ tiêu chủ yếu\n", ++number);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(TktPlanTarget) target = tkt_report_get_target (self, i);
          g_autofree char *line = g_strdup_printf ("%s: %s", has_text (target->label) ? target->label : "",
                                                   has_text (target->value) ? target->value : "");

          append_list_item (out, line, i + 1 == n);
        }
    }
  g_string_append_c (out, '\n');

  /* III. Recommendations. */
  if (has_text (tkt_report_get_recommendations (self)))
    {
      g_string_append_printf (out, "%s. KIẾN NGHỊ, ĐỀ XUẤT\n", roman[part++]);
      append_prose (out, tkt_report_get_recommendations (self));
      g_string_append_c (out, '\n');
    }

  /* The signature at right, then "Nơi nhận:" at left. */
  {
    const char *title = tkt_report_get_signer_title (self);
    const char *name = tkt_report_get_signer_name (self);
    g_auto(GStrv) title_lines = g_strsplit (has_text (title) ? title : "", "\n", -1);
    g_auto(GStrv) recipients = tkt_report_dup_recipients (self);
    guint n_recipients = g_strv_length (recipients);

    for (guint i = 0; title_lines[i] != NULL; i++)
      {
        if (*title_lines[i] == '\0')
          continue;
        append_centred (out, "", TEXT_LEFT_WIDTH, FALSE);
        append_centred (out, title_lines[i], TEXT_RIGHT_WIDTH, TRUE);
        g_string_append_c (out, '\n');
      }
    if (has_text (name))
      {
        g_string_append (out, "\n\n");
        append_centred (out, "", TEXT_LEFT_WIDTH, FALSE);
        append_centred (out, name, TEXT_RIGHT_WIDTH, TRUE);
        g_string_append_c (out, '\n');
      }

    if (n_recipients > 0)
      {
        g_string_append (out, "\nNơi nhận:\n");
        for (guint i = 0; i < n_recipients; i++)
          append_list_item (out, recipients[i], i + 1 == n_recipients);
      }
  }

  return g_string_free (out, FALSE);
}

/* Public API: validation, load and save */

static void
check_date (GPtrArray  *problems,
            const char *iso,
            char       *field)  /* owned */
{
  GDate date;

  if (iso == NULL || (strlen (iso) == 10 && tkt_text_date_from_iso (iso, &date)))
    {
      g_free (field);
      return;
    }

  {
    g_autofree char *message =
      g_strdup_printf (_("“%s” is not a date (expected year-month-day, such as 2024-01-24)"), iso);

    tkt_doc_add_problem (problems, field, message);
  }
}

GPtrArray *
tkt_report_validate (TktReport *self)
{
  GPtrArray *problems;
  g_autofree char *organisation = NULL;
  int year;
  guint n;

  g_return_val_if_fail (TKT_IS_REPORT (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_problem_free);

  year = tkt_report_get_year (self);
  if (year < MIN_YEAR || year > MAX_YEAR)
    {
      g_autofree char *message = g_strdup_printf (_("A report is for a year from %d to %d"), MIN_YEAR, MAX_YEAR);

      tkt_doc_add_problem (problems, g_strdup ("year"), message);
    }

  organisation = g_strstrip (g_strdup (tkt_report_get_organisation (self) ? tkt_report_get_organisation (self) : ""));
  if (*organisation == '\0')
    tkt_doc_add_problem (problems, g_strdup ("organisation"), _("The issuing organisation cannot be empty"));

  check_date (problems, tkt_report_get_date (self), g_strdup ("date"));

  n = tkt_report_get_n_documents (self);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *doc = tkt_json_nth_object (list_get (self, LIST_DOCUMENTS), i);

      check_date (problems, tkt_json_string (doc, "date"), g_strdup_printf ("plan.documents.%u.date", i));
    }

  return problems;
}

TktReport *
tkt_report_load (TktStore  *store,
                 int        year,
                 GError   **error)
{
  g_autofree char *id = NULL;
  JsonObject *doc;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = tkt_report_id_for_year (year);
  doc = tkt_doc_load (store, id, "report", error, _("“%s” is not a report"), id);
  if (doc == NULL)
    return NULL;

  return report_new_take_json (doc);
}

gboolean
tkt_report_save (TktReport  *self,
                 TktStore   *store,
                 GError    **error)
{
  g_return_val_if_fail (TKT_IS_REPORT (self), FALSE);
  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return tkt_doc_save (G_OBJECT (self), self->doc, tkt_report_validate (self),
                       store, properties[PROP_REV], error);
}

static int
compare_years (gconstpointer a,
               gconstpointer b)
{
  int x = *(const int *) a;
  int y = *(const int *) b;

  return (x > y) - (x < y);
}

GArray *
tkt_report_list_years (TktStore *store)
{
  g_autoptr(GPtrArray) docs = NULL;
  GArray *years;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  years = g_array_new (FALSE, FALSE, sizeof (int));
  docs = tkt_store_list_docs (store, "report");
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      g_autoptr(TktReport) report = tkt_report_new_from_json (g_ptr_array_index (docs, i));
      int year = tkt_report_get_year (report);
      gboolean seen = FALSE;

      if (year <= 0)
        continue;
      for (guint k = 0; k < years->len; k++)
        seen = seen || g_array_index (years, int, k) == year;
      if (!seen)
        g_array_append_val (years, year);
    }
  g_array_sort (years, compare_years);

  return years;
}
