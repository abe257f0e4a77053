/* test-ceremony.c — a ceremony: its document, guests in protocol order,
 * agenda times, validation, storage. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tkt-ceremony.h"
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

  fixture->dir = g_dir_make_tmp ("tkt-ceremony-XXXXXX", &error);
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
add_guest (TktCeremony *ceremony,
           const char  *name,
           const char  *position,
           int          rank)
{
  TktGuest guest = { (char *) name, (char *) position, NULL, rank };

  tkt_ceremony_append_guest (ceremony, &guest);
}

static char *
guest_names (TktCeremony *ceremony)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tkt_ceremony_get_n_guests (ceremony); i++)
    {
      g_autoptr(TktGuest) guest = tkt_ceremony_get_guest (ceremony, i);

      g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", guest->name);
    }
  return g_string_free (out, FALSE);
}

static void
add_item (TktCeremony *ceremony,
          const char  *time,
          const char  *title,
          int          duration)
{
  TktAgendaItem item = { (char *) time, (char *) title, NULL, duration, NULL };

  tkt_ceremony_append_agenda_item (ceremony, &item);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_properties (void)
{
  g_autoptr(TktCeremony) ceremony = tkt_ceremony_new ();
  g_autofree char *title = NULL;
  guint notified = 0;
  int year = 0;

  g_assert_true (g_str_has_prefix (tkt_ceremony_get_id (ceremony), "ceremony:"));
  g_assert_cmpstr (tkt_ceremony_get_kind (ceremony), ==, "review_conference");
  g_assert_null (tkt_ceremony_get_rev (ceremony));

  g_signal_connect (ceremony, "notify::title", G_CALLBACK (count_notify), &notified);
  tkt_ceremony_set_title (ceremony, "Hội nghị Tổng kết công tác năm 2023");
  tkt_ceremony_set_title (ceremony, "Hội nghị Tổng kết công tác năm 2023");
  g_assert_cmpuint (notified, ==, 1);   /* only a real change notifies */

  g_object_set (ceremony, "venue", "Him Lam Plaza", "report-year", 2023,
                "start", "2024-01-24T14:00:00+07:00", NULL);
  g_object_get (ceremony, "title", &title, "report-year", &year, NULL);
  g_assert_cmpstr (title, ==, "Hội nghị Tổng kết công tác năm 2023");
  g_assert_cmpint (year, ==, 2023);
  g_assert_cmpstr (tkt_ceremony_get_venue (ceremony), ==, "Him Lam Plaza");
  g_assert_cmpstr (json_object_get_string_member (tkt_ceremony_get_json (ceremony), "venue"), ==, "Him Lam Plaza");

  /* Empty removes the member. */
  tkt_ceremony_set_venue (ceremony, "");
  g_assert_null (tkt_ceremony_get_venue (ceremony));
  g_assert_false (json_object_has_member (tkt_ceremony_get_json (ceremony), "venue"));
  tkt_ceremony_set_report_year (ceremony, 0);
  g_assert_false (json_object_has_member (tkt_ceremony_get_json (ceremony), "report_year"));
}

/* A newer version's members — at the top, in a guest, in an agenda item —
 * survive an edit by this one. */
static void
test_unknown_members (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(TktCeremony) back = NULL;
  g_autoptr(TktGuest) guest = NULL;
  JsonObject *doc;

  json_parser_load_from_data (parser,
                              "{\"_id\": \"ceremony:x\", \"type\": \"ceremony\", \"title\": \"Lễ\","
                              " \"livestream\": {\"url\": \"https://example.org\"},"
                              " \"guests\": [{\"name\": \"A\", \"rank\": 2, \"seat\": \"A1\"}],"
                              " \"agenda\": [{\"title\": \"Khai mạc\", \"duration_min\": 5, \"slide\": 3}]}",
                              -1, &error);
  g_assert_no_error (error);
  ceremony = tkt_ceremony_new_from_json (json_node_get_object (json_parser_get_root (parser)));

  guest = tkt_ceremony_get_guest (ceremony, 0);
  g_free (guest->position);
  guest->position = g_strdup ("Giám đốc");
  tkt_ceremony_replace_guest (ceremony, 0, guest);
  add_guest (ceremony, "B", NULL, 1);
  tkt_ceremony_sort_guests (ceremony);
  tkt_ceremony_set_title (ceremony, "Lễ trao thưởng");
  g_assert_true (tkt_ceremony_save (ceremony, fixture->store, &error));
  g_assert_no_error (error);

  back = tkt_ceremony_load (fixture->store, "ceremony:x", &error);
  g_assert_no_error (error);
  doc = tkt_ceremony_get_json (back);
  g_assert_true (json_object_has_member (doc, "livestream"));
  /* "A" (rank 2) now comes after "B" (rank 1) and keeps its seat. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (doc, "guests"), 1), "seat"), ==, "A1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (doc, "guests"), 1), "position"), ==, "Giám đốc");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (doc, "agenda"), 0), "slide"), ==, 3);
}

static void
test_guest_sort (void)
{
  g_autoptr(TktCeremony) ceremony = tkt_ceremony_new ();
  g_autofree char *names = NULL;

  add_guest (ceremony, "Không Hạng", "Chuyên viên", 0);
  add_guest (ceremony, "Bùi Thị Bình", "Giám đốc Sở Tài chính", 2);
  add_guest (ceremony, "Đỗ Văn Chung", "Phó Giám đốc Sở Y tế", 2);
  add_guest (ceremony, "Lò Văn An", "Giám đốc Sở Xây dựng", 2);
  add_guest (ceremony, "Trần Văn Đông", "Phó Chủ tịch UBND huyện Tuần Giáo", 3);
  add_guest (ceremony, "Vừ A Bằng", "Phó Chủ tịch UBND tỉnh", 1);
  add_guest (ceremony, "Lý Thị Ánh", "Chủ tịch UBND huyện Điện Biên", 3);
  add_guest (ceremony, "Nguyễn Văn Đức", "Bí thư Huyện ủy Tủa Chùa", 3);

  tkt_ceremony_sort_guests (ceremony);
  names = guest_names (ceremony);
  /* Rank first (1 highest, unranked last); within a rank the party
   * secretary, the chairman, directors, then deputies; equal positions by
   * given name in Vietnamese order (An < Bình, whatever the family name). */
  g_assert_cmpstr (names, ==,
                   "Vừ A Bằng|Lò Văn An|Bùi Thị Bình|Đỗ Văn Chung|"
                   "Nguyễn Văn Đức|Lý Thị Ánh|Trần Văn Đông|Không Hạng");

  /* Stable: sorting again changes nothing. */
  tkt_ceremony_sort_guests (ceremony);
  g_clear_pointer (&names, g_free);
  names = guest_names (ceremony);
  g_assert_true (g_str_has_prefix (names, "Vừ A Bằng|Lò Văn An|Bùi Thị Bình"));
}

static void
test_guest_moves (void)
{
  g_autoptr(TktCeremony) ceremony = tkt_ceremony_new ();
  g_autofree char *names = NULL;
  guint notified = 0;

  add_guest (ceremony, "A", NULL, 1);
  add_guest (ceremony, "B", NULL, 2);
  add_guest (ceremony, "C", NULL, 3);
  add_guest (ceremony, "D", NULL, 4);

  /* The user's order is the order: no re-sorting behind their back. */
  tkt_ceremony_move_guest (ceremony, 3, 0);
  names = guest_names (ceremony);
  g_assert_cmpstr (names, ==, "D|A|B|C");
  g_clear_pointer (&names, g_free);
  tkt_ceremony_move_guest (ceremony, 1, 3);
  names = guest_names (ceremony);
  g_assert_cmpstr (names, ==, "D|B|C|A");
  g_clear_pointer (&names, g_free);

  g_signal_connect (ceremony, "notify::n-guests", G_CALLBACK (count_notify), &notified);
  tkt_ceremony_remove_guest (ceremony, 0);
  names = guest_names (ceremony);
  g_assert_cmpstr (names, ==, "B|C|A");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (tkt_ceremony_get_n_guests (ceremony), ==, 3);
}

static void
test_agenda_times (void)
{
  g_autoptr(TktCeremony) ceremony = tkt_ceremony_new ();
  g_autoptr(GArray) times = NULL;
  g_autoptr(GArray) later = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(TktAgendaItem) item = NULL;
  int end = 0;
  int overrun = 0;

  /* No start and no fixed time: unknown. */
  add_item (ceremony, NULL, "Khai mạc", 10);
  none = tkt_ceremony_compute_agenda_times (ceremony, &end);
  g_assert_cmpint (g_array_index (none, int, 0), ==, -1);
  g_assert_cmpint (end, ==, -1);
  g_assert_false (tkt_ceremony_get_overrun (ceremony, &overrun));

  tkt_ceremony_set_start (ceremony, "2024-01-24T14:00:00+07:00");
  tkt_ceremony_set_planned_end (ceremony, "2024-01-24T15:00:00+07:00");
  add_item (ceremony, NULL, "Báo cáo tổng kết", 30);
  add_item (ceremony, NULL, "Phát biểu chỉ đạo", 20);
  add_item (ceremony, "15:10", "Trao khen thưởng", 15);   /* fixed */

  times = tkt_ceremony_compute_agenda_times (ceremony, &end);
  g_assert_cmpuint (times->len, ==, 4);
  g_assert_cmpint (g_array_index (times, int, 0), ==, 14 * 60);        /* the ceremony's start, as written */
  g_assert_cmpint (g_array_index (times, int, 1), ==, 14 * 60 + 10);
  g_assert_cmpint (g_array_index (times, int, 2), ==, 14 * 60 + 40);
  g_assert_cmpint (g_array_index (times, int, 3), ==, 15 * 60 + 10);
  g_assert_cmpint (end, ==, 15 * 60 + 25);
  g_assert_true (tkt_ceremony_get_overrun (ceremony, &overrun));
  g_assert_cmpint (overrun, ==, 25);

  /* A longer report moves what follows it, up to the fixed item. */
  item = tkt_ceremony_get_agenda_item (ceremony, 1);
  item->duration_min = 45;
  tkt_ceremony_replace_agenda_item (ceremony, 1, item);
  later = tkt_ceremony_compute_agenda_times (ceremony, &end);
  g_assert_cmpint (g_array_index (later, int, 2), ==, 14 * 60 + 55);
  g_assert_cmpint (g_array_index (later, int, 3), ==, 15 * 60 + 10);

  /* Without the fixed time, everything shifts; time to spare is negative. */
  tkt_ceremony_remove_agenda_item (ceremony, 3);
  tkt_ceremony_set_planned_end (ceremony, "2024-01-24T16:00:00+07:00");
  g_assert_true (tkt_ceremony_get_overrun (ceremony, &overrun));
  g_assert_cmpint (overrun, ==, (14 * 60 + 75) - 16 * 60);

  /* Moving an item recomputes from the new order. */
  tkt_ceremony_move_agenda_item (ceremony, 2, 0);
  g_clear_pointer (&later, g_array_unref);
  later = tkt_ceremony_compute_agenda_times (ceremony, &end);
  g_assert_cmpint (g_array_index (later, int, 1), ==, 14 * 60 + 20);
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
test_validate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktCeremony) ceremony = tkt_ceremony_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) none = NULL;

  tkt_ceremony_set_kind (ceremony, "party");
  tkt_ceremony_set_start (ceremony, "24/01/2024 14:00");
  add_guest (ceremony, "", "Giám đốc", 12);
  add_item (ceremony, "25:00", "", -5);

  problems = tkt_ceremony_validate (ceremony);
  g_assert_true (has_problem (problems, "title"));
  g_assert_true (has_problem (problems, "kind"));
  g_assert_true (has_problem (problems, "start"));
  g_assert_true (has_problem (problems, "guests.0.name"));
  g_assert_true (has_problem (problems, "guests.0.rank"));
  g_assert_true (has_problem (problems, "agenda.0.title"));
  g_assert_true (has_problem (problems, "agenda.0.time"));
  g_assert_true (has_problem (problems, "agenda.0.duration_min"));

  /* Saving refuses, with a message. */
  g_assert_false (tkt_ceremony_save (ceremony, fixture->store, &error));
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_object (&ceremony);
  ceremony = tkt_ceremony_new ();
  tkt_ceremony_set_title (ceremony, "Hội nghị");
  tkt_ceremony_set_start (ceremony, "2024-01-24T14:00:00+07:00");
  tkt_ceremony_set_planned_end (ceremony, "2024-01-24T13:00:00+07:00");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = tkt_ceremony_validate (ceremony);
  g_assert_true (has_problem (problems, "planned_end"));
  tkt_ceremony_set_planned_end (ceremony, "2024-01-24T17:00:00+07:00");
  none = tkt_ceremony_validate (ceremony);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_save_load_list (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktCeremony) older = tkt_ceremony_new ();
  g_autoptr(TktCeremony) newer = tkt_ceremony_new ();
  g_autoptr(TktCeremony) back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(TktAgendaItem) item = NULL;
  g_autoptr(JsonObject) task = json_object_new ();
  g_autofree char *first_rev = NULL;

  tkt_ceremony_set_title (older, "Hội nghị năm 2022");
  tkt_ceremony_set_start (older, "2023-01-20T08:00:00+07:00");
  tkt_ceremony_set_title (newer, "Hội nghị năm 2023");
  tkt_ceremony_set_start (newer, "2024-01-24T14:00:00+07:00");
  add_guest (newer, "Vừ A Bằng", "Phó Chủ tịch UBND tỉnh", 1);
  add_item (newer, NULL, "Khai mạc", 10);

  g_assert_true (tkt_ceremony_save (older, fixture->store, &error));
  g_assert_no_error (error);
  g_assert_true (tkt_ceremony_save (newer, fixture->store, &error));
  g_assert_no_error (error);
  first_rev = g_strdup (tkt_ceremony_get_rev (newer));
  g_assert_true (g_str_has_prefix (first_rev, "1-"));

  tkt_ceremony_set_venue (newer, "Him Lam Plaza");
  g_assert_true (tkt_ceremony_save (newer, fixture->store, &error));
  g_assert_true (g_str_has_prefix (tkt_ceremony_get_rev (newer), "2-"));

  back = tkt_ceremony_load (fixture->store, tkt_ceremony_get_id (newer), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tkt_ceremony_get_venue (back), ==, "Him Lam Plaza");
  g_assert_cmpuint (tkt_ceremony_get_n_guests (back), ==, 1);
  item = tkt_ceremony_get_agenda_item (back, 0);
  g_assert_cmpstr (item->title, ==, "Khai mạc");
  g_assert_cmpint (item->duration_min, ==, 10);

  /* Newest first. */
  list = tkt_ceremony_list (fixture->store);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (list, 0), "title"), ==, "Hội nghị năm 2023");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (list, 1), "title"), ==, "Hội nghị năm 2022");

  /* A task is not a ceremony. */
  json_object_set_string_member (task, "_id", "task:t");
  json_object_set_string_member (task, "type", "task");
  json_object_set_string_member (task, "title", "T");
  g_free (tkt_store_put (fixture->store, task, &error));
  g_assert_no_error (error);
  g_clear_object (&back);
  back = tkt_ceremony_load (fixture->store, "task:t", &error);
  g_assert_null (back);
  g_assert_error (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/tkt/ceremony/properties", test_properties);
  ADD ("/tkt/ceremony/unknown-members", test_unknown_members);
  g_test_add_func ("/tkt/ceremony/guests/sort", test_guest_sort);
  g_test_add_func ("/tkt/ceremony/guests/move", test_guest_moves);
  g_test_add_func ("/tkt/ceremony/agenda/times", test_agenda_times);
  ADD ("/tkt/ceremony/validate", test_validate);
  ADD ("/tkt/ceremony/save-load-list", test_save_load_list);

  return g_test_run ();
}
