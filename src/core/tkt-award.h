/* tkt-award.h — commendations (khen thưởng): the catalogue of forms and one
 * award decision presented at a ceremony.
 *
 * award_form documents ("award_form:<slug>"): name, authority,
 * authority_rank (1 Chủ tịch nước, 2 Thủ tướng Chính phủ, 3 Bộ trưởng,
 * 4 Chủ tịch UBND tỉnh / UBND tỉnh, 5 Giám đốc Sở; smaller is higher),
 * form_rank (order among forms of one authority: a flag before a
 * certificate of merit), collective, individual.  A new database is seeded
 * with the defaults of the law on emulation and commendation 06/2022/QH15
 * (tkt_award_forms_seed); the catalogue is editable like programmes.
 *
 * award documents ("award:<uuid>"): ceremony, form, decision {number, date,
 * issuer}, recipients [{kind, name, position, organisation}], presenter
 * {name, position}, on_behalf, order (manual override, absent = automatic),
 * batch_size.
 *
 * Presentation order of a ceremony's awards: by the form's authority_rank,
 * then form_rank, then collectives before individuals (an award whose
 * recipients are all collectives comes before one of individuals), then the
 * decision date; an award with "order" set keeps that position.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "tkt-store.h"
#include "tkt-task.h"   /* TktProblem */

G_BEGIN_DECLS

typedef struct {
  char *kind;          /* "collective" | "individual" */
  char *name;
  char *position;
  char *organisation;
} TktRecipient;

void          tkt_recipient_free   (TktRecipient *recipient);
TktRecipient *tkt_recipient_copy   (const TktRecipient *recipient);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktRecipient, tkt_recipient_free)

/* The default catalogue: writes the default award_form documents into a
 * store that has none (one transaction).  Called by tkt_store_open's seeding
 * path and by the demo. */
gboolean      tkt_award_forms_seed (TktStore    *store,
                                    GError     **error);
/* Live award forms in presentation order (authority_rank, form_rank, name). */
GPtrArray    *tkt_award_forms_list (TktStore    *store);      /* JsonObject* */
/* Writes an award form: a new one when id is NULL ("award_form:<uuid>"),
 * else the live form id with its other members kept.  A new form, or one
 * moved to another authority_rank, gets the next form_rank of that rank
 * (it is presented after the others).  Returns the form's id. */
char         *tkt_award_form_save  (TktStore    *store,
                                    const char  *id,
                                    const char  *name,
                                    const char  *authority,
                                    int          authority_rank,
                                    gboolean     collective,
                                    gboolean     individual,
                                    GError     **error);

#define TKT_TYPE_AWARD (tkt_award_get_type ())
G_DECLARE_FINAL_TYPE (TktAward, tkt_award, TKT, AWARD, GObject)

/* Properties (G_PARAM_EXPLICIT_NOTIFY): id, rev (read-only), ceremony, form
 * (award_form _id), decision-number, decision-date (ISO), decision-issuer,
 * presenter-name, presenter-position, on-behalf (boolean), order (int,
 * -1 = automatic), batch-size (int, default 9; 1..30), n-recipients. */

TktAward    *tkt_award_new             (const char  *ceremony_id);
TktAward    *tkt_award_new_from_json   (JsonObject  *doc);
JsonObject  *tkt_award_get_json        (TktAward    *self);   /* borrowed */
const char  *tkt_award_get_id          (TktAward    *self);
const char  *tkt_award_get_rev         (TktAward    *self);
const char  *tkt_award_get_ceremony    (TktAward    *self);
const char  *tkt_award_get_form        (TktAward    *self);
void         tkt_award_set_form        (TktAward    *self, const char *form_id);
const char  *tkt_award_get_decision_number (TktAward *self);
void         tkt_award_set_decision_number (TktAward *self, const char *number);
const char  *tkt_award_get_decision_date   (TktAward *self);
void         tkt_award_set_decision_date   (TktAward *self, const char *iso);
const char  *tkt_award_get_decision_issuer (TktAward *self);
void         tkt_award_set_decision_issuer (TktAward *self, const char *issuer);
const char  *tkt_award_get_presenter_name     (TktAward *self);
void         tkt_award_set_presenter_name     (TktAward *self, const char *name);
const char  *tkt_award_get_presenter_position (TktAward *self);
void         tkt_award_set_presenter_position (TktAward *self, const char *position);
gboolean     tkt_award_get_on_behalf   (TktAward    *self);
void         tkt_award_set_on_behalf   (TktAward    *self, gboolean on_behalf);
int          tkt_award_get_order       (TktAward    *self);
void         tkt_award_set_order       (TktAward    *self, int order);
int          tkt_award_get_batch_size  (TktAward    *self);
void         tkt_award_set_batch_size  (TktAward    *self, int size);

guint         tkt_award_get_n_recipients  (TktAward *self);
TktRecipient *tkt_award_get_recipient     (TktAward *self, guint index);  /* new copy */
void          tkt_award_append_recipient  (TktAward *self, const TktRecipient *recipient);
void          tkt_award_replace_recipient (TktAward *self, guint index, const TktRecipient *recipient);
void          tkt_award_remove_recipient  (TktAward *self, guint index);
void          tkt_award_move_recipient    (TktAward *self, guint from, guint to);

/* "Thừa ủy quyền": TRUE when the presenter is not the form's authority,
 * compared folded with the usual abbreviations.  The presenter is an office
 * authority when one of his offices begins with it ("Giám đốc Sở KH&CN" for
 * "Giám đốc Sở"); a deputy ("Phó Chủ tịch UBND tỉnh" for "Chủ tịch UBND
 * tỉnh") is not.  A body authority ("UBND tỉnh") is any office of it. */
gboolean     tkt_award_propose_on_behalf (TktAward   *self,
                                          JsonObject *form);
/* Recipients cut into turns on stage: collectives first, then individuals,
 * at most batch_size a turn, the last turns balanced (10 = 5 + 5, not 9 + 1).
 * A GPtrArray of GArray of guint (recipient indexes). */
GPtrArray   *tkt_award_batches           (TktAward   *self);
/* "cho 02 tập thể, 02 cá nhân" / "cho 04 cá nhân" (Decree 30 two-digit
 * counts; zero parts left out). */
char        *tkt_award_format_counts     (TktAward   *self);

/* Recipients from the CSV annex of a decision (STT, name, position, unit;
 * header names in Vietnamese or English, BOM accepted; a "kind" column or
 * the default_kind).  All or nothing: on error nothing is added and the
 * error names the line ("Dòng 7: thiếu họ tên"); problems on several lines
 * are all listed in the message. */
gboolean     tkt_award_import_recipients_csv (TktAward   *self,
                                              const char *data,
                                              gsize       length,
                                              const char *default_kind,
                                              guint      *n_added,
                                              GError    **error);

GPtrArray   *tkt_award_validate          (TktAward    *self);   /* TktProblem */
TktAward    *tkt_award_load              (TktStore    *store,
                                          const char  *id,
                                          GError     **error);
gboolean     tkt_award_save              (TktAward    *self,
                                          TktStore    *store,
                                          GError     **error);
/* A ceremony's awards in presentation order (TktAward*, free func set). */
GPtrArray   *tkt_award_list_for_ceremony (TktStore    *store,
                                          const char  *ceremony_id);

G_END_DECLS
