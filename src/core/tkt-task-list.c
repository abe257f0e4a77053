/* tkt-task-list.c — a lazy GListModel of TktTask over the task index.
 *
 * A query (filters, full-text search, sort) runs in SQL over task_index and
 * task_fts (tkt-index.md) and keeps only the matching rowids, in order.
 * get_item turns one rowid into a TktTask by loading that document from the
 * store; a small cache keeps the last items built so that scrolling back
 * and forth does not parse the same documents again.  100,000 tasks are
 * 800 kB of rowids, not 100,000 objects.
 *
 * Sorting uses the *_key columns (ICU "vi" sort keys compared with memcmp,
 * as SQLite compares BLOBs), so the order is Vietnamese; empty values come
 * last in both directions; ties keep rowid order so the list is stable.
 * SQLite walks the index of the sort column (ORDER BY … NULLS LAST uses it)
 * to give the "base" order: every task that the filters let through.
 *
 * Search as you type re-uses that base order: a keystroke asks task_fts
 * only for the set of matching rowids (a bitmap), then keeps the base rows
 * that are in it.  A one-letter search matches nearly every task; sorting
 * 100,000 FTS matches by title for each keystroke cost 100 ms, the bitmap
 * costs a few.  The CLI's tkt_task_query_ids still runs one SQL query.
 */
#define G_LOG_DOMAIN "tkt-task-list"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-task-list.h"
#include "tkt-task-private.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

/* How many built items the list keeps (a few screens of rows). */
#define CACHE_SIZE 256

/* Above this many changed ids in one commit (an import), the list reports
 * its whole range instead of looking for each changed row. */
#define MAX_TRACKED_CHANGES 1000

struct _TktTaskList
{
  GObject        parent_instance;

  TktStore      *store;
  gulong         changed_handler;

  TktTaskFilter  filter;

  GArray        *rowids;          /* gint64, in list order */
  /* The query runs when the list is first asked for its items, so that
   * the filter and sort of a new list are set before it runs once (a
   * query over 100,000 tasks is tens of milliseconds of the start). */
  gboolean       queried;

  /* The filter's rows without the search, in list order (NULL: to be run
   * again), and the greatest rowid in it. */
  GArray        *base;
  gint64         base_max;

  /* position → TktTask, and the positions in the order they were built. */
  GHashTable    *cache;
  GQueue         cache_order;

  /* SQL text → sqlite3_stmt, prepared once per list. */
  GHashTable    *statements;

  /* While a whole-list change is told as "all removed": no items. */
  gboolean       emptied;
};

/* A change of the whole list larger than this is told in two steps. */
#define RESET_THRESHOLD 1000

static void tkt_task_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TktTaskList, tkt_task_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, tkt_task_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* SQL */

/* The sort expression and the column whose NULL means "empty". */
typedef struct {
  const char *expr;       /* NULL: built from a vocabulary */
  TktVocabKind vocab;
  const char *column;
} SortColumn;

static const SortColumn sort_columns[] = {
  [TKT_TASK_SORT_CODE]      = { "t.code_key", 0, "t.code_key" },
  [TKT_TASK_SORT_TITLE]     = { "t.title_key", 0, "t.title_key" },
  [TKT_TASK_SORT_LEVEL]     = { NULL, TKT_VOCAB_LEVEL, "t.level" },
  [TKT_TASK_SORT_PROGRAMME] = { "t.programme_key", 0, "t.programme_key" },
  [TKT_TASK_SORT_SECTOR]    = { "t.sector_key", 0, "t.sector_key" },
  [TKT_TASK_SORT_STATUS]    = { NULL, TKT_VOCAB_STAGE, "t.status" },
  [TKT_TASK_SORT_LEAD_ORG]  = { "t.lead_org_key", 0, "t.lead_org_key" },
  [TKT_TASK_SORT_PI]        = { "t.pi_key", 0, "t.pi_key" },
  [TKT_TASK_SORT_START]     = { "t.start", 0, "t.start" },
  [TKT_TASK_SORT_END]       = { "t.\"end\"", 0, "t.\"end\"" },
  [TKT_TASK_SORT_BUDGET]    = { "t.budget_total", 0, "t.budget_total" },
};

static const struct {
  const char  *name;
  TktTaskSort  sort;
} sort_names[] = {
  { "code", TKT_TASK_SORT_CODE },
  { "title", TKT_TASK_SORT_TITLE },
  { "level", TKT_TASK_SORT_LEVEL },
  { "programme", TKT_TASK_SORT_PROGRAMME },
  { "sector", TKT_TASK_SORT_SECTOR },
  { "status", TKT_TASK_SORT_STATUS },
  { "lead_org", TKT_TASK_SORT_LEAD_ORG },
  { "lead-org", TKT_TASK_SORT_LEAD_ORG },
  { "pi", TKT_TASK_SORT_PI },
  { "start", TKT_TASK_SORT_START },
  { "end", TKT_TASK_SORT_END },
  { "budget", TKT_TASK_SORT_BUDGET },
  { "budget_total", TKT_TASK_SORT_BUDGET },
};

/* The FTS5 query for what the user typed: each folded word cut into the
 * tokens task_fts's tokenizer sees (runs of letters and digits), all
 * required; the last token of each word is a prefix: «Điện "Biên*» →
 * "dien"* AND "bien"*, «ĐB.2023» → "db" AND "2023"*.  Single-token terms
 * (no phrases) work with task_fts's detail=none, and a prefix of one to
 * three letters is read from its prefix index.  Only letters and digits
 * reach the query, so no user text can be a syntax error.  NULL if
 * nothing is left to search for. */
static char *
build_match (const char *search)
{
  g_autofree char *folded = NULL;
  g_autoptr(GString) match = NULL;
  g_autoptr(GString) token = NULL;

  if (search == NULL)
    return NULL;

  folded = tkt_text_fold (search);
  match = g_string_new (NULL);
  token = g_string_new (NULL);

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (token, c);
          continue;
        }

      if (token->len > 0)
        {
          /* A token ends: a prefix if its word ends here too. */
          gboolean word_ends = c == 0 || g_unichar_isspace (c);

          if (match->len > 0)
            g_string_append (match, " AND ");
          g_string_append_printf (match, "\"%s\"%s", token->str, word_ends ? "*" : "");
          g_string_truncate (token, 0);
        }

      if (c == 0)
        break;
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* CASE t.level WHEN 'national' THEN 0 … ELSE n END: the vocabulary's order. */
static void
append_vocab_order (GString      *sql,
                    const char   *column,
                    TktVocabKind  kind)
{
  const TktVocab *vocab = tkt_vocab_get (kind);
  guint i;

  g_string_append_printf (sql, "CASE %s", column);
  for (i = 0; vocab[i].key != NULL; i++)
    {
      char *quoted = sqlite3_mprintf ("%Q", vocab[i].key);

      g_string_append_printf (sql, " WHEN %s THEN %u", quoted, i);
      sqlite3_free (quoted);
    }
  g_string_append_printf (sql, " ELSE %u END", i);
}

/* The query for filter: SELECT <what> … in list order; parameters :match,
 * :level, :programme, :sector, :status, :year as used. */
static char *
build_sql (const TktTaskFilter *filter,
           const char          *what,
           const char          *match)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const SortColumn *column;
  const char *dir = filter->descending ? "DESC" : "ASC";
  guint sort = filter->sort;

  if (sort >= G_N_ELEMENTS (sort_columns))
    sort = TKT_TASK_SORT_TITLE;
  column = &sort_columns[sort];

  g_string_append_printf (sql, "SELECT %s FROM ", what);
  if (match != NULL)
    g_string_append (sql, "task_fts JOIN task_index t ON t.rowid = task_fts.rowid WHERE task_fts MATCH :match");
  else
    g_string_append (sql, "task_index t WHERE 1");

  if (filter->level != NULL)
    g_string_append (sql, " AND t.level = :level");
  if (filter->programme != NULL)
    g_string_append (sql, " AND t.programme = :programme");
  if (filter->sector != NULL)
    g_string_append (sql, " AND t.sector = :sector");
  if (filter->status != NULL)
    g_string_append (sql, " AND t.status = :status");
  if (filter->year != 0)
    g_string_append (sql, " AND t.year_from <= :year AND (t.year_to IS NULL OR t.year_to >= :year)");

  g_string_append (sql, " ORDER BY ");
  if (column->expr != NULL)
    {
      g_string_append_printf (sql, "%s %s NULLS LAST, ", column->expr, dir);
    }
  else
    {
      /* A vocabulary's order, ties in rowid order like every sort.  (Titles
       * inside a group would need a second sort key over every row: three
       * times slower with 100,000 tasks.) */
      g_string_append_printf (sql, "%s IS NULL, ", column->column);
      append_vocab_order (sql, column->column, column->vocab);
      g_string_append_printf (sql, " %s, ", dir);
    }
  g_string_append_printf (sql, "t.rowid %s", dir);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_filter (sqlite3_stmt        *stmt,
             const TktTaskFilter *filter,
             const char          *match)
{
  int index;

  bind_text (stmt, ":match", match);
  bind_text (stmt, ":level", filter->level);
  bind_text (stmt, ":programme", filter->programme);
  bind_text (stmt, ":sector", filter->sector);
  bind_text (stmt, ":status", filter->status);

  index = sqlite3_bind_parameter_index (stmt, ":year");
  if (index > 0)
    sqlite3_bind_int (stmt, index, filter->year);
}

static void
filter_copy (TktTaskFilter       *dest,
             const TktTaskFilter *src)
{
  /* Empty strings mean no filter, as NULL does. */
#define DUP(s) ((s) != NULL && *(s) != '\0' ? g_strdup (s) : NULL)
  dest->search = DUP (src->search);
  dest->level = DUP (src->level);
  dest->programme = DUP (src->programme);
  dest->sector = DUP (src->sector);
  dest->status = DUP (src->status);
#undef DUP
  dest->year = src->year;
  dest->sort = src->sort;
  dest->descending = src->descending;
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Cache */

static void
cache_clear (TktTaskList *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear (&self->cache_order);
}

static void
cache_add (TktTaskList *self,
           guint        position,
           TktTask     *task)
{
  while (g_queue_get_length (&self->cache_order) >= CACHE_SIZE)
    {
      guint oldest = GPOINTER_TO_UINT (g_queue_pop_head (&self->cache_order));

      g_hash_table_remove (self->cache, GUINT_TO_POINTER (oldest));
    }

  g_hash_table_insert (self->cache, GUINT_TO_POINTER (position), g_object_ref (task));
  g_queue_push_tail (&self->cache_order, GUINT_TO_POINTER (position));
}

/* Query */

static sqlite3_stmt *
get_statement (TktTaskList *self,
               char        *sql)    /* owned */
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      sqlite3 *db = tkt_store_get_db (self->store);

      if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          g_warning ("Cannot prepare the task query: %s", sqlite3_errmsg (db));
          g_free (sql);
          return NULL;
        }
      g_hash_table_insert (self->statements, sql, stmt);
    }
  else
    {
      g_free (sql);
    }

  return stmt;
}

/* The base order: the filter's rows, search left aside. */
static void
ensure_base (TktTaskList *self)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->base != NULL)
    return;

  self->base = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->base_max = 0;
  stmt = get_statement (self, build_sql (&self->filter, "t.rowid", NULL));
  if (stmt == NULL)
    return;

  bind_filter (stmt, &self->filter, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (self->base, rowid);
      self->base_max = MAX (self->base_max, rowid);
    }
  if (rc != SQLITE_DONE)
    g_warning ("The task query failed: %s", sqlite3_errmsg (tkt_store_get_db (self->store)));

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
invalidate_base (TktTaskList *self)
{
  g_clear_pointer (&self->base, g_array_unref);
}

static GArray *
run_query (TktTaskList *self)
{
  g_autofree char *match = build_match (self->filter.search);
  g_autofree guint8 *found = NULL;
  GArray *rowids;
  sqlite3_stmt *stmt;
  int rc;

  ensure_base (self);
  if (match == NULL)
    return g_array_ref (self->base);

  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->base->len == 0)
    return rowids;

  /* The matching rowids as a bitmap (12 kB for 100,000 tasks) … */
  stmt = get_statement (self, g_strdup ("SELECT rowid FROM task_fts WHERE task_fts MATCH ?1"));
  if (stmt == NULL)
    return rowids;
  found = g_malloc0 ((gsize) (self->base_max / 8 + 1));
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      if (rowid >= 0 && rowid <= self->base_max)
        found[rowid / 8] |= (guint8) (1u << (rowid % 8));
    }
  if (rc != SQLITE_DONE)
    g_warning ("The task search failed: %s", sqlite3_errmsg (tkt_store_get_db (self->store)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  /* … and the base rows in it, in base order. */
  for (guint i = 0; i < self->base->len; i++)
    {
      gint64 rowid = g_array_index (self->base, gint64, i);

      if (found[rowid / 8] & (1u << (rowid % 8)))
        g_array_append_val (rowids, rowid);
    }

  return rowids;
}

static int
position_of_rowid (GArray *rowids,
                   gint64  rowid)
{
  for (guint i = 0; i < rowids->len; i++)
    {
      if (g_array_index (rowids, gint64, i) == rowid)
        return (int) i;
    }

  return -1;
}

static gint64
rowid_of_id (TktTaskList *self,
             const char  *id)
{
  sqlite3_stmt *stmt = get_statement (self, g_strdup ("SELECT rowid FROM task_index WHERE id = ?"));
  gint64 rowid = -1;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rowid;
}

/* Re-runs the query.  With whole_range the list says everything changed
 * (a new filter or sort); otherwise it reports the smallest range that
 * covers what moved and the positions of the documents in changed_ids
 * (their rows must be redrawn even if they did not move). */
static void
requery (TktTaskList        *self,
         gboolean            whole_range,
         const char * const *changed_ids)
{
  g_autoptr(GArray) old = NULL;
  guint old_n;
  guint new_n;
  guint prefix = 0;
  guint suffix = 0;
  guint first;
  guint last_old;   /* one past the changed range in the old array */
  guint last_new;

  /* Not asked for yet: nobody has seen an item to tell of a change. */
  if (!self->queried)
    return;
  old = g_steal_pointer (&self->rowids);
  old_n = old->len;
  self->rowids = run_query (self);
  new_n = self->rowids->len;
  cache_clear (self);

  if (whole_range)
    {
      prefix = 0;
      last_old = old_n;
      last_new = new_n;
    }
  else
    {
      const gint64 *a = (const gint64 *) (gpointer) old->data;
      const gint64 *b = (const gint64 *) (gpointer) self->rowids->data;

      while (prefix < old_n && prefix < new_n && a[prefix] == b[prefix])
        prefix++;
      while (suffix < old_n - prefix && suffix < new_n - prefix &&
             a[old_n - 1 - suffix] == b[new_n - 1 - suffix])
        suffix++;

      last_old = old_n - suffix;
      last_new = new_n - suffix;

      /* An edited task that kept its place is "changed" in place: widen
       * the range to cover it.  Outside [prefix, last_new) the new array
       * equals the old one (shifted by last_old - last_new after it).
       * After a big import, everything has changed anyway. */
      if (changed_ids != NULL && g_strv_length ((GStrv) changed_ids) > MAX_TRACKED_CHANGES)
        {
          prefix = 0;
          last_old = old_n;
          last_new = new_n;
        }
      else if (changed_ids != NULL)
        {
          g_autoptr(GHashTable) changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

          for (guint i = 0; changed_ids[i] != NULL; i++)
            {
              gint64 rowid;

              if (!g_str_has_prefix (changed_ids[i], "task:"))
                continue;

              rowid = rowid_of_id (self, changed_ids[i]);
              if (rowid >= 0)
                g_hash_table_add (changed, g_memdup2 (&rowid, sizeof rowid));
            }

          for (guint pos = 0; g_hash_table_size (changed) > 0 && pos < new_n; pos++)
            {
              if (pos == prefix && pos < last_new)
                {
                  /* Inside the range already: skip over it. */
                  pos = last_new - 1;
                  continue;
                }

              if (!g_hash_table_contains (changed, &g_array_index (self->rowids, gint64, pos)))
                continue;

              if (prefix == last_old && prefix == last_new)
                {
                  /* Nothing moved yet: the range is this one row. */
                  prefix = pos;
                  last_old = last_new = pos + 1;
                }
              else if (pos < prefix)
                {
                  /* Widen down to pos; the loop then jumps the range. */
                  prefix = pos;
                  pos = last_new - 1;
                }
              else
                {
                  guint grow = pos + 1 - last_new;

                  last_new += grow;
                  last_old += grow;
                }
            }
        }
    }

  first = prefix;
  if (first == 0 && last_old == old_n && last_new == new_n &&
      old_n > 0 && new_n > 0 && old_n + new_n > RESET_THRESHOLD)
    {
      /* GTK 4.8's list views and GtkSingleSelection look for the items they
       * showed or had selected among every item a change adds (to keep a
       * row's widget, or the selection): for a new search or filter over
       * 100,000 tasks that would build every task.  A change of the whole
       * list is told as two: all removed (the list empty meanwhile), then
       * all added.  The page selects the task it shows again by its id. */
      self->emptied = TRUE;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      self->emptied = FALSE;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
    }
  else if (last_old > first || last_new > first)
    g_list_model_items_changed (G_LIST_MODEL (self), first, last_old - first, last_new - first);

  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static TktTask *
build_item (TktTaskList *self,
            gint64       rowid)
{
  sqlite3_stmt *stmt;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  JsonObject *doc;

  stmt = get_statement (self, g_strdup ("SELECT id, title FROM task_index WHERE rowid = ?"));
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
    }

  if (id != NULL)
    {
      g_autoptr(GError) error = NULL;

      doc = tkt_store_get (self->store, id, &error);
      if (doc != NULL)
        return tkt_task_new_take_json (doc);

      g_debug ("Task %s is in the index but cannot be read: %s", id, error->message);

      /* Another connection changed the store under us: show what the index
       * knows until the next refresh. */
      doc = json_object_new ();
      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "task");
      if (title != NULL)
        json_object_set_string_member (doc, "title", title);
      return tkt_task_new_take_json (doc);
    }

  return tkt_task_new ();
}

/* GListModel */

static GType
tkt_task_list_get_item_type (GListModel *model)
{
  return TKT_TYPE_TASK;
}

static void
ensure_queried (TktTaskList *self)
{
  if (self->queried)
    return;
  self->queried = TRUE;
  g_clear_pointer (&self->rowids, g_array_unref);
  self->rowids = run_query (self);
}

static guint
tkt_task_list_get_n_items (GListModel *model)
{
  TktTaskList *self = TKT_TASK_LIST (model);

  ensure_queried (self);
  return self->emptied ? 0 : self->rowids->len;
}

static gpointer
tkt_task_list_get_item (GListModel *model,
                        guint       position)
{
  TktTaskList *self = TKT_TASK_LIST (model);
  TktTask *cached;
  g_autoptr(TktTask) task = NULL;

  ensure_queried (self);
  if (self->emptied || position >= self->rowids->len)
    return NULL;

  cached = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (position));
  if (cached != NULL)
    return g_object_ref (cached);

  task = build_item (self, g_array_index (self->rowids, gint64, position));
  cache_add (self, position, task);

  return g_steal_pointer (&task);
}

static void
tkt_task_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tkt_task_list_get_item_type;
  iface->get_n_items = tkt_task_list_get_n_items;
  iface->get_item = tkt_task_list_get_item;
}

/* Signal callbacks */

static void
store_changed_cb (TktTaskList *self,
                  GStrv        ids,
                  TktStore    *store)
{
  invalidate_base (self);
  requery (self, FALSE, (const char * const *) ids);
}

/* GObject */

static void
tkt_task_list_constructed (GObject *object)
{
  TktTaskList *self = (TktTaskList *)object;

  G_OBJECT_CLASS (tkt_task_list_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  self->changed_handler = g_signal_connect_object (self->store, "changed",
                                                   G_CALLBACK (store_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  invalidate_base (self);
}

static void
tkt_task_list_dispose (GObject *object)
{
  TktTaskList *self = (TktTaskList *)object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);

  cache_clear (self);
  /* The statements belong to the store's connection: finalize them first. */
  g_hash_table_remove_all (self->statements);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tkt_task_list_parent_class)->dispose (object);
}

static void
tkt_task_list_finalize (GObject *object)
{
  TktTaskList *self = (TktTaskList *)object;

  tkt_task_filter_clear (&self->filter);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->base, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);

  G_OBJECT_CLASS (tkt_task_list_parent_class)->finalize (object);
}

static void
tkt_task_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TktTaskList *self = TKT_TASK_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_N_ITEMS:
      ensure_queried (self);
      g_value_set_uint (value, self->rowids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_task_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TktTaskList *self = TKT_TASK_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_task_list_class_init (TktTaskListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tkt_task_list_constructed;
  object_class->dispose = tkt_task_list_dispose;
  object_class->finalize = tkt_task_list_finalize;
  object_class->get_property = tkt_task_list_get_property;
  object_class->set_property = tkt_task_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TKT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tkt_task_list_init (TktTaskList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  g_queue_init (&self->cache_order);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            statement_free);
}

/* Public API */

TktTaskList *
tkt_task_list_new (TktStore *store)
{
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  return g_object_new (TKT_TYPE_TASK_LIST, "store", store, NULL);
}

TktStore *
tkt_task_list_get_store (TktTaskList *self)
{
  g_return_val_if_fail (TKT_IS_TASK_LIST (self), NULL);

  return self->store;
}

void
tkt_task_list_set_filter (TktTaskList         *self,
                          const TktTaskFilter *filter)
{
  TktTaskFilter copy = { 0 };

  g_return_if_fail (TKT_IS_TASK_LIST (self));
  g_return_if_fail (filter != NULL);

  /* filter may be our own: copy before clearing. */
  filter_copy (&copy, filter);
  tkt_task_filter_clear (&self->filter);
  self->filter = copy;

  invalidate_base (self);
  requery (self, TRUE, NULL);
}

const TktTaskFilter *
tkt_task_list_get_filter (TktTaskList *self)
{
  g_return_val_if_fail (TKT_IS_TASK_LIST (self), NULL);

  return &self->filter;
}

void
tkt_task_list_set_search (TktTaskList *self,
                          const char  *search)
{
  g_return_if_fail (TKT_IS_TASK_LIST (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (search, self->filter.search) == 0)
    return;

  g_free (self->filter.search);
  self->filter.search = g_strdup (search);

  requery (self, TRUE, NULL);
}

void
tkt_task_list_set_sort (TktTaskList *self,
                        TktTaskSort  sort,
                        gboolean     descending)
{
  g_return_if_fail (TKT_IS_TASK_LIST (self));
  g_return_if_fail (sort < G_N_ELEMENTS (sort_columns));

  descending = !!descending;
  if (self->filter.sort == sort && self->filter.descending == descending)
    return;

  self->filter.sort = sort;
  self->filter.descending = descending;

  invalidate_base (self);
  requery (self, TRUE, NULL);
}

void
tkt_task_list_refresh (TktTaskList *self)
{
  g_return_if_fail (TKT_IS_TASK_LIST (self));

  invalidate_base (self);
  requery (self, FALSE, NULL);
}

int
tkt_task_list_find (TktTaskList *self,
                    const char  *id)
{
  gint64 rowid;

  g_return_val_if_fail (TKT_IS_TASK_LIST (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  rowid = rowid_of_id (self, id);
  if (rowid < 0)
    return -1;

  ensure_queried (self);
  return position_of_rowid (self->rowids, rowid);
}

GStrv
tkt_task_query_ids (TktStore             *store,
                    const TktTaskFilter  *filter,
                    GError              **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  TktTaskFilter copy = { 0 };
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = tkt_store_get_db (store);
  /* As the list does: "" means no filter, like NULL. */
  filter_copy (&copy, filter);
  match = build_match (copy.search);
  sql = build_sql (&copy, "t.id", match);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("Cannot query the tasks: %s"), sqlite3_errmsg (db));
      tkt_task_filter_clear (&copy);
      return NULL;
    }
  bind_filter (stmt, &copy, match);
  tkt_task_filter_clear (&copy);

  builder = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("Cannot query the tasks: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }

  sqlite3_finalize (stmt);

  return g_strv_builder_end (builder);
}

gboolean
tkt_task_sort_from_string (const char  *name,
                           TktTaskSort *sort,
                           gboolean    *descending)
{
  gboolean desc = FALSE;

  g_return_val_if_fail (name != NULL, FALSE);

  if (name[0] == '-')
    {
      desc = TRUE;
      name++;
    }
  else if (name[0] == '+')
    {
      name++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    {
      if (g_ascii_strcasecmp (name, sort_names[i].name) == 0)
        {
          if (sort != NULL)
            *sort = sort_names[i].sort;
          if (descending != NULL)
            *descending = desc;
          return TRUE;
        }
    }

  return FALSE;
}

char *
tkt_task_filter_to_sql_for_testing (const TktTaskFilter *filter)
{
  g_autofree char *match = build_match (filter->search);

  return build_sql (filter, "t.rowid", match);
}

void
tkt_task_filter_clear (TktTaskFilter *filter)
{
  g_return_if_fail (filter != NULL);

  g_clear_pointer (&filter->search, g_free);
  g_clear_pointer (&filter->level, g_free);
  g_clear_pointer (&filter->programme, g_free);
  g_clear_pointer (&filter->sector, g_free);
  g_clear_pointer (&filter->status, g_free);
  filter->year = 0;
  filter->sort = 0;
  filter->descending = FALSE;
}
