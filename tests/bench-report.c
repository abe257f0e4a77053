/* bench-report.c — a year's report figures over a big register, beside
 * plain SQL.
 *
 *   bench-report [N] [YEAR] [--keep]   (default 100000 tasks, year 2023;
 *                                      --keep leaves the temporary folder)
 *
 * Generates N tasks spread over 2000–2025 (proposals, orders, selection or
 * assignment, contracts, acceptance with a rating or cancellation, some
 * never closed, some with their stages out of array order, transfers of
 * results to a pool of recipients written with varying case and marks),
 * writes them through the store (tkt_store_put_all in bulk mode), then
 * measures, median of 20 runs each, in the same run over the same file:
 *
 *  1. tkt_figures_compute (store, YEAR): every figure with its breakdowns,
 *     the catalogue's order, the figures structure;
 *  2. the same counts as hand-written SQL over the same tables (task_span,
 *     task_stage, task_transfer, task_index) through the plain sqlite3 API
 *     on a second connection: the floor for these tables;
 *  3. monitored(YEAR) alone counted from the JSON bodies (docs table,
 *     SQLite's json_each), as one would without the history tables.
 *
 * It checks that 1 and 2 give the same numbers.  Built by meson, not run by
 * meson test.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-figures.h"
#include "tkt-store.h"

#define N_RUNS 20
#define BATCH 1000

#define PICK(array) ((array)[g_rand_int_range (rand, 0, (gint32) G_N_ELEMENTS (array))])

static const char * const levels[] = { "national", "provincial", "provincial", "provincial", "grassroots" };
static const char * const programmes[] = {
  "programme:nong-thon-mien-nui-2016-2025", "programme:cap-thiet-dia-phuong", NULL,
};
static const char * const sectors[] = {
  "sector:health", "sector:environment", "sector:education", "sector:social",
  "sector:agriculture", "sector:industry", "sector:it", "sector:other",
};
static const char * const ratings[] = { "excellent", "good", "pass", "pass", "fail" };
static const char * const kinds[] = {
  "enterprise", "agency", "agency", "school", "hospital", "cooperative", "household", "other",
};
static const char * const unit_heads[] = {
  "Công ty TNHH", "Hợp tác xã", "Trung tâm Y tế huyện", "Trường Tiểu học", "Phòng Nông nghiệp huyện",
  "UBND xã", "Công ty cổ phần", "Trạm Khuyến nông",
};
static const char * const unit_places[] = {
  "Tuần Giáo", "Mường Chà", "Mường Ảng", "Điện Biên Đông", "Nậm Pồ", "Tủa Chùa", "Mường Nhé",
  "Điện Biên", "Búng Lao", "Ẳng Nưa", "Mường Lay", "Nà Hỳ",
};

static char *
iso_date (int year,
          int month,
          int day)
{
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static void
add_stage (JsonArray  *stages,
           const char *stage,
           int         year,
           int         month,
           const char *rating)
{
  JsonObject *object = json_object_new ();
  g_autofree char *date = iso_date (year, CLAMP (month, 1, 12), 15);

  json_object_set_string_member (object, "stage", stage);
  json_object_set_string_member (object, "date", date);
  if (rating != NULL)
    json_object_set_string_member (object, "rating", rating);
  json_array_add_object_element (stages, object);
}

/* A recipient name from a pool of 8 × 12 × 6, written three ways. */
static char *
recipient_name (GRand *rand)
{
  g_autofree char *name = g_strdup_printf ("%s %s %d", PICK (unit_heads), PICK (unit_places),
                                           g_rand_int_range (rand, 1, 7));

  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      return g_utf8_strup (name, -1);
    case 1:
      return g_utf8_strdown (name, -1);
    default:
      return g_steal_pointer (&name);
    }
}

static JsonObject *
make_task (GRand *rand,
           guint  index)
{
  JsonObject *doc = json_object_new ();
  JsonObject *budget = json_object_new ();
  JsonArray *stages = json_array_new ();
  JsonArray *transfers = json_array_new ();
  const char *level = PICK (levels);
  int proposed = g_rand_int_range (rand, 2000, 2026);
  int month = g_rand_int_range (rand, 1, 13);
  int implementation = proposed + g_rand_int_range (rand, 0, 2);
  int length = g_rand_int_range (rand, 1, 5);
  int fate = g_rand_int_range (rand, 0, 100);
  g_autofree char *id = g_strdup_printf ("task:bench-%06u", index);
  g_autofree char *code = g_strdup_printf ("ĐB.%d.%06u", proposed, index);
  g_autofree char *title = g_strdup_printf ("Nhiệm vụ thử số %u", index);
  g_autofree char *start = iso_date (implementation, month, 1);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "task");
  json_object_set_string_member (doc, "code", code);
  json_object_set_string_member (doc, "title", title);
  if (g_rand_int_range (rand, 0, 50) != 0)
    json_object_set_string_member (doc, "level", level);
  if (g_str_equal (level, "national"))
    {
      const char *programme = PICK (programmes);

      if (programme != NULL)
        json_object_set_string_member (doc, "programme", programme);
      json_object_set_int_member (budget, "central", (gint64) g_rand_int_range (rand, 1000, 5000) * 1000000);
    }
  json_object_set_string_member (doc, "sector", PICK (sectors));
  json_object_set_string_member (doc, "start", start);
  json_object_set_int_member (budget, "local", (gint64) g_rand_int_range (rand, 50, 1000) * 1000000);
  if (g_rand_int_range (rand, 0, 4) == 0)
    json_object_set_int_member (budget, "other", (gint64) g_rand_int_range (rand, 10, 500) * 1000000);
  json_object_set_object_member (doc, "budget", budget);

  add_stage (stages, "proposed", proposed - 1, month, NULL);
  if (fate >= 10)   /* 10 % stay proposals */
    {
      add_stage (stages, "ordered", proposed, month, NULL);
      /* Tasks ordered recently may not be selected yet. */
      if (implementation <= 2025 && fate >= 12)
        {
          add_stage (stages, g_rand_boolean (rand) ? "selected" : "assigned", implementation, month - 2, NULL);
          add_stage (stages, "contracted", implementation, month - 1, NULL);
          add_stage (stages, "in_progress", implementation, month, NULL);
          if (g_rand_int_range (rand, 0, 5) == 0)
            add_stage (stages, "extended", implementation + length, month, NULL);
          if (fate < 17)
            add_stage (stages, "cancelled", implementation + g_rand_int_range (rand, 0, length + 1), month, NULL);
          else if (fate < 95 && implementation + length <= 2025)   /* 5 % never closed */
            {
              int accepted = implementation + length;

              add_stage (stages, "accepted", accepted, month, PICK (ratings));
              if (g_rand_int_range (rand, 0, 10) < 4)
                {
                  int n_results = g_rand_int_range (rand, 1, 3);

                  add_stage (stages, "transferred", accepted + 1, month, NULL);
                  for (int r = 0; r < n_results; r++)
                    for (int u = g_rand_int_range (rand, 1, 4); u > 0; u--)
                      {
                        JsonObject *transfer = json_object_new ();
                        g_autofree char *date = iso_date (accepted + g_rand_int_range (rand, 0, 2),
                                                          g_rand_int_range (rand, 1, 13), 20);
                        g_autofree char *result = g_strdup_printf ("Quy trình kỹ thuật số %d của nhiệm vụ %u", r + 1, index);
                        g_autofree char *recipient = recipient_name (rand);

                        json_object_set_string_member (transfer, "date", date);
                        json_object_set_string_member (transfer, "result", result);
                        json_object_set_string_member (transfer, "recipient", recipient);
                        json_object_set_string_member (transfer, "recipient_kind", PICK (kinds));
                        json_array_add_object_element (transfers, transfer);
                      }
                }
            }
        }
    }

  /* 5 %: stages typed in another order. */
  if (g_rand_int_range (rand, 0, 20) == 0 && json_array_get_length (stages) > 1)
    {
      JsonArray *reversed = json_array_new ();

      for (guint i = json_array_get_length (stages); i > 0; i--)
        json_array_add_element (reversed, json_node_copy (json_array_get_element (stages, i - 1)));
      json_array_unref (stages);
      stages = reversed;
    }
  json_object_set_array_member (doc, "stages", stages);
  if (json_array_get_length (transfers) > 0)
    json_object_set_array_member (doc, "transfers", transfers);
  else
    json_array_unref (transfers);
  return doc;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-report: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

/* Plain SQL: the same counts, hand-written over the same tables. */

typedef struct {
  gint64 monitored, national, provincial, grassroots, budget;
  gint64 ordered, approved, accepted, cancelled;
  gint64 results, units, enterprises, sector_rows;
  gint64 planned;
} PlainCounts;

static gint64
plain_int (sqlite3    *db,
           const char *sql,
           int         year)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  char y[8];
  char n[8];

  g_snprintf (y, sizeof y, "%04d", year);
  g_snprintf (n, sizeof n, "%04d", year + 1);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-report: %s: %s\n", sql, sqlite3_errmsg (db));
      exit (1);
    }
  for (int i = 1; i <= sqlite3_bind_parameter_count (stmt); i++)
    {
      const char *name = sqlite3_bind_parameter_name (stmt, i);

      if (g_strcmp0 (name, ":y") == 0)
        sqlite3_bind_text (stmt, i, y, -1, SQLITE_STATIC);
      else if (g_strcmp0 (name, ":n") == 0)
        sqlite3_bind_text (stmt, i, n, -1, SQLITE_STATIC);
      else if (g_strcmp0 (name, ":next") == 0)
        sqlite3_bind_int (stmt, i, year + 1);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

#define MONITORED "(close_first IS NULL OR close_first >= :y) AND impl_start < :n"

static void
plain_counts (sqlite3     *db,
              int          year,
              PlainCounts *c)
{
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  c->monitored = plain_int (db, "SELECT count (*) FROM task_span WHERE " MONITORED, year);
  c->national = plain_int (db, "SELECT count (*) FROM task_span WHERE " MONITORED " AND level = 'national'", year);
  c->provincial = plain_int (db, "SELECT count (*) FROM task_span WHERE " MONITORED " AND level = 'provincial'", year);
  c->grassroots = plain_int (db, "SELECT count (*) FROM task_span WHERE " MONITORED " AND level = 'grassroots'", year);
  c->budget = plain_int (db, "SELECT total (central) + total (local) + total (other) FROM task_span WHERE " MONITORED, year);
  c->ordered = plain_int (db, "SELECT count (DISTINCT task) FROM task_stage WHERE stage = 'ordered'"
                              " AND date >= :y AND date < :n", year);
  c->approved = plain_int (db, "SELECT count (DISTINCT task) FROM task_stage WHERE stage IN ('selected', 'assigned')"
                               " AND date >= :y AND date < :n", year);
  c->accepted = plain_int (db, "SELECT count (DISTINCT task) FROM task_stage WHERE stage = 'accepted'"
                               " AND date >= :y AND date < :n", year);
  c->cancelled = plain_int (db, "SELECT count (DISTINCT task) FROM task_stage WHERE stage = 'cancelled'"
                                " AND date >= :y AND date < :n", year);
  c->results = plain_int (db, "SELECT count (*) FROM (SELECT DISTINCT task, result_folded FROM task_transfer"
                              " WHERE date >= :y AND date < :n)", year);
  c->units = plain_int (db, "SELECT count (DISTINCT recipient_folded) FROM task_transfer WHERE date >= :y AND date < :n", year);
  c->enterprises = plain_int (db, "SELECT count (DISTINCT recipient_folded) FROM task_transfer"
                                  " WHERE recipient_kind = 'enterprise' AND date >= :y AND date < :n", year);
  c->sector_rows = plain_int (db, "SELECT count (*) FROM (SELECT t.sector FROM task_transfer x"
                                  " JOIN task_span t ON t.task = x.task WHERE x.date >= :y AND x.date < :n AND t.sector IS NOT NULL"
                                  " GROUP BY t.sector)", year);
  c->planned = plain_int (db, "SELECT count (*) FROM task_span WHERE (close_first IS NULL OR close_first >= :n)"
                              " AND (impl_start < :n OR (ordered = 1 AND start_year = :next))", year);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
}

/* monitored(Y) from the JSON bodies alone. */
static gint64
json_monitored (sqlite3 *db,
                int      year)
{
  return plain_int (db,
    "SELECT count (*) FROM docs d WHERE d.type = 'task' AND d.deleted = 0"
    " AND (SELECT min (json_extract (s.value, '$.date')) FROM json_each (d.body, '$.stages') s"
    "      WHERE json_extract (s.value, '$.stage') IN ('selected', 'assigned', 'contracted', 'in_progress')"
    "      AND length (json_extract (s.value, '$.date')) >= 4) < :n"
    " AND NOT EXISTS (SELECT 1 FROM json_each (d.body, '$.stages') s"
    "      WHERE json_extract (s.value, '$.stage') IN ('accepted', 'cancelled')"
    "      AND length (json_extract (s.value, '$.date')) >= 4 AND json_extract (s.value, '$.date') < :y)",
    year);
}

static void
check (const char *what,
       gint64      library,
       gint64      plain)
{
  if (library != plain)
    {
      g_printerr ("bench-report: %s differs: tkt_figures_compute %" G_GINT64_FORMAT ", plain SQL %" G_GINT64_FORMAT "\n",
                  what, library, plain);
      exit (1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20230124);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint n_tasks = 100000;
  int year = 2023;
  gboolean keep = FALSE;
  double times[N_RUNS];
  double library_ms;
  double plain_ms;
  double json_ms;
  double write_ms;
  double t0;
  PlainCounts plain = { 0 };
  g_autoptr(TktFigures) figures = NULL;
  gint64 national = 0;
  gint64 monitored_json = 0;
  sqlite3 *db = NULL;
  int positional = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--keep"))
        keep = TRUE;
      else if (positional++ == 0)
        n_tasks = (guint) g_ascii_strtoull (argv[i], NULL, 10);
      else
        year = (int) g_ascii_strtoll (argv[i], NULL, 10);
    }

  dir = g_dir_make_tmp ("tkt-bench-report-XXXXXX", &error);
  if (dir == NULL)
    die ("temporary folder", error);
  path = g_build_filename (dir, "tongket.db", NULL);
  store = tkt_store_open (path, &error);
  if (store == NULL)
    die ("open", error);

  /* The register, written as an import writes it. */
  t0 = now_ms ();
  if (sqlite3_exec (tkt_store_get_db (store), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
      !tkt_store_bulk_begin (store, n_tasks, &error))
    die ("bulk begin", error);
  for (guint done = 0; done < n_tasks; done += BATCH)
    {
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      for (guint i = done; i < MIN (n_tasks, done + BATCH); i++)
        g_ptr_array_add (docs, make_task (rand, i));
      if (!tkt_store_put_all (store, docs, NULL, &error))
        die ("put_all", error);
    }
  if (!tkt_store_bulk_end (store, TRUE, &error) ||
      sqlite3_exec (tkt_store_get_db (store), "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    die ("bulk end", error);
  sqlite3_exec (tkt_store_get_db (store), "ANALYZE", NULL, NULL, NULL);
  write_ms = now_ms () - t0;

  /* 1. tkt_figures_compute */
  g_clear_pointer (&figures, tkt_figures_free);
  figures = tkt_figures_compute (store, year, &error);   /* warm the cache */
  if (figures == NULL)
    die ("compute", error);
  for (guint r = 0; r < N_RUNS; r++)
    {
      g_autoptr(TktFigures) f = NULL;

      t0 = now_ms ();
      f = tkt_figures_compute (store, year, &error);
      times[r] = now_ms () - t0;
      if (f == NULL)
        die ("compute", error);
    }
  library_ms = median (times, N_RUNS);

  /* 2. plain SQL on a second connection to the same file */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die ("sqlite3_open", NULL);
  sqlite3_exec (db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  plain_counts (db, year, &plain);
  for (guint r = 0; r < N_RUNS; r++)
    {
      t0 = now_ms ();
      plain_counts (db, year, &plain);
      times[r] = now_ms () - t0;
    }
  plain_ms = median (times, N_RUNS);

  /* 3. monitored from the JSON bodies (3 runs: it is slow) */
  for (guint r = 0; r < 3; r++)
    {
      t0 = now_ms ();
      monitored_json = json_monitored (db, year);
      times[r] = now_ms () - t0;
    }
  json_ms = median (times, 3);
  sqlite3_close (db);

  for (guint i = 0; i < figures->monitored_programmes->len; i++)
    national += ((TktFigurePart *) g_ptr_array_index (figures->monitored_programmes, i))->value;
  national += figures->monitored_national_other;
  check ("monitored", figures->monitored, plain.monitored);
  check ("monitored from JSON", figures->monitored, monitored_json);
  check ("national", national, plain.national);
  check ("provincial", figures->monitored_provincial, plain.provincial);
  check ("grassroots", figures->monitored_grassroots, plain.grassroots);
  check ("budget", figures->budget_total, plain.budget);
  check ("ordered", figures->ordered, plain.ordered);
  check ("approved", figures->approved, plain.approved);
  check ("accepted", figures->accepted, plain.accepted);
  check ("cancelled", figures->cancelled, plain.cancelled);
  check ("results", figures->transfer_results, plain.results);
  check ("units", figures->transfer_units, plain.units);
  check ("enterprises", figures->transfer_enterprises, plain.enterprises);
  check ("sectors", figures->transfer_sectors->len, plain.sector_rows);
  check ("planned", figures->planned, plain.planned);

  printf ("bench-report: %u tasks, year %d (written in %.1f s)\n", n_tasks, year, write_ms / 1000);
  printf ("  figures: monitored %u (national %" G_GINT64_FORMAT ", provincial %u, grassroots %u, no level %u),"
          " ordered %u, approved %u, accepted %u, cancelled %u,\n"
          "           transfers %u results to %u units (%u enterprises) in %u sectors, planned(%d) %u\n",
          figures->monitored, national, figures->monitored_provincial, figures->monitored_grassroots,
          figures->monitored_no_level, figures->ordered, figures->approved, figures->accepted, figures->cancelled,
          figures->transfer_results, figures->transfer_units, figures->transfer_enterprises,
          figures->transfer_sectors->len, year + 1, figures->planned);
  printf ("  %-58s %10s\n", "median of runs", "ms");
  printf ("  %-58s %10.2f\n", "tkt_figures_compute (every figure, breakdowns, catalogue)", library_ms);
  printf ("  %-58s %10.2f\n", "plain SQL, same counts, same tables (second connection)", plain_ms);
  printf ("  %-58s %10.2f\n", "plain SQL, monitored alone from the JSON bodies (3 runs)", json_ms);
  printf ("  aim: tkt_figures_compute under 50 ms: %s\n", library_ms < 50 ? "met" : "MISSED");

  g_clear_object (&store);
  if (keep)
    printf ("  kept: %s\n", dir);
  else
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *file = g_build_filename (dir, name, NULL);

          g_remove (file);
        }
      g_rmdir (dir);
    }
  return 0;
}
