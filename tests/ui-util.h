/* ui-util.h — what the UI tests do as a user: wait while the main loop
 * runs, find a widget, press a key, save a screenshot of a widget.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "tkt-store.h"

G_BEGIN_DECLS

/* Runs the main loop for ms milliseconds. */
void        wait_ms         (guint       ms);
/* The first descendant of root of the type (and widget name, if not NULL). */
GtkWidget  *find_widget     (GtkWidget  *root,
                             GType       type,
                             const char *name);
/* find_widget, running the main loop until it is there (the window builds
 * its Reports and Ceremonies pages after its first frame), at most 10 s. */
GtkWidget  *wait_for_widget (GtkWidget  *root,
                             GType       type,
                             const char *name);
/* Is a toplevel with this widget name open? */
gboolean    toplevel_named  (const char *name);
/* Presses a key as the window's key controller receives it; asserts that
 * it was handled. */
void        press           (GtkWindow  *window,
                             guint       keyval);
/* The widget as it paints itself (snapshot → the window's GskRenderer →
 * texture) saved as PNG under $TKT_SCREENSHOT_DIR/name; nothing when the
 * variable is not set. */
void        save_screenshot (GtkWidget  *widget,
                             const char *name);

/* A new folder (template as for g_dir_make_tmp) with tongket.db filled
 * with the demo register; the folder's path in *dir. */
TktStore   *open_demo_store (const char  *template,
                             char       **dir);
/* Removes the files of dir (not recursing) and dir itself. */
void        remove_dir      (const char  *dir);

G_END_DECLS
