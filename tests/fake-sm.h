/* fake-sm.h — a GNOME session manager of the tests' own, on a thread: it
 * answers org.gnome.SessionManager's Inhibit, Uninhibit and IsInhibited on
 * the bus at `address`, so the tests can see what gtk_application_inhibit
 * asked for and that it was released.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Connects to the bus at address, owns the name, and returns once it
 * answers. */
void   fake_sm_start           (const char *address);
void   fake_sm_stop            (void);
/* The flags of the inhibitor cookie, 0 when it is not held. */
guint  fake_sm_inhibitor_flags (guint       cookie);
guint  fake_sm_n_inhibitors    (void);

G_END_DECLS
