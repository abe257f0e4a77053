/* test-io.c — import and export: JSON and CSV, errors, round trips. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tkt-io.h"
#include "tkt-store.h"
#include "tkt-task-list.h"

typedef struct {
  char     *dir;
  TktStore *store;
} Fixture;

static TktStore *
open_store (Fixture    *fixture,
            const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  TktStore *store = tkt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-io-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = open_store (fixture, "a.db");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static guint
count_docs (TktStore   *store,
            const char *type)
{
  g_auto(GStrv) ids = tkt_store_list_ids (store, type);

  return ids ? g_strv_length (ids) : 0;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static void
put_json (TktStore   *store,
          const char *json)
{
  g_autoptr(JsonObject) doc = parse_object (json);
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = tkt_store_put (store, doc, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
}

static char *
get_string (TktStore   *store,
            const char *id,
            const char *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tkt_store_get (store, id, &error);

  g_assert_no_error (error);
  if (!json_object_has_member (doc, member))
    return NULL;
  return g_strdup (json_object_get_string_member (doc, member));
}

static gboolean
import_text (TktStore    *store,
             const char  *text,
             TktIoFormat  format,
             guint       *n,
             GError     **error)
{
  g_autoptr(GBytes) bytes = bytes_from_string (text);

  return tkt_io_import (store, bytes, format, n, NULL, NULL, error);
}

/* A register with history: a task edited twice, one with stages and
 * members, an unknown member, and an edited sector. */
static void
fill_register (TktStore *store)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;

  put_json (store,
            "{\"_id\": \"task:dien-bien-1\", \"type\": \"task\", \"code\": \"ĐT-01\","
            " \"title\": \"Nghiên cứu cây dược liệu ở Điện Biên\", \"level\": \"provincial\","
            " \"sector\": \"sector:health\", \"lead_org\": \"Trường Cao đẳng Y tế Điện Biên\","
            " \"pi\": \"Lò Văn Đường\", \"members\": [\"Quàng Thị Ánh\", \"Lù Văn Ổn\"],"
            " \"start\": \"2023-01-01\", \"end\": \"2024-12-31\","
            " \"budget\": {\"central\": 0, \"local\": 1234567000},"
            " \"stages\": [{\"stage\": \"contracted\", \"date\": \"2023-02-15\","
            "   \"document\": {\"number\": \"12/HĐ-KHCN\", \"date\": \"2023-02-15\", \"issuer\": \"Sở KH&CN\"}}],"
            " \"x_future_member\": {\"kept\": true}}");
  put_json (store,
            "{\"_id\": \"task:dien-bien-2\", \"type\": \"task\", \"title\": \"Ứng dụng công nghệ ươm giống lúa\"}");

  doc = tkt_store_get (store, "task:dien-bien-2", &error);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "title", "Ứng dụng công nghệ ươm giống lúa nếp Tan");
  rev = tkt_store_put (store, doc, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rev, "2-"));
}

static void
test_json_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  g_autoptr(TktStore) other = NULL;
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  guint n = 0;

  fill_register (fixture->store);
  first = tkt_io_export (fixture->store, TKT_IO_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  /* {"docs": [...]} with _rev, pretty printed */
  g_assert_true (g_str_has_prefix (g_bytes_get_data (first, NULL), "{\n  \"docs\" : ["));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (first, NULL), (gssize) g_bytes_get_size (first), "\"_rev\""));

  other = open_store (fixture, "b.db");
  g_assert_true (tkt_io_import (other, first, TKT_IO_FORMAT_JSON, &n, NULL, NULL, &error));
  g_assert_no_error (error);
  /* the two tasks are new; the default catalogue is already there */
  g_assert_cmpuint (n, >=, 2);

  second = tkt_io_export (other, TKT_IO_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (second, NULL), g_bytes_get_size (second));

  /* the same revision, the same body, unknown members kept */
  a = tkt_store_get (fixture->store, "task:dien-bien-2", &error);
  g_assert_no_error (error);
  b = tkt_store_get (other, "task:dien-bien-2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (a, "_rev"), ==,
                   json_object_get_string_member (b, "_rev"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (b, "_rev"), "2-"));
  g_clear_pointer (&b, json_object_unref);
  b = tkt_store_get (other, "task:dien-bien-1", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (b, "x_future_member"));

  /* importing the same file again changes nothing */
  g_assert_true (tkt_io_import (other, first, TKT_IO_FORMAT_JSON, &n, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  third = tkt_io_export (other, TKT_IO_FORMAT_JSON, &error);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (third, NULL), g_bytes_get_size (third));
}

static void
test_json_forms (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint n = 0;

  g_assert_true (import_text (fixture->store,
                              "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"Đề tài A\"},"
                              " {\"_id\": \"task:b\", \"type\": \"task\", \"title\": \"Đề tài B\"}]",
                              TKT_IO_FORMAT_JSON, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  g_assert_true (import_text (fixture->store,
                              "\xEF\xBB\xBF{\"docs\": [{\"_id\": \"task:c\", \"type\": \"task\", \"title\": \"Dự án C\"}]}",
                              TKT_IO_FORMAT_JSON, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 3);

  /* no _rev on an existing document: a new revision on top of it */
  g_assert_true (import_text (fixture->store,
                              "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"Đề tài A (sửa)\"}]",
                              TKT_IO_FORMAT_JSON, &n, &error));
  g_assert_no_error (error);
  title = get_string (fixture->store, "task:a", "title");
  g_assert_cmpstr (title, ==, "Đề tài A (sửa)");

  /* Members of the wrong type or with values this version does not know
   * are kept as they are (a newer Tongket may have written them); the
   * task is listed and found like any other (its editor: test-task.c,
   * /tkt/task/wrong-types). */
  g_assert_true (import_text (fixture->store,
                              "[{\"_id\": \"task:w\", \"type\": \"task\", \"title\": \"Đề tài lạ\","
                              " \"level\": \"imperial\", \"start\": 20240101, \"end\": \"2024-02-31\","
                              " \"budget\": {\"local\": \"nhiều\"}, \"stages\": \"đang làm\","
                              " \"members\": {\"a\": 1}}]",
                              TKT_IO_FORMAT_JSON, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_BUDGET, .search = (char *) "de tai la" };
    g_auto(GStrv) ids = tkt_task_query_ids (fixture->store, &filter, &error);
    g_autoptr(JsonObject) doc = tkt_store_get (fixture->store, "task:w", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (doc, "stages"), ==, "đang làm");
  }

  g_assert_cmpint (tkt_io_guess_format ("x.csv", NULL), ==, TKT_IO_FORMAT_CSV);
  g_assert_cmpint (tkt_io_guess_format ("x.JSON", NULL), ==, TKT_IO_FORMAT_JSON);
  {
    g_autoptr(GBytes) json = bytes_from_string ("\xEF\xBB\xBF  \n[ ]");
    g_autoptr(GBytes) csv = bytes_from_string ("code,title\r\n");

    g_assert_cmpint (tkt_io_guess_format ("file", json), ==, TKT_IO_FORMAT_JSON);
    g_assert_cmpint (tkt_io_guess_format (NULL, csv), ==, TKT_IO_FORMAT_CSV);
  }
}

static void
test_json_parse_error (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint before = count_docs (fixture->store, "task");

  g_assert_false (import_text (fixture->store,
                               "[\n"
                               "  {\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"},\n"
                               "  {\"_id\": \"task:b\", \"type\": \"task\", \"title\" \"B\"}\n"
                               "]\n",
                               TKT_IO_FORMAT_JSON, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "line 3, column "));
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, before);

  /* a comma missing between two documents */
  g_clear_error (&error);
  g_assert_false (import_text (fixture->store,
                               "{\"docs\": [\n"
                               "  {\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"},\n"
                               "  {\"_id\": \"task:b\", \"type\": \"task\", \"title\": \"B\"}\n"
                               "  {\"_id\": \"task:c\", \"type\": \"task\", \"title\": \"C\"}\n"
                               "]}\n",
                               TKT_IO_FORMAT_JSON, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "line 4, column 3"));
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, before);

  /* an error inside a later document: the file's line, not the document's */
  g_clear_error (&error);
  g_assert_false (import_text (fixture->store,
                               "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"},\n"
                               " {\"_id\": \"task:b\", \"type\": \"task\",\n"
                               "  \"title\": tru}]",
                               TKT_IO_FORMAT_JSON, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "line 3, column "));
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, before);

  g_clear_error (&error);
  g_assert_false (import_text (fixture->store, "  \n", TKT_IO_FORMAT_JSON, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);

  g_clear_error (&error);
  g_assert_false (import_text (fixture->store, "{\"rows\": []}", TKT_IO_FORMAT_JSON, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID);

  /* Nesting a hundred thousand levels deep, inside a document and after
   * the list: json-glib's parser recurses per level, so this overflowed
   * the stack (a crash) before the importer refused it. */
  {
    g_autoptr(GString) deep = g_string_new ("[{\"_id\": \"task:deep\", \"type\": \"task\", \"title\": \"D\", \"x\": ");
    g_autoptr(GString) tail = g_string_new ("{\"docs\": [], \"x\": ");

    for (guint i = 0; i < 100000; i++)
      {
        g_string_append_c (deep, '[');
        g_string_append_c (tail, '{');
        g_string_append (tail, "\"a\":");
      }
    g_string_append (tail, "1");
    for (guint i = 0; i < 100000; i++)
      {
        g_string_append_c (deep, ']');
        g_string_append_c (tail, '}');
      }
    g_string_append (deep, "}]");
    g_string_append (tail, "}");

    g_clear_error (&error);
    g_assert_false (import_text (fixture->store, deep->str, TKT_IO_FORMAT_JSON, NULL, &error));
    g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "nested too deeply"));
    g_clear_error (&error);
    g_assert_false (import_text (fixture->store, tail->str, TKT_IO_FORMAT_JSON, NULL, &error));
    g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "nested too deeply"));
    g_assert_cmpuint (count_docs (fixture->store, "task"), ==, before);
  }
  /* Not UTF-8: Latin-1 from an old editor, UTF-16 from Notepad. */
  {
    static const char latin1[] = "[{\"_id\": \"task:l\", \"type\": \"task\", \"title\": \"\xD0i\xEAn Bi\xEAn\"}]";
    static const char utf16[] = "\xFF\xFE[\0{\0}\0]\0";
    g_autoptr(GBytes) bytes = g_bytes_new_static (utf16, sizeof utf16 - 1);

    g_clear_error (&error);
    g_assert_false (import_text (fixture->store, latin1, TKT_IO_FORMAT_JSON, NULL, &error));
    g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "The file is not UTF-8 text");
    g_clear_error (&error);
    g_assert_false (tkt_io_import (fixture->store, bytes, TKT_IO_FORMAT_JSON, NULL, NULL, NULL, &error));
    g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "The file is not UTF-8 text");
    g_assert_cmpuint (count_docs (fixture->store, "task"), ==, before);
  }
  /* … while a deep but sane value (a few hundred levels) is kept. */
  {
    g_autoptr(GString) ok = g_string_new ("[{\"_id\": \"task:deep\", \"type\": \"task\", \"title\": \"D\", \"x\": ");
    guint n = 0;

    for (guint i = 0; i < 300; i++)
      g_string_append_c (ok, '[');
    for (guint i = 0; i < 300; i++)
      g_string_append_c (ok, ']');
    g_string_append (ok, "}]");
    g_clear_error (&error);
    g_assert_true (import_text (fixture->store, ok->str, TKT_IO_FORMAT_JSON, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 1);
  }
}

static void
test_json_invalid_document (Fixture       *fixture,
                            gconstpointer  data)
{
  static const struct {
    const char *json;
    const char *expect;
  } cases[] = {
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"}, 42]", "Document 2 " },
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"},"
      " {\"_id\": \"task:b\", \"type\": \"task\", \"title\": \"B\"},"
      " {\"_id\": \"programme:x\", \"type\": \"task\", \"title\": \"C\"}]", "Document 3 " },
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"}, {\"type\": \"task\", \"title\": \"B\"}]", "Document 2 " },
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"}, {\"_id\": \"task:b\", \"type\": \"task\"}]", "Document 2 " },
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"}, {\"_id\": \"task:b\", \"type\": \"task\", \"title\": \"  \"}]", "Document 2 " },
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"}, {\"_id\": \"task\", \"type\": \"task\", \"title\": \"B\"}]", "Document 2:" },
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"}, {\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"B\"}]", "Document 2:" },
    { "[{\"_id\": \"task:a\", \"type\": \"task\", \"title\": \"A\"}, {\"_id\": \"task:b\", \"type\": \"task\", \"title\": \"B\", \"_rev\": \"abc\"}]", "Document 2 " },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (import_text (fixture->store, cases[i].json, TKT_IO_FORMAT_JSON, NULL, &error));
      g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].expect));
      /* all or nothing: the valid first document was not written either */
      g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 0);
    }
}

static void
count_progress_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

static int
count_task_index_indexes (TktStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (store),
                                       "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                       " AND tbl_name = 'task_index'", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* More documents than one write batch: an error in the last one still
 * leaves nothing behind (the earlier batches are rolled back). */
static void
test_json_large_all_or_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  const guint n = 12000;
  g_autoptr(GString) json = g_string_new ("{\"docs\": [\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint n_imported = 0, n_progress = 0;
  gsize bad;
  int n_indexes = count_task_index_indexes (fixture->store);

  g_assert_cmpint (n_indexes, >=, 14);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "{\"_id\": \"task:big-%05u\", \"type\": \"task\", "
                            "\"title\": \"Nhiệm vụ số %u ở Điện Biên\", \"level\": \"provincial\"}%s\n",
                            i, i, i + 1 < n ? "," : "");
  g_string_append (json, "]}\n");

  /* the last document's type does not match its _id */
  bad = (gsize) (strstr (json->str, "task:big-11999") - json->str);
  bad = (gsize) (strstr (json->str + bad, "\"type\": \"task\"") - json->str);
  memcpy (json->str + bad, "\"type\": \"tusk\"", strlen ("\"type\": \"tusk\""));
  bytes = g_bytes_new (json->str, json->len);
  g_assert_false (tkt_io_import (fixture->store, bytes, TKT_IO_FORMAT_JSON, &n_imported, NULL, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Document 12000 "));
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 0);
  /* the store's bulk mode dropped the task index's indexes: the rollback
   * brought them back */
  g_assert_cmpint (count_task_index_indexes (fixture->store), ==, n_indexes);
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* fixed, it all goes in, with progress on the way */
  memcpy (json->str + bad, "\"type\": \"task\"", strlen ("\"type\": \"task\""));
  bytes = g_bytes_new (json->str, json->len);
  g_assert_true (tkt_io_import (fixture->store, bytes, TKT_IO_FORMAT_JSON, &n_imported,
                                count_progress_cb, &n_progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_imported, ==, n);
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, n);
  /* 0 of n, then after each batch */
  g_assert_cmpuint (n_progress, >=, 3);
  /* built again at the end of the bulk import, and used: a search by
   * title sort key walks its index */
  g_assert_cmpint (count_task_index_indexes (fixture->store), ==, n_indexes);
  {
    TktTaskFilter filter = { .sort = TKT_TASK_SORT_TITLE, .search = (char *) "so 1199" };
    g_auto(GStrv) ids = tkt_task_query_ids (fixture->store, &filter, &error);

    g_assert_no_error (error);
    /* 1199, 11990 … 11999 */
    g_assert_cmpuint (g_strv_length (ids), ==, 11);
  }
}

static void
check_csv_task (TktStore   *store,
                const char *code,
                const char *title,
                const char *level,
                const char *start,
                const char *end)
{
  g_auto(GStrv) ids = tkt_store_list_ids (store, "task");

  for (guint i = 0; ids && ids[i]; i++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (store, ids[i], NULL);

      if (g_strcmp0 (json_object_get_string_member_with_default (doc, "code", NULL), code) != 0)
        continue;
      g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, title);
      g_assert_cmpstr (json_object_get_string_member_with_default (doc, "level", NULL), ==, level);
      g_assert_cmpstr (json_object_get_string_member_with_default (doc, "start", NULL), ==, start);
      g_assert_cmpstr (json_object_get_string_member_with_default (doc, "end", NULL), ==, end);
      return;
    }
  g_error ("no task with code %s", code);
}

static JsonObject *
find_task_by_code (TktStore   *store,
                   const char *code)
{
  g_auto(GStrv) ids = tkt_store_list_ids (store, "task");

  for (guint i = 0; ids && ids[i]; i++)
    {
      JsonObject *doc = tkt_store_get (store, ids[i], NULL);

      if (g_strcmp0 (json_object_get_string_member_with_default (doc, "code", NULL), code) == 0)
        return doc;
      json_object_unref (doc);
    }
  return NULL;
}

static void
test_csv_excel (Fixture       *fixture,
                gconstpointer  data)
{
  /* What Excel writes with "CSV UTF-8": a BOM, CRLF, quotes where needed. */
  const char *csv =
    "\xEF\xBB\xBF" "code,title,level,lead_org,pi,members,start,end,budget_local,sector\r\n"
    "ĐT-01,\"Nghiên cứu, đánh giá \"\"đất\"\" Điện Biên\",provincial,\"Viện Thổ nhưỡng\",Lò Văn A,\"Quàng Thị B;\r\nLù Văn C\",01/03/2023,2024-12-31,\"1.234.567.000\",Y tế\r\n"
    "ĐT-02,\"Tiêu đề\r\nhai dòng\",national,,,,,,,\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonArray *members;
  guint n = 0;

  g_assert_true (import_text (fixture->store, csv, TKT_IO_FORMAT_CSV, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  check_csv_task (fixture->store, "ĐT-01", "Nghiên cứu, đánh giá \"đất\" Điện Biên", "provincial", "2023-03-01", "2024-12-31");
  check_csv_task (fixture->store, "ĐT-02", "Tiêu đề\nhai dòng", "national", NULL, NULL);

  doc = find_task_by_code (fixture->store, "ĐT-01");
  g_assert_cmpstr (json_object_get_string_member (doc, "lead_org"), ==, "Viện Thổ nhưỡng");
  g_assert_cmpstr (json_object_get_string_member (doc, "sector"), ==, "sector:health");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (doc, "budget"), "local"), ==, 1234567000);
  members = json_object_get_array_member (doc, "members");
  g_assert_cmpuint (json_array_get_length (members), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (members, 0), ==, "Quàng Thị B");
  g_assert_cmpstr (json_array_get_string_element (members, 1), ==, "Lù Văn C");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (doc, "_id"), "task:"));
}

static void
test_csv_vietnamese_semicolon (Fixture       *fixture,
                               gconstpointer  data)
{
  /* Excel in a locale whose list separator is ';', headers in Vietnamese
   * (with the usual row-number column "STT"), levels and kinds as labels,
   * no BOM, LF line ends. */
  const char *csv =
    "STT;Mã số;Tên nhiệm vụ;Cấp quản lý;Loại;Chủ nhiệm;Tổ chức chủ trì;Bắt đầu;Kết thúc;Kinh phí địa phương;Chương trình\n"
    "1;ĐB-2023-01;Xây dựng mô hình trồng mắc ca, Tuần Giáo;Cấp tỉnh;Dự án;Nguyễn Văn Dũng;Trung tâm Ứng dụng KH&CN;15/01/2023;31/12/2024;850.000.000;\n"
    "2;ĐB-2023-02;\"Bảo tồn; phát huy dân ca Thái\";quốc gia;đề tài;Lò Thị Mai;Viện Văn hóa;1/6/2023;30/06/2025;;programme:nong-thon-mien-nui-2016-2025\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  guint n = 0;

  g_assert_true (import_text (fixture->store, csv, TKT_IO_FORMAT_CSV, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  check_csv_task (fixture->store, "ĐB-2023-01", "Xây dựng mô hình trồng mắc ca, Tuần Giáo", "provincial", "2023-01-15", "2024-12-31");
  check_csv_task (fixture->store, "ĐB-2023-02", "Bảo tồn; phát huy dân ca Thái", "national", "2023-06-01", "2025-06-30");

  doc = find_task_by_code (fixture->store, "ĐB-2023-01");
  g_assert_cmpstr (json_object_get_string_member (doc, "kind"), ==, "project");
  g_assert_cmpstr (json_object_get_string_member (doc, "pi"), ==, "Nguyễn Văn Dũng");
  g_assert_cmpstr (json_object_get_string_member (doc, "lead_org"), ==, "Trung tâm Ứng dụng KH&CN");
  g_assert_false (json_object_has_member (doc, "programme"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (doc, "budget"), "local"), ==, 850000000);
  g_clear_pointer (&doc, json_object_unref);
  doc = find_task_by_code (fixture->store, "ĐB-2023-02");
  g_assert_cmpstr (json_object_get_string_member (doc, "kind"), ==, "research");
  g_assert_cmpstr (json_object_get_string_member (doc, "programme"), ==, "programme:nong-thon-mien-nui-2016-2025");
  g_assert_false (json_object_has_member (doc, "budget"));
}

static void
test_csv_errors (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct {
    const char *csv;
    const char *expect[3];
  } cases[] = {
    /* the brief's example: a date that does not exist, line and column named */
    { "Mã số,Tên nhiệm vụ,Bắt đầu,Kết thúc\n"
      "A1,Đề tài một,01/01/2024,31/12/2024\n"
      "A2,Đề tài hai,01/01/2024,31/02/2024\n",
      { "line 3", "column “Kết thúc”", "31/02/2024" } },
    { "code,title,budget_central\n"
      "A1,Đề tài một,-5000\n",
      { "line 2", "column “budget_central”", "-5000" } },
    { "code,title,level\n"
      "A1,Đề tài một,provincial\n"
      "A2,Đề tài hai,cấp huyện\n",
      { "line 3", "column “level”", "cấp huyện" } },
    { "code,title\n"
      "A1,Đề tài một\n"
      "A2,  \n",
      { "line 3", "column “title”", NULL } },
    { "code,title,colour\n"
      "A1,Đề tài một,red\n",
      { "line 1", "column “colour”", NULL } },
    { "code,title,sector\n"
      "A1,Đề tài một,thiên văn\n",
      { "line 2", "column “sector”", "thiên văn" } },
    /* a quoted newline moves the line count on */
    { "code,title,end\n"
      "A1,\"Đề tài\nmột\",2024-01-01\n"
      "A2,Đề tài hai,2024-13-01\n",
      { "line 4", "column “end”", NULL } },
    { "code,title\n"
      "A1,\"Đề tài một\n",
      { "line 2", NULL, NULL } },
    { "code,title\n"
      "A1,Đề tài một,extra\n",
      { "line 2", NULL, NULL } },
    /* Latin-1 (Excel's plain "CSV" in a Western locale) */
    { "code,title\n"
      "A1,\xD0\xE8 t\xE0i\n",
      { "line 2", "not UTF-8", "CSV UTF-8" } },
    { "", { "The file is empty", NULL, NULL } },
    /* one code, two tasks */
    { "Mã số,Tên nhiệm vụ\n"
      "A1,Đề tài một\n"
      "A2,Đề tài hai\n"
      "A1,Đề tài ba\n",
      { "line 4", "column “Mã số”", "“A1” is already on line 2" } },
    /* one task, two rows */
    { "id,title\n"
      "task:x,Đề tài một\n"
      "task:x,Đề tài hai\n",
      { "line 3", "column “id”", "the task “task:x” is already on line 2" } },
    /* one column, twice */
    { "code,title,Tên nhiệm vụ\n"
      "A1,Đề tài một,Đề tài một\n",
      { "line 1", "given twice", NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (import_text (fixture->store, cases[i].csv, TKT_IO_FORMAT_CSV, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == TKT_IO_ERROR);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error->message);
      for (guint k = 0; k < 3 && cases[i].expect[k] != NULL; k++)
        if (strstr (error->message, cases[i].expect[k]) == NULL)
          g_error ("case %" G_GSIZE_FORMAT ": “%s” not in “%s”", i, cases[i].expect[k], error->message);
      /* nothing imported, not even the good rows before the bad one */
      g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 0);
    }
}

static void
test_csv_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(TktStore) other = NULL;
  g_autoptr(JsonObject) doc = NULL;
  guint n = 0;

  fill_register (fixture->store);
  put_json (fixture->store,
            "{\"_id\": \"task:khac\", \"type\": \"task\", \"title\": \"Tên, có \\\"ngoặc\\\"; và dấu chấm phẩy\","
            " \"kind\": \"pilot_production\", \"level\": \"national\","
            " \"programme\": \"programme:cap-thiet-dia-phuong\", \"field\": \"4\", \"regime\": \"2025\","
            " \"budget\": {\"central\": 2000000000, \"other\": 15000000}, \"members\": [\"A\", \"B\"]}");

  first = tkt_io_export (fixture->store, TKT_IO_FORMAT_CSV, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (first, NULL),
                                   "\xEF\xBB\xBFid,code,title,kind,level,programme,sector,field,regime,"
                                   "lead_org,pi,start,end,budget_central,budget_local,budget_other,members\r\n"));

  other = open_store (fixture, "b.db");
  g_assert_true (tkt_io_import (other, first, TKT_IO_FORMAT_CSV, &n, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  second = tkt_io_export (other, TKT_IO_FORMAT_CSV, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (second, NULL), g_bytes_get_size (second));

  doc = tkt_store_get (other, "task:khac", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "kind"), ==, "pilot_production");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (doc, "budget"), "other"), ==, 15000000);

  /* Re-importing into the first database updates by id: stages and unknown
   * members of the task stay, nothing is duplicated. */
  g_assert_true (tkt_io_import (fixture->store, first, TKT_IO_FORMAT_CSV, &n, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 3);
  g_clear_pointer (&doc, json_object_unref);
  doc = tkt_store_get (fixture->store, "task:dien-bien-1", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (doc, "stages"));
  g_assert_true (json_object_has_member (doc, "x_future_member"));
}

static void
test_csv_update_by_id (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *end = NULL;
  g_autoptr(JsonObject) doc = NULL;

  fill_register (fixture->store);
  g_assert_true (import_text (fixture->store,
                              "id,title,end\n"
                              "task:dien-bien-1,Nghiên cứu cây dược liệu (giai đoạn 2),30/06/2025\n",
                              TKT_IO_FORMAT_CSV, NULL, &error));
  g_assert_no_error (error);
  title = get_string (fixture->store, "task:dien-bien-1", "title");
  end = get_string (fixture->store, "task:dien-bien-1", "end");
  g_assert_cmpstr (title, ==, "Nghiên cứu cây dược liệu (giai đoạn 2)");
  g_assert_cmpstr (end, ==, "2025-06-30");
  doc = tkt_store_get (fixture->store, "task:dien-bien-1", &error);
  /* members not in the file are kept */
  g_assert_cmpstr (json_object_get_string_member (doc, "pi"), ==, "Lò Văn Đường");
  g_assert_true (json_object_has_member (doc, "stages"));
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 2);
}

/* A file imported twice does not make every task twice: a code already in
 * the register is refused (the editor refuses it too), unless the row
 * names the task by its id. */
static void
test_csv_code_in_register (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const char *csv = "code,title\nĐT-09,Đề tài chín\nĐT-10,Đề tài mười\n";
  guint n = 0;

  g_assert_true (import_text (fixture->store, csv, TKT_IO_FORMAT_CSV, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  g_assert_false (import_text (fixture->store, csv, TKT_IO_FORMAT_CSV, &n, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "line 2, column “code”"));
  g_assert_nonnull (strstr (error->message, "“ĐT-09” belongs to a task already in the register"));
  g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 2);
  g_clear_error (&error);

  /* With its id, the row updates that task and keeps its code. */
  {
    g_autoptr(JsonObject) doc = find_task_by_code (fixture->store, "ĐT-09");
    g_autofree char *update = g_strdup_printf ("id,code,title\n%s,ĐT-09,Đề tài chín (sửa)\n",
                                               json_object_get_string_member (doc, "_id"));

    g_assert_true (import_text (fixture->store, update, TKT_IO_FORMAT_CSV, &n, &error));
    g_assert_no_error (error);
    title = get_string (fixture->store, json_object_get_string_member (doc, "_id"), "title");
    g_assert_cmpstr (title, ==, "Đề tài chín (sửa)");
    g_assert_cmpuint (count_docs (fixture->store, "task"), ==, 2);
  }

  /* A header and no rows: nothing to do, not an error. */
  g_assert_true (import_text (fixture->store, "code,title\r\n", TKT_IO_FORMAT_CSV, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
}

typedef struct {
  GMainLoop *loop;
  guint      n_imported;
  guint      n_progress;
  guint      last_done;
  GError    *error;
} AsyncData;

static void
progress_cb (guint done, guint total, gpointer user_data)
{
  AsyncData *data = user_data;

  data->n_progress++;
  data->last_done = done;
  g_assert_cmpuint (done, <=, total);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncData *data = user_data;

  tkt_io_import_file_finish (result, &data->n_imported, &data->error);
  g_main_loop_quit (data->loop);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncData *data = user_data;

  tkt_io_export_file_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data_)
{
  g_autofree char *json_path = g_build_filename (fixture->dir, "export.json", NULL);
  g_autofree char *db_b = g_build_filename (fixture->dir, "b.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (json_path);
  g_autoptr(TktStore) other = NULL;
  AsyncData data = { 0 };

  fill_register (fixture->store);
  data.loop = g_main_loop_new (NULL, FALSE);

  tkt_io_export_file_async (tkt_store_get_path (fixture->store), file, TKT_IO_FORMAT_JSON,
                            NULL, export_done_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_true (g_file_test (json_path, G_FILE_TEST_IS_REGULAR));

  tkt_io_import_file_async_full (db_b, file, progress_cb, &data, NULL, import_done_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_cmpuint (data.n_imported, >=, 2);
  g_assert_cmpuint (data.n_progress, >=, 2);

  other = open_store (fixture, "b.db");
  g_assert_cmpuint (count_docs (other, "task"), ==, 2);

  /* a file that is not there: an error, no crash */
  {
    g_autofree char *missing = g_build_filename (fixture->dir, "missing.json", NULL);
    g_autoptr(GFile) missing_file = g_file_new_for_path (missing);

    tkt_io_import_file_async (db_b, missing_file, NULL, import_done_cb, &data);
    g_main_loop_run (data.loop);
    g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&data.error);
  }
  g_main_loop_unref (data.loop);
}

int
main (int    argc,
      char **argv)
{
  /* Every body written is also generated by json-glib and compared with
   * the store's own canonical writer (body_to_string in tkt-store.c). */
  g_setenv ("TKT_CHECK_CANONICAL", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tkt/io/json/round-trip", test_json_round_trip);
  ADD ("/tkt/io/json/forms", test_json_forms);
  ADD ("/tkt/io/json/parse-error", test_json_parse_error);
  ADD ("/tkt/io/json/invalid-document", test_json_invalid_document);
  ADD ("/tkt/io/json/large-all-or-nothing", test_json_large_all_or_nothing);
  ADD ("/tkt/io/csv/excel-bom-crlf-quotes", test_csv_excel);
  ADD ("/tkt/io/csv/vietnamese-semicolon", test_csv_vietnamese_semicolon);
  ADD ("/tkt/io/csv/errors", test_csv_errors);
  ADD ("/tkt/io/csv/round-trip", test_csv_round_trip);
  ADD ("/tkt/io/csv/update-by-id", test_csv_update_by_id);
  ADD ("/tkt/io/csv/code-in-register", test_csv_code_in_register);
  ADD ("/tkt/io/async", test_async);
#undef ADD

  return g_test_run ();
}
