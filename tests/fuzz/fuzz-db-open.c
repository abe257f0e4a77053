/* fuzz-db-open.c — tkt_store_open on a damaged file: the input is written
 * as the database file (the corpus holds small real databases, which the
 * fuzzer mutates: a flipped header byte, a torn page, a bad schema row,
 * an old or newer schema version, a body that is not JSON…).
 *
 * Checked: no crash, no sanitizer report, and either
 *  - the open fails with a TKT_STORE_ERROR whose message names the file,
 *    and the file is left byte for byte as it was, with nothing beside it
 *    (no -wal or -shm; a copy made before a migration may stay), or
 *  - it opens: then the store is used as the application would (the change
 *    feed, every document, the task list, the catalogues, a new task)
 *    without a crash; errors there are fine. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-common.h"
#include "tkt-award.h"
#include "tkt-catalog.h"
#include "tkt-store.h"
#include "tkt-task-list.h"

static char *db_dir;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_fatal_log_levels (G_LOG_LEVEL_CRITICAL);
  db_dir = g_build_filename (fuzz_tmpdir (), "db-open", NULL);
  g_mkdir_with_parents (db_dir, 0700);
  return 0;
}

/* Removes what the previous input left in db_dir; returns how many
 * files there were besides the database itself and the copies made
 * before a migration (PATH.bak-vN: kept on purpose). */
static guint
clean_dir (const char *keep)
{
  g_autoptr(GDir) dir = g_dir_open (db_dir, 0, NULL);
  const char *name;
  guint others = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (db_dir, name, NULL);

      if (keep != NULL && g_str_equal (name, keep))
        continue;
      if (keep == NULL || !g_str_has_prefix (name, "tongket.db.bak-v"))
        others++;
      g_unlink (path);
    }
  return others;
}

static void
use_store (TktStore *store)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(TktTaskList) list = NULL;
  g_autoptr(GPtrArray) programmes = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(JsonObject) task = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;
  gint64 last_seq = 0;
  guint n, n_read = 0;

  ids = tkt_store_changes_since (store, 0, 0, &last_seq);
  for (guint i = 0; ids != NULL && ids[i] != NULL && i < 200; i++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (store, ids[i], NULL);
      g_auto(GStrv) leaves = tkt_store_get_leaves (store, ids[i]);
      g_auto(GStrv) conflicts = tkt_store_get_conflicts (store, ids[i]);

      n_read += (doc != NULL) + (leaves != NULL) + (conflicts != NULL);
    }

  list = tkt_task_list_new (store);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n && i < 200; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      n_read += item != NULL;
    }
  tkt_task_list_set_search (list, "nghiên cứu");
  tkt_task_list_set_sort (list, TKT_TASK_SORT_TITLE, TRUE);

  programmes = tkt_catalog_list_programmes (store);
  forms = tkt_award_forms_list (store);

  json_object_set_string_member (task, "_id", "task:fuzz-new");
  json_object_set_string_member (task, "type", "task");
  json_object_set_string_member (task, "title", "Nhiệm vụ mới");
  json_object_set_string_member (task, "code", "ĐT-2024-99");
  rev = tkt_store_put (store, task, &error);
  fuzz_note ("used: %u things read, %u tasks listed, put %s", n_read, n, rev != NULL ? "ok" : error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = g_build_filename (db_dir, "tongket.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autofree char *after = NULL;
  gsize after_len = 0;
  guint others;

  clean_dir (NULL);
  fuzz_check (g_file_set_contents (path, (const char *) data, (gssize) size, NULL), "write %s", path);

  store = tkt_store_open (path, &error);
  fuzz_note ("open: %s", store != NULL ? "ok" : error->message);
  if (store == NULL)
    {
      fuzz_check (error != NULL, "NULL without an error");
      fuzz_check (error->domain == TKT_STORE_ERROR && error->message[0] != '\0',
                  "error %s", error->message);
      fuzz_check (strstr (error->message, "tongket.db") != NULL, "the message does not name the file: %s",
                  error->message);
      fuzz_check (g_file_get_contents (path, &after, &after_len, NULL), "read back");
      fuzz_check (after_len == size && memcmp (after, data, size) == 0,
                  "the file was changed by a failed open (%s)", error->message);
      others = clean_dir ("tongket.db");
      fuzz_check (others == 0, "a failed open left %u files beside the database (%s)", others, error->message);
      return 0;
    }

  use_store (store);
  return 0;
}
