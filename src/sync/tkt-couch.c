/* tkt-couch.c — CouchDB HTTP client over libsoup 3 (see tkt-couch.h).
 *
 * Authentication: with a user name, the first request logs in with
 * POST /_session; a server that sets a cookie gets the cookie (kept by the
 * session's cookie jar), one that does not answer _session gets Basic
 * authentication on every request.  A 401 on a request made with the cookie
 * logs in again once (the cookie expired) and resends; a second 401 is
 * UNAUTHORIZED.  Requests that arrive while a login is in flight wait for it.
 */
#define G_LOG_DOMAIN "tkt-couch"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tkt-couch.h"
#include "tkt-json-doc.h"
#include "tkt-replicator.h"

#define READ_CHUNK (256 * 1024)
#define PARSE_IN_THREAD (128 * 1024)
#define MAX_DELAY_MS 30000

typedef enum {
  AUTH_NONE,      /* no user: no authentication */
  AUTH_UNKNOWN,   /* not logged in yet */
  AUTH_COOKIE,
  AUTH_BASIC,
} AuthMode;

struct _TktCouch
{
  GObject parent_instance;

  SoupSession *session;
  char *root;
  char *user;
  char *password;
  char *basic_header;
  AuthMode auth;
  gboolean logging_in;
  GPtrArray *login_waiters;   /* GTask* (owned) */

  guint max_retries;
  guint first_delay_ms;
  char *trusted;              /* lower-case hex, no colons */
  char *tls_fingerprint;
  char *tls_problem;

  guint n_requests;
  guint n_retries;

  TktCouchRetryFunc retry_func;
  gpointer retry_data;
};

G_DEFINE_FINAL_TYPE (TktCouch, tkt_couch, G_TYPE_OBJECT)

enum {
  FLAG_LOGIN = 1 << 8,   /* internal: the POST /_session itself */
};

typedef struct {
  char *method;
  char *path;
  GBytes *body;
  guint flags;
  guint attempt;
  gboolean relogged;
  SoupMessage *msg;
  GInputStream *stream;
  GByteArray *buf;
  guint status;
  gboolean got_cookie;
  guint timer_id;
  GSource *cancel_source;
  gint64 sent_at;
} Request;

static void request_start (GTask *task);

/* The request's path without its query, for messages. */
static char *
request_what (const char *path)
{
  const char *q = strchr (path, '?');

  return q ? g_strndup (path, q - path) : g_strdup (path[0] ? path : "/");
}
static void request_send  (GTask *task);

static void
request_free (Request *req)
{
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_object (&req->msg);
  g_clear_object (&req->stream);
  g_clear_pointer (&req->buf, g_byte_array_unref);
  g_clear_handle_id (&req->timer_id, g_source_remove);
  if (req->cancel_source != NULL)
    {
      g_source_destroy (req->cancel_source);
      g_clear_pointer (&req->cancel_source, g_source_unref);
    }
  g_free (req);
}

static char *
normalize_fingerprint (const char *hex)
{
  GString *s = g_string_new (NULL);

  for (const char *p = hex; *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static const char *
tls_problem_text (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("The certificate is not signed by a known certificate authority (it may be self-signed or from the department’s own authority).");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("The certificate was issued for another server name.");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("The certificate is not valid yet (check the computer’s date and time).");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("The certificate has expired.");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("The certificate has been revoked.");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _("The certificate uses an insecure algorithm.");
  return _("The certificate could not be verified.");
}

static gboolean
accept_certificate_cb (SoupMessage         *msg,
                       GTlsCertificate     *cert,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  TktCouch *self = TKT_COUCH (user_data);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *fingerprint = NULL;

  g_object_get (cert, "certificate", &der, NULL);
  if (der == NULL)
    return FALSE;
  fingerprint = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  if (self->trusted != NULL && g_str_equal (fingerprint, self->trusted))
    return TRUE;

  g_free (self->tls_fingerprint);
  self->tls_fingerprint = g_steal_pointer (&fingerprint);
  g_free (self->tls_problem);
  self->tls_problem = g_strdup (tls_problem_text (errors));
  return FALSE;
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Retry after a network error or a 5xx, with back-off, unless the
 * retries are used up; consumes task's reference either way. */
static gboolean
retry_timer_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  req->timer_id = 0;
  if (req->cancel_source != NULL)
    {
      g_source_destroy (req->cancel_source);
      g_clear_pointer (&req->cancel_source, g_source_unref);
    }
  request_start (task);
  return G_SOURCE_REMOVE;
}

static gboolean
retry_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  g_clear_handle_id (&req->timer_id, g_source_remove);
  if (req->cancel_source != NULL)
    {
      g_source_destroy (req->cancel_source);
      g_clear_pointer (&req->cancel_source, g_source_unref);
    }
  request_return_error (task, g_error_new_literal (TKT_SYNC_ERROR, TKT_SYNC_ERROR_CANCELLED,
                                                   _("Sync was cancelled.")));
  return G_SOURCE_REMOVE;
}

static void
request_fail_or_retry (GTask  *task,
                       GError *error)
{
  TktCouch *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint delay;

  if ((req->flags & TKT_COUCH_NO_RETRY) || req->attempt >= self->max_retries)
    {
      request_return_error (task, error);
      return;
    }
  req->attempt++;
  self->n_retries++;
  g_debug ("retry %u of %s %s: %s", req->attempt, req->method, req->path, error->message);
  if (self->retry_func != NULL)
    self->retry_func (self, error, self->retry_data);
  g_error_free (error);

  delay = self->first_delay_ms;
  for (guint i = 1; i < req->attempt && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_DELAY_MS);
  req->timer_id = g_timeout_add (delay, retry_timer_cb, task);
  if (cancellable != NULL)
    {
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (req->cancel_source, (GSourceFunc) (void (*) (void)) retry_cancelled_cb, task, NULL);
      g_source_attach (req->cancel_source, g_main_context_get_thread_default ());
    }
}

static void
request_transport_error (GTask  *task,
                         GError *error)
{
  TktCouch *self = g_task_get_source_object (task);
  g_autoptr(GError) owned = error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      request_return_error (task, g_error_new_literal (TKT_SYNC_ERROR, TKT_SYNC_ERROR_CANCELLED,
                                                       _("Sync was cancelled.")));
      return;
    }
  if (error->domain == G_TLS_ERROR || self->tls_problem != NULL)
    {
      request_return_error (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_TLS,
                                               _("The server’s certificate is not trusted: %s"),
                                               self->tls_problem ? self->tls_problem : error->message));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    request_fail_or_retry (task, g_error_new_literal (TKT_SYNC_ERROR, TKT_SYNC_ERROR_NETWORK,
                                                      _("The server did not answer in time.")));
  else
    request_fail_or_retry (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_NETWORK,
                                              _("Cannot reach the server: %s"), error->message));
}

static void
login_finished (TktCouch *self,
                GError   *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->login_waiters);

  self->login_waiters = g_ptr_array_new ();
  self->logging_in = FALSE;
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = waiters->pdata[i];

      if (error != NULL)
        request_return_error (waiter, g_error_copy (error));
      else
        request_send (waiter);
    }
}

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TktCouch *self = TKT_COUCH (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Request *req = g_task_get_task_data (G_TASK (result));
  gboolean got_cookie = req->got_cookie;
  guint status = 0;

  root = tkt_couch_request_finish (self, result, &status, &error);
  if (error != NULL)
    {
      login_finished (self, error);
      return;
    }
  if (status == 401 || status == 403)
    {
      g_autoptr(GError) auth_error =
        g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_UNAUTHORIZED,
                     _("The server did not accept the user name “%s” or its password."), self->user);

      self->auth = AUTH_UNKNOWN;
      login_finished (self, auth_error);
      return;
    }
  if (status >= 200 && status < 300 && got_cookie)
    self->auth = AUTH_COOKIE;
  else
    self->auth = AUTH_BASIC;   /* no _session on this server */
  g_debug ("logged in with %s", self->auth == AUTH_COOKIE ? "a cookie" : "Basic");
  login_finished (self, NULL);
}

static void
login_start (TktCouch     *self,
             GCancellable *cancellable)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GTask *task;
  Request *req;

  self->logging_in = TRUE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, self->password ? self->password : "");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  bytes = tkt_couch_json_bytes (body);

  /* A login is not tied to the cancellable of the request that started it
   * (others may be waiting): it stops at the session's timeout. */
  task = g_task_new (self, NULL, login_done_cb, NULL);
  g_task_set_source_tag (task, login_start);
  req = g_new0 (Request, 1);
  req->method = g_strdup ("POST");
  req->path = g_strdup ("_session");
  req->body = g_bytes_ref (bytes);
  req->flags = FLAG_LOGIN;
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  request_send (task);
}

/* The parsed reply (root NULL: not JSON) to the caller. */
static void
request_deliver (GTask    *task,
                 JsonNode *root,
                 GError   *parse_error)
{
  Request *req = g_task_get_task_data (task);
  g_autofree char *what = request_what (req->path);
  g_autoptr(GError) owned = parse_error;

  if (root == NULL && req->status >= 200 && req->status < 300)
    {
      /* The path may hold a document id, never a password. */
      request_return_error (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_REPLY,
                                               _("The server’s answer to %s is not valid JSON (%s)."),
                                               what, parse_error ? parse_error->message : _("empty")));
      return;
    }
  g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

/* json-glib's parser recurses: a reply nested deeper than this is refused
 * before it could overflow the stack (the fuzzer's finding). */
#define MAX_REPLY_NESTING 512

/* The reply's root (NULL for an empty reply), or NULL and error. */
static JsonNode *
parse_reply (const guint8  *data,
             gsize          len,
             GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;

  if (tkt_json_find_too_deep ((const char *) data, 0, len, MAX_REPLY_NESTING) != len)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("this value is nested too deeply"));
      return NULL;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data, len, error))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
parse_thread (GTask        *parse,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GByteArray *buf = task_data;
  GError *error = NULL;
  JsonNode *root = parse_reply (buf->data, buf->len, &error);

  if (error != NULL)
    g_task_return_error (parse, error);
  else
    g_task_return_pointer (parse, root, (GDestroyNotify) json_node_unref);
}

static void
parse_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  JsonNode *root = g_task_propagate_pointer (G_TASK (result), &error);

  request_deliver (task, root, error);
}

static void
request_finish_reply (GTask *task)
{
  TktCouch *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *what = request_what (req->path);
  guint status = req->status;
  JsonNode *root;

  g_debug ("%s %s: %u, %u bytes in %.1f ms", req->method, what, status, req->buf->len,
           (g_get_monotonic_time () - req->sent_at) / 1000.0);
  if (req->flags & FLAG_LOGIN)
    {
      const char *cookie = soup_message_headers_get_list (soup_message_get_response_headers (req->msg),
                                                          "Set-Cookie");
      req->got_cookie = cookie != NULL && strstr (cookie, "AuthSession=") != NULL;
    }

  if (status == 401 && !(req->flags & FLAG_LOGIN))
    {
      if (self->user != NULL && self->auth == AUTH_COOKIE && !req->relogged)
        {
          g_debug ("401 on %s: logging in again", req->path);
          req->relogged = TRUE;
          self->auth = AUTH_UNKNOWN;
          request_start (task);
          return;
        }
      if (self->user != NULL)
        request_return_error (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_UNAUTHORIZED,
                                                 _("The server did not accept the user name “%s” or its password."),
                                                 self->user));
      else
        request_return_error (task, g_error_new_literal (TKT_SYNC_ERROR, TKT_SYNC_ERROR_UNAUTHORIZED,
                                                         _("The server asks for a user name and password.")));
      return;
    }
  if (status >= 500)
    {
      request_fail_or_retry (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_SERVER,
                                                _("The server failed (HTTP %u %s)."), status,
                                                soup_message_get_reason_phrase (req->msg)));
      return;
    }

  if ((req->flags & TKT_COUCH_NO_BODY) || req->buf->len == 0)
    {
      if (status >= 200 && status < 300 && !(req->flags & TKT_COUCH_NO_BODY))
        {
          /* CouchDB always answers with JSON: nothing after the headers
           * is a connection closed before the answer came (a server
           * stopped during a long poll sends the headers, then closes):
           * a network failure, tried again, and "offline" meanwhile. */
          request_fail_or_retry (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_NETWORK,
                                                    _("The connection closed before the server’s answer to %s came."),
                                                    what));
          return;
        }
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  if (req->buf->len >= PARSE_IN_THREAD)
    {
      /* A big reply is parsed beside the main loop, which meanwhile
       * writes the previous batch. */
      GTask *parse = g_task_new (self, NULL, parse_done_cb, task);

      g_task_set_task_data (parse, g_byte_array_ref (req->buf), (GDestroyNotify) g_byte_array_unref);
      g_task_run_in_thread (parse, parse_thread);
      g_object_unref (parse);
      return;
    }
  root = parse_reply (req->buf->data, req->buf->len, &parse_error);
  if (parse_error != NULL)
    request_deliver (task, NULL, g_steal_pointer (&parse_error));
  else
    request_deliver (task, root, NULL);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *what = request_what (req->path);

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      request_transport_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      g_input_stream_close (req->stream, NULL, NULL);
      g_clear_object (&req->stream);
      request_finish_reply (task);
      return;
    }
  if (req->buf->len + g_bytes_get_size (bytes) > TKT_COUCH_MAX_REPLY)
    {
      /* Stop reading: closing the stream drops the connection. */
      g_input_stream_close (req->stream, NULL, NULL);
      g_clear_object (&req->stream);
      request_return_error (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_REPLY,
                                               _("The server’s answer to %s is larger than %u MB: refused."),
                                               what, (guint) (TKT_COUCH_MAX_REPLY / (1024 * 1024))));
      return;
    }
  g_byte_array_append (req->buf, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *what = request_what (req->path);
  goffset length;

  req->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (req->stream == NULL)
    {
      request_transport_error (task, g_steal_pointer (&error));
      return;
    }
  req->status = soup_message_get_status (req->msg);
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (req->msg));
  if (length > TKT_COUCH_MAX_REPLY)
    {
      g_input_stream_close (req->stream, NULL, NULL);
      request_return_error (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_REPLY,
                                               _("The server’s answer to %s is larger than %u MB: refused."),
                                               what, (guint) (TKT_COUCH_MAX_REPLY / (1024 * 1024))));
      return;
    }
  g_clear_pointer (&req->buf, g_byte_array_unref);
  req->buf = g_byte_array_sized_new (length > 0 ? (guint) length : 4096);
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
request_send (GTask *task)
{
  TktCouch *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (self->root, req->path, NULL);
  SoupMessageHeaders *headers;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      request_return_error (task, g_error_new_literal (TKT_SYNC_ERROR, TKT_SYNC_ERROR_CANCELLED,
                                                       _("Sync was cancelled.")));
      return;
    }
  g_clear_object (&req->msg);
  g_clear_object (&req->stream);
  req->msg = soup_message_new (req->method, url);
  if (req->msg == NULL)
    {
      request_return_error (task, g_error_new (TKT_SYNC_ERROR, TKT_SYNC_ERROR_BAD_URL,
                                               _("“%s” is not a valid address."), url));
      return;
    }
  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->auth == AUTH_BASIC && self->basic_header != NULL)
    soup_message_headers_replace (headers, "Authorization", self->basic_header);
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, "application/json", req->body);
  /* libsoup opens a new connection for every POST unless told it may be
   * sent again: every POST of the protocol may (_revs_diff, _bulk_get and
   * _all_docs read; _bulk_docs with new_edits:false stores revisions that
   * are already named, so storing them twice changes nothing; _session
   * only logs in).  A push of 10,000 tasks opened 21 connections. */
  soup_message_add_flags (req->msg, SOUP_MESSAGE_IDEMPOTENT);
  g_signal_connect_object (req->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);
  g_clear_pointer (&self->tls_problem, g_free);
  self->n_requests++;
  req->sent_at = g_get_monotonic_time ();
  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), sent_cb, task);
}

static void
request_start (GTask *task)
{
  TktCouch *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  if (!(req->flags & FLAG_LOGIN) && self->auth == AUTH_UNKNOWN)
    {
      g_ptr_array_add (self->login_waiters, task);
      if (!self->logging_in)
        login_start (self, g_task_get_cancellable (task));
      return;
    }
  request_send (task);
}

static void
tkt_couch_finalize (GObject *object)
{
  TktCouch *self = (TktCouch *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->root, g_free);
  g_clear_pointer (&self->user, g_free);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  if (self->basic_header != NULL)
    memset (self->basic_header, 0, strlen (self->basic_header));
  g_clear_pointer (&self->basic_header, g_free);
  g_clear_pointer (&self->login_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->trusted, g_free);
  g_clear_pointer (&self->tls_fingerprint, g_free);
  g_clear_pointer (&self->tls_problem, g_free);

  G_OBJECT_CLASS (tkt_couch_parent_class)->finalize (object);
}

static void
tkt_couch_class_init (TktCouchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tkt_couch_finalize;
}

static void
tkt_couch_init (TktCouch *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Tongket/%s", PACKAGE_VERSION);

  /* The default GProxyResolver: the system proxy settings. */
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "user-agent", user_agent,
                                                 "max-conns-per-host", 8,
                                                 NULL);
  soup_session_add_feature_by_type (self->session, SOUP_TYPE_COOKIE_JAR);
  self->login_waiters = g_ptr_array_new ();
  self->max_retries = 5;
  self->first_delay_ms = 1000;
}

TktCouch *
tkt_couch_new (const char *root,
               const char *user,
               const char *password)
{
  TktCouch *self;

  g_return_val_if_fail (root != NULL && g_str_has_suffix (root, "/"), NULL);

  self = g_object_new (TKT_TYPE_COUCH, NULL);
  self->root = g_strdup (root);
  if (user != NULL && user[0] != '\0')
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", user, password ? password : "");
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

      self->user = g_strdup (user);
      self->password = g_strdup (password ? password : "");
      self->basic_header = g_strconcat ("Basic ", encoded, NULL);
      memset (pair, 0, strlen (pair));
      self->auth = AUTH_UNKNOWN;
    }
  else
    self->auth = AUTH_NONE;
  return self;
}

const char *
tkt_couch_get_root (TktCouch *self)
{
  return self->root;
}

void
tkt_couch_set_timeout (TktCouch *self,
                       guint     seconds)
{
  g_object_set (self->session, "timeout", seconds, NULL);
}

void
tkt_couch_set_retries (TktCouch *self,
                       guint     max_retries,
                       guint     first_delay_ms)
{
  self->max_retries = max_retries;
  self->first_delay_ms = MAX (first_delay_ms, 1);
}

void
tkt_couch_set_trusted_fingerprint (TktCouch   *self,
                                   const char *sha256_hex)
{
  g_clear_pointer (&self->trusted, g_free);
  if (sha256_hex != NULL)
    self->trusted = normalize_fingerprint (sha256_hex);
}

const char *
tkt_couch_get_tls_fingerprint (TktCouch *self)
{
  return self->tls_fingerprint;
}

const char *
tkt_couch_get_tls_problem (TktCouch *self)
{
  return self->tls_problem;
}

guint
tkt_couch_get_n_requests (TktCouch *self)
{
  return self->n_requests;
}

guint
tkt_couch_get_n_retries (TktCouch *self)
{
  return self->n_retries;
}

void
tkt_couch_set_retry_func (TktCouch          *self,
                          TktCouchRetryFunc  func,
                          gpointer           user_data)
{
  self->retry_func = func;
  self->retry_data = user_data;
}

void
tkt_couch_request_async (TktCouch            *self,
                         const char          *method,
                         const char          *path,
                         GBytes              *body,
                         TktCouchFlags        flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Request *req;

  g_return_if_fail (TKT_IS_COUCH (self));
  g_return_if_fail (method != NULL && path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_couch_request_async);
  req = g_new0 (Request, 1);
  req->method = g_strdup (method);
  req->path = g_strdup (path);
  req->body = body ? g_bytes_ref (body) : NULL;
  req->flags = flags;
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  request_start (task);
}

JsonNode *
tkt_couch_request_finish (TktCouch      *self,
                          GAsyncResult  *result,
                          guint         *status,
                          GError       **error)
{
  Request *req = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (status != NULL)
    *status = req->status;
  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
tkt_couch_json_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

char *
tkt_couch_escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}
