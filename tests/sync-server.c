/* sync-server.c — pouchdb-server for the sync tests (see sync-server.h). */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sync-server.h"

struct _SyncServer
{
  char *program;
  char *dir;
  guint port;
  char *url;
  gboolean persistent;
  GSubprocess *process;
  SoupSession *session;
  char *auth;
};

char *
sync_server_find_program (void)
{
  const char *env = g_getenv ("TKT_POUCHDB_SERVER");
  g_autofree char *cached = NULL;

  if (env != NULL && env[0] != '\0')
    return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;
  cached = g_build_filename (g_get_user_cache_dir (), "tongket-test", "npm", "node_modules",
                             ".bin", "pouchdb-server", NULL);
  if (g_file_test (cached, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&cached);
  return NULL;
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
child_setup (gpointer data)
{
  /* Never outlive the test, even when it crashes. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

JsonNode *
sync_server_request (SyncServer *server,
                     const char *method,
                     const char *path,
                     const char *body,
                     guint      *status)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (msg);
  if (server->auth != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", server->auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (server->session, msg, NULL, &error);
  if (status != NULL)
    *status = reply ? soup_message_get_status (msg) : 0;
  if (reply == NULL || g_bytes_get_size (reply) == 0)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static gboolean
spawn (SyncServer *server,
       GError    **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);

  g_subprocess_launcher_set_cwd (launcher, server->dir);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  if (server->persistent)
    server->process = g_subprocess_launcher_spawn (launcher, error, server->program,
                                                   "--port", port, "-n", "-d", data, NULL);
  else
    server->process = g_subprocess_launcher_spawn (launcher, error, server->program,
                                                   "--in-memory", "--port", port, "-n", NULL);
  if (server->process == NULL)
    return FALSE;

  /* Up when GET / answers (a cold node start takes a few seconds). */
  for (int i = 0; i < 300; i++)
    {
      g_autoptr(JsonNode) root = NULL;
      guint status = 0;
      g_autofree char *saved = g_steal_pointer (&server->auth);

      root = sync_server_request (server, "GET", "", NULL, &status);
      server->auth = g_steal_pointer (&saved);
      if (status == 200)
        return TRUE;
      g_usleep (100 * 1000);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "pouchdb-server did not start on port %u", server->port);
  return FALSE;
}

SyncServer *
sync_server_start (gboolean   persistent,
                   GError   **error)
{
  SyncServer *server = g_new0 (SyncServer, 1);
  g_autofree char *data = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *pair = NULL;
  guint status = 0;

  server->program = sync_server_find_program ();
  g_assert_nonnull (server->program);
  server->dir = g_dir_make_tmp ("tkt-pouchdb-XXXXXX", error);
  if (server->dir == NULL)
    {
      sync_server_free (server);
      return NULL;
    }
  data = g_build_filename (server->dir, "data", NULL);
  g_mkdir (data, 0700);
  server->persistent = persistent;
  server->port = free_port ();
  server->url = g_strdup_printf ("http://127.0.0.1:%u/", server->port);
  server->session = soup_session_new_with_options ("timeout", 120, NULL);
  if (!spawn (server, error))
    {
      sync_server_free (server);
      return NULL;
    }
  /* No admin party: an admin, and credentials from now on. */
  {
    g_autoptr(JsonNode) reply = sync_server_request (server, "PUT", "_config/admins/" SYNC_ADMIN,
                                                     "\"" SYNC_ADMIN_PASSWORD "\"", &status);
  }
  g_assert_cmpuint (status, ==, 200);
  pair = g_strdup (SYNC_ADMIN ":" SYNC_ADMIN_PASSWORD);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  server->auth = g_strconcat ("Basic ", encoded, NULL);
  return server;
}

void
sync_server_stop (SyncServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  /* New connections after a restart: nothing kept alive. */
  g_clear_object (&server->session);
  server->session = soup_session_new_with_options ("timeout", 120, NULL);
}

gboolean
sync_server_restart (SyncServer *server,
                     GError    **error)
{
  sync_server_stop (server);
  return spawn (server, error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
sync_server_free (SyncServer *server)
{
  if (server == NULL)
    return;
  sync_server_stop (server);
  if (server->dir != NULL)
    remove_tree (server->dir);
  g_clear_object (&server->session);
  g_free (server->program);
  g_free (server->dir);
  g_free (server->url);
  g_free (server->auth);
  g_free (server);
}

const char *
sync_server_get_url (SyncServer *server)
{
  return server->url;
}

guint
sync_server_get_port (SyncServer *server)
{
  return server->port;
}

double
sync_server_get_cpu_ms (SyncServer *server)
{
  const char *pid = server->process ? g_subprocess_get_identifier (server->process) : NULL;
  g_autofree char *path = NULL;
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (pid == NULL)
    return -1;
  path = g_strdup_printf ("/proc/%s/stat", pid);
  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* after "pid (comm)": state is field 3, utime 14, stime 15 */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) *
         1000.0 / (double) sysconf (_SC_CLK_TCK);
}

void
sync_server_create_db (SyncServer *server,
                       const char *db)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = sync_server_request (server, "PUT", db, NULL, &status);
  g_assert_cmpuint (status, ==, 201);
}
