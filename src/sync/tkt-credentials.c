/* tkt-credentials.c — see tkt-credentials.h. */

#define G_LOG_DOMAIN "tkt-credentials"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "tkt-credentials.h"

G_DEFINE_QUARK (tkt-credentials-error-quark, tkt_credentials_error)

static const SecretSchema schema = {
  "io.github.tongket.Tongket.Sync", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* The passwords given in this session: "server\037user" → password. */
static GMutex session_lock;
static GHashTable *session_passwords;

gconstpointer
tkt_credentials_get_schema (void)
{
  return &schema;
}

static void
wipe_free (gpointer data)
{
  char *s = data;

  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

static char *
session_key (const char *server,
             const char *user)
{
  return g_strconcat (server, "\037", user != NULL ? user : "", NULL);
}

static void
session_set (const char *server,
             const char *user,
             const char *password)
{
  g_mutex_lock (&session_lock);
  if (session_passwords == NULL)
    session_passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  if (password != NULL)
    g_hash_table_replace (session_passwords, session_key (server, user), g_strdup (password));
  else
    {
      g_autofree char *key = session_key (server, user);

      g_hash_table_remove (session_passwords, key);
    }
  g_mutex_unlock (&session_lock);
}

static char *
session_get (const char *server,
             const char *user)
{
  g_autofree char *key = session_key (server, user);
  char *password = NULL;

  g_mutex_lock (&session_lock);
  if (session_passwords != NULL)
    password = g_strdup (g_hash_table_lookup (session_passwords, key));
  g_mutex_unlock (&session_lock);
  return password;
}

static char *
describe (const char *server,
          const char *user)
{
  /* Translators: the label of the password in the keyring (Passwords and
   * Keys); %s is the user name, then the server's address. */
  return g_strdup_printf (_("Tongket sync password for %s at %s"),
                          user != NULL && *user != '\0' ? user : "-", server);
}

/* Store */

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        /* Translators: %s is the keyring's own error message. */
        g_task_return_new_error (task, TKT_CREDENTIALS_ERROR, TKT_CREDENTIALS_ERROR_NO_KEYRING,
                                 _("The password could not be saved in the keyring (%s). "
                                   "It is used until Tongket closes; enter it again next time."),
                                 error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
tkt_credentials_store_async (const char          *server,
                             const char          *user,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_credentials_store_async);

  session_set (server, user, password);
  label = describe (server, user);
  secret_password_store (&schema, SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "server", server, "user", user != NULL ? user : "",
                         NULL);
}

gboolean
tkt_credentials_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        /* Translators: %s is the keyring's own error message. */
        g_task_return_new_error (task, TKT_CREDENTIALS_ERROR, TKT_CREDENTIALS_ERROR_NO_KEYRING,
                                 _("The password could not be read from the keyring (%s). "
                                   "Enter it in Preferences → Sync."),
                                 error->message);
      return;
    }
  g_task_return_pointer (task, g_strdup (password), wipe_free);
  secret_password_free (password);
}

void
tkt_credentials_lookup_async (const char          *server,
                              const char          *user,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *password;

  g_return_if_fail (server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_credentials_lookup_async);

  password = session_get (server, user);
  if (password != NULL)
    {
      g_task_return_pointer (task, password, wipe_free);
      return;
    }
  secret_password_lookup (&schema, cancellable, lookup_cb, g_steal_pointer (&task),
                          "server", server, "user", user != NULL ? user : "",
                          NULL);
}

char *
tkt_credentials_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear */

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        /* Translators: %s is the keyring's own error message. */
        g_task_return_new_error (task, TKT_CREDENTIALS_ERROR, TKT_CREDENTIALS_ERROR_NO_KEYRING,
                                 _("The password could not be removed from the keyring (%s)."),
                                 error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
tkt_credentials_clear_async (const char          *server,
                             const char          *user,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_credentials_clear_async);

  session_set (server, user, NULL);
  secret_password_clear (&schema, cancellable, clear_cb, g_steal_pointer (&task),
                         "server", server, "user", user != NULL ? user : "",
                         NULL);
}

gboolean
tkt_credentials_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
