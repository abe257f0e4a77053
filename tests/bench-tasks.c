/* bench-tasks.c — how Tongket's task register scales, beside plain SQLite.
 *
 *   bench-tasks [N] [--keep]   (default 100000; --keep leaves the temporary
 *                              folder with the JSON file and both databases)
 *
 * Generates N realistic tasks (Vietnamese titles, organisations, people,
 * levels, sectors, dates, budgets, stages) as a JSON file in a temporary
 * folder, then measures, each beside the same operation done with the plain
 * sqlite3 API on the same data in the same run:
 *
 *  1. import: tkt_io_import of the file vs. parsing it and INSERTing the same
 *     JSON bodies (plus a title and a budget column, indexed) into a
 *     one-table database in one transaction;
 *  2. first screen: a TktTaskList opened and its first 50 items fetched vs.
 *     SELECT … ORDER BY rowid LIMIT 50;
 *  3. search as you type: 100 queries typed prefix by prefix from real title
 *     words, unaccented (list re-queried, count and first 50 items) vs.
 *     LIKE '%…%' over a folded title column (all matches counted, as a list
 *     needs);
 *  4. sort change: title ascending → descending → by budget, vs. ORDER BY
 *     over the baseline table (byte order, not Vietnamese);
 *  5. resident memory (VmRSS) after each phase;
 *  6. the schema's floor: Tongket's rows, full-text rows included, copied
 *     by SQLite alone (INSERT … SELECT) into an empty copy of the schema in
 *     one transaction, indexes built after the rows: what the database
 *     work costs with no parsing, hashing, sort keys or folding in front.
 *
 * Built by meson, not run by meson test.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-catalog.h"
#include "tkt-io.h"
#include "tkt-store.h"
#include "tkt-task-list.h"
#include "tkt-task.h"
#include "tkt-text.h"

#define FIRST_SCREEN 50
#define N_QUERIES 100

/* ------------------------------------------------------------------ */
/* Data                                                                 */

static const char * const title_heads[] = {
  "Nghiên cứu", "Ứng dụng", "Xây dựng mô hình", "Đánh giá", "Bảo tồn và phát triển",
  "Phát triển", "Hoàn thiện quy trình", "Chuyển giao công nghệ", "Sản xuất thử nghiệm",
  "Điều tra, khảo sát", "Tuyển chọn và nhân giống", "Nâng cao năng suất",
};
static const char * const title_objects[] = {
  "giống lúa nếp Tan", "cây dược liệu quý", "cà phê chè", "chè Shan tuyết", "hoa ban",
  "cá bỗng", "nghề dệt thổ cẩm", "dân ca Thái", "cây mắc ca", "cây quế", "sâm Lai Châu",
  "lợn đen bản địa", "gà xương đen", "nấm linh chi", "rau an toàn", "cây sơn tra",
  "bò vàng vùng cao", "mật ong bạc hà", "đường giao thông nông thôn", "nước sạch",
  "chất lượng không khí", "an toàn bức xạ trong y tế", "y học cổ truyền",
  "chuyển đổi số trong quản lý", "di tích lịch sử Điện Biên Phủ", "ươm tạo doanh nghiệp",
};
static const char * const title_places[] = {
  "tại tỉnh Điện Biên", "ở huyện Tuần Giáo", "vùng Mường Nhé", "huyện Điện Biên Đông",
  "thị xã Mường Lay", "huyện Mường Chà", "huyện Nậm Pồ", "huyện Tủa Chùa",
  "huyện Mường Ảng", "thành phố Điện Biên Phủ", "các xã vùng cao", "vùng đồng bào dân tộc thiểu số",
};
static const char * const family_names[] = {
  "Nguyễn", "Trần", "Lê", "Phạm", "Lò", "Quàng", "Lù", "Cà", "Lường", "Vì", "Giàng", "Đặng",
  "Hoàng", "Bùi", "Đỗ", "Vũ",
};
static const char * const middle_names[] = {
  "Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Quang", "Ngọc", "Xuân", "A",
};
static const char * const given_names[] = {
  "Thắng", "Hoa", "Dũng", "Mai", "Đường", "Ánh", "Ổn", "Sơn", "Hương", "Tuấn", "Lan", "Páo",
  "Chính", "Hiền", "Khoa", "Nam", "Yến", "Vàng", "Thủy", "Bình",
};
static const char * const organisations[] = {
  "Sở Khoa học và Công nghệ Điện Biên", "Trung tâm Ứng dụng KH&CN Điện Biên",
  "Trường Cao đẳng Y tế Điện Biên", "Viện Khoa học Nông nghiệp Việt Nam",
  "Trường Đại học Tây Bắc", "Bệnh viện Đa khoa tỉnh Điện Biên", "Sở Nông nghiệp và PTNT",
  "Trung tâm Khuyến nông tỉnh", "Viện Dược liệu", "Sở Văn hóa, Thể thao và Du lịch",
  "Hội Nông dân tỉnh Điện Biên", "Công ty CP Giống cây trồng Điện Biên",
};
static const char * const levels[] = { "national", "provincial", "provincial", "grassroots" };
static const char * const kinds[] = { "research", "research", "project", "pilot_production", "scheme" };
static const char * const stage_keys[] = { "ordered", "selected", "contracted", "in_progress", "accepted" };

#define PICK(array) ((array)[g_rand_int_range (rand, 0, (gint32) G_N_ELEMENTS (array))])

static char *
iso_date (int year, int month, int day)
{
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static JsonObject *
make_task (GRand      *rand,
           guint       index,
           GPtrArray  *sector_ids,
           GPtrArray  *programme_ids)
{
  JsonObject *doc = json_object_new ();
  JsonObject *budget = json_object_new ();
  JsonArray *members = json_array_new ();
  JsonArray *stages = json_array_new ();
  int year = g_rand_int_range (rand, 2012, 2026);
  int month = g_rand_int_range (rand, 1, 13);
  int years = g_rand_int_range (rand, 1, 4);
  const char *level = PICK (levels);
  g_autofree char *id = g_strdup_printf ("task:bench-%06u", index);
  g_autofree char *code = g_strdup_printf ("ĐB.%d.%05u", year, index);
  g_autofree char *title = g_strdup_printf ("%s %s %s", PICK (title_heads), PICK (title_objects), PICK (title_places));
  g_autofree char *pi = g_strdup_printf ("%s %s %s", PICK (family_names), PICK (middle_names), PICK (given_names));
  g_autofree char *start = iso_date (year, month, 1);
  g_autofree char *end = iso_date (year + years, month, 28);
  int n_stages = g_rand_int_range (rand, 0, (gint32) G_N_ELEMENTS (stage_keys) + 1);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "task");
  json_object_set_string_member (doc, "code", code);
  json_object_set_string_member (doc, "title", title);
  json_object_set_string_member (doc, "kind", PICK (kinds));
  json_object_set_string_member (doc, "level", level);
  if (g_str_equal (level, "national") && programme_ids->len > 0 && g_rand_boolean (rand))
    json_object_set_string_member (doc, "programme",
                                   g_ptr_array_index (programme_ids, g_rand_int_range (rand, 0, (gint32) programme_ids->len)));
  if (sector_ids->len > 0)
    json_object_set_string_member (doc, "sector",
                                   g_ptr_array_index (sector_ids, g_rand_int_range (rand, 0, (gint32) sector_ids->len)));
  json_object_set_string_member (doc, "regime", year >= 2025 ? "2025" : "2013");
  json_object_set_string_member (doc, "lead_org", PICK (organisations));
  json_object_set_string_member (doc, "pi", pi);
  for (int m = g_rand_int_range (rand, 0, 5); m > 0; m--)
    {
      g_autofree char *member = g_strdup_printf ("%s %s %s", PICK (family_names), PICK (middle_names), PICK (given_names));

      json_array_add_string_element (members, member);
    }
  json_object_set_array_member (doc, "members", members);
  json_object_set_string_member (doc, "start", start);
  json_object_set_string_member (doc, "end", end);
  if (g_str_equal (level, "national"))
    json_object_set_int_member (budget, "central", (gint64) g_rand_int_range (rand, 1000, 12000) * 1000000);
  json_object_set_int_member (budget, "local", (gint64) g_rand_int_range (rand, 50, 3000) * 1000000);
  if (g_rand_int_range (rand, 0, 4) == 0)
    json_object_set_int_member (budget, "other", (gint64) g_rand_int_range (rand, 10, 500) * 1000000);
  json_object_set_object_member (doc, "budget", budget);
  for (int s = 0; s < n_stages; s++)
    {
      JsonObject *stage = json_object_new ();
      g_autofree char *date = iso_date (year + s / 2, (month + s * 3 - 1) % 12 + 1, 10 + s);

      json_object_set_string_member (stage, "stage", stage_keys[s]);
      json_object_set_string_member (stage, "date", date);
      if (g_str_equal (stage_keys[s], "accepted"))
        json_object_set_string_member (stage, "rating", g_rand_boolean (rand) ? "pass" : "excellent");
      json_array_add_object_element (stages, stage);
    }
  json_object_set_array_member (doc, "stages", stages);
  return doc;
}

/* ------------------------------------------------------------------ */
/* Measuring                                                            */

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static double
proc_status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

static double
rss_mb (void)
{
  return proc_status_mb ("VmRSS:");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (double *values,
            guint   n,
            double  p)
{
  guint index;

  qsort (values, n, sizeof (double), compare_doubles);
  index = (guint) (p * (n - 1) + 0.5);
  return values[MIN (index, n - 1)];
}

static void
die_sqlite (sqlite3 *db, const char *what)
{
  g_printerr ("bench-tasks: %s: %s\n", what, sqlite3_errmsg (db));
  exit (2);
}

static void
exec_or_die (sqlite3 *db, const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    die_sqlite (db, sql);
}

/* The same schema, filled by SQLite alone: every table of Tongket's
 * database (the rows it wrote, its full-text rows included) copied with
 * INSERT … SELECT into an empty copy of the schema in one transaction, its
 * indexes built after the rows, with the store's settings.  No JSON, no
 * revision hashes, no sort keys or folding: what writing the rows, building
 * the full-text index and the indexes, and the checkpoint at COMMIT cost
 * whatever the code in front of them does.  Sets the full-text and index
 * shares; returns the whole time. */
static double
schema_floor (const char *floor_path,
              const char *src_path,
              double     *fts_ms,
              double     *index_ms)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) vtabs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  char *attach;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double t0, t, total;

  if (sqlite3_open (floor_path, &db) != SQLITE_OK)
    die_sqlite (db, "open");
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                   " PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY");
  attach = sqlite3_mprintf ("ATTACH %Q AS src", src_path);
  exec_or_die (db, attach);
  sqlite3_free (attach);

  /* Tables (virtual ones without their shadow tables), then indexes. */
  if (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL"
                              " AND name NOT LIKE 'sqlite_%' ORDER BY rowid", -1, &stmt, NULL) != SQLITE_OK)
    die_sqlite (db, "schema");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *sql = (const char *) sqlite3_column_text (stmt, 2);
      gboolean shadow = FALSE;

      for (guint i = 0; i < vtabs->len; i++)
        {
          const char *vtab = g_ptr_array_index (vtabs, i);

          shadow |= g_str_has_prefix (name, vtab) && name[strlen (vtab)] == '_';
        }
      if (shadow)
        continue;
      if (g_str_equal (type, "index"))
        {
          g_ptr_array_add (indexes, g_strdup (sql));
          continue;
        }
      exec_or_die (db, sql);
      g_ptr_array_add (g_str_has_prefix (sql, "CREATE VIRTUAL TABLE") ? vtabs : tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);

  t0 = now_ms ();
  exec_or_die (db, "BEGIN");
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO main.\"%s\" SELECT * FROM src.\"%s\"",
                                              (char *) g_ptr_array_index (tables, i),
                                              (char *) g_ptr_array_index (tables, i));

      exec_or_die (db, sql);
    }
  t = now_ms ();
  for (guint i = 0; i < vtabs->len; i++)
    {
      const char *name = g_ptr_array_index (vtabs, i);
      g_autoptr(GString) columns = g_string_new ("rowid");
      g_autofree char *info = g_strdup_printf ("SELECT name FROM src.pragma_table_info ('%s')", name);
      g_autofree char *sql = NULL;

      if (sqlite3_prepare_v2 (db, info, -1, &stmt, NULL) != SQLITE_OK)
        die_sqlite (db, info);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (columns, ", \"%s\"", sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      sql = g_strdup_printf ("INSERT INTO main.\"%s\" (%s) SELECT %s FROM src.\"%s\"",
                             name, columns->str, columns->str, name);
      exec_or_die (db, sql);
    }
  *fts_ms = now_ms () - t;
  t = now_ms ();
  for (guint i = 0; i < indexes->len; i++)
    exec_or_die (db, g_ptr_array_index (indexes, i));
  *index_ms = now_ms () - t;
  exec_or_die (db, "COMMIT");
  total = now_ms () - t0;
  sqlite3_close (db);
  return total;
}

/* Fetch what a screen shows: count, then the first items' titles. */
static guint
task_list_first_screen (TktTaskList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < MIN (n, FIRST_SCREEN); i++)
    {
      g_autoptr(TktTask) task = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert (tkt_task_get_title (task) != NULL);
    }
  return n;
}

/* Baseline: run a query that yields rowid, title; collect all rowids (a
 * list needs the count), read the first screen's titles. */
static guint
plain_query (sqlite3    *db,
             const char *sql,
             const char *like)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = 0;
  gsize chars = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    die_sqlite (db, sql);
  if (like != NULL)
    sqlite3_bind_text (stmt, 1, like, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
      if (n++ < FIRST_SCREEN)
        chars += (gsize) sqlite3_column_bytes (stmt, 1);
    }
  sqlite3_finalize (stmt);
  g_assert (chars > 0 || n == 0);
  return n;
}

/* A database's size with its write-ahead log. */
static double
file_mb (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  double total = 0;

  if (g_stat (path, &st) == 0)
    total += (double) st.st_size;
  if (g_stat (wal, &st) == 0)
    total += (double) st.st_size;
  return total / 1048576.0;
}

typedef struct {
  const char *label;
  char       *tongket;
  char       *plain;
  const char *aim;
  const char *verdict;
} Row;

static GArray *rows;

static char *
format_ms (double ms)
{
  if (ms >= 1000.0)
    return g_strdup_printf ("%.2f s", ms / 1000.0);
  if (ms >= 10.0)
    return g_strdup_printf ("%.1f ms", ms);
  return g_strdup_printf ("%.2f ms", ms);
}

static void
add_row (const char *label,
         char       *tongket,
         char       *plain,
         const char *aim,
         gboolean    met)
{
  Row row = { label, tongket, plain, aim, aim[0] ? (met ? "ok" : "MISSED") : "" };

  g_array_append_val (rows, row);
}

static void
add_time_row (const char *label,
              double      tongket_ms,
              double      plain_ms,
              const char *aim,
              double      aim_ms)
{
  add_row (label, format_ms (tongket_ms), format_ms (plain_ms), aim,
           aim_ms <= 0 || tongket_ms < aim_ms);
}

static void
add_rss_row (const char *label,
             double      mb,
             double      aim_mb)
{
  add_row (label, g_strdup_printf ("%.0f MB", mb), g_strdup (""),
           "< 150 MB", mb < aim_mb);
}

/* ------------------------------------------------------------------ */

int
main (int    argc,
      char **argv)
{
  guint n_tasks = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  gboolean keep = argc > 2 && g_str_equal (argv[2], "--keep");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *floor_path = NULL;
  g_autoptr(TktStore) catalog_store = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(GPtrArray) sector_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) programme_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(TktTaskList) list = NULL;
  GRand *rand = g_rand_new_with_seed (20231109);
  sqlite3 *plain = NULL;
  double t0, t_import, t_plain_import, t_screen, t_plain_screen;
  double search_ms[N_QUERIES], plain_search_ms[N_QUERIES];
  guint n_imported = 0, n_first = 0, n_plain_first = 0;
  double rss_generated, rss_import, rss_import_tongket, rss_screen, rss_search, rss_sort;
  gsize json_size;
  guint matched_tongket = 0, matched_plain = 0;
  g_autofree char *slowest = NULL;

  if (n_tasks == 0)
    {
      g_printerr ("Usage: bench-tasks [N] [--keep]   (N tasks, default 100000)\n");
      return 1;
    }
  rows = g_array_new (FALSE, FALSE, sizeof (Row));

  dir = g_dir_make_tmp ("tongket-bench-XXXXXX", &error);
  g_assert_no_error (error);
  json_path = g_build_filename (dir, "tasks.json", NULL);
  db_path = g_build_filename (dir, "tongket.db", NULL);
  plain_path = g_build_filename (dir, "plain.db", NULL);
  floor_path = g_build_filename (dir, "floor.db", NULL);

  /* The default catalogue, for realistic sector and programme ids. */
  {
    g_autofree char *catalog_path = g_build_filename (dir, "catalog.db", NULL);
    g_autoptr(GPtrArray) sectors = NULL;
    g_autoptr(GPtrArray) programmes = NULL;

    catalog_store = tkt_store_open (catalog_path, &error);
    g_assert_no_error (error);
    sectors = tkt_catalog_list_sectors (catalog_store);
    programmes = tkt_catalog_list_programmes (catalog_store);
    for (guint i = 0; sectors && i < sectors->len; i++)
      g_ptr_array_add (sector_ids, g_strdup (json_object_get_string_member (g_ptr_array_index (sectors, i), "_id")));
    for (guint i = 0; programmes && i < programmes->len; i++)
      g_ptr_array_add (programme_ids, g_strdup (json_object_get_string_member (g_ptr_array_index (programmes, i), "_id")));
    g_clear_object (&catalog_store);
  }

  /* Generate the file. */
  g_printerr ("Generating %u tasks in %s …\n", n_tasks, dir);
  {
    /* one document at a time, so generating costs no memory to speak of */
    FILE *out = g_fopen (json_path, "wb");

    if (out == NULL)
      g_error ("cannot write %s", json_path);
    fputs ("{\"docs\": [\n", out);
    for (guint i = 0; i < n_tasks; i++)
      {
        g_autoptr(JsonObject) task = make_task (rand, i, sector_ids, programme_ids);
        g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), task);
        g_autofree char *text = json_to_string (node, FALSE);

        if (i < 2000)
          g_ptr_array_add (titles, g_strdup (json_object_get_string_member (task, "title")));
        fputs (text, out);
        fputs (i + 1 < n_tasks ? ",\n" : "\n", out);
      }
    fputs ("]}\n", out);
    if (fclose (out) != 0)
      g_error ("cannot write %s", json_path);
  }
  {
    char *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents (json_path, &data, &len, &error))
      g_error ("%s", error->message);
    contents = g_bytes_new_take (data, len);
    json_size = len;
  }
  rss_generated = rss_mb ();

  /* Queries: real title words, unaccented, typed one letter at a time. */
  while (queries->len < N_QUERIES)
    {
      const char *title = g_ptr_array_index (titles, g_rand_int_range (rand, 0, (gint32) titles->len));
      g_autofree char *folded = tkt_text_fold (title);
      g_auto(GStrv) words = g_strsplit (folded, " ", -1);
      guint n_words = g_strv_length (words);
      guint w = (guint) g_rand_int_range (rand, 0, (gint32) n_words);
      /* sometimes two words: "tuan giao" */
      g_autofree char *phrase = (w + 1 < n_words && g_rand_boolean (rand))
                                ? g_strconcat (words[w], " ", words[w + 1], NULL)
                                : g_strdup (words[w]);
      gsize len = strlen (phrase);

      if (len < 2 || !g_ascii_isalpha (phrase[0]))
        continue;
      for (gsize k = 1; k <= len && queries->len < N_QUERIES; k++)
        if (phrase[k - 1] != ' ')
          g_ptr_array_add (queries, g_strndup (phrase, k));
    }

  /* 1. Import. */
  g_printerr ("Import …\n");
  store = tkt_store_open (db_path, &error);
  g_assert_no_error (error);
  t0 = now_ms ();
  if (!tkt_io_import (store, contents, TKT_IO_FORMAT_JSON, &n_imported, NULL, NULL, &error))
    g_error ("import: %s", error->message);
  t_import = now_ms () - t0;
  g_assert_cmpuint (n_imported, ==, n_tasks);

  rss_import_tongket = rss_mb ();

  t0 = now_ms ();
  {
    /* The file has one document per line: read it line by line, parse each
     * document (as Tongket does), insert its body, title and budget. */
    g_autoptr(JsonParser) parser = json_parser_new ();
    sqlite3_stmt *stmt = NULL;
    const char *data = g_bytes_get_data (contents, NULL);
    const char *line = strchr (data, '\n') + 1;
    guint n_plain = 0;

    if (sqlite3_open (plain_path, &plain) != SQLITE_OK)
      die_sqlite (plain, "open");
    exec_or_die (plain, "PRAGMA journal_mode=WAL");
    exec_or_die (plain, "CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, "
                        "title TEXT, title_folded TEXT, budget INTEGER, body TEXT)");
    exec_or_die (plain, "BEGIN");
    if (sqlite3_prepare_v2 (plain, "INSERT INTO docs (id, title, title_folded, budget, body) "
                                   "VALUES (?, ?, ?, ?, ?)", -1, &stmt, NULL) != SQLITE_OK)
      die_sqlite (plain, "prepare");
    while (line[0] == '{')
      {
        const char *end = strchr (line, '\n');
        gssize doc_len = end - line - (end[-1] == ',' ? 1 : 0);
        JsonObject *doc, *budget;
        const char *title;
        g_autofree char *folded = NULL;
        gint64 total;

        if (!json_parser_load_from_data (parser, line, doc_len, &error))
          g_error ("%s", error->message);
        doc = json_node_get_object (json_parser_get_root (parser));
        budget = json_object_get_object_member (doc, "budget");
        title = json_object_get_string_member (doc, "title");
        folded = tkt_text_fold (title);
        total = json_object_get_int_member_with_default (budget, "central", 0) +
                json_object_get_int_member_with_default (budget, "local", 0) +
                json_object_get_int_member_with_default (budget, "other", 0);

        sqlite3_bind_text (stmt, 1, json_object_get_string_member (doc, "_id"), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, folded, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 4, total);
        sqlite3_bind_text (stmt, 5, line, (int) doc_len, SQLITE_STATIC);
        if (sqlite3_step (stmt) != SQLITE_DONE)
          die_sqlite (plain, "insert");
        sqlite3_reset (stmt);
        n_plain++;
        line = end + 1;
      }
    sqlite3_finalize (stmt);
    exec_or_die (plain, "CREATE INDEX docs_title ON docs (title)");
    exec_or_die (plain, "CREATE INDEX docs_budget ON docs (budget)");
    exec_or_die (plain, "COMMIT");
    g_assert_cmpuint (n_plain, ==, n_tasks);
  }
  t_plain_import = now_ms () - t0;
  rss_import = rss_mb ();
  add_time_row ("import (parse + write)", t_import, t_plain_import, "< 2 s", 2000);

  /* Let go of the file's bytes: the application would not keep them. */
  g_clear_pointer (&contents, g_bytes_unref);
  g_clear_object (&store);

  store = tkt_store_open (db_path, &error);
  g_assert_no_error (error);

  /* 2. First screen. */
  g_printerr ("First screen …\n");
  t0 = now_ms ();
  list = tkt_task_list_new (store);
  n_first = task_list_first_screen (list);
  t_screen = now_ms () - t0;
  t0 = now_ms ();
  n_plain_first = plain_query (plain, "SELECT rowid, title FROM docs ORDER BY rowid LIMIT 50", NULL);
  t_plain_screen = now_ms () - t0;
  g_assert_cmpuint (n_first, ==, n_tasks);
  g_assert_cmpuint (n_plain_first, ==, MIN (n_tasks, FIRST_SCREEN));
  rss_screen = rss_mb ();
  add_time_row ("open list + first 50 rows", t_screen, t_plain_screen, "< 50 ms", 50);

  /* 3. Search as you type. */
  g_printerr ("Search as you type …\n");
  for (guint q = 0; q < N_QUERIES; q++)
    {
      const char *query = g_ptr_array_index (queries, q);
      g_autofree char *like = g_strdup_printf ("%%%s%%", query);
      guint n;

      t0 = now_ms ();
      tkt_task_list_set_search (list, query);
      n = task_list_first_screen (list);
      search_ms[q] = now_ms () - t0;
      matched_tongket += n;

      t0 = now_ms ();
      n = plain_query (plain, "SELECT rowid, title FROM docs WHERE title_folded LIKE ?", like);
      plain_search_ms[q] = now_ms () - t0;
      matched_plain += n;
    }
  tkt_task_list_set_search (list, NULL);
  rss_search = rss_mb ();
  {
    /* the slowest keystrokes, for whoever tunes the search */
    g_autoptr(GString) slow = g_string_new (NULL);
    gboolean used[N_QUERIES] = { FALSE };

    for (guint k = 0; k < 5; k++)
      {
        guint worst = 0;
        gboolean found = FALSE;

        for (guint q = 0; q < N_QUERIES; q++)
          if (!used[q] && (!found || search_ms[q] > search_ms[worst]))
            {
              worst = q;
              found = TRUE;
            }
        used[worst] = TRUE;
        g_string_append_printf (slow, "%s\"%s\" %.1f ms", k ? ", " : "",
                                (char *) g_ptr_array_index (queries, worst), search_ms[worst]);
      }
    slowest = g_string_free (g_steal_pointer (&slow), FALSE);
  }
  add_time_row ("search keystroke, median", percentile (search_ms, N_QUERIES, 0.5),
                percentile (plain_search_ms, N_QUERIES, 0.5), "", 0);
  add_time_row ("search keystroke, p95", percentile (search_ms, N_QUERIES, 0.95),
                percentile (plain_search_ms, N_QUERIES, 0.95), "< 8 ms", 8);
  add_time_row ("search keystroke, max", percentile (search_ms, N_QUERIES, 1.0),
                percentile (plain_search_ms, N_QUERIES, 1.0), "", 0);

  /* 4. Sort changes. */
  g_printerr ("Sort …\n");
  {
    static const struct {
      const char *label;
      TktTaskSort sort;
      gboolean    descending;
      const char *sql;
    } sorts[] = {
      { "sort: title a-z", TKT_TASK_SORT_TITLE, FALSE, "SELECT rowid, title FROM docs ORDER BY title" },
      { "sort: title z-a (desc)", TKT_TASK_SORT_TITLE, TRUE, "SELECT rowid, title FROM docs ORDER BY title DESC" },
      { "sort: budget", TKT_TASK_SORT_BUDGET, FALSE, "SELECT rowid, title FROM docs ORDER BY budget" },
    };

    for (gsize s = 0; s < G_N_ELEMENTS (sorts); s++)
      {
        double t_sort, t_plain_sort;
        guint n;

        t0 = now_ms ();
        tkt_task_list_set_sort (list, sorts[s].sort, sorts[s].descending);
        n = task_list_first_screen (list);
        t_sort = now_ms () - t0;
        g_assert_cmpuint (n, ==, n_tasks);

        t0 = now_ms ();
        n = plain_query (plain, sorts[s].sql, NULL);
        t_plain_sort = now_ms () - t0;
        g_assert_cmpuint (n, ==, n_tasks);
        add_time_row (sorts[s].label, t_sort, t_plain_sort, "", 0);
      }
  }
  rss_sort = rss_mb ();

  add_rss_row ("RSS after generating the file", rss_generated, 1e9);
  add_rss_row ("RSS after Tongket's import", rss_import_tongket, 150);
  add_rss_row ("RSS after both imports", rss_import, 150);
  add_rss_row ("RSS after first screen", rss_screen, 150);
  add_rss_row ("RSS after 100 searches", rss_search, 150);
  add_rss_row ("RSS after sorts", rss_sort, 150);
  add_rss_row ("peak RSS (VmHWM), whole run", proc_status_mb ("VmHWM:"), 1e9);
  g_array_index (rows, Row, rows->len - 1).aim = "";
  g_array_index (rows, Row, rows->len - 1).verdict = "";
  g_array_index (rows, Row, rows->len - 7).aim = "";
  g_array_index (rows, Row, rows->len - 7).verdict = "";

  /* 6. What SQLite alone takes to write the same rows into the same
   * schema: last, so that its page cache stays out of the figures above;
   * shown under the import. */
  g_printerr ("Schema floor …\n");
  {
    double fts_ms = 0, index_ms = 0;
    double floor_ms = schema_floor (floor_path, db_path, &fts_ms, &index_ms);
    guint n_before = rows->len;

    add_row ("floor: same rows, SQLite alone", format_ms (floor_ms), g_strdup (""), "< 2 s", floor_ms < 2000);
    add_row ("  of which full-text index", format_ms (fts_ms), g_strdup (""), "", TRUE);
    add_row ("  of which the indexes", format_ms (index_ms), g_strdup (""), "", TRUE);
    /* move them under the import (row 0) */
    {
      Row moved[3];

      memcpy (moved, &g_array_index (rows, Row, n_before), sizeof moved);
      g_array_set_size (rows, n_before);
      g_array_insert_vals (rows, 1, moved, G_N_ELEMENTS (moved));
    }
  }

  /* The table. */
  {
    double db_mb = file_mb (db_path);
    double plain_mb = file_mb (plain_path);

    printf ("Tongket benchmark: %u tasks, JSON file %.1f MB; SQLite %s; database %.0f MB (plain table %.0f MB)\n",
            n_tasks, (double) json_size / 1048576.0, sqlite3_libversion (), db_mb, plain_mb);
    printf ("Search: %u queries typed letter by letter (\"%s\" … \"%s\"); matches summed: Tongket %u, plain LIKE %u\n",
            N_QUERIES, (char *) g_ptr_array_index (queries, 0),
            (char *) g_ptr_array_index (queries, N_QUERIES - 1), matched_tongket, matched_plain);
    printf ("Slowest Tongket keystrokes: %s\n\n", slowest);
    printf ("| %-30s | %12s | %13s | %9s | %-6s |\n", "measure", "Tongket", "plain sqlite3", "aim", "");
    printf ("|%s|%s|%s|%s|%s|\n", "--------------------------------", "-------------:",
            "--------------:", "----------:", "--------");
    for (guint i = 0; i < rows->len; i++)
      {
        Row *row = &g_array_index (rows, Row, i);

        printf ("| %-30s | %12s | %13s | %9s | %-6s |\n",
                row->label, row->tongket, row->plain, row->aim, row->verdict);
        g_free (row->tongket);
        g_free (row->plain);
      }
    printf ("\nRSS is the whole process (Tongket and the baseline share it); the plain ORDER BY title is\n"
            "byte order, Tongket's is Vietnamese (ICU) order; the plain LIKE runs over a pre-folded column.\n");
  }

  g_clear_object (&list);
  g_clear_object (&store);
  sqlite3_close (plain);
  g_rand_free (rand);
  g_array_unref (rows);

  /* Clean up the temporary folder. */
  if (keep)
    g_printerr ("bench-tasks: kept %s\n", dir);
  else
  {
    static const char * const names[] = {
      "tasks.json", "tongket.db", "tongket.db-wal", "tongket.db-shm", "plain.db", "plain.db-wal",
      "plain.db-shm", "catalog.db", "catalog.db-wal", "catalog.db-shm", "floor.db", "floor.db-wal",
      "floor.db-shm",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);

        g_unlink (path);
      }
    if (g_rmdir (dir) != 0)
      g_printerr ("bench-tasks: left %s behind (files the store made beside its database)\n", dir);
  }
  return 0;
}
