/* fake-sm.c — see fake-sm.h.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fake-sm.h"

typedef struct {
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  char         *address;
  GMainContext *context;
  GMainLoop    *loop;
  guint         next_cookie;
  GHashTable   *inhibitors;   /* cookie → flags */
  char         *last_reason;
} FakeSm;

static FakeSm sm;

static const char sm_xml[] =
  "<node>"
  " <interface name='org.gnome.SessionManager'>"
  "  <method name='Inhibit'>"
  "   <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "   <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "   <arg type='u' direction='out'/>"
  "  </method>"
  "  <method name='Uninhibit'><arg type='u' direction='in'/></method>"
  "  <method name='IsInhibited'><arg type='u' direction='in'/><arg type='b' direction='out'/></method>"
  " </interface>"
  "</node>";

static void
sm_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  g_mutex_lock (&sm.lock);
  if (g_str_equal (method_name, "Inhibit"))
    {
      const char *app_id, *reason;
      guint xid, flags, cookie = ++sm.next_cookie;

      g_variant_get (parameters, "(&su&su)", &app_id, &xid, &reason, &flags);
      g_hash_table_insert (sm.inhibitors, GUINT_TO_POINTER (cookie), GUINT_TO_POINTER (flags));
      g_free (sm.last_reason);
      sm.last_reason = g_strdup (reason);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", cookie));
    }
  else if (g_str_equal (method_name, "Uninhibit"))
    {
      guint cookie;

      g_variant_get (parameters, "(u)", &cookie);
      g_hash_table_remove (sm.inhibitors, GUINT_TO_POINTER (cookie));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", g_hash_table_size (sm.inhibitors) > 0));
  g_mutex_unlock (&sm.lock);
}

static gpointer
sm_thread (gpointer data)
{
  static const GDBusInterfaceVTable vtable = { sm_method_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (sm_xml, &error);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_main_context_push_thread_default (sm.context);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (sm.address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/gnome/SessionManager", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gnome.SessionManager", 0u),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  g_mutex_lock (&sm.lock);
  sm.ready = TRUE;
  g_cond_signal (&sm.cond);
  g_mutex_unlock (&sm.lock);

  g_main_loop_run (sm.loop);
  g_main_context_pop_thread_default (sm.context);
  return NULL;
}

guint
fake_sm_inhibitor_flags (guint cookie)
{
  guint flags;

  g_mutex_lock (&sm.lock);
  flags = GPOINTER_TO_UINT (g_hash_table_lookup (sm.inhibitors, GUINT_TO_POINTER (cookie)));
  g_mutex_unlock (&sm.lock);
  return flags;
}

guint
fake_sm_n_inhibitors (void)
{
  guint n;

  g_mutex_lock (&sm.lock);
  n = g_hash_table_size (sm.inhibitors);
  g_mutex_unlock (&sm.lock);
  return n;
}

static GThread *sm_thread_handle;

void
fake_sm_start (const char *address)
{
  sm.address = g_strdup (address);
  sm.context = g_main_context_new ();
  sm.loop = g_main_loop_new (sm.context, FALSE);
  sm.inhibitors = g_hash_table_new (NULL, NULL);
  sm_thread_handle = g_thread_new ("session-manager", sm_thread, NULL);
  g_mutex_lock (&sm.lock);
  while (!sm.ready)
    g_cond_wait (&sm.cond, &sm.lock);
  g_mutex_unlock (&sm.lock);
}

void
fake_sm_stop (void)
{
  g_main_loop_quit (sm.loop);
  g_thread_join (g_steal_pointer (&sm_thread_handle));
}
