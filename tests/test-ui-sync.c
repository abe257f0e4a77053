/* test-ui-sync.c — sync as a user meets it, under Xvfb, against
 * pouchdb-server on 127.0.0.1 (tests/sync-server.c): configure it in
 * Preferences → Sync, watch the header bar say "Synced at …", see unsent
 * tasks marked, resolve a conflict in the Conflicts area, open a task's
 * history.  No Secret Service runs here (a private D-Bus bus): the
 * password is kept for the session, as the credentials code promises.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "sync-server.h"
#include "tkt-application.h"
#include "tkt-conflicts-page.h"
#include "tkt-credentials.h"
#include "tkt-history-window.h"
#include "tkt-io.h"
#include "tkt-preferences-window.h"
#include "tkt-store-sync.h"
#include "tkt-sync-page.h"
#include "tkt-sync-status.h"
#include "tkt-task-editor.h"
#include "tkt-task-page.h"
#include "tkt-window.h"
#include "ui-util.h"

#define FIXED_NOW "2024-01-24T09:30:00+07:00"

static TktApplication *app;
static SyncServer *server;
static guint db_counter;

typedef struct {
  char          *dir;
  char          *db;       /* this test's database on the server */
  char          *url;      /* …/db */
  TktStore      *store;
  TktWindow     *window;
  TktSyncStatus *status;
  GSettings     *settings;
} Fixture;

/* After a relayout: a widget snapshotted before its allocation warns. */
static void
shot (GtkWidget  *widget,
      const char *name)
{
  wait_ms (300);
  save_screenshot (widget, name);
}

static gboolean
wait_until (gboolean (*done) (Fixture *f),
            Fixture   *f,
            guint      timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (done (f))
        return TRUE;
      wait_ms (20);
    }
  return done (f);
}

static gboolean
is_synced (Fixture *f)
{
  static char *last;

  if (g_strcmp0 (last, tkt_sync_status_get_label (f->status)) != 0)
    {
      g_free (last);
      last = g_strdup (tkt_sync_status_get_label (f->status));
      g_test_message ("header: %s (%s)", last, tkt_sync_status_get_details (f->status));
    }
  return g_str_has_prefix (tkt_sync_status_get_label (f->status), "Synced at ");
}

static gboolean
is_error (Fixture *f)
{
  return g_strcmp0 (tkt_sync_status_get_label (f->status), "Sync Error") == 0;
}

static char *
put_task (TktStore   *store,
          const char *id,
          const char *title)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *rev;

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "task");
  json_object_set_string_member (doc, "title", title);
  json_object_set_string_member (doc, "code", id + strlen ("task:"));
  rev = tkt_store_put (store, doc, &error);
  g_assert_no_error (error);
  return rev;
}

static void
edit_title (TktStore   *store,
            const char *id,
            const char *title)
{
  g_autoptr(JsonObject) doc = tkt_store_get (store, id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (doc);
  json_object_set_string_member (doc, "title", title);
  g_free (tkt_store_put (store, doc, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (server == NULL)
    return;

  f->dir = g_dir_make_tmp ("tkt-ui-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tongket.db", NULL);
  f->store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  tkt_store_set_author (f->store, "Lan");
  g_free (put_task (f->store, "task:DT-01", "Hoa ban Tây Bắc"));
  g_free (put_task (f->store, "task:DT-02", "Điện Biên: bảo tồn di tích"));

  f->db = g_strdup_printf ("dost%u", ++db_counter);
  sync_server_create_db (server, f->db);
  f->url = g_strconcat (sync_server_get_url (server), f->db, NULL);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "sync-enabled");
  g_settings_reset (f->settings, "sync-url");
  g_settings_reset (f->settings, "sync-user");

  f->window = tkt_window_new (ADW_APPLICATION (app), f->store);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_ms (100);
  f->status = TKT_SYNC_STATUS (find_widget (GTK_WIDGET (f->window), TKT_TYPE_SYNC_STATUS, NULL));
  g_assert_nonnull (f->status);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_ms (50);
  g_settings_reset (f->settings, "sync-enabled");
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (f->dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (f->dir);
  }
  g_free (f->dir);
  g_free (f->db);
  g_free (f->url);
}

static void
set_row (GtkWidget  *root,
         const char *name,
         const char *text)
{
  GtkWidget *row = find_widget (root, ADW_TYPE_ENTRY_ROW, name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static TktSyncPage *test_page;

static gboolean
test_done (Fixture *f)
{
  const char *result = tkt_sync_page_get_test_result (test_page);

  return result[0] != '\0';
}

static const char *
click_test (Fixture   *f,
            GtkWidget *prefs)
{
  GtkWidget *button = find_widget (prefs, GTK_TYPE_BUTTON, "sync-test");

  test_page = TKT_SYNC_PAGE (find_widget (prefs, TKT_TYPE_SYNC_PAGE, NULL));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  /* Never blocks: the window keeps painting while the test runs. */
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (wait_until (test_done, f, 15000));
  return tkt_sync_page_get_test_result (test_page);
}

static gboolean
server_has_docs (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("%s/task:DT-02", f->db);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;

  reply = sync_server_request (server, "GET", path, NULL, &status);
  return status == 200;
}

/* Preferences → Sync: test the connection (wrong password, then right),
 * switch sync on; the header bar goes to "Synced at …", the server holds
 * the tasks, and a task edited here is marked until it is sent. */
static void
test_configure (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *prefs;
  GtkWidget *sw;
  TktTaskPage *page;
  const char *result;

  if (server == NULL)
    {
      g_test_skip ("pouchdb-server is not installed (build-aux/test installs it)");
      return;
    }

  /* Off: nothing in the header, nothing marked. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->status)));
  page = TKT_TASK_PAGE (find_widget (GTK_WIDGET (f->window), TKT_TYPE_TASK_PAGE, NULL));
  g_assert_false (tkt_task_page_get_unsent (page, "task:DT-01"));

  prefs = tkt_preferences_window_new (f->store);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sync");
  wait_ms (100);

  set_row (prefs, "sync-url", f->url);
  set_row (prefs, "sync-user", SYNC_ADMIN);
  set_row (prefs, "sync-password", "not-the-password");
  result = click_test (f, prefs);
  g_test_message ("wrong password: %s", result);
  g_assert_false (g_str_has_prefix (result, "Connected"));
  shot (prefs, "sync-prefs-wrong-password.png");

  set_row (prefs, "sync-password", SYNC_ADMIN_PASSWORD);
  result = click_test (f, prefs);
  g_test_message ("right password: %s", result);
  g_assert_true (g_str_has_prefix (result, "Connected"));
  g_assert_nonnull (strstr (result, f->db));
  shot (prefs, "sync-prefs-connected.png");

  /* Switched on: what the rows say is kept (the password in the keyring,
   * here the session), the window's sync starts. */
  sw = find_widget (prefs, GTK_TYPE_SWITCH, "sync-enabled");
  g_assert_nonnull (sw);
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  g_assert_cmpstr (g_settings_get_string (f->settings, "sync-url"), ==, f->url);
  g_assert_cmpstr (g_settings_get_string (f->settings, "sync-user"), ==, SYNC_ADMIN);
  /* The password itself is in no setting and no longer in the row. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (prefs, ADW_TYPE_ENTRY_ROW, "sync-password"))), ==, "");

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_true (wait_until (is_synced, f, 20000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->status)));
  g_test_message ("header: %s", tkt_sync_status_get_label (f->status));
  g_assert_true (wait_until (server_has_docs, f, 5000));
  tkt_sync_status_popup (f->status);
  shot (GTK_WIDGET (f->window), "sync-window-synced.png");
  shot (find_widget (GTK_WIDGET (f->status), GTK_TYPE_POPOVER, NULL), "sync-popover-synced.png");

  /* An edit: marked at once, unmarked once the live sync has sent it. */
  g_assert_false (tkt_task_page_get_unsent (page, "task:DT-01"));
  edit_title (f->store, "task:DT-01", "Hoa ban Tây Bắc: chọn giống");

  g_assert_true (tkt_task_page_get_unsent (page, "task:DT-01"));
  g_assert_false (tkt_task_page_get_unsent (page, "task:DT-02"));
  {
    gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (tkt_task_page_get_unsent (page, "task:DT-01") && g_get_monotonic_time () < until)
      wait_ms (20);
    g_test_message ("pushed seq %" G_GINT64_FORMAT ", update seq %" G_GINT64_FORMAT,
                    tkt_sync_controller_get_pushed_seq (tkt_window_get_sync_controller (f->window)),
                    tkt_store_get_update_seq (f->store));
  }
  g_assert_false (tkt_task_page_get_unsent (page, "task:DT-01"));
}

/* A wrong password stops sync with the reason and Retry in the header;
 * the right one (Preferences) starts it again. */
static void
test_error_then_retry (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *prefs;

  if (server == NULL)
    {
      g_test_skip ("pouchdb-server is not installed (build-aux/test installs it)");
      return;
    }

  prefs = tkt_preferences_window_new (f->store);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (prefs));
  wait_ms (100);
  set_row (prefs, "sync-url", f->url);
  set_row (prefs, "sync-user", SYNC_ADMIN);
  set_row (prefs, "sync-password", "wrong");
  gtk_switch_set_active (GTK_SWITCH (find_widget (prefs, GTK_TYPE_SWITCH, "sync-enabled")), TRUE);

  g_assert_true (wait_until (is_error, f, 20000));
  g_test_message ("error: %s", tkt_sync_status_get_details (f->status));
  g_assert_nonnull (tkt_sync_status_get_details (f->status));
  /* The password is nowhere in what the user is shown. */
  g_assert_null (strstr (tkt_sync_status_get_details (f->status), "wrong"));
  tkt_sync_status_popup (f->status);
  wait_ms (200);
  shot (GTK_WIDGET (f->window), "sync-window-error.png");
  shot (find_widget (GTK_WIDGET (f->status), GTK_TYPE_POPOVER, NULL), "sync-popover-error.png");

  /* The right password, applied in the row: sync starts again. */
  set_row (prefs, "sync-password", SYNC_ADMIN_PASSWORD);
  g_signal_emit_by_name (find_widget (prefs, ADW_TYPE_ENTRY_ROW, "sync-password"), "apply");
  g_assert_true (wait_until (is_synced, f, 20000));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
ignore_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  tkt_credentials_store_finish (result, NULL);
}

static void
configure_directly (Fixture *f)
{
  /* The password as Preferences keeps it (session memory when no keyring). */
  tkt_credentials_store_async (f->url, SYNC_ADMIN, SYNC_ADMIN_PASSWORD, NULL, ignore_cb, NULL);
  g_settings_set_string (f->settings, "sync-url", f->url);
  g_settings_set_string (f->settings, "sync-user", SYNC_ADMIN);
  g_settings_set_boolean (f->settings, "sync-enabled", TRUE);
  g_assert_true (wait_until (is_synced, f, 20000));
}

static GtkListBoxRow *conflicts_row;

static gboolean
conflicts_shown (Fixture *f)
{
  return gtk_widget_get_visible (GTK_WIDGET (conflicts_row));
}

static gboolean
conflicts_gone (Fixture *f)
{
  return !gtk_widget_get_visible (GTK_WIDGET (conflicts_row));
}

static gboolean
server_resolved (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("%s/task:DT-01?conflicts=true", f->db);
  g_autoptr(JsonNode) reply = NULL;
  guint status = 0;
  JsonObject *doc;

  reply = sync_server_request (server, "GET", path, NULL, &status);
  if (status != 200 || reply == NULL)
    return FALSE;
  doc = json_node_get_object (reply);
  return !json_object_has_member (doc, "_conflicts") &&
         g_strcmp0 (json_object_get_string_member (doc, "title"), "Tiêu đề trên máy chủ") == 0 &&
         g_strcmp0 (json_object_get_string_member (doc, "pi"), "Nguyễn Văn Lan") == 0;
}

/* The same task changed here and on the server before they synced: the
 * Conflicts area appears, shows the fields that differ side by side; the
 * user takes the server's title and keeps the local investigator; the
 * resolution is written and reaches the server. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *rev1 = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;
  TktConflictsPage *page;
  GtkWidget *check, *keep;
  guint status = 0;

  if (server == NULL)
    {
      g_test_skip ("pouchdb-server is not installed (build-aux/test installs it)");
      return;
    }

  configure_directly (f);
  conflicts_row = GTK_LIST_BOX_ROW (find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_BOX_ROW, "conflicts"));
  g_assert_nonnull (conflicts_row);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (conflicts_row)));

  /* On the server: a sibling of revision 1 (another desktop's edit). */
  local = tkt_store_get (f->store, "task:DT-01", &error);
  g_assert_no_error (error);
  rev1 = g_strdup (json_object_get_string_member (local, "_rev"));
  body = g_strdup_printf ("{\"new_edits\": false, \"docs\": [{\"_id\": \"task:DT-01\", "
                          "\"_rev\": \"2-ffffffffffffffffffffffffffffffff\", "
                          "\"_revisions\": {\"start\": 2, \"ids\": [\"ffffffffffffffffffffffffffffffff\", \"%s\"]}, "
                          "\"type\": \"task\", \"code\": \"DT-01\", \"title\": \"Tiêu đề trên máy chủ\", "
                          "\"modified\": {\"at\": \"2024-01-24T10:15:00+07:00\", \"by\": \"Hoa\"}}]}",
                          strchr (rev1, '-') + 1);
  path = g_strdup_printf ("%s/_bulk_docs", f->db);
  reply = sync_server_request (server, "POST", path, body, &status);
  g_assert_cmpuint (status, ==, 201);

  /* Here: the investigator filled in (revision 2 on revision 1). */
  json_object_set_string_member (local, "pi", "Nguyễn Văn Lan");
  g_free (tkt_store_put (f->store, local, &error));
  g_assert_no_error (error);

  g_assert_true (wait_until (conflicts_shown, f, 20000));
  g_assert_true (wait_until (is_synced, f, 20000));

  /* The Conflicts area, from the sidebar. */
  g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (conflicts_row)), "row-activated", conflicts_row);
  wait_ms (100);
  page = TKT_CONFLICTS_PAGE (find_widget (GTK_WIDGET (f->window), TKT_TYPE_CONFLICTS_PAGE, NULL));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpuint (tkt_conflicts_page_get_n_conflicts (page), ==, 1);
  fields = tkt_conflicts_page_get_differing_fields (page);
  g_assert_true (g_strv_contains ((const char * const *) fields, "title"));
  g_assert_true (g_strv_contains ((const char * const *) fields, "pi"));
  shot (GTK_WIDGET (f->window), "sync-conflicts.png");

  /* Nothing was resolved behind the user's back. */
  g_assert_cmpuint (g_strv_length (tkt_store_get_conflicts (f->store, "task:DT-01")), ==, 1);

  /* Field by field: the title from the other version; the rest as shown. */
  {
    g_auto(GStrv) conflicts = tkt_store_get_conflicts (f->store, "task:DT-01");
    g_autoptr(JsonObject) winner = tkt_store_get (f->store, "task:DT-01", NULL);
    const char *winner_title = json_object_get_string_member (winner, "title");
    gboolean other_is_server = g_strcmp0 (winner_title, "Tiêu đề trên máy chủ") != 0;

    /* The winner is CouchDB's pick (the greater hash); tick whichever
     * column holds what the user wants. */
    check = find_widget (GTK_WIDGET (page), GTK_TYPE_CHECK_BUTTON, other_is_server ? "title" : "pi");
    g_assert_nonnull (check);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    g_assert_nonnull (conflicts[0]);
  }
  keep = find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "keep-chosen");
  g_signal_emit_by_name (keep, "clicked");
  wait_ms (50);

  {
    g_autoptr(JsonObject) merged = tkt_store_get (f->store, "task:DT-01", NULL);
    g_auto(GStrv) left = tkt_store_get_conflicts (f->store, "task:DT-01");

    g_assert_cmpstr (json_object_get_string_member (merged, "title"), ==, "Tiêu đề trên máy chủ");
    g_assert_cmpstr (json_object_get_string_member (merged, "pi"), ==, "Nguyễn Văn Lan");
    g_assert_true (left == NULL || left[0] == NULL);
  }
  g_assert_true (wait_until (conflicts_gone, f, 2000));
  /* … and replicated: the server has the merged version and no conflict. */
  g_assert_true (wait_until (server_resolved, f, 20000));
}

static TktHistoryWindow *
find_history (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (TKT_IS_HISTORY_WINDOW (window))
        return TKT_HISTORY_WINDOW (window);
    }
  return NULL;
}

/* The task editor's History: the revisions, newest first, when and by whom. */
static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  TktTaskPage *page;
  TktTaskEditor *editor;
  TktHistoryWindow *history;
  g_autoptr(JsonObject) doc = NULL;

  if (f->window == NULL)
    {
      g_test_skip ("pouchdb-server is not installed (build-aux/test installs it)");
      return;
    }

  doc = tkt_store_get (f->store, "task:DT-02", NULL);
  tkt_store_set_author (f->store, "Hoa");
  json_object_set_string_member (doc, "title", "Điện Biên: bảo tồn và phát huy di tích");
  g_free (tkt_store_put (f->store, doc, NULL));

  page = TKT_TASK_PAGE (find_widget (GTK_WIDGET (f->window), TKT_TYPE_TASK_PAGE, NULL));
  tkt_task_page_reload (page);
  wait_ms (50);
  g_assert_true (tkt_task_page_select_task (page, "task:DT-02"));
  editor = TKT_TASK_EDITOR (find_widget (GTK_WIDGET (page), TKT_TYPE_TASK_EDITOR, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.history", NULL));
  wait_ms (200);

  history = find_history ();
  g_assert_nonnull (history);
  g_assert_cmpuint (tkt_history_window_get_n_revisions (history), ==, 2);
  /* TKT_FIXED_NOW fixes the time; the authors differ. */
  g_assert_cmpstr (tkt_history_window_get_row_text (history, 0), ==, "24/01/2024 09:30 — Hoa");
  /* The older revision keeps its body, and so its author. */
  g_assert_cmpstr (tkt_history_window_get_row_text (history, 1), ==, "24/01/2024 09:30 — Lan");
  shot (GTK_WIDGET (history), "sync-history.png");
  gtk_window_destroy (GTK_WINDOW (history));
}

/* A CouchDB-like server over HTTPS with a self-signed certificate
 * (tests/data/sync-test-tls.pem, for 127.0.0.1, test only). */
static void
tls_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           data)
{
  const char *body = NULL;

  if (g_str_equal (path, "/"))
    body = "{\"couchdb\": \"Welcome\", \"version\": \"3.3.3\", \"uuid\": \"0123456789abcdef0123456789abcdef\"}";
  else if (g_str_equal (path, "/db") || g_str_equal (path, "/db/"))
    body = "{\"db_name\": \"db\", \"doc_count\": 3, \"update_seq\": \"3-x\"}";
  if (body == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\": \"not_found\"}", strlen ("{\"error\": \"not_found\"}"));
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static gboolean
tls_row_shown (Fixture *f)
{
  return gtk_widget_get_visible (find_widget (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (test_page))),
                                              ADW_TYPE_ACTION_ROW, "sync-tls"));
}

/* Test connection to a server whose certificate no authority vouches
 * for: the reason and the fingerprint are shown; trusting it stores that
 * fingerprint for that server only, and the test then connects. */
static void
test_tls_trust (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "data", "sync-test-tls.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  const char *stored = NULL;
  GSList *uris;
  GtkWidget *prefs;
  const char *result;

  if (f->window == NULL)
    {
      g_test_skip ("pouchdb-server is not installed (build-aux/test installs it)");
      return;
    }

  cert = g_tls_certificate_new_from_file (pem, &error);
  g_assert_no_error (error);
  g_object_get (cert, "certificate", &der, NULL);
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  soup = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (soup, NULL, tls_handler, NULL, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_strdup_printf ("https://127.0.0.1:%d/db", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  prefs = tkt_preferences_window_new (f->store);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sync");
  wait_ms (100);
  set_row (prefs, "sync-url", url);
  set_row (prefs, "sync-user", "");

  result = click_test (f, prefs);
  g_test_message ("untrusted: %s", result);
  g_assert_false (g_str_has_prefix (result, "Connected"));
  g_assert_true (tls_row_shown (f));
  {
    AdwActionRow *row = ADW_ACTION_ROW (find_widget (prefs, ADW_TYPE_ACTION_ROW, "sync-tls"));

    /* The fingerprint the administrator can compare, and why. */
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), expected));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "certificate authority"));
  }
  shot (prefs, "sync-prefs-tls.png");

  g_signal_emit_by_name (find_widget (prefs, GTK_TYPE_BUTTON, "sync-trust"), "clicked");
  g_assert_true (wait_until (test_done, f, 15000));
  result = tkt_sync_page_get_test_result (test_page);
  g_test_message ("trusted: %s", result);
  g_assert_true (g_str_has_prefix (result, "Connected to CouchDB 3.3.3"));
  g_assert_false (tls_row_shown (f));

  /* Kept for that server (scheme, host, port) only. */
  key = tkt_sync_server_key (url);
  trusted = g_settings_get_value (f->settings, "sync-trusted-certificates");
  g_assert_cmpuint (g_variant_n_children (trusted), ==, 1);
  g_assert_true (g_variant_lookup (trusted, key, "&s", &stored));
  g_assert_cmpstr (stored, ==, expected);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (f->settings, "sync-trusted-certificates");
  soup_server_disconnect (soup);
}

static gboolean
is_offline (Fixture *f)
{
  return g_strcmp0 (tkt_sync_status_get_label (f->status), "Offline") == 0;
}

/* The server goes away: the header says Offline and that changes are
 * kept; an edit made meanwhile stays marked as not sent.  (Runs last: the
 * in-memory server loses its databases when it stops.) */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  TktTaskPage *page;

  if (server == NULL)
    {
      g_test_skip ("pouchdb-server is not installed (build-aux/test installs it)");
      return;
    }

  configure_directly (f);
  sync_server_stop (server);
  edit_title (f->store, "task:DT-02", "Điện Biên: bảo tồn di tích (ngoại tuyến)");
  g_assert_true (wait_until (is_offline, f, 30000));
  g_assert_nonnull (strstr (tkt_sync_status_get_details (f->status), "Changes are kept and will be sent"));
  page = TKT_TASK_PAGE (find_widget (GTK_WIDGET (f->window), TKT_TYPE_TASK_PAGE, NULL));
  g_assert_true (tkt_task_page_get_unsent (page, "task:DT-02"));
  shot (GTK_WIDGET (f->window), "sync-window-offline.png");
  g_clear_pointer (&server, sync_server_free);
}

/* Download again */

static TktSyncPage *download_page;

static gboolean
download_done (Fixture *f)
{
  return tkt_sync_page_get_download_result (download_page)[0] != '\0';
}

/* The server's documents (not _design/) as id → winning rev. */
static GHashTable *
server_revs (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("%s/_all_docs", f->db);
  g_autoptr(JsonNode) reply = NULL;
  GHashTable *revs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *rows;
  guint status = 0;

  reply = sync_server_request (server, "GET", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  rows = json_object_get_array_member (json_node_get_object (reply), "rows");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *id = json_object_get_string_member (row, "id");

      if (g_str_has_prefix (id, "_design/"))
        continue;
      g_hash_table_insert (revs, g_strdup (id),
                           g_strdup (json_object_get_string_member (json_object_get_object_member (row, "value"), "rev")));
    }
  return revs;
}

/* The local live documents as id → winning rev. */
static GHashTable *
local_revs (TktStore *store)
{
  g_autoptr(GPtrArray) changes = tkt_store_changes_with_leaves (store, 0, 0, NULL);
  GHashTable *revs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < changes->len; i++)
    {
      TktStoreChange *change = g_ptr_array_index (changes, i);

      if (!change->deleted)
        g_hash_table_insert (revs, g_strdup (change->id), g_strdup (change->leaves[0]));
    }
  return revs;
}

/* Synced, then changes here that the server does not have (the live sync
 * paused, as when the server refuses them) and a task another desktop put
 * on the server: Preferences → Sync → Download Again… asks, counting the
 * unsent changes, saves them to the file chosen, and leaves this computer
 * with exactly the server's register. */
static void
test_download_again (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) remote = NULL;
  g_autoptr(GHashTable) local = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *unsent_path = NULL;
  g_autofree char *proposed = NULL;
  g_autofree char *body = NULL;
  TktSyncController *controller;
  GtkFileChooserNative *chooser;
  AdwMessageDialog *dialog;
  GHashTableIter iter;
  gpointer key, value;
  GtkWidget *prefs, *button;
  gboolean found_edit = FALSE, found_new = FALSE;
  guint status = 0;

  if (server == NULL)
    {
      g_test_skip ("pouchdb-server is not installed (build-aux/test installs it)");
      return;
    }

  configure_directly (f);
  controller = tkt_window_get_sync_controller (f->window);
  tkt_replicator_stop (tkt_sync_controller_get_replicator (controller));
  edit_title (f->store, "task:DT-01", "Hoa ban: sửa chưa gửi");
  g_free (put_task (f->store, "task:DT-03", "Nhiệm vụ mới chưa gửi"));
  path = g_strdup_printf ("%s/task:DT-09", f->db);
  reply = sync_server_request (server, "PUT", path,
                               "{\"type\": \"task\", \"code\": \"DT-09\", \"title\": \"Từ máy khác\"}", &status);
  g_assert_cmpuint (status, ==, 201);

  prefs = tkt_preferences_window_new (f->store);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (f->window));
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 760);
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "sync");
  wait_ms (100);
  download_page = TKT_SYNC_PAGE (find_widget (prefs, TKT_TYPE_SYNC_PAGE, NULL));
  button = find_widget (prefs, GTK_TYPE_BUTTON, "sync-download-again");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_focusable (button));
  shot (prefs, "sync-prefs-download-again.png");

  /* The confirmation counts what is unsent; Cancel is the default. */
  g_signal_emit_by_name (button, "clicked");
  dialog = tkt_sync_page_get_download_dialog (download_page);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 changes"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "download"), ==, ADW_RESPONSE_DESTRUCTIVE);
  shot (GTK_WIDGET (dialog), "sync-download-again-confirm.png");
  adw_message_dialog_response (dialog, "download");
  g_assert_null (tkt_sync_page_get_download_dialog (download_page));

  /* The file: a name with the date is proposed. */
  chooser = tkt_sync_page_get_download_chooser (download_page);
  g_assert_nonnull (chooser);
  proposed = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_test_message ("proposed: %s", proposed);
  g_assert_true (g_str_has_prefix (proposed, "tongket-unsent-"));
  g_assert_true (g_str_has_suffix (proposed, ".json"));
  /* GTK's own dialog (no portal here) loads its folder in the background:
   * once it has, go to this test's folder. */
  folder = g_file_new_for_path (f->dir);
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));

      if (current != NULL && g_file_equal (current, folder))
        break;
      if (current != NULL)
        {
          g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error));
          g_assert_no_error (error);
        }
      wait_ms (20);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "unsent.json");
  unsent_path = g_build_filename (f->dir, "unsent.json", NULL);
  {
    g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

    g_autoptr(GFile) cf = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
    g_autofree char *cn = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

    g_test_message ("chosen: %s; folder %s; name %s", chosen ? g_file_peek_path (chosen) : "(none)",
                    cf ? g_file_peek_path (cf) : "(none)", cn);
  }
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (tkt_sync_page_get_download_chooser (download_page));

  g_assert_true (wait_until (download_done, f, 30000));
  g_test_message ("result: %s", tkt_sync_page_get_download_result (download_page));
  g_assert_true (g_str_has_prefix (tkt_sync_page_get_download_result (download_page), "Downloaded again from the server. 2 unsent changes"));
  shot (prefs, "sync-prefs-download-again-done.png");
  g_assert_true (is_synced (f));

  /* The file holds the unsent changes, with their bodies. */
  contents = g_file_load_bytes (g_file_new_for_path (unsent_path), NULL, NULL, &error);
  g_assert_no_error (error);
  docs = tkt_io_parse_json (contents, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 2);
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *d = g_ptr_array_index (docs, i);
      const char *id = json_object_get_string_member (d, "_id");
      const char *title = json_object_get_string_member (d, "title");

      found_edit |= g_str_equal (id, "task:DT-01") && g_str_equal (title, "Hoa ban: sửa chưa gửi");
      found_new |= g_str_equal (id, "task:DT-03") && g_str_equal (title, "Nhiệm vụ mới chưa gửi");
    }
  g_assert_true (found_edit);
  g_assert_true (found_new);

  /* Here: exactly the server's register. */
  doc = tkt_store_get (f->store, "task:DT-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "Hoa ban Tây Bắc");
  g_assert_null (tkt_store_get (f->store, "task:DT-03", NULL));
  g_clear_pointer (&doc, json_object_unref);
  doc = tkt_store_get (f->store, "task:DT-09", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "Từ máy khác");
  remote = server_revs (f);
  local = local_revs (f->store);
  g_assert_cmpuint (g_hash_table_size (local), ==, g_hash_table_size (remote));
  g_hash_table_iter_init (&iter, remote);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (local, key), ==, value);
  /* and nothing to send */
  g_assert_cmpuint (tkt_sync_controller_count_unsent (controller), ==, 0);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  const char *display;
  int status;

  g_setenv ("TKT_FIXED_NOW", FIXED_NOW, TRUE);
  /* In the language of LANGUAGE (English in meson test), from
   * TKT_LOCALEDIR, as the application does: for screenshots in Vietnamese. */
  setlocale (LC_ALL, "");
  if (g_getenv ("TKT_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TKT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  g_test_init (&argc, &argv, NULL);

  /* A private session bus: no Secret Service, never the user's keyring. */
  display = g_getenv ("DISPLAY");
  {
    g_autofree char *keep = g_strdup (display);

    bus = g_test_dbus_new (G_TEST_DBUS_NONE);
    g_test_dbus_up (bus);
    if (keep != NULL)
      g_setenv ("DISPLAY", keep, TRUE);
  }
  g_setenv ("GTK_A11Y", "none", TRUE);

  gtk_init ();
  adw_init ();

  app = tkt_application_new ();
  g_application_set_application_id (G_APPLICATION (app), APP_ID ".SyncTest");
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  program = sync_server_find_program ();
  if (program != NULL)
    {
      server = sync_server_start (FALSE, &error);
      g_assert_no_error (error);
    }

  g_test_add ("/tkt/ui/sync/configure", Fixture, NULL, fixture_setup, test_configure, fixture_teardown);
  g_test_add ("/tkt/ui/sync/error-then-retry", Fixture, NULL, fixture_setup, test_error_then_retry, fixture_teardown);
  g_test_add ("/tkt/ui/sync/conflict", Fixture, NULL, fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/tkt/ui/sync/history", Fixture, NULL, fixture_setup, test_history, fixture_teardown);
  g_test_add ("/tkt/ui/sync/tls-trust", Fixture, NULL, fixture_setup, test_tls_trust, fixture_teardown);
  g_test_add ("/tkt/ui/sync/download-again", Fixture, NULL, fixture_setup, test_download_again, fixture_teardown);
  g_test_add ("/tkt/ui/sync/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  g_clear_pointer (&server, sync_server_free);
  /* GTK keeps the session bus connection to the end: stop the daemon, and
   * do not wait for the connection (nor unref the bus, whose dispose would). */
  g_test_dbus_stop (bus);
  return status;
}
