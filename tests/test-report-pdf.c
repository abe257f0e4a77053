/* test-report-pdf.c — the annual report as a Decree 30/2020 PDF.
 *
 * The PDF is read back with poppler-utils (pdfinfo, pdffonts, pdftotext),
 * the way a user's viewer would read it: page count, embedded fonts,
 * Vietnamese text with its diacritics, page numbers, headings kept with
 * their text and the signature block on one page.
 */
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

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

/* ---- figures built by hand (the figures module is tested on its own) ---- */

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
          const char *key,
          const char *label,
          gint64      value)
{
  TktFigurePart *part = g_new0 (TktFigurePart, 1);

  part->key = g_strdup (key);
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

static TktFigures *
figures_2023 (void)
{
  TktFigures *f = figures_new (2023);

  add_part (f->monitored_programmes, "programme:nong-thon",
            "Chương trình Hỗ trợ ứng dụng kinh tế xã hội nông thôn, miền núi, vùng dân tộc thiểu số giai đoạn 2016-2025", 10);
  add_part (f->monitored_programmes, "programme:cap-thiet", "Chương trình cấp thiết địa phương", 1);
  f->monitored_provincial = 13;
  f->monitored = 24;
  f->ordered = 6;
  f->approved = 4;
  f->accepted = 5;
  f->transfer_results = 9;
  f->transfer_units = 11;
  f->transfer_enterprises = 1;
  add_part (f->transfer_sectors, "sector:y-te", "y tế", 2);
  add_part (f->transfer_sectors, "sector:tai-nguyen", "tài nguyên - môi trường", 2);
  add_part (f->transfer_sectors, "sector:giao-duc", "giáo dục", 1);
  add_part (f->transfer_sectors, "sector:xa-hoi", "xã hội - nhân văn", 2);
  add_part (f->transfer_sectors, "sector:nong-nghiep", "nông nghiệp", 2);
  f->planned = 27;
  f->planned_national = 11;
  f->planned_provincial = 16;
  f->budget_central = 12500000000;
  f->budget_local = 4300000000;
  f->budget_total = 16800000000;
  return f;
}

static TktFigures *
figures_2022 (void)
{
  TktFigures *f = figures_new (2022);

  f->monitored = 19;
  f->monitored_provincial = 12;
  f->monitored_national_other = 7;
  f->ordered = 4;
  f->accepted = 7;
  f->transfer_results = 5;
  f->transfer_units = 6;
  f->budget_total = 14100000000;
  return f;
}

/* ---- the report ---------------------------------------------------------- */

/* The 2023 report; each section gets `repeat` rounds of the paragraphs, and
 * `extra` sections are added, so the page count follows the arguments. */
static TktReport *
build_report (guint repeat,
              guint extra)
{
  TktReport *report = tkt_report_new (2023, NULL, NULL);
  const char *recipients[] = { "Bộ KH&CN", "TT Tỉnh ủy, HĐND tỉnh", "UBND tỉnh", "Lưu: VT, QLKH", NULL };
  guint n;

  tkt_report_set_number (report, "12/BC-SKHCN");
  tkt_report_set_place (report, "Điện Biên");
  tkt_report_set_date (report, "2024-01-24");
  tkt_report_set_signer_title (report, "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC");
  tkt_report_set_signer_name (report, "Nguyễn Đức Hạnh");
  tkt_report_set_recipients (report, recipients);
  tkt_report_set_recommendations (report,
                                  "Đề nghị Bộ KH&CN tiếp tục hỗ trợ tỉnh Điện Biên triển khai các nhiệm vụ thuộc Chương trình nông thôn miền núi.\n"
                                  "Đề nghị UBND tỉnh bố trí kinh phí sự nghiệp KH&CN đủ để thực hiện các nhiệm vụ đã phê duyệt.");

  for (guint i = 0; i < extra; i++)
    {
      g_autofree char *title = g_strdup_printf ("Công tác phối hợp số %u", i + 1);
      TktReportSection section = { (char *) "custom:x", title, (char *) "" };

      tkt_report_append_section (report, &section);
    }

  n = tkt_report_get_n_sections (report);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (report, i);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint r = 0; r < repeat; r++)
        for (guint p = 0; p < G_N_ELEMENTS (paragraphs); p++)
          g_string_append_printf (text, "%s\n", paragraphs[(p + i) % G_N_ELEMENTS (paragraphs)]);
      g_free (section->text);
      section->text = g_string_free (g_steal_pointer (&text), FALSE);
      tkt_report_replace_section (report, i, section);
    }

  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *title = g_strdup_printf ("Nhóm nhiệm vụ trọng tâm thứ %u", i + 1);
      TktPlanGroup group = { title, (char *) "Tiếp tục đổi mới cơ chế quản lý, nâng cao hiệu quả hoạt động KH&CN, đẩy mạnh ứng dụng, chuyển giao kết quả nghiên cứu vào sản xuất và đời sống." };

      tkt_report_append_group (report, &group);
    }
  {
    TktPlanTarget target = { (char *) "Nhiệm vụ cấp tỉnh triển khai mới", (char *) "từ 08 đến 10 nhiệm vụ" };
    TktDocRef doc = { (char *) "5196/KH-UBND", (char *) "2023-11-09", (char *) "UBND tỉnh Điện Biên",
                      (char *) "về phát triển khoa học, công nghệ và đổi mới sáng tạo năm 2024" };

    tkt_report_append_target (report, &target);
    tkt_report_append_document (report, &doc);
  }
  return report;
}

/* ---- helpers ------------------------------------------------------------- */

static gboolean
have_poppler (void)
{
  const char *tools[] = { "pdfinfo", "pdffonts", "pdftotext" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);

      if (path == NULL)
        {
          g_test_skip ("poppler-utils (pdfinfo, pdffonts, pdftotext) not installed: "
                       "cannot read the PDF back (apt-get install poppler-utils)");
          return FALSE;
        }
    }
  return TRUE;
}

static char *
run (const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return g_steal_pointer (&out);
}

static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *p = g_strdup_printf ("%d", page);
  const char *all[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  const char *one[] = { "pdftotext", "-enc", "UTF-8", "-f", p, "-l", p, path, "-", NULL };

  return run (page > 0 ? one : all);
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv);
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
}

static char *
write_report (TktReport  *report,
              GError    **error)
{
  TktFigures *f = figures_2023 ();
  TktFigures *p = figures_2022 ();
  g_autofree char *dir = g_dir_make_tmp ("tkt-report-pdf-XXXXXX", NULL);
  char *path = g_build_filename (dir, "báo cáo 2023.pdf", NULL);
  gboolean ok = tkt_report_write_pdf (report, f, p, path, NULL, error);

  figures_free (f);
  figures_free (p);
  if (!ok)
    g_clear_pointer (&path, g_free);
  return path;
}

static void
remove_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* ---- tests --------------------------------------------------------------- */

/* More text makes more pages; every page stays inside the paper and, but
 * for the page number, inside the decree's margins. */
static void
test_layout_pages (void)
{
  TktFigures *f = figures_2023 ();
  TktFigures *p = figures_2022 ();
  guint previous_pages = 0;

  for (guint repeat = 0; repeat <= 4; repeat += 2)
    {
      g_autoptr(TktReport) report = build_report (repeat, repeat * 2);
      g_autoptr(TktReportLayout) layout = tkt_report_layout_new (report, f, p, A4_WIDTH, A4_HEIGHT);
      guint n = tkt_report_layout_get_n_pages (layout);

      g_test_message ("repeat %u: %u pages", repeat, n);
      g_assert_cmpuint (n, >, previous_pages);
      previous_pages = n;

      for (guint page = 0; page < n; page++)
        {
          cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
          cairo_t *cr = cairo_create (surface);
          double x, y, w, h;

          tkt_report_layout_draw_page (layout, cr, page);
          g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
          cairo_destroy (cr);
          cairo_recording_surface_ink_extents (surface, &x, &y, &w, &h);
          cairo_surface_destroy (surface);

          g_assert_cmpfloat (w, >, 0);
          /* left 30 mm, right 15 mm, bottom 20 mm (a point of slack for
           * rounding and italic overhang) */
          g_assert_cmpfloat (x, >=, 30 * MM - 2);
          g_assert_cmpfloat (x + w, <=, A4_WIDTH - 15 * MM + 2);
          g_assert_cmpfloat (y + h, <=, A4_HEIGHT - 20 * MM + 2);
          /* top 20 mm; from page 2 the number sits in the top margin */
          if (page == 0)
            g_assert_cmpfloat (y, >=, 20 * MM - 2);
          else
            g_assert_cmpfloat (y, >=, 5 * MM);
        }
    }
  g_assert_cmpuint (previous_pages, >=, 4);

  figures_free (f);
  figures_free (p);
}

static void
test_write_read_back (void)
{
  g_autoptr(TktReport) report = build_report (3, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *info = NULL;
  g_auto(GStrv) font_lines = NULL;
  guint pages, serif_rows = 0;

  if (!have_poppler ())
    return;

  path = write_report (report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);

  /* Several pages, as many as the layout counted. */
  pages = pdf_pages (path);
  g_assert_cmpuint (pages, >=, 4);
  {
    TktFigures *f = figures_2023 ();
    TktFigures *p = figures_2022 ();
    g_autoptr(TktReportLayout) layout = tkt_report_layout_new (report, f, p, A4_WIDTH, A4_HEIGHT);

    g_assert_cmpuint (tkt_report_layout_get_n_pages (layout), ==, pages);
    figures_free (f);
    figures_free (p);
  }

  /* Fonts: Liberation Serif (regular, bold, italic), every one embedded. */
  {
    const char *argv[] = { "pdffonts", path, NULL };

    fonts = run (argv);
  }
  g_test_message ("%s", fonts);
  font_lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 2; font_lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n_cols;

      if (font_lines[i][0] == '\0')
        continue;
      cols = g_strsplit_set (g_strstrip (font_lines[i]), " ", -1);
      n_cols = g_strv_length (cols);
      /* name type encoding emb sub uni object ID: "emb" is the 5th column
       * from the end whatever the type's width. */
      {
        guint filled = 0, emb = 0;
        g_autoptr(GPtrArray) words = g_ptr_array_new ();

        for (guint c = 0; c < n_cols; c++)
          if (cols[c][0] != '\0')
            g_ptr_array_add (words, cols[c]);
        filled = words->len;
        g_assert_cmpuint (filled, >=, 7);
        emb = filled - 5;
        g_assert_cmpstr (g_ptr_array_index (words, emb), ==, "yes");
      }
      if (strstr (font_lines[i], "LiberationSerif") != NULL)
        serif_rows++;
    }
  g_assert_cmpuint (serif_rows, >=, 3);   /* regular, bold, italic */

  /* The text back, with its diacritics. */
  text = pdf_text (path, 0);
  g_assert_nonnull (strstr (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_nonnull (strstr (text, "Độc lập - Tự do - Hạnh phúc"));
  g_assert_nonnull (strstr (text, "UBND TỈNH ĐIỆN BIÊN"));
  g_assert_nonnull (strstr (text, "SỞ KHOA HỌC VÀ CÔNG NGHỆ"));
  g_assert_nonnull (strstr (text, "Số: 12/BC-SKHCN"));
  g_assert_nonnull (strstr (text, "Điện Biên, ngày 24 tháng 01 năm 2024"));
  g_assert_nonnull (strstr (text, "BÁO CÁO"));
  g_assert_nonnull (strstr (text, "Tổng kết công tác năm 2023 và phương hướng, nhiệm vụ năm 2024"));
  g_assert_nonnull (strstr (text, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023"));
  g_assert_nonnull (strstr (text, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024"));
  g_assert_nonnull (strstr (text, "III. KIẾN NGHỊ, ĐỀ XUẤT"));
  g_assert_nonnull (strstr (text, "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN"));
  g_assert_nonnull (strstr (text, "Kế hoạch số 5196/KH-UBND ngày 09/11/2023"));
  g_assert_nonnull (strstr (text, "Nơi nhận:"));
  g_assert_nonnull (strstr (text, "- Bộ KH&CN;"));
  g_assert_nonnull (strstr (text, "- Lưu: VT, QLKH."));
  g_assert_nonnull (strstr (text, "PHÓ GIÁM ĐỐC"));
  g_assert_nonnull (strstr (text, "Nguyễn Đức Hạnh"));
  g_assert_nonnull (strstr (text, "Bảng 1."));
  g_assert_nonnull (strstr (text, "Biểu đồ 1."));

  /* Page numbers from page 2, at the top: no number on page 1. */
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *page_text = pdf_text (path, (int) page);
      g_autofree char *number = g_strdup_printf ("%u", page);
      g_auto(GStrv) lines = g_strsplit (page_text, "\n", -1);
      const char *first = NULL, *last = NULL;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (lines[i][0] == '\0' || lines[i][0] == '\f')
            continue;
          if (first == NULL)
            first = lines[i];
          last = lines[i];
        }
      g_assert_nonnull (first);
      if (page == 1)
        g_assert_cmpstr (first, !=, "1");
      else
        g_assert_cmpstr (first, ==, number);

      /* A heading is never the last line of a page. */
      g_assert_false (g_regex_match_simple ("^([0-9]+|[IVX]+)\\. ", last, 0, 0)
                      && !g_str_has_suffix (last, "."));
      /* The signature block is on one page with its "Nơi nhận". */
      if (strstr (page_text, "Nơi nhận:") != NULL)
        {
          g_assert_nonnull (strstr (page_text, "PHÓ GIÁM ĐỐC"));
          g_assert_nonnull (strstr (page_text, "Nguyễn Đức Hạnh"));
        }
    }

  /* Metadata: title and author (the issuing body). */
  {
    const char *argv[] = { "pdfinfo", path, NULL };

    info = run (argv);
  }
  g_assert_nonnull (strstr (info, "Báo cáo tổng kết công tác năm 2023 và phương hướng, nhiệm vụ năm 2024"));
  g_assert_nonnull (strstr (info, "SỞ KHOA HỌC VÀ CÔNG NGHỆ"));

  remove_file (path);
}

static void
test_stream (void)
{
  g_autoptr(TktReport) report = build_report (1, 0);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  TktFigures *f = figures_2023 ();
  const char *data;
  gsize size;

  g_assert_true (tkt_report_write_pdf_to_stream (report, f, NULL, stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, NULL);
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpuint (size, >, 10000);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_nonnull (g_strstr_len (data + size - 32, 32, "%%EOF"));
  figures_free (f);
}

/* Without figures (a report not computed yet) the document still comes. */
static void
test_no_figures (void)
{
  g_autoptr(TktReport) report = build_report (1, 0);
  g_autoptr(TktReportLayout) layout = tkt_report_layout_new (report, NULL, NULL, A4_WIDTH, A4_HEIGHT);

  g_assert_cmpuint (tkt_report_layout_get_n_pages (layout), >=, 1);
}

static void
test_cancelled (void)
{
  g_autoptr(TktReport) report = build_report (2, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-report-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cancelled.pdf", NULL);
  TktFigures *f = figures_2023 ();

  g_cancellable_cancel (cancellable);
  g_assert_false (tkt_report_write_pdf (report, f, NULL, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* No half-written file is left behind. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
  figures_free (f);
}

/* Replacing an existing file: a failed export leaves the old one alone. */
static void
test_cancelled_keeps_old (void)
{
  g_autoptr(TktReport) report = build_report (1, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tkt-report-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.pdf", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (tkt_report_write_pdf (report, NULL, NULL, path, cancellable, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_unwritable (void)
{
  g_autoptr(TktReport) report = build_report (1, 0);
  g_autoptr(GError) error = NULL;

  g_assert_false (tkt_report_write_pdf (report, NULL, NULL, "/nonexistent-folder/report.pdf", NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent-folder/report.pdf"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tkt/report-pdf/layout/pages", test_layout_pages);
  g_test_add_func ("/tkt/report-pdf/layout/no-figures", test_no_figures);
  g_test_add_func ("/tkt/report-pdf/write/read-back", test_write_read_back);
  g_test_add_func ("/tkt/report-pdf/write/stream", test_stream);
  g_test_add_func ("/tkt/report-pdf/write/cancelled", test_cancelled);
  g_test_add_func ("/tkt/report-pdf/write/cancelled-keeps-old", test_cancelled_keeps_old);
  g_test_add_func ("/tkt/report-pdf/write/unwritable", test_unwritable);

  return g_test_run ();
}
