/* tkt-store.h — the document store: JSON documents with CouchDB revisions in SQLite.
 *
 * One SQLite file, WAL, foreign keys on, every write in one transaction.
 * Each document is a JSON object with "_id" ("<type>:<text>"), "type", and
 * "_rev" ("N-<32 hex md5>").  A local edit makes a new revision whose hash is
 * md5 of the parent rev and the canonical body, so it is deterministic.  The
 * revision tree (all revisions' ids and parents, bodies of leaves and of
 * recent ancestors) is kept; the winner is chosen by CouchDB's rule (non
 * deleted leaves first, then the longest path, then the greater rev id);
 * conflicting leaves are kept, never dropped.  Every change gets a local
 * sequence number (the change feed sync will read).
 *
 * Not thread-safe: a TktStore belongs to one thread.  Another thread opens
 * its own TktStore on the same path (WAL lets readers run beside a writer).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define TKT_STORE_ERROR (tkt_store_error_quark ())

typedef enum {
  TKT_STORE_ERROR_FAILED,
  TKT_STORE_ERROR_NOT_DATABASE,   /* not a SQLite file, damaged, or not Tongket's */
  TKT_STORE_ERROR_NEWER_VERSION,  /* schema written by a newer Tongket */
  TKT_STORE_ERROR_NOT_FOUND,
  TKT_STORE_ERROR_CONFLICT,       /* _rev given is not the current winner */
  TKT_STORE_ERROR_INVALID,        /* not an object, bad _id / _rev / type */
  TKT_STORE_ERROR_READ_ONLY,
  TKT_STORE_ERROR_FULL,
} TktStoreError;

#define TKT_STORE_SCHEMA_VERSION 3

#define TKT_TYPE_STORE (tkt_store_get_type ())
G_DECLARE_FINAL_TYPE (TktStore, tkt_store, TKT, STORE, GObject)

GQuark       tkt_store_error_quark     (void);

/* Opens or creates the database.  A new database is seeded with the default
 * programmes and sectors (tkt-catalog.h).  An older schema is migrated
 * forward after copying the file to PATH.bak-vN.  A file that is not a
 * Tongket database gets TKT_STORE_ERROR_NOT_DATABASE and is left untouched
 * (byte for byte).  */
TktStore    *tkt_store_open            (const char   *path,
                                        GError      **error);
/* Another connection to the file of an open store, for writing from a
 * worker thread (one thread at a time) while the window reads through the
 * first.  The file was checked and migrated when store opened it: nothing
 * of that is done again.  Each connection sees the other's commits; its
 * ::changed is emitted on the thread that wrote, so the caller passes the
 * ids on with tkt_store_notify_changed (tkt-store-sync.h) on the main
 * thread. */
TktStore    *tkt_store_open_another    (TktStore     *store,
                                        GError      **error);
const char  *tkt_store_get_path        (TktStore     *self);
/* For queries inside src/core only (task lists, statistics). */
sqlite3     *tkt_store_get_db          (TktStore     *self);

/* The winning revision of a live document, with _id and _rev, as a new
 * object; NULL and TKT_STORE_ERROR_NOT_FOUND if absent or deleted. */
JsonObject  *tkt_store_get             (TktStore     *self,
                                        const char   *id,
                                        GError      **error);
/* A given revision (live or deleted), or NOT_FOUND if its body is not kept. */
JsonObject  *tkt_store_get_rev         (TktStore     *self,
                                        const char   *id,
                                        const char   *rev,
                                        GError      **error);
/* A local edit.  doc must have "_id" and "type".  If the document exists and
 * is live, doc's "_rev" must be the winner (else CONFLICT); a new document or
 * one whose winner is deleted needs no "_rev".  Members starting with "_"
 * other than _id/_rev/_deleted are not stored.  Sets doc's "_rev" to the new
 * revision and returns a copy of it.  Also stamps doc's "modified" {"at",
 * "by"} (tkt-store-sync.h), which is part of the new revision's body. */
char        *tkt_store_put             (TktStore     *self,
                                        JsonObject   *doc,
                                        GError      **error);
/* Many local edits in one transaction: all or none.  For import: a document
 * whose "_rev" is already in the tree is skipped (re-import is a no-op); a
 * document without "_rev" that exists is written on top of the winner. */
gboolean     tkt_store_put_all         (TktStore     *self,
                                        GPtrArray    *docs,   /* JsonObject* */
                                        guint        *n_written,
                                        GError      **error);
/* A big import in the caller's transaction, as several put_all calls
 * between these two.  When n_docs is at least twice the tasks already
 * stored, begin drops the secondary indexes of the task index and end
 * builds them once (a sorted build instead of 100,000 random insertions
 * into each).  After a failure the caller rolls its transaction back (the
 * indexes come back with it) and calls end with rebuild FALSE. */
gboolean     tkt_store_bulk_begin      (TktStore     *self,
                                        guint         n_docs,
                                        GError      **error);
gboolean     tkt_store_bulk_end        (TktStore     *self,
                                        gboolean      rebuild,
                                        GError      **error);
/* Writes a deleted revision on top of the winner (rev NULL) or of rev.
 * Returns the tombstone's rev. */
char        *tkt_store_delete          (TktStore     *self,
                                        const char   *id,
                                        const char   *rev,
                                        GError      **error);
/* Undo of delete: writes the last live body as a new revision on top of the
 * tombstone.  Returns the new rev. */
char        *tkt_store_undelete        (TktStore     *self,
                                        const char   *id,
                                        GError      **error);
/* Replication write (CouchDB new_edits=false): doc has "_rev" and
 * "_revisions" {"start": N, "ids": [newest … oldest]}, maybe "_deleted".
 * Inserts the missing path into the tree without minting revisions;
 * recomputes winner and conflicts.  Idempotent. */
gboolean     tkt_store_put_revision    (TktStore     *self,
                                        JsonObject   *doc,
                                        GError      **error);
/* Leaves of a document, winner first, as a NULL-terminated array of revs. */
GStrv        tkt_store_get_leaves      (TktStore     *self,
                                        const char   *id);
/* Live leaves other than the winner (the conflicts), NULL-terminated. */
GStrv        tkt_store_get_conflicts   (TktStore     *self,
                                        const char   *id);
/* Ids of live documents of a type (e.g. "programme"), in _id order. */
GStrv        tkt_store_list_ids        (TktStore     *self,
                                        const char   *type);
/* Live documents of a type, as JsonObjects, in _id order. */
GPtrArray   *tkt_store_list_docs       (TktStore     *self,
                                        const char   *type);
gint64       tkt_store_get_update_seq  (TktStore     *self);
/* Ids of documents changed after seq, in seq order (at most limit; 0 = all). */
GStrv        tkt_store_changes_since   (TktStore     *self,
                                        gint64        since,
                                        guint         limit,
                                        gint64       *last_seq);
/* Is another task (not except_id) using this code? */
gboolean     tkt_store_task_code_in_use (TktStore    *self,
                                        const char   *code,
                                        const char   *except_id);

/* Emitted after a commit, once per committed transaction:
 *   ::changed (GStrv ids) */

G_END_DECLS
