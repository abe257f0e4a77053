/* test-store-sync.c — what the replicator and the conflict and history
 * views need from the store (tkt-store-sync.h): the database's uuid,
 * "modified" on local edits, _revs_diff, revisions with _revisions, batched
 * replicated writes (one transaction, idempotent, all or nothing), the
 * change feed with leaves, local documents, conflicts and their resolution,
 * a document's history.
 *
 * The revision trees are built with tkt_store_put_revision, as a
 * replicator would receive them, and the answers are checked against what
 * CouchDB gives for the same tree. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "tkt-store.h"
#include "tkt-store-sync.h"
#include "tkt-io.h"

#define TEST_NOW "2024-01-24T09:30:00+07:00"
#define TEST_AUTHOR "Nguyễn Thị Đồng Bộ"

typedef struct {
  char     *dir;
  char     *path;
  TktStore *store;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static TktStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  TktStore *store = tkt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  tkt_store_set_author (store, TEST_AUTHOR);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-store-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = open_store (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Helpers */

static JsonObject *
json_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static char *
put_json (TktStore   *store,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = json_object (text);
  char *rev = tkt_store_put (store, doc, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
  return rev;
}

static gint64
sql_int (TktStore   *store,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 result = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return result;
}

/* The hash of a label: "a" → md5("a"), so trees read as letters. */
static const char *
hash_of (const char *label)
{
  static GHashTable *hashes = NULL;
  char *hash;

  if (hashes == NULL)
    hashes = g_hash_table_new (g_str_hash, g_str_equal);
  hash = g_hash_table_lookup (hashes, label);
  if (hash == NULL)
    {
      hash = g_compute_checksum_for_string (G_CHECKSUM_MD5, label, -1);
      g_hash_table_insert (hashes, g_strdup (label), hash);
    }
  return hash;
}

/* "N-<hash of label>" */
static char *
rev_of (gint64      pos,
        const char *label)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "-%s", pos, hash_of (label));
}

/* A replicated revision as a peer sends it: its labels newest first ("d c b
 * a": d at pos start, c its parent…), a title, maybe a tombstone. */
static JsonObject *
make_revision (const char *id,
               gint64      start,
               const char *labels,
               const char *title,
               gboolean    deleted)
{
  g_auto(GStrv) names = g_strsplit (labels, " ", -1);
  g_autofree char *rev = rev_of (start, names[0]);
  JsonObject *doc = json_object_new ();
  JsonObject *revisions = json_object_new ();
  JsonArray *ids = json_array_new ();

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "_rev", rev);
  if (deleted)
    json_object_set_boolean_member (doc, "_deleted", TRUE);
  json_object_set_string_member (doc, "type", "task");
  if (title != NULL)
    json_object_set_string_member (doc, "title", title);
  for (guint i = 0; names[i] != NULL; i++)
    json_array_add_string_element (ids, hash_of (names[i]));
  json_object_set_int_member (revisions, "start", start);
  json_object_set_array_member (revisions, "ids", ids);
  json_object_set_object_member (doc, "_revisions", revisions);
  return doc;
}

static void
put_branch (TktStore   *store,
            const char *id,
            gint64      start,
            const char *labels,
            const char *title,
            gboolean    deleted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = make_revision (id, start, labels, title, deleted);

  g_assert_true (tkt_store_put_revision (store, doc, &error));
  g_assert_no_error (error);
}

/* revs as "N:label N:label" */
static GStrv
revs_of (const char *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *colon = strchr (parts[i], ':');
      g_autofree char *rev = rev_of (g_ascii_strtoll (parts[i], NULL, 10), colon + 1);

      g_strv_builder_add (builder, rev);
    }
  return g_strv_builder_end (builder);
}

static void
assert_strv_equal (const char * const *got,
                   const char * const *expected)
{
  g_autofree char *got_text = g_strjoinv (" ", (GStrv) got);
  g_autofree char *expected_text = g_strjoinv (" ", (GStrv) expected);

  g_assert_cmpstr (got_text, ==, expected_text);
}

/* Everything the database holds, as text: every table (the task index and
 * the full-text index's own tables included), row by row. */
static char *
dump_content (TktStore *store)
{
  sqlite3 *db = tkt_store_get_db (store);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                           " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >=, 8);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) tables->pdata[i]);

      g_string_append_printf (out, "== %s\n", (char *) tables->pdata[i]);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              if (sqlite3_column_type (stmt, c) == SQLITE_BLOB)
                {
                  const guchar *blob = sqlite3_column_blob (stmt, c);

                  for (int b = 0; b < sqlite3_column_bytes (stmt, c); b++)
                    g_string_append_printf (out, "%02x", blob[b]);
                }
              else if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
                g_string_append (out, "NULL");
              else
                g_string_append (out, (const char *) sqlite3_column_text (stmt, c));
              g_string_append_c (out, '|');
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

static void
count_changed_cb (TktStore *store,
                  GStrv     ids,
                  gpointer  user_data)
{
  GPtrArray *calls = user_data;

  g_ptr_array_add (calls, g_strjoinv (" ", ids));
}

/* The database's identity */

static void
test_uuid (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *uuid = g_strdup (tkt_store_get_uuid (fixture->store));
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autoptr(TktStore) other = open_store (other_path);

  g_assert_cmpuint (strlen (uuid), ==, 32);
  for (const char *p = uuid; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
  /* Another database has its own. */
  g_assert_cmpstr (tkt_store_get_uuid (other), !=, uuid);

  /* Kept in the file. */
  g_clear_object (&fixture->store);
  fixture->store = open_store (fixture->path);
  g_assert_cmpstr (tkt_store_get_uuid (fixture->store), ==, uuid);

  /* A file that lost it (made before the uuid was written at creation)
   * gets one on the first call, and keeps it. */
  g_assert_cmpint (sqlite3_exec (tkt_store_get_db (other), "DELETE FROM meta WHERE key = 'uuid'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&other);
  other = open_store (other_path);
  {
    g_autofree char *made = g_strdup (tkt_store_get_uuid (other));

    g_assert_cmpuint (strlen (made), ==, 32);
    g_clear_object (&other);
    other = open_store (other_path);
    g_assert_cmpstr (tkt_store_get_uuid (other), ==, made);
  }
}

/* "modified": local edits say when and by whom; imports and replicated
 * revisions keep what they carry. */

static void
test_modified (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = json_object ("{\"_id\": \"task:m\", \"type\": \"task\", \"title\": \"Một\"}");
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *rev = NULL;
  g_autofree char *rev2 = NULL;
  JsonObject *modified;

  g_assert_nonnull (tkt_store_get_author (fixture->store));

  rev = tkt_store_put (fixture->store, doc, &error);
  g_assert_no_error (error);
  /* The caller's document has it too, as for _rev. */
  modified = json_object_get_object_member (doc, "modified");
  g_assert_cmpstr (json_object_get_string_member (modified, "at"), ==, TEST_NOW);
  g_assert_cmpstr (json_object_get_string_member (modified, "by"), ==, TEST_AUTHOR);

  got = tkt_store_get (fixture->store, "task:m", &error);
  g_assert_no_error (error);
  modified = json_object_get_object_member (got, "modified");
  g_assert_cmpstr (json_object_get_string_member (modified, "at"), ==, TEST_NOW);
  g_assert_cmpstr (json_object_get_string_member (modified, "by"), ==, TEST_AUTHOR);

  /* Another author edits: the stamp is replaced in place. */
  tkt_store_set_author (fixture->store, "Lò Văn Hai");
  json_object_set_string_member (got, "title", "Hai");
  rev2 = tkt_store_put (fixture->store, got, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, json_object_unref);
  got = tkt_store_get (fixture->store, "task:m", &error);
  {
    g_autofree char *text = object_to_string (got);
    g_autofree char *expected = g_strdup_printf ("{\"_id\":\"task:m\",\"_rev\":\"%s\",\"type\":\"task\","
                                                 "\"title\":\"Hai\",\"modified\":{\"at\":\"" TEST_NOW "\","
                                                 "\"by\":\"Lò Văn Hai\"}}", rev2);

    g_assert_cmpstr (text, ==, expected);
  }
  /* A failed edit leaves the caller's document as it was. */
  {
    g_autoptr(JsonObject) stale = json_object ("{\"_id\": \"task:m\", \"type\": \"task\", \"title\": \"x\"}");

    json_object_set_string_member (stale, "_rev", rev);
    g_assert_null (tkt_store_put (fixture->store, stale, &error));
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_false (json_object_has_member (stale, "modified"));
  }

  /* An import keeps what the document carries, or nothing. */
  g_ptr_array_add (imported, json_object ("{\"_id\": \"task:i1\", \"type\": \"task\", \"title\": \"i\","
                                          " \"modified\": {\"at\": \"2020-01-02T03:04:05+07:00\", \"by\": \"Ai đó\"}}"));
  g_ptr_array_add (imported, json_object ("{\"_id\": \"task:i2\", \"type\": \"task\", \"title\": \"j\"}"));
  g_assert_true (tkt_store_put_all (fixture->store, imported, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, json_object_unref);
  got = tkt_store_get (fixture->store, "task:i1", &error);
  modified = json_object_get_object_member (got, "modified");
  g_assert_cmpstr (json_object_get_string_member (modified, "by"), ==, "Ai đó");
  g_assert_cmpstr (json_object_get_string_member (modified, "at"), ==, "2020-01-02T03:04:05+07:00");
  g_clear_pointer (&got, json_object_unref);
  got = tkt_store_get (fixture->store, "task:i2", &error);
  g_assert_false (json_object_has_member (got, "modified"));

  /* A replicated revision too. */
  {
    g_autoptr(JsonObject) remote = make_revision ("task:r", 1, "a", "từ máy chủ", FALSE);
    g_autoptr(GPtrArray) batch = g_ptr_array_new ();

    g_ptr_array_add (batch, remote);
    g_assert_true (tkt_store_put_revisions (fixture->store, batch, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&got, json_object_unref);
    got = tkt_store_get (fixture->store, "task:r", &error);
    g_assert_false (json_object_has_member (got, "modified"));
  }
}

/* _revs_diff */

static void
test_revs_diff (Fixture       *fixture,
                gconstpointer  data)
{
  /*   1-a ─ 2-b ─ 3-d (deleted)
   *      └─ 2-c                    winner 2-c (live beats deleted) */
  put_branch (fixture->store, "task:t", 2, "b a", "b", FALSE);
  put_branch (fixture->store, "task:t", 2, "c a", "c", FALSE);
  put_branch (fixture->store, "task:t", 3, "d b", NULL, TRUE);

  {
    g_auto(GStrv) asked = revs_of ("2:b 3:x 4:y 1:a 2:z 3:x");
    g_auto(GStrv) expected = revs_of ("3:x 4:y 2:z");
    g_auto(GStrv) ancestors_expected = revs_of ("3:d 2:c");
    g_auto(GStrv) ancestors = NULL;
    g_auto(GStrv) missing = tkt_store_revs_diff (fixture->store, "task:t", (const char * const *) asked, &ancestors);

    /* The missing ones in the order asked, once; every leaf is below 4-y:
     * CouchDB lists them, the winner last. */
    assert_strv_equal ((const char * const *) missing, (const char * const *) expected);
    assert_strv_equal ((const char * const *) ancestors, (const char * const *) ancestors_expected);
  }
  {
    /* Only 3-x missing: the leaves below position 3 (2-c; not 3-d). */
    g_auto(GStrv) asked = revs_of ("3:x 3:d");
    g_auto(GStrv) ancestors = NULL;
    g_auto(GStrv) missing = tkt_store_revs_diff (fixture->store, "task:t", (const char * const *) asked, &ancestors);
    g_auto(GStrv) expected = revs_of ("3:x");
    g_auto(GStrv) ancestors_expected = revs_of ("2:c");

    assert_strv_equal ((const char * const *) missing, (const char * const *) expected);
    assert_strv_equal ((const char * const *) ancestors, (const char * const *) ancestors_expected);
  }
  {
    /* A missing 2-z has no possible ancestor (no leaf below 2). */
    g_auto(GStrv) asked = revs_of ("2:z");
    g_auto(GStrv) ancestors = NULL;
    g_auto(GStrv) missing = tkt_store_revs_diff (fixture->store, "task:t", (const char * const *) asked, &ancestors);

    g_assert_cmpuint (g_strv_length (missing), ==, 1);
    g_assert_cmpuint (g_strv_length (ancestors), ==, 0);
  }
  {
    /* Nothing missing (stubs count: 1-a has no body but is known). */
    g_auto(GStrv) asked = revs_of ("1:a 2:b 2:c 3:d");
    g_auto(GStrv) ancestors = NULL;
    g_auto(GStrv) missing = tkt_store_revs_diff (fixture->store, "task:t", (const char * const *) asked, &ancestors);

    g_assert_nonnull (missing);
    g_assert_cmpuint (g_strv_length (missing), ==, 0);
    g_assert_cmpuint (g_strv_length (ancestors), ==, 0);
  }
  {
    /* An unknown document: all missing, no ancestors; NULL is allowed. */
    g_auto(GStrv) asked = revs_of ("1:a 2:b");
    g_auto(GStrv) missing = tkt_store_revs_diff (fixture->store, "task:none", (const char * const *) asked, NULL);

    assert_strv_equal ((const char * const *) missing, (const char * const *) asked);
  }
}

/* A revision with _revisions, as GET /db/id?revs=true&rev=… gives it */

static JsonArray *
revisions_ids (JsonObject *doc,
               gint64     *start)
{
  JsonObject *revisions = json_object_get_object_member (doc, "_revisions");

  g_assert_nonnull (revisions);
  *start = json_object_get_int_member (revisions, "start");
  return json_object_get_array_member (revisions, "ids");
}

static void
test_get_rev_for_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) chain = g_string_new (NULL);
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *leaf = rev_of (30, "n30");
  g_autofree char *branch = rev_of (12, "branch");
  g_autofree char *tomb = rev_of (31, "gone");
  JsonArray *ids;
  gint64 start = 0;

  /* A history 30 revisions deep, and a branch from its 11th. */
  for (int i = 30; i >= 1; i--)
    g_string_append_printf (chain, "%sn%d", i < 30 ? " " : "", i);
  put_branch (fixture->store, "task:deep", 30, chain->str, "deep", FALSE);
  put_branch (fixture->store, "task:deep", 12, "branch n11 n10", "branch", FALSE);

  doc = tkt_store_get_rev_for_sync (fixture->store, "task:deep", leaf, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, "task:deep");
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, leaf);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "deep");
  g_assert_false (json_object_has_member (doc, "_deleted"));
  ids = revisions_ids (doc, &start);
  g_assert_cmpint (start, ==, 30);
  g_assert_cmpuint (json_array_get_length (ids), ==, 30);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *label = g_strdup_printf ("n%u", 30 - i);

      g_assert_cmpstr (json_array_get_string_element (ids, i), ==, hash_of (label));
    }
  g_clear_pointer (&doc, json_object_unref);

  /* max_history: the newest ones only. */
  doc = tkt_store_get_rev_for_sync (fixture->store, "task:deep", leaf, 10, &error);
  g_assert_no_error (error);
  ids = revisions_ids (doc, &start);
  g_assert_cmpint (start, ==, 30);
  g_assert_cmpuint (json_array_get_length (ids), ==, 10);
  g_assert_cmpstr (json_array_get_string_element (ids, 9), ==, hash_of ("n21"));
  g_clear_pointer (&doc, json_object_unref);

  /* The branch: its own path, down through the shared trunk. */
  doc = tkt_store_get_rev_for_sync (fixture->store, "task:deep", branch, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "branch");
  ids = revisions_ids (doc, &start);
  g_assert_cmpint (start, ==, 12);
  g_assert_cmpuint (json_array_get_length (ids), ==, 12);
  g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, hash_of ("branch"));
  g_assert_cmpstr (json_array_get_string_element (ids, 1), ==, hash_of ("n11"));
  g_assert_cmpstr (json_array_get_string_element (ids, 11), ==, hash_of ("n1"));
  g_clear_pointer (&doc, json_object_unref);

  /* A tombstone: _deleted, and a body. */
  put_branch (fixture->store, "task:deep", 31, "gone n30", NULL, TRUE);
  doc = tkt_store_get_rev_for_sync (fixture->store, "task:deep", tomb, 3, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (doc, "_deleted"));
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, tomb);
  ids = revisions_ids (doc, &start);
  g_assert_cmpint (start, ==, 31);
  g_assert_cmpuint (json_array_get_length (ids), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (ids, 1), ==, hash_of ("n30"));
  g_clear_pointer (&doc, json_object_unref);

  /* A stemmed history: the tree knows 3 of 50; _revisions says so. */
  put_branch (fixture->store, "task:stem", 50, "s50 s49 s48", "stem", FALSE);
  {
    g_autofree char *stem = rev_of (50, "s50");

    doc = tkt_store_get_rev_for_sync (fixture->store, "task:stem", stem, 0, &error);
    g_assert_no_error (error);
    ids = revisions_ids (doc, &start);
    g_assert_cmpint (start, ==, 50);
    g_assert_cmpuint (json_array_get_length (ids), ==, 3);
    g_clear_pointer (&doc, json_object_unref);
  }

  /* An ancestor whose body is not kept, an unknown rev, an unknown doc. */
  {
    g_autofree char *old = rev_of (5, "n5");
    g_autofree char *unknown = rev_of (5, "nope");

    g_assert_null (tkt_store_get_rev_for_sync (fixture->store, "task:deep", old, 0, &error));
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (tkt_store_get_rev_for_sync (fixture->store, "task:deep", unknown, 0, &error));
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (tkt_store_get_rev_for_sync (fixture->store, "task:none", leaf, 0, &error));
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* A local edit's revision: its _revisions hash is the rev's own. */
  {
    g_autofree char *rev = put_json (fixture->store, "{\"_id\": \"task:local\", \"type\": \"task\", \"title\": \"L\"}");

    doc = tkt_store_get_rev_for_sync (fixture->store, "task:local", rev, 0, &error);
    g_assert_no_error (error);
    ids = revisions_ids (doc, &start);
    g_assert_cmpint (start, ==, 1);
    g_assert_cmpuint (json_array_get_length (ids), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, rev + 2);
  }
}

/* What one store sends (get_rev_for_sync of every leaf), another receives
 * (put_revisions): the same trees, winners and bodies. */
static void
assert_same_document (TktStore   *a,
                      TktStore   *b,
                      const char *id)
{
  g_auto(GStrv) leaves_a = tkt_store_get_leaves (a, id);
  g_auto(GStrv) leaves_b = tkt_store_get_leaves (b, id);

  assert_strv_equal ((const char * const *) leaves_a, (const char * const *) leaves_b);
  for (guint i = 0; leaves_a[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) ra = tkt_store_get_rev_for_sync (a, id, leaves_a[i], 0, &error);
      g_autoptr(JsonObject) rb = NULL;
      g_autofree char *ta = NULL;
      g_autofree char *tb = NULL;

      g_assert_no_error (error);
      rb = tkt_store_get_rev_for_sync (b, id, leaves_a[i], 0, &error);
      g_assert_no_error (error);
      ta = object_to_string (ra);
      tb = object_to_string (rb);
      g_assert_cmpstr (ta, ==, tb);
    }
}

/* The text form says what the tree form says: the same members and
 * values, for every kind of revision; a damaged body is an error. */
static void
assert_text_equals_tree (TktStore   *store,
                         const char *id,
                         const char *rev,
                         guint       max_history)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) tree = tkt_store_get_rev_for_sync (store, id, rev, max_history, &error);
  g_autoptr(GBytes) text = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(JsonNode) expected = NULL;

  g_assert_no_error (error);
  text = tkt_store_get_rev_text_for_sync (store, id, rev, max_history, &error);
  g_assert_no_error (error);
  parsed = json_from_string (g_bytes_get_data (text, NULL), &error);
  g_assert_no_error (error);
  expected = json_node_init_object (json_node_alloc (), tree);
  if (!json_node_equal (parsed, expected))
    {
      g_autofree char *want = json_to_string (expected, FALSE);

      g_error ("%s %s: text %s, tree %s", id, rev, (const char *) g_bytes_get_data (text, NULL), want);
    }
}

static void
test_get_rev_text_for_sync (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) chain = g_string_new (NULL);
  g_autofree char *leaf = rev_of (30, "n30");
  g_autofree char *branch = rev_of (12, "branch");
  g_autofree char *tomb = rev_of (31, "gone");
  g_autofree char *stem = rev_of (50, "s50");
  g_autofree char *odd_rev = NULL;
  g_autoptr(JsonObject) odd = NULL;
  g_autoptr(GBytes) text = NULL;
  JsonObject *budget;

  for (int i = 30; i >= 1; i--)
    g_string_append_printf (chain, "%sn%d", i < 30 ? " " : "", i);
  put_branch (fixture->store, "task:deep", 30, chain->str, "deep", FALSE);
  put_branch (fixture->store, "task:deep", 12, "branch n11 n10", "branch", FALSE);
  put_branch (fixture->store, "task:deep", 31, "gone n30", NULL, TRUE);
  put_branch (fixture->store, "task:stem", 50, "s50 s49 s48", "stem", FALSE);

  assert_text_equals_tree (fixture->store, "task:deep", leaf, 0);
  assert_text_equals_tree (fixture->store, "task:deep", leaf, 10);
  assert_text_equals_tree (fixture->store, "task:deep", branch, 0);
  assert_text_equals_tree (fixture->store, "task:deep", tomb, 3);
  assert_text_equals_tree (fixture->store, "task:stem", stem, 0);

  /* An id and a body with quotes, braces and brackets inside strings,
   * a nested object, Vietnamese text, and an empty array. */
  odd = json_object_new ();
  json_object_set_string_member (odd, "_id", "task:\"ngoặc\" {}");
  json_object_set_string_member (odd, "type", "task");
  json_object_set_string_member (odd, "title", "Đề tài } ] \\\" { [ “Điện Biên”");
  json_object_set_array_member (odd, "members", json_array_new ());
  budget = json_object_new ();
  json_object_set_int_member (budget, "local", 850000000);
  json_object_set_object_member (odd, "budget", budget);
  odd_rev = tkt_store_put (fixture->store, odd, &error);
  g_assert_no_error (error);
  assert_text_equals_tree (fixture->store, "task:\"ngoặc\" {}", odd_rev, 0);

  /* Unknown: as the tree form. */
  {
    g_autofree char *unknown = rev_of (5, "nope");

    g_assert_null (tkt_store_get_rev_text_for_sync (fixture->store, "task:deep", unknown, 0, &error));
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* A body cut short in the file: an error, never half a document sent. */
  g_assert_cmpint (sqlite3_exec (tkt_store_get_db (fixture->store),
                                 "UPDATE docs SET body = substr (body, 1, 12) WHERE id = 'task:stem';"
                                 "UPDATE revs SET body = substr (body, 1, 12) WHERE body IS NOT NULL"
                                 " AND doc = (SELECT rowid FROM docs WHERE id = 'task:stem')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  text = tkt_store_get_rev_text_for_sync (fixture->store, "task:stem", stem, 0, &error);
  g_assert_null (text);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_DATABASE);
}

static void
test_replicate_round_trip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autoptr(TktStore) other = open_store (other_path);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *ids[] = { "task:edits", "task:conflict", "task:deleted" };
  g_autofree char *rev = NULL;
  guint n_written = 0;

  rev = put_json (fixture->store, "{\"_id\": \"task:edits\", \"type\": \"task\", \"title\": \"1\"}");
  {
    g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "task:edits", &error);

    json_object_set_string_member (doc, "title", "2");
    g_free (tkt_store_put (fixture->store, doc, &error));
    g_assert_no_error (error);
  }
  put_branch (fixture->store, "task:conflict", 3, "c2 c1 c0", "xa", FALSE);
  put_branch (fixture->store, "task:conflict", 3, "d2 c1", "xb", FALSE);
  put_branch (fixture->store, "task:conflict", 4, "e3 c2", NULL, TRUE);
  g_free (put_json (fixture->store, "{\"_id\": \"task:deleted\", \"type\": \"task\", \"title\": \"x\"}"));
  g_free (tkt_store_delete (fixture->store, "task:deleted", NULL, &error));
  g_assert_no_error (error);

  /* Push, as a replicator does: the changes with their leaves, what the
   * other side misses, those revisions with their history. */
  changes = tkt_store_changes_with_leaves (fixture->store, 0, 0, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      TktStoreChange *change = g_ptr_array_index (changes, i);
      g_auto(GStrv) missing = tkt_store_revs_diff (other, change->id, (const char * const *) change->leaves, NULL);

      for (guint j = 0; missing[j] != NULL; j++)
        {
          JsonObject *doc = tkt_store_get_rev_for_sync (fixture->store, change->id, missing[j], 0, &error);

          g_assert_no_error (error);
          g_ptr_array_add (batch, doc);
        }
    }
  g_assert_true (tkt_store_put_revisions (other, batch, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, batch->len);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    assert_same_document (fixture->store, other, ids[i]);
  /* The programmes and sectors the new database was seeded with are the
   * same documents on both sides. */
  assert_same_document (fixture->store, other, "sector:health");
  {
    g_autoptr(JsonObject) got = tkt_store_get (other, "task:edits", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (got, "title"), ==, "2");
  }
  g_assert_null (tkt_store_get (other, "task:deleted", &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_auto(GStrv) conflicts = tkt_store_get_conflicts (other, "task:conflict");

    g_assert_cmpuint (g_strv_length (conflicts), ==, 0);   /* c2 ended in a tombstone */
  }

  /* The same batch again: nothing is missing, nothing is written. */
  {
    guint again = 99;

    g_assert_true (tkt_store_put_revisions (other, batch, &again, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (again, ==, 0);
  }
}

/* put_revisions: one transaction, idempotent, ::changed once */

static GPtrArray *
sample_batch (void)
{
  GPtrArray *batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_ptr_array_add (batch, make_revision ("task:b1", 2, "b a", "một", FALSE));
  g_ptr_array_add (batch, make_revision ("task:b1", 2, "c a", "hai", FALSE));
  g_ptr_array_add (batch, make_revision ("task:b2", 3, "z y x", "ba", FALSE));
  g_ptr_array_add (batch, make_revision ("task:b3", 1, "t", "bốn", FALSE));
  g_ptr_array_add (batch, make_revision ("task:b3", 2, "u t", NULL, TRUE));
  return batch;
}

static void
test_put_revisions_batch (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = sample_batch ();
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_written = 0;
  gint64 seq;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed_cb), calls);
  g_assert_true (tkt_store_put_revisions (fixture->store, batch, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 5);
  /* One ::changed for the batch, each document once. */
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (calls, 0), ==, "task:b1 task:b2 task:b3");

  /* Conflicts kept, tombstones stored, the task index follows the winners. */
  {
    g_auto(GStrv) conflicts = tkt_store_get_conflicts (fixture->store, "task:b1");
    g_auto(GStrv) leaves = tkt_store_get_leaves (fixture->store, "task:b3");
    g_autofree char *loser = rev_of (2, "b");

    g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
    g_assert_cmpuint (g_strv_length (leaves), ==, 1);
    g_assert_cmpint (sql_int (fixture->store, "SELECT deleted FROM docs WHERE id = 'task:b3'"), ==, 1);
    g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index WHERE id IN ('task:b1', 'task:b2')"), ==, 2);
    g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index WHERE id = 'task:b3'"), ==, 0);
    /* CouchDB's winner: the greater hash at the same position. */
    g_assert_cmpint (strcmp (conflicts[0], loser) == 0 ? 1 : 0, ==, strcmp (hash_of ("c"), hash_of ("b")) > 0);
  }

  /* The same batch again (the feed repeating itself): nothing written,
   * no signal, not a byte changed. */
  seq = tkt_store_get_update_seq (fixture->store);
  before = dump_content (fixture->store);
  n_written = 99;
  g_assert_true (tkt_store_put_revisions (fixture->store, batch, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 0);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  after = dump_content (fixture->store);
  g_assert_cmpstr (after, ==, before);

  /* An empty batch is fine. */
  {
    g_autoptr(GPtrArray) empty = g_ptr_array_new ();

    g_assert_true (tkt_store_put_revisions (fixture->store, empty, &n_written, &error));
    g_assert_cmpuint (n_written, ==, 0);
  }
}

/* One bad document: nothing of the batch is written, not a byte. */
static void
test_put_revisions_all_or_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = sample_batch ();
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) bad = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_written = 99;

  /* Something there already, which the batch would change. */
  put_branch (fixture->store, "task:b1", 1, "a", "gốc", FALSE);
  g_free (put_json (fixture->store, "{\"_id\": \"task:mine\", \"type\": \"task\", \"title\": \"của tôi\"}"));

  /* A _revisions whose newest id is not the _rev's hash, in the middle. */
  bad = make_revision ("task:bad", 2, "q p", "bad", FALSE);
  json_array_remove_element (json_object_get_array_member (json_object_get_object_member (bad, "_revisions"), "ids"), 0);
  g_ptr_array_insert (batch, 3, json_object_ref (bad));

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed_cb), calls);
  before = dump_content (fixture->store);
  g_assert_false (tkt_store_put_revisions (fixture->store, batch, &n_written, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  /* The message names the document. */
  g_assert_nonnull (strstr (error->message, "task:bad"));
  g_clear_error (&error);
  g_assert_cmpuint (n_written, ==, 0);
  g_assert_cmpuint (calls->len, ==, 0);
  after = dump_content (fixture->store);
  g_assert_cmpstr (after, ==, before);

  /* And the store works on: the batch without the bad one goes in. */
  g_ptr_array_remove_index (batch, 3);
  g_assert_true (tkt_store_put_revisions (fixture->store, batch, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 5);
  g_assert_cmpuint (calls->len, ==, 1);
}

static void
test_put_revisions_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const ids[] = { "_local/abc", "_design/views" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) batch = sample_batch ();
      g_autofree char *before = dump_content (fixture->store);
      g_autofree char *after = NULL;
      JsonObject *special = make_revision (ids[i], 1, "a", NULL, FALSE);

      /* Last in the batch: still refused before anything is written. */
      g_ptr_array_add (batch, special);
      g_assert_false (tkt_store_put_revisions (fixture->store, batch, NULL, &error));
      g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
      after = dump_content (fixture->store);
      g_assert_cmpstr (after, ==, before);
    }
}

/* A tombstone from another client (DELETE /db/id) has no "type". */
static void
test_put_revisions_bare_tombstone (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) tomb = NULL;
  g_autoptr(JsonObject) fresh = NULL;
  g_auto(GStrv) leaves = NULL;

  put_branch (fixture->store, "task:del", 1, "a", "sẽ xoá", FALSE);
  tomb = make_revision ("task:del", 2, "b a", NULL, TRUE);
  json_object_remove_member (tomb, "type");
  fresh = make_revision ("programme:gone", 1, "g", NULL, TRUE);
  json_object_remove_member (fresh, "type");
  g_ptr_array_add (batch, json_object_ref (tomb));
  g_ptr_array_add (batch, json_object_ref (fresh));

  g_assert_true (tkt_store_put_revisions (fixture->store, batch, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (tkt_store_get (fixture->store, "task:del", &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  leaves = tkt_store_get_leaves (fixture->store, "task:del");
  g_assert_cmpuint (g_strv_length (leaves), ==, 1);
  g_assert_true (g_str_has_prefix (leaves[0], "2-"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index WHERE id = 'task:del'"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM docs WHERE id = 'programme:gone' AND type = 'programme' AND deleted = 1"), ==, 1);
  /* The caller's documents are left as they were. */
  g_assert_false (json_object_has_member (tomb, "type"));
}

/* The change feed with leaves */

static void
test_changes_with_leaves (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = tkt_store_get_update_seq (fixture->store);
  gint64 last = -1;
  g_autoptr(GPtrArray) changes = NULL;
  g_auto(GStrv) plain = NULL;
  TktStoreChange *change;

  g_free (put_json (fixture->store, "{\"_id\": \"task:1\", \"type\": \"task\", \"title\": \"1\"}"));
  put_branch (fixture->store, "task:2", 2, "b a", "b", FALSE);
  put_branch (fixture->store, "task:2", 2, "c a", "c", FALSE);
  put_branch (fixture->store, "task:2", 3, "d c", NULL, TRUE);
  g_free (put_json (fixture->store, "{\"_id\": \"task:3\", \"type\": \"task\", \"title\": \"3\"}"));
  g_free (tkt_store_delete (fixture->store, "task:3", NULL, &error));
  g_assert_no_error (error);

  changes = tkt_store_changes_with_leaves (fixture->store, start, 0, &last);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpint (last, ==, tkt_store_get_update_seq (fixture->store));
  /* The same ids and order as the plain feed. */
  plain = tkt_store_changes_since (fixture->store, start, 0, NULL);
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpstr (((TktStoreChange *) g_ptr_array_index (changes, i))->id, ==, plain[i]);

  change = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (change->id, ==, "task:1");
  g_assert_cmpuint (g_strv_length (change->leaves), ==, 1);
  g_assert_false (change->deleted);

  /* task:2: the live 2-b is the winner, the 3-d tombstone follows. */
  change = g_ptr_array_index (changes, 1);
  g_assert_cmpstr (change->id, ==, "task:2");
  {
    g_auto(GStrv) expected = revs_of ("2:b 3:d");

    assert_strv_equal ((const char * const *) change->leaves, (const char * const *) expected);
  }
  g_assert_false (change->deleted);
  g_assert_cmpint (change->seq, <, ((TktStoreChange *) g_ptr_array_index (changes, 2))->seq);

  change = g_ptr_array_index (changes, 2);
  g_assert_cmpstr (change->id, ==, "task:3");
  g_assert_true (change->deleted);
  g_assert_cmpuint (g_strv_length (change->leaves), ==, 1);
  g_assert_true (g_str_has_prefix (change->leaves[0], "2-"));

  /* limit, and last_seq for paging */
  {
    g_autoptr(GPtrArray) first = tkt_store_changes_with_leaves (fixture->store, start, 2, &last);
    g_autoptr(GPtrArray) rest = NULL;

    g_assert_cmpuint (first->len, ==, 2);
    g_assert_cmpint (last, ==, ((TktStoreChange *) g_ptr_array_index (first, 1))->seq);
    rest = tkt_store_changes_with_leaves (fixture->store, last, 2, &last);
    g_assert_cmpuint (rest->len, ==, 1);
    g_assert_cmpstr (((TktStoreChange *) g_ptr_array_index (rest, 0))->id, ==, "task:3");
  }
  /* Nothing after the end: last_seq is since. */
  {
    gint64 end = tkt_store_get_update_seq (fixture->store);
    g_autoptr(GPtrArray) none = tkt_store_changes_with_leaves (fixture->store, end, 0, &last);

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpint (last, ==, end);
  }
}

/* Local documents */

static void
test_local_docs (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) checkpoint = json_object ("{\"_id\": \"_local/0a1b\", \"session_id\": \"s1\","
                                                  " \"source_last_seq\": \"17-g1AAAA\","
                                                  " \"history\": [{\"session_id\": \"s1\", \"recorded_seq\": 17}]}");
  g_autoptr(JsonObject) got = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = object_to_string (checkpoint);
  gint64 seq = tkt_store_get_update_seq (fixture->store);

  g_assert_null (tkt_store_get_local (fixture->store, "_local/0a1b"));
  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed_cb), calls);
  g_assert_true (tkt_store_put_local (fixture->store, "_local/0a1b", checkpoint, &error));
  g_assert_no_error (error);
  got = tkt_store_get_local (fixture->store, "_local/0a1b");
  g_assert_nonnull (got);
  text = object_to_string (got);
  g_assert_cmpstr (text, ==, expected);

  /* Not a document: no change, no signal, not in the feed nor the lists. */
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  g_assert_cmpuint (calls->len, ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM docs WHERE id LIKE '_local/%'"), ==, 0);

  /* Replaced, then deleted. */
  json_object_set_string_member (checkpoint, "source_last_seq", "18-g1BBBB");
  g_assert_true (tkt_store_put_local (fixture->store, "_local/0a1b", checkpoint, &error));
  g_clear_pointer (&got, json_object_unref);
  got = tkt_store_get_local (fixture->store, "_local/0a1b");
  g_assert_cmpstr (json_object_get_string_member (got, "source_last_seq"), ==, "18-g1BBBB");
  g_assert_true (tkt_store_put_local (fixture->store, "_local/0a1b", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (tkt_store_get_local (fixture->store, "_local/0a1b"));
  /* Deleting what is absent is fine. */
  g_assert_true (tkt_store_put_local (fixture->store, "_local/none", NULL, &error));
  g_assert_no_error (error);

  /* Kept across opening again. */
  g_assert_true (tkt_store_put_local (fixture->store, "sync-state", checkpoint, &error));
  g_clear_object (&fixture->store);
  fixture->store = open_store (fixture->path);
  g_clear_pointer (&got, json_object_unref);
  got = tkt_store_get_local (fixture->store, "sync-state");
  g_assert_nonnull (got);
}

/* Conflicts */

static void
make_conflict (TktStore   *store,
               const char *id,
               const char *title_b,
               const char *title_c)
{
  put_branch (store, id, 1, "a", "gốc", FALSE);
  put_branch (store, id, 2, "b a", title_b, FALSE);
  put_branch (store, id, 2, "c a", title_c, FALSE);
}

static void
test_list_conflicted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(GStrv) list = NULL;

  make_conflict (fixture->store, "task:z", "b", "c");
  make_conflict (fixture->store, "task:k", "b", "c");
  /* A live leaf beside a tombstone is no conflict. */
  put_branch (fixture->store, "task:t", 2, "b a", "b", FALSE);
  put_branch (fixture->store, "task:t", 3, "x y a", NULL, TRUE);
  /* A deleted document with live losing leaves is not listed: every
   * leaf of a deleted document is a tombstone. */
  put_branch (fixture->store, "task:d", 2, "b a", NULL, TRUE);
  g_free (put_json (fixture->store, "{\"_id\": \"task:plain\", \"type\": \"task\", \"title\": \"p\"}"));

  list = tkt_store_list_conflicted (fixture->store);
  g_assert_cmpuint (g_strv_length (list), ==, 2);
  g_assert_cmpstr (list[0], ==, "task:k");
  g_assert_cmpstr (list[1], ==, "task:z");
}

static void
test_resolve_keep (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rb = rev_of (2, "b");
  g_autofree char *rc = rev_of (2, "c");
  g_autofree char *rd = rev_of (2, "d");
  g_autofree char *winner = NULL;
  g_autofree char *loser = NULL;
  g_autofree char *new_rev = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) kept = NULL;
  g_auto(GStrv) conflicts = NULL;
  g_auto(GStrv) leaves = NULL;
  g_auto(GStrv) listed = NULL;

  /* A three-way conflict. */
  make_conflict (fixture->store, "task:x", "Bên B", "Bên C");
  put_branch (fixture->store, "task:x", 2, "d a", "Bên D", FALSE);
  doc = tkt_store_get (fixture->store, "task:x", &error);
  winner = g_strdup (json_object_get_string_member (doc, "_rev"));
  conflicts = tkt_store_get_conflicts (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (conflicts), ==, 2);
  /* Keep a losing side, as it is. */
  loser = g_strdup (conflicts[1]);
  kept = tkt_store_get_rev (fixture->store, "task:x", loser, &error);
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_strfreev);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed_cb), calls);
  new_rev = tkt_store_resolve_conflict (fixture->store, "task:x", loser, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (new_rev);
  g_assert_true (g_str_has_prefix (new_rev, "3-"));
  g_assert_cmpuint (calls->len, ==, 1);

  /* The kept body is the winner now, on top of the kept revision. */
  conflicts = tkt_store_get_conflicts (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (conflicts), ==, 0);
  listed = tkt_store_list_conflicted (fixture->store);
  g_assert_cmpuint (g_strv_length (listed), ==, 0);
  g_clear_pointer (&doc, json_object_unref);
  doc = tkt_store_get (fixture->store, "task:x", &error);
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, new_rev);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==,
                   json_object_get_string_member (kept, "title"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (doc, "modified"), "by"), ==,
                   TEST_AUTHOR);
  {
    g_autoptr(JsonObject) sync = tkt_store_get_rev_for_sync (fixture->store, "task:x", new_rev, 0, &error);
    JsonArray *ids = json_object_get_array_member (json_object_get_object_member (sync, "_revisions"), "ids");

    g_assert_cmpstr (json_array_get_string_element (ids, 1), ==, loser + 2);
  }
  /* The other leaves: a tombstone each, pushed like any change. */
  leaves = tkt_store_get_leaves (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (leaves), ==, 3);
  g_assert_cmpstr (leaves[0], ==, new_rev);
  for (guint i = 1; leaves[i] != NULL; i++)
    {
      g_autoptr(JsonObject) tomb = tkt_store_get_rev_for_sync (fixture->store, "task:x", leaves[i], 0, &error);
      JsonArray *ids = json_object_get_array_member (json_object_get_object_member (tomb, "_revisions"), "ids");
      const char *parent = json_array_get_string_element (ids, 1);

      g_assert_no_error (error);
      g_assert_true (json_object_get_boolean_member (tomb, "_deleted"));
      g_assert_true (g_str_has_prefix (leaves[i], "3-"));
      g_assert_true (strcmp (parent, rb + 2) == 0 || strcmp (parent, rc + 2) == 0 || strcmp (parent, rd + 2) == 0);
      g_assert_cmpstr (parent, !=, loser + 2);
    }
  g_assert_cmpstr (winner, !=, loser);

  /* Resolving again with the old revision: someone resolved meanwhile. */
  g_assert_null (tkt_store_resolve_conflict (fixture->store, "task:x", loser, NULL, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
}

static void
test_resolve_merged (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autofree char *new_rev = NULL;
  g_autofree char *winner = NULL;
  g_auto(GStrv) conflicts = NULL;

  make_conflict (fixture->store, "task:m", "Tên B", "Tên C");
  doc = tkt_store_get (fixture->store, "task:m", &error);
  winner = g_strdup (json_object_get_string_member (doc, "_rev"));

  /* Field by field: the title of one side, a budget from the other; the
   * "_" members the view may have left in are not stored; no type: the
   * kept side's. */
  merged = json_object ("{\"_id\": \"task:other\", \"_rev\": \"9-abc\", \"_conflicts\": [],"
                        " \"title\": \"Tên gộp Điện Biên\", \"budget\": {\"local\": 250000000}}");
  new_rev = tkt_store_resolve_conflict (fixture->store, "task:m", winner, merged, &error);
  g_assert_no_error (error);
  conflicts = tkt_store_get_conflicts (fixture->store, "task:m");
  g_assert_cmpuint (g_strv_length (conflicts), ==, 0);

  g_clear_pointer (&doc, json_object_unref);
  doc = tkt_store_get (fixture->store, "task:m", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, "task:m");
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, new_rev);
  g_assert_cmpstr (json_object_get_string_member (doc, "type"), ==, "task");
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "Tên gộp Điện Biên");
  g_assert_false (json_object_has_member (doc, "_conflicts"));
  /* The task index and search follow. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT budget_total FROM task_index WHERE id = 'task:m'"), ==, 250000000);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH '\"gop\" AND \"dien\"'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM docs WHERE id = 'task:other'"), ==, 0);
}

static void
test_resolve_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ancestor = rev_of (1, "a");
  g_autofree char *tomb = rev_of (3, "t");
  g_autofree char *unknown = rev_of (2, "q");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *bad[] = { ancestor, tomb, unknown };

  make_conflict (fixture->store, "task:r", "b", "c");
  put_branch (fixture->store, "task:r", 3, "t b", NULL, TRUE);
  put_branch (fixture->store, "task:r", 2, "e a", "e", FALSE);
  before = dump_content (fixture->store);

  /* Not a live leaf: an ancestor, a tombstone, a revision never seen. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (tkt_store_resolve_conflict (fixture->store, "task:r", bad[i], NULL, &error));
      g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
      g_clear_error (&error);
    }
  g_assert_null (tkt_store_resolve_conflict (fixture->store, "task:none", ancestor, NULL, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = dump_content (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

/* Unsent changes, history */

static void
test_ids_changed_since (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 pushed;
  g_autoptr(GHashTable) ids = NULL;

  g_free (put_json (fixture->store, "{\"_id\": \"task:sent\", \"type\": \"task\", \"title\": \"s\"}"));
  g_free (put_json (fixture->store, "{\"_id\": \"task:edited\", \"type\": \"task\", \"title\": \"e\"}"));
  pushed = tkt_store_get_update_seq (fixture->store);
  ids = tkt_store_ids_changed_since (fixture->store, pushed);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 0);
  g_clear_pointer (&ids, g_hash_table_unref);

  {
    g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "task:edited", &error);

    json_object_set_string_member (doc, "title", "e2");
    g_free (tkt_store_put (fixture->store, doc, &error));
    g_assert_no_error (error);
  }
  g_free (put_json (fixture->store, "{\"_id\": \"task:new\", \"type\": \"task\", \"title\": \"n\"}"));
  ids = tkt_store_ids_changed_since (fixture->store, pushed);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 2);
  g_assert_true (g_hash_table_contains (ids, "task:edited"));
  g_assert_true (g_hash_table_contains (ids, "task:new"));
  g_assert_false (g_hash_table_contains (ids, "task:sent"));
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *rev1 = put_json (fixture->store, "{\"_id\": \"task:h\", \"type\": \"task\", \"title\": \"v1\"}");
  g_autofree char *rev2 = NULL;
  g_autofree char *rev3 = NULL;
  g_autofree char *tomb = NULL;
  TktRevInfo *info;

  {
    g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "task:h", &error);

    tkt_store_set_author (fixture->store, "Quàng Văn Hai");
    json_object_set_string_member (doc, "title", "v2");
    rev2 = tkt_store_put (fixture->store, doc, &error);
    g_assert_no_error (error);
    tkt_store_set_author (fixture->store, "Lường Thị Ba");
    json_object_set_string_member (doc, "title", "v3");
    rev3 = tkt_store_put (fixture->store, doc, &error);
    g_assert_no_error (error);
  }
  /* A conflicting branch is not on the winner's path. */
  put_branch (fixture->store, "task:h", 2, "side x", "side", FALSE);

  history = tkt_store_get_history (fixture->store, "task:h", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  info = g_ptr_array_index (history, 0);
  g_assert_cmpstr (info->rev, ==, rev3);
  g_assert_false (info->deleted);
  g_assert_nonnull (info->body);
  g_assert_cmpstr (json_object_get_string_member (info->body, "title"), ==, "v3");
  g_assert_cmpstr (json_object_get_string_member (info->body, "_rev"), ==, rev3);
  g_assert_cmpstr (info->modified_by, ==, "Lường Thị Ba");
  g_assert_cmpstr (info->modified_at, ==, TEST_NOW);
  g_assert_cmpstr (((TktRevInfo *) g_ptr_array_index (history, 1))->rev, ==, rev2);
  g_assert_cmpstr (((TktRevInfo *) g_ptr_array_index (history, 2))->rev, ==, rev1);
  /* Older revisions keep their bodies, and so when and by whom. */
  info = g_ptr_array_index (history, 1);
  g_assert_nonnull (info->body);
  g_assert_cmpstr (json_object_get_string_member (info->body, "title"), ==, "v2");
  g_assert_cmpstr (info->modified_by, ==, "Quàng Văn Hai");
  g_assert_cmpstr (info->modified_at, ==, TEST_NOW);
  info = g_ptr_array_index (history, 2);
  g_assert_nonnull (info->body);
  g_assert_cmpstr (json_object_get_string_member (info->body, "title"), ==, "v1");
  g_assert_cmpstr (info->modified_at, ==, TEST_NOW);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* The winner deleted: the live conflicting branch is the winner now,
   * and the history follows it. */
  tomb = tkt_store_delete (fixture->store, "task:h", NULL, &error);
  g_assert_no_error (error);
  history = tkt_store_get_history (fixture->store, "task:h", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  {
    g_autofree char *side = rev_of (2, "side");

    g_assert_cmpstr (((TktRevInfo *) g_ptr_array_index (history, 0))->rev, ==, side);
  }
  g_clear_pointer (&history, g_ptr_array_unref);
  g_clear_pointer (&tomb, g_free);

  /* A deleted document: the tombstone first, then the last live body
   * (kept for undelete). */
  g_free (rev1);
  rev1 = put_json (fixture->store, "{\"_id\": \"task:h2\", \"type\": \"task\", \"title\": \"bị xoá\"}");
  tomb = tkt_store_delete (fixture->store, "task:h2", NULL, &error);
  g_assert_no_error (error);
  history = tkt_store_get_history (fixture->store, "task:h2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  info = g_ptr_array_index (history, 0);
  g_assert_cmpstr (info->rev, ==, tomb);
  g_assert_true (info->deleted);
  info = g_ptr_array_index (history, 1);
  g_assert_cmpstr (info->rev, ==, rev1);
  g_assert_false (info->deleted);
  g_assert_nonnull (info->body);
  g_assert_cmpstr (json_object_get_string_member (info->body, "title"), ==, "bị xoá");
  g_assert_cmpstr (info->modified_by, ==, "Lường Thị Ba");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* A replicated history: the ancestors the tree knows, without bodies. */
  put_branch (fixture->store, "task:r", 4, "r4 r3 r2 r1", "r", FALSE);
  history = tkt_store_get_history (fixture->store, "task:r", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  g_assert_null (((TktRevInfo *) g_ptr_array_index (history, 0))->modified_at);
  g_clear_pointer (&history, g_ptr_array_unref);

  g_assert_null (tkt_store_get_history (fixture->store, "task:none", &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
}

/* The fields as a person reads them in the conflict and history views:
 * labels, vocabulary, dates, catalogue names, money, lists. */
static void
test_doc_field_display (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) task = json_object (
    "{\"_id\": \"task:x\", \"type\": \"task\", \"title\": \"Cà phê\", \"level\": \"national\","
    " \"kind\": \"project\", \"start\": \"2019-07-01\", \"end\": \"30/06/2022\","
    " \"sector\": \"sector:agriculture\", \"programme\": \"programme:gone\","
    " \"budget\": {\"central\": 4300000000, \"other\": 1400000000},"
    " \"members\": [\"Lò Văn Thắng\", \"Cà Thị Hoa\"], \"stages\": [],"
    " \"transfers\": [{\"date\": \"2023-04-12\", \"result\": \"Quy trình sơ chế\","
    "   \"recipient\": \"Công ty TNHH Cà phê Mường Ảng\", \"recipient_kind\": \"enterprise\"}],"
    " \"note\": 7, \"extra\": {\"a\": [1, 2]}}");
  g_autoptr(JsonObject) odd = json_object (
    "{\"budget\": {\"central\": 5, \"grant\": 1}, \"members\": [{\"name\": \"Hoa\"}],"
    " \"stages\": [{\"stage\": \"accepted\", \"date\": \"2022-11-18\","
    "   \"document\": {\"number\": \"2840/QĐ-BKHCN\", \"issuer\": \"Bộ KH&CN\"}, \"rating\": \"pass\"},"
    "  {\"stage\": \"transferred\", \"date\": \"2023-04-12\", \"note\": \"Gia hạn\"}]}");
  struct { JsonObject *doc; const char *member; const char *text; } cases[] = {
    { task, "title", "Cà phê" },
    { task, "level", "National" },
    { task, "kind", "Project" },
    { task, "start", "01/07/2019" },
    { task, "end", "30/06/2022" },                /* not ISO: as it is */
    { task, "sector", "Nông nghiệp" },            /* by name, from the catalogue */
    { task, "programme", "programme:gone" },      /* not there: its id */
    { task, "budget", "Central budget 4.300.000.000 đồng; Other sources 1.400.000.000 đồng" },
    { task, "members", "Lò Văn Thắng, Cà Thị Hoa" },
    { task, "stages", "(none)" },
    { task, "transfers", "12/04/2023: Quy trình sơ chế → Công ty TNHH Cà phê Mường Ảng (Enterprise)" },
    { task, "note", "7" },
    { task, "extra", "{\"a\":[1,2]}" },           /* unknown: as JSON */
    { odd, "budget", "{\"central\":5,\"grant\":1}" },  /* a source it does not know: as JSON */
    { odd, "members", "[{\"name\":\"Hoa\"}]" },
    { odd, "stages", "Accepted, 18/11/2022, 2840/QĐ-BKHCN, Bộ KH&CN, Pass\n"
                     "Results transferred, 12/04/2023, Gia hạn" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tkt_doc_field_display (fixture->store, cases[i].doc, cases[i].member);

      g_test_message ("%s", cases[i].member);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_null (tkt_doc_field_display (fixture->store, task, "absent"));
  {
    /* without a store: the ids */
    g_autofree char *sector = tkt_doc_field_display (NULL, task, "sector");

    g_assert_cmpstr (sector, ==, "sector:agriculture");
  }
  g_assert_cmpstr (tkt_doc_field_label ("pi"), ==, "Principal Investigator");
  g_assert_cmpstr (tkt_doc_field_label ("sector"), ==, "Sector");
  g_assert_cmpstr (tkt_doc_field_label ("x-custom"), ==, "x-custom");
}

/* The fields a person compares: which differ, their text, a merge. */
static void
test_doc_fields (void)
{
  g_autoptr(JsonObject) a = json_object ("{\"_id\": \"task:x\", \"_rev\": \"1-a\", \"title\": \"Lúa\","
                                         " \"pi\": \"Hoa\", \"budget\": {\"local\": 5}, \"end\": null,"
                                         " \"modified\": {\"at\": \"2024-01-24T09:30:00+07:00\", \"by\": \"Lan\"}}");
  g_autoptr(JsonObject) b = json_object ("{\"_id\": \"task:x\", \"_rev\": \"1-b\", \"title\": \"Lúa\","
                                         " \"pi\": \"Thu\", \"budget\": {\"local\": 6}, \"sector\": \"sector:y-te\","
                                         " \"modified\": {\"at\": \"2024-01-25T10:00:00+07:00\"}}");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  static const char * const take[] = { "pi", "end", NULL };
  g_autoptr(JsonObject) merged = NULL;
  g_autofree char *title = NULL;
  g_autofree char *budget = NULL;
  const char *at, *by;

  /* What names a document: its title, else its name, else the fallback. */
  g_assert_cmpstr (tkt_doc_label (a, "task:x"), ==, "Lúa");
  {
    g_autoptr(JsonObject) sector = json_object ("{\"_id\": \"sector:y-te\", \"name\": \"Y tế\"}");
    g_autoptr(JsonObject) bare = json_object ("{\"_id\": \"org:1\"}");

    g_assert_cmpstr (tkt_doc_label (sector, "sector:y-te"), ==, "Y tế");
    g_assert_cmpstr (tkt_doc_label (bare, "org:1"), ==, "org:1");
    g_assert_cmpstr (tkt_doc_label (NULL, "gone"), ==, "gone");
  }

  g_assert_false (tkt_doc_is_field ("_rev"));
  g_assert_false (tkt_doc_is_field ("modified"));
  g_assert_false (tkt_doc_is_field ("type"));
  g_assert_true (tkt_doc_is_field ("title"));

  /* a's order, then what only b has; equal and "_"/modified members left out. */
  tkt_doc_differing_fields (a, b, names);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "pi");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "budget");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "end");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "sector");

  title = tkt_doc_field_text (a, "title");
  g_assert_cmpstr (title, ==, "Lúa");
  budget = tkt_doc_field_text (b, "budget");
  g_assert_cmpstr (budget, ==, "{\"local\":6}");
  g_assert_null (tkt_doc_field_text (a, "end"));
  g_assert_null (tkt_doc_field_text (a, "sector"));

  /* pi from b; end, which b lacks, removed; the rest a's, in a new object. */
  merged = tkt_doc_merge_fields (a, b, take);
  g_assert_true (merged != a);
  g_assert_cmpstr (json_object_get_string_member (merged, "pi"), ==, "Thu");
  g_assert_false (json_object_has_member (merged, "end"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (merged, "budget"), "local"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (a, "pi"), ==, "Hoa");
  g_assert_true (json_object_has_member (a, "end"));

  tkt_doc_get_modified (a, &at, &by);
  g_assert_cmpstr (at, ==, "2024-01-24T09:30:00+07:00");
  g_assert_cmpstr (by, ==, "Lan");
  tkt_doc_get_modified (b, &at, &by);
  g_assert_null (by);
}

/* Download again: the unsent changes saved, then the local copy emptied */

static void
changed_cb (TktStore *store,
            GStrv     ids,
            gpointer  user_data)
{
  GPtrArray *seen = user_data;

  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (seen, g_strdup (ids[i]));
}

/* Three tasks on the server (pushed), then here: one edited, one deleted,
 * one new; and a checkpoint.  Returns the push checkpoint. */
static gint64
make_unsent (TktStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) checkpoint = json_object ("{\"session_id\": \"s1\", \"source_last_seq\": 3}");
  g_autoptr(JsonObject) doc = NULL;
  gint64 pushed;

  g_free (put_json (store, "{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"Hoa ban\","
                           " \"stages\": [{\"stage\": \"proposed\", \"date\": \"2024-01-02\"}]}"));
  g_free (put_json (store, "{\"_id\": \"task:b\", \"type\": \"task\", \"title\": \"Điện Biên\"}"));
  g_free (put_json (store, "{\"_id\": \"task:c\", \"type\": \"task\", \"title\": \"Cà phê\"}"));
  g_assert_true (tkt_store_put_local (store, "_local/abc", checkpoint, &error));
  g_assert_no_error (error);
  pushed = tkt_store_get_update_seq (store);

  doc = tkt_store_get (store, "task:a", &error);
  json_object_set_string_member (doc, "title", "Hoa ban Tây Bắc: chọn giống");
  g_free (tkt_store_put (store, doc, &error));
  g_assert_no_error (error);
  g_free (tkt_store_delete (store, "task:b", NULL, &error));
  g_assert_no_error (error);
  g_free (put_json (store, "{\"_id\": \"task:new\", \"type\": \"task\", \"title\": \"Mới\"}"));
  return pushed;
}

static void
assert_empty_and_valid (TktStore *store)
{
  g_auto(GStrv) tasks = tkt_store_list_ids (store, "task");
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpuint (g_strv_length (tasks), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count (*) FROM docs"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count (*) FROM revs"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count (*) FROM task_index"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count (*) FROM task_fts"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count (*) FROM task_stage"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count (*) FROM task_span"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count (*) FROM local_docs"), ==, 0);
  g_assert_null (tkt_store_get_local (store, "_local/abc"));
  g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (store), "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

static void
test_reset_local_copy (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *file_path = g_build_filename (fixture->dir, "tongket-unsent.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autofree char *uuid = NULL;
  g_autoptr(GBytes) server_copy = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_auto(GStrv) removed = NULL;
  gint64 pushed, seq, n_docs;
  guint n_unsent = 0;

  pushed = make_unsent (fixture->store);
  uuid = g_strdup (tkt_store_get_uuid (fixture->store));
  seq = tkt_store_get_update_seq (fixture->store);
  n_docs = sql_int (fixture->store, "SELECT count (*) FROM docs");
  g_assert_cmpint (n_docs, >, 4);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), changed);

  g_assert_true (tkt_store_reset_local_copy (fixture->store, pushed, file, &n_unsent, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_unsent, ==, 3);
  /* Every document went (the catalogue's defaults too: the server has its
   * own), and the views hear of each. */
  g_assert_cmpint (g_strv_length (removed), ==, n_docs);
  g_assert_true (g_strv_contains ((const char * const *) removed, "task:c"));
  g_assert_cmpuint (changed->len, ==, g_strv_length (removed));
  g_signal_handlers_disconnect_by_func (fixture->store, changed_cb, changed);

  assert_empty_and_valid (fixture->store);
  /* The same database: its identity and a sequence that only grows. */
  g_assert_cmpstr (tkt_store_get_uuid (fixture->store), ==, uuid);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), >=, seq);

  /* The file: exactly the unsent documents, with their bodies, in the
   * format import reads. */
  contents = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  docs = tkt_io_parse_json (contents, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 3);
  {
    JsonObject *a = g_ptr_array_index (docs, 0);
    JsonObject *b = g_ptr_array_index (docs, 1);
    JsonObject *n = g_ptr_array_index (docs, 2);

    g_assert_cmpstr (json_object_get_string_member (a, "_id"), ==, "task:a");
    g_assert_cmpstr (json_object_get_string_member (a, "title"), ==, "Hoa ban Tây Bắc: chọn giống");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (a, "_rev"), "2-"));
    g_assert_true (json_object_has_member (a, "_revisions"));
    g_assert_cmpstr (json_object_get_string_member (b, "_id"), ==, "task:b");
    g_assert_true (json_object_get_boolean_member (b, "_deleted"));
    g_assert_cmpstr (json_object_get_string_member (n, "_id"), ==, "task:new");
    g_assert_cmpstr (json_object_get_string_member (n, "title"), ==, "Mới");
  }

  /* Opened again: a valid, empty database that takes new documents. */
  g_clear_object (&fixture->store);
  fixture->store = open_store (fixture->path);
  assert_empty_and_valid (fixture->store);
  g_free (put_json (fixture->store, "{\"_id\": \"task:z\", \"type\": \"task\", \"title\": \"Z\"}"));

  /* Imported into a copy of the server's documents, the file continues
   * them: the edit wins without a conflict, the deletion deletes. */
  {
    g_autofree char *other_path = g_build_filename (fixture->dir, "server.db", NULL);
    g_autoptr(TktStore) other = open_store (other_path);
    g_autoptr(TktStore) source = NULL;
    g_autofree char *source_path = g_build_filename (fixture->dir, "source.db", NULL);
    g_autoptr(JsonObject) a = NULL;
    g_auto(GStrv) conflicts = NULL;
    guint n = 0;

    source = open_store (source_path);
    g_free (put_json (source, "{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"Hoa ban\","
                              " \"stages\": [{\"stage\": \"proposed\", \"date\": \"2024-01-02\"}]}"));
    g_free (put_json (source, "{\"_id\": \"task:b\", \"type\": \"task\", \"title\": \"Điện Biên\"}"));
    g_free (put_json (source, "{\"_id\": \"task:c\", \"type\": \"task\", \"title\": \"Cà phê\"}"));
    server_copy = tkt_io_export (source, TKT_IO_FORMAT_JSON, &error);
    g_assert_no_error (error);
    g_assert_true (tkt_io_import (other, server_copy, TKT_IO_FORMAT_JSON, &n, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (tkt_io_import (other, contents, TKT_IO_FORMAT_JSON, &n, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 3);
    a = tkt_store_get (other, "task:a", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (a, "title"), ==, "Hoa ban Tây Bắc: chọn giống");
    conflicts = tkt_store_get_conflicts (other, "task:a");
    g_assert_cmpuint (conflicts != NULL ? g_strv_length (conflicts) : 0, ==, 0);
    g_assert_null (tkt_store_get (other, "task:b", NULL));
    {
      g_autoptr(JsonObject) added = tkt_store_get (other, "task:new", NULL);

      g_assert_nonnull (added);
    }
  }
}

/* The unsent changes cannot be saved (no such folder): nothing is reset. */
static void
test_reset_export_fails (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_path = g_build_filename (fixture->dir, "missing", "unsent.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(JsonObject) a = NULL;
  gint64 pushed = make_unsent (fixture->store);
  gint64 docs = sql_int (fixture->store, "SELECT count (*) FROM docs");
  guint n = 99;

  g_assert_false (tkt_store_reset_local_copy (fixture->store, pushed, file, &n, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "nothing was deleted"));
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (g_file_test (file_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM docs"), ==, docs);
  a = tkt_store_get (fixture->store, "task:a", NULL);
  g_assert_cmpstr (json_object_get_string_member (a, "title"), ==, "Hoa ban Tây Bắc: chọn giống");
  {
    g_autoptr(JsonObject) checkpoint = tkt_store_get_local (fixture->store, "_local/abc");

    g_assert_nonnull (checkpoint);
  }
}

/* A failure in the middle of the reset (here a trigger refuses to delete
 * the checkpoints, after the documents went): all of it rolls back. */
static void
test_reset_rolls_back (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) checkpoint = NULL;
  gint64 pushed = make_unsent (fixture->store);
  gint64 docs = sql_int (fixture->store, "SELECT count (*) FROM docs");
  gint64 revs = sql_int (fixture->store, "SELECT count (*) FROM revs");
  gint64 index = sql_int (fixture->store, "SELECT count (*) FROM task_index");
  gint64 fts = sql_int (fixture->store, "SELECT count (*) FROM task_fts");

  g_assert_cmpint (sqlite3_exec (tkt_store_get_db (fixture->store),
                                 "CREATE TEMP TRIGGER keep_local BEFORE DELETE ON main.local_docs"
                                 " BEGIN SELECT RAISE (ABORT, 'no'); END;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (tkt_store_reset_local_copy (fixture->store, pushed, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM docs"), ==, docs);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM revs"), ==, revs);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM task_index"), ==, index);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count (*) FROM task_fts"), ==, fts);
  checkpoint = tkt_store_get_local (fixture->store, "_local/abc");
  g_assert_nonnull (checkpoint);
  /* and the store writes on as before */
  g_free (put_json (fixture->store, "{\"_id\": \"task:after\", \"type\": \"task\", \"title\": \"Sau\"}"));
}

/* Nothing unsent: an empty list; unknown checkpoint (0): everything. */
static void
test_export_unsent (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  guint n = 99;

  make_unsent (fixture->store);
  none = tkt_store_export_unsent (fixture->store, tkt_store_get_update_seq (fixture->store), &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  docs = tkt_io_parse_json (none, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 0);
  g_clear_pointer (&docs, g_ptr_array_unref);

  all = tkt_store_export_unsent (fixture->store, 0, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, sql_int (fixture->store, "SELECT count (*) FROM docs"));
  docs = tkt_io_parse_json (all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, n);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TKT_CHECK_CANONICAL", "1", TRUE);
  g_setenv ("TKT_FIXED_NOW", TEST_NOW, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tkt/store-sync/uuid", test_uuid);
  ADD ("/tkt/store-sync/modified", test_modified);
  ADD ("/tkt/store-sync/revs-diff", test_revs_diff);
  ADD ("/tkt/store-sync/get-rev", test_get_rev_for_sync);
  ADD ("/tkt/store-sync/get-rev-text", test_get_rev_text_for_sync);
  ADD ("/tkt/store-sync/replicate/round-trip", test_replicate_round_trip);
  ADD ("/tkt/store-sync/put-revisions/batch", test_put_revisions_batch);
  ADD ("/tkt/store-sync/put-revisions/all-or-nothing", test_put_revisions_all_or_nothing);
  ADD ("/tkt/store-sync/put-revisions/refused", test_put_revisions_refused);
  ADD ("/tkt/store-sync/put-revisions/bare-tombstone", test_put_revisions_bare_tombstone);
  ADD ("/tkt/store-sync/changes/leaves", test_changes_with_leaves);
  ADD ("/tkt/store-sync/local", test_local_docs);
  ADD ("/tkt/store-sync/conflicts/list", test_list_conflicted);
  ADD ("/tkt/store-sync/conflicts/resolve-keep", test_resolve_keep);
  ADD ("/tkt/store-sync/conflicts/resolve-merged", test_resolve_merged);
  ADD ("/tkt/store-sync/conflicts/resolve-refused", test_resolve_refused);
  ADD ("/tkt/store-sync/unsent", test_ids_changed_since);
  ADD ("/tkt/store-sync/history", test_history);
  ADD ("/tkt/store-sync/download-again/reset", test_reset_local_copy);
  ADD ("/tkt/store-sync/download-again/export-fails", test_reset_export_fails);
  ADD ("/tkt/store-sync/download-again/rolls-back", test_reset_rolls_back);
  ADD ("/tkt/store-sync/download-again/export-unsent", test_export_unsent);
  g_test_add_func ("/tkt/store-sync/doc-fields", test_doc_fields);
  g_test_add ("/tkt/store-sync/doc-field-display", Fixture, NULL,
              fixture_set_up, test_doc_field_display, fixture_tear_down);

  return g_test_run ();
}
