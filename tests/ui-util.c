/* ui-util.c — see ui-util.h.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-util.h"

#include <glib/gstdio.h>
#include "tkt-demo.h"

void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

GtkWidget *
wait_for_widget (GtkWidget  *root,
                 GType       type,
                 const char *name)
{
  GtkWidget *found = NULL;

  for (guint i = 0; i < 500 && (found = find_widget (root, type, name)) == NULL; i++)
    wait_ms (20);
  return found;
}

GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (child), name) == 0))
        return child;
      found = find_widget (child, type, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
toplevel_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Presses a key as the window's key controller receives it. */
void
press (GtkWindow *window,
       guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean handled = FALSE;
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
          found = TRUE;
          break;
        }
    }
  g_assert_true (found);
  g_assert_true (handled);
  wait_ms (20);
}

void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("TKT_SCREENSHOT_DIR");
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;

  if (dir == NULL)
    return;
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

TktStore *
open_demo_store (const char  *template,
                 char       **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  TktStore *store;

  *dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "tongket.db", NULL);
  store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tkt_demo_fill (store, &error));
  g_assert_no_error (error);
  return store;
}

void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}
