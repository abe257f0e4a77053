/* test-award.c — the award-form catalogue, presentation order, turns on
 * stage, "thừa ủy quyền", counts and the CSV annex import. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tkt-award.h"
#include "tkt-io.h"
#include "tkt-store.h"

typedef struct {
  char     *dir;
  TktStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-award-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

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

static void
add_recipient (TktAward   *award,
               const char *kind,
               const char *name)
{
  TktRecipient recipient = { (char *) kind, (char *) name, NULL, NULL };

  tkt_award_append_recipient (award, &recipient);
}

static TktAward *
make_award (const char *ceremony,
            const char *form,
            const char *date,
            guint       n_collectives,
            guint       n_individuals)
{
  TktAward *award = tkt_award_new (ceremony);

  tkt_award_set_form (award, form);
  tkt_award_set_decision_date (award, date);
  for (guint i = 0; i < n_collectives; i++)
    {
      g_autofree char *name = g_strdup_printf ("Phòng %u", i + 1);

      add_recipient (award, "collective", name);
    }
  for (guint i = 0; i < n_individuals; i++)
    {
      g_autofree char *name = g_strdup_printf ("Người %u", i + 1);

      add_recipient (award, "individual", name);
    }
  return award;
}

static JsonObject *
form_named (GPtrArray  *forms,
            const char *id)
{
  for (guint i = 0; i < forms->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (forms, i), "_id"), id) == 0)
      return g_ptr_array_index (forms, i);
  return NULL;
}

static void
test_forms_seeded (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = tkt_award_forms_list (fixture->store);
  gint64 seq;
  JsonObject *flag;
  JsonObject *medal;
  gint64 last_rank = 0;

  /* A new database has the law's forms, highest authority first. */
  g_assert_cmpuint (forms->len, >=, 12);
  flag = form_named (forms, "award_form:co-thi-dua-chinh-phu");
  g_assert_nonnull (flag);
  g_assert_cmpstr (json_object_get_string_member (flag, "name"), ==, "Cờ Thi đua của Chính phủ");
  g_assert_cmpstr (json_object_get_string_member (flag, "authority"), ==, "Thủ tướng Chính phủ");
  g_assert_cmpint (json_object_get_int_member (flag, "authority_rank"), ==, 2);
  g_assert_true (json_object_get_boolean_member (flag, "collective"));
  g_assert_false (json_object_get_boolean_member (flag, "individual"));
  medal = form_named (forms, "award_form:ky-niem-chuong-khcn");
  g_assert_cmpstr (json_object_get_string_member (medal, "name"), ==,
                   "Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”");
  g_assert_cmpstr (json_object_get_string_member (medal, "authority"), ==, "Bộ trưởng Bộ Khoa học và Công nghệ");
  g_assert_nonnull (form_named (forms, "award_form:bang-khen-thu-tuong"));
  g_assert_nonnull (form_named (forms, "award_form:bang-khen-chu-tich-ubnd-tinh"));
  g_assert_nonnull (form_named (forms, "award_form:tap-the-lao-dong-xuat-sac"));
  g_assert_nonnull (form_named (forms, "award_form:chien-si-thi-dua-cap-tinh"));
  g_assert_nonnull (form_named (forms, "award_form:chien-si-thi-dua-co-so"));
  g_assert_nonnull (form_named (forms, "award_form:lao-dong-tien-tien"));
  g_assert_nonnull (form_named (forms, "award_form:giay-khen-giam-doc-so"));
  g_assert_nonnull (form_named (forms, "award_form:huy-hieu-tinh"));

  for (guint i = 0; i < forms->len; i++)
    {
      gint64 rank = json_object_get_int_member (g_ptr_array_index (forms, i), "authority_rank");

      g_assert_cmpint (rank, >=, last_rank);
      last_rank = rank;
    }
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (forms, 0), "authority"), ==, "Chủ tịch nước");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (forms, forms->len - 1), "authority"), ==, "Giám đốc Sở");

  /* Seeding again writes nothing (the user's edits stay). */
  seq = tkt_store_get_update_seq (fixture->store);
  g_assert_true (tkt_award_forms_seed (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
}

static void
save (Fixture  *fixture,
      TktAward *award)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tkt_award_save (award, fixture->store, &error));
  g_assert_no_error (error);
}

static char *
order_of (GPtrArray *awards)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < awards->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "|" : "",
                            strrchr (tkt_award_get_id (g_ptr_array_index (awards, i)), ':') + 1);
  return g_string_free (out, FALSE);
}

static void
set_id (TktAward   *award,
        const char *id)
{
  json_object_set_string_member (tkt_award_get_json (award), "_id", id);
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TktAward) director = make_award ("ceremony:c", "award_form:giay-khen-giam-doc-so", "2024-01-02", 0, 3);
  g_autoptr(TktAward) chairman_people = make_award ("ceremony:c", "award_form:bang-khen-chu-tich-ubnd-tinh", "2024-01-03", 0, 2);
  g_autoptr(TktAward) chairman_units = make_award ("ceremony:c", "award_form:bang-khen-chu-tich-ubnd-tinh", "2024-01-05", 2, 0);
  g_autoptr(TktAward) pm_merit = make_award ("ceremony:c", "award_form:bang-khen-thu-tuong", "2023-12-20", 1, 0);
  g_autoptr(TktAward) pm_flag = make_award ("ceremony:c", "award_form:co-thi-dua-chinh-phu", "2023-12-08", 1, 0);
  g_autoptr(TktAward) medal = make_award ("ceremony:c", "award_form:ky-niem-chuong-khcn", "2023-12-26", 0, 4);
  g_autoptr(TktAward) elsewhere = make_award ("ceremony:other", "award_form:co-thi-dua-chinh-phu", NULL, 1, 0);
  g_autoptr(GPtrArray) automatic = NULL;
  g_autoptr(GPtrArray) overridden = NULL;
  g_autofree char *order = NULL;

  set_id (director, "award:director");
  set_id (chairman_people, "award:chairman-people");
  set_id (chairman_units, "award:chairman-units");
  set_id (pm_merit, "award:pm-merit");
  set_id (pm_flag, "award:pm-flag");
  set_id (medal, "award:medal");
  set_id (elsewhere, "award:elsewhere");
  save (fixture, director);
  save (fixture, chairman_people);
  save (fixture, chairman_units);
  save (fixture, pm_merit);
  save (fixture, pm_flag);
  save (fixture, medal);
  save (fixture, elsewhere);

  /* Highest authority first; a flag before a certificate of merit; for one
   * form, collectives before individuals even when decided later. */
  automatic = tkt_award_list_for_ceremony (fixture->store, "ceremony:c");
  order = order_of (automatic);
  g_assert_cmpstr (order, ==, "pm-flag|pm-merit|medal|chairman-units|chairman-people|director");

  /* The user puts the director's awards first: that one keeps its place,
   * the others keep their automatic order around it. */
  tkt_award_set_order (director, 0);
  save (fixture, director);
  overridden = tkt_award_list_for_ceremony (fixture->store, "ceremony:c");
  g_clear_pointer (&order, g_free);
  order = order_of (overridden);
  g_assert_cmpstr (order, ==, "director|pm-flag|pm-merit|medal|chairman-units|chairman-people");

  /* Back to automatic. */
  tkt_award_set_order (director, -1);
  g_assert_false (json_object_has_member (tkt_award_get_json (director), "order"));
}

static char *
batches_of (TktAward *award)
{
  g_autoptr(GPtrArray) batches = tkt_award_batches (award);
  GString *out = g_string_new (NULL);

  for (guint b = 0; b < batches->len; b++)
    g_string_append_printf (out, "%s%u", b > 0 ? "+" : "", ((GArray *) g_ptr_array_index (batches, b))->len);
  return g_string_free (out, FALSE);
}

static void
test_batches (void)
{
  g_autoptr(TktAward) award = make_award ("ceremony:c", "award_form:giay-khen-giam-doc-so", NULL, 0, 0);
  g_autoptr(GPtrArray) batches = NULL;
  static const struct { guint n; int size; const char *expected; } cases[] = {
    { 1, 9, "1" },
    { 9, 9, "9" },
    { 10, 9, "5+5" },     /* not 9 + 1 */
    { 17, 9, "9+8" },
    { 19, 9, "9+5+5" },
    { 27, 9, "9+9+9" },
    { 21, 10, "10+6+5" },
    { 4, 2, "2+2" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(TktAward) a = make_award ("ceremony:c", NULL, NULL, 0, cases[c].n);
      g_autofree char *got = NULL;

      tkt_award_set_batch_size (a, cases[c].size);
      got = batches_of (a);
      g_assert_cmpstr (got, ==, cases[c].expected);
    }

  /* Default 9; a size out of 1..30 is clamped. */
  g_assert_cmpint (tkt_award_get_batch_size (award), ==, 9);
  tkt_award_set_batch_size (award, 100);
  g_assert_cmpint (tkt_award_get_batch_size (award), ==, 30);

  /* Collectives go up before individuals, whatever order they were entered. */
  tkt_award_set_batch_size (award, 2);
  add_recipient (award, "individual", "Người 1");
  add_recipient (award, "collective", "Phòng 1");
  add_recipient (award, "individual", "Người 2");
  add_recipient (award, "collective", "Phòng 2");
  batches = tkt_award_batches (award);
  g_assert_cmpuint (batches->len, ==, 2);
  g_assert_cmpuint (g_array_index ((GArray *) g_ptr_array_index (batches, 0), guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index ((GArray *) g_ptr_array_index (batches, 0), guint, 1), ==, 3);
  g_assert_cmpuint (g_array_index ((GArray *) g_ptr_array_index (batches, 1), guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index ((GArray *) g_ptr_array_index (batches, 1), guint, 1), ==, 2);
}

static void
test_on_behalf (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) forms = tkt_award_forms_list (fixture->store);
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:c");
  JsonObject *flag = form_named (forms, "award_form:co-thi-dua-chinh-phu");
  JsonObject *medal = form_named (forms, "award_form:ky-niem-chuong-khcn");
  JsonObject *chairman = form_named (forms, "award_form:bang-khen-chu-tich-ubnd-tinh");
  JsonObject *director = form_named (forms, "award_form:giay-khen-giam-doc-so");
  JsonObject *badge = form_named (forms, "award_form:huy-hieu-tinh");

  /* No presenter yet: nothing to propose. */
  g_assert_false (tkt_award_propose_on_behalf (award, flag));

  /* The Vice-Chairman presents the Prime Minister's flag: on his behalf. */
  tkt_award_set_presenter_name (award, "Vừ A Bằng");
  tkt_award_set_presenter_position (award, "Phó Chủ tịch UBND tỉnh");
  g_assert_true (tkt_award_propose_on_behalf (award, flag));
  /* A deputy is not the Chairman: the Chairman's certificate, presented by
   * the Vice-Chairman, is on the Chairman's behalf — written out or
   * abbreviated alike. */
  g_assert_true (tkt_award_propose_on_behalf (award, chairman));
  tkt_award_set_presenter_position (award, "Phó Chủ tịch Ủy ban nhân dân tỉnh Điện Biên");
  g_assert_true (tkt_award_propose_on_behalf (award, chairman));
  /* The Chairman himself presents his own. */
  tkt_award_set_presenter_name (award, "Lê Thành Đô");
  tkt_award_set_presenter_position (award, "Chủ tịch UBND tỉnh");
  g_assert_false (tkt_award_propose_on_behalf (award, chairman));
  tkt_award_set_presenter_position (award, "Chủ tịch Ủy ban nhân dân tỉnh Điện Biên");
  g_assert_false (tkt_award_propose_on_behalf (award, chairman));
  /* One of several offices is enough. */
  tkt_award_set_presenter_position (award, "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh");
  g_assert_false (tkt_award_propose_on_behalf (award, chairman));
  /* … and the Prime Minister's flag, from the Chairman, is on behalf. */
  g_assert_true (tkt_award_propose_on_behalf (award, flag));

  /* A Deputy Prime Minister for the Prime Minister: on behalf; the Prime
   * Minister himself: not. */
  tkt_award_set_presenter_position (award, "Phó Thủ tướng Chính phủ");
  g_assert_true (tkt_award_propose_on_behalf (award, flag));
  tkt_award_set_presenter_position (award, "Phó Thủ tướng");
  g_assert_true (tkt_award_propose_on_behalf (award, flag));
  tkt_award_set_presenter_position (award, "Thủ tướng Chính phủ");
  g_assert_false (tkt_award_propose_on_behalf (award, flag));

  /* A body as the authority ("UBND tỉnh" for the province's badge): any
   * office of it, deputies included, is the body. */
  tkt_award_set_presenter_position (award, "Phó Chủ tịch UBND tỉnh");
  g_assert_false (tkt_award_propose_on_behalf (award, badge));
  tkt_award_set_presenter_position (award, "Giám đốc Sở KH&CN");
  g_assert_true (tkt_award_propose_on_behalf (award, badge));

  /* The Director presents the Minister's medal: on the Minister's behalf;
   * his own certificate: not (the authority is "Giám đốc Sở"; "KH&CN"
   * only names his department). */
  tkt_award_set_presenter_name (award, "Nguyễn Đức Hạnh");
  tkt_award_set_presenter_position (award, "Giám đốc Sở KH&CN");
  g_assert_true (tkt_award_propose_on_behalf (award, medal));
  g_assert_false (tkt_award_propose_on_behalf (award, director));
  tkt_award_set_presenter_position (award, "Giám đốc Sở Khoa học và Công nghệ");
  g_assert_false (tkt_award_propose_on_behalf (award, director));
  /* His deputy acts on his behalf. */
  tkt_award_set_presenter_position (award, "Phó Giám đốc Sở");
  g_assert_true (tkt_award_propose_on_behalf (award, director));
  tkt_award_set_presenter_position (award, "Phó Giám đốc Sở KH&CN");
  g_assert_true (tkt_award_propose_on_behalf (award, director));

  /* The Minister himself: "Bộ trưởng Bộ KH&CN" names "Bộ trưởng Bộ Khoa
   * học và Công nghệ". */
  tkt_award_set_presenter_position (award, "Bộ trưởng Bộ KH&CN");
  g_assert_false (tkt_award_propose_on_behalf (award, medal));
}

static void
test_counts (void)
{
  g_autoptr(TktAward) medal = make_award ("ceremony:c", NULL, NULL, 0, 4);
  g_autoptr(TktAward) mixed = make_award ("ceremony:c", NULL, NULL, 2, 2);
  g_autoptr(TktAward) units = make_award ("ceremony:c", NULL, NULL, 1, 0);
  g_autoptr(TktAward) many = make_award ("ceremony:c", NULL, NULL, 12, 24);
  g_autoptr(TktAward) empty = make_award ("ceremony:c", NULL, NULL, 0, 0);
  g_autofree char *a = tkt_award_format_counts (medal);
  g_autofree char *b = tkt_award_format_counts (mixed);
  g_autofree char *c = tkt_award_format_counts (units);
  g_autofree char *d = tkt_award_format_counts (many);
  g_autofree char *e = tkt_award_format_counts (empty);

  g_assert_cmpstr (a, ==, "cho 04 cá nhân");
  g_assert_cmpstr (b, ==, "cho 02 tập thể, 02 cá nhân");
  g_assert_cmpstr (c, ==, "cho 01 tập thể");
  g_assert_cmpstr (d, ==, "cho 12 tập thể, 24 cá nhân");
  g_assert_cmpstr (e, ==, "");
}

static TktRecipient *
recipient_at (TktAward *award,
              guint     i)
{
  return tkt_award_get_recipient (award, i);
}

static void
test_csv_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:c");
  g_autoptr(TktRecipient) r0 = NULL;
  g_autoptr(TktRecipient) r2 = NULL;
  g_autoptr(TktRecipient) r3 = NULL;
  /* Excel's "CSV UTF-8": a BOM, CRLF, a quoted field with a comma; the
   * annex's headings "I. Tập thể" / "II. Cá nhân" set the kind. */
  const char *csv =
    "\xEF\xBB\xBF" "STT,Họ và tên,Chức vụ,Đơn vị\r\n"
    ",I. Tập thể,,\r\n"
    "1,Phòng Quản lý khoa học,,Sở KH&CN\r\n"
    "2,Chi cục Tiêu chuẩn Đo lường Chất lượng,,Sở KH&CN\r\n"
    ",II. Cá nhân,,\r\n"
    "1,Lò Văn Thanh,Trưởng phòng,\"Phòng Quản lý khoa học, Sở KH&CN\"\r\n"
    "2,  Vì Thị Ngọc ,Chuyên viên,Sở KH&CN\r\n"
    "\r\n";
  guint n = 0;

  add_recipient (award, "individual", "Đã có");
  g_assert_true (tkt_award_import_recipients_csv (award, csv, strlen (csv), "individual", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (tkt_award_get_n_recipients (award), ==, 5);

  r0 = recipient_at (award, 1);
  g_assert_cmpstr (r0->kind, ==, "collective");
  g_assert_cmpstr (r0->name, ==, "Phòng Quản lý khoa học");
  g_assert_cmpstr (r0->organisation, ==, "Sở KH&CN");
  g_assert_null (r0->position);
  r2 = recipient_at (award, 3);
  g_assert_cmpstr (r2->kind, ==, "individual");
  g_assert_cmpstr (r2->position, ==, "Trưởng phòng");
  g_assert_cmpstr (r2->organisation, ==, "Phòng Quản lý khoa học, Sở KH&CN");
  r3 = recipient_at (award, 4);
  g_assert_cmpstr (r3->name, ==, "Vì Thị Ngọc");   /* trimmed */
}

static void
test_csv_kind_column (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:c");
  g_autoptr(TktRecipient) r0 = NULL;
  g_autoptr(TktRecipient) r1 = NULL;
  /* Semicolons (Excel in a Vietnamese locale), English-free headers, a
   * kind column. */
  const char *csv =
    "STT;Loại;Tên tập thể/cá nhân;Chức vụ;Đơn vị công tác\n"
    "1;Tập thể;Thanh tra Sở;;Sở KH&CN\n"
    "2;cá nhân;Hoàng Văn Dũng;Phó Trưởng phòng;Sở KH&CN\n";
  guint n = 0;

  g_assert_true (tkt_award_import_recipients_csv (award, csv, strlen (csv), "individual", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  r0 = recipient_at (award, 0);
  r1 = recipient_at (award, 1);
  g_assert_cmpstr (r0->kind, ==, "collective");
  g_assert_cmpstr (r1->kind, ==, "individual");
  g_assert_cmpstr (r1->position, ==, "Phó Trưởng phòng");
}

static void
test_csv_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:c");
  const char *csv =
    "STT,Họ và tên,Chức vụ,Đơn vị,Loại\n"
    "1,Lò Văn A,Chuyên viên,Sở KH&CN,cá nhân\n"
    "2,,Chuyên viên,Sở KH&CN,cá nhân\n"
    "3,Lò Văn C,Chuyên viên,Sở KH&CN,hộ gia đình\n"
    "4,Lò Văn D,Chuyên viên,Sở KH&CN,cá nhân,thừa\n"
    "5,Lò Văn E,Chuyên viên,Sở KH&CN,cá nhân\n";
  const char *unknown = "STT,Họ và tên,Ngày sinh\n1,Lò Văn A,1980\n";
  const char *unclosed = "STT,Họ và tên\n1,\"Lò Văn A\n2,Lò Văn B\n";
  const char *header_only = "STT,Họ và tên\n";
  guint n = 99;

  add_recipient (award, "individual", "Đã có");

  /* Every bad line is named; nothing is added, not even the good lines. */
  g_assert_false (tkt_award_import_recipients_csv (award, csv, strlen (csv), NULL, &n, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Line 3:"));
  g_assert_nonnull (strstr (error->message, "Line 4:"));
  g_assert_nonnull (strstr (error->message, "hộ gia đình"));
  g_assert_nonnull (strstr (error->message, "Line 5:"));
  g_assert_null (strstr (error->message, "Line 2:"));
  g_assert_null (strstr (error->message, "Line 6:"));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (tkt_award_get_n_recipients (award), ==, 1);
  g_clear_error (&error);

  /* An unknown column names itself and the columns expected. */
  g_assert_false (tkt_award_import_recipients_csv (award, unknown, strlen (unknown), NULL, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Line 1:"));
  g_assert_nonnull (strstr (error->message, "Ngày sinh"));
  g_clear_error (&error);

  /* A quote left open names the line where it opened. */
  g_assert_false (tkt_award_import_recipients_csv (award, unclosed, strlen (unclosed), NULL, NULL, &error));
  g_assert_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Line 2:"));
  g_clear_error (&error);

  /* A header alone adds nothing and says so. */
  g_assert_false (tkt_award_import_recipients_csv (award, header_only, strlen (header_only), NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (tkt_award_get_n_recipients (award), ==, 1);
}

static void
test_csv_windows_1258 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:c");
  g_autoptr(TktRecipient) r = NULL;
  /* "Tên,Đơn vị\n1,..." — "Họ tên" and "Lò Thị Hà" saved by Excel on a
   * Vietnamese Windows: Windows-1258, tone marks as combining characters. */
  const char *utf8 = "STT,Họ tên\n1,Lò Thị Hà\n";
  g_autofree char *cp1258 = g_convert (utf8, -1, "CP1258", "UTF-8", NULL, NULL, NULL);
  guint n = 0;

  if (cp1258 == NULL)
    {
      g_test_skip ("iconv has no CP1258");
      return;
    }
  g_assert_true (tkt_award_import_recipients_csv (award, cp1258, strlen (cp1258), NULL, &n, &error));
  g_assert_no_error (error);
  r = tkt_award_get_recipient (award, 0);
  g_assert_cmpstr (r->name, ==, "Lò Thị Hà");   /* NFC, as typed in UTF-8 */
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((TktProblem *) g_ptr_array_index (problems, i))->field, field) == 0)
      return TRUE;
  return FALSE;
}

static void
test_validate_save (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:c");
  g_autoptr(TktAward) back = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(TktRecipient) moved = NULL;

  tkt_award_set_decision_date (award, "16/01/2024");
  add_recipient (award, "team", "");
  problems = tkt_award_validate (award);
  g_assert_true (has_problem (problems, "form"));
  g_assert_true (has_problem (problems, "decision.date"));
  g_assert_true (has_problem (problems, "recipients.0.kind"));
  g_assert_true (has_problem (problems, "recipients.0.name"));
  g_assert_false (tkt_award_save (award, fixture->store, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  tkt_award_remove_recipient (award, 0);
  tkt_award_set_form (award, "award_form:bang-khen-chu-tich-ubnd-tinh");
  tkt_award_set_decision_number (award, "119/QĐ-UBND");
  tkt_award_set_decision_date (award, "2024-01-16");
  tkt_award_set_decision_issuer (award, "Chủ tịch UBND tỉnh Điện Biên");
  tkt_award_set_presenter_name (award, "Vừ A Bằng");
  tkt_award_set_presenter_position (award, "Phó Chủ tịch UBND tỉnh");
  add_recipient (award, "individual", "Hoàng Văn Dũng");
  add_recipient (award, "collective", "Thanh tra Sở");
  tkt_award_move_recipient (award, 1, 0);
  json_object_set_string_member (tkt_award_get_json (award), "photo", "x.jpg");
  save (fixture, award);

  back = tkt_award_load (fixture->store, tkt_award_get_id (award), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tkt_award_get_decision_number (back), ==, "119/QĐ-UBND");
  g_assert_cmpstr (tkt_award_get_presenter_position (back), ==, "Phó Chủ tịch UBND tỉnh");
  g_assert_cmpstr (tkt_award_get_ceremony (back), ==, "ceremony:c");
  g_assert_cmpuint (tkt_award_get_n_recipients (back), ==, 2);
  moved = tkt_award_get_recipient (back, 0);
  g_assert_cmpstr (moved->name, ==, "Thanh tra Sở");
  g_assert_cmpstr (json_object_get_string_member (tkt_award_get_json (back), "photo"), ==, "x.jpg");

  /* Clearing the decision's members removes the empty object. */
  tkt_award_set_decision_number (back, NULL);
  tkt_award_set_decision_date (back, NULL);
  tkt_award_set_decision_issuer (back, NULL);
  g_assert_false (json_object_has_member (tkt_award_get_json (back), "decision"));
}

/* A form written through tkt_award_form_save: a new one goes last among
 * the forms of its authority rank; an edit keeps its place and its other
 * members; moving it to another rank puts it last there. */
static void
test_forms_save (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *id = NULL;
  g_autofree char *again = NULL;
  g_autofree char *rev = NULL;
  gint64 max_rank3 = 0;
  gint64 max_rank5 = 0;
  JsonObject *last3 = NULL;

  forms = tkt_award_forms_list (fixture->store);
  for (guint i = 0; i < forms->len; i++)
    {
      JsonObject *form = g_ptr_array_index (forms, i);
      gint64 rank = json_object_get_int_member_with_default (form, "form_rank", 0);

      if (json_object_get_int_member (form, "authority_rank") == 3)
        max_rank3 = MAX (max_rank3, rank);
      if (json_object_get_int_member (form, "authority_rank") == 5)
        max_rank5 = MAX (max_rank5, rank);
    }
  g_clear_pointer (&forms, g_ptr_array_unref);

  id = tkt_award_form_save (fixture->store, NULL, "Bằng khen của Bộ trưởng Bộ Nội vụ",
                            "Bộ trưởng Bộ Nội vụ", 3, TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "award_form:"));
  forms = tkt_award_forms_list (fixture->store);
  for (guint i = 0; i < forms->len; i++)
    if (json_object_get_int_member (g_ptr_array_index (forms, i), "authority_rank") == 3)
      last3 = g_ptr_array_index (forms, i);
  g_assert_cmpstr (json_object_get_string_member (last3, "_id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (last3, "form_rank"), ==, max_rank3 + 1);
  g_clear_pointer (&forms, g_ptr_array_unref);

  /* A member this version does not know survives an edit; the place too. */
  doc = tkt_store_get (fixture->store, id, &error);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "note", "giữ lại");
  rev = tkt_store_put (fixture->store, doc, &error);
  g_assert_no_error (error);
  g_clear_pointer (&doc, json_object_unref);
  again = tkt_award_form_save (fixture->store, id, "Bằng khen của Bộ trưởng", "Bộ trưởng Bộ Nội vụ",
                               3, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, id);
  doc = tkt_store_get (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "name"), ==, "Bằng khen của Bộ trưởng");
  g_assert_cmpstr (json_object_get_string_member (doc, "note"), ==, "giữ lại");
  g_assert_false (json_object_get_boolean_member (doc, "collective"));
  g_assert_cmpint (json_object_get_int_member (doc, "form_rank"), ==, max_rank3 + 1);
  g_clear_pointer (&doc, json_object_unref);
  g_clear_pointer (&again, g_free);

  /* Moved to the Director's rank: last there. */
  again = tkt_award_form_save (fixture->store, id, "Giấy khen", "Giám đốc Sở", 5, TRUE, TRUE, &error);
  g_assert_no_error (error);
  doc = tkt_store_get (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (doc, "form_rank"), ==, max_rank5 + 1);

  /* A form that is not there is an error, and nothing is written. */
  g_clear_pointer (&again, g_free);
  again = tkt_award_form_save (fixture->store, "award_form:missing", "X", "Y", 4, TRUE, FALSE, &error);
  g_assert_null (again);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/tkt/award/forms/seeded", test_forms_seeded);
  ADD ("/tkt/award/forms/save", test_forms_save);
  ADD ("/tkt/award/order", test_order);
  g_test_add_func ("/tkt/award/batches", test_batches);
  ADD ("/tkt/award/on-behalf", test_on_behalf);
  g_test_add_func ("/tkt/award/counts", test_counts);
  g_test_add_func ("/tkt/award/csv/good", test_csv_good);
  g_test_add_func ("/tkt/award/csv/kind-column", test_csv_kind_column);
  g_test_add_func ("/tkt/award/csv/errors", test_csv_errors);
  g_test_add_func ("/tkt/award/csv/windows-1258", test_csv_windows_1258);
  ADD ("/tkt/award/validate-save", test_validate_save);

  return g_test_run ();
}
