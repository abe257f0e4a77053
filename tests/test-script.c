/* test-script.c — the MC's script of the demo conference, edits that stay
 * and go stale, the plain-text form. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tkt-demo.h"
#include "tkt-script.h"
#include "tkt-store.h"

#define DEMO "ceremony:demo-2023"

typedef struct {
  char        *dir;
  TktStore    *store;
  TktCeremony *ceremony;
  GPtrArray   *awards;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-script-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  fixture->ceremony = tkt_ceremony_load (fixture->store, DEMO, &error);
  g_assert_no_error (error);
  fixture->awards = tkt_award_list_for_ceremony (fixture->store, DEMO);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_pointer (&fixture->awards, g_ptr_array_unref);
  g_clear_object (&fixture->ceremony);
  g_clear_object (&fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static GPtrArray *
build (Fixture *fixture)
{
  return tkt_script_build (fixture->ceremony, fixture->awards, fixture->store);
}

static TktScriptBlock *
block_with_key (GPtrArray  *blocks,
                const char *key)
{
  for (guint i = 0; i < blocks->len; i++)
    if (g_strcmp0 (((TktScriptBlock *) g_ptr_array_index (blocks, i))->key, key) == 0)
      return g_ptr_array_index (blocks, i);
  g_assert_not_reached ();
}

/* Each sentence appears, after the one before it. */
static void
assert_in_order (const char         *text,
                 const char * const *sentences)
{
  const char *from = text;

  for (guint i = 0; sentences[i] != NULL; i++)
    {
      const char *at = strstr (from, sentences[i]);

      if (at == NULL)
        g_error ("not found (in order) in the script: “%s”\n--- script ---\n%s", sentences[i], text);
      from = at + strlen (sentences[i]);
    }
}

static void
test_demo_script (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) blocks = build (fixture);
  g_autofree char *text = tkt_script_to_text (blocks, fixture->ceremony);
  static const char * const sentences[] = {
    "Kính thưa các đồng chí lãnh đạo",
    "Hôm nay, ngày 24 tháng 01 năm 2024, tại Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza, "
      "Sở Khoa học và Công nghệ tỉnh Điện Biên long trọng tổ chức Hội nghị Tổng kết công tác năm 2023 "
      "và triển khai phương hướng nhiệm vụ năm 2024.",
    "Tới dự Hội nghị hôm nay, chúng tôi xin trân trọng giới thiệu:",
    "– Đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh;",
    "– Đồng chí Nguyễn Đức Hạnh, Giám đốc Sở Khoa học và Công nghệ;",
    "14:00 – Phát biểu khai mạc Hội nghị",
    "Mở đầu Hội nghị, xin trân trọng kính mời đồng chí Nguyễn Đức Hạnh, Giám đốc Sở Khoa học và Công nghệ, "
      "lên phát biểu khai mạc Hội nghị.",
    "14:10 – Báo cáo tổng kết",
    "14:40 – Phát biểu chỉ đạo Hội nghị",
    "xin trân trọng kính mời đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh, lên phát biểu chỉ đạo Hội nghị.",
    "15:05 – Trao tặng các hình thức khen thưởng",
    /* The sentence, verbatim. */
    "Thừa ủy quyền của Thủ tướng Chính phủ, trân trọng kính mời đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh, "
      "lên trao Cờ Thi đua của Chính phủ cho tập thể Sở Khoa học và Công nghệ.",
    "Quyết định số 1540/QĐ-TTg ngày 08 tháng 12 năm 2023 của Thủ tướng Chính phủ về việc tặng Cờ Thi đua của Chính phủ.",
    "Trân trọng kính mời đại diện tập thể Sở Khoa học và Công nghệ lên nhận Cờ Thi đua của Chính phủ.",
    "Thừa ủy quyền của Thủ tướng Chính phủ, trân trọng kính mời đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh, "
      "lên trao Bằng khen của Thủ tướng Chính phủ cho tập thể Trung tâm Thông tin và Ứng dụng tiến bộ khoa học và công nghệ.",
    "Thừa ủy quyền của Bộ trưởng Bộ Khoa học và Công nghệ, trân trọng kính mời đồng chí Nguyễn Đức Hạnh, "
      "Giám đốc Sở KH&CN, lên trao Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ” cho 04 cá nhân.",
    "Trân trọng kính mời các đồng chí có tên sau lên nhận Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”:\n1. Đồng chí ",
    "4. Đồng chí ",
    "Trân trọng kính mời đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh, lên trao danh hiệu “Tập thể lao động xuất sắc” cho 02 tập thể.",
    "Trân trọng kính mời đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh, lên trao Bằng khen của Chủ tịch UBND tỉnh cho 02 tập thể, 02 cá nhân.",
    "Trân trọng kính mời đại diện các tập thể và các đồng chí có tên sau lên nhận Bằng khen của Chủ tịch UBND tỉnh:",
    "lên trao Huy hiệu “Vì sự nghiệp xây dựng và phát triển tỉnh Điện Biên” cho 02 cá nhân.",
    "Xin trân trọng cảm ơn!",
    NULL
  };
  TktScriptBlock *first;
  TktScriptBlock *last;

  assert_in_order (text, sentences);

  /* "Thừa ủy quyền" only where the article says it: three times. */
  {
    guint n = 0;

    for (const char *p = strstr (text, "Thừa ủy quyền"); p != NULL; p = strstr (p + 1, "Thừa ủy quyền"))
      n++;
    g_assert_cmpuint (n, ==, 3);
  }

  /* Stable keys in order: opening, guests, agenda, the awards after the
   * agenda item that presents them, closing. */
  first = g_ptr_array_index (blocks, 0);
  last = g_ptr_array_index (blocks, blocks->len - 1);
  g_assert_cmpstr (first->key, ==, "opening");
  g_assert_cmpstr (((TktScriptBlock *) g_ptr_array_index (blocks, 1))->key, ==, "guests");
  g_assert_cmpstr (((TktScriptBlock *) g_ptr_array_index (blocks, 5))->key, ==, "agenda:3");
  g_assert_cmpstr (((TktScriptBlock *) g_ptr_array_index (blocks, 6))->key, ==, "award:award:demo-2023-co-thi-dua:announce");
  g_assert_cmpstr (((TktScriptBlock *) g_ptr_array_index (blocks, 7))->key, ==, "award:award:demo-2023-co-thi-dua:decision");
  g_assert_cmpstr (((TktScriptBlock *) g_ptr_array_index (blocks, 8))->key, ==, "award:award:demo-2023-co-thi-dua:batch:1");
  g_assert_cmpstr (last->key, ==, "closing");
  for (guint i = 0; i < blocks->len; i++)
    {
      TktScriptBlock *block = g_ptr_array_index (blocks, i);

      g_assert_false (block->edited);
      g_assert_false (block->stale);
      g_assert_cmpstr (block->text, ==, block->generated);
    }
}

/* Turns on stage in the script follow the award's batch size. */
static void
test_batches_in_script (Fixture       *fixture,
                        gconstpointer  data)
{
  TktAward *medal = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  TktScriptBlock *second;

  for (guint i = 0; i < fixture->awards->len; i++)
    if (g_str_has_suffix (tkt_award_get_id (g_ptr_array_index (fixture->awards, i)), "ky-niem-chuong"))
      medal = g_ptr_array_index (fixture->awards, i);
  g_assert_nonnull (medal);
  tkt_award_set_batch_size (medal, 2);

  blocks = build (fixture);
  second = block_with_key (blocks, "award:award:demo-2023-ky-niem-chuong:batch:2");
  g_assert_true (g_str_has_prefix (second->text, "Tiếp theo, trân trọng kính mời các đồng chí có tên sau"));
  /* Numbering runs on across turns. */
  g_assert_nonnull (strstr (second->text, "\n3. Đồng chí "));
  g_assert_nonnull (strstr (second->text, "\n4. Đồng chí "));
  g_assert_nonnull (strstr (second->title, "lượt 2/2"));
}

static void
test_edits (Fixture       *fixture,
            gconstpointer  data)
{
  const char *key = "award:award:demo-2023-co-thi-dua:announce";
  const char *mine = "Thừa ủy quyền của Thủ tướng Chính phủ, xin trân trọng kính mời đồng chí Vừ A Bằng lên trao Cờ Thi đua.";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = build (fixture);
  g_autoptr(GPtrArray) edited = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) accepted = NULL;
  g_autoptr(GPtrArray) reverted = NULL;
  g_autoptr(TktCeremony) reloaded = NULL;
  TktScriptBlock *block;
  TktAward *flag = g_ptr_array_index (fixture->awards, 0);
  g_autofree char *text = NULL;

  g_assert_true (g_str_has_suffix (tkt_award_get_id (flag), "co-thi-dua"));

  /* The MC's wording stays. */
  tkt_script_set_edit (fixture->ceremony, block_with_key (blocks, key), mine);
  edited = build (fixture);
  block = block_with_key (edited, key);
  g_assert_cmpstr (block->text, ==, mine);
  g_assert_true (block->edited);
  g_assert_false (block->stale);
  g_assert_false (block_with_key (edited, "opening")->edited);
  text = tkt_script_to_text (edited, fixture->ceremony);
  g_assert_nonnull (strstr (text, mine));

  /* It is stored in the ceremony and survives a save. */
  g_assert_true (tkt_ceremony_save (fixture->ceremony, fixture->store, &error));
  g_assert_no_error (error);
  reloaded = tkt_ceremony_load (fixture->store, DEMO, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) again = tkt_script_build (reloaded, fixture->awards, fixture->store);

    g_assert_cmpstr (block_with_key (again, key)->text, ==, mine);
  }

  /* The presenter changes: the edit stays, marked stale. */
  tkt_award_set_presenter_name (flag, "Lò Văn Cường");
  changed = build (fixture);
  block = block_with_key (changed, key);
  g_assert_cmpstr (block->text, ==, mine);
  g_assert_true (block->edited);
  g_assert_true (block->stale);
  g_assert_nonnull (strstr (block->generated, "Lò Văn Cường"));
  /* Other blocks are not stale for it. */
  g_assert_false (block_with_key (changed, "closing")->stale);

  /* Reviewed: no longer stale, still the MC's text. */
  tkt_script_accept_edit (fixture->ceremony, block);
  accepted = build (fixture);
  block = block_with_key (accepted, key);
  g_assert_cmpstr (block->text, ==, mine);
  g_assert_true (block->edited);
  g_assert_false (block->stale);

  /* Writing back the generated text removes the edit. */
  tkt_script_set_edit (fixture->ceremony, block, block->generated);
  reverted = build (fixture);
  block = block_with_key (reverted, key);
  g_assert_false (block->edited);
  g_assert_cmpstr (block->text, ==, block->generated);
  g_assert_false (json_object_has_member (tkt_ceremony_get_json (fixture->ceremony), "script"));
}

static void
test_to_text (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) blocks = build (fixture);
  g_autofree char *text = tkt_script_to_text (blocks, fixture->ceremony);
  g_autoptr(TktCeremony) bare = tkt_ceremony_new ();
  g_autoptr(GPtrArray) bare_blocks = NULL;
  g_autofree char *bare_text = NULL;

  g_assert_true (g_str_has_prefix (text, "KỊCH BẢN DẪN CHƯƠNG TRÌNH\n"
                                         "HỘI NGHỊ TỔNG KẾT CÔNG TÁC NĂM 2023 VÀ TRIỂN KHAI PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2024\n"
                                         "Thời gian: 14 giờ 00, ngày 24 tháng 01 năm 2024\n"
                                         "Địa điểm: Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza\n"
                                         "\nChào cờ, tuyên bố lý do\nKính thưa"));
  /* A blank line between blocks, each headed by its title. */
  g_assert_nonnull (strstr (text, ".\n\nGiới thiệu đại biểu\nTới dự Hội nghị hôm nay"));
  g_assert_nonnull (strstr (text, "\n\nBế mạc\n"));
  g_assert_true (g_str_has_suffix (text, "Xin trân trọng cảm ơn!\n"));

  /* A ceremony with nothing filled in yet still gives a readable script. */
  bare_blocks = tkt_script_build (bare, NULL, NULL);
  g_assert_cmpuint (bare_blocks->len, ==, 3);
  bare_text = tkt_script_to_text (bare_blocks, bare);
  g_assert_nonnull (strstr (bare_text, "Hôm nay, Hội nghị được long trọng tổ chức."));
  g_assert_nonnull (strstr (bare_text, "Tới dự Hội nghị hôm nay có các đồng chí lãnh đạo và các vị đại biểu."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tkt/script/demo", test_demo_script);
  ADD ("/tkt/script/batches", test_batches_in_script);
  ADD ("/tkt/script/edits", test_edits);
  ADD ("/tkt/script/to-text", test_to_text);

  return g_test_run ();
}
