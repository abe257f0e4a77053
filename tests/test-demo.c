/* test-demo.c — the demo register gives the seed article's figures, the
 * default catalogue is there and in order.
 *
 * The figures are computed here from the documents themselves, by the
 * definitions of DESIGN.md ("Reports"), independently of any statistics
 * code: if the demo data or the definitions drift apart, this fails. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tkt-award.h"
#include "tkt-catalog.h"
#include "tkt-ceremony.h"
#include "tkt-demo.h"
#include "tkt-store.h"
#include "tkt-task.h"
#include "tkt-text.h"

#define NTMN "programme:nong-thon-mien-nui-2016-2025"
#define CTDP "programme:cap-thiet-dia-phuong"

typedef struct {
  char     *dir;
  TktStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------ */
/* The figures of DESIGN.md, straight from the JSON                     */

static const char *
str (JsonObject *o,
     const char *member)
{
  return json_object_get_string_member_with_default (o, member, NULL);
}

static JsonArray *
array (JsonObject *o,
       const char *member)
{
  if (!json_object_has_member (o, member))
    return NULL;
  return json_object_get_array_member (o, member);
}

static gboolean
is_implementation (const char *stage)
{
  return g_strcmp0 (stage, "selected") == 0 || g_strcmp0 (stage, "assigned") == 0 ||
         g_strcmp0 (stage, "contracted") == 0 || g_strcmp0 (stage, "in_progress") == 0;
}

static gboolean
is_closing (const char *stage)
{
  return g_strcmp0 (stage, "accepted") == 0 || g_strcmp0 (stage, "cancelled") == 0;
}

/* "ordered (or later)": the lifecycle after proposed. */
static gboolean
is_ordered_or_later (const char *stage)
{
  static const char *const later[] = {
    "ordered", "selected", "assigned", "contracted", "in_progress", "extended",
    "accepted", "transferred", "cancelled",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (later); i++)
    if (g_strcmp0 (stage, later[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The date of the task's first implementation stage, or NULL. */
static const char *
first_implementation (JsonObject *task)
{
  JsonArray *stages = array (task, "stages");
  const char *first = NULL;

  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      JsonObject *s = json_array_get_object_element (stages, i);
      const char *date = str (s, "date");

      if (is_implementation (str (s, "stage")) && date != NULL &&
          (first == NULL || strcmp (date, first) < 0))
        first = date;
    }
  return first;
}

/* Has an accepted or cancelled stage dated before (or, if inclusive, on)
 * the given ISO date? */
static gboolean
closed_before (JsonObject *task,
               const char *iso,
               gboolean    inclusive)
{
  JsonArray *stages = array (task, "stages");

  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      JsonObject *s = json_array_get_object_element (stages, i);
      const char *date = str (s, "date");
      int c;

      if (!is_closing (str (s, "stage")) || date == NULL)
        continue;
      c = strcmp (date, iso);
      if (c < 0 || (inclusive && c == 0))
        return TRUE;
    }
  return FALSE;
}

static gboolean
in_year (const char *date,
         int         year)
{
  g_autofree char *prefix = g_strdup_printf ("%04d-", year);

  return date != NULL && g_str_has_prefix (date, prefix);
}

static gboolean
has_stage_in_year (JsonObject *task,
                   const char *stage,
                   int         year,
                   const char *rating)
{
  JsonArray *stages = array (task, "stages");

  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      JsonObject *s = json_array_get_object_element (stages, i);

      if (g_strcmp0 (str (s, "stage"), stage) == 0 && in_year (str (s, "date"), year) &&
          (rating == NULL || g_strcmp0 (str (s, "rating"), rating) == 0))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  guint       total;
  guint       provincial;
  guint       grassroots;
  guint       national_outside;
  GHashTable *national_by_programme;   /* programme id → count */
} Monitored;

static guint
count_of (GHashTable *table,
          const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
}

static void
count_up (GHashTable *table,
          const char *key)
{
  g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (count_of (table, key) + 1));
}

static Monitored
monitored (GPtrArray *tasks,
           int        year)
{
  g_autofree char *first_day = g_strdup_printf ("%04d-01-01", year);
  g_autofree char *last_day = g_strdup_printf ("%04d-12-31", year);
  Monitored m = { 0, 0, 0, 0, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };

  for (guint i = 0; i < tasks->len; i++)
    {
      JsonObject *task = g_ptr_array_index (tasks, i);
      const char *first = first_implementation (task);
      const char *level = str (task, "level");

      if (first == NULL || strcmp (first, last_day) > 0 || closed_before (task, first_day, FALSE))
        continue;
      m.total++;
      if (g_strcmp0 (level, "national") == 0)
        {
          if (str (task, "programme") != NULL)
            count_up (m.national_by_programme, str (task, "programme"));
          else
            m.national_outside++;
        }
      else if (g_strcmp0 (level, "provincial") == 0)
        m.provincial++;
      else if (g_strcmp0 (level, "grassroots") == 0)
        m.grassroots++;
    }
  return m;
}

static guint
count_stage (GPtrArray  *tasks,
             const char *stage,
             int         year,
             const char *rating)
{
  guint n = 0;

  for (guint i = 0; i < tasks->len; i++)
    if (has_stage_in_year (g_ptr_array_index (tasks, i), stage, year, rating))
      n++;
  return n;
}

typedef struct {
  guint  results;
  guint  recipients;
  guint  enterprises;
  GStrv  sectors;   /* sector names, in the sector list's order */
} Transfers;

static Transfers
transfers (TktStore  *store,
           GPtrArray *tasks,
           int        year)
{
  g_autoptr(GHashTable) results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) recipients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) enterprises = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) sector_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sectors = tkt_catalog_list_sectors (store);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  Transfers t = { 0 };

  for (guint i = 0; i < tasks->len; i++)
    {
      JsonObject *task = g_ptr_array_index (tasks, i);
      JsonArray *list = array (task, "transfers");

      for (guint k = 0; list != NULL && k < json_array_get_length (list); k++)
        {
          JsonObject *tr = json_array_get_object_element (list, k);

          if (!in_year (str (tr, "date"), year))
            continue;
          g_hash_table_add (results, g_strconcat (str (task, "_id"), "\n", str (tr, "result"), NULL));
          g_hash_table_add (recipients, g_strdup (str (tr, "recipient")));
          if (g_strcmp0 (str (tr, "recipient_kind"), "enterprise") == 0)
            g_hash_table_add (enterprises, g_strdup (str (tr, "recipient")));
          if (str (task, "sector") != NULL)
            g_hash_table_add (sector_ids, (gpointer) str (task, "sector"));
        }
    }

  for (guint i = 0; i < sectors->len; i++)
    {
      JsonObject *sector = g_ptr_array_index (sectors, i);

      if (g_hash_table_contains (sector_ids, str (sector, "_id")))
        g_strv_builder_add (names, str (sector, "name"));
    }

  t.results = g_hash_table_size (results);
  t.recipients = g_hash_table_size (recipients);
  t.enterprises = g_hash_table_size (enterprises);
  t.sectors = g_strv_builder_end (names);
  return t;
}

/* planned(year) for the year after `year - 1`: by level. */
static GHashTable *
planned (GPtrArray *tasks,
         int        year)
{
  g_autofree char *end_of_before = g_strdup_printf ("%04d-12-31", year - 1);
  GHashTable *by_level = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < tasks->len; i++)
    {
      JsonObject *task = g_ptr_array_index (tasks, i);
      const char *first = first_implementation (task);
      gboolean began = first != NULL && strcmp (first, end_of_before) <= 0;
      gboolean ordered = FALSE;
      JsonArray *stages = array (task, "stages");

      if (closed_before (task, end_of_before, TRUE))
        continue;
      for (guint k = 0; stages != NULL && k < json_array_get_length (stages); k++)
        if (is_ordered_or_later (str (json_array_get_object_element (stages, k), "stage")))
          ordered = TRUE;
      if (began || (ordered && in_year (str (task, "start"), year)))
        count_up (by_level, str (task, "level") ? str (task, "level") : "");
    }
  return by_level;
}

/* ------------------------------------------------------------------ */

static GPtrArray *
fill_demo (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  return tkt_store_list_docs (fixture->store, "task");
}

static void
test_figures_2023 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) tasks = fill_demo (fixture);
  Monitored m;
  Transfers t;
  g_autoptr(GHashTable) plan = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *count = NULL;

  g_assert_cmpuint (tasks->len, >, 24);

  /* "theo dõi quản lý 24 nhiệm vụ KH&CN, trong đó có 10 nhiệm vụ cấp quốc
   * gia thuộc Chương trình …; 01 … Chương trình cấp thiết địa phương; 13
   * nhiệm vụ cấp tỉnh" */
  m = monitored (tasks, 2023);
  g_assert_cmpuint (m.total, ==, 24);
  g_assert_cmpuint (count_of (m.national_by_programme, NTMN), ==, 10);
  g_assert_cmpuint (count_of (m.national_by_programme, CTDP), ==, 1);
  g_assert_cmpuint (g_hash_table_size (m.national_by_programme), ==, 2);
  g_assert_cmpuint (m.national_outside, ==, 0);
  g_assert_cmpuint (m.provincial, ==, 13);
  g_assert_cmpuint (m.grassroots, ==, 0);
  count = tkt_text_format_count (count_of (m.national_by_programme, CTDP));
  g_assert_cmpstr (count, ==, "01");
  g_hash_table_unref (m.national_by_programme);

  /* "đề xuất đặt hàng 06 nhiệm vụ" */
  g_assert_cmpuint (count_stage (tasks, "ordered", 2023, NULL), ==, 6);

  /* "chuyển giao 09 kết quả … tới 11 đơn vị (trong đó có 01 doanh nghiệp),
   * … các lĩnh vực: y tế, tài nguyên - môi trường, giáo dục, xã hội - nhân
   * văn và nông nghiệp" */
  t = transfers (fixture->store, tasks, 2023);
  g_assert_cmpuint (t.results, ==, 9);
  g_assert_cmpuint (t.recipients, ==, 11);
  g_assert_cmpuint (t.enterprises, ==, 1);
  sentence = tkt_text_join_list ((const char * const *) t.sectors);
  g_assert_cmpstr (sentence, ==,
                   "Y tế, Tài nguyên – môi trường, Giáo dục – đào tạo, Xã hội – nhân văn và Nông nghiệp");
  g_strfreev (t.sectors);

  /* "tiếp tục theo dõi, quản lý 16 nhiệm vụ KHCN cấp tỉnh và 11 nhiệm vụ
   * cấp quốc gia" */
  plan = planned (tasks, 2024);
  g_assert_cmpuint (count_of (plan, "provincial"), ==, 16);
  g_assert_cmpuint (count_of (plan, "national"), ==, 11);
  g_assert_cmpuint (count_of (plan, "grassroots"), ==, 0);

  /* Acceptances of 2023 with their ratings; nothing cancelled in 2023. */
  g_assert_cmpuint (count_stage (tasks, "accepted", 2023, NULL), ==, 3);
  g_assert_cmpuint (count_stage (tasks, "accepted", 2023, "excellent"), ==, 1);
  g_assert_cmpuint (count_stage (tasks, "accepted", 2023, "good"), ==, 1);
  g_assert_cmpuint (count_stage (tasks, "accepted", 2023, "pass"), ==, 1);
  g_assert_cmpuint (count_stage (tasks, "cancelled", 2023, NULL), ==, 0);
}

static void
test_figures_other_years (Fixture       *fixture,
                          gconstpointer  data)
{
  /* The data is there to be counted out, too: what lies outside 2023
   * must exist, or the figures above would prove little. */
  g_autoptr(GPtrArray) tasks = fill_demo (fixture);
  guint cancelled_before = 0, grassroots = 0, regime_2025 = 0, regime_2013 = 0;
  guint proposed_only = 0;
  Monitored m;
  Transfers t;

  for (guint i = 0; i < tasks->len; i++)
    {
      JsonObject *task = g_ptr_array_index (tasks, i);
      JsonArray *stages = array (task, "stages");

      for (int y = 2016; y < 2023; y++)
        if (has_stage_in_year (task, "cancelled", y, NULL))
          cancelled_before++;
      if (g_strcmp0 (str (task, "level"), "grassroots") == 0)
        grassroots++;
      if (g_strcmp0 (str (task, "regime"), "2025") == 0)
        regime_2025++;
      if (g_strcmp0 (str (task, "regime"), "2013") == 0)
        regime_2013++;
      if (stages != NULL && json_array_get_length (stages) == 1 &&
          g_strcmp0 (str (json_array_get_object_element (stages, 0), "stage"), "proposed") == 0)
        proposed_only++;
    }
  g_assert_cmpuint (cancelled_before, ==, 1);
  g_assert_cmpuint (grassroots, >=, 2);
  g_assert_cmpuint (regime_2025, >=, 1);
  g_assert_cmpuint (regime_2013, >=, 30);
  g_assert_cmpuint (proposed_only, >=, 2);
  g_assert_cmpuint (count_stage (tasks, "accepted", 2022, NULL), >=, 2);

  /* 2022: the tasks accepted in 2022 were still monitored then. */
  m = monitored (tasks, 2022);
  g_assert_cmpuint (m.total, >, 0);
  g_assert_cmpuint (m.grassroots, ==, 1);
  g_hash_table_unref (m.national_by_programme);

  /* Transfers of 2022 and 2024 exist and are not 2023's. */
  t = transfers (fixture->store, tasks, 2022);
  g_assert_cmpuint (t.results, ==, 1);
  g_assert_cmpuint (t.enterprises, ==, 1);
  g_strfreev (t.sectors);
  t = transfers (fixture->store, tasks, 2024);
  g_assert_cmpuint (t.results, ==, 1);
  g_assert_cmpuint (t.enterprises, ==, 0);
  g_strfreev (t.sectors);
}

static void
test_tasks_valid (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Every demo task passes the editor's validation (unique codes, dates,
   * money, stages and ratings), and points at catalogue entries that
   * exist. */
  g_autoptr(GPtrArray) tasks = fill_demo (fixture);

  for (guint i = 0; i < tasks->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (tasks, i);
      g_autoptr(TktTask) task = tkt_task_new_from_json (doc);
      g_autoptr(GPtrArray) problems = tkt_task_validate (task, fixture->store);
      const char *programme = str (doc, "programme");
      const char *sector = str (doc, "sector");

      g_assert_true (g_str_has_prefix (str (doc, "_id"), "task:demo-"));
      if (problems->len > 0)
        g_error ("%s: %u problems", str (doc, "_id"), problems->len);
      g_assert_nonnull (sector);
      {
        g_autofree char *name = tkt_catalog_get_name (fixture->store, sector);

        g_assert_nonnull (name);
      }
      if (programme != NULL)
        {
          g_autofree char *name = tkt_catalog_get_name (fixture->store, programme);

          g_assert_nonnull (name);
          g_assert_cmpstr (str (doc, "level"), ==, "national");
        }
    }
}

static void
test_fill_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = fill_demo (fixture);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonObject) back = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *tomb = NULL;
  gint64 seq = tkt_store_get_update_seq (fixture->store);

  /* A second fill is a no-op that succeeds: nothing is written. */
  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  again = tkt_store_list_docs (fixture->store, "task");
  g_assert_cmpuint (again->len, ==, first->len);

  /* An edited demo task keeps the user's edit. */
  edited = tkt_store_get (fixture->store, "task:demo-13", &error);
  g_assert_no_error (error);
  json_object_set_string_member (edited, "title", "Tên đã sửa");
  rev = tkt_store_put (fixture->store, edited, &error);
  g_assert_no_error (error);
  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  back = tkt_store_get (fixture->store, "task:demo-13", &error);
  g_assert_cmpstr (str (back, "title"), ==, "Tên đã sửa");
  g_assert_cmpstr (str (back, "_rev"), ==, rev);

  /* A deleted one comes back. */
  tomb = tkt_store_delete (fixture->store, "task:demo-20", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&back, json_object_unref);
  back = tkt_store_get (fixture->store, "task:demo-20", NULL);
  g_assert_null (back);
  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  back = tkt_store_get (fixture->store, "task:demo-20", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
}

static void
test_catalog_defaults (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *const sector_names[] = {
    "Y tế", "Tài nguyên – môi trường", "Giáo dục – đào tạo", "Xã hội – nhân văn",
    "Nông nghiệp", "Công nghiệp", "Công nghệ thông tin", "Khác",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sectors = tkt_catalog_list_sectors (fixture->store);
  g_autoptr(GPtrArray) programmes = tkt_catalog_list_programmes (fixture->store);
  g_autoptr(JsonObject) ntmn = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *name = NULL;
  gint64 seq;

  /* The sectors of DESIGN.md in their order. */
  g_assert_cmpuint (sectors->len, ==, G_N_ELEMENTS (sector_names));
  for (guint i = 0; i < sectors->len; i++)
    {
      JsonObject *sector = g_ptr_array_index (sectors, i);

      g_assert_cmpstr (str (sector, "name"), ==, sector_names[i]);
      g_assert_cmpint (json_object_get_int_member (sector, "order"), ==, i + 1);
      g_assert_true (g_str_has_prefix (str (sector, "_id"), "sector:"));
    }
  g_assert_cmpstr (str (g_ptr_array_index (sectors, 0), "_id"), ==, "sector:health");
  g_assert_cmpstr (str (g_ptr_array_index (sectors, 7), "_id"), ==, "sector:other");

  /* The two national programmes, by name in Vietnamese order
   * ("Chương trình hỗ trợ …" < "Chương trình khoa học …"). */
  g_assert_cmpuint (programmes->len, ==, 2);
  g_assert_cmpstr (str (g_ptr_array_index (programmes, 0), "_id"), ==, NTMN);
  g_assert_cmpstr (str (g_ptr_array_index (programmes, 1), "_id"), ==, CTDP);
  ntmn = tkt_store_get (fixture->store, NTMN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (ntmn, "level"), ==, "national");
  g_assert_cmpint (json_object_get_int_member (ntmn, "start"), ==, 2016);
  g_assert_cmpint (json_object_get_int_member (ntmn, "end"), ==, 2025);
  g_assert_nonnull (str (ntmn, "short_name"));
  g_assert_true (g_str_has_prefix (str (ntmn, "name"), "Chương trình hỗ trợ ứng dụng và chuyển giao tiến bộ khoa học và công nghệ"));

  name = tkt_catalog_get_name (fixture->store, "sector:environment");
  g_assert_cmpstr (name, ==, "Tài nguyên – môi trường");
  g_assert_null (tkt_catalog_get_name (fixture->store, "sector:nothing"));
  g_assert_null (tkt_catalog_get_name (fixture->store, NULL));

  /* A sector added without an order goes last; a renamed one keeps its
   * place.  Seeding again adds nothing. */
  json_object_set_string_member (extra, "_id", "sector:du-lich");
  json_object_set_string_member (extra, "type", "sector");
  json_object_set_string_member (extra, "name", "Du lịch");
  rev = tkt_store_put (fixture->store, extra, &error);
  g_assert_no_error (error);
  seq = tkt_store_get_update_seq (fixture->store);
  g_assert_true (tkt_catalog_seed_defaults (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  after = tkt_catalog_list_sectors (fixture->store);
  g_assert_cmpuint (after->len, ==, G_N_ELEMENTS (sector_names) + 1);
  g_assert_cmpstr (str (g_ptr_array_index (after, after->len - 1), "_id"), ==, "sector:du-lich");
}

/* The article's conference and its awards, as the article lists them:
 * authority, presenter, "thừa ủy quyền" where it says so (and what the
 * rule would have proposed), 04 / 02 / 02 + 02. */
static void
test_ceremony (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct {
    const char *id;
    const char *authority;
    const char *presenter;
    gboolean    on_behalf;   /* as the article says */
    gboolean    proposed;    /* as tkt_award_propose_on_behalf proposes */
    const char *counts;
  } expected[] = {
    { "award:demo-2023-co-thi-dua", "Thủ tướng Chính phủ", "Vừ A Bằng", TRUE, TRUE, "cho 01 tập thể" },
    { "award:demo-2023-bang-khen-ttg", "Thủ tướng Chính phủ", "Vừ A Bằng", TRUE, TRUE, "cho 01 tập thể" },
    { "award:demo-2023-ky-niem-chuong", "Bộ trưởng Bộ Khoa học và Công nghệ", "Nguyễn Đức Hạnh", TRUE, TRUE, "cho 04 cá nhân" },
    /* The article does not write "Thừa ủy quyền" for the Chairman's forms
     * presented by his Vice-Chairman, though the rule proposes it: the
     * demo keeps the article's choice (the proposal is only a proposal). */
    { "award:demo-2023-tap-the-lds", "Chủ tịch UBND tỉnh", "Vừ A Bằng", FALSE, TRUE, "cho 02 tập thể" },
    { "award:demo-2023-bang-khen-ct", "Chủ tịch UBND tỉnh", "Vừ A Bằng", FALSE, TRUE, "cho 02 tập thể, 02 cá nhân" },
    { "award:demo-2023-huy-hieu", "UBND tỉnh", "Vừ A Bằng", FALSE, FALSE, "cho 02 cá nhân" },
  };
  g_autoptr(GPtrArray) tasks = fill_demo (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(TktCeremony) ceremony = tkt_ceremony_load (fixture->store, "ceremony:demo-2023", &error);
  g_autoptr(GPtrArray) awards = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(TktGuest) first = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (tkt_ceremony_get_title (ceremony), ==,
                   "Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024");
  g_assert_true (g_str_has_prefix (tkt_ceremony_get_start (ceremony), "2024-01-24T1"));   /* afternoon */
  g_assert_cmpstr (tkt_ceremony_get_venue (ceremony), ==, "Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza");
  g_assert_cmpint (tkt_ceremony_get_report_year (ceremony), ==, 2023);
  first = tkt_ceremony_get_guest (ceremony, 0);
  g_assert_cmpstr (first->name, ==, "Vừ A Bằng");
  g_assert_cmpstr (first->position, ==, "Phó Chủ tịch UBND tỉnh");
  g_assert_cmpuint (tkt_ceremony_get_n_agenda (ceremony), ==, 4);
  problems = tkt_ceremony_validate (ceremony);
  g_assert_cmpuint (problems->len, ==, 0);

  awards = tkt_award_list_for_ceremony (fixture->store, "ceremony:demo-2023");
  g_assert_cmpuint (awards->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < awards->len; i++)
    {
      TktAward *award = g_ptr_array_index (awards, i);
      g_autoptr(JsonObject) form = tkt_store_get (fixture->store, tkt_award_get_form (award), &error);
      g_autofree char *counts = tkt_award_format_counts (award);
      g_autoptr(GPtrArray) award_problems = tkt_award_validate (award);

      g_assert_no_error (error);
      g_assert_cmpstr (tkt_award_get_id (award), ==, expected[i].id);
      g_assert_cmpstr (str (form, "authority"), ==, expected[i].authority);
      g_assert_cmpstr (tkt_award_get_presenter_name (award), ==, expected[i].presenter);
      g_assert_cmpint (tkt_award_get_on_behalf (award), ==, expected[i].on_behalf);
      g_assert_cmpint (tkt_award_propose_on_behalf (award, form), ==, expected[i].proposed);
      g_assert_cmpstr (counts, ==, expected[i].counts);
      g_assert_cmpuint (award_problems->len, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tkt/demo/figures-2023", test_figures_2023);
  ADD ("/tkt/demo/figures-other-years", test_figures_other_years);
  ADD ("/tkt/demo/tasks-valid", test_tasks_valid);
  ADD ("/tkt/demo/fill-twice", test_fill_twice);
  ADD ("/tkt/catalog/defaults", test_catalog_defaults);
  ADD ("/tkt/demo/ceremony", test_ceremony);

  return g_test_run ();
}
