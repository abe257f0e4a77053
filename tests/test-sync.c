/* test-sync.c — two local stores syncing through pouchdb-server on
 * 127.0.0.1: they converge, conflicts are the same on both sides and
 * resolve on both, an interrupted sync resumes from its checkpoint,
 * 10,000 documents each way, authentication. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sync-server.h"
#include "tkt-replicator.h"
#include "tkt-store.h"
#include "tkt-store-sync.h"
#include "tkt-io.h"

#define SKIP_MESSAGE "pouchdb-server is not installed: build-aux/test installs it " \
                     "(npm install pouchdb-server@4.2.0 into $XDG_CACHE_HOME/tongket-test/npm), " \
                     "or set TKT_POUCHDB_SERVER"

static SyncServer *server;   /* in memory, shared by the tests; NULL: skip */
static char *tmpdir;
static guint n_stores;

/* ------------------------------------------------------------------ */

static TktStore *
open_store (void)
{
  g_autofree char *name = g_strdup_printf ("store-%u.db", ++n_stores);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  TktStore *store = tkt_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static char *
db_url (SyncServer *srv,
        const char *db)
{
  return g_strconcat (sync_server_get_url (srv), db, NULL);
}

static TktReplicator *
new_replicator (TktStore   *store,
                SyncServer *srv,
                const char *db,
                const char *user,
                const char *password)
{
  g_autofree char *url = db_url (srv, db);
  g_autoptr(GError) error = NULL;
  TktReplicator *rep = tkt_replicator_new (store, url, user, password, &error);

  g_assert_no_error (error);
  g_object_set (rep, "max-retries", 2, "retry-delay", 100, "timeout", 30, NULL);
  return rep;
}

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

static gboolean
run_replicator (TktReplicator   *rep,
                TktSyncDirection direction,
                GError         **error)
{
  Wait w = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  tkt_replicator_run_async (rep, direction, NULL, run_done_cb, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.ok;
}

/* One run, both ways, as the admin. */
static void
sync_both (TktStore   *store,
           const char *db)
{
  g_autoptr(TktReplicator) rep = new_replicator (store, server, db, SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tkt_replicator_get_state (rep), ==, TKT_SYNC_STATE_SYNCED);
  g_assert_cmpint (tkt_replicator_get_pushed_seq (rep), ==, tkt_store_get_update_seq (store));
}

static char *
put_task (TktStore   *store,
          const char *id,
          const char *title)
{
  g_autoptr(JsonObject) doc = tkt_store_get (store, id, NULL);
  g_autoptr(GError) error = NULL;
  char *rev;

  if (doc == NULL)
    {
      doc = json_object_new ();
      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "task");
    }
  json_object_set_string_member (doc, "title", title);
  rev = tkt_store_put (store, doc, &error);
  g_assert_no_error (error);
  return rev;
}

static char *
title_of (TktStore   *store,
          const char *id)
{
  g_autoptr(JsonObject) doc = tkt_store_get (store, id, NULL);

  return doc ? g_strdup (json_object_get_string_member (doc, "title")) : NULL;
}

static GHashTable *
all_ids (TktStore *store)
{
  g_auto(GStrv) ids = tkt_store_changes_since (store, 0, 0, NULL);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (ids[i]));
  return set;
}

static void
assert_strv_equal (GStrv a, GStrv b, const char *what, const char *id)
{
  guint na = a ? g_strv_length (a) : 0;
  guint nb = b ? g_strv_length (b) : 0;

  if (na != nb)
    g_error ("%s of %s: %u on one side, %u on the other", what, id, na, nb);
  for (guint i = 0; i < na; i++)
    if (!g_str_equal (a[i], b[i]))
      g_error ("%s of %s differ: %s / %s", what, id, a[i], b[i]);
}

/* Same documents, same winners, same leaves, same winning paths. */
static void
assert_same_stores (TktStore *a,
                    TktStore *b)
{
  g_autoptr(GHashTable) ids_a = all_ids (a);
  g_autoptr(GHashTable) ids_b = all_ids (b);
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpuint (g_hash_table_size (ids_a), ==, g_hash_table_size (ids_b));
  g_hash_table_iter_init (&iter, ids_a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *id = key;
      g_autoptr(JsonObject) doc_a = tkt_store_get (a, id, NULL);
      g_autoptr(JsonObject) doc_b = tkt_store_get (b, id, NULL);
      g_auto(GStrv) leaves_a = tkt_store_get_leaves (a, id);
      g_auto(GStrv) leaves_b = tkt_store_get_leaves (b, id);
      g_auto(GStrv) conflicts_a = tkt_store_get_conflicts (a, id);
      g_auto(GStrv) conflicts_b = tkt_store_get_conflicts (b, id);
      g_autoptr(GPtrArray) history_a = tkt_store_get_history (a, id, NULL);
      g_autoptr(GPtrArray) history_b = tkt_store_get_history (b, id, NULL);

      if (!g_hash_table_contains (ids_b, id))
        g_error ("%s is on one side only", id);
      assert_strv_equal (leaves_a, leaves_b, "leaves", id);
      assert_strv_equal (conflicts_a, conflicts_b, "conflicts", id);
      g_assert_true ((doc_a == NULL) == (doc_b == NULL));
      if (doc_a != NULL)
        {
          g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), doc_a);
          g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), doc_b);

          if (!json_node_equal (na, nb))
            g_error ("%s: the winners' bodies differ", id);
        }
      g_assert_true ((history_a == NULL) == (history_b == NULL));
      if (history_a != NULL)
        {
          g_assert_cmpuint (history_a->len, ==, history_b->len);
          for (guint i = 0; i < history_a->len; i++)
            g_assert_cmpstr (((TktRevInfo *) history_a->pdata[i])->rev, ==,
                             ((TktRevInfo *) history_b->pdata[i])->rev);
        }
    }
}

static gint64
server_doc_count (SyncServer *srv,
                  const char *db)
{
  g_autoptr(JsonNode) info = sync_server_request (srv, "GET", db, NULL, NULL);

  g_assert_nonnull (info);
  return json_object_get_int_member (json_node_get_object (info), "doc_count");
}

#define SKIP_IF_NO_SERVER() \
  G_STMT_START { if (server == NULL) { g_test_skip (SKIP_MESSAGE); return; } } G_STMT_END

/* ------------------------------------------------------------------ */

static void
test_converge (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *title = NULL;
  g_autofree char *deleted = NULL;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "converge");
  a = open_store ();
  b = open_store ();

  g_free (put_task (a, "task:one", "Giống lúa chịu mặn"));
  g_free (put_task (a, "task:two", "Nuôi tôm công nghệ cao"));
  g_free (put_task (a, "task:three", "Chuyển đổi số y tế"));
  sync_both (a, "converge");
  sync_both (b, "converge");
  title = title_of (b, "task:two");
  g_assert_cmpstr (title, ==, "Nuôi tôm công nghệ cao");
  assert_same_stores (a, b);
  /* The default catalogues, seeded on both sides, do not conflict. */
  {
    g_auto(GStrv) conflicted = tkt_store_list_conflicted (b);

    g_assert_cmpuint (g_strv_length (conflicted), ==, 0);
  }

  /* B edits, deletes and creates; A gets it all. */
  g_free (put_task (b, "task:one", "Giống lúa chịu mặn (giai đoạn 2)"));
  deleted = tkt_store_delete (b, "task:three", NULL, &error);
  g_assert_no_error (error);
  g_free (put_task (b, "task:four", "Điện mặt trời áp mái"));
  sync_both (b, "converge");
  sync_both (a, "converge");
  g_clear_pointer (&title, g_free);
  title = title_of (a, "task:one");
  g_assert_cmpstr (title, ==, "Giống lúa chịu mặn (giai đoạn 2)");
  g_assert_null (tkt_store_get (a, "task:three", NULL));
  g_clear_pointer (&title, g_free);
  title = title_of (a, "task:four");
  g_assert_cmpstr (title, ==, "Điện mặt trời áp mái");
  assert_same_stores (a, b);

  /* And back: A edits, B gets it; a second run moves nothing. */
  rev = put_task (a, "task:four", "Điện mặt trời áp mái, Điện Biên");
  sync_both (a, "converge");
  sync_both (b, "converge");
  assert_same_stores (a, b);
  {
    g_autoptr(TktReplicator) rep = new_replicator (b, server, "converge", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
    TktSyncStats stats;

    g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
    tkt_replicator_get_stats (rep, &stats);
    g_assert_cmpuint (stats.docs_written, ==, 0);
    g_assert_cmpuint (stats.docs_pushed, ==, 0);
  }
}

static void
test_conflict (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *winner = NULL;
  g_autofree char *resolved = NULL;
  g_auto(GStrv) conflicts_a = NULL;
  g_auto(GStrv) conflicts_b = NULL;
  g_auto(GStrv) list = NULL;
  g_autoptr(JsonObject) doc = NULL;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "conflict");
  a = open_store ();
  b = open_store ();
  g_free (put_task (a, "task:x", "Bản gốc"));
  sync_both (a, "conflict");
  sync_both (b, "conflict");

  /* Both edit the same task offline. */
  g_free (put_task (a, "task:x", "Sửa ở máy A"));
  g_free (put_task (b, "task:x", "Sửa ở máy B"));
  sync_both (a, "conflict");
  sync_both (b, "conflict");
  sync_both (a, "conflict");

  conflicts_a = tkt_store_get_conflicts (a, "task:x");
  conflicts_b = tkt_store_get_conflicts (b, "task:x");
  g_assert_cmpuint (g_strv_length (conflicts_a), ==, 1);
  assert_same_stores (a, b);
  list = tkt_store_list_conflicted (b);
  g_assert_cmpuint (g_strv_length (list), ==, 1);
  g_assert_cmpstr (list[0], ==, "task:x");

  /* Resolve on A, keeping the losing side: both sides lose the conflict. */
  resolved = tkt_store_resolve_conflict (a, "task:x", conflicts_a[0], NULL, &error);
  g_assert_no_error (error);
  sync_both (a, "conflict");
  sync_both (b, "conflict");
  g_clear_pointer (&conflicts_b, g_strfreev);
  conflicts_b = tkt_store_get_conflicts (b, "task:x");
  g_assert_cmpuint (g_strv_length (conflicts_b), ==, 0);
  doc = tkt_store_get (b, "task:x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, resolved);
  assert_same_stores (a, b);
}

static void
test_first_merge (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autofree char *title = NULL;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "merge");
  a = open_store ();
  b = open_store ();
  /* The server already has B's register. */
  g_free (put_task (b, "task:server-1", "Trên máy chủ 1"));
  g_free (put_task (b, "task:server-2", "Trên máy chủ 2"));
  sync_both (b, "merge");
  /* A, with its own tasks, connects for the first time. */
  g_free (put_task (a, "task:local-1", "Ở máy A 1"));
  g_free (put_task (a, "task:local-2", "Ở máy A 2"));
  sync_both (a, "merge");
  title = title_of (a, "task:server-2");
  g_assert_cmpstr (title, ==, "Trên máy chủ 2");
  sync_both (b, "merge");
  g_clear_pointer (&title, g_free);
  title = title_of (b, "task:local-1");
  g_assert_cmpstr (title, ==, "Ở máy A 1");
  assert_same_stores (a, b);
}

static GPtrArray *
make_tasks (guint       n,
            const char *prefix)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *doc = json_object_new ();
      g_autofree char *id = g_strdup_printf ("task:%s-%05u", prefix, i);
      g_autofree char *title = g_strdup_printf ("Nhiệm vụ %s số %u", prefix, i);

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "task");
      json_object_set_string_member (doc, "title", title);
      json_object_set_string_member (doc, "level", "provincial");
      g_ptr_array_add (docs, doc);
    }
  return docs;
}

static void
test_ten_thousand (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TktReplicator) push = NULL;
  g_autoptr(TktReplicator) pull = NULL;
  g_autoptr(GHashTable) ids_a = NULL;
  g_autoptr(GHashTable) ids_b = NULL;
  TktSyncStats stats;
  gint64 before;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "big");
  a = open_store ();
  b = open_store ();
  docs = make_tasks (10000, "big");
  g_assert_true (tkt_store_put_all (a, docs, NULL, &error));
  g_assert_no_error (error);
  before = server_doc_count (server, "big");

  push = new_replicator (a, server, "big", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
  g_assert_true (run_replicator (push, TKT_SYNC_PUSH_ONLY, &error));
  g_assert_no_error (error);
  tkt_replicator_get_stats (push, &stats);
  g_assert_cmpuint (stats.docs_pushed, >=, 10000);
  g_assert_cmpint (server_doc_count (server, "big"), >=, before + 10000);

  pull = new_replicator (b, server, "big", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
  g_assert_true (run_replicator (pull, TKT_SYNC_PULL_ONLY, &error));
  g_assert_no_error (error);
  tkt_replicator_get_stats (pull, &stats);
  g_assert_cmpuint (stats.docs_written, >=, 10000);
  g_assert_cmpuint (tkt_replicator_get_done (pull), >=, 10000);
  ids_a = all_ids (a);
  ids_b = all_ids (b);
  g_assert_cmpuint (g_hash_table_size (ids_b), ==, g_hash_table_size (ids_a));
  {
    g_autofree char *title = title_of (b, "task:big-09999");

    g_assert_cmpstr (title, ==, "Nhiệm vụ big số 9999");
  }
}

/* ------------------------------------------------------------------ */
/* interrupted                                                         */

typedef struct {
  SyncServer *srv;
  guint stop_at;
  gboolean stopped;
} Interrupt;

static void
stop_server_cb (TktReplicator *rep,
                GParamSpec    *pspec,
                Interrupt     *in)
{
  if (!in->stopped && tkt_replicator_get_done (rep) >= in->stop_at)
    {
      in->stopped = TRUE;
      sync_server_stop (in->srv);
    }
}

static void
test_interrupted (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  SyncServer *srv;
  const guint n = 3000;
  const guint points[] = { 500, 2000 };

  SKIP_IF_NO_SERVER ();
  /* Databases in a folder, so that a restart keeps them. */
  srv = sync_server_start (TRUE, &error);
  g_assert_no_error (error);
  sync_server_create_db (srv, "resume");

  /* Mid-push, at two points: stop, restart, push again. */
  a = open_store ();
  docs = make_tasks (n, "resume");
  g_assert_true (tkt_store_put_all (a, docs, NULL, &error));
  for (guint k = 0; k < G_N_ELEMENTS (points); k++)
    {
      g_autoptr(TktReplicator) rep = new_replicator (a, srv, "resume", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
      g_autoptr(TktReplicator) again = NULL;
      Interrupt in = { srv, points[k], FALSE };
      TktSyncStats stats;
      gint64 pushed;

      if (k > 0)
        {
          /* New edits to push. */
          for (guint i = 0; i < n; i++)
            {
              g_autofree char *title = g_strdup_printf ("Sửa lần %u", k);

              json_object_set_string_member (docs->pdata[i], "title", title);
              json_object_remove_member (docs->pdata[i], "_rev");
            }
          g_assert_true (tkt_store_put_all (a, docs, NULL, &error));
          g_assert_no_error (error);
        }
      g_object_set (rep, "batch-size", 250, NULL);
      g_signal_connect (rep, "notify::pushed-seq", G_CALLBACK (stop_server_cb), &in);
      g_signal_connect (rep, "notify::done", G_CALLBACK (stop_server_cb), &in);
      g_assert_false (run_replicator (rep, TKT_SYNC_PUSH_ONLY, &error));
      g_assert_true (in.stopped);
      g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_NETWORK);
      g_clear_error (&error);
      pushed = tkt_replicator_get_pushed_seq (rep);
      g_assert_cmpint (pushed, >, 0);
      g_assert_cmpint (pushed, <, tkt_store_get_update_seq (a));

      g_assert_true (sync_server_restart (srv, &error));
      again = new_replicator (a, srv, "resume", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
      g_object_set (again, "batch-size", 250, NULL);
      g_assert_true (run_replicator (again, TKT_SYNC_PUSH_ONLY, &error));
      g_assert_no_error (error);
      tkt_replicator_get_stats (again, &stats);
      /* Resumed: at most one batch again, not everything. */
      g_assert_cmpuint (stats.docs_pushed, <, n);
      g_assert_cmpint (tkt_replicator_get_pushed_seq (again), ==, tkt_store_get_update_seq (a));
    }

  /* Mid-pull, at two points. */
  b = open_store ();
  for (guint k = 0; k < G_N_ELEMENTS (points); k++)
    {
      g_autoptr(TktReplicator) rep = new_replicator (b, srv, "resume", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
      g_autoptr(TktReplicator) again = NULL;
      Interrupt in = { srv, points[k], FALSE };
      TktSyncStats stats;

      if (k > 0)
        {
          /* More changes on the server (from A) to pull. */
          for (guint i = 0; i < n; i++)
            {
              json_object_set_string_member (docs->pdata[i], "title", "Sửa lần cuối");
              json_object_remove_member (docs->pdata[i], "_rev");
            }
          g_assert_true (tkt_store_put_all (a, docs, NULL, &error));
          {
            g_autoptr(TktReplicator) p = new_replicator (a, srv, "resume", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);

            g_assert_true (run_replicator (p, TKT_SYNC_PUSH_ONLY, &error));
            g_assert_no_error (error);
          }
        }
      g_object_set (rep, "batch-size", 250, NULL);
      g_signal_connect (rep, "notify::done", G_CALLBACK (stop_server_cb), &in);
      g_assert_false (run_replicator (rep, TKT_SYNC_PULL_ONLY, &error));
      g_assert_true (in.stopped);
      g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_NETWORK);
      g_clear_error (&error);

      g_assert_true (sync_server_restart (srv, &error));
      again = new_replicator (b, srv, "resume", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
      g_object_set (again, "batch-size", 250, NULL);
      g_assert_true (run_replicator (again, TKT_SYNC_PULL_ONLY, &error));
      g_assert_no_error (error);
      tkt_replicator_get_stats (again, &stats);
      g_assert_cmpuint (stats.docs_read, <, n);
    }
  assert_same_stores (a, b);
  {
    g_auto(GStrv) conflicted = tkt_store_list_conflicted (b);

    g_assert_cmpuint (g_strv_length (conflicted), ==, 0);
  }
  sync_server_free (srv);
}

/* ------------------------------------------------------------------ */
/* authentication                                                      */

static void
add_user (SyncServer *srv,
          const char *name,
          const char *password)
{
  g_autofree char *path = g_strdup_printf ("_users/org.couchdb.user:%s", name);
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"password\":\"%s\",\"roles\":[],\"type\":\"user\"}",
                                           name, password);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = sync_server_request (srv, "PUT", path, body, &status);
  g_assert_cmpuint (status, ==, 201);
}

static void
test_wrong_password (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktReplicator) rep = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "auth");
  a = open_store ();
  g_free (put_task (a, "task:secret", "Bí mật"));
  seq = tkt_store_get_update_seq (a);
  rep = new_replicator (a, server, "auth", SYNC_ADMIN, "not the password");
  g_assert_false (run_replicator (rep, TKT_SYNC_BOTH, &error));
  g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, SYNC_ADMIN));
  g_assert_null (strstr (error->message, "not the password"));
  g_assert_cmpint (tkt_replicator_get_state (rep), ==, TKT_SYNC_STATE_ERROR);
  g_assert_cmpstr (tkt_replicator_get_last_error (rep), ==, error->message);
  g_assert_cmpint (tkt_store_get_update_seq (a), ==, seq);
  g_assert_cmpint (server_doc_count (server, "auth"), ==, 0);
}

static void
count_refused_cb (TktReplicator *rep,
                  const char    *id,
                  const char    *reason,
                  guint         *count)
{
  (*count)++;
}

/* pouchdb-server, like CouchDB, answers a reader's _bulk_docs with 201 and
 * a "forbidden" per document (from validate_doc_update): the replicator
 * records each refusal, keeps the local edits and goes on pulling. */
static void
test_read_only (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) writer = NULL;
  g_autoptr(TktReplicator) rep = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *title = NULL;
  GHashTable *refused;
  guint n_signals = 0;
  guint status = 0;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "readonly");
  add_user (server, "reader", "reader-pw");
  reply = sync_server_request (server, "PUT", "readonly/_security",
                               "{\"admins\":{\"names\":[],\"roles\":[]},\"members\":{\"names\":[\"reader\"],\"roles\":[]}}",
                               &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&reply, json_node_unref);
  reply = sync_server_request (server, "PUT", "readonly/_design/readonly",
                               "{\"validate_doc_update\":\"function (doc, old, user) { "
                               "if (user.roles.indexOf('_admin') < 0) throw ({forbidden: 'read only'}); }\"}",
                               &status);
  g_assert_cmpuint (status, ==, 201);

  writer = open_store ();
  g_free (put_task (writer, "task:official", "Do quản trị viên nhập"));
  sync_both (writer, "readonly");

  a = open_store ();
  g_free (put_task (a, "task:mine", "Sửa của người chỉ được đọc"));
  rep = new_replicator (a, server, "readonly", "reader", "reader-pw");
  g_signal_connect (rep, "refused", G_CALLBACK (count_refused_cb), &n_signals);
  g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
  g_assert_no_error (error);
  /* Pulled what the server has… */
  title = title_of (a, "task:official");
  g_assert_cmpstr (title, ==, "Do quản trị viên nhập");
  /* …and the local edit is refused, recorded, kept, and not retried. */
  refused = tkt_replicator_get_refused (rep);
  g_assert_true (g_hash_table_contains (refused, "task:mine"));
  g_assert_nonnull (strstr (g_hash_table_lookup (refused, "task:mine"), "read only"));
  g_assert_cmpuint (n_signals, >=, 1);
  g_clear_pointer (&title, g_free);
  title = title_of (a, "task:mine");
  g_assert_cmpstr (title, ==, "Sửa của người chỉ được đọc");
  {
    g_autoptr(JsonNode) doc = sync_server_request (server, "GET", "readonly/task%3Amine", NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }
  {
    TktSyncStats stats;
    guint before = n_signals;

    g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
    tkt_replicator_get_stats (rep, &stats);
    g_assert_cmpuint (stats.docs_pushed, ==, 0);
    g_assert_cmpuint (n_signals, ==, before);
  }
}

static void
test_expired_cookie (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktReplicator) rep = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "cookie");
  add_user (server, "clerk", "clerk-pw");
  reply = sync_server_request (server, "PUT", "cookie/_security",
                               "{\"admins\":{\"names\":[],\"roles\":[]},\"members\":{\"names\":[\"clerk\"],\"roles\":[]}}",
                               &status);
  g_assert_cmpuint (status, ==, 200);
  /* Cookies that live two seconds. */
  g_clear_pointer (&reply, json_node_unref);
  reply = sync_server_request (server, "PUT", "_config/couch_httpd_auth/timeout", "\"2\"", &status);
  g_assert_cmpuint (status, ==, 200);

  a = open_store ();
  g_free (put_task (a, "task:c1", "Trước khi hết hạn"));
  rep = new_replicator (a, server, "cookie", "clerk", "clerk-pw");
  g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
  g_assert_no_error (error);

  g_usleep (3500 * 1000);
  g_free (put_task (a, "task:c2", "Sau khi hết hạn"));
  g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
  g_assert_no_error (error);
  g_clear_pointer (&reply, json_node_unref);
  reply = sync_server_request (server, "GET", "cookie/task%3Ac2", NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  g_clear_pointer (&reply, json_node_unref);
  reply = sync_server_request (server, "PUT", "_config/couch_httpd_auth/timeout", "\"600\"", &status);
}

/* ------------------------------------------------------------------ */
/* live                                                                */

static gboolean
deadline_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_live (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autoptr(TktReplicator) rep_a = NULL;
  g_autoptr(TktReplicator) rep_b = NULL;
  g_autofree char *title = NULL;
  gboolean expired = FALSE;
  guint deadline;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "live");
  a = open_store ();
  b = open_store ();
  rep_a = new_replicator (a, server, "live", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
  rep_b = new_replicator (b, server, "live", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
  g_object_set (rep_a, "timeout", 4, NULL);
  g_object_set (rep_b, "timeout", 4, NULL);
  tkt_replicator_start (rep_a);
  tkt_replicator_start (rep_b);
  while (tkt_replicator_get_state (rep_a) != TKT_SYNC_STATE_SYNCED ||
         tkt_replicator_get_state (rep_b) != TKT_SYNC_STATE_SYNCED)
    g_main_context_iteration (NULL, TRUE);

  g_free (put_task (a, "task:live", "Gửi ngay"));
  deadline = g_timeout_add_seconds (20, deadline_cb, &expired);
  while (!expired && (title = title_of (b, "task:live")) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_assert_cmpstr (title, ==, "Gửi ngay");
  g_source_remove (deadline);

  tkt_replicator_stop (rep_a);
  tkt_replicator_stop (rep_b);
  g_assert_cmpint (tkt_replicator_get_state (rep_a), ==, TKT_SYNC_STATE_IDLE);
  /* Let the cancelled requests finish before the stores go. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* ------------------------------------------------------------------ */

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* Download again: B's local copy emptied (its unsent changes saved to a
 * file) and pulled from the start converges with the server; a push
 * after it sends nothing; importing the file afterwards continues the
 * server's revisions and reaches A without a conflict. */
static void
test_download_again (void)
{
  g_autoptr(TktStore) a = NULL;
  g_autoptr(TktStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) contents = NULL;
  gint64 pushed, count;
  guint n_unsent = 0, n = 0;

  SKIP_IF_NO_SERVER ();
  sync_server_create_db (server, "again");
  a = open_store ();
  b = open_store ();

  g_free (put_task (a, "task:one", "Giống lúa chịu mặn"));
  g_free (put_task (a, "task:two", "Nuôi tôm công nghệ cao"));
  sync_both (a, "again");
  sync_both (b, "again");
  pushed = tkt_store_get_update_seq (b);

  /* Not sent from B; meanwhile A changes the server. */
  g_free (put_task (b, "task:one", "Giống lúa chịu mặn (B, chưa gửi)"));
  g_free (put_task (b, "task:mine", "Chỉ có ở B"));
  g_free (put_task (a, "task:two", "Nuôi tôm công nghệ cao, Bạc Liêu"));
  sync_both (a, "again");
  count = server_doc_count (server, "again");

  file_path = g_build_filename (tmpdir, "again-unsent.json", NULL);
  file = g_file_new_for_path (file_path);
  g_assert_true (tkt_store_reset_local_copy (b, pushed, file, &n_unsent, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_unsent, ==, 2);

  {
    g_autoptr(TktReplicator) rep = new_replicator (b, server, "again", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
    TktSyncStats stats;

    g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
    g_assert_no_error (error);
    tkt_replicator_get_stats (rep, &stats);
    g_assert_cmpuint (stats.docs_written, >, 0);
    /* The push after the download finds everything there already. */
    g_assert_cmpuint (stats.docs_pushed, ==, 0);
  }
  assert_same_stores (a, b);
  title = title_of (b, "task:two");
  g_assert_cmpstr (title, ==, "Nuôi tôm công nghệ cao, Bạc Liêu");
  g_assert_null (tkt_store_get (b, "task:mine", NULL));
  g_assert_cmpint (server_doc_count (server, "again"), ==, count);
  {
    g_autoptr(TktReplicator) rep = new_replicator (b, server, "again", SYNC_ADMIN, SYNC_ADMIN_PASSWORD);
    TktSyncStats stats;

    g_assert_true (run_replicator (rep, TKT_SYNC_BOTH, &error));
    tkt_replicator_get_stats (rep, &stats);
    g_assert_cmpuint (stats.docs_written, ==, 0);
    g_assert_cmpuint (stats.docs_pushed, ==, 0);
  }

  /* The saved changes, imported again, go on from the server's revisions. */
  contents = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tkt_io_import (b, contents, TKT_IO_FORMAT_JSON, &n, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  sync_both (b, "again");
  sync_both (a, "again");
  assert_same_stores (a, b);
  g_clear_pointer (&title, g_free);
  title = title_of (a, "task:one");
  g_assert_cmpstr (title, ==, "Giống lúa chịu mặn (B, chưa gửi)");
  g_clear_pointer (&title, g_free);
  title = title_of (a, "task:mine");
  g_assert_cmpstr (title, ==, "Chỉ có ở B");
  {
    g_auto(GStrv) conflicted = tkt_store_list_conflicted (a);

    g_assert_cmpuint (g_strv_length (conflicted), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *program = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("TKT_FIXED_NOW", "2024-01-24T09:30:00+07:00", FALSE);

  tmpdir = g_dir_make_tmp ("test-sync-XXXXXX", &error);
  g_assert_no_error (error);
  program = sync_server_find_program ();
  if (program != NULL)
    {
      server = sync_server_start (FALSE, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/tkt/sync/pouchdb/converge", test_converge);
  g_test_add_func ("/tkt/sync/pouchdb/conflict", test_conflict);
  g_test_add_func ("/tkt/sync/pouchdb/first-merge", test_first_merge);
  g_test_add_func ("/tkt/sync/pouchdb/ten-thousand", test_ten_thousand);
  g_test_add_func ("/tkt/sync/pouchdb/interrupted", test_interrupted);
  g_test_add_func ("/tkt/sync/pouchdb/auth/wrong-password", test_wrong_password);
  g_test_add_func ("/tkt/sync/pouchdb/auth/read-only", test_read_only);
  g_test_add_func ("/tkt/sync/pouchdb/auth/expired-cookie", test_expired_cookie);
  g_test_add_func ("/tkt/sync/pouchdb/live", test_live);
  g_test_add_func ("/tkt/sync/pouchdb/download-again", test_download_again);

  status = g_test_run ();
  sync_server_free (server);
  remove_dir (tmpdir);
  g_free (tmpdir);
  return status;
}
