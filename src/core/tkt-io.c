/* tkt-io.c — import and export of documents: JSON and CSV of tasks.
 *
 * Import parses and checks everything first, then writes in one transaction
 * (tkt_store_put_all, plus tkt_store_put_revision for documents that bring a
 * _rev the database does not have): a bad line or document means nothing is
 * written.  Export writes every live document sorted by _id, so that
 * export → import into an empty database → export gives the same bytes.
 */
#define G_LOG_DOMAIN "tkt-io"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tkt-catalog.h"
#include "tkt-io.h"
#include "tkt-json-doc.h"
#include "tkt-store-private.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

G_DEFINE_QUARK (tkt-io-error-quark, tkt_io_error)

/* ------------------------------------------------------------------ */
/* Common helpers                                                       */

#define UTF8_BOM "\xEF\xBB\xBF"

static const char *
skip_bom (const char *data,
          gsize      *len)
{
  if (*len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      *len -= 3;
      return data + 3;
    }
  return data;
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* "N-<hex>" with N ≥ 1 and 32 lower-case hex digits. */
static gboolean
rev_is_valid (const char *rev,
              guint64    *generation,
              const char **hash)
{
  const char *p = rev;
  guint64 n = 0;
  guint i;

  if (!g_ascii_isdigit (*p) || *p == '0')
    return FALSE;
  while (g_ascii_isdigit (*p))
    {
      n = n * 10 + (guint64) (*p - '0');
      if (n > G_MAXINT)
        return FALSE;
      p++;
    }
  if (*p != '-')
    return FALSE;
  p++;
  for (i = 0; p[i] != '\0'; i++)
    if (!g_ascii_isxdigit (p[i]))
      return FALSE;
  if (i != 32)
    return FALSE;
  if (generation)
    *generation = n;
  if (hash)
    *hash = p;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                 */

/* json-glib says "<data>:3:5: Parse error: …"; say "line 3, column 5: …". */
static void
set_json_parse_error (GError     **error,
                      const GError *json_error)
{
  const char *msg = json_error->message;
  guint line = 0, column = 0;
  const char *p;

  if (g_str_has_prefix (msg, "<data>:"))
    {
      char *end;

      p = msg + strlen ("<data>:");
      line = (guint) g_ascii_strtoull (p, &end, 10);
      if (*end == ':')
        {
          column = (guint) g_ascii_strtoull (end + 1, &end, 10);
          if (*end == ':')
            {
              msg = end + 1;
              while (*msg == ' ')
                msg++;
            }
        }
    }

  if (line > 0)
    g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                 /* Translators: the last %s is json-glib's (English) description */
                 _("Not valid JSON: line %u, column %u: %s"), line, column, msg);
  else
    g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                 _("Not valid JSON: %s"), json_error->message);
}

static gboolean
check_document (JsonNode   *node,
                guint       index,
                GHashTable *seen,
                GError    **error)
{
  JsonObject *doc;
  const char *id, *type, *colon, *rev;
  guint number = index + 1;
  JsonNode *rev_node;

  /* No node at all: json-glib reads an element that is only what it
   * skips as blank (a BOM inside the array: "[\t\uFEFF]") as empty. */
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                   _("Document %u is not a JSON object"), number);
      return FALSE;
    }
  doc = json_node_get_object (node);

  id = object_get_string (doc, "_id");
  if (id == NULL)
    {
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                   _("Document %u has no “_id” (a text such as “task:2024-01”)"), number);
      return FALSE;
    }
  colon = strchr (id, ':');
  if (colon == NULL || colon == id || colon[1] == '\0')
    {
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                   _("Document %u: the _id “%s” is not of the form “type:text”"), number, id);
      return FALSE;
    }

  type = object_get_string (doc, "type");
  if (type == NULL)
    {
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                   _("Document %u (“%s”) has no “type”"), number, id);
      return FALSE;
    }
  if (strlen (type) != (gsize) (colon - id) || strncmp (type, id, (gsize) (colon - id)) != 0)
    {
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                   _("Document %u (“%s”): its type “%s” does not match its _id"),
                   number, id, type);
      return FALSE;
    }

  rev_node = json_object_get_member (doc, "_rev");
  if (rev_node != NULL)
    {
      rev = object_get_string (doc, "_rev");
      if (rev == NULL || !rev_is_valid (rev, NULL, NULL))
        {
          g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                       _("Document %u (“%s”): “_rev” is not a revision such as “1-” followed by 32 hexadecimal digits"),
                       number, id);
          return FALSE;
        }
    }

  if (g_str_equal (type, "task") && !json_object_get_boolean_member_with_default (doc, "_deleted", FALSE))
    {
      const char *title = object_get_string (doc, "title");
      g_autofree char *stripped = g_strstrip (g_strdup (title ? title : ""));

      if (stripped[0] == '\0')
        {
          g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                       _("Document %u (“%s”): a task needs a title"), number, id);
          return FALSE;
        }
    }

  if (seen != NULL)
    {
      gpointer other = g_hash_table_lookup (seen, id);

      if (other != NULL)
        {
          g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                       _("Document %u: the _id “%s” is used twice (also by document %u)"),
                       number, id, GPOINTER_TO_UINT (other));
          return FALSE;
        }
      g_hash_table_insert (seen, g_strdup (id), GUINT_TO_POINTER (number));
    }

  return TRUE;
}

/* Streaming over the documents of an import file.
 *
 * A first pass finds each document's extent in the text (strings and
 * brackets only: cheap, and it finds a broken structure before anything is
 * written); the second pass parses one document at a time with json-glib,
 * so a file of 100,000 documents never becomes one big tree in memory. */

typedef gboolean (*DocFunc) (JsonObject *doc,
                             guint       index,
                             gpointer    user_data,
                             GError    **error);

static void
position_of (const char *data,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  const char *line_start = data;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        (*line)++;
        line_start = data + i + 1;
      }
  *column = (guint) g_utf8_strlen (line_start, (data + offset) - line_start) + 1;
}

static void
set_syntax_error (GError    **error,
                  const char *data,
                  gsize       offset,
                  const char *what)
{
  guint line, column;

  position_of (data, offset, &line, &column);
  g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
               _("Not valid JSON: line %u, column %u: %s"), line, column, what);
}

static gsize
skip_space (const char *data,
            gsize       len,
            gsize       i)
{
  while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
    i++;
  return i;
}

/* End of the JSON value starting at i (one past it), or 0 if it is not
 * closed.  Brackets are only counted; json-glib checks the inside. */
static gsize
skip_value (const char *data,
            gsize       len,
            gsize       i)
{
  guint depth = 0;

  if (i >= len)
    return 0;
  if (data[i] != '{' && data[i] != '[' && data[i] != '"')
    {
      while (i < len && data[i] != ',' && data[i] != ']' && data[i] != '}' &&
             !g_ascii_isspace (data[i]))
        i++;
      return i;
    }
  for (; i < len; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < len && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
          if (i >= len)
            return 0;
          if (depth == 0)
            return i + 1;
        }
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return 0;
          if (--depth == 0)
            return i + 1;
        }
    }
  return 0;
}

/* json-glib's parser recurses once per level of nesting, so a file of a
 * hundred thousand "[" would overflow the stack.  Real documents nest a
 * few levels; this is far above any of them.  Returns the offset of the
 * first bracket beyond the limit in [start, end), or end if there is none. */
#define MAX_NESTING 512

static gsize
find_too_deep (const char *data,
               gsize       start,
               gsize       end)
{
  return tkt_json_find_too_deep (data, start, end, MAX_NESTING);
}

/* Finds the documents: fills extents with (start, end) pairs. */
static gboolean
find_documents (const char *data,
                gsize       len,
                GArray     *extents,
                GError    **error)
{
  gsize i = skip_space (data, len, 0);
  gsize array_start = 0;
  gboolean in_object = FALSE, found = FALSE;

  if (i >= len)
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE, _("The file is empty"));
      return FALSE;
    }
  if (data[i] == '[')
    {
      array_start = i;
      found = TRUE;
    }
  else if (data[i] == '{')
    {
      /* {"docs": [...], other members…}: find "docs" among the members */
      in_object = TRUE;
      i = skip_space (data, len, i + 1);
      while (i < len && data[i] != '}')
        {
          gsize key_end = skip_value (data, len, i);
          gboolean is_docs;

          if (data[i] != '"' || key_end == 0)
            {
              set_syntax_error (error, data, i, _("expected a member name in quotes"));
              return FALSE;
            }
          is_docs = key_end - i == 6 && memcmp (data + i, "\"docs\"", 6) == 0;
          i = skip_space (data, len, key_end);
          if (i >= len || data[i] != ':')
            {
              set_syntax_error (error, data, i, _("expected “:”"));
              return FALSE;
            }
          i = skip_space (data, len, i + 1);
          if (is_docs && i < len && data[i] == '[')
            {
              array_start = i;
              found = TRUE;
              break;
            }
          key_end = skip_value (data, len, i);
          if (key_end == 0 || key_end == i)
            {
              set_syntax_error (error, data, i, _("a value is not closed"));
              return FALSE;
            }
          i = skip_space (data, len, key_end);
          if (i < len && data[i] == ',')
            i = skip_space (data, len, i + 1);
          else if (i >= len || data[i] != '}')
            {
              set_syntax_error (error, data, i, _("expected “,” or “}”"));
              return FALSE;
            }
        }
    }
  if (!found)
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                           _("Expected an array of documents or an object {\"docs\": […]}"));
      return FALSE;
    }

  /* The array's elements */
  i = skip_space (data, len, array_start + 1);
  if (i < len && data[i] == ']')
    i++;
  else
    for (;;)
      {
        gsize end = skip_value (data, len, i);
        gsize extent[2];

        if (end == 0 || end == i)
          {
            set_syntax_error (error, data, i,
                              i >= len ? _("the list of documents is not closed")
                                       : _("this document is not closed"));
            return FALSE;
          }
        if (find_too_deep (data, i, end) != end)
          {
            set_syntax_error (error, data, find_too_deep (data, i, end),
                              _("this document is nested too deeply"));
            return FALSE;
          }
        extent[0] = i;
        extent[1] = end;
        g_array_append_vals (extents, extent, 2);
        i = skip_space (data, len, end);
        if (i < len && data[i] == ',')
          {
            i = skip_space (data, len, i + 1);
            continue;
          }
        if (i < len && data[i] == ']')
          {
            i++;
            break;
          }
        set_syntax_error (error, data, i, _("expected “,” or “]” after a document"));
        return FALSE;
      }

  /* What follows the array */
  i = skip_space (data, len, i);
  if (in_object)
    {
      /* the rest of the object: let json-glib judge it as a whole */
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GString) tail = g_string_new ("{\"x\":[]");
      g_autoptr(GError) json_error = NULL;
      gsize end, next;

      if (find_too_deep (data, i, len) != len)
        {
          set_syntax_error (error, data, find_too_deep (data, i, len),
                            _("this value is nested too deeply"));
          return FALSE;
        }
      g_string_append_len (tail, data + i, (gssize) (len - i));
      /* One value only: json-glib 1.6 reads "{…} {…}" as its last value
       * without an error (and leaks the others). */
      end = skip_value (tail->str, tail->len, 0);
      next = end != 0 ? skip_space (tail->str, tail->len, end) : tail->len;
      if (next < tail->len)
        {
          set_syntax_error (error, data, i + next - strlen ("{\"x\":[]"),
                            _("unexpected text after the list of documents"));
          return FALSE;
        }
      if (!json_parser_load_from_data (parser, tail->str, (gssize) tail->len, &json_error))
        {
          set_syntax_error (error, data, i, json_error->message);
          return FALSE;
        }
    }
  else if (i < len)
    {
      set_syntax_error (error, data, i, _("unexpected text after the list of documents"));
      return FALSE;
    }
  return TRUE;
}

/* The structure of a JSON file: where each document starts and ends
 * (pairs of offsets into data).  Checked once, before any write, and then
 * walked by walk_documents. */
static GArray *
scan_documents (GBytes      *contents,
                const char **data_out,
                GError     **error)
{
  g_autoptr(GArray) extents = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *data;
  gsize len;

  data = g_bytes_get_data (contents, &len);
  data = skip_bom (data, &len);

  if (!g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                           _("The file is not UTF-8 text"));
      return NULL;
    }
  if (!find_documents (data, len, extents, error))
    return NULL;
  *data_out = data;
  return g_steal_pointer (&extents);
}

/* json-glib's error in the document that starts at offset start: it counts
 * lines and columns from the document's start, make them the file's. */
static void
set_document_parse_error (GError      **error,
                          const char   *data,
                          gsize         start,
                          const GError *json_error)
{
  guint line0, column0, line = 0, column = 0;
  const char *msg = json_error->message;

  position_of (data, start, &line0, &column0);
  if (g_str_has_prefix (msg, "<data>:"))
    {
      char *p;

      line = (guint) g_ascii_strtoull (msg + strlen ("<data>:"), &p, 10);
      if (*p == ':')
        column = (guint) g_ascii_strtoull (p + 1, &p, 10);
      if (*p == ':')
        {
          msg = p + 1;
          while (*msg == ' ')
            msg++;
        }
    }
  if (line == 0)
    set_json_parse_error (error, json_error);
  else
    g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                 _("Not valid JSON: line %u, column %u: %s"),
                 line0 + line - 1, line == 1 ? column0 + column - 1 : column, msg);
}

static gboolean
walk_documents (const char  *data,
                GArray      *extents,
                DocFunc      func,
                gpointer     user_data,
                GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n = extents->len / 2;

  for (guint k = 0; k < n; k++)
    {
      gsize start = g_array_index (extents, gsize, 2 * k);
      gsize end = g_array_index (extents, gsize, 2 * k + 1);
      g_autoptr(GError) json_error = NULL;
      JsonNode *node;

      if (!json_parser_load_from_data (parser, data + start, (gssize) (end - start), &json_error))
        {
          set_document_parse_error (error, data, start, json_error);
          return FALSE;
        }
      node = json_parser_get_root (parser);
      if (!check_document (node, k, seen, error))
        return FALSE;
      if (!func (json_node_get_object (node), k, user_data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
for_each_document (GBytes   *contents,
                   DocFunc   func,
                   gpointer  user_data,
                   GError  **error)
{
  g_autoptr(GArray) extents = NULL;
  const char *data = NULL;

  extents = scan_documents (contents, &data, error);
  return extents != NULL && walk_documents (data, extents, func, user_data, error);
}

static gboolean
collect_document (JsonObject *doc,
                  guint       index,
                  gpointer    user_data,
                  GError    **error)
{
  g_ptr_array_add (user_data, json_object_ref (doc));
  return TRUE;
}

GPtrArray *
tkt_io_parse_json (GBytes  *contents,
                   GError **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!for_each_document (contents, collect_document, docs, error))
    return NULL;
  return g_steal_pointer (&docs);
}

/* ------------------------------------------------------------------ */
/* CSV: reading records                                                 */

typedef struct {
  GPtrArray *fields;   /* char* */
  guint      line;     /* physical line the record starts on, 1-based */
} CsvRecord;

static void
csv_record_free (CsvRecord *record)
{
  g_ptr_array_unref (record->fields);
  g_free (record);
}

static char
csv_guess_delimiter (const char *data,
                     gsize       len)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted && c == ',')
        commas++;
      else if (!quoted && c == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

/* RFC 4180 with the usual leniencies: LF, CRLF or CR line ends; a quote
 * inside an unquoted field is kept as it is. */
static GPtrArray *
csv_read_records (const char *data,
                  gsize       len,
                  char        delimiter,
                  GError    **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) csv_record_free);
  g_autoptr(GString) field = g_string_new (NULL);
  CsvRecord *record = NULL;
  guint line = 1;
  gsize i = 0;

  while (i < len)
    {
      gboolean end_of_record = FALSE;

      if (record == NULL)
        {
          record = g_new0 (CsvRecord, 1);
          record->fields = g_ptr_array_new_with_free_func (g_free);
          record->line = line;
        }

      g_string_truncate (field, 0);
      if (data[i] == '"')
        {
          guint quote_line = line;

          i++;
          for (;;)
            {
              if (i >= len)
                {
                  csv_record_free (record);
                  g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                               _("line %u: a quoted field is not closed"), quote_line);
                  return NULL;
                }
              if (data[i] == '"')
                {
                  if (i + 1 < len && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
                {
                  /* CRLF inside a field becomes LF */
                  g_string_append_c (field, '\n');
                  i += 2;
                  line++;
                  continue;
                }
              if (data[i] == '\n' || data[i] == '\r')
                line++;
              g_string_append_c (field, data[i]);
              i++;
            }
          /* After the closing quote: delimiter, line end or end of file. */
          if (i < len && data[i] != delimiter && data[i] != '\n' && data[i] != '\r')
            {
              guint col = record->fields->len + 1;

              csv_record_free (record);
              g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                           _("line %u, field %u: unexpected text after a closing quote"),
                           line, col);
              return NULL;
            }
        }
      else
        {
          while (i < len && data[i] != delimiter && data[i] != '\n' && data[i] != '\r')
            g_string_append_c (field, data[i++]);
        }

      g_ptr_array_add (record->fields, g_strndup (field->str, field->len));

      if (i >= len)
        end_of_record = TRUE;
      else if (data[i] == delimiter)
        {
          i++;
          if (i >= len)
            {
              /* "a,b," at the very end: one more empty field */
              g_ptr_array_add (record->fields, g_strdup (""));
              end_of_record = TRUE;
            }
        }
      else
        {
          if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
            i += 2;
          else
            i++;
          line++;
          end_of_record = TRUE;
        }

      if (end_of_record)
        {
          g_ptr_array_add (records, record);
          record = NULL;
        }
    }

  g_assert (record == NULL);
  return g_steal_pointer (&records);
}

static gboolean
csv_record_is_blank (CsvRecord *record)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      const char *f = g_ptr_array_index (record->fields, i);

      for (; *f; f++)
        if (!g_ascii_isspace (*f))
          return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* CSV: columns                                                         */

typedef enum {
  COL_ID,
  COL_CODE,
  COL_TITLE,
  COL_KIND,
  COL_LEVEL,
  COL_PROGRAMME,
  COL_SECTOR,
  COL_FIELD,
  COL_REGIME,
  COL_LEAD_ORG,
  COL_PI,
  COL_START,
  COL_END,
  COL_BUDGET_CENTRAL,
  COL_BUDGET_LOCAL,
  COL_BUDGET_OTHER,
  COL_MEMBERS,
  N_COLS,
  COL_IGNORED,   /* a row number ("STT"): known, not stored */
} CsvColumn;

/* Member names, in export order (the export writes these headers). */
static const char * const column_names[N_COLS + 1] = {
  "id", "code", "title", "kind", "level", "programme", "sector", "field",
  "regime", "lead_org", "pi", "start", "end", "budget_central",
  "budget_local", "budget_other", "members", NULL,
};

/* Other header names, compared after normalize_header(): folded, runs of
 * anything but letters and digits as one space. */
static const struct {
  const char *name;
  CsvColumn   column;
} column_aliases[] = {
  { "_id", COL_ID },
  { "ma so", COL_CODE },
  { "ma", COL_CODE },
  { "ma nhiem vu", COL_CODE },
  { "so hieu", COL_CODE },
  { "ten nhiem vu", COL_TITLE },
  { "ten", COL_TITLE },
  { "ten de tai", COL_TITLE },
  { "ten de tai du an", COL_TITLE },
  { "loai", COL_KIND },
  { "loai nhiem vu", COL_KIND },
  { "loai hinh", COL_KIND },
  { "cap quan ly", COL_LEVEL },
  { "cap", COL_LEVEL },
  { "chuong trinh", COL_PROGRAMME },
  { "linh vuc", COL_SECTOR },
  { "linh vuc ung dung", COL_SECTOR },
  { "linh vuc khcn", COL_FIELD },
  { "linh vuc khoa hoc", COL_FIELD },
  { "ma linh vuc", COL_FIELD },
  { "che do", COL_REGIME },
  { "che do phap ly", COL_REGIME },
  { "to chuc chu tri", COL_LEAD_ORG },
  { "co quan chu tri", COL_LEAD_ORG },
  { "don vi chu tri", COL_LEAD_ORG },
  { "chu nhiem", COL_PI },
  { "chu nhiem nhiem vu", COL_PI },
  { "bat dau", COL_START },
  { "ngay bat dau", COL_START },
  { "thoi gian bat dau", COL_START },
  { "ket thuc", COL_END },
  { "ngay ket thuc", COL_END },
  { "thoi gian ket thuc", COL_END },
  { "budget central", COL_BUDGET_CENTRAL },
  { "ngan sach trung uong", COL_BUDGET_CENTRAL },
  { "kinh phi trung uong", COL_BUDGET_CENTRAL },
  { "nstw", COL_BUDGET_CENTRAL },
  { "budget local", COL_BUDGET_LOCAL },
  { "ngan sach dia phuong", COL_BUDGET_LOCAL },
  { "kinh phi dia phuong", COL_BUDGET_LOCAL },
  { "nsdp", COL_BUDGET_LOCAL },
  { "budget other", COL_BUDGET_OTHER },
  { "nguon khac", COL_BUDGET_OTHER },
  { "kinh phi khac", COL_BUDGET_OTHER },
  { "stt", COL_IGNORED },
  { "tt", COL_IGNORED },
  { "so tt", COL_IGNORED },
  { "so thu tu", COL_IGNORED },
  { "thanh vien", COL_MEMBERS },
  { "thanh vien tham gia", COL_MEMBERS },
  { "can bo tham gia", COL_MEMBERS },
};

static char *
normalize_header (const char *header)
{
  g_autofree char *folded = tkt_text_fold (header);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
      else
        space = TRUE;
    }
  return g_string_free (out, FALSE);
}

static int
column_from_header (const char *header)
{
  g_autofree char *norm = normalize_header (header);

  if (g_str_equal (header, "_id"))
    return COL_ID;
  for (int c = 0; c < N_COLS; c++)
    {
      g_autofree char *name = normalize_header (column_names[c]);

      if (g_str_equal (norm, name))
        return c;
    }
  for (gsize k = 0; k < G_N_ELEMENTS (column_aliases); k++)
    if (g_str_equal (norm, column_aliases[k].name))
      return (int) column_aliases[k].column;
  return -1;
}

/* Catalogue lookup: "_id", the _id's text after the colon, or the name
 * (or short name) → _id; compared as normalize_header() leaves them, so
 * "Xã hội – nhân văn" and "xa hoi - nhan van" are the same. */
static GHashTable *
catalog_table (GPtrArray *docs)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *id = object_get_string (doc, "_id");
      const char *name = object_get_string (doc, "name");
      const char *short_name = object_get_string (doc, "short_name");
      const char *colon;

      if (id == NULL)
        continue;
      colon = strchr (id, ':');
      if (colon != NULL)
        g_hash_table_insert (table, normalize_header (colon + 1), g_strdup (id));
      if (short_name != NULL)
        g_hash_table_insert (table, normalize_header (short_name), g_strdup (id));
      if (name != NULL)
        g_hash_table_insert (table, normalize_header (name), g_strdup (id));
      g_hash_table_insert (table, g_strdup (id), g_strdup (id));
    }
  return table;
}

static const char *
catalog_lookup (GHashTable *table,
                const char *text)
{
  const char *id = g_hash_table_lookup (table, text);
  g_autofree char *folded = NULL;

  if (id != NULL)
    return id;
  folded = normalize_header (text);
  return g_hash_table_lookup (table, folded);
}

/* Vietnamese names a spreadsheet may use, after tkt_vocab_lookup() (which
 * knows the keys and the labels of the current language). */
static const struct {
  TktVocabKind kind;
  const char  *name;   /* as normalize_header() leaves it */
  const char  *key;
} vocab_aliases[] = {
  { TKT_VOCAB_LEVEL, "cap quoc gia", "national" },
  { TKT_VOCAB_LEVEL, "quoc gia", "national" },
  { TKT_VOCAB_LEVEL, "cap tinh", "provincial" },
  { TKT_VOCAB_LEVEL, "tinh", "provincial" },
  { TKT_VOCAB_LEVEL, "cap co so", "grassroots" },
  { TKT_VOCAB_LEVEL, "co so", "grassroots" },
  { TKT_VOCAB_KIND, "de tai", "research" },
  { TKT_VOCAB_KIND, "du an", "project" },
  { TKT_VOCAB_KIND, "du an sxtn", "pilot_production" },
  { TKT_VOCAB_KIND, "du an san xuat thu nghiem", "pilot_production" },
  { TKT_VOCAB_KIND, "de an", "scheme" },
  { TKT_VOCAB_KIND, "khac", "other" },
  { TKT_VOCAB_REGIME, "luat 2013", "2013" },
  { TKT_VOCAB_REGIME, "luat 2025", "2025" },
};

static char *normalize_header (const char *header);

static const char *
vocab_lookup (TktVocabKind  kind,
              const char   *text)
{
  const char *key = tkt_vocab_lookup (kind, text);
  g_autofree char *norm = NULL;

  if (key != NULL)
    return key;
  norm = normalize_header (text);
  for (gsize i = 0; i < G_N_ELEMENTS (vocab_aliases); i++)
    if (vocab_aliases[i].kind == kind && g_str_equal (norm, vocab_aliases[i].name))
      return vocab_aliases[i].key;
  return NULL;
}

static gboolean
field_code_is_valid (const char *text)
{
  /* "1".."6", finer codes below them: "101", "1.01", "10101" */
  if (text[0] < '1' || text[0] > '6')
    return FALSE;
  for (const char *p = text + 1; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return text[strlen (text) - 1] != '.';
}

typedef struct {
  TktStore   *store;
  GHashTable *programmes;
  GHashTable *sectors;
  int         columns[N_COLS];   /* index in the record, or -1 */
  GPtrArray  *headers;           /* as written in the file */
  GHashTable *ids;               /* _id → line, to catch a task given twice */
  GHashTable *codes;             /* code → line, to catch a code given twice */
} CsvContext;

static void
set_cell_error (GError    **error,
                guint       line,
                const char *header,
                const char *message)
{
  g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
               /* Translators: line 7, column “Kết thúc”: “31/02/2024” is not a date */
               _("line %u, column “%s”: %s"), line, header, message);
}

/* A message from the text helpers, with the value quoted if it does not say it. */
static void
set_value_error (GError    **error,
                 guint       line,
                 const char *header,
                 const char *value,
                 const char *message)
{
  g_autofree char *full = NULL;

  if (strstr (message, value) == NULL)
    full = g_strdup_printf ("“%s”: %s", value, message);
  set_cell_error (error, line, header, full ? full : message);
}

static void
object_set_or_remove_string (JsonObject *doc,
                             const char *member,
                             const char *value)
{
  if (value == NULL || value[0] == '\0')
    json_object_remove_member (doc, member);
  else
    json_object_set_string_member (doc, member, value);
}

static void
set_budget (JsonObject *doc,
            const char *source,
            gboolean    present,
            gint64      value)
{
  JsonObject *budget = json_object_get_member (doc, "budget") != NULL &&
                       JSON_NODE_HOLDS_OBJECT (json_object_get_member (doc, "budget"))
                       ? json_object_get_object_member (doc, "budget") : NULL;

  if (!present)
    {
      if (budget != NULL)
        {
          json_object_remove_member (budget, source);
          if (json_object_get_size (budget) == 0)
            json_object_remove_member (doc, "budget");
        }
      return;
    }
  if (budget == NULL)
    {
      budget = json_object_new ();
      json_object_set_object_member (doc, "budget", budget);
    }
  json_object_set_int_member (budget, source, value);
}

static gboolean
apply_cell (CsvContext  *ctx,
            JsonObject  *doc,
            CsvColumn    column,
            const char  *raw,
            guint        line,
            const char  *header,
            GError     **error)
{
  g_autofree char *value = g_strstrip (g_strdup (raw));
  g_autoptr(GError) local_error = NULL;
  const char *key;

  switch (column)
    {
    case COL_ID:
    case N_COLS:
    case COL_IGNORED:
      return TRUE;

    case COL_CODE:
      object_set_or_remove_string (doc, "code", value);
      return TRUE;

    case COL_TITLE:
      if (value[0] == '\0')
        {
          set_cell_error (error, line, header, _("a task needs a title"));
          return FALSE;
        }
      json_object_set_string_member (doc, "title", value);
      return TRUE;

    case COL_LEAD_ORG:
      object_set_or_remove_string (doc, "lead_org", value);
      return TRUE;

    case COL_PI:
      object_set_or_remove_string (doc, "pi", value);
      return TRUE;

    case COL_KIND:
    case COL_LEVEL:
    case COL_REGIME:
      {
        TktVocabKind kind = column == COL_KIND ? TKT_VOCAB_KIND
                            : column == COL_LEVEL ? TKT_VOCAB_LEVEL : TKT_VOCAB_REGIME;
        const char *member = column == COL_KIND ? "kind"
                             : column == COL_LEVEL ? "level" : "regime";

        if (value[0] == '\0')
          {
            json_object_remove_member (doc, member);
            return TRUE;
          }
        key = vocab_lookup (kind, value);
        if (key == NULL)
          {
            g_autofree char *msg = NULL;
            g_autoptr(GString) known = g_string_new (NULL);
            const TktVocab *vocab = tkt_vocab_get (kind);

            for (guint k = 0; vocab[k].key != NULL; k++)
              {
                if (known->len > 0)
                  g_string_append (known, ", ");
                g_string_append_printf (known, "“%s”", _(vocab[k].label));
              }
            msg = g_strdup_printf (_("“%s” is not one of %s"), value, known->str);
            set_cell_error (error, line, header, msg);
            return FALSE;
          }
        json_object_set_string_member (doc, member, key);
        return TRUE;
      }

    case COL_FIELD:
      if (value[0] == '\0')
        {
          json_object_remove_member (doc, "field");
          return TRUE;
        }
      key = tkt_vocab_lookup (TKT_VOCAB_FIELD, value);
      if (key == NULL && field_code_is_valid (value))
        key = value;
      if (key == NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("“%s” is not a field of science and technology (1 to 6, or a finer code)"), value);

          set_cell_error (error, line, header, msg);
          return FALSE;
        }
      json_object_set_string_member (doc, "field", key);
      return TRUE;

    case COL_PROGRAMME:
    case COL_SECTOR:
      {
        const char *member = column == COL_PROGRAMME ? "programme" : "sector";

        if (value[0] == '\0')
          {
            json_object_remove_member (doc, member);
            return TRUE;
          }
        key = catalog_lookup (column == COL_PROGRAMME ? ctx->programmes : ctx->sectors, value);
        if (key == NULL)
          {
            g_autofree char *msg = column == COL_PROGRAMME
              ? g_strdup_printf (_("there is no programme “%s”"), value)
              : g_strdup_printf (_("there is no sector “%s”"), value);

            set_cell_error (error, line, header, msg);
            return FALSE;
          }
        json_object_set_string_member (doc, member, key);
        return TRUE;
      }

    case COL_START:
    case COL_END:
      {
        const char *member = column == COL_START ? "start" : "end";
        g_autofree char *iso = NULL;

        if (value[0] == '\0')
          {
            json_object_remove_member (doc, member);
            return TRUE;
          }
        if (!tkt_text_parse_date (value, &iso, &local_error))
          {
            set_value_error (error, line, header, value, local_error->message);
            return FALSE;
          }
        json_object_set_string_member (doc, member, iso);
        return TRUE;
      }

    case COL_BUDGET_CENTRAL:
    case COL_BUDGET_LOCAL:
    case COL_BUDGET_OTHER:
      {
        const char *source = column == COL_BUDGET_CENTRAL ? "central"
                             : column == COL_BUDGET_LOCAL ? "local" : "other";
        gint64 amount = 0;

        if (value[0] == '\0')
          {
            set_budget (doc, source, FALSE, 0);
            return TRUE;
          }
        if (!tkt_text_parse_money (value, &amount, &local_error))
          {
            set_value_error (error, line, header, value, local_error->message);
            return FALSE;
          }
        set_budget (doc, source, TRUE, amount);
        return TRUE;
      }

    case COL_MEMBERS:
      {
        g_auto(GStrv) parts = g_strsplit_set (value, ";\n", -1);
        JsonArray *members = json_array_new ();

        for (guint k = 0; parts[k] != NULL; k++)
          {
            g_strstrip (parts[k]);
            if (parts[k][0] != '\0')
              json_array_add_string_element (members, parts[k]);
          }
        if (json_array_get_length (members) == 0)
          {
            json_array_unref (members);
            json_object_remove_member (doc, "members");
          }
        else
          json_object_set_array_member (doc, "members", members);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static JsonObject *
csv_build_task (CsvContext  *ctx,
                CsvRecord   *record,
                GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *id = NULL;
  const char *title;
  const char *code;

  if (ctx->columns[COL_ID] >= 0)
    {
      const char *raw = g_ptr_array_index (record->fields, ctx->columns[COL_ID]);
      g_autofree char *value = g_strstrip (g_strdup (raw));

      if (value[0] != '\0')
        {
          const char *colon = strchr (value, ':');

          if (colon == NULL)
            id = g_strconcat ("task:", value, NULL);
          else if (g_str_has_prefix (value, "task:") && value[5] != '\0')
            id = g_steal_pointer (&value);
          else
            {
              g_autofree char *msg = g_strdup_printf (_("“%s” is not the id of a task (“task:…”)"), value);

              set_cell_error (error, record->line,
                              g_ptr_array_index (ctx->headers, ctx->columns[COL_ID]), msg);
              return NULL;
            }
        }
    }

  if (id != NULL)
    {
      gpointer other_line = g_hash_table_lookup (ctx->ids, id);

      if (other_line != NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("the task “%s” is already on line %u"),
                                                  id, GPOINTER_TO_UINT (other_line));

          set_cell_error (error, record->line,
                          g_ptr_array_index (ctx->headers, ctx->columns[COL_ID]), msg);
          return NULL;
        }
      g_hash_table_insert (ctx->ids, g_strdup (id), GUINT_TO_POINTER (record->line));

      doc = tkt_store_get (ctx->store, id, NULL);
      if (doc != NULL)
        {
          /* Update: written on top of the winner, every other member kept. */
          json_object_remove_member (doc, "_rev");
        }
    }

  if (doc == NULL)
    {
      doc = json_object_new ();
      if (id == NULL)
        {
          g_autofree char *uuid = g_uuid_string_random ();

          id = g_strconcat ("task:", uuid, NULL);
        }
      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "task");
    }

  for (int c = 0; c < N_COLS; c++)
    {
      int index = ctx->columns[c];

      if (index < 0)
        continue;
      if (!apply_cell (ctx, doc, (CsvColumn) c,
                       g_ptr_array_index (record->fields, index),
                       record->line, g_ptr_array_index (ctx->headers, index), error))
        return NULL;
    }

  title = object_get_string (doc, "title");
  if (title == NULL || title[0] == '\0')
    {
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                   _("line %u: a task needs a title (add a “title” column)"), record->line);
      return NULL;
    }

  /* A code names one task, as the editor insists: importing the same file
   * twice must not make every task twice. */
  code = object_get_string (doc, "code");
  if (code != NULL && code[0] != '\0' && ctx->columns[COL_CODE] >= 0)
    {
      const char *header = g_ptr_array_index (ctx->headers, ctx->columns[COL_CODE]);
      gpointer other_line = g_hash_table_lookup (ctx->codes, code);

      if (other_line != NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("the code “%s” is already on line %u"),
                                                  code, GPOINTER_TO_UINT (other_line));

          set_cell_error (error, record->line, header, msg);
          return NULL;
        }
      if (tkt_store_task_code_in_use (ctx->store, code, object_get_string (doc, "_id")))
        {
          g_autofree char *msg = g_strdup_printf (_("the code “%s” belongs to a task already in the register; "
                                                    "to update that task, add an “id” column with its id"),
                                                  code);

          set_cell_error (error, record->line, header, msg);
          return NULL;
        }
      g_hash_table_insert (ctx->codes, g_strdup (code), GUINT_TO_POINTER (record->line));
    }

  return g_steal_pointer (&doc);
}

GPtrArray *
tkt_io_parse_tasks_csv (TktStore  *store,
                        GBytes    *contents,
                        GError   **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) programmes = NULL;
  g_autoptr(GPtrArray) sectors = NULL;
  CsvContext ctx = { 0 };
  CsvRecord *header;
  const char *data, *bad;
  gsize len;
  char delimiter;
  gboolean ok = FALSE;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (contents, &len);
  data = skip_bom (data, &len);

  if (!g_utf8_validate (data, (gssize) len, &bad))
    {
      guint line = 1;

      for (const char *p = data; p < bad; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                   _("line %u: the file is not UTF-8 text (save it as “CSV UTF-8”)"), line);
      return NULL;
    }

  delimiter = csv_guess_delimiter (data, len);
  records = csv_read_records (data, len, delimiter, error);
  if (records == NULL)
    return NULL;

  /* Blank lines (and a last line end) carry nothing. */
  for (guint i = records->len; i > 0; i--)
    if (csv_record_is_blank (g_ptr_array_index (records, i - 1)))
      g_ptr_array_remove_index (records, i - 1);

  if (records->len == 0)
    {
      g_set_error_literal (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                           _("The file is empty"));
      return NULL;
    }

  header = g_ptr_array_index (records, 0);
  for (int c = 0; c < N_COLS; c++)
    ctx.columns[c] = -1;
  ctx.headers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < header->fields->len; i++)
    {
      const char *name = g_ptr_array_index (header->fields, i);
      g_autofree char *stripped = g_strstrip (g_strdup (name));
      int c = column_from_header (stripped);

      g_ptr_array_add (ctx.headers, g_strdup (stripped));
      if (c < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) column_names);

          g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                       _("line %u, column “%s”: unknown column; the columns are %s"),
                       header->line, stripped, known);
          goto out;
        }
      if (c == COL_IGNORED)
        continue;
      if (ctx.columns[c] >= 0)
        {
          g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_INVALID,
                       _("line %u, column “%s”: this column is given twice"),
                       header->line, stripped);
          goto out;
        }
      ctx.columns[c] = (int) i;
    }

  ctx.store = store;
  programmes = tkt_catalog_list_programmes (store);
  sectors = tkt_catalog_list_sectors (store);
  ctx.programmes = catalog_table (programmes);
  ctx.sectors = catalog_table (sectors);
  ctx.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  docs = g_ptr_array_new_full (records->len, (GDestroyNotify) json_object_unref);
  for (guint r = 1; r < records->len; r++)
    {
      CsvRecord *record = g_ptr_array_index (records, r);
      JsonObject *doc;

      if (record->fields->len != header->fields->len)
        {
          g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_PARSE,
                       _("line %u: %u fields, but the header row has %u"),
                       record->line, record->fields->len, header->fields->len);
          goto out;
        }
      doc = csv_build_task (&ctx, record, error);
      if (doc == NULL)
        goto out;
      g_ptr_array_add (docs, doc);
    }
  ok = TRUE;

out:
  g_clear_pointer (&ctx.headers, g_ptr_array_unref);
  g_clear_pointer (&ctx.programmes, g_hash_table_unref);
  g_clear_pointer (&ctx.sectors, g_hash_table_unref);
  g_clear_pointer (&ctx.ids, g_hash_table_unref);
  g_clear_pointer (&ctx.codes, g_hash_table_unref);
  return ok ? g_steal_pointer (&docs) : NULL;
}

/* ------------------------------------------------------------------ */
/* Import                                                               */

TktIoFormat
tkt_io_guess_format (const char *filename,
                     GBytes     *contents)
{
  if (filename != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (filename, -1);

      if (g_str_has_suffix (lower, ".csv"))
        return TKT_IO_FORMAT_CSV;
      if (g_str_has_suffix (lower, ".json"))
        return TKT_IO_FORMAT_JSON;
    }
  if (contents != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (contents, &len);

      data = skip_bom (data, &len);
      for (gsize i = 0; i < len; i++)
        {
          if (g_ascii_isspace (data[i]))
            continue;
          return (data[i] == '[' || data[i] == '{') ? TKT_IO_FORMAT_JSON : TKT_IO_FORMAT_CSV;
        }
    }
  return TKT_IO_FORMAT_JSON;
}

static gboolean
strv_contains_str (GStrv strv, const char *s)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, s);
}

/* Does the store already hold this revision of the document? */
static gboolean
store_has_rev (TktStore   *store,
               const char *id,
               const char *rev,
               gboolean   *doc_exists)
{
  g_auto(GStrv) leaves = tkt_store_get_leaves (store, id);
  g_autoptr(JsonObject) body = NULL;

  *doc_exists = leaves != NULL && leaves[0] != NULL;
  if (!*doc_exists)
    return FALSE;
  if (strv_contains_str (leaves, rev))
    return TRUE;
  body = tkt_store_get_rev (store, id, rev, NULL);
  return body != NULL;
}

/* Errors through the store, so that a full disk or a read-only file says
 * so (translated, with what to do) instead of SQLite's own words. */
static gboolean
exec_sql (TktStore   *store,
          const char *sql,
          GError    **error)
{
  int rc = sqlite3_exec (tkt_store_get_db (store), sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      tkt_store_set_sqlite_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Import writes in batches inside one transaction of its own, so any error
 * rolls every batch back.  Measured with 100,000 tasks: one put_all of all
 * of them lets the store rebuild its indexes once (7.8 s instead of 11.7 s)
 * but the 450 MB of json-glib nodes stay in GLib 2.74's slice allocator for
 * the life of the process (RSS 720 MB afterwards, against 150 MB).  With
 * the store's bulk mode (indexes built once at the end whatever the batch
 * size), batches of 1000 cost no time against 5000 and hold 27 MB less at
 * the peak (bench-tasks: RSS after import 149 MB instead of 176 MB).  A
 * file of up to one batch is one store call with no transaction of ours
 * around it.
 *
 * Documents are read by tkt_json_doc_read (no json-glib tree: see
 * tkt-json-doc.c), and by json-glib when it declines: a document outside
 * its subset, one with a "_rev" or "_deleted", or one that is wrong (then
 * json-glib and check_document give the error, as before).  The batch's
 * TktJsonDocs are kept and reused from batch to batch. */
#define IMPORT_BATCH 1000

typedef struct {
  TktStore      *store;
  GPtrArray     *batch;       /* TktJsonDoc*, borrowed from pool */
  GPtrArray     *pool;        /* TktJsonDoc*, owned: IMPORT_BATCH of them */
  guint          n_written;
  guint          done;
  guint          total;
  TktIoProgress  progress;
  gpointer       user_data;
  gboolean       in_transaction;  /* ours, around several store calls */
  gboolean       nested;          /* ours is a savepoint in the caller's */
  gboolean       bulk;            /* between tkt_store_bulk_begin and _end */
} ImportState;

/* One transaction around several store calls (each becomes a savepoint in
 * it).  Not taken when one store call does it all: a savepoint costs the
 * store's bulk path a statement journal. */
static gboolean
import_begin (ImportState  *state,
              GError      **error)
{
  if (state->in_transaction)
    return TRUE;
  state->nested = !sqlite3_get_autocommit (tkt_store_get_db (state->store));
  if (!exec_sql (state->store, state->nested ? "SAVEPOINT tkt_io_import" : "BEGIN IMMEDIATE", error))
    return FALSE;
  state->in_transaction = TRUE;
  return TRUE;
}

/* The next document of the batch, from the pool. */
static TktJsonDoc *
next_doc (ImportState *state)
{
  TktJsonDoc *doc;

  if (state->batch->len < state->pool->len)
    doc = g_ptr_array_index (state->pool, state->batch->len);
  else
    {
      doc = tkt_json_doc_new ();
      g_ptr_array_add (state->pool, doc);
    }
  return doc;
}

static gboolean
write_batch (ImportState  *state,
             GError      **error)
{
  g_autoptr(GPtrArray) edits = g_ptr_array_new ();   /* TktJsonDoc*, borrowed */
  g_autoptr(GPtrArray) keep_rev = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint n_written = 0;
  gboolean any_tree = FALSE;

  /* A document that brings a _rev the store has never seen keeps that _rev
   * (CouchDB's new_edits=false): so an export re-imports into an empty
   * database as the same documents, and a revision that differs from ours
   * becomes a conflict that is kept, never a silent overwrite.  A _rev we
   * already have is skipped; no _rev is a local edit. */
  for (guint i = 0; i < state->batch->len; i++)
    {
      TktJsonDoc *json_doc = g_ptr_array_index (state->batch, i);
      JsonObject *doc = json_doc->object;
      const char *id;
      const char *rev;
      gboolean exists = FALSE;
      guint64 generation = 0;
      const char *hash = NULL;
      JsonObject *revisions;
      JsonArray *ids;

      /* read without a tree: never a _rev */
      if (doc == NULL)
        {
          g_ptr_array_add (edits, json_doc);
          continue;
        }
      id = object_get_string (doc, "_id");
      rev = object_get_string (doc, "_rev");
      if (rev == NULL)
        {
          g_ptr_array_add (edits, json_doc);
          continue;
        }
      if (store_has_rev (state->store, id, rev, &exists))
        continue;
      if (!rev_is_valid (rev, &generation, &hash))
        g_assert_not_reached ();   /* checked by parsing */
      if (json_object_has_member (doc, "_revisions"))
        {
          /* CouchDB's own history of the revision: the store checks it */
          g_ptr_array_add (keep_rev, json_object_ref (doc));
          continue;
        }
      revisions = json_object_new ();
      ids = json_array_new ();
      json_array_add_string_element (ids, hash);
      json_object_set_int_member (revisions, "start", (gint64) generation);
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_object_member (doc, "_revisions", revisions);
      g_ptr_array_add (keep_rev, json_object_ref (doc));
    }

  if (keep_rev->len > 0 && !import_begin (state, error))
    return FALSE;
  if (edits->len > 0 && !tkt_store_put_json_docs (state->store, edits, &n_written, error))
    return FALSE;
  state->n_written += n_written;

  for (guint i = 0; i < keep_rev->len; i++)
    {
      if (!tkt_store_put_revision (state->store, g_ptr_array_index (keep_rev, i), error))
        {
          g_prefix_error (error, _("Document “%s”: "),
                          object_get_string (g_ptr_array_index (keep_rev, i), "_id"));
          return FALSE;
        }
      state->n_written++;
    }

  state->done += state->batch->len;
  for (guint i = 0; i < state->batch->len; i++)
    {
      TktJsonDoc *doc = g_ptr_array_index (state->batch, i);

      any_tree |= doc->object != NULL;
      tkt_json_doc_reset (doc);
    }
  g_ptr_array_set_size (state->batch, 0);
#ifdef __GLIBC__
  /* json-glib's many small blocks would otherwise stay in the heap */
  if (any_tree)
    malloc_trim (0);
#endif
  if (state->progress)
    state->progress (state->done, state->total, state->user_data);
  return TRUE;
}

/* The checks of check_document, for a document tkt_json_doc_read read:
 * FALSE when one fails (nothing done then: json-glib and check_document
 * read it again and say what is wrong). */
static gboolean
json_doc_is_valid (TktJsonDoc *doc,
                   GHashTable *seen,
                   guint       number)
{
  const char *colon = strchr (doc->id, ':');
  const char *title = doc->fields.title;

  if (colon == NULL || colon == doc->id || colon[1] == '\0' ||
      strlen (doc->type) != (gsize) (colon - doc->id) ||
      strncmp (doc->type, doc->id, (gsize) (colon - doc->id)) != 0)
    return FALSE;
  if (doc->is_task)
    {
      while (title != NULL && g_ascii_isspace (*title))
        title++;
      if (title == NULL || *title == '\0')
        return FALSE;
    }
  if (g_hash_table_contains (seen, doc->id))
    return FALSE;
  g_hash_table_insert (seen, g_strdup (doc->id), GUINT_TO_POINTER (number));
  return TRUE;
}

/* Reads, checks and queues the documents of a JSON file, writing a batch
 * whenever one is full. */
static gboolean
import_json_documents (ImportState *state,
                       const char  *data,
                       GArray      *extents,
                       GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n = extents->len / 2;

  for (guint k = 0; k < n; k++)
    {
      gsize start = g_array_index (extents, gsize, 2 * k);
      gsize end = g_array_index (extents, gsize, 2 * k + 1);
      TktJsonDoc *doc = next_doc (state);

      if (!tkt_json_doc_read (doc, data + start, end - start) ||
          !json_doc_is_valid (doc, seen, k + 1))
        {
          g_autoptr(GError) json_error = NULL;
          JsonNode *node;

          if (!json_parser_load_from_data (parser, data + start, (gssize) (end - start), &json_error))
            {
              set_document_parse_error (error, data, start, json_error);
              return FALSE;
            }
          node = json_parser_get_root (parser);
          if (!check_document (node, k, seen, error))
            return FALSE;
          tkt_json_doc_set_object (doc, json_node_get_object (node));
        }
      g_ptr_array_add (state->batch, doc);
      if (state->batch->len >= IMPORT_BATCH && !write_batch (state, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
tkt_io_import (TktStore      *store,
               GBytes        *contents,
               TktIoFormat    format,
               guint         *n_imported,
               TktIoProgress  progress,
               gpointer       user_data,
               GError       **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_json_doc_free);
  g_autoptr(GPtrArray) csv_docs = NULL;
  g_autoptr(GArray) extents = NULL;   /* a JSON file's documents, scanned once */
  const char *json_data = NULL;
  ImportState state = { store, batch, pool, 0, 0, 0, progress, user_data, FALSE, FALSE, FALSE };
  gboolean ok;

  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_imported)
    *n_imported = 0;

  /* Parse what can be parsed before any write: the structure of a JSON
   * file (and its document count), all of a CSV file. */
  switch (format)
    {
    case TKT_IO_FORMAT_JSON:
      extents = scan_documents (contents, &json_data, error);
      if (extents == NULL)
        return FALSE;
      state.total = extents->len / 2;
      break;
    case TKT_IO_FORMAT_CSV:
      csv_docs = tkt_io_parse_tasks_csv (store, contents, error);
      if (csv_docs == NULL)
        return FALSE;
      state.total = csv_docs->len;
      break;
    default:
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_FORMAT,
                   _("Unknown file format"));
      return FALSE;
    }

  if (progress)
    progress (0, state.total, user_data);

  /* Several batches: one transaction around them all, and the store's
   * bulk mode, so that it builds its indexes once at the end instead of
   * inserting into them batch after batch. */
  if (state.total > IMPORT_BATCH)
    {
      if (!import_begin (&state, error))
        return FALSE;
      state.bulk = TRUE;
      ok = tkt_store_bulk_begin (store, state.total, error);
    }
  else
    ok = TRUE;

  if (csv_docs != NULL)
    {
      for (guint i = 0; ok && i < csv_docs->len; i++)
        {
          TktJsonDoc *doc = next_doc (&state);

          tkt_json_doc_set_object (doc, g_ptr_array_index (csv_docs, i));
          g_ptr_array_add (batch, doc);
          if (batch->len >= IMPORT_BATCH)
            ok = write_batch (&state, error);
        }
    }
  else if (ok)
    ok = import_json_documents (&state, json_data, extents, error);
  if (ok && batch->len > 0)
    ok = write_batch (&state, error);
  if (ok && state.bulk)
    {
      state.bulk = FALSE;
      ok = tkt_store_bulk_end (store, TRUE, error);
    }
  if (ok && state.in_transaction)
    ok = exec_sql (store, state.nested ? "RELEASE tkt_io_import" : "COMMIT", error);

  if (!ok)
    {
      sqlite3 *db = tkt_store_get_db (store);

      if (state.in_transaction && state.nested)
        exec_sql (store, "ROLLBACK TO tkt_io_import; RELEASE tkt_io_import", NULL);
      else if (state.in_transaction && !sqlite3_get_autocommit (db))
        exec_sql (store, "ROLLBACK", NULL);
      /* The rollback brought the store's indexes back. */
      if (state.bulk)
        tkt_store_bulk_end (store, FALSE, NULL);
      return FALSE;
    }

  /* A big import leaves the connection's page cache full (64 MB: the
   * store's cache_size) of pages that were written, not read: hand the
   * clean ones back.  The cache fills again with what the list reads;
   * with 100,000 tasks this takes the resident memory after the import
   * from 151 MB to 75 MB (bench-tasks). */
  if (state.total > IMPORT_BATCH)
    {
      sqlite3_db_release_memory (tkt_store_get_db (store));
#ifdef __GLIBC__
      malloc_trim (0);
#endif
    }

  if (progress && state.done == 0)
    progress (state.total, state.total, user_data);
  if (n_imported)
    *n_imported = state.n_written;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Export                                                               */

static int
compare_doc_ids (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *da = *(JsonObject **) a;
  JsonObject *db = *(JsonObject **) b;

  return strcmp (object_get_string (da, "_id"), object_get_string (db, "_id"));
}

static GPtrArray *
collect_live_docs (TktStore *store)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) ids = NULL;
  gint64 last_seq = 0;

  /* Every document ever changed, once each (the change feed), then the
   * live winner of each. */
  ids = tkt_store_changes_since (store, 0, 0, &last_seq);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      JsonObject *doc;

      if (g_str_has_prefix (ids[i], "_local/") || !g_hash_table_add (seen, ids[i]))
        continue;
      doc = tkt_store_get (store, ids[i], NULL);
      if (doc != NULL)
        g_ptr_array_add (docs, doc);
    }
  g_ptr_array_sort (docs, compare_doc_ids);
  return docs;
}

static GBytes *
export_json (TktStore  *store,
             GError   **error)
{
  g_autoptr(GPtrArray) docs = collect_live_docs (store);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_sized_new (docs->len);
  char *text;
  gsize len;

  for (guint i = 0; i < docs->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (docs, i)));
  json_object_set_array_member (object, "docs", array);
  json_node_take_object (root, object);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  /* a final line end, as text files have */
  text = g_realloc (text, len + 2);
  text[len++] = '\n';
  text[len] = '\0';
  return g_bytes_new_take (text, len);
}

static void
csv_append_field (GString    *out,
                  const char *value)
{
  gboolean quote = value[0] == ' ' || (value[0] != '\0' && value[strlen (value) - 1] == ' ');

  for (const char *p = value; *p && !quote; p++)
    if (*p == ',' || *p == ';' || *p == '"' || *p == '\n' || *p == '\r')
      quote = TRUE;

  if (!quote)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
member_to_text (JsonObject *doc,
                const char *member)
{
  JsonNode *node = json_object_get_member (doc, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      /* (not infinity, or anything a gint64 cannot hold: json-glib's text) */
      if (type == G_TYPE_DOUBLE &&
          json_node_get_double (node) >= -9223372036854775808.0 &&
          json_node_get_double (node) < 9223372036854775808.0)
        return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) json_node_get_double (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    }
  return json_to_string (node, FALSE);
}

static char *
task_cell (JsonObject *doc,
           CsvColumn   column)
{
  switch (column)
    {
    case COL_ID:
      return g_strdup (object_get_string (doc, "_id"));
    case COL_BUDGET_CENTRAL:
    case COL_BUDGET_LOCAL:
    case COL_BUDGET_OTHER:
      {
        JsonNode *node = json_object_get_member (doc, "budget");

        if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
          return g_strdup ("");
        return member_to_text (json_node_get_object (node),
                               column == COL_BUDGET_CENTRAL ? "central"
                               : column == COL_BUDGET_LOCAL ? "local" : "other");
      }
    case COL_MEMBERS:
      {
        JsonNode *node = json_object_get_member (doc, "members");
        g_autoptr(GString) out = g_string_new (NULL);
        JsonArray *array;

        if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
          return g_strdup ("");
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
              continue;
            if (out->len > 0)
              g_string_append (out, "; ");
            g_string_append (out, json_node_get_string (element));
          }
        return g_strdup (out->str);
      }
    case COL_CODE:
    case COL_TITLE:
    case COL_KIND:
    case COL_LEVEL:
    case COL_PROGRAMME:
    case COL_SECTOR:
    case COL_FIELD:
    case COL_REGIME:
    case COL_LEAD_ORG:
    case COL_PI:
    case COL_START:
    case COL_END:
      return member_to_text (doc, column_names[column]);
    case N_COLS:
    case COL_IGNORED:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static GBytes *
export_csv (TktStore  *store,
            GError   **error)
{
  g_autoptr(GPtrArray) docs = tkt_store_list_docs (store, "task");
  GString *out = g_string_new (UTF8_BOM);   /* so Excel reads it as UTF-8 */

  for (int c = 0; c < N_COLS; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, column_names[c]);
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);

      for (int c = 0; c < N_COLS; c++)
        {
          g_autofree char *cell = task_cell (doc, (CsvColumn) c);

          if (c > 0)
            g_string_append_c (out, ',');
          csv_append_field (out, cell);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}

GBytes *
tkt_io_export (TktStore     *store,
               TktIoFormat   format,
               GError      **error)
{
  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (format)
    {
    case TKT_IO_FORMAT_JSON:
      return export_json (store, error);
    case TKT_IO_FORMAT_CSV:
      return export_csv (store, error);
    default:
      g_set_error (error, TKT_IO_ERROR, TKT_IO_ERROR_FORMAT,
                   _("Unknown file format"));
      return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Asynchronous wrappers                                                */

typedef struct {
  char          *db_path;
  GFile         *file;
  TktIoFormat    format;
  guint          n_imported;
  TktIoProgress  progress;
  gpointer       progress_data;
  GMainContext  *context;
} IoJob;

static void
io_job_free (IoJob *job)
{
  g_clear_pointer (&job->db_path, g_free);
  g_clear_object (&job->file);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

typedef struct {
  TktIoProgress progress;
  gpointer      progress_data;
  guint         done;
  guint         total;
} ProgressReport;

static gboolean
progress_report_cb (gpointer data)
{
  ProgressReport *report = data;

  report->progress (report->done, report->total, report->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker thread: hands the numbers to the caller's context. */
static void
thread_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  IoJob *job = user_data;
  ProgressReport *report;

  if (job->progress == NULL)
    return;
  report = g_new0 (ProgressReport, 1);
  report->progress = job->progress;
  report->progress_data = job->progress_data;
  report->done = done;
  report->total = total;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT,
                              progress_report_cb, report, g_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  IoJob *job = task_data;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autofree char *basename = NULL;
  GError *error = NULL;

  contents = g_file_load_bytes (job->file, cancellable, NULL, &error);
  if (contents == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  basename = g_file_get_basename (job->file);
  job->format = tkt_io_guess_format (basename, contents);

  if (g_task_return_error_if_cancelled (task))
    return;

  store = tkt_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!tkt_io_import (store, contents, job->format, &job->n_imported,
                      thread_progress_cb, job, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
tkt_io_import_file_async_full (const char          *db_path,
                               GFile               *file,
                               TktIoProgress        progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  IoJob *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (IoJob, 1);
  job->db_path = g_strdup (db_path);
  job->file = g_object_ref (file);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_io_import_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) io_job_free);
  g_task_run_in_thread (task, import_thread);
}

void
tkt_io_import_file_async (const char          *db_path,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  tkt_io_import_file_async_full (db_path, file, NULL, NULL, cancellable, callback, user_data);
}

gboolean
tkt_io_import_file_finish (GAsyncResult  *result,
                           guint         *n_imported,
                           GError       **error)
{
  IoJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tkt_io_import_file_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (n_imported)
    *n_imported = g_task_had_error (G_TASK (result)) ? 0 : job->n_imported;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  IoJob *job = task_data;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(GBytes) contents = NULL;
  GError *error = NULL;

  store = tkt_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  thread_progress_cb (0, 1, job);
  contents = tkt_io_export (store, job->format, &error);
  if (contents == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!g_file_replace_contents (job->file,
                                g_bytes_get_data (contents, NULL),
                                g_bytes_get_size (contents),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  thread_progress_cb (1, 1, job);
  g_task_return_boolean (task, TRUE);
}

void
tkt_io_export_file_async (const char          *db_path,
                          GFile               *file,
                          TktIoFormat          format,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  IoJob *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (IoJob, 1);
  job->db_path = g_strdup (db_path);
  job->file = g_object_ref (file);
  job->format = format;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tkt_io_export_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) io_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
tkt_io_export_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tkt_io_export_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
