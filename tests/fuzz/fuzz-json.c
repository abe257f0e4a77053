/* fuzz-json.c — the JSON import path: tkt_io_import of the input into a
 * store (the scan of the file's structure, the fast reader tkt-json-doc.c
 * with json-glib as its fallback, the checks, the store's write path),
 * inside a transaction that is rolled back, so every input meets the
 * same database.  TKT_CHECK_CANONICAL is on: every document the fast
 * reader accepts is compared with json-glib's reading of it (the
 * canonical body, _id, type and the indexed task members) and any
 * difference aborts.  The input is also read as one document by
 * tkt_json_doc_read directly (when it is UTF-8, as the import path
 * ensures), and parsed by tkt_io_parse_json.
 *
 * Checked: no crash, no sanitizer report, no difference from json-glib;
 * an import that fails says why in TKT_IO_ERROR or TKT_STORE_ERROR and
 * writes nothing. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tkt-io.h"
#include "tkt-json-doc.h"
#include "tkt-store.h"

static TktStore *store;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *path = g_build_filename (fuzz_tmpdir (), "json.db", NULL);
  g_autoptr(GError) error = NULL;

  g_setenv ("TKT_CHECK_CANONICAL", "1", TRUE);
  fuzz_fatal_log_levels (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  store = tkt_store_open (path, &error);
  fuzz_check (store != NULL, "%s", error->message);
  return 0;
}

static gint64
count_docs (void)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (tkt_store_get_db (store), "SELECT count(*) FROM docs", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  sqlite3 *db = tkt_store_get_db (store);
  gint64 before;
  guint n = 0;
  gboolean ok;

  /* One document, read by the fast reader alone. */
  if (g_utf8_validate ((const char *) data, (gssize) size, NULL))
    {
      g_autoptr(TktJsonDoc) doc = tkt_json_doc_new ();

      if (tkt_json_doc_read (doc, (const char *) data, size))
        fuzz_check (doc->id != NULL && doc->type != NULL && doc->body != NULL, "a read document lacks its parts");
      else
        fuzz_check (doc->id == NULL && doc->body == NULL, "a refused document keeps parts");
    }

  /* The parse alone (json-glib). */
  parsed = tkt_io_parse_json (bytes, &error);
  fuzz_check ((parsed == NULL) == (error != NULL), "parse: a result and an error, or neither");
  if (error != NULL)
    fuzz_check (error->domain == TKT_IO_ERROR && error->message[0] != '\0', "parse error %s", error->message);
  g_clear_error (&error);

  /* The import, rolled back. */
  before = count_docs ();
  fuzz_check (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK, "BEGIN");
  ok = tkt_io_import (store, bytes, TKT_IO_FORMAT_JSON, &n, NULL, NULL, &error);
  fuzz_check (ok == (error == NULL), "import: TRUE with an error, or FALSE without one");
  if (!ok)
    {
      fuzz_check ((error->domain == TKT_IO_ERROR || error->domain == TKT_STORE_ERROR) &&
                  error->message[0] != '\0', "import error %s", error->message);
      fuzz_check (count_docs () == before, "a failed import wrote documents");
      /* What the parse accepted, the import accepts (unless the store refuses it). */
      fuzz_check (parsed == NULL || error->domain == TKT_STORE_ERROR,
                  "the parse accepted what the import refuses: %s", error->message);
    }
  else
    fuzz_check (parsed != NULL && n <= parsed->len, "the import accepted what the parse refused");
  fuzz_note ("import: %s, %u written", ok ? "ok" : error->message, n);
  fuzz_check (!sqlite3_get_autocommit (db), "the import ended the caller's transaction");
  fuzz_check (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK, "ROLLBACK");
  return 0;
}
