/* tkt-slide-view.c — one slide painted at the widget's size, with the
 * next slides rendered ahead (see tkt-slide-view.h).
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tkt-slide-view"

#include "config.h"

#include <math.h>

#include "tkt-slide-view.h"

#define MAX_CACHED 8

struct _TktSlideView
{
  GtkWidget      parent_instance;

  TktDeck       *deck;          /* borrowed */
  TktSlideTheme  theme;
  TktSlideAspect aspect;
  guint          index;
  TktSlideBlank  blank;
  guint          lookahead;
  gboolean       fill_bars;

  GHashTable    *cache;         /* "index:WxH" → GdkTexture */
  GQueue        *order;         /* keys, oldest first (owned by cache) */
  int            pixel_width;   /* the size of the last paint */
  int            pixel_height;
  guint          ahead_id;
};

G_DEFINE_FINAL_TYPE (TktSlideView, tkt_slide_view, GTK_TYPE_WIDGET)

static void
clear_cache (TktSlideView *self)
{
  g_queue_clear (self->order);
  g_hash_table_remove_all (self->cache);
}

/* The letterboxed rectangle of the slide inside width × height. */
static void
slide_rect (TktSlideView    *self,
            double           width,
            double           height,
            graphene_rect_t *rect)
{
  double sw, sh, scale;

  tkt_slide_aspect_get_size (self->aspect, &sw, &sh);
  scale = MIN (width / sw, height / sh);
  graphene_rect_init (rect,
                      floor ((width - sw * scale) / 2),
                      floor ((height - sh * scale) / 2),
                      floor (sw * scale),
                      floor (sh * scale));
}

static char *
cache_key (guint index,
           int   width,
           int   height)
{
  return g_strdup_printf ("%u:%dx%d", index, width, height);
}

static GdkTexture *
render (TktSlideView *self,
        guint         index,
        int           width,
        int           height)
{
  const TktSlide *slide = tkt_deck_get_slide (self->deck, index);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  double sw, sh;
  GdkTexture *texture;

  /* Drawn in slide units (points), scaled to the pixels: the text fits the
   * same way at every size. */
  tkt_slide_aspect_get_size (self->aspect, &sw, &sh);
  cairo_scale (cr, width / sw, height / sh);
  tkt_slide_draw (cr, slide, &self->theme, sw, sh);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  return texture;
}

/* The image of index at width × height, rendered if need be. */
static GdkTexture *
lookup (TktSlideView *self,
        guint         index,
        int           width,
        int           height,
        gboolean     *was_cached)
{
  g_autofree char *key = cache_key (index, width, height);
  GdkTexture *texture = g_hash_table_lookup (self->cache, key);

  if (was_cached != NULL)
    *was_cached = texture != NULL;
  if (texture != NULL)
    return texture;

  texture = render (self, index, width, height);
  while (g_queue_get_length (self->order) >= MAX_CACHED)
    g_hash_table_remove (self->cache, g_queue_pop_head (self->order));
  g_queue_push_tail (self->order, key);
  g_hash_table_insert (self->cache, g_steal_pointer (&key), texture);
  return texture;
}

static gboolean
ahead_cb (gpointer user_data)
{
  TktSlideView *self = user_data;

  if (self->deck != NULL && self->pixel_width > 0 && self->pixel_height > 0)
    {
      guint n = tkt_deck_get_n_slides (self->deck);

      /* One image per idle: a key press never waits behind the whole
       * look-ahead. */
      for (guint i = self->index + 1; i <= self->index + self->lookahead && i < n; i++)
        {
          g_autofree char *key = cache_key (i, self->pixel_width, self->pixel_height);

          if (!g_hash_table_contains (self->cache, key))
            {
              lookup (self, i, self->pixel_width, self->pixel_height, NULL);
              return G_SOURCE_CONTINUE;
            }
        }
      /* And the one before, for going back. */
      if (self->index > 0)
        lookup (self, self->index - 1, self->pixel_width, self->pixel_height, NULL);
    }

  self->ahead_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_ahead (TktSlideView *self)
{
  if (self->ahead_id == 0 && self->deck != NULL)
    self->ahead_id = g_idle_add_full (G_PRIORITY_LOW, ahead_cb, self, NULL);
}

static void
tkt_slide_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  TktSlideView *self = TKT_SLIDE_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  graphene_rect_t all, rect;
  GdkRGBA black = { 0, 0, 0, 1 };
  GdkRGBA white = { 1, 1, 1, 1 };
  int pw, ph;

  if (width <= 0 || height <= 0)
    return;

  slide_rect (self, width, height, &rect);
  graphene_rect_init (&all, 0, 0, width, height);
  if (!self->fill_bars)
    all = rect;
  gtk_snapshot_append_color (snapshot, &black, &all);
  if (rect.size.width < 1 || rect.size.height < 1)
    return;

  if (self->blank == TKT_SLIDE_BLANK_BLACK)
    return;
  if (self->blank == TKT_SLIDE_BLANK_WHITE)
    {
      gtk_snapshot_append_color (snapshot, &white, &all);
      return;
    }

  if (self->deck == NULL || self->index >= tkt_deck_get_n_slides (self->deck))
    return;

  pw = (int) (rect.size.width * scale);
  ph = (int) (rect.size.height * scale);
  if (pw != self->pixel_width || ph != self->pixel_height)
    {
      /* A new size: images at the old one are of no use. */
      clear_cache (self);
      self->pixel_width = pw;
      self->pixel_height = ph;
    }

  gtk_snapshot_append_texture (snapshot, lookup (self, self->index, pw, ph, NULL), &rect);
  if (!self->fill_bars)
    {
      /* A preview on the window's background: a hairline shows the edge
       * of a light slide. */
      GskRoundedRect outline;
      const float widths[4] = { 1, 1, 1, 1 };
      const GdkRGBA grey = { 0.5f, 0.5f, 0.5f, 0.6f };
      const GdkRGBA colors[4] = { grey, grey, grey, grey };

      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  schedule_ahead (self);
}

static void
tkt_slide_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  TktSlideView *self = TKT_SLIDE_VIEW (widget);
  double sw, sh;

  tkt_slide_aspect_get_size (self->aspect, &sw, &sh);
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 64 : 36;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = for_size > 0 ? (int) (for_size * sw / sh) : 320;
  else
    *natural = for_size > 0 ? (int) (for_size * sh / sw) : (int) (320 * sh / sw);
}

static void
tkt_slide_view_dispose (GObject *object)
{
  TktSlideView *self = TKT_SLIDE_VIEW (object);

  g_clear_handle_id (&self->ahead_id, g_source_remove);
  self->deck = NULL;
  if (self->cache != NULL)
    clear_cache (self);

  G_OBJECT_CLASS (tkt_slide_view_parent_class)->dispose (object);
}

static void
tkt_slide_view_finalize (GObject *object)
{
  TktSlideView *self = TKT_SLIDE_VIEW (object);

  g_hash_table_unref (self->cache);
  g_queue_free (self->order);

  G_OBJECT_CLASS (tkt_slide_view_parent_class)->finalize (object);
}

static void
tkt_slide_view_class_init (TktSlideViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tkt_slide_view_dispose;
  object_class->finalize = tkt_slide_view_finalize;
  widget_class->snapshot = tkt_slide_view_snapshot;
  widget_class->measure = tkt_slide_view_measure;
  gtk_widget_class_set_css_name (widget_class, "slideview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tkt_slide_view_init (TktSlideView *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->order = g_queue_new ();
  self->lookahead = 2;
  self->fill_bars = TRUE;
  self->aspect = TKT_SLIDE_ASPECT_16_9;
  tkt_slide_theme_init (&self->theme, TKT_SLIDE_THEME_LIGHT);
}

/* ---- public API --------------------------------------------------------- */

GtkWidget *
tkt_slide_view_new (void)
{
  return g_object_new (TKT_TYPE_SLIDE_VIEW, NULL);
}

void
tkt_slide_view_set_deck (TktSlideView        *self,
                         TktDeck             *deck,
                         const TktSlideTheme *theme,
                         TktSlideAspect       aspect)
{
  g_return_if_fail (TKT_IS_SLIDE_VIEW (self));

  self->deck = deck;
  if (theme != NULL)
    self->theme = *theme;
  self->aspect = aspect;
  g_clear_handle_id (&self->ahead_id, g_source_remove);
  clear_cache (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
tkt_slide_view_set_index (TktSlideView *self,
                          guint         index)
{
  g_return_if_fail (TKT_IS_SLIDE_VIEW (self));

  if (self->index == index)
    return;
  self->index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
tkt_slide_view_get_index (TktSlideView *self)
{
  g_return_val_if_fail (TKT_IS_SLIDE_VIEW (self), 0);
  return self->index;
}

void
tkt_slide_view_set_blank (TktSlideView *self,
                          TktSlideBlank blank)
{
  g_return_if_fail (TKT_IS_SLIDE_VIEW (self));

  self->blank = blank;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

TktSlideBlank
tkt_slide_view_get_blank (TktSlideView *self)
{
  g_return_val_if_fail (TKT_IS_SLIDE_VIEW (self), TKT_SLIDE_BLANK_NONE);
  return self->blank;
}

void
tkt_slide_view_set_fill_bars (TktSlideView *self,
                              gboolean      fill)
{
  g_return_if_fail (TKT_IS_SLIDE_VIEW (self));

  self->fill_bars = fill;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tkt_slide_view_set_lookahead (TktSlideView *self,
                              guint         n)
{
  g_return_if_fail (TKT_IS_SLIDE_VIEW (self));
  self->lookahead = n;
}

gboolean
tkt_slide_view_prerender (TktSlideView *self,
                          guint         index)
{
  gboolean was_cached = FALSE;

  g_return_val_if_fail (TKT_IS_SLIDE_VIEW (self), FALSE);

  if (self->deck == NULL || index >= tkt_deck_get_n_slides (self->deck) ||
      self->pixel_width <= 0 || self->pixel_height <= 0)
    return FALSE;
  lookup (self, index, self->pixel_width, self->pixel_height, &was_cached);
  return was_cached;
}

gboolean
tkt_slide_view_is_cached (TktSlideView *self,
                          guint         index)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (TKT_IS_SLIDE_VIEW (self), FALSE);

  key = cache_key (index, self->pixel_width, self->pixel_height);
  return g_hash_table_contains (self->cache, key);
}
