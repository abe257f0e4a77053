/* tongket-cli.c — the command-line tool: import, export, list, demo, report,
 * ceremony, awards, slides.
 *
 * Exit codes: 0 success, 1 user error (bad arguments, bad file, a file that
 * is not a Tongket database: a message on stderr, nothing written), 2 an
 * internal error.
 */
#define G_LOG_DOMAIN "tongket-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <signal.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "tkt-award.h"
#include "tkt-catalog.h"
#include "tkt-ceremony.h"
#include "tkt-ceremony-export.h"
#include "tkt-demo.h"
#include "tkt-figures.h"
#include "tkt-io.h"
#include "tkt-script.h"
#include "tkt-slides.h"
#include "tkt-report.h"
#include "tkt-report-pdf.h"
#include "tkt-store.h"
#include "tkt-store-sync.h"
#include "tkt-task-list.h"
#include "tkt-task.h"
#include "tkt-text.h"
#include "tkt-vocab.h"
#include "tkt-replicator.h"

enum {
  EXIT_OK = 0,
  EXIT_USER = 1,
  EXIT_INTERNAL = 2,
};

static char *opt_db = NULL;

/* Usage errors of our own (not GOptionContext's) */
#define CLI_ERROR (cli_error_quark ())
static G_DEFINE_QUARK (tkt-cli-error-quark, cli_error)

static const GOptionEntry db_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("Database file (default: ~/.local/share/tongket/tongket.db)"), N_("PATH") },
  { NULL }
};

static void
print_error (const char *message)
{
  fprintf (stderr, "%s: %s\n", g_get_prgname (), message);
}

static int
exit_code_for (const GError *error)
{
  if (error->domain == TKT_STORE_ERROR)
    {
      switch ((TktStoreError) error->code)
        {
        case TKT_STORE_ERROR_NOT_DATABASE:
        case TKT_STORE_ERROR_NEWER_VERSION:
        case TKT_STORE_ERROR_NOT_FOUND:
        case TKT_STORE_ERROR_CONFLICT:
        case TKT_STORE_ERROR_INVALID:
        case TKT_STORE_ERROR_READ_ONLY:
        case TKT_STORE_ERROR_FULL:
          return EXIT_USER;
        case TKT_STORE_ERROR_FAILED:
        default:
          return EXIT_INTERNAL;
        }
    }
  if (error->domain == TKT_IO_ERROR ||
      error->domain == TKT_TEXT_ERROR ||
      error->domain == G_OPTION_ERROR ||
      error->domain == G_FILE_ERROR ||
      error->domain == G_IO_ERROR ||
      error->domain == CLI_ERROR)
    return EXIT_USER;
  return EXIT_INTERNAL;
}

static int
fail (const GError *error)
{
  print_error (error->message);
  return exit_code_for (error);
}

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "tongket", "tongket.db", NULL);
}

static gboolean
write_all (FILE         *stream,
           const void   *data,
           gsize         len,
           GError      **error)
{
  if ((len > 0 && fwrite (data, 1, len, stream) != len) || fflush (stream) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the output: %s"), g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* A database opened for one command.  If the file did not exist before and
 * the command fails, it is removed again, so a failed command leaves no
 * trace. */
typedef struct {
  char     *path;
  gboolean  created;
  TktStore *store;
} Db;

static gboolean
db_open (Db      *db,
         GError **error)
{
  if (opt_db != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (opt_db);

      db->path = g_strdup (opt_db);
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                       _("%s: the folder %s does not exist"), opt_db, dir);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *dir = NULL;

      db->path = default_db_path ();
      dir = g_path_get_dirname (db->path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
          return FALSE;
        }
    }
  db->created = !g_file_test (db->path, G_FILE_TEST_EXISTS);
  db->store = tkt_store_open (db->path, error);
  if (db->store == NULL)
    {
      g_prefix_error (error, "%s: ", db->path);
      return FALSE;
    }
  return TRUE;
}

static void
db_close (Db      *db,
          gboolean success)
{
  g_clear_object (&db->store);
  if (!success && db->created && db->path != NULL)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

      for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = g_strconcat (db->path, suffixes[i], NULL);

          g_unlink (name);
        }
    }
  g_clear_pointer (&db->path, g_free);
}

/* GOptionContext for a command: argv[0] becomes "tongket-cli COMMAND". */
static gboolean
parse_command_options (const char    *command,
                       const char    *parameter_string,
                       const char    *summary,
                       const GOptionEntry *entries,
                       int           *argc,
                       char        ***argv,
                       GError       **error)
{
  /* "Usage: tongket-cli [OPTION…] list tasks" */
  g_autofree char *usage = g_strconcat (command, parameter_string ? " " : "", parameter_string, NULL);
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  g_autofree char *name = g_strdup_printf ("%s %s", g_get_prgname (), command);

  g_free ((*argv)[0]);
  (*argv)[0] = g_steal_pointer (&name);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* parse_strv frees what it removes from the (owned) vector */
  if (!g_option_context_parse_strv (context, argv, error))
    return FALSE;
  *argc = (int) g_strv_length (*argv);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* import                                                               */

static char *opt_import_format = NULL;

static int
command_import (int    argc,
                char **argv)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_import_format,
      N_("File format: json or csv (default: from the file name and contents)"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  Db db = { 0 };
  TktIoFormat format;
  guint n_imported = 0;
  char *data = NULL;
  gsize len = 0;
  int status;

  if (!parse_command_options ("import", _("FILE"),
                              _("Imports documents from a JSON file (an array or {\"docs\": […]}) "
                                "or tasks from a CSV file with a header row. Everything is imported, "
                                "or nothing if anything is wrong."),
                              entries, &argc, &argv, &error))
    return fail (error);

  if (argc != 2)
    {
      g_set_error_literal (&error, CLI_ERROR, 0,
                           argc < 2 ? _("Which file? Usage: tongket-cli import FILE")
                                    : _("Only one file, please. Usage: tongket-cli import FILE"));
      return fail (error);
    }

  /* Read the file before touching the database. */
  if (g_str_equal (argv[1], "-"))
    {
      GByteArray *buffer = g_byte_array_new ();
      guint8 chunk[65536];
      size_t n;

      while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
        g_byte_array_append (buffer, chunk, (guint) n);
      if (ferror (stdin))
        {
          g_byte_array_unref (buffer);
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Could not read the standard input: %s"), g_strerror (errno));
          return fail (error);
        }
      contents = g_byte_array_free_to_bytes (buffer);
    }
  else
    {
      if (!g_file_get_contents (argv[1], &data, &len, &error))
        return fail (error);
      contents = g_bytes_new_take (data, len);
    }

  if (opt_import_format == NULL)
    format = tkt_io_guess_format (argv[1], contents);
  else if (g_ascii_strcasecmp (opt_import_format, "json") == 0)
    format = TKT_IO_FORMAT_JSON;
  else if (g_ascii_strcasecmp (opt_import_format, "csv") == 0)
    format = TKT_IO_FORMAT_CSV;
  else
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unknown format “%s”: use json or csv"), opt_import_format);
      return fail (error);
    }

  if (!db_open (&db, &error))
    {
      db_close (&db, FALSE);
      return fail (error);
    }

  if (!tkt_io_import (db.store, contents, format, &n_imported, NULL, NULL, &error))
    {
      db_close (&db, FALSE);
      if (!g_str_equal (argv[1], "-"))
        g_prefix_error (&error, "%s: ", argv[1]);
      return fail (error);
    }
  db_close (&db, TRUE);

  printf (ngettext ("Imported %u document\n", "Imported %u documents\n", n_imported), n_imported);
  status = fflush (stdout) == 0 ? EXIT_OK : EXIT_INTERNAL;
  return status;
}

/* ------------------------------------------------------------------ */
/* export                                                               */

static char *opt_export_format = NULL;
static char *opt_output = NULL;

static int
command_export (int    argc,
                char **argv)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_export_format,
      N_("json (every document, re-imports as the same documents) or csv (the tasks)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
      N_("Write to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  Db db = { 0 };
  TktIoFormat format = TKT_IO_FORMAT_JSON;
  gboolean ok;

  if (!parse_command_options ("export", NULL,
                              _("Writes every document as JSON, or the tasks as CSV."),
                              entries, &argc, &argv, &error))
    return fail (error);
  if (argc > 1)
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unexpected argument “%s” (use -o FILE to name the output)"), argv[1]);
      return fail (error);
    }
  if (opt_export_format == NULL || g_ascii_strcasecmp (opt_export_format, "json") == 0)
    format = TKT_IO_FORMAT_JSON;
  else if (g_ascii_strcasecmp (opt_export_format, "csv") == 0)
    format = TKT_IO_FORMAT_CSV;
  else
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unknown format “%s”: use json or csv"), opt_export_format);
      return fail (error);
    }

  if (!db_open (&db, &error))
    {
      db_close (&db, FALSE);
      return fail (error);
    }
  contents = tkt_io_export (db.store, format, &error);
  if (contents == NULL)
    ok = FALSE;
  else if (opt_output != NULL && !g_str_equal (opt_output, "-"))
    ok = g_file_set_contents (opt_output, g_bytes_get_data (contents, NULL),
                              (gssize) g_bytes_get_size (contents), &error);
  else
    ok = write_all (stdout, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), &error);
  db_close (&db, ok);
  if (!ok)
    return fail (error);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* list tasks                                                           */

static char *opt_search = NULL;
static char *opt_level = NULL;
static char *opt_programme = NULL;
static char *opt_sector = NULL;
static char *opt_status = NULL;
static int opt_year = 0;
static char *opt_sort = NULL;
static char *opt_list_format = NULL;

static char *
vocab_choices (TktVocabKind kind)
{
  const TktVocab *vocab = tkt_vocab_get (kind);
  GString *out = g_string_new (NULL);

  for (guint i = 0; vocab[i].key != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, vocab[i].key);
    }
  return g_string_free (out, FALSE);
}

/* A programme or sector given by _id, by the text after "type:", or by name. */
static char *
catalog_resolve (GPtrArray  *docs,
                 const char *type,
                 const char *text)
{
  g_autofree char *folded = tkt_text_fold (text);
  g_autofree char *prefixed = g_strconcat (type, ":", text, NULL);

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *id = json_object_get_string_member_with_default (doc, "_id", "");
      const char *name = json_object_get_string_member_with_default (doc, "name", NULL);
      const char *short_name = json_object_get_string_member_with_default (doc, "short_name", NULL);

      if (g_str_equal (id, text) || g_str_equal (id, prefixed))
        return g_strdup (id);
      if (name != NULL)
        {
          g_autofree char *f = tkt_text_fold (name);

          if (g_str_equal (f, folded))
            return g_strdup (id);
        }
      if (short_name != NULL)
        {
          g_autofree char *f = tkt_text_fold (short_name);

          if (g_str_equal (f, folded))
            return g_strdup (id);
        }
    }
  return NULL;
}

static void
append_tsv_cell (GString    *out,
                 const char *value)
{
  for (const char *p = value ? value : ""; *p; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

static int
command_list (int    argc,
              char **argv)
{
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &opt_search,
      N_("Tasks whose text contains these words (tone marks and đ/d do not matter)"), N_("TEXT") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &opt_level,
      N_("Management level: national, provincial or grassroots"), N_("LEVEL") },
    { "programme", 0, 0, G_OPTION_ARG_STRING, &opt_programme,
      N_("Programme (id or name)"), N_("ID") },
    { "sector", 0, 0, G_OPTION_ARG_STRING, &opt_sector,
      N_("Sector (id or name)"), N_("SECTOR") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &opt_status,
      N_("Current stage, e.g. in_progress or accepted"), N_("STAGE") },
    { "year", 0, 0, G_OPTION_ARG_INT, &opt_year,
      N_("Tasks active in this year"), N_("YEAR") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &opt_sort,
      N_("Sort by code, title, level, programme, sector, status, lead_org, pi, start, end or budget; “-title” for descending"), N_("FIELD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_list_format,
      N_("tsv (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) catalog = NULL;
  TktTaskFilter filter = { 0 };
  gboolean json = FALSE;
  Db db = { 0 };
  int status = EXIT_OK;

  if (!parse_command_options ("list", "tasks",  /* the word to type, not translated */
                              _("Lists the tasks, filtered and sorted, as TSV (a header row, then "
                                "code, title, level, programme, sector, status, lead_org, pi, start, "
                                "end, budget_total) or as a JSON array of task documents."),
                              entries, &argc, &argv, &error))
    return fail (error);

  if (argc != 2 || !g_str_equal (argv[1], "tasks"))
    {
      g_set_error (&error, CLI_ERROR, 0, _("What should be listed? Usage: tongket-cli list tasks [OPTION…]"));
      return fail (error);
    }

  if (opt_list_format == NULL || g_ascii_strcasecmp (opt_list_format, "tsv") == 0)
    json = FALSE;
  else if (g_ascii_strcasecmp (opt_list_format, "json") == 0)
    json = TRUE;
  else
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unknown format “%s”: use tsv or json"), opt_list_format);
      return fail (error);
    }

  filter.sort = TKT_TASK_SORT_CODE;
  if (opt_sort != NULL && !tkt_task_sort_from_string (opt_sort, &filter.sort, &filter.descending))
    {
      g_set_error (&error, CLI_ERROR, 0,
                   _("Cannot sort by “%s”: use code, title, level, programme, sector, status, "
                     "lead_org, pi, start, end or budget (“-title” for descending)"), opt_sort);
      return fail (error);
    }
  if (opt_level != NULL)
    {
      const char *key = tkt_vocab_lookup (TKT_VOCAB_LEVEL, opt_level);

      if (key == NULL)
        {
          g_autofree char *choices = vocab_choices (TKT_VOCAB_LEVEL);

          g_set_error (&error, CLI_ERROR, 0, _("Unknown level “%s”: use %s"), opt_level, choices);
          goto out;
        }
      filter.level = g_strdup (key);
    }
  if (opt_status != NULL)
    {
      const char *key = tkt_vocab_lookup (TKT_VOCAB_STAGE, opt_status);

      if (key == NULL)
        {
          g_autofree char *choices = vocab_choices (TKT_VOCAB_STAGE);

          g_set_error (&error, CLI_ERROR, 0, _("Unknown status “%s”: use %s"), opt_status, choices);
          goto out;
        }
      filter.status = g_strdup (key);
    }
  if (opt_year < 0 || opt_year > 9999)
    {
      g_set_error (&error, CLI_ERROR, 0, _("%d is not a year"), opt_year);
      goto out;
    }
  filter.year = opt_year;
  filter.search = g_strdup (opt_search);

  if (!db_open (&db, &error))
    goto out;

  if (opt_programme != NULL)
    {
      catalog = tkt_catalog_list_programmes (db.store);
      filter.programme = catalog_resolve (catalog, "programme", opt_programme);
      g_clear_pointer (&catalog, g_ptr_array_unref);
      if (filter.programme == NULL)
        {
          g_set_error (&error, CLI_ERROR, 0, _("There is no programme “%s”"), opt_programme);
          goto out;
        }
    }
  if (opt_sector != NULL)
    {
      catalog = tkt_catalog_list_sectors (db.store);
      filter.sector = catalog_resolve (catalog, "sector", opt_sector);
      g_clear_pointer (&catalog, g_ptr_array_unref);
      if (filter.sector == NULL)
        {
          g_set_error (&error, CLI_ERROR, 0, _("There is no sector “%s”"), opt_sector);
          goto out;
        }
    }

  ids = tkt_task_query_ids (db.store, &filter, &error);
  if (ids == NULL)
    goto out;

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      for (guint i = 0; ids[i] != NULL; i++)
        {
          JsonObject *doc = tkt_store_get (db.store, ids[i], NULL);

          if (doc != NULL)
            json_array_add_object_element (array, doc);
        }
      json_node_set_array (root, array);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  else
    {
      g_string_append (out, "code\ttitle\tlevel\tprogramme\tsector\tstatus\tlead_org\tpi\tstart\tend\tbudget_total\n");
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_autoptr(JsonObject) doc = tkt_store_get (db.store, ids[i], NULL);
          g_autoptr(TktTask) task = NULL;
          const char *cells[10];
          gint64 total;

          if (doc == NULL)
            continue;
          task = tkt_task_new_from_json (doc);
          cells[0] = tkt_task_get_code (task);
          cells[1] = tkt_task_get_title (task);
          cells[2] = tkt_task_get_level (task);
          cells[3] = tkt_task_get_programme (task);
          cells[4] = tkt_task_get_sector (task);
          cells[5] = tkt_task_get_status (task);
          cells[6] = tkt_task_get_lead_org (task);
          cells[7] = tkt_task_get_pi (task);
          cells[8] = tkt_task_get_start (task);
          cells[9] = tkt_task_get_end (task);
          for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
            {
              append_tsv_cell (out, cells[c]);
              g_string_append_c (out, '\t');
            }
          total = tkt_task_get_budget_total (task);
          if (total >= 0)
            g_string_append_printf (out, "%" G_GINT64_FORMAT, total);
          g_string_append_c (out, '\n');
        }
    }

  write_all (stdout, out->str, out->len, &error);

out:
  if (error != NULL)
    status = fail (error);
  db_close (&db, status == EXIT_OK);
  tkt_task_filter_clear (&filter);
  return status;
}

/* ------------------------------------------------------------------ */
/* demo                                                                 */

static int
command_demo (int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  Db db = { 0 };

  if (!parse_command_options ("demo", NULL,
                              _("Fills the database with the demo register of the article: "
                                "the Điện Biên Department of Science and Technology, 2023."),
                              NULL, &argc, &argv, &error))
    return fail (error);
  if (argc > 1)
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unexpected argument “%s”"), argv[1]);
      return fail (error);
    }
  if (!db_open (&db, &error) || !tkt_demo_fill (db.store, &error))
    {
      db_close (&db, FALSE);
      return fail (error);
    }
  printf (_("Added the demo register to %s\n"), db.path);
  db_close (&db, TRUE);
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_INTERNAL;
}

/* ------------------------------------------------------------------ */
/* report                                                               */

static char *opt_report_format = NULL;
static char *opt_report_output = NULL;

typedef enum {
  REPORT_TEXT,
  REPORT_JSON,
  REPORT_PDF,
} ReportFormat;

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* The stable JSON of `report YEAR --format json` (README.md, "Report
 * figures (JSON)"): the report's metadata, the year's figures and the year
 * before's, as tkt_figures_to_json writes them. */
static JsonObject *
report_to_json (TktReport        *report,
                gboolean          exists,
                const TktFigures *figures,
                const TktFigures *previous)
{
  JsonObject *root = json_object_new ();
  JsonObject *meta = json_object_new ();
  JsonObject *signer = json_object_new ();
  JsonObject *plan = json_object_new ();
  int year = tkt_report_get_year (report);
  g_autofree char *title = g_strdup_printf ("Tổng kết công tác năm %d và phương hướng, nhiệm vụ năm %d",
                                            year, year + 1);
  g_autofree char *group_count = tkt_report_format_group_count (report);
  g_auto(GStrv) recipients = tkt_report_dup_recipients (report);
  JsonArray *recipient_array = json_array_new ();

  json_object_set_int_member (root, "year", year);

  json_object_set_string_member (meta, "id", tkt_report_get_id (report));
  json_object_set_boolean_member (meta, "exists", exists);
  set_string_or_null (meta, "rev", exists ? tkt_report_get_rev (report) : NULL);
  set_string_or_null (meta, "organisation", tkt_report_get_organisation (report));
  set_string_or_null (meta, "parent_organisation", tkt_report_get_parent_organisation (report));
  set_string_or_null (meta, "number", tkt_report_get_number (report));
  set_string_or_null (meta, "place", tkt_report_get_place (report));
  set_string_or_null (meta, "date", tkt_report_get_date (report));
  json_object_set_string_member (meta, "title", title);
  json_object_set_boolean_member (meta, "frozen", tkt_report_is_frozen (report));
  set_string_or_null (meta, "issued_at", tkt_report_get_issued_at (report));
  json_object_set_int_member (meta, "sections", tkt_report_get_n_sections (report));
  json_object_set_int_member (plan, "groups", tkt_report_get_n_groups (report));
  json_object_set_string_member (plan, "groups_text", group_count);
  json_object_set_int_member (plan, "targets", tkt_report_get_n_targets (report));
  json_object_set_int_member (plan, "documents", tkt_report_get_n_documents (report));
  json_object_set_object_member (meta, "plan", plan);
  set_string_or_null (signer, "title", tkt_report_get_signer_title (report));
  set_string_or_null (signer, "name", tkt_report_get_signer_name (report));
  json_object_set_object_member (meta, "signer", signer);
  for (guint i = 0; recipients[i] != NULL; i++)
    json_array_add_string_element (recipient_array, recipients[i]);
  json_object_set_array_member (meta, "recipients", recipient_array);
  json_object_set_object_member (root, "report", meta);

  json_object_set_object_member (root, "figures", tkt_figures_to_json (figures));
  json_object_set_object_member (root, "previous", tkt_figures_to_json (previous));

  return root;
}

static int
command_report (int    argc,
                char **argv)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_report_format,
      N_("text (default), json (the figures, the year before’s and the report’s details) or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_report_output,
      N_("Write to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TktReport) report = NULL;
  g_autoptr(TktFigures) figures = NULL;
  g_autoptr(TktFigures) previous = NULL;
  g_autoptr(GBytes) contents = NULL;
  ReportFormat format = REPORT_TEXT;
  gboolean exists = TRUE;
  gboolean to_stdout;
  gint64 year = 0;
  Db db = { 0 };
  int status = EXIT_OK;

  if (!parse_command_options ("report", _("YEAR"),
                              _("Writes the annual report of YEAR: its figures computed from the register "
                                "(or frozen when the report was issued), as plain text, JSON or PDF. "
                                "A year without a report document gets a blank report with its figures."),
                              entries, &argc, &argv, &error))
    return fail (error);

  if (argc != 2)
    {
      g_set_error_literal (&error, CLI_ERROR, 0,
                           argc < 2 ? _("Which year? Usage: tongket-cli report YEAR [--format text|json|pdf] [-o FILE]")
                                    : _("Only one year, please. Usage: tongket-cli report YEAR [--format text|json|pdf] [-o FILE]"));
      return fail (error);
    }
  if (!g_ascii_string_to_signed (argv[1], 10, 1990, 2100, &year, NULL))
    {
      g_set_error (&error, CLI_ERROR, 0, _("“%s” is not a year a report can be written for (1990 to 2100)"), argv[1]);
      return fail (error);
    }

  if (opt_report_format == NULL || g_ascii_strcasecmp (opt_report_format, "text") == 0)
    format = REPORT_TEXT;
  else if (g_ascii_strcasecmp (opt_report_format, "json") == 0)
    format = REPORT_JSON;
  else if (g_ascii_strcasecmp (opt_report_format, "pdf") == 0)
    format = REPORT_PDF;
  else
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unknown format “%s”: use text, json or pdf"), opt_report_format);
      return fail (error);
    }
  to_stdout = opt_report_output == NULL || g_str_equal (opt_report_output, "-");

  if (!db_open (&db, &error))
    goto out;

  report = tkt_report_load (db.store, (int) year, &error);
  if (report == NULL && g_error_matches (error, TKT_STORE_ERROR, TKT_STORE_ERROR_NOT_FOUND))
    {
      /* No report written for that year: its figures all the same. */
      g_clear_error (&error);
      report = tkt_report_new ((int) year, NULL, NULL);
      exists = FALSE;
    }
  if (report == NULL)
    goto out;
  if (!tkt_report_get_figures (report, db.store, &figures, &previous, &error))
    goto out;

  switch (format)
    {
    case REPORT_TEXT:
      {
        char *text = tkt_report_to_text (report, figures, previous);

        contents = g_bytes_new_take (text, strlen (text));
      }
      break;

    case REPORT_JSON:
      {
        g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autofree char *text = NULL;
        char *with_newline;
        gsize len;

        json_node_take_object (root, report_to_json (report, exists, figures, previous));
        json_generator_set_pretty (generator, TRUE);
        json_generator_set_indent (generator, 2);
        json_generator_set_root (generator, root);
        text = json_generator_to_data (generator, &len);
        with_newline = g_strconcat (text, "\n", NULL);
        contents = g_bytes_new_take (with_newline, len + 1);
      }
      break;

    case REPORT_PDF:
      if (!to_stdout)
        {
          if (!tkt_report_write_pdf (report, figures, previous, opt_report_output, NULL, &error))
            goto out;
        }
      else
        {
          g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

          if (!tkt_report_write_pdf_to_stream (report, figures, previous, stream, NULL, &error) ||
              !g_output_stream_close (stream, NULL, &error))
            goto out;
          contents = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (contents != NULL)
    {
      if (to_stdout)
        write_all (stdout, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), &error);
      else
        g_file_set_contents (opt_report_output, g_bytes_get_data (contents, NULL),
                             (gssize) g_bytes_get_size (contents), &error);
    }

out:
  if (error != NULL)
    status = fail (error);
  db_close (&db, status == EXIT_OK);
  return status;
}

/* ------------------------------------------------------------------ */
/* ceremony, awards                                                     */

static char *opt_ceremony_format = NULL;
static char *opt_ceremony_output = NULL;
static char *opt_awards_format = NULL;
static char *opt_awards_output = NULL;

/* A ceremony by its _id, by the part after "ceremony:", or by an
 * unambiguous beginning of that part (as "ceremony list" prints them). */
static TktCeremony *
ceremony_find (TktStore    *store,
               const char  *text,
               GError     **error)
{
  g_autoptr(GPtrArray) list = tkt_ceremony_list (store);
  const char *bare = g_str_has_prefix (text, "ceremony:") ? text + strlen ("ceremony:") : text;
  const char *found = NULL;
  guint n_found = 0;

  for (guint i = 0; bare[0] != '\0' && i < list->len; i++)
    {
      const char *id = json_object_get_string_member_with_default (g_ptr_array_index (list, i), "_id", "");
      const char *id_bare = g_str_has_prefix (id, "ceremony:") ? id + strlen ("ceremony:") : id;

      if (g_str_equal (id_bare, bare))
        {
          found = id;
          n_found = 1;
          break;
        }
      if (g_str_has_prefix (id_bare, bare))
        {
          found = id;
          n_found++;
        }
    }
  if (n_found == 0)
    {
      g_set_error (error, CLI_ERROR, 0,
                   _("There is no ceremony “%s”; “tongket-cli ceremony list” shows them"), text);
      return NULL;
    }
  if (n_found > 1)
    {
      g_set_error (error, CLI_ERROR, 0,
                   _("“%s” is the beginning of several ceremony ids; give more of it"), text);
      return NULL;
    }
  return tkt_ceremony_load (store, found, error);
}

static gboolean
write_output (const char  *output,
              const char  *data,
              gsize        len,
              GError     **error)
{
  if (output != NULL && !g_str_equal (output, "-"))
    return g_file_set_contents (output, data, (gssize) len, error);
  return write_all (stdout, data, len, error);
}

/* A binary file (PDF, XLSX) that the export writes to a path: to that
 * path, or with "-o -" through a temporary file to the standard output. */
typedef gboolean (*WriteFileFunc) (const char *path,
                                   gpointer    data,
                                   GError    **error);

static gboolean
write_binary_output (const char     *output,
                     const char     *what,
                     WriteFileFunc   func,
                     gpointer        data,
                     GError        **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  gboolean ok;
  int fd;

  if (output == NULL)
    {
      g_set_error (error, CLI_ERROR, 0,
                   _("A %s file is not text: name it with -o FILE (or -o - for the standard output)"), what);
      return FALSE;
    }
  if (!g_str_equal (output, "-"))
    return func (output, data, error);

  fd = g_file_open_tmp ("tongket-XXXXXX", &tmp_path, error);
  if (fd < 0)
    return FALSE;
  g_close (fd, NULL);
  ok = func (tmp_path, data, error) &&
       g_file_get_contents (tmp_path, &contents, &len, error) &&
       write_all (stdout, contents, len, error);
  g_unlink (tmp_path);
  return ok;
}

static char *
json_to_text (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* The format named by --format, or guessed from -o's extension, or the
 * first of choices. */
static const char *
pick_format (const char          *format,
             const char          *output,
             const char * const  *choices,
             GError             **error)
{
  if (format != NULL)
    {
      for (guint i = 0; choices[i] != NULL; i++)
        if (g_ascii_strcasecmp (format, choices[i]) == 0)
          return choices[i];
      {
        g_autofree char *list = g_strjoinv (", ", (char **) choices);

        g_set_error (error, CLI_ERROR, 0, _("Unknown format “%s”: use %s"), format, list);
      }
      return NULL;
    }
  if (output != NULL)
    {
      const char *dot = strrchr (output, '.');

      for (guint i = 0; dot != NULL && choices[i] != NULL; i++)
        if (g_ascii_strcasecmp (dot + 1, choices[i]) == 0 ||
            (g_str_equal (choices[i], "text") && g_ascii_strcasecmp (dot + 1, "txt") == 0))
          return choices[i];
    }
  return choices[0];
}

static void
append_field (GString    *out,
              const char *label,
              const char *value)
{
  if (value != NULL && value[0] != '\0')
    g_string_append_printf (out, "%s: %s\n", label, value);
}

static char *
format_start (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;

  if (iso == NULL || iso[0] == '\0')
    return g_strdup ("");
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return g_strdup (iso);
  return g_date_time_format (dt, "%H:%M %d/%m/%Y (%:z)");
}

static char *
ceremony_show_text (TktStore    *store,
                    TktCeremony *ceremony)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) awards = tkt_award_list_for_ceremony (store, tkt_ceremony_get_id (ceremony));
  g_autoptr(GArray) times = NULL;
  g_autofree char *start = format_start (tkt_ceremony_get_start (ceremony));
  g_autofree char *end = format_start (tkt_ceremony_get_planned_end (ceremony));
  int end_minute = -1;
  int overrun = 0;

  g_string_append_printf (out, "%s\n", tkt_ceremony_get_title (ceremony) ? tkt_ceremony_get_title (ceremony) : "");
  append_field (out, _("Id"), tkt_ceremony_get_id (ceremony));
  append_field (out, _("Kind"), tkt_vocab_label (TKT_VOCAB_CEREMONY_KIND, tkt_ceremony_get_kind (ceremony)));
  append_field (out, _("Start"), start);
  append_field (out, _("Planned end"), end);
  append_field (out, _("Venue"), tkt_ceremony_get_venue (ceremony));
  append_field (out, _("Chair"), tkt_ceremony_get_chair (ceremony));
  append_field (out, _("Organiser"), tkt_ceremony_get_organiser (ceremony));
  if (tkt_ceremony_get_report_year (ceremony) > 0)
    g_string_append_printf (out, "%s: %d\n", _("Report year"), tkt_ceremony_get_report_year (ceremony));

  g_string_append_printf (out, "\n%s (%u):\n", _("Guests"), tkt_ceremony_get_n_guests (ceremony));
  for (guint i = 0; i < tkt_ceremony_get_n_guests (ceremony); i++)
    {
      g_autoptr(TktGuest) guest = tkt_ceremony_get_guest (ceremony, i);

      g_string_append_printf (out, "%3u. %s", i + 1, guest->name ? guest->name : "");
      if (guest->position != NULL && guest->position[0] != '\0')
        g_string_append_printf (out, ", %s", guest->position);
      if (guest->organisation != NULL && guest->organisation[0] != '\0')
        g_string_append_printf (out, " (%s)", guest->organisation);
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "\n%s (%u):\n", _("Agenda"), tkt_ceremony_get_n_agenda (ceremony));
  times = tkt_ceremony_compute_agenda_times (ceremony, &end_minute);
  for (guint i = 0; i < tkt_ceremony_get_n_agenda (ceremony); i++)
    {
      g_autoptr(TktAgendaItem) item = tkt_ceremony_get_agenda_item (ceremony, i);
      int minute = times != NULL && i < times->len ? g_array_index (times, int, i) : -1;

      if (minute >= 0)
        g_string_append_printf (out, "  %02d:%02d  ", (minute / 60) % 24, minute % 60);
      else
        g_string_append (out, "  --:--  ");
      g_string_append (out, item->title ? item->title : "");
      if (item->speaker != NULL && item->speaker[0] != '\0')
        g_string_append_printf (out, " (%s)", item->speaker);
      g_string_append_printf (out, ngettext (", %d minute", ", %d minutes", item->duration_min), item->duration_min);
      g_string_append_c (out, '\n');
    }
  if (end_minute >= 0 && tkt_ceremony_get_n_agenda (ceremony) > 0)
    g_string_append_printf (out, "  %02d:%02d  %s\n", (end_minute / 60) % 24, end_minute % 60, _("End"));
  if (tkt_ceremony_get_overrun (ceremony, &overrun) && overrun > 0)
    g_string_append_printf (out, ngettext ("  The agenda runs %d minute past the planned end\n",
                                           "  The agenda runs %d minutes past the planned end\n", overrun), overrun);

  g_string_append_printf (out, "\n%s (%u):\n", _("Awards"), awards->len);
  for (guint i = 0; i < awards->len; i++)
    {
      TktAward *award = g_ptr_array_index (awards, i);
      g_autoptr(JsonObject) form = NULL;
      g_autofree char *counts = tkt_award_format_counts (award);
      const char *form_id = tkt_award_get_form (award);

      if (form_id != NULL && form_id[0] != '\0')
        form = tkt_store_get (store, form_id, NULL);
      g_string_append_printf (out, "%3u. %s %s", i + 1,
                              form != NULL ? json_object_get_string_member_with_default (form, "name", "") : (form_id ? form_id : ""),
                              counts);
      if (tkt_award_get_decision_number (award) != NULL && tkt_award_get_decision_number (award)[0] != '\0')
        g_string_append_printf (out, " (%s)", tkt_award_get_decision_number (award));
      g_string_append_c (out, '\n');
      if (tkt_award_get_presenter_name (award) != NULL && tkt_award_get_presenter_name (award)[0] != '\0')
        {
          g_string_append_printf (out, "     %s: %s", _("Presenter"), tkt_award_get_presenter_name (award));
          if (tkt_award_get_presenter_position (award) != NULL && tkt_award_get_presenter_position (award)[0] != '\0')
            g_string_append_printf (out, ", %s", tkt_award_get_presenter_position (award));
          if (tkt_award_get_on_behalf (award))
            g_string_append_printf (out, " (%s)", _("on the authority’s behalf"));
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
write_script_pdf_cb (const char *path,
                     gpointer    data,
                     GError    **error)
{
  gpointer *args = data;

  return tkt_script_write_pdf (args[0], args[1], path, NULL, error);
}

static gboolean
write_awards_xlsx_cb (const char *path,
                      gpointer    data,
                      GError    **error)
{
  gpointer *args = data;

  return tkt_awards_write_xlsx (args[0], args[1], path, error);
}

static int
command_ceremony (int    argc,
                  char **argv)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_ceremony_format,
      N_("list: tsv or json; show: text or json; script: text, pdf or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_ceremony_output,
      N_("Write to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };
  static const char * const list_formats[] = { "tsv", "json", NULL };
  static const char * const show_formats[] = { "text", "json", NULL };
  static const char * const script_formats[] = { "text", "pdf", "json", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autofree char *text = NULL;
  const char *sub;
  const char *format = NULL;
  Db db = { 0 };
  int status = EXIT_OK;

  if (!parse_command_options ("ceremony", _("list | show ID | script ID | ics ID"),
                              _("Lists the ceremonies, shows one (guests, agenda, awards), writes the "
                                "MC’s script as text, PDF or JSON blocks, or the calendar event as "
                                "iCalendar. ID is a ceremony id as “list” prints it, or its beginning."),
                              entries, &argc, &argv, &error))
    return fail (error);

  sub = argc >= 2 ? argv[1] : "";
  if (g_str_equal (sub, "list") ? argc != 2
      : (g_str_equal (sub, "show") || g_str_equal (sub, "script") || g_str_equal (sub, "ics")) ? argc != 3
      : TRUE)
    {
      g_set_error (&error, CLI_ERROR, 0,
                   _("Usage: tongket-cli ceremony list | show ID | script ID [--format text|pdf|json] [-o FILE] | ics ID [-o FILE]"));
      return fail (error);
    }
  if (g_str_equal (sub, "list"))
    format = pick_format (opt_ceremony_format, opt_ceremony_output, list_formats, &error);
  else if (g_str_equal (sub, "show"))
    format = pick_format (opt_ceremony_format, opt_ceremony_output, show_formats, &error);
  else if (g_str_equal (sub, "script"))
    format = pick_format (opt_ceremony_format, opt_ceremony_output, script_formats, &error);
  else if (opt_ceremony_format != NULL && g_ascii_strcasecmp (opt_ceremony_format, "ics") != 0)
    g_set_error (&error, CLI_ERROR, 0, _("Unknown format “%s”: use %s"), opt_ceremony_format, "ics");
  if (error != NULL)
    return fail (error);

  if (!db_open (&db, &error))
    goto out;

  if (g_str_equal (sub, "list"))
    {
      g_autoptr(GPtrArray) list = tkt_ceremony_list (db.store);

      if (g_str_equal (format, "json"))
        {
          g_autoptr(JsonArray) array = json_array_new ();
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

          for (guint i = 0; i < list->len; i++)
            json_array_add_object_element (array, json_object_ref (g_ptr_array_index (list, i)));
          json_node_set_array (root, array);
          text = json_to_text (root);
        }
      else
        {
          GString *out = g_string_new ("id\tstart\ttitle\tvenue\n");

          for (guint i = 0; i < list->len; i++)
            {
              JsonObject *doc = g_ptr_array_index (list, i);
              const char *members[] = { "_id", "start", "title", "venue" };

              for (guint m = 0; m < G_N_ELEMENTS (members); m++)
                {
                  if (m > 0)
                    g_string_append_c (out, '\t');
                  append_tsv_cell (out, json_object_get_string_member_with_default (doc, members[m], ""));
                }
              g_string_append_c (out, '\n');
            }
          text = g_string_free (out, FALSE);
        }
      write_output (opt_ceremony_output, text, strlen (text), &error);
      goto out;
    }

  ceremony = ceremony_find (db.store, argv[2], &error);
  if (ceremony == NULL)
    goto out;

  if (g_str_equal (sub, "show"))
    {
      if (g_str_equal (format, "json"))
        {
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (root, tkt_ceremony_get_json (ceremony));
          text = json_to_text (root);
        }
      else
        text = ceremony_show_text (db.store, ceremony);
      write_output (opt_ceremony_output, text, strlen (text), &error);
    }
  else if (g_str_equal (sub, "ics"))
    {
      text = tkt_ceremony_to_ics (ceremony, &error);
      if (text != NULL)
        write_output (opt_ceremony_output, text, strlen (text), &error);
    }
  else
    {
      g_autoptr(GPtrArray) awards = tkt_award_list_for_ceremony (db.store, tkt_ceremony_get_id (ceremony));
      g_autoptr(GPtrArray) blocks = tkt_script_build (ceremony, awards, db.store);

      if (g_str_equal (format, "pdf"))
        {
          gpointer args[] = { ceremony, blocks };

          write_binary_output (opt_ceremony_output, "PDF", write_script_pdf_cb, args, &error);
        }
      else if (g_str_equal (format, "json"))
        {
          g_autoptr(JsonArray) array = json_array_new ();
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

          for (guint i = 0; i < blocks->len; i++)
            {
              const TktScriptBlock *block = g_ptr_array_index (blocks, i);
              JsonObject *object = json_object_new ();

              json_object_set_string_member (object, "key", block->key);
              json_object_set_string_member (object, "title", block->title);
              json_object_set_string_member (object, "text", block->text);
              json_object_set_string_member (object, "generated", block->generated);
              json_object_set_boolean_member (object, "edited", block->edited);
              json_object_set_boolean_member (object, "stale", block->stale);
              json_array_add_object_element (array, object);
            }
          json_node_set_array (root, array);
          text = json_to_text (root);
          write_output (opt_ceremony_output, text, strlen (text), &error);
        }
      else
        {
          text = tkt_script_to_text (blocks, ceremony);
          write_output (opt_ceremony_output, text, strlen (text), &error);
        }
    }

out:
  if (error != NULL)
    status = fail (error);
  db_close (&db, status == EXIT_OK);
  return status;
}

static int
command_awards (int    argc,
                char **argv)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_awards_format,
      N_("csv (default), xlsx or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_awards_output,
      N_("Write to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };
  static const char * const formats[] = { "csv", "xlsx", "json", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(GPtrArray) awards = NULL;
  g_autofree char *text = NULL;
  const char *format;
  Db db = { 0 };
  int status = EXIT_OK;

  if (!parse_command_options ("awards", _("ID"),
                              _("Writes the award list of a ceremony in presentation order, grouped by "
                                "form: CSV (UTF-8, a header row, a form column), XLSX (a sheet with a "
                                "group row per form) or the award documents as JSON."),
                              entries, &argc, &argv, &error))
    return fail (error);
  if (argc != 2)
    {
      g_set_error (&error, CLI_ERROR, 0,
                   _("Which ceremony? Usage: tongket-cli awards ID --format csv|xlsx|json [-o FILE]"));
      return fail (error);
    }
  format = pick_format (opt_awards_format, opt_awards_output, formats, &error);
  if (format == NULL)
    return fail (error);

  if (!db_open (&db, &error))
    goto out;
  ceremony = ceremony_find (db.store, argv[1], &error);
  if (ceremony == NULL)
    goto out;
  awards = tkt_award_list_for_ceremony (db.store, tkt_ceremony_get_id (ceremony));

  if (g_str_equal (format, "xlsx"))
    {
      gpointer args[] = { db.store, awards };

      write_binary_output (opt_awards_output, "XLSX", write_awards_xlsx_cb, args, &error);
    }
  else if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < awards->len; i++)
        json_array_add_object_element (array, json_object_ref (tkt_award_get_json (g_ptr_array_index (awards, i))));
      json_node_set_array (root, array);
      text = json_to_text (root);
      write_output (opt_awards_output, text, strlen (text), &error);
    }
  else
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

      if (tkt_awards_write_csv (db.store, awards, stream, &error) &&
          g_output_stream_close (stream, NULL, &error))
        write_output (opt_awards_output,
                      g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)),
                      &error);
    }

out:
  if (error != NULL)
    status = fail (error);
  db_close (&db, status == EXIT_OK);
  return status;
}

/* ------------------------------------------------------------------ */
/* slides                                                               */

static char *opt_slides_aspect = NULL;
static char *opt_slides_theme = NULL;
static char *opt_slides_output = NULL;

typedef struct {
  TktDeck             *deck;
  const TktSlideTheme *theme;
  TktSlideAspect       aspect;
} SlidesArgs;

static gboolean
write_slides_pdf_cb (const char *path,
                     gpointer    data,
                     GError    **error)
{
  SlidesArgs *args = data;

  return tkt_deck_write_pdf (args->deck, args->theme, args->aspect, path, NULL, error);
}

static int
command_slides (int    argc,
                char **argv)
{
  const GOptionEntry entries[] = {
    { "aspect", 0, 0, G_OPTION_ARG_STRING, &opt_slides_aspect,
      N_("16:9 (default) or 4:3"), N_("RATIO") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &opt_slides_theme,
      N_("light (default), dark or high-contrast"), N_("THEME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_slides_output,
      N_("Write the PDF to FILE (- for the standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TktCeremony) ceremony = NULL;
  g_autoptr(TktDeck) deck = NULL;
  TktSlideAspect aspect = TKT_SLIDE_ASPECT_16_9;
  TktSlideThemeKind theme_kind = TKT_SLIDE_THEME_LIGHT;
  TktSlideTheme theme;
  Db db = { 0 };
  int status = EXIT_OK;

  if (!parse_command_options ("slides", _("ID"),
                              _("Writes the slides of a ceremony as a PDF, one page per slide: the title, "
                                "the agenda, the figures and charts of the report of its year, the plan, "
                                "every award turn and the closing, with the changes saved with the ceremony."),
                              entries, &argc, &argv, &error))
    return fail (error);
  if (argc != 2)
    {
      g_set_error (&error, CLI_ERROR, 0,
                   _("Which ceremony? Usage: tongket-cli slides ID [--aspect 16:9|4:3] [--theme light|dark|high-contrast] -o FILE.pdf"));
      return fail (error);
    }
  if (opt_slides_aspect != NULL && !tkt_slide_aspect_from_name (opt_slides_aspect, &aspect))
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unknown aspect ratio “%s”: use 16:9 or 4:3"), opt_slides_aspect);
      return fail (error);
    }
  if (opt_slides_theme != NULL && !tkt_slide_theme_from_name (opt_slides_theme, &theme_kind))
    {
      g_set_error (&error, CLI_ERROR, 0, _("Unknown theme “%s”: use light, dark or high-contrast"), opt_slides_theme);
      return fail (error);
    }
  if (opt_slides_output == NULL)
    {
      g_set_error (&error, CLI_ERROR, 0,
                   _("A %s file is not text: name it with -o FILE (or -o - for the standard output)"), "PDF");
      return fail (error);
    }
  tkt_slide_theme_init (&theme, theme_kind);

  if (!db_open (&db, &error))
    goto out;
  ceremony = ceremony_find (db.store, argv[1], &error);
  if (ceremony == NULL)
    goto out;
  deck = tkt_deck_new (db.store, ceremony, &error);
  if (deck == NULL)
    goto out;
  {
    SlidesArgs args = { deck, &theme, aspect };

    write_binary_output (opt_slides_output, "PDF", write_slides_pdf_cb, &args, &error);
  }

out:
  if (error != NULL)
    status = fail (error);
  db_close (&db, status == EXIT_OK);
  return status;
}

/* ------------------------------------------------------------------ */
/* sync                                                                 */

static char *opt_sync_user = NULL;
static gboolean opt_sync_password_stdin = FALSE;
static gboolean opt_sync_once = FALSE;
static gboolean opt_sync_live = FALSE;
static gboolean opt_sync_create = FALSE;
static gboolean opt_sync_download_again = FALSE;
static char *opt_sync_unsent_to = NULL;

typedef struct {
  GMainLoop *loop;
  GError *error;
  gboolean live;
  guint last_done;
} SyncCli;

static void
sync_progress_cb (TktReplicator *replicator,
                  GParamSpec    *pspec,
                  SyncCli       *cli)
{
  guint done = tkt_replicator_get_done (replicator);
  guint total = tkt_replicator_get_total (replicator);

  if (done == cli->last_done)
    return;
  cli->last_done = done;
  if (total > 0)
    fprintf (stderr, _("Syncing: %u of %u changes\n"), done, total);
  else
    fprintf (stderr, _("Syncing: %u changes\n"), done);
}

static void
sync_state_cb (TktReplicator *replicator,
               GParamSpec    *pspec,
               SyncCli       *cli)
{
  TktSyncState state = tkt_replicator_get_state (replicator);

  switch (state)
    {
    case TKT_SYNC_STATE_OFFLINE:
      fprintf (stderr, _("Offline (%s): changes are kept and will be sent; retrying…\n"),
               tkt_replicator_get_last_error (replicator) ? tkt_replicator_get_last_error (replicator) : "");
      break;
    case TKT_SYNC_STATE_SYNCED:
      if (cli->live)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autofree char *when = g_date_time_format (now, "%H:%M:%S");

          fprintf (stderr, _("Synced at %s\n"), when);
        }
      break;
    case TKT_SYNC_STATE_ERROR:
      if (cli->live)
        {
          g_set_error_literal (&cli->error, TKT_SYNC_ERROR, TKT_SYNC_ERROR_FAILED,
                               tkt_replicator_get_last_error (replicator));
          g_main_loop_quit (cli->loop);
        }
      break;
    case TKT_SYNC_STATE_IDLE:
    case TKT_SYNC_STATE_CONNECTING:
    case TKT_SYNC_STATE_SYNCING:
    default:
      break;
    }
}

static void
sync_refused_cb (TktReplicator *replicator,
                 const char    *id,
                 const char    *reason,
                 SyncCli       *cli)
{
  fprintf (stderr, "%s: %s\n", id, reason);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncCli *cli = user_data;

  tkt_replicator_run_finish (TKT_REPLICATOR (source), result, &cli->error);
  g_main_loop_quit (cli->loop);
}

static void
pushed_seq_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SyncCli *cli = user_data;

  tkt_replicator_read_pushed_seq_finish (TKT_REPLICATOR (source), result, NULL, &cli->error);
  g_main_loop_quit (cli->loop);
}

/* "Download again": where the server's copy of this one stands, then the
 * changes made here since, saved to --unsent-to (or nothing is done), then
 * the local copy emptied in one transaction; the sync that follows brings
 * everything back from the server. */
static gboolean
sync_empty_local_copy (TktStore      *store,
                       TktReplicator *replicator,
                       SyncCli       *cli,
                       GError       **error)
{
  g_autoptr(GHashTable) unsent = NULL;
  g_autoptr(GFile) file = NULL;
  gint64 pushed_seq;
  guint n_unsent, n_saved = 0;

  tkt_replicator_read_pushed_seq_async (replicator, NULL, pushed_seq_done_cb, cli);
  g_main_loop_run (cli->loop);
  if (cli->error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&cli->error), _("Nothing was changed: "));
      return FALSE;
    }
  pushed_seq = tkt_replicator_get_pushed_seq (replicator);
  unsent = tkt_store_ids_changed_since (store, MAX (pushed_seq, 0));
  n_unsent = g_hash_table_size (unsent);
  if (n_unsent > 0 && opt_sync_unsent_to == NULL)
    {
      g_set_error (error, CLI_ERROR, 0,
                   ngettext ("%u document changed here was never sent to the server. Nothing was changed: "
                             "give --unsent-to FILE to save the changes there first.",
                             "%u documents changed here were never sent to the server. Nothing was changed: "
                             "give --unsent-to FILE to save the changes there first.", n_unsent),
                   n_unsent);
      return FALSE;
    }
  if (opt_sync_unsent_to != NULL)
    file = g_file_new_for_commandline_arg (opt_sync_unsent_to);
  if (!tkt_store_reset_local_copy (store, MAX (pushed_seq, 0), file, &n_saved, NULL, error))
    return FALSE;
  if (file != NULL)
    fprintf (stderr, ngettext ("%u unsent change saved to %s (tongket-cli import reads it)\n",
                               "%u unsent changes saved to %s (tongket-cli import reads it)\n", n_saved),
             n_saved, opt_sync_unsent_to);
  fprintf (stderr, "%s\n", _("The local copy was emptied; downloading everything from the server…"));
  return TRUE;
}

static gboolean
sync_signal_cb (gpointer user_data)
{
  SyncCli *cli = user_data;

  g_main_loop_quit (cli->loop);
  return G_SOURCE_CONTINUE;
}

static char *
read_password_line (GError **error)
{
  char buf[1024];
  gsize len;

  if (fgets (buf, sizeof buf, stdin) == NULL)
    {
      g_set_error (error, CLI_ERROR, 0, _("No password on the standard input"));
      return NULL;
    }
  len = strlen (buf);
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
    buf[--len] = '\0';
  {
    char *password = g_strdup (buf);

    memset (buf, 0, sizeof buf);
    return password;
  }
}

static int
command_sync (int    argc,
              char **argv)
{
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &opt_sync_user,
      N_("Log in as USER"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_sync_password_stdin,
      N_("Read the password from the first line of the standard input"), NULL },
    { "once", 0, 0, G_OPTION_ARG_NONE, &opt_sync_once,
      N_("Sync both ways until caught up, then exit (the default)"), NULL },
    { "live", 0, 0, G_OPTION_ARG_NONE, &opt_sync_live,
      N_("Keep syncing as changes come, until interrupted"), NULL },
    { "create", 0, 0, G_OPTION_ARG_NONE, &opt_sync_create,
      N_("Create the database on the server if it does not exist"), NULL },
    { "download-again", 0, 0, G_OPTION_ARG_NONE, &opt_sync_download_again,
      N_("Empty the local copy and download everything from the server again"), NULL },
    { "unsent-to", 0, 0, G_OPTION_ARG_FILENAME, &opt_sync_unsent_to,
      N_("With --download-again: first save the changes never sent to the server to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TktReplicator) replicator = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *password = NULL;
  SyncCli cli = { 0 };
  TktSyncStats stats;
  Db db = { 0 };
  int status = EXIT_OK;

  if (!parse_command_options ("sync", _("URL/DB"),
                              _("Sends the changes of this database to a CouchDB server’s database and "
                                "receives its changes (the CouchDB replication protocol). Conflicting "
                                "edits are kept on both sides: see “tongket-cli conflicts”."),
                              entries, &argc, &argv, &error))
    return fail (error);
  if (argc != 2)
    {
      g_set_error (&error, CLI_ERROR, 0,
                   _("Which server? Usage: tongket-cli sync URL/DB [--user U] [--password-stdin] [--once|--live] "
                     "[--download-again [--unsent-to FILE]]"));
      return fail (error);
    }
  if (opt_sync_once && opt_sync_live)
    {
      g_set_error (&error, CLI_ERROR, 0, _("Use either --once or --live, not both"));
      return fail (error);
    }
  if (opt_sync_download_again && (opt_sync_live || opt_sync_create))
    {
      g_set_error (&error, CLI_ERROR, 0, _("--download-again goes with neither --live nor --create"));
      return fail (error);
    }
  if (opt_sync_unsent_to != NULL && !opt_sync_download_again)
    {
      g_set_error (&error, CLI_ERROR, 0, _("--unsent-to goes with --download-again"));
      return fail (error);
    }
  if (opt_sync_password_stdin)
    {
      if (opt_sync_user == NULL)
        {
          g_set_error (&error, CLI_ERROR, 0, _("--password-stdin needs --user"));
          return fail (error);
        }
      password = read_password_line (&error);
      if (password == NULL)
        return fail (error);
    }

  if (!db_open (&db, &error))
    goto out;
  replicator = tkt_replicator_new (db.store, argv[1], opt_sync_user, password, &error);
  if (password != NULL)
    memset (password, 0, strlen (password));
  if (replicator == NULL)
    goto out;
  g_object_set (replicator, "create-db", opt_sync_create, NULL);

  loop = g_main_loop_new (NULL, FALSE);
  cli.loop = loop;
  cli.live = opt_sync_live;
  g_signal_connect (replicator, "notify::done", G_CALLBACK (sync_progress_cb), &cli);
  g_signal_connect (replicator, "notify::state", G_CALLBACK (sync_state_cb), &cli);
  g_signal_connect (replicator, "refused", G_CALLBACK (sync_refused_cb), &cli);

  if (opt_sync_download_again && !sync_empty_local_copy (db.store, replicator, &cli, &error))
    {
      g_signal_handlers_disconnect_by_data (replicator, &cli);
      goto out;
    }

  if (opt_sync_live)
    {
      guint sigint = g_unix_signal_add (SIGINT, sync_signal_cb, &cli);
      guint sigterm = g_unix_signal_add (SIGTERM, sync_signal_cb, &cli);

      tkt_replicator_start (replicator);
      g_main_loop_run (loop);
      tkt_replicator_stop (replicator);
      g_source_remove (sigint);
      g_source_remove (sigterm);
    }
  else
    {
      tkt_replicator_run_async (replicator, TKT_SYNC_BOTH, NULL, sync_done_cb, &cli);
      g_main_loop_run (loop);
    }
  g_signal_handlers_disconnect_by_data (replicator, &cli);
  if (cli.error != NULL)
    {
      g_propagate_error (&error, g_steal_pointer (&cli.error));
      goto out;
    }

  tkt_replicator_get_stats (replicator, &stats);
  printf (_("Synced with %s: %u revisions received, %u sent, %u refused.\n"),
          argv[1], stats.docs_written, stats.docs_pushed, stats.docs_refused);
  if (tkt_replicator_get_read_only (replicator))
    fprintf (stderr, "%s\n", _("The server accepts no changes from this user: local changes are kept but not sent."));

out:
  if (error != NULL)
    {
      print_error (error->message);
      /* Sync errors are about the server or the network, not a bug. */
      status = error->domain == TKT_SYNC_ERROR ? EXIT_USER : exit_code_for (error);
    }
  db_close (&db, status == EXIT_OK);
  return status;
}

/* ------------------------------------------------------------------ */
/* conflicts                                                            */

static char *opt_conflicts_keep = NULL;

/* A string member, or NULL (absent, or not a string). */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* What a user calls the document: its title, else its name. */
static const char *
doc_title (JsonObject *doc)
{
  if (string_member (doc, "title") != NULL)
    return string_member (doc, "title");
  if (string_member (doc, "name") != NULL)
    return string_member (doc, "name");
  return "";
}

/* The live versions of a document: the winner, then the conflicts. */
static GStrv
conflicts_live_revs (TktStore   *store,
                     JsonObject *winner)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *id = json_object_get_string_member (winner, "_id");
  g_auto(GStrv) conflicts = tkt_store_get_conflicts (store, id);

  g_strv_builder_add (builder, json_object_get_string_member (winner, "_rev"));
  g_strv_builder_addv (builder, (const char **) conflicts);
  return g_strv_builder_end (builder);
}

/* Columns on a terminal: combining marks take no room. */
static glong
text_width (const char *text)
{
  glong width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c) && !g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* text on one line, cut to at most max columns (ending in "…"), padded
 * to width.  Line breaks and tabs become spaces. */
static void
append_cell (GString    *out,
             const char *text,
             glong       max,
             glong       width)
{
  gboolean cut = text_width (text) > max;
  glong used = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      glong w = (g_unichar_ismark (c) || g_unichar_iszerowidth (c)) ? 0 : g_unichar_iswide (c) ? 2 : 1;

      if (cut && used + w > max - 1)
        break;
      g_string_append_unichar (out, (c == '\n' || c == '\r' || c == '\t') ? ' ' : c);
      used += w;
    }
  if (cut)
    {
      g_string_append (out, "…");
      used++;
    }
  for (; used < width; used++)
    g_string_append_c (out, ' ');
}

/* text in lines of at most max columns, broken between words (inside a
 * word longer than a line); a line break in the text stays one. */
static GPtrArray *
wrap_text (const char *text,
           glong       max)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) paragraphs = g_strsplit_set (text, "\n\r", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (paragraphs[i], " \t", -1);
      GString *line = g_string_new (NULL);
      glong used = 0;

      for (guint w = 0; words[w] != NULL; w++)
        {
          const char *word = words[w];
          glong width = text_width (word);

          if (*word == '\0')
            continue;
          if (used > 0 && used + 1 + width > max)
            {
              g_ptr_array_add (lines, g_string_free (line, FALSE));
              line = g_string_new (NULL);
              used = 0;
            }
          if (used > 0)
            {
              g_string_append_c (line, ' ');
              used++;
            }
          /* A word wider than a line: cut where the line is full. */
          for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);
              glong cw = (g_unichar_ismark (c) || g_unichar_iszerowidth (c)) ? 0 : g_unichar_iswide (c) ? 2 : 1;

              if (used + cw > max && used > 0)
                {
                  g_ptr_array_add (lines, g_string_free (line, FALSE));
                  line = g_string_new (NULL);
                  used = 0;
                }
              g_string_append_unichar (line, c);
              used += cw;
            }
        }
      if (line->len > 0 || lines->len == 0 || paragraphs[i + 1] != NULL)
        g_ptr_array_add (lines, g_string_free (line, FALSE));
      else
        g_string_free (line, TRUE);
    }
  return lines;
}

/* A member's value as a user reads it: strings as they are, the rest as
 * JSON; NULL when absent. */
static char *
value_text (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  ta = json_to_string (a, FALSE);
  tb = json_to_string (b, FALSE);
  return strcmp (ta, tb) == 0;
}

/* The members that differ between the versions (objects, one per
 * version; NULL where a version has no such object), as rows (GPtrArray of
 * n_versions + 1 strings): the member's path ("budget.local"), then its
 * value in each version (NULL: absent).  Objects present in every version are
 * compared member by member; "_" members and "modified" are left out (the
 * versions' list shows who changed each one, and when). */
static void
collect_differences (JsonObject **versions,
                     guint        n_versions,
                     const char  *prefix,
                     GPtrArray   *rows)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint v = 0; v < n_versions; v++)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (versions[v] == NULL)
        continue;
      json_object_iter_init_ordered (&iter, versions[v]);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        if (name[0] != '_' && !(prefix == NULL && strcmp (name, "modified") == 0) &&
            g_hash_table_add (seen, (gpointer) name))
          g_ptr_array_add (names, (gpointer) name);
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = prefix ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
      g_autofree JsonObject **children = g_new0 (JsonObject *, n_versions);
      gboolean all_objects = TRUE;
      gboolean differ = FALSE;
      GPtrArray *row;

      for (guint v = 0; v < n_versions; v++)
        {
          JsonNode *node = versions[v] ? json_object_get_member (versions[v], name) : NULL;
          JsonNode *first = versions[0] ? json_object_get_member (versions[0], name) : NULL;

          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            children[v] = json_node_get_object (node);
          else
            all_objects = FALSE;
          if (!nodes_equal (node, first))
            differ = TRUE;
        }
      if (!differ)
        continue;
      if (all_objects)
        {
          collect_differences (children, n_versions, path, rows);
          continue;
        }
      row = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (row, g_steal_pointer (&path));
      for (guint v = 0; v < n_versions; v++)
        g_ptr_array_add (row, value_text (versions[v] ? json_object_get_member (versions[v], name) : NULL));
      g_ptr_array_add (rows, row);
    }
}

static char *
conflicts_show_text (TktStore    *store,
                     JsonObject  *winner,
                     GError     **error)
{
  const char *id = json_object_get_string_member (winner, "_id");
  g_auto(GStrv) revs = conflicts_live_revs (store, winner);
  guint n = g_strv_length (revs);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree glong *widths = g_new0 (glong, n + 1);
  GString *out = g_string_new (NULL);
  const glong max = 32;

  for (guint v = 0; v < n; v++)
    {
      JsonObject *body = tkt_store_get_rev (store, id, revs[v], error);

      if (body == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_ptr_array_add (bodies, body);
    }

  g_string_append_printf (out, "%s  %s\n", id, doc_title (winner));
  g_string_append_printf (out, ngettext ("%u version in conflict:\n", "%u versions in conflict:\n", n), n);
  for (guint v = 0; v < n; v++)
    {
      JsonObject *body = g_ptr_array_index (bodies, v);
      JsonNode *modified = json_object_get_member (body, "modified");

      g_string_append_printf (out, "  %c  %s", 'A' + (char) MIN (v, 25u), revs[v]);
      /* the winner is the version shown everywhere else */
      g_string_append (out, "  ");
      append_cell (out, v == 0 ? _("(shown now)") : "", G_MAXLONG, text_width (_("(shown now)")));
      if (modified != NULL && JSON_NODE_HOLDS_OBJECT (modified))
        {
          JsonObject *m = json_node_get_object (modified);

          g_string_append (out, "  ");
          g_string_append_printf (out, _("changed %s by %s"),
                                  string_member (m, "at") ? string_member (m, "at") : "?",
                                  string_member (m, "by") ? string_member (m, "by") : "?");
        }
      g_string_append_c (out, '\n');
    }

  collect_differences ((JsonObject **) bodies->pdata, n, NULL, rows);
  if (rows->len == 0)
    {
      g_string_append (out, _("No field differs: the versions hold the same data."));
      g_string_append_c (out, '\n');
    }
  else
    {
      /* field  A  B …, side by side */
      g_string_append_printf (out, "%s\n", _("Fields that differ:"));
      widths[0] = text_width (_("field"));
      for (guint v = 0; v < n; v++)
        widths[v + 1] = 1;
      for (guint r = 0; r < rows->len; r++)
        {
          char **row = (char **) ((GPtrArray *) g_ptr_array_index (rows, r))->pdata;

          widths[0] = MAX (widths[0], text_width (row[0]));
          for (guint v = 0; v < n; v++)
            {
              g_autoptr(GPtrArray) lines = wrap_text (row[v + 1] ? row[v + 1] : _("(absent)"), max);

              for (guint l = 0; l < lines->len; l++)
                widths[v + 1] = MAX (widths[v + 1], text_width (lines->pdata[l]));
            }
        }
      g_string_append (out, "  ");
      append_cell (out, _("field"), G_MAXLONG, widths[0]);
      for (guint v = 0; v < n; v++)
        {
          char label[2] = { 'A' + (char) MIN (v, 25u), '\0' };

          g_string_append (out, "  ");
          append_cell (out, label, max, v + 1 < n ? widths[v + 1] : 0);
        }
      g_string_append_c (out, '\n');
      /* Each value wrapped in its column; a row is as tall as its
       * longest value. */
      for (guint r = 0; r < rows->len; r++)
        {
          char **row = (char **) ((GPtrArray *) g_ptr_array_index (rows, r))->pdata;
          g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
          guint height = 1;

          for (guint v = 0; v < n; v++)
            {
              GPtrArray *lines = wrap_text (row[v + 1] ? row[v + 1] : _("(absent)"), max);

              height = MAX (height, lines->len);
              g_ptr_array_add (cells, lines);
            }
          for (guint l = 0; l < height; l++)
            {
              g_autoptr(GString) line = g_string_new ("  ");

              append_cell (line, l == 0 ? row[0] : "", G_MAXLONG, widths[0]);
              for (guint v = 0; v < n; v++)
                {
                  GPtrArray *lines = g_ptr_array_index (cells, v);

                  g_string_append (line, "  ");
                  append_cell (line, l < lines->len ? (const char *) lines->pdata[l] : "", G_MAXLONG, widths[v + 1]);
                }
              /* no blanks at the end of a line */
              while (line->len > 0 && line->str[line->len - 1] == ' ')
                g_string_truncate (line, line->len - 1);
              g_string_append (out, line->str);
              g_string_append_c (out, '\n');
            }
        }
    }
  g_string_append_printf (out, _("Keep one version with: tongket-cli conflicts resolve %s --keep REV"), id);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* The live version whose rev is rev, or starts with it (unique). */
static const char *
conflicts_pick_rev (const char * const  *revs,
                    const char          *id,
                    const char          *rev,
                    GError             **error)
{
  const char *found = NULL;

  for (guint i = 0; revs[i] != NULL; i++)
    if (strcmp (revs[i], rev) == 0)
      return revs[i];
  for (guint i = 0; revs[i] != NULL; i++)
    if (g_str_has_prefix (revs[i], rev))
      {
        if (found != NULL)
          {
            g_set_error (error, CLI_ERROR, 0,
                         _("More than one version of “%s” starts with “%s”: give more of the revision."),
                         id, rev);
            return NULL;
          }
        found = revs[i];
      }
  if (found == NULL)
    g_set_error (error, CLI_ERROR, 0,
                 _("“%s” is not one of the conflicting versions of “%s”; “tongket-cli conflicts show %s” lists them."),
                 rev, id, id);
  return found;
}

static int
command_conflicts (int    argc,
                   char **argv)
{
  const GOptionEntry entries[] = {
    { "keep", 0, 0, G_OPTION_ARG_STRING, &opt_conflicts_keep,
      N_("resolve: the revision to keep (as “show” prints it, or its beginning)"), N_("REV") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) winner = NULL;
  g_autofree char *text = NULL;
  const char *sub;
  Db db = { 0 };
  int status = EXIT_OK;

  if (!parse_command_options ("conflicts", _("list | show ID | resolve ID --keep REV"),
                              _("After sync, a document edited in two places keeps both versions until "
                                "someone chooses. Lists the documents with conflicting versions, shows "
                                "the fields that differ between the versions of one, or keeps one "
                                "version and deletes the others (the choice is sent with the next sync)."),
                              entries, &argc, &argv, &error))
    return fail (error);

  sub = argc >= 2 ? argv[1] : "";
  if (g_str_equal (sub, "list") ? argc != 2 || opt_conflicts_keep != NULL
      : g_str_equal (sub, "show") ? argc != 3 || opt_conflicts_keep != NULL
      : g_str_equal (sub, "resolve") ? argc != 3 || opt_conflicts_keep == NULL
      : TRUE)
    {
      g_set_error (&error, CLI_ERROR, 0,
                   _("Usage: tongket-cli conflicts list | show ID | resolve ID --keep REV"));
      return fail (error);
    }

  if (!db_open (&db, &error))
    goto out;

  if (g_str_equal (sub, "list"))
    {
      g_auto(GStrv) ids = tkt_store_list_conflicted (db.store);
      GString *out = g_string_new ("id\ttitle\tversions\n");

      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_autoptr(JsonObject) doc = tkt_store_get (db.store, ids[i], NULL);
          g_auto(GStrv) conflicts = tkt_store_get_conflicts (db.store, ids[i]);

          append_tsv_cell (out, ids[i]);
          g_string_append_c (out, '\t');
          append_tsv_cell (out, doc_title (doc));
          g_string_append_printf (out, "\t%u\n", g_strv_length (conflicts) + 1);
        }
      text = g_string_free (out, FALSE);
      write_all (stdout, text, strlen (text), &error);
      goto out;
    }

  winner = tkt_store_get (db.store, argv[2], &error);
  if (winner == NULL)
    goto out;
  {
    g_auto(GStrv) conflicts = tkt_store_get_conflicts (db.store, argv[2]);

    if (conflicts[0] == NULL)
      {
        g_set_error (&error, CLI_ERROR, 0, _("“%s” has no conflicting versions."), argv[2]);
        goto out;
      }
  }

  if (g_str_equal (sub, "show"))
    {
      text = conflicts_show_text (db.store, winner, &error);
      if (text != NULL)
        write_all (stdout, text, strlen (text), &error);
    }
  else
    {
      g_auto(GStrv) revs = conflicts_live_revs (db.store, winner);
      const char *keep = conflicts_pick_rev ((const char * const *) revs, argv[2], opt_conflicts_keep, &error);
      g_autofree char *new_rev = NULL;
      guint n_deleted = g_strv_length (revs) - 1;

      if (keep == NULL)
        goto out;
      new_rev = tkt_store_resolve_conflict (db.store, argv[2], keep, NULL, &error);
      if (new_rev == NULL)
        goto out;
      printf (ngettext ("Kept version %s of “%s”; %u other version deleted. New revision: %s\n",
                        "Kept version %s of “%s”; %u other versions deleted. New revision: %s\n",
                        n_deleted),
              keep, argv[2], n_deleted, new_rev);
    }

out:
  if (error != NULL)
    status = fail (error);
  db_close (&db, status == EXIT_OK);
  return status;
}

/* ------------------------------------------------------------------ */

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
} commands[] = {
  { "import", command_import },
  { "export", command_export },
  { "list", command_list },
  { "demo", command_demo },
  { "ceremony", command_ceremony },
  { "awards", command_awards },
  { "slides", command_slides },
  { "report", command_report },
  { "conflicts", command_conflicts },
  { "sync", command_sync },
};

int
main (int    argc,
      char **argv)
{
  gboolean opt_version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  const char *localedir;
  int n_args;

  setlocale (LC_ALL, "");
  localedir = g_getenv ("TKT_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("tongket-cli");

  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Tongket: the register of science and technology tasks, from the command line."));
  g_option_context_set_description (context,
    _("Commands:\n"
      "  import FILE                   Import a JSON or CSV file (all or nothing)\n"
      "  export --format json|csv [-o FILE]\n"
      "                                Export every document (JSON) or the tasks (CSV)\n"
      "  list tasks [OPTION…]          List tasks; see “tongket-cli list --help”\n"
      "  demo                          Fill the database with the demo register\n"
      "  ceremony list | show ID       List the ceremonies, or show one with guests, agenda and awards\n"
      "  ceremony script ID [--format text|pdf|json] [-o FILE]\n"
      "                                The MC’s script of a ceremony\n"
      "  ceremony ics ID [-o FILE]     The ceremony as an iCalendar event\n"
      "  awards ID --format csv|xlsx|json [-o FILE]\n"
      "                                The award list of a ceremony, grouped by form\n"
      "  slides ID [--aspect 16:9|4:3] [--theme light|dark|high-contrast] -o FILE.pdf\n"
      "                                The slides of a ceremony as a PDF\n"
      "  report YEAR --format text|json|pdf [-o FILE]\n"
      "                                The annual report of YEAR with its figures\n"
      "  sync URL/DB [OPTION…]         Sync with a CouchDB server’s database; see “tongket-cli sync --help”\n"
      "  conflicts list | show ID | resolve ID --keep REV\n"
      "                                Documents edited in two places (after sync): list them,\n"
      "                                compare the versions, keep one\n"
      "\n"
      "Exit status: 0 success, 1 a problem with the arguments, the file or the database, 2 an internal error.\n"));
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return fail (error);
  n_args = (int) g_strv_length (args);

  if (opt_version)
    {
      printf ("tongket-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  if (n_args < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stderr);
      return EXIT_USER;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (args[1], commands[i].name))
      {
        /* The command sees argv from its own name on. */
        g_auto(GStrv) command_argv = g_strdupv (args + 1);

        return commands[i].run (n_args - 1, command_argv);
      }

  g_set_error (&error, CLI_ERROR, 0, _("Unknown command “%s”; try “tongket-cli --help”"), args[1]);
  return fail (error);
}
