/* tkt-store-sync.h — what the replicator (src/sync) and the conflict and
 * history views need from the store, beyond tkt-store.h.
 *
 * Same rules as tkt-store.h: one TktStore per thread, every write one
 * transaction, nothing here knows of HTTP or of GTK.  Implemented in
 * tkt-store-sync.c on top of the store's tables (docs, revs) and a table of
 * local documents (checkpoints), which are never replicated.
 */
#pragma once

#include "tkt-store.h"

G_BEGIN_DECLS

/* This database's own identity: 32 lower-case hex digits, made once when the
 * database is created (or on the first call, for older files) and kept in
 * the meta table.  Part of every replication id. */
const char  *tkt_store_get_uuid              (TktStore            *self);

/* _revs_diff for one document: the revs in `revs` that are not in the
 * revision tree, in the order given.  Never NULL (an empty array when
 * nothing is missing).  possible_ancestors (out, may be NULL) gets the
 * leaves of the local tree whose position is smaller than some missing
 * rev's, as CouchDB answers. */
GStrv        tkt_store_revs_diff             (TktStore            *self,
                                              const char          *id,
                                              const char * const  *revs,
                                              GStrv               *possible_ancestors);

/* One revision as the replication protocol sends it: the body with "_id",
 * "_rev", "_deleted" (if a tombstone) and "_revisions" {"start": N, "ids":
 * [newest … oldest hashes]} — the ancestry the tree knows, at most
 * max_history entries (0: all).  NOT_FOUND if the revision's body is not
 * kept (a tombstone always has a body: {}). */
JsonObject  *tkt_store_get_rev_for_sync      (TktStore            *self,
                                              const char          *id,
                                              const char          *rev,
                                              guint                max_history,
                                              GError             **error);

/* The same revision as JSON text, built from the stored text without a
 * JSON tree (for a push: ten times quicker).  A body that is not one
 * whole object gives TKT_STORE_ERROR_NOT_DATABASE ("damaged"). */
GBytes      *tkt_store_get_rev_text_for_sync (TktStore            *self,
                                              const char          *id,
                                              const char          *rev,
                                              guint                max_history,
                                              GError             **error);

/* Many replicated revisions (each as for tkt_store_put_revision: "_rev" and
 * "_revisions", maybe "_deleted") in ONE transaction: all or none.  Ids
 * starting with "_local/" or "_design/" are refused with
 * TKT_STORE_ERROR_INVALID before anything is written.  Winners, conflicts,
 * the task index and the change sequence are updated as for local edits, and
 * ::changed is emitted once after the commit.  n_written (may be NULL) gets
 * the number of revisions that were new. */
gboolean     tkt_store_put_revisions         (TktStore            *self,
                                              GPtrArray           *docs,  /* JsonObject* */
                                              guint               *n_written,
                                              GError             **error);

/* A change of the local feed: one document, its sequence, all its leaves
 * (winner first, tombstones included), as _changes?style=all_docs gives. */
typedef struct {
  char   *id;
  gint64  seq;
  GStrv   leaves;
  gboolean deleted;   /* the winner is a tombstone */
} TktStoreChange;

void         tkt_store_change_free           (TktStoreChange      *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktStoreChange, tkt_store_change_free)

/* Changes after `since`, in sequence order, at most `limit` (0: all), as a
 * GPtrArray of TktStoreChange (owning them).  last_seq (may be NULL) gets the
 * sequence of the last one returned, or `since` when there is none. */
GPtrArray   *tkt_store_changes_with_leaves   (TktStore            *self,
                                              gint64               since,
                                              guint                limit,
                                              gint64              *last_seq);

/* Local documents (replication checkpoints, the sync state): a JSON object
 * per id, never replicated, never in the change feed, never exported.
 * get returns NULL when absent.  put replaces (body NULL deletes), in its
 * own transaction. */
JsonObject  *tkt_store_get_local             (TktStore            *self,
                                              const char          *id);
gboolean     tkt_store_put_local             (TktStore            *self,
                                              const char          *id,
                                              JsonObject          *body,
                                              GError             **error);

/* Ids of live documents that have conflicting leaves, in _id order. */
GStrv        tkt_store_list_conflicted       (TktStore            *self);

/* Resolves a conflict in ONE transaction: `merged` (NULL: the body of
 * keep_rev as it is) is written as a new revision on top of keep_rev, and
 * every other live leaf gets a tombstone.  keep_rev must be a live leaf
 * (else TKT_STORE_ERROR_CONFLICT: someone else resolved meanwhile).
 * Returns the new winning rev. */
char        *tkt_store_resolve_conflict      (TktStore            *self,
                                              const char          *id,
                                              const char          *keep_rev,
                                              JsonObject          *merged,
                                              GError             **error);

/* Is the document changed locally after this sequence (push checkpoint)?
 * For the "not sent yet" mark in the task list: the ids among `ids` whose
 * seq is greater than `since`, as a set (GHashTable of char* → NULL). */
GHashTable  *tkt_store_ids_changed_since     (TktStore            *self,
                                              gint64               since);

/* "Download again from the server" (the local copy rebuilt from the
 * server's, after its unsent changes are saved to a file).
 *
 * The unsent changes: the documents whose local seq is greater than
 * pushed_seq (the push checkpoint, as tkt_store_ids_changed_since; 0 when
 * unknown: every document), each as its winning revision with "_id",
 * "_rev", "_revisions" (its known ancestry, so that importing it again
 * after the download continues the server's revision instead of making a
 * conflict) and, for a deletion, "_deleted" — as {"docs": [...]} in _id
 * order, pretty printed, the format tongket-cli import (tkt_io_import)
 * reads.  n_docs (may be NULL) gets how many. */
GBytes      *tkt_store_export_unsent         (TktStore            *self,
                                              gint64               pushed_seq,
                                              guint               *n_docs,
                                              GError             **error);

/* Empties the local copy of the register in ONE transaction: every
 * document with its revision tree, the task index, full-text and history
 * rows, and the local documents (replication checkpoints), so that the
 * next sync pulls everything from the start.  The file, its schema, its
 * uuid and its change sequence (which only grows) are kept.
 * unsent_file (may be NULL): first, inside the same transaction (so that
 * it holds exactly what is erased), the unsent changes are written there
 * (tkt_store_export_unsent); if that fails, nothing is reset.  n_unsent
 * (may be NULL) gets how many were written.  ::changed is emitted with
 * the ids removed; removed (may be NULL) gets them too. */
gboolean     tkt_store_reset_local_copy      (TktStore            *self,
                                              gint64               pushed_seq,
                                              GFile               *unsent_file,
                                              guint               *n_unsent,
                                              GStrv               *removed,
                                              GError             **error);

/* Another connection to the same file changed (or removed) these
 * documents (tkt_store_reset_local_copy run in a thread, a pull's batch
 * written through tkt_store_open_another): ::changed is emitted for them
 * on this one.  Not inside a write. */
void         tkt_store_notify_changed        (TktStore            *self,
                                              const char * const  *ids);

/* A document's history: the revisions of the winner's path, newest first,
 * each a TktRevInfo.  body is NULL for a revision whose body never reached
 * this database (an ancestor received as an id in _revisions), or that
 * a version of Tongket before keeping them all dropped.  The
 * "when and by whom" come from the body's "modified" member
 * {"at": ISO 8601 with offset, "by": name}, which tkt_store_put (a local
 * edit) writes; imports and replicated revisions keep what they carry. */
typedef struct {
  char       *rev;
  gboolean    deleted;
  JsonObject *body;      /* nullable */
  char       *modified_at;  /* nullable */
  char       *modified_by;  /* nullable */
} TktRevInfo;

void         tkt_rev_info_free               (TktRevInfo          *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktRevInfo, tkt_rev_info_free)

GPtrArray   *tkt_store_get_history           (TktStore            *self,
                                              const char          *id,
                                              GError             **error);

/* For the conflict and history views: the fields of a document as a
 * person compares them. */

/* A member the user edits: not "_id", "_rev"…, nor "modified", nor
 * "type" (what the document is, which no edit changes). */
gboolean     tkt_doc_is_field                (const char          *member);
/* What names a document for a person: its "title" (tasks, reports,
 * ceremonies), else its "name" (programmes, sectors, organisations…),
 * else fallback.  Borrowed from doc (or fallback); doc may be NULL. */
const char  *tkt_doc_label                   (JsonObject          *doc,
                                              const char          *fallback);
/* A member's value as text (a string as it is, anything else as JSON);
 * NULL when absent or null. */
char        *tkt_doc_field_text              (JsonObject          *doc,
                                              const char          *member);
/* A task member's name for a person ("Title", "Principal Investigator"…,
 * translated); the member itself when it is not one of them. */
const char  *tkt_doc_field_label             (const char          *member);
/* A member's value as a person reads it: a vocabulary key as its label,
 * "start" and "end" as 24/01/2024, "programme" and "sector" by the name of
 * what they point to (store may be NULL: their ids), the budget by
 * source in đồng, members joined, stages and transfers one per line;
 * anything else as tkt_doc_field_text.  NULL when absent or null. */
char        *tkt_doc_field_display           (TktStore            *store,
                                              JsonObject          *doc,
                                              const char          *member);
/* The fields whose values differ between a and b (either may lack one), in
 * a's order then b's, added to names (char*, owned) when not there yet. */
void         tkt_doc_differing_fields        (JsonObject          *a,
                                              JsonObject          *b,
                                              GPtrArray           *names);
/* A new object: base's members, with each of fields taken from other
 * (removed where other has none). */
JsonObject  *tkt_doc_merge_fields            (JsonObject          *base,
                                              JsonObject          *other,
                                              const char * const  *fields);
/* The "modified" member's "at" and "by" (NULL when absent). */
void         tkt_doc_get_modified            (JsonObject          *doc,
                                              const char         **at,
                                              const char         **by);

/* The name written into "modified"."by" by local edits of this process
 * (default: the user's real name, else the login name).  The application
 * sets it from Preferences.  "modified"."at" is the local time with its
 * offset ("2024-01-24T09:30:00+07:00"); the environment variable
 * TKT_FIXED_NOW (an ISO 8601 date and time, read once per process) fixes
 * it, so that tests get the same revision for the same edit. */
void         tkt_store_set_author            (TktStore            *self,
                                              const char          *name);
const char  *tkt_store_get_author            (TktStore            *self);

G_END_DECLS
