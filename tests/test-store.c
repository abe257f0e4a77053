/* test-store.c — the document store: revisions, conflicts, trash, the task
 * index, foreign and damaged files, migration, read-only files, and a
 * writer killed mid-transaction. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "tkt-store.h"
#include "tkt-store-private.h"
#include "tkt-store-sync.h"

/* Local edits stamp "modified" {"at", "by"} into the body they hash: the
 * clock is fixed (TKT_FIXED_NOW, set in main) and the fixture's store has
 * a known author, so the same edit gives the same revision. */
#define TEST_NOW "2024-01-24T09:30:00+07:00"
#define TEST_AUTHOR "Lò Thị Kiểm Thử"

/* Fixture: a fresh directory and a store in it. */

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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  tkt_store_set_author (fixture->store, TEST_AUTHOR);
}

/* "modified" as a local edit of the fixture's store writes it. */
static JsonObject *
test_modified (void)
{
  JsonObject *modified = json_object_new ();

  json_object_set_string_member (modified, "at", TEST_NOW);
  json_object_set_string_member (modified, "by", TEST_AUTHOR);
  return modified;
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

static gboolean
rev_is_well_formed (const char *rev,
                    guint       generation)
{
  g_autofree char *prefix = g_strdup_printf ("%u-", generation);
  const char *hash;

  if (!g_str_has_prefix (rev, prefix))
    return FALSE;
  hash = rev + strlen (prefix);
  if (strlen (hash) != 32)
    return FALSE;
  for (const char *p = hash; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static char *
sql_text (TktStore   *store,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
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

static char *
file_checksum (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
assert_no_side_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
exec_plain (sqlite3    *db,
            const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Open: a new database */

static void
test_open_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(GStrv) sectors = tkt_store_list_ids (fixture->store, "sector");
  g_auto(GStrv) programmes = tkt_store_list_ids (fixture->store, "programme");
  g_autofree char *mode = sql_text (fixture->store, "PRAGMA journal_mode");
  g_autofree char *version = sql_text (fixture->store, "SELECT value FROM meta WHERE key = 'schema_version'");

  g_assert_cmpstr (tkt_store_get_path (fixture->store), ==, fixture->path);
  g_assert_cmpuint (g_strv_length (sectors), >, 0);
  g_assert_cmpuint (g_strv_length (programmes), >, 0);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (version, ==, "3");
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA application_id"), ==, 0x546B7431);
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA user_version"), ==, TKT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA foreign_keys"), ==, 1);

  /* Reopening an existing database keeps what it holds and seeds nothing again. */
  g_clear_object (&fixture->store);
  {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) again = NULL;

    fixture->store = tkt_store_open (fixture->path, &error);
    g_assert_no_error (error);
    again = tkt_store_list_ids (fixture->store, "sector");
    g_assert_cmpstrv (again, sectors);
  }
}

/* Documents and revisions */

static void
test_put_get (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = json_object ("{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"Đề tài A\","
                                           " \"_private\": 1}");
  g_autoptr(JsonObject) got = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *rev2 = NULL;
  g_autoptr(JsonObject) missing = NULL;

  rev = tkt_store_put (fixture->store, doc, &error);
  g_assert_no_error (error);
  g_assert_true (rev_is_well_formed (rev, 1));
  /* put writes the new _rev into the document. */
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, rev);

  got = tkt_store_get (fixture->store, "task:a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "_id"), ==, "task:a");
  g_assert_cmpstr (json_object_get_string_member (got, "_rev"), ==, rev);
  g_assert_cmpstr (json_object_get_string_member (got, "title"), ==, "Đề tài A");
  g_assert_cmpstr (json_object_get_string_member (got, "type"), ==, "task");
  /* Other "_" members are not stored. */
  g_assert_false (json_object_has_member (got, "_private"));

  /* An edit on the current rev makes generation 2. */
  json_object_set_string_member (got, "title", "Đề tài A (sửa)");
  rev2 = tkt_store_put (fixture->store, got, &error);
  g_assert_no_error (error);
  g_assert_true (rev_is_well_formed (rev2, 2));
  g_clear_pointer (&got, json_object_unref);
  got = tkt_store_get (fixture->store, "task:a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "title"), ==, "Đề tài A (sửa)");

  missing = tkt_store_get (fixture->store, "task:nothing", &error);
  g_assert_null (missing);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Invalid documents. */
  {
    g_autoptr(JsonObject) no_type = json_object ("{\"_id\": \"task:b\", \"title\": \"x\"}");
    g_autoptr(JsonObject) no_id = json_object ("{\"type\": \"task\", \"title\": \"x\"}");
    g_autoptr(JsonObject) bad_rev = json_object ("{\"_id\": \"task:c\", \"type\": \"task\", \"_rev\": \"zz\"}");
    char *r;

    r = tkt_store_put (fixture->store, no_type, &error);
    g_assert_null (r);
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
    g_clear_error (&error);
    r = tkt_store_put (fixture->store, no_id, &error);
    g_assert_null (r);
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
    g_clear_error (&error);
    r = tkt_store_put (fixture->store, bad_rev, &error);
    g_assert_null (r);
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
}

static void
test_rev_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *path1 = g_build_filename (dir, "one.db", NULL);
  g_autofree char *path2 = g_build_filename (dir, "two.db", NULL);
  g_autoptr(TktStore) one = tkt_store_open (path1, &error);
  g_autoptr(TktStore) two = NULL;
  const char *text = "{\"_id\": \"task:same\", \"type\": \"task\", \"title\": \"Điện Biên\", \"n\": [1, 2, {\"x\": null}]}";
  g_autofree char *rev1 = NULL;
  g_autofree char *rev2 = NULL;
  g_autofree char *edit1 = NULL;
  g_autofree char *edit2 = NULL;
  g_autofree char *other = NULL;

  g_assert_no_error (error);
  two = tkt_store_open (path2, &error);
  g_assert_no_error (error);

  /* Same (no) parent and same body: the same rev, in two databases. */
  rev1 = put_json (one, text);
  rev2 = put_json (two, text);
  g_assert_cmpstr (rev1, ==, rev2);

  /* The same edit on the same parent: the same rev again. */
  {
    g_autoptr(JsonObject) a = tkt_store_get (one, "task:same", &error);
    g_autoptr(JsonObject) b = tkt_store_get (two, "task:same", &error);

    json_object_set_string_member (a, "title", "Điện Biên Phủ");
    json_object_set_string_member (b, "title", "Điện Biên Phủ");
    edit1 = tkt_store_put (one, a, &error);
    g_assert_no_error (error);
    edit2 = tkt_store_put (two, b, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (edit1, ==, edit2);
    g_assert_cmpstr (edit1, !=, rev1);
    g_assert_true (rev_is_well_formed (edit1, 2));
  }

  /* A different body: a different rev. */
  other = put_json (one, "{\"_id\": \"task:other\", \"type\": \"task\", \"title\": \"Điện Biên.\"}");
  g_assert_cmpstr (g_strstr_len (other, -1, "-"), !=, g_strstr_len (rev1, -1, "-"));

  g_clear_object (&one);
  g_clear_object (&two);
  remove_tree (dir);
}

static void
test_update_conflict (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev1 = put_json (fixture->store, "{\"_id\": \"task:c\", \"type\": \"task\", \"title\": \"v1\"}");
  g_autoptr(JsonObject) first = tkt_store_get (fixture->store, "task:c", &error);
  g_autoptr(JsonObject) second = tkt_store_get (fixture->store, "task:c", &error);
  g_autoptr(JsonObject) blind = json_object ("{\"_id\": \"task:c\", \"type\": \"task\", \"title\": \"blind\"}");
  g_autoptr(JsonObject) phantom = json_object ("{\"_id\": \"task:new\", \"type\": \"task\", \"_rev\": \"3-0123456789abcdef0123456789abcdef\"}");
  g_autoptr(JsonObject) now = NULL;
  g_autofree char *rev2 = NULL;
  char *rev;

  /* Two editors start from v1; the first one saves. */
  json_object_set_string_member (first, "title", "first");
  rev2 = tkt_store_put (fixture->store, first, &error);
  g_assert_no_error (error);

  /* The second one's save is based on an old rev: refused, nothing lost. */
  json_object_set_string_member (second, "title", "second");
  rev = tkt_store_put (fixture->store, second, &error);
  g_assert_null (rev);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* No _rev on an existing live document: refused too. */
  rev = tkt_store_put (fixture->store, blind, &error);
  g_assert_null (rev);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A _rev for a document that does not exist. */
  rev = tkt_store_put (fixture->store, phantom, &error);
  g_assert_null (rev);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  now = tkt_store_get (fixture->store, "task:c", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (now, "title"), ==, "first");
  g_assert_cmpstr (json_object_get_string_member (now, "_rev"), ==, rev2);
  g_assert_cmpstr (rev1, !=, rev2);
}

static void
test_unknown_members (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *text =
    "{\"_id\": \"task:u\", \"type\": \"task\", \"title\": \"T\","
    " \"x_future\": {\"a\": [1, {\"b\": true, \"c\": \"Đường\"}], \"z\": 2.5},"
    " \"budget\": {\"central\": 100, \"x_loan\": {\"bank\": \"BIDV\"}, \"local\": 5},"
    " \"stages\": [{\"stage\": \"ordered\", \"date\": \"2023-01-02\", \"x_note\": [null, false]}],"
    " \"zz_last\": \"kept\"}";
  g_autofree char *rev = put_json (fixture->store, text);
  g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "task:u", &error);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) expected = json_object (text);
  g_autofree char *rev2 = NULL;
  g_autofree char *got_text = NULL;
  g_autofree char *expected_text = NULL;

  g_assert_no_error (error);
  /* An edit of a known member, as the editor does it. */
  json_object_set_string_member (doc, "title", "T2");
  rev2 = tkt_store_put (fixture->store, doc, &error);
  g_assert_no_error (error);

  again = tkt_store_get (fixture->store, "task:u", &error);
  g_assert_no_error (error);
  json_object_remove_member (again, "_id");
  json_object_remove_member (again, "_rev");
  json_object_set_string_member (expected, "title", "T2");
  json_object_remove_member (expected, "_id");
  /* The edit says when and by whom, after the members it kept. */
  json_object_set_object_member (expected, "modified", test_modified ());

  /* Byte for byte the same JSON: every member, nested ones included, and
   * their order. */
  got_text = object_to_string (again);
  expected_text = object_to_string (expected);
  g_assert_cmpstr (got_text, ==, expected_text);
}

/* Trash */

static void
test_delete_undelete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev1 = put_json (fixture->store,
                                    "{\"_id\": \"task:d\", \"type\": \"task\", \"title\": \"Điện Biên\","
                                    " \"x_keep\": {\"n\": 1}}");
  g_autoptr(JsonObject) before = tkt_store_get (fixture->store, "task:d", &error);
  g_autoptr(JsonObject) gone = NULL;
  g_autoptr(JsonObject) tomb = NULL;
  g_autoptr(JsonObject) back = NULL;
  g_autofree char *tomb_rev = NULL;
  g_autofree char *back_rev = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *back_text = NULL;
  g_auto(GStrv) ids = NULL;
  gint64 rowid = sql_int (fixture->store, "SELECT rowid FROM task_index WHERE id = 'task:d'");
  char *r;

  g_assert_cmpint (rowid, >, 0);
  tomb_rev = tkt_store_delete (fixture->store, "task:d", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rev_is_well_formed (tomb_rev, 2));

  gone = tkt_store_get (fixture->store, "task:d", &error);
  g_assert_null (gone);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  ids = tkt_store_list_ids (fixture->store, "task");
  g_assert_false (g_strv_contains ((const char * const *) ids, "task:d"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index WHERE id = 'task:d'"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'dien'"), ==, 0);

  /* The tombstone is a revision: deleted, keeping the type. */
  tomb = tkt_store_get_rev (fixture->store, "task:d", tomb_rev, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (tomb, "_deleted"));
  g_assert_cmpstr (json_object_get_string_member (tomb, "type"), ==, "task");
  g_assert_false (json_object_has_member (tomb, "title"));

  /* Deleting again: nothing to delete. */
  r = tkt_store_delete (fixture->store, "task:d", NULL, &error);
  g_assert_null (r);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo: the body is back, on a new revision above the tombstone. */
  back_rev = tkt_store_undelete (fixture->store, "task:d", &error);
  g_assert_no_error (error);
  g_assert_true (rev_is_well_formed (back_rev, 3));
  back = tkt_store_get (fixture->store, "task:d", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (back, "_rev"), ==, back_rev);
  json_object_remove_member (back, "_rev");
  json_object_remove_member (before, "_rev");
  back_text = object_to_string (back);
  before_text = object_to_string (before);
  g_assert_cmpstr (back_text, ==, before_text);

  /* The index row is back, with the same rowid. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT rowid FROM task_index WHERE id = 'task:d'"), ==, rowid);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'dien'"), ==, 1);

  /* Undelete of a live document is refused. */
  r = tkt_store_undelete (fixture->store, "task:d", &error);
  g_assert_null (r);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A deleted document can be written again without a _rev. */
  g_free (tkt_store_delete (fixture->store, "task:d", NULL, &error));
  g_assert_no_error (error);
  g_free (put_json (fixture->store, "{\"_id\": \"task:d\", \"type\": \"task\", \"title\": \"anew\"}"));
}

/* Replication writes and conflicts */

static gboolean
put_revision_json (TktStore   *store,
                   const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = json_object (text);
  gboolean ok = tkt_store_put_revision (store, doc, &error);

  g_assert_no_error (error);
  return ok;
}

#define HA "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HB "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define HC "cccccccccccccccccccccccccccccccc"
#define HD "dddddddddddddddddddddddddddddddd"
#define HE "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) leaves = NULL;
  g_auto(GStrv) conflicts = NULL;
  g_autoptr(JsonObject) winner = NULL;
  g_autoptr(JsonObject) loser = NULL;
  g_autofree char *tomb = NULL;

  g_assert_true (put_revision_json (fixture->store,
                                    "{\"_id\": \"task:x\", \"_rev\": \"1-" HA "\", \"type\": \"task\", \"title\": \"base\","
                                    " \"_revisions\": {\"start\": 1, \"ids\": [\"" HA "\"]}}"));
  /* Two branches from one ancestor. */
  g_assert_true (put_revision_json (fixture->store,
                                    "{\"_id\": \"task:x\", \"_rev\": \"2-" HB "\", \"type\": \"task\", \"title\": \"branch b\","
                                    " \"_revisions\": {\"start\": 2, \"ids\": [\"" HB "\", \"" HA "\"]}}"));
  g_assert_true (put_revision_json (fixture->store,
                                    "{\"_id\": \"task:x\", \"_rev\": \"2-" HC "\", \"type\": \"task\", \"title\": \"branch c\","
                                    " \"_revisions\": {\"start\": 2, \"ids\": [\"" HC "\", \"" HA "\"]}}"));

  /* Both leaves kept; the winner has the greater rev (same length). */
  leaves = tkt_store_get_leaves (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (leaves), ==, 2);
  g_assert_cmpstr (leaves[0], ==, "2-" HC);
  g_assert_cmpstr (leaves[1], ==, "2-" HB);
  conflicts = tkt_store_get_conflicts (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
  g_assert_cmpstr (conflicts[0], ==, "2-" HB);
  winner = tkt_store_get (fixture->store, "task:x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (winner, "_rev"), ==, "2-" HC);
  g_assert_cmpstr (json_object_get_string_member (winner, "title"), ==, "branch c");
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index WHERE title = 'branch c'"), ==, 1);

  /* The losing branch's body is kept. */
  loser = tkt_store_get_rev (fixture->store, "task:x", "2-" HB, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (loser, "title"), ==, "branch b");

  /* Deleting the winning leaf makes the other one win. */
  tomb = tkt_store_delete (fixture->store, "task:x", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&winner, json_object_unref);
  winner = tkt_store_get (fixture->store, "task:x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (winner, "_rev"), ==, "2-" HB);
  g_assert_cmpstr (json_object_get_string_member (winner, "title"), ==, "branch b");
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index WHERE title = 'branch b'"), ==, 1);
  g_clear_pointer (&conflicts, g_strfreev);
  conflicts = tkt_store_get_conflicts (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (conflicts), ==, 0);
  g_clear_pointer (&leaves, g_strfreev);
  leaves = tkt_store_get_leaves (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (leaves), ==, 2);
  g_assert_cmpstr (leaves[0], ==, "2-" HB);
  g_assert_cmpstr (leaves[1], ==, tomb);

  /* A longer branch wins over a greater rev id; a deleted leaf never wins
   * over a live one, however long. */
  g_assert_true (put_revision_json (fixture->store,
                                    "{\"_id\": \"task:x\", \"_rev\": \"4-" HD "\", \"type\": \"task\", \"_deleted\": true,"
                                    " \"_revisions\": {\"start\": 4, \"ids\": [\"" HD "\", \"" HE "\", \"" HC "\"]}}"));
  g_clear_pointer (&winner, json_object_unref);
  winner = tkt_store_get (fixture->store, "task:x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (winner, "_rev"), ==, "2-" HB);
  g_assert_true (put_revision_json (fixture->store,
                                    "{\"_id\": \"task:x\", \"_rev\": \"3-" HA "\", \"type\": \"task\", \"title\": \"long\","
                                    " \"_revisions\": {\"start\": 3, \"ids\": [\"" HA "\", \"" HC "\"]}}"));
  g_clear_pointer (&winner, json_object_unref);
  winner = tkt_store_get (fixture->store, "task:x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (winner, "_rev"), ==, "3-" HA);
  g_clear_pointer (&conflicts, g_strfreev);
  conflicts = tkt_store_get_conflicts (fixture->store, "task:x");
  g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
  g_assert_cmpstr (conflicts[0], ==, "2-" HB);
}

static void
count_changed_cb (TktStore *store,
                  GStrv     ids,
                  guint    *count)
{
  (*count)++;
}

static void
test_put_revision_idempotent (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *text = "{\"_id\": \"task:i\", \"_rev\": \"3-" HC "\", \"type\": \"task\", \"title\": \"c\","
                     " \"_revisions\": {\"start\": 3, \"ids\": [\"" HC "\", \"" HB "\"]}}";
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) leaves = NULL;
  g_autoptr(JsonObject) stub = NULL;
  gint64 seq;
  guint n_changed = 0;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed_cb), &n_changed);
  g_assert_true (put_revision_json (fixture->store, text));
  g_assert_cmpuint (n_changed, ==, 1);
  seq = tkt_store_get_update_seq (fixture->store);

  /* Again: nothing changes, nothing is announced. */
  g_assert_true (put_revision_json (fixture->store, text));
  g_assert_true (put_revision_json (fixture->store, text));
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  g_assert_cmpuint (n_changed, ==, 1);
  leaves = tkt_store_get_leaves (fixture->store, "task:i");
  g_assert_cmpuint (g_strv_length (leaves), ==, 1);
  g_assert_cmpstr (leaves[0], ==, "3-" HC);

  /* The missing ancestor is in the tree, without a body. */
  stub = tkt_store_get_rev (fixture->store, "task:i", "2-" HB, &error);
  g_assert_null (stub);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* … so sending it again is a no-op too. */
  g_assert_true (put_revision_json (fixture->store,
                                    "{\"_id\": \"task:i\", \"_rev\": \"2-" HB "\", \"type\": \"task\", \"title\": \"b\","
                                    " \"_revisions\": {\"start\": 2, \"ids\": [\"" HB "\"]}}"));
  g_clear_pointer (&leaves, g_strfreev);
  leaves = tkt_store_get_leaves (fixture->store, "task:i");
  g_assert_cmpuint (g_strv_length (leaves), ==, 1);

  /* A later revision extends the leaf: still one leaf. */
  g_assert_true (put_revision_json (fixture->store,
                                    "{\"_id\": \"task:i\", \"_rev\": \"4-" HD "\", \"type\": \"task\", \"title\": \"d\","
                                    " \"_revisions\": {\"start\": 4, \"ids\": [\"" HD "\", \"" HC "\", \"" HB "\"]}}"));
  g_clear_pointer (&leaves, g_strfreev);
  leaves = tkt_store_get_leaves (fixture->store, "task:i");
  g_assert_cmpuint (g_strv_length (leaves), ==, 1);
  g_assert_cmpstr (leaves[0], ==, "4-" HD);
  g_assert_cmpuint (n_changed, ==, 2);

  /* A local edit on top of a replicated revision. */
  {
    g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "task:i", &error);
    g_autofree char *rev = NULL;

    g_assert_no_error (error);
    rev = tkt_store_put (fixture->store, doc, &error);
    g_assert_no_error (error);
    g_assert_true (rev_is_well_formed (rev, 5));
  }

  /* Bad histories are refused. */
  {
    g_autoptr(JsonObject) bad = json_object ("{\"_id\": \"task:i\", \"_rev\": \"5-" HA "\", \"type\": \"task\","
                                             " \"_revisions\": {\"start\": 5, \"ids\": [\"" HB "\"]}}");

    g_assert_false (tkt_store_put_revision (fixture->store, bad, &error));
    g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  }
}

/* The change feed */

static void
test_changes (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = tkt_store_get_update_seq (fixture->store);
  gint64 last = -1;
  gint64 mid;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) since = NULL;
  g_auto(GStrv) limited = NULL;
  g_autofree char *ra = put_json (fixture->store, "{\"_id\": \"task:1\", \"type\": \"task\", \"title\": \"1\"}");
  g_autofree char *rb = put_json (fixture->store, "{\"_id\": \"task:2\", \"type\": \"task\", \"title\": \"2\"}");
  g_autofree char *rc = put_json (fixture->store, "{\"_id\": \"task:3\", \"type\": \"task\", \"title\": \"3\"}");
  g_autofree char *tomb = NULL;

  g_assert_cmpint (start, >, 0);   /* the seeded catalogue */
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, start + 3);

  all = tkt_store_changes_since (fixture->store, start, 0, &last);
  g_assert_cmpuint (g_strv_length (all), ==, 3);
  g_assert_cmpstr (all[0], ==, "task:1");
  g_assert_cmpstr (all[2], ==, "task:3");
  g_assert_cmpint (last, ==, start + 3);
  mid = last;

  /* task:1 changes (here: deleted): it moves to the end of the feed. */
  tomb = tkt_store_delete (fixture->store, "task:1", NULL, &error);
  g_assert_no_error (error);
  since = tkt_store_changes_since (fixture->store, mid, 0, &last);
  g_assert_cmpuint (g_strv_length (since), ==, 1);
  g_assert_cmpstr (since[0], ==, "task:1");
  g_assert_cmpint (last, ==, tkt_store_get_update_seq (fixture->store));

  limited = tkt_store_changes_since (fixture->store, start, 1, &last);
  g_assert_cmpuint (g_strv_length (limited), ==, 1);
  g_assert_cmpstr (limited[0], ==, "task:2");
  g_assert_cmpint (last, ==, start + 2);
}

/* Import */

static GPtrArray *
docs_from_json (const char *const *texts)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; texts[i] != NULL; i++)
    g_ptr_array_add (docs, json_object (texts[i]));
  return docs;
}

static void
test_put_all (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const bad_batch[] = {
    "{\"_id\": \"task:p1\", \"type\": \"task\", \"title\": \"one\"}",
    "{\"_id\": \"task:p2\", \"type\": \"task\", \"title\": \"two\"}",
    "{\"_id\": \"task:p3\", \"title\": \"no type\"}",
    "{\"_id\": \"task:p4\", \"type\": \"task\", \"title\": \"four\"}",
    NULL
  };
  static const char * const good_batch[] = {
    "{\"_id\": \"task:p1\", \"type\": \"task\", \"title\": \"one\"}",
    "{\"_id\": \"task:p2\", \"type\": \"task\", \"title\": \"two\"}",
    "{\"_id\": \"task:p4\", \"type\": \"task\", \"title\": \"four\"}",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bad = docs_from_json (bad_batch);
  g_autoptr(GPtrArray) good = docs_from_json (good_batch);
  g_autoptr(GPtrArray) export = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) none = NULL;
  gint64 seq = tkt_store_get_update_seq (fixture->store);
  guint n_written = 99;
  guint n_changed = 0;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed_cb), &n_changed);

  /* One bad document: nothing at all is written. */
  g_assert_false (tkt_store_put_all (fixture->store, bad, &n_written, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_written, ==, 0);
  none = tkt_store_get (fixture->store, "task:p1", NULL);
  g_assert_null (none);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM docs WHERE type = 'task'"), ==, 0);
  g_assert_cmpuint (n_changed, ==, 0);

  g_assert_true (tkt_store_put_all (fixture->store, good, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 3);
  g_assert_cmpuint (n_changed, ==, 1);   /* one transaction, one signal */
  seq = tkt_store_get_update_seq (fixture->store);

  /* Re-import of the exported documents (same _rev): a no-op. */
  for (guint i = 0; good_batch[i] != NULL; i++)
    {
      g_autoptr(JsonObject) doc = json_object (good_batch[i]);

      g_ptr_array_add (export, tkt_store_get (fixture->store, json_object_get_string_member (doc, "_id"), &error));
      g_assert_no_error (error);
    }
  g_assert_true (tkt_store_put_all (fixture->store, export, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 0);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  g_assert_cmpuint (n_changed, ==, 1);

  /* Without _rev, an existing document is written on top of the winner. */
  {
    g_autoptr(GPtrArray) again = docs_from_json (good_batch);
    g_autoptr(JsonObject) p1 = NULL;

    json_object_set_string_member (g_ptr_array_index (again, 0), "title", "one, edited");
    g_assert_true (tkt_store_put_all (fixture->store, again, &n_written, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_written, ==, 3);
    p1 = tkt_store_get (fixture->store, "task:p1", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (p1, "title"), ==, "one, edited");
    g_assert_true (rev_is_well_formed (json_object_get_string_member (p1, "_rev"), 2));
  }
}

/* A big import rebuilds the task_index indexes inside its transaction: they
 * are all there afterwards, and all there after a failed one. */
static void
test_put_all_bulk (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 n_indexes = sql_int (fixture->store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task_index'");
  g_autofree char *first = NULL;
  guint n_written = 0;

  g_assert_cmpint (n_indexes, >=, 14);
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"_id\": \"task:bulk%04u\", \"type\": \"task\", \"code\": \"B-%04u\","
                                               " \"title\": \"%s %u\", \"sector\": \"sector:health\"}",
                                               i, i, (i % 2) ? "Đường" : "Dân", i);

      g_ptr_array_add (docs, json_object (text));
    }
  /* The last one is bad: nothing is written, the indexes are back. */
  g_ptr_array_add (docs, json_object ("{\"_id\": \"task:bad\"}"));
  g_assert_false (tkt_store_put_all (fixture->store, docs, &n_written, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task_index'"),
                   ==, n_indexes);

  g_ptr_array_remove_index (docs, docs->len - 1);
  g_assert_true (tkt_store_put_all (fixture->store, docs, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 3000);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task_index'"),
                   ==, n_indexes);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index"), ==, 3000);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'duong'"), ==, 1500);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index WHERE sector_name IS NOT NULL"), ==, 3000);
  /* Vietnamese order through the rebuilt key index: Dân before Đường. */
  first = sql_text (fixture->store, "SELECT title FROM task_index ORDER BY title_key LIMIT 1");
  g_assert_true (g_str_has_prefix (first, "Dân "));
  {
    sqlite3_stmt *stmt = NULL;
    g_autoptr(GString) details = g_string_new (NULL);
    g_autofree char *check = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (fixture->store),
                                         "EXPLAIN QUERY PLAN SELECT rowid FROM task_index ORDER BY title_key",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append (details, (const char *) sqlite3_column_text (stmt, 3));
    sqlite3_finalize (stmt);
    g_assert_nonnull (strstr (details->str, "task_index_title_key"));
    check = sql_text (fixture->store, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok");
  }
  g_assert_true (tkt_store_task_code_in_use (fixture->store, "B-2999", NULL));
}

typedef struct {
  char  *path;
  guint  n_calls;
  gboolean visible;
} ChangedProbe;

static void
probe_changed_cb (TktStore     *store,
                  GStrv         ids,
                  ChangedProbe *probe)
{
  g_autoptr(TktStore) other = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;

  probe->n_calls++;
  g_assert_true (g_strv_contains ((const char * const *) ids, "task:sig"));
  /* Emitted after COMMIT: another connection already sees the change. */
  other = tkt_store_open (probe->path, &error);
  g_assert_no_error (error);
  doc = tkt_store_get (other, "task:sig", NULL);
  probe->visible = doc != NULL;
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  ChangedProbe probe = { fixture->path, 0, FALSE };
  g_autofree char *rev = NULL;
  gulong id;

  id = g_signal_connect (fixture->store, "changed", G_CALLBACK (probe_changed_cb), &probe);
  rev = put_json (fixture->store, "{\"_id\": \"task:sig\", \"type\": \"task\", \"title\": \"s\"}");
  g_assert_cmpuint (probe.n_calls, ==, 1);
  g_assert_true (probe.visible);
  g_signal_handler_disconnect (fixture->store, id);
}

/* The task index */

static void
test_task_index (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *rev = put_json (fixture->store,
    "{\"_id\": \"task:idx\", \"type\": \"task\", \"code\": \"ĐT-01\", \"title\": \"Nghiên cứu tại Điện Biên\","
    " \"level\": \"provincial\", \"kind\": \"research\", \"lead_org\": \"Trường Đại học Tây Bắc\", \"pi\": \"Lò Văn Đường\","
    " \"members\": [\"Quàng Thị Ánh\"], \"programme\": \"programme:nong-thon-mien-nui-2016-2025\","
    " \"sector\": \"sector:health\", \"start\": \"2022-05-01\", \"end\": \"2024-12-31\","
    " \"budget\": {\"central\": 1000000, \"local\": 250000, \"other\": 5},"
    " \"stages\": [{\"stage\": \"ordered\", \"date\": \"2021-10-01\"},"
    "             {\"stage\": \"contracted\", \"date\": \"2022-06-01\"},"
    "             {\"stage\": \"accepted\", \"date\": \"2024-11-20\"},"
    "             {\"stage\": \"in_progress\", \"date\": \"2022-06-01\"},"
    "             {\"stage\": \"transferred\", \"date\": \"2024-11-20\"}]}");
  g_autofree char *status = sql_text (fixture->store, "SELECT status FROM task_index WHERE id = 'task:idx'");
  g_autofree char *programme_name = sql_text (fixture->store, "SELECT programme_name FROM task_index WHERE id = 'task:idx'");
  g_autofree char *sector_name = sql_text (fixture->store, "SELECT sector_name FROM task_index WHERE id = 'task:idx'");
  g_autofree char *rev2 = NULL;
  g_autofree char *status2 = NULL;

  /* Latest stage: the greatest date, and on the same date the later entry. */
  g_assert_cmpstr (status, ==, "transferred");
  g_assert_cmpint (sql_int (fixture->store, "SELECT budget_total FROM task_index WHERE id = 'task:idx'"), ==, 1250005);
  g_assert_cmpint (sql_int (fixture->store, "SELECT year_from FROM task_index WHERE id = 'task:idx'"), ==, 2022);
  g_assert_cmpint (sql_int (fixture->store, "SELECT year_to FROM task_index WHERE id = 'task:idx'"), ==, 2024);
  g_assert_nonnull (programme_name);
  g_assert_nonnull (sector_name);
  g_assert_cmpint (sql_int (fixture->store, "SELECT title_key IS NOT NULL AND pi_key IS NOT NULL FROM task_index WHERE id = 'task:idx'"), ==, 1);

  /* Search folded for Vietnamese: tones and đ/d. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'dien AND bien'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'duong'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'anh'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'dt*'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts f JOIN task_index t ON t.rowid = f.rowid"
                                            " WHERE task_fts MATCH tkt_fold('Tây Bắc') AND t.id = 'task:idx'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'hanoi'"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT tkt_sort_key('Đào') > tkt_sort_key('Duyên')"), ==, 1);

  /* The code is in use, except by the task itself. */
  g_assert_true (tkt_store_task_code_in_use (fixture->store, "ĐT-01", NULL));
  g_assert_true (tkt_store_task_code_in_use (fixture->store, "ĐT-01", "task:other"));
  g_assert_false (tkt_store_task_code_in_use (fixture->store, "ĐT-01", "task:idx"));
  g_assert_false (tkt_store_task_code_in_use (fixture->store, "ĐT-02", NULL));

  /* An edit replaces the rows: one index row, one search row. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "task:idx", &error);

    g_assert_no_error (error);
    json_object_set_string_member (doc, "title", "Ứng dụng ở Lai Châu");
    json_object_remove_member (doc, "stages");
    json_object_remove_member (doc, "budget");
    rev2 = tkt_store_put (fixture->store, doc, &error);
    g_assert_no_error (error);
  }
  status2 = sql_text (fixture->store, "SELECT status FROM task_index WHERE id = 'task:idx'");
  g_assert_null (status2);
  g_assert_cmpint (sql_int (fixture->store, "SELECT budget_total IS NULL FROM task_index WHERE id = 'task:idx'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT year_from FROM task_index WHERE id = 'task:idx'"), ==, 2022);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_index"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'dien'"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'lai AND chau'"), ==, 1);
}

static void
test_programme_rename (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prog = put_json (fixture->store,
                                    "{\"_id\": \"programme:p\", \"type\": \"programme\", \"name\": \"Chương trình cũ\"}");
  g_autofree char *task = put_json (fixture->store,
                                    "{\"_id\": \"task:r\", \"type\": \"task\", \"title\": \"R\", \"programme\": \"programme:p\"}");
  g_autofree char *other = put_json (fixture->store,
                                     "{\"_id\": \"task:s\", \"type\": \"task\", \"title\": \"S\"}");
  g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "programme:p", &error);
  g_autofree char *name = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *tomb = NULL;
  g_autofree char *after_delete = NULL;
  gint64 old_key = sql_int (fixture->store, "SELECT length(programme_key) FROM task_index WHERE id = 'task:r'");

  name = sql_text (fixture->store, "SELECT programme_name FROM task_index WHERE id = 'task:r'");
  g_assert_cmpstr (name, ==, "Chương trình cũ");
  g_assert_cmpint (old_key, >, 0);

  g_assert_no_error (error);
  json_object_set_string_member (doc, "name", "Chương trình mới Điện Biên");
  g_free (tkt_store_put (fixture->store, doc, &error));
  g_assert_no_error (error);

  renamed = sql_text (fixture->store, "SELECT programme_name FROM task_index WHERE id = 'task:r'");
  g_assert_cmpstr (renamed, ==, "Chương trình mới Điện Biên");
  g_assert_cmpint (sql_int (fixture->store, "SELECT programme_key = tkt_sort_key('Chương trình mới Điện Biên')"
                                            " FROM task_index WHERE id = 'task:r'"), ==, 1);
  /* Search finds the task by its programme's new name. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts f JOIN task_index t ON t.rowid = f.rowid"
                                            " WHERE task_fts MATCH 'moi AND dien' AND t.id = 'task:r'"), ==, 1);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'cu'"), ==, 0);
  g_assert_cmpint (sql_int (fixture->store, "SELECT programme_name IS NULL FROM task_index WHERE id = 'task:s'"), ==, 1);

  /* A deleted programme leaves no name behind. */
  tomb = tkt_store_delete (fixture->store, "programme:p", NULL, &error);
  g_assert_no_error (error);
  after_delete = sql_text (fixture->store, "SELECT programme_name FROM task_index WHERE id = 'task:r'");
  g_assert_null (after_delete);
}

/* Files that are not ours */

static void
assert_refused_untouched (const char   *path,
                          TktStoreError code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(TktStore) store = NULL;
  struct stat st_before, st_after;

  g_assert_cmpint (g_stat (path, &st_before), ==, 0);
  store = tkt_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TKT_STORE_ERROR, (gint) code);
  /* The message names the file. */
  g_assert_nonnull (strstr (error->message, basename));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (g_stat (path, &st_after), ==, 0);
  g_assert_cmpint (st_before.st_size, ==, st_after.st_size);
  g_assert_cmpint (st_before.st_mtime, ==, st_after.st_mtime);
  assert_no_side_files (path);
}

static void
test_open_foreign (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *random = g_build_filename (dir, "random.bin", NULL);
  g_autofree char *other_app = g_build_filename (dir, "other-app.sqlite", NULL);
  g_autofree char *other_wal = g_build_filename (dir, "other-wal.sqlite", NULL);
  g_autofree char *other_id = g_build_filename (dir, "other-id.sqlite", NULL);
  g_autofree char *fake_magic = g_build_filename (dir, "fake.db", NULL);
  guint8 bytes[8192];
  sqlite3 *db = NULL;

  g_assert_no_error (error);

  g_file_set_contents (text, "Báo cáo tổng kết năm 2023\nKhông phải cơ sở dữ liệu.\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_untouched (text, TKT_STORE_ERROR_NOT_DATABASE);

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_test_rand_int_range (0, 256);
  g_file_set_contents (random, (const char *) bytes, sizeof bytes, &error);
  g_assert_no_error (error);
  assert_refused_untouched (random, TKT_STORE_ERROR_NOT_DATABASE);

  /* The SQLite magic and then garbage. */
  memcpy (bytes, "SQLite format 3", 16);
  memset (bytes + 68, 0, 4);
  g_file_set_contents (fake_magic, (const char *) bytes, sizeof bytes, &error);
  g_assert_no_error (error);
  assert_refused_untouched (fake_magic, TKT_STORE_ERROR_NOT_DATABASE);

  /* An SQLite database of another application, with a table named meta. */
  g_assert_cmpint (sqlite3_open (other_app, &db), ==, SQLITE_OK);
  exec_plain (db, "CREATE TABLE meta (key TEXT PRIMARY KEY, value);"
                  "INSERT INTO meta VALUES ('version', 3);"
                  "CREATE TABLE contacts (name TEXT, phone TEXT);"
                  "INSERT INTO contacts VALUES ('Nguyễn Văn A', '0912345678');");
  sqlite3_close (db);
  assert_refused_untouched (other_app, TKT_STORE_ERROR_NOT_DATABASE);

  /* The same in WAL mode: opening it must not create -wal/-shm either. */
  g_assert_cmpint (sqlite3_open (other_wal, &db), ==, SQLITE_OK);
  exec_plain (db, "PRAGMA journal_mode = WAL; CREATE TABLE notes (x); INSERT INTO notes VALUES (1);");
  sqlite3_close (db);
  assert_no_side_files (other_wal);
  assert_refused_untouched (other_wal, TKT_STORE_ERROR_NOT_DATABASE);

  /* One with its own application id. */
  g_assert_cmpint (sqlite3_open (other_id, &db), ==, SQLITE_OK);
  exec_plain (db, "PRAGMA application_id = 1196444487; CREATE TABLE gpkg (x);");
  sqlite3_close (db);
  assert_refused_untouched (other_id, TKT_STORE_ERROR_NOT_DATABASE);

  remove_tree (dir);
}

static void
test_open_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "damaged.db", NULL);
  g_autoptr(TktStore) store = tkt_store_open (path, &error);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"_id\": \"task:%u\", \"type\": \"task\", \"title\": \"Nhiệm vụ %u\"}", i, i);

      g_ptr_array_add (docs, json_object (text));
    }
  g_assert_true (tkt_store_put_all (store, docs, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  assert_no_side_files (path);

  /* Damage the pages after the first one. */
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 4 * 4096);
  for (gsize i = 4096; i < len; i += 4096)
    memset (contents + i, 0x5a, 48);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  assert_refused_untouched (path, TKT_STORE_ERROR_NOT_DATABASE);
  remove_tree (dir);
}

/* A file this Tongket closed cleanly is not read whole again at the next
 * open (the quick_check is most of the start with 100,000 tasks); a change
 * by another program, even one that keeps the inode and the size, brings
 * the check back, and damage is still found. */
static void
test_open_verified (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "verified.db", NULL);
  g_autoptr(TktStore) store = tkt_store_open (path, &error);
  g_autofree char *contents = NULL;
  sqlite3 *db = NULL;
  guint checks;
  gsize len = 0;

  /* A process of its own: one that met a damaged file (as the other
   * tests do) records no file as checked. */
  if (!g_test_subprocess ())
    {
      g_autofree char *cache = g_build_filename (dir, "cache", NULL);
      g_autofree char *old_cache = g_strdup (g_getenv ("XDG_CACHE_HOME"));

      g_clear_object (&store);
      /* and a cache folder of its own, for the record of checked files */
      g_setenv ("XDG_CACHE_HOME", cache, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (old_cache != NULL)
        g_setenv ("XDG_CACHE_HOME", old_cache, TRUE);
      else
        g_unsetenv ("XDG_CACHE_HOME");
      remove_tree (dir);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_no_error (error);
  g_free (put_json (store, "{\"_id\": \"task:v\", \"type\": \"task\", \"title\": \"Đã kiểm tra\"}"));
  g_clear_object (&store);

  checks = tkt_store_get_n_file_checks ();
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tkt_store_get_n_file_checks (), ==, checks);
  g_clear_object (&store);

  /* Another program writes to it: checked again.  (File times tick with
   * the kernel's coarse clock, a few milliseconds: the tests wait one
   * tick, as any other program's write comes later than that.) */
  g_usleep (20 * 1000);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_plain (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('other-program', 1);");
  sqlite3_close (db);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tkt_store_get_n_file_checks (), ==, checks + 1);
  g_clear_object (&store);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tkt_store_get_n_file_checks (), ==, checks + 1);
  g_clear_object (&store);

  /* Damaged in place (same inode, same size): found. */
  g_usleep (20 * 1000);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  for (gsize i = 4096; i < len; i += 4096)
    memset (contents + i, 0x5a, 48);
  {
    int fd = g_open (path, O_WRONLY, 0);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (write (fd, contents, len), ==, (gssize) len);
    close (fd);
  }
  assert_refused_untouched (path, TKT_STORE_ERROR_NOT_DATABASE);
  g_assert_cmpuint (tkt_store_get_n_file_checks (), >, checks + 1);

  /* This process has met damage: a good file closed now is checked at
   * every open. */
  g_free (path);
  path = g_build_filename (dir, "after.db", NULL);
  for (guint i = 0; i < 3; i++)
    {
      checks = tkt_store_get_n_file_checks ();
      store = tkt_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (tkt_store_get_n_file_checks (), ==, checks + (i > 0));
      g_clear_object (&store);
    }
  remove_tree (dir);
}

static void
test_open_newer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "newer.db", NULL);
  g_autoptr(TktStore) store = tkt_store_open (path, &error);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_free (put_json (store, "{\"_id\": \"task:n\", \"type\": \"task\", \"title\": \"n\"}"));
  g_clear_object (&store);

  /* A future Tongket wrote version 99. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_plain (db, "UPDATE meta SET value = 99 WHERE key = 'schema_version'; PRAGMA user_version = 99;");
  sqlite3_close (db);
  assert_no_side_files (path);

  assert_refused_untouched (path, TKT_STORE_ERROR_NEWER_VERSION);
  remove_tree (dir);
}

/* A writer killed before its creation transaction committed leaves an
 * SQLite file without a single table: it is created again, not refused. */
static void
test_open_interrupted_creation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "half.db", NULL);
  g_autoptr(TktStore) store = NULL;
  g_auto(GStrv) sectors = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_plain (db, "PRAGMA journal_mode = WAL; PRAGMA page_size = 4096; VACUUM;");
  sqlite3_close (db);

  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  sectors = tkt_store_list_ids (store, "sector");
  g_assert_cmpuint (g_strv_length (sectors), >, 0);
  g_clear_object (&store);
  remove_tree (dir);
}

/* Version 0, as an earlier Tongket wrote it: meta (schema_version 0) and
 * docs (id, type, rev, body), nothing else. */
static void
test_migrate_v0 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak-v0", NULL);
  g_autofree char *before = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autofree char *rev = NULL;
  g_auto(GStrv) leaves = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_plain (db,
              "CREATE TABLE meta (key TEXT PRIMARY KEY, value);"
              "INSERT INTO meta VALUES ('schema_version', 0);"
              "CREATE TABLE docs (id TEXT PRIMARY KEY, type TEXT NOT NULL, rev TEXT NOT NULL, body TEXT NOT NULL);"
              "INSERT INTO docs VALUES ('task:old', 'task', '3-0123456789abcdef0123456789abcdef',"
              " '{\"type\":\"task\",\"title\":\"Đề tài cũ ở Điện Biên\",\"programme\":\"programme:old\",\"x_v0\":[1,2]}');"
              "INSERT INTO docs VALUES ('programme:old', 'programme', '1-fedcba9876543210fedcba9876543210',"
              " '{\"type\":\"programme\",\"name\":\"Chương trình cũ\"}');");
  sqlite3_close (db);
  before = file_checksum (path);

  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* The backup is the file as it was. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM docs WHERE rev LIKE '3-%'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* The data is there, with its revisions, and indexed. */
  task = tkt_store_get (store, "task:old", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (task, "_rev"), ==, "3-0123456789abcdef0123456789abcdef");
  g_assert_cmpstr (json_object_get_string_member (task, "title"), ==, "Đề tài cũ ở Điện Biên");
  g_assert_true (json_object_has_member (task, "x_v0"));
  name = sql_text (store, "SELECT programme_name FROM task_index WHERE id = 'task:old'");
  g_assert_cmpstr (name, ==, "Chương trình cũ");
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH 'dien AND bien'"), ==, 1);
  version = sql_text (store, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "3");
  g_assert_cmpint (sql_int (store, "PRAGMA application_id"), ==, 0x546B7431);
  leaves = tkt_store_get_leaves (store, "task:old");
  g_assert_cmpuint (g_strv_length (leaves), ==, 1);

  /* And it can be edited as usual. */
  json_object_set_string_member (task, "title", "Đề tài mới");
  rev = tkt_store_put (store, task, &error);
  g_assert_no_error (error);
  g_assert_true (rev_is_well_formed (rev, 4));

  /* Opened again: no second migration, no second backup. */
  g_clear_object (&store);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *second = g_strconcat (path, ".bak-v0.2", NULL);

    g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  }
  g_clear_object (&store);
  remove_tree (dir);
}

/* A read-only file, a read-only folder, both.  Root ignores permission
 * bits, so as root the checks run in a child process that drops to the
 * "nobody" user first: the file belongs to root with mode 0444 (or the
 * folder to root with mode 0555), exactly what a user who may not write
 * meets.  (A "?mode=ro" URI is not what users get: that would only test
 * our own flag.)  The child reads, fails to write with READ_ONLY and a
 * message that says what to do, and runs tongket-cli the same way; the
 * parent then checks the file lost nothing. */
static void
read_only_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) edit = json_object ("{\"_id\": \"task:ro2\", \"type\": \"task\", \"title\": \"no\"}");
  g_autofree char *rev = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *fresh = NULL;
  const char *target = g_getenv ("TKT_TEST_RO_PATH");
  const char *what = g_getenv ("TKT_TEST_RO_WHAT");
  const char *cli = g_getenv ("TKT_CLI");

  if (getuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      g_assert_nonnull (nobody);
      g_assert_cmpint (setgid (nobody->pw_gid), ==, 0);
      g_assert_cmpint (setuid (nobody->pw_uid), ==, 0);
    }
  folder = g_path_get_dirname (target);
  if (g_str_equal (what, "folder"))
    {
      g_assert_cmpint (access (target, W_OK), ==, 0);
      g_assert_cmpint (access (folder, W_OK), !=, 0);
    }
  else
    g_assert_cmpint (access (target, W_OK), !=, 0);

  store = tkt_store_open (target, &error);
  g_assert_no_error (error);
  /* Reading works … */
  doc = tkt_store_get (store, "task:ro", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "chỉ đọc");
  /* … writing says why it cannot, and what to do. */
  rev = tkt_store_put (store, edit, &error);
  g_assert_null (rev);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_READ_ONLY);
  g_test_message ("%s: %s", what, error->message);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_nonnull (strstr (error->message, "ask for permission"));
  g_clear_error (&error);
  g_clear_object (&store);

  /* A new database in a read-only folder. */
  if (!g_str_equal (what, "file"))
    {
      fresh = g_build_filename (folder, "new.db", NULL);
      store = tkt_store_open (fresh, &error);
      g_assert_null (store);
      g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_READ_ONLY);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "Choose a folder you can write to"));
      g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }

  /* The same through tongket-cli: it lists, and an import fails with
   * exit status 1 and the message. */
  if (cli != NULL && g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autofree char *file = g_build_filename (g_get_tmp_dir (), "tkt-ro-import-XXXXXX.json", NULL);
      const char *import_argv[] = { cli, "--db", target, "import", NULL, NULL };
      const char *list_argv[] = { cli, "--db", target, "list", "tasks", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0, fd;

      fd = g_mkstemp (file);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
      g_file_set_contents (file, "[{\"_id\": \"task:ro3\", \"type\": \"task\", \"title\": \"không\"}]", -1, &error);
      g_assert_no_error (error);
      import_argv[4] = file;

      g_spawn_sync (NULL, (char **) list_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_assert_nonnull (strstr (out, "chỉ đọc"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);

      g_spawn_sync (NULL, (char **) import_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_unlink (file);
      g_test_message ("tongket-cli: %s", err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 1);
      g_assert_nonnull (strstr (err, "is read-only: changes cannot be saved"));
      g_assert_cmpstr (out, ==, "");
    }
}

static void
check_read_only (const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(JsonObject) doc = NULL;
  struct passwd *nobody = getpwnam ("nobody");

  g_assert_no_error (error);
  path = g_build_filename (dir, "ro.db", NULL);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_free (put_json (store, "{\"_id\": \"task:ro\", \"type\": \"task\", \"title\": \"chỉ đọc\"}"));
  g_clear_object (&store);
  assert_no_side_files (path);
  before = file_checksum (path);

  if (g_str_equal (what, "file"))
    {
      g_assert_cmpint (g_chmod (path, 0444), ==, 0);
      /* The folder stays writable for everyone, as a shared folder may
       * be: only the file is protected. */
      g_assert_cmpint (g_chmod (dir, 01777), ==, 0);
    }
  else
    {
      if (g_str_equal (what, "folder"))
        {
          /* The file is the user's own and writable; its folder is not. */
          if (getuid () == 0)
            g_assert_cmpint (chown (path, nobody->pw_uid, nobody->pw_gid), ==, 0);
        }
      else
        g_assert_cmpint (g_chmod (path, 0444), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
    }

  g_setenv ("TKT_TEST_RO_PATH", path, TRUE);
  g_setenv ("TKT_TEST_RO_WHAT", what, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* Nothing was lost or changed.  (In a writable folder SQLite may leave
   * an empty log beside a file it could only read: harmless.) */
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  if (!g_str_equal (what, "file"))
    assert_no_side_files (path);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  doc = tkt_store_get (store, "task:ro", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "chỉ đọc");
  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_read_only (void)
{
  if (g_test_subprocess ())
    {
      read_only_child ();
      return;
    }
  check_read_only ("file");
}

static void
test_read_only_folder (void)
{
  if (g_test_subprocess ())
    {
      read_only_child ();
      return;
    }
  check_read_only ("folder");
}

static void
test_read_only_both (void)
{
  if (g_test_subprocess ())
    {
      read_only_child ();
      return;
    }
  check_read_only ("both");
}

/* A writer killed mid-transaction
 *
 * 200 kills in all (TKT_CRASH_ROUNDS sets the number of each kind): half
 * of a writer through the store API (crash-writer.c), half of
 * "tongket-cli import" as a user runs it.  The kill times come from
 * GTest's random seed, printed at the top of the TAP output ("# random
 * seed: R02S…"): run again with --seed R02S… to replay a failure. */

static guint
crash_rounds (guint fallback)
{
  const char *env = g_getenv ("TKT_CRASH_ROUNDS");

  return env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : fallback;
}

/* Runs argv, reading its standard output into output, and kills it with
 * SIGKILL after max_ms milliseconds unless it has exited by then.  Returns
 * the wait status. */
static int
run_until_killed (const char * const *argv,
                  gint64              max_ms,
                  GString            *output)
{
  g_autoptr(GError) error = NULL;
  GPid pid = 0;
  int out_fd = -1;
  int status = 0;
  gint64 deadline = g_get_monotonic_time () + max_ms * 1000;
  gboolean eof = FALSE;
  char buf[4096];
  gssize n;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  while (!eof)
    {
      struct pollfd pfd = { out_fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;

      if (left <= 0)
        break;
      if (poll (&pfd, 1, (int) left) > 0)
        {
          n = read (out_fd, buf, sizeof buf);
          if (n <= 0)
            eof = TRUE;
          else
            g_string_append_len (output, buf, n);
        }
    }
  /* Wherever it is: in a transaction, committing, printing, or gone. */
  kill (pid, SIGKILL);
  /* What it printed before it died is still in the pipe. */
  while ((n = read (out_fd, buf, sizeof buf)) > 0)
    g_string_append_len (output, buf, n);
  close (out_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

/* What every reopening after a kill must find: the file opens, it is
 * whole, and the task index agrees with the documents. */
static TktStore *
reopen_after_kill (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktStore) store = tkt_store_open (path, &error);
  g_autofree char *check = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  check = sql_text (store, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM task_index"), ==,
                   sql_int (store, "SELECT count(*) FROM docs WHERE type = 'task' AND deleted = 0"));
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM task_fts"), ==,
                   sql_int (store, "SELECT count(*) FROM task_index"));
  return g_steal_pointer (&store);
}

static void
test_crash_kill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  guint rounds = crash_rounds (100);
  guint total = 0, edits = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_test (TKT_TEST_CRASH_WRITER, G_FILE_TEST_IS_EXECUTABLE));

  for (guint round = 0; round < rounds; round++)
    {
      /* A new file every ten kills keeps each integrity check short. */
      g_autofree char *name = g_strdup_printf ("crash-%u.db", round / 10);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *tag = g_strdup_printf ("%u", round);
      g_autofree char *seed = g_strdup_printf ("%u", (guint) g_test_rand_int ());
      const char *argv[] = { TKT_TEST_CRASH_WRITER, path, tag, seed, NULL };
      g_autoptr(GString) output = g_string_new (NULL);
      g_autoptr(TktStore) store = NULL;
      g_auto(GStrv) lines = NULL;
      int status;

      /* From before its first commit to a good many commits. */
      status = run_until_killed (argv, g_test_rand_int_range (2, 150), output);
      /* It died by the kill, not by an error of its own. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      store = reopen_after_kill (path);

      /* Only whole lines count: a line cut by the kill was not flushed
       * whole.  "ID": a task written; "ID REV": that edit committed (a
       * later one may have committed too, unprinted). */
      lines = g_strsplit (output->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        {
          g_auto(GStrv) parts = g_strsplit (lines[i], " ", 2);
          g_autoptr(JsonObject) doc = tkt_store_get (store, parts[0], &error);

          g_assert_no_error (error);
          g_assert_nonnull (doc);
          if (parts[1] != NULL)
            {
              g_autofree char *in_tree = g_strdup_printf ("SELECT count(*) FROM revs r JOIN docs d ON r.doc = d.rowid"
                                                          " WHERE d.id = '%s' AND r.rev = '%s'", parts[0], parts[1]);

              /* That revision is in the tree, and it or a later edit wins. */
              g_assert_cmpint (sql_int (store, in_tree), ==, 1);
              g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (doc, "_rev"), NULL, 10), >=,
                               g_ascii_strtoll (parts[1], NULL, 10));
              g_assert_cmpstr (json_object_get_string_member (doc, "pi"), ==, "Nguyễn Văn Đường");
              edits++;
            }
          else
            total++;
        }
    }

  g_test_message ("store API: %u kills, %u committed tasks and %u committed edits checked",
                  rounds, total, edits);
  g_assert_cmpuint (total, >, 0);
  remove_tree (dir);
}

/* tongket-cli import, killed.  Each round imports a file of new tasks
 * (their number varies, so the import takes from a few to a few hundred
 * milliseconds) and an edit of one task, task:cli-counter, whose title is
 * the round.  An import is one transaction: after the kill, either all of
 * the round's tasks are there and the counter says this round, or none is
 * and the counter says the last round that committed. */
static void
test_crash_kill_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  const char *cli = g_getenv ("TKT_CLI");
  guint rounds = crash_rounds (100);
  guint committed_tasks = 0, total_tasks = 0, n_killed = 0, n_finished = 0;
  int last_committed = -1;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("TKT_CLI is not set to tongket-cli (meson test sets it)");
      return;
    }
  dir = g_dir_make_tmp ("tkt-store-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "import.json", NULL);

  for (guint round = 0; round < rounds; round++)
    {
      /* A new file every ten kills keeps each integrity check short. */
      g_autofree char *name = g_strdup_printf ("crash-cli-%u.db", round / 10);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GString) json = g_string_new ("{\"docs\": [\n");
      g_autoptr(GString) output = g_string_new (NULL);
      g_autoptr(TktStore) store = NULL;
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM docs WHERE id LIKE 'task:cli-%u-%%'"
                                                    " AND deleted = 0", round);
      g_autofree char *counter = NULL;
      const char *argv[] = { cli, "--db", path, "import", file, NULL };
      guint n = (guint) g_test_rand_int_range (1, 2000);
      gint64 present;
      int status;

      if (round % 10 == 0)
        {
          total_tasks += committed_tasks;
          committed_tasks = 0;
          last_committed = -1;
        }

      for (guint i = 0; i < n; i++)
        g_string_append_printf (json,
                                "{\"_id\": \"task:cli-%u-%u\", \"type\": \"task\", \"code\": \"CLI-%u-%u\","
                                " \"title\": \"Ứng dụng công nghệ sinh học tại Mường Lay, đợt %u số %u\","
                                " \"level\": \"grassroots\", \"budget\": {\"other\": %u000}},\n",
                                round, i, round, i, round, i, i + 1);
      g_string_append_printf (json,
                              "{\"_id\": \"task:cli-counter\", \"type\": \"task\", \"title\": \"%u\"}\n]}\n",
                              round);
      g_file_set_contents (file, json->str, (gssize) json->len, &error);
      g_assert_no_error (error);

      status = run_until_killed (argv, g_test_rand_int_range (0, 150), output);
      if (WIFEXITED (status))
        {
          /* It finished first: then it said so, and it is all there. */
          g_autofree char *said = g_strdup_printf ("Imported %u documents\n", n + 1);

          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          g_assert_cmpstr (output->str, ==, said);
          n_finished++;
        }
      else
        {
          g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
          n_killed++;
        }

      /* Killed before it created the file: nothing to check yet. */
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_assert_cmpint (last_committed, ==, -1);
          continue;
        }
      store = reopen_after_kill (path);
      present = sql_int (store, count_sql);
      {
        g_autoptr(JsonObject) doc = tkt_store_get (store, "task:cli-counter", NULL);

        counter = doc != NULL ? g_strdup (json_object_get_string_member (doc, "title")) : NULL;
      }
      if (WIFEXITED (status) || present > 0)
        {
          /* All of it, with the counter. */
          g_assert_cmpint (present, ==, n);
          g_assert_cmpint (g_ascii_strtoll (counter, NULL, 10), ==, round);
          committed_tasks += n;
          last_committed = (int) round;
        }
      else if (last_committed < 0)
        g_assert_null (counter);
      else
        g_assert_cmpint (g_ascii_strtoll (counter, NULL, 10), ==, last_committed);
      /* Nothing committed before was lost. */
      g_assert_cmpint (sql_int (store, "SELECT count(*) FROM docs WHERE type = 'task' AND deleted = 0"
                                       " AND id LIKE 'task:cli-%' AND id <> 'task:cli-counter'"), ==,
                       committed_tasks);
    }

  total_tasks += committed_tasks;
  g_test_message ("tongket-cli import: %u rounds, %u killed, %u finished first, %u tasks committed",
                  rounds, n_killed, n_finished, total_tasks);
  /* The kill times span the imports' length: some of each. */
  if (rounds >= 20)
    {
      g_assert_cmpuint (n_killed, >, 0);
      g_assert_cmpuint (total_tasks, >, 0);
    }
  remove_tree (dir);
}

/* A full disk: a small tmpfs mounted for the test (as root, which CI
 * is; skipped otherwise).  Writing until it is full gives FULL with a
 * message that says what to do; every change committed before is still
 * there, in the same connection and after reopening, and the file is
 * whole.  tongket-cli then fails the same way, exit status 1. */
static char *
mount_small_tmpfs (const char *size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

  if (getuid () != 0)
    return NULL;
  dir = g_dir_make_tmp ("tkt-full-XXXXXX", &error);
  g_assert_no_error (error);
  if (mount ("tkt-test-full", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    {
      g_test_message ("mount tmpfs: %s", g_strerror (errno));
      g_rmdir (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
unmount_tmpfs (char *dir)
{
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
  g_rmdir (dir);
  g_free (dir);
}

/* In a child process, so that the parent unmounts the tmpfs whatever
 * happens to the child. */
static void
disk_full_child (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(GPtrArray) committed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  const char *cli = g_getenv ("TKT_CLI");
  guint batch = 0;

  path = g_build_filename (dir, "full.db", NULL);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);

  /* Batches of 50 tasks until the disk is full. */
  for (;; batch++)
    {
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      g_assert_cmpuint (batch, <, 1000);
      for (guint i = 0; i < 50; i++)
        {
          g_autofree char *text = g_strdup_printf ("{\"_id\": \"task:full-%u-%u\", \"type\": \"task\","
                                                   " \"title\": \"Nhiệm vụ %u/%u: bảo tồn nguồn gen cây dược liệu"
                                                   " quý hiếm trên địa bàn tỉnh Điện Biên\"}", batch, i, batch, i);

          g_ptr_array_add (docs, json_object (text));
        }
      if (!tkt_store_put_all (store, docs, NULL, &error))
        break;
      for (guint i = 0; i < docs->len; i++)
        g_ptr_array_add (committed, g_strdup (json_object_get_string_member (g_ptr_array_index (docs, i), "_id")));
    }
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FULL);
  g_test_message ("after %u tasks: %s", committed->len, error->message);
  g_assert_nonnull (strstr (error->message, "The disk is full"));
  g_assert_nonnull (strstr (error->message, "Free some space and try again"));
  g_assert_cmpuint (committed->len, >, 0);
  g_clear_error (&error);

  /* Nothing committed was lost, in this connection … */
  for (guint i = 0; i < committed->len; i++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (store, g_ptr_array_index (committed, i), &error);

      g_assert_no_error (error);
    }
  /* … a small edit may fail the same way, but never half-way … */
  {
    g_autoptr(JsonObject) doc = tkt_store_get (store, g_ptr_array_index (committed, 0), &error);
    g_autofree char *rev = NULL;

    g_assert_no_error (error);
    json_object_set_string_member (doc, "pi", "Lò Văn Đường");
    rev = tkt_store_put (store, doc, &error);
    if (rev == NULL)
      g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FULL);
    g_clear_error (&error);
  }
  g_clear_object (&store);

  /* … nor after reopening, still full. */
  store = reopen_after_kill (path);
  for (guint i = 0; i < committed->len; i++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (store, g_ptr_array_index (committed, i), &error);

      g_assert_no_error (error);
    }
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM docs WHERE type = 'task' AND deleted = 0"), >=,
                   committed->len);
  g_clear_object (&store);

  /* tongket-cli: an import that does not fit fails with the message and
   * exit status 1; what was there is still there. */
  if (cli != NULL && g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autoptr(GString) json = g_string_new ("[");
      g_autofree char *file = g_build_filename (g_get_tmp_dir (), "tkt-full-import-XXXXXX.json", NULL);
      const char *argv[] = { cli, "--db", path, "import", file, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0, fd;

      for (guint i = 0; i < 3000; i++)
        g_string_append_printf (json, "%s{\"_id\": \"task:cli-full-%u\", \"type\": \"task\", \"title\": \"Đề tài %u"
                                " về giống lúa nếp Tan ở Mường Ảng\"}", i ? "," : "", i, i);
      g_string_append (json, "]");
      fd = g_mkstemp (file);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
      g_file_set_contents (file, json->str, (gssize) json->len, &error);
      g_assert_no_error (error);

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_unlink (file);
      g_test_message ("tongket-cli: %s", err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 1);
      g_assert_nonnull (strstr (err, "The disk is full"));
      g_assert_cmpstr (out, ==, "");

      store = reopen_after_kill (path);
      g_assert_cmpint (sql_int (store, "SELECT count(*) FROM docs WHERE id LIKE 'task:cli-full-%'"), ==, 0);
      for (guint i = 0; i < committed->len; i++)
        {
          g_autoptr(JsonObject) doc = tkt_store_get (store, g_ptr_array_index (committed, i), &error);

          g_assert_no_error (error);
        }
      g_clear_object (&store);
    }
}

static void
test_disk_full (void)
{
  char *dir;

  if (g_test_subprocess ())
    {
      disk_full_child (g_getenv ("TKT_TEST_FULL_DIR"));
      return;
    }
  dir = mount_small_tmpfs ("1m");
  if (dir == NULL)
    {
      g_test_skip ("A full disk needs a small tmpfs, and mounting one needs root "
                   "(CI runs as root): skipped");
      return;
    }
  g_setenv ("TKT_TEST_FULL_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  unmount_tmpfs (dir);
  g_test_trap_assert_passed ();
}

/* A version 1 file from before task_fts became detail=none with prefix
 * indexes: the migration to version 2 writes the table again with the
 * current definition, keeping its rows. */
static void
test_migrate_v1_fts (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = put_json (fixture->store,
                                   "{\"_id\": \"task:fts\", \"type\": \"task\", \"title\": \"Bảo tồn dân ca Thái ở Điện Biên\","
                                   " \"pi\": \"Lò Văn Đường\"}");
  g_autofree char *definition = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db = NULL;

  g_assert_nonnull (rev);
  g_free (put_json (fixture->store, "{\"_id\": \"task:other\", \"type\": \"task\", \"title\": \"Nước sạch\"}"));
  g_clear_object (&fixture->store);

  /* Make it a version 1 file with the old full-detail table. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  exec_plain (db,
              "DROP TABLE task_stage; DROP TABLE task_transfer; DROP TABLE task_span;"
              "CREATE TEMP TABLE c AS SELECT rowid AS r, folded FROM task_fts;"
              "DROP TABLE task_fts;"
              "CREATE VIRTUAL TABLE task_fts USING fts5 (folded, tokenize = 'unicode61 remove_diacritics 0');"
              "INSERT INTO task_fts (rowid, folded) SELECT r, folded FROM temp.c;"
              "UPDATE meta SET value = 1 WHERE key = 'schema_version'; PRAGMA user_version = 1;");
  sqlite3_close (db);

  fixture->store = tkt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  version = sql_text (fixture->store, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "3");
  definition = sql_text (fixture->store, "SELECT sql FROM sqlite_schema WHERE name = 'task_fts'");
  g_assert_nonnull (strstr (definition, "detail = none"));
  g_assert_nonnull (strstr (definition, "prefix = '1 2 3 4 5'"));
  /* The rows came along: a search as you type still finds the task. */
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts"), ==, 2);
  g_assert_cmpint (sql_int (fixture->store, "SELECT rowid FROM task_fts WHERE task_fts MATCH '\"duo\"*'"), ==,
                   sql_int (fixture->store, "SELECT rowid FROM task_index WHERE id = 'task:fts'"));
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH '\"dien\" AND \"bien\"'"), ==, 1);
}

/* A version 2 file (before sync): the migration to version 3 copies it to
 * PATH.bak-v2 first, adds the local documents' table and gives the database
 * its uuid; documents, revisions and the task index are untouched. */
static void
test_migrate_v2 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_strconcat (fixture->path, ".bak-v2", NULL);
  g_autofree char *second = g_strconcat (fixture->path, ".bak-v2.2", NULL);
  g_autofree char *rev = put_json (fixture->store,
                                   "{\"_id\": \"task:v2\", \"type\": \"task\", \"title\": \"Giống lúa nếp Tan\"}");
  g_autofree char *version = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) checkpoint = json_object ("{\"session_id\": \"s1\", \"seq\": \"12-abc\"}");
  g_autoptr(JsonObject) got = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_clear_object (&fixture->store);

  /* Make it the version 2 layout. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  exec_plain (db,
              "DROP TABLE local_docs; DELETE FROM meta WHERE key = 'uuid';"
              "UPDATE meta SET value = 2 WHERE key = 'schema_version'; PRAGMA user_version = 2;");
  sqlite3_close (db);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  fixture->store = tkt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  /* The backup is the version 2 file. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT value FROM meta WHERE key = 'schema_version'),"
                                           " (SELECT count (*) FROM sqlite_master WHERE name = 'local_docs'),"
                                           " (SELECT count (*) FROM docs WHERE id = 'task:v2')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  version = sql_text (fixture->store, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "3");
  g_assert_cmpint (sql_int (fixture->store, "PRAGMA user_version"), ==, 3);
  uuid = sql_text (fixture->store, "SELECT value FROM meta WHERE key = 'uuid'");
  g_assert_nonnull (uuid);
  g_assert_cmpuint (strlen (uuid), ==, 32);
  g_assert_cmpstr (tkt_store_get_uuid (fixture->store), ==, uuid);

  /* The document is there with its revision, and still found by search. */
  task = tkt_store_get (fixture->store, "task:v2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (task, "_rev"), ==, rev);
  g_assert_cmpint (sql_int (fixture->store, "SELECT count(*) FROM task_fts WHERE task_fts MATCH '\"nep\" AND \"tan\"'"), ==, 1);

  /* Local documents work, and are kept. */
  g_assert_true (tkt_store_put_local (fixture->store, "_local/abc", checkpoint, &error));
  g_assert_no_error (error);

  /* Opened again: no second migration or backup, the same uuid. */
  g_clear_object (&fixture->store);
  fixture->store = tkt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (tkt_store_get_uuid (fixture->store), ==, uuid);
  got = tkt_store_get_local (fixture->store, "_local/abc");
  g_assert_nonnull (got);
  g_assert_cmpstr (json_object_get_string_member (got, "seq"), ==, "12-abc");
}

/* The store writes the canonical body (the text its revision ids are hashed
 * over) by hand: it must be byte for byte what json-glib's generator writes,
 * or every revision id changes.  Each document's rev is checked against the
 * md5 of json-glib's output of the same body: escapes, control bytes (0x1f
 * is not escaped by json-glib, 0x7f is), non-ASCII and surrogate pairs,
 * integers at the int64 limits, doubles, nested arrays and objects. */
static void
test_canonical_bodies (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const bodies[] = {
    "\"title\":\"Điện Biên – Mường Ảng “ngoặc” ƯỚC\"",
    "\"s\":\"\\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0001\\u001e\\u001f\\u007f\\u0080 é\\u00e9 \\ud83d\\ude00 😀\"",
    "\"\\u0041\\n key\":\"v\",\"k\\\"\":1",
    "\"n\":[0,-0,1,-1,42,9223372036854775807,-9223372036854775808,1234567890123]",
    "\"d\":[1.0,1.5,-0.5,-0.0,0.1,0.30000000000000004,1e5,1E-3,2.5e+10,3.0e0,1e300,5e-324,"
    "1.7976931348623157e308,123456789.125,1e21,1e-7]",
    "\"nested\":[[],[[]],[[1,[2,[3,{\"a\":[{}]}]]]],{\"x\":{\"y\":{\"z\":null}}}],\"t\":true,\"f\":false,\"z\":null",
    "\"budget\":{\"central\":1384000000,\"local\":0},\"empty\":\"\",\"obj\":{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"_id\":\"note:canon-%u\",\"type\":\"note\",%s,"
                                               "\"_private\":1}", i, bodies[i]);
      g_autoptr(JsonObject) doc = json_object (text);
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *expected_text = NULL;
      g_autofree char *expected_rev = NULL;
      g_autofree char *rev = NULL;
      GList *names = json_object_get_members (doc);

      /* json-glib's generator over the document without its "_" members */
      for (GList *l = names; l != NULL; l = l->next)
        if (((const char *) l->data)[0] != '_')
          json_object_set_member (body, l->data, json_node_copy (json_object_get_member (doc, l->data)));
      g_list_free (names);
      /* tkt_store_put (a local edit) adds "modified" last. */
      json_object_set_object_member (body, "modified", test_modified ());
      expected_text = object_to_string (body);
      {
        g_autofree char *hashed = g_strconcat ("\n", expected_text, NULL);
        g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, hashed, -1);

        expected_rev = g_strconcat ("1-", md5, NULL);
      }

      rev = tkt_store_put (fixture->store, doc, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rev, ==, expected_rev);
      {
        g_autofree char *sql = g_strdup_printf ("SELECT body FROM docs WHERE id = 'note:canon-%u'", i);
        g_autofree char *stored = sql_text (fixture->store, sql);

        g_assert_cmpstr (stored, ==, expected_text);
      }
    }
}

/* A second connection to the same file, written from another thread:
 * no second file check, each sees the other's commits, and ::changed is
 * passed on to the first store by tkt_store_notify_changed. */
typedef struct {
  TktStore *writer;
  GStrv     seen;       /* the writer's ::changed, in its thread */
  GThread  *thread;     /* the thread ::changed ran in */
  char     *rev;
  GError   *error;
} AnotherWrite;

static void
another_changed_cb (TktStore     *store,
                    GStrv         ids,
                    AnotherWrite *w)
{
  g_strfreev (w->seen);
  w->seen = g_strdupv (ids);
  w->thread = g_thread_self ();
}

static gpointer
another_write_thread (gpointer data)
{
  AnotherWrite *w = data;
  g_autoptr(JsonObject) doc = json_object ("{\"_id\": \"task:another\", \"type\": \"task\","
                                           " \"title\": \"Ghi từ kết nối thứ hai\"}");

  g_signal_connect (w->writer, "changed", G_CALLBACK (another_changed_cb), w);
  w->rev = tkt_store_put (w->writer, doc, &w->error);
  return NULL;
}

static void
main_changed_cb (TktStore *store,
                 GStrv     ids,
                 GStrv    *seen)
{
  g_strfreev (*seen);
  *seen = g_strdupv (ids);
}

static void
test_open_another (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) first = json_object ("{\"_id\": \"task:first\", \"type\": \"task\","
                                             " \"title\": \"Ghi từ kết nối đầu\"}");
  g_autofree char *first_rev = NULL;
  AnotherWrite w = { 0 };
  g_auto(GStrv) main_seen = NULL;
  GThread *thread;
  guint checks = tkt_store_get_n_file_checks ();
  gint64 seq = tkt_store_get_update_seq (fixture->store);

  w.writer = tkt_store_open_another (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tkt_store_get_n_file_checks (), ==, checks);
  g_assert_cmpstr (tkt_store_get_path (w.writer), ==, fixture->path);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (main_changed_cb), &main_seen);
  thread = g_thread_new ("writer", another_write_thread, &w);
  g_thread_join (thread);
  g_assert_no_error (w.error);
  g_assert_nonnull (w.rev);
  g_assert_true (w.thread == thread);
  g_assert_cmpstrv (w.seen, ((const char * const []) { "task:another", NULL }));

  /* The first connection reads it, but has not said so yet. */
  g_assert_null (main_seen);
  got = tkt_store_get (fixture->store, "task:another", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "_rev"), ==, w.rev);
  tkt_store_notify_changed (fixture->store, (const char * const *) w.seen);
  g_assert_cmpstrv (main_seen, ((const char * const []) { "task:another", NULL }));

  /* The other way round, and the change sequence is one for both. */
  first_rev = tkt_store_put (fixture->store, first, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, json_object_unref);
  got = tkt_store_get (w.writer, "task:first", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "_rev"), ==, first_rev);
  g_assert_cmpint (tkt_store_get_update_seq (w.writer), ==, tkt_store_get_update_seq (fixture->store));
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq + 2);

  g_signal_handlers_disconnect_by_data (fixture->store, &main_seen);
  g_clear_object (&w.writer);
  g_strfreev (w.seen);
  g_free (w.rev);
}

int
main (int   argc,
      char *argv[])
{
  /* Every body the store writes in these tests is also generated by
   * json-glib and compared (see body_to_string in tkt-store.c). */
  g_setenv ("TKT_CHECK_CANONICAL", "1", TRUE);
  g_setenv ("TKT_FIXED_NOW", TEST_NOW, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tkt/store/open/new", test_open_new);
  ADD ("/tkt/store/open/another", test_open_another);
  ADD ("/tkt/store/documents/put-get", test_put_get);
  g_test_add_func ("/tkt/store/revisions/deterministic", test_rev_deterministic);
  ADD ("/tkt/store/revisions/stale-edit", test_update_conflict);
  ADD ("/tkt/store/documents/unknown-members", test_unknown_members);
  ADD ("/tkt/store/trash/delete-undelete", test_delete_undelete);
  ADD ("/tkt/store/revisions/conflict", test_conflict);
  ADD ("/tkt/store/revisions/put-revision-idempotent", test_put_revision_idempotent);
  ADD ("/tkt/store/changes/since", test_changes);
  ADD ("/tkt/store/import/all-or-nothing", test_put_all);
  ADD ("/tkt/store/import/bulk", test_put_all_bulk);
  ADD ("/tkt/store/changes/signal-after-commit", test_changed_signal);
  ADD ("/tkt/store/index/task", test_task_index);
  ADD ("/tkt/store/revisions/canonical-json", test_canonical_bodies);
  ADD ("/tkt/store/migrate/v1-fts", test_migrate_v1_fts);
  ADD ("/tkt/store/migrate/v2", test_migrate_v2);
  ADD ("/tkt/store/index/programme-rename", test_programme_rename);
  g_test_add_func ("/tkt/store/open/foreign", test_open_foreign);
  g_test_add_func ("/tkt/store/open/damaged", test_open_damaged);
  g_test_add_func ("/tkt/store/open/verified-file-not-read-again", test_open_verified);
  g_test_add_func ("/tkt/store/open/newer", test_open_newer);
  g_test_add_func ("/tkt/store/open/interrupted-creation", test_open_interrupted_creation);
  g_test_add_func ("/tkt/store/migrate/v0", test_migrate_v0);
  g_test_add_func ("/tkt/store/open/read-only", test_read_only);
  g_test_add_func ("/tkt/store/open/read-only/folder", test_read_only_folder);
  g_test_add_func ("/tkt/store/open/read-only/both", test_read_only_both);
  g_test_add_func ("/tkt/store/disk-full", test_disk_full);
  g_test_add_func ("/tkt/store/crash/kill", test_crash_kill);
  g_test_add_func ("/tkt/store/crash/kill-cli", test_crash_kill_cli);

  return g_test_run ();
}
