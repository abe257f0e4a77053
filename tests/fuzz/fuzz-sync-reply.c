/* fuzz-sync-reply.c — the replicator's reading of the server's replies,
 * through its public API (the parsing functions of tkt-replicator.c are
 * static): an in-process SoupServer speaks just enough CouchDB (as
 * tests/test-sync-faults.c does) and answers one request with the input;
 * a one-shot replication (pull then push) of a fresh store runs against it.
 *
 * Input: byte 0 picks the request whose reply is fuzzed (GET /, GET /db,
 * GET and PUT of the checkpoint, _changes, _bulk_get, open_revs, _revs_diff,
 * _bulk_docs), byte 1 the reply's status; the rest is the reply's body.
 * The first such request gets it, later ones the normal reply.
 *
 * Checked: no crash, no sanitizer report, no hang (a run that does not end
 * within 20 s is a finding); the run ends in success or a TKT_SYNC_ERROR
 * with a message, and the replicator's state says the same. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fuzz-common.h"
#include "tkt-replicator.h"
#include "tkt-store.h"

typedef enum {
  ENDPOINT_ROOT,
  ENDPOINT_DB,
  ENDPOINT_LOCAL_GET,
  ENDPOINT_CHANGES,
  ENDPOINT_BULK_GET,
  ENDPOINT_OPEN_REVS,
  ENDPOINT_REVS_DIFF,
  ENDPOINT_BULK_DOCS,
  ENDPOINT_LOCAL_PUT,
  N_ENDPOINTS,
} Endpoint;

static const guint statuses[] = { 200, 201, 200, 400, 401, 403, 404, 405, 409, 412, 413, 500, 200 };

#define N_REMOTE 3

static struct {
  SoupServer *soup;
  char       *url;
  Endpoint    target;
  guint       status;
  GBytes     *body;
  gboolean    served;
} fake;

static char *
remote_hash (guint i)
{
  g_autofree char *id = g_strdup_printf ("task:remote-%02u", i);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, id, -1);
}

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

/* TRUE when this request's reply is the input. */
static gboolean
fuzzed (SoupServerMessage *msg,
        Endpoint           endpoint)
{
  gsize len;
  const char *data;

  if (fake.target != endpoint || fake.served)
    return FALSE;
  fake.served = TRUE;
  data = g_bytes_get_data (fake.body, &len);
  soup_server_message_set_status (msg, fake.status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, len);
  return TRUE;
}

static void
changes (SoupServerMessage *msg,
         GHashTable        *query)
{
  g_autoptr(GString) out = g_string_new ("{\"results\":[");

  if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "since"), "0") == 0)
    for (guint i = 0; i < N_REMOTE; i++)
      {
        g_autofree char *hash = remote_hash (i);

        g_string_append_printf (out, "%s{\"seq\":\"%u-g1AAAAB4\",\"id\":\"task:remote-%02u\","
                                "\"changes\":[{\"rev\":\"1-%s\"}]}",
                                i > 0 ? "," : "", i + 1, i, hash);
      }
  g_string_append (out, "],\"last_seq\":\"3-g1AAAAB4\",\"pending\":0}");
  reply_text (msg, 200, out->str);
}

/* The revision rev ("N-hash") of document id, as _bulk_get and open_revs
 * give it: whatever the id, so the documents of a fuzzed _changes reply
 * reach the store too. */
static char *
doc_text (const char *id,
          const char *rev)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *dash = rev != NULL ? strchr (rev, '-') : NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "_rev");
  json_builder_add_string_value (b, rev != NULL ? rev : "");
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "task");
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, "Từ máy chủ");
  json_builder_set_member_name (b, "_revisions");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, rev != NULL ? (gint64) g_ascii_strtoull (rev, NULL, 10) : 0);
  json_builder_set_member_name (b, "ids");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, dash != NULL ? dash + 1 : "");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
bulk_get (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) body = json_from_string (request->data, NULL);
  g_autoptr(GString) out = g_string_new ("{\"results\":[");
  JsonArray *docs;

  if (fake.target == ENDPOINT_OPEN_REVS)
    {
      reply_text (msg, 405, "{\"error\":\"method_not_allowed\",\"reason\":\"Only GET,HEAD,DELETE allowed\"}");
      return;
    }
  docs = body != NULL && JSON_NODE_HOLDS_OBJECT (body)
         ? json_object_get_array_member (json_node_get_object (body), "docs") : NULL;
  for (guint i = 0; docs != NULL && i < json_array_get_length (docs); i++)
    {
      JsonObject *want = json_array_get_object_element (docs, i);
      const char *id = want ? json_object_get_string_member_with_default (want, "id", "") : "";
      const char *rev = want ? json_object_get_string_member_with_default (want, "rev", NULL) : NULL;
      g_autofree char *doc = doc_text (id, rev);
      g_autoptr(JsonNode) id_node = json_node_init_string (json_node_alloc (), id);
      g_autofree char *id_text = json_to_string (id_node, FALSE);

      g_string_append_printf (out, "%s{\"id\":%s,\"docs\":[{\"ok\":%s}]}", i > 0 ? "," : "", id_text, doc);
    }
  g_string_append (out, "]}");
  reply_text (msg, 200, out->str);
}

static void
open_revs (SoupServerMessage *msg,
           const char        *id,
           GHashTable        *query)
{
  g_autofree char *doc = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) revs = NULL;
  const char *open = query != NULL ? g_hash_table_lookup (query, "open_revs") : NULL;

  if (open != NULL)
    revs = json_from_string (open, NULL);
  if (revs == NULL || !JSON_NODE_HOLDS_ARRAY (revs) || json_array_get_length (json_node_get_array (revs)) == 0)
    {
      reply_text (msg, 404, "{\"error\":\"not_found\"}");
      return;
    }
  doc = doc_text (id, json_array_get_string_element (json_node_get_array (revs), 0));
  text = g_strdup_printf ("[{\"ok\":%s}]", doc);
  reply_text (msg, 200, text);
}

static void
revs_diff (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) body = json_from_string (request->data, NULL);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  JsonObject *out = json_object_new ();
  g_autoptr(GList) ids = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    ids = json_object_get_members (json_node_get_object (body));
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *entry = json_object_new ();
      JsonNode *revs = json_object_get_member (json_node_get_object (body), l->data);

      json_object_set_member (entry, "missing", json_node_copy (revs));
      json_object_set_object_member (out, l->data, entry);
    }
  json_node_take_object (root, out);
  text = json_to_string (root, FALSE);
  reply_text (msg, 200, text);
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
      if (!fuzzed (msg, ENDPOINT_ROOT))
        reply_text (msg, 200, "{\"couchdb\":\"Welcome\",\"version\":\"3.3.3\",\"uuid\":\"0123456789abcdef0123456789abcdef\"}");
    }
  else if (g_str_equal (path, "/_session"))
    reply_text (msg, 404, "{\"error\":\"not_found\"}");
  else if (g_str_equal (path, "/db") || g_str_equal (path, "/db/"))
    {
      if (!fuzzed (msg, ENDPOINT_DB))
        reply_text (msg, 200, "{\"db_name\":\"db\",\"doc_count\":3,\"update_seq\":\"3-g1AAAAB4\"}");
    }
  else if (g_str_has_prefix (path, "/db/_local/"))
    {
      if (g_str_equal (method, "PUT"))
        {
          if (!fuzzed (msg, ENDPOINT_LOCAL_PUT))
            reply_text (msg, 201, "{\"ok\":true,\"id\":\"_local/x\",\"rev\":\"0-1\"}");
        }
      else if (!fuzzed (msg, ENDPOINT_LOCAL_GET))
        reply_text (msg, 404, "{\"error\":\"not_found\",\"reason\":\"missing\"}");
    }
  else if (g_str_equal (path, "/db/_changes"))
    {
      if (!fuzzed (msg, ENDPOINT_CHANGES))
        changes (msg, query);
    }
  else if (g_str_equal (path, "/db/_bulk_get"))
    {
      if (!fuzzed (msg, ENDPOINT_BULK_GET))
        bulk_get (msg);
    }
  else if (g_str_equal (path, "/db/_revs_diff"))
    {
      if (!fuzzed (msg, ENDPOINT_REVS_DIFF))
        revs_diff (msg);
    }
  else if (g_str_equal (path, "/db/_bulk_docs"))
    {
      if (!fuzzed (msg, ENDPOINT_BULK_DOCS))
        reply_text (msg, 201, "[]");
    }
  else if (g_str_has_prefix (path, "/db/"))
    {
      if (!fuzzed (msg, ENDPOINT_OPEN_REVS))
        open_revs (msg, path + 4, query);
    }
  else
    reply_text (msg, 404, "{\"error\":\"not_found\"}");
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fuzz_fatal_log_levels (G_LOG_LEVEL_CRITICAL);
  g_setenv ("TKT_FIXED_NOW", "2024-01-24T09:30:00+07:00", FALSE);
  fake.soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake.soup, NULL, handler, NULL, NULL);
  fuzz_check (soup_server_listen_local (fake.soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error),
              "listen: %s", error->message);
  uris = soup_server_get_uris (fake.soup);
  fake.url = g_strdup_printf ("http://127.0.0.1:%d/db", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return 0;
}

typedef struct {
  gboolean done;
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
  w->done = TRUE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* A fresh store for each input: a copy of one made once (opening a new
 * database seeds its catalogues, which costs more than the run). */
static TktStore *
new_store (void)
{
  static GBytes *template;
  g_autofree char *path = g_build_filename (fuzz_tmpdir (), "sync.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  TktStore *store;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  if (template == NULL)
    {
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autofree char *rev = NULL;
      char *contents = NULL;
      gsize len = 0;

      store = tkt_store_open (path, &error);
      fuzz_check (store != NULL, "%s", error->message);
      json_object_set_string_member (doc, "_id", "task:local-00");
      json_object_set_string_member (doc, "type", "task");
      json_object_set_string_member (doc, "title", "Ở máy này");
      rev = tkt_store_put (store, doc, &error);
      fuzz_check (rev != NULL, "%s", error->message);
      g_object_unref (store);   /* the last connection: the log goes into the file */
      fuzz_check (g_file_get_contents (path, &contents, &len, &error), "%s", error->message);
      template = g_bytes_new_take (contents, len);
      g_unlink (path);
    }
  fuzz_check (g_file_set_contents (path, g_bytes_get_data (template, NULL),
                                   (gssize) g_bytes_get_size (template), &error), "%s", error->message);
  store = tkt_store_open (path, &error);
  fuzz_check (store != NULL, "%s", error->message);
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TktStore) store = NULL;
  g_autoptr(TktReplicator) rep = NULL;
  g_autoptr(GError) error = NULL;
  Wait w = { FALSE, FALSE, NULL };
  gint64 deadline;
  guint tick;

  if (size < 2)
    return 0;
  fake.target = data[0] % N_ENDPOINTS;
  fake.status = statuses[data[1] % G_N_ELEMENTS (statuses)];
  g_clear_pointer (&fake.body, g_bytes_unref);
  fake.body = g_bytes_new (data + 2, size - 2);
  fake.served = FALSE;

  store = new_store ();
  rep = tkt_replicator_new (store, fake.url, NULL, NULL, &error);
  fuzz_check (rep != NULL, "%s", error->message);
  g_object_set (rep, "max-retries", 1, "retry-delay", 1, "timeout", 5, NULL);

  tkt_replicator_run_async (rep, TKT_SYNC_BOTH, NULL, run_done_cb, &w);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  tick = g_timeout_add (500, tick_cb, NULL);   /* so the deadline is looked at */
  while (!w.done)
    {
      g_main_context_iteration (NULL, TRUE);
      fuzz_check (w.done || g_get_monotonic_time () < deadline,
                  "the run did not end in 20 s (endpoint %d, status %u)", fake.target, fake.status);
    }
  g_source_remove (tick);

  fuzz_note ("endpoint %d, status %u: %s", fake.target, fake.status, w.ok ? "ok" : w.error->message);
  fuzz_check (w.ok == (w.error == NULL), "TRUE with an error, or FALSE without one");
  if (!w.ok)
    {
      fuzz_check (w.error->domain == TKT_SYNC_ERROR && w.error->message[0] != '\0',
                  "error %s", w.error->message);
      fuzz_check (tkt_replicator_get_state (rep) == TKT_SYNC_STATE_ERROR, "state %d after an error",
                  tkt_replicator_get_state (rep));
    }
  g_clear_error (&w.error);

  /* Let what the run left behind (connections closing) settle. */
  g_clear_object (&rep);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}
