/* tkt-slides.h — the conference's slide deck, drawn with cairo and pango.
 *
 * A TktDeck is generated from a ceremony and the report of its report_year
 * (the report's figures, frozen or live; computed from the register when
 * there is no report document): title, agenda, headline figures, charts
 * (tkt-chart.h), transfers, the plan for next year, one slide per award
 * turn (tkt_award_batches) and the closing.  Slide text is the documents'
 * Vietnamese, not the UI language.
 *
 * Every slide has a stable key ("title", "agenda", "figures",
 * "chart:monitored", "chart:transfers", "chart:comparison", "transfers",
 * "plan", "award:<award id>:<turn>", "text:<uuid>", "closing").  A list too
 * long for one slide continues on further slides of the same key (part 1..
 * n_parts): it is never shrunk below the readable size.
 *
 * The user's changes live in the ceremony document, member "slides":
 *   {"order": [key…], "hidden": [key…],
 *    "texts": [{"key": "text:<uuid>", "title": "…", "text": "…"}]}
 * "order" is the full order at the last change; keys generated since are
 * placed after the slide they follow in the generated deck, keys no longer
 * generated are dropped.  The editing calls below change that member of the
 * ceremony (save the ceremony to keep them) and rearrange the deck.
 *
 * One drawing routine per slide kind draws a slide at any size, so the
 * projector, the previews and the PDF are the same code.  Text is laid out
 * with pango on a context of unhinted metrics and fitted inside the safe
 * area (tkt_slide_get_safe_area); no text is smaller than
 * tkt_slide_min_font_size (height / 30).
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include "tkt-ceremony.h"
#include "tkt-chart.h"
#include "tkt-figures.h"
#include "tkt-store.h"

G_BEGIN_DECLS

typedef enum {
  TKT_SLIDE_TITLE,
  TKT_SLIDE_AGENDA,
  TKT_SLIDE_FIGURES,
  TKT_SLIDE_CHART,
  TKT_SLIDE_TRANSFERS,
  TKT_SLIDE_PLAN,
  TKT_SLIDE_AWARD,
  TKT_SLIDE_TEXT,
  TKT_SLIDE_CLOSING,
  TKT_N_SLIDE_KINDS
} TktSlideKind;

typedef enum {
  TKT_SLIDE_THEME_LIGHT,
  TKT_SLIDE_THEME_DARK,
  TKT_SLIDE_THEME_HIGH_CONTRAST,
} TktSlideThemeKind;

typedef enum {
  TKT_SLIDE_ASPECT_16_9,
  TKT_SLIDE_ASPECT_4_3,
} TktSlideAspect;

/* A line of a list: agenda item, recipient, plan group, target. */
typedef struct {
  char *text;     /* the main line ("Lê Thị Hoa") */
  char *detail;   /* a smaller line under it, or NULL */
} TktSlideItem;

/* A headline figure: "24" over "nhiệm vụ KH&CN". */
typedef struct {
  char *value;
  char *label;
} TktSlideFigure;

/* Read-only for callers; owned by its deck. */
typedef struct {
  TktSlideKind      kind;
  char             *key;
  guint             part;       /* 1-based part of a continued list */
  guint             n_parts;
  char             *title;
  char             *subtitle;   /* date line, "Lượt 1/2", "(tiếp theo)"… or NULL */
  char             *lead;       /* paragraph above the list, or NULL */
  GPtrArray        *items;      /* TktSlideItem */
  GPtrArray        *figures;    /* TktSlideFigure */
  TktChartKind      chart;      /* TKT_SLIDE_CHART */
  const TktFigures *data;       /* the year's figures (charts), owned by the deck */
  const TktFigures *previous;
  char             *footer;     /* the department's name */
  char             *emblem_path; /* PNG, or NULL */
  guint             number;     /* 1-based position among the shown slides, 0 when hidden */
  gboolean          hidden;
} TktSlide;

typedef struct {
  TktSlideThemeKind kind;
  double            background[4];  /* alpha 0: the background is not painted */
  double            foreground[4];
  double            accent[4];
  double            muted[4];
  double            panel[4];       /* boxes behind headline figures */
  double            series[2][4];   /* chart bars: this year, the year before */
  const char       *font_family;
} TktSlideTheme;

void          tkt_slide_theme_init      (TktSlideTheme     *theme,
                                         TktSlideThemeKind  kind);
/* "light", "dark", "high-contrast" */
gboolean      tkt_slide_theme_from_name (const char        *name,
                                         TktSlideThemeKind *kind);
/* "16:9", "4:3" */
gboolean      tkt_slide_aspect_from_name (const char       *name,
                                          TktSlideAspect   *aspect);
/* A page in points: 960×540 (16:9) or 720×540 (4:3). */
void          tkt_slide_aspect_get_size (TktSlideAspect     aspect,
                                         double            *width,
                                         double            *height);

/* The rectangle everything is drawn in: 5 % in from each edge. */
void          tkt_slide_get_safe_area   (double             width,
                                         double             height,
                                         cairo_rectangle_t *area);
/* The smallest text size used at that slide height (height / 30). */
double        tkt_slide_min_font_size   (double             height);

/* Draws slide over (0, 0, width, height) of cr: the background (unless its
 * alpha is 0), the slide kind's content and the footer. */
void          tkt_slide_draw            (cairo_t             *cr,
                                         const TktSlide      *slide,
                                         const TktSlideTheme *theme,
                                         double               width,
                                         double               height);

/* The text boxes the drawing routine lays out (the slide's own text; the
 * charts' labels are tkt_chart_draw's), for tests and previews. */
typedef struct {
  double x, y, width, height;   /* logical extents in slide units */
  double font_size;
  gboolean ellipsized;
} TktSlideTextBox;

GArray       *tkt_slide_measure         (const TktSlide      *slide,
                                         const TktSlideTheme *theme,
                                         double               width,
                                         double               height);

typedef struct _TktDeck TktDeck;

/* The deck of ceremony, with the user's changes from its "slides" member. */
TktDeck      *tkt_deck_new              (TktStore    *store,
                                         TktCeremony *ceremony,
                                         GError     **error);
void          tkt_deck_free             (TktDeck     *deck);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktDeck, tkt_deck_free)

/* The footer: the department's name (default: the ceremony's organiser;
 * NULL keeps it) and an optional emblem image (PNG; NULL: none). */
void          tkt_deck_set_footer       (TktDeck     *deck,
                                         const char  *department,
                                         const char  *emblem_path);

/* The slides shown, in order. */
guint           tkt_deck_get_n_slides   (TktDeck *deck);
const TktSlide *tkt_deck_get_slide      (TktDeck *deck,
                                         guint    index);
/* Every slide, hidden ones too, in order (what an editor lists). */
guint           tkt_deck_get_n_all      (TktDeck *deck);
const TktSlide *tkt_deck_get_all        (TktDeck *deck,
                                         guint    index);

/* Editing: each writes the ceremony's "slides" member and rearranges the
 * deck; FALSE when key is no slide of the deck. */
gboolean      tkt_deck_set_hidden       (TktDeck     *deck,
                                         TktCeremony *ceremony,
                                         const char  *key,
                                         gboolean     hidden);
/* Moves key's slides before before_key's (NULL: to the end). */
gboolean      tkt_deck_move             (TktDeck     *deck,
                                         TktCeremony *ceremony,
                                         const char  *key,
                                         const char  *before_key);
/* A text slide after after_key (NULL: at the end); returns its new key. */
char         *tkt_deck_add_text_slide   (TktDeck     *deck,
                                         TktCeremony *ceremony,
                                         const char  *after_key,
                                         const char  *title,
                                         const char  *text);
gboolean      tkt_deck_remove_text_slide (TktDeck    *deck,
                                          TktCeremony *ceremony,
                                          const char *key);

/* One page per shown slide. */
gboolean      tkt_deck_write_pdf        (TktDeck             *deck,
                                         const TktSlideTheme *theme,
                                         TktSlideAspect       aspect,
                                         const char          *path,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
