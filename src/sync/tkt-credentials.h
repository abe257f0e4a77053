/* tkt-credentials.h — the sync password in the Secret Service (libsecret),
 * under the application's own schema "io.github.tongket.Tongket.Sync" with
 * the attributes "server" (the sync URL, database included) and "user".
 *
 * Passwords go nowhere else: not GSettings, not the database, not exports,
 * not logs.  Besides the keyring, a password given to store() is kept in
 * this process's memory (never on disk), so that sync works for the rest of
 * the session when no Secret Service is running; the error of store() then
 * says so in words a user can act on.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TKT_CREDENTIALS_ERROR (tkt_credentials_error_quark ())

typedef enum {
  TKT_CREDENTIALS_ERROR_NO_KEYRING,   /* no Secret Service (or it refused) */
} TktCredentialsError;

GQuark      tkt_credentials_error_quark   (void);

/* The libsecret schema (a SecretSchema*; gconstpointer keeps libsecret's
 * headers out of the callers). */
gconstpointer tkt_credentials_get_schema  (void);

/* Stores (replaces) the password of user on server.  The password is
 * usable through lookup() at once, even when this fails with
 * TKT_CREDENTIALS_ERROR_NO_KEYRING (kept for this session only). */
void        tkt_credentials_store_async   (const char          *server,
                                           const char          *user,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    tkt_credentials_store_finish  (GAsyncResult        *result,
                                           GError             **error);

/* The password, or NULL: with an error when the keyring cannot be asked,
 * without one when none is stored. */
void        tkt_credentials_lookup_async  (const char          *server,
                                           const char          *user,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char       *tkt_credentials_lookup_finish (GAsyncResult        *result,
                                           GError             **error);

/* Forgets the password (session memory and keyring). */
void        tkt_credentials_clear_async   (const char          *server,
                                           const char          *user,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    tkt_credentials_clear_finish  (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
