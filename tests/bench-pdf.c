/* bench-pdf.c — how long the report's PDF takes, beside plain pango on cairo.
 *
 *   bench-pdf [PAGES] [RUNS]   (default 10 pages, 15 runs)
 *
 * Builds a report of PAGES pages (the six sections filled with the
 * article's prose, custom sections added until the layout has PAGES pages,
 * the figures table, three charts, the plan with its nine groups), then
 * measures, median of RUNS runs each, in the same run:
 *
 *  1. layout: tkt_report_layout_new alone (text shaped, pages cut);
 *  2. export: tkt_report_write_pdf to a file (layout, drawing, fonts
 *     subset and embedded, file written and renamed);
 *  3. baseline: the same text (headings and paragraphs, one after the
 *     other) in plain pango layouts of one page's share each, justified,
 *     shown on a cairo PDF surface of PAGES pages and written to a file —
 *     what any cairo program pays for the text alone.
 *
 * Built by meson, not run by meson test.
 */
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "tkt-report-pdf.h"

#define A4_WIDTH  595.28
#define A4_HEIGHT 841.89
#define MM        (72.0 / 25.4)

static const char *const paragraphs[] = {
  "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN, trong đó có 10 nhiệm vụ KH&CN cấp quốc gia thuộc Chương trình Hỗ trợ ứng dụng kinh tế xã hội nông thôn, miền núi, vùng dân tộc thiểu số giai đoạn 2016-2025; 01 nhiệm vụ KH&CN thuộc Chương trình cấp thiết địa phương; 13 nhiệm vụ cấp tỉnh.",
  "Các nhiệm vụ KH&CN (đề tài, dự án) được đề xuất, nghiên cứu, triển khai xuất phát từ thực tiễn, có khả năng ứng dụng ngay trong quá trình triển khai thực hiện nhiệm vụ.",
  "Trong năm, Sở đã tham mưu cho UBND tỉnh đề xuất đặt hàng 06 nhiệm vụ nghiên cứu khoa học phát triển công nghệ triển khai trên địa bàn tỉnh. Tham mưu UBND tỉnh chuyển giao 09 kết quả nghiên cứu khoa học và phát triển công nghệ tới 11 đơn vị (trong đó có 01 doanh nghiệp), tập trung vào các lĩnh vực: y tế, tài nguyên - môi trường, giáo dục, xã hội - nhân văn và nông nghiệp.",
  "Công tác thẩm định, có ý kiến về KH&CN của các dự án đầu tư, quy hoạch, chương trình phát triển kinh tế - xã hội và các chương trình, dự án khác của tỉnh đảm bảo theo đúng quy định, thẩm quyền. Hoạt động an toàn bức xạ và hạt nhân trên địa bàn tỉnh được đảm bảo theo quy định.",
};

static void
part_free (gpointer data)
{
  TktFigurePart *part = data;

  g_free (part->key);
  g_free (part->label);
  g_free (part);
}

static void
add_part (GPtrArray  *parts,
          const char *label,
          gint64      value)
{
  TktFigurePart *part = g_new0 (TktFigurePart, 1);

  part->key = g_strdup (label);
  part->label = g_strdup (label);
  part->value = value;
  g_ptr_array_add (parts, part);
}

static TktFigures *
figures_new (int year)
{
  TktFigures *f = g_new0 (TktFigures, 1);

  f->year = year;
  f->monitored_programmes = g_ptr_array_new_with_free_func (part_free);
  f->accepted_ratings = g_ptr_array_new_with_free_func (part_free);
  f->transfer_sectors = g_ptr_array_new_with_free_func (part_free);
  return f;
}

static void
figures_free (TktFigures *f)
{
  g_ptr_array_unref (f->monitored_programmes);
  g_ptr_array_unref (f->accepted_ratings);
  g_ptr_array_unref (f->transfer_sectors);
  g_free (f);
}

static void
fill_figures (TktFigures *f,
              TktFigures *p)
{
  add_part (f->monitored_programmes, "Chương trình Hỗ trợ ứng dụng kinh tế xã hội nông thôn, miền núi, vùng dân tộc thiểu số giai đoạn 2016-2025", 10);
  add_part (f->monitored_programmes, "Chương trình cấp thiết địa phương", 1);
  f->monitored_provincial = 13;
  f->monitored = 24;
  f->ordered = 6;
  f->accepted = 5;
  f->transfer_results = 9;
  f->transfer_units = 11;
  f->transfer_enterprises = 1;
  add_part (f->transfer_sectors, "y tế", 2);
  add_part (f->transfer_sectors, "tài nguyên - môi trường", 2);
  add_part (f->transfer_sectors, "giáo dục", 1);
  add_part (f->transfer_sectors, "xã hội - nhân văn", 2);
  add_part (f->transfer_sectors, "nông nghiệp", 2);
  f->planned = 27;
  f->planned_national = 11;
  f->planned_provincial = 16;
  f->budget_total = 16800000000;
  p->monitored = 19;
  p->monitored_provincial = 12;
  p->monitored_national_other = 7;
  p->ordered = 4;
  p->accepted = 7;
  p->transfer_results = 5;
  p->transfer_units = 6;
  p->budget_total = 14100000000;
}

/* The report with `extra` custom sections; all its prose goes into `all`
 * as well, heading by paragraph, for the baseline. */
static TktReport *
build_report (guint    extra,
              GString *all)
{
  TktReport *report = tkt_report_new (2023, NULL, NULL);
  const char *recipients[] = { "Bộ KH&CN", "UBND tỉnh", "Lưu: VT, QLKH", NULL };
  guint n;

  tkt_report_set_number (report, "12/BC-SKHCN");
  tkt_report_set_place (report, "Điện Biên");
  tkt_report_set_date (report, "2024-01-24");
  tkt_report_set_signer_title (report, "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC");
  tkt_report_set_signer_name (report, "Nguyễn Đức Hạnh");
  tkt_report_set_recipients (report, recipients);

  for (guint i = 0; i < extra; i++)
    {
      g_autofree char *title = g_strdup_printf ("Công tác phối hợp số %u", i + 1);
      TktReportSection section = { (char *) "custom:bench", title, (char *) "" };

      tkt_report_append_section (report, &section);
    }
  n = tkt_report_get_n_sections (report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (report, i);
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append_printf (all, "%u. %s\n", i + 1, section->title);
      for (guint p = 0; p < G_N_ELEMENTS (paragraphs); p++)
        {
          g_string_append_printf (text, "%s\n", paragraphs[(p + i) % G_N_ELEMENTS (paragraphs)]);
          g_string_append_printf (all, "%s\n", paragraphs[(p + i) % G_N_ELEMENTS (paragraphs)]);
        }
      g_free (section->text);
      section->text = g_string_free (g_steal_pointer (&text), FALSE);
      tkt_report_replace_section (report, i, section);
    }
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *title = g_strdup_printf ("Nhóm nhiệm vụ trọng tâm thứ %u", i + 1);
      TktPlanGroup group = { title, (char *) "Tiếp tục đổi mới cơ chế quản lý, nâng cao hiệu quả hoạt động KH&CN." };

      tkt_report_append_group (report, &group);
      g_string_append_printf (all, "%s\n%s\n", group.title, group.text);
    }
  return report;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

/* The baseline: the same text cut into `pages` equal shares by paragraph,
 * one justified pango layout per page on a cairo PDF surface. */
static void
write_baseline (const char *text,
                guint       pages,
                const char *path)
{
  g_auto(GStrv) paras = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (paras);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PangoFontDescription *desc = pango_font_description_from_string ("Liberation Serif");
  double width = A4_WIDTH - 45 * MM;

  pango_font_description_set_absolute_size (desc, 14 * PANGO_SCALE);
  for (guint page = 0; page < pages; page++)
    {
      guint from = n * page / pages, to = n * (page + 1) / pages;
      g_autofree char *share = NULL;
      PangoLayout *layout = pango_cairo_create_layout (cr);
      char *saved = paras[to];

      paras[to] = NULL;
      share = g_strjoinv ("\n", paras + from);
      paras[to] = saved;

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_justify (layout, TRUE);
      pango_layout_set_text (layout, share, -1);
      cairo_move_to (cr, 30 * MM, 20 * MM);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
      g_object_unref (layout);
    }
  pango_font_description_free (desc);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  guint pages = argc > 1 ? (guint) atoi (argv[1]) : 10;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 15;
  TktFigures *f = figures_new (2023);
  TktFigures *p = figures_new (2022);
  g_autoptr(TktReport) report = NULL;
  g_autoptr(GString) all = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-bench-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *base_path = g_build_filename (dir, "baseline.pdf", NULL);
  g_autoptr(GArray) t_layout = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_export = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_base = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_pages = 0;
  GStatBuf st_report, st_base;

  fill_figures (f, p);

  /* Grow the report until it has the pages asked for. */
  for (guint extra = 0; extra < 200; extra++)
    {
      g_autoptr(TktReportLayout) layout = NULL;

      g_clear_object (&report);
      if (all != NULL)
        g_string_free (all, TRUE);
      all = g_string_new (NULL);
      report = build_report (extra, all);
      layout = tkt_report_layout_new (report, f, p, A4_WIDTH, A4_HEIGHT);
      n_pages = tkt_report_layout_get_n_pages (layout);
      if (n_pages >= pages)
        break;
    }

  for (guint r = 0; r < runs; r++)
    {
      gint64 t0, t1;
      g_autoptr(GError) error = NULL;
      double ms;

      t0 = g_get_monotonic_time ();
      {
        g_autoptr(TktReportLayout) layout = tkt_report_layout_new (report, f, p, A4_WIDTH, A4_HEIGHT);
      }
      t1 = g_get_monotonic_time ();
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (t_layout, ms);

      t0 = g_get_monotonic_time ();
      if (!tkt_report_write_pdf (report, f, p, path, NULL, &error))
        g_error ("%s", error->message);
      t1 = g_get_monotonic_time ();
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (t_export, ms);

      t0 = g_get_monotonic_time ();
      write_baseline (all->str, n_pages, base_path);
      t1 = g_get_monotonic_time ();
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (t_base, ms);
    }

  g_stat (path, &st_report);
  g_stat (base_path, &st_base);
  printf ("report PDF, %u pages, median of %u runs\n", n_pages, runs);
  printf ("  layout only (tkt_report_layout_new)     %8.1f ms\n", median (t_layout));
  printf ("  export (tkt_report_write_pdf)           %8.1f ms  %7lld bytes\n",
          median (t_export), (long long) st_report.st_size);
  printf ("  baseline: plain pango on cairo PDF      %8.1f ms  %7lld bytes  (same text, no tables or charts)\n",
          median (t_base), (long long) st_base.st_size);
  printf ("  aim: export under 300 ms: %s\n", median (t_export) < 300 ? "met" : "MISSED");

  g_unlink (path);
  g_unlink (base_path);
  g_rmdir (dir);
  figures_free (f);
  figures_free (p);
  return 0;
}
