/* tkt-couch.h — a small CouchDB HTTP client over libsoup 3 (internal to
 * src/sync): JSON requests relative to the server's root, authentication
 * (a _session cookie, falling back to Basic), a fresh login after a 401,
 * TLS verified with one extra trusted certificate fingerprint, the system
 * proxy, an I/O timeout, back-off and retry of network errors and 5xx, and
 * a cap on the size of a reply.
 *
 * Errors are in TKT_SYNC_ERROR (tkt-replicator.h).  A reply whose status is
 * not 2xx, 401 or 5xx is not an error: the caller reads the status (404,
 * 403, 409, 413…) and decides.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest reply read (bytes); a bigger one fails with BAD_REPLY. */
#define TKT_COUCH_MAX_REPLY (64 * 1024 * 1024)

typedef enum {
  TKT_COUCH_FLAGS_NONE = 0,
  TKT_COUCH_NO_RETRY   = 1 << 0,   /* network errors and 5xx fail at once */
  TKT_COUCH_NO_BODY    = 1 << 1,   /* HEAD: no JSON expected */
} TktCouchFlags;

#define TKT_TYPE_COUCH (tkt_couch_get_type ())
G_DECLARE_FINAL_TYPE (TktCouch, tkt_couch, TKT, COUCH, GObject)

/* root: the server's root URL, ending in '/', e.g. "https://host:6984/".
 * user NULL: no authentication. */
TktCouch   *tkt_couch_new                (const char     *root,
                                          const char     *user,
                                          const char     *password);
const char *tkt_couch_get_root           (TktCouch       *self);

void        tkt_couch_set_timeout        (TktCouch       *self,
                                          guint           seconds);
/* Retries of a request after a network error or a 5xx, and the first delay
 * (doubled each time, at most 30 s). */
void        tkt_couch_set_retries        (TktCouch       *self,
                                          guint           max_retries,
                                          guint           first_delay_ms);
void        tkt_couch_set_trusted_fingerprint (TktCouch  *self,
                                               const char *sha256_hex);
const char *tkt_couch_get_tls_fingerprint (TktCouch      *self);
const char *tkt_couch_get_tls_problem     (TktCouch      *self);

guint       tkt_couch_get_n_requests      (TktCouch      *self);
guint       tkt_couch_get_n_retries       (TktCouch      *self);

/* Called (on the main context) before each retry, with the error that
 * caused it: the replicator shows "offline". */
typedef void (*TktCouchRetryFunc) (TktCouch     *couch,
                                   const GError *error,
                                   gpointer      user_data);
void        tkt_couch_set_retry_func      (TktCouch          *self,
                                           TktCouchRetryFunc  func,
                                           gpointer           user_data);

/* path: relative to the root, already escaped, with its query string.
 * body: JSON text or NULL. */
void        tkt_couch_request_async       (TktCouch          *self,
                                           const char        *method,
                                           const char        *path,
                                           GBytes            *body,
                                           TktCouchFlags      flags,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
/* The reply's JSON (NULL for HEAD or when a non-2xx reply is not JSON) and
 * its status.  NULL with *error set on failure; a successful reply without
 * JSON returns NULL with no error, so check *status. */
JsonNode   *tkt_couch_request_finish      (TktCouch          *self,
                                           GAsyncResult      *result,
                                           guint             *status,
                                           GError           **error);

/* The JSON of a node as compact text, into GBytes for a request body. */
GBytes     *tkt_couch_json_bytes          (JsonNode          *node);

/* Escapes a document id or database name for a URL path ("/" too). */
char       *tkt_couch_escape              (const char        *segment);

G_END_DECLS
