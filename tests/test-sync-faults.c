/* test-sync-faults.c — the replicator against an in-process SoupServer
 * that speaks just enough of CouchDB and misbehaves on demand: malformed
 * JSON, wrong types, truncated bodies, cut connections, 500s, slow replies,
 * a 100 MB reply, 413 on _bulk_docs, _bulk_get refused, 403 on writes.
 * Each gives a clear error (or works) and leaves the local database as it
 * was.
 *
 * The server's documents alternate between a first revision (even
 * numbers: "1-…", no history) and a second one (odd: "2-…" with its
 * parent), so that a pull uses each of the replicator's ways to fetch:
 * documents in the feed (include_docs), POST _all_docs for first
 * revisions, and _bulk_get (or open_revs) for revisions with history. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include <sqlite3.h>

#include "tkt-replicator.h"
#include "tkt-store.h"
#include "tkt-store-sync.h"

#define N_REMOTE 12

typedef enum {
  FAULT_NONE,
  FAULT_CHANGES_MALFORMED,
  FAULT_CHANGES_TRUNCATED,
  FAULT_CHANGES_WRONG_TYPES,
  FAULT_CHANGES_SLOW,
  FAULT_CHANGES_HUGE,
  FAULT_CHANGES_500_TWICE,
  FAULT_CHANGES_EMPTY,           /* 200 and nothing after the headers */
  FAULT_BULK_GET_500,
  FAULT_BULK_GET_BAD_DOC,
  FAULT_BULK_GET_REFUSED,
  FAULT_BULK_DOCS_413,
  FAULT_BULK_DOCS_403,
  FAULT_ROOT_NOT_COUCH,
  FAULT_FEED_NO_DOCS,            /* _changes ignores include_docs */
  FAULT_ALL_DOCS_REFUSED,        /* and POST _all_docs is refused */
  FAULT_ALL_DOCS_MALFORMED,      /* and POST _all_docs answers nonsense */
  FAULT_ALL_DOCS_OTHER_REV,      /* and _all_docs gives another revision */
} Fault;

typedef struct {
  SoupServer *soup;
  char *url;
  Fault fault;
  guint changes_requests;
  guint bulk_get_requests;
  guint open_revs_requests;
  guint all_docs_requests;
  guint bulk_get_docs;           /* revisions asked for with _bulk_get */
  guint docs_in_feed;            /* documents sent with _changes */
  guint bulk_docs_requests;
  guint revs_diff_requests;
  char *last_since;              /* the since= of the last _changes */
  const char *db_info;           /* GET /db's answer, NULL for 12 documents */
  guint max_bulk_docs;           /* the largest _bulk_docs accepted */
  GHashTable *received;          /* id → NULL: documents pushed */
} Fake;

static Fake fake;
static char *tmpdir;
static guint n_stores;

static char *
remote_hash (guint i)
{
  g_autofree char *id = g_strdup_printf ("task:remote-%02u", i);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, id, -1);
}

/* Odd documents are at their second revision. */
static char *
remote_rev (guint i)
{
  g_autofree char *hash = remote_hash (i);
  g_autofree char *second = NULL;

  if (i % 2 == 0)
    return g_strconcat ("1-", hash, NULL);
  second = g_compute_checksum_for_string (G_CHECKSUM_MD5, hash, -1);
  return g_strconcat ("2-", second, NULL);
}

static JsonNode *
remote_doc (guint i)
{
  g_autofree char *hash = remote_hash (i);
  g_autofree char *rev = remote_rev (i);
  g_autofree char *text = NULL;

  if (i % 2 == 0)
    text = g_strdup_printf ("{\"_id\":\"task:remote-%02u\",\"_rev\":\"%s\",\"type\":\"task\","
                            "\"title\":\"Từ máy chủ %u\",\"_revisions\":{\"start\":1,\"ids\":[\"%s\"]}}",
                            i, rev, i, hash);
  else
    text = g_strdup_printf ("{\"_id\":\"task:remote-%02u\",\"_rev\":\"%s\",\"type\":\"task\","
                            "\"title\":\"Từ máy chủ %u\",\"_revisions\":{\"start\":2,\"ids\":[\"%s\",\"%s\"]}}",
                            i, rev, i, rev + 2, hash);
  return json_from_string (text, NULL);
}

/* A document as _all_docs and the feed give it: no _revisions. */
static JsonNode *
remote_doc_plain (guint i)
{
  JsonNode *doc = remote_doc (i);

  json_object_remove_member (json_node_get_object (doc), "_revisions");
  return doc;
}

static gboolean
fault_feed_no_docs (void)
{
  return fake.fault == FAULT_FEED_NO_DOCS || fake.fault == FAULT_ALL_DOCS_REFUSED ||
         fake.fault == FAULT_ALL_DOCS_MALFORMED || fake.fault == FAULT_ALL_DOCS_OTHER_REV;
}

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
reply_node (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  reply_text (msg, status, text);
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  reply_text (msg, 200, "{\"results\":[],\"last_seq\":0}");
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
changes (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTable *query = NULL;

  fake.changes_requests++;
  switch (fake.fault)
    {
    case FAULT_CHANGES_MALFORMED:
      reply_text (msg, 200, "{\"results\":[{\"id\":\"task:remote-00\",\"changes\":[{\"rev\":\"1-abc\"}]},, nope");
      return;
    case FAULT_CHANGES_TRUNCATED:
      reply_text (msg, 200, "{\"results\":[{\"id\":\"task:remote-00\",\"changes\":[{\"rev\":\"1-a");
      return;
    case FAULT_CHANGES_WRONG_TYPES:
      reply_text (msg, 200, "{\"results\":[{\"id\":42,\"changes\":\"1-abc\",\"seq\":1}],\"last_seq\":1}");
      return;
    case FAULT_CHANGES_SLOW:
      soup_server_message_pause (msg);
      g_timeout_add (3000, unpause_cb, g_object_ref (msg));
      return;
    case FAULT_CHANGES_HUGE:
      {
        /* 100 MB of JSON, chunked, one shared megabyte of spaces. */
        SoupMessageBody *body = soup_server_message_get_response_body (msg);
        g_autoptr(GBytes) mb = NULL;
        char *spaces = g_malloc (1024 * 1024);

        memset (spaces, ' ', 1024 * 1024);
        mb = g_bytes_new_take (spaces, 1024 * 1024);
        soup_server_message_set_status (msg, 200, NULL);
        soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
        soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), "application/json", NULL);
        soup_message_body_append (body, SOUP_MEMORY_STATIC, "{\"results\":[", 12);
        for (int i = 0; i < 100; i++)
          soup_message_body_append_bytes (body, mb);
        soup_message_body_append (body, SOUP_MEMORY_STATIC, "],\"last_seq\":1}", 15);
        soup_message_body_complete (body);
        return;
      }
    case FAULT_CHANGES_EMPTY:
      reply_text (msg, 200, "");
      return;
    case FAULT_CHANGES_500_TWICE:
      if (fake.changes_requests <= 2)
        {
          reply_text (msg, 500, "{\"error\":\"unknown_error\",\"reason\":\"function_clause\"}");
          return;
        }
      break;
    case FAULT_NONE:
    case FAULT_BULK_GET_500:
    case FAULT_BULK_GET_BAD_DOC:
    case FAULT_BULK_GET_REFUSED:
    case FAULT_BULK_DOCS_413:
    case FAULT_BULK_DOCS_403:
    case FAULT_ROOT_NOT_COUCH:
    case FAULT_FEED_NO_DOCS:
    case FAULT_ALL_DOCS_REFUSED:
    case FAULT_ALL_DOCS_MALFORMED:
    case FAULT_ALL_DOCS_OTHER_REV:
    default:
      break;
    }

  query = soup_server_message_get_uri (msg) ? g_uri_parse_params (g_uri_get_query (soup_server_message_get_uri (msg)),
                                                                  -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  g_free (fake.last_since);
  fake.last_since = g_strdup (query ? g_hash_table_lookup (query, "since") : NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  /* One batch from 0; an opaque string sequence, as clusters give. */
  if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "since"), "0") == 0)
    for (guint i = 0; i < N_REMOTE; i++)
      {
        g_autofree char *id = g_strdup_printf ("task:remote-%02u", i);
        g_autofree char *rev = remote_rev (i);
        g_autofree char *seq = g_strdup_printf ("%u-g1AAAAB4eJzLYWBgYMpgTmHgz8tPSTV0MDQy", i + 1);

        json_builder_begin_object (b);
        json_builder_set_member_name (b, "seq");
        json_builder_add_string_value (b, seq);
        json_builder_set_member_name (b, "id");
        json_builder_add_string_value (b, id);
        json_builder_set_member_name (b, "changes");
        json_builder_begin_array (b);
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "rev");
        json_builder_add_string_value (b, rev);
        json_builder_end_object (b);
        json_builder_end_array (b);
        if (query != NULL && g_strcmp0 (g_hash_table_lookup (query, "include_docs"), "true") == 0 &&
            !fault_feed_no_docs ())
          {
            json_builder_set_member_name (b, "doc");
            json_builder_add_value (b, remote_doc_plain (i));
            fake.docs_in_feed++;
          }
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "last_seq");
  json_builder_add_string_value (b, "12-g1AAAAB4eJzLYWBgYMpgTmHgz8tPSTV0MDQy");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  reply_node (msg, 200, root);
  g_clear_pointer (&query, g_hash_table_unref);
}

static void
bulk_get (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) body = json_from_string (request->data, NULL);
  g_autoptr(JsonArray) results = json_array_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *docs;

  fake.bulk_get_requests++;
  if (fake.fault == FAULT_BULK_GET_500)
    {
      reply_text (msg, 500, "{\"error\":\"internal_server_error\"}");
      return;
    }
  if (fake.fault == FAULT_BULK_GET_REFUSED)
    {
      reply_text (msg, 405, "{\"error\":\"method_not_allowed\",\"reason\":\"Only GET,HEAD,DELETE allowed\"}");
      return;
    }
  docs = json_object_get_array_member (json_node_get_object (body), "docs");
  fake.bulk_get_docs += json_array_get_length (docs);
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *want = json_array_get_object_element (docs, i);
      const char *id = json_object_get_string_member (want, "id");
      guint n = (guint) g_ascii_strtoull (id + strlen ("task:remote-"), NULL, 10);
      JsonObject *item = json_object_new ();
      JsonArray *list = json_array_new ();
      JsonObject *ok = json_object_new ();
      JsonNode *doc = remote_doc (n);

      if (fake.fault == FAULT_BULK_GET_BAD_DOC && i == json_array_get_length (docs) - 1)
        json_object_set_string_member (json_node_get_object (doc), "_revisions", "oops");
      json_object_set_member (ok, "ok", doc);
      json_array_add_object_element (list, ok);
      json_object_set_string_member (item, "id", id);
      json_object_set_array_member (item, "docs", list);
      json_array_add_object_element (results, item);
    }
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, json_object_new ());
  json_object_set_array_member (json_node_get_object (root), "results", json_array_ref (results));
  reply_node (msg, 200, root);
}

static void
open_revs (SoupServerMessage *msg,
           const char        *id)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  guint n;
  JsonObject *ok = json_object_new ();

  fake.open_revs_requests++;
  if (!g_str_has_prefix (id, "task:remote-") ||
      g_uri_get_query (soup_server_message_get_uri (msg)) == NULL ||
      strstr (g_uri_get_query (soup_server_message_get_uri (msg)), "open_revs=") == NULL)
    {
      json_object_unref (ok);
      reply_text (msg, 404, "{\"error\":\"not_found\"}");
      return;
    }
  n = (guint) g_ascii_strtoull (id + strlen ("task:remote-"), NULL, 10);
  json_object_set_member (ok, "ok", remote_doc (n));
  json_array_add_object_element (items, ok);
  json_node_set_array (root, items);
  reply_node (msg, 200, root);
}

/* POST _all_docs {"keys": […]} with include_docs. */
static void
all_docs (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) body = json_from_string (request->data, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *keys;

  fake.all_docs_requests++;
  if (fake.fault == FAULT_ALL_DOCS_REFUSED)
    {
      reply_text (msg, 405, "{\"error\":\"method_not_allowed\",\"reason\":\"Only GET,HEAD allowed\"}");
      return;
    }
  if (fake.fault == FAULT_ALL_DOCS_MALFORMED)
    {
      reply_text (msg, 200, "{\"total_rows\":12,\"rows\":\"task:remote-00\"}");
      return;
    }
  g_assert_true (strstr (g_uri_get_query (soup_server_message_get_uri (msg)), "include_docs=true") != NULL);
  keys = json_object_get_array_member (json_node_get_object (body), "keys");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      const char *id = json_array_get_string_element (keys, i);
      guint n = (guint) g_ascii_strtoull (id + strlen ("task:remote-"), NULL, 10);
      JsonNode *doc = remote_doc_plain (n);
      g_autofree char *rev = remote_rev (n);

      /* Only first revisions are asked for this way. */
      g_assert_true (n % 2 == 0);
      if (fake.fault == FAULT_ALL_DOCS_OTHER_REV)
        {
          /* edited on the server since the feed: the replicator must
           * fetch the wanted revision with its history instead */
          g_free (rev);
          rev = g_strdup ("3-0123456789abcdef0123456789abcdef");
          json_object_set_string_member (json_node_get_object (doc), "_rev", rev);
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "value");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rev");
      json_builder_add_string_value (b, rev);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "doc");
      json_builder_add_value (b, doc);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  reply_node (msg, 200, root);
}

static void
revs_diff (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) body = json_from_string (request->data, NULL);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *out = json_object_new ();
  g_autoptr(GList) ids = json_object_get_members (json_node_get_object (body));

  fake.revs_diff_requests++;
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_array_member (entry, "missing",
                                    json_array_ref (json_object_get_array_member (json_node_get_object (body), l->data)));
      json_object_set_object_member (out, l->data, entry);
    }
  json_node_take_object (root, out);
  reply_node (msg, 200, root);
}

static void
bulk_docs (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) body = json_from_string (request->data, NULL);
  JsonObject *obj = json_node_get_object (body);
  JsonArray *docs = json_object_get_array_member (obj, "docs");

  fake.bulk_docs_requests++;
  g_assert_false (json_object_get_boolean_member (obj, "new_edits"));
  if (fake.fault == FAULT_BULK_DOCS_403)
    {
      reply_text (msg, 403, "{\"error\":\"forbidden\",\"reason\":\"You are not allowed to write.\"}");
      return;
    }
  if (fake.fault == FAULT_BULK_DOCS_413 && json_array_get_length (docs) > 4)
    {
      reply_text (msg, 413, "{\"error\":\"too_large\",\"reason\":\"the request entity is too large\"}");
      return;
    }
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);

      g_assert_true (json_object_has_member (doc, "_revisions"));
      g_hash_table_add (fake.received, g_strdup (json_object_get_string_member (doc, "_id")));
    }
  fake.max_bulk_docs = MAX (fake.max_bulk_docs, json_array_get_length (docs));
  reply_text (msg, 201, "[]");
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/"))
    {
      if (fake.fault == FAULT_ROOT_NOT_COUCH)
        reply_text (msg, 200, "{\"hello\":\"I am a web shop\"}");
      else
        reply_text (msg, 200, "{\"couchdb\":\"Welcome\",\"version\":\"3.3.3\",\"uuid\":\"0123456789abcdef0123456789abcdef\"}");
    }
  else if (g_str_equal (path, "/_session"))
    reply_text (msg, 404, "{\"error\":\"not_found\"}");
  else if (g_str_equal (path, "/db") || g_str_equal (path, "/db/"))
    reply_text (msg, 200, fake.db_info ? fake.db_info
                          : "{\"db_name\":\"db\",\"doc_count\":12,\"update_seq\":\"12-g1AAAAB4eJzLYWBgYMpgTmHgz8tPSTV0MDQy\"}");
  else if (g_str_has_prefix (path, "/db/_local/"))
    {
      if (g_str_equal (method, "PUT"))
        reply_text (msg, 201, "{\"ok\":true,\"id\":\"_local/x\",\"rev\":\"0-1\"}");
      else
        reply_text (msg, 404, "{\"error\":\"not_found\",\"reason\":\"missing\"}");
    }
  else if (g_str_equal (path, "/db/_changes"))
    changes (msg);
  else if (g_str_equal (path, "/db/_bulk_get"))
    bulk_get (msg);
  else if (g_str_equal (path, "/db/_all_docs") && g_str_equal (method, "POST"))
    all_docs (msg);
  else if (g_str_equal (path, "/db/_revs_diff"))
    revs_diff (msg);
  else if (g_str_equal (path, "/db/_bulk_docs"))
    bulk_docs (msg);
  else if (g_str_has_prefix (path, "/db/"))
    open_revs (msg, path + 4);
  else
    reply_text (msg, 404, "{\"error\":\"not_found\"}");
}

static void
fake_reset (Fault fault)
{
  fake.fault = fault;
  fake.changes_requests = 0;
  fake.bulk_get_requests = 0;
  fake.open_revs_requests = 0;
  fake.all_docs_requests = 0;
  fake.bulk_get_docs = 0;
  fake.docs_in_feed = 0;
  fake.bulk_docs_requests = 0;
  fake.revs_diff_requests = 0;
  fake.db_info = NULL;
  fake.max_bulk_docs = 0;
  g_hash_table_remove_all (fake.received);
}

/* ------------------------------------------------------------------ */

static TktStore *
store_with_tasks (void)
{
  g_autofree char *name = g_strdup_printf ("faults-%u.db", ++n_stores);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  TktStore *store = tkt_store_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autofree char *id = g_strdup_printf ("task:local-%02u", i);
      g_autofree char *rev = NULL;

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "task");
      json_object_set_string_member (doc, "title", "Ở máy này");
      rev = tkt_store_put (store, doc, &error);
      g_assert_no_error (error);
    }
  return store;
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

static TktReplicator *
replicator_for (TktStore   *store,
                const char *url)
{
  g_autoptr(GError) error = NULL;
  TktReplicator *rep = tkt_replicator_new (store, url, NULL, NULL, &error);

  g_assert_no_error (error);
  g_object_set (rep, "max-retries", 2, "retry-delay", 20, "timeout", 1, NULL);
  return rep;
}

static gboolean
run_cancellable (TktReplicator    *rep,
                 TktSyncDirection  direction,
                 GCancellable     *cancellable,
                 GError          **error)
{
  Wait w = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  tkt_replicator_run_async (rep, direction, cancellable, run_done_cb, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.ok;
}

static gboolean
run (TktReplicator   *rep,
     TktSyncDirection direction,
     GError         **error)
{
  return run_cancellable (rep, direction, NULL, error);
}

static guint
n_remote_docs (TktStore *store)
{
  guint n = 0;

  for (guint i = 0; i < N_REMOTE; i++)
    {
      g_autofree char *id = g_strdup_printf ("task:remote-%02u", i);
      g_autoptr(JsonObject) doc = tkt_store_get (store, id, NULL);

      n += doc != NULL;
    }
  return n;
}

/* A pull that must fail with `code` and change nothing locally. */
static void
assert_pull_fails (Fault          fault,
                   gint           code,
                   const char    *in_message)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GError) error = NULL;
  gint64 seq = tkt_store_get_update_seq (store);
  g_autoptr(JsonObject) before = tkt_store_get (store, "task:local-03", NULL);
  g_autoptr(JsonObject) after = NULL;

  fake_reset (fault);
  g_assert_false (run (rep, TKT_SYNC_PULL_ONLY, &error));
  g_assert_error (error, TKT_SYNC_ERROR, code);
  g_test_message ("%s", error->message);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_assert_cmpint (tkt_replicator_get_state (rep), ==, TKT_SYNC_STATE_ERROR);
  g_assert_cmpstr (tkt_replicator_get_last_error (rep), ==, error->message);
  /* The local database is as it was. */
  g_assert_cmpint (tkt_store_get_update_seq (store), ==, seq);
  g_assert_cmpuint (n_remote_docs (store), ==, 0);
  after = tkt_store_get (store, "task:local-03", NULL);
  g_assert_cmpstr (json_object_get_string_member (after, "_rev"), ==,
                   json_object_get_string_member (before, "_rev"));
}

static void
test_malformed (void)
{
  assert_pull_fails (FAULT_CHANGES_MALFORMED, TKT_SYNC_ERROR_BAD_REPLY, "_changes");
}

static void
test_truncated (void)
{
  assert_pull_fails (FAULT_CHANGES_TRUNCATED, TKT_SYNC_ERROR_BAD_REPLY, "not valid JSON");
}

static void
test_wrong_types (void)
{
  assert_pull_fails (FAULT_CHANGES_WRONG_TYPES, TKT_SYNC_ERROR_BAD_REPLY, "replication protocol");
}

static void
test_bad_doc_in_batch (void)
{
  /* One bad revision in a batch: none of the batch is written. */
  assert_pull_fails (FAULT_BULK_GET_BAD_DOC, TKT_SYNC_ERROR_BAD_REPLY, "_bulk_get");
}

static void
test_500 (void)
{
  assert_pull_fails (FAULT_BULK_GET_500, TKT_SYNC_ERROR_SERVER, "500");
  /* First try and two retries. */
  g_assert_cmpuint (fake.bulk_get_requests, ==, 3);
}

static void
test_500_then_ok (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GError) error = NULL;
  TktSyncStats stats;

  fake_reset (FAULT_CHANGES_500_TWICE);
  g_assert_true (run (rep, TKT_SYNC_PULL_ONLY, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_remote_docs (store), ==, N_REMOTE);
  tkt_replicator_get_stats (rep, &stats);
  g_assert_cmpuint (stats.retries, ==, 2);
  g_assert_cmpuint (stats.docs_written, ==, N_REMOTE);
}

static void
test_slow (void)
{
  gint64 start = g_get_monotonic_time ();

  assert_pull_fails (FAULT_CHANGES_SLOW, TKT_SYNC_ERROR_NETWORK, "in time");
  /* 1 s timeout, three tries: the error comes well before a minute. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpuint (fake.changes_requests, ==, 3);
}

static void
test_huge (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GError) error = NULL;
  gint64 seq = tkt_store_get_update_seq (store);

  g_object_set (rep, "timeout", 30, NULL);
  fake_reset (FAULT_CHANGES_HUGE);
  g_assert_false (run (rep, TKT_SYNC_PULL_ONLY, &error));
  g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_REPLY);
  g_assert_nonnull (strstr (error->message, "64 MB"));
  g_assert_cmpint (tkt_store_get_update_seq (store), ==, seq);
  /* Not retried: a bad reply is not a network problem. */
  g_assert_cmpuint (fake.changes_requests, ==, 1);
}

/* A server that stops during a long poll sends the headers and closes:
 * an empty answer is a lost connection, tried again, then a network
 * error (offline), never "not what the protocol says". */
static void
test_empty_reply (void)
{
  assert_pull_fails (FAULT_CHANGES_EMPTY, TKT_SYNC_ERROR_NETWORK, "closed");
  g_assert_cmpuint (fake.changes_requests, ==, 3);
}

static void
test_not_couchdb (void)
{
  assert_pull_fails (FAULT_ROOT_NOT_COUCH, TKT_SYNC_ERROR_NOT_COUCHDB, "CouchDB");
}

/* Every remote document is here at the server's revision, with its
 * history: the second revisions know their parent. */
static void
assert_pulled_all (TktStore *store)
{
  for (guint i = 0; i < N_REMOTE; i++)
    {
      g_autofree char *id = g_strdup_printf ("task:remote-%02u", i);
      g_autofree char *rev = remote_rev (i);
      g_autofree char *title = g_strdup_printf ("Từ máy chủ %u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) doc = tkt_store_get (store, id, &error);
      g_autoptr(GPtrArray) history = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, rev);
      g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, title);
      g_assert_false (json_object_has_member (doc, "_revisions"));
      history = tkt_store_get_history (store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (history->len, ==, i % 2 == 0 ? 1 : 2);
      g_assert_cmpstr (((TktRevInfo *) history->pdata[0])->rev, ==, rev);
    }
}

/* A first pull: the feed brings the documents, and only the revisions
 * with a history are fetched with _bulk_get. */
static void
test_docs_in_feed (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GError) error = NULL;

  fake_reset (FAULT_NONE);
  g_assert_true (run (rep, TKT_SYNC_PULL_ONLY, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake.docs_in_feed, ==, N_REMOTE);
  g_assert_cmpuint (fake.all_docs_requests, ==, 0);
  g_assert_cmpuint (fake.bulk_get_requests, ==, 1);
  g_assert_cmpuint (fake.bulk_get_docs, ==, N_REMOTE / 2);
  assert_pulled_all (store);
}

/* A feed without the documents: first revisions come with one POST
 * _all_docs; refused, or answered with another revision, they go to
 * _bulk_get with the rest; nonsense is a bad reply that saves nothing. */
static void
test_all_docs (void)
{
  static const struct {
    Fault fault;
    guint all_docs_requests;
    guint bulk_get_docs;
  } cases[] = {
    { FAULT_FEED_NO_DOCS, 1, N_REMOTE / 2 },
    { FAULT_ALL_DOCS_REFUSED, 1, N_REMOTE },
    { FAULT_ALL_DOCS_OTHER_REV, 1, N_REMOTE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(TktStore) store = store_with_tasks ();
      g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
      g_autoptr(GError) error = NULL;

      fake_reset (cases[c].fault);
      g_assert_true (run (rep, TKT_SYNC_PULL_ONLY, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fake.docs_in_feed, ==, 0);
      g_assert_cmpuint (fake.all_docs_requests, ==, cases[c].all_docs_requests);
      g_assert_cmpuint (fake.bulk_get_docs, ==, cases[c].bulk_get_docs);
      assert_pulled_all (store);
    }
  assert_pull_fails (FAULT_ALL_DOCS_MALFORMED, TKT_SYNC_ERROR_BAD_REPLY, "_all_docs");
}

static void
test_bulk_get_refused (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;

  fake_reset (FAULT_BULK_GET_REFUSED);
  g_assert_true (run (rep, TKT_SYNC_PULL_ONLY, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake.bulk_get_requests, ==, 1);
  /* the first revisions came in the feed; the others one by one */
  g_assert_cmpuint (fake.docs_in_feed, ==, N_REMOTE);
  g_assert_cmpuint (fake.open_revs_requests, ==, N_REMOTE / 2);
  g_assert_cmpuint (n_remote_docs (store), ==, N_REMOTE);
  doc = tkt_store_get (store, "task:remote-07", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "Từ máy chủ 7");
}

static void
test_413_splits (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  TktSyncStats stats;

  fake_reset (FAULT_BULK_DOCS_413);
  g_assert_true (run (rep, TKT_SYNC_PUSH_ONLY, &error));
  g_assert_no_error (error);
  changes = tkt_store_changes_with_leaves (store, 0, 0, NULL);
  /* Everything arrived, in batches the server accepts. */
  g_assert_cmpuint (g_hash_table_size (fake.received), ==, changes->len);
  g_assert_true (g_hash_table_contains (fake.received, "task:local-09"));
  g_assert_cmpuint (fake.max_bulk_docs, <=, 4);
  g_assert_cmpuint (fake.max_bulk_docs, >, 0);
  tkt_replicator_get_stats (rep, &stats);
  g_assert_cmpuint (stats.docs_pushed, ==, changes->len);
  g_assert_cmpint (tkt_replicator_get_pushed_seq (rep), ==, tkt_store_get_update_seq (store));
}

/* Into a database with no documents, live or deleted, the first push sends
 * every leaf without asking _revs_diff; the next push asks, and so does a
 * push into a database of tombstones. */
static gboolean
push_is_complete (TktStore      *store,
                  TktReplicator *rep)
{
  g_autoptr(GPtrArray) changes = tkt_store_changes_with_leaves (store, 0, 0, NULL);
  TktSyncStats stats;

  tkt_replicator_get_stats (rep, &stats);
  return g_hash_table_size (fake.received) == changes->len && stats.docs_pushed == changes->len &&
         tkt_replicator_get_pushed_seq (rep) == tkt_store_get_update_seq (store);
}

static void
test_push_into_empty (void)
{
  static const char *const empty[] = {
    /* CouchDB */
    "{\"db_name\":\"db\",\"doc_count\":0,\"doc_del_count\":0,\"update_seq\":\"0-g1AAAABXeJzLYWBgYMpgTmHgz8tPSTV0MDQy\"}",
    /* pouchdb-server: no doc_del_count */
    "{\"db_name\":\"db\",\"doc_count\":0,\"update_seq\":0,\"adapter\":\"memory\"}",
  };

  for (guint k = 0; k < G_N_ELEMENTS (empty); k++)
    {
      g_autoptr(TktStore) store = store_with_tasks ();
      g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autofree char *rev = NULL;

      fake_reset (FAULT_NONE);
      fake.db_info = empty[k];
      g_assert_true (run (rep, TKT_SYNC_PUSH_ONLY, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fake.revs_diff_requests, ==, 0);
      g_assert_cmpuint (fake.bulk_docs_requests, >, 0);
      g_assert_true (push_is_complete (store, rep));

      /* Not empty any more: the next push compares. */
      json_object_set_string_member (doc, "_id", "task:later");
      json_object_set_string_member (doc, "type", "task");
      json_object_set_string_member (doc, "title", "Sau lần gửi đầu");
      rev = tkt_store_put (store, doc, &error);
      g_assert_no_error (error);
      g_assert_true (run (rep, TKT_SYNC_PUSH_ONLY, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fake.revs_diff_requests, ==, 1);
      g_assert_true (g_hash_table_contains (fake.received, "task:later"));
      g_assert_true (push_is_complete (store, rep));
    }

  /* Tombstones only: not empty. */
  {
    g_autoptr(TktStore) store = store_with_tasks ();
    g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
    g_autoptr(GError) error = NULL;

    fake_reset (FAULT_NONE);
    fake.db_info = "{\"db_name\":\"db\",\"doc_count\":0,\"doc_del_count\":3,\"update_seq\":\"3-g1AAAA\"}";
    g_assert_true (run (rep, TKT_SYNC_PUSH_ONLY, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fake.revs_diff_requests, >, 0);
    g_assert_true (push_is_complete (store, rep));
  }
}

static gint64
n_local_docs (TktStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (tkt_store_get_db (store), "SELECT count (*) FROM local_docs", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Stopped while a batch is being written (as Download Again stops sync and
 * empties the file): the batch is in the store, but no checkpoint names
 * it, so the next pull starts where the last checkpoint was. */
static void
cancel_on_changed_cb (TktStore     *store,
                      GStrv         ids,
                      GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
test_stopped_mid_batch (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "stopped.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TktStore) store = tkt_store_open (path, &error);
  g_autoptr(TktReplicator) rep = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gulong handler;

  g_assert_no_error (error);
  g_assert_cmpint (n_local_docs (store), ==, 0);
  rep = replicator_for (store, fake.url);
  fake_reset (FAULT_NONE);
  /* ::changed comes once the batch is written, before its checkpoint. */
  handler = g_signal_connect (store, "changed", G_CALLBACK (cancel_on_changed_cb), cancellable);
  g_assert_false (run_cancellable (rep, TKT_SYNC_PULL_ONLY, cancellable, &error));
  g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                 g_error_matches (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_CANCELLED));
  g_clear_error (&error);
  g_signal_handler_disconnect (store, handler);
  g_assert_cmpuint (n_remote_docs (store), ==, N_REMOTE);
  g_assert_cmpint (n_local_docs (store), ==, 0);   /* no checkpoint */

  /* The next pull asks from the start, and writes nothing twice. */
  g_assert_true (run (rep, TKT_SYNC_PULL_ONLY, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fake.last_since, ==, "0");
  g_assert_cmpuint (n_remote_docs (store), ==, N_REMOTE);
  {
    TktSyncStats stats;

    tkt_replicator_get_stats (rep, &stats);
    g_assert_cmpuint (stats.docs_written, ==, 0);
  }
}

static void
test_403_read_only (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GError) error = NULL;
  gint64 seq;

  fake_reset (FAULT_BULK_DOCS_403);
  g_assert_true (run (rep, TKT_SYNC_BOTH, &error));
  g_assert_no_error (error);
  /* Pulled, but nothing sent and the push checkpoint did not move. */
  g_assert_cmpuint (n_remote_docs (store), ==, N_REMOTE);
  g_assert_true (tkt_replicator_get_read_only (rep));
  g_assert_cmpint (tkt_replicator_get_pushed_seq (rep), ==, 0);
  g_assert_nonnull (tkt_replicator_get_last_error (rep));
  seq = tkt_store_get_update_seq (store);
  /* A push-only run says why. */
  g_assert_false (run (rep, TKT_SYNC_PUSH_ONLY, &error));
  g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FORBIDDEN);
  g_assert_cmpint (tkt_store_get_update_seq (store), ==, seq);
}

/* A server that cuts the connection in the middle of its reply. */
static gboolean
cut_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source,
            gpointer                user_data)
{
  static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Length: 5000\r\n\r\n{\"couchdb\":\"Welcome\",\"uu";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buf[4096];

  g_input_stream_read (in, buf, sizeof buf, NULL, NULL);
  g_output_stream_write_all (out, reply, sizeof reply - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_cut_connection (void)
{
  /* In a thread: it reads the request with blocking calls. */
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = NULL;
  g_autofree char *url = NULL;
  gint64 seq = tkt_store_get_update_seq (store);

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (cut_run_cb), NULL);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u/db",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  rep = replicator_for (store, url);
  g_assert_false (run (rep, TKT_SYNC_BOTH, &error));
  g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_cmpint (tkt_store_get_update_seq (store), ==, seq);
  g_socket_service_stop (service);
}

static void
test_refused_connection (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = NULL;
  g_autoptr(GError) error = NULL;
  TktSyncStats stats;

  /* Port 9 on loopback: nothing listens. */
  rep = replicator_for (store, "http://127.0.0.1:9/db");
  g_assert_false (run (rep, TKT_SYNC_BOTH, &error));
  g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "Cannot reach the server"));
  tkt_replicator_get_stats (rep, &stats);
  g_assert_cmpuint (stats.retries, ==, 2);
}

/* Live sync with the server away: offline (changes kept), not an error;
 * stop() ends it. */
static void
test_live_offline (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, "http://127.0.0.1:9/db");

  g_object_set (rep, "max-retries", 0, NULL);
  tkt_replicator_start (rep);
  while (tkt_replicator_get_state (rep) != TKT_SYNC_STATE_OFFLINE)
    {
      g_assert_cmpint (tkt_replicator_get_state (rep), !=, TKT_SYNC_STATE_ERROR);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (strstr (tkt_replicator_get_last_error (rep), "Cannot reach the server"));
  g_assert_cmpint (tkt_replicator_get_last_sync (rep), ==, 0);
  tkt_replicator_stop (rep);
  g_assert_cmpint (tkt_replicator_get_state (rep), ==, TKT_SYNC_STATE_IDLE);
}

static void
test_bad_urls (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  const char *bad[] = { "ftp://server/db", "server/db", "http://127.0.0.1:5984/",
                        "http://user:pw@127.0.0.1/db", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TktReplicator) rep = tkt_replicator_new (store, bad[i], NULL, NULL, &error);

      g_assert_null (rep);
      g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_URL);
      /* A password in the address never shows in the message. */
      g_assert_null (strstr (error->message, "pw@"));
    }
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_connection_summary (void)
{
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = replicator_for (store, fake.url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  fake_reset (FAULT_NONE);
  tkt_replicator_test_async (rep, FALSE, NULL, keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tkt_replicator_test_finish (rep, result, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "Connected to CouchDB 3.3.3, database “db”: 12 documents.");
}

/* TLS: a self-signed certificate (tests/data/sync-test-tls.pem, for
 * 127.0.0.1, test only) is refused with its fingerprint and the reason;
 * trusted by that fingerprint it is accepted, and only that one. */
static void
test_tls_fingerprint (void)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sync-test-tls.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr(SoupServer) tls = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(TktStore) store = store_with_tasks ();
  g_autoptr(TktReplicator) rep = NULL;
  g_autoptr(TktReplicator) other = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *summary = NULL;
  GString *colons = g_string_new (NULL);

  g_assert_no_error (error);
  g_object_get (cert, "certificate", &der, NULL);
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  tls = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (tls, NULL, handler, NULL, NULL);
  soup_server_listen_local (tls, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (tls);
  url = g_strdup_printf ("https://127.0.0.1:%d/db", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  fake_reset (FAULT_NONE);

  rep = replicator_for (store, url);
  tkt_replicator_test_async (rep, FALSE, NULL, keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (tkt_replicator_test_finish (rep, result, &summary, &error));
  g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (tkt_replicator_get_tls_fingerprint (rep), ==, expected);
  g_assert_nonnull (tkt_replicator_get_tls_problem (rep));
  g_assert_nonnull (strstr (tkt_replicator_get_tls_problem (rep), "certificate authority"));
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* The user accepts that certificate (the fingerprint as shown, with
   * colons and capitals): it connects. */
  for (const char *p = expected; *p != '\0'; p += 2)
    g_string_append_printf (colons, "%s%c%c", colons->len ? ":" : "",
                            g_ascii_toupper (p[0]), g_ascii_toupper (p[1]));
  tkt_replicator_set_trusted_fingerprint (rep, colons->str);
  tkt_replicator_test_async (rep, FALSE, NULL, keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tkt_replicator_test_finish (rep, result, &summary, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (summary, "CouchDB 3.3.3"));
  g_clear_object (&result);

  /* Another fingerprint does not open the door. */
  other = replicator_for (store, url);
  tkt_replicator_set_trusted_fingerprint (other, "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
                                                 "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff");
  g_assert_false (run (other, TKT_SYNC_PULL_ONLY, &error));
  g_assert_error (error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_TLS);
  g_assert_cmpuint (n_remote_docs (store), ==, 0);
  g_string_free (colons, TRUE);
  soup_server_disconnect (tls);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("TKT_FIXED_NOW", "2024-01-24T09:30:00+07:00", FALSE);
  tmpdir = g_dir_make_tmp ("test-sync-faults-XXXXXX", &error);
  g_assert_no_error (error);

  fake.received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fake.soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake.soup, NULL, handler, NULL, NULL);
  soup_server_listen_local (fake.soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake.soup);
  {
    GUri *uri = uris->data;

    fake.url = g_strdup_printf ("http://127.0.0.1:%d/db", g_uri_get_port (uri));
  }
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_test_add_func ("/tkt/sync/faults/malformed-json", test_malformed);
  g_test_add_func ("/tkt/sync/faults/truncated-json", test_truncated);
  g_test_add_func ("/tkt/sync/faults/wrong-types", test_wrong_types);
  g_test_add_func ("/tkt/sync/faults/bad-revision-in-batch", test_bad_doc_in_batch);
  g_test_add_func ("/tkt/sync/faults/500-retried-then-error", test_500);
  g_test_add_func ("/tkt/sync/faults/500-retried-then-ok", test_500_then_ok);
  g_test_add_func ("/tkt/sync/faults/slow-past-timeout", test_slow);
  g_test_add_func ("/tkt/sync/faults/reply-of-100-mb", test_huge);
  g_test_add_func ("/tkt/sync/faults/cut-connection", test_cut_connection);
  g_test_add_func ("/tkt/sync/faults/connection-refused", test_refused_connection);
  g_test_add_func ("/tkt/sync/faults/not-couchdb", test_not_couchdb);
  g_test_add_func ("/tkt/sync/faults/empty-reply", test_empty_reply);
  g_test_add_func ("/tkt/sync/faults/bulk-get-refused", test_bulk_get_refused);
  g_test_add_func ("/tkt/sync/faults/docs-in-feed", test_docs_in_feed);
  g_test_add_func ("/tkt/sync/faults/all-docs", test_all_docs);
  g_test_add_func ("/tkt/sync/faults/413-splits", test_413_splits);
  g_test_add_func ("/tkt/sync/faults/403-read-only", test_403_read_only);
  g_test_add_func ("/tkt/sync/faults/push-into-empty", test_push_into_empty);
  g_test_add_func ("/tkt/sync/faults/stopped-mid-batch", test_stopped_mid_batch);
  g_test_add_func ("/tkt/sync/faults/bad-urls", test_bad_urls);
  g_test_add_func ("/tkt/sync/faults/live-offline", test_live_offline);
  g_test_add_func ("/tkt/sync/faults/test-connection", test_connection_summary);
  g_test_add_func ("/tkt/sync/faults/tls-fingerprint", test_tls_fingerprint);

  status = g_test_run ();
  g_clear_object (&fake.soup);
  g_hash_table_unref (fake.received);
  g_free (fake.url);
  return status;
}
