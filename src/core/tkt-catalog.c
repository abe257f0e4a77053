/* tkt-catalog.c — programmes and sectors, shipped with the defaults of
 * DESIGN.md and editable afterwards (they are ordinary documents).
 *
 * Their names are data, written in Vietnamese as the department writes
 * them in its reports, not interface text: they are not translated.
 */
#define G_LOG_DOMAIN "tkt-catalog"

#include "config.h"

#include <string.h>

#include "tkt-catalog.h"
#include "tkt-ceremony-private.h"
#include "tkt-text.h"

/* The areas results are applied to, in the order the article lists them
 * and the report writes them. */
static const struct {
  const char *id;
  const char *name;
  const char *short_name;   /* what a report's sentence writes, NULL = name */
} default_sectors[] = {
  { "sector:health", "Y tế", NULL },
  { "sector:environment", "Tài nguyên – môi trường", NULL },
  { "sector:education", "Giáo dục – đào tạo", "Giáo dục" },
  { "sector:social", "Xã hội – nhân văn", NULL },
  { "sector:agriculture", "Nông nghiệp", NULL },
  { "sector:industry", "Công nghiệp", NULL },
  { "sector:it", "Công nghệ thông tin", NULL },
  { "sector:other", "Khác", NULL },
};

static const struct {
  const char *id;
  const char *name;
  const char *short_name;
  const char *level;
  int         start;   /* year, 0 if open */
  int         end;
  const char *managing_body;
} default_programmes[] = {
  { "programme:nong-thon-mien-nui-2016-2025",
    "Chương trình hỗ trợ ứng dụng và chuyển giao tiến bộ khoa học và công nghệ "
    "thúc đẩy phát triển kinh tế - xã hội nông thôn, miền núi, vùng dân tộc "
    "thiểu số giai đoạn 2016-2025",
    "Chương trình nông thôn, miền núi 2016-2025",
    "national", 2016, 2025, "Bộ Khoa học và Công nghệ" },
  /* The ministry's programme for urgent local tasks: national, which is why
   * the article's 2024 plan counts 11 = 10 + 01 national tasks. */
  { "programme:cap-thiet-dia-phuong",
    "Chương trình khoa học và công nghệ cấp thiết địa phương",
    "Chương trình cấp thiết địa phương",
    "national", 0, 0, "Bộ Khoa học và Công nghệ" },
};

static gboolean
has_type (TktStore   *store,
          const char *type)
{
  g_auto(GStrv) ids = tkt_store_list_ids (store, type);

  return ids != NULL && ids[0] != NULL;
}

static const char *
doc_name (JsonObject *doc)
{
  return json_object_get_string_member_with_default (doc, "name", NULL);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *da = *(JsonObject * const *) a;
  JsonObject *db = *(JsonObject * const *) b;
  int r = tkt_text_collate (doc_name (da), doc_name (db));

  if (r != 0)
    return r;
  return g_strcmp0 (json_object_get_string_member_with_default (da, "_id", NULL),
                    json_object_get_string_member_with_default (db, "_id", NULL));
}

static int
compare_by_order (gconstpointer a,
                  gconstpointer b)
{
  JsonObject *da = *(JsonObject * const *) a;
  JsonObject *db = *(JsonObject * const *) b;
  /* Sectors without an order (added by hand, or by a newer version) go
   * after the numbered ones. */
  gint64 oa = json_object_get_int_member_with_default (da, "order", G_MAXINT64);
  gint64 ob = json_object_get_int_member_with_default (db, "order", G_MAXINT64);

  if (oa != ob)
    return oa < ob ? -1 : 1;
  return compare_by_name (a, b);
}

gboolean
tkt_catalog_seed_defaults (TktStore  *store,
                           GError   **error)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  tkt_award_forms_add_defaults (store, docs);  /* the award forms (tkt-award.c) */

  if (!has_type (store, "sector"))
    for (gsize i = 0; i < G_N_ELEMENTS (default_sectors); i++)
      {
        JsonObject *doc = json_object_new ();

        json_object_set_string_member (doc, "_id", default_sectors[i].id);
        json_object_set_string_member (doc, "type", "sector");
        json_object_set_string_member (doc, "name", default_sectors[i].name);
        if (default_sectors[i].short_name != NULL)
          json_object_set_string_member (doc, "short_name", default_sectors[i].short_name);
        json_object_set_int_member (doc, "order", (gint64) i + 1);
        g_ptr_array_add (docs, doc);
      }

  if (!has_type (store, "programme"))
    for (gsize i = 0; i < G_N_ELEMENTS (default_programmes); i++)
      {
        JsonObject *doc = json_object_new ();

        json_object_set_string_member (doc, "_id", default_programmes[i].id);
        json_object_set_string_member (doc, "type", "programme");
        json_object_set_string_member (doc, "name", default_programmes[i].name);
        json_object_set_string_member (doc, "short_name", default_programmes[i].short_name);
        json_object_set_string_member (doc, "level", default_programmes[i].level);
        if (default_programmes[i].start != 0)
          json_object_set_int_member (doc, "start", default_programmes[i].start);
        if (default_programmes[i].end != 0)
          json_object_set_int_member (doc, "end", default_programmes[i].end);
        json_object_set_string_member (doc, "managing_body", default_programmes[i].managing_body);
        g_ptr_array_add (docs, doc);
      }

  if (docs->len == 0)
    return TRUE;
  return tkt_store_put_all (store, docs, NULL, error);
}

GPtrArray *
tkt_catalog_list_programmes (TktStore *store)
{
  GPtrArray *docs;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  docs = tkt_store_list_docs (store, "programme");
  if (docs != NULL)
    g_ptr_array_sort (docs, compare_by_name);
  return docs;
}

GPtrArray *
tkt_catalog_list_sectors (TktStore *store)
{
  GPtrArray *docs;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  docs = tkt_store_list_docs (store, "sector");
  if (docs != NULL)
    g_ptr_array_sort (docs, compare_by_order);
  return docs;
}

char *
tkt_catalog_get_name (TktStore   *store,
                      const char *id)
{
  g_autoptr(JsonObject) doc = NULL;
  const char *name;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  if (id == NULL || id[0] == '\0')
    return NULL;
  doc = tkt_store_get (store, id, NULL);
  if (doc == NULL)
    return NULL;
  name = doc_name (doc);
  return name != NULL ? g_strdup (name) : NULL;
}
