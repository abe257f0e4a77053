/* tkt-slide-view.h — one slide of a deck, painted at the widget's size.
 *
 * The slide is drawn with tkt_slide_draw (the code of the PDF) into an
 * image at the allocation's pixel size, letterboxed to the deck's aspect on
 * black.  Images are kept in a small cache keyed by slide index and pixel
 * size, and the slides after the one shown are rendered ahead in an idle,
 * so moving to the next slide only uploads a ready image.
 *
 * The deck is borrowed: the caller keeps it alive while the view shows it
 * (tkt_slide_view_set_deck (view, NULL, …) before freeing it).
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "tkt-slides.h"

G_BEGIN_DECLS

typedef enum {
  TKT_SLIDE_BLANK_NONE,
  TKT_SLIDE_BLANK_BLACK,
  TKT_SLIDE_BLANK_WHITE,
} TktSlideBlank;

#define TKT_TYPE_SLIDE_VIEW (tkt_slide_view_get_type ())
G_DECLARE_FINAL_TYPE (TktSlideView, tkt_slide_view, TKT, SLIDE_VIEW, GtkWidget)

GtkWidget    *tkt_slide_view_new        (void);
/* deck borrowed (NULL: paints black); theme copied. */
void          tkt_slide_view_set_deck   (TktSlideView        *self,
                                         TktDeck             *deck,
                                         const TktSlideTheme *theme,
                                         TktSlideAspect       aspect);
/* The slide shown: an index among the deck's shown slides; an index past
 * the end paints the background only (the console's "next" after the
 * last slide). */
void          tkt_slide_view_set_index  (TktSlideView *self,
                                         guint         index);
guint         tkt_slide_view_get_index  (TktSlideView *self);
void          tkt_slide_view_set_blank  (TktSlideView *self,
                                         TktSlideBlank blank);
TktSlideBlank tkt_slide_view_get_blank  (TktSlideView *self);
/* Whether the bars around the letterboxed slide are painted black (the
 * default: the projector) or left to the window's background (previews). */
void          tkt_slide_view_set_fill_bars (TktSlideView *self,
                                            gboolean      fill);
/* How many slides ahead of the shown one are rendered in advance (default 2). */
void          tkt_slide_view_set_lookahead (TktSlideView *self,
                                            guint         n);
/* Renders index at the current pixel size now, if not cached; TRUE if it
 * was in the cache already (tests, benchmarks). */
gboolean      tkt_slide_view_prerender  (TktSlideView *self,
                                         guint         index);
gboolean      tkt_slide_view_is_cached  (TktSlideView *self,
                                         guint         index);

G_END_DECLS
