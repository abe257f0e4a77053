/* test-task-list.c — the lazy task list: search, Vietnamese sort, filters,
 * change tracking, and 100,000 tasks without 100,000 objects. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tkt-store.h"
#include "tkt-task.h"
#include "tkt-task-list.h"
#include "tkt-task-private.h"

typedef struct {
  char     *dir;
  TktStore *store;
} Fixture;

/* A task of the register: title, level, programme, sector, stages
 * ("stage@date,stage@date"), start, budget (local, đồng; -1 none),
 * lead organisation. */
typedef struct {
  const char *id;
  const char *title;
  const char *level;
  const char *programme;
  const char *sector;
  const char *stages;
  const char *start;
  gint64      budget;
  const char *lead_org;
} Row;

#define NTTH "programme:nong-thon-mien-nui-2016-2025"
#define CTDP "programme:cap-thiet-dia-phuong"

/* The titles in ICU "vi" order (STYLE.md): An < Ánh < Ẩm < Bảo < Dân <
 * Duyên < Dược < Đào < Điện < Đường < Hoa < … < Ong < Ô < Ổn < Ơn < Uống <
 * Ứng < Ươm.  Listed here out of order on purpose. */
static const Row rows[] = {
  { "task:t10", "Đường giao thông nông thôn bằng vật liệu mới", "provincial", NULL, "sector:industry",
    "ordered@2022-10-01,contracted@2023-02-01", "2023-02-01", 900000000, NULL },
  { "task:t01", "An toàn bức xạ trong y tế", "provincial", NULL, "sector:health",
    "selected@2021-03-01,accepted@2022-11-20", "2021-04-01", 500000000, NULL },
  { "task:t18", "Ươm giống cây lâm nghiệp bản địa", "grassroots", NULL, "sector:agriculture",
    "contracted@2023-05-05", "2023-05-05", 80000000, NULL },
  { "task:t05", "Dân ca Mông ở Điện Biên", "provincial", NULL, "sector:social",
    "in_progress@2022-01-10", "2022-01-10", 700000000, NULL },
  { "task:t09", "Điện Biên: bản đồ số nông nghiệp", "national", NTTH, "sector:agriculture",
    "assigned@2021-06-01,in_progress@2021-07-01", "2021-07-01", 5000000000, NULL },
  { "task:t02", "Ánh sáng nhân tạo cho rau trái vụ", "grassroots", NULL, "sector:agriculture",
    "proposed@2023-09-01", NULL, -1, NULL },
  { "task:t14", "Ổn định dân cư vùng tái định cư", "national", CTDP, "sector:social",
    "selected@2023-03-03", "2023-04-01", 3000000000, NULL },
  { "task:t07", "Dược liệu quý vùng cao", "national", NTTH, "sector:health",
    "contracted@2022-05-01,cancelled@2023-01-15", "2022-05-01", 4000000000, NULL },
  { "task:t03", "Ẩm thực dân tộc Thái", "provincial", NULL, "sector:social",
    "in_progress@2023-01-01", "2023-01-01", 300000000, NULL },
  { "task:t12", "Ong nội địa ở Tủa Chùa", "grassroots", NULL, "sector:agriculture",
    NULL, "2024-01-01", 60000000, NULL },
  { "task:t16", "Uống nước sạch ở vùng cao", "provincial", NULL, "sector:environment",
    "transferred@2023-12-01", "2022-01-01", 650000000, NULL },
  { "task:t04", "Bảo tồn giống chè Shan tuyết", "national", NTTH, "sector:agriculture",
    "contracted@2020-03-01,accepted@2023-06-30", "2020-03-01", 4500000000, NULL },
  { "task:t11", "Hoa ban trong du lịch cộng đồng", "provincial", NULL, "sector:social",
    "ordered@2023-08-08", "2024-03-01", -1, "Trung tâm Xúc tiến du lịch" },
  { "task:t06", "Duyên hải và miền núi: so sánh sinh kế", NULL, NULL, NULL,
    NULL, NULL, -1, "Trường Chính trị tỉnh Điện Biên" },
  { "task:t13", "Ô nhiễm nguồn nước sông Nậm Rốm", "provincial", NULL, "sector:environment",
    "contracted@2023-04-01", "2023-04-01", 800000000, NULL },
  { "task:t15", "Ơn nghĩa: lịch sử địa phương", "grassroots", NULL, "sector:social",
    "assigned@2022-02-02", "2022-02-02", 50000000, NULL },
  { "task:t17", "Ứng dụng công nghệ sinh học trong chăn nuôi", "national", CTDP, "sector:agriculture",
    "in_progress@2023-07-07", "2023-07-07", 2500000000, NULL },
  { "task:t08", "Đào tạo nguồn nhân lực khoa học", "provincial", NULL, "sector:education",
    "selected@2022-09-09,extended@2023-09-09", "2022-10-01", 400000000, NULL },
};

static const char * const title_order[] = {
  "task:t01", "task:t02", "task:t03", "task:t04", "task:t05", "task:t06",
  "task:t07", "task:t08", "task:t09", "task:t10", "task:t11", "task:t12",
  "task:t13", "task:t14", "task:t15", "task:t16", "task:t17", "task:t18",
};

/* Fillers, so the list is a few dozen long; none of their text meets the
 * searches below. */
#define N_FILLERS 14

static JsonObject *
row_to_doc (const Row *row)
{
  JsonObject *doc = json_object_new ();

  json_object_set_string_member (doc, "_id", row->id);
  json_object_set_string_member (doc, "type", "task");
  if (row->title != NULL)
    json_object_set_string_member (doc, "title", row->title);
  if (row->level != NULL)
    json_object_set_string_member (doc, "level", row->level);
  if (row->programme != NULL)
    json_object_set_string_member (doc, "programme", row->programme);
  if (row->sector != NULL)
    json_object_set_string_member (doc, "sector", row->sector);
  if (row->start != NULL)
    json_object_set_string_member (doc, "start", row->start);
  if (row->lead_org != NULL)
    json_object_set_string_member (doc, "lead_org", row->lead_org);
  if (row->budget >= 0)
    {
      JsonObject *budget = json_object_new ();

      json_object_set_int_member (budget, "local", row->budget);
      json_object_set_object_member (doc, "budget", budget);
    }
  if (row->stages != NULL)
    {
      g_auto(GStrv) stages = g_strsplit (row->stages, ",", -1);
      JsonArray *array = json_array_new ();

      for (guint i = 0; stages[i] != NULL; i++)
        {
          g_auto(GStrv) parts = g_strsplit (stages[i], "@", 2);
          JsonObject *stage = json_object_new ();

          json_object_set_string_member (stage, "stage", parts[0]);
          json_object_set_string_member (stage, "date", parts[1]);
          json_array_add_object_element (array, stage);
        }
      json_object_set_array_member (doc, "stages", array);
    }

  return doc;
}

static void
fixture_open (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-test-task-list-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_written = 0;

  fixture_open (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_ptr_array_add (docs, row_to_doc (&rows[i]));

  for (guint i = 0; i < N_FILLERS; i++)
    {
      g_autofree char *id = g_strdup_printf ("task:filler-%02u", i);
      g_autofree char *title = g_strdup_printf ("Mô hình trình diễn số %u", i + 1);
      Row filler = { id, title, (i % 2) ? "provincial" : "grassroots", NULL, "sector:other",
                     "in_progress@2023-02-02", "2023-02-02", 100000000 + i, NULL };

      g_ptr_array_add (docs, row_to_doc (&filler));
    }

  g_assert_true (tkt_store_put_all (fixture->store, docs, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, G_N_ELEMENTS (rows) + N_FILLERS);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (fixture->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->store));

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* The ids of the list, in order. */
static GStrv
list_ids (GListModel *model)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TktTask) task = g_list_model_get_item (model, i);

      g_assert_true (TKT_IS_TASK (task));
      g_strv_builder_add (builder, tkt_task_get_id (task));
    }

  return g_strv_builder_end (builder);
}

static GStrv
search_ids (TktStore   *store,
            const char *search)
{
  TktTaskFilter filter = { .search = (char *) search, .sort = TKT_TASK_SORT_TITLE };
  g_autoptr(GError) error = NULL;
  GStrv ids;

  ids = tkt_task_query_ids (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

/* ids without the fillers */
static GStrv
without_fillers (const char * const *ids)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (!g_str_has_prefix (ids[i], "task:filler"))
        g_strv_builder_add (builder, ids[i]);
    }

  return g_strv_builder_end (builder);
}

static void
assert_ids (const char * const *got,
            const char * const *expected)
{
  g_autofree char *got_s = g_strjoinv (" ", (GStrv) got);
  g_autofree char *expected_s = g_strjoinv (" ", (GStrv) expected);

  g_assert_cmpstr (got_s, ==, expected_s);
}

/* Tests */

static void
test_list_model (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  TktTaskFilter filter = { .sort = TKT_TASK_SORT_TITLE };
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) queried = NULL;
  g_autoptr(GError) error = NULL;
  guint n_items = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TKT_TYPE_TASK);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, G_N_ELEMENTS (rows) + N_FILLERS);
  g_object_get (list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, G_N_ELEMENTS (rows) + N_FILLERS);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n_items));
  g_assert_true (tkt_task_list_get_store (list) == fixture->store);

  /* The list and the CLI's query agree, item by item. */
  tkt_task_list_set_filter (list, &filter);
  ids = list_ids (G_LIST_MODEL (list));
  queried = tkt_task_query_ids (fixture->store, &filter, &error);
  g_assert_no_error (error);
  assert_ids ((const char * const *) ids, (const char * const *) queried);

  /* Items are real tasks with their documents. */
  {
    int pos = tkt_task_list_find (list, "task:t09");
    g_autoptr(TktTask) task = NULL;

    g_assert_cmpint (pos, >=, 0);
    task = g_list_model_get_item (G_LIST_MODEL (list), pos);
    g_assert_cmpstr (tkt_task_get_title (task), ==, "Điện Biên: bản đồ số nông nghiệp");
    g_assert_cmpstr (tkt_task_get_status (task), ==, "in_progress");
    g_assert_cmpint (tkt_task_get_budget_total (task), ==, 5000000000);
    g_assert_nonnull (tkt_task_get_rev (task));
  }
  g_assert_cmpint (tkt_task_list_find (list, "task:none"), ==, -1);
}

static void
test_list_search (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  /* "dien bien": both titles with Điện Biên, and the task whose lead
   * organisation is in Điện Biên — in title order. */
  const char * const dien_bien[] = { "task:t05", "task:t06", "task:t09", NULL };
  const char * const duong[] = { "task:t10", NULL };
  const char * const none[] = { NULL };
  static const char * const hostile[] = {
    "\"", "\"\"", "*", "dien\"", "\"dien", "dien*", "(", ")", "dien (bien", "NEAR(dien bien)",
    "dien AND", "OR", "NOT dien", "-dien", "^dien", "dien:bien", "title:dien", "'; DROP TABLE task_index; --",
    "{dien}", "d*e*n", "\\", "%", "_", "dien + bien",
  };

  {
    g_auto(GStrv) ids = search_ids (fixture->store, "dien bien");
    assert_ids ((const char * const *) ids, dien_bien);
  }
  {
    /* Typed with marks, in capitals, with extra spaces. */
    g_auto(GStrv) ids = search_ids (fixture->store, "  ĐIỆN   biên ");
    assert_ids ((const char * const *) ids, dien_bien);
  }
  {
    g_auto(GStrv) ids = search_ids (fixture->store, "duong");
    assert_ids ((const char * const *) ids, duong);
  }
  {
    /* Each word is a prefix: "đườn" is how "Đường" starts as one types.
     * (Shorter, "đườ" would find "Dược" with a programme that "chuyển giao".) */
    g_auto(GStrv) ids = search_ids (fixture->store, "đườn gia");
    assert_ids ((const char * const *) ids, duong);
  }
  {
    g_auto(GStrv) ids = search_ids (fixture->store, "dien bien xyz");
    assert_ids ((const char * const *) ids, none);
  }

  /* Through the list model. */
  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, FALSE);
  tkt_task_list_set_search (list, "dien bien");
  {
    g_auto(GStrv) ids = list_ids (G_LIST_MODEL (list));
    assert_ids ((const char * const *) ids, dien_bien);
  }
  g_assert_cmpstr (tkt_task_list_get_filter (list)->search, ==, "dien bien");
  tkt_task_list_set_search (list, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, G_N_ELEMENTS (rows) + N_FILLERS);

  /* Whatever the user types is not an SQL or FTS error (G_DEBUG has
   * fatal-warnings: a critical from the query would abort). */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_auto(GStrv) ids = search_ids (fixture->store, hostile[i]);

      tkt_task_list_set_search (list, hostile[i]);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, g_strv_length (ids));
    }

  /* Quotes and stars around a word do not stop it from being found. */
  {
    g_auto(GStrv) ids = search_ids (fixture->store, "\"điện\" biên*");
    assert_ids ((const char * const *) ids, dien_bien);
  }
  {
    /* Nothing searchable: everything. */
    g_auto(GStrv) ids = search_ids (fixture->store, "\" * ( )");
    g_assert_cmpuint (g_strv_length (ids), ==, G_N_ELEMENTS (rows) + N_FILLERS);
  }
}

static gboolean
strv_has (GStrv ids, const char *id)
{
  return g_strv_contains ((const char * const *) ids, id);
}

/* Search as you type starts with one or two letters: they read the
 * full-text prefix index, and the list (bitmap over the sorted rows) gives
 * what the one-query path of the CLI gives, in the same order. */
static void
test_list_search_short (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  static const char * const prefixes[] = {
    "d", "đ", "u", "ư", "uo", "ươ", "ng", "th", "bi", "đư", "v", "2", "t", "dien b", "o",
  };

  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_auto(GStrv) queried = search_ids (fixture->store, prefixes[i]);
      g_auto(GStrv) listed = NULL;

      tkt_task_list_set_search (list, prefixes[i]);
      listed = list_ids (G_LIST_MODEL (list));
      g_test_message ("\"%s\": %u tasks", prefixes[i], g_strv_length (listed));
      assert_ids ((const char * const *) listed, (const char * const *) queried);
    }

  /* One letter: every task with a word that starts with it, đ or d. */
  tkt_task_list_set_search (list, "đ");
  {
    g_auto(GStrv) ids = list_ids (G_LIST_MODEL (list));

    g_assert_true (strv_has (ids, "task:t10"));    /* Đường */
    g_assert_true (strv_has (ids, "task:t08"));    /* Đào */
    g_assert_true (strv_has (ids, "task:t05"));    /* Dân */
    g_assert_true (strv_has (ids, "task:t07"));    /* Dược */
    g_assert_false (strv_has (ids, "task:t02"));   /* Ánh sáng nhân tạo cho rau trái vụ */
  }
  tkt_task_list_set_search (list, "u");
  {
    g_auto(GStrv) ids = list_ids (G_LIST_MODEL (list));

    g_assert_true (strv_has (ids, "task:t16"));    /* Uống */
    g_assert_true (strv_has (ids, "task:t17"));    /* Ứng */
    g_assert_true (strv_has (ids, "task:t18"));    /* Ươm */
  }
  /* Two letters: "ươ" is "uo" folded; "Ứng" does not start with it. */
  tkt_task_list_set_search (list, "ươ");
  {
    g_auto(GStrv) ids = list_ids (G_LIST_MODEL (list));

    g_assert_true (strv_has (ids, "task:t16"));    /* Uống */
    g_assert_true (strv_has (ids, "task:t18"));    /* Ươm */
    g_assert_false (strv_has (ids, "task:t17"));   /* Ứng */
    /* In Vietnamese order: Uống < Ươm. */
    g_assert_cmpint (tkt_task_list_find (list, "task:t16"), <, tkt_task_list_find (list, "task:t18"));
  }
  /* A letter inside a word is not a prefix of it. */
  tkt_task_list_set_search (list, "ươm giố");
  {
    g_auto(GStrv) ids = list_ids (G_LIST_MODEL (list));
    const char * const t18[] = { "task:t18", NULL };

    assert_ids ((const char * const *) ids, t18);
  }

  /* The search follows the store: a new task that matches shows up, one
   * edited away from the search leaves. */
  tkt_task_list_set_search (list, "ươ");
  {
    g_autoptr(JsonObject) doc = json_object_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *rev = NULL;
    g_autoptr(JsonObject) t18 = NULL;

    json_object_set_string_member (doc, "_id", "task:uoc");
    json_object_set_string_member (doc, "type", "task");
    json_object_set_string_member (doc, "title", "Ước lượng trữ lượng nước ngầm");
    rev = tkt_store_put (fixture->store, doc, &error);
    g_assert_no_error (error);
    g_assert_cmpint (tkt_task_list_find (list, "task:uoc"), >=, 0);

    t18 = tkt_store_get (fixture->store, "task:t18", &error);
    g_assert_no_error (error);
    json_object_set_string_member (t18, "title", "Giống cây lâm nghiệp bản địa");
    g_free (tkt_store_put (fixture->store, t18, &error));
    g_assert_no_error (error);
    g_assert_cmpint (tkt_task_list_find (list, "task:t18"), ==, -1);
    g_assert_cmpint (tkt_task_list_find (list, "task:t16"), >=, 0);
  }
}

/* A code is searched by its parts as typed: "ĐT.0000" finds the codes that
 * start so, not those that merely contain the digits. */
static void
test_list_search_code (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  static const char * const codes[][2] = {
    { "task:c1", "ĐT.2023.01" }, { "task:c2", "ĐT.2023.12" }, { "task:c3", "CS.2023.01" },
    { "task:c4", "ĐT.2024.01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (doc, "_id", codes[i][0]);
      json_object_set_string_member (doc, "type", "task");
      json_object_set_string_member (doc, "code", codes[i][1]);
      json_object_set_string_member (doc, "title", "Mã số");
      g_free (tkt_store_put (fixture->store, doc, &error));
      g_assert_no_error (error);
    }

  tkt_task_list_set_sort (list, TKT_TASK_SORT_CODE, FALSE);
  {
    const char * const expected[] = { "task:c1", "task:c2", NULL };
    g_auto(GStrv) ids = NULL;

    tkt_task_list_set_search (list, "đt.2023");
    ids = list_ids (G_LIST_MODEL (list));
    assert_ids ((const char * const *) ids, expected);
  }
  {
    /* by code, in Vietnamese order: C < Đ */
    const char * const expected[] = { "task:c3", "task:c1", NULL };
    g_auto(GStrv) ids = NULL;

    tkt_task_list_set_search (list, "2023.0");
    ids = list_ids (G_LIST_MODEL (list));
    assert_ids ((const char * const *) ids, expected);
  }
  {
    const char * const expected[] = { "task:c1", "task:c2", "task:c4", NULL };
    g_auto(GStrv) ids = NULL;
    g_auto(GStrv) queried = search_ids (fixture->store, "dt");

    tkt_task_list_set_search (list, "dt");
    ids = list_ids (G_LIST_MODEL (list));
    assert_ids ((const char * const *) ids, expected);
    g_assert_cmpuint (g_strv_length (queried), ==, 3);
  }
}

static void
test_list_sort (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  /* A task without a title sorts last, both ways. */
  {
    g_autoptr(JsonObject) doc = json_object_new ();
    g_autofree char *rev = NULL;

    json_object_set_string_member (doc, "_id", "task:untitled");
    json_object_set_string_member (doc, "type", "task");
    json_object_set_string_member (doc, "level", "national");
    rev = tkt_store_put (fixture->store, doc, &error);
    g_assert_no_error (error);
  }

  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, FALSE);
  {
    g_auto(GStrv) all = list_ids (G_LIST_MODEL (list));
    g_auto(GStrv) ids = without_fillers ((const char * const *) all);
    g_autoptr(GStrvBuilder) expected = g_strv_builder_new ();
    g_auto(GStrv) expected_ids = NULL;

    g_strv_builder_addv (expected, (const char **) title_order);
    g_strv_builder_add (expected, "task:untitled");
    expected_ids = g_strv_builder_end (expected);
    assert_ids ((const char * const *) ids, (const char * const *) expected_ids);
    g_assert_cmpstr (all[g_strv_length (all) - 1], ==, "task:untitled");
  }

  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, TRUE);
  g_assert_true (tkt_task_list_get_filter (list)->descending);
  {
    g_auto(GStrv) all = list_ids (G_LIST_MODEL (list));
    g_auto(GStrv) ids = without_fillers ((const char * const *) all);

    for (int i = G_N_ELEMENTS (title_order) - 1; i >= 0; i--)
      g_ptr_array_add (reversed, (gpointer) title_order[i]);
    g_ptr_array_add (reversed, (gpointer) "task:untitled");
    g_ptr_array_add (reversed, NULL);
    assert_ids ((const char * const *) ids, (const char * const *) reversed->pdata);
    g_assert_cmpstr (all[g_strv_length (all) - 1], ==, "task:untitled");
  }

  /* Level in the vocabulary's order (national, provincial, grassroots),
   * ties in the order the tasks were written (rowid), no level last. */
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_LEVEL };
    g_auto(GStrv) all = NULL;
    g_auto(GStrv) ids = NULL;
    const char * const expected[] = {
      "task:t09", "task:t14", "task:t07", "task:t04", "task:t17", "task:untitled",
      "task:t10", "task:t01", "task:t05", "task:t03", "task:t16", "task:t11", "task:t13", "task:t08",
      "task:t18", "task:t02", "task:t12", "task:t15",
      "task:t06", NULL };

    all = tkt_task_query_ids (fixture->store, &filter, &error);
    g_assert_no_error (error);
    ids = without_fillers ((const char * const *) all);
    assert_ids ((const char * const *) ids, expected);
  }

  /* Status in lifecycle order: ordered before contracted before accepted. */
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_STATUS };
    g_auto(GStrv) all = tkt_task_query_ids (fixture->store, &filter, &error);
    g_auto(GStrv) ids = without_fillers ((const char * const *) all);
    const char * const expected[] = {
      "task:t02",                               /* proposed */
      "task:t11",                               /* ordered */
      "task:t14",                               /* selected */
      "task:t15",                               /* assigned */
      "task:t10", "task:t18", "task:t13",       /* contracted */
      "task:t05", "task:t09", "task:t03", "task:t17",  /* in_progress */
      "task:t08",                               /* extended */
      "task:t01", "task:t04",                   /* accepted */
      "task:t16",                               /* transferred */
      "task:t07",                               /* cancelled */
      "task:t12", "task:t06", "task:untitled",  /* none, last */
      NULL };

    g_assert_no_error (error);
    assert_ids ((const char * const *) ids, expected);

    /* Descending: the lifecycle backwards, still none last. */
    g_clear_pointer (&all, g_strfreev);
    g_clear_pointer (&ids, g_strfreev);
    filter.descending = TRUE;
    all = tkt_task_query_ids (fixture->store, &filter, &error);
    ids = without_fillers ((const char * const *) all);
    g_assert_cmpstr (ids[0], ==, "task:t07");
    g_assert_cmpstr (ids[1], ==, "task:t16");
    /* none last, in reverse rowid order too */
    g_assert_cmpstr (ids[g_strv_length (ids) - 3], ==, "task:untitled");
    g_assert_cmpstr (ids[g_strv_length (ids) - 2], ==, "task:t06");
    g_assert_cmpstr (ids[g_strv_length (ids) - 1], ==, "task:t12");
  }

  /* Budget, largest first; no budget last. */
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_BUDGET, .descending = TRUE, .level = (char *) "national" };
    g_auto(GStrv) ids = tkt_task_query_ids (fixture->store, &filter, &error);
    const char * const expected[] = { "task:t09", "task:t04", "task:t07", "task:t14", "task:t17", "task:untitled", NULL };

    g_assert_no_error (error);
    assert_ids ((const char * const *) ids, expected);
  }

  /* Start date, ascending. */
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_START, .level = (char *) "grassroots", .sector = (char *) "sector:agriculture" };
    g_auto(GStrv) ids = tkt_task_query_ids (fixture->store, &filter, &error);
    const char * const expected[] = { "task:t18", "task:t12", "task:t02", NULL };

    g_assert_no_error (error);
    assert_ids ((const char * const *) ids, expected);
  }
}

static void
test_list_sort_names (void)
{
  TktTaskSort sort = TKT_TASK_SORT_CODE;
  gboolean descending = TRUE;

  g_assert_true (tkt_task_sort_from_string ("title", &sort, &descending));
  g_assert_cmpint (sort, ==, TKT_TASK_SORT_TITLE);
  g_assert_false (descending);
  g_assert_true (tkt_task_sort_from_string ("-budget", &sort, &descending));
  g_assert_cmpint (sort, ==, TKT_TASK_SORT_BUDGET);
  g_assert_true (descending);
  g_assert_true (tkt_task_sort_from_string ("lead_org", &sort, &descending));
  g_assert_cmpint (sort, ==, TKT_TASK_SORT_LEAD_ORG);
  g_assert_true (tkt_task_sort_from_string ("end", &sort, NULL));
  g_assert_cmpint (sort, ==, TKT_TASK_SORT_END);
  g_assert_false (tkt_task_sort_from_string ("colour", &sort, &descending));
  g_assert_false (tkt_task_sort_from_string ("-", &sort, &descending));
  g_assert_false (tkt_task_sort_from_string ("", &sort, &descending));
}

static void
test_list_filters (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  g_autoptr(GError) error = NULL;
  struct {
    TktTaskFilter filter;
    const char * const expected[8];
  } cases[] = {
    { { .level = (char *) "national" }, { "task:t04", "task:t07", "task:t09", "task:t14", "task:t17" } },
    { { .programme = (char *) NTTH }, { "task:t04", "task:t07", "task:t09" } },
    { { .programme = (char *) CTDP, .level = (char *) "national" }, { "task:t14", "task:t17" } },
    { { .sector = (char *) "sector:health" }, { "task:t01", "task:t07" } },
    { { .status = (char *) "accepted" }, { "task:t01", "task:t04" } },
    { { .status = (char *) "contracted", .sector = (char *) "sector:environment" }, { "task:t13" } },
    /* Year of activity 2021: began implementation by 2021, not closed before. */
    { { .year = 2021 }, { "task:t01", "task:t04", "task:t09" } },
    /* 2022: t01 accepted in 2022 still counts; t07 contracted 2022. */
    { { .year = 2022, .level = (char *) "national" }, { "task:t04", "task:t07", "task:t09" } },
    /* 2024, provincial: open tasks, and those starting then; t01 closed. */
    { { .year = 2024, .level = (char *) "provincial" },
      { "task:t03", "task:t05", "task:t08", "task:t10", "task:t11", "task:t13", "task:t16" } },
    { { .search = (char *) "ban do so", .level = (char *) "national" }, { "task:t09" } },
    { { .search = (char *) "vung cao", .year = 2023 }, { "task:t07", "task:t16" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) all = NULL;
      g_auto(GStrv) ids = NULL;
      g_auto(GStrv) from_list = NULL;
      g_auto(GStrv) list_no_fillers = NULL;

      cases[i].filter.sort = TKT_TASK_SORT_TITLE;
      all = tkt_task_query_ids (fixture->store, &cases[i].filter, &error);
      g_assert_no_error (error);
      ids = without_fillers ((const char * const *) all);
      g_test_message ("case %u", i);
      assert_ids ((const char * const *) ids, cases[i].expected);

      tkt_task_list_set_filter (list, &cases[i].filter);
      from_list = list_ids (G_LIST_MODEL (list));
      assert_ids ((const char * const *) from_list, (const char * const *) all);
    }

  /* Fillers (in progress since 2023, sector other) do count. */
  {
    TktTaskFilter filter = { .sector = (char *) "sector:other" };

    tkt_task_list_set_filter (list, &filter);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_FILLERS);
  }

  /* A filter set from the list's own filter works (it is copied first). */
  tkt_task_list_set_filter (list, tkt_task_list_get_filter (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_FILLERS);

  /* Empty strings mean no filter. */
  {
    TktTaskFilter filter = { .level = (char *) "", .search = (char *) "" };

    tkt_task_list_set_filter (list, &filter);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, G_N_ELEMENTS (rows) + N_FILLERS);
  }
}

typedef struct {
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_signals++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

static void
test_list_changes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(TktTask) task = NULL;
  ItemsChanged record = { 0 };
  guint n_before;
  int pos;

  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, FALSE);
  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &record);

  /* A new task appears where it sorts: "Đề án" is after "Đào", before "Điện". */
  task = tkt_task_new ();
  tkt_task_set_title (task, "Đề án chuyển đổi số");
  g_assert_true (tkt_task_save (task, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before + 1);
  pos = tkt_task_list_find (list, tkt_task_get_id (task));
  g_assert_cmpint (pos, ==, tkt_task_list_find (list, "task:t08") + 1);
  g_assert_cmpint (pos, ==, tkt_task_list_find (list, "task:t09") - 1);
  /* The honest range: one row added there. */
  g_assert_cmpuint (record.position, ==, (guint) pos);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 1);

  /* An edit that does not move the task still says its row changed. */
  {
    g_autoptr(TktTask) shown = g_list_model_get_item (G_LIST_MODEL (list), pos);

    g_assert_cmpstr (tkt_task_get_pi (shown), ==, NULL);
  }
  tkt_task_set_pi (task, "TS. Lường Văn Thắng");
  g_assert_true (tkt_task_save (task, fixture->store, &error));
  g_assert_cmpuint (record.n_signals, ==, 2);
  g_assert_cmpuint (record.position, ==, (guint) pos);
  g_assert_cmpuint (record.removed, ==, 1);
  g_assert_cmpuint (record.added, ==, 1);
  {
    g_autoptr(TktTask) shown = g_list_model_get_item (G_LIST_MODEL (list), pos);

    g_assert_cmpstr (tkt_task_get_pi (shown), ==, "TS. Lường Văn Thắng");
  }

  /* A rename moves it. */
  tkt_task_set_title (task, "Ăn uống học đường");
  g_assert_true (tkt_task_save (task, fixture->store, &error));
  g_assert_cmpuint (record.n_signals, ==, 3);
  g_assert_cmpint (tkt_task_list_find (list, tkt_task_get_id (task)), ==,
                   tkt_task_list_find (list, "task:t02") + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before + 1);

  /* Deleting removes it. */
  {
    g_autofree char *rev = tkt_store_delete (fixture->store, tkt_task_get_id (task), NULL, &error);

    g_assert_no_error (error);
  }
  g_assert_cmpuint (record.n_signals, ==, 4);
  g_assert_cmpuint (record.removed, ==, 1);
  g_assert_cmpuint (record.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before);
  g_assert_cmpint (tkt_task_list_find (list, tkt_task_get_id (task)), ==, -1);

  /* A filter change says so, over the whole range. */
  tkt_task_list_set_search (list, "dien bien");
  g_assert_cmpuint (record.n_signals, ==, 5);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, n_before);
  g_assert_cmpuint (record.added, ==, 3);

  /* A write that does not touch the filtered rows leaves them alone. */
  {
    g_autoptr(TktTask) other = tkt_task_new ();

    tkt_task_set_title (other, "Cây mắc ca");
    g_assert_true (tkt_task_save (other, fixture->store, &error));
    g_assert_cmpuint (record.n_signals, ==, 5);
  }

  /* Items cached before a change are not served after it. */
  {
    g_autoptr(TktTask) before = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(TktTask) edited = tkt_task_load (fixture->store, tkt_task_get_id (before), &error);
    g_autoptr(TktTask) after = NULL;

    g_assert_no_error (error);
    tkt_task_set_pi (edited, "ThS. Cà Thị Hương");
    g_assert_true (tkt_task_save (edited, fixture->store, &error));
    g_assert_no_error (error);
    after = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_cmpstr (tkt_task_get_pi (after), ==, "ThS. Cà Thị Hương");
    g_assert_cmpuint (record.n_signals, ==, 6);
  }

  /* Disposing the list disconnects it from the store. */
  g_signal_handlers_disconnect_by_func (list, items_changed_cb, &record);
  g_assert_finalize_object (g_steal_pointer (&list));
  {
    g_autoptr(TktTask) other = tkt_task_new ();

    tkt_task_set_title (other, "Cây sơn tra");
    g_assert_true (tkt_task_save (other, fixture->store, &error));
  }
}

static void
test_list_changes_batch (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TktTaskList) list = tkt_task_list_new (fixture->store);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;
  ItemsChanged record = { 0 };
  const char * const edited[] = { "task:t03", "task:t16" };
  guint n_items;
  guint n_written = 0;
  int first;
  int last;

  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, FALSE);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  first = tkt_task_list_find (list, edited[0]);
  last = tkt_task_list_find (list, edited[1]);
  g_assert_cmpint (first, <, last);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &record);

  /* Two edits in one commit, neither moves: one signal over both rows. */
  for (guint i = 0; i < G_N_ELEMENTS (edited); i++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, edited[i], &error);

      g_assert_no_error (error);
      /* Without _rev put_all writes on top of the winner (with it, a
       * revision already in the tree would be skipped as a re-import). */
      json_object_remove_member (doc, "_rev");
      json_object_set_string_member (doc, "pi", "TS. Hà Văn Thu");
      g_ptr_array_add (docs, g_steal_pointer (&doc));
    }
  g_assert_true (tkt_store_put_all (fixture->store, docs, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (record.position, ==, (guint) first);
  g_assert_cmpuint (record.removed, ==, (guint) (last - first + 1));
  g_assert_cmpuint (record.added, ==, (guint) (last - first + 1));
  {
    g_autoptr(TktTask) task = g_list_model_get_item (G_LIST_MODEL (list), last);

    g_assert_cmpstr (tkt_task_get_pi (task), ==, "TS. Hà Văn Thu");
  }

  /* An import of many tasks: one signal, the list grows by all of them. */
  g_ptr_array_set_size (docs, 0);
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *id = g_strdup_printf ("task:import-%04u", i);
      g_autofree char *title = g_strdup_printf ("Nhập khẩu %u", i);
      Row row = { id, title, "provincial", NULL, NULL, NULL, NULL, -1, NULL };

      g_ptr_array_add (docs, row_to_doc (&row));
    }
  g_assert_true (tkt_store_put_all (fixture->store, docs, &n_written, &error));
  g_assert_no_error (error);
  /* The new tasks fall all through the list: the whole list changes, and
   * that is told as all removed, then all added (GTK 4.8's views and
   * selection would otherwise build every item to find the ones they had). */
  g_assert_cmpuint (record.n_signals, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_items + 1500);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, n_items + 1500);
}

/* 100,000 tasks: the list opens, sorts and searches without building them. */
static const char * const words[] = {
  "nghiên cứu", "ứng dụng", "xây dựng", "mô hình", "phát triển", "bảo tồn", "giống",
  "lúa", "chè", "cà phê", "dược liệu", "Điện Biên", "Mường Nhé", "Tủa Chùa", "vùng cao",
  "đồng bào", "dân tộc", "Thái", "Mông", "nông nghiệp", "công nghệ", "sinh học", "y tế",
  "giáo dục", "môi trường", "nước sạch", "du lịch", "văn hóa", "đường", "ươm",
};

static const char * const levels[] = { "national", "provincial", "grassroots" };
static const char * const stages_keys[] = { "ordered", "contracted", "in_progress", "accepted" };

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
assert_plan_uses_index (TktStore            *store,
                        const TktTaskFilter *filter,
                        const char          *index_column)
{
  g_autofree char *sql = tkt_task_filter_to_sql_for_testing (filter);
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = tkt_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gboolean uses_index = FALSE;

  /* The indexes of task_index whose first column is the sort key. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT il.name FROM pragma_index_list('task_index') il"
                                       " WHERE (SELECT name FROM pragma_index_info(il.name) WHERE seqno = 0) = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, index_column, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (indexes, g_strdup_printf ("INDEX %s", (const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (indexes->len, >, 0);

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);

  g_test_message ("%s\n%s", sql, plan->str);
  for (guint i = 0; i < indexes->len; i++)
    {
      if (strstr (plan->str, g_ptr_array_index (indexes, i)) != NULL)
        uses_index = TRUE;
    }
  g_assert_true (uses_index);
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

static void
test_list_large (Fixture       *fixture,
                 gconstpointer  data)
{
  const guint n_tasks = 100000;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(TktTaskList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  guint n_written = 0;
  guint created;
  gint64 start;

  fixture_open (fixture);

  for (guint i = 0; i < n_tasks; i++)
    {
      JsonObject *doc = json_object_new ();
      JsonArray *stages = json_array_new ();
      JsonObject *stage = json_object_new ();
      g_autofree char *id = g_strdup_printf ("task:bench-%06u", i);
      g_autofree char *title = g_strdup_printf ("%s %s %s %s",
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_autofree char *code = g_strdup_printf ("ĐT.%06u", i);
      g_autofree char *date = g_strdup_printf ("%04d-%02d-15", g_rand_int_range (rand, 2015, 2025),
                                               g_rand_int_range (rand, 1, 13));

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "task");
      json_object_set_string_member (doc, "code", code);
      json_object_set_string_member (doc, "title", title);
      json_object_set_string_member (doc, "level", levels[i % G_N_ELEMENTS (levels)]);
      json_object_set_string_member (doc, "start", date);
      json_object_set_string_member (stage, "stage", stages_keys[i % G_N_ELEMENTS (stages_keys)]);
      json_object_set_string_member (stage, "date", date);
      json_array_add_object_element (stages, stage);
      json_object_set_array_member (doc, "stages", stages);
      g_ptr_array_add (docs, doc);
    }

  start = g_get_monotonic_time ();
  g_assert_true (tkt_store_put_all (fixture->store, docs, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, n_tasks);
  g_test_message ("put_all of %u tasks: %.0f ms", n_tasks, ms_since (start));
  g_clear_pointer (&docs, g_ptr_array_unref);

  created = tkt_task_get_n_created_for_testing ();

  start = g_get_monotonic_time ();
  list = tkt_task_list_new (fixture->store);
  g_test_message ("open (sorted by code): %.1f ms", ms_since (start));
  start = g_get_monotonic_time ();
  tkt_task_list_refresh (list);
  g_test_message ("again: %.1f ms", ms_since (start));
  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_tasks);
  /* The first screen. */
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(TktTask) task = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (tkt_task_get_title (task));
    }
  g_test_message ("open, sort by title, first screen: %.1f ms", ms_since (start));

  /* Scroll to the end and back to the top. */
  for (guint i = n_tasks - 40; i < n_tasks; i++)
    {
      g_autoptr(TktTask) task = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_true (TKT_IS_TASK (task));
    }
  for (guint i = 0; i < 40; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));

  /* 80 rows were looked at, 80 built: the way back came from the cache. */
  g_assert_cmpuint (tkt_task_get_n_created_for_testing () - created, ==, 80);
  g_assert_cmpuint (tkt_task_get_n_instances_for_testing (), <=, 300);

  start = g_get_monotonic_time ();
  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, TRUE);
  g_test_message ("sort by title, descending: %.1f ms", ms_since (start));
  start = g_get_monotonic_time ();
  tkt_task_list_set_sort (list, TKT_TASK_SORT_CODE, FALSE);
  g_test_message ("sort by code: %.1f ms", ms_since (start));
  start = g_get_monotonic_time ();
  tkt_task_list_set_sort (list, TKT_TASK_SORT_STATUS, FALSE);
  g_test_message ("sort by status: %.1f ms", ms_since (start));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_tasks);

  start = g_get_monotonic_time ();
  tkt_task_list_set_search (list, "muong nhe tua");
  g_test_message ("search \"muong nhe tua\": %u found, %.1f ms",
                  g_list_model_get_n_items (G_LIST_MODEL (list)), ms_since (start));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, n_tasks);
  {
    g_autoptr(TktTask) task = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_nonnull (strstr (tkt_task_get_title (task), "Mường Nhé"));
    g_assert_nonnull (strstr (tkt_task_get_title (task), "Tủa Chùa"));
  }

  start = g_get_monotonic_time ();
  tkt_task_list_set_search (list, NULL);
  g_test_message ("clear search: %.1f ms", ms_since (start));

  /* Still nothing like 100,000 objects. */
  g_assert_cmpuint (tkt_task_get_n_created_for_testing () - created, <, 1000);
  g_assert_cmpuint (tkt_task_get_n_instances_for_testing (), <=, 300);

  /* Without a search, sorting walks the index of the sort key. */
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_TITLE };

    assert_plan_uses_index (fixture->store, &filter, "title_key");
    filter.descending = TRUE;
    assert_plan_uses_index (fixture->store, &filter, "title_key");
    filter.sort = TKT_TASK_SORT_CODE;
    assert_plan_uses_index (fixture->store, &filter, "code_key");
  }

  /* With a search, the full-text index finds the rows first. */
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_TITLE, .search = (char *) "muong nhe" };
    g_autofree char *sql = tkt_task_filter_to_sql_for_testing (&filter);
    g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (fixture->store), explain, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 3), "task_fts VIRTUAL TABLE"));
    sqlite3_finalize (stmt);
  }

  g_assert_finalize_object (g_steal_pointer (&list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tkt/task-list/model", Fixture, NULL, fixture_setup, test_list_model, fixture_teardown);
  g_test_add ("/tkt/task-list/search", Fixture, NULL, fixture_setup, test_list_search, fixture_teardown);
  g_test_add ("/tkt/task-list/search/short-prefix", Fixture, NULL, fixture_setup, test_list_search_short, fixture_teardown);
  g_test_add ("/tkt/task-list/search/code", Fixture, NULL, fixture_setup, test_list_search_code, fixture_teardown);
  g_test_add ("/tkt/task-list/sort", Fixture, NULL, fixture_setup, test_list_sort, fixture_teardown);
  g_test_add_func ("/tkt/task-list/sort-names", test_list_sort_names);
  g_test_add ("/tkt/task-list/filters", Fixture, NULL, fixture_setup, test_list_filters, fixture_teardown);
  g_test_add ("/tkt/task-list/changes", Fixture, NULL, fixture_setup, test_list_changes, fixture_teardown);
  g_test_add ("/tkt/task-list/changes/batch", Fixture, NULL, fixture_setup, test_list_changes_batch, fixture_teardown);
  g_test_add ("/tkt/task-list/large", Fixture, NULL, NULL, test_list_large, fixture_teardown);

  return g_test_run ();
}
