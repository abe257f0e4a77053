/* tkt-slides-editor.h — the ceremony's slides, as a list to arrange before
 * the conference: every slide of the deck with a thumbnail drawn by the
 * deck's own drawing code, a switch to show or hide it, Move Up and Move
 * Down (also Alt+Up and Alt+Down on the focused row), and text slides the
 * user adds (Add Text Slide…) or removes.
 *
 * Each change goes into the ceremony's "slides" member (tkt_deck_set_hidden,
 * tkt_deck_move, tkt_deck_add_text_slide, tkt_deck_remove_text_slide) and
 * emits ::changed, after which the page saves the ceremony as for any other
 * edit.  A slide list continued over several slides is one row.
 *
 * Widget actions, with the slide's key as parameter: deck.move-up,
 * deck.move-down, deck.remove; deck.show "(sb)"; deck.add-text
 * (no parameter) opens the dialog, whose window is named
 * "add-text-slide".
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "tkt-ceremony.h"
#include "tkt-slides.h"
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_SLIDES_EDITOR (tkt_slides_editor_get_type ())
G_DECLARE_FINAL_TYPE (TktSlidesEditor, tkt_slides_editor, TKT, SLIDES_EDITOR, AdwBin)

GtkWidget *tkt_slides_editor_new          (void);
/* Builds the deck of ceremony (both referenced); NULL clears.  Call again
 * when the ceremony's awards or the report behind it may have changed. */
void       tkt_slides_editor_set_ceremony (TktSlidesEditor   *self,
                                           TktStore          *store,
                                           TktCeremony       *ceremony);
void       tkt_slides_editor_set_theme    (TktSlidesEditor   *self,
                                           TktSlideThemeKind  theme);
/* The deck shown (NULL when none), for tests. */
TktDeck   *tkt_slides_editor_get_deck     (TktSlidesEditor   *self);

G_END_DECLS
