/* test-ceremony-export.c — a ceremony's files read back the way their
 * readers read them: the ICS through libical's parser (as GNOME Calendar's
 * evolution-data-server does), the XLSX's sheet XML out of the zip, the CSV
 * as rows, the script PDF through pdftotext.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libical/ical.h>
#include <locale.h>
#include <string.h>

#include "tkt-ceremony-export.h"
#include "tkt-script.h"

#define FORM_FLAG   "award_form:test-co-thi-dua-chinh-phu"
#define FORM_MEDAL  "award_form:test-ky-niem-chuong"

typedef struct {
  char        *dir;
  TktStore    *store;
  TktCeremony *ceremony;
  GPtrArray   *awards;     /* TktAward*, in presentation order */
} Fixture;

static void
put_form (TktStore   *store,
          const char *id,
          const char *name,
          const char *authority,
          int         authority_rank)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "award_form");
  json_object_set_string_member (doc, "name", name);
  json_object_set_string_member (doc, "authority", authority);
  json_object_set_int_member (doc, "authority_rank", authority_rank);
  json_object_set_int_member (doc, "form_rank", 1);
  json_object_set_boolean_member (doc, "collective", TRUE);
  json_object_set_boolean_member (doc, "individual", TRUE);
  rev = tkt_store_put (store, doc, &error);
  g_assert_no_error (error);
}

static void
add_guest (TktCeremony *ceremony,
           const char  *name,
           const char  *position,
           int          rank)
{
  TktGuest guest = { (char *) name, (char *) position, (char *) "", rank };

  tkt_ceremony_append_guest (ceremony, &guest);
}

static void
add_item (TktCeremony *ceremony,
          const char  *time,
          const char  *title,
          const char  *speaker,
          int          minutes)
{
  TktAgendaItem item = { (char *) time, (char *) title, (char *) speaker, minutes, NULL };

  tkt_ceremony_append_agenda_item (ceremony, &item);
}

static void
add_recipient (TktAward   *award,
               const char *kind,
               const char *name,
               const char *position,
               const char *organisation)
{
  TktRecipient recipient = { (char *) kind, (char *) name, (char *) position, (char *) organisation };

  tkt_award_append_recipient (award, &recipient);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  TktAward *flag, *medal;

  fixture->dir = g_dir_make_tmp ("tkt-cex-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "tongket.db", NULL);
  fixture->store = tkt_store_open (path, &error);
  g_assert_no_error (error);

  put_form (fixture->store, FORM_FLAG, "Cờ Thi đua của Chính phủ", "Thủ tướng Chính phủ", 2);
  put_form (fixture->store, FORM_MEDAL, "Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”",
            "Bộ trưởng Bộ Khoa học và Công nghệ", 3);

  fixture->ceremony = tkt_ceremony_new ();
  tkt_ceremony_set_title (fixture->ceremony,
                          "Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024");
  tkt_ceremony_set_kind (fixture->ceremony, "review_conference");
  tkt_ceremony_set_start (fixture->ceremony, "2024-01-24T14:00:00+07:00");
  tkt_ceremony_set_venue (fixture->ceremony, "Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza");
  tkt_ceremony_set_chair (fixture->ceremony, "Nguyễn Đức Hạnh");
  tkt_ceremony_set_organiser (fixture->ceremony, "Sở Khoa học và Công nghệ tỉnh Điện Biên");
  add_guest (fixture->ceremony, "Vừ A Bằng", "Phó Chủ tịch UBND tỉnh", 1);
  add_guest (fixture->ceremony, "Nguyễn Đức Hạnh", "Giám đốc Sở Khoa học và Công nghệ", 2);
  add_item (fixture->ceremony, NULL, "Khai mạc", "Nguyễn Đức Hạnh", 15);
  add_item (fixture->ceremony, NULL, "Báo cáo tổng kết công tác năm 2023", NULL, 30);
  add_item (fixture->ceremony, NULL, "Phát biểu chỉ đạo", "Vừ A Bằng", 20);
  add_item (fixture->ceremony, NULL, "Trao khen thưởng", NULL, 25);
  tkt_ceremony_save (fixture->ceremony, fixture->store, &error);
  g_assert_no_error (error);

  fixture->awards = g_ptr_array_new_with_free_func (g_object_unref);
  flag = tkt_award_new (tkt_ceremony_get_id (fixture->ceremony));
  tkt_award_set_form (flag, FORM_FLAG);
  tkt_award_set_decision_number (flag, "52/QĐ-TTg");
  tkt_award_set_decision_date (flag, "2024-01-10");
  tkt_award_set_decision_issuer (flag, "Thủ tướng Chính phủ");
  tkt_award_set_presenter_name (flag, "Vừ A Bằng");
  tkt_award_set_presenter_position (flag, "Phó Chủ tịch UBND tỉnh");
  tkt_award_set_on_behalf (flag, TRUE);
  add_recipient (flag, "collective", "Sở Khoa học và Công nghệ", NULL, "tỉnh Điện Biên");
  g_ptr_array_add (fixture->awards, flag);

  medal = tkt_award_new (tkt_ceremony_get_id (fixture->ceremony));
  tkt_award_set_form (medal, FORM_MEDAL);
  tkt_award_set_decision_number (medal, "3520/QĐ-BKHCN");
  tkt_award_set_decision_date (medal, "2023-12-20");
  tkt_award_set_presenter_name (medal, "Nguyễn Đức Hạnh");
  tkt_award_set_presenter_position (medal, "Giám đốc Sở Khoa học và Công nghệ");
  /* Individuals entered first: the list puts the collective before them. */
  add_recipient (medal, "individual", "Lò Văn Minh", "Phó Giám đốc", "Sở Khoa học và Công nghệ");
  add_recipient (medal, "individual", "Quàng Thị Hoa", "Trưởng phòng", "Phòng Quản lý khoa học, \"cơ sở\"");
  add_recipient (medal, "collective", "Trung tâm Thông tin, Ứng dụng và Thống kê KH&CN", NULL, "Sở Khoa học và Công nghệ");
  g_ptr_array_add (fixture->awards, medal);
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

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* ------------------------------------------------------------------ */
/* ICS                                                                  */

static icalcomponent *
parse_ics (const char *ics)
{
  icalcomponent *calendar = icalparser_parse_string (ics);

  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  /* libical marks what it could not understand with X-LIC-ERROR. */
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  return calendar;
}

static time_t
utc_of (icalcomponent *calendar,
        icalproperty  *prop)
{
  struct icaltimetype t = icalvalue_get_datetime (icalproperty_get_value (prop));
  icalparameter *tzid_param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  icaltimezone *zone;

  if (tzid_param == NULL)
    {
      g_assert_true (icaltime_is_utc (t));
      return icaltime_as_timet (t);
    }
  /* The VTIMEZONE in the file, not the system's zone data. */
  zone = icalcomponent_get_timezone (calendar, icalparameter_get_tzid (tzid_param));
  g_assert_nonnull (zone);
  return icaltime_as_timet_with_zone (t, zone);
}

static void
test_ics_event (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = tkt_ceremony_to_ics (fixture->ceremony, &error);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) description = NULL;
  icalcomponent *calendar, *event;
  icalproperty *dtstart, *dtend;
  g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 ("2024-01-24T07:00:00Z", NULL);
  g_autoptr(GDateTime) expected_end = g_date_time_new_from_iso8601 ("2024-01-24T08:30:00Z", NULL);

  g_assert_no_error (error);
  g_assert_nonnull (ics);

  /* RFC 5545 §3.1: CRLF line ends, lines folded at 75 octets. */
  g_assert_nonnull (strstr (ics, "BEGIN:VCALENDAR\r\n"));
  lines = g_strsplit (ics, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
    }

  calendar = parse_ics (ics);
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_nonnull (event);
  g_assert_cmpstr (icalcomponent_get_summary (event), ==,
                   "Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024");
  g_assert_cmpstr (icalcomponent_get_location (event), ==,
                   "Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza");
  {
    /* The UID stays the same on each export: a re-import updates the event. */
    g_autofree char *uid = g_strdup_printf ("%s@tongket", tkt_ceremony_get_id (fixture->ceremony) + strlen ("ceremony:"));

    g_assert_true (g_str_has_prefix (tkt_ceremony_get_id (fixture->ceremony), "ceremony:"));
    g_assert_cmpstr (icalcomponent_get_uid (event), ==, uid);
  }

  /* 14:00 in Điện Biên (UTC+7), written as local time with its zone. */
  dtstart = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  g_assert_nonnull (dtstart);
  g_assert_cmpstr (icalparameter_get_tzid (icalproperty_get_first_parameter (dtstart, ICAL_TZID_PARAMETER)),
                   ==, "Asia/Ho_Chi_Minh");
  g_assert_cmpstr (icaltime_as_ical_string (icalproperty_get_dtstart (dtstart)), ==, "20240124T140000");
  g_assert_cmpint (utc_of (calendar, dtstart), ==, g_date_time_to_unix (expected));
  {
    icalcomponent *vtz = icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT);
    icalcomponent *standard;

    g_assert_nonnull (vtz);
    standard = icalcomponent_get_first_component (vtz, ICAL_XSTANDARD_COMPONENT);
    g_assert_nonnull (standard);
    g_assert_cmpint (icalproperty_get_tzoffsetto (icalcomponent_get_first_property (standard, ICAL_TZOFFSETTO_PROPERTY)),
                     ==, 7 * 3600);
  }

  /* No planned end: the event ends with the agenda (15 + 30 + 20 + 25 min). */
  dtend = icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY);
  g_assert_nonnull (dtend);
  g_assert_cmpint (utc_of (calendar, dtend), ==, g_date_time_to_unix (expected_end));

  /* The agenda, one item a line, times computed from the durations. */
  description = g_strsplit (icalcomponent_get_description (event), "\n", -1);
  g_assert_cmpuint (g_strv_length (description), >=, 4);
  g_assert_cmpstr (description[0], ==, "14:00 – Khai mạc (Nguyễn Đức Hạnh)");
  g_assert_cmpstr (description[1], ==, "14:15 – Báo cáo tổng kết công tác năm 2023");
  g_assert_cmpstr (description[2], ==, "14:45 – Phát biểu chỉ đạo (Vừ A Bằng)");
  g_assert_cmpstr (description[3], ==, "15:05 – Trao khen thưởng");
  g_assert_nonnull (strstr (icalcomponent_get_description (event), "Chủ trì: Nguyễn Đức Hạnh"));

  icalcomponent_free (calendar);
}

static void
test_ics_utc_and_planned_end (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;
  icalcomponent *calendar, *event;
  icalproperty *dtstart, *dtend;
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2024-03-05T08:00:00Z", NULL);
  g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 ("2024-03-05T11:30:00Z", NULL);

  tkt_ceremony_set_start (fixture->ceremony, "2024-03-05T08:00:00Z");
  /* Given with another offset: the same instant. */
  tkt_ceremony_set_planned_end (fixture->ceremony, "2024-03-05T18:30:00+07:00");
  ics = tkt_ceremony_to_ics (fixture->ceremony, &error);
  g_assert_no_error (error);

  calendar = parse_ics (ics);
  g_assert_null (icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT));
  event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
  dtstart = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  dtend = icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY);
  g_assert_nonnull (strstr (ics, "DTSTART:20240305T080000Z"));
  g_assert_cmpint (utc_of (calendar, dtstart), ==, g_date_time_to_unix (start));
  g_assert_cmpint (utc_of (calendar, dtend), ==, g_date_time_to_unix (end));
  icalcomponent_free (calendar);
}

static void
test_ics_no_start (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;

  tkt_ceremony_set_start (fixture->ceremony, NULL);
  ics = tkt_ceremony_to_ics (fixture->ceremony, &error);
  g_assert_null (ics);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  g_clear_error (&error);
  tkt_ceremony_set_start (fixture->ceremony, "24/01/2024 chiều");
  ics = tkt_ceremony_to_ics (fixture->ceremony, &error);
  g_assert_null (ics);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "24/01/2024 chiều"));
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

static void
test_csv_rows (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_auto(GStrv) rows = NULL;
  g_autofree char *text = NULL;
  const char *expected[] = {
    "form,authority,decision_number,decision_date,stt,kind,name,position,organisation",
    "Cờ Thi đua của Chính phủ,Thủ tướng Chính phủ,52/QĐ-TTg,2024-01-10,1,collective,Sở Khoa học và Công nghệ,,tỉnh Điện Biên",
    "Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”,Bộ trưởng Bộ Khoa học và Công nghệ,3520/QĐ-BKHCN,2023-12-20,1,collective,"
      "\"Trung tâm Thông tin, Ứng dụng và Thống kê KH&CN\",,Sở Khoa học và Công nghệ",
    "Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”,Bộ trưởng Bộ Khoa học và Công nghệ,3520/QĐ-BKHCN,2023-12-20,2,individual,"
      "Lò Văn Minh,Phó Giám đốc,Sở Khoa học và Công nghệ",
    "Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ”,Bộ trưởng Bộ Khoa học và Công nghệ,3520/QĐ-BKHCN,2023-12-20,3,individual,"
      "Quàng Thị Hoa,Trưởng phòng,\"Phòng Quản lý khoa học, \"\"cơ sở\"\"\"",
    "",
  };

  g_assert_true (tkt_awards_write_csv (fixture->store, fixture->awards, stream, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  rows = g_strsplit (text + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (rows[i], ==, expected[i]);
}

/* ------------------------------------------------------------------ */
/* XLSX                                                                 */

static char *
unzip_member (const char *path,
              const char *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) unzip = NULL;
  g_autoptr(GBytes) out = NULL;

  unzip = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            &error, "unzip", "-p", path, member, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (unzip, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (unzip));
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

static char *
xml_unescape (const char *text)
{
  GString *out = g_string_new (NULL);
  static const struct { const char *entity; char c; } entities[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
  };

  for (const char *p = text; *p; )
    {
      gboolean done = FALSE;

      for (guint e = 0; e < G_N_ELEMENTS (entities) && !done; e++)
        if (g_str_has_prefix (p, entities[e].entity))
          {
            g_string_append_c (out, entities[e].c);
            p += strlen (entities[e].entity);
            done = TRUE;
          }
      if (!done)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* The sheet as a table: row number → "A|B|C|D|E" text (shared strings
 * resolved, numbers as written). */
static GHashTable *
read_sheet (const char *path,
            GHashTable **outline_levels)
{
  g_autofree char *strings_xml = unzip_member (path, "xl/sharedStrings.xml");
  g_autofree char *sheet_xml = unzip_member (path, "xl/worksheets/sheet1.xml");
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) si = g_regex_new ("<si><t[^>]*>(.*?)</t></si>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) row_re = g_regex_new ("<row r=\"(\\d+)\"([^>]*)>(.*?)</row>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) cell_re = g_regex_new ("<c r=\"([A-Z]+)\\d+\"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>)?</c>)", 0, 0, NULL);
  g_autoptr(GRegex) level_re = g_regex_new ("outlineLevel=\"(\\d+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *rows = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);

  *outline_levels = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_regex_match (si, strings_xml, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *raw = g_match_info_fetch (match, 1);

      g_ptr_array_add (strings, xml_unescape (raw));
      g_match_info_next (match, NULL);
    }
  g_clear_pointer (&match, g_match_info_free);
  g_assert_cmpuint (strings->len, >, 0);

  g_regex_match (row_re, sheet_xml, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);
      g_autofree char *attrs = g_match_info_fetch (match, 2);
      g_autofree char *cells = g_match_info_fetch (match, 3);
      g_autoptr(GMatchInfo) cell_match = NULL;
      g_autoptr(GMatchInfo) level_match = NULL;
      char *columns[5] = { 0 };
      int row = atoi (number);

      if (g_regex_match (level_re, attrs, 0, &level_match))
        {
          g_autofree char *level = g_match_info_fetch (level_match, 1);

          g_hash_table_insert (*outline_levels, GINT_TO_POINTER (row), GINT_TO_POINTER (atoi (level)));
        }
      g_regex_match (cell_re, cells, 0, &cell_match);
      while (g_match_info_matches (cell_match))
        {
          g_autofree char *column = g_match_info_fetch (cell_match, 1);
          g_autofree char *cell_attrs = g_match_info_fetch (cell_match, 2);
          g_autofree char *value = g_match_info_fetch (cell_match, 3);
          int c = column[0] - 'A';

          if (c >= 0 && c < 5 && value != NULL && value[0] != '\0')
            {
              if (strstr (cell_attrs, "t=\"s\"") != NULL)
                {
                  guint index = (guint) atoi (value);

                  g_assert_cmpuint (index, <, strings->len);
                  columns[c] = g_strdup (g_ptr_array_index (strings, index));
                }
              else
                columns[c] = g_strdup (value);
            }
          g_match_info_next (cell_match, NULL);
        }
      g_hash_table_insert (rows, GINT_TO_POINTER (row),
                           g_strdup_printf ("%s|%s|%s|%s|%s",
                                            columns[0] ? columns[0] : "", columns[1] ? columns[1] : "",
                                            columns[2] ? columns[2] : "", columns[3] ? columns[3] : "",
                                            columns[4] ? columns[4] : ""));
      for (guint c = 0; c < 5; c++)
        g_free (columns[c]);
      g_match_info_next (match, NULL);
    }
  return rows;
}

static void
test_xlsx_readable (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (fixture, "khen-thuong.xlsx");
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(GHashTable) levels = NULL;
  g_autofree char *sheet_xml = NULL;
  g_autofree char *styles_xml = NULL;
  const char *expected[] = {
    "DANH SÁCH KHEN THƯỞNG||||",
    "Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024||||",
    NULL,
    "STT|Tên tập thể / Họ và tên|Chức vụ|Đơn vị|Đối tượng",
    "I. Cờ Thi đua của Chính phủ (Thủ tướng Chính phủ) cho 01 tập thể — "
      "Quyết định số 52/QĐ-TTg ngày 10/01/2024 của Thủ tướng Chính phủ||||",
    "1|Sở Khoa học và Công nghệ||tỉnh Điện Biên|Tập thể",
    "II. Kỷ niệm chương “Vì sự nghiệp khoa học và công nghệ” (Bộ trưởng Bộ Khoa học và Công nghệ) "
      "cho 01 tập thể, 02 cá nhân — Quyết định số 3520/QĐ-BKHCN ngày 20/12/2023||||",
    "1|Trung tâm Thông tin, Ứng dụng và Thống kê KH&CN||Sở Khoa học và Công nghệ|Tập thể",
    "2|Lò Văn Minh|Phó Giám đốc|Sở Khoa học và Công nghệ|Cá nhân",
    "3|Quàng Thị Hoa|Trưởng phòng|Phòng Quản lý khoa học, \"cơ sở\"|Cá nhân",
  };

  g_assert_true (tkt_awards_write_xlsx (fixture->store, fixture->awards, path, &error));
  g_assert_no_error (error);

  rows = read_sheet (path, &levels);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      int row = (int) i + 1;
      const char *got = g_hash_table_lookup (rows, GINT_TO_POINTER (row));

      if (expected[i] == NULL)
        continue;
      g_assert_cmpstr (got, ==, expected[i]);
      /* The recipients fold under their group row. */
      if (g_ascii_isdigit (expected[i][0]))
        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (levels, GINT_TO_POINTER (row))), ==, 1);
      else
        g_assert_false (g_hash_table_contains (levels, GINT_TO_POINTER (row)));
    }
  g_assert_null (g_hash_table_lookup (rows, GINT_TO_POINTER (G_N_ELEMENTS (expected) + 1)));

  /* Title and group rows span the five columns; widths are set. */
  sheet_xml = unzip_member (path, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (strstr (sheet_xml, "<mergeCell ref=\"A1:E1\"/>"));
  g_assert_nonnull (strstr (sheet_xml, "<mergeCell ref=\"A5:E5\"/>"));
  g_assert_nonnull (strstr (sheet_xml, "<mergeCell ref=\"A7:E7\"/>"));
  g_assert_nonnull (strstr (sheet_xml, "<col min=\"2\" max=\"2\" width="));
  /* Bold exists as a font for the header and group rows. */
  styles_xml = unzip_member (path, "xl/styles.xml");
  g_assert_nonnull (strstr (styles_xml, "<b/>"));
}

static void
test_xlsx_bad_folder (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (fixture, "no-such-folder/khen-thuong.xlsx");

  g_assert_false (tkt_awards_write_xlsx (fixture->store, fixture->awards, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------ */
/* Script PDF                                                           */

static TktScriptBlock *
block_new (const char *key,
           const char *title,
           const char *text)
{
  TktScriptBlock *block = g_new0 (TktScriptBlock, 1);

  block->key = g_strdup (key);
  block->title = g_strdup (title);
  block->generated = g_strdup (text);
  block->text = g_strdup (text);
  return block;
}

/* pdftotext (poppler-utils) reads the PDFs back; where it is missing (the
 * Flatpak SDK may lack it) the PDF is still written, and the reading skips. */
static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  if (path == NULL)
    g_test_skip ("pdftotext (poppler-utils) not installed: cannot read the PDF back");
  return path != NULL;
}

/* pdftotext's text with the runs of white space made single spaces (the
 * justified lines break anywhere). */
static char *
pdf_text (const char *path,
          const char *first_page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  g_autofree char *raw = NULL;
  g_autofree char *nfc = NULL;

  if (first_page != NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                "pdftotext", "-enc", "UTF-8", "-f", first_page, "-l", first_page,
                                path, "-", NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                "pdftotext", "-enc", "UTF-8", path, "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error));
  g_assert_true (g_subprocess_get_successful (process));
  raw = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  if (first_page == NULL)
    {
      /* Whole document: leave out the page numbers at the top of pages 2… */
      g_auto(GStrv) pages = g_strsplit (raw, "\f", -1);

      for (guint i = 1; pages[i] != NULL; i++)
        {
          char *p = pages[i];

          while (g_ascii_isspace (*p))
            p++;
          if (g_ascii_isdigit (*p))
            {
              while (g_ascii_isdigit (*p))
                p++;
              memmove (pages[i], p, strlen (p) + 1);
            }
        }
      g_free (raw);
      raw = g_strjoinv (" ", pages);
    }
  nfc = g_utf8_normalize (raw, -1, G_NORMALIZE_NFC);
  g_assert_nonnull (nfc);
  return g_strstrip (g_regex_replace_literal (spaces, nfc, -1, 0, " ", 0, NULL));
}

#define ANNOUNCE "Thừa ủy quyền của Thủ tướng Chính phủ, trân trọng kính mời đồng chí Vừ A Bằng, " \
                 "Phó Chủ tịch UBND tỉnh, lên trao Cờ Thi đua của Chính phủ cho tập thể Sở Khoa học và Công nghệ."

static void
test_script_pdf (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (fixture, "kich-ban.pdf");
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_script_block_free);
  g_autofree char *text = NULL;
  g_autofree char *page2 = NULL;
  const char *opening, *announce, *closing;

  g_ptr_array_add (blocks, block_new ("opening", "Tuyên bố lý do",
                                      "Kính thưa các đồng chí đại biểu!\n"
                                      "Được sự nhất trí của Ủy ban nhân dân tỉnh, hôm nay Sở Khoa học và Công nghệ "
                                      "tổ chức Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024."));
  /* Enough text for a second page. */
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *key = g_strdup_printf ("agenda:%u", i);
      g_autofree char *body = g_strdup_printf ("Tiếp theo chương trình, xin trân trọng kính mời đồng chí "
                                               "Nguyễn Đức Hạnh, Giám đốc Sở Khoa học và Công nghệ, trình bày "
                                               "nội dung số %u của Hội nghị. Xin trân trọng cảm ơn đồng chí.", i + 1);

      g_ptr_array_add (blocks, block_new (key, "Chương trình", body));
    }
  g_ptr_array_add (blocks, block_new ("award:x:announce", "Trao Cờ Thi đua của Chính phủ", ANNOUNCE));
  g_ptr_array_add (blocks, block_new ("closing", "Bế mạc",
                                      "Chương trình Hội nghị đến đây là kết thúc. Xin kính chúc các đồng chí sức khỏe."));

  g_assert_true (tkt_script_write_pdf (fixture->ceremony, blocks, path, NULL, &error));
  g_assert_no_error (error);
  if (!have_pdftotext ())
    return;

  text = pdf_text (path, NULL);
  g_assert_true (g_str_has_prefix (text, "KỊCH BẢN CHƯƠNG TRÌNH Hội nghị Tổng kết công tác năm 2023"));
  g_assert_nonnull (strstr (text, "Thời gian: 14 giờ 00, ngày 24 tháng 01 năm 2024"));
  g_assert_nonnull (strstr (text, "Địa điểm: Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza"));
  opening = strstr (text, "Kính thưa các đồng chí đại biểu!");
  announce = strstr (text, ANNOUNCE);
  closing = strstr (text, "Chương trình Hội nghị đến đây là kết thúc.");
  g_assert_nonnull (opening);
  g_assert_nonnull (announce);
  g_assert_nonnull (closing);
  g_assert_true (opening < announce && announce < closing);

  /* Page 2 carries its number at the top (Decree 30). */
  page2 = pdf_text (path, "2");
  g_assert_true (g_str_has_prefix (page2, "2 "));
}

static void
test_script_pdf_cancelled (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (fixture, "kich-ban.pdf");
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_script_block_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDir) dir = NULL;

  g_ptr_array_add (blocks, block_new ("opening", "Tuyên bố lý do", "Kính thưa các đồng chí đại biểu!"));
  g_cancellable_cancel (cancellable);
  g_assert_false (tkt_script_write_pdf (fixture->ceremony, blocks, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Nothing left behind, not even the temporary file. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL; )
    g_assert_true (g_str_has_prefix (name, "tongket.db"));
}

/* The script the core builds from the ceremony and its awards, through the
 * PDF: the announcement of the flag is in it, read back. */
static void
test_script_pdf_built (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (fixture, "kich-ban.pdf");
  g_autoptr(GPtrArray) blocks = tkt_script_build (fixture->ceremony, fixture->awards, fixture->store);
  g_autofree char *text = NULL;
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  const char *at;

  g_assert_cmpuint (blocks->len, >, 3);
  g_assert_true (tkt_script_write_pdf (fixture->ceremony, blocks, path, NULL, &error));
  g_assert_no_error (error);
  if (!have_pdftotext ())
    return;
  text = pdf_text (path, NULL);
  at = text;
  /* Every block's text is there, in order (by sentences: the page may
   * break inside a paragraph, the justified lines anywhere). */
  for (guint b = 0; b < blocks->len; b++)
    {
      const TktScriptBlock *block = g_ptr_array_index (blocks, b);
      g_autofree char *flat = g_regex_replace_literal (spaces, block->text, -1, 0, " ", 0, NULL);
      g_auto(GStrv) sentences = g_strsplit (g_strstrip (flat), ". ", -1);

      for (guint i = 0; sentences[i] != NULL; i++)
        {
          const char *found = strstr (at, sentences[i]);

          if (found == NULL)
            g_error ("block %s, sentence %u not found in order: “%s”", block->key, i, sentences[i]);
          at = found + strlen (sentences[i]);
        }
    }
  g_assert_nonnull (strstr (text, "Thừa ủy quyền của Thủ tướng Chính phủ, trân trọng kính mời đồng chí Vừ A Bằng, "
                                  "Phó Chủ tịch UBND tỉnh, lên trao Cờ Thi đua của Chính phủ cho tập thể "
                                  "Sở Khoa học và Công nghệ."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/tkt/ceremony-export/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("ics/event", test_ics_event);
  ADD ("ics/utc-and-planned-end", test_ics_utc_and_planned_end);
  ADD ("ics/no-start", test_ics_no_start);
  ADD ("csv/rows", test_csv_rows);
  ADD ("xlsx/readable", test_xlsx_readable);
  ADD ("xlsx/bad-folder", test_xlsx_bad_folder);
  ADD ("script-pdf/text", test_script_pdf);
  ADD ("script-pdf/cancelled", test_script_pdf_cancelled);
  ADD ("script-pdf/built", test_script_pdf_built);
#undef ADD

  return g_test_run ();
}
