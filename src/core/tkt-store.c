/* tkt-store.c — the document store: JSON documents with CouchDB revisions in SQLite.
 *
 * Schema (version 1):
 *
 *   meta (key PRIMARY KEY, value)      schema_version, application_id, update_seq
 *   docs (rowid, id UNIQUE, type, winner_rev, deleted, seq, body)
 *        one row per document: the winner's rev, whether it is deleted, the
 *        local sequence number of its last change and the winner's body
 *        (JSON text without the "_" members).
 *   revs (doc → docs.rowid, rev, pos, parent, deleted, is_leaf, body)
 *        the revision tree.  The winner's body is in docs.body only (its
 *        revs.body is NULL); other leaves keep their body here, and so does
 *        the parent of a tombstone (the last live body, for undelete).
 *        Older ancestors keep only their id (body NULL), as CouchDB after
 *        compaction.
 *   task_index, task_fts               see tkt-index.md; task_index.rowid is
 *        the document's docs.rowid, so it never changes for a document.
 *   task_stage, task_transfer, task_span  (version 2) the stage and
 *        transfer history of each task, for the report figures
 *        (tkt-figures.c); see tkt-index.md.
 *   local_docs (id PRIMARY KEY, body)  (version 3) local documents
 *        (replication checkpoints, tkt-store-sync.h); meta gains "uuid".
 *
 * A revision is "N-<md5>", the md5 over the parent rev (or "") + "\n" + the
 * canonical JSON of the body: json-glib's generator output of the body as
 * stored (members in their order, no "_" members), with ,"_deleted":true
 * appended before the closing brace for a deleted revision.  The same parent
 * and body always give the same revision.
 *
 * Every write runs in one transaction (BEGIN IMMEDIATE … COMMIT, or a
 * SAVEPOINT when the caller already holds a transaction), and ::changed is
 * emitted after it is committed.
 */
#include "config.h"

#define G_LOG_DOMAIN "tkt-store"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tkt-store.h"
#include "tkt-store-private.h"
#include "tkt-store-sync.h"
#include "tkt-award.h"
#include "tkt-catalog.h"
#include "tkt-json-doc.h"
#include "tkt-text.h"

/* "Tkt1": PRAGMA application_id of a Tongket database. */
#define TKT_APPLICATION_ID 0x546B7431
#define TKT_APPLICATION_MARKER "io.github.tongket.Tongket"

typedef enum {
  STMT_DOC_LOOKUP,
  STMT_DOC_INSERT,
  STMT_DOC_UPDATE,
  STMT_REV_INSERT,
  STMT_REV_INSERT_NEW,
  STMT_REV_LOOKUP,
  STMT_REV_SET_BODY,
  STMT_REV_KEEP_WINNER_BODY,
  STMT_REV_UNLEAF,
  STMT_LEAVES,
  STMT_META_GET,
  STMT_META_SET,
  STMT_INDEX_UPSERT,
  STMT_INDEX_INSERT,
  STMT_INDEX_DELETE,
  STMT_FTS_INSERT,
  STMT_FTS_GONE_INSERT,
  STMT_NAME_LOOKUP,
  STMT_TASKS_REFERENCING,
  STMT_GET,
  STMT_GET_REV,
  STMT_LIST_IDS,
  STMT_LIST_DOCS,
  STMT_CHANGES,
  STMT_CODE_IN_USE,
  STMT_STAGE_INSERT,
  STMT_STAGE_DELETE,
  STMT_TRANSFER_INSERT,
  STMT_TRANSFER_DELETE,
  STMT_SPAN_UPSERT,
  STMT_SPAN_DELETE,
  N_STMTS
} StmtId;

static const char * const stmt_sql[N_STMTS] = {
  [STMT_DOC_LOOKUP] = "SELECT rowid, winner_rev, deleted, type FROM docs WHERE id = ?1",
  [STMT_DOC_INSERT] = "INSERT INTO docs (id, type, winner_rev, deleted, seq, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_DOC_UPDATE] = "UPDATE docs SET type = ?2, winner_rev = ?3, deleted = ?4, seq = ?5, body = ?6 WHERE rowid = ?1",
  [STMT_REV_INSERT] = "INSERT INTO revs (doc, rev, pos, parent, deleted, is_leaf, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                      " ON CONFLICT (doc, rev) DO UPDATE SET parent = coalesce (parent, excluded.parent),"
                      " is_leaf = min (is_leaf, excluded.is_leaf)",
  /* A revision that cannot exist yet: a plain INSERT needs no statement
   * journal (see fts_flush). */
  [STMT_REV_INSERT_NEW] = "INSERT INTO revs (doc, rev, pos, parent, deleted, is_leaf, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  /* The winner's body lives in docs.body (revs.body is NULL there). */
  [STMT_REV_LOOKUP] = "SELECT r.pos, r.parent, r.deleted, r.is_leaf,"
                      " coalesce (r.body, CASE WHEN r.rev = d.winner_rev THEN d.body END)"
                      " FROM revs r JOIN docs d ON d.rowid = r.doc WHERE r.doc = ?1 AND r.rev = ?2",
  [STMT_REV_SET_BODY] = "UPDATE revs SET body = ?3 WHERE doc = ?1 AND rev = ?2",
  [STMT_REV_KEEP_WINNER_BODY] = "UPDATE revs SET body = (SELECT body FROM docs WHERE rowid = ?1)"
                                " WHERE doc = ?1 AND rev = ?2 AND body IS NULL",
  [STMT_REV_UNLEAF] = "UPDATE revs SET is_leaf = 0 WHERE doc = ?1 AND rev = ?2 AND is_leaf = 1",
  /* Drops the body of the parent of ?2 once it is no longer needed: it is
   * not a leaf and no deleted leaf hangs directly below it. */
  [STMT_LEAVES] = "SELECT rev, pos, deleted FROM revs WHERE doc = ?1 AND is_leaf = 1",
  [STMT_META_GET] = "SELECT value FROM meta WHERE key = ?1",
  [STMT_META_SET] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
  [STMT_INDEX_UPSERT] = "INSERT OR REPLACE INTO task_index (rowid, id, code, title, kind, level, programme,"
                        " programme_name, sector, sector_name, status, lead_org, pi, start, \"end\","
                        " budget_total, year_from, year_to, code_key, title_key, lead_org_key, pi_key,"
                        " programme_key, sector_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                        " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
  [STMT_INDEX_INSERT] = "INSERT INTO task_index (rowid, id, code, title, kind, level, programme,"
                        " programme_name, sector, sector_name, status, lead_org, pi, start, \"end\","
                        " budget_total, year_from, year_to, code_key, title_key, lead_org_key, pi_key,"
                        " programme_key, sector_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                        " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
  [STMT_INDEX_DELETE] = "DELETE FROM task_index WHERE rowid = ?1",
  [STMT_FTS_INSERT] = "INSERT INTO task_fts (rowid, folded) VALUES (?1, ?2)",
  [STMT_FTS_GONE_INSERT] = "INSERT OR IGNORE INTO temp.tkt_fts_gone (rowid) VALUES (?1)",
  [STMT_NAME_LOOKUP] = "SELECT body FROM docs WHERE id = ?1 AND deleted = 0",
  [STMT_TASKS_REFERENCING] = "SELECT d.rowid, d.id, d.body FROM docs d WHERE d.rowid IN"
                             " (SELECT rowid FROM task_index WHERE programme = ?1"
                             "  UNION SELECT rowid FROM task_index WHERE sector = ?1)",
  [STMT_GET] = "SELECT winner_rev, deleted, body FROM docs WHERE id = ?1",
  [STMT_GET_REV] = "SELECT r.deleted, coalesce (r.body, CASE WHEN r.rev = d.winner_rev THEN d.body END)"
                   " FROM revs r JOIN docs d ON d.rowid = r.doc"
                   " WHERE d.id = ?1 AND r.rev = ?2",
  [STMT_LIST_IDS] = "SELECT id FROM docs WHERE type = ?1 AND deleted = 0 ORDER BY id",
  [STMT_LIST_DOCS] = "SELECT id, winner_rev, body FROM docs WHERE type = ?1 AND deleted = 0 ORDER BY id",
  [STMT_CHANGES] = "SELECT id, seq FROM docs WHERE seq > ?1 ORDER BY seq LIMIT ?2",
  [STMT_CODE_IN_USE] = "SELECT 1 FROM task_index WHERE code = ?1 AND id IS NOT ?2 LIMIT 1",
  [STMT_STAGE_INSERT] = "INSERT INTO task_stage (task, position, stage, date, rating) VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_STAGE_DELETE] = "DELETE FROM task_stage WHERE task = ?1",
  [STMT_TRANSFER_INSERT] = "INSERT INTO task_transfer (task, position, date, result, result_folded, recipient,"
                           " recipient_folded, recipient_kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_TRANSFER_DELETE] = "DELETE FROM task_transfer WHERE task = ?1",
  [STMT_SPAN_UPSERT] = "INSERT OR REPLACE INTO task_span (task, impl_start, close_first, ordered, start_year,"
                       " level, programme, central, local, other, sector)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  [STMT_SPAN_DELETE] = "DELETE FROM task_span WHERE task = ?1",
};

/* Version 2: the history of each task for the report figures (tkt-index.md).
 * Rows are keyed by the task's task_index.rowid and the position in its
 * array, so a task's rows are rewritten with a primary-key range even while
 * a bulk import has dropped the secondary indexes.  Dates are ISO text,
 * NULL when absent or not starting with a year. */
#define TASK_HISTORY_TABLES_SQL \
  "CREATE TABLE task_stage (" \
  "  task INTEGER NOT NULL, position INTEGER NOT NULL," \
  "  stage TEXT, date TEXT, rating TEXT," \
  "  PRIMARY KEY (task, position)) WITHOUT ROWID;" \
  "CREATE TABLE task_transfer (" \
  "  task INTEGER NOT NULL, position INTEGER NOT NULL," \
  "  date TEXT, result TEXT, result_folded TEXT," \
  "  recipient TEXT, recipient_folded TEXT, recipient_kind TEXT," \
  "  PRIMARY KEY (task, position)) WITHOUT ROWID;" \
  "CREATE TABLE task_span (" \
  "  task INTEGER PRIMARY KEY," \
  "  impl_start TEXT, close_first TEXT, ordered INTEGER NOT NULL DEFAULT 0, start_year INTEGER," \
  "  level TEXT, programme TEXT, sector TEXT, central INTEGER, local INTEGER, other INTEGER);"

#define TASK_HISTORY_INDEXES_SQL \
  "CREATE INDEX task_stage_stage_date ON task_stage (stage, date, rating);" \
  "CREATE INDEX task_transfer_date ON task_transfer (date, result_folded, recipient_folded, recipient_kind);" \
  "CREATE INDEX task_span_close ON task_span (close_first, impl_start, ordered, start_year," \
  " level, programme, central, local, other);"

/* The secondary indexes of task_index: built with the table, and dropped
 * and built again around a bulk import (a sorted build is many times faster
 * than 100,000 random insertions into fourteen B-trees). */
#define TASK_INDEX_INDEXES_SQL \
  "CREATE INDEX task_index_code ON task_index (code);" \
  "CREATE INDEX task_index_code_key ON task_index (code_key);" \
  "CREATE INDEX task_index_title_key ON task_index (title_key);" \
  "CREATE INDEX task_index_lead_org_key ON task_index (lead_org_key);" \
  "CREATE INDEX task_index_pi_key ON task_index (pi_key);" \
  "CREATE INDEX task_index_programme_key ON task_index (programme_key);" \
  "CREATE INDEX task_index_sector_key ON task_index (sector_key);" \
  "CREATE INDEX task_index_level ON task_index (level);" \
  "CREATE INDEX task_index_status ON task_index (status);" \
  "CREATE INDEX task_index_sector ON task_index (sector);" \
  "CREATE INDEX task_index_programme ON task_index (programme);" \
  "CREATE INDEX task_index_start ON task_index (start);" \
  "CREATE INDEX task_index_end ON task_index (\"end\");" \
  "CREATE INDEX task_index_budget_total ON task_index (budget_total);" \
  TASK_HISTORY_INDEXES_SQL \
  ""

static const char * const task_index_index_names[] = {
  "task_index_code",
  "task_index_code_key",
  "task_index_title_key",
  "task_index_lead_org_key",
  "task_index_pi_key",
  "task_index_programme_key",
  "task_index_sector_key",
  "task_index_level",
  "task_index_status",
  "task_index_sector",
  "task_index_programme",
  "task_index_start",
  "task_index_end",
  "task_index_budget_total",
  "task_stage_stage_date",
  "task_transfer_date",
  "task_span_close",
};

/* The current definition of task_fts (see schema_sql). */
#define TASK_FTS_SQL \
  "CREATE VIRTUAL TABLE task_fts USING fts5 (folded, tokenize = 'unicode61 remove_diacritics 0'," \
  " detail = none, prefix = '1 2 3 4 5')"

/* Version 3: local documents (replication checkpoints and the sync state,
 * tkt-store-sync.h): a JSON object per id, never replicated, never in the
 * change feed, never exported. */
#define LOCAL_DOCS_SQL \
  "CREATE TABLE IF NOT EXISTS local_docs (id TEXT PRIMARY KEY, body TEXT NOT NULL);"

/* The current schema (version 3). */
static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);"
  "CREATE TABLE docs ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  type TEXT NOT NULL,"
  "  winner_rev TEXT NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  seq INTEGER NOT NULL,"
  "  body TEXT);"
  "CREATE UNIQUE INDEX docs_seq ON docs (seq);"
  "CREATE INDEX docs_type ON docs (type, id);"
  "CREATE TABLE revs ("
  "  doc INTEGER NOT NULL REFERENCES docs (rowid) ON DELETE CASCADE,"
  "  rev TEXT NOT NULL,"
  "  pos INTEGER NOT NULL,"
  "  parent TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  is_leaf INTEGER NOT NULL DEFAULT 1,"
  "  body TEXT,"
  "  PRIMARY KEY (doc, rev)) WITHOUT ROWID;"
  "CREATE TABLE task_index ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  code TEXT, title TEXT, kind TEXT, level TEXT,"
  "  programme TEXT, programme_name TEXT,"
  "  sector TEXT, sector_name TEXT,"
  "  status TEXT,"
  "  lead_org TEXT, pi TEXT,"
  "  start TEXT, \"end\" TEXT,"
  "  budget_total INTEGER,"
  "  year_from INTEGER, year_to INTEGER,"
  "  code_key BLOB, title_key BLOB, lead_org_key BLOB, pi_key BLOB,"
  "  programme_key BLOB, sector_key BLOB);"
  TASK_HISTORY_TABLES_SQL
  TASK_INDEX_INDEXES_SQL
  /* detail=none: no positions (the search asks for single tokens, never
   * phrases); prefix: a search of one to five letters (a Vietnamese
   * syllable has at most seven) reads one doclist instead of merging every
   * term that starts with them: 30 ms for "d" over 100,000 tasks, 2 ms
   * with the prefix index.  13 MB for 100,000 tasks, against 11 MB for
   * the full-detail table without prefixes. */
  TASK_FTS_SQL ";"
  LOCAL_DOCS_SQL;

typedef struct {
  gint64   seq;          /* self->seq when the level began */
  guint    n_changed;    /* self->changed->len when the level began */
  gboolean savepoint;    /* TRUE: SAVEPOINT; FALSE: BEGIN IMMEDIATE */
} WriteLevel;

struct _TktStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];

  JsonGenerator *generator;
  JsonParser    *parser;

  /* The write transaction in progress. */
  GArray        *levels;       /* WriteLevel */
  gint64         seq;          /* update_seq inside the transaction */
  GPtrArray     *changed;      /* char*: ids changed, in order, no repeats */
  GHashTable    *changed_set;  /* borrowed from changed */
  GHashTable    *names;        /* id → name (or "" for none): programme/sector names */
  GHashTable    *fts_queue;    /* rowid → FtsPending: task_fts rows to write */
  GHashTable    *keys;         /* text → GBytes: sort keys of repeated names */

  /* Between tkt_store_bulk_begin and _end. */
  gboolean       bulk;
  gboolean       bulk_dropped; /* the task_index indexes are to be built at end */
};

G_DEFINE_FINAL_TYPE (TktStore, tkt_store, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (tkt-store-error-quark, tkt_store_error)

/* Errors */

static char *
display_name (const char *path)
{
  return g_filename_display_name (path);
}

/* Sets error from the connection's last error (rc: the code returned). */
static void
set_sqlite_error (TktStore  *self,
                  int        rc,
                  GError   **error)
{
  g_autofree char *name = display_name (self->path);
  const char *message = sqlite3_errmsg (self->db);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FULL,
                   _("The disk is full: the change could not be saved in “%s”. Free some space and try again."),
                   name);
      break;
    case SQLITE_READONLY:
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_READ_ONLY,
                   _("The database “%s” is read-only: changes cannot be saved. To make changes, ask for "
                     "permission to write to the file and its folder, or copy it to a folder of your own."),
                   name);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_DATABASE,
                   _("The database “%s” is damaged (%s)."), name, message);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("The database “%s” is busy in another program. Try again."), name);
      break;
    default:
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("Database error in “%s”: %s"), name, message);
      break;
    }
}

static gboolean
exec_sql (TktStore    *self,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Statements */

static sqlite3_stmt *
get_stmt (TktStore  *self,
          StmtId     id,
          GError   **error)
{
  sqlite3_stmt *stmt = self->stmts[id];

  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, error);
          return NULL;
        }
      self->stmts[id] = stmt;
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  return stmt;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Runs a statement that returns no row. */
static gboolean
step_done (TktStore      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static void
finalize_stmts (TktStore *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
}

/* JSON helpers */

static const char *
object_get_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
object_get_nonempty_string (JsonObject *object,
                            const char *name)
{
  const char *s = object_get_string (object, name);

  return (s != NULL && *s != '\0') ? s : NULL;
}

static gboolean
object_get_deleted (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "_deleted");

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

static void
copy_public_member (JsonObject  *object,
                    const char  *name,
                    JsonNode    *node,
                    gpointer     user_data)
{
  JsonObject *body = user_data;

  if (name[0] != '_')
    json_object_set_member (body, name, json_node_ref (node));
}

/* The canonical JSON text of the revision hash, written by hand.
 *
 * Byte for byte what json-glib 1.6's JsonGenerator (not pretty) writes for
 * the same tree, without its cost: the generator prints every integer
 * through g_string_append_printf and looks every member up in the object's
 * hash table again; over a 100,000-task import that was a sixth of the
 * time.  Its rules, which the revision ids depend on: members in their
 * order; strings with '"' and '\\' escaped, bytes 0x01-0x1e as \b \f \n \r
 * \t or \u00xx, 0x7f as \u007f, every other byte (0x1f and UTF-8 too) as
 * it is; integers in decimal; doubles by g_ascii_dtostr with ".0" added
 * when that has no '.' (even after an exponent: json-glib 1.6 does so).  With TKT_CHECK_CANONICAL set in the
 * environment every body is also generated by json-glib and compared (the
 * core tests set it; see test-store's /tkt/store/canonical tests). */
static void
canonical_append_string (GString    *out,
                         const char *s)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = s;

  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;
      const char *escape;
      char buf[7];

      if (c == '"' || c == '\\')
        escape = c == '"' ? "\\\"" : "\\\\";
      else if ((c >= 0x01 && c < 0x1f) || c == 0x7f)
        switch (c)
          {
          case '\b': escape = "\\b"; break;
          case '\f': escape = "\\f"; break;
          case '\n': escape = "\\n"; break;
          case '\r': escape = "\\r"; break;
          case '\t': escape = "\\t"; break;
          default:
            buf[0] = '\\'; buf[1] = 'u'; buf[2] = '0'; buf[3] = '0';
            buf[4] = hex[c >> 4]; buf[5] = hex[c & 0xf]; buf[6] = '\0';
            escape = buf;
            break;
          }
      else
        continue;
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
canonical_append_int (GString *out,
                      gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

static void canonical_append_node (GString  *out,
                                   JsonNode *node);

static void
canonical_append_object (GString    *out,
                         JsonObject *object,
                         gboolean    public_only)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (public_only && name[0] == '_')
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      canonical_append_string (out, name);
      g_string_append_c (out, ':');
      canonical_append_node (out, node);
    }
  g_string_append_c (out, '}');
}

static void
canonical_append_node (GString  *out,
                       JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      canonical_append_object (out, json_node_get_object (node), FALSE);
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            canonical_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          canonical_append_int (out, json_node_get_int (node));
          break;
        case G_TYPE_STRING:
          canonical_append_string (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node));
            g_string_append (out, buf);
            /* 1.6 looks for '.' only: 1e21 becomes "1e+21.0". */
            if (strchr (buf, '.') == NULL)
              g_string_append (out, ".0");
          }
          break;
        default:
          /* json-glib writes nothing for a value of another type. */
          break;
        }
      break;
    default:
      break;
    }
}

/* The stored body: the document without its "_" members, as JSON text. */
static char *
body_to_string (TktStore   *self,
                JsonObject *doc)
{
  static int check = -1;
  GString *out = g_string_sized_new (1024);

  canonical_append_object (out, doc, TRUE);

  if (G_UNLIKELY (check < 0))
    check = g_getenv ("TKT_CHECK_CANONICAL") != NULL;
  if (G_UNLIKELY (check))
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *expected = NULL;

      json_object_foreach_member (doc, copy_public_member, body);
      json_node_set_object (root, body);
      json_generator_set_root (self->generator, root);
      expected = json_generator_to_data (self->generator, NULL);
      if (strcmp (expected, out->str) != 0)
        g_error ("canonical body differs from json-glib's:\n  json-glib: %s\n  ours:      %s",
                 expected, out->str);
    }
  return g_string_free (out, FALSE);
}

static char *
string_to_json (const char *s)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, s);
  return json_to_string (node, FALSE);
}

/* A stored body as a document's text: "_id", "_rev", "_deleted" (a
 * tombstone) and the members of extra (JSON members, no braces, or NULL)
 * first, then the body's own.  The body is text the store wrote: only its
 * opening brace is looked for, nothing is parsed. */
static void
append_doc_text (GString    *out,
                 const char *id,
                 const char *rev,
                 gboolean    deleted,
                 const char *extra,
                 const char *body)
{
  g_autofree char *id_json = string_to_json (id);
  const char *rest = body;

  while (*rest == ' ' || *rest == '\n' || *rest == '\t' || *rest == '\r')
    rest++;
  if (*rest == '{')
    rest++;

  g_string_append (out, "{\"_id\":");
  g_string_append (out, id_json);
  g_string_append_printf (out, ",\"_rev\":\"%s\"", rev);
  if (deleted)
    g_string_append (out, ",\"_deleted\":true");
  if (extra != NULL)
    {
      g_string_append_c (out, ',');
      g_string_append (out, extra);
    }
  while (*rest == ' ' || *rest == '\n' || *rest == '\t' || *rest == '\r')
    rest++;
  if (*rest != '}')
    g_string_append_c (out, ',');
  g_string_append (out, rest);
}

/* Parses stored JSON text into an object, with _id, _rev (and _deleted)
 * first when id is given. */
static JsonObject *
parse_body (TktStore   *self,
            const char *id,
            const char *rev,
            gboolean    deleted,
            const char *body)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (body == NULL)
    body = "{}";

  if (id != NULL)
    {
      text = g_string_new (NULL);
      append_doc_text (text, id, rev, deleted, NULL, body);
    }

  if (!json_parser_load_from_data (self->parser, text ? text->str : body, -1, NULL))
    return NULL;
  root = json_parser_steal_root (self->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* Revisions */

static gboolean
parse_rev (const char *rev,
           gint64     *pos,
           const char **hash)
{
  const char *dash;
  gint64 n = 0;

  if (rev == NULL)
    return FALSE;
  dash = strchr (rev, '-');
  if (dash == NULL || dash == rev || dash[1] == '\0' || dash - rev > 15)
    return FALSE;
  for (const char *p = rev; p < dash; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      n = n * 10 + (*p - '0');
    }
  if (n < 1)
    return FALSE;
  for (const char *p = dash + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  if (pos)
    *pos = n;
  if (hash)
    *hash = dash + 1;
  return TRUE;
}

static char *
make_rev (const char *parent,
          gint64      parent_pos,
          const char *body,
          gboolean    deleted)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  gsize len = strlen (body);

  if (parent != NULL)
    g_checksum_update (md5, (const guchar *) parent, -1);
  g_checksum_update (md5, (const guchar *) "\n", 1);
  if (deleted && len >= 2 && body[len - 1] == '}')
    {
      /* The body with "_deleted": true appended as its last member. */
      g_checksum_update (md5, (const guchar *) body, len - 1);
      if (len == 2)
        g_checksum_update (md5, (const guchar *) "\"_deleted\":true}", -1);
      else
        g_checksum_update (md5, (const guchar *) ",\"_deleted\":true}", -1);
    }
  else
    g_checksum_update (md5, (const guchar *) body, len);

  return g_strdup_printf ("%" G_GINT64_FORMAT "-%s", parent_pos + 1, g_checksum_get_string (md5));
}

/* CouchDB's winner rule: live before deleted, then the longest path, then
 * the greater rev id.  Negative when a wins. */
typedef struct {
  char    *rev;
  gint64   pos;
  gboolean deleted;
} Leaf;

static void
leaf_clear (gpointer data)
{
  Leaf *leaf = data;

  g_free (leaf->rev);
}

static int
leaf_compare (gconstpointer a,
              gconstpointer b)
{
  const Leaf *la = a;
  const Leaf *lb = b;

  if (la->deleted != lb->deleted)
    return la->deleted ? 1 : -1;
  if (la->pos != lb->pos)
    return la->pos > lb->pos ? -1 : 1;
  return -strcmp (la->rev, lb->rev);
}

/* The leaves of a document, winner first. */
static GArray *
load_leaves (TktStore  *self,
             gint64     rowid,
             GError   **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_LEAVES, error);
  g_autoptr(GArray) leaves = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  leaves = g_array_new (FALSE, TRUE, sizeof (Leaf));
  g_array_set_clear_func (leaves, leaf_clear);
  sqlite3_bind_int64 (stmt, 1, rowid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Leaf leaf = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int (stmt, 2) != 0,
      };

      g_array_append_val (leaves, leaf);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  g_array_sort (leaves, leaf_compare);
  return g_steal_pointer (&leaves);
}

/* task_fts is written in a batch at the end of each transaction level.
 * FTS5 flushes its pending terms to a new segment whenever a statement
 * opens a statement journal (INSERT OR REPLACE, upserts, …) after the table
 * was touched in the transaction; interleaving its rows with the other
 * writes would make one segment per task and a 100,000-task import ten
 * times slower. */
typedef struct {
  char    *folded;        /* NULL: no row any more */
  gboolean had_row;       /* a row may exist from before: delete it first */
} FtsPending;

static void
fts_pending_free (gpointer data)
{
  FtsPending *pending = data;

  g_free (pending->folded);
  g_free (pending);
}

static void
fts_queue (TktStore *self,
           gint64    rowid,
           char     *folded,
           gboolean  had_row)
{
  FtsPending *pending = g_hash_table_lookup (self->fts_queue, &rowid);

  if (pending == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = rowid;
      pending = g_new0 (FtsPending, 1);
      pending->had_row = had_row;
      g_hash_table_insert (self->fts_queue, key, pending);
    }
  g_free (pending->folded);
  pending->folded = folded;
}

static int
compare_rowids (gconstpointer a,
                gconstpointer b)
{
  gint64 ra = **(const gint64 * const *) a;
  gint64 rb = **(const gint64 * const *) b;

  return ra < rb ? -1 : ra > rb;
}

static gboolean
fts_flush (TktStore  *self,
           GError   **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  sqlite3_stmt *stmt;
  gboolean any_delete = FALSE;

  if (g_hash_table_size (self->fts_queue) == 0)
    return TRUE;

  keys = g_ptr_array_sized_new (g_hash_table_size (self->fts_queue));
  g_hash_table_iter_init (&iter, self->fts_queue);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (keys, key);
      any_delete |= ((FtsPending *) value)->had_row;
    }
  g_ptr_array_sort (keys, compare_rowids);

  if (any_delete)
    {
      /* One DELETE for all the old rows. */
      if (!exec_sql (self, "CREATE TEMP TABLE IF NOT EXISTS tkt_fts_gone (rowid INTEGER PRIMARY KEY);"
                           "DELETE FROM temp.tkt_fts_gone;", error))
        return FALSE;
      stmt = get_stmt (self, STMT_FTS_GONE_INSERT, error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < keys->len; i++)
        {
          FtsPending *pending = g_hash_table_lookup (self->fts_queue, keys->pdata[i]);

          if (!pending->had_row)
            continue;
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, *(gint64 *) keys->pdata[i]);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
      if (!exec_sql (self, "DELETE FROM task_fts WHERE rowid IN (SELECT rowid FROM temp.tkt_fts_gone);"
                           "DELETE FROM temp.tkt_fts_gone;", error))
        return FALSE;
    }

  stmt = get_stmt (self, STMT_FTS_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      FtsPending *pending = g_hash_table_lookup (self->fts_queue, keys->pdata[i]);

      if (pending->folded == NULL)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) keys->pdata[i]);
      sqlite3_bind_text (stmt, 2, pending->folded, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  g_hash_table_remove_all (self->fts_queue);
  return TRUE;
}

/* Transactions */

static void
note_changed (TktStore   *self,
              const char *id)
{
  char *copy;

  if (g_hash_table_contains (self->changed_set, id))
    return;
  copy = g_strdup (id);
  g_ptr_array_add (self->changed, copy);
  g_hash_table_add (self->changed_set, copy);
}

static void
truncate_changed (TktStore *self,
                  guint     len)
{
  while (self->changed->len > len)
    {
      char *id = g_ptr_array_index (self->changed, self->changed->len - 1);

      g_hash_table_remove (self->changed_set, id);
      g_ptr_array_remove_index (self->changed, self->changed->len - 1);
    }
}

static gboolean
read_meta_int (TktStore   *self,
               const char *key,
               gint64     *value,
               GError    **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_META_GET, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *value = 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_meta_int (TktStore   *self,
                const char *key,
                gint64      value,
                GError    **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_META_SET, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  return step_done (self, stmt, error);
}

static gboolean
write_begin (TktStore  *self,
             GError   **error)
{
  WriteLevel level = { self->seq, self->changed->len, FALSE };

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      set_sqlite_error (self, SQLITE_READONLY, error);
      return FALSE;
    }

  /* The queue holds only the innermost level's rows, so that a nested
   * rollback drops only its own. */
  if (self->levels->len > 0 && !fts_flush (self, error))
    return FALSE;

  if (self->levels->len == 0 && sqlite3_get_autocommit (self->db))
    {
      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      if (!exec_sql (self, "SAVEPOINT tkt_store", error))
        return FALSE;
      level.savepoint = TRUE;
    }

  if (self->levels->len == 0)
    {
      g_hash_table_remove_all (self->names);
      if (!read_meta_int (self, "update_seq", &self->seq, error))
        {
          sqlite3_exec (self->db, level.savepoint ? "ROLLBACK TO tkt_store; RELEASE tkt_store" : "ROLLBACK",
                        NULL, NULL, NULL);
          return FALSE;
        }
      level.seq = self->seq;
    }

  g_array_append_val (self->levels, level);
  return TRUE;
}

static void
write_rollback (TktStore *self)
{
  WriteLevel level;

  g_assert (self->levels->len > 0);
  level = g_array_index (self->levels, WriteLevel, self->levels->len - 1);
  g_array_set_size (self->levels, self->levels->len - 1);

  if (level.savepoint)
    sqlite3_exec (self->db, "ROLLBACK TO tkt_store; RELEASE tkt_store", NULL, NULL, NULL);
  else if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  self->seq = level.seq;
  truncate_changed (self, level.n_changed);
  g_hash_table_remove_all (self->fts_queue);
  g_hash_table_remove_all (self->names);
}

static void
emit_changed (TktStore *self)
{
  g_auto(GStrv) ids = NULL;

  if (self->changed->len == 0)
    return;

  g_ptr_array_add (self->changed, NULL);
  ids = (GStrv) g_ptr_array_steal (self->changed, NULL);
  g_hash_table_remove_all (self->changed_set);

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, ids);
}

static gboolean
write_commit (TktStore  *self,
              GError   **error)
{
  WriteLevel level;
  int rc;

  g_assert (self->levels->len > 0);
  level = g_array_index (self->levels, WriteLevel, self->levels->len - 1);

  if (!fts_flush (self, error) ||
      (self->levels->len == 1 && self->seq != level.seq &&
       !write_meta_int (self, "update_seq", self->seq, error)))
    {
      write_rollback (self);
      return FALSE;
    }

  rc = sqlite3_exec (self->db, level.savepoint ? "RELEASE tkt_store" : "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      write_rollback (self);
      return FALSE;
    }

  g_array_set_size (self->levels, self->levels->len - 1);
  if (self->levels->len == 0)
    {
      g_hash_table_remove_all (self->names);
      emit_changed (self);
    }
  return TRUE;
}

/* The task index */

static char *
lookup_name (TktStore    *self,
             const char  *id,
             GError     **error)
{
  const char *cached;
  sqlite3_stmt *stmt;
  char *name = NULL;
  int rc;

  if (id == NULL)
    return NULL;

  cached = g_hash_table_lookup (self->names, id);
  if (cached != NULL)
    return *cached ? g_strdup (cached) : NULL;

  stmt = get_stmt (self, STMT_NAME_LOOKUP, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    {
      g_autoptr(JsonObject) body = parse_body (self, NULL, NULL, FALSE,
                                               (const char *) sqlite3_column_text (stmt, 0));

      if (body != NULL)
        name = g_strdup (object_get_nonempty_string (body, "name"));
    }
  sqlite3_reset (stmt);

  g_hash_table_insert (self->names, g_strdup (id), g_strdup (name ? name : ""));
  return name;
}

/* The year of an ISO date, or 0. */
static int
year_of (const char *date)
{
  int year = 0;

  if (date == NULL)
    return 0;
  for (int i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (date[i]))
        return 0;
      year = year * 10 + (date[i] - '0');
    }
  return year;
}

static void
bind_sort_key (sqlite3_stmt *stmt,
               int           index,
               const char   *text)
{
  guint8 *key;
  gsize len = 0;

  if (text == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  key = tkt_text_sort_key (text, &len);
  if (key == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_blob (stmt, index, key, (int) len, g_free);
}

/* The same, through a cache: organisations, people, programme and sector
 * names repeat from task to task, and a collation key costs microseconds. */
static void
bind_sort_key_cached (TktStore     *self,
                      sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  GBytes *key;

  if (text == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  key = g_hash_table_lookup (self->keys, text);
  if (key == NULL)
    {
      gsize len = 0;
      guint8 *data = tkt_text_sort_key (text, &len);

      if (data == NULL)
        {
          sqlite3_bind_null (stmt, index);
          return;
        }
      if (g_hash_table_size (self->keys) >= 20000)
        g_hash_table_remove_all (self->keys);
      key = g_bytes_new_take (data, len);
      g_hash_table_insert (self->keys, g_strdup (text), key);
    }
  sqlite3_bind_blob (stmt, index, g_bytes_get_data (key, NULL), (int) g_bytes_get_size (key), SQLITE_STATIC);
}

static void
append_word (GString    *text,
             const char *word)
{
  if (word == NULL || *word == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, word);
}

static gboolean
is_implementation_stage (const char *stage)
{
  return g_strcmp0 (stage, "selected") == 0 || g_strcmp0 (stage, "assigned") == 0 ||
         g_strcmp0 (stage, "contracted") == 0 || g_strcmp0 (stage, "in_progress") == 0;
}

static gboolean
is_closing_stage (const char *stage)
{
  return g_strcmp0 (stage, "accepted") == 0 || g_strcmp0 (stage, "cancelled") == 0;
}

/* The history tables (task_stage, task_transfer, task_span) */

/* A stage from "ordered" on (ordered, selected, … cancelled): not "proposed"
 * and not an unknown word. */
static gboolean
is_ordered_or_later_stage (const char *stage)
{
  static const char * const later[] = {
    "ordered", "selected", "assigned", "contracted", "in_progress",
    "extended", "accepted", "transferred", "cancelled",
  };

  for (guint i = 0; stage != NULL && i < G_N_ELEMENTS (later); i++)
    if (strcmp (stage, later[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
bind_date_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *date)
{
  if (year_of (date) != 0)
    sqlite3_bind_text (stmt, index, date, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* A name folded for counting distinct units and results: tkt_text_fold,
 * runs of blanks made one space, trimmed.  NULL for no name. */
static char *
fold_name (const char *text)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  folded = tkt_text_fold (text);
  words = g_strsplit_set (folded, " \t\n\r\f\v", -1);
  out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    append_word (out, words[i]);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static gboolean
unindex_task_history (TktStore  *self,
                      gint64     rowid,
                      GError   **error)
{
  static const StmtId deletes[] = { STMT_STAGE_DELETE, STMT_TRANSFER_DELETE, STMT_SPAN_DELETE };

  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      sqlite3_stmt *stmt = get_stmt (self, deletes[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Writes a live task's rows of the history tables (is_new: it has none). */
static gboolean
index_task_history (TktStore             *self,
                    gint64                rowid,
                    const TktTaskFields  *fields,
                    gboolean              is_new,
                    GError              **error)
{
  const char *impl_date = NULL;
  const char *close_date = NULL;
  gboolean ordered = FALSE;
  int start_year;
  sqlite3_stmt *stmt;

  if (!is_new && !unindex_task_history (self, rowid, error))
    return FALSE;

  for (guint i = 0; i < fields->stages->len; i++)
    {
      const TktTaskStage *stage = &g_array_index (fields->stages, TktTaskStage, i);
      const char *name = (stage->stage != NULL && *stage->stage != '\0') ? stage->stage : NULL;
      const char *date = stage->date;

      stmt = get_stmt (self, STMT_STAGE_INSERT, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int (stmt, 2, (int) stage->position);
      bind_text_or_null (stmt, 3, name);
      bind_date_or_null (stmt, 4, date);
      bind_text_or_null (stmt, 5, stage->rating);
      if (!step_done (self, stmt, error))
        return FALSE;

      if (is_ordered_or_later_stage (name))
        ordered = TRUE;
      if (year_of (date) == 0)
        continue;
      if (is_implementation_stage (name) && (impl_date == NULL || strcmp (date, impl_date) < 0))
        impl_date = date;
      if (is_closing_stage (name) && (close_date == NULL || strcmp (date, close_date) < 0))
        close_date = date;
    }

  for (guint i = 0; i < fields->transfers->len; i++)
    {
      const TktTaskTransfer *transfer = &g_array_index (fields->transfers, TktTaskTransfer, i);

      stmt = get_stmt (self, STMT_TRANSFER_INSERT, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int (stmt, 2, (int) transfer->position);
      bind_date_or_null (stmt, 3, transfer->date);
      bind_text_or_null (stmt, 4, transfer->result);
      sqlite3_bind_text (stmt, 5, fold_name (transfer->result), -1, g_free);
      bind_text_or_null (stmt, 6, transfer->recipient);
      sqlite3_bind_text (stmt, 7, fold_name (transfer->recipient), -1, g_free);
      bind_text_or_null (stmt, 8, transfer->recipient_kind);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  start_year = year_of (fields->start);

  stmt = get_stmt (self, STMT_SPAN_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  bind_text_or_null (stmt, 2, impl_date);
  bind_text_or_null (stmt, 3, close_date);
  sqlite3_bind_int (stmt, 4, ordered ? 1 : 0);
  if (start_year != 0)
    sqlite3_bind_int (stmt, 5, start_year);
  bind_text_or_null (stmt, 6, fields->level);
  bind_text_or_null (stmt, 7, fields->programme);
  for (guint i = 0; i < 3; i++)
    if (fields->has_budget[i])
      sqlite3_bind_int64 (stmt, 8 + (int) i, fields->budget[i]);
  bind_text_or_null (stmt, 11, fields->sector);
  return step_done (self, stmt, error);
}

/* Writes the task_index and task_fts rows of a live task, and its history
 * (from its members read by tkt_task_fields_from_object or, on an import,
 * tkt_json_doc_read). */
static gboolean
index_task_fields (TktStore             *self,
                   gint64                rowid,
                   const char           *id,
                   const TktTaskFields  *fields,
                   gboolean              is_new,
                   GError              **error)
{
  const char *code = fields->code;
  const char *title = fields->title;
  const char *lead_org = fields->lead_org;
  const char *pi = fields->pi;
  const char *programme = fields->programme;
  const char *sector = fields->sector;
  const char *start = fields->start;
  g_autofree char *programme_name = NULL;
  g_autofree char *sector_name = NULL;
  g_autoptr(GString) fts_text = g_string_new (NULL);
  const char *status = NULL;
  const char *status_date = NULL;
  const char *impl_date = NULL;
  const char *first_date = NULL;
  const char *close_date = NULL;
  gboolean has_budget = FALSE;
  gint64 budget_total = 0;
  int year_from = 0;
  int year_to = 0;
  sqlite3_stmt *stmt;
  GError *local_error = NULL;

  programme_name = lookup_name (self, programme, &local_error);
  if (local_error == NULL)
    sector_name = lookup_name (self, sector, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  for (guint i = 0; i < 3; i++)
    if (fields->has_budget[i])
      {
        has_budget = TRUE;
        budget_total += fields->budget[i];
      }

  for (guint i = 0; i < fields->stages->len; i++)
    {
      const TktTaskStage *stage = &g_array_index (fields->stages, TktTaskStage, i);
      const char *name = stage->stage;
      const char *date = stage->date;

      /* Latest stage: greatest date, the later entry on the same date. */
      if (i == 0 || strcmp (date ? date : "", status_date) >= 0)
        {
          status_date = date ? date : "";
          status = name;
        }

      if (year_of (date) == 0)
        continue;
      if (first_date == NULL || strcmp (date, first_date) < 0)
        first_date = date;
      if (is_implementation_stage (name) && (impl_date == NULL || strcmp (date, impl_date) < 0))
        impl_date = date;
      if (is_closing_stage (name) && (close_date == NULL || strcmp (date, close_date) < 0))
        close_date = date;
    }

  if (impl_date != NULL)
    year_from = year_of (impl_date);
  else if (year_of (start) != 0)
    year_from = year_of (start);
  else if (first_date != NULL)
    year_from = year_of (first_date);
  year_to = year_of (close_date);

  stmt = get_stmt (self, is_new ? STMT_INDEX_INSERT : STMT_INDEX_UPSERT, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, code);
  bind_text_or_null (stmt, 4, title);
  bind_text_or_null (stmt, 5, fields->kind);
  bind_text_or_null (stmt, 6, fields->level);
  bind_text_or_null (stmt, 7, programme);
  bind_text_or_null (stmt, 8, programme_name);
  bind_text_or_null (stmt, 9, sector);
  bind_text_or_null (stmt, 10, sector_name);
  bind_text_or_null (stmt, 11, status);
  bind_text_or_null (stmt, 12, lead_org);
  bind_text_or_null (stmt, 13, pi);
  bind_text_or_null (stmt, 14, start);
  bind_text_or_null (stmt, 15, fields->end);
  if (has_budget)
    sqlite3_bind_int64 (stmt, 16, budget_total);
  if (year_from != 0)
    sqlite3_bind_int (stmt, 17, year_from);
  if (year_to != 0)
    sqlite3_bind_int (stmt, 18, year_to);
  bind_sort_key (stmt, 19, code);
  bind_sort_key (stmt, 20, title);
  bind_sort_key_cached (self, stmt, 21, lead_org);
  bind_sort_key_cached (self, stmt, 22, pi);
  bind_sort_key_cached (self, stmt, 23, programme_name);
  bind_sort_key_cached (self, stmt, 24, sector_name);
  if (!step_done (self, stmt, error) ||
      !index_task_history (self, rowid, fields, is_new, error))
    return FALSE;

  append_word (fts_text, code);
  append_word (fts_text, title);
  append_word (fts_text, lead_org);
  append_word (fts_text, pi);
  for (guint i = 0; i < fields->members->len; i++)
    append_word (fts_text, g_ptr_array_index (fields->members, i));
  append_word (fts_text, programme_name);
  append_word (fts_text, sector_name);
  fts_queue (self, rowid, tkt_text_fold (fts_text->str), !is_new);
  return TRUE;
}

/* Writes the task_index and task_fts rows of a live task. */
static gboolean
index_task (TktStore    *self,
            gint64       rowid,
            const char  *id,
            JsonObject  *doc,
            gboolean     is_new,
            GError     **error)
{
  TktTaskFields fields;
  gboolean ok;

  tkt_task_fields_init (&fields);
  tkt_task_fields_from_object (&fields, doc);
  ok = index_task_fields (self, rowid, id, &fields, is_new, error);
  tkt_task_fields_clear (&fields);
  return ok;
}

/* The history rows of a task that has none yet. */
static gboolean
index_task_history_of_object (TktStore    *self,
                              gint64       rowid,
                              JsonObject  *doc,
                              GError     **error)
{
  TktTaskFields fields;
  gboolean ok;

  tkt_task_fields_init (&fields);
  tkt_task_fields_from_object (&fields, doc);
  ok = index_task_history (self, rowid, &fields, TRUE, error);
  tkt_task_fields_clear (&fields);
  return ok;
}

static gboolean
unindex_task (TktStore  *self,
              gint64     rowid,
              GError   **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_INDEX_DELETE, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (!step_done (self, stmt, error) ||
      !unindex_task_history (self, rowid, error))
    return FALSE;

  fts_queue (self, rowid, NULL, TRUE);
  return TRUE;
}

typedef struct {
  gint64  rowid;
  char   *id;
  char   *body;
} TaskRow;

static void
task_row_clear (gpointer data)
{
  TaskRow *row = data;

  g_free (row->id);
  g_free (row->body);
}

/* A programme or sector was written: the tasks that name it get its new
 * name (or none, if it was deleted). */
static gboolean
propagate_name (TktStore    *self,
                const char  *id,
                const char  *name,
                GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (TaskRow));
  int rc;

  g_array_set_clear_func (rows, task_row_clear);
  g_hash_table_insert (self->names, g_strdup (id), g_strdup (name ? name : ""));

  stmt = get_stmt (self, STMT_TASKS_REFERENCING, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaskRow row = {
        sqlite3_column_int64 (stmt, 0),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
      };

      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      TaskRow *row = &g_array_index (rows, TaskRow, i);
      g_autoptr(JsonObject) body = parse_body (self, NULL, NULL, FALSE, row->body);

      if (body == NULL)
        continue;
      if (!index_task (self, row->rowid, row->id, body, FALSE, error))
        return FALSE;
      note_changed (self, row->id);
    }
  return TRUE;
}

/* Keeps the derived tables in step with a document's new winner.  body is
 * the winner's body (parsed: may be NULL, then parsed from body_text). */
static gboolean
update_indexes (TktStore    *self,
                gint64       rowid,
                const char  *id,
                const char  *type,
                const char  *old_type,
                gboolean     deleted,
                JsonObject  *body,
                const char  *body_text,
                gboolean     is_new,
                GError     **error)
{
  g_autoptr(JsonObject) parsed = NULL;
  gboolean is_task = g_strcmp0 (type, "task") == 0;
  gboolean is_named = g_strcmp0 (type, "programme") == 0 || g_strcmp0 (type, "sector") == 0;

  if (!deleted && (is_task || is_named) && body == NULL)
    {
      parsed = parse_body (self, NULL, NULL, FALSE, body_text);
      body = parsed;
      if (body == NULL)
        deleted = TRUE;   /* nothing to index */
    }

  if (is_task && !deleted)
    {
      if (!index_task (self, rowid, id, body, is_new, error))
        return FALSE;
    }
  else if (is_task || g_strcmp0 (old_type, "task") == 0)
    {
      if (!unindex_task (self, rowid, error))
        return FALSE;
    }

  if (is_named || g_strcmp0 (old_type, "programme") == 0 || g_strcmp0 (old_type, "sector") == 0)
    {
      const char *name = (!deleted && is_named) ? object_get_nonempty_string (body, "name") : NULL;

      if (!propagate_name (self, id, name, error))
        return FALSE;
    }
  return TRUE;
}

/* Documents */

/* tkt-store-private.h's TktStoreDocRow, by its short name here. */
typedef TktStoreDocRow DocRow;

void
tkt_store_doc_row_clear (TktStoreDocRow *row)
{
  g_clear_pointer (&row->winner, g_free);
  g_clear_pointer (&row->type, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DocRow, tkt_store_doc_row_clear)

/* FALSE on error; row->rowid 0 if absent. */
static gboolean
lookup_doc (TktStore    *self,
            const char  *id,
            DocRow      *row,
            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_DOC_LOOKUP, error);
  int rc;

  memset (row, 0, sizeof *row);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->rowid = sqlite3_column_int64 (stmt, 0);
      row->winner = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->deleted = sqlite3_column_int (stmt, 2) != 0;
      row->type = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  gboolean found;
  gint64   pos;
  char    *parent;
  gboolean deleted;
  gboolean is_leaf;
  char    *body;
} RevRow;

static void
rev_row_clear (RevRow *row)
{
  g_clear_pointer (&row->parent, g_free);
  g_clear_pointer (&row->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RevRow, rev_row_clear)

static gboolean
lookup_rev (TktStore    *self,
            gint64       doc,
            const char  *rev,
            RevRow      *row,
            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_REV_LOOKUP, error);
  int rc;

  memset (row, 0, sizeof *row);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->found = TRUE;
      row->pos = sqlite3_column_int64 (stmt, 0);
      row->parent = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->deleted = sqlite3_column_int (stmt, 2) != 0;
      row->is_leaf = sqlite3_column_int (stmt, 3) != 0;
      row->body = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_rev (TktStore    *self,
            gint64       doc,
            const char  *rev,
            gint64       pos,
            const char  *parent,
            gboolean     deleted,
            gboolean     is_leaf,
            const char  *body,
            gboolean     fresh,
            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, fresh ? STMT_REV_INSERT_NEW : STMT_REV_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, pos);
  bind_text_or_null (stmt, 4, parent);
  sqlite3_bind_int (stmt, 5, deleted ? 1 : 0);
  sqlite3_bind_int (stmt, 6, is_leaf ? 1 : 0);
  if (body != NULL)
    sqlite3_bind_text (stmt, 7, body, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/* parent is no longer a leaf.  Its body stays (the old winner's moves to
 * revs.body): every revision whose body reached this database keeps it, so
 * that a task's history shows when, by whom and what of each one, and a
 * merge has the common ancestor.  A task is a few hundred bytes; a
 * register edited for years grows by one body per edit.  Ancestors that
 * came from another computer as ids only (_revisions) have no body. */
static gboolean
extend_rev (TktStore    *self,
            gint64       doc,
            const char  *parent,
            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_REV_UNLEAF, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc);
  sqlite3_bind_text (stmt, 2, parent, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

static char *
type_of_body (TktStore   *self,
              JsonObject *body,
              const char *body_text)
{
  g_autoptr(JsonObject) parsed = NULL;

  if (body == NULL && body_text != NULL)
    body = parsed = parse_body (self, NULL, NULL, FALSE, body_text);
  if (body == NULL)
    return NULL;
  return g_strdup (object_get_nonempty_string (body, "type"));
}

static gboolean
run_rev_stmt (TktStore    *self,
              StmtId       id,
              gint64       doc,
              const char  *rev,
              const char  *body,
              GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  if (body != NULL)
    sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/* Chooses the winner among the leaves of an existing document and writes
 * the docs row and the indexes.  hint_*: the revision just written (with a
 * NULL body in revs), to avoid reading back its body.
 *
 * Bodies: the winner's is kept in docs.body only; a revision that stops
 * being the winner takes its body along into revs.body when it is still
 * needed (a conflicting leaf, or the parent of a tombstone for undelete),
 * but not on a plain edit, where its child replaces it. */
static gboolean
update_winner (TktStore     *self,
               const DocRow *row,
               const char   *id,
               const char   *hint_rev,
               const char   *hint_parent,
               gboolean      hint_deleted,
               const char   *hint_body,
               JsonObject   *hint_object,
               GError      **error)
{
  g_autoptr(GArray) leaves = load_leaves (self, row->rowid, error);
  g_auto(RevRow) winner_row = { 0 };
  g_autofree char *type = NULL;
  const char *body_text;
  JsonObject *body_object = NULL;
  gboolean winner_is_hint;
  gboolean winner_changed;
  Leaf *winner;
  sqlite3_stmt *stmt;

  if (leaves == NULL)
    return FALSE;
  if (leaves->len == 0)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("The document “%s” has no revision."), id);
      return FALSE;
    }
  winner = &g_array_index (leaves, Leaf, 0);
  winner_is_hint = hint_rev != NULL && strcmp (winner->rev, hint_rev) == 0;
  winner_changed = g_strcmp0 (winner->rev, row->winner) != 0;

  /* The revision just written lost: it keeps its body in revs. */
  if (hint_rev != NULL && !winner_is_hint &&
      !run_rev_stmt (self, STMT_REV_SET_BODY, row->rowid, hint_rev, hint_body, error))
    return FALSE;

  /* The former winner's body moves from docs into revs (see extend_rev). */
  if (winner_changed && row->winner != NULL &&
      !run_rev_stmt (self, STMT_REV_KEEP_WINNER_BODY, row->rowid, row->winner, NULL, error))
    return FALSE;

  if (winner_is_hint)
    {
      body_text = hint_body;
      body_object = hint_object;
    }
  else
    {
      if (!lookup_rev (self, row->rowid, winner->rev, &winner_row, error))
        return FALSE;
      body_text = winner_row.body;
    }

  type = type_of_body (self, body_object, body_text);
  if (type == NULL)
    type = g_strdup (row->type);

  stmt = get_stmt (self, STMT_DOC_UPDATE, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->rowid);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, winner->rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, winner->deleted ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, ++self->seq);
  bind_text_or_null (stmt, 6, body_text);
  if (!step_done (self, stmt, error))
    return FALSE;

  note_changed (self, id);
  return update_indexes (self, row->rowid, id, type, row->type,
                         winner->deleted || body_text == NULL,
                         body_object, body_text, FALSE, error);
}

static gboolean
insert_new_doc (TktStore    *self,
                const char  *id,
                const char  *type,
                const char  *rev,
                gboolean     deleted,
                const char  *body,
                gint64      *rowid,
                GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_DOC_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, deleted ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, ++self->seq);
  bind_text_or_null (stmt, 6, body);
  if (!step_done (self, stmt, error))
    return FALSE;
  *rowid = sqlite3_last_insert_rowid (self->db);
  note_changed (self, id);
  return TRUE;
}

static gboolean
validate_doc (JsonObject  *doc,
              const char **id_out,
              const char **type_out,
              GError     **error)
{
  const char *id = object_get_nonempty_string (doc, "_id");
  const char *type = object_get_nonempty_string (doc, "type");
  JsonNode *rev = json_object_get_member (doc, "_rev");

  if (id == NULL || id[0] == '_')
    {
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                           _("A document has no valid “_id”."));
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                           _("A document’s “_id” is not valid text."));
      return FALSE;
    }
  if (type == NULL)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                   _("The document “%s” has no “type”."), id);
      return FALSE;
    }
  if (rev != NULL && !JSON_NODE_HOLDS_NULL (rev) &&
      !parse_rev (object_get_string (doc, "_rev"), NULL, NULL))
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                   _("The document “%s” has an invalid “_rev”."), id);
      return FALSE;
    }
  *id_out = id;
  *type_out = type;
  return TRUE;
}

/* A local edit inside the current transaction.  import: a _rev already in
 * the tree is skipped (*written FALSE), no _rev on an existing live document
 * writes on top of the winner. */
static gboolean
write_local (TktStore    *self,
             JsonObject  *doc,
             gboolean     import,
             gboolean    *written,
             char       **rev_out,
             GError     **error)
{
  g_auto(DocRow) row = { 0 };
  g_autofree char *body = NULL;
  g_autofree char *new_rev = NULL;
  const char *id;
  const char *type;
  const char *rev;
  const char *parent = NULL;
  gint64 parent_pos = 0;
  gboolean deleted;

  *written = FALSE;
  if (!validate_doc (doc, &id, &type, error))
    return FALSE;
  rev = object_get_string (doc, "_rev");
  deleted = object_get_deleted (doc);

  if (!lookup_doc (self, id, &row, error))
    return FALSE;

  if (row.rowid != 0)
    {
      if (import && rev != NULL)
        {
          g_auto(RevRow) known = { 0 };

          if (!lookup_rev (self, row.rowid, rev, &known, error))
            return FALSE;
          if (known.found)
            {
              if (rev_out)
                *rev_out = g_strdup (rev);
              return TRUE;
            }
        }
      if (rev != NULL && strcmp (rev, row.winner) != 0)
        {
          g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT,
                       _("The document “%s” was changed elsewhere: this edit is based on an older revision."),
                       id);
          return FALSE;
        }
      if (rev == NULL && !row.deleted && !import)
        {
          g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT,
                       _("The document “%s” already exists."), id);
          return FALSE;
        }
      parent = row.winner;
      parse_rev (parent, &parent_pos, NULL);
    }
  else if (rev != NULL)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT,
                   _("The document “%s” does not exist in this database, but the edit names a revision of it."),
                   id);
      return FALSE;
    }

  body = body_to_string (self, doc);
  new_rev = make_rev (parent, parent_pos, body, deleted);

  if (row.rowid == 0)
    {
      gint64 rowid = 0;

      if (!insert_new_doc (self, id, type, new_rev, deleted, body, &rowid, error) ||
          !insert_rev (self, rowid, new_rev, 1, NULL, deleted, TRUE, NULL, TRUE, error) ||
          !update_indexes (self, rowid, id, type, NULL, deleted, doc, body, TRUE, error))
        return FALSE;
    }
  else
    {
      if (!insert_rev (self, row.rowid, new_rev, parent_pos + 1, parent, deleted, TRUE, NULL, TRUE, error) ||
          !extend_rev (self, row.rowid, parent, error) ||
          !update_winner (self, &row, id, new_rev, parent, deleted, body, deleted ? NULL : doc, error))
        return FALSE;
    }

  /* The caller sets doc's _rev once the transaction is committed. */
  *written = TRUE;
  if (rev_out)
    *rev_out = g_steal_pointer (&new_rev);
  return TRUE;
}

/* Schema and opening */

static void
sql_fold (sqlite3_context *context,
          int              argc,
          sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  folded = tkt_text_fold (text);
  sqlite3_result_text (context, folded, -1, g_free);
}

static void
sql_sort_key (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  guint8 *key;
  gsize len = 0;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  key = tkt_text_sort_key (text, &len);
  if (key == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_blob (context, key, (int) len, g_free);
}

static gboolean
setup_connection (TktStore  *self,
                  gboolean   wal,
                  GError   **error)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  if (sqlite3_create_function_v2 (self->db, "tkt_fold", 1, flags, NULL, sql_fold, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function_v2 (self->db, "tkt_sort_key", 1, flags, NULL, sql_sort_key, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, sqlite3_errcode (self->db), error);
      return FALSE;
    }
  /* WAL: readers beside the writer; NORMAL sync is durable against a
   * process kill in WAL mode.  A big cache keeps a 100,000-task import
   * from spilling pages in the middle of its transaction.  Not before a
   * migration: switching to WAL rewrites the file's header, and a
   * migration that fails must leave the file as it was (its rollback
   * journal puts every page back); tkt_store_open switches after it. */
  if (wal && sqlite3_db_readonly (self->db, "main") != 1)
    sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  return exec_sql (self,
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA cache_size = -65536;"
                   /* After a big import, give the log's space back. */
                   "PRAGMA journal_size_limit = 67108864;"
                   /* Statement journals in memory, not in temporary files. */
                   "PRAGMA temp_store = MEMORY;",
                   error);
}

static gboolean
write_schema_marks (TktStore  *self,
                    GError   **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  char *out = uuid;

  /* The database's identity (tkt_store_get_uuid): 32 hex digits, made once. */
  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      *out++ = *p;
  *out = '\0';
  sql = g_strdup_printf ("PRAGMA application_id = %d;"
                         "PRAGMA user_version = %d;"
                         "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', %d);"
                         "INSERT OR REPLACE INTO meta (key, value) VALUES ('application_id', '%s');"
                         "INSERT OR IGNORE INTO meta (key, value) VALUES ('update_seq', 0);"
                         "INSERT OR IGNORE INTO meta (key, value) VALUES ('uuid', '%s');",
                         TKT_APPLICATION_ID, TKT_STORE_SCHEMA_VERSION,
                         TKT_STORE_SCHEMA_VERSION, TKT_APPLICATION_MARKER, uuid);

  return exec_sql (self, sql, error);
}

static gboolean
table_exists (sqlite3    *db,
              const char *table)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
create_schema (TktStore  *self,
               GError   **error)
{
  /* The tables first (write_begin reads meta), then the seeding as a
   * nested write, all in one transaction. */
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Another process may have created it meanwhile. */
  if (table_exists (self->db, "meta"))
    return exec_sql (self, "COMMIT", error);
  if (!exec_sql (self, schema_sql, error) ||
      !write_schema_marks (self, error) ||
      !write_begin (self, error))
    goto fail;
  if (!tkt_catalog_seed_defaults (self, error))
    {
      write_rollback (self);
      goto fail;
    }
  if (!write_commit (self, error) ||
      !exec_sql (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Version 0, the first layout: meta (key, value) with schema_version 0 and
 * docs (id, type, rev, body), one revision per document, body without the
 * "_" members.  Moves every document into the version 1 tables, keeping its
 * rev, then builds the task index. */
static gboolean
migrate_from_v0 (TktStore  *self,
                 GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;
  int rc;

  if (!write_begin (self, error))
    return FALSE;

  /* Another process may have migrated it meanwhile. */
  if (!read_meta_int (self, "schema_version", &version, error))
    goto fail;
  if (version != 0)
    return write_commit (self, error);

  if (!exec_sql (self, "ALTER TABLE docs RENAME TO docs_v0;", error) ||
      !exec_sql (self, schema_sql, error) ||
      !write_schema_marks (self, error))
    goto fail;

  rc = sqlite3_prepare_v2 (self->db, "SELECT id, type, rev, body FROM docs_v0 ORDER BY rowid", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      const char *rev = (const char *) sqlite3_column_text (stmt, 2);
      const char *body = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *new_rev = NULL;
      gint64 pos = 1;
      gint64 rowid = 0;

      if (id == NULL || type == NULL)
        continue;
      if (body == NULL)
        body = "{}";
      if (!parse_rev (rev, &pos, NULL))
        rev = new_rev = make_rev (NULL, 0, body, FALSE);
      if (!insert_new_doc (self, id, type, rev, FALSE, body, &rowid, error) ||
          !insert_rev (self, rowid, rev, pos, NULL, FALSE, TRUE, NULL, TRUE, error))
        goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Programmes and sectors are all in place: index the tasks. */
  rc = sqlite3_prepare_v2 (self->db, "SELECT rowid, id, body FROM docs WHERE type = 'task' AND deleted = 0", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = parse_body (self, NULL, NULL, FALSE, (const char *) sqlite3_column_text (stmt, 2));

      if (body != NULL &&
          !index_task (self, sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1), body, TRUE, error))
        goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!exec_sql (self, "DROP TABLE docs_v0;", error))
    goto fail;

  /* Nobody listens yet: the migration is not a change of the documents. */
  truncate_changed (self, 0);
  return write_commit (self, error);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  write_rollback (self);
  return FALSE;
}

/* Version 1 files made before task_fts became detail=none with prefix
 * indexes keep the old full-detail table: the same queries work on it, but
 * a one-letter search merges every term that starts with the letter (about
 * 30 ms over 100,000 tasks instead of 2).  The rows are kept (the folded
 * text is stored in the table) and written into the current definition. */
static gboolean
upgrade_task_fts (TktStore  *self,
                  GError   **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT sql FROM sqlite_schema WHERE name = 'task_fts'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    sql = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (sql != NULL && strstr (sql, "detail = none") != NULL && strstr (sql, "prefix = '1 2 3 4 5'") != NULL)
    return TRUE;

  return exec_sql (self,
                   "CREATE TEMP TABLE tkt_fts_copy AS SELECT rowid AS r, folded FROM task_fts;"
                   "DROP TABLE task_fts;"
                   TASK_FTS_SQL ";"
                   "INSERT INTO task_fts (rowid, folded) SELECT r, folded FROM temp.tkt_fts_copy ORDER BY r;"
                   "DROP TABLE temp.tkt_fts_copy;",
                   error);
}

/* Version 1 had no history tables: creates them and fills them from the
 * live tasks (task_index is unchanged). */
static gboolean
migrate_from_v1 (TktStore  *self,
                 GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;
  int rc;

  if (!write_begin (self, error))
    return FALSE;

  /* Another process may have migrated it meanwhile. */
  if (!read_meta_int (self, "schema_version", &version, error))
    goto fail;
  if (version != 1)
    return write_commit (self, error);

  if (!exec_sql (self, TASK_HISTORY_TABLES_SQL TASK_HISTORY_INDEXES_SQL LOCAL_DOCS_SQL, error) ||
      !write_schema_marks (self, error) ||
      !upgrade_task_fts (self, error))
    goto fail;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT d.rowid, d.body FROM docs d JOIN task_index t ON t.rowid = d.rowid"
                           " WHERE d.type = 'task' AND d.deleted = 0",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = parse_body (self, NULL, NULL, FALSE, (const char *) sqlite3_column_text (stmt, 1));

      if (body != NULL &&
          !index_task_history_of_object (self, sqlite3_column_int64 (stmt, 0), body, error))
        goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  truncate_changed (self, 0);
  return write_commit (self, error);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  write_rollback (self);
  return FALSE;
}

/* Version 2 had no local documents: creates their table (the database's
 * uuid is written with the schema marks). */
static gboolean
migrate_from_v2 (TktStore  *self,
                 GError   **error)
{
  gint64 version = -1;

  if (!write_begin (self, error))
    return FALSE;

  /* Another process may have migrated it meanwhile. */
  if (!read_meta_int (self, "schema_version", &version, error))
    goto fail;
  if (version != 2)
    return write_commit (self, error);

  if (!exec_sql (self, LOCAL_DOCS_SQL, error) ||
      !write_schema_marks (self, error))
    goto fail;
  return write_commit (self, error);

fail:
  write_rollback (self);
  return FALSE;
}

typedef enum {
  CHECK_NEW,        /* no file, or an empty one */
  CHECK_CURRENT,
  CHECK_V0,
  CHECK_V1,
  CHECK_V2,
} CheckResult;

static gboolean
read_header (const char  *path,
             guint8       header[100],
             gsize       *len,
             GError     **error)
{
  g_autofree char *name = display_name (path);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gssize n;
  int saved_errno;

  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }
  do
    n = read (fd, header, 100);
  while (n < 0 && errno == EINTR);
  saved_errno = errno;
  close (fd);
  if (n < 0)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }
  *len = (gsize) n;
  return TRUE;
}

static void
set_not_database (GError     **error,
                  const char  *path,
                  const char  *why)
{
  g_autofree char *name = display_name (path);

  /* TRANSLATORS: the first %s is a file name, the second says why. */
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_DATABASE,
               _("“%s” is not a Tongket database: %s. The file was left unchanged."),
               name, why);
}


static gint64
count_tables (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* -1: no meta table or no schema_version; -2: an error. */
static gint64
read_schema_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (!table_exists (db, "meta"))
    return -1;
  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &stmt, NULL) != SQLITE_OK)
    return -2;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Opens an existing file read-only without changing it or leaving any
 * file beside it: immutable when there is no write-ahead log (so SQLite
 * creates no -wal/-shm), plain read-only when a log exists (a writer is
 * running or was killed: its committed transactions are in the log). */
static sqlite3 *
open_read_only (const char  *path,
                GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *full = NULL;
  sqlite3 *db = NULL;
  int rc;

  uri = g_filename_to_uri (absolute, NULL, error);
  if (uri == NULL)
    return NULL;
  full = g_strconcat (uri, g_file_test (wal, G_FILE_TEST_EXISTS) ? "?mode=ro" : "?mode=ro&immutable=1", NULL);
  rc = sqlite3_open_v2 (full, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), name, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* A copy of the database (through SQLite, so a log is included) before a
 * migration: PATH.bak-vN, or PATH.bak-vN.2, … if that exists. */
static gboolean
backup_database (sqlite3     *src,
                 const char  *path,
                 gint64       version,
                 GError     **error)
{
  g_autofree char *backup_path = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  backup_path = g_strdup_printf ("%s.bak-v%" G_GINT64_FORMAT, path, version);
  for (guint n = 2; g_file_test (backup_path, G_FILE_TEST_EXISTS); n++)
    {
      g_free (backup_path);
      backup_path = g_strdup_printf ("%s.bak-v%" G_GINT64_FORMAT ".%u", path, version, n);
    }

  rc = sqlite3_open_v2 (backup_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", src, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? sqlite3_errcode (dest) : rc;
        }
    }
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = display_name (backup_path);

      g_set_error (error, TKT_STORE_ERROR, (rc & 0xff) == SQLITE_FULL ? TKT_STORE_ERROR_FULL : TKT_STORE_ERROR_FAILED,
                   _("Cannot make the backup copy “%s” before upgrading the database: %s"),
                   name, dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close_v2 (dest);
      g_unlink (backup_path);
      return FALSE;
    }
  sqlite3_close_v2 (dest);
  return TRUE;
}

/* The whole-file check on open (PRAGMA quick_check) reads every page: a
 * quarter of a second for 100,000 tasks, most of Tongket's start.  A file
 * that has not changed since this user's Tongket last closed it cleanly,
 * after a process that saw no sign of damage, is not read again: its
 * device, inode, size and modification time (to the nanosecond) are kept
 * at close in $XDG_CACHE_HOME/tongket/verified, outside the file, keyed by
 * a hash of its path.  Any other file (copied in, changed by another
 * program, written by a process that crashed) is checked as before.
 *
 * "No sign of damage" is SQLite's own report: it logs SQLITE_CORRUPT
 * wherever a connection of the process meets damage, whatever query it
 * ran.  The logger is installed before main, before SQLite starts; if it
 * could not be, nothing is recorded and every open checks. */
static gboolean sqlite_log_installed;
static gint sqlite_damage_seen;

static void
sqlite_log_cb (void       *data,
               int         code,
               const char *message)
{
  if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
    g_atomic_int_set (&sqlite_damage_seen, 1);
}

__attribute__ ((constructor)) static void
install_sqlite_log (void)
{
  sqlite_log_installed = sqlite3_config (SQLITE_CONFIG_LOG, sqlite_log_cb, NULL) == SQLITE_OK;
}

/* How many whole-file checks this process ran (for the tests). */
static guint n_file_checks;

guint
tkt_store_get_n_file_checks (void)
{
  return n_file_checks;
}

static char *
verified_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "tongket", "verified", NULL);
}

static char *
verified_key (const char *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
}

/* dev:inode:size:mtime-s:mtime-ns, or NULL. */
static char *
file_stamp (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%ld",
                          (guint64) st.st_dev, (guint64) st.st_ino, (gint64) st.st_size,
                          (gint64) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
}

static gboolean
file_verified_before (const char *path)
{
  g_autofree char *record = verified_path ();
  g_autofree char *key = verified_key (path);
  g_autofree char *stamp = file_stamp (path);
  g_autofree char *kept = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;

  if (!sqlite_log_installed || stamp == NULL || !g_key_file_load_from_file (file, record, G_KEY_FILE_NONE, NULL))
    return FALSE;
  /* Changes in the log: a session that did not end cleanly (or one
   * running now in another program) wrote since. */
  if (stat (wal, &st) == 0 && st.st_size > 0)
    return FALSE;
  kept = g_key_file_get_string (file, "verified", key, NULL);
  return g_strcmp0 (kept, stamp) == 0;
}

/* After the last connection to path is closed. */
static void
file_verified_now (const char *path)
{
  g_autofree char *record = verified_path ();
  g_autofree char *folder = g_path_get_dirname (record);
  g_autofree char *key = verified_key (path);
  g_autofree char *stamp = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!sqlite_log_installed)
    return;
  g_key_file_load_from_file (file, record, G_KEY_FILE_NONE, NULL);
  stamp = g_atomic_int_get (&sqlite_damage_seen) ? NULL : file_stamp (path);
  if (stamp != NULL)
    g_key_file_set_string (file, "verified", key, stamp);
  else
    g_key_file_remove_key (file, "verified", key, NULL);
  /* A cache: if it cannot be written, the next open checks the file. */
  if (g_mkdir_with_parents (folder, 0700) == 0)
    g_key_file_save_to_file (file, record, NULL);
}

/* Decides, without changing anything, what the file at path is. */
static gboolean
check_existing (const char   *path,
                CheckResult  *result,
                GError      **error)
{
  g_autofree char *name = display_name (path);
  guint8 header[100];
  gsize len = 0;
  guint32 application_id;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version;
  gboolean ok = FALSE;
  gboolean checked;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *result = CHECK_NEW;
      return TRUE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      set_not_database (error, path, _("it is not a regular file"));
      return FALSE;
    }
  if (!read_header (path, header, &len, error))
    return FALSE;
  if (len == 0)
    {
      *result = CHECK_NEW;
      return TRUE;
    }
  if (len < 100 || memcmp (header, "SQLite format 3", 16) != 0)
    {
      set_not_database (error, path, _("it is not a database file"));
      return FALSE;
    }

  db = open_read_only (path, error);
  if (db == NULL)
    return FALSE;

  checked = !file_verified_before (path);
  if (checked)
    {
      n_file_checks++;
      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
    }
  if (checked && (rc != SQLITE_ROW || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0))
    {
      g_autofree char *why = g_strdup_printf (_("the file is damaged (%s)"),
                                              rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0)
                                                               : sqlite3_errmsg (db));

      set_not_database (error, path, why);
      goto out;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Through SQLite, not from the header bytes: a committed change may still
   * be in the write-ahead log. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  application_id = rc == SQLITE_ROW ? (guint32) sqlite3_column_int64 (stmt, 0) : 0;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (application_id != TKT_APPLICATION_ID && application_id != 0)
    {
      set_not_database (error, path, _("it is a database of another application"));
      goto out;
    }

  version = read_schema_version (db);
  if (version == -2)
    {
      g_autofree char *why = g_strdup_printf (_("the file cannot be read (%s)"), sqlite3_errmsg (db));

      set_not_database (error, path, why);
      goto out;
    }
  if (application_id == 0 && version == -1 && count_tables (db) == 0)
    {
      /* An SQLite file without a single table: a Tongket database whose
       * creation was interrupted (or an empty one). Nothing to lose. */
      *result = CHECK_NEW;
      ok = TRUE;
      goto out;
    }
  if (application_id == 0)
    {
      /* Only a version 0 Tongket file has no application id. */
      if (version != 0 || !table_exists (db, "docs"))
        {
          set_not_database (error, path, _("it is a database of another application"));
          goto out;
        }
    }
  else if (version < 0)
    {
      set_not_database (error, path, _("its version record is missing"));
      goto out;
    }

  if (version > TKT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer version of Tongket (database version %d; this version "
                     "reads up to version %d). Update Tongket to open it. The file was left unchanged."),
                   name, (int) version, TKT_STORE_SCHEMA_VERSION);
      goto out;
    }

  if (version < TKT_STORE_SCHEMA_VERSION)
    {
      if (!backup_database (db, path, version, error))
        goto out;
      *result = version == 0 ? CHECK_V0 : version == 1 ? CHECK_V1 : CHECK_V2;
    }
  else
    *result = CHECK_CURRENT;
  ok = TRUE;

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (db);
  return ok;
}

static gboolean
folder_is_writable (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  return access (folder, W_OK | X_OK) == 0;
}

static gboolean
has_log_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  return g_file_test (wal, G_FILE_TEST_EXISTS) || g_file_test (shm, G_FILE_TEST_EXISTS);
}

/* GObject */

static void
tkt_store_finalize (GObject *object)
{
  TktStore *self = (TktStore *)object;

  tkt_store_sync_forget (self);
  finalize_stmts (self);
  if (self->db != NULL)
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      /* Closed cleanly (the last connection checkpoints the log into
       * the file): remember the file as checked. */
      if (sqlite3_close (self->db) == SQLITE_OK)
        {
          if (self->path != NULL && !has_log_files (self->path))
            file_verified_now (self->path);
        }
      else
        sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_object (&self->generator);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->levels, g_array_unref);
  g_clear_pointer (&self->changed_set, g_hash_table_unref);
  g_clear_pointer (&self->changed, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->fts_queue, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tkt_store_parent_class)->finalize (object);
}

static void
tkt_store_class_init (TktStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tkt_store_finalize;

  /**
   * TktStore::changed:
   * @ids: the ids of the documents changed by the committed transaction
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
tkt_store_init (TktStore *self)
{
  self->generator = json_generator_new ();
  self->parser = json_parser_new ();
  self->levels = g_array_new (FALSE, FALSE, sizeof (WriteLevel));
  self->changed = g_ptr_array_new_with_free_func (g_free);
  self->changed_set = g_hash_table_new (g_str_hash, g_str_equal);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->fts_queue = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, fts_pending_free);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
}

/* Public API */

TktStore *
tkt_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(TktStore) self = NULL;
  CheckResult check = CHECK_NEW;
  gboolean migrate;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_existing (path, &check, error))
    return NULL;

  self = g_object_new (TKT_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (check == CHECK_CURRENT && !folder_is_writable (path) && !has_log_files (path))
    {
      /* A folder we may not write (a read-only share, a CD, another
       * user's folder): SQLite cannot make the write-ahead log beside the
       * file, so a normal connection can read nothing.  With no log there
       * is no writer either: read the file as it is, and say "read-only"
       * when a change is tried. */
      self->db = open_read_only (path, error);
      if (self->db == NULL)
        return NULL;
      rc = SQLITE_OK;
    }
  else
    rc = sqlite3_open_v2 (path, &self->db,
                          SQLITE_OPEN_READWRITE | (check == CHECK_NEW ? SQLITE_OPEN_CREATE : 0),
                          NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = display_name (path);

      if (check == CHECK_NEW && !folder_is_writable (path))
        {
          g_autofree char *folder = g_path_get_dirname (name);

          g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_READ_ONLY,
                       _("Cannot create “%s”: the folder “%s” is read-only. Choose a folder you can write to."),
                       name, folder);
        }
      else
        g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                     _("Cannot open “%s”: %s"), name,
                     self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  migrate = check == CHECK_V0 || check == CHECK_V1 || check == CHECK_V2;
  if (!setup_connection (self, !migrate, error))
    return NULL;

  switch (check)
    {
    case CHECK_NEW:
      if (!create_schema (self, error))
        return NULL;
      break;
    case CHECK_V0:
    case CHECK_V1:
    case CHECK_V2:
      if (!(check == CHECK_V0 ? migrate_from_v0 (self, error) :
            check == CHECK_V1 ? migrate_from_v1 (self, error) : migrate_from_v2 (self, error)))
        {
          /* A file that looked like an older Tongket database but is not
           * quite one (damaged, or edited by hand): rolled back. */
          g_prefix_error (error, _("The database could not be upgraded for this version of Tongket "
                                   "and was left unchanged. "));
          return NULL;
        }
      if (sqlite3_db_readonly (self->db, "main") != 1)
        sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
      break;
    case CHECK_CURRENT:
    default:
      break;
    }

  /* The catalogue of award forms arrived with schema version 2: a file
   * created before it gets the defaults, as a new file does (a no-op when
   * it has forms already). */
  if ((check == CHECK_V0 || check == CHECK_V1) &&
      !tkt_award_forms_seed (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

TktStore *
tkt_store_open_another (TktStore  *store,
                        GError   **error)
{
  g_autoptr(TktStore) self = NULL;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TKT_TYPE_STORE, NULL);
  self->path = g_strdup (store->path);
  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = display_name (self->path);

      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), name,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  /* The file is in WAL mode already (tkt_store_open): not switched again. */
  if (!setup_connection (self, FALSE, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
tkt_store_get_path (TktStore *self)
{
  g_return_val_if_fail (TKT_IS_STORE (self), NULL);

  return self->path;
}

sqlite3 *
tkt_store_get_db (TktStore *self)
{
  g_return_val_if_fail (TKT_IS_STORE (self), NULL);

  return self->db;
}

static void
set_not_found (GError     **error,
               const char  *id)
{
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND,
               _("The document “%s” does not exist or was deleted."), id);
}

JsonObject *
tkt_store_get (TktStore    *self,
               const char  *id,
               GError     **error)
{
  sqlite3_stmt *stmt;
  JsonObject *doc = NULL;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = get_stmt (self, STMT_GET, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 1) == 0)
    doc = parse_body (self, id, (const char *) sqlite3_column_text (stmt, 0), FALSE,
                      (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, rc, error);
  else if (doc == NULL)
    set_not_found (error, id);
  return doc;
}

JsonObject *
tkt_store_get_rev (TktStore    *self,
                   const char  *id,
                   const char  *rev,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  JsonObject *doc = NULL;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (rev != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = get_stmt (self, STMT_GET_REV, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    doc = parse_body (self, id, rev, sqlite3_column_int (stmt, 0) != 0,
                      (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, rc, error);
  else if (doc == NULL)
    g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND,
                 _("The revision %s of “%s” is not kept in this database."), rev, id);
  return doc;
}

char *
tkt_store_put (TktStore    *self,
               JsonObject  *doc,
               GError     **error)
{
  g_autofree char *rev = NULL;
  g_autoptr(JsonObject) stamped = NULL;
  gboolean written = FALSE;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A local edit says when and by whom ("modified", tkt-store-sync.h);
   * doc itself gets it only once the edit is committed. */
  stamped = tkt_store_stamp_modified (self, doc);
  if (!write_begin (self, error))
    return NULL;
  if (!write_local (self, stamped, FALSE, &written, &rev, error))
    {
      write_rollback (self);
      return NULL;
    }
  if (!write_commit (self, error))
    return NULL;
  json_object_set_member (doc, "modified", json_node_ref (json_object_get_member (stamped, "modified")));
  json_object_set_string_member (doc, "_rev", rev);
  return g_steal_pointer (&rev);
}

gboolean
tkt_store_put_all (TktStore    *self,
                   GPtrArray   *docs,
                   guint       *n_written,
                   GError     **error)
{
  guint count = 0;
  gboolean rebuild = FALSE;
  g_autoptr(GPtrArray) revs = NULL;   /* char*: the new rev of each document, NULL if skipped */

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (docs != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written)
    *n_written = 0;
  revs = g_ptr_array_new_full (docs->len, g_free);
  g_ptr_array_set_size (revs, docs->len);
  if (!write_begin (self, error))
    return FALSE;

  /* A big import into a small register: rebuild the indexes at the end
   * (in bulk mode, at tkt_store_bulk_end). */
  if (docs->len >= 2000 && !self->bulk)
    {
      gint64 n_tasks = 0;
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM task_index", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        n_tasks = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      rebuild = (gint64) docs->len >= 2 * n_tasks;
    }
  if (rebuild)
    {
      for (guint i = 0; i < G_N_ELEMENTS (task_index_index_names); i++)
        {
          g_autofree char *sql = g_strdup_printf ("DROP INDEX IF EXISTS %s", task_index_index_names[i]);

          if (!exec_sql (self, sql, error))
            goto fail;
        }
      /* The statements that named them are prepared again. */
      finalize_stmts (self);
    }

  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      gboolean written = FALSE;

      if (doc == NULL)
        {
          g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                               _("A document is not a JSON object."));
          goto fail;
        }
      if (!write_local (self, doc, TRUE, &written, (char **) &revs->pdata[i], error))
        goto fail;
      if (written)
        count++;
      else
        g_clear_pointer (&revs->pdata[i], g_free);
    }

  if (rebuild)
    {
      finalize_stmts (self);
      if (!exec_sql (self, TASK_INDEX_INDEXES_SQL, error))
        goto fail;
    }

  if (!write_commit (self, error))
    return FALSE;
  for (guint i = 0; i < docs->len; i++)
    if (revs->pdata[i] != NULL)
      json_object_set_string_member (g_ptr_array_index (docs, i), "_rev", revs->pdata[i]);
  if (n_written)
    *n_written = count;
  return TRUE;

fail:
  write_rollback (self);
  if (rebuild)
    finalize_stmts (self);
  return FALSE;
}

/* A new task read by tkt_json_doc_read: what write_local does for a
 * document without "_rev" that is not in the database, without a tree. */
static gboolean
write_new_json_task (TktStore    *self,
                     TktJsonDoc  *doc,
                     GError     **error)
{
  g_autofree char *rev = NULL;
  gint64 rowid = 0;

  if (doc->id[0] == '_' || !g_utf8_validate (doc->id, -1, NULL))
    {
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                           _("A document has no valid “_id”."));
      return FALSE;
    }
  rev = make_rev (NULL, 0, doc->body, FALSE);
  return insert_new_doc (self, doc->id, doc->type, rev, FALSE, doc->body, &rowid, error) &&
         insert_rev (self, rowid, rev, 1, NULL, FALSE, TRUE, NULL, TRUE, error) &&
         index_task_fields (self, rowid, doc->id, &doc->fields, TRUE, error);
}

gboolean
tkt_store_put_json_docs (TktStore    *self,
                         GPtrArray   *docs,
                         guint       *n_written,
                         GError     **error)
{
  guint count = 0;

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (docs != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written)
    *n_written = 0;
  if (!write_begin (self, error))
    return FALSE;

  for (guint i = 0; i < docs->len; i++)
    {
      TktJsonDoc *doc = g_ptr_array_index (docs, i);
      g_autoptr(JsonObject) parsed = NULL;
      JsonObject *object = doc->object;
      gboolean written = FALSE;

      if (object == NULL)
        {
          g_auto(DocRow) row = { 0 };

          if (!lookup_doc (self, doc->id, &row, error))
            goto fail;
          if (row.rowid == 0 && doc->is_task)
            {
              if (!write_new_json_task (self, doc, error))
                goto fail;
              count++;
              continue;
            }
          /* Not a new task: the tree way, from the same text. */
          object = parsed = parse_body (self, NULL, NULL, FALSE, doc->body);
          if (parsed == NULL)
            {
              g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                                   _("A document is not a JSON object."));
              goto fail;
            }
          json_object_set_string_member (parsed, "_id", doc->id);
        }
      if (!write_local (self, object, TRUE, &written, NULL, error))
        goto fail;
      if (written)
        count++;
    }

  if (!write_commit (self, error))
    return FALSE;
  if (n_written)
    *n_written = count;
  return TRUE;

fail:
  write_rollback (self);
  return FALSE;
}

/* The number of rows of task_index, or -1. */
static gint64
count_tasks (TktStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n_tasks = -1;

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM task_index", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n_tasks = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n_tasks;
}

gboolean
tkt_store_bulk_begin (TktStore  *self,
                      guint      n_docs,
                      GError   **error)
{
  gint64 n_tasks;

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->bulk, FALSE);
  g_return_val_if_fail (self->levels->len == 0 && !sqlite3_get_autocommit (self->db), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->bulk = TRUE;
  n_tasks = count_tasks (self);
  if (n_docs < 2000 || n_tasks < 0 || (gint64) n_docs < 2 * n_tasks)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (task_index_index_names); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX IF EXISTS %s", task_index_index_names[i]);

      if (!exec_sql (self, sql, error))
        return FALSE;
    }
  /* The statements that named them are prepared again. */
  finalize_stmts (self);
  self->bulk_dropped = TRUE;
  return TRUE;
}

gboolean
tkt_store_bulk_end (TktStore  *self,
                    gboolean   rebuild,
                    GError   **error)
{
  gboolean dropped;

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dropped = self->bulk_dropped;
  self->bulk = FALSE;
  self->bulk_dropped = FALSE;
  if (!dropped)
    return TRUE;
  finalize_stmts (self);
  if (rebuild && !exec_sql (self, TASK_INDEX_INDEXES_SQL, error))
    return FALSE;
  return TRUE;
}

/* Writes a tombstone or a restored body on top of parent_rev. */
static char *
write_child (TktStore     *self,
             const DocRow *row,
             const char   *id,
             const char   *parent_rev,
             gint64        parent_pos,
             const char   *body,
             gboolean      deleted,
             GError      **error)
{
  g_autofree char *new_rev = make_rev (parent_rev, parent_pos, body, deleted);

  if (!insert_rev (self, row->rowid, new_rev, parent_pos + 1, parent_rev, deleted, TRUE, NULL, TRUE, error) ||
      !extend_rev (self, row->rowid, parent_rev, error) ||
      !update_winner (self, row, id, new_rev, parent_rev, deleted, body, NULL, error))
    return NULL;
  return g_steal_pointer (&new_rev);
}

static char *
tombstone_body (TktStore   *self,
                const char *type)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "type", type);
  return body_to_string (self, body);
}

char *
tkt_store_delete (TktStore    *self,
                  const char  *id,
                  const char  *rev,
                  GError     **error)
{
  g_auto(DocRow) row = { 0 };
  g_auto(RevRow) target = { 0 };
  g_autofree char *body = NULL;
  char *new_rev = NULL;
  const char *target_rev;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!write_begin (self, error))
    return NULL;
  if (!lookup_doc (self, id, &row, error))
    goto fail;
  if (row.rowid == 0 || (rev == NULL && row.deleted))
    {
      set_not_found (error, id);
      goto fail;
    }
  target_rev = rev ? rev : row.winner;
  if (!lookup_rev (self, row.rowid, target_rev, &target, error))
    goto fail;
  if (!target.found || target.deleted)
    {
      set_not_found (error, id);
      goto fail;
    }
  if (!target.is_leaf)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT,
                   _("The document “%s” was changed elsewhere: the revision to delete is not the latest."),
                   id);
      goto fail;
    }

  body = tombstone_body (self, row.type);
  new_rev = write_child (self, &row, id, target_rev, target.pos, body, TRUE, error);
  if (new_rev == NULL)
    goto fail;
  if (!write_commit (self, error))
    {
      g_free (new_rev);
      return NULL;
    }
  return new_rev;

fail:
  write_rollback (self);
  return NULL;
}

char *
tkt_store_undelete (TktStore    *self,
                    const char  *id,
                    GError     **error)
{
  g_auto(DocRow) row = { 0 };
  g_auto(RevRow) tombstone = { 0 };
  g_auto(RevRow) live = { 0 };
  char *new_rev = NULL;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!write_begin (self, error))
    return NULL;
  if (!lookup_doc (self, id, &row, error))
    goto fail;
  if (row.rowid == 0)
    {
      set_not_found (error, id);
      goto fail;
    }
  if (!row.deleted)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT,
                   _("The document “%s” is not deleted."), id);
      goto fail;
    }
  if (!lookup_rev (self, row.rowid, row.winner, &tombstone, error))
    goto fail;
  if (tombstone.parent != NULL && !lookup_rev (self, row.rowid, tombstone.parent, &live, error))
    goto fail;
  if (!live.found || live.body == NULL || live.deleted)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND,
                   _("The document “%s” cannot be restored: its last version is not kept."), id);
      goto fail;
    }

  new_rev = write_child (self, &row, id, row.winner, tombstone.pos, live.body, FALSE, error);
  if (new_rev == NULL)
    goto fail;
  if (!write_commit (self, error))
    {
      g_free (new_rev);
      return NULL;
    }
  return new_rev;

fail:
  write_rollback (self);
  return NULL;
}

static gboolean
put_revision_locked (TktStore    *self,
                     JsonObject  *doc,
                     GError     **error)
{
  g_auto(DocRow) row = { 0 };
  g_auto(RevRow) known = { 0 };
  g_autoptr(GPtrArray) path = g_ptr_array_new_with_free_func (g_free);   /* newest first */
  g_autofree char *body = NULL;
  const char *id;
  const char *type;
  const char *rev;
  const char *hash;
  gint64 pos = 0;
  gboolean deleted;
  JsonNode *node;

  if (!validate_doc (doc, &id, &type, error))
    return FALSE;
  rev = object_get_string (doc, "_rev");
  if (!parse_rev (rev, &pos, &hash))
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                   _("The document “%s” has no valid “_rev”."), id);
      return FALSE;
    }
  deleted = object_get_deleted (doc);

  node = json_object_get_member (doc, "_revisions");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *revisions = json_node_get_object (node);
      JsonNode *start = json_object_get_member (revisions, "start");
      JsonNode *ids = json_object_get_member (revisions, "ids");
      JsonArray *array;
      gint64 n;

      if (start == NULL || !JSON_NODE_HOLDS_VALUE (start) ||
          json_node_get_value_type (start) != G_TYPE_INT64 ||
          ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids))
        goto bad_revisions;
      n = json_node_get_int (start);
      array = json_node_get_array (ids);
      if (n != pos || json_array_get_length (array) == 0 || json_array_get_length (array) > (guint) n)
        goto bad_revisions;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *h;
          g_autofree char *full = NULL;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            goto bad_revisions;
          h = json_node_get_string (element);
          full = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", n - i, h);
          if (!parse_rev (full, NULL, NULL) || (i == 0 && strcmp (h, hash) != 0))
            goto bad_revisions;
          g_ptr_array_add (path, g_steal_pointer (&full));
        }
    }
  else if (node != NULL)
    goto bad_revisions;
  else
    g_ptr_array_add (path, g_strdup (rev));

  if (!lookup_doc (self, id, &row, error))
    return FALSE;
  if (row.rowid != 0)
    {
      if (!lookup_rev (self, row.rowid, rev, &known, error))
        return FALSE;
      if (known.found)
        return TRUE;   /* already there: idempotent */
    }

  body = body_to_string (self, doc);

  if (row.rowid == 0)
    {
      if (!insert_new_doc (self, id, type, rev, deleted, body, &row.rowid, error))
        return FALSE;
      row.winner = g_strdup (rev);
      row.deleted = deleted;
    }

  /* The ancestors, oldest first: stubs without a body where missing; an
   * existing leaf among them is extended. */
  for (guint i = path->len; i-- > 1;)
    {
      const char *ancestor = g_ptr_array_index (path, i);
      const char *parent = i + 1 < path->len ? g_ptr_array_index (path, i + 1) : NULL;

      if (!insert_rev (self, row.rowid, ancestor, pos - i, parent, FALSE, FALSE, NULL, FALSE, error))
        return FALSE;
    }
  if (!insert_rev (self, row.rowid, rev, pos, path->len > 1 ? g_ptr_array_index (path, 1) : NULL,
                   deleted, TRUE, NULL, FALSE, error))
    return FALSE;
  if (path->len > 1 && !extend_rev (self, row.rowid, g_ptr_array_index (path, 1), error))
    return FALSE;

  return update_winner (self, &row, id, rev, path->len > 1 ? g_ptr_array_index (path, 1) : NULL,
                        deleted, body, deleted ? NULL : doc, error);

bad_revisions:
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
               _("The document “%s” has an invalid “_revisions” history."), id);
  return FALSE;
}

gboolean
tkt_store_put_revision (TktStore    *self,
                        JsonObject  *doc,
                        GError     **error)
{
  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_begin (self, error))
    return FALSE;
  if (!put_revision_locked (self, doc, error))
    {
      write_rollback (self);
      return FALSE;
    }
  return write_commit (self, error);
}

GStrv
tkt_store_get_leaves (TktStore   *self,
                      const char *id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(DocRow) row = { 0 };
  g_autoptr(GArray) leaves = NULL;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (lookup_doc (self, id, &row, NULL) && row.rowid != 0)
    leaves = load_leaves (self, row.rowid, NULL);
  for (guint i = 0; leaves != NULL && i < leaves->len; i++)
    g_strv_builder_add (builder, g_array_index (leaves, Leaf, i).rev);
  return g_strv_builder_end (builder);
}

GStrv
tkt_store_get_conflicts (TktStore   *self,
                         const char *id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(DocRow) row = { 0 };
  g_autoptr(GArray) leaves = NULL;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (lookup_doc (self, id, &row, NULL) && row.rowid != 0)
    leaves = load_leaves (self, row.rowid, NULL);
  for (guint i = 1; leaves != NULL && i < leaves->len; i++)
    {
      Leaf *leaf = &g_array_index (leaves, Leaf, i);

      if (!leaf->deleted)
        g_strv_builder_add (builder, leaf->rev);
    }
  return g_strv_builder_end (builder);
}

GStrv
tkt_store_list_ids (TktStore   *self,
                    const char *type)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  stmt = get_stmt (self, STMT_LIST_IDS, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return g_strv_builder_end (builder);
}

GPtrArray *
tkt_store_list_docs (TktStore   *self,
                     const char *type)
{
  GPtrArray *docs;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  stmt = get_stmt (self, STMT_LIST_DOCS, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          JsonObject *doc = parse_body (self,
                                        (const char *) sqlite3_column_text (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        FALSE,
                                        (const char *) sqlite3_column_text (stmt, 2));

          if (doc != NULL)
            g_ptr_array_add (docs, doc);
        }
      sqlite3_reset (stmt);
    }
  return docs;
}

gint64
tkt_store_get_update_seq (TktStore *self)
{
  gint64 seq = 0;

  g_return_val_if_fail (TKT_IS_STORE (self), 0);

  if (!read_meta_int (self, "update_seq", &seq, NULL))
    return 0;
  return seq;
}

GStrv
tkt_store_changes_since (TktStore *self,
                         gint64    since,
                         guint     limit,
                         gint64   *last_seq)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  gint64 last = since;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);

  stmt = get_stmt (self, STMT_CHANGES, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
          last = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_reset (stmt);
    }
  if (last_seq)
    *last_seq = last;
  return g_strv_builder_end (builder);
}

gboolean
tkt_store_task_code_in_use (TktStore   *self,
                            const char *code,
                            const char *except_id)
{
  sqlite3_stmt *stmt;
  gboolean used;

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);

  if (code == NULL || *code == '\0')
    return FALSE;
  stmt = get_stmt (self, STMT_CODE_IN_USE, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 2, except_id);
  used = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return used;
}

/* For tkt-store-sync.c (tkt-store-private.h) */

void
tkt_store_set_sqlite_error (TktStore  *self,
                            int        rc,
                            GError   **error)
{
  set_sqlite_error (self, rc, error);
}

void
tkt_store_note_changed (TktStore   *self,
                        const char *id)
{
  g_assert (self->levels->len > 0);
  note_changed (self, id);
}

void
tkt_store_notify_changed (TktStore           *self,
                          const char * const *ids)
{
  g_return_if_fail (TKT_IS_STORE (self));
  g_return_if_fail (self->levels->len == 0);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    note_changed (self, ids[i]);
  emit_changed (self);
}

gboolean
tkt_store_write_begin (TktStore  *self,
                       GError   **error)
{
  return write_begin (self, error);
}

gboolean
tkt_store_write_commit (TktStore  *self,
                        GError   **error)
{
  return write_commit (self, error);
}

void
tkt_store_write_rollback (TktStore *self)
{
  write_rollback (self);
}

gboolean
tkt_store_put_revision_locked (TktStore    *self,
                               JsonObject  *doc,
                               GError     **error)
{
  return put_revision_locked (self, doc, error);
}

gboolean
tkt_store_parse_rev (const char  *rev,
                     gint64      *pos,
                     const char **hash)
{
  return parse_rev (rev, pos, hash);
}

char *
tkt_store_make_rev (const char *parent,
                    gint64      parent_pos,
                    const char *body,
                    gboolean    deleted)
{
  return make_rev (parent, parent_pos, body, deleted);
}

char *
tkt_store_body_to_string (TktStore   *self,
                          JsonObject *doc)
{
  return body_to_string (self, doc);
}

void
tkt_store_append_doc_text (GString    *out,
                           const char *id,
                           const char *rev,
                           gboolean    deleted,
                           const char *extra,
                           const char *body)
{
  append_doc_text (out, id, rev, deleted, extra, body ? body : "{}");
}

JsonObject *
tkt_store_parse_body (TktStore   *self,
                      const char *id,
                      const char *rev,
                      gboolean    deleted,
                      const char *body)
{
  return parse_body (self, id, rev, deleted, body);
}

static void
store_leaf_clear (gpointer data)
{
  g_free (((TktStoreLeaf *) data)->rev);
}

gboolean
tkt_store_lookup_doc (TktStore       *self,
                      const char     *id,
                      TktStoreDocRow *row,
                      GError        **error)
{
  return lookup_doc (self, id, row, error);
}

GArray *
tkt_store_load_leaves (TktStore  *self,
                       gint64     doc_rowid,
                       GError   **error)
{
  g_autoptr(GArray) leaves = load_leaves (self, doc_rowid, error);
  GArray *out;

  if (leaves == NULL)
    return NULL;
  out = g_array_sized_new (FALSE, TRUE, sizeof (TktStoreLeaf), leaves->len);
  g_array_set_clear_func (out, store_leaf_clear);
  for (guint i = 0; i < leaves->len; i++)
    {
      Leaf *leaf = &g_array_index (leaves, Leaf, i);
      TktStoreLeaf copy = { g_steal_pointer (&leaf->rev), leaf->pos, leaf->deleted };

      g_array_append_val (out, copy);
    }
  return out;
}
