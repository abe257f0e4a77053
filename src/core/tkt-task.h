/* tkt-task.h — a science and technology task (nhiệm vụ KH&CN).
 *
 * A TktTask wraps the task's JSON document: getters read it, setters write
 * it and notify the property, and members this version does not know are
 * left as they are, so saving never strips what a newer Tongket wrote. */
#pragma once

#include <json-glib/json-glib.h>
#include "tkt-store.h"

G_BEGIN_DECLS

/* One entry of "stages". Strings may be NULL. */
typedef struct {
  char *stage;          /* TKT_VOCAB_STAGE key */
  char *date;           /* ISO */
  char *doc_number;     /* document.number, e.g. "5196/KH-UBND" */
  char *doc_date;       /* document.date, ISO */
  char *doc_issuer;     /* document.issuer */
  char *rating;         /* TKT_VOCAB_RATING key, acceptance only */
  char *note;
} TktStage;

/* One entry of "transfers". */
typedef struct {
  char *date;
  char *result;
  char *recipient;
  char *recipient_kind; /* TKT_VOCAB_RECIPIENT_KIND key */
} TktTransfer;

GType        tkt_stage_get_type      (void) G_GNUC_CONST;
TktStage    *tkt_stage_new           (void);
TktStage    *tkt_stage_copy          (const TktStage *stage);
void         tkt_stage_free          (TktStage       *stage);
GType        tkt_transfer_get_type   (void) G_GNUC_CONST;
TktTransfer *tkt_transfer_new        (void);
TktTransfer *tkt_transfer_copy       (const TktTransfer *transfer);
void         tkt_transfer_free       (TktTransfer    *transfer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktStage, tkt_stage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktTransfer, tkt_transfer_free)

/* A problem found by validation, shown on the field it names. */
typedef struct {
  char *field;          /* member name: "title", "end", "budget.local", "code", "stages.2.date" */
  char *message;        /* translated, for the user */
} TktProblem;
void         tkt_problem_free        (TktProblem *problem);

#define TKT_TYPE_TASK (tkt_task_get_type ())
G_DECLARE_FINAL_TYPE (TktTask, tkt_task, TKT, TASK, GObject)

/* Properties (all G_PARAM_EXPLICIT_NOTIFY, notify on real change):
 *   id, rev (read-only), code, title, kind, level, programme, field, sector,
 *   regime, lead-org, pi, start, end (ISO strings, NULL = absent),
 *   budget-central, budget-local, budget-other (gint64, -1 = absent),
 *   budget-total (read-only, sum of present ones, -1 if none),
 *   status (read-only: the latest stage's key), n-stages, n-transfers (read-only).
 * A setter given NULL/"" (or -1 for money) removes the member. */

TktTask     *tkt_task_new              (void);                 /* new "task:<uuid>" */
TktTask     *tkt_task_new_from_json    (JsonObject  *doc);     /* takes a copy */
/* The document as it would be stored (borrowed; do not modify). */
JsonObject  *tkt_task_get_json         (TktTask     *self);
/* A copy with a new _id, no _rev, title unchanged, code cleared. */
TktTask     *tkt_task_duplicate        (TktTask     *self);

const char  *tkt_task_get_id           (TktTask     *self);
const char  *tkt_task_get_rev          (TktTask     *self);
void         tkt_task_set_rev          (TktTask     *self, const char *rev);
const char  *tkt_task_get_code         (TktTask     *self);
void         tkt_task_set_code         (TktTask     *self, const char *code);
const char  *tkt_task_get_title        (TktTask     *self);
void         tkt_task_set_title        (TktTask     *self, const char *title);
const char  *tkt_task_get_kind         (TktTask     *self);
void         tkt_task_set_kind         (TktTask     *self, const char *kind);
const char  *tkt_task_get_level        (TktTask     *self);
void         tkt_task_set_level        (TktTask     *self, const char *level);
const char  *tkt_task_get_programme    (TktTask     *self);
void         tkt_task_set_programme    (TktTask     *self, const char *programme_id);
const char  *tkt_task_get_field        (TktTask     *self);
void         tkt_task_set_field        (TktTask     *self, const char *field);
const char  *tkt_task_get_sector       (TktTask     *self);
void         tkt_task_set_sector       (TktTask     *self, const char *sector_id);
const char  *tkt_task_get_regime       (TktTask     *self);
void         tkt_task_set_regime       (TktTask     *self, const char *regime);
const char  *tkt_task_get_lead_org     (TktTask     *self);
void         tkt_task_set_lead_org     (TktTask     *self, const char *lead_org);
const char  *tkt_task_get_pi           (TktTask     *self);
void         tkt_task_set_pi           (TktTask     *self, const char *pi);
const char  *tkt_task_get_start        (TktTask     *self);
void         tkt_task_set_start        (TktTask     *self, const char *iso);
const char  *tkt_task_get_end          (TktTask     *self);
void         tkt_task_set_end          (TktTask     *self, const char *iso);
/* Members, one per line when shown; stored as a JSON array of strings. */
GStrv        tkt_task_dup_members      (TktTask     *self);
void         tkt_task_set_members      (TktTask     *self, const char * const *members);
gint64       tkt_task_get_budget_central (TktTask   *self);
void         tkt_task_set_budget_central (TktTask   *self, gint64 dong);
gint64       tkt_task_get_budget_local (TktTask     *self);
void         tkt_task_set_budget_local (TktTask     *self, gint64 dong);
gint64       tkt_task_get_budget_other (TktTask     *self);
void         tkt_task_set_budget_other (TktTask     *self, gint64 dong);
gint64       tkt_task_get_budget_total (TktTask     *self);
const char  *tkt_task_get_status       (TktTask     *self);

guint        tkt_task_get_n_stages     (TktTask     *self);
TktStage    *tkt_task_get_stage        (TktTask     *self, guint index);   /* new copy */
void         tkt_task_append_stage     (TktTask     *self, const TktStage *stage);
void         tkt_task_replace_stage    (TktTask     *self, guint index, const TktStage *stage);
void         tkt_task_remove_stage     (TktTask     *self, guint index);
guint        tkt_task_get_n_transfers  (TktTask     *self);
TktTransfer *tkt_task_get_transfer     (TktTask     *self, guint index);
void         tkt_task_append_transfer  (TktTask     *self, const TktTransfer *transfer);
void         tkt_task_replace_transfer (TktTask     *self, guint index, const TktTransfer *transfer);
void         tkt_task_remove_transfer  (TktTask     *self, guint index);

/* Problems a user must fix before saving: empty title, end before start,
 * negative money, a date that is not ISO, a stage without a date or with an
 * unknown stage key, a rating on a stage other than accepted, a code another
 * task uses (when store is given).  Returns a GPtrArray of TktProblem (empty
 * if none; free func set). */
GPtrArray   *tkt_task_validate         (TktTask     *self,
                                        TktStore    *store);

/* Load / save through the store.  save validates first (TKT_STORE_ERROR_INVALID
 * with the first problem's message), then tkt_store_put; updates rev. */
TktTask     *tkt_task_load             (TktStore    *store,
                                        const char  *id,
                                        GError     **error);
gboolean     tkt_task_save             (TktTask     *self,
                                        TktStore    *store,
                                        GError     **error);

G_END_DECLS
