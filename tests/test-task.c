/* test-task.c — TktTask: properties, stages, transfers, budget, validation,
 * and the round trip through a store. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tkt-store.h"
#include "tkt-task.h"
#include "tkt-task-private.h"

/* Helpers */

typedef struct {
  char     *dir;
  TktStore *store;
} StoreFixture;

static void
store_fixture_setup (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("tkt-test-task-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
store_fixture_teardown (StoreFixture  *fixture,
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
  g_clear_pointer (&fixture->dir, g_free);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static guint *
watch (TktTask    *task,
       const char *property)
{
  guint *count = g_new0 (guint, 1);
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);

  g_signal_connect (task, signal, G_CALLBACK (count_notify_cb), count);
  g_object_set_data_full (G_OBJECT (task), signal, count, g_free);
  return count;
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *field,
             const char *message_part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      TktProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0 &&
          (message_part == NULL || strstr (problem->message, message_part) != NULL))
        return TRUE;
    }
  return FALSE;
}

static TktStage *
make_stage (const char *key,
            const char *date)
{
  TktStage *stage = tkt_stage_new ();

  stage->stage = g_strdup (key);
  stage->date = g_strdup (date);
  return stage;
}

/* Tests */

static void
test_task_new (void)
{
  g_autoptr(TktTask) a = tkt_task_new ();
  g_autoptr(TktTask) b = tkt_task_new ();
  JsonObject *doc = tkt_task_get_json (a);

  g_assert_true (g_str_has_prefix (tkt_task_get_id (a), "task:"));
  g_assert_cmpuint (strlen (tkt_task_get_id (a)), ==, strlen ("task:") + 36);
  g_assert_cmpstr (tkt_task_get_id (a), !=, tkt_task_get_id (b));
  g_assert_cmpstr (json_object_get_string_member (doc, "type"), ==, "task");
  g_assert_null (tkt_task_get_rev (a));
  g_assert_null (tkt_task_get_title (a));
  g_assert_null (tkt_task_get_status (a));
  g_assert_cmpint (tkt_task_get_budget_total (a), ==, -1);
  g_assert_cmpuint (tkt_task_get_n_stages (a), ==, 0);
  g_assert_cmpuint (tkt_task_get_n_transfers (a), ==, 0);
}

static void
test_task_properties (void)
{
  g_autoptr(TktTask) task = tkt_task_new ();
  guint *n_title = watch (task, "title");
  guint *n_lead = watch (task, "lead-org");
  g_autofree char *lead = NULL;
  JsonObject *doc = tkt_task_get_json (task);

  tkt_task_set_title (task, "Ứng dụng công nghệ sinh học tại Điện Biên");
  g_assert_cmpstr (tkt_task_get_title (task), ==, "Ứng dụng công nghệ sinh học tại Điện Biên");
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==,
                   "Ứng dụng công nghệ sinh học tại Điện Biên");
  g_assert_cmpuint (*n_title, ==, 1);

  /* Same value: no notification. */
  tkt_task_set_title (task, "Ứng dụng công nghệ sinh học tại Điện Biên");
  g_assert_cmpuint (*n_title, ==, 1);

  /* Through GObject, and under the JSON member name. */
  g_object_set (task, "lead-org", "Trường Đại học Tây Bắc", NULL);
  g_assert_cmpuint (*n_lead, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (doc, "lead_org"), ==, "Trường Đại học Tây Bắc");
  g_object_get (task, "lead-org", &lead, NULL);
  g_assert_cmpstr (lead, ==, "Trường Đại học Tây Bắc");

  /* "" and NULL remove the member. */
  tkt_task_set_title (task, "");
  g_assert_false (json_object_has_member (doc, "title"));
  g_assert_null (tkt_task_get_title (task));
  g_assert_cmpuint (*n_title, ==, 2);
  tkt_task_set_title (task, NULL);
  g_assert_cmpuint (*n_title, ==, 2);

  tkt_task_set_code (task, "ĐTĐL.2023/01");
  tkt_task_set_kind (task, "research");
  tkt_task_set_level (task, "provincial");
  tkt_task_set_programme (task, "programme:cap-thiet-dia-phuong");
  tkt_task_set_field (task, "4");
  tkt_task_set_sector (task, "sector:health");
  tkt_task_set_regime (task, "2013");
  tkt_task_set_pi (task, "TS. Lò Văn Minh");
  tkt_task_set_start (task, "2023-01-01");
  tkt_task_set_end (task, "2024-12-31");
  g_assert_cmpstr (tkt_task_get_code (task), ==, "ĐTĐL.2023/01");
  g_assert_cmpstr (tkt_task_get_kind (task), ==, "research");
  g_assert_cmpstr (tkt_task_get_level (task), ==, "provincial");
  g_assert_cmpstr (tkt_task_get_programme (task), ==, "programme:cap-thiet-dia-phuong");
  g_assert_cmpstr (tkt_task_get_field (task), ==, "4");
  g_assert_cmpstr (tkt_task_get_sector (task), ==, "sector:health");
  g_assert_cmpstr (tkt_task_get_regime (task), ==, "2013");
  g_assert_cmpstr (tkt_task_get_pi (task), ==, "TS. Lò Văn Minh");
  g_assert_cmpstr (tkt_task_get_start (task), ==, "2023-01-01");
  g_assert_cmpstr (tkt_task_get_end (task), ==, "2024-12-31");
  g_assert_cmpstr (json_object_get_string_member (doc, "end"), ==, "2024-12-31");
}

static void
test_task_members (void)
{
  g_autoptr(TktTask) task = tkt_task_new ();
  const char * const members[] = { "ThS. Quàng Thị Hoa", "  ", "KS. Đèo Văn Sơn", NULL };
  const char * const expected[] = { "ThS. Quàng Thị Hoa", "KS. Đèo Văn Sơn", NULL };
  guint *n_members = watch (task, "members");
  g_auto(GStrv) got = NULL;
  g_auto(GStrv) none = NULL;

  tkt_task_set_members (task, members);
  got = tkt_task_dup_members (task);
  g_assert_true (g_strv_equal ((const char * const *) got, expected));
  g_assert_cmpuint (*n_members, ==, 1);
  tkt_task_set_members (task, expected);
  g_assert_cmpuint (*n_members, ==, 1);

  tkt_task_set_members (task, NULL);
  g_assert_false (json_object_has_member (tkt_task_get_json (task), "members"));
  none = tkt_task_dup_members (task);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (*n_members, ==, 2);
}

static void
test_task_budget (void)
{
  g_autoptr(TktTask) task = tkt_task_new ();
  guint *n_total = watch (task, "budget-total");
  guint *n_local = watch (task, "budget-local");
  JsonObject *doc = tkt_task_get_json (task);
  gint64 total = 0;

  g_assert_cmpint (tkt_task_get_budget_total (task), ==, -1);

  tkt_task_set_budget_local (task, 1500000000);
  g_assert_cmpint (tkt_task_get_budget_local (task), ==, 1500000000);
  g_assert_cmpint (tkt_task_get_budget_total (task), ==, 1500000000);
  g_assert_cmpuint (*n_local, ==, 1);
  g_assert_cmpuint (*n_total, ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (doc, "budget"), "local"),
                   ==, 1500000000);

  tkt_task_set_budget_central (task, 3000000000);
  tkt_task_set_budget_other (task, 250000000);
  g_assert_cmpint (tkt_task_get_budget_total (task), ==, 4750000000);
  g_assert_cmpuint (*n_total, ==, 3);
  g_object_get (task, "budget-total", &total, NULL);
  g_assert_cmpint (total, ==, 4750000000);

  /* Same amount: nothing changes. */
  tkt_task_set_budget_local (task, 1500000000);
  g_assert_cmpuint (*n_local, ==, 1);
  g_assert_cmpuint (*n_total, ==, 3);

  /* Zero is an amount, -1 removes it. */
  tkt_task_set_budget_other (task, 0);
  g_assert_cmpint (tkt_task_get_budget_other (task), ==, 0);
  g_assert_cmpint (tkt_task_get_budget_total (task), ==, 4500000000);
  tkt_task_set_budget_other (task, -1);
  g_assert_cmpint (tkt_task_get_budget_other (task), ==, -1);
  g_assert_cmpint (tkt_task_get_budget_total (task), ==, 4500000000);
  g_assert_cmpuint (*n_total, ==, 4);

  tkt_task_set_budget_central (task, -1);
  tkt_task_set_budget_local (task, -1);
  g_assert_cmpint (tkt_task_get_budget_total (task), ==, -1);
  g_assert_false (json_object_has_member (doc, "budget"));
  g_assert_cmpuint (*n_total, ==, 6);
}

static void
test_task_stages_status (void)
{
  g_autoptr(TktTask) task = tkt_task_new ();
  guint *n_status = watch (task, "status");
  guint *n_stages = watch (task, "n-stages");
  g_autoptr(TktStage) ordered = make_stage ("ordered", "2023-03-15");
  g_autoptr(TktStage) proposed = make_stage ("proposed", "2022-11-09");
  g_autoptr(TktStage) contracted = make_stage ("contracted", "2023-06-01");
  g_autoptr(TktStage) in_progress = make_stage ("in_progress", "2023-06-01");
  g_autoptr(TktStage) got = NULL;
  g_autofree char *status = NULL;
  guint n = 0;

  tkt_task_append_stage (task, ordered);
  g_assert_cmpstr (tkt_task_get_status (task), ==, "ordered");
  g_assert_cmpuint (*n_status, ==, 1);
  g_assert_cmpuint (*n_stages, ==, 1);

  /* An earlier stage entered later does not become the status. */
  tkt_task_append_stage (task, proposed);
  g_assert_cmpstr (tkt_task_get_status (task), ==, "ordered");
  g_assert_cmpuint (*n_status, ==, 1);
  g_assert_cmpuint (*n_stages, ==, 2);

  /* Same date: the later entry wins. */
  tkt_task_append_stage (task, contracted);
  tkt_task_append_stage (task, in_progress);
  g_assert_cmpstr (tkt_task_get_status (task), ==, "in_progress");
  g_object_get (task, "status", &status, "n-stages", &n, NULL);
  g_assert_cmpstr (status, ==, "in_progress");
  g_assert_cmpuint (n, ==, 4);

  /* The stage with its decision document, read back. */
  {
    g_autoptr(TktStage) accepted = make_stage ("accepted", "2024-11-09");

    accepted->doc_number = g_strdup ("5196/QĐ-UBND");
    accepted->doc_date = g_strdup ("2024-11-09");
    accepted->doc_issuer = g_strdup ("UBND tỉnh Điện Biên");
    accepted->rating = g_strdup ("excellent");
    accepted->note = g_strdup ("Nghiệm thu cấp tỉnh");
    tkt_task_append_stage (task, accepted);
  }
  g_assert_cmpstr (tkt_task_get_status (task), ==, "accepted");
  got = tkt_task_get_stage (task, 4);
  g_assert_cmpstr (got->stage, ==, "accepted");
  g_assert_cmpstr (got->date, ==, "2024-11-09");
  g_assert_cmpstr (got->doc_number, ==, "5196/QĐ-UBND");
  g_assert_cmpstr (got->doc_date, ==, "2024-11-09");
  g_assert_cmpstr (got->doc_issuer, ==, "UBND tỉnh Điện Biên");
  g_assert_cmpstr (got->rating, ==, "excellent");
  g_assert_cmpstr (got->note, ==, "Nghiệm thu cấp tỉnh");

  /* Removing the acceptance brings the status back. */
  tkt_task_remove_stage (task, 4);
  g_assert_cmpstr (tkt_task_get_status (task), ==, "in_progress");
  g_assert_cmpuint (tkt_task_get_n_stages (task), ==, 4);

  /* Redating a stage moves the status. */
  {
    g_autoptr(TktStage) redated = tkt_task_get_stage (task, 0);

    g_clear_pointer (&redated->date, g_free);
    redated->date = g_strdup ("2023-07-01");
    *n_status = 0;
    tkt_task_replace_stage (task, 0, redated);
    g_assert_cmpstr (tkt_task_get_status (task), ==, "ordered");
    g_assert_cmpuint (*n_status, ==, 1);
  }

  /* A stage without a document has no "document" member. */
  g_assert_false (json_object_has_member (json_array_get_object_element (
                    json_object_get_array_member (tkt_task_get_json (task), "stages"), 1), "document"));
}

static void
test_task_transfers (void)
{
  g_autoptr(TktTask) task = tkt_task_new ();
  guint *n_transfers = watch (task, "n-transfers");
  g_autoptr(TktTransfer) transfer = tkt_transfer_new ();
  g_autoptr(TktTransfer) got = NULL;
  g_autoptr(TktTransfer) copy = NULL;

  transfer->date = g_strdup ("2023-10-20");
  transfer->result = g_strdup ("Quy trình nhân giống lúa Séng Cù");
  transfer->recipient = g_strdup ("HTX Nông nghiệp Thanh Xương");
  transfer->recipient_kind = g_strdup ("cooperative");
  tkt_task_append_transfer (task, transfer);
  tkt_task_append_transfer (task, transfer);
  g_assert_cmpuint (tkt_task_get_n_transfers (task), ==, 2);
  g_assert_cmpuint (*n_transfers, ==, 2);

  copy = tkt_transfer_copy (transfer);
  g_clear_pointer (&copy->recipient, g_free);
  g_clear_pointer (&copy->recipient_kind, g_free);
  copy->recipient = g_strdup ("Công ty CP Giống cây trồng Điện Biên");
  copy->recipient_kind = g_strdup ("enterprise");
  tkt_task_replace_transfer (task, 1, copy);

  got = tkt_task_get_transfer (task, 1);
  g_assert_cmpstr (got->date, ==, "2023-10-20");
  g_assert_cmpstr (got->result, ==, "Quy trình nhân giống lúa Séng Cù");
  g_assert_cmpstr (got->recipient, ==, "Công ty CP Giống cây trồng Điện Biên");
  g_assert_cmpstr (got->recipient_kind, ==, "enterprise");

  tkt_task_remove_transfer (task, 0);
  g_assert_cmpuint (tkt_task_get_n_transfers (task), ==, 1);
  g_assert_cmpuint (*n_transfers, ==, 3);
  g_clear_pointer (&got, tkt_transfer_free);
  got = tkt_task_get_transfer (task, 0);
  g_assert_cmpstr (got->recipient_kind, ==, "enterprise");
}

/* A document as a newer Tongket might write it: unknown members at every
 * level must survive every edit this version makes. */
static const char future_doc[] =
  "{\"_id\": \"task:future\", \"type\": \"task\", \"title\": \"Bảo tồn giống chè Shan tuyết\","
  " \"x_future\": {\"a\": [1, 2, {\"b\": null}]},"
  " \"budget\": {\"central\": 100, \"local\": 200, \"x_currency_note\": \"VND\"},"
  " \"stages\": [{\"stage\": \"ordered\", \"date\": \"2023-03-01\", \"x_signed_by\": \"Giám đốc\","
  "               \"document\": {\"number\": \"12/QĐ-SKHCN\", \"date\": \"2023-03-01\", \"issuer\": \"Sở KH&CN\","
  "                             \"x_pages\": 3}},"
  "              {\"stage\": \"contracted\", \"date\": \"2023-05-01\", \"x_keep\": true}],"
  " \"transfers\": [{\"date\": \"2023-12-01\", \"result\": \"Vườn ươm\", \"recipient\": \"Xã Tủa Thàng\","
  "                  \"recipient_kind\": \"agency\", \"x_contract\": \"HĐ 07/2023\"}],"
  " \"x_last\": 42}";

static void
assert_future_members (TktTask *task)
{
  JsonObject *doc = tkt_task_get_json (task);
  JsonObject *stage0 = json_array_get_object_element (json_object_get_array_member (doc, "stages"), 0);
  JsonObject *transfer0 = json_array_get_object_element (json_object_get_array_member (doc, "transfers"), 0);
  JsonObject *future = json_object_get_object_member (doc, "x_future");

  g_assert_nonnull (future);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (future, "a")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (doc, "x_last"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (doc, "budget"),
                                                  "x_currency_note"), ==, "VND");
  g_assert_cmpstr (json_object_get_string_member (stage0, "x_signed_by"), ==, "Giám đốc");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stage0, "document"),
                                               "x_pages"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (transfer0, "x_contract"), ==, "HĐ 07/2023");
}

static void
test_task_unknown_members (void)
{
  g_autoptr(JsonObject) doc = parse_object (future_doc);
  g_autoptr(TktTask) task = tkt_task_new_from_json (doc);
  g_autoptr(TktStage) stage = NULL;
  g_autoptr(TktTransfer) transfer = NULL;
  const char * const members[] = { "A", NULL };

  /* new_from_json copied: editing the task leaves the caller's doc alone. */
  tkt_task_set_title (task, "Bảo tồn và phát triển giống chè Shan tuyết");
  g_assert_cmpstr (json_object_get_string_member (doc, "title"), ==, "Bảo tồn giống chè Shan tuyết");

  tkt_task_set_code (task, "ĐT-01");
  tkt_task_set_level (task, "provincial");
  tkt_task_set_start (task, "2023-01-01");
  tkt_task_set_members (task, members);
  tkt_task_set_budget_central (task, 300);
  tkt_task_set_budget_local (task, -1);
  tkt_task_set_budget_other (task, 5);
  assert_future_members (task);

  /* Edit the first stage through the struct: its unknown members and its
   * document's stay.  Clearing the document's known members keeps the
   * document (it still holds x_pages). */
  stage = tkt_task_get_stage (task, 0);
  g_clear_pointer (&stage->note, g_free);
  stage->note = g_strdup ("Đặt hàng");
  g_clear_pointer (&stage->doc_number, g_free);
  g_clear_pointer (&stage->doc_issuer, g_free);
  tkt_task_replace_stage (task, 0, stage);
  assert_future_members (task);
  g_clear_pointer (&stage, tkt_stage_free);
  stage = tkt_task_get_stage (task, 0);
  g_assert_cmpstr (stage->note, ==, "Đặt hàng");
  g_assert_null (stage->doc_number);
  g_assert_cmpstr (stage->doc_date, ==, "2023-03-01");

  /* Removing the second stage and appending another leaves the first. */
  tkt_task_remove_stage (task, 1);
  g_clear_pointer (&stage, tkt_stage_free);
  stage = make_stage ("in_progress", "2023-06-01");
  tkt_task_append_stage (task, stage);
  assert_future_members (task);

  transfer = tkt_task_get_transfer (task, 0);
  g_clear_pointer (&transfer->result, g_free);
  transfer->result = g_strdup ("Vườn ươm chè giống");
  tkt_task_replace_transfer (task, 0, transfer);
  tkt_task_append_transfer (task, transfer);
  tkt_task_remove_transfer (task, 1);
  assert_future_members (task);

  /* And the duplicate keeps them too. */
  {
    g_autoptr(TktTask) copy = tkt_task_duplicate (task);

    assert_future_members (copy);
  }
}

/* A document from a file or a server with members of the wrong type (a
 * budget in words, stages as text, a date as a number) or values this
 * version does not know: the task opens without a warning, the editor
 * shows those fields empty (or the value as it is), validation names what
 * it can check, and the document keeps what it carried until the user
 * changes that field. */
static void
test_task_wrong_types (void)
{
  g_autoptr(JsonObject) doc = parse_object (
    "{\"_id\": \"task:w\", \"type\": \"task\", \"title\": \"Đề tài lạ\","
    " \"code\": 17, \"level\": \"imperial\", \"start\": 20240101, \"end\": \"2024-02-31\","
    " \"members\": {\"a\": 1}, \"budget\": {\"local\": \"nhiều\", \"central\": 1.5e30, \"other\": true},"
    " \"stages\": \"đang làm\", \"transfers\": [42, {\"date\": 7}]}");
  g_autoptr(TktTask) task = tkt_task_new_from_json (doc);
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(GStrv) members = NULL;
  JsonObject *json;

  g_assert_cmpstr (tkt_task_get_title (task), ==, "Đề tài lạ");
  g_assert_null (tkt_task_get_code (task));
  g_assert_null (tkt_task_get_start (task));
  g_assert_cmpstr (tkt_task_get_level (task), ==, "imperial");
  members = tkt_task_dup_members (task);
  g_assert_true (members == NULL || members[0] == NULL);
  /* -1: absent, an empty money row */
  g_assert_cmpint (tkt_task_get_budget_local (task), ==, -1);
  g_assert_cmpint (tkt_task_get_budget_other (task), ==, -1);
  g_assert_cmpuint (tkt_task_get_n_stages (task), ==, 0);
  (void) tkt_task_get_status (task);
  (void) tkt_task_get_budget_total (task);
  for (guint i = 0; i < tkt_task_get_n_transfers (task); i++)
    tkt_transfer_free (tkt_task_get_transfer (task, i));

  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "end", "2024-02-31"));

  /* What the task did not understand is still in its document. */
  json = tkt_task_get_json (task);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (json, "start")), ==, G_TYPE_INT64);
  g_assert_cmpstr (json_object_get_string_member (json, "stages"), ==, "đang làm");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json, "budget"), "local"), ==, "nhiều");

  /* Set by the user, the field takes the right type. */
  tkt_task_set_start (task, "2024-01-01");
  tkt_task_set_budget_local (task, 5000000);
  json = tkt_task_get_json (task);
  g_assert_cmpstr (json_object_get_string_member (json, "start"), ==, "2024-01-01");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "budget"), "local"), ==, 5000000);
}

static void
test_task_duplicate (void)
{
  g_autoptr(JsonObject) doc = parse_object (
    "{\"_id\": \"task:a\", \"_rev\": \"3-0123456789abcdef0123456789abcdef\", \"type\": \"task\","
    " \"code\": \"ĐT-01\", \"title\": \"Điện Biên\", \"level\": \"national\"}");
  g_autoptr(TktTask) task = tkt_task_new_from_json (doc);
  g_autoptr(TktTask) copy = tkt_task_duplicate (task);

  g_assert_true (g_str_has_prefix (tkt_task_get_id (copy), "task:"));
  g_assert_cmpstr (tkt_task_get_id (copy), !=, "task:a");
  g_assert_null (tkt_task_get_rev (copy));
  g_assert_null (tkt_task_get_code (copy));
  g_assert_cmpstr (tkt_task_get_title (copy), ==, "Điện Biên");
  g_assert_cmpstr (tkt_task_get_level (copy), ==, "national");
  /* The original is unchanged. */
  g_assert_cmpstr (tkt_task_get_code (task), ==, "ĐT-01");
  g_assert_cmpstr (tkt_task_get_rev (task), ==, "3-0123456789abcdef0123456789abcdef");
}

static void
test_task_validate (void)
{
  g_autoptr(TktTask) task = tkt_task_new ();
  g_autoptr(GPtrArray) problems = NULL;

  /* An empty title (blank counts as empty). */
  tkt_task_set_title (task, "   ");
  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "title", "The title cannot be empty"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  tkt_task_set_title (task, "Nghiên cứu cây dược liệu");
  problems = tkt_task_validate (task, NULL);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* End before start, shown on the end. */
  tkt_task_set_start (task, "2024-06-01");
  tkt_task_set_end (task, "2024-05-31");
  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "end", "The end date is before the start date"));
  g_assert_cmpuint (problems->len, ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);
  tkt_task_set_end (task, "2024-06-01");
  problems = tkt_task_validate (task, NULL);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Dates that are not ISO or not real. */
  tkt_task_set_start (task, "01/06/2024");
  tkt_task_set_end (task, "2024-02-30");
  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "start", "01/06/2024"));
  g_assert_true (has_problem (problems, "end", "2024-02-30"));
  g_assert_cmpuint (problems->len, ==, 2);
  g_clear_pointer (&problems, g_ptr_array_unref);
  tkt_task_set_start (task, NULL);
  tkt_task_set_end (task, NULL);

  /* Negative money, from the setter or from a document. */
  tkt_task_set_budget_local (task, -5000);
  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "budget.local", "Money cannot be negative"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  tkt_task_set_budget_local (task, 5000);
  {
    g_autoptr(JsonObject) doc = parse_object (
      "{\"_id\": \"task:m\", \"type\": \"task\", \"title\": \"T\", \"budget\": {\"other\": -1000000}}");
    g_autoptr(TktTask) negative = tkt_task_new_from_json (doc);

    problems = tkt_task_validate (negative, NULL);
    g_assert_true (has_problem (problems, "budget.other", "Money cannot be negative"));
    g_clear_pointer (&problems, g_ptr_array_unref);
  }

  /* Stages: a date is needed and must be real; the key must be known; a
   * rating only on an acceptance; a decision's date must be real. */
  {
    g_autoptr(TktStage) no_date = make_stage ("ordered", NULL);
    g_autoptr(TktStage) unknown = make_stage ("dreamt", "2024-01-01");
    g_autoptr(TktStage) rated = make_stage ("contracted", "2024-02-01");
    g_autoptr(TktStage) bad_doc = make_stage ("in_progress", "2024-13-01");

    rated->rating = g_strdup ("good");
    bad_doc->doc_date = g_strdup ("hôm qua");
    tkt_task_append_stage (task, no_date);
    tkt_task_append_stage (task, unknown);
    tkt_task_append_stage (task, rated);
    tkt_task_append_stage (task, bad_doc);
  }
  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "stages.0.date", NULL));
  g_assert_true (has_problem (problems, "stages.1.stage", "dreamt"));
  g_assert_true (has_problem (problems, "stages.2.rating", NULL));
  g_assert_true (has_problem (problems, "stages.3.date", "2024-13-01"));
  g_assert_true (has_problem (problems, "stages.3.document.date", "hôm qua"));
  g_assert_cmpuint (problems->len, ==, 5);
  g_clear_pointer (&problems, g_ptr_array_unref);

  while (tkt_task_get_n_stages (task) > 0)
    tkt_task_remove_stage (task, 0);

  /* An acceptance before the task started. */
  {
    g_autoptr(TktStage) accepted = make_stage ("accepted", "2023-12-01");

    accepted->rating = g_strdup ("pass");
    tkt_task_set_start (task, "2024-01-01");
    tkt_task_append_stage (task, accepted);
  }
  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "stages.0.date", NULL));
  g_assert_cmpuint (problems->len, ==, 1);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A transfer with a bad date. */
  tkt_task_remove_stage (task, 0);
  {
    g_autoptr(TktTransfer) transfer = tkt_transfer_new ();

    transfer->date = g_strdup ("2024-1-5");
    tkt_task_append_transfer (task, transfer);
  }
  problems = tkt_task_validate (task, NULL);
  g_assert_true (has_problem (problems, "transfers.0.date", NULL));
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_task_store_round_trip (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) doc = parse_object (future_doc);
  g_autoptr(TktTask) task = tkt_task_new_from_json (doc);
  g_autoptr(TktTask) loaded = NULL;
  g_autoptr(TktTask) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_rev = NULL;
  g_autofree char *saved_json = NULL;
  g_autofree char *loaded_json = NULL;
  guint *n_rev = watch (task, "rev");

  g_assert_true (tkt_task_save (task, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tkt_task_get_rev (task));
  g_assert_true (g_str_has_prefix (tkt_task_get_rev (task), "1-"));
  g_assert_cmpuint (*n_rev, ==, 1);
  first_rev = g_strdup (tkt_task_get_rev (task));

  loaded = tkt_task_load (fixture->store, "task:future", &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (tkt_task_get_rev (loaded), ==, first_rev);
  g_assert_cmpstr (tkt_task_get_title (loaded), ==, "Bảo tồn giống chè Shan tuyết");
  g_assert_cmpint (tkt_task_get_budget_total (loaded), ==, 300);
  g_assert_cmpstr (tkt_task_get_status (loaded), ==, "contracted");
  assert_future_members (loaded);

  /* Edit the loaded copy and save: a second revision, unknowns intact. */
  tkt_task_set_pi (loaded, "PGS.TS. Nguyễn Đức Dược");
  g_assert_true (tkt_task_save (loaded, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (tkt_task_get_rev (loaded), "2-"));

  again = tkt_task_load (fixture->store, "task:future", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tkt_task_get_pi (again), ==, "PGS.TS. Nguyễn Đức Dược");
  assert_future_members (again);
  saved_json = to_json (tkt_task_get_json (loaded));
  loaded_json = to_json (tkt_task_get_json (again));
  g_assert_cmpstr (saved_json, ==, loaded_json);

  /* The stale first copy conflicts instead of overwriting. */
  tkt_task_set_pi (task, "Người khác");
  g_assert_false (tkt_task_save (task, fixture->store, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Loading what is not there. */
  g_assert_null (tkt_task_load (fixture->store, "task:nothing", &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
}

static void
test_task_store_invalid (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(TktTask) task = tkt_task_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (tkt_task_save (task, fixture->store, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The title cannot be empty");
  g_assert_null (tkt_task_get_rev (task));
  g_clear_error (&error);

  g_assert_null (tkt_task_load (fixture->store, tkt_task_get_id (task), &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND);
}

static void
test_task_store_duplicate_code (StoreFixture  *fixture,
                                gconstpointer  data)
{
  g_autoptr(TktTask) first = tkt_task_new ();
  g_autoptr(TktTask) second = tkt_task_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  tkt_task_set_title (first, "Điện Biên 1");
  tkt_task_set_code (first, "ĐTCT.2023/05");
  g_assert_true (tkt_task_save (first, fixture->store, &error));
  g_assert_no_error (error);

  /* Saving a task again with its own code is fine. */
  tkt_task_set_pi (first, "TS. Vì Văn Sơn");
  g_assert_true (tkt_task_save (first, fixture->store, &error));
  g_assert_no_error (error);

  tkt_task_set_title (second, "Điện Biên 2");
  tkt_task_set_code (second, "ĐTCT.2023/05");
  problems = tkt_task_validate (second, fixture->store);
  g_assert_true (has_problem (problems, "code", "Another task already uses the code “ĐTCT.2023/05”"));
  g_assert_false (tkt_task_save (second, fixture->store, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Another task already uses the code “ĐTCT.2023/05”");
  g_clear_error (&error);

  /* Without a store, the code cannot be checked. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = tkt_task_validate (second, NULL);
  g_assert_cmpuint (problems->len, ==, 0);

  tkt_task_set_code (second, "ĐTCT.2023/06");
  g_assert_true (tkt_task_save (second, fixture->store, &error));
  g_assert_no_error (error);
}

static void
test_task_instances (void)
{
  guint before = tkt_task_get_n_instances_for_testing ();
  guint created = tkt_task_get_n_created_for_testing ();
  TktTask *task = tkt_task_new ();

  g_assert_cmpuint (tkt_task_get_n_instances_for_testing (), ==, before + 1);
  g_assert_cmpuint (tkt_task_get_n_created_for_testing (), ==, created + 1);
  g_assert_finalize_object (task);
  g_assert_cmpuint (tkt_task_get_n_instances_for_testing (), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tkt/task/new", test_task_new);
  g_test_add_func ("/tkt/task/properties", test_task_properties);
  g_test_add_func ("/tkt/task/members", test_task_members);
  g_test_add_func ("/tkt/task/budget", test_task_budget);
  g_test_add_func ("/tkt/task/stages/status", test_task_stages_status);
  g_test_add_func ("/tkt/task/transfers", test_task_transfers);
  g_test_add_func ("/tkt/task/unknown-members", test_task_unknown_members);
  g_test_add_func ("/tkt/task/duplicate", test_task_duplicate);
  g_test_add_func ("/tkt/task/validate", test_task_validate);
  g_test_add_func ("/tkt/task/wrong-types", test_task_wrong_types);
  g_test_add_func ("/tkt/task/instances", test_task_instances);
  g_test_add ("/tkt/task/store/round-trip", StoreFixture, NULL,
              store_fixture_setup, test_task_store_round_trip, store_fixture_teardown);
  g_test_add ("/tkt/task/store/invalid", StoreFixture, NULL,
              store_fixture_setup, test_task_store_invalid, store_fixture_teardown);
  g_test_add ("/tkt/task/store/duplicate-code", StoreFixture, NULL,
              store_fixture_setup, test_task_store_duplicate_code, store_fixture_teardown);

  return g_test_run ();
}
