/* test-credentials.c — the sync password and the Secret Service.
 *
 * The test machines run no Secret Service (no gnome-keyring): on a private
 * D-Bus session bus with nothing on it, the credentials must fail with a
 * clear message, and the password given in this session must still be
 * usable (kept in memory only).  When gnome-keyring-daemon is installed, a
 * keyring on that private bus is used to check the round trip.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "tkt-credentials.h"

#define SERVER "https://couch.example.org/dost"

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean keyring_running;

static void
test_no_keyring (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (keyring_running)
    {
      g_test_skip ("a keyring is running on the test bus");
      return;
    }

  /* Nothing stored, and no keyring to ask: an error that says what. */
  tkt_credentials_lookup_async (SERVER, "lan", NULL, got_result, &result);
  password = tkt_credentials_lookup_finish (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_null (password);
  g_assert_error (error, TKT_CREDENTIALS_ERROR, TKT_CREDENTIALS_ERROR_NO_KEYRING);
  g_assert_true (g_str_has_prefix (error->message, "The password could not be read from the keyring"));
  g_clear_error (&error);

  /* Storing fails the same way, and says the password is kept for now. */
  tkt_credentials_store_async (SERVER, "lan", "mật-khẩu", NULL, got_result, &result);
  g_assert_false (tkt_credentials_store_finish (wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_error (error, TKT_CREDENTIALS_ERROR, TKT_CREDENTIALS_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "used until Tongket closes"));
  g_clear_error (&error);

  /* … and it is: the same session finds it, for that server and user only. */
  tkt_credentials_lookup_async (SERVER, "lan", NULL, got_result, &result);
  password = tkt_credentials_lookup_finish (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "mật-khẩu");
  g_clear_pointer (&password, g_free);

  tkt_credentials_lookup_async ("https://other.example.org/dost", "lan", NULL, got_result, &result);
  password = tkt_credentials_lookup_finish (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_null (password);
  g_clear_error (&error);

  /* Cleared: gone from the session too. */
  tkt_credentials_clear_async (SERVER, "lan", NULL, got_result, &result);
  tkt_credentials_clear_finish (wait_result (&result), NULL);
  g_clear_object (&result);
  tkt_credentials_lookup_async (SERVER, "lan", NULL, got_result, &result);
  password = tkt_credentials_lookup_finish (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_null (password);
  g_assert_error (error, TKT_CREDENTIALS_ERROR, TKT_CREDENTIALS_ERROR_NO_KEYRING);
}

static void
test_keyring_round_trip (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  GHashTable *attributes;
  g_autolist(SecretItem) items = NULL;

  if (!keyring_running)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }

  tkt_credentials_store_async (SERVER, "hoa", "bí mật", NULL, got_result, &result);
  g_assert_true (tkt_credentials_store_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* In the keyring under the application's schema, server and user. */
  attributes = secret_attributes_build (tkt_credentials_get_schema (), "server", SERVER, "user", "hoa", NULL);
  items = secret_password_search_sync (tkt_credentials_get_schema (), SECRET_SEARCH_ALL, NULL, &error,
                                       "server", SERVER, "user", "hoa", NULL);
  g_hash_table_unref (attributes);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  tkt_credentials_lookup_async (SERVER, "hoa", NULL, got_result, &result);
  password = tkt_credentials_lookup_finish (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_cmpstr (password, ==, "bí mật");
}

int
main (int argc, char **argv)
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* A private session bus: never the user's keyring. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  if (daemon != NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("tkt-keyring-XXXXXX", NULL);

      g_setenv ("XDG_DATA_HOME", dir, TRUE);
      g_setenv ("XDG_RUNTIME_DIR", dir, TRUE);
      keyring = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, NULL,
                                  daemon, "--unlock", "--foreground", "--components=secrets", NULL);
      if (keyring != NULL)
        {
          /* An empty password unlocks the new login keyring. */
          g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, NULL);
          g_usleep (G_USEC_PER_SEC);
          keyring_running = TRUE;
        }
    }

  g_test_add_func ("/tkt/sync/credentials/no-keyring", test_no_keyring);
  g_test_add_func ("/tkt/sync/credentials/keyring", test_keyring_round_trip);

  ret = g_test_run ();

  if (keyring != NULL)
    g_subprocess_force_exit (keyring);
  /* libsecret keeps the bus connection in a singleton. */
  secret_service_disconnect ();
  g_test_dbus_down (bus);
  return ret;
}
