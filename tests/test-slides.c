/* test-slides.c — the conference deck: what the demo ceremony's slides say,
 * that their text stays inside the safe area at the projector sizes and is
 * never smaller than the readable floor, long lists continuing, the user's
 * changes kept with the ceremony, and the PDF. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>

#include "tkt-award.h"
#include "tkt-demo.h"
#include "tkt-slides.h"

typedef struct {
  char        *dir;
  char        *path;
  TktStore    *store;
  TktCeremony *ceremony;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("tkt-slides-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "demo.db", NULL);
  fx->store = tkt_store_open (fx->path, &error);
  g_assert_no_error (error);
  tkt_demo_fill (fx->store, &error);
  g_assert_no_error (error);
  fx->ceremony = tkt_ceremony_load (fx->store, "ceremony:demo-2023", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->ceremony);
  g_clear_object (&fx->store);
  remove_dir (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

static TktDeck *
demo_deck (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  TktDeck *deck = tkt_deck_new (fx->store, fx->ceremony, &error);

  g_assert_no_error (error);
  g_assert_nonnull (deck);
  return deck;
}

static const TktSlide *
find_slide (TktDeck     *deck,
            TktSlideKind kind,
            guint        nth)
{
  for (guint i = 0; i < tkt_deck_get_n_slides (deck); i++)
    {
      const TktSlide *slide = tkt_deck_get_slide (deck, i);

      if (slide->kind == kind && nth-- == 0)
        return slide;
    }
  return NULL;
}

static int
find_key (TktDeck    *deck,
          const char *key)
{
  for (guint i = 0; i < tkt_deck_get_n_slides (deck); i++)
    if (g_str_equal (tkt_deck_get_slide (deck, i)->key, key))
      return (int) i;
  return -1;
}

static void
test_demo_content (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(TktDeck) deck = demo_deck (fx);
  static const char * const article[] = { "24", "10", "01", "13", "06", "09", "11", "01" };
  const TktSlide *title = tkt_deck_get_slide (deck, 0);
  const TktSlide *figures = find_slide (deck, TKT_SLIDE_FIGURES, 0);
  g_autoptr(GPtrArray) awards = tkt_award_list_for_ceremony (fx->store, "ceremony:demo-2023");
  guint n_turns = 0, n_award_slides = 0;
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (title->kind, ==, TKT_SLIDE_TITLE);
  g_assert_cmpstr (title->title, ==, "Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024");
  g_assert_cmpstr (title->subtitle, ==, "Chiều ngày 24/01/2024");
  g_assert_cmpstr (title->lead, ==, "Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza");
  g_assert_cmpint (tkt_deck_get_slide (deck, 1)->kind, ==, TKT_SLIDE_AGENDA);
  g_assert_true (g_str_has_prefix (((TktSlideItem *) g_ptr_array_index (tkt_deck_get_slide (deck, 1)->items, 0))->text, "14:00"));

  /* the article's figures, in its order, with their labels */
  g_assert_nonnull (figures);
  g_assert_cmpuint (figures->figures->len, ==, G_N_ELEMENTS (article));
  for (guint i = 0; i < G_N_ELEMENTS (article); i++)
    g_assert_cmpstr (((TktSlideFigure *) g_ptr_array_index (figures->figures, i))->value, ==, article[i]);
  g_assert_cmpstr (((TktSlideFigure *) g_ptr_array_index (figures->figures, 0))->label, ==, "nhiệm vụ KH&CN được theo dõi, quản lý");
  g_assert_cmpstr (((TktSlideFigure *) g_ptr_array_index (figures->figures, 5))->label, ==, "kết quả chuyển giao");
  g_assert_cmpstr (((TktSlideFigure *) g_ptr_array_index (figures->figures, 6))->label, ==, "đơn vị tiếp nhận");

  g_assert_nonnull (find_slide (deck, TKT_SLIDE_CHART, 0));
  g_assert_nonnull (find_slide (deck, TKT_SLIDE_TRANSFERS, 0));
  g_assert_nonnull (find_slide (deck, TKT_SLIDE_PLAN, 0));
  g_assert_nonnull (strstr (find_slide (deck, TKT_SLIDE_PLAN, 0)->title, "2024"));
  g_assert_cmpint (tkt_deck_get_slide (deck, tkt_deck_get_n_slides (deck) - 1)->kind, ==, TKT_SLIDE_CLOSING);

  /* every award turn has its slide, in presentation order */
  for (guint a = 0; a < awards->len; a++)
    {
      g_autoptr(GPtrArray) batches = tkt_award_batches (g_ptr_array_index (awards, a));

      n_turns += batches->len;
    }
  g_assert_cmpuint (awards->len, ==, 6);
  for (guint i = 0; i < tkt_deck_get_n_slides (deck); i++)
    {
      const TktSlide *slide = tkt_deck_get_slide (deck, i);

      if (slide->kind != TKT_SLIDE_AWARD)
        continue;
      n_award_slides++;
      g_hash_table_add (seen, slide->key);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_turns);
  g_assert_cmpuint (n_award_slides, >=, n_turns);
  g_hash_table_unref (seen);

  /* the first turn: the Government's flag, on the Prime Minister's behalf */
  {
    const TktSlide *flag = find_slide (deck, TKT_SLIDE_AWARD, 0);

    g_assert_cmpstr (flag->key, ==, "award:award:demo-2023-co-thi-dua:1");
    g_assert_nonnull (strstr (flag->lead, "1540/QĐ-TTg"));
    g_assert_nonnull (strstr (flag->lead, "Thừa ủy quyền của Thủ tướng Chính phủ, đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh"));
    g_assert_cmpuint (flag->items->len, ==, 1);
    g_assert_cmpstr (((TktSlideItem *) g_ptr_array_index (flag->items, 0))->text, ==, "Sở Khoa học và Công nghệ");
  }
  /* the medal: 04 individuals, by the Director on the Minister's behalf */
  {
    const TktSlide *medal = find_slide (deck, TKT_SLIDE_AWARD, 2);

    g_assert_nonnull (strstr (medal->lead, "Thừa ủy quyền của Bộ trưởng"));
    g_assert_nonnull (strstr (medal->lead, "Nguyễn Đức Hạnh"));
    g_assert_cmpuint (medal->items->len, ==, 4);
  }
  /* the footer: the organiser by default */
  g_assert_cmpstr (title->footer, ==, "Sở Khoa học và Công nghệ tỉnh Điện Biên");
  g_assert_cmpuint (title->number, ==, 1);
}

/* Without a report document the figures are computed from the register. */
static void
test_no_report (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = tkt_store_delete (fx->store, "report:2023", NULL, &error);
  g_autoptr(TktDeck) deck = NULL;
  const TktSlide *figures, *plan;

  g_assert_no_error (error);
  deck = demo_deck (fx);
  figures = find_slide (deck, TKT_SLIDE_FIGURES, 0);
  g_assert_nonnull (figures);
  g_assert_cmpstr (((TktSlideFigure *) g_ptr_array_index (figures->figures, 0))->value, ==, "24");
  g_assert_cmpstr (((TktSlideFigure *) g_ptr_array_index (figures->figures, 5))->value, ==, "09");
  /* the plan: the register's sentence, no key task groups (they are the report's) */
  plan = find_slide (deck, TKT_SLIDE_PLAN, 0);
  g_assert_nonnull (plan);
  g_assert_cmpstr (plan->lead, ==, "Năm 2024, tiếp tục theo dõi, quản lý 16 nhiệm vụ cấp tỉnh và 11 nhiệm vụ cấp quốc gia.");
  g_assert_cmpuint (plan->items->len, ==, 0);
  g_assert_nonnull (find_slide (deck, TKT_SLIDE_AWARD, 5));
}

/* Draws slide on a recording surface without background; returns its ink. */
static void
ink_extents (const TktSlide      *slide,
             const TktSlideTheme *theme,
             double               width,
             double               height,
             cairo_rectangle_t   *ink)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  tkt_slide_draw (cr, slide, theme, width, height);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (surface, &ink->x, &ink->y, &ink->width, &ink->height);
  cairo_surface_destroy (surface);
}

static void
check_deck_fits (TktDeck *deck,
                 double   width,
                 double   height)
{
  TktSlideTheme theme;
  cairo_rectangle_t safe, ink;
  double floor_size = tkt_slide_min_font_size (height);
  const double slack = 1.0;   /* antialiasing */

  tkt_slide_theme_init (&theme, TKT_SLIDE_THEME_LIGHT);
  theme.background[3] = 0;   /* the ink is then only the content */
  tkt_slide_get_safe_area (width, height, &safe);
  g_assert_cmpfloat (floor_size, >=, height / 30.0 - 0.01);

  for (guint i = 0; i < tkt_deck_get_n_slides (deck); i++)
    {
      const TktSlide *slide = tkt_deck_get_slide (deck, i);
      g_autoptr(GArray) boxes = tkt_slide_measure (slide, &theme, width, height);

      g_test_message ("%gx%g slide %u %s: %u text boxes", width, height, i + 1, slide->key, boxes->len);
      g_assert_cmpuint (boxes->len, >, 0);
      for (guint b = 0; b < boxes->len; b++)
        {
          TktSlideTextBox *box = &g_array_index (boxes, TktSlideTextBox, b);

          if (box->x < safe.x - slack || box->y < safe.y - slack ||
              box->x + box->width > safe.x + safe.width + slack ||
              box->y + box->height > safe.y + safe.height + slack)
            g_error ("slide %s at %gx%g: text box %u (%g,%g %gx%g) leaves the safe area (%g,%g %gx%g)",
                     slide->key, width, height, b, box->x, box->y, box->width, box->height,
                     safe.x, safe.y, safe.width, safe.height);
          g_assert_cmpfloat (box->font_size, >=, floor_size - 0.001);
          /* the demo's texts all fit whole */
          if (box->ellipsized)
            g_error ("slide %s at %gx%g: text box %u was cut", slide->key, width, height, b);
        }

      ink_extents (slide, &theme, width, height, &ink);
      if (ink.x < safe.x - slack || ink.y < safe.y - slack ||
          ink.x + ink.width > safe.x + safe.width + slack ||
          ink.y + ink.height > safe.y + safe.height + slack)
        g_error ("slide %s at %gx%g: ink (%g,%g %gx%g) leaves the safe area",
                 slide->key, width, height, ink.x, ink.y, ink.width, ink.height);
    }
}

static void
test_fits (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(TktDeck) deck = demo_deck (fx);

  check_deck_fits (deck, 1024, 768);
  check_deck_fits (deck, 1920, 1080);
  /* and the PDF's pages */
  check_deck_fits (deck, 960, 540);
  check_deck_fits (deck, 720, 540);
}

/* The department's name and emblem in the footer: the emblem is drawn, the
 * name moves to its right, and all of it stays in the safe area. */
static void
test_footer_emblem (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(TktDeck) deck = demo_deck (fx);
  g_autofree char *png = g_build_filename (fx->dir, "emblem.png", NULL);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_t *cr = cairo_create (image);
  TktSlideTheme theme;
  cairo_rectangle_t safe;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  const TktSlide *slide;

  cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
  cairo_arc (cr, 32, 32, 30, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (image, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);

  tkt_slide_theme_init (&theme, TKT_SLIDE_THEME_LIGHT);
  tkt_slide_get_safe_area (1920, 1080, &safe);
  slide = tkt_deck_get_slide (deck, 1);
  before = tkt_slide_measure (slide, &theme, 1920, 1080);
  tkt_deck_set_footer (deck, "Sở Khoa học và Công nghệ tỉnh Điện Biên", png);
  g_assert_cmpstr (slide->emblem_path, ==, png);
  after = tkt_slide_measure (slide, &theme, 1920, 1080);
  /* the footer's name is the first text box: it starts right of the emblem */
  g_assert_cmpfloat (g_array_index (before, TktSlideTextBox, 0).x, <, safe.x + 1);
  g_assert_cmpfloat (g_array_index (after, TktSlideTextBox, 0).x, >, safe.x + tkt_slide_min_font_size (1080));
  check_deck_fits (deck, 1024, 768);
  check_deck_fits (deck, 1920, 1080);
}

static void
test_long_list (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:demo-2023");
  g_autoptr(TktDeck) deck = NULL;
  g_autofree char *prefix = NULL;
  guint n_slides = 0, n_items = 0;

  tkt_award_set_form (award, "award_form:bang-khen-chu-tich-ubnd-tinh");
  tkt_award_set_decision_number (award, "120/QĐ-UBND");
  tkt_award_set_decision_date (award, "2024-01-16");
  tkt_award_set_batch_size (award, 30);
  for (guint i = 0; i < 23; i++)
    {
      g_autofree char *name = g_strdup_printf ("Nguyễn Văn Thành Trung %02u", i + 1);
      TktRecipient r = { (char *) "individual", name,
                         (char *) "Phó Trưởng phòng Quản lý công nghệ và Sở hữu trí tuệ",
                         (char *) "Sở Khoa học và Công nghệ tỉnh Điện Biên" };

      tkt_award_append_recipient (award, &r);
    }
  tkt_award_save (award, fx->store, &error);
  g_assert_no_error (error);
  deck = demo_deck (fx);
  prefix = g_strdup_printf ("award:%s:", tkt_award_get_id (award));
  for (guint i = 0; i < tkt_deck_get_n_slides (deck); i++)
    {
      const TktSlide *slide = tkt_deck_get_slide (deck, i);

      if (!g_str_has_prefix (slide->key, prefix))
        continue;
      n_slides++;
      n_items += slide->items->len;
      g_assert_cmpuint (slide->items->len, <=, 5);
      g_assert_cmpuint (slide->part, ==, n_slides);
      if (slide->part > 1)
        g_assert_nonnull (strstr (slide->subtitle, "tiếp theo"));
    }
  g_assert_cmpuint (n_items, ==, 23);
  g_assert_cmpuint (n_slides, ==, 5);
  /* and they fit at the readable size, at both sizes */
  check_deck_fits (deck, 1024, 768);
  check_deck_fits (deck, 1920, 1080);
}

static void
test_edits_persist (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktDeck) deck = demo_deck (fx);
  g_autoptr(TktDeck) again = NULL;
  g_autoptr(TktCeremony) loaded = NULL;
  g_autofree char *key = NULL;
  guint n = tkt_deck_get_n_slides (deck);
  int closing;

  g_assert_true (tkt_deck_set_hidden (deck, fx->ceremony, "chart:comparison", TRUE));
  g_assert_cmpuint (tkt_deck_get_n_slides (deck), ==, n - 1);
  g_assert_cmpint (find_key (deck, "chart:comparison"), ==, -1);
  g_assert_cmpuint (tkt_deck_get_n_all (deck), ==, n);
  g_assert_false (tkt_deck_set_hidden (deck, fx->ceremony, "no-such-slide", TRUE));

  /* the awards before the figures */
  g_assert_true (tkt_deck_move (deck, fx->ceremony, "award:award:demo-2023-co-thi-dua:1", "figures"));
  g_assert_cmpint (find_key (deck, "award:award:demo-2023-co-thi-dua:1"), ==, find_key (deck, "figures") - 1);

  key = tkt_deck_add_text_slide (deck, fx->ceremony, "agenda", "Giải lao", "Giải lao 10 phút.\nXin mời đại biểu dùng trà.");
  g_assert_cmpint (find_key (deck, key), ==, find_key (deck, "agenda") + 1);
  g_assert_cmpuint (tkt_deck_get_n_slides (deck), ==, n);

  tkt_ceremony_save (fx->ceremony, fx->store, &error);
  g_assert_no_error (error);
  loaded = tkt_ceremony_load (fx->store, "ceremony:demo-2023", &error);
  g_assert_no_error (error);
  again = tkt_deck_new (fx->store, loaded, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (tkt_deck_get_n_slides (again), ==, n);
  g_assert_cmpint (find_key (again, "chart:comparison"), ==, -1);
  g_assert_cmpint (find_key (again, "award:award:demo-2023-co-thi-dua:1"), ==, find_key (again, "figures") - 1);
  g_assert_cmpint (find_key (again, key), ==, find_key (again, "agenda") + 1);
  {
    const TktSlide *text = tkt_deck_get_slide (again, (guint) find_key (again, key));

    g_assert_cmpint (text->kind, ==, TKT_SLIDE_TEXT);
    g_assert_cmpstr (text->title, ==, "Giải lao");
    g_assert_cmpstr (text->lead, ==, "Giải lao 10 phút.\nXin mời đại biểu dùng trà.");
  }
  /* slide numbers follow the shown order */
  for (guint i = 0; i < tkt_deck_get_n_slides (again); i++)
    g_assert_cmpuint (tkt_deck_get_slide (again, i)->number, ==, i + 1);

  /* unhide, move to the end, remove the text slide */
  g_assert_true (tkt_deck_set_hidden (again, loaded, "chart:comparison", FALSE));
  g_assert_cmpint (find_key (again, "chart:comparison"), >=, 0);
  g_assert_true (tkt_deck_move (again, loaded, "title", NULL));
  closing = find_key (again, "title");
  g_assert_cmpint (closing, ==, (int) tkt_deck_get_n_slides (again) - 1);
  g_assert_true (tkt_deck_remove_text_slide (again, loaded, key));
  g_assert_cmpint (find_key (again, key), ==, -1);
  g_assert_cmpuint (tkt_deck_get_n_slides (again), ==, n);
}

static void
test_themes_and_aspects (void)
{
  TktSlideThemeKind kind;
  TktSlideAspect aspect;
  TktSlideTheme light, dark, hc;
  double w, h;

  g_assert_true (tkt_slide_theme_from_name ("high-contrast", &kind));
  g_assert_cmpint (kind, ==, TKT_SLIDE_THEME_HIGH_CONTRAST);
  g_assert_false (tkt_slide_theme_from_name ("pink", &kind));
  g_assert_true (tkt_slide_aspect_from_name ("4:3", &aspect));
  tkt_slide_aspect_get_size (aspect, &w, &h);
  g_assert_cmpfloat (w / h, ==, 4.0 / 3.0);
  g_assert_false (tkt_slide_aspect_from_name ("5:4", &aspect));
  tkt_slide_theme_init (&light, TKT_SLIDE_THEME_LIGHT);
  tkt_slide_theme_init (&dark, TKT_SLIDE_THEME_DARK);
  tkt_slide_theme_init (&hc, TKT_SLIDE_THEME_HIGH_CONTRAST);
  /* light on dark, dark on light; high contrast is black and white */
  g_assert_cmpfloat (light.background[0], >, light.foreground[0]);
  g_assert_cmpfloat (dark.background[0], <, dark.foreground[0]);
  g_assert_cmpfloat (hc.background[0] + hc.background[1] + hc.background[2], ==, 0);
  g_assert_cmpfloat (hc.foreground[0] + hc.foreground[1] + hc.foreground[2], ==, 3);
}

/* Occurrences of needle in a binary buffer (a PDF has NUL bytes). */
static guint
count_in (const char *data,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);
  guint count = 0;

  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      count++;
  return count;
}

static void
test_pdf (Fixture       *fx,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktDeck) deck = demo_deck (fx);
  g_autofree char *path = g_build_filename (fx->dir, "slides.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TktSlideTheme theme;
  gsize len = 0;
  guint pages = 0;

  tkt_slide_theme_init (&theme, TKT_SLIDE_THEME_DARK);
  g_assert_true (tkt_deck_write_pdf (deck, &theme, TKT_SLIDE_ASPECT_4_3, path, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  pages = count_in (contents, len, "/Type /Page ");
  g_assert_cmpuint (pages, ==, tkt_deck_get_n_slides (deck));
  g_assert_cmpuint (count_in (contents, len, "/MediaBox [ 0 0 720 540 ]"), ==, pages);

  /* cancelled: an error, and no file left behind */
  g_unlink (path);
  g_cancellable_cancel (cancellable);
  g_assert_false (tkt_deck_write_pdf (deck, &theme, TKT_SLIDE_ASPECT_16_9, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tkt/slides/demo/content", Fixture, NULL, fixture_set_up, test_demo_content, fixture_tear_down);
  g_test_add ("/tkt/slides/demo/fits", Fixture, NULL, fixture_set_up, test_fits, fixture_tear_down);
  g_test_add ("/tkt/slides/demo/no-report", Fixture, NULL, fixture_set_up, test_no_report, fixture_tear_down);
  g_test_add ("/tkt/slides/footer/emblem", Fixture, NULL, fixture_set_up, test_footer_emblem, fixture_tear_down);
  g_test_add ("/tkt/slides/long-list", Fixture, NULL, fixture_set_up, test_long_list, fixture_tear_down);
  g_test_add ("/tkt/slides/edits/persist", Fixture, NULL, fixture_set_up, test_edits_persist, fixture_tear_down);
  g_test_add_func ("/tkt/slides/themes", test_themes_and_aspects);
  g_test_add ("/tkt/slides/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  return g_test_run ();
}
