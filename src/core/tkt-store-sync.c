/* tkt-store-sync.c — what the replicator and the conflict and history views
 * need from the store (tkt-store-sync.h).
 *
 * Built on the store's tables (docs, revs; see tkt-store.c) and on its
 * write path (tkt-store-private.h): a replicated revision goes through the
 * same put_revision as tkt_store_put_revision, a conflict resolution writes
 * its revisions the same way, so the winner, the bodies kept, the indexes
 * and the change sequence follow the store's rules in one place.
 *
 * The answers follow CouchDB's (couch_db:find_missing for _revs_diff,
 * couch_doc:to_json_obj with revs=true for _revisions, the leaves of
 * _changes?style=all_docs), so that a peer sees this database as it would
 * see a CouchDB holding the same revision trees.
 */
#include "config.h"

#define G_LOG_DOMAIN "tkt-store"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-store-sync.h"
#include "tkt-doc-private.h"
#include "tkt-store-private.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

typedef enum {
  SYNC_STMT_HAS_REV,
  SYNC_STMT_REV,
  SYNC_STMT_ANCESTRY,
  SYNC_STMT_CHANGES,
  SYNC_STMT_LOCAL_GET,
  SYNC_STMT_LOCAL_PUT,
  SYNC_STMT_LOCAL_DELETE,
  SYNC_STMT_CONFLICTED,
  SYNC_STMT_CHANGED_SINCE,
  SYNC_STMT_HISTORY,
  SYNC_STMT_META_GET,
  SYNC_STMT_META_ADD,
  SYNC_STMT_UNSENT,
  SYNC_STMT_ALL_IDS,
  N_SYNC_STMTS
} SyncStmtId;

static const char * const sync_stmt_sql[N_SYNC_STMTS] = {
  [SYNC_STMT_HAS_REV] = "SELECT 1 FROM revs WHERE doc = ?1 AND rev = ?2",
  /* The winner's body lives in docs.body (revs.body is NULL there). */
  [SYNC_STMT_REV] = "SELECT r.pos, r.deleted, r.is_leaf,"
                    " coalesce (r.body, CASE WHEN r.rev = d.winner_rev THEN d.body END)"
                    " FROM revs r JOIN docs d ON d.rowid = r.doc WHERE r.doc = ?1 AND r.rev = ?2",
  /* The ancestry of ?2, itself first, at most ?3 revisions (0: all). */
  [SYNC_STMT_ANCESTRY] = "WITH RECURSIVE a (rev, parent, n) AS ("
                         "  SELECT rev, parent, 1 FROM revs WHERE doc = ?1 AND rev = ?2"
                         "  UNION ALL"
                         "  SELECT r.rev, r.parent, a.n + 1 FROM a JOIN revs r ON r.doc = ?1 AND r.rev = a.parent"
                         "  WHERE ?3 = 0 OR a.n < ?3)"
                         " SELECT rev FROM a ORDER BY n",
  [SYNC_STMT_CHANGES] = "SELECT rowid, id, seq, deleted FROM docs WHERE seq > ?1 ORDER BY seq LIMIT ?2",
  [SYNC_STMT_LOCAL_GET] = "SELECT body FROM local_docs WHERE id = ?1",
  [SYNC_STMT_LOCAL_PUT] = "INSERT OR REPLACE INTO local_docs (id, body) VALUES (?1, ?2)",
  [SYNC_STMT_LOCAL_DELETE] = "DELETE FROM local_docs WHERE id = ?1",
  /* Grouped in revs first (its key order), then joined: joining each of
   * 100,000 leaves to docs before grouping took 0.3-0.4 s at startup. */
  [SYNC_STMT_CONFLICTED] = "SELECT d.id FROM"
                           " (SELECT doc FROM revs WHERE is_leaf = 1 AND deleted = 0"
                           "  GROUP BY doc HAVING count (*) > 1) c"
                           " JOIN docs d ON d.rowid = c.doc WHERE d.deleted = 0 ORDER BY d.id",
  [SYNC_STMT_CHANGED_SINCE] = "SELECT id FROM docs WHERE seq > ?1",
  /* The winner's path, newest first, with the bodies kept. */
  [SYNC_STMT_HISTORY] = "WITH RECURSIVE a (rev, n) AS ("
                        "  SELECT winner_rev, 1 FROM docs WHERE rowid = ?1"
                        "  UNION ALL"
                        "  SELECT r.parent, a.n + 1 FROM a JOIN revs r ON r.doc = ?1 AND r.rev = a.rev"
                        "  WHERE r.parent IS NOT NULL)"
                        " SELECT r.rev, r.deleted,"
                        " coalesce (r.body, CASE WHEN r.rev = d.winner_rev THEN d.body END)"
                        " FROM a JOIN revs r ON r.doc = ?1 AND r.rev = a.rev"
                        " JOIN docs d ON d.rowid = r.doc ORDER BY a.n",
  [SYNC_STMT_META_GET] = "SELECT value FROM meta WHERE key = ?1",
  [SYNC_STMT_META_ADD] = "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
  [SYNC_STMT_UNSENT] = "SELECT id, winner_rev, deleted FROM docs WHERE seq > ?1 ORDER BY id",
  [SYNC_STMT_ALL_IDS] = "SELECT id FROM docs ORDER BY seq",
};

/* What this file keeps per store, as the store's qdata: freed by
 * tkt_store_sync_forget before the store closes its connection, so that
 * the connection closes at once (and the file is recorded as checked). */
typedef struct {
  char         *author;
  char         *uuid;
  sqlite3_stmt *stmts[N_SYNC_STMTS];
} SyncState;

static void
sync_state_free (gpointer data)
{
  SyncState *state = data;

  for (guint i = 0; i < N_SYNC_STMTS; i++)
    g_clear_pointer (&state->stmts[i], sqlite3_finalize);
  g_free (state->author);
  g_free (state->uuid);
  g_free (state);
}

static GQuark
sync_state_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("tkt-store-sync-state");
  return quark;
}

void
tkt_store_sync_forget (TktStore *self)
{
  g_object_set_qdata (G_OBJECT (self), sync_state_quark (), NULL);
}

static SyncState *
sync_state (TktStore *self)
{
  GQuark quark = sync_state_quark ();
  SyncState *state;

  state = g_object_get_qdata (G_OBJECT (self), quark);
  if (state == NULL)
    {
      state = g_new0 (SyncState, 1);
      g_object_set_qdata_full (G_OBJECT (self), quark, state, sync_state_free);
    }
  return state;
}

static sqlite3_stmt *
get_stmt (TktStore    *self,
          SyncStmtId   id,
          GError     **error)
{
  SyncState *state = sync_state (self);
  sqlite3_stmt *stmt = state->stmts[id];

  if (stmt == NULL)
    {
      sqlite3 *db = tkt_store_get_db (self);
      int rc = sqlite3_prepare_v3 (db, sync_stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          tkt_store_set_sqlite_error (self, rc, error);
          return NULL;
        }
      state->stmts[id] = stmt;
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  return stmt;
}

/* Ends a statement's run: FALSE (and error) unless rc is SQLITE_DONE. */
static gboolean
stmt_done (TktStore      *self,
           sqlite3_stmt  *stmt,
           int            rc,
           GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tkt_store_set_sqlite_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static const char *
object_get_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
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
set_not_found (GError     **error,
               const char  *id)
{
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND,
               _("The document “%s” does not exist or was deleted."), id);
}

static void
set_rev_not_kept (GError     **error,
                  const char  *id,
                  const char  *rev)
{
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND,
               _("The revision %s of “%s” is not kept in this database."), rev, id);
}

static gboolean
has_rev (TktStore    *self,
         gint64       doc,
         const char  *rev,
         gboolean    *found,
         GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, SYNC_STMT_HAS_REV, error);
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      rc = SQLITE_DONE;
    }
  return stmt_done (self, stmt, rc, error);
}

/* One revision's row: pos, deleted, is_leaf and its body if kept. */
typedef struct {
  gboolean found;
  gint64   pos;
  gboolean deleted;
  gboolean is_leaf;
  char    *body;
} RevInfo;

static void
rev_info_clear (RevInfo *info)
{
  g_clear_pointer (&info->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RevInfo, rev_info_clear)

static gboolean
lookup_rev (TktStore    *self,
            gint64       doc,
            const char  *rev,
            RevInfo     *info,
            GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, SYNC_STMT_REV, error);
  int rc;

  memset (info, 0, sizeof *info);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      info->found = TRUE;
      info->pos = sqlite3_column_int64 (stmt, 0);
      info->deleted = sqlite3_column_int (stmt, 1) != 0;
      info->is_leaf = sqlite3_column_int (stmt, 2) != 0;
      info->body = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      rc = SQLITE_DONE;
    }
  return stmt_done (self, stmt, rc, error);
}

static const char *
rev_hash (const char *rev)
{
  const char *hash = NULL;

  if (!tkt_store_parse_rev (rev, NULL, &hash))
    return rev;
  return hash;
}

/* A shallow copy of doc: the same member nodes, in the same order. */
static JsonObject *
object_copy_shallow (JsonObject *doc)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, doc);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_ref (node));
  return copy;
}

/* "_revisions" for a revision written on top of parent. */
static JsonObject *
revisions_on_top (const char *rev,
                  gint64      pos,
                  const char *parent)
{
  JsonObject *revisions = json_object_new ();
  JsonArray *ids = json_array_new ();

  json_array_add_string_element (ids, rev_hash (rev));
  if (parent != NULL)
    json_array_add_string_element (ids, rev_hash (parent));
  json_object_set_int_member (revisions, "start", pos);
  json_object_set_array_member (revisions, "ids", ids);
  return revisions;
}

/* The time of a local edit.  TKT_FIXED_NOW (an ISO 8601 date and time)
 * fixes it, read once, so that tests get the same revision for the same
 * edit. */
static char *
now_iso8601 (void)
{
  static gsize once = 0;
  static GDateTime *fixed = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (g_once_init_enter (&once))
    {
      const char *value = g_getenv ("TKT_FIXED_NOW");

      if (value != NULL && *value != '\0')
        {
          g_autoptr(GTimeZone) local = g_time_zone_new_local ();

          fixed = g_date_time_new_from_iso8601 (value, local);
          if (fixed == NULL)
            g_warning ("TKT_FIXED_NOW=“%s” is not an ISO 8601 date and time: ignored", value);
        }
      g_once_init_leave (&once, 1);
    }

  now = fixed != NULL ? g_date_time_ref (fixed) : g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Private API (tkt-store-private.h) */

JsonObject *
tkt_store_stamp_modified (TktStore   *self,
                          JsonObject *doc)
{
  JsonObject *copy = object_copy_shallow (doc);
  JsonObject *modified = json_object_new ();
  g_autofree char *at = now_iso8601 ();

  json_object_set_string_member (modified, "at", at);
  json_object_set_string_member (modified, "by", tkt_store_get_author (self));
  /* In place if it was there, so the members keep their order. */
  json_object_set_object_member (copy, "modified", modified);
  return copy;
}

/* Public API */

void
tkt_store_change_free (TktStoreChange *change)
{
  if (change == NULL)
    return;
  g_free (change->id);
  g_strfreev (change->leaves);
  g_free (change);
}

void
tkt_rev_info_free (TktRevInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->rev);
  g_clear_pointer (&info->body, json_object_unref);
  g_free (info->modified_at);
  g_free (info->modified_by);
  g_free (info);
}

static char *
read_meta_text (TktStore    *self,
                const char  *key,
                GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, SYNC_STMT_META_GET, error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_DONE;
    }
  stmt_done (self, stmt, rc, error);
  return value;
}

static gboolean
is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static char *
make_uuid (void)
{
  char *uuid = g_uuid_string_random ();
  char *out = uuid;

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      *out++ = *p;
  *out = '\0';
  return uuid;
}

const char *
tkt_store_get_uuid (TktStore *self)
{
  SyncState *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);

  state = sync_state (self);
  if (state->uuid != NULL)
    return state->uuid;

  uuid = read_meta_text (self, "uuid", NULL);
  if (!is_uuid (uuid))
    {
      /* A file from before the uuid: made now, once (INSERT OR IGNORE: a
       * process that wrote one meanwhile wins, and both read it back). */
      sqlite3_stmt *stmt;
      g_autofree char *fresh = make_uuid ();

      g_clear_pointer (&uuid, g_free);
      if (tkt_store_write_begin (self, &error))
        {
          stmt = get_stmt (self, SYNC_STMT_META_ADD, &error);
          if (stmt != NULL)
            {
              sqlite3_bind_text (stmt, 1, "uuid", -1, SQLITE_STATIC);
              sqlite3_bind_text (stmt, 2, fresh, -1, SQLITE_STATIC);
            }
          if (stmt != NULL && stmt_done (self, stmt, sqlite3_step (stmt), &error))
            {
              uuid = read_meta_text (self, "uuid", &error);
              if (!tkt_store_write_commit (self, &error))
                g_clear_pointer (&uuid, g_free);
            }
          else
            tkt_store_write_rollback (self);
        }
      if (!is_uuid (uuid))
        {
          /* A read-only file: this session's identity only. */
          g_debug ("Cannot keep the database's uuid: %s", error ? error->message : "invalid");
          g_free (uuid);
          uuid = g_steal_pointer (&fresh);
        }
    }
  state->uuid = g_steal_pointer (&uuid);
  return state->uuid;
}

GStrv
tkt_store_revs_diff (TktStore            *self,
                     const char          *id,
                     const char * const  *revs,
                     GStrv               *possible_ancestors)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(TktStoreDocRow) doc = { 0 };
  gint64 max_missing_pos = 0;
  gboolean any_missing = FALSE;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (possible_ancestors != NULL)
    *possible_ancestors = NULL;
  if (!tkt_store_lookup_doc (self, id, &doc, NULL))
    doc.rowid = 0;

  for (guint i = 0; revs != NULL && revs[i] != NULL; i++)
    {
      gboolean found = FALSE;
      gint64 pos = 0;

      if (!g_hash_table_add (seen, (gpointer) revs[i]))
        continue;
      if (doc.rowid != 0 && !has_rev (self, doc.rowid, revs[i], &found, NULL))
        found = FALSE;
      if (found)
        continue;
      g_strv_builder_add (missing, revs[i]);
      any_missing = TRUE;
      if (tkt_store_parse_rev (revs[i], &pos, NULL))
        max_missing_pos = MAX (max_missing_pos, pos);
    }

  if (possible_ancestors != NULL)
    {
      g_autoptr(GStrvBuilder) ancestors = g_strv_builder_new ();
      g_autoptr(GArray) leaves = NULL;

      /* couch_db:find_missing: the leaves (tombstones too) whose position
       * is below some missing revision's, in the order its fold gives
       * (the winner last). */
      if (any_missing && doc.rowid != 0)
        leaves = tkt_store_load_leaves (self, doc.rowid, NULL);
      for (guint i = leaves != NULL ? leaves->len : 0; i-- > 0;)
        {
          TktStoreLeaf *leaf = &g_array_index (leaves, TktStoreLeaf, i);

          if (leaf->pos < max_missing_pos)
            g_strv_builder_add (ancestors, leaf->rev);
        }
      *possible_ancestors = g_strv_builder_end (ancestors);
    }
  return g_strv_builder_end (missing);
}

static void
set_rev_damaged (GError    **error,
                 const char *id,
                 const char *rev)
{
  g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_DATABASE,
               _("The revision %s of “%s” is damaged in this database."), rev, id);
}

/* The revision's row (body kept, or a tombstone) and the hashes of its
 * ancestry, newest first, at most max_history (0: all): what both forms of
 * tkt_store_get_rev_for_sync send. */
static gboolean
rev_for_sync (TktStore    *self,
              const char  *id,
              const char  *rev,
              guint        max_history,
              RevInfo     *info,
              GPtrArray   *hashes,
              GError     **error)
{
  g_auto(TktStoreDocRow) doc = { 0 };
  sqlite3_stmt *stmt;
  gboolean damaged = FALSE;
  int rc;

  memset (info, 0, sizeof *info);
  if (!tkt_store_lookup_doc (self, id, &doc, error))
    return FALSE;
  if (doc.rowid != 0 && !lookup_rev (self, doc.rowid, rev, info, error))
    return FALSE;
  if (!info->found || (info->body == NULL && !info->deleted))
    {
      set_rev_not_kept (error, id, rev);
      return FALSE;
    }

  /* _revisions: the hashes from rev up its ancestry, as far as the tree
   * knows it (a stemmed history ends at a revision with no parent). */
  stmt = get_stmt (self, SYNC_STMT_ANCESTRY, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc.rowid);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, max_history);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *hash = NULL;

      /* "N-hash", hash alphanumeric, as the store wrote it: else damage
       * (and the text form may put the hash in quotes unescaped). */
      if (tkt_store_parse_rev ((const char *) sqlite3_column_text (stmt, 0), NULL, &hash))
        g_ptr_array_add (hashes, g_strdup (hash));
      else
        damaged = TRUE;
    }
  if (!stmt_done (self, stmt, rc, error))
    return FALSE;
  if (damaged)
    {
      set_rev_damaged (error, id, rev);
      return FALSE;
    }
  return TRUE;
}

JsonObject *
tkt_store_get_rev_for_sync (TktStore     *self,
                            const char   *id,
                            const char   *rev,
                            guint         max_history,
                            GError      **error)
{
  g_auto(RevInfo) info = { 0 };
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) object = NULL;
  JsonObject *revisions;
  JsonArray *ids;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (rev != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!rev_for_sync (self, id, rev, max_history, &info, hashes, error))
    return NULL;
  object = tkt_store_parse_body (self, id, rev, info.deleted, info.body ? info.body : "{}");
  if (object == NULL)
    {
      set_rev_damaged (error, id, rev);
      return NULL;
    }
  ids = json_array_sized_new (hashes->len);
  for (guint i = 0; i < hashes->len; i++)
    json_array_add_string_element (ids, hashes->pdata[i]);
  revisions = json_object_new ();
  json_object_set_int_member (revisions, "start", info.pos);
  json_object_set_array_member (revisions, "ids", ids);
  json_object_set_object_member (object, "_revisions", revisions);
  return g_steal_pointer (&object);
}

/* Is text one JSON object: an opening brace, brackets that balance outside
 * strings, the closing brace last?  The shape only: the store wrote the
 * text, this catches a body cut or damaged since. */
static gboolean
text_is_whole_object (const char *text)
{
  const char *p = text;
  guint depth = 0;

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '{')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (*p == '"')
        {
          for (p++; *p != '"'; p++)
            {
              if (*p == '\0')
                return FALSE;
              if (*p == '\\' && *++p == '\0')
                return FALSE;
            }
        }
      else if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        {
          if (depth == 0)
            return FALSE;
          if (--depth == 0)
            break;
        }
    }
  if (*p == '\0')
    return FALSE;
  for (p++; g_ascii_isspace (*p); p++)
    ;
  return *p == '\0';
}

GBytes *
tkt_store_get_rev_text_for_sync (TktStore     *self,
                                 const char   *id,
                                 const char   *rev,
                                 guint         max_history,
                                 GError      **error)
{
  g_auto(RevInfo) info = { 0 };
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) revisions = NULL;
  GString *out;
  const char *body;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (rev != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!rev_for_sync (self, id, rev, max_history, &info, hashes, error))
    return NULL;
  body = info.body ? info.body : "{}";
  if (!text_is_whole_object (body))
    {
      set_rev_damaged (error, id, rev);
      return NULL;
    }
  revisions = g_string_sized_new (32 + 35 * hashes->len);
  g_string_append_printf (revisions, "\"_revisions\":{\"start\":%" G_GINT64_FORMAT ",\"ids\":[", info.pos);
  for (guint i = 0; i < hashes->len; i++)
    g_string_append_printf (revisions, i == 0 ? "\"%s\"" : ",\"%s\"", (const char *) hashes->pdata[i]);
  g_string_append (revisions, "]}");
  out = g_string_sized_new (strlen (body) + revisions->len + strlen (id) + 64);
  tkt_store_append_doc_text (out, id, rev, info.deleted, revisions->str, body);
  return g_string_free_to_bytes (out);
}

static gboolean
has_prefix_id (JsonObject *doc,
               const char *prefix)
{
  const char *id = object_get_string (doc, "_id");

  return id != NULL && g_str_has_prefix (id, prefix);
}

gboolean
tkt_store_put_revisions (TktStore    *self,
                         GPtrArray   *docs,
                         guint       *n_written,
                         GError     **error)
{
  guint count = 0;

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (docs != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_written != NULL)
    *n_written = 0;

  /* Refused before anything is written. */
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);

      if (doc == NULL)
        {
          g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                               _("A document is not a JSON object."));
          return FALSE;
        }
      if (has_prefix_id (doc, "_local/") || has_prefix_id (doc, "_design/"))
        {
          g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID,
                       _("“%s” is a local or design document: such documents are not replicated."),
                       object_get_string (doc, "_id"));
          return FALSE;
        }
    }

  if (!tkt_store_write_begin (self, error))
    return FALSE;

  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      g_autoptr(JsonObject) typed = NULL;
      g_auto(TktStoreDocRow) info = { 0 };
      const char *id = object_get_string (doc, "_id");
      const char *rev = object_get_string (doc, "_rev");
      gboolean known = FALSE;

      if (id != NULL && !tkt_store_lookup_doc (self, id, &info, error))
        goto fail;
      if (info.rowid != 0 && rev != NULL && !has_rev (self, info.rowid, rev, &known, error))
        goto fail;
      if (known)
        continue;   /* the feed repeating itself: nothing to write */

      /* A tombstone made by another client (DELETE /db/id) has no "type":
       * it takes the document's, else the one its _id names. */
      if (id != NULL && object_get_deleted (doc) && object_get_string (doc, "type") == NULL)
        {
          const char *colon = strchr (id, ':');
          g_autofree char *type = info.type != NULL ? g_strdup (info.type)
                                  : colon != NULL && colon != id ? g_strndup (id, colon - id)
                                  : g_strdup ("unknown");

          typed = object_copy_shallow (doc);
          json_object_set_string_member (typed, "type", type);
        }

      if (!tkt_store_put_revision_locked (self, typed != NULL ? typed : doc, error))
        {
          if (id != NULL)
            g_prefix_error (error, _("Document “%s”: "), id);
          goto fail;
        }
      count++;
    }

  if (!tkt_store_write_commit (self, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = count;
  return TRUE;

fail:
  tkt_store_write_rollback (self);
  return FALSE;
}

typedef struct {
  gint64   rowid;
  char    *id;
  gint64   seq;
  gboolean deleted;
} ChangeRow;

static void
change_row_clear (gpointer data)
{
  g_free (((ChangeRow *) data)->id);
}

GPtrArray *
tkt_store_changes_with_leaves (TktStore *self,
                               gint64    since,
                               guint     limit,
                               gint64   *last_seq)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (ChangeRow));
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_store_change_free);
  sqlite3_stmt *stmt;
  gint64 last = since;

  g_return_val_if_fail (TKT_IS_STORE (self), changes);

  g_array_set_clear_func (rows, change_row_clear);
  stmt = get_stmt (self, SYNC_STMT_CHANGES, NULL);
  if (stmt != NULL)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, since);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          ChangeRow row = {
            sqlite3_column_int64 (stmt, 0),
            g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
            sqlite3_column_int64 (stmt, 2),
            sqlite3_column_int (stmt, 3) != 0,
          };

          g_array_append_val (rows, row);
        }
      if (!stmt_done (self, stmt, rc, NULL))
        g_array_set_size (rows, 0);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      ChangeRow *row = &g_array_index (rows, ChangeRow, i);
      g_autoptr(GArray) leaves = tkt_store_load_leaves (self, row->rowid, NULL);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      TktStoreChange *change;

      if (leaves == NULL)
        break;   /* a read error: stop here, last_seq says how far */
      for (guint j = 0; j < leaves->len; j++)
        g_strv_builder_add (builder, g_array_index (leaves, TktStoreLeaf, j).rev);
      change = g_new0 (TktStoreChange, 1);
      change->id = g_steal_pointer (&row->id);
      change->seq = row->seq;
      change->leaves = g_strv_builder_end (builder);
      change->deleted = row->deleted;
      g_ptr_array_add (changes, change);
      last = row->seq;
    }

  if (last_seq != NULL)
    *last_seq = last;
  return changes;
}

JsonObject *
tkt_store_get_local (TktStore   *self,
                     const char *id)
{
  sqlite3_stmt *stmt;
  JsonObject *body = NULL;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = get_stmt (self, SYNC_STMT_LOCAL_GET, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    body = tkt_store_parse_body (self, NULL, NULL, FALSE, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return body;
}

gboolean
tkt_store_put_local (TktStore    *self,
                     const char  *id,
                     JsonObject  *body,
                     GError     **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (body != NULL)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (root, body);
      text = json_to_string (root, FALSE);
    }

  if (!tkt_store_write_begin (self, error))
    return FALSE;
  stmt = get_stmt (self, body != NULL ? SYNC_STMT_LOCAL_PUT : SYNC_STMT_LOCAL_DELETE, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  if (!stmt_done (self, stmt, sqlite3_step (stmt), error))
    goto fail;
  return tkt_store_write_commit (self, error);

fail:
  tkt_store_write_rollback (self);
  return FALSE;
}

GStrv
tkt_store_list_conflicted (TktStore *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);

  stmt = get_stmt (self, SYNC_STMT_CONFLICTED, NULL);
  if (stmt != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return g_strv_builder_end (builder);
}

/* Writes body (a document with "_id" and "type") as a child of parent
 * (the leaf at parent_pos), through the replicated path: the revision id is
 * the one a local edit would get. */
static char *
write_on_top (TktStore    *self,
              JsonObject  *body,
              const char  *parent,
              gint64       parent_pos,
              gboolean     deleted,
              GError     **error)
{
  g_autofree char *text = tkt_store_body_to_string (self, body);
  g_autofree char *rev = tkt_store_make_rev (parent, parent_pos, text, deleted);

  json_object_set_string_member (body, "_rev", rev);
  if (deleted)
    json_object_set_boolean_member (body, "_deleted", TRUE);
  json_object_set_object_member (body, "_revisions", revisions_on_top (rev, parent_pos + 1, parent));
  if (!tkt_store_put_revision_locked (self, body, error))
    return NULL;
  return g_steal_pointer (&rev);
}

static void
copy_public_member (JsonObject  *object,
                    const char  *name,
                    JsonNode    *node,
                    gpointer     user_data)
{
  if (name[0] != '_')
    json_object_set_member (user_data, name, json_node_ref (node));
}

char *
tkt_store_resolve_conflict (TktStore    *self,
                            const char  *id,
                            const char  *keep_rev,
                            JsonObject  *merged,
                            GError     **error)
{
  g_auto(TktStoreDocRow) doc = { 0 };
  g_auto(RevInfo) keep = { 0 };
  g_autoptr(GArray) leaves = NULL;
  g_autoptr(JsonObject) base = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) stamped = NULL;
  g_autofree char *new_rev = NULL;
  const char *type;
  gboolean is_live_leaf = FALSE;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (keep_rev != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!tkt_store_write_begin (self, error))
    return NULL;

  if (!tkt_store_lookup_doc (self, id, &doc, error))
    goto fail;
  if (doc.rowid == 0 || doc.deleted)
    {
      set_not_found (error, id);
      goto fail;
    }
  leaves = tkt_store_load_leaves (self, doc.rowid, error);
  if (leaves == NULL)
    goto fail;
  for (guint i = 0; i < leaves->len; i++)
    {
      TktStoreLeaf *leaf = &g_array_index (leaves, TktStoreLeaf, i);

      if (!leaf->deleted && strcmp (leaf->rev, keep_rev) == 0)
        is_live_leaf = TRUE;
    }
  if (!is_live_leaf)
    {
      g_set_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT,
                   _("The revision %s of “%s” is no longer one of its current versions: the conflict "
                     "was resolved or changed elsewhere. Look at the document again."),
                   keep_rev, id);
      goto fail;
    }
  if (!lookup_rev (self, doc.rowid, keep_rev, &keep, error))
    goto fail;
  if (keep.body == NULL ||
      (base = tkt_store_parse_body (self, NULL, NULL, FALSE, keep.body)) == NULL)
    {
      set_rev_not_kept (error, id, keep_rev);
      goto fail;
    }

  /* The body: merged (its "_" members aside) or keep_rev's; the type of
   * keep_rev when merged has none.  A local edit: "modified" is stamped. */
  body = json_object_new ();
  json_object_set_string_member (body, "_id", id);
  json_object_foreach_member (merged != NULL ? merged : base, copy_public_member, body);
  if (object_get_string (body, "type") == NULL && object_get_string (base, "type") != NULL)
    json_object_set_string_member (body, "type", object_get_string (base, "type"));
  stamped = tkt_store_stamp_modified (self, body);
  new_rev = write_on_top (self, stamped, keep_rev, keep.pos, FALSE, error);
  if (new_rev == NULL)
    goto fail;

  /* Every other live leaf ends in a tombstone, as tkt_store_delete
   * writes them ({"type"}). */
  type = object_get_string (stamped, "type");
  for (guint i = 0; i < leaves->len; i++)
    {
      TktStoreLeaf *leaf = &g_array_index (leaves, TktStoreLeaf, i);
      g_autoptr(JsonObject) tombstone = NULL;
      g_autofree char *tombstone_rev = NULL;

      if (leaf->deleted || strcmp (leaf->rev, keep_rev) == 0)
        continue;
      tombstone = json_object_new ();
      json_object_set_string_member (tombstone, "_id", id);
      json_object_set_string_member (tombstone, "type", type != NULL ? type : doc.type);
      tombstone_rev = write_on_top (self, tombstone, leaf->rev, leaf->pos, TRUE, error);
      if (tombstone_rev == NULL)
        goto fail;
    }

  if (!tkt_store_write_commit (self, error))
    return NULL;
  return g_steal_pointer (&new_rev);

fail:
  tkt_store_write_rollback (self);
  return NULL;
}

GHashTable *
tkt_store_ids_changed_since (TktStore *self,
                             gint64    since)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TKT_IS_STORE (self), ids);

  stmt = get_stmt (self, SYNC_STMT_CHANGED_SINCE, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, since);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  return ids;
}

GPtrArray *
tkt_store_get_history (TktStore    *self,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(GPtrArray) history = NULL;
  g_auto(TktStoreDocRow) doc = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!tkt_store_lookup_doc (self, id, &doc, error))
    return NULL;
  if (doc.rowid == 0)
    {
      set_not_found (error, id);
      return NULL;
    }

  stmt = get_stmt (self, SYNC_STMT_HISTORY, error);
  if (stmt == NULL)
    return NULL;
  history = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_rev_info_free);
  sqlite3_bind_int64 (stmt, 1, doc.rowid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TktRevInfo *info = g_new0 (TktRevInfo, 1);
      const char *body = (const char *) sqlite3_column_text (stmt, 2);

      info->rev = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->deleted = sqlite3_column_int (stmt, 1) != 0;
      if (body != NULL)
        info->body = tkt_store_parse_body (self, id, info->rev, info->deleted, body);
      if (info->body != NULL)
        {
          const char *at, *by;

          tkt_doc_get_modified (info->body, &at, &by);
          info->modified_at = g_strdup (at);
          info->modified_by = g_strdup (by);
        }
      g_ptr_array_add (history, info);
    }
  if (!stmt_done (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&history);
}

void
tkt_store_set_author (TktStore   *self,
                      const char *name)
{
  SyncState *state;

  g_return_if_fail (TKT_IS_STORE (self));

  state = sync_state (self);
  g_free (state->author);
  state->author = (name != NULL && *name != '\0') ? g_strdup (name) : NULL;
}

const char *
tkt_store_get_author (TktStore *self)
{
  SyncState *state;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);

  state = sync_state (self);
  if (state->author == NULL)
    {
      const char *real = g_get_real_name ();

      /* GLib says "Unknown" when the account has no real name. */
      if (real != NULL && *real != '\0' && strcmp (real, "Unknown") != 0)
        state->author = g_strdup (real);
      else
        state->author = g_strdup (g_get_user_name ());
    }
  return state->author;
}

/* ---- fields, for the conflict and history views ----------------------- */

const char *
tkt_doc_label (JsonObject *doc,
               const char *fallback)
{
  const char *label = NULL;

  if (doc != NULL)
    label = json_object_get_string_member_with_default (doc, "title", NULL);
  if (label == NULL && doc != NULL)
    label = json_object_get_string_member_with_default (doc, "name", NULL);
  return label != NULL ? label : fallback;
}

gboolean
tkt_doc_is_field (const char *member)
{
  return member[0] != '_' && strcmp (member, "modified") != 0 && strcmp (member, "type") != 0;
}

char *
tkt_doc_field_text (JsonObject *doc,
                    const char *member)
{
  JsonNode *node = doc != NULL ? json_object_get_member (doc, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

const char *
tkt_doc_field_label (const char *member)
{
  static const struct { const char *member; const char *label; } labels[] = {
    { "title", N_("Title") },
    { "code", N_("Code") },
    { "kind", N_("Kind") },
    { "level", N_("Level") },
    { "programme", N_("Programme") },
    { "field", N_("Field of science") },
    { "sector", NC_("area of application", "Sector") },
    { "regime", N_("Legal regime") },
    { "lead_org", N_("Lead Organisation") },
    { "pi", N_("Principal Investigator") },
    { "members", N_("Members") },
    { "start", N_("Start") },
    { "end", N_("End") },
    { "budget", N_("Budget") },
    { "stages", N_("Stages") },
    { "transfers", N_("Transfers") },
    { "name", N_("Name") },
  };

  g_return_val_if_fail (member != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].member, member) == 0)
      return strcmp (member, "sector") == 0 ? g_dpgettext2 (NULL, "area of application", labels[i].label)
                                             : _(labels[i].label);
  return member;
}

/* "24/01/2024" for an ISO date, the text as it is otherwise. */
static char *
display_date (const char *text)
{
  GDate date;

  if (text != NULL && tkt_text_date_from_iso (text, &date))
    return tkt_text_format_date (&date);
  return g_strdup (text);
}

/* One stage: "Accepted, 18/11/2022, 2840/QĐ-BKHCN, Bộ Khoa học và Công
 * nghệ, Pass"; one transfer: "12/04/2023: result → recipient (Enterprise)". */
static char *
display_stage (JsonObject *stage)
{
  JsonObject *document = tkt_json_object (stage, "document");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (object_get_string (stage, "stage") != NULL)
    g_ptr_array_add (parts, g_strdup (tkt_vocab_label (TKT_VOCAB_STAGE, object_get_string (stage, "stage"))));
  if (object_get_string (stage, "date") != NULL)
    g_ptr_array_add (parts, display_date (object_get_string (stage, "date")));
  if (object_get_string (document, "number") != NULL)
    g_ptr_array_add (parts, g_strdup (object_get_string (document, "number")));
  if (object_get_string (document, "issuer") != NULL)
    g_ptr_array_add (parts, g_strdup (object_get_string (document, "issuer")));
  if (object_get_string (stage, "rating") != NULL)
    g_ptr_array_add (parts, g_strdup (tkt_vocab_label (TKT_VOCAB_RATING, object_get_string (stage, "rating"))));
  if (object_get_string (stage, "note") != NULL)
    g_ptr_array_add (parts, g_strdup (object_get_string (stage, "note")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static char *
display_transfer (JsonObject *transfer)
{
  g_autofree char *date = display_date (object_get_string (transfer, "date"));
  const char *kind = object_get_string (transfer, "recipient_kind");
  g_autofree char *recipient = kind != NULL
    ? g_strdup_printf ("%s (%s)", object_get_string (transfer, "recipient") ? object_get_string (transfer, "recipient") : "",
                       tkt_vocab_label (TKT_VOCAB_RECIPIENT_KIND, kind))
    : g_strdup (object_get_string (transfer, "recipient") ? object_get_string (transfer, "recipient") : "");

  /* Translators: a transfer of results: date, result, recipient. */
  return g_strdup_printf (_("%s: %s → %s"), date ? date : "",
                          object_get_string (transfer, "result") ? object_get_string (transfer, "result") : "",
                          recipient);
}

char *
tkt_doc_field_display (TktStore   *store,
                       JsonObject *doc,
                       const char *member)
{
  static const struct { const char *member; TktVocabKind kind; } vocabs[] = {
    { "kind", TKT_VOCAB_KIND },
    { "level", TKT_VOCAB_LEVEL },
    { "regime", TKT_VOCAB_REGIME },
    { "field", TKT_VOCAB_FIELD },
  };
  JsonNode *node = doc != NULL ? json_object_get_member (doc, member) : NULL;
  const char *text = object_get_string (doc, member);

  g_return_val_if_fail (store == NULL || TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (member != NULL, NULL);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (text != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (vocabs); i++)
        if (strcmp (member, vocabs[i].member) == 0)
          return g_strdup (tkt_vocab_label (vocabs[i].kind, text));
      if (strcmp (member, "start") == 0 || strcmp (member, "end") == 0)
        return display_date (text);
      if (store != NULL && (strcmp (member, "programme") == 0 || strcmp (member, "sector") == 0))
        {
          g_autoptr(JsonObject) named = tkt_store_get (store, text, NULL);

          return g_strdup (tkt_doc_label (named, text));
        }
      return g_strdup (text);
    }

  if (strcmp (member, "budget") == 0 && JSON_NODE_HOLDS_OBJECT (node))
    {
      static const struct { const char *source; const char *label; } sources[] = {
        { "central", N_("Central budget") },
        { "local", N_("Local budget") },
        { "other", N_("Other sources") },
      };
      JsonObject *budget = json_node_get_object (node);
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        {
          JsonNode *amount = json_object_get_member (budget, sources[i].source);
          g_autofree char *money = NULL;

          if (amount == NULL || !JSON_NODE_HOLDS_VALUE (amount) || json_node_get_value_type (amount) != G_TYPE_INT64)
            continue;
          money = tkt_text_format_money (json_node_get_int (amount));
          g_ptr_array_add (parts, g_strdup_printf ("%s %s", _(sources[i].label), money));
        }
      /* only the sources it knows, and all of its members: else as JSON */
      if (parts->len > 0 && parts->len == json_object_get_size (budget))
        {
          g_ptr_array_add (parts, NULL);
          return g_strjoinv ("; ", (char **) parts->pdata);
        }
    }

  if (JSON_NODE_HOLDS_ARRAY (node) &&
      (strcmp (member, "members") == 0 || strcmp (member, "stages") == 0 || strcmp (member, "transfers") == 0))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      gboolean all = TRUE;

      for (guint i = 0; all && i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (strcmp (member, "members") == 0 && JSON_NODE_HOLDS_VALUE (item) &&
              json_node_get_value_type (item) == G_TYPE_STRING)
            g_ptr_array_add (parts, g_strdup (json_node_get_string (item)));
          else if (strcmp (member, "stages") == 0 && JSON_NODE_HOLDS_OBJECT (item))
            g_ptr_array_add (parts, display_stage (json_node_get_object (item)));
          else if (strcmp (member, "transfers") == 0 && JSON_NODE_HOLDS_OBJECT (item))
            g_ptr_array_add (parts, display_transfer (json_node_get_object (item)));
          else
            all = FALSE;
        }
      if (all && parts->len == 0)
        return g_strdup (_("(none)"));
      if (all)
        {
          g_ptr_array_add (parts, NULL);
          return g_strjoinv (strcmp (member, "members") == 0 ? ", " : "\n", (char **) parts->pdata);
        }
    }

  return tkt_doc_field_text (doc, member);
}

static void
add_differing (JsonObject *a,
               JsonObject *b,
               GPtrArray  *names)
{
  g_autoptr(GList) members = json_object_get_members (a);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *other = json_object_get_member (b, member);

      if (!tkt_doc_is_field (member) || g_ptr_array_find_with_equal_func (names, member, g_str_equal, NULL))
        continue;
      if (other == NULL || !json_node_equal (json_object_get_member (a, member), other))
        g_ptr_array_add (names, g_strdup (member));
    }
}

void
tkt_doc_differing_fields (JsonObject *a,
                          JsonObject *b,
                          GPtrArray  *names)
{
  g_return_if_fail (a != NULL && b != NULL && names != NULL);

  add_differing (a, b, names);
  add_differing (b, a, names);
}

JsonObject *
tkt_doc_merge_fields (JsonObject         *base,
                      JsonObject         *other,
                      const char * const *fields)
{
  /* A new top-level object (json_node_copy of base would share it). */
  JsonObject *merged = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (base);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (merged, l->data, json_node_copy (json_object_get_member (base, l->data)));
  for (const char * const *f = fields; f != NULL && *f != NULL; f++)
    {
      JsonNode *value = json_object_get_member (other, *f);

      if (value != NULL)
        json_object_set_member (merged, *f, json_node_copy (value));
      else
        json_object_remove_member (merged, *f);
    }
  return merged;
}

void
tkt_doc_get_modified (JsonObject  *doc,
                      const char **at,
                      const char **by)
{
  JsonNode *node = doc != NULL ? json_object_get_member (doc, "modified") : NULL;
  JsonObject *modified = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  *at = modified != NULL ? json_object_get_string_member_with_default (modified, "at", NULL) : NULL;
  *by = modified != NULL ? json_object_get_string_member_with_default (modified, "by", NULL) : NULL;
}

/* Download again */

GBytes *
tkt_store_export_unsent (TktStore  *self,
                         gint64     pushed_seq,
                         guint     *n_docs,
                         GError   **error)
{
  g_autoptr(GPtrArray) revs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *array;
  sqlite3_stmt *stmt;
  char *text;
  gsize len;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_docs != NULL)
    *n_docs = 0;

  /* The ids and revs first: the statement is done before the bodies are
   * read with others. */
  stmt = get_stmt (self, SYNC_STMT_UNSENT, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, MAX (pushed_seq, 0));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (revs, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (revs, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (!stmt_done (self, stmt, rc, error))
    return NULL;

  array = json_array_sized_new (revs->len / 2);
  for (guint i = 0; i < revs->len; i += 2)
    {
      const char *id = g_ptr_array_index (revs, i);
      const char *rev = g_ptr_array_index (revs, i + 1);
      JsonObject *doc = tkt_store_get_rev_for_sync (self, id, rev, 0, error);
      const char *colon;

      if (doc == NULL)
        {
          json_array_unref (array);
          return NULL;
        }
      /* A tombstone's body may be {}: import wants a type. */
      colon = strchr (id, ':');
      if (!json_object_has_member (doc, "type") && colon != NULL)
        {
          g_autofree char *type = g_strndup (id, (gsize) (colon - id));

          json_object_set_string_member (doc, "type", type);
        }
      json_array_add_object_element (array, doc);
    }

  object = json_object_new ();
  json_object_set_array_member (object, "docs", array);
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  /* a final line end, as tkt_io_export writes */
  text = g_realloc (text, len + 2);
  text[len++] = '\n';
  text[len] = '\0';
  if (n_docs != NULL)
    *n_docs = revs->len / 2;
  return g_bytes_new_take (text, len);
}

gboolean
tkt_store_reset_local_copy (TktStore   *self,
                            gint64      pushed_seq,
                            GFile      *unsent_file,
                            guint      *n_unsent,
                            GStrv      *removed,
                            GError    **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) removed_ids = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  g_return_val_if_fail (TKT_IS_STORE (self), FALSE);
  g_return_val_if_fail (unsent_file == NULL || G_IS_FILE (unsent_file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_unsent != NULL)
    *n_unsent = 0;
  if (removed != NULL)
    *removed = NULL;

  if (!tkt_store_write_begin (self, error))
    return FALSE;

  /* The unsent changes, saved while no one else can write. */
  if (unsent_file != NULL)
    {
      g_autoptr(GBytes) contents = tkt_store_export_unsent (self, pushed_seq, &n, error);

      if (contents == NULL)
        goto fail;
      if (!g_file_replace_contents (unsent_file,
                                    g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                                    NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                    NULL, NULL, error))
        {
          g_prefix_error (error, _("The unsent changes could not be saved, so nothing was deleted: "));
          goto fail;
        }
    }

  stmt = get_stmt (self, SYNC_STMT_ALL_IDS, error);
  if (stmt == NULL)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
  if (!stmt_done (self, stmt, rc, error))
    goto fail;
  removed_ids = g_strv_builder_end (ids);

  /* Children before parents (revs references docs); the update_seq in
   * meta stays: the change sequence only grows. */
  rc = sqlite3_exec (tkt_store_get_db (self),
                     "DELETE FROM task_fts;"
                     "DELETE FROM task_stage;"
                     "DELETE FROM task_transfer;"
                     "DELETE FROM task_span;"
                     "DELETE FROM task_index;"
                     "DELETE FROM revs;"
                     "DELETE FROM docs;"
                     "DELETE FROM local_docs;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      tkt_store_set_sqlite_error (self, rc, error);
      goto fail;
    }
  for (guint i = 0; removed_ids[i] != NULL; i++)
    tkt_store_note_changed (self, removed_ids[i]);

  if (!tkt_store_write_commit (self, error))
    return FALSE;
  if (n_unsent != NULL)
    *n_unsent = n;
  if (removed != NULL)
    *removed = g_steal_pointer (&removed_ids);
  return TRUE;

fail:
  tkt_store_write_rollback (self);
  return FALSE;
}
