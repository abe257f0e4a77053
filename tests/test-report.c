/* test-report.c — the annual report document (tkt-report.h): defaults,
 * setters and their notifications, members of other versions kept, lists,
 * generated sentences inserted and refreshed beside the staff's prose,
 * issuing (frozen figures), validation, load/save, the plain-text layout
 * and the demo's report of 2023. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tkt-demo.h"
#include "tkt-figures.h"
#include "tkt-report.h"
#include "tkt-store.h"
#include "tkt-text.h"

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

  fixture->dir = g_dir_make_tmp ("tkt-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
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

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static JsonObject *
object_from_string (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
put_task (TktStore   *store,
          const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = object_from_string (json);
  g_autofree char *rev = tkt_store_put (store, doc, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
}

/* A provincial task running from start (contracted then). */
static void
put_running_task (TktStore   *store,
                  const char *id,
                  const char *contracted)
{
  g_autofree char *json = g_strdup_printf (
    "{\"_id\": \"%s\", \"type\": \"task\", \"title\": \"Nhiệm vụ %s\", \"level\": \"provincial\","
    " \"stages\": [{\"stage\": \"contracted\", \"date\": \"%s\"}]}", id, id, contracted);

  put_task (store, json);
}

/* Figures made by hand, so the sentences can be driven without a store. */
static TktFigures *
figures_new (int   year,
             guint provincial)
{
  TktFigures *f = g_new0 (TktFigures, 1);

  f->year = year;
  f->monitored_programmes = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_figure_part_free);
  f->accepted_ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_figure_part_free);
  f->transfer_sectors = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_figure_part_free);
  f->monitored = provincial;
  f->monitored_provincial = provincial;
  return f;
}

static guint n_notified;

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  n_notified++;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      TktProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

static void
test_new_defaults (void)
{
  static const char *const keys[] = { "tasks", "appraisal", "radiation", "ip", "standards", "outreach" };
  g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
  g_autoptr(TktReport) other = tkt_report_new (2023, "Sở Tài nguyên và Môi trường", "UBND tỉnh Lai Châu");
  g_autofree char *id = tkt_report_id_for_year (2024);
  g_auto(GStrv) recipients = NULL;
  int year = 0;

  g_assert_cmpstr (id, ==, "report:2024");
  g_assert_cmpstr (tkt_report_get_id (report), ==, "report:2023");
  g_assert_null (tkt_report_get_rev (report));
  g_assert_cmpint (tkt_report_get_year (report), ==, 2023);
  g_object_get (report, "year", &year, NULL);
  g_assert_cmpint (year, ==, 2023);
  g_assert_cmpstr (json_object_get_string_member (tkt_report_get_json (report), "type"), ==, "report");
  g_assert_cmpstr (tkt_report_get_organisation (report), ==, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
  g_assert_cmpstr (tkt_report_get_parent_organisation (report), ==, "UBND TỈNH ĐIỆN BIÊN");
  g_assert_cmpstr (tkt_report_get_number (report), ==, "…/BC-SKHCN");
  g_assert_cmpstr (tkt_report_get_place (report), ==, "Điện Biên");
  g_assert_null (tkt_report_get_date (report));
  g_assert_cmpstr (tkt_report_get_signer_title (report), ==, "GIÁM ĐỐC");
  g_assert_false (tkt_report_is_frozen (report));
  g_assert_null (tkt_report_get_issued_at (report));
  recipients = tkt_report_dup_recipients (report);
  g_assert_cmpuint (g_strv_length (recipients), ==, 1);
  g_assert_cmpstr (recipients[0], ==, "Lưu: VT");

  /* The six areas of work of the article, titled as a report titles them. */
  g_assert_cmpuint (tkt_report_get_n_sections (report), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (report, i);

      g_assert_cmpstr (section->key, ==, keys[i]);
      g_assert_true (g_str_has_prefix (section->title, "Công tác "));
      g_assert_null (section->text);
    }
  {
    g_autoptr(TktReportSection) first = tkt_report_get_section (report, 0);

    g_assert_cmpstr (first->title, ==, "Công tác quản lý nhiệm vụ KH&CN");
  }
  g_assert_cmpuint (tkt_report_get_n_groups (report), ==, 0);
  g_assert_cmpuint (tkt_report_get_n_targets (report), ==, 0);
  g_assert_cmpuint (tkt_report_get_n_documents (report), ==, 0);

  /* Names from the preferences; the symbol follows the organisation. */
  g_assert_cmpstr (tkt_report_get_organisation (other), ==, "Sở Tài nguyên và Môi trường");
  g_assert_cmpstr (tkt_report_get_parent_organisation (other), ==, "UBND tỉnh Lai Châu");
  g_assert_cmpstr (tkt_report_get_number (other), ==, "…/BC-STNMT");
}

static void
test_setters_notify (void)
{
  g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
  const char *const recipients[] = { "Bộ KH&CN", "  ", "Lưu: VT", NULL };
  g_auto(GStrv) back = NULL;
  struct {
    const char *property;
    void (*set) (TktReport *, const char *);
    const char *(*get) (TktReport *);
  } props[] = {
    { "organisation", tkt_report_set_organisation, tkt_report_get_organisation },
    { "parent-organisation", tkt_report_set_parent_organisation, tkt_report_get_parent_organisation },
    { "number", tkt_report_set_number, tkt_report_get_number },
    { "place", tkt_report_set_place, tkt_report_get_place },
    { "date", tkt_report_set_date, tkt_report_get_date },
    { "recommendations", tkt_report_set_recommendations, tkt_report_get_recommendations },
    { "signer-title", tkt_report_set_signer_title, tkt_report_get_signer_title },
    { "signer-name", tkt_report_set_signer_name, tkt_report_get_signer_name },
  };

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", props[i].property, NULL);
      g_autofree char *via_property = NULL;
      gulong handler = g_signal_connect (report, signal, G_CALLBACK (count_notify_cb), NULL);

      n_notified = 0;
      props[i].set (report, "Giá trị mới");
      g_assert_cmpstr (props[i].get (report), ==, "Giá trị mới");
      g_assert_cmpuint (n_notified, ==, 1);

      /* The same value again: no notification. */
      props[i].set (report, "Giá trị mới");
      g_assert_cmpuint (n_notified, ==, 1);

      g_object_get (report, props[i].property, &via_property, NULL);
      g_assert_cmpstr (via_property, ==, "Giá trị mới");
      g_object_set (report, props[i].property, "Khác", NULL);
      g_assert_cmpstr (props[i].get (report), ==, "Khác");
      g_assert_cmpuint (n_notified, ==, 2);

      /* Empty removes the member. */
      props[i].set (report, "");
      g_assert_null (props[i].get (report));
      g_assert_cmpuint (n_notified, ==, 3);
      props[i].set (report, NULL);
      g_assert_cmpuint (n_notified, ==, 3);

      g_signal_handler_disconnect (report, handler);
    }
  /* The signer with neither title nor name is no member at all. */
  g_assert_false (json_object_has_member (tkt_report_get_json (report), "signer"));

  g_signal_connect (report, "notify::recipients", G_CALLBACK (count_notify_cb), NULL);
  n_notified = 0;
  tkt_report_set_recipients (report, recipients);
  back = tkt_report_dup_recipients (report);
  g_assert_cmpuint (g_strv_length (back), ==, 2);   /* the blank line is not a recipient */
  g_assert_cmpstr (back[0], ==, "Bộ KH&CN");
  g_assert_cmpuint (n_notified, ==, 1);
  tkt_report_set_recipients (report, (const char * const *) back);
  g_assert_cmpuint (n_notified, ==, 1);
  tkt_report_set_recipients (report, NULL);
  g_assert_false (json_object_has_member (tkt_report_get_json (report), "recipients"));
  g_assert_cmpuint (n_notified, ==, 2);
}

static void
test_lists (void)
{
  g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
  TktReportSection custom = { NULL, (char *) "Công tác thanh tra", (char *) "Đoạn một." };
  TktPlanGroup group = { (char *) "Sở hữu trí tuệ", (char *) "Triển khai Đề án." };
  TktPlanTarget target = { (char *) "Nhiệm vụ cấp tỉnh", (char *) "16" };
  TktDocRef doc = { (char *) "5196/KH-UBND", (char *) "2023-11-09", (char *) "UBND tỉnh Điện Biên", NULL };
  g_autoptr(TktReportSection) got = NULL;
  g_autoptr(TktPlanGroup) got_group = NULL;
  g_autoptr(TktPlanTarget) got_target = NULL;
  g_autoptr(TktDocRef) got_doc = NULL;
  guint n_sections = 0;

  g_signal_connect (report, "notify::n-sections", G_CALLBACK (count_notify_cb), NULL);
  g_signal_connect (report, "notify::n-groups", G_CALLBACK (count_notify_cb), NULL);
  g_signal_connect (report, "notify::n-targets", G_CALLBACK (count_notify_cb), NULL);
  g_signal_connect (report, "notify::n-documents", G_CALLBACK (count_notify_cb), NULL);
  n_notified = 0;

  /* A section the user adds gets a custom key. */
  tkt_report_append_section (report, &custom);
  g_assert_cmpuint (tkt_report_get_n_sections (report), ==, 7);
  g_object_get (report, "n-sections", &n_sections, NULL);
  g_assert_cmpuint (n_sections, ==, 7);
  g_assert_cmpuint (n_notified, ==, 1);
  got = tkt_report_get_section (report, 6);
  g_assert_true (g_str_has_prefix (got->key, "custom:"));
  g_assert_cmpstr (got->title, ==, "Công tác thanh tra");
  g_assert_cmpstr (got->text, ==, "Đoạn một.");

  /* Moved to the front, the others follow in order. */
  tkt_report_move_section (report, 6, 0);
  g_clear_pointer (&got, tkt_report_section_free);
  got = tkt_report_get_section (report, 0);
  g_assert_cmpstr (got->title, ==, "Công tác thanh tra");
  g_clear_pointer (&got, tkt_report_section_free);
  got = tkt_report_get_section (report, 1);
  g_assert_cmpstr (got->key, ==, "tasks");
  tkt_report_move_section (report, 0, 6);
  g_clear_pointer (&got, tkt_report_section_free);
  got = tkt_report_get_section (report, 6);
  g_assert_cmpstr (got->title, ==, "Công tác thanh tra");
  g_clear_pointer (&got, tkt_report_section_free);
  got = tkt_report_get_section (report, 0);
  g_assert_cmpstr (got->key, ==, "tasks");

  /* Replace writes the text, keeps the key. */
  g_free (got->text);
  got->text = g_strdup ("Văn bản mới.");
  tkt_report_replace_section (report, 0, got);
  g_clear_pointer (&got, tkt_report_section_free);
  got = tkt_report_get_section (report, 0);
  g_assert_cmpstr (got->text, ==, "Văn bản mới.");
  g_assert_cmpstr (got->key, ==, "tasks");

  tkt_report_remove_section (report, 6);
  g_assert_cmpuint (tkt_report_get_n_sections (report), ==, 6);
  g_assert_cmpuint (n_notified, ==, 2);

  /* Groups, targets, documents. */
  tkt_report_append_group (report, &group);
  tkt_report_append_group (report, &group);
  g_assert_cmpuint (tkt_report_get_n_groups (report), ==, 2);
  group.title = (char *) "Công nghệ sinh học";
  tkt_report_replace_group (report, 1, &group);
  got_group = tkt_report_get_group (report, 1);
  g_assert_cmpstr (got_group->title, ==, "Công nghệ sinh học");
  g_assert_cmpstr (got_group->text, ==, "Triển khai Đề án.");
  tkt_report_remove_group (report, 0);
  g_assert_cmpuint (tkt_report_get_n_groups (report), ==, 1);

  tkt_report_append_target (report, &target);
  target.value = (char *) "17";
  tkt_report_replace_target (report, 0, &target);
  got_target = tkt_report_get_target (report, 0);
  g_assert_cmpstr (got_target->label, ==, "Nhiệm vụ cấp tỉnh");
  g_assert_cmpstr (got_target->value, ==, "17");

  tkt_report_append_document (report, &doc);
  got_doc = tkt_report_get_document (report, 0);
  g_assert_cmpstr (got_doc->number, ==, "5196/KH-UBND");
  g_assert_cmpstr (got_doc->date, ==, "2023-11-09");
  g_assert_null (got_doc->title);
  doc.title = (char *) "về phát triển công nghệ sinh học";
  tkt_report_replace_document (report, 0, &doc);
  g_clear_pointer (&got_doc, tkt_doc_ref_free);
  got_doc = tkt_report_get_document (report, 0);
  g_assert_cmpstr (got_doc->title, ==, "về phát triển công nghệ sinh học");
  tkt_report_remove_document (report, 0);
  tkt_report_remove_target (report, 0);
  g_assert_cmpuint (tkt_report_get_n_documents (report), ==, 0);
  g_assert_cmpuint (tkt_report_get_n_targets (report), ==, 0);

  /* 2 sections + 3 groups + 3 targets + 2 documents */
  g_assert_cmpuint (n_notified, ==, 2 + 3 + 2 + 2);

  /* They live in the plan object of DESIGN.md. */
  g_assert_true (json_object_has_member (json_object_get_object_member (tkt_report_get_json (report), "plan"), "groups"));
}

static void
test_unknown_members (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = object_from_string (
    "{\"_id\": \"report:2022\", \"type\": \"report\", \"year\": 2022,"
    " \"organisation\": \"SỞ KHOA HỌC VÀ CÔNG NGHỆ\", \"future_top\": {\"a\": [1, 2]},"
    " \"signer\": {\"title\": \"GIÁM ĐỐC\", \"name\": \"A\", \"seal\": \"đỏ\"},"
    " \"sections\": [{\"key\": \"tasks\", \"title\": \"T\", \"text\": \"x\", \"future_section\": 7}],"
    " \"plan\": {\"future_plan\": true,"
    "   \"groups\": [{\"title\": \"G\", \"future_group\": \"g\"}],"
    "   \"targets\": [{\"label\": \"L\", \"value\": \"1\", \"unit\": \"nhiệm vụ\"}],"
    "   \"documents\": [{\"number\": \"1/KH-UBND\", \"date\": \"2023-01-02\", \"signed_by\": \"B\"}]}}");
  g_autoptr(TktReport) report = tkt_report_new_from_json (doc);
  g_autoptr(TktReport) loaded = NULL;
  TktReportSection section = { (char *) "tasks", (char *) "Công tác quản lý nhiệm vụ KH&CN", (char *) "Đã sửa." };
  TktPlanGroup group = { (char *) "G2", (char *) "t" };
  TktPlanTarget target = { (char *) "L2", (char *) "2" };
  TktDocRef ref = { (char *) "2/KH-UBND", (char *) "2023-02-03", (char *) "UBND tỉnh", NULL };
  JsonObject *out;
  JsonObject *plan;

  /* The copy is the report's own: editing it leaves doc alone. */
  tkt_report_set_number (report, "7/BC-SKHCN");
  g_assert_false (json_object_has_member (doc, "number"));

  tkt_report_replace_section (report, 0, &section);
  tkt_report_replace_group (report, 0, &group);
  tkt_report_replace_target (report, 0, &target);
  tkt_report_replace_document (report, 0, &ref);
  tkt_report_set_signer_name (report, "Nguyễn Đức Hạnh");
  tkt_report_append_group (report, &group);
  g_assert_true (tkt_report_save (report, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tkt_report_get_rev (report));

  loaded = tkt_report_load (fixture->store, 2022, &error);
  g_assert_no_error (error);
  out = tkt_report_get_json (loaded);
  plan = json_object_get_object_member (out, "plan");
  g_assert_cmpstr (tkt_report_get_number (loaded), ==, "7/BC-SKHCN");
  g_assert_cmpstr (tkt_report_get_signer_name (loaded), ==, "Nguyễn Đức Hạnh");
  g_assert_true (json_object_has_member (out, "future_top"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (out, "future_top"), "a")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (out, "signer"), "seal"), ==, "đỏ");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (out, "sections"), 0), "future_section"), ==, 7);
  g_assert_true (json_object_get_boolean_member (plan, "future_plan"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (plan, "groups"), 0), "future_group"), ==, "g");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (plan, "targets"), 0), "unit"), ==, "nhiệm vụ");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (plan, "documents"), 0), "signed_by"), ==, "B");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (plan, "documents"), 0), "number"), ==, "2/KH-UBND");
  g_assert_cmpuint (tkt_report_get_n_groups (loaded), ==, 2);
  {
    g_autoptr(TktReportSection) back = tkt_report_get_section (loaded, 0);

    g_assert_cmpstr (back->text, ==, "Đã sửa.");
  }
}

static void
test_doc_ref_format (void)
{
  TktDocRef plan = { (char *) "5196/KH-UBND", (char *) "2023-11-09", (char *) "UBND tỉnh Điện Biên",
                     (char *) "về triển khai thực hiện Chương trình hành động số 125-CTr/TU" };
  TktDocRef party = { (char *) "125-CTr/TU", (char *) "2023-06-10", (char *) "Tỉnh ủy", NULL };
  TktDocRef resolution = { (char *) "36-NQ/TW", (char *) "2023-01-30", (char *) "Bộ Chính trị", NULL };
  TktDocRef decision = { (char *) "2876/QĐ-UBND", NULL, NULL, NULL };
  TktDocRef unknown = { (char *) "93/2025/QH15", (char *) "2025-06-27", (char *) "Quốc hội", NULL };
  TktDocRef scheme = { NULL, NULL, NULL,
                       (char *) "Đề án triển khai Chiến lược Sở hữu trí tuệ đến năm 2030 trên địa bàn tỉnh Điện Biên" };
  g_autofree char *a = tkt_doc_ref_format (&plan);
  g_autofree char *b = tkt_doc_ref_format (&party);
  g_autofree char *c = tkt_doc_ref_format (&resolution);
  g_autofree char *d = tkt_doc_ref_format (&decision);
  g_autofree char *e = tkt_doc_ref_format (&unknown);
  g_autofree char *f = tkt_doc_ref_format (&scheme);

  g_assert_cmpstr (a, ==, "Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh Điện Biên "
                          "về triển khai thực hiện Chương trình hành động số 125-CTr/TU");
  g_assert_cmpstr (b, ==, "Chương trình hành động số 125-CTr/TU ngày 10/06/2023 của Tỉnh ủy");
  g_assert_cmpstr (c, ==, "Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị");
  g_assert_cmpstr (d, ==, "Quyết định số 2876/QĐ-UBND");
  g_assert_cmpstr (e, ==, "Văn bản số 93/2025/QH15 ngày 27/06/2025 của Quốc hội");
  g_assert_cmpstr (f, ==, "Đề án triển khai Chiến lược Sở hữu trí tuệ đến năm 2030 trên địa bàn tỉnh Điện Biên");
}

static void
test_group_count (void)
{
  g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
  TktPlanGroup group = { (char *) "Nhóm", NULL };
  g_autofree char *one = NULL;
  g_autofree char *nine = NULL;
  g_autofree char *twelve = NULL;

  tkt_report_append_group (report, &group);
  one = tkt_report_format_group_count (report);
  g_assert_cmpstr (one, ==, "01 nhóm nhiệm vụ trọng tâm");
  for (guint i = 1; i < 9; i++)
    tkt_report_append_group (report, &group);
  nine = tkt_report_format_group_count (report);
  g_assert_cmpstr (nine, ==, "09 nhóm nhiệm vụ trọng tâm");
  for (guint i = 9; i < 12; i++)
    tkt_report_append_group (report, &group);
  twelve = tkt_report_format_group_count (report);
  g_assert_cmpstr (twelve, ==, "12 nhóm nhiệm vụ trọng tâm");
}

static void
test_sentences (void)
{
  g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
  g_autoptr(TktFigures) f13 = figures_new (2023, 13);
  g_autoptr(TktFigures) f14 = figures_new (2023, 14);
  g_autoptr(TktFigures) zero = figures_new (2023, 0);
  g_autofree char *s13 = tkt_figures_sentence (f13, TKT_SENTENCE_MONITORED);
  g_autofree char *s14 = tkt_figures_sentence (f14, TKT_SENTENCE_MONITORED);
  TktReportSection prose = { (char *) "tasks", (char *) "Công tác quản lý nhiệm vụ KH&CN",
                             (char *) "Đoạn văn của cán bộ." };
  g_autoptr(TktReportSection) section = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (s13);
  g_assert_nonnull (s14);
  g_assert_cmpstr (s13, !=, s14);

  /* Inserted after the staff's prose, as a paragraph of its own. */
  tkt_report_replace_section (report, 0, &prose);
  tkt_report_insert_sentence (report, 0, TKT_SENTENCE_MONITORED, f13);
  section = tkt_report_get_section (report, 0);
  expected = g_strconcat ("Đoạn văn của cán bộ.\n", s13, NULL);
  g_assert_cmpstr (section->text, ==, expected);

  /* The staff write on after it. */
  g_free (section->text);
  section->text = g_strconcat (expected, "\nĐoạn cuối, tự viết.", NULL);
  tkt_report_replace_section (report, 0, section);

  /* Same figures: nothing to refresh. */
  g_assert_cmpuint (tkt_report_refresh_sentences (report, f13), ==, 0);

  /* New figures: exactly the inserted sentence changes. */
  g_assert_cmpuint (tkt_report_refresh_sentences (report, f14), ==, 1);
  g_clear_pointer (&section, tkt_report_section_free);
  section = tkt_report_get_section (report, 0);
  g_clear_pointer (&expected, g_free);
  expected = g_strconcat ("Đoạn văn của cán bộ.\n", s14, "\nĐoạn cuối, tự viết.", NULL);
  g_assert_cmpstr (section->text, ==, expected);
  g_assert_null (strstr (section->text, s13));

  /* A second refresh after the first finds it again (the record follows). */
  g_assert_cmpuint (tkt_report_refresh_sentences (report, f13), ==, 1);
  g_assert_cmpuint (tkt_report_refresh_sentences (report, f14), ==, 1);

  /* Once the staff have edited the sentence, it is their prose: kept. */
  g_clear_pointer (&section, tkt_report_section_free);
  section = tkt_report_get_section (report, 0);
  g_free (section->text);
  section->text = g_strdup ("Đoạn văn của cán bộ.\nSở theo dõi 14 nhiệm vụ, như đã sửa tay.\nĐoạn cuối, tự viết.");
  tkt_report_replace_section (report, 0, section);
  g_assert_cmpuint (tkt_report_refresh_sentences (report, f13), ==, 0);
  g_clear_pointer (&section, tkt_report_section_free);
  section = tkt_report_get_section (report, 0);
  g_assert_cmpstr (section->text, ==, "Đoạn văn của cán bộ.\nSở theo dõi 14 nhiệm vụ, như đã sửa tay.\nĐoạn cuối, tự viết.");

  /* A figure that falls to zero takes its sentence away, prose stays. */
  tkt_report_insert_sentence (report, 1, TKT_SENTENCE_MONITORED, f13);
  g_clear_pointer (&section, tkt_report_section_free);
  section = tkt_report_get_section (report, 1);
  g_assert_cmpstr (section->text, ==, s13);
  g_assert_cmpuint (tkt_report_refresh_sentences (report, zero), ==, 1);
  g_clear_pointer (&section, tkt_report_section_free);
  section = tkt_report_get_section (report, 1);
  g_assert_null (section->text);
  g_clear_pointer (&section, tkt_report_section_free);
  section = tkt_report_get_section (report, 0);
  g_assert_nonnull (strstr (section->text, "như đã sửa tay"));

  /* Zero figures: nothing to insert. */
  tkt_report_insert_sentence (report, 2, TKT_SENTENCE_MONITORED, zero);
  g_clear_pointer (&section, tkt_report_section_free);
  section = tkt_report_get_section (report, 2);
  g_assert_null (section->text);
}

static void
test_freeze (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
  g_autoptr(TktReport) loaded = NULL;
  g_autoptr(TktFigures) live = NULL;
  g_autoptr(TktFigures) live_before = NULL;
  g_autoptr(TktFigures) frozen = NULL;
  g_autoptr(TktFigures) frozen_before = NULL;
  g_autoptr(TktFigures) now = NULL;
  gboolean is_frozen = TRUE;

  put_running_task (fixture->store, "task:a", "2022-03-01");
  put_running_task (fixture->store, "task:b", "2023-03-01");

  /* Live until issued. */
  g_assert_true (tkt_report_get_figures (report, fixture->store, &live, &live_before, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (live->year, ==, 2023);
  g_assert_cmpuint (live->monitored, ==, 2);
  g_assert_cmpuint (live_before->year, ==, 2022);
  g_assert_cmpuint (live_before->monitored, ==, 1);

  g_signal_connect (report, "notify::frozen", G_CALLBACK (count_notify_cb), NULL);
  n_notified = 0;
  tkt_report_freeze (report, live, live_before);
  g_assert_true (tkt_report_is_frozen (report));
  g_object_get (report, "frozen", &is_frozen, NULL);
  g_assert_true (is_frozen);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_nonnull (tkt_report_get_issued_at (report));
  g_assert_true (g_str_has_prefix (tkt_report_get_issued_at (report), "20"));
  g_assert_true (tkt_report_save (report, fixture->store, &error));
  g_assert_no_error (error);

  /* The register changes afterwards… */
  put_running_task (fixture->store, "task:c", "2023-05-01");
  put_running_task (fixture->store, "task:d", "2022-05-01");
  now = tkt_figures_compute (fixture->store, 2023, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (now->monitored, ==, 4);

  /* …the issued report does not, even without the register. */
  loaded = tkt_report_load (fixture->store, 2023, &error);
  g_assert_no_error (error);
  g_assert_true (tkt_report_is_frozen (loaded));
  g_assert_true (tkt_report_get_figures (loaded, NULL, &frozen, &frozen_before, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (frozen->monitored, ==, 2);
  g_assert_cmpuint (frozen->monitored_provincial, ==, 2);
  g_assert_cmpuint (frozen_before->monitored, ==, 1);

  /* Reopened: live again. */
  tkt_report_unfreeze (loaded);
  g_assert_false (tkt_report_is_frozen (loaded));
  g_assert_null (tkt_report_get_issued_at (loaded));
  g_clear_pointer (&frozen, tkt_figures_free);
  g_clear_pointer (&frozen_before, tkt_figures_free);
  g_assert_true (tkt_report_get_figures (loaded, fixture->store, &frozen, &frozen_before, &error));
  g_assert_cmpuint (frozen->monitored, ==, 4);
  g_assert_cmpuint (frozen_before->monitored, ==, 2);

  /* Not issued and no register: a clear error, not a crash. */
  g_clear_pointer (&frozen, tkt_figures_free);
  g_assert_false (tkt_report_get_figures (loaded, NULL, &frozen, NULL, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_FAILED);
  g_assert_null (frozen);
}

static void
test_validate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktReport) good = tkt_report_new (2023, NULL, NULL);
  g_autoptr(TktReport) old = tkt_report_new (1800, NULL, NULL);
  g_autoptr(TktReport) bad = tkt_report_new (2023, NULL, NULL);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) old_problems = NULL;
  TktDocRef doc = { (char *) "1/KH-UBND", (char *) "09/11/2023", NULL, NULL };

  tkt_report_set_date (good, "2024-01-24");
  none = tkt_report_validate (good);
  g_assert_cmpuint (none->len, ==, 0);

  old_problems = tkt_report_validate (old);
  g_assert_true (has_problem (old_problems, "year"));

  tkt_report_set_date (bad, "2024-02-30");
  tkt_report_set_organisation (bad, "   ");
  tkt_report_append_document (bad, &doc);
  problems = tkt_report_validate (bad);
  g_assert_true (has_problem (problems, "date"));
  g_assert_true (has_problem (problems, "organisation"));
  g_assert_true (has_problem (problems, "plan.documents.0.date"));
  g_assert_false (has_problem (problems, "year"));
  for (guint i = 0; i < problems->len; i++)
    g_assert_cmpstr (((TktProblem *) g_ptr_array_index (problems, i))->message, !=, "");

  /* Save refuses, writes nothing. */
  g_assert_false (tkt_report_save (bad, fixture->store, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  g_assert_null (tkt_report_get_rev (bad));
  g_clear_error (&error);
  g_assert_null (tkt_report_load (fixture->store, 2023, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
}

static void
test_load_save (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktReport) a = tkt_report_new (2023, NULL, NULL);
  g_autoptr(TktReport) b = tkt_report_new (2021, NULL, NULL);
  g_autoptr(TktReport) loaded = NULL;
  g_autoptr(TktReport) stale = NULL;
  g_autoptr(GArray) empty = tkt_report_list_years (fixture->store);
  g_autoptr(GArray) years = NULL;
  g_autofree char *first_rev = NULL;

  g_assert_cmpuint (empty->len, ==, 0);

  g_signal_connect (a, "notify::rev", G_CALLBACK (count_notify_cb), NULL);
  n_notified = 0;
  tkt_report_set_recommendations (a, "Đề nghị UBND tỉnh quan tâm.");
  g_assert_true (tkt_report_save (a, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_notified, ==, 1);
  first_rev = g_strdup (tkt_report_get_rev (a));
  g_assert_true (g_str_has_prefix (first_rev, "1-"));
  g_assert_true (tkt_report_save (b, fixture->store, &error));

  loaded = tkt_report_load (fixture->store, 2023, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tkt_report_get_rev (loaded), ==, first_rev);
  g_assert_cmpstr (tkt_report_get_recommendations (loaded), ==, "Đề nghị UBND tỉnh quan tâm.");
  g_assert_cmpuint (tkt_report_get_n_sections (loaded), ==, 6);

  /* A second edit of the first copy: a new revision; the copy loaded
   * before it conflicts. */
  stale = tkt_report_load (fixture->store, 2023, &error);
  tkt_report_set_place (a, "TP. Điện Biên Phủ");
  g_assert_true (tkt_report_save (a, fixture->store, &error));
  g_assert_true (g_str_has_prefix (tkt_report_get_rev (a), "2-"));
  tkt_report_set_place (stale, "Mường Lay");
  g_assert_false (tkt_report_save (stale, fixture->store, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  years = tkt_report_list_years (fixture->store);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2021);
  g_assert_cmpint (g_array_index (years, int, 1), ==, 2023);

  /* Something else at a report's _id is not a report. */
  put_task (fixture->store, "{\"_id\": \"report:2030\", \"type\": \"task\", \"title\": \"Nhầm chỗ\"}");
  g_assert_null (tkt_report_load (fixture->store, 2030, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
}

static void
test_to_text (void)
{
  g_autoptr(TktReport) report = tkt_report_new (2023, NULL, NULL);
  g_autoptr(TktFigures) figures = figures_new (2023, 13);
  g_autoptr(TktFigures) previous = figures_new (2022, 9);
  g_autofree char *sentence = tkt_figures_sentence (figures, TKT_SENTENCE_MONITORED);
  g_autofree char *text = NULL;
  g_autofree char *bare = NULL;
  TktReportSection prose = { (char *) "appraisal", (char *) "Công tác thẩm định, có ý kiến về KH&CN",
                             (char *) "Đảm bảo đúng quy định, thẩm quyền." };
  TktDocRef doc = { (char *) "5196/KH-UBND", (char *) "2023-11-09", (char *) "UBND tỉnh Điện Biên", NULL };
  TktPlanGroup group = { (char *) "Quản lý nhiệm vụ", (char *) "Tiếp tục theo dõi." };
  TktPlanTarget target = { (char *) "Nhiệm vụ cấp tỉnh", (char *) "16" };
  const char *const recipients[] = { "Bộ KH&CN (b/c);", "Lưu: VT", NULL };
  const char *order[] = {
    "UBND TỈNH ĐIỆN BIÊN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 15/BC-SKHCN",
    "BÁO CÁO", "Tổng kết công tác năm 2023 và phương hướng, nhiệm vụ năm 2024",
    "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023", "1. Công tác quản lý nhiệm vụ KH&CN", sentence,
    "2. Công tác thẩm định", "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
    "Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh Điện Biên",
    "Năm 2024, tập trung thực hiện 01 nhóm nhiệm vụ trọng tâm sau:", "1. Quản lý nhiệm vụ",
    "- Nhiệm vụ cấp tỉnh: 16.", "III. KIẾN NGHỊ, ĐỀ XUẤT", "GIÁM ĐỐC", "Nguyễn Đức Hạnh",
    "Nơi nhận:", "- Bộ KH&CN (b/c);", "- Lưu: VT.",
  };
  const char *at;

  tkt_report_set_number (report, "15/BC-SKHCN");
  tkt_report_set_date (report, "2024-01-24");
  tkt_report_set_signer_name (report, "Nguyễn Đức Hạnh");
  tkt_report_set_recommendations (report, "Đề nghị quan tâm.");
  tkt_report_set_recipients (report, recipients);
  tkt_report_insert_sentence (report, 0, TKT_SENTENCE_MONITORED, figures);
  tkt_report_replace_section (report, 1, &prose);
  tkt_report_append_document (report, &doc);
  tkt_report_append_group (report, &group);
  tkt_report_append_target (report, &target);

  text = tkt_report_to_text (report, figures, previous);
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_nonnull (strstr (text, "Độc lập - Tự do - Hạnh phúc"));
  g_assert_nonnull (strstr (text, "Điện Biên, ngày 24 tháng 01 năm 2024"));
  /* In the order of the document. */
  at = text;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *found = strstr (at, order[i]);

      if (found == NULL)
        g_error ("“%s” missing or out of order", order[i]);
      at = found + strlen (order[i]);
    }
  /* The inserted sentence once, not again among the figures. */
  g_assert_cmpuint (count_occurrences (text, sentence), ==, 1);
  /* The figures beside the year before. */
  g_assert_nonnull (strstr (text, "13 (năm 2022: 09)"));
  /* Empty sections are not headings. */
  g_assert_null (strstr (text, "Công tác an toàn bức xạ"));

  /* Without figures and an undated report: the blank date line of a draft,
   * no figures heading. */
  tkt_report_set_date (report, NULL);
  bare = tkt_report_to_text (report, NULL, NULL);
  g_assert_nonnull (strstr (bare, "Điện Biên, ngày     tháng     năm 2024"));
  g_assert_null (strstr (bare, "Số liệu tổng hợp"));
}

static void
test_demo_report (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktReport) report = NULL;
  g_autoptr(TktFigures) figures = NULL;
  g_autoptr(TktFigures) previous = NULL;
  g_autoptr(TktReportSection) tasks = NULL;
  g_autoptr(TktDocRef) plan_doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  g_autofree char *formatted = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  gint64 seq;

  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);

  report = tkt_report_load (fixture->store, 2023, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tkt_report_get_date (report), ==, "2024-01-24");
  g_assert_cmpstr (tkt_report_get_signer_name (report), ==, "Nguyễn Đức Hạnh");
  g_assert_cmpstr (tkt_report_get_signer_title (report), ==, "GIÁM ĐỐC");
  g_assert_cmpuint (tkt_report_get_n_sections (report), ==, 6);
  g_assert_cmpuint (tkt_report_get_n_groups (report), ==, 9);
  count = tkt_report_format_group_count (report);
  g_assert_cmpstr (count, ==, "09 nhóm nhiệm vụ trọng tâm");
  g_assert_cmpuint (tkt_report_get_n_targets (report), >=, 1);
  plan_doc = tkt_report_get_document (report, 0);
  formatted = tkt_doc_ref_format (plan_doc);
  g_assert_true (g_str_has_prefix (formatted, "Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh Điện Biên"));
  g_assert_false (tkt_report_is_frozen (report));

  /* The article's prose with the figures' sentences inserted (and so
   * refreshable: nothing to refresh while the tasks are unchanged). */
  tasks = tkt_report_get_section (report, 0);
  g_assert_cmpstr (tasks->key, ==, "tasks");
  g_assert_true (g_str_has_prefix (tasks->text, "Năm 2023, hoạt động KH&CN trên địa bàn tỉnh có nhiều đổi mới tích cực"));
  g_assert_nonnull (strstr (tasks->text, "24 nhiệm vụ KH&CN, trong đó có 10 nhiệm vụ KH&CN cấp quốc gia"));
  g_assert_nonnull (strstr (tasks->text, "đề xuất đặt hàng 06 nhiệm vụ"));
  g_assert_nonnull (strstr (tasks->text, "chuyển giao 09 kết quả nghiên cứu khoa học và phát triển công nghệ tới 11 đơn vị (trong đó có 01 doanh nghiệp)"));
  g_assert_true (tkt_report_get_figures (report, fixture->store, &figures, &previous, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tkt_report_refresh_sentences (report, figures), ==, 0);

  text = tkt_report_to_text (report, figures, previous);
  g_assert_nonnull (strstr (text, "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN"));
  g_assert_nonnull (strstr (text, "01 nhiệm vụ KH&CN thuộc Chương trình cấp thiết địa phương; 13 nhiệm vụ cấp tỉnh."));
  g_assert_nonnull (strstr (text, "16 nhiệm vụ cấp tỉnh và 11 nhiệm vụ cấp quốc gia"));
  g_assert_nonnull (strstr (text, "09 nhóm nhiệm vụ trọng tâm"));
  g_assert_nonnull (strstr (text, "Hoạt động an toàn bức xạ và hạt nhân trên địa bàn tỉnh được đảm bảo theo quy định."));

  /* A second fill leaves the report alone, even edited. */
  tkt_report_set_number (report, "12/BC-SKHCN");
  g_assert_true (tkt_report_save (report, fixture->store, &error));
  before = tkt_store_get (fixture->store, "report:2023", &error);
  seq = tkt_store_get_update_seq (fixture->store);
  g_assert_true (tkt_demo_fill (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tkt_store_get_update_seq (fixture->store), ==, seq);
  after = tkt_store_get (fixture->store, "report:2023", &error);
  g_assert_cmpstr (json_object_get_string_member (after, "number"), ==, "12/BC-SKHCN");
  g_assert_cmpstr (json_object_get_string_member (after, "_rev"), ==,
                   json_object_get_string_member (before, "_rev"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/tkt/report/new-defaults", test_new_defaults);
  g_test_add_func ("/tkt/report/setters-notify", test_setters_notify);
  g_test_add_func ("/tkt/report/lists", test_lists);
  g_test_add_func ("/tkt/report/doc-ref-format", test_doc_ref_format);
  g_test_add_func ("/tkt/report/group-count", test_group_count);
  g_test_add_func ("/tkt/report/sentences/insert-refresh", test_sentences);
  g_test_add_func ("/tkt/report/to-text", test_to_text);
  ADD ("/tkt/report/unknown-members", test_unknown_members);
  ADD ("/tkt/report/freeze", test_freeze);
  ADD ("/tkt/report/validate", test_validate);
  ADD ("/tkt/report/load-save", test_load_save);
  ADD ("/tkt/report/demo", test_demo_report);

  return g_test_run ();
}
