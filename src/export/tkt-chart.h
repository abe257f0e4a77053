/* tkt-chart.h — the report's charts, drawn with cairo and pango at any size.
 *
 * One routine per chart kind draws into a rectangle of a cairo context: the
 * Reports page (a GtkDrawingArea), the PDF (tkt-report-pdf.h) and, later,
 * the slides call the same code.  Colours come from a TktChartStyle so the
 * page can follow the light/dark style and the slides their theme.  Labels
 * are the figures' Vietnamese labels; numbers are written the Vietnamese
 * way (tkt-text.h).
 */
#pragma once

#include <cairo.h>
#include "tkt-figures.h"

G_BEGIN_DECLS

typedef enum {
  TKT_CHART_MONITORED,    /* tasks monitored by level / programme (bars) */
  TKT_CHART_TRANSFERS,    /* transfers by sector (bars) */
  TKT_CHART_COMPARISON,   /* year against the year before: monitored, ordered,
                             accepted, results transferred, units (paired bars) */
  TKT_N_CHARTS
} TktChartKind;

typedef struct {
  double foreground[4];   /* text and axes, RGBA 0..1 */
  double background[4];   /* alpha 0 = leave the surface as it is */
  double series[2][4];    /* this year, the year before */
  const char *font_family; /* NULL = "Sans" */
  double font_scale;       /* 1.0 = label size from the rectangle's height */
} TktChartStyle;

/* The default style (dark text on white, the department's blue and grey). */
void        tkt_chart_style_init_default (TktChartStyle *style);

/* Draws kind into (x, y, width, height) of cr, in user units.  previous may
 * be NULL (then the comparison chart draws this year alone).  Never draws
 * outside the rectangle; text that cannot fit is ellipsized, not shrunk
 * below a readable size.  A chart whose figures are all zero draws a short
 * "no data" line instead of empty axes. */
void        tkt_chart_draw       (cairo_t             *cr,
                                  TktChartKind         kind,
                                  const TktFigures    *figures,
                                  const TktFigures    *previous,
                                  const TktChartStyle *style,
                                  double               x,
                                  double               y,
                                  double               width,
                                  double               height);
/* The chart's title, in Vietnamese ("Nhiệm vụ KH&CN theo dõi, quản lý năm 2023"). */
char       *tkt_chart_title      (TktChartKind         kind,
                                  const TktFigures    *figures);

G_END_DECLS
