/* tkt-figures.c — a year's report figures, computed from the task register.
 *
 * The definitions are DESIGN.md's ("Reports"), counted in SQL over the
 * history tables tkt-store.c keeps (tkt-index.md: task_stage,
 * task_transfer, task_span).  A date "in Y" is one whose ISO text sorts in
 * [ "Y", "Y+1" ): the store keeps only dates that start with a year.
 *
 * Decisions the definitions leave open (README, after the JSON keys):
 *
 * - A task's implementation start is its earliest dated stage among
 *   selected, assigned, contracted, in_progress, whatever the array order;
 *   a task closes at its earliest dated accepted or cancelled stage.
 * - Levels come from the task's "level"; a national task with no
 *   programme is "national_other"; a level absent or unknown is counted in
 *   the total only ("no_level").
 * - accepted(Y) by rating: a task accepted twice in Y counts once, with the
 *   rating of its latest accepted stage in Y (ties: the later array entry).
 * - transfers(Y): a result is (task, result name folded: case, marks, đ and
 *   blanks ignored), so "Quy trình A" and "quy trinh a" of one task are one
 *   result; a transfer without a result name is one unnamed result of its
 *   task.  A unit is a recipient name folded the same way, across all tasks:
 *   "Trung tâm Y tế huyện Tuần Giáo" receiving two results counts once, and
 *   so does "TRUNG TAM Y TE HUYEN TUAN GIAO".  A transfer without a
 *   recipient counts a result but no unit.  A unit is an enterprise if any
 *   of its transfers in Y says so.  Sectors: the sector of each result's
 *   task; tasks with no sector are left out of the sector list.
 * - planned(Y+1): "an ordered (or later) stage" is any stage other than
 *   "proposed", dated or not.
 */
#include "config.h"

#define G_LOG_DOMAIN "tkt-figures"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-figures.h"
#include "tkt-catalog.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

/* The figure definitions as SQL, shared by tkt_figures_compute and
 * tkt_figures_query_ids so that a count and its list cannot disagree.
 * :y = "Y", :n = "Y+1" (ISO prefixes), :next = Y+1 (integer). */
#define MONITORED_WHERE \
  "(s.close_first IS NULL OR s.close_first >= :y) AND s.impl_start < :n"
#define PLANNED_WHERE \
  "(s.close_first IS NULL OR s.close_first >= :n)" \
  " AND (s.impl_start < :n OR (s.ordered = 1 AND s.start_year = :next))"
#define IN_YEAR(col) col " >= :y AND " col " < :n"
#define KNOWN_LEVEL "s.level IN ('national', 'provincial', 'grassroots')"
/* Each accepted task of Y with the rating of its latest accepted stage in Y. */
#define ACCEPTED_RATINGS \
  "SELECT task, coalesce (rating, '') AS rating," \
  " max (date || '#' || printf ('%06d', position)) FROM task_stage" \
  " WHERE stage = 'accepted' AND " IN_YEAR ("date") " GROUP BY task"

void
tkt_figure_part_free (TktFigurePart *part)
{
  if (part == NULL)
    return;
  g_free (part->key);
  g_free (part->label);
  g_free (part);
}

static TktFigurePart *
part_new (const char *key,
          const char *label,
          gint64      value)
{
  TktFigurePart *part = g_new0 (TktFigurePart, 1);

  part->key = g_strdup (key ? key : "");
  part->label = g_strdup (label ? label : "");
  part->value = value;
  return part;
}

static GPtrArray *
parts_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_figure_part_free);
}

static TktFigures *
figures_new (int year)
{
  TktFigures *figures = g_new0 (TktFigures, 1);

  figures->year = year;
  figures->monitored_programmes = parts_new ();
  figures->accepted_ratings = parts_new ();
  figures->transfer_sectors = parts_new ();
  return figures;
}

void
tkt_figures_free (TktFigures *figures)
{
  if (figures == NULL)
    return;
  g_clear_pointer (&figures->monitored_programmes, g_ptr_array_unref);
  g_clear_pointer (&figures->accepted_ratings, g_ptr_array_unref);
  g_clear_pointer (&figures->transfer_sectors, g_ptr_array_unref);
  g_free (figures);
}

/* SQL helpers */

static void
set_sql_error (sqlite3  *db,
               GError  **error)
{
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
               _("Cannot compute the report figures: %s"), sqlite3_errmsg (db));
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

/* Prepares sql with :y, :n, :next bound for year (and :key if given). */
static sqlite3_stmt *
prepare_year (sqlite3     *db,
              const char  *sql,
              int          year,
              const char  *key,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char y[16];
  char n[16];
  int index;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_snprintf (y, sizeof y, "%04d", year);
  g_snprintf (n, sizeof n, "%04d", year + 1);
  bind_named_text (stmt, ":y", y);
  bind_named_text (stmt, ":n", n);
  index = sqlite3_bind_parameter_index (stmt, ":next");
  if (index > 0)
    sqlite3_bind_int (stmt, index, year + 1);
  if (key != NULL)
    bind_named_text (stmt, ":key", key);
  return stmt;
}

/* A single count. */
static gboolean
query_count (sqlite3     *db,
             const char  *sql,
             int          year,
             guint       *out,
             GError     **error)
{
  sqlite3_stmt *stmt = prepare_year (db, sql, year, NULL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sql_error (db, error);
      return FALSE;
    }
  return TRUE;
}

/* The catalogue */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The name a document writes for a programme or sector: its short_name if
 * the catalogue gives one, else its name. */
static const char *
catalog_label (JsonObject *doc)
{
  const char *short_name = json_object_get_string_member_with_default (doc, "short_name", NULL);

  if (short_name != NULL && *short_name != '\0')
    return short_name;
  return json_object_get_string_member_with_default (doc, "name", NULL);
}

/* Moves the counts of `counts` (id → gint64*) into parts, in the catalogue's
 * order; ids the catalogue does not know follow, by id, labelled with the
 * name the task index has for them (or their id). */
static void
add_parts_in_order (GPtrArray  *parts,
                    GPtrArray  *catalog,
                    GHashTable *counts,
                    GHashTable *fallback_names)
{
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  for (guint i = 0; catalog != NULL && i < catalog->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (catalog, i);
      const char *id = json_object_get_string_member_with_default (doc, "_id", NULL);
      gint64 *count = id ? g_hash_table_lookup (counts, id) : NULL;

      if (count != NULL && *count > 0)
        g_ptr_array_add (parts, part_new (id, catalog_label (doc), *count));
      if (count != NULL)
        g_hash_table_remove (counts, id);
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (rest, key);
  g_ptr_array_sort (rest, compare_strings);
  for (guint i = 0; i < rest->len; i++)
    {
      const char *id = g_ptr_array_index (rest, i);
      const char *name = fallback_names ? g_hash_table_lookup (fallback_names, id) : NULL;

      value = g_hash_table_lookup (counts, id);
      if (*(gint64 *) value > 0)
        g_ptr_array_add (parts, part_new (id, name && *name ? name : id, *(gint64 *) value));
    }
}

static void
add_count (GHashTable *counts,
           const char *id,
           gint64      n)
{
  gint64 *count = g_hash_table_lookup (counts, id);

  if (count == NULL)
    {
      count = g_new0 (gint64, 1);
      g_hash_table_insert (counts, g_strdup (id), count);
    }
  *count += n;
}

/* The figures */

static gboolean
compute_monitored (sqlite3     *db,
                   TktStore    *store,
                   TktFigures  *figures,
                   GError     **error)
{
  static const char sql[] =
    "SELECT s.level, s.programme, count (*), sum (s.central), sum (s.local), sum (s.other)"
    " FROM task_span s WHERE " MONITORED_WHERE " GROUP BY s.level, s.programme";
  g_autoptr(GHashTable) programmes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) catalog = NULL;
  sqlite3_stmt *stmt = prepare_year (db, sql, figures->year, NULL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *level = (const char *) sqlite3_column_text (stmt, 0);
      const char *programme = (const char *) sqlite3_column_text (stmt, 1);
      guint n = (guint) sqlite3_column_int64 (stmt, 2);

      figures->monitored += n;
      figures->budget_central += sqlite3_column_int64 (stmt, 3);
      figures->budget_local += sqlite3_column_int64 (stmt, 4);
      figures->budget_other += sqlite3_column_int64 (stmt, 5);
      if (g_strcmp0 (level, "national") == 0)
        {
          if (programme != NULL)
            add_count (programmes, programme, n);
          else
            figures->monitored_national_other += n;
        }
      else if (g_strcmp0 (level, "provincial") == 0)
        figures->monitored_provincial += n;
      else if (g_strcmp0 (level, "grassroots") == 0)
        figures->monitored_grassroots += n;
      else
        figures->monitored_no_level += n;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      return FALSE;
    }
  figures->budget_total = figures->budget_central + figures->budget_local + figures->budget_other;

  if (g_hash_table_size (programmes) > 0)
    {
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      GHashTableIter iter;
      gpointer key;

      /* Programmes the catalogue lacks (deleted, or from another desktop):
       * the name the task index last saw, if any. */
      g_hash_table_iter_init (&iter, programmes);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_insert (names, g_strdup (key), tkt_catalog_get_name (store, key));
      catalog = tkt_catalog_list_programmes (store);
      add_parts_in_order (figures->monitored_programmes, catalog, programmes, names);
    }
  return TRUE;
}

static gboolean
compute_planned (sqlite3     *db,
                 TktFigures  *figures,
                 GError     **error)
{
  static const char sql[] =
    "SELECT s.level, count (*) FROM task_span s WHERE " PLANNED_WHERE " GROUP BY s.level";
  sqlite3_stmt *stmt = prepare_year (db, sql, figures->year, NULL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *level = (const char *) sqlite3_column_text (stmt, 0);
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      figures->planned += n;
      if (g_strcmp0 (level, "national") == 0)
        figures->planned_national += n;
      else if (g_strcmp0 (level, "provincial") == 0)
        figures->planned_provincial += n;
      else if (g_strcmp0 (level, "grassroots") == 0)
        figures->planned_grassroots += n;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      return FALSE;
    }
  return TRUE;
}

static const char *
rating_label (const char *key)
{
  const TktVocab *ratings = tkt_vocab_get (TKT_VOCAB_RATING);

  if (key == NULL || *key == '\0')
    return "Chưa xếp loại";
  for (guint i = 0; ratings[i].key != NULL; i++)
    if (strcmp (ratings[i].key, key) == 0)
      return ratings[i].vi_label;
  return key;
}

static gboolean
compute_ratings (sqlite3     *db,
                 TktFigures  *figures,
                 GError     **error)
{
  static const char sql[] =
    "SELECT rating, count (*) FROM (" ACCEPTED_RATINGS ") GROUP BY rating";
  const TktVocab *ratings = tkt_vocab_get (TKT_VOCAB_RATING);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) rest = NULL;
  sqlite3_stmt *stmt = prepare_year (db, sql, figures->year, NULL, error);
  GHashTableIter iter;
  gpointer key;
  gint64 *unrated;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_count (counts, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      return FALSE;
    }

  /* The scale's order, then ratings it does not know (by key), then none. */
  for (guint i = 0; ratings[i].key != NULL; i++)
    {
      gint64 *count = g_hash_table_lookup (counts, ratings[i].key);

      if (count != NULL)
        {
          g_ptr_array_add (figures->accepted_ratings, part_new (ratings[i].key, ratings[i].vi_label, *count));
          g_hash_table_remove (counts, ratings[i].key);
        }
    }
  unrated = g_hash_table_lookup (counts, "");
  rest = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (rest, key);
  g_ptr_array_sort (rest, compare_strings);
  for (guint i = 0; i < rest->len; i++)
    {
      const char *rating = g_ptr_array_index (rest, i);

      if (*rating != '\0')
        g_ptr_array_add (figures->accepted_ratings,
                         part_new (rating, rating_label (rating), *(gint64 *) g_hash_table_lookup (counts, rating)));
    }
  if (unrated != NULL)
    g_ptr_array_add (figures->accepted_ratings, part_new ("", rating_label (NULL), *unrated));
  return TRUE;
}

static gboolean
compute_transfers (sqlite3     *db,
                   TktStore    *store,
                   TktFigures  *figures,
                   GError     **error)
{
  static const char results_sql[] =
    "SELECT s.sector, count (*) FROM"
    " (SELECT DISTINCT task, coalesce (result_folded, '') FROM task_transfer WHERE " IN_YEAR ("date") ") x"
    " LEFT JOIN task_span s ON s.task = x.task GROUP BY s.sector";
  static const char units_sql[] =
    "SELECT count (DISTINCT recipient_folded),"
    " count (DISTINCT CASE WHEN recipient_kind = 'enterprise' THEN recipient_folded END)"
    " FROM task_transfer WHERE " IN_YEAR ("date");
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  sqlite3_stmt *stmt = prepare_year (db, results_sql, figures->year, NULL, error);
  GHashTableIter iter;
  gpointer key;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sector = (const char *) sqlite3_column_text (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 1);

      figures->transfer_results += (guint) n;
      if (sector != NULL)
        add_count (counts, sector, n);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      return FALSE;
    }

  stmt = prepare_year (db, units_sql, figures->year, NULL, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      figures->transfer_units = (guint) sqlite3_column_int64 (stmt, 0);
      figures->transfer_enterprises = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sql_error (db, error);
      return FALSE;
    }

  if (g_hash_table_size (counts) == 0)
    return TRUE;
  /* Sectors the catalogue lacks: their name if the document is still there. */
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_insert (names, g_strdup (key), tkt_catalog_get_name (store, key));
  catalog = tkt_catalog_list_sectors (store);
  add_parts_in_order (figures->transfer_sectors, catalog, counts, names);
  return TRUE;
}

static gboolean
compute_all (TktStore    *store,
             sqlite3     *db,
             TktFigures  *figures,
             GError     **error)
{
  int year = figures->year;

  return compute_monitored (db, store, figures, error) &&
         query_count (db, "SELECT count (DISTINCT task) FROM task_stage"
                          " WHERE stage = 'ordered' AND " IN_YEAR ("date"), year, &figures->ordered, error) &&
         query_count (db, "SELECT count (DISTINCT task) FROM task_stage"
                          " WHERE stage IN ('selected', 'assigned') AND " IN_YEAR ("date"), year, &figures->approved, error) &&
         query_count (db, "SELECT count (DISTINCT task) FROM task_stage"
                          " WHERE stage = 'accepted' AND " IN_YEAR ("date"), year, &figures->accepted, error) &&
         compute_ratings (db, figures, error) &&
         query_count (db, "SELECT count (DISTINCT task) FROM task_stage"
                          " WHERE stage = 'cancelled' AND " IN_YEAR ("date"), year, &figures->cancelled, error) &&
         compute_transfers (db, store, figures, error) &&
         compute_planned (db, figures, error);
}

TktFigures *
tkt_figures_compute (TktStore  *store,
                     int        year,
                     GError   **error)
{
  g_autoptr(TktFigures) figures = NULL;
  sqlite3 *db;
  gboolean own_transaction;
  gboolean ok;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (year > 0 && year < 9999, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = tkt_store_get_db (store);
  figures = figures_new (year);

  /* One read transaction: every count sees the same register. */
  own_transaction = sqlite3_get_autocommit (db) != 0;
  if (own_transaction && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sql_error (db, error);
      return NULL;
    }
  ok = compute_all (store, db, figures, error);
  if (own_transaction)
    sqlite3_exec (db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  if (!ok)
    return NULL;
  return g_steal_pointer (&figures);
}

/* The tasks behind a figure */

static char *
figure_sql (const char *figure,
            gboolean   *needs_key,
            const char **key_out)
{
  static const struct {
    const char *figure;
    const char *sql;     /* task rowids */
  } fixed[] = {
    { "monitored", "SELECT s.task FROM task_span s WHERE " MONITORED_WHERE },
    { "monitored.national_other", "SELECT s.task FROM task_span s WHERE " MONITORED_WHERE
                                  " AND s.level = 'national' AND s.programme IS NULL" },
    { "monitored.provincial", "SELECT s.task FROM task_span s WHERE " MONITORED_WHERE " AND s.level = 'provincial'" },
    { "monitored.grassroots", "SELECT s.task FROM task_span s WHERE " MONITORED_WHERE " AND s.level = 'grassroots'" },
    { "monitored.no_level", "SELECT s.task FROM task_span s WHERE " MONITORED_WHERE
                            " AND (s.level IS NULL OR NOT " KNOWN_LEVEL ")" },
    { "budget", "SELECT s.task FROM task_span s WHERE " MONITORED_WHERE
                " AND (s.central IS NOT NULL OR s.local IS NOT NULL OR s.other IS NOT NULL)" },
    { "ordered", "SELECT task FROM task_stage WHERE stage = 'ordered' AND " IN_YEAR ("date") },
    { "approved", "SELECT task FROM task_stage WHERE stage IN ('selected', 'assigned') AND " IN_YEAR ("date") },
    { "accepted", "SELECT task FROM task_stage WHERE stage = 'accepted' AND " IN_YEAR ("date") },
    { "cancelled", "SELECT task FROM task_stage WHERE stage = 'cancelled' AND " IN_YEAR ("date") },
    { "transfers", "SELECT task FROM task_transfer WHERE " IN_YEAR ("date") },
    { "transfers.enterprises", "SELECT task FROM task_transfer WHERE " IN_YEAR ("date")
                               " AND recipient_kind = 'enterprise' AND recipient_folded IS NOT NULL" },
    { "planned", "SELECT s.task FROM task_span s WHERE " PLANNED_WHERE },
    { "planned.national", "SELECT s.task FROM task_span s WHERE " PLANNED_WHERE " AND s.level = 'national'" },
    { "planned.provincial", "SELECT s.task FROM task_span s WHERE " PLANNED_WHERE " AND s.level = 'provincial'" },
    { "planned.grassroots", "SELECT s.task FROM task_span s WHERE " PLANNED_WHERE " AND s.level = 'grassroots'" },
  };
  static const struct {
    const char *prefix;
    const char *sql;
  } keyed[] = {
    { "monitored.programmes.", "SELECT s.task FROM task_span s WHERE " MONITORED_WHERE
                               " AND s.level = 'national' AND s.programme = :key" },
    { "accepted.ratings.", "SELECT task FROM (" ACCEPTED_RATINGS ") WHERE rating = :key" },
    { "transfers.sectors.", "SELECT x.task FROM task_transfer x JOIN task_span s ON s.task = x.task"
                            " WHERE " IN_YEAR ("x.date") " AND s.sector = :key" },
  };

  *needs_key = FALSE;
  *key_out = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (strcmp (figure, fixed[i].figure) == 0)
      return g_strdup (fixed[i].sql);
  for (guint i = 0; i < G_N_ELEMENTS (keyed); i++)
    if (g_str_has_prefix (figure, keyed[i].prefix))
      {
        *needs_key = TRUE;
        *key_out = figure + strlen (keyed[i].prefix);
        return g_strdup (keyed[i].sql);
      }
  return NULL;
}

GStrv
tkt_figures_query_ids (TktStore    *store,
                       int          year,
                       const char  *figure,
                       GError     **error)
{
  g_autofree char *inner = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GStrvBuilder) ids = NULL;
  const char *key = NULL;
  gboolean needs_key = FALSE;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  inner = figure != NULL ? figure_sql (figure, &needs_key, &key) : NULL;
  if (inner == NULL || year <= 0 || year >= 9999)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                   _("“%s” is not a report figure"), figure ? figure : "");
      return NULL;
    }

  db = tkt_store_get_db (store);
  sql = g_strconcat ("SELECT t.id FROM task_index t WHERE t.rowid IN (", inner, ")"
                     " ORDER BY t.code_key IS NULL, t.code_key, t.id", NULL);
  stmt = prepare_year (db, sql, year, needs_key ? key : NULL, error);
  if (stmt == NULL)
    return NULL;
  ids = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (db, error);
      return NULL;
    }
  return g_strv_builder_end (ids);
}

/* JSON */

static JsonArray *
parts_to_json (GPtrArray  *parts,
               const char *key_name,
               const char *value_name)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < parts->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (parts, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, key_name, part->key);
      json_object_set_string_member (object, "name", part->label);
      json_object_set_int_member (object, value_name, part->value);
      json_array_add_object_element (array, object);
    }
  return array;
}

JsonObject *
tkt_figures_to_json (const TktFigures *figures)
{
  JsonObject *root;
  JsonObject *object;

  g_return_val_if_fail (figures != NULL, NULL);

  root = json_object_new ();
  json_object_set_int_member (root, "year", figures->year);

  object = json_object_new ();
  json_object_set_int_member (object, "total", figures->monitored);
  json_object_set_array_member (object, "programmes", parts_to_json (figures->monitored_programmes, "id", "count"));
  json_object_set_int_member (object, "national_other", figures->monitored_national_other);
  json_object_set_int_member (object, "provincial", figures->monitored_provincial);
  json_object_set_int_member (object, "grassroots", figures->monitored_grassroots);
  json_object_set_int_member (object, "no_level", figures->monitored_no_level);
  json_object_set_object_member (root, "monitored", object);

  json_object_set_int_member (root, "ordered", figures->ordered);
  json_object_set_int_member (root, "approved", figures->approved);

  object = json_object_new ();
  json_object_set_int_member (object, "total", figures->accepted);
  json_object_set_array_member (object, "ratings", parts_to_json (figures->accepted_ratings, "rating", "count"));
  json_object_set_object_member (root, "accepted", object);

  json_object_set_int_member (root, "cancelled", figures->cancelled);

  object = json_object_new ();
  json_object_set_int_member (object, "results", figures->transfer_results);
  json_object_set_int_member (object, "units", figures->transfer_units);
  json_object_set_int_member (object, "enterprises", figures->transfer_enterprises);
  json_object_set_array_member (object, "sectors", parts_to_json (figures->transfer_sectors, "id", "results"));
  json_object_set_object_member (root, "transfers", object);

  object = json_object_new ();
  json_object_set_int_member (object, "year", figures->year + 1);
  json_object_set_int_member (object, "total", figures->planned);
  json_object_set_int_member (object, "national", figures->planned_national);
  json_object_set_int_member (object, "provincial", figures->planned_provincial);
  json_object_set_int_member (object, "grassroots", figures->planned_grassroots);
  json_object_set_object_member (root, "planned", object);

  object = json_object_new ();
  json_object_set_int_member (object, "central", figures->budget_central);
  json_object_set_int_member (object, "local", figures->budget_local);
  json_object_set_int_member (object, "other", figures->budget_other);
  json_object_set_int_member (object, "total", figures->budget_total);
  json_object_set_object_member (root, "budget", object);

  return root;
}

static gboolean
invalid (GError    **error,
         const char *member)
{
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
               _("The report figures are not valid: “%s” is missing or wrong"), member);
  return FALSE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *member,
         gint64       min,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min)
    return invalid (error, member);
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           guint       *out,
           GError     **error)
{
  gint64 value = 0;

  if (!get_int (object, member, 0, &value, error))
    return FALSE;
  if (value > G_MAXUINT)
    return invalid (error, member);
  *out = (guint) value;
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, member);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
get_parts (JsonObject  *object,
           const char  *member,
           const char  *key_name,
           const char  *value_name,
           GPtrArray   *parts,
           GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, member);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;
      JsonNode *key;
      JsonNode *name;
      gint64 value = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return invalid (error, member);
      item = json_node_get_object (element);
      key = json_object_get_member (item, key_name);
      name = json_object_get_member (item, "name");
      if (key == NULL || json_node_get_value_type (key) != G_TYPE_STRING ||
          name == NULL || json_node_get_value_type (name) != G_TYPE_STRING)
        return invalid (error, member);
      if (!get_int (item, value_name, 0, &value, error))
        return FALSE;
      g_ptr_array_add (parts, part_new (json_node_get_string (key), json_node_get_string (name), value));
    }
  return TRUE;
}

TktFigures *
tkt_figures_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(TktFigures) figures = NULL;
  JsonObject *monitored;
  JsonObject *accepted;
  JsonObject *transfers;
  JsonObject *planned;
  JsonObject *budget;
  gint64 year = 0;
  gint64 planned_year = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (object == NULL)
    {
      invalid (error, "year");
      return NULL;
    }
  if (!get_int (object, "year", 1, &year, error))
    return NULL;
  if (year >= 9999)
    {
      invalid (error, "year");
      return NULL;
    }
  figures = figures_new ((int) year);

  if ((monitored = get_object (object, "monitored", error)) == NULL ||
      !get_count (monitored, "total", &figures->monitored, error) ||
      !get_parts (monitored, "programmes", "id", "count", figures->monitored_programmes, error) ||
      !get_count (monitored, "national_other", &figures->monitored_national_other, error) ||
      !get_count (monitored, "provincial", &figures->monitored_provincial, error) ||
      !get_count (monitored, "grassroots", &figures->monitored_grassroots, error) ||
      !get_count (monitored, "no_level", &figures->monitored_no_level, error) ||
      !get_count (object, "ordered", &figures->ordered, error) ||
      !get_count (object, "approved", &figures->approved, error) ||
      (accepted = get_object (object, "accepted", error)) == NULL ||
      !get_count (accepted, "total", &figures->accepted, error) ||
      !get_parts (accepted, "ratings", "rating", "count", figures->accepted_ratings, error) ||
      !get_count (object, "cancelled", &figures->cancelled, error) ||
      (transfers = get_object (object, "transfers", error)) == NULL ||
      !get_count (transfers, "results", &figures->transfer_results, error) ||
      !get_count (transfers, "units", &figures->transfer_units, error) ||
      !get_count (transfers, "enterprises", &figures->transfer_enterprises, error) ||
      !get_parts (transfers, "sectors", "id", "results", figures->transfer_sectors, error) ||
      (planned = get_object (object, "planned", error)) == NULL ||
      !get_int (planned, "year", 0, &planned_year, error) ||
      !get_count (planned, "total", &figures->planned, error) ||
      !get_count (planned, "national", &figures->planned_national, error) ||
      !get_count (planned, "provincial", &figures->planned_provincial, error) ||
      !get_count (planned, "grassroots", &figures->planned_grassroots, error) ||
      (budget = get_object (object, "budget", error)) == NULL ||
      !get_int (budget, "central", 0, &figures->budget_central, error) ||
      !get_int (budget, "local", 0, &figures->budget_local, error) ||
      !get_int (budget, "other", 0, &figures->budget_other, error) ||
      !get_int (budget, "total", 0, &figures->budget_total, error))
    return NULL;
  if (planned_year != year + 1)
    {
      invalid (error, "planned.year");
      return NULL;
    }
  return g_steal_pointer (&figures);
}

/* Sentences: the document's Vietnamese, not translated. */

static char *
count (guint n)
{
  return tkt_text_format_count (n);
}

/* A sector name inside a sentence: lower case first letter as the article
 * writes them ("y tế, tài nguyên - môi trường"), unless the first word is
 * an acronym ("CNTT"); the catalogue's en dash between words becomes the
 * hyphen the article and the programme names use. */
static char *
name_in_sentence (const char *label)
{
  g_autofree char *dashes = NULL;
  g_auto(GStrv) split = NULL;
  const char *second;
  gunichar first;
  GString *out;

  if (label == NULL || *label == '\0')
    return g_strdup ("");
  split = g_strsplit (label, " – ", -1);
  dashes = g_strjoinv (" - ", split);

  first = g_utf8_get_char (dashes);
  second = g_utf8_next_char (dashes);
  if (*second != '\0' && g_unichar_isupper (g_utf8_get_char (second)))
    return g_steal_pointer (&dashes);
  out = g_string_new (NULL);
  g_string_append_unichar (out, g_unichar_tolower (first));
  g_string_append (out, second);
  return g_string_free (out, FALSE);
}

/* Adds "<before><n> <after>" unless n is 0. */
static void
add_part (GPtrArray  *parts,
          guint       n,
          const char *before,
          const char *after)
{
  g_autofree char *number = NULL;

  if (n == 0)
    return;
  number = count (n);
  g_ptr_array_add (parts, g_strconcat (before, number, " ", after, NULL));
}

static char *
sentence_monitored (const TktFigures *f)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *total = NULL;
  g_autofree char *joined = NULL;

  if (f->monitored == 0)
    return NULL;
  for (guint i = 0; i < f->monitored_programmes->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (f->monitored_programmes, i);
      g_autofree char *number = count ((guint) part->value);

      g_ptr_array_add (parts, g_strdup_printf (i == 0 ? "%s nhiệm vụ KH&CN cấp quốc gia thuộc %s"
                                                      : "%s nhiệm vụ KH&CN thuộc %s",
                                               number, part->label));
    }
  add_part (parts, f->monitored_national_other,
            "", f->monitored_programmes->len > 0 ? "nhiệm vụ KH&CN cấp quốc gia khác"
                                                 : "nhiệm vụ KH&CN cấp quốc gia");
  add_part (parts, f->monitored_provincial, "", "nhiệm vụ cấp tỉnh");
  add_part (parts, f->monitored_grassroots, "", "nhiệm vụ cấp cơ sở");
  total = count (f->monitored);
  if (f->monitored_no_level == f->monitored)
    return g_strdup_printf ("Sở tiếp tục theo dõi, quản lý %s nhiệm vụ KH&CN.", total);
  add_part (parts, f->monitored_no_level, "", "nhiệm vụ chưa xác định cấp quản lý");
  if (parts->len == 1)
    return g_strdup_printf ("Sở tiếp tục theo dõi, quản lý %s.", (char *) g_ptr_array_index (parts, 0));
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv ("; ", (char **) parts->pdata);
  return g_strdup_printf ("Sở tiếp tục theo dõi, quản lý %s nhiệm vụ KH&CN, trong đó có %s.", total, joined);
}

static char *
sentence_ordered (const TktFigures *f)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  add_part (parts, f->ordered,
            "đề xuất đặt hàng ", "nhiệm vụ nghiên cứu khoa học phát triển công nghệ triển khai trên địa bàn tỉnh");
  add_part (parts, f->approved, "phê duyệt tuyển chọn, giao trực tiếp ", "nhiệm vụ");
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv ("; ", (char **) parts->pdata);
  return g_strdup_printf ("Trong năm ngành đã tham mưu cho UBND tỉnh %s.", joined);
}

static char *
sentence_accepted (const TktFigures *f)
{
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (f->accepted > 0)
    {
      g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *number = count (f->accepted);
      GString *clause = g_string_new (NULL);

      g_string_printf (clause, "nghiệm thu %s nhiệm vụ KH&CN", number);
      for (guint i = 0; i < f->accepted_ratings->len; i++)
        {
          TktFigurePart *part = g_ptr_array_index (f->accepted_ratings, i);
          g_autofree char *n = count ((guint) part->value);
          g_autofree char *label = name_in_sentence (part->label);

          if (*part->key == '\0')
            g_ptr_array_add (ratings, g_strdup_printf ("%s nhiệm vụ chưa xếp loại", n));
          else
            g_ptr_array_add (ratings, g_strdup_printf ("%s nhiệm vụ xếp loại %s", n, label));
        }
      if (ratings->len > 0)
        {
          g_autofree char *list = NULL;

          g_ptr_array_add (ratings, NULL);
          list = tkt_text_join_list ((const char * const *) ratings->pdata);
          g_string_append_printf (clause, " (%s)", list);
        }
      g_ptr_array_add (clauses, g_string_free (clause, FALSE));
    }
  add_part (clauses, f->cancelled, "dừng thực hiện ", "nhiệm vụ");
  if (clauses->len == 0)
    return NULL;
  g_ptr_array_add (clauses, NULL);
  joined = g_strjoinv ("; ", (char **) clauses->pdata);
  return g_strdup_printf ("Trong năm đã %s.", joined);
}

static char *
sentence_transfers (const TktFigures *f)
{
  g_autofree char *results = NULL;
  GString *out;

  if (f->transfer_results == 0)
    return NULL;
  results = count (f->transfer_results);
  out = g_string_new (NULL);
  g_string_printf (out, "Tham mưu UBND tỉnh chuyển giao %s kết quả nghiên cứu khoa học và phát triển công nghệ",
                   results);
  if (f->transfer_units > 0)
    {
      g_autofree char *units = count (f->transfer_units);

      g_string_append_printf (out, " tới %s đơn vị", units);
      if (f->transfer_enterprises > 0)
        {
          g_autofree char *enterprises = count (f->transfer_enterprises);

          g_string_append_printf (out, " (trong đó có %s doanh nghiệp)", enterprises);
        }
    }
  if (f->transfer_sectors->len > 0)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *list = NULL;

      for (guint i = 0; i < f->transfer_sectors->len; i++)
        {
          TktFigurePart *part = g_ptr_array_index (f->transfer_sectors, i);

          g_ptr_array_add (names, name_in_sentence (part->label));
        }
      g_ptr_array_add (names, NULL);
      list = tkt_text_join_list ((const char * const *) names->pdata);
      if (f->transfer_sectors->len == 1)
        g_string_append_printf (out, ", tập trung vào lĩnh vực %s", list);
      else
        g_string_append_printf (out, ", tập trung vào các lĩnh vực: %s", list);
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

static char *
sentence_planned (const TktFigures *f)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  guint rest;

  if (f->planned == 0)
    return NULL;
  add_part (parts, f->planned_provincial, "", "nhiệm vụ cấp tỉnh");
  add_part (parts, f->planned_national, "", "nhiệm vụ cấp quốc gia");
  add_part (parts, f->planned_grassroots, "", "nhiệm vụ cấp cơ sở");
  rest = f->planned - MIN (f->planned, f->planned_provincial + f->planned_national + f->planned_grassroots);
  add_part (parts, rest, "", parts->len > 0 ? "nhiệm vụ chưa xác định cấp quản lý" : "nhiệm vụ KH&CN");
  g_ptr_array_add (parts, NULL);
  list = tkt_text_join_list ((const char * const *) parts->pdata);
  return g_strdup_printf ("Năm %d, tiếp tục theo dõi, quản lý %s.", f->year + 1, list);
}

static char *
sentence_budget (const TktFigures *f)
{
  static const char * const names[] = { "ngân sách trung ương", "ngân sách địa phương", "nguồn khác" };
  gint64 values[] = { f->budget_central, f->budget_local, f->budget_other };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *total = NULL;
  g_autofree char *list = NULL;
  const char *only = NULL;

  if (f->budget_total <= 0)
    return NULL;
  total = tkt_text_format_money (f->budget_total);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (values[i] != 0)
      {
        g_autofree char *money = tkt_text_format_money (values[i]);

        g_ptr_array_add (parts, g_strdup_printf ("%s %s", names[i], money));
        only = names[i];
      }
  if (parts->len == 1)
    return g_strdup_printf ("Tổng kinh phí thực hiện các nhiệm vụ đang theo dõi, quản lý là %s, "
                            "toàn bộ từ %s.", total, only);
  g_ptr_array_add (parts, NULL);
  list = tkt_text_join_list ((const char * const *) parts->pdata);
  return g_strdup_printf ("Tổng kinh phí thực hiện các nhiệm vụ đang theo dõi, quản lý là %s, "
                          "trong đó: %s.", total, list);
}

char *
tkt_figures_sentence (const TktFigures *figures,
                      TktSentence       which)
{
  g_return_val_if_fail (figures != NULL, NULL);

  switch (which)
    {
    case TKT_SENTENCE_MONITORED:
      return sentence_monitored (figures);
    case TKT_SENTENCE_ORDERED:
      return sentence_ordered (figures);
    case TKT_SENTENCE_ACCEPTED:
      return sentence_accepted (figures);
    case TKT_SENTENCE_TRANSFERS:
      return sentence_transfers (figures);
    case TKT_SENTENCE_PLANNED:
      return sentence_planned (figures);
    case TKT_SENTENCE_BUDGET:
      return sentence_budget (figures);
    case TKT_N_SENTENCES:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char * const sentence_keys[TKT_N_SENTENCES] = {
  [TKT_SENTENCE_MONITORED] = "monitored",
  [TKT_SENTENCE_ORDERED] = "ordered",
  [TKT_SENTENCE_ACCEPTED] = "accepted",
  [TKT_SENTENCE_TRANSFERS] = "transfers",
  [TKT_SENTENCE_PLANNED] = "planned",
  [TKT_SENTENCE_BUDGET] = "budget",
};

const char *
tkt_sentence_to_key (TktSentence which)
{
  g_return_val_if_fail ((guint) which < TKT_N_SENTENCES, NULL);

  return sentence_keys[which];
}

gboolean
tkt_sentence_from_key (const char  *key,
                       TktSentence *which)
{
  for (guint i = 0; key != NULL && i < TKT_N_SENTENCES; i++)
    if (strcmp (key, sentence_keys[i]) == 0)
      {
        if (which != NULL)
          *which = (TktSentence) i;
        return TRUE;
      }
  return FALSE;
}
