/* tkt-report.h — an annual report (báo cáo tổng kết), "report:<year>".
 *
 * A TktReport wraps the report's JSON document (DESIGN.md, "Documents":
 * year, organisation, parent_organisation, number, place, date, sections,
 * plan, recommendations, signer, recipients, frozen) the way TktTask wraps
 * a task: getters read it, setters write it and notify, members this version
 * does not know are kept.  Everything written into it is the staff's own
 * Vietnamese text; the figures are computed live (tkt-figures.h) until the
 * report is issued, when a copy is frozen into the document.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "tkt-store.h"
#include "tkt-figures.h"
#include "tkt-task.h"   /* TktProblem */

G_BEGIN_DECLS

/* A section of the report: one area of work. */
typedef struct {
  char *key;     /* "tasks", "appraisal", "radiation", "ip", "standards", "outreach", or "custom:<uuid>" */
  char *title;   /* "Công tác quản lý nhiệm vụ KH&CN" … */
  char *text;    /* staff's prose; paragraphs separated by "\n" */
} TktReportSection;

/* A key task group of the plan for Y+1. */
typedef struct {
  char *title;
  char *text;
} TktPlanGroup;

typedef struct {
  char *label;
  char *value;
} TktPlanTarget;

/* A document the plan implements: "Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh …". */
typedef struct {
  char *number;   /* "5196/KH-UBND" */
  char *date;     /* ISO */
  char *issuer;   /* "UBND tỉnh Điện Biên" */
  char *title;    /* "về triển khai …" */
} TktDocRef;

#define TKT_TYPE_REPORT (tkt_report_get_type ())
G_DECLARE_FINAL_TYPE (TktReport, tkt_report, TKT, REPORT, GObject)

/* Properties (G_PARAM_EXPLICIT_NOTIFY): id, rev (read-only), year (read-only),
 * organisation, parent-organisation, number, place, date, recommendations,
 * signer-title, signer-name, frozen (read-only boolean). */

/* A new report for year with the six default sections (empty text), the
 * organisation names given (from preferences; NULL = the defaults
 * "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "UBND TỈNH ĐIỆN BIÊN"), number "…/BC-SKHCN". */
TktReport   *tkt_report_new            (int          year,
                                        const char  *organisation,
                                        const char  *parent_organisation);
TktReport   *tkt_report_new_from_json  (JsonObject  *doc);   /* takes a copy */
JsonObject  *tkt_report_get_json       (TktReport   *self);  /* borrowed */
char        *tkt_report_id_for_year    (int          year);  /* "report:2023" */

const char  *tkt_report_get_id         (TktReport   *self);
const char  *tkt_report_get_rev        (TktReport   *self);
int          tkt_report_get_year       (TktReport   *self);
const char  *tkt_report_get_organisation        (TktReport *self);
void         tkt_report_set_organisation        (TktReport *self, const char *text);
const char  *tkt_report_get_parent_organisation (TktReport *self);
void         tkt_report_set_parent_organisation (TktReport *self, const char *text);
const char  *tkt_report_get_number     (TktReport   *self);
void         tkt_report_set_number     (TktReport   *self, const char *text);
const char  *tkt_report_get_place      (TktReport   *self);
void         tkt_report_set_place      (TktReport   *self, const char *text);
const char  *tkt_report_get_date       (TktReport   *self);   /* ISO */
void         tkt_report_set_date       (TktReport   *self, const char *iso);
const char  *tkt_report_get_recommendations (TktReport *self);
void         tkt_report_set_recommendations (TktReport *self, const char *text);
const char  *tkt_report_get_signer_title (TktReport *self);  /* "GIÁM ĐỐC" / "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" */
void         tkt_report_set_signer_title (TktReport *self, const char *text);
const char  *tkt_report_get_signer_name  (TktReport *self);
void         tkt_report_set_signer_name  (TktReport *self, const char *text);
/* "Nơi nhận", one recipient per entry ("- Bộ KH&CN;" is written by the renderer). */
GStrv        tkt_report_dup_recipients (TktReport   *self);
void         tkt_report_set_recipients (TktReport   *self, const char * const *recipients);

/* Sections, plan groups, targets and documents: indexed lists.  get_* return
 * new copies; ::changed is not used, "notify::n-sections" etc. are. */
guint             tkt_report_get_n_sections   (TktReport *self);
TktReportSection *tkt_report_get_section      (TktReport *self, guint index);
void              tkt_report_replace_section  (TktReport *self, guint index, const TktReportSection *section);
void              tkt_report_append_section   (TktReport *self, const TktReportSection *section);
void              tkt_report_remove_section   (TktReport *self, guint index);
void              tkt_report_move_section     (TktReport *self, guint from, guint to);
guint             tkt_report_get_n_groups     (TktReport *self);
TktPlanGroup     *tkt_report_get_group        (TktReport *self, guint index);
void              tkt_report_replace_group    (TktReport *self, guint index, const TktPlanGroup *group);
void              tkt_report_append_group     (TktReport *self, const TktPlanGroup *group);
void              tkt_report_remove_group     (TktReport *self, guint index);
guint             tkt_report_get_n_targets    (TktReport *self);
TktPlanTarget    *tkt_report_get_target       (TktReport *self, guint index);
void              tkt_report_replace_target   (TktReport *self, guint index, const TktPlanTarget *target);
void              tkt_report_append_target    (TktReport *self, const TktPlanTarget *target);
void              tkt_report_remove_target    (TktReport *self, guint index);
guint             tkt_report_get_n_documents  (TktReport *self);
TktDocRef        *tkt_report_get_document     (TktReport *self, guint index);
void              tkt_report_replace_document (TktReport *self, guint index, const TktDocRef *doc);
void              tkt_report_append_document  (TktReport *self, const TktDocRef *doc);
void              tkt_report_remove_document  (TktReport *self, guint index);

void tkt_report_section_free (TktReportSection *s);
void tkt_plan_group_free     (TktPlanGroup *g);
void tkt_plan_target_free    (TktPlanTarget *t);
void tkt_doc_ref_free        (TktDocRef *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktReportSection, tkt_report_section_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktPlanGroup, tkt_plan_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktPlanTarget, tkt_plan_target_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktDocRef, tkt_doc_ref_free)

/* Inserting a generated sentence appends it to the section's text as a new
 * paragraph and records it in sections[i].generated [{key, text}], so that
 * refresh_sentences can replace exactly that text with the current figures
 * and leave the staff's own prose alone. */
void         tkt_report_insert_sentence   (TktReport        *self,
                                           guint             section,
                                           TktSentence       which,
                                           const TktFigures *figures);
/* Replaces every inserted sentence still present verbatim with its current
 * form; returns how many changed. */
guint        tkt_report_refresh_sentences (TktReport        *self,
                                           const TktFigures *figures);

/* "Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh Điện Biên về …" */
char        *tkt_doc_ref_format           (const TktDocRef  *doc);
/* "09 nhóm nhiệm vụ trọng tâm" from the number of groups. */
char        *tkt_report_format_group_count (TktReport       *self);

/* Issuing: copies figures (and the year before's, for comparison) into
 * "frozen" {issued_at, figures, previous}.  After that get_figures returns
 * the frozen copy.  unfreeze removes it (reopening the report). */
void         tkt_report_freeze           (TktReport        *self,
                                          const TktFigures *figures,
                                          const TktFigures *previous);
void         tkt_report_unfreeze         (TktReport        *self);
gboolean     tkt_report_is_frozen        (TktReport        *self);
const char  *tkt_report_get_issued_at    (TktReport        *self);   /* ISO date-time or NULL */
/* The report's figures for its year and the year before: the frozen copy
 * when issued, else computed live.  Either out may be NULL. */
gboolean     tkt_report_get_figures      (TktReport        *self,
                                          TktStore         *store,
                                          TktFigures      **figures,
                                          TktFigures      **previous,
                                          GError          **error);

/* The report as plain text (heading, title, sections with the generated
 * figures, plan, recommendations, signature, "Nơi nhận"): what
 * `tongket-cli report YEAR --format text` prints. */
char        *tkt_report_to_text          (TktReport        *self,
                                          const TktFigures *figures,
                                          const TktFigures *previous);

/* Problems before saving or issuing (year out of range, bad date, empty
 * organisation); same TktProblem as tkt-task.h.  */
GPtrArray   *tkt_report_validate         (TktReport        *self);

TktReport   *tkt_report_load             (TktStore         *store,
                                          int               year,
                                          GError          **error);
gboolean     tkt_report_save             (TktReport        *self,
                                          TktStore         *store,
                                          GError          **error);
/* Years that have a report, ascending. */
GArray      *tkt_report_list_years       (TktStore         *store);

G_END_DECLS
