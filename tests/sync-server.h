/* sync-server.h — pouchdb-server on 127.0.0.1 for the sync tests and the
 * benchmark: started in a private folder on a free port, with an admin
 * (never "admin party"), stopped at the end. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SYNC_ADMIN "admin"
#define SYNC_ADMIN_PASSWORD "s3cret-admin"

typedef struct _SyncServer SyncServer;

/* The pouchdb-server program: $TKT_POUCHDB_SERVER, else the one
 * build-aux/test installs under $XDG_CACHE_HOME/tongket-test/npm; NULL if
 * neither exists. */
char       *sync_server_find_program (void);

/* persistent: databases in the folder (they survive a restart) rather
 * than in memory.  NULL (with error) if it does not come up. */
SyncServer *sync_server_start   (gboolean     persistent,
                                 GError     **error);
void        sync_server_stop    (SyncServer  *server);   /* the process only */
gboolean    sync_server_restart (SyncServer  *server,
                                 GError     **error);   /* same port, same folder */
void        sync_server_free    (SyncServer  *server);   /* stops it too */
const char *sync_server_get_url (SyncServer  *server);   /* "http://127.0.0.1:N/" */
guint       sync_server_get_port (SyncServer *server);
/* The CPU time the server's process has used so far (user + system), in
 * ms; -1 when it is not running. */
double      sync_server_get_cpu_ms (SyncServer *server);

/* A synchronous request as the admin: path relative to the root, body JSON
 * text or NULL.  Returns the reply's JSON (NULL if none) and the status. */
JsonNode   *sync_server_request (SyncServer  *server,
                                 const char  *method,
                                 const char  *path,
                                 const char  *body,
                                 guint       *status);

/* Creates the database (as the admin); asserts it worked. */
void        sync_server_create_db (SyncServer *server,
                                   const char *db);

G_END_DECLS
