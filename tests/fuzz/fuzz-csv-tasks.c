/* fuzz-csv-tasks.c — the CSV import of tasks: tkt_io_import of the input
 * as CSV (tkt_io_parse_tasks_csv: the delimiter, RFC 4180 records, the
 * header's columns in English or Vietnamese, dates, amounts, catalogue
 * names; then the store's write path), in a transaction that is rolled
 * back, so every input meets the same database.
 *
 * Checked: no crash, no sanitizer report; a failed import says why in
 * TKT_IO_ERROR or TKT_STORE_ERROR and writes nothing; a successful one
 * writes one task per row the parse gave. */
#include "config.h"

#include "fuzz-common.h"
#include "tkt-io.h"
#include "tkt-store.h"

static TktStore *store;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *path = g_build_filename (fuzz_tmpdir (), "csv-tasks.db", NULL);
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

  parsed = tkt_io_parse_tasks_csv (store, bytes, &error);
  fuzz_check ((parsed == NULL) == (error != NULL), "parse: a result and an error, or neither");
  if (error != NULL)
    fuzz_check (error->domain == TKT_IO_ERROR && error->message[0] != '\0', "parse error %s", error->message);
  g_clear_error (&error);

  before = count_docs ();
  fuzz_check (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK, "BEGIN");
  ok = tkt_io_import (store, bytes, TKT_IO_FORMAT_CSV, &n, NULL, NULL, &error);
  fuzz_check (ok == (error == NULL), "import: TRUE with an error, or FALSE without one");
  if (!ok)
    {
      fuzz_check ((error->domain == TKT_IO_ERROR || error->domain == TKT_STORE_ERROR) &&
                  error->message[0] != '\0', "import error %s", error->message);
      fuzz_check (count_docs () == before, "a failed import wrote documents");
      fuzz_check (parsed == NULL || error->domain == TKT_STORE_ERROR,
                  "the parse accepted what the import refuses: %s", error->message);
    }
  else
    fuzz_check (parsed != NULL && n == parsed->len, "the import wrote %u tasks, the parse gave %u",
                n, parsed != NULL ? parsed->len : 0);
  fuzz_note ("import: %s, %u written", ok ? "ok" : error->message, n);
  fuzz_check (!sqlite3_get_autocommit (db), "the import ended the caller's transaction");
  fuzz_check (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK, "ROLLBACK");
  return 0;
}
