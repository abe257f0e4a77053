/* tkt-presentation.h — presenting a ceremony's deck: the audience window
 * and the presenter console.
 *
 * The audience window goes full screen on the chosen monitor (remembered in
 * GSettings "presentation-monitor", a connector name; the monitors are
 * listed as connector and maker/model, GTK 4.8 having no description) and shows the slide
 * alone on black; the pointer hides after 3 s without motion.  The console
 * goes full screen on another monitor and shows the current and the next
 * slide, the MC's script for the current slide (tkt_script_build, matched
 * by slide key; Ctrl+plus / Ctrl+minus zoom it), the wall clock, the
 * elapsed time (pause, reset), a countdown to the ceremony's planned end
 * (warning colour in its last 5 minutes) and "5 / 17".  With one monitor
 * the audience window is full screen and Tab shows or hides the console
 * over it; monitors plugged in or out move the windows or fall back to
 * that mode without stopping.
 *
 * Keys, in both windows: Right, space, Page_Down, Return next; Left,
 * Page_Up, BackSpace previous; Home, End; digits then Return jump to that
 * slide; b black screen, w white screen (again: back); Escape leaves.
 *
 * The screensaver and suspend are inhibited (gtk_application_inhibit on the
 * audience window) from tkt_presentation_start to leaving.  "finished" is
 * emitted once the windows are gone.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "tkt-ceremony.h"
#include "tkt-slide-view.h"
#include "tkt-slides.h"
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_PRESENTATION (tkt_presentation_get_type ())
G_DECLARE_FINAL_TYPE (TktPresentation, tkt_presentation, TKT, PRESENTATION, GObject)

/* The deck of ceremony, built now (the ceremony is referenced); NULL and
 * error when it cannot be built or has no slide shown. */
TktPresentation *tkt_presentation_new        (GtkApplication    *application,
                                              TktStore          *store,
                                              TktCeremony       *ceremony,
                                              TktSlideThemeKind  theme,
                                              GError           **error);
/* Shows the windows and takes the inhibit. */
void           tkt_presentation_start        (TktPresentation *self);
/* Leaves: destroys the windows, releases the inhibit, emits "finished". */
void           tkt_presentation_stop         (TktPresentation *self);
gboolean       tkt_presentation_is_running   (TktPresentation *self);

/* What a key does, for clickers and tests: handled or not. */
gboolean       tkt_presentation_key          (TktPresentation *self,
                                              guint            keyval,
                                              GdkModifierType  state);
void           tkt_presentation_go_to        (TktPresentation *self,
                                              guint            index);
guint          tkt_presentation_get_index    (TktPresentation *self);
guint          tkt_presentation_get_n_slides (TktPresentation *self);
TktSlideBlank  tkt_presentation_get_blank    (TktPresentation *self);
TktDeck       *tkt_presentation_get_deck     (TktPresentation *self);
/* The cookie of gtk_application_inhibit while presenting, 0 otherwise. */
guint          tkt_presentation_get_inhibit_cookie (TktPresentation *self);
/* TRUE while the inhibit is held (taken at start, released on leaving),
 * even where no session manager answered (cookie 0). */
gboolean       tkt_presentation_get_inhibited (TktPresentation *self);
GtkWindow     *tkt_presentation_get_audience_window (TktPresentation *self);
GtkWindow     *tkt_presentation_get_console_window  (TktPresentation *self);
/* One monitor: the console is shown over the audience view on Tab. */
gboolean       tkt_presentation_get_single_monitor  (TktPresentation *self);
gboolean       tkt_presentation_get_console_visible (TktPresentation *self);
/* The script shown on the console for the current slide. */
const char    *tkt_presentation_get_script_text     (TktPresentation *self);
/* "5 / 17" */
const char    *tkt_presentation_get_number_text     (TktPresentation *self);

G_END_DECLS
