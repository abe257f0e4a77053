/* tkt-slides.c — the conference's slide deck (see tkt-slides.h).
 *
 * Drawing goes through a scene: each slide kind's routine lays out its text
 * (pango layouts fitted to boxes: the size steps down from the kind's size
 * to the readable floor, and only at the floor is a text cut with an
 * ellipsis), boxes and charts, and the scene is then painted, or measured
 * by tkt_slide_measure, so that the tests see exactly what is drawn.
 */
#define G_LOG_DOMAIN "tkt-slides"

#include "config.h"

#include "tkt-slides.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "tkt-award.h"
#include "tkt-report.h"
#include "tkt-text.h"

/* Items per slide of a list before it continues on the next slide. */
#define AGENDA_PER_SLIDE     6
#define PLAN_PER_SLIDE       5
#define RECIPIENTS_PER_SLIDE 5
#define FIGURES_PER_SLIDE    8

#define SLIDE_FONT "Liberation Sans,Noto Sans,DejaVu Sans,Sans"

/* ------------------------------------------------------------------ */
/* slides                                                               */

static void
slide_item_free (gpointer data)
{
  TktSlideItem *item = data;

  g_free (item->text);
  g_free (item->detail);
  g_free (item);
}

static void
slide_figure_free (gpointer data)
{
  TktSlideFigure *figure = data;

  g_free (figure->value);
  g_free (figure->label);
  g_free (figure);
}

static void
slide_free (gpointer data)
{
  TktSlide *slide = data;

  g_free (slide->key);
  g_free (slide->title);
  g_free (slide->subtitle);
  g_free (slide->lead);
  g_ptr_array_unref (slide->items);
  g_ptr_array_unref (slide->figures);
  g_free (slide->footer);
  g_free (slide->emblem_path);
  g_free (slide);
}

static TktSlide *
slide_new (TktSlideKind  kind,
           const char   *key,
           const char   *title)
{
  TktSlide *slide = g_new0 (TktSlide, 1);

  slide->kind = kind;
  slide->key = g_strdup (key);
  slide->title = g_strdup (title);
  slide->part = 1;
  slide->n_parts = 1;
  slide->items = g_ptr_array_new_with_free_func (slide_item_free);
  slide->figures = g_ptr_array_new_with_free_func (slide_figure_free);
  return slide;
}

static void
slide_add_item (TktSlide   *slide,
                const char *text,
                const char *detail)
{
  TktSlideItem *item = g_new0 (TktSlideItem, 1);

  item->text = g_strdup (text != NULL ? text : "");
  item->detail = detail != NULL && detail[0] != '\0' ? g_strdup (detail) : NULL;
  g_ptr_array_add (slide->items, item);
}

static void
slide_add_figure (TktSlide   *slide,
                  guint       value,
                  const char *label)
{
  TktSlideFigure *figure = g_new0 (TktSlideFigure, 1);

  figure->value = tkt_text_format_count (value);
  figure->label = g_strdup (label);
  g_ptr_array_add (slide->figures, figure);
}

/* ------------------------------------------------------------------ */
/* themes                                                               */

static void
rgba (double       out[4],
      unsigned int hex,
      double       alpha)
{
  out[0] = ((hex >> 16) & 0xff) / 255.0;
  out[1] = ((hex >> 8) & 0xff) / 255.0;
  out[2] = (hex & 0xff) / 255.0;
  out[3] = alpha;
}

void
tkt_slide_theme_init (TktSlideTheme     *theme,
                      TktSlideThemeKind  kind)
{
  memset (theme, 0, sizeof *theme);
  theme->kind = kind;
  theme->font_family = SLIDE_FONT;
  switch (kind)
    {
    case TKT_SLIDE_THEME_DARK:
      rgba (theme->background, 0x14202e, 1);
      rgba (theme->foreground, 0xf2f4f7, 1);
      rgba (theme->accent, 0x8cbcff, 1);
      rgba (theme->muted, 0xb8c2cc, 1);
      rgba (theme->panel, 0xffffff, 0.08);
      rgba (theme->series[0], 0x8cbcff, 1);
      rgba (theme->series[1], 0x7a8896, 1);
      break;
    case TKT_SLIDE_THEME_HIGH_CONTRAST:
      rgba (theme->background, 0x000000, 1);
      rgba (theme->foreground, 0xffffff, 1);
      rgba (theme->accent, 0xffd400, 1);
      rgba (theme->muted, 0xffffff, 1);
      rgba (theme->panel, 0xffffff, 0.16);
      rgba (theme->series[0], 0xffd400, 1);
      rgba (theme->series[1], 0xffffff, 1);
      break;
    case TKT_SLIDE_THEME_LIGHT:
    default:
      theme->kind = TKT_SLIDE_THEME_LIGHT;
      rgba (theme->background, 0xffffff, 1);
      rgba (theme->foreground, 0x1a1a1a, 1);
      rgba (theme->accent, 0x1c5fa8, 1);
      rgba (theme->muted, 0x4f5963, 1);
      rgba (theme->panel, 0x1c5fa8, 0.08);
      rgba (theme->series[0], 0x1c5fa8, 1);
      rgba (theme->series[1], 0x9aa5b1, 1);
      break;
    }
}

gboolean
tkt_slide_theme_from_name (const char        *name,
                           TktSlideThemeKind *kind)
{
  if (name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (name, "light") == 0)
    *kind = TKT_SLIDE_THEME_LIGHT;
  else if (g_ascii_strcasecmp (name, "dark") == 0)
    *kind = TKT_SLIDE_THEME_DARK;
  else if (g_ascii_strcasecmp (name, "high-contrast") == 0)
    *kind = TKT_SLIDE_THEME_HIGH_CONTRAST;
  else
    return FALSE;
  return TRUE;
}

gboolean
tkt_slide_aspect_from_name (const char     *name,
                            TktSlideAspect *aspect)
{
  if (g_strcmp0 (name, "16:9") == 0)
    *aspect = TKT_SLIDE_ASPECT_16_9;
  else if (g_strcmp0 (name, "4:3") == 0)
    *aspect = TKT_SLIDE_ASPECT_4_3;
  else
    return FALSE;
  return TRUE;
}

void
tkt_slide_aspect_get_size (TktSlideAspect  aspect,
                           double         *width,
                           double         *height)
{
  *width = aspect == TKT_SLIDE_ASPECT_4_3 ? 720.0 : 960.0;
  *height = 540.0;
}

void
tkt_slide_get_safe_area (double             width,
                         double             height,
                         cairo_rectangle_t *area)
{
  area->x = width * 0.05;
  area->y = height * 0.05;
  area->width = width * 0.9;
  area->height = height * 0.9;
}

double
tkt_slide_min_font_size (double height)
{
  return height / 30.0;
}

/* ------------------------------------------------------------------ */
/* scenes                                                               */

typedef enum {
  ROLE_FOREGROUND,
  ROLE_ACCENT,
  ROLE_MUTED,
  ROLE_PANEL,
} Role;

typedef enum {
  ITEM_TEXT,
  ITEM_BOX,
  ITEM_CHART,
  ITEM_IMAGE,
} ItemKind;

typedef struct {
  ItemKind     kind;
  Role         role;
  double       x, y, width, height;
  PangoLayout *layout;     /* ITEM_TEXT */
  double       size;
  gboolean     ellipsized;
} Item;

typedef struct {
  PangoContext        *context;
  const TktSlideTheme *theme;
  double               width, height;
  double               unit;      /* the readable floor: height / 30 */
  cairo_rectangle_t    safe;
  double               content_y; /* below the heading */
  double               content_bottom; /* above the footer */
  GArray              *items;
} Scene;

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->layout);
}

/* One pango context of unhinted metrics: what is measured is what is drawn,
 * whatever the surface. */
static PangoContext *
scene_context (void)
{
  static GPrivate context_key = G_PRIVATE_INIT (g_object_unref);
  PangoContext *context = g_private_get (&context_key);

  if (context == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (context, options);
      cairo_font_options_destroy (options);
      pango_context_set_round_glyph_positions (context, FALSE);
      g_private_set (&context_key, context);
    }
  return context;
}

static void
scene_init (Scene               *scene,
            const TktSlideTheme *theme,
            double               width,
            double               height)
{
  memset (scene, 0, sizeof *scene);
  scene->context = scene_context ();
  scene->theme = theme;
  scene->width = width;
  scene->height = height;
  scene->unit = tkt_slide_min_font_size (height);
  tkt_slide_get_safe_area (width, height, &scene->safe);
  scene->content_y = scene->safe.y;
  scene->content_bottom = scene->safe.y + scene->safe.height;
  scene->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (scene->items, item_clear);
}

static void
scene_clear (Scene *scene)
{
  g_clear_pointer (&scene->items, g_array_unref);
}

/* A layout of text fitted into width × max_height: the size steps down from
 * size to the floor; at the floor a text still too tall is cut with "…". */
static PangoLayout *
fit_text (Scene          *scene,
          const char     *text,
          double          size,
          gboolean        bold,
          PangoAlignment  alignment,
          double          width,
          double          max_height,
          double         *size_out,
          gboolean       *ellipsized)
{
  PangoLayout *layout = pango_layout_new (scene->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (scene->theme->font_family);
  double floor_size = scene->unit;
  int w, h;

  size = MAX (size, floor_size);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_set_width (layout, (int) (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  *ellipsized = FALSE;
  for (;;)
    {
      pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
      pango_layout_set_font_description (layout, desc);
      pango_layout_get_pixel_size (layout, &w, &h);
      if (h <= max_height || size <= floor_size)
        break;
      size = MAX (floor_size, size * 0.92);
    }
  if (h > max_height)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, (int) (max_height * PANGO_SCALE));
      *ellipsized = TRUE;
    }
  *size_out = size;
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* Adds a fitted text at (x, y); returns its height. */
static double
scene_text (Scene          *scene,
            Role            role,
            const char     *text,
            double          size,
            gboolean        bold,
            PangoAlignment  alignment,
            double          x,
            double          y,
            double          width,
            double          max_height)
{
  Item item = { ITEM_TEXT, role, x, y, width, 0, NULL, 0, FALSE };

  item.layout = fit_text (scene, text, size, bold, alignment, width, max_height,
                          &item.size, &item.ellipsized);
  item.height = layout_height (item.layout);
  g_array_append_val (scene->items, item);
  return item.height;
}

static void
scene_box (Scene   *scene,
           ItemKind kind,
           Role     role,
           double   x,
           double   y,
           double   width,
           double   height)
{
  Item item = { kind, role, x, y, width, height, NULL, 0, FALSE };

  g_array_append_val (scene->items, item);
}

/* The footer (department's name, emblem, slide number) at the bottom of
 * the safe area; content ends above it. */
static void
scene_footer (Scene          *scene,
              const TktSlide *slide)
{
  double size = scene->unit;
  double line = size * 1.3;
  double y = scene->safe.y + scene->safe.height - line;
  double x = scene->safe.x;
  double number_w = size * 3;

  scene_box (scene, ITEM_BOX, ROLE_MUTED, scene->safe.x, y - size * 0.35, scene->safe.width, MAX (1.0, scene->height / 540.0));
  if (slide->emblem_path != NULL && g_file_test (slide->emblem_path, G_FILE_TEST_EXISTS))
    {
      scene_box (scene, ITEM_IMAGE, ROLE_FOREGROUND, x, y, line, line);
      x += line + size * 0.5;
    }
  if (slide->footer != NULL)
    scene_text (scene, ROLE_MUTED, slide->footer, size, FALSE, PANGO_ALIGN_LEFT,
                x, y, scene->safe.x + scene->safe.width - x - number_w, line);
  if (slide->number > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", slide->number);

      scene_text (scene, ROLE_MUTED, number, size, FALSE, PANGO_ALIGN_RIGHT,
                  scene->safe.x + scene->safe.width - number_w, y, number_w, line);
    }
  scene->content_bottom = y - size * 0.8;
}

/* The slide's heading, up to two lines, and an accent rule under it. */
static void
scene_heading (Scene          *scene,
               const TktSlide *slide)
{
  double size = scene->unit * 1.9;
  double h = scene_text (scene, ROLE_ACCENT, slide->title, size, TRUE, PANGO_ALIGN_LEFT,
                         scene->safe.x, scene->safe.y, scene->safe.width, size * 1.25 * 2);
  double y = scene->safe.y + h;

  if (slide->subtitle != NULL)
    y += scene_text (scene, ROLE_MUTED, slide->subtitle, scene->unit * 1.1, FALSE, PANGO_ALIGN_LEFT,
                     scene->safe.x, y, scene->safe.width, scene->unit * 1.1 * 1.25 * 2);
  y += scene->unit * 0.3;
  scene_box (scene, ITEM_BOX, ROLE_ACCENT, scene->safe.x, y, scene->safe.width * 0.2, MAX (2.0, scene->unit * 0.15));
  scene->content_y = y + scene->unit * 0.8;
}

/* A lead paragraph and a list of items in the content area, all at one size
 * stepping down to the floor; at the floor each item gets an equal share
 * and is cut to it. */
static double
measure_height (Scene      *scene,
                const char *text,
                double      size,
                gboolean    bold,
                double      width)
{
  double ignored;
  gboolean ell;
  g_autoptr(PangoLayout) layout = fit_text (scene, text, size, bold, PANGO_ALIGN_LEFT,
                                            width, G_MAXDOUBLE, &ignored, &ell);

  return layout_height (layout);
}

static void
scene_list (Scene          *scene,
            const TktSlide *slide,
            double          lead_share)
{
  double x = scene->safe.x, width = scene->safe.width;
  double y = scene->content_y;
  double avail = scene->content_bottom - y;
  double size = scene->unit * 1.5;
  guint n = slide->items->len;
  double bullet = scene->unit * 1.2;
  double lead_size, detail_size, gap;

  /* The largest size at which the lead and every item fit whole. */
  for (;;)
    {
      double total = 0;

      lead_size = MAX (scene->unit, size * 0.9);
      detail_size = MAX (scene->unit, size * 0.8);
      gap = size * 0.3;
      if (slide->lead != NULL)
        total += measure_height (scene, slide->lead, lead_size, FALSE, width) + (n > 0 ? scene->unit * 0.5 : 0);
      for (guint i = 0; i < n; i++)
        {
          TktSlideItem *it = g_ptr_array_index (slide->items, i);

          total += measure_height (scene, it->text, size, TRUE, width - bullet) + gap;
          if (it->detail != NULL)
            total += measure_height (scene, it->detail, detail_size, FALSE, width - bullet);
        }
      if (total <= avail || size <= scene->unit)
        break;
      size = MAX (scene->unit, size * 0.92);
    }

  if (slide->lead != NULL)
    {
      double h = scene_text (scene, ROLE_FOREGROUND, slide->lead, lead_size, FALSE,
                             PANGO_ALIGN_LEFT, x, y, width, n > 0 ? MAX (avail * lead_share, lead_size * 1.3) : avail);

      y += h + scene->unit * 0.5;
    }

  for (guint i = 0; i < n; i++)
    {
      TktSlideItem *it = g_ptr_array_index (slide->items, i);
      double share = (scene->content_bottom - y) / (n - i);
      double h;

      if (share <= 0)
        break;
      scene_box (scene, ITEM_BOX, ROLE_ACCENT, x, y + size * 0.4, size * 0.35, size * 0.35);
      h = scene_text (scene, ROLE_FOREGROUND, it->text, size, TRUE, PANGO_ALIGN_LEFT,
                      x + bullet, y, width - bullet, it->detail != NULL ? MAX (share * 0.5, size * 1.3) : share);
      y += h;
      if (it->detail != NULL)
        y += scene_text (scene, ROLE_MUTED, it->detail, detail_size, FALSE, PANGO_ALIGN_LEFT,
                         x + bullet, y, width - bullet,
                         MAX (detail_size * 1.3, scene->content_bottom - y - (n - i - 1) * size * 1.3));
      y += gap;
    }
}

/* ------------------------------------------------------------------ */
/* one routine per slide kind                                           */

/* A column of texts centred vertically in the content area. */
static void
layout_centred (Scene       *scene,
                const char **texts,
                const double *sizes,
                const gboolean *bold,
                const Role  *roles,
                guint        n)
{
  double total = 0, y, gap = scene->unit * 0.7;
  guint first = scene->items->len;
  double avail = scene->content_bottom - scene->content_y;

  /* Lay out at the top first, with each text a share of the height. */
  y = scene->content_y;
  for (guint i = 0; i < n; i++)
    {
      double h;

      if (texts[i] == NULL || texts[i][0] == '\0')
        continue;
      h = scene_text (scene, roles[i], texts[i], sizes[i], bold[i], PANGO_ALIGN_CENTER,
                      scene->safe.x, y, scene->safe.width,
                      MAX (sizes[i] * 1.3, avail * (i == 1 ? 0.45 : 0.2)));
      y += h + gap;
      total += h + gap;
    }
  total -= gap;
  /* Then move the column down to the middle. */
  if (total < avail)
    for (guint i = first; i < scene->items->len; i++)
      g_array_index (scene->items, Item, i).y += (avail - total) / 2;
}

static void
draw_title (Scene          *scene,
            const TktSlide *slide)
{
  double u = scene->unit;
  const char *texts[] = { slide->footer, slide->title, slide->subtitle, slide->lead };
  const double sizes[] = { u * 1.2, u * 2.4, u * 1.4, u * 1.2 };
  const gboolean bold[] = { TRUE, TRUE, FALSE, FALSE };
  const Role roles[] = { ROLE_MUTED, ROLE_ACCENT, ROLE_FOREGROUND, ROLE_MUTED };

  layout_centred (scene, texts, sizes, bold, roles, G_N_ELEMENTS (texts));
}

static void
draw_closing (Scene          *scene,
              const TktSlide *slide)
{
  double u = scene->unit;
  const char *texts[] = { slide->lead, slide->title, slide->subtitle };
  const double sizes[] = { u * 1.2, u * 3.0, u * 1.2 };
  const gboolean bold[] = { FALSE, TRUE, FALSE };
  const Role roles[] = { ROLE_MUTED, ROLE_ACCENT, ROLE_MUTED };

  layout_centred (scene, texts, sizes, bold, roles, G_N_ELEMENTS (texts));
}

static void
draw_figures_grid (Scene          *scene,
                   const TktSlide *slide,
                   double          top,
                   double          bottom)
{
  guint n = slide->figures->len;
  guint cols, rows;
  double gap = scene->unit * 0.8, cell_w, cell_h, pad = scene->unit * 0.4;

  if (n == 0)
    return;
  cols = n <= 4 ? n : (n + 1) / 2;
  rows = (n + cols - 1) / cols;
  cell_w = (scene->safe.width - (cols - 1) * gap) / cols;
  cell_h = (bottom - top - (rows - 1) * gap) / rows;
  for (guint i = 0; i < n; i++)
    {
      TktSlideFigure *figure = g_ptr_array_index (slide->figures, i);
      double x = scene->safe.x + (i % cols) * (cell_w + gap);
      double y = top + (i / cols) * (cell_h + gap);
      double number = MIN (scene->unit * 3.6, cell_h * 0.34);
      double h;

      scene_box (scene, ITEM_BOX, ROLE_PANEL, x, y, cell_w, cell_h);
      h = scene_text (scene, ROLE_ACCENT, figure->value, number, TRUE, PANGO_ALIGN_CENTER,
                      x + pad, y + pad, cell_w - 2 * pad, cell_h * 0.45);
      scene_text (scene, ROLE_FOREGROUND, figure->label, scene->unit * 1.1, FALSE, PANGO_ALIGN_CENTER,
                  x + pad, y + pad + h, cell_w - 2 * pad, cell_h - 2 * pad - h);
    }
}

static void
draw_figures (Scene          *scene,
              const TktSlide *slide)
{
  scene_heading (scene, slide);
  draw_figures_grid (scene, slide, scene->content_y, scene->content_bottom);
}

static void
draw_chart (Scene          *scene,
            const TktSlide *slide)
{
  scene_heading (scene, slide);
  if (slide->data != NULL)
    scene_box (scene, ITEM_CHART, ROLE_FOREGROUND, scene->safe.x, scene->content_y,
               scene->safe.width, scene->content_bottom - scene->content_y);
}

static void
draw_transfers (Scene          *scene,
                const TktSlide *slide)
{
  double top, split;

  scene_heading (scene, slide);
  top = scene->content_y;
  split = top + (scene->content_bottom - top) * 0.45;
  draw_figures_grid (scene, slide, top, split);
  scene->content_y = split + scene->unit * 0.8;
  scene_list (scene, slide, 1.0);
}

static void
draw_list (Scene          *scene,
           const TktSlide *slide)
{
  scene_heading (scene, slide);
  scene_list (scene, slide, 0.4);
}

static void
draw_text (Scene          *scene,
           const TktSlide *slide)
{
  scene_heading (scene, slide);
  scene_list (scene, slide, 1.0);
}

static void
build_scene (Scene               *scene,
             const TktSlide      *slide,
             const TktSlideTheme *theme,
             double               width,
             double               height)
{
  scene_init (scene, theme, width, height);
  scene_footer (scene, slide);
  switch (slide->kind)
    {
    case TKT_SLIDE_TITLE:
      draw_title (scene, slide);
      break;
    case TKT_SLIDE_CLOSING:
      draw_closing (scene, slide);
      break;
    case TKT_SLIDE_FIGURES:
      draw_figures (scene, slide);
      break;
    case TKT_SLIDE_CHART:
      draw_chart (scene, slide);
      break;
    case TKT_SLIDE_TRANSFERS:
      draw_transfers (scene, slide);
      break;
    case TKT_SLIDE_AGENDA:
    case TKT_SLIDE_PLAN:
    case TKT_SLIDE_AWARD:
      draw_list (scene, slide);
      break;
    case TKT_SLIDE_TEXT:
      draw_text (scene, slide);
      break;
    case TKT_N_SLIDE_KINDS:
    default:
      break;
    }
}

static const double *
role_colour (const TktSlideTheme *theme,
             Role                 role)
{
  switch (role)
    {
    case ROLE_ACCENT:
      return theme->accent;
    case ROLE_MUTED:
      return theme->muted;
    case ROLE_PANEL:
      return theme->panel;
    case ROLE_FOREGROUND:
    default:
      return theme->foreground;
    }
}

static void
paint_image (cairo_t    *cr,
             const char *path,
             const Item *item)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);
  double iw, ih, scale;

  if (cairo_surface_status (image) == CAIRO_STATUS_SUCCESS &&
      (iw = cairo_image_surface_get_width (image)) > 0 &&
      (ih = cairo_image_surface_get_height (image)) > 0)
    {
      scale = MIN (item->width / iw, item->height / ih);
      cairo_save (cr);
      cairo_translate (cr, item->x + (item->width - iw * scale) / 2, item->y + (item->height - ih * scale) / 2);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_rectangle (cr, 0, 0, iw, ih);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  cairo_surface_destroy (image);
}

void
tkt_slide_draw (cairo_t             *cr,
                const TktSlide      *slide,
                const TktSlideTheme *theme,
                double               width,
                double               height)
{
  Scene scene;

  g_return_if_fail (cr != NULL && slide != NULL && theme != NULL);

  build_scene (&scene, slide, theme, width, height);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (theme->background[3] > 0)
    {
      cairo_set_source_rgba (cr, theme->background[0], theme->background[1],
                             theme->background[2], theme->background[3]);
      cairo_paint (cr);
    }
  for (guint i = 0; i < scene.items->len; i++)
    {
      const Item *item = &g_array_index (scene.items, Item, i);
      const double *c = role_colour (theme, item->role);

      cairo_set_source_rgba (cr, c[0], c[1], c[2], c[3]);
      switch (item->kind)
        {
        case ITEM_TEXT:
          cairo_move_to (cr, item->x, item->y);
          pango_cairo_show_layout (cr, item->layout);
          break;
        case ITEM_BOX:
          cairo_rectangle (cr, item->x, item->y, item->width, item->height);
          cairo_fill (cr);
          break;
        case ITEM_IMAGE:
          paint_image (cr, slide->emblem_path, item);
          break;
        case ITEM_CHART:
          {
            TktChartStyle style;

            tkt_chart_style_init_default (&style);
            memcpy (style.foreground, theme->foreground, sizeof style.foreground);
            memset (style.background, 0, sizeof style.background);
            memcpy (style.series, theme->series, sizeof style.series);
            style.font_family = theme->font_family;
            /* the chart's largest label (13 units) a little over the floor */
            style.font_scale = scene.unit * 1.15 / 13.0;
            tkt_chart_draw (cr, slide->chart, slide->data, slide->previous, &style,
                            item->x, item->y, item->width, item->height);
          }
          break;
        default:
          break;
        }
    }
  cairo_restore (cr);
  scene_clear (&scene);
}

GArray *
tkt_slide_measure (const TktSlide      *slide,
                   const TktSlideTheme *theme,
                   double               width,
                   double               height)
{
  GArray *boxes = g_array_new (FALSE, TRUE, sizeof (TktSlideTextBox));
  Scene scene;

  build_scene (&scene, slide, theme, width, height);
  for (guint i = 0; i < scene.items->len; i++)
    {
      const Item *item = &g_array_index (scene.items, Item, i);
      PangoRectangle logical;
      TktSlideTextBox box;

      if (item->kind != ITEM_TEXT)
        continue;
      pango_layout_get_extents (item->layout, NULL, &logical);
      box.x = item->x + (double) logical.x / PANGO_SCALE;
      box.y = item->y + (double) logical.y / PANGO_SCALE;
      box.width = (double) logical.width / PANGO_SCALE;
      box.height = (double) logical.height / PANGO_SCALE;
      box.font_size = item->size;
      box.ellipsized = item->ellipsized;
      g_array_append_val (boxes, box);
    }
  scene_clear (&scene);
  return boxes;
}

/* ------------------------------------------------------------------ */
/* the deck                                                             */

struct _TktDeck {
  GPtrArray  *generated;   /* TktSlide*, generated order (owns) */
  GPtrArray  *texts;       /* TktSlide*, the user's text slides (owns) */
  GPtrArray  *all;         /* borrowed, full order, hidden ones too */
  GPtrArray  *shown;       /* borrowed */
  TktFigures *figures;
  TktFigures *previous;
  char       *footer;
  char       *emblem_path;
};

/* "Chiều ngày 24/01/2024" from "2024-01-24T14:00:00+07:00" (the local time
 * as written). */
static char *
format_when (const char *start)
{
  g_autofree char *date = NULL;
  const char *part = NULL;
  int hour = -1;

  if (start == NULL || strlen (start) < 10)
    return NULL;
  {
    g_autofree char *day = g_strndup (start, 10);

    date = tkt_text_format_iso_date (day);
  }
  if (date == NULL || date[0] == '\0')
    return NULL;
  if (strlen (start) >= 13 && start[10] == 'T')
    hour = (start[11] - '0') * 10 + (start[12] - '0');
  if (hour >= 0 && hour < 11)
    part = "Sáng";
  else if (hour >= 11 && hour < 13)
    part = "Trưa";
  else if (hour >= 13 && hour < 18)
    part = "Chiều";
  else if (hour >= 18)
    part = "Tối";
  return part != NULL ? g_strdup_printf ("%s ngày %s", part, date) : g_strdup_printf ("Ngày %s", date);
}

static void
deck_add (TktDeck  *deck,
          TktSlide *slide)
{
  g_ptr_array_add (deck->generated, slide);
}

/* Splits items of slide into parts of at most per_slide; the parts share
 * the key and say "(tiếp theo)". */
static void
deck_add_paged (TktDeck   *deck,
                TktSlide  *slide,
                guint      per_slide)
{
  guint n = slide->items->len;
  guint n_parts = MAX (1, (n + per_slide - 1) / per_slide);

  if (n_parts == 1)
    {
      deck_add (deck, slide);
      return;
    }
  /* balanced parts: 11 = 6 + 5, not 10 + 1 */
  per_slide = (n + n_parts - 1) / n_parts;
  for (guint p = 0; p < n_parts; p++)
    {
      TktSlide *part = slide_new (slide->kind, slide->key, slide->title);
      g_autofree char *more = NULL;

      part->part = p + 1;
      part->n_parts = n_parts;
      part->chart = slide->chart;
      if (p == 0)
        {
          part->subtitle = g_strdup (slide->subtitle);
          part->lead = g_strdup (slide->lead);
        }
      else
        part->subtitle = slide->subtitle != NULL
          ? g_strdup_printf ("%s (tiếp theo)", slide->subtitle)
          : g_strdup ("(tiếp theo)");
      for (guint i = p * per_slide; i < MIN (n, (p + 1) * per_slide); i++)
        {
          TktSlideItem *it = g_ptr_array_index (slide->items, i);

          slide_add_item (part, it->text, it->detail);
        }
      deck_add (deck, part);
    }
  slide_free (slide);
}

static void
add_title_and_agenda (TktDeck     *deck,
                      TktCeremony *ceremony)
{
  TktSlide *slide = slide_new (TKT_SLIDE_TITLE, "title", tkt_ceremony_get_title (ceremony));
  g_autoptr(GArray) times = NULL;
  int end_minute = -1;

  slide->subtitle = format_when (tkt_ceremony_get_start (ceremony));
  slide->lead = g_strdup (tkt_ceremony_get_venue (ceremony));
  deck_add (deck, slide);

  if (tkt_ceremony_get_n_agenda (ceremony) == 0)
    return;
  slide = slide_new (TKT_SLIDE_AGENDA, "agenda", "Chương trình Hội nghị");
  times = tkt_ceremony_compute_agenda_times (ceremony, &end_minute);
  for (guint i = 0; i < tkt_ceremony_get_n_agenda (ceremony); i++)
    {
      g_autoptr(TktAgendaItem) item = tkt_ceremony_get_agenda_item (ceremony, i);
      int minute = times != NULL && i < times->len ? g_array_index (times, int, i) : -1;
      g_autofree char *text = minute >= 0
        ? g_strdup_printf ("%02d:%02d  %s", minute / 60 % 24, minute % 60, item->title != NULL ? item->title : "")
        : g_strdup (item->title);

      slide_add_item (slide, text, item->speaker);
    }
  deck_add_paged (deck, slide, AGENDA_PER_SLIDE);
}

static void
add_figures (TktDeck          *deck,
             const TktFigures *f)
{
  TktSlide *slide;
  g_autofree char *title = g_strdup_printf ("Kết quả nổi bật năm %d", f->year);

  slide = slide_new (TKT_SLIDE_FIGURES, "figures", title);
  if (f->monitored > 0)
    slide_add_figure (slide, f->monitored, "nhiệm vụ KH&CN được theo dõi, quản lý");
  for (guint i = 0; i < f->monitored_programmes->len; i++)
    {
      TktFigurePart *part = g_ptr_array_index (f->monitored_programmes, i);
      g_autofree char *label = g_strdup_printf ("nhiệm vụ thuộc %s", part->label != NULL ? part->label : part->key);

      slide_add_figure (slide, (guint) part->value, label);
    }
  if (f->monitored_national_other > 0)
    slide_add_figure (slide, f->monitored_national_other, "nhiệm vụ cấp quốc gia ngoài chương trình");
  if (f->monitored_provincial > 0)
    slide_add_figure (slide, f->monitored_provincial, "nhiệm vụ cấp tỉnh");
  if (f->monitored_grassroots > 0)
    slide_add_figure (slide, f->monitored_grassroots, "nhiệm vụ cấp cơ sở");
  if (f->ordered > 0)
    slide_add_figure (slide, f->ordered, "nhiệm vụ đề xuất đặt hàng");
  if (f->transfer_results > 0)
    slide_add_figure (slide, f->transfer_results, "kết quả chuyển giao");
  if (f->transfer_units > 0)
    slide_add_figure (slide, f->transfer_units, "đơn vị tiếp nhận");
  if (f->transfer_enterprises > 0)
    slide_add_figure (slide, f->transfer_enterprises, "doanh nghiệp tiếp nhận");

  /* more than a slide holds: further slides of the same key */
  if (slide->figures->len > FIGURES_PER_SLIDE)
    {
      guint n = slide->figures->len;
      guint n_parts = (n + FIGURES_PER_SLIDE - 1) / FIGURES_PER_SLIDE;

      for (guint p = 0; p < n_parts; p++)
        {
          TktSlide *part = slide_new (TKT_SLIDE_FIGURES, "figures", title);

          part->part = p + 1;
          part->n_parts = n_parts;
          if (p > 0)
            part->subtitle = g_strdup ("(tiếp theo)");
          for (guint i = p * FIGURES_PER_SLIDE; i < MIN (n, (p + 1) * FIGURES_PER_SLIDE); i++)
            {
              TktSlideFigure *fig = g_ptr_array_index (slide->figures, i);
              TktSlideFigure *copy = g_new0 (TktSlideFigure, 1);

              copy->value = g_strdup (fig->value);
              copy->label = g_strdup (fig->label);
              g_ptr_array_add (part->figures, copy);
            }
          deck_add (deck, part);
        }
      slide_free (slide);
    }
  else if (slide->figures->len > 0)
    deck_add (deck, slide);
  else
    slide_free (slide);
}

static void
add_charts (TktDeck *deck)
{
  static const struct {
    TktChartKind kind;
    const char  *key;
  } charts[] = {
    { TKT_CHART_MONITORED, "chart:monitored" },
    { TKT_CHART_TRANSFERS, "chart:transfers" },
    { TKT_CHART_COMPARISON, "chart:comparison" },
  };
  const TktFigures *f = deck->figures;

  for (gsize i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      g_autofree char *title = NULL;
      TktSlide *slide;

      if ((charts[i].kind == TKT_CHART_MONITORED && f->monitored == 0) ||
          (charts[i].kind == TKT_CHART_TRANSFERS && f->transfer_sectors->len == 0))
        continue;
      title = tkt_chart_title (charts[i].kind, f);
      slide = slide_new (TKT_SLIDE_CHART, charts[i].key, title);
      slide->chart = charts[i].kind;
      slide->data = deck->figures;
      slide->previous = deck->previous;
      deck_add (deck, slide);
    }
}

static void
add_transfers (TktDeck *deck)
{
  const TktFigures *f = deck->figures;
  g_autofree char *title = NULL;
  g_autofree char *sentence = NULL;
  TktSlide *slide;

  if (f->transfer_results == 0)
    return;
  title = g_strdup_printf ("Chuyển giao kết quả nghiên cứu năm %d", f->year);
  slide = slide_new (TKT_SLIDE_TRANSFERS, "transfers", title);
  slide_add_figure (slide, f->transfer_results, "kết quả chuyển giao");
  slide_add_figure (slide, f->transfer_units, "đơn vị tiếp nhận");
  if (f->transfer_enterprises > 0)
    slide_add_figure (slide, f->transfer_enterprises, "doanh nghiệp");
  sentence = tkt_figures_sentence (f, TKT_SENTENCE_TRANSFERS);
  slide->lead = g_steal_pointer (&sentence);
  deck_add (deck, slide);
}

static void
add_plan (TktDeck   *deck,
          TktReport *report)
{
  const TktFigures *f = deck->figures;
  g_autofree char *title = g_strdup_printf ("Phương hướng, nhiệm vụ năm %d", f->year + 1);
  TktSlide *slide = slide_new (TKT_SLIDE_PLAN, "plan", title);
  guint n_targets = report != NULL ? tkt_report_get_n_targets (report) : 0;

  slide->lead = tkt_figures_sentence (f, TKT_SENTENCE_PLANNED);
  if (report != NULL)
    {
      g_autofree char *groups = tkt_report_format_group_count (report);

      if (tkt_report_get_n_groups (report) > 0)
        slide->subtitle = g_strdup (groups);
      for (guint i = 0; i < tkt_report_get_n_groups (report); i++)
        {
          g_autoptr(TktPlanGroup) group = tkt_report_get_group (report, i);

          slide_add_item (slide, group->title, NULL);
        }
    }
  if (slide->lead == NULL && slide->items->len == 0 && n_targets == 0)
    {
      slide_free (slide);
      return;
    }
  deck_add_paged (deck, slide, PLAN_PER_SLIDE);

  if (n_targets > 0)
    {
      g_autofree char *targets_title = g_strdup_printf ("Chỉ tiêu năm %d", f->year + 1);

      slide = slide_new (TKT_SLIDE_PLAN, "plan:targets", targets_title);
      for (guint i = 0; i < n_targets; i++)
        {
          g_autoptr(TktPlanTarget) target = tkt_report_get_target (report, i);

          slide_add_item (slide, target->label, target->value);
        }
      deck_add_paged (deck, slide, PLAN_PER_SLIDE);
    }
}

static char *
recipient_detail (const TktRecipient *r)
{
  if (r->position != NULL && r->position[0] != '\0' && r->organisation != NULL && r->organisation[0] != '\0')
    return g_strdup_printf ("%s, %s", r->position, r->organisation);
  if (r->position != NULL && r->position[0] != '\0')
    return g_strdup (r->position);
  return g_strdup (r->organisation);
}

static void
add_awards (TktDeck     *deck,
            TktStore    *store,
            TktCeremony *ceremony)
{
  g_autoptr(GPtrArray) awards = tkt_award_list_for_ceremony (store, tkt_ceremony_get_id (ceremony));

  for (guint a = 0; a < awards->len; a++)
    {
      TktAward *award = g_ptr_array_index (awards, a);
      g_autoptr(JsonObject) form = NULL;
      g_autoptr(GPtrArray) batches = tkt_award_batches (award);
      const char *form_name = NULL, *authority = NULL;
      g_autofree char *decision = NULL;
      g_autofree char *presenter = NULL;
      g_autofree char *date = NULL;
      g_autofree char *counts = tkt_award_format_counts (award);
      const char *pname = tkt_award_get_presenter_name (award);
      const char *ppos = tkt_award_get_presenter_position (award);

      if (tkt_award_get_form (award) != NULL)
        form = tkt_store_get (store, tkt_award_get_form (award), NULL);
      if (form != NULL)
        {
          form_name = json_object_get_string_member_with_default (form, "name", NULL);
          authority = json_object_get_string_member_with_default (form, "authority", NULL);
        }
      if (authority == NULL)
        authority = tkt_award_get_decision_issuer (award);
      date = tkt_award_get_decision_date (award) != NULL
        ? tkt_text_format_iso_date (tkt_award_get_decision_date (award)) : NULL;
      decision = g_strdup_printf ("Quyết định số %s%s%s%s%s",
                                  tkt_award_get_decision_number (award) ? tkt_award_get_decision_number (award) : "…",
                                  date != NULL && date[0] != '\0' ? " ngày " : "", date != NULL ? date : "",
                                  tkt_award_get_decision_issuer (award) ? " của " : "",
                                  tkt_award_get_decision_issuer (award) ? tkt_award_get_decision_issuer (award) : "");
      if (pname != NULL && pname[0] != '\0')
        {
          g_autofree char *who = ppos != NULL && ppos[0] != '\0'
            ? g_strdup_printf ("đồng chí %s, %s", pname, ppos) : g_strdup_printf ("đồng chí %s", pname);

          presenter = tkt_award_get_on_behalf (award) && authority != NULL
            ? g_strdup_printf ("Thừa ủy quyền của %s, %s trao tặng", authority, who)
            : g_strdup_printf ("Đồng chí %s trao tặng", who + strlen ("đồng chí "));
        }

      for (guint b = 0; b < MAX (batches->len, 1u); b++)
        {
          GArray *batch = b < batches->len ? g_ptr_array_index (batches, b) : NULL;
          g_autofree char *key = g_strdup_printf ("award:%s:%u", tkt_award_get_id (award), b + 1);
          TktSlide *slide = slide_new (TKT_SLIDE_AWARD, key, form_name != NULL ? form_name : "Khen thưởng");
          GString *lead = g_string_new (decision);
          GString *subtitle = g_string_new (NULL);

          if (authority != NULL && form_name != NULL)
            g_string_append_printf (subtitle, "của %s", authority);
          if (counts != NULL && counts[0] != '\0')
            g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " " : "", counts);
          if (batches->len > 1)
            g_string_append_printf (subtitle, "%sLượt %u/%u", subtitle->len > 0 ? " · " : "", b + 1, batches->len);
          if (presenter != NULL)
            g_string_append_printf (lead, "\n%s", presenter);
          slide->lead = g_string_free (lead, FALSE);
          slide->subtitle = subtitle->len > 0 ? g_string_free (subtitle, FALSE) : (g_string_free (subtitle, TRUE), NULL);
          for (guint i = 0; batch != NULL && i < batch->len; i++)
            {
              g_autoptr(TktRecipient) r = tkt_award_get_recipient (award, g_array_index (batch, guint, i));
              g_autofree char *detail = recipient_detail (r);

              slide_add_item (slide, r->name, detail);
            }
          deck_add_paged (deck, slide, RECIPIENTS_PER_SLIDE);
        }
    }
}

static void
add_closing (TktDeck     *deck,
             TktCeremony *ceremony)
{
  TktSlide *slide = slide_new (TKT_SLIDE_CLOSING, "closing", "Trân trọng cảm ơn!");

  slide->lead = g_strdup (tkt_ceremony_get_title (ceremony));
  slide->subtitle = format_when (tkt_ceremony_get_start (ceremony));
  deck_add (deck, slide);
}

/* ---- overrides ---- */

static JsonObject *
slides_member (TktCeremony *ceremony,
               gboolean     create)
{
  JsonObject *doc = tkt_ceremony_get_json (ceremony);
  JsonNode *node = json_object_get_member (doc, "slides");

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  if (!create)
    return NULL;
  json_object_set_object_member (doc, "slides", json_object_new ());
  return json_object_get_object_member (doc, "slides");
}

static JsonArray *
member_array (JsonObject *object,
              const char *name,
              gboolean    create)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (!create || object == NULL)
    return NULL;
  json_object_set_array_member (object, name, json_array_new ());
  return json_object_get_array_member (object, name);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
load_texts (TktDeck     *deck,
            TktCeremony *ceremony)
{
  JsonArray *texts = member_array (slides_member (ceremony, FALSE), "texts", FALSE);

  g_ptr_array_set_size (deck->texts, 0);
  for (guint i = 0; texts != NULL && i < json_array_get_length (texts); i++)
    {
      JsonNode *node = json_array_get_element (texts, i);
      JsonObject *o;
      const char *key;
      TktSlide *slide;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      key = json_object_get_string_member_with_default (o, "key", NULL);
      if (key == NULL || !g_str_has_prefix (key, "text:"))
        continue;
      slide = slide_new (TKT_SLIDE_TEXT, key, json_object_get_string_member_with_default (o, "title", ""));
      slide->lead = g_strdup (json_object_get_string_member_with_default (o, "text", NULL));
      g_ptr_array_add (deck->texts, slide);
    }
}

/* Distinct keys in generated order. */
static GPtrArray *
generated_keys (TktDeck *deck)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; i < deck->generated->len; i++)
    {
      TktSlide *slide = g_ptr_array_index (deck->generated, i);

      if (keys->len == 0 || !g_str_equal (g_ptr_array_index (keys, keys->len - 1), slide->key))
        g_ptr_array_add (keys, slide->key);
    }
  return keys;
}

static gboolean
key_in (GPtrArray  *keys,
        const char *key,
        guint      *index)
{
  for (guint i = 0; i < keys->len; i++)
    if (g_str_equal (g_ptr_array_index (keys, i), key))
      {
        if (index != NULL)
          *index = i;
        return TRUE;
      }
  return FALSE;
}

/* The full key order: the stored order, keys generated since after their
 * generated predecessor. */
static GPtrArray *
ordered_keys (TktDeck     *deck,
              TktCeremony *ceremony)
{
  JsonObject *member = slides_member (ceremony, FALSE);
  JsonArray *order = member_array (member, "order", FALSE);
  g_autoptr(GPtrArray) gen = generated_keys (deck);
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; order != NULL && i < json_array_get_length (order); i++)
    {
      const char *key = json_array_get_string_element (order, i);
      gboolean known = key != NULL && key_in (gen, key, NULL);

      for (guint t = 0; !known && key != NULL && t < deck->texts->len; t++)
        known = g_str_equal (((TktSlide *) g_ptr_array_index (deck->texts, t))->key, key);
      if (known && !key_in (keys, key, NULL))
        g_ptr_array_add (keys, (gpointer) key);
    }
  for (guint i = 0; i < gen->len; i++)
    {
      const char *key = g_ptr_array_index (gen, i);
      guint at = 0;

      if (key_in (keys, key, NULL))
        continue;
      /* after the nearest generated predecessor already placed */
      for (guint j = i; j > 0; j--)
        if (key_in (keys, g_ptr_array_index (gen, j - 1), &at))
          {
            at++;
            break;
          }
      g_ptr_array_insert (keys, (int) at, (gpointer) key);
    }
  for (guint t = 0; t < deck->texts->len; t++)
    {
      TktSlide *slide = g_ptr_array_index (deck->texts, t);

      if (!key_in (keys, slide->key, NULL))
        g_ptr_array_add (keys, slide->key);
    }
  return keys;
}

static void
deck_arrange (TktDeck     *deck,
              TktCeremony *ceremony)
{
  g_autoptr(GPtrArray) keys = NULL;
  JsonArray *hidden;
  guint number = 0;

  load_texts (deck, ceremony);
  keys = ordered_keys (deck, ceremony);
  hidden = member_array (slides_member (ceremony, FALSE), "hidden", FALSE);
  g_ptr_array_set_size (deck->all, 0);
  g_ptr_array_set_size (deck->shown, 0);
  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = g_ptr_array_index (keys, k);
      GPtrArray *sources[] = { deck->generated, deck->texts };

      for (gsize s = 0; s < G_N_ELEMENTS (sources); s++)
        for (guint i = 0; i < sources[s]->len; i++)
          {
            TktSlide *slide = g_ptr_array_index (sources[s], i);

            if (!g_str_equal (slide->key, key))
              continue;
            slide->hidden = array_has_string (hidden, key);
            slide->number = slide->hidden ? 0 : ++number;
            g_free (slide->footer);
            slide->footer = g_strdup (deck->footer);
            g_free (slide->emblem_path);
            slide->emblem_path = g_strdup (deck->emblem_path);
            g_ptr_array_add (deck->all, slide);
            if (!slide->hidden)
              g_ptr_array_add (deck->shown, slide);
          }
    }
}

static gboolean
deck_has_key (TktDeck    *deck,
              const char *key)
{
  for (guint i = 0; key != NULL && i < deck->all->len; i++)
    if (g_str_equal (((TktSlide *) g_ptr_array_index (deck->all, i))->key, key))
      return TRUE;
  return FALSE;
}

/* Writes keys as the stored order. */
static void
store_order (TktCeremony *ceremony,
             GPtrArray   *keys)
{
  JsonObject *member = slides_member (ceremony, TRUE);
  JsonArray *order = json_array_new ();

  for (guint i = 0; i < keys->len; i++)
    json_array_add_string_element (order, g_ptr_array_index (keys, i));
  json_object_set_array_member (member, "order", order);
}

TktDeck *
tkt_deck_new (TktStore    *store,
              TktCeremony *ceremony,
              GError     **error)
{
  g_autoptr(TktDeck) deck = g_new0 (TktDeck, 1);
  g_autoptr(TktReport) report = NULL;
  int year;

  g_return_val_if_fail (TKT_IS_STORE (store) && TKT_IS_CEREMONY (ceremony), NULL);

  deck->generated = g_ptr_array_new_with_free_func (slide_free);
  deck->texts = g_ptr_array_new_with_free_func (slide_free);
  deck->all = g_ptr_array_new ();
  deck->shown = g_ptr_array_new ();
  deck->footer = g_strdup (tkt_ceremony_get_organiser (ceremony));

  year = tkt_ceremony_get_report_year (ceremony);
  if (year <= 0 && tkt_ceremony_get_start (ceremony) != NULL)
    year = (int) g_ascii_strtoll (tkt_ceremony_get_start (ceremony), NULL, 10) - 1;
  if (year > 0)
    {
      g_autoptr(GError) local = NULL;

      report = tkt_report_load (store, year, &local);
      if (report != NULL)
        {
          if (!tkt_report_get_figures (report, store, &deck->figures, &deck->previous, error))
            return NULL;
        }
      else if (g_error_matches (local, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND))
        {
          deck->figures = tkt_figures_compute (store, year, error);
          if (deck->figures == NULL)
            return NULL;
          deck->previous = tkt_figures_compute (store, year - 1, NULL);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }

  add_title_and_agenda (deck, ceremony);
  if (deck->figures != NULL)
    {
      add_figures (deck, deck->figures);
      add_charts (deck);
      add_transfers (deck);
      add_plan (deck, report);
    }
  add_awards (deck, store, ceremony);
  add_closing (deck, ceremony);
  deck_arrange (deck, ceremony);
  return g_steal_pointer (&deck);
}

void
tkt_deck_free (TktDeck *deck)
{
  if (deck == NULL)
    return;
  g_clear_pointer (&deck->all, g_ptr_array_unref);
  g_clear_pointer (&deck->shown, g_ptr_array_unref);
  g_clear_pointer (&deck->generated, g_ptr_array_unref);
  g_clear_pointer (&deck->texts, g_ptr_array_unref);
  g_clear_pointer (&deck->figures, tkt_figures_free);
  g_clear_pointer (&deck->previous, tkt_figures_free);
  g_free (deck->footer);
  g_free (deck->emblem_path);
  g_free (deck);
}

void
tkt_deck_set_footer (TktDeck    *deck,
                     const char *department,
                     const char *emblem_path)
{
  if (department != NULL)
    {
      g_free (deck->footer);
      deck->footer = g_strdup (department);
    }
  g_free (deck->emblem_path);
  deck->emblem_path = g_strdup (emblem_path);
  for (guint i = 0; i < deck->all->len; i++)
    {
      TktSlide *slide = g_ptr_array_index (deck->all, i);

      if (department != NULL)
        {
          g_free (slide->footer);
          slide->footer = g_strdup (department);
        }
      g_free (slide->emblem_path);
      slide->emblem_path = g_strdup (emblem_path);
    }
}

guint
tkt_deck_get_n_slides (TktDeck *deck)
{
  return deck->shown->len;
}

const TktSlide *
tkt_deck_get_slide (TktDeck *deck,
                    guint    index)
{
  g_return_val_if_fail (index < deck->shown->len, NULL);
  return g_ptr_array_index (deck->shown, index);
}

guint
tkt_deck_get_n_all (TktDeck *deck)
{
  return deck->all->len;
}

const TktSlide *
tkt_deck_get_all (TktDeck *deck,
                  guint    index)
{
  g_return_val_if_fail (index < deck->all->len, NULL);
  return g_ptr_array_index (deck->all, index);
}

gboolean
tkt_deck_set_hidden (TktDeck     *deck,
                     TktCeremony *ceremony,
                     const char  *key,
                     gboolean     hidden)
{
  JsonArray *array;
  JsonArray *kept;

  if (!deck_has_key (deck, key))
    return FALSE;
  array = member_array (slides_member (ceremony, TRUE), "hidden", TRUE);
  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *k = json_array_get_string_element (array, i);

      if (k != NULL && !g_str_equal (k, key))
        json_array_add_string_element (kept, k);
    }
  if (hidden)
    json_array_add_string_element (kept, key);
  json_object_set_array_member (slides_member (ceremony, TRUE), "hidden", kept);
  deck_arrange (deck, ceremony);
  return TRUE;
}

gboolean
tkt_deck_move (TktDeck     *deck,
               TktCeremony *ceremony,
               const char  *key,
               const char  *before_key)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func (g_free);
  guint from = 0, to = 0;

  if (!deck_has_key (deck, key) || (before_key != NULL && !deck_has_key (deck, before_key)))
    return FALSE;
  keys = ordered_keys (deck, ceremony);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (keys, i)));
  key_in (copy, key, &from);
  {
    char *moving = g_ptr_array_steal_index (copy, from);

    if (before_key == NULL)
      g_ptr_array_add (copy, moving);
    else if (g_str_equal (before_key, moving))
      g_ptr_array_insert (copy, (int) from, moving);
    else
      {
        key_in (copy, before_key, &to);
        g_ptr_array_insert (copy, (int) to, moving);
      }
  }
  store_order (ceremony, copy);
  deck_arrange (deck, ceremony);
  return TRUE;
}

char *
tkt_deck_add_text_slide (TktDeck     *deck,
                         TktCeremony *ceremony,
                         const char  *after_key,
                         const char  *title,
                         const char  *text)
{
  g_autofree char *uuid = g_uuid_string_random ();
  char *key = g_strconcat ("text:", uuid, NULL);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func (g_free);
  JsonArray *texts = member_array (slides_member (ceremony, TRUE), "texts", TRUE);
  JsonObject *entry = json_object_new ();
  guint at = 0;

  if (after_key != NULL && !deck_has_key (deck, after_key))
    after_key = NULL;
  keys = ordered_keys (deck, ceremony);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (keys, i)));
  if (after_key != NULL && key_in (copy, after_key, &at))
    g_ptr_array_insert (copy, (int) at + 1, g_strdup (key));
  else
    g_ptr_array_add (copy, g_strdup (key));

  json_object_set_string_member (entry, "key", key);
  json_object_set_string_member (entry, "title", title != NULL ? title : "");
  json_object_set_string_member (entry, "text", text != NULL ? text : "");
  json_array_add_object_element (texts, entry);
  store_order (ceremony, copy);
  deck_arrange (deck, ceremony);
  return key;
}

gboolean
tkt_deck_remove_text_slide (TktDeck     *deck,
                            TktCeremony *ceremony,
                            const char  *key)
{
  JsonArray *texts = member_array (slides_member (ceremony, FALSE), "texts", FALSE);
  JsonArray *kept;
  gboolean found = FALSE;

  if (texts == NULL || key == NULL)
    return FALSE;
  kept = json_array_new ();
  for (guint i = 0; i < json_array_get_length (texts); i++)
    {
      JsonNode *node = json_array_get_element (texts, i);
      const char *k = JSON_NODE_HOLDS_OBJECT (node)
        ? json_object_get_string_member_with_default (json_node_get_object (node), "key", NULL) : NULL;

      if (g_strcmp0 (k, key) == 0)
        found = TRUE;
      else
        json_array_add_element (kept, json_node_copy (node));
    }
  json_object_set_array_member (slides_member (ceremony, TRUE), "texts", kept);
  deck_arrange (deck, ceremony);
  return found;
}

gboolean
tkt_deck_write_pdf (TktDeck             *deck,
                    const TktSlideTheme *theme,
                    TktSlideAspect       aspect,
                    const char          *path,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;

  tkt_slide_aspect_get_size (aspect, &width, &height);
  surface = cairo_pdf_surface_create (tmp, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tongket");
  if (deck->shown->len > 0)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                    ((TktSlide *) g_ptr_array_index (deck->shown, 0))->title);
  cr = cairo_create (surface);
  for (guint i = 0; i < deck->shown->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
          g_unlink (tmp);
          return FALSE;
        }
      tkt_slide_draw (cr, g_ptr_array_index (deck->shown, i), theme, width, height);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
