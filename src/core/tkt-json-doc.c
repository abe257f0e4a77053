/* tkt-json-doc.c — one document of an import file, read in one pass
 * without a json-glib tree (see tkt-json-doc.h).
 *
 * Why not json-glib here: importing 100,000 tasks spent most of its time
 * in json-glib — building a tree per document (1.8 s), freeing it again
 * (1.1 s, a GHashTable and a GQueue per object, a slice per node), and
 * walking it for the canonical text (1.2 s, ordered iteration looks every
 * member up again).  JsonReader builds the same tree.  This reader puts a
 * document's values in one flat array of nodes and one string buffer that
 * are kept from document to document, so a document costs no allocation
 * once the buffers have grown.  It handles only the subset of JSON whose
 * json-glib reading is plain (no doubles, no \u escapes that need
 * surrogates or NUL, no repeated member names); anything else goes to
 * json-glib as before, which also keeps json-glib's error messages.
 */
#define G_LOG_DOMAIN "tkt-json-doc"

#include "config.h"

#include <string.h>

#include "tkt-json-doc.h"

typedef enum {
  NODE_OBJECT,
  NODE_ARRAY,
  NODE_STRING,
  NODE_INT,
  NODE_TRUE,
  NODE_FALSE,
  NODE_NULL,
} NodeKind;

/* An object's children are its members as pairs: the name (a NODE_STRING)
 * then the value's subtree.  end: the index after the node's subtree. */
typedef struct {
  guint8   kind;
  guint32  count;     /* object: members; array: elements */
  guint32  end;
  guint32  str;       /* NODE_STRING: offset in doc->strings */
  guint32  len;       /* its length in bytes (NUL-terminated there) */
  gint64   value;     /* NODE_INT */
} Node;

#define MAX_DEPTH 64
#define MAX_MEMBERS 256

typedef struct {
  const char *p;
  const char *end;
  TktJsonDoc *doc;
} Reader;

/* ------------------------------------------------------------------ */
/* Task fields                                                          */

void
tkt_task_fields_init (TktTaskFields *fields)
{
  memset (fields, 0, sizeof *fields);
  fields->stages = g_array_new (FALSE, FALSE, sizeof (TktTaskStage));
  fields->transfers = g_array_new (FALSE, FALSE, sizeof (TktTaskTransfer));
  fields->members = g_ptr_array_new ();
}

static void
task_fields_reset (TktTaskFields *fields)
{
  GArray *stages = fields->stages;
  GArray *transfers = fields->transfers;
  GPtrArray *members = fields->members;

  g_array_set_size (stages, 0);
  g_array_set_size (transfers, 0);
  g_ptr_array_set_size (members, 0);
  memset (fields, 0, sizeof *fields);
  fields->stages = stages;
  fields->transfers = transfers;
  fields->members = members;
}

void
tkt_task_fields_clear (TktTaskFields *fields)
{
  g_clear_pointer (&fields->stages, g_array_unref);
  g_clear_pointer (&fields->transfers, g_array_unref);
  g_clear_pointer (&fields->members, g_ptr_array_unref);
}

static const char *
object_get_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
object_get_nonempty_string (JsonObject *object,
                            const char *name)
{
  const char *s = object_get_string (object, name);

  return (s != NULL && *s != '\0') ? s : NULL;
}

static const char * const budget_sources[] = { "central", "local", "other" };

/* Whether a double converts to a gint64 (json-glib reads "1E400" as
 * infinity; converting that, or 1e19, is undefined behaviour). */
static gboolean
double_fits_int64 (double d)
{
  return d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

void
tkt_task_fields_from_object (TktTaskFields *fields,
                             JsonObject    *doc)
{
  JsonNode *node;

  task_fields_reset (fields);
  fields->code = object_get_nonempty_string (doc, "code");
  fields->title = object_get_nonempty_string (doc, "title");
  fields->kind = object_get_nonempty_string (doc, "kind");
  fields->level = object_get_nonempty_string (doc, "level");
  fields->programme = object_get_nonempty_string (doc, "programme");
  fields->sector = object_get_nonempty_string (doc, "sector");
  fields->lead_org = object_get_nonempty_string (doc, "lead_org");
  fields->pi = object_get_nonempty_string (doc, "pi");
  fields->start = object_get_nonempty_string (doc, "start");
  fields->end = object_get_nonempty_string (doc, "end");

  node = json_object_get_member (doc, "budget");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *budget = json_node_get_object (node);

      for (guint i = 0; i < G_N_ELEMENTS (budget_sources); i++)
        {
          JsonNode *value = json_object_get_member (budget, budget_sources[i]);

          if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
            continue;
          if (json_node_get_value_type (value) == G_TYPE_INT64)
            fields->budget[i] = json_node_get_int (value);
          else if (json_node_get_value_type (value) == G_TYPE_DOUBLE &&
                   double_fits_int64 (json_node_get_double (value)))
            fields->budget[i] = (gint64) json_node_get_double (value);
          else
            continue;
          fields->has_budget[i] = TRUE;
        }
    }

  node = json_object_get_member (doc, "stages");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *object;
          TktTaskStage stage;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          object = json_node_get_object (element);
          stage.position = i;
          stage.stage = object_get_string (object, "stage");
          stage.date = object_get_string (object, "date");
          stage.rating = object_get_nonempty_string (object, "rating");
          g_array_append_val (fields->stages, stage);
        }
    }

  node = json_object_get_member (doc, "transfers");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *object;
          TktTaskTransfer transfer;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          object = json_node_get_object (element);
          transfer.position = i;
          transfer.date = object_get_string (object, "date");
          transfer.result = object_get_nonempty_string (object, "result");
          transfer.recipient = object_get_nonempty_string (object, "recipient");
          transfer.recipient_kind = object_get_nonempty_string (object, "recipient_kind");
          g_array_append_val (fields->transfers, transfer);
        }
    }

  node = json_object_get_member (doc, "members");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (fields->members, (gpointer) json_node_get_string (element));
        }
    }
}

/* ------------------------------------------------------------------ */
/* The document                                                         */

TktJsonDoc *
tkt_json_doc_new (void)
{
  TktJsonDoc *doc = g_new0 (TktJsonDoc, 1);

  doc->nodes = g_array_sized_new (FALSE, FALSE, sizeof (Node), 128);
  doc->strings = g_string_sized_new (1024);
  doc->text = g_string_sized_new (1024);
  tkt_task_fields_init (&doc->fields);
  return doc;
}

void
tkt_json_doc_free (TktJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->object, json_object_unref);
  g_array_unref (doc->nodes);
  g_string_free (doc->strings, TRUE);
  g_string_free (doc->text, TRUE);
  tkt_task_fields_clear (&doc->fields);
  g_free (doc);
}

void
tkt_json_doc_reset (TktJsonDoc *doc)
{
  g_clear_pointer (&doc->object, json_object_unref);
  doc->id = NULL;
  doc->type = NULL;
  doc->body = NULL;
  doc->body_len = 0;
  doc->is_task = FALSE;
  task_fields_reset (&doc->fields);
  g_array_set_size (doc->nodes, 0);
  g_string_truncate (doc->strings, 0);
  g_string_truncate (doc->text, 0);
}

void
tkt_json_doc_set_object (TktJsonDoc *doc,
                         JsonObject *object)
{
  tkt_json_doc_reset (doc);
  doc->object = json_object_ref (object);
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

static inline void
skip_blanks (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline Node *
node_at (TktJsonDoc *doc,
         guint       index)
{
  return &g_array_index (doc->nodes, Node, index);
}

static guint
add_node (TktJsonDoc *doc,
          NodeKind    kind)
{
  Node node = { (guint8) kind, 0, 0, 0, 0, 0 };

  g_array_append_val (doc->nodes, node);
  return doc->nodes->len - 1;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* A string at r->p ('"'), decoded into doc->strings. */
static gboolean
read_string (Reader *r)
{
  GString *strings = r->doc->strings;
  guint index = add_node (r->doc, NODE_STRING);
  gsize start = strings->len;
  const char *p = r->p + 1;

  if (strings->len > G_MAXUINT32 / 2)
    return FALSE;
  for (;;)
    {
      const char *run = p;

      while (p < r->end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      g_string_append_len (strings, run, p - run);
      if (p >= r->end || (guchar) *p < 0x20)
        return FALSE;
      if (*p == '"')
        break;
      /* an escape */
      if (p + 1 >= r->end)
        return FALSE;
      switch (p[1])
        {
        case '"': g_string_append_c (strings, '"'); p += 2; break;
        case '\\': g_string_append_c (strings, '\\'); p += 2; break;
        case '/': g_string_append_c (strings, '/'); p += 2; break;
        case 'b': g_string_append_c (strings, '\b'); p += 2; break;
        case 'f': g_string_append_c (strings, '\f'); p += 2; break;
        case 'n': g_string_append_c (strings, '\n'); p += 2; break;
        case 'r': g_string_append_c (strings, '\r'); p += 2; break;
        case 't': g_string_append_c (strings, '\t'); p += 2; break;
        case 'u':
          {
            gunichar c = 0;

            if (p + 6 > r->end)
              return FALSE;
            for (int i = 2; i < 6; i++)
              {
                int h = hex_value (p[i]);

                if (h < 0)
                  return FALSE;
                c = (c << 4) | (gunichar) h;
              }
            /* NUL ends json-glib's string; surrogates are its own affair */
            if (c == 0 || (c >= 0xD800 && c <= 0xDFFF))
              return FALSE;
            g_string_append_unichar (strings, c);
            p += 6;
          }
          break;
        default:
          return FALSE;
        }
    }
  node_at (r->doc, index)->str = (guint32) start;
  node_at (r->doc, index)->len = (guint32) (strings->len - start);
  g_string_append_c (strings, '\0');
  r->p = p + 1;
  return TRUE;
}

static gboolean
read_number (Reader *r)
{
  const char *p = r->p;
  gboolean negative = FALSE;
  gint64 value = 0;
  guint digits = 0;
  guint index;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p >= r->end || !g_ascii_isdigit (*p))
    return FALSE;
  /* "-0", "01": json-glib's reading of these is its own affair */
  if (*p == '0' && (negative || (p + 1 < r->end && g_ascii_isdigit (p[1]))))
    return FALSE;
  while (p < r->end && g_ascii_isdigit (*p))
    {
      if (++digits > 18)
        return FALSE;
      value = value * 10 + (*p - '0');
      p++;
    }
  if (p < r->end && (*p == '.' || *p == 'e' || *p == 'E'))
    return FALSE;
  index = add_node (r->doc, NODE_INT);
  node_at (r->doc, index)->value = negative ? -value : value;
  r->p = p;
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word,
              gsize       len,
              NodeKind    kind)
{
  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  if (r->p < r->end && g_ascii_isalnum (*r->p))
    return FALSE;
  add_node (r->doc, kind);
  return TRUE;
}

static gboolean read_value (Reader *r,
                            guint   depth);

static gboolean
same_string (TktJsonDoc *doc,
             const Node *a,
             const Node *b)
{
  return a->len == b->len &&
         memcmp (doc->strings->str + a->str, doc->strings->str + b->str, a->len) == 0;
}

static gboolean
read_object (Reader *r,
             guint   depth)
{
  guint index = add_node (r->doc, NODE_OBJECT);
  guint names[MAX_MEMBERS];
  guint count = 0;

  r->p++;
  skip_blanks (r);
  if (r->p < r->end && *r->p == '}')
    r->p++;
  else
    for (;;)
      {
        guint name;

        if (r->p >= r->end || *r->p != '"' || count == MAX_MEMBERS)
          return FALSE;
        name = r->doc->nodes->len;
        if (!read_string (r))
          return FALSE;
        /* a repeated name: json-glib keeps one of them, its own way */
        for (guint i = 0; i < count; i++)
          if (same_string (r->doc, node_at (r->doc, names[i]), node_at (r->doc, name)))
            return FALSE;
        names[count++] = name;
        skip_blanks (r);
        if (r->p >= r->end || *r->p != ':')
          return FALSE;
        r->p++;
        skip_blanks (r);
        if (!read_value (r, depth + 1))
          return FALSE;
        skip_blanks (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            skip_blanks (r);
            continue;
          }
        if (r->p < r->end && *r->p == '}')
          {
            r->p++;
            break;
          }
        return FALSE;
      }
  node_at (r->doc, index)->count = count;
  node_at (r->doc, index)->end = r->doc->nodes->len;
  return TRUE;
}

static gboolean
read_array (Reader *r,
            guint   depth)
{
  guint index = add_node (r->doc, NODE_ARRAY);
  guint count = 0;

  r->p++;
  skip_blanks (r);
  if (r->p < r->end && *r->p == ']')
    r->p++;
  else
    for (;;)
      {
        if (!read_value (r, depth + 1))
          return FALSE;
        count++;
        skip_blanks (r);
        if (r->p < r->end && *r->p == ',')
          {
            r->p++;
            skip_blanks (r);
            continue;
          }
        if (r->p < r->end && *r->p == ']')
          {
            r->p++;
            break;
          }
        return FALSE;
      }
  node_at (r->doc, index)->count = count;
  node_at (r->doc, index)->end = r->doc->nodes->len;
  return TRUE;
}

static gboolean
read_value (Reader *r,
            guint   depth)
{
  guint index;

  if (r->p >= r->end || depth > MAX_DEPTH)
    return FALSE;
  switch (*r->p)
    {
    case '{':
      return read_object (r, depth);
    case '[':
      return read_array (r, depth);
    case '"':
      index = r->doc->nodes->len;
      if (!read_string (r))
        return FALSE;
      node_at (r->doc, index)->end = index + 1;
      return TRUE;
    case 't':
      return read_literal (r, "true", 4, NODE_TRUE);
    case 'f':
      return read_literal (r, "false", 5, NODE_FALSE);
    case 'n':
      return read_literal (r, "null", 4, NODE_NULL);
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return read_number (r);
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Looking values up                                                    */

static inline guint
node_end (TktJsonDoc *doc,
          guint       index)
{
  Node *node = node_at (doc, index);

  return node->kind == NODE_OBJECT || node->kind == NODE_ARRAY ? node->end : index + 1;
}

static inline const char *
node_string (TktJsonDoc *doc,
             guint       index)
{
  return doc->strings->str + node_at (doc, index)->str;
}

/* The value of member name of the object at index, or 0 (never a value). */
static guint
member (TktJsonDoc *doc,
        guint       object,
        const char *name)
{
  gsize len = strlen (name);
  guint i = object + 1;

  for (guint k = 0; k < node_at (doc, object)->count; k++)
    {
      Node *key = node_at (doc, i);

      if (key->len == len && memcmp (doc->strings->str + key->str, name, len) == 0)
        return i + 1;
      i = node_end (doc, i + 1);
    }
  return 0;
}

static const char *
member_string (TktJsonDoc *doc,
               guint       object,
               const char *name)
{
  guint value = member (doc, object, name);

  if (value == 0 || node_at (doc, value)->kind != NODE_STRING)
    return NULL;
  return node_string (doc, value);
}

static const char *
member_nonempty_string (TktJsonDoc *doc,
                        guint       object,
                        const char *name)
{
  const char *s = member_string (doc, object, name);

  return (s != NULL && *s != '\0') ? s : NULL;
}

static void
read_fields (TktJsonDoc *doc)
{
  TktTaskFields *fields = &doc->fields;
  guint node;

  fields->code = member_nonempty_string (doc, 0, "code");
  fields->title = member_nonempty_string (doc, 0, "title");
  fields->kind = member_nonempty_string (doc, 0, "kind");
  fields->level = member_nonempty_string (doc, 0, "level");
  fields->programme = member_nonempty_string (doc, 0, "programme");
  fields->sector = member_nonempty_string (doc, 0, "sector");
  fields->lead_org = member_nonempty_string (doc, 0, "lead_org");
  fields->pi = member_nonempty_string (doc, 0, "pi");
  fields->start = member_nonempty_string (doc, 0, "start");
  fields->end = member_nonempty_string (doc, 0, "end");

  node = member (doc, 0, "budget");
  if (node != 0 && node_at (doc, node)->kind == NODE_OBJECT)
    for (guint i = 0; i < G_N_ELEMENTS (budget_sources); i++)
      {
        guint value = member (doc, node, budget_sources[i]);

        if (value != 0 && node_at (doc, value)->kind == NODE_INT)
          {
            fields->has_budget[i] = TRUE;
            fields->budget[i] = node_at (doc, value)->value;
          }
      }

  node = member (doc, 0, "stages");
  if (node != 0 && node_at (doc, node)->kind == NODE_ARRAY)
    {
      guint element = node + 1;

      for (guint i = 0; i < node_at (doc, node)->count; i++, element = node_end (doc, element))
        {
          TktTaskStage stage;

          if (node_at (doc, element)->kind != NODE_OBJECT)
            continue;
          stage.position = i;
          stage.stage = member_string (doc, element, "stage");
          stage.date = member_string (doc, element, "date");
          stage.rating = member_nonempty_string (doc, element, "rating");
          g_array_append_val (fields->stages, stage);
        }
    }

  node = member (doc, 0, "transfers");
  if (node != 0 && node_at (doc, node)->kind == NODE_ARRAY)
    {
      guint element = node + 1;

      for (guint i = 0; i < node_at (doc, node)->count; i++, element = node_end (doc, element))
        {
          TktTaskTransfer transfer;

          if (node_at (doc, element)->kind != NODE_OBJECT)
            continue;
          transfer.position = i;
          transfer.date = member_string (doc, element, "date");
          transfer.result = member_nonempty_string (doc, element, "result");
          transfer.recipient = member_nonempty_string (doc, element, "recipient");
          transfer.recipient_kind = member_nonempty_string (doc, element, "recipient_kind");
          g_array_append_val (fields->transfers, transfer);
        }
    }

  node = member (doc, 0, "members");
  if (node != 0 && node_at (doc, node)->kind == NODE_ARRAY)
    {
      guint element = node + 1;

      for (guint i = 0; i < node_at (doc, node)->count; i++, element = node_end (doc, element))
        if (node_at (doc, element)->kind == NODE_STRING)
          g_ptr_array_add (fields->members, (gpointer) node_string (doc, element));
    }
}

/* ------------------------------------------------------------------ */
/* The canonical text (the rules of canonical_append_string and friends
 * in tkt-store.c: json-glib 1.6's generator, not pretty)                */

static void
append_string (GString    *out,
               const char *s,
               gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = s;
  const char *end = s + len;

  g_string_append_c (out, '"');
  for (const char *p = s; p < end; p++)
    {
      unsigned char c = (unsigned char) *p;
      const char *escape;
      char buf[7];

      if (c == '"' || c == '\\')
        escape = c == '"' ? "\\\"" : "\\\\";
      else if ((c >= 0x01 && c < 0x1f) || c == 0x7f)
        switch (c)
          {
          case '\b': escape = "\\b"; break;
          case '\f': escape = "\\f"; break;
          case '\n': escape = "\\n"; break;
          case '\r': escape = "\\r"; break;
          case '\t': escape = "\\t"; break;
          default:
            buf[0] = '\\'; buf[1] = 'u'; buf[2] = '0'; buf[3] = '0';
            buf[4] = hex[c >> 4]; buf[5] = hex[c & 0xf]; buf[6] = '\0';
            escape = buf;
            break;
          }
      else
        continue;
      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}

static void
append_int (GString *out,
            gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

/* Appends the value at index; returns the index after it. */
static guint
append_value (TktJsonDoc *doc,
              guint       index,
              gboolean    public_only)
{
  GString *out = doc->text;
  Node *node = node_at (doc, index);
  guint count, i;
  gboolean first = TRUE;

  switch ((NodeKind) node->kind)
    {
    case NODE_OBJECT:
      count = node->count;
      g_string_append_c (out, '{');
      i = index + 1;
      for (guint k = 0; k < count; k++)
        {
          Node *key = node_at (doc, i);

          if (public_only && key->len > 0 && doc->strings->str[key->str] == '_')
            {
              i = node_end (doc, i + 1);
              continue;
            }
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          append_string (out, doc->strings->str + key->str, key->len);
          g_string_append_c (out, ':');
          i = append_value (doc, i + 1, FALSE);
        }
      g_string_append_c (out, '}');
      return i;
    case NODE_ARRAY:
      count = node->count;
      g_string_append_c (out, '[');
      i = index + 1;
      for (guint k = 0; k < count; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          i = append_value (doc, i, FALSE);
        }
      g_string_append_c (out, ']');
      return i;
    case NODE_STRING:
      append_string (out, doc->strings->str + node->str, node->len);
      return index + 1;
    case NODE_INT:
      append_int (out, node->value);
      return index + 1;
    case NODE_TRUE:
      g_string_append (out, "true");
      return index + 1;
    case NODE_FALSE:
      g_string_append (out, "false");
      return index + 1;
    case NODE_NULL:
      g_string_append (out, "null");
      return index + 1;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* Checking against json-glib (TKT_CHECK_CANONICAL)                     */

static void
copy_public_member (JsonObject *object,
                    const char *name,
                    JsonNode   *node,
                    gpointer    user_data)
{
  if (name[0] != '_')
    json_object_set_member (user_data, name, json_node_ref (node));
}

static void
check_strings (const char *what,
               const char *expected,
               const char *ours)
{
  if (g_strcmp0 (expected, ours) != 0)
    g_error ("tkt_json_doc_read: %s differs from json-glib's: “%s” against “%s”",
             what, expected ? expected : "(null)", ours ? ours : "(null)");
}

static void
check_against_json_glib (TktJsonDoc *doc,
                         const char *data,
                         gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  TktTaskFields fields;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    g_error ("tkt_json_doc_read accepted what json-glib rejects (%s): %.*s",
             error->message, (int) len, data);
  object = json_node_get_object (json_parser_get_root (parser));
  json_object_foreach_member (object, copy_public_member, body);
  json_node_set_object (root, body);
  json_generator_set_root (generator, root);
  expected = json_generator_to_data (generator, NULL);
  check_strings ("the canonical body", expected, doc->body);
  check_strings ("_id", object_get_string (object, "_id"), doc->id);
  check_strings ("type", object_get_string (object, "type"), doc->type);
  if (!doc->is_task)
    return;

  tkt_task_fields_init (&fields);
  tkt_task_fields_from_object (&fields, object);
  check_strings ("code", fields.code, doc->fields.code);
  check_strings ("title", fields.title, doc->fields.title);
  check_strings ("kind", fields.kind, doc->fields.kind);
  check_strings ("level", fields.level, doc->fields.level);
  check_strings ("programme", fields.programme, doc->fields.programme);
  check_strings ("sector", fields.sector, doc->fields.sector);
  check_strings ("lead_org", fields.lead_org, doc->fields.lead_org);
  check_strings ("pi", fields.pi, doc->fields.pi);
  check_strings ("start", fields.start, doc->fields.start);
  check_strings ("end", fields.end, doc->fields.end);
  for (guint i = 0; i < G_N_ELEMENTS (budget_sources); i++)
    if (fields.has_budget[i] != doc->fields.has_budget[i] ||
        (fields.has_budget[i] && fields.budget[i] != doc->fields.budget[i]))
      g_error ("tkt_json_doc_read: budget.%s differs from json-glib's", budget_sources[i]);
  if (fields.stages->len != doc->fields.stages->len ||
      fields.transfers->len != doc->fields.transfers->len ||
      fields.members->len != doc->fields.members->len)
    g_error ("tkt_json_doc_read: stages, transfers or members differ from json-glib's");
  for (guint i = 0; i < fields.stages->len; i++)
    {
      TktTaskStage *a = &g_array_index (fields.stages, TktTaskStage, i);
      TktTaskStage *b = &g_array_index (doc->fields.stages, TktTaskStage, i);

      g_assert_cmpuint (a->position, ==, b->position);
      check_strings ("stage", a->stage, b->stage);
      check_strings ("stage date", a->date, b->date);
      check_strings ("stage rating", a->rating, b->rating);
    }
  for (guint i = 0; i < fields.transfers->len; i++)
    {
      TktTaskTransfer *a = &g_array_index (fields.transfers, TktTaskTransfer, i);
      TktTaskTransfer *b = &g_array_index (doc->fields.transfers, TktTaskTransfer, i);

      g_assert_cmpuint (a->position, ==, b->position);
      check_strings ("transfer date", a->date, b->date);
      check_strings ("transfer result", a->result, b->result);
      check_strings ("transfer recipient", a->recipient, b->recipient);
      check_strings ("transfer recipient kind", a->recipient_kind, b->recipient_kind);
    }
  for (guint i = 0; i < fields.members->len; i++)
    check_strings ("member", fields.members->pdata[i], doc->fields.members->pdata[i]);
  tkt_task_fields_clear (&fields);
}

gboolean
tkt_json_doc_read (TktJsonDoc *doc,
                   const char *data,
                   gsize       len)
{
  static int check = -1;
  Reader r = { data, data + len, doc };
  guint value;
  guint i;

  tkt_json_doc_reset (doc);
  skip_blanks (&r);
  if (r.p >= r.end || *r.p != '{' || !read_object (&r, 0))
    goto fallback;
  skip_blanks (&r);
  if (r.p != r.end)
    goto fallback;

  /* "_id" and "type" strings; no other "_" member (_rev, _deleted, …:
   * the tree way handles them) */
  i = 1;
  for (guint k = 0; k < node_at (doc, 0)->count; k++)
    {
      Node *key = node_at (doc, i);
      const char *name = doc->strings->str + key->str;

      if (name[0] == '_' && strcmp (name, "_id") != 0)
        goto fallback;
      i = node_end (doc, i + 1);
    }
  value = member (doc, 0, "_id");
  if (value == 0 || node_at (doc, value)->kind != NODE_STRING)
    goto fallback;
  doc->id = node_string (doc, value);
  value = member (doc, 0, "type");
  if (value == 0 || node_at (doc, value)->kind != NODE_STRING || node_at (doc, value)->len == 0)
    goto fallback;
  doc->type = node_string (doc, value);
  doc->is_task = strcmp (doc->type, "task") == 0;

  append_value (doc, 0, TRUE);
  doc->body = doc->text->str;
  doc->body_len = doc->text->len;
  if (doc->is_task)
    read_fields (doc);

  if (G_UNLIKELY (check < 0))
    check = g_getenv ("TKT_CHECK_CANONICAL") != NULL;
  if (G_UNLIKELY (check))
    check_against_json_glib (doc, data, len);
  return TRUE;

fallback:
  tkt_json_doc_reset (doc);
  return FALSE;
}

gsize
tkt_json_find_too_deep (const char *data,
                        gsize       start,
                        gsize       end,
                        guint       max_depth)
{
  guint depth = 0;

  for (gsize i = start; i < end; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < end && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            return i;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return end;
}
