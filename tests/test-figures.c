/* test-figures.c — a year's report figures (tkt-figures.h) against the
 * definitions of DESIGN.md ("Reports"): the article's figures from the demo
 * register, then small registers built to sit on each definition's edges,
 * the JSON form, the tasks behind each figure, the sentences, and the
 * migration of a version 1 database that fills the history tables. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tkt-demo.h"
#include "tkt-award.h"
#include "tkt-figures.h"
#include "tkt-store.h"

#define NTMN "programme:nong-thon-mien-nui-2016-2025"
#define CTDP "programme:cap-thiet-dia-phuong"

typedef struct {
  char     *dir;
  char     *path;
  TktStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-figures-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (fixture->path, &error);
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
  g_free (fixture->path);
}

/* Helpers */

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
put (TktStore   *store,
     const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = parse_object (json);
  g_autofree char *rev = tkt_store_put (store, doc, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
}

/* Replaces a member of a stored task (a local edit on top of the winner). */
static void
edit (TktStore   *store,
      const char *id,
      const char *member,
      const char *value_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tkt_store_get (store, id, &error);
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *rev = NULL;

  g_assert_no_error (error);
  value = json_from_string (value_json, &error);
  g_assert_no_error (error);
  json_object_set_member (doc, member, g_steal_pointer (&value));
  rev = tkt_store_put (store, doc, &error);
  g_assert_no_error (error);
}

static TktFigures *
compute (TktStore *store,
         int       year)
{
  g_autoptr(GError) error = NULL;
  TktFigures *figures = tkt_figures_compute (store, year, &error);

  g_assert_no_error (error);
  g_assert_nonnull (figures);
  g_assert_cmpint (figures->year, ==, year);
  return figures;
}

static GStrv
ids_of (TktStore   *store,
        int         year,
        const char *figure)
{
  g_autoptr(GError) error = NULL;
  GStrv ids = tkt_figures_query_ids (store, year, figure, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

static void
assert_ids (TktStore   *store,
            int         year,
            const char *figure,
            const char *expected)   /* space-separated ids, in code order */
{
  g_auto(GStrv) ids = ids_of (store, year, figure);
  g_autofree char *joined = g_strjoinv (" ", ids);

  g_assert_cmpstr (joined, ==, expected);
}

static char *
parts_keys (GPtrArray *parts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (parts, i);

      g_string_append_printf (out, "%s%s=%" G_GINT64_FORMAT, i > 0 ? " " : "", part->key, part->value);
    }
  return g_string_free (out, FALSE);
}

static guint
n_ids (TktStore   *store,
       int         year,
       const char *figure)
{
  g_auto(GStrv) ids = ids_of (store, year, figure);

  return g_strv_length (ids);
}

/* Every count of tasks agrees with the list of tasks behind it, and the
 * breakdowns add up. */
static void
assert_consistent (TktStore         *store,
                   const TktFigures *f)
{
  int y = f->year;
  gint64 programmes = 0;
  gint64 ratings = 0;

  g_assert_cmpuint (n_ids (store, y, "monitored"), ==, f->monitored);
  for (guint i = 0; i < f->monitored_programmes->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (f->monitored_programmes, i);
      g_autofree char *key = g_strconcat ("monitored.programmes.", part->key, NULL);

      g_assert_cmpint (part->value, >, 0);
      g_assert_cmpuint (n_ids (store, y, key), ==, part->value);
      programmes += part->value;
    }
  g_assert_cmpuint (n_ids (store, y, "monitored.national_other"), ==, f->monitored_national_other);
  g_assert_cmpuint (n_ids (store, y, "monitored.provincial"), ==, f->monitored_provincial);
  g_assert_cmpuint (n_ids (store, y, "monitored.grassroots"), ==, f->monitored_grassroots);
  g_assert_cmpuint (n_ids (store, y, "monitored.no_level"), ==, f->monitored_no_level);
  g_assert_cmpint (programmes + f->monitored_national_other + f->monitored_provincial +
                   f->monitored_grassroots + f->monitored_no_level, ==, f->monitored);

  g_assert_cmpuint (n_ids (store, y, "ordered"), ==, f->ordered);
  g_assert_cmpuint (n_ids (store, y, "approved"), ==, f->approved);
  g_assert_cmpuint (n_ids (store, y, "accepted"), ==, f->accepted);
  for (guint i = 0; i < f->accepted_ratings->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (f->accepted_ratings, i);
      g_autofree char *key = g_strconcat ("accepted.ratings.", part->key, NULL);

      g_assert_cmpuint (n_ids (store, y, key), ==, part->value);
      ratings += part->value;
    }
  g_assert_cmpint (ratings, ==, f->accepted);
  g_assert_cmpuint (n_ids (store, y, "cancelled"), ==, f->cancelled);

  /* Transfers count results and units, not tasks: a task behind them has
   * at least one result, and every result belongs to a listed task. */
  g_assert_cmpuint (n_ids (store, y, "transfers"), <=, f->transfer_results);
  g_assert_cmpuint (n_ids (store, y, "transfers") > 0, ==, f->transfer_results > 0);
  g_assert_cmpuint (n_ids (store, y, "transfers.enterprises") > 0, ==, f->transfer_enterprises > 0);
  g_assert_cmpuint (f->transfer_enterprises, <=, f->transfer_units);
  for (guint i = 0; i < f->transfer_sectors->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (f->transfer_sectors, i);
      g_autofree char *key = g_strconcat ("transfers.sectors.", part->key, NULL);
      guint n = n_ids (store, y, key);

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <=, part->value);
    }

  g_assert_cmpuint (n_ids (store, y, "planned"), ==, f->planned);
  g_assert_cmpuint (n_ids (store, y, "planned.national"), ==, f->planned_national);
  g_assert_cmpuint (n_ids (store, y, "planned.provincial"), ==, f->planned_provincial);
  g_assert_cmpuint (n_ids (store, y, "planned.grassroots"), ==, f->planned_grassroots);
  g_assert_cmpuint (f->planned_national + f->planned_provincial + f->planned_grassroots, <=, f->planned);

  g_assert_cmpint (f->budget_central + f->budget_local + f->budget_other, ==, f->budget_total);
}

/* The budget of the listed tasks, read from the documents themselves. */
static void
sum_budgets (TktStore *store,
             GStrv     ids,
             gint64    sums[3])
{
  static const char * const sources[] = { "central", "local", "other" };

  sums[0] = sums[1] = sums[2] = 0;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (store, ids[i], NULL);
      JsonObject *budget;

      g_assert_nonnull (doc);
      if (!json_object_has_member (doc, "budget"))
        continue;
      budget = json_object_get_object_member (doc, "budget");
      for (guint s = 0; s < 3; s++)
        sums[s] += json_object_get_int_member_with_default (budget, sources[s], 0);
    }
}

/* The demo register: the article's figures */

static void
test_demo_2023 (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktFigures) f = NULL;
  g_autofree char *sectors = NULL;
  g_autofree char *ratings = NULL;
  g_auto(GStrv) monitored = NULL;
  gint64 sums[3];

  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  f = compute (fixture->store, 2023);

  /* 24 = 10 + 01 + 13 */
  g_assert_cmpuint (f->monitored, ==, 24);
  g_assert_cmpuint (f->monitored_programmes->len, ==, 2);
  g_assert_cmpstr (((TktFigurePart *) f->monitored_programmes->pdata[0])->key, ==, NTMN);
  g_assert_cmpint (((TktFigurePart *) f->monitored_programmes->pdata[0])->value, ==, 10);
  g_assert_cmpstr (((TktFigurePart *) f->monitored_programmes->pdata[1])->key, ==, CTDP);
  g_assert_cmpint (((TktFigurePart *) f->monitored_programmes->pdata[1])->value, ==, 1);
  g_assert_cmpstr (((TktFigurePart *) f->monitored_programmes->pdata[1])->label, ==,
                   "Chương trình cấp thiết địa phương");
  g_assert_cmpuint (f->monitored_national_other, ==, 0);
  g_assert_cmpuint (f->monitored_provincial, ==, 13);
  g_assert_cmpuint (f->monitored_grassroots, ==, 0);
  g_assert_cmpuint (f->monitored_no_level, ==, 0);

  /* 06 ordered; demo-07 … demo-10 assigned and demo-22 … demo-26 selected
   * or assigned in 2023; demo-13, 14, 15 accepted in 2023. */
  g_assert_cmpuint (f->ordered, ==, 6);
  g_assert_cmpuint (f->approved, ==, 9);
  g_assert_cmpuint (f->accepted, ==, 3);
  ratings = parts_keys (f->accepted_ratings);
  g_assert_cmpstr (ratings, ==, "excellent=1 good=1 pass=1");
  g_assert_cmpuint (f->cancelled, ==, 0);

  /* 09 results to 11 units, 01 an enterprise, five sectors in the list's order */
  g_assert_cmpuint (f->transfer_results, ==, 9);
  g_assert_cmpuint (f->transfer_units, ==, 11);
  g_assert_cmpuint (f->transfer_enterprises, ==, 1);
  sectors = parts_keys (f->transfer_sectors);
  g_assert_cmpstr (sectors, ==, "sector:health=2 sector:environment=1 sector:education=2 "
                                "sector:social=1 sector:agriculture=3");

  /* 2024: 16 provincial and 11 national */
  g_assert_cmpuint (f->planned, ==, 27);
  g_assert_cmpuint (f->planned_provincial, ==, 16);
  g_assert_cmpuint (f->planned_national, ==, 11);
  g_assert_cmpuint (f->planned_grassroots, ==, 0);

  /* budget(2023) = the budgets of the 24, summed from their documents */
  monitored = ids_of (fixture->store, 2023, "monitored");
  g_assert_cmpuint (g_strv_length (monitored), ==, 24);
  sum_budgets (fixture->store, monitored, sums);
  g_assert_cmpint (f->budget_central, ==, sums[0]);
  g_assert_cmpint (f->budget_local, ==, sums[1]);
  g_assert_cmpint (f->budget_other, ==, sums[2]);
  g_assert_cmpint (f->budget_total, ==, sums[0] + sums[1] + sums[2]);
  g_assert_cmpint (f->budget_total, >, 0);

  assert_consistent (fixture->store, f);

  /* The lists behind figures, in code order. */
  assert_ids (fixture->store, 2023, "ordered",
              "task:demo-28 task:demo-29 task:demo-30 task:demo-31 task:demo-32 task:demo-33");
  assert_ids (fixture->store, 2023, "monitored.programmes." CTDP, "task:demo-11");
  assert_ids (fixture->store, 2023, "transfers.enterprises", "task:demo-12");
  assert_ids (fixture->store, 2023, "transfers.sectors.sector:environment", "task:demo-16");
  assert_ids (fixture->store, 2023, "accepted.ratings.excellent", "task:demo-13");
}

static void
test_demo_sentences (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktFigures) f = NULL;
  g_autoptr(TktFigures) g = NULL;
  g_autofree char *monitored = NULL;
  g_autofree char *ordered = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *transfers = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *budget = NULL;
  g_autofree char *short_transfers = NULL;
  g_autoptr(JsonObject) education = NULL;
  g_autofree char *rev = NULL;

  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  f = compute (fixture->store, 2023);

  monitored = tkt_figures_sentence (f, TKT_SENTENCE_MONITORED);
  g_assert_cmpstr (monitored, ==,
                   "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN, trong đó có 10 nhiệm vụ KH&CN cấp quốc gia "
                   "thuộc Chương trình nông thôn, miền núi 2016-2025; 01 nhiệm vụ KH&CN thuộc Chương trình cấp "
                   "thiết địa phương; 13 nhiệm vụ cấp tỉnh.");

  ordered = tkt_figures_sentence (f, TKT_SENTENCE_ORDERED);
  g_assert_nonnull (strstr (ordered, "tham mưu cho UBND tỉnh đề xuất đặt hàng 06 nhiệm vụ nghiên cứu khoa học "
                                     "phát triển công nghệ triển khai trên địa bàn tỉnh"));
  g_assert_nonnull (strstr (ordered, "09 nhiệm vụ"));

  accepted = tkt_figures_sentence (f, TKT_SENTENCE_ACCEPTED);
  g_assert_cmpstr (accepted, ==,
                   "Trong năm đã nghiệm thu 03 nhiệm vụ KH&CN (01 nhiệm vụ xếp loại xuất sắc, 01 nhiệm vụ xếp "
                   "loại khá và 01 nhiệm vụ xếp loại đạt).");

  /* The article, word for word: the catalogue's short name of the
   * education sector ("Giáo dục") is what the sentence writes. */
  transfers = tkt_figures_sentence (f, TKT_SENTENCE_TRANSFERS);
  g_assert_cmpstr (transfers, ==,
                   "Tham mưu UBND tỉnh chuyển giao 09 kết quả nghiên cứu khoa học và phát triển công nghệ tới "
                   "11 đơn vị (trong đó có 01 doanh nghiệp), tập trung vào các lĩnh vực: y tế, tài nguyên - môi "
                   "trường, giáo dục, xã hội - nhân văn và nông nghiệp.");

  planned = tkt_figures_sentence (f, TKT_SENTENCE_PLANNED);
  g_assert_cmpstr (planned, ==, "Năm 2024, tiếp tục theo dõi, quản lý 16 nhiệm vụ cấp tỉnh và 11 nhiệm vụ cấp quốc gia.");

  budget = tkt_figures_sentence (f, TKT_SENTENCE_BUDGET);
  g_assert_true (g_str_has_prefix (budget, "Tổng kinh phí thực hiện các nhiệm vụ đang theo dõi, quản lý là "));
  g_assert_nonnull (strstr (budget, " đồng, trong đó: ngân sách trung ương "));
  g_assert_nonnull (strstr (budget, " và nguồn khác "));
  g_assert_true (g_str_has_suffix (budget, " đồng."));

  /* Without a short name the sector's name is written, en dash as hyphen. */
  education = tkt_store_get (fixture->store, "sector:education", &error);
  g_assert_no_error (error);
  json_object_remove_member (education, "short_name");
  rev = tkt_store_put (fixture->store, education, &error);
  g_assert_no_error (error);
  g = compute (fixture->store, 2023);
  short_transfers = tkt_figures_sentence (g, TKT_SENTENCE_TRANSFERS);
  g_assert_nonnull (strstr (short_transfers,
                            "tập trung vào các lĩnh vực: y tế, tài nguyên - môi "
                            "trường, giáo dục - đào tạo, xã hội - nhân văn và nông nghiệp."));
}

/* Edges of the definitions */

static void
test_spanning_years (Fixture       *fixture,
                     gconstpointer  data)
{
  /* Implementation 2020 → accepted 2024: monitored 2020 … 2024. */
  put (fixture->store, "{\"_id\":\"task:a\",\"type\":\"task\",\"code\":\"A\",\"title\":\"a\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"proposed\",\"date\":\"2018-05-01\"},"
                       "{\"stage\":\"ordered\",\"date\":\"2019-02-01\"},"
                       "{\"stage\":\"contracted\",\"date\":\"2020-03-01\"},"
                       "{\"stage\":\"accepted\",\"date\":\"2024-06-01\",\"rating\":\"good\"}]}");
  /* Never closed: monitored every year from its start on. */
  put (fixture->store, "{\"_id\":\"task:b\",\"type\":\"task\",\"code\":\"B\",\"title\":\"b\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"in_progress\",\"date\":\"2021-12-31\"}]}");
  /* Proposed and ordered only: never monitored. */
  put (fixture->store, "{\"_id\":\"task:c\",\"type\":\"task\",\"code\":\"C\",\"title\":\"c\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"ordered\",\"date\":\"2020-01-10\"}]}");
  /* An implementation stage without a date does not start anything. */
  put (fixture->store, "{\"_id\":\"task:d\",\"type\":\"task\",\"code\":\"D\",\"title\":\"d\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"contracted\"},{\"stage\":\"selected\",\"date\":\"\"}]}");

  for (int y = 2017; y <= 2030; y++)
    {
      g_autoptr(TktFigures) f = compute (fixture->store, y);
      guint expected = (y >= 2020 && y <= 2024 ? 1 : 0) + (y >= 2021 ? 1 : 0);

      g_assert_cmpuint (f->monitored, ==, expected);
      g_assert_cmpuint (f->monitored_provincial, ==, expected);
      assert_consistent (fixture->store, f);
    }
  assert_ids (fixture->store, 2022, "monitored", "task:a task:b");
  assert_ids (fixture->store, 2025, "monitored", "task:b");

  /* planned(Y+1): open at the end of Y and begun by then */
  {
    g_autoptr(TktFigures) f2023 = compute (fixture->store, 2023);
    g_autoptr(TktFigures) f2024 = compute (fixture->store, 2024);
    g_autoptr(TktFigures) f2019 = compute (fixture->store, 2019);

    g_assert_cmpuint (f2023->planned, ==, 2);      /* a (closes in 2024) and b */
    g_assert_cmpuint (f2024->planned, ==, 1);      /* b: a was accepted in 2024 */
    g_assert_cmpuint (f2019->planned, ==, 0);      /* a begins in 2020, its start is not given */
    g_assert_cmpuint (f2024->accepted, ==, 1);
  }
}

static void
test_closing_edges (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TktFigures) f2022 = NULL;
  g_autoptr(TktFigures) f2023 = NULL;

  /* Accepted on the last day of 2022: not monitored in 2023. */
  put (fixture->store, "{\"_id\":\"task:a\",\"type\":\"task\",\"code\":\"A\",\"title\":\"a\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"selected\",\"date\":\"2021-01-05\"},"
                       "{\"stage\":\"accepted\",\"date\":\"2022-12-31\",\"rating\":\"pass\"}]}");
  /* Accepted on the first day of 2023: monitored in 2023, not planned. */
  put (fixture->store, "{\"_id\":\"task:b\",\"type\":\"task\",\"code\":\"B\",\"title\":\"b\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"selected\",\"date\":\"2021-01-05\"},"
                       "{\"stage\":\"accepted\",\"date\":\"2023-01-01\"}]}");
  /* Cancelled in 2022 after starting in 2021. */
  put (fixture->store, "{\"_id\":\"task:c\",\"type\":\"task\",\"code\":\"C\",\"title\":\"c\",\"level\":\"national\","
                       "\"stages\":[{\"stage\":\"assigned\",\"date\":\"2021-06-01\"},"
                       "{\"stage\":\"cancelled\",\"date\":\"2022-09-28\"}]}");
  /* Stages out of array order: accepted 2023 listed before contracted 2021. */
  put (fixture->store, "{\"_id\":\"task:d\",\"type\":\"task\",\"code\":\"D\",\"title\":\"d\",\"level\":\"grassroots\","
                       "\"stages\":[{\"stage\":\"accepted\",\"date\":\"2023-05-01\",\"rating\":\"excellent\"},"
                       "{\"stage\":\"in_progress\",\"date\":\"2022-01-01\"},"
                       "{\"stage\":\"contracted\",\"date\":\"2021-03-01\"}]}");
  /* Accepted twice in 2023 (a second decision): one task, rated by the later. */
  put (fixture->store, "{\"_id\":\"task:e\",\"type\":\"task\",\"code\":\"E\",\"title\":\"e\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"contracted\",\"date\":\"2021-03-01\"},"
                       "{\"stage\":\"accepted\",\"date\":\"2023-11-20\",\"rating\":\"good\"},"
                       "{\"stage\":\"accepted\",\"date\":\"2023-02-01\",\"rating\":\"pass\"}]}");
  /* A rating the scale does not know, and a cancelled task that never started. */
  put (fixture->store, "{\"_id\":\"task:f\",\"type\":\"task\",\"code\":\"F\",\"title\":\"f\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"contracted\",\"date\":\"2022-03-01\"},"
                       "{\"stage\":\"accepted\",\"date\":\"2023-04-01\",\"rating\":\"trung-binh-kha\"}]}");
  put (fixture->store, "{\"_id\":\"task:g\",\"type\":\"task\",\"code\":\"G\",\"title\":\"g\",\"level\":\"provincial\","
                       "\"stages\":[{\"stage\":\"ordered\",\"date\":\"2022-03-01\"},"
                       "{\"stage\":\"cancelled\",\"date\":\"2023-04-01\"}]}");

  f2022 = compute (fixture->store, 2022);
  g_assert_cmpuint (f2022->monitored, ==, 6);         /* a, b, c, d, e, f */
  g_assert_cmpuint (f2022->monitored_national_other, ==, 1);
  g_assert_cmpuint (f2022->cancelled, ==, 1);
  g_assert_cmpuint (f2022->accepted, ==, 1);
  g_assert_cmpuint (f2022->planned, ==, 4);           /* b, d, e and f; a closed, c cancelled in 2022 */
  assert_consistent (fixture->store, f2022);

  f2023 = compute (fixture->store, 2023);
  assert_ids (fixture->store, 2023, "monitored", "task:b task:d task:e task:f");
  g_assert_cmpuint (f2023->monitored_provincial, ==, 3);
  g_assert_cmpuint (f2023->monitored_grassroots, ==, 1);
  g_assert_cmpuint (f2023->accepted, ==, 4);          /* b, d, e, f */
  {
    g_autofree char *ratings = parts_keys (f2023->accepted_ratings);

    /* scale order, then an unknown rating, then none */
    g_assert_cmpstr (ratings, ==, "excellent=1 good=1 trung-binh-kha=1 =1");
  }
  g_assert_cmpuint (f2023->cancelled, ==, 1);         /* g, though it never started */
  g_assert_cmpuint (f2023->planned, ==, 0);
  assert_ids (fixture->store, 2023, "accepted.ratings.good", "task:e");
  assert_ids (fixture->store, 2023, "accepted.ratings.pass", "");
  assert_ids (fixture->store, 2023, "accepted.ratings.", "task:b");
  assert_consistent (fixture->store, f2023);
}

static void
test_transfers (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TktFigures) f = NULL;
  g_autoptr(TktFigures) f2022 = NULL;
  g_autofree char *sectors = NULL;
  g_autofree char *sentence = NULL;

  /* One result handed to three units; a 2022 transfer of another result. */
  put (fixture->store, "{\"_id\":\"task:a\",\"type\":\"task\",\"code\":\"A\",\"title\":\"a\",\"sector\":\"sector:health\","
                       "\"transfers\":["
                       "{\"date\":\"2023-03-01\",\"result\":\"Quy trình chăm sóc\",\"recipient\":\"Trung tâm Y tế huyện Tuần Giáo\",\"recipient_kind\":\"hospital\"},"
                       "{\"date\":\"2023-03-01\",\"result\":\"Quy trình chăm sóc\",\"recipient\":\"Trung tâm Y tế huyện Mường Chà\",\"recipient_kind\":\"hospital\"},"
                       "{\"date\":\"2023-04-01\",\"result\":\"QUY TRINH  CHAM SOC\",\"recipient\":\"Công ty TNHH Dược Điện Biên\",\"recipient_kind\":\"enterprise\"},"
                       "{\"date\":\"2022-12-31\",\"result\":\"Sổ tay\",\"recipient\":\"Sở Y tế\",\"recipient_kind\":\"agency\"}]}");
  /* A unit receiving a second result from another task, its name written
   * without diacritics and in another case: one unit.  The same result
   * name in another task is another result. */
  put (fixture->store, "{\"_id\":\"task:b\",\"type\":\"task\",\"code\":\"B\",\"title\":\"b\",\"sector\":\"sector:agriculture\","
                       "\"transfers\":["
                       "{\"date\":\"2023-07-01\",\"result\":\"Quy trình chăm sóc\",\"recipient\":\"trung tam y te huyen TUAN GIAO \",\"recipient_kind\":\"agency\"},"
                       "{\"date\":\"2023-08-01\",\"result\":\"Mô hình\",\"recipient\":\"Công ty TNHH Dược Điện Biên\",\"recipient_kind\":\"other\"},"
                       "{\"date\":\"2023-08-02\",\"result\":\"Bản đồ\"},"
                       "{\"date\":\"bad\",\"result\":\"Không tính\",\"recipient\":\"Không tính\"}]}");
  /* A task without a sector: its result counts, no sector is listed. */
  put (fixture->store, "{\"_id\":\"task:c\",\"type\":\"task\",\"code\":\"C\",\"title\":\"c\","
                       "\"transfers\":[{\"date\":\"2023-01-15\",\"recipient\":\"Hợp tác xã Búng Lao\",\"recipient_kind\":\"cooperative\"}]}");

  f = compute (fixture->store, 2023);
  /* a: 1 result; b: 3 results (the unnamed-recipient "Bản đồ" counts); c: 1 unnamed result */
  g_assert_cmpuint (f->transfer_results, ==, 5);
  /* Tuần Giáo (3 spellings), Mường Chà, the company, Búng Lao */
  g_assert_cmpuint (f->transfer_units, ==, 4);
  /* the company is an enterprise in one of its records */
  g_assert_cmpuint (f->transfer_enterprises, ==, 1);
  sectors = parts_keys (f->transfer_sectors);
  g_assert_cmpstr (sectors, ==, "sector:health=1 sector:agriculture=3");
  assert_ids (fixture->store, 2023, "transfers", "task:a task:b task:c");
  assert_ids (fixture->store, 2023, "transfers.enterprises", "task:a");
  assert_ids (fixture->store, 2023, "transfers.sectors.sector:agriculture", "task:b");
  assert_consistent (fixture->store, f);

  sentence = tkt_figures_sentence (f, TKT_SENTENCE_TRANSFERS);
  g_assert_cmpstr (sentence, ==, "Tham mưu UBND tỉnh chuyển giao 05 kết quả nghiên cứu khoa học và phát triển "
                                 "công nghệ tới 04 đơn vị (trong đó có 01 doanh nghiệp), tập trung vào các lĩnh "
                                 "vực: y tế và nông nghiệp.");

  f2022 = compute (fixture->store, 2022);
  g_assert_cmpuint (f2022->transfer_results, ==, 1);
  g_assert_cmpuint (f2022->transfer_units, ==, 1);
  g_assert_cmpuint (f2022->transfer_enterprises, ==, 0);
  {
    g_autofree char *s = tkt_figures_sentence (f2022, TKT_SENTENCE_TRANSFERS);

    g_assert_cmpstr (s, ==, "Tham mưu UBND tỉnh chuyển giao 01 kết quả nghiên cứu khoa học và phát triển "
                            "công nghệ tới 01 đơn vị, tập trung vào lĩnh vực y tế.");
  }
}

static void
test_levels_programmes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TktFigures) f = NULL;
  g_autofree char *programmes = NULL;
  g_autofree char *sentence = NULL;

  put (fixture->store, "{\"_id\":\"task:a\",\"type\":\"task\",\"code\":\"A\",\"title\":\"a\",\"level\":\"national\","
                       "\"programme\":\"" CTDP "\",\"stages\":[{\"stage\":\"assigned\",\"date\":\"2023-02-01\"}],"
                       "\"budget\":{\"central\":1000000,\"local\":200000}}");
  put (fixture->store, "{\"_id\":\"task:b\",\"type\":\"task\",\"code\":\"B\",\"title\":\"b\",\"level\":\"national\","
                       "\"stages\":[{\"stage\":\"assigned\",\"date\":\"2023-02-01\"}],\"budget\":{\"other\":5}}");
  /* A programme the catalogue does not have: listed after the catalogue's, by its id. */
  put (fixture->store, "{\"_id\":\"task:c\",\"type\":\"task\",\"code\":\"C\",\"title\":\"c\",\"level\":\"national\","
                       "\"programme\":\"programme:gone\",\"stages\":[{\"stage\":\"assigned\",\"date\":\"2023-02-01\"}]}");
  put (fixture->store, "{\"_id\":\"task:d\",\"type\":\"task\",\"code\":\"D\",\"title\":\"d\","
                       "\"stages\":[{\"stage\":\"selected\",\"date\":\"2023-02-01\"}],\"budget\":{\"local\":7}}");
  put (fixture->store, "{\"_id\":\"task:e\",\"type\":\"task\",\"code\":\"E\",\"title\":\"e\",\"level\":\"district\","
                       "\"stages\":[{\"stage\":\"selected\",\"date\":\"2023-02-01\"}]}");
  put (fixture->store, "{\"_id\":\"task:f\",\"type\":\"task\",\"code\":\"F\",\"title\":\"f\",\"level\":\"national\","
                       "\"programme\":\"" NTMN "\",\"stages\":[{\"stage\":\"assigned\",\"date\":\"2022-02-01\"}]}");
  /* provincial with a programme: counted as provincial */
  put (fixture->store, "{\"_id\":\"task:g\",\"type\":\"task\",\"code\":\"G\",\"title\":\"g\",\"level\":\"provincial\","
                       "\"programme\":\"" NTMN "\",\"stages\":[{\"stage\":\"assigned\",\"date\":\"2022-02-01\"}]}");

  f = compute (fixture->store, 2023);
  g_assert_cmpuint (f->monitored, ==, 7);
  programmes = parts_keys (f->monitored_programmes);
  g_assert_cmpstr (programmes, ==, NTMN "=1 " CTDP "=1 programme:gone=1");
  g_assert_cmpstr (((TktFigurePart *) f->monitored_programmes->pdata[2])->label, ==, "programme:gone");
  g_assert_cmpuint (f->monitored_national_other, ==, 1);
  g_assert_cmpuint (f->monitored_provincial, ==, 1);
  g_assert_cmpuint (f->monitored_no_level, ==, 2);
  g_assert_cmpint (f->budget_central, ==, 1000000);
  g_assert_cmpint (f->budget_local, ==, 200007);
  g_assert_cmpint (f->budget_other, ==, 5);
  g_assert_cmpint (f->budget_total, ==, 1200012);
  assert_ids (fixture->store, 2023, "budget", "task:a task:b task:d");
  assert_ids (fixture->store, 2023, "monitored.no_level", "task:d task:e");
  assert_consistent (fixture->store, f);

  sentence = tkt_figures_sentence (f, TKT_SENTENCE_MONITORED);
  g_assert_cmpstr (sentence, ==,
                   "Sở tiếp tục theo dõi, quản lý 07 nhiệm vụ KH&CN, trong đó có 01 nhiệm vụ KH&CN cấp quốc gia "
                   "thuộc Chương trình nông thôn, miền núi 2016-2025; 01 nhiệm vụ KH&CN thuộc Chương trình cấp "
                   "thiết địa phương; 01 nhiệm vụ KH&CN thuộc programme:gone; 01 nhiệm vụ KH&CN cấp quốc gia khác; "
                   "01 nhiệm vụ cấp tỉnh; 02 nhiệm vụ chưa xác định cấp quản lý.");
  g_free (sentence);
  sentence = tkt_figures_sentence (f, TKT_SENTENCE_BUDGET);
  g_assert_cmpstr (sentence, ==, "Tổng kinh phí thực hiện các nhiệm vụ đang theo dõi, quản lý là 1.200.012 đồng, "
                                 "trong đó: ngân sách trung ương 1.000.000 đồng, ngân sách địa phương 200.007 đồng "
                                 "và nguồn khác 5 đồng.");
}

static void
test_planned (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TktFigures) f = NULL;
  g_autofree char *sentence = NULL;

  /* ordered in 2023, planned start in 2024 */
  put (fixture->store, "{\"_id\":\"task:a\",\"type\":\"task\",\"code\":\"A\",\"title\":\"a\",\"level\":\"provincial\","
                       "\"start\":\"2024-03-01\",\"stages\":[{\"stage\":\"ordered\",\"date\":\"2023-06-01\"}]}");
  /* proposed only, start 2024: not planned */
  put (fixture->store, "{\"_id\":\"task:b\",\"type\":\"task\",\"code\":\"B\",\"title\":\"b\",\"level\":\"provincial\","
                       "\"start\":\"2024-03-01\",\"stages\":[{\"stage\":\"proposed\",\"date\":\"2023-06-01\"}]}");
  /* ordered, start 2025: not planned for 2024 */
  put (fixture->store, "{\"_id\":\"task:c\",\"type\":\"task\",\"code\":\"C\",\"title\":\"c\",\"level\":\"national\","
                       "\"start\":\"2025-01-01\",\"stages\":[{\"stage\":\"ordered\",\"date\":\"2023-06-01\"}]}");
  /* ordered, start 2024, but cancelled in 2023: not planned */
  put (fixture->store, "{\"_id\":\"task:d\",\"type\":\"task\",\"code\":\"D\",\"title\":\"d\",\"level\":\"grassroots\","
                       "\"start\":\"2024-01-01\",\"stages\":[{\"stage\":\"ordered\",\"date\":\"2023-06-01\"},"
                       "{\"stage\":\"cancelled\",\"date\":\"2023-12-31\"}]}");
  /* running, cancelled in 2024: still planned for 2024 */
  put (fixture->store, "{\"_id\":\"task:e\",\"type\":\"task\",\"code\":\"E\",\"title\":\"e\",\"level\":\"grassroots\","
                       "\"stages\":[{\"stage\":\"contracted\",\"date\":\"2022-06-01\"},"
                       "{\"stage\":\"cancelled\",\"date\":\"2024-01-01\"}]}");
  /* assigned directly in 2024 with a 2024 start (no ordered stage): later than ordered */
  put (fixture->store, "{\"_id\":\"task:f\",\"type\":\"task\",\"code\":\"F\",\"title\":\"f\",\"level\":\"national\","
                       "\"start\":\"2024-05-01\",\"stages\":[{\"stage\":\"assigned\",\"date\":\"2024-02-01\"}]}");
  /* no level */
  put (fixture->store, "{\"_id\":\"task:g\",\"type\":\"task\",\"code\":\"G\",\"title\":\"g\","
                       "\"start\":\"2024\",\"stages\":[{\"stage\":\"ordered\",\"date\":\"2023-06-01\"}]}");

  f = compute (fixture->store, 2023);
  assert_ids (fixture->store, 2023, "planned", "task:a task:e task:f task:g");
  g_assert_cmpuint (f->planned, ==, 4);
  g_assert_cmpuint (f->planned_provincial, ==, 1);
  g_assert_cmpuint (f->planned_national, ==, 1);
  g_assert_cmpuint (f->planned_grassroots, ==, 1);
  g_assert_cmpuint (f->ordered, ==, 4);
  assert_consistent (fixture->store, f);
  sentence = tkt_figures_sentence (f, TKT_SENTENCE_PLANNED);
  g_assert_cmpstr (sentence, ==, "Năm 2024, tiếp tục theo dõi, quản lý 01 nhiệm vụ cấp tỉnh, 01 nhiệm vụ cấp quốc "
                                 "gia, 01 nhiệm vụ cấp cơ sở và 01 nhiệm vụ chưa xác định cấp quản lý.");
}

/* Figures are computed, not stored: an edit moves a task, a deletion
 * leaves every figure. */
static void
test_edit_and_delete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktFigures) before = NULL;
  g_autoptr(TktFigures) moved = NULL;
  g_autoptr(TktFigures) later = NULL;
  g_autoptr(TktFigures) gone = NULL;
  g_autoptr(TktFigures) empty = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) gone_json = NULL;
  g_autoptr(JsonObject) empty_json = NULL;
  g_autofree char *rev = NULL;

  empty = compute (fixture->store, 2023);
  put (fixture->store, "{\"_id\":\"task:a\",\"type\":\"task\",\"code\":\"A\",\"title\":\"a\",\"level\":\"provincial\","
                       "\"sector\":\"sector:health\",\"start\":\"2024-01-01\",\"budget\":{\"local\":100},"
                       "\"stages\":[{\"stage\":\"ordered\",\"date\":\"2023-01-05\"},"
                       "{\"stage\":\"selected\",\"date\":\"2023-02-01\"},"
                       "{\"stage\":\"accepted\",\"date\":\"2023-12-01\",\"rating\":\"good\"},"
                       "{\"stage\":\"cancelled\",\"date\":\"2023-12-02\"}],"
                       "\"transfers\":[{\"date\":\"2023-12-10\",\"result\":\"r\",\"recipient\":\"Công ty X\","
                       "\"recipient_kind\":\"enterprise\"}]}");
  before = compute (fixture->store, 2023);
  g_assert_cmpuint (before->monitored_provincial, ==, 1);
  g_assert_cmpuint (before->ordered, ==, 1);
  g_assert_cmpuint (before->approved, ==, 1);
  g_assert_cmpuint (before->accepted, ==, 1);
  g_assert_cmpuint (before->cancelled, ==, 1);
  g_assert_cmpuint (before->transfer_enterprises, ==, 1);
  g_assert_cmpint (before->budget_local, ==, 100);

  /* The level changes: the task moves from provincial to national. */
  edit (fixture->store, "task:a", "level", "\"national\"");
  moved = compute (fixture->store, 2023);
  g_assert_cmpuint (moved->monitored_provincial, ==, 0);
  g_assert_cmpuint (moved->monitored_national_other, ==, 1);
  assert_ids (fixture->store, 2023, "monitored.national_other", "task:a");
  assert_ids (fixture->store, 2023, "monitored.provincial", "");

  /* The selection is re-dated to 2024: it leaves 2023's monitored and approved. */
  edit (fixture->store, "task:a", "stages",
        "[{\"stage\":\"ordered\",\"date\":\"2023-01-05\"},{\"stage\":\"selected\",\"date\":\"2024-02-01\"}]");
  later = compute (fixture->store, 2023);
  g_assert_cmpuint (later->monitored, ==, 0);
  g_assert_cmpuint (later->approved, ==, 0);
  g_assert_cmpuint (later->accepted, ==, 0);
  g_assert_cmpuint (later->cancelled, ==, 0);
  g_assert_cmpuint (later->planned_national, ==, 1);   /* ordered, starts in 2024 */
  {
    g_autoptr(TktFigures) f2024 = compute (fixture->store, 2024);

    g_assert_cmpuint (f2024->monitored_national_other, ==, 1);
    g_assert_cmpuint (f2024->approved, ==, 1);
  }

  /* Deleted: every figure is as before the task existed. */
  doc = tkt_store_get (fixture->store, "task:a", &error);
  g_assert_no_error (error);
  rev = tkt_store_delete (fixture->store, "task:a", json_object_get_string_member (doc, "_rev"), &error);
  g_assert_no_error (error);
  gone = compute (fixture->store, 2023);
  gone_json = tkt_figures_to_json (gone);
  empty_json = tkt_figures_to_json (empty);
  {
    g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), gone_json);
    g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), empty_json);
    g_autofree char *sa = json_to_string (a, FALSE);
    g_autofree char *sb = json_to_string (b, FALSE);

    g_assert_cmpstr (sa, ==, sb);
  }
  for (int y = 2022; y <= 2025; y++)
    {
      static const char * const figures[] = { "monitored", "ordered", "approved", "accepted",
                                              "cancelled", "transfers", "planned", "budget" };

      for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
        assert_ids (fixture->store, y, figures[i], "");
    }
}

static void
test_empty_sentences (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TktFigures) f = compute (fixture->store, 2023);

  for (int i = 0; i < TKT_N_SENTENCES; i++)
    g_assert_null (tkt_figures_sentence (f, (TktSentence) i));

  /* Zero parts are left out, never written "00". */
  put (fixture->store, "{\"_id\":\"task:a\",\"type\":\"task\",\"code\":\"A\",\"title\":\"a\",\"level\":\"provincial\","
                       "\"budget\":{\"local\":1500000},\"stages\":[{\"stage\":\"cancelled\",\"date\":\"2023-03-01\"},"
                       "{\"stage\":\"contracted\",\"date\":\"2022-01-01\"}]}");
  {
    g_autoptr(TktFigures) g = compute (fixture->store, 2023);
    g_autofree char *monitored = tkt_figures_sentence (g, TKT_SENTENCE_MONITORED);
    g_autofree char *ordered = tkt_figures_sentence (g, TKT_SENTENCE_ORDERED);
    g_autofree char *accepted = tkt_figures_sentence (g, TKT_SENTENCE_ACCEPTED);
    g_autofree char *budget = tkt_figures_sentence (g, TKT_SENTENCE_BUDGET);
    g_autofree char *planned = tkt_figures_sentence (g, TKT_SENTENCE_PLANNED);

    g_assert_cmpstr (monitored, ==, "Sở tiếp tục theo dõi, quản lý 01 nhiệm vụ cấp tỉnh.");
    g_assert_null (ordered);
    g_assert_cmpstr (accepted, ==, "Trong năm đã dừng thực hiện 01 nhiệm vụ.");
    g_assert_cmpstr (budget, ==, "Tổng kinh phí thực hiện các nhiệm vụ đang theo dõi, quản lý là 1.500.000 đồng, "
                                 "toàn bộ từ ngân sách địa phương.");
    g_assert_null (planned);
    for (int i = 0; i < TKT_N_SENTENCES; i++)
      {
        g_autofree char *s = tkt_figures_sentence (g, (TktSentence) i);

        g_assert_true (s == NULL || strstr (s, " 00 ") == NULL);
        g_assert_true (s == NULL || g_str_has_suffix (s, "."));
      }
  }
}

/* JSON */

static char *
to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktFigures) f = NULL;
  g_autoptr(TktFigures) back = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  static const char * const broken[] = {
    "{}",
    "{\"year\":2023}",
    "{\"year\":\"2023\"}",
  };

  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  f = compute (fixture->store, 2023);
  json = tkt_figures_to_json (f);

  /* The documented keys (README) */
  g_assert_cmpint (json_object_get_int_member (json, "year"), ==, 2023);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "monitored"), "total"), ==, 24);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "monitored"), "provincial"), ==, 13);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json, "monitored"), "programmes"), 1), "id"), ==, CTDP);
  g_assert_cmpint (json_object_get_int_member (json, "ordered"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "transfers"), "results"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "transfers"), "units"), ==, 11);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "transfers"), "enterprises"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json, "transfers"), "sectors"), 0), "name"), ==, "Y tế");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "planned"), "year"), ==, 2024);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "planned"), "provincial"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "planned"), "national"), ==, 11);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json, "accepted"), "ratings"), 0), "rating"), ==, "excellent");

  back = tkt_figures_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  again = tkt_figures_to_json (back);
  first = to_string (json);
  second = to_string (again);
  g_assert_cmpstr (first, ==, second);
  /* And the frozen copy writes the same sentences. */
  for (int i = 0; i < TKT_N_SENTENCES; i++)
    {
      g_autofree char *a = tkt_figures_sentence (f, (TktSentence) i);
      g_autofree char *b = tkt_figures_sentence (back, (TktSentence) i);

      g_assert_cmpstr (a, ==, b);
    }

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(JsonObject) object = parse_object (broken[i]);
      g_autoptr(TktFigures) none = tkt_figures_from_json (object, &error);

      g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
      g_assert_null (none);
      g_clear_error (&error);
    }

  /* Each member taken away or given the wrong type is refused. */
  {
    static const char * const paths[][2] = {
      { NULL, "monitored" }, { "monitored", "programmes" }, { "monitored", "no_level" },
      { NULL, "ordered" }, { "accepted", "ratings" }, { "transfers", "sectors" },
      { "transfers", "units" }, { "planned", "year" }, { "budget", "total" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      for (guint wrong = 0; wrong < 2; wrong++)
        {
          g_autoptr(JsonObject) copy = parse_object (first);
          JsonObject *parent = paths[i][0] ? json_object_get_object_member (copy, paths[i][0]) : copy;
          g_autoptr(TktFigures) none = NULL;

          if (wrong)
            json_object_set_string_member (parent, paths[i][1], "x");
          else
            json_object_remove_member (parent, paths[i][1]);
          none = tkt_figures_from_json (copy, &error);
          g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
          g_assert_null (none);
          g_clear_error (&error);
        }
  }
  /* A negative count is refused too. */
  {
    g_autoptr(JsonObject) copy = parse_object (first);
    g_autoptr(TktFigures) none = NULL;

    json_object_set_int_member (copy, "cancelled", -1);
    none = tkt_figures_from_json (copy, &error);
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
}

static void
test_query_unknown (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const unknown[] = { "", "monitored.", "monitored.programme", "transfer", "budget.total", "planned.2024" };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) ids = tkt_figures_query_ids (fixture->store, 2023, unknown[i], &error);

      g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
      g_assert_null (ids);
    }
  /* A key for a programme nobody has is a figure of zero tasks, not an error. */
  assert_ids (fixture->store, 2023, "monitored.programmes.programme:none", "");
}

static void
test_sentence_keys (void)
{
  for (int i = 0; i < TKT_N_SENTENCES; i++)
    {
      TktSentence which = TKT_N_SENTENCES;
      const char *key = tkt_sentence_to_key ((TktSentence) i);

      g_assert_nonnull (key);
      g_assert_true (tkt_sentence_from_key (key, &which));
      g_assert_cmpint (which, ==, i);
    }
  g_assert_cmpstr (tkt_sentence_to_key (TKT_SENTENCE_TRANSFERS), ==, "transfers");
  g_assert_false (tkt_sentence_from_key ("nothing", NULL));
  g_assert_false (tkt_sentence_from_key (NULL, NULL));
}

/* Migration: a version 1 file gets the history tables filled */

static gint64
sql_int (TktStore   *store,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_migrate_v1 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktFigures) f = NULL;
  g_autofree char *backup = g_strconcat (fixture->path, ".bak-v1", NULL);
  g_autofree char *second_backup = g_strconcat (fixture->path, ".bak-v1.2", NULL);
  gint64 n_stages;
  gint64 n_transfers;
  sqlite3 *db = NULL;

  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  n_stages = sql_int (fixture->store, "SELECT count (*) FROM task_stage");
  n_transfers = sql_int (fixture->store, "SELECT count (*) FROM task_transfer");
  g_assert_cmpint (n_stages, >, 100);
  g_assert_cmpint (n_transfers, ==, 15);
  /* A version 1 file had no award forms. */
  {
    g_auto(GStrv) forms = tkt_store_list_ids (fixture->store, "award_form");

    g_assert_cmpuint (g_strv_length (forms), >, 0);
    for (guint i = 0; forms[i] != NULL; i++)
      g_free (tkt_store_delete (fixture->store, forms[i], NULL, NULL));
  }
  g_clear_object (&fixture->store);

  /* Make it the version 1 layout: the same file without the history tables. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE task_stage; DROP TABLE task_transfer; DROP TABLE task_span;"
                                     "UPDATE meta SET value = 1 WHERE key = 'schema_version';"
                                     "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  fixture->store = tkt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  /* A backup of the version 1 file, which has no history tables. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM sqlite_master WHERE name = 'task_stage'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'schema_version'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);

  /* The tables are filled and the figures are the article's again. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT value FROM meta WHERE key = 'schema_version'"), ==, TKT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA user_version"), ==, TKT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM task_stage"), ==, n_stages);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM task_transfer"), ==, n_transfers);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM task_span"), ==,
                   sql_int (fixture->store, "SELECT count (*) FROM task_index"));
  f = compute (fixture->store, 2023);
  g_assert_cmpuint (f->monitored, ==, 24);
  g_assert_cmpuint (f->ordered, ==, 6);
  g_assert_cmpuint (f->transfer_results, ==, 9);
  g_assert_cmpuint (f->transfer_units, ==, 11);
  g_assert_cmpuint (f->planned, ==, 27);
  /* The award forms that arrived with version 2 are seeded. */
  {
    g_autoptr(GPtrArray) forms = tkt_award_forms_list (fixture->store);

    g_assert_cmpuint (forms->len, >=, 10);
  }

  /* Writes after the migration keep the tables in step. */
  edit (fixture->store, "task:demo-28", "stages", "[]");
  g_clear_pointer (&f, tkt_figures_free);
  f = compute (fixture->store, 2023);
  g_assert_cmpuint (f->ordered, ==, 5);

  /* Opened again: no second migration, no second backup. */
  g_clear_object (&fixture->store);
  fixture->store = tkt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (second_backup, G_FILE_TEST_EXISTS));
  g_remove (backup);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tkt/figures/demo/2023", test_demo_2023);
  ADD ("/tkt/figures/demo/sentences", test_demo_sentences);
  ADD ("/tkt/figures/edges/spanning-years", test_spanning_years);
  ADD ("/tkt/figures/edges/closing", test_closing_edges);
  ADD ("/tkt/figures/edges/transfers", test_transfers);
  ADD ("/tkt/figures/edges/levels-programmes", test_levels_programmes);
  ADD ("/tkt/figures/edges/planned", test_planned);
  ADD ("/tkt/figures/edges/edit-delete", test_edit_and_delete);
  ADD ("/tkt/figures/sentences/empty", test_empty_sentences);
  ADD ("/tkt/figures/json/round-trip", test_json);
  ADD ("/tkt/figures/query/unknown", test_query_unknown);
  ADD ("/tkt/figures/migrate/v1", test_migrate_v1);
  g_test_add_func ("/tkt/figures/sentences/keys", test_sentence_keys);

#undef ADD

  return g_test_run ();
}
