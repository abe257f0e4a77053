/* tkt-store-private.h — the store's internals that tkt-store-sync.c builds
 * on.  Not for use outside src/core/tkt-store*.c.
 *
 * The functions are thin wrappers over the static helpers of tkt-store.c,
 * so that file keeps its own names; see there for what each one does.
 */
#pragma once

#include "tkt-store.h"

G_BEGIN_DECLS

/* A write transaction (BEGIN IMMEDIATE, or a SAVEPOINT inside one): every
 * begin is followed by exactly one commit or rollback.  ::changed is
 * emitted once, after the outermost commit. */
gboolean     tkt_store_write_begin          (TktStore     *self,
                                             GError      **error);
gboolean     tkt_store_write_commit         (TktStore     *self,
                                             GError      **error);
void         tkt_store_write_rollback       (TktStore     *self);

/* error from the connection's last error (rc: the code returned), with a
 * message a user can act on (disk full, read-only, busy, damaged). */
void         tkt_store_set_sqlite_error     (TktStore     *self,
                                             int           rc,
                                             GError      **error);

/* How many whole-file checks (PRAGMA quick_check) tkt_store_open ran in
 * this process: a file unchanged since Tongket last closed it cleanly is
 * not checked again (see check_existing). */
guint        tkt_store_get_n_file_checks    (void);

/* Frees what tkt-store-sync.c keeps for the store (its prepared
 * statements); called as the store closes. */
void         tkt_store_sync_forget          (TktStore     *self);

/* tkt_store_put_revision inside the caller's transaction. */
gboolean     tkt_store_put_revision_locked  (TktStore     *self,
                                             JsonObject   *doc,
                                             GError      **error);

/* "N-<hash>": FALSE if rev is not of that form. */
gboolean     tkt_store_parse_rev            (const char   *rev,
                                             gint64       *pos,
                                             const char  **hash);
/* The revision id of a body (canonical text, see body_to_string) written
 * on top of parent (NULL for a first revision, parent_pos 0). */
char        *tkt_store_make_rev             (const char   *parent,
                                             gint64        parent_pos,
                                             const char   *body,
                                             gboolean      deleted);
/* The canonical text of doc without its "_" members (what is stored and
 * hashed). */
char        *tkt_store_body_to_string       (TktStore     *self,
                                             JsonObject   *doc);
/* A stored body as a document's text, appended to out: "_id", "_rev",
 * "_deleted" (a tombstone) and extra (JSON members without braces, or
 * NULL) first, then the body's members.  Not parsed: the body is the
 * store's own text. */
void         tkt_store_append_doc_text      (GString      *out,
                                             const char   *id,
                                             const char   *rev,
                                             gboolean      deleted,
                                             const char   *extra,
                                             const char   *body);
/* Stored text to an object; with id, "_id", "_rev" (and "_deleted") come
 * first.  NULL if the text is not a JSON object. */
JsonObject  *tkt_store_parse_body           (TktStore     *self,
                                             const char   *id,
                                             const char   *rev,
                                             gboolean      deleted,
                                             const char   *body);

/* The docs row of an id: rowid 0 when the store has no such document. */
typedef struct {
  gint64    rowid;
  char     *winner;
  gboolean  deleted;
  char     *type;
} TktStoreDocRow;

void         tkt_store_doc_row_clear        (TktStoreDocRow *row);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TktStoreDocRow, tkt_store_doc_row_clear)

/* FALSE on error; row->rowid 0 if absent. */
gboolean     tkt_store_lookup_doc           (TktStore       *self,
                                             const char     *id,
                                             TktStoreDocRow *row,
                                             GError        **error);

typedef struct {
  char     *rev;
  gint64    pos;
  gboolean  deleted;
} TktStoreLeaf;

/* The leaves of the document whose docs.rowid is doc_rowid, winner first
 * (CouchDB's rule), as a GArray of TktStoreLeaf that frees their revs. */
GArray      *tkt_store_load_leaves          (TktStore     *self,
                                             gint64        doc_rowid,
                                             GError      **error);

/* Inside a write transaction: ::changed will name id after the commit. */
void         tkt_store_note_changed         (TktStore     *self,
                                             const char   *id);

/* Implemented in tkt-store-sync.c, called by tkt_store_put: a shallow copy
 * of doc with "modified" {"at", "by"} set to now and the store's author. */
JsonObject  *tkt_store_stamp_modified       (TktStore     *self,
                                             JsonObject   *doc);

G_END_DECLS
