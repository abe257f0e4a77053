/* tkt-json-doc.h — a document of an import file read without a json-glib
 * tree: its canonical body text and the task members the store indexes.
 * Private to src/core (tkt-io.c reads, tkt-store.c writes).
 *
 * tkt_json_doc_read accepts a strict, common subset of JSON (what
 * json-glib's generator, CouchDB and most tools write: strings, integers
 * of up to 18 digits, true, false, null, objects without repeated member
 * names, arrays) and says FALSE for anything else — a double, an escape it
 * does not handle, a syntax error — so that the caller parses that
 * document with json-glib as before, and json-glib reports the error.
 * For what it accepts, the body is byte for byte json-glib's (the canonical
 * text of tkt-store.c) and the task members are what index_task reads from
 * the json-glib tree; with TKT_CHECK_CANONICAL set in the environment both
 * are checked against json-glib for every document.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  guint        position;        /* index in the document's "stages" array */
  const char  *stage;           /* "stage" when a string (may be empty) */
  const char  *date;            /* "date" when a string (may be empty) */
  const char  *rating;          /* "rating" when a non-empty string */
} TktTaskStage;

typedef struct {
  guint        position;        /* index in the "transfers" array */
  const char  *date;            /* when a string (may be empty) */
  const char  *result;          /* the rest: when a non-empty string */
  const char  *recipient;
  const char  *recipient_kind;
} TktTaskTransfer;

/* The members of a task that task_index, task_fts and the history tables
 * hold.  Strings are borrowed (from the tree or the TktJsonDoc); the
 * top-level ones are NULL unless a non-empty string. */
typedef struct {
  const char  *code;
  const char  *title;
  const char  *kind;
  const char  *level;
  const char  *programme;
  const char  *sector;
  const char  *lead_org;
  const char  *pi;
  const char  *start;
  const char  *end;
  gboolean     has_budget[3];   /* central, local, other: a number */
  gint64       budget[3];
  GArray      *stages;          /* TktTaskStage, object elements only */
  GArray      *transfers;       /* TktTaskTransfer, object elements only */
  GPtrArray   *members;         /* const char *: the string elements */
} TktTaskFields;

void           tkt_task_fields_init        (TktTaskFields *fields);
void           tkt_task_fields_clear       (TktTaskFields *fields);
/* Fills fields (after init or a previous fill) from a task document. */
void           tkt_task_fields_from_object (TktTaskFields *fields,
                                            JsonObject    *doc);

typedef struct _TktJsonDoc TktJsonDoc;

struct _TktJsonDoc {
  /* Read by tkt_json_doc_read (object NULL): */
  const char    *id;            /* "_id" */
  const char    *type;          /* "type" (a non-empty string) */
  const char    *body;          /* canonical text without "_" members */
  gsize          body_len;
  gboolean       is_task;       /* type "task": fields are filled */
  TktTaskFields  fields;
  /* Or a document json-glib parsed (the fallback): */
  JsonObject    *object;

  /*< private >*/
  GArray        *nodes;
  GString       *strings;
  GString       *text;
};

TktJsonDoc    *tkt_json_doc_new            (void);
void           tkt_json_doc_free           (TktJsonDoc    *doc);
/* Forgets what the doc held, keeping its buffers for the next read. */
void           tkt_json_doc_reset          (TktJsonDoc    *doc);
/* Reads one JSON value (data[0..len), surrounding blanks allowed) as a
 * document.  FALSE: not a JSON object in the subset, or a member of the
 * form "_…" other than "_id", or "_id"/"type" not strings: the caller
 * falls back to json-glib (doc is then reset). */
gboolean       tkt_json_doc_read           (TktJsonDoc    *doc,
                                            const char    *data,
                                            gsize          len);
/* A document json-glib parsed (takes a reference). */
void           tkt_json_doc_set_object     (TktJsonDoc    *doc,
                                            JsonObject    *object);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktJsonDoc, tkt_json_doc_free)

/* Implemented in tkt-store.c (it is the store's write path): writes docs
 * (TktJsonDoc*, none with a "_rev") in one transaction level, as
 * tkt_store_put_all writes an import's documents; a TktJsonDoc read from
 * text becomes a new document without a tree, the others go the tree way.
 * For tkt_io_import's batches (no index rebuild of its own: big imports
 * use tkt_store_bulk_begin). */
#include "tkt-store.h"
gboolean       tkt_store_put_json_docs     (TktStore      *store,
                                            GPtrArray     *docs,
                                            guint         *n_written,
                                            GError       **error);

/* Where the JSON text data[start, end) first nests arrays and objects
 * deeper than max_depth, or end when it never does.  json-glib's parser
 * recurses: a file or a server reply nested 100,000 deep would overflow
 * the stack, so the import and the replicator look first. */
gsize          tkt_json_find_too_deep      (const char    *data,
                                            gsize          start,
                                            gsize          end,
                                            guint          max_depth);

G_END_DECLS
