/* bench-sync.c — sync throughput against pouchdb-server on loopback, beside
 * PouchDB's own replicator (node, in-memory adapter) on the same server in
 * the same run; and the end-to-end time of one edit.
 *
 *   bench-sync [N]     (default 10000 tasks)
 *
 * Needs pouchdb-server, pouchdb and pouchdb-adapter-memory from npm
 * (build-aux/test installs them in $XDG_CACHE_HOME/tongket-test/npm). */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "sync-server.h"
#include "tkt-replicator.h"
#include "tkt-store.h"
#include "tkt-store-sync.h"

typedef struct {
  GMainLoop *loop;
  gboolean ok;
  GError *error;
} Wait;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *w = user_data;

  w->ok = tkt_replicator_run_finish (TKT_REPLICATOR (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

/* This process's CPU time so far (all its threads), in ms. */
static double
own_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* The longest the main loop went without running a 1 ms timeout: what a
 * window would have waited for its next frame. */
typedef struct {
  gint64 last;
  gint64 longest;
} Stall;

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last != 0)
    stall->longest = MAX (stall->longest, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static double
run_timed (TktReplicator   *rep,
           TktSyncDirection direction)
{
  Wait w = { g_main_loop_new (NULL, FALSE), FALSE, NULL };
  gint64 start = g_get_monotonic_time ();

  tkt_replicator_run_async (rep, direction, NULL, run_done_cb, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  if (!w.ok)
    g_error ("sync failed: %s", w.error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static TktReplicator *
replicator (TktStore   *store,
            SyncServer *server,
            const char *db)
{
  g_autofree char *url = g_strconcat (sync_server_get_url (server), db, NULL);
  g_autoptr(GError) error = NULL;
  TktReplicator *rep = tkt_replicator_new (store, url, SYNC_ADMIN, SYNC_ADMIN_PASSWORD, &error);

  g_assert_no_error (error);
  g_object_set (rep, "create-db", TRUE, NULL);
  /* BENCH_SYNC_BATCH: documents per batch (default: the replicator's) */
  if (g_getenv ("BENCH_SYNC_BATCH") != NULL)
    g_object_set (rep, "batch-size", (guint) g_ascii_strtoull (g_getenv ("BENCH_SYNC_BATCH"), NULL, 10), NULL);
  return rep;
}

static GPtrArray *
make_tasks (guint n)
{
  static const char *const levels[] = { "national", "provincial", "grassroots" };
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"_id\":\"task:bench-%05u\",\"type\":\"task\",\"code\":\"ĐT.%05u\","
        "\"title\":\"Nghiên cứu ứng dụng công nghệ số %u trong quản lý nông nghiệp tỉnh Điện Biên\","
        "\"kind\":\"research\",\"level\":\"%s\",\"field\":\"4\",\"regime\":\"2013\","
        "\"lead_org\":\"Trường Đại học Tây Bắc\",\"pi\":\"TS. Nguyễn Văn An\","
        "\"members\":[\"ThS. Lê Thị Bình\",\"KS. Trần Văn Cường\"],"
        "\"start\":\"2023-01-01\",\"end\":\"2024-12-31\","
        "\"budget\":{\"central\":0,\"local\":850000000,\"other\":120000000},"
        "\"stages\":[{\"stage\":\"assigned\",\"date\":\"2023-01-10\"},{\"stage\":\"contracted\",\"date\":\"2023-02-01\"}]}",
        i, i, i, levels[i % 3]);
      g_autoptr(JsonNode) node = json_from_string (text, NULL);

      g_ptr_array_add (docs, json_object_ref (json_node_get_object (node)));
    }
  return docs;
}

static gboolean
pouchdb_run (SyncServer *server,
             const char *db,
             const char *push_db,
             double     *pull_ms,
             double     *push_ms,
             guint      *pull_docs,
             guint      *push_docs)
{
  g_autofree char *program = sync_server_find_program ();
  g_autofree char *bin = program ? g_path_get_dirname (program) : NULL;
  g_autofree char *modules = bin ? g_path_get_dirname (bin) : NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { "node", BENCH_POUCHDB_SCRIPT, sync_server_get_url (server), db,
                         SYNC_ADMIN, SYNC_ADMIN_PASSWORD, push_db, NULL };
  int status = 0;
  JsonObject *o;

  if (modules == NULL)
    return FALSE;
  envp = g_environ_setenv (envp, "NODE_PATH", modules, TRUE);
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("PouchDB replicator failed: %s%s\n", error ? error->message : "", err ? err : "");
      return FALSE;
    }
  result = json_from_string (out, NULL);
  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    return FALSE;
  o = json_node_get_object (result);
  *pull_ms = json_object_get_double_member (o, "pull_ms");
  *push_ms = json_object_get_double_member (o, "push_ms");
  *pull_docs = (guint) json_object_get_int_member (o, "pull_docs");
  *push_docs = (guint) json_object_get_int_member (o, "push_docs");
  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
changed_cb (TktStore *store,
            GStrv     ids,
            gboolean *seen)
{
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], "task:bench-00042"))
      *seen = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(TktReplicator) push = NULL;
  g_autoptr(TktReplicator) pull = NULL;
  SyncServer *server;
  TktSyncStats stats;
  Stall stall = { 0, 0 };
  guint tick;
  double server_cpu, cpu, push_server_cpu, pull_server_cpu, push_cpu, pull_cpu;
  double push_ms, pull_ms, p_pull_ms = 0, p_push_ms = 0;
  guint p_pull_docs = 0, p_push_docs = 0;
  guint pushed, pulled;
  gboolean have_pouchdb;
  double edits[7];

  g_setenv ("TKT_FIXED_NOW", "2024-01-24T09:30:00+07:00", FALSE);
  if (sync_server_find_program () == NULL)
    {
      g_printerr ("pouchdb-server is not installed (see build-aux/test)\n");
      return 77;
    }
  server = sync_server_start (FALSE, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path_a = g_build_filename (dir, "a.db", NULL);
  path_b = g_build_filename (dir, "b.db", NULL);
  a = tkt_store_open (path_a, &error);
  g_assert_no_error (error);
  b = tkt_store_open (path_b, &error);
  g_assert_no_error (error);
  docs = make_tasks (n);
  g_assert_true (tkt_store_put_all (a, docs, NULL, &error));

  printf ("bench-sync: %u tasks, pouchdb-server 4.2.0 (in memory) on 127.0.0.1\n", n);

  /* Warm the server up (node compiles its hot paths on first use), so that
   * neither replicator pays for it: 2,000 tasks each way, not measured. */
  {
    g_autofree char *path_w = g_build_filename (dir, "w.db", NULL);
    g_autofree char *path_w2 = g_build_filename (dir, "w2.db", NULL);
    g_autoptr(TktStore) w = tkt_store_open (path_w, &error);
    g_autoptr(TktStore) w2 = tkt_store_open (path_w2, &error);
    g_autoptr(GPtrArray) warm = make_tasks (2000);
    g_autoptr(TktReplicator) wp = NULL;
    g_autoptr(TktReplicator) wq = NULL;

    g_assert_true (tkt_store_put_all (w, warm, NULL, &error));
    wp = replicator (w, server, "warmup");
    wq = replicator (w2, server, "warmup");
    run_timed (wp, TKT_SYNC_PUSH_ONLY);
    run_timed (wq, TKT_SYNC_PULL_ONLY);
  }

  /* Push from a full store into an empty database. */
  push = replicator (a, server, "bench");
  server_cpu = sync_server_get_cpu_ms (server);
  cpu = own_cpu_ms ();
  push_ms = run_timed (push, TKT_SYNC_PUSH_ONLY);
  push_server_cpu = sync_server_get_cpu_ms (server) - server_cpu;
  push_cpu = own_cpu_ms () - cpu;
  tkt_replicator_get_stats (push, &stats);
  pushed = stats.docs_pushed;
  printf ("Tongket push: %6u docs in %8.0f ms = %7.0f docs/s (%u requests; CPU: Tongket %.0f ms, server %.0f ms)\n",
          pushed, push_ms, pushed / (push_ms / 1000.0), stats.requests, push_cpu, push_server_cpu);

  /* Pull into an empty store. */
  pull = replicator (b, server, "bench");
  server_cpu = sync_server_get_cpu_ms (server);
  cpu = own_cpu_ms ();
  tick = g_timeout_add (1, stall_tick_cb, &stall);
  pull_ms = run_timed (pull, TKT_SYNC_PULL_ONLY);
  g_source_remove (tick);
  pull_server_cpu = sync_server_get_cpu_ms (server) - server_cpu;
  pull_cpu = own_cpu_ms () - cpu;
  tkt_replicator_get_stats (pull, &stats);
  pulled = stats.docs_written;
  printf ("Tongket pull: %6u docs in %8.0f ms = %7.0f docs/s (%u requests; CPU: Tongket %.0f ms, server %.0f ms)\n",
          pulled, pull_ms, pulled / (pull_ms / 1000.0), stats.requests, pull_cpu, pull_server_cpu);
  printf ("Longest the main loop waited during the pull: %.1f ms\n", stall.longest / 1000.0);

  /* PouchDB's replicator, same server, same database. */
  server_cpu = sync_server_get_cpu_ms (server);
  have_pouchdb = pouchdb_run (server, "bench", "bench-pouchdb-push",
                              &p_pull_ms, &p_push_ms, &p_pull_docs, &p_push_docs);
  server_cpu = sync_server_get_cpu_ms (server) - server_cpu;
  if (have_pouchdb)
    {
      printf ("PouchDB pull: %6u docs in %8.0f ms = %7.0f docs/s\n",
              p_pull_docs, p_pull_ms, p_pull_docs / (p_pull_ms / 1000.0));
      printf ("PouchDB push: %6u docs in %8.0f ms = %7.0f docs/s\n",
              p_push_docs, p_push_ms, p_push_docs / (p_push_ms / 1000.0));
      printf ("Server CPU: %.0f ms for PouchDB's pull and push, %.0f ms for Tongket's\n",
              server_cpu, pull_server_cpu + push_server_cpu);
      printf ("Ratio (Tongket / PouchDB docs/s): pull %.1f×, push %.1f×\n",
              (pulled / pull_ms) / (p_pull_docs / p_pull_ms),
              (pushed / push_ms) / (p_push_docs / p_push_ms));
    }

  /* One edit, end to end: edit in A, push A, pull into B (replicators
   * already connected, as in the application). */
  for (guint k = 0; k < G_N_ELEMENTS (edits); k++)
    {
      g_autoptr(JsonObject) doc = tkt_store_get (a, "task:bench-00042", &error);
      g_autofree char *title = g_strdup_printf ("Sửa lần %u", k);
      g_autofree char *rev = NULL;
      gboolean seen = FALSE;
      gulong id;
      gint64 start = g_get_monotonic_time ();

      json_object_set_string_member (doc, "title", title);
      rev = tkt_store_put (a, doc, &error);
      g_assert_no_error (error);
      id = g_signal_connect (b, "changed", G_CALLBACK (changed_cb), &seen);
      run_timed (push, TKT_SYNC_PUSH_ONLY);
      run_timed (pull, TKT_SYNC_PULL_ONLY);
      g_signal_handler_disconnect (b, id);
      g_assert_true (seen);
      edits[k] = (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (edits, G_N_ELEMENTS (edits), sizeof edits[0], compare_double);
  printf ("One edit, A → server → B (push run + pull run): median %.1f ms, min %.1f ms, max %.1f ms\n",
          edits[G_N_ELEMENTS (edits) / 2], edits[0], edits[G_N_ELEMENTS (edits) - 1]);

  /* The same in live mode: A pushes on ::changed, B follows longpoll. */
  {
    g_autoptr(TktReplicator) live_a = replicator (a, server, "bench");
    g_autoptr(TktReplicator) live_b = replicator (b, server, "bench");
    double live[7];

    tkt_replicator_start (live_a);
    tkt_replicator_start (live_b);
    while (tkt_replicator_get_state (live_a) != TKT_SYNC_STATE_SYNCED ||
           tkt_replicator_get_state (live_b) != TKT_SYNC_STATE_SYNCED)
      g_main_context_iteration (NULL, TRUE);
    for (guint k = 0; k < G_N_ELEMENTS (live); k++)
      {
        g_autoptr(JsonObject) doc = tkt_store_get (a, "task:bench-00042", &error);
        g_autofree char *title = g_strdup_printf ("Trực tiếp %u", k);
        g_autofree char *rev = NULL;
        gboolean seen = FALSE;
        gulong id = g_signal_connect (b, "changed", G_CALLBACK (changed_cb), &seen);
        gint64 start = g_get_monotonic_time ();

        json_object_set_string_member (doc, "title", title);
        rev = tkt_store_put (a, doc, &error);
        g_assert_no_error (error);
        while (!seen)
          g_main_context_iteration (NULL, TRUE);
        live[k] = (g_get_monotonic_time () - start) / 1000.0;
        g_signal_handler_disconnect (b, id);
        /* let A's push settle */
        for (int i = 0; i < 20; i++)
          g_main_context_iteration (NULL, FALSE);
      }
    tkt_replicator_stop (live_a);
    tkt_replicator_stop (live_b);
    qsort (live, G_N_ELEMENTS (live), sizeof live[0], compare_double);
    printf ("One edit, live sync (A pushes on change, B on longpoll): median %.1f ms, min %.1f ms, max %.1f ms\n",
            live[G_N_ELEMENTS (live) / 2], live[0], live[G_N_ELEMENTS (live) - 1]);
    for (int i = 0; i < 50; i++)
      g_main_context_iteration (NULL, FALSE);
  }

  sync_server_free (server);
  g_clear_object (&a);
  g_clear_object (&b);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *fa = g_strconcat (path_a, suffixes[i], NULL);
        g_autofree char *fb = g_strconcat (path_b, suffixes[i], NULL);

        g_unlink (fa);
        g_unlink (fb);
      }
    g_rmdir (dir);
  }
  return 0;
}
