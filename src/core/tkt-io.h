/* tkt-io.h — import and export of documents: JSON (an array or {"docs": [...]})
 * and CSV of tasks (a header row naming task members; a UTF-8 BOM is fine). */
#pragma once

#include <gio/gio.h>
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_IO_ERROR (tkt_io_error_quark ())

typedef enum {
  TKT_IO_ERROR_PARSE,      /* message names line and column */
  TKT_IO_ERROR_INVALID,    /* a document or row that cannot be a task; names the line */
  TKT_IO_ERROR_FORMAT,     /* unknown format */
} TktIoError;

typedef enum {
  TKT_IO_FORMAT_JSON,
  TKT_IO_FORMAT_CSV,
} TktIoFormat;

GQuark      tkt_io_error_quark          (void);

/* Guess from the file name (".csv") and content (first non-space byte '[' or '{'). */
TktIoFormat tkt_io_guess_format         (const char   *filename,
                                         GBytes       *contents);
/* Parse then write all documents in one transaction: all or nothing.
 * progress (may be NULL) is called now and then with done/total. */
typedef void (*TktIoProgress) (guint done, guint total, gpointer user_data);
gboolean    tkt_io_import               (TktStore     *store,
                                         GBytes       *contents,
                                         TktIoFormat   format,
                                         guint        *n_imported,
                                         TktIoProgress progress,
                                         gpointer      user_data,
                                         GError      **error);
/* Parsing alone (used by import and by the fuzzers): GPtrArray of JsonObject. */
GPtrArray  *tkt_io_parse_json           (GBytes       *contents,
                                         GError      **error);
GPtrArray  *tkt_io_parse_tasks_csv      (TktStore     *store,
                                         GBytes       *contents,
                                         GError      **error);
/* JSON: {"docs": [...]} of every live document (all types), pretty printed,
 * with _id and _rev, so it re-imports to the same documents.
 * CSV: the task list with a header row of member names. */
GBytes     *tkt_io_export               (TktStore     *store,
                                         TktIoFormat   format,
                                         GError      **error);

/* Async wrappers that run in a thread with their own store connection. */
void        tkt_io_import_file_async    (const char   *db_path,
                                         GFile        *file,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer      user_data);
/* The same, calling progress (may be NULL) with done/total on the calling
 * thread's main context; progress_data must live until callback runs. */
void        tkt_io_import_file_async_full (const char *db_path,
                                         GFile        *file,
                                         TktIoProgress progress,
                                         gpointer      progress_data,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer      user_data);
gboolean    tkt_io_import_file_finish   (GAsyncResult *result,
                                         guint        *n_imported,
                                         GError      **error);
void        tkt_io_export_file_async    (const char   *db_path,
                                         GFile        *file,
                                         TktIoFormat   format,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer      user_data);
gboolean    tkt_io_export_file_finish   (GAsyncResult *result,
                                         GError      **error);

G_END_DECLS
