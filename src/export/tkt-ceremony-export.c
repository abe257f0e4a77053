/* tkt-ceremony-export.c — a ceremony's files: the iCalendar event (libical),
 * the award list as CSV and XLSX (libxlsxwriter), the MC's script as PDF
 * (tkt-document.c, the engine the report is laid out with too).
 *
 * The files are documents in Vietnamese (headings, "Quyết định số …",
 * "Tập thể"): their text is the document's language, not gettext's; only
 * the error messages are translated.
 */
#define G_LOG_DOMAIN "tkt-ceremony-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libical/ical.h>
#include <xlsxwriter.h>

#include "tkt-ceremony-export.h"
#include "tkt-document.h"
#include "tkt-script.h"
#include "tkt-text.h"

/* ------------------------------------------------------------------ */
/* Shared helpers                                                       */

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

/* "2024-01-24T14:00:00+07:00" → GDateTime in its own offset. */
static GDateTime *
parse_datetime (const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (nonempty (iso) == NULL)
    return NULL;
  /* Without an offset the time is taken as UTC, the same on every machine. */
  return g_date_time_new_from_iso8601 (iso, utc);
}

/* A temporary file beside path, for a write that is renamed at the end. */
static char *
temp_beside (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  int fd = g_mkstemp_full (tmp_path, O_RDWR, 0666);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  g_close (fd, NULL);
  return g_steal_pointer (&tmp_path);
}

/* ------------------------------------------------------------------ */
/* iCalendar                                                            */

static char *
agenda_description (TktCeremony *ceremony)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GArray) times = NULL;
  guint n = tkt_ceremony_get_n_agenda (ceremony);
  int end_minute = -1;

  times = tkt_ceremony_compute_agenda_times (ceremony, &end_minute);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktAgendaItem) item = tkt_ceremony_get_agenda_item (ceremony, i);
      int minute = times != NULL && i < times->len ? g_array_index (times, int, i) : -1;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (minute >= 0)
        g_string_append_printf (out, "%02d:%02d – ", (minute / 60) % 24, minute % 60);
      g_string_append (out, item->title != NULL ? item->title : "");
      if (nonempty (item->speaker))
        g_string_append_printf (out, " (%s)", item->speaker);
    }
  if (nonempty (tkt_ceremony_get_chair (ceremony)) || nonempty (tkt_ceremony_get_organiser (ceremony)))
    {
      if (out->len > 0)
        g_string_append (out, "\n\n");
      if (nonempty (tkt_ceremony_get_chair (ceremony)))
        g_string_append_printf (out, "Chủ trì: %s\n", tkt_ceremony_get_chair (ceremony));
      if (nonempty (tkt_ceremony_get_organiser (ceremony)))
        g_string_append_printf (out, "Đơn vị tổ chức: %s\n", tkt_ceremony_get_organiser (ceremony));
      g_string_truncate (out, out->len - 1);
    }
  return g_string_free (out, FALSE);
}

static struct icaltimetype
ical_local_time (GDateTime *dt)
{
  struct icaltimetype t = icaltime_null_time ();

  t.year = g_date_time_get_year (dt);
  t.month = g_date_time_get_month (dt);
  t.day = g_date_time_get_day_of_month (dt);
  t.hour = g_date_time_get_hour (dt);
  t.minute = g_date_time_get_minute (dt);
  t.second = g_date_time_get_second (dt);
  t.is_date = 0;
  return t;
}

/* The time zone of a fixed offset: a VTIMEZONE of one STANDARD rule, named
 * with the IANA name calendars know (+07:00 is Vietnam's, Asia/Ho_Chi_Minh;
 * other whole hours Etc/GMT∓N), so GNOME Calendar and Thunderbird show the
 * event at the right hour in any zone. */
static char *
tzid_for_offset (int offset_seconds)
{
  int hours = offset_seconds / 3600;

  if (offset_seconds == 7 * 3600)
    return g_strdup ("Asia/Ho_Chi_Minh");
  if (offset_seconds % 3600 == 0)
    return g_strdup_printf ("Etc/GMT%+d", -hours);   /* POSIX sign: Etc/GMT-7 is +07:00 */
  return g_strdup_printf ("UTC%c%02d:%02d", offset_seconds < 0 ? '-' : '+',
                          ABS (offset_seconds) / 3600, (ABS (offset_seconds) % 3600) / 60);
}

static icalcomponent *
vtimezone_for_offset (const char *tzid,
                      int         offset_seconds)
{
  icalcomponent *vtz = icalcomponent_new_vtimezone ();
  icalcomponent *standard = icalcomponent_new_xstandard ();
  g_autofree char *name = NULL;

  if (offset_seconds % 3600 == 0)
    name = g_strdup_printf ("%+03d", offset_seconds / 3600);
  else
    name = g_strdup_printf ("%c%02d%02d", offset_seconds < 0 ? '-' : '+',
                            ABS (offset_seconds) / 3600, (ABS (offset_seconds) % 3600) / 60);
  icalcomponent_add_property (vtz, icalproperty_new_tzid (tzid));
  icalcomponent_add_property (standard, icalproperty_new_dtstart (icaltime_from_string ("19700101T000000")));
  icalcomponent_add_property (standard, icalproperty_new_tzoffsetfrom (offset_seconds));
  icalcomponent_add_property (standard, icalproperty_new_tzoffsetto (offset_seconds));
  icalcomponent_add_property (standard, icalproperty_new_tzname (name));
  icalcomponent_add_component (vtz, standard);
  return vtz;
}

static icalproperty *
time_property (icalproperty_kind  kind,
               GDateTime         *dt,
               const char        *tzid)
{
  struct icaltimetype t = ical_local_time (dt);
  icalproperty *prop;

  if (tzid == NULL)
    t = icaltime_convert_to_zone (t, icaltimezone_get_utc_timezone ());
  prop = kind == ICAL_DTSTART_PROPERTY ? icalproperty_new_dtstart (t) : icalproperty_new_dtend (t);
  if (tzid != NULL)
    icalproperty_add_parameter (prop, icalparameter_new_tzid (tzid));
  return prop;
}

char *
tkt_ceremony_to_ics (TktCeremony  *ceremony,
                     GError      **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *tzid = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *description = NULL;
  const char *id, *rev;
  icalcomponent *calendar, *event;
  char *ics;
  char *result;
  int offset;
  int end_minute = -1;

  g_return_val_if_fail (TKT_IS_CEREMONY (ceremony), NULL);

  if (nonempty (tkt_ceremony_get_start (ceremony)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The ceremony has no date and time yet; set them before exporting a calendar event"));
      return NULL;
    }
  start = parse_datetime (tkt_ceremony_get_start (ceremony));
  if (start == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The ceremony’s start “%s” is not a date and time"), tkt_ceremony_get_start (ceremony));
      return NULL;
    }
  offset = (int) (g_date_time_get_utc_offset (start) / G_USEC_PER_SEC);

  /* The end: the planned end, else the agenda's end, else none. */
  end = parse_datetime (tkt_ceremony_get_planned_end (ceremony));
  if (end == NULL)
    {
      g_autoptr(GArray) times = tkt_ceremony_compute_agenda_times (ceremony, &end_minute);

      if (end_minute >= 0 && tkt_ceremony_get_n_agenda (ceremony) > 0)
        {
          g_autoptr(GDateTime) midnight = g_date_time_add_full (start, 0, 0, 0,
                                                                -g_date_time_get_hour (start),
                                                                -g_date_time_get_minute (start),
                                                                -g_date_time_get_seconds (start));

          end = g_date_time_add_minutes (midnight, end_minute);
        }
    }
  else
    {
      GDateTime *same_zone = g_date_time_to_timezone (end, g_date_time_get_timezone (start));

      g_date_time_unref (end);
      end = same_zone;
    }
  if (end != NULL && g_date_time_compare (end, start) <= 0)
    g_clear_pointer (&end, g_date_time_unref);

  id = tkt_ceremony_get_id (ceremony);
  uid = g_strdup_printf ("%s@tongket", g_str_has_prefix (id, "ceremony:") ? id + strlen ("ceremony:") : id);
  description = agenda_description (ceremony);

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Tongket//Tongket " PACKAGE_VERSION "//VI"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  if (offset != 0)
    {
      tzid = tzid_for_offset (offset);
      icalcomponent_add_component (calendar, vtimezone_for_offset (tzid, offset));
    }

  event = icalcomponent_new_vevent ();
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (
    icaltime_from_timet_with_zone (time (NULL), 0, icaltimezone_get_utc_timezone ())));
  /* Each saved edit is a new revision "N-…": a re-import replaces the event. */
  rev = tkt_ceremony_get_rev (ceremony);
  if (rev != NULL && g_ascii_isdigit (rev[0]))
    icalcomponent_add_property (event, icalproperty_new_sequence ((int) g_ascii_strtoll (rev, NULL, 10)));
  icalcomponent_add_property (event, time_property (ICAL_DTSTART_PROPERTY, start, tzid));
  if (end != NULL)
    icalcomponent_add_property (event, time_property (ICAL_DTEND_PROPERTY, end, tzid));
  icalcomponent_add_property (event, icalproperty_new_summary (
    nonempty (tkt_ceremony_get_title (ceremony)) ? tkt_ceremony_get_title (ceremony) : ""));
  if (nonempty (tkt_ceremony_get_venue (ceremony)))
    icalcomponent_add_property (event, icalproperty_new_location (tkt_ceremony_get_venue (ceremony)));
  if (description[0] != '\0')
    icalcomponent_add_property (event, icalproperty_new_description (description));
  icalcomponent_add_property (event, icalproperty_new_status (ICAL_STATUS_CONFIRMED));
  icalcomponent_add_component (calendar, event);

  ics = icalcomponent_as_ical_string_r (calendar);
  result = g_strdup (ics);
  icalmemory_free_buffer (ics);
  icalcomponent_free (calendar);
  return result;
}

/* ------------------------------------------------------------------ */
/* The award list                                                       */

typedef struct {
  TktAward   *award;         /* borrowed */
  char       *form_name;
  char       *authority;
  char       *decision;      /* "Quyết định số 12/QĐ-TTg ngày 05/01/2024 của Thủ tướng Chính phủ" */
  char       *counts;        /* "cho 02 tập thể, 02 cá nhân" */
  GPtrArray  *recipients;    /* TktRecipient*, collectives first */
} Group;

static void
group_free (Group *group)
{
  g_free (group->form_name);
  g_free (group->authority);
  g_free (group->decision);
  g_free (group->counts);
  g_ptr_array_unref (group->recipients);
  g_free (group);
}

static char *
decision_text (TktAward *award)
{
  GString *out = g_string_new (NULL);
  const char *number = nonempty (tkt_award_get_decision_number (award));
  const char *date = nonempty (tkt_award_get_decision_date (award));
  const char *issuer = nonempty (tkt_award_get_decision_issuer (award));

  if (number == NULL && date == NULL)
    return g_string_free (out, FALSE);
  g_string_append (out, "Quyết định");
  if (number != NULL)
    g_string_append_printf (out, " số %s", number);
  if (date != NULL)
    {
      g_autofree char *d = tkt_text_format_iso_date (date);

      if (d[0] != '\0')
        g_string_append_printf (out, " ngày %s", d);
    }
  if (issuer != NULL)
    g_string_append_printf (out, " của %s", issuer);
  return g_string_free (out, FALSE);
}

static GPtrArray *
award_groups (TktStore  *store,
              GPtrArray *awards)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  for (guint i = 0; awards != NULL && i < awards->len; i++)
    {
      TktAward *award = g_ptr_array_index (awards, i);
      Group *group = g_new0 (Group, 1);
      g_autoptr(JsonObject) form = NULL;
      guint n = tkt_award_get_n_recipients (award);

      group->award = award;
      if (nonempty (tkt_award_get_form (award)))
        form = tkt_store_get (store, tkt_award_get_form (award), NULL);
      if (form != NULL)
        {
          group->form_name = g_strdup (json_object_get_string_member_with_default (form, "name", ""));
          group->authority = g_strdup (json_object_get_string_member_with_default (form, "authority", ""));
        }
      else
        {
          group->form_name = g_strdup (nonempty (tkt_award_get_form (award)) ? tkt_award_get_form (award) : "");
          group->authority = g_strdup ("");
        }
      group->decision = decision_text (award);
      group->counts = tkt_award_format_counts (award);
      group->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_recipient_free);
      /* Collectives go on stage first, then individuals, each in the
       * award's own order. */
      for (guint pass = 0; pass < 2; pass++)
        for (guint r = 0; r < n; r++)
          {
            TktRecipient *recipient = tkt_award_get_recipient (award, r);
            gboolean collective = g_strcmp0 (recipient->kind, "collective") == 0;

            if (collective == (pass == 0))
              g_ptr_array_add (group->recipients, recipient);
            else
              tkt_recipient_free (recipient);
          }
      g_ptr_array_add (groups, group);
    }
  return groups;
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "collective") == 0)
    return "Tập thể";
  if (g_strcmp0 (kind, "individual") == 0)
    return "Cá nhân";
  return kind != NULL ? kind : "";
}

static void
csv_append_field (GString    *out,
                  const char *value)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

static void
csv_append_row (GString           *out,
                const char * const *cells,
                guint               n_cells)
{
  for (guint c = 0; c < n_cells; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      csv_append_field (out, cells[c]);
    }
  g_string_append (out, "\r\n");
}

gboolean
tkt_awards_write_csv (TktStore       *store,
                      GPtrArray      *awards,
                      GOutputStream  *stream,
                      GError        **error)
{
  static const char * const header[] = {
    "form", "authority", "decision_number", "decision_date", "stt",
    "kind", "name", "position", "organisation",
  };
  g_autoptr(GPtrArray) groups = NULL;
  /* The BOM lets Excel read the file as UTF-8; CRLF as RFC 4180. */
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");

  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  groups = award_groups (store, awards);
  csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = g_ptr_array_index (groups, g);

      for (guint r = 0; r < group->recipients->len; r++)
        {
          TktRecipient *recipient = g_ptr_array_index (group->recipients, r);
          g_autofree char *stt = g_strdup_printf ("%u", r + 1);
          const char *cells[] = {
            group->form_name, group->authority,
            tkt_award_get_decision_number (group->award),
            tkt_award_get_decision_date (group->award),
            stt, recipient->kind, recipient->name, recipient->position, recipient->organisation,
          };

          csv_append_row (out, cells, G_N_ELEMENTS (cells));
        }
    }
  return g_output_stream_write_all (stream, out->str, out->len, NULL, NULL, error);
}

static const char *
roman (guint n)
{
  static const char * const numerals[] = {
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
    "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
  };

  return n >= 1 && n <= G_N_ELEMENTS (numerals) ? numerals[n - 1] : NULL;
}

/* Rows of wrapped text: Excel does not fit row heights to wrapped text on
 * open (LibreOffice does), so estimate the lines from the column widths. */
static double
row_height (const char * const *cells,
            const double       *widths,
            guint               n_cells)
{
  glong lines = 1;

  for (guint c = 0; c < n_cells; c++)
    if (cells[c] != NULL)
      {
        glong chars = g_utf8_strlen (cells[c], -1);
        glong per_line = MAX (1, (glong) (widths[c] * 1.1));

        lines = MAX (lines, (chars + per_line - 1) / per_line);
      }
  return 15.75 * (double) lines;
}

gboolean
tkt_awards_write_xlsx (TktStore    *store,
                       GPtrArray   *awards,
                       const char  *path,
                       GError     **error)
{
  static const char * const header[] = {
    "STT", "Tên tập thể / Họ và tên", "Chức vụ", "Đơn vị", "Đối tượng",
  };
  static const double widths[] = { 6, 34, 30, 40, 12 };
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *subtitle = NULL;
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_format *title_format, *subtitle_format, *header_format, *group_format, *cell_format, *number_format;
  lxw_doc_properties properties = { 0 };
  lxw_row_col_options in_group = { .hidden = 0, .level = 1, .collapsed = 0 };
  lxw_error status;
  lxw_row_t row = 0;
  guint last = G_N_ELEMENTS (header) - 1;

  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  groups = award_groups (store, awards);
  if (awards != NULL && awards->len > 0)
    {
      g_autoptr(JsonObject) ceremony = NULL;
      const char *ceremony_id = tkt_award_get_ceremony (g_ptr_array_index (awards, 0));

      if (nonempty (ceremony_id))
        ceremony = tkt_store_get (store, ceremony_id, NULL);
      if (ceremony != NULL)
        subtitle = g_strdup (json_object_get_string_member_with_default (ceremony, "title", ""));
    }

  tmp_path = temp_beside (path, error);
  if (tmp_path == NULL)
    return FALSE;

  workbook = workbook_new (tmp_path);
  if (workbook == NULL)
    {
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), path);
      return FALSE;
    }
  properties.title = (char *) "Danh sách khen thưởng";
  properties.subject = subtitle;
  properties.author = (char *) "Tongket";
  workbook_set_properties (workbook, &properties);
  sheet = workbook_add_worksheet (workbook, "Khen thưởng");

  title_format = workbook_add_format (workbook);
  format_set_bold (title_format);
  format_set_font_size (title_format, 14);
  format_set_align (title_format, LXW_ALIGN_CENTER);
  subtitle_format = workbook_add_format (workbook);
  format_set_italic (subtitle_format);
  format_set_align (subtitle_format, LXW_ALIGN_CENTER);
  format_set_text_wrap (subtitle_format);
  header_format = workbook_add_format (workbook);
  format_set_bold (header_format);
  format_set_align (header_format, LXW_ALIGN_CENTER);
  format_set_align (header_format, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap (header_format);
  format_set_border (header_format, LXW_BORDER_THIN);
  format_set_bg_color (header_format, 0xE7E6E6);
  group_format = workbook_add_format (workbook);
  format_set_bold (group_format);
  format_set_text_wrap (group_format);
  format_set_align (group_format, LXW_ALIGN_VERTICAL_TOP);
  format_set_border (group_format, LXW_BORDER_THIN);
  cell_format = workbook_add_format (workbook);
  format_set_text_wrap (cell_format);
  format_set_align (cell_format, LXW_ALIGN_VERTICAL_TOP);
  format_set_border (cell_format, LXW_BORDER_THIN);
  number_format = workbook_add_format (workbook);
  format_set_align (number_format, LXW_ALIGN_CENTER);
  format_set_align (number_format, LXW_ALIGN_VERTICAL_TOP);
  format_set_border (number_format, LXW_BORDER_THIN);

  for (guint c = 0; c < G_N_ELEMENTS (widths); c++)
    worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, widths[c], NULL);

  worksheet_merge_range (sheet, row, 0, row, (lxw_col_t) last, "DANH SÁCH KHEN THƯỞNG", title_format);
  worksheet_set_row (sheet, row, 21, NULL);
  row++;
  if (nonempty (subtitle))
    {
      worksheet_merge_range (sheet, row, 0, row, (lxw_col_t) last, subtitle, subtitle_format);
      worksheet_set_row (sheet, row, 33, NULL);
      row++;
    }
  row++;
  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    worksheet_write_string (sheet, row, (lxw_col_t) c, header[c], header_format);
  worksheet_repeat_rows (sheet, row, row);
  worksheet_freeze_panes (sheet, row + 1, 0);
  row++;

  /* One bold group row per award (its form, authority, decision and
   * counts), then its recipients at outline level 1 under it, so each form
   * folds in Excel and LibreOffice. */
  worksheet_outline_settings (sheet, LXW_TRUE, LXW_FALSE, LXW_TRUE, LXW_FALSE);
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = g_ptr_array_index (groups, g);
      GString *text = g_string_new (NULL);
      const char *numeral = roman (g + 1);
      double group_width = 0;

      if (numeral != NULL)
        g_string_append_printf (text, "%s. ", numeral);
      else
        g_string_append_printf (text, "%u. ", g + 1);
      g_string_append (text, group->form_name);
      if (nonempty (group->authority))
        g_string_append_printf (text, " (%s)", group->authority);
      if (nonempty (group->counts))
        g_string_append_printf (text, " %s", group->counts);
      if (nonempty (group->decision))
        g_string_append_printf (text, " — %s", group->decision);
      worksheet_merge_range (sheet, row, 0, row, (lxw_col_t) last, text->str, group_format);
      for (guint c = 0; c < G_N_ELEMENTS (widths); c++)
        group_width += widths[c];
      {
        const char *cells[] = { text->str };

        worksheet_set_row (sheet, row, row_height (cells, &group_width, 1), NULL);
      }
      g_string_free (text, TRUE);
      row++;

      for (guint r = 0; r < group->recipients->len; r++)
        {
          TktRecipient *recipient = g_ptr_array_index (group->recipients, r);
          const char *cells[] = {
            "", recipient->name, recipient->position, recipient->organisation, kind_label (recipient->kind),
          };

          worksheet_set_row_opt (sheet, row, row_height (cells, widths, G_N_ELEMENTS (cells)), NULL, &in_group);
          worksheet_write_number (sheet, row, 0, r + 1, number_format);
          for (guint c = 1; c < G_N_ELEMENTS (cells); c++)
            worksheet_write_string (sheet, row, (lxw_col_t) c, cells[c] != NULL ? cells[c] : "", cell_format);
          row++;
        }
    }

  worksheet_set_paper (sheet, 9);   /* A4 */
  worksheet_set_margins (sheet, 30 / 25.4, 15 / 25.4, 20 / 25.4, 20 / 25.4);
  worksheet_fit_to_pages (sheet, 1, 0);

  status = workbook_close (workbook);
  if (status != LXW_NO_ERROR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write %s: %s"), path, lxw_strerror (status));
      g_unlink (tmp_path);
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The script as a document                                             */

static char *
when_and_where (TktCeremony *ceremony)
{
  g_autoptr(GDateTime) start = parse_datetime (tkt_ceremony_get_start (ceremony));
  GString *out = g_string_new (NULL);

  if (start != NULL)
    {
      GDate date;
      g_autofree char *long_date = NULL;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (start),
                      (GDateMonth) g_date_time_get_month (start),
                      (GDateYear) g_date_time_get_year (start));
      long_date = tkt_text_format_date_long (&date);
      g_string_append_printf (out, "Thời gian: %02d giờ %02d, %s",
                              g_date_time_get_hour (start), g_date_time_get_minute (start), long_date);
    }
  if (nonempty (tkt_ceremony_get_venue (ceremony)))
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "Địa điểm: %s", tkt_ceremony_get_venue (ceremony));
    }
  return g_string_free (out, FALSE);
}

TktDocument *
tkt_script_document_new (TktCeremony *ceremony,
                         GPtrArray   *blocks)
{
  TktDocument *document;
  g_autofree char *where = NULL;
  const char *title;

  g_return_val_if_fail (TKT_IS_CEREMONY (ceremony), NULL);
  g_return_val_if_fail (blocks != NULL, NULL);

  title = nonempty (tkt_ceremony_get_title (ceremony));
  document = tkt_document_new (TKT_DOCUMENT_A4_WIDTH, TKT_DOCUMENT_A4_HEIGHT);
  tkt_document_add (document, TKT_DOCUMENT_TITLE, "KỊCH BẢN CHƯƠNG TRÌNH");
  if (title != NULL)
    tkt_document_add (document, TKT_DOCUMENT_SUBTITLE, title);
  where = when_and_where (ceremony);
  tkt_document_add (document, TKT_DOCUMENT_CENTRED, where);
  tkt_document_add_space (document, 12);

  for (guint i = 0; i < blocks->len; i++)
    {
      const TktScriptBlock *block = g_ptr_array_index (blocks, i);

      if (nonempty (block->title))
        tkt_document_add (document, TKT_DOCUMENT_HEADING, block->title);
      tkt_document_add (document, TKT_DOCUMENT_PARAGRAPH, block->text);
      tkt_document_add_space (document, 6);
    }
  return document;
}

gboolean
tkt_script_write_pdf (TktCeremony   *ceremony,
                      GPtrArray     *blocks,
                      const char    *path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(TktDocument) document = NULL;
  g_autofree char *pdf_title = NULL;
  const char *title;

  g_return_val_if_fail (TKT_IS_CEREMONY (ceremony), FALSE);
  g_return_val_if_fail (blocks != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  title = nonempty (tkt_ceremony_get_title (ceremony));
  document = tkt_script_document_new (ceremony, blocks);
  pdf_title = g_strdup_printf ("Kịch bản: %s", title != NULL ? title : "");
  return tkt_document_write_pdf (document, path, pdf_title,
                                 nonempty (tkt_ceremony_get_organiser (ceremony)),
                                 cancellable, error);
}
