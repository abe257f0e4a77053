/* tkt-figures.h — a year's report figures, computed from the task register.
 *
 * The definitions are those of DESIGN.md ("Reports"): monitored(Y),
 * ordered(Y), approved(Y), accepted(Y) by rating, cancelled(Y),
 * transfers(Y), planned(Y+1), budget(Y).  They are counts over the stage
 * and transfer history of the tasks, computed in SQL over index tables that
 * tkt-store.c keeps in the same transaction as every task write
 * (tkt-index.md: task_stage, task_transfer).  Nothing here is stored unless
 * a report is issued (tkt-report.h freezes a copy).
 *
 * Labels in TktFigurePart are the names of the department's data
 * (programme and sector names, Vietnamese vocabulary labels): an official
 * Vietnamese document is written in Vietnamese whatever the UI language.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "tkt-store.h"

G_BEGIN_DECLS

/* One line of a breakdown. */
typedef struct {
  char   *key;     /* programme _id, level / rating / recipient-kind key, sector _id, budget source */
  char   *label;   /* its Vietnamese name as the document writes it */
  gint64  value;   /* a count, or đồng for budget parts */
} TktFigurePart;

void           tkt_figure_part_free (TktFigurePart *part);

/* The figures of one year.  Every GPtrArray holds TktFigurePart* (free
 * function set), never NULL, possibly empty; parts with value 0 are left
 * out.  Order: programmes and sectors in the catalogue's order (tkt-catalog.h),
 * levels national, provincial, grassroots; ratings in TKT_VOCAB_RATING order. */
typedef struct {
  int        year;

  /* monitored(Y) */
  guint      monitored;
  GPtrArray *monitored_programmes;   /* national tasks per programme */
  guint      monitored_national_other; /* national, no programme */
  guint      monitored_provincial;
  guint      monitored_grassroots;
  guint      monitored_no_level;     /* level absent: counted in monitored only */

  guint      ordered;                /* an "ordered" stage dated in Y */
  guint      approved;               /* a "selected" or "assigned" stage dated in Y */
  guint      accepted;               /* an "accepted" stage dated in Y */
  GPtrArray *accepted_ratings;       /* by rating; key "" = no rating given */
  guint      cancelled;              /* a "cancelled" stage dated in Y */

  /* transfers(Y): transfer records dated in Y */
  guint      transfer_results;       /* distinct (task, result) */
  guint      transfer_units;         /* distinct recipients (folded name) */
  guint      transfer_enterprises;   /* distinct recipients of kind enterprise */
  GPtrArray *transfer_sectors;       /* sectors of those tasks, value = results */

  /* planned(Y+1) */
  guint      planned;
  guint      planned_national;
  guint      planned_provincial;
  guint      planned_grassroots;

  /* budget(Y): budgets of the monitored tasks, đồng */
  gint64     budget_central;
  gint64     budget_local;
  gint64     budget_other;
  gint64     budget_total;
} TktFigures;

void           tkt_figures_free        (TktFigures *figures);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktFigures, tkt_figures_free)

/* Computes year's figures (one read transaction; a few indexed queries). */
TktFigures    *tkt_figures_compute     (TktStore         *store,
                                        int               year,
                                        GError          **error);

/* Stable JSON form (README documents the keys):
 * {"year": 2023,
 *  "monitored": {"total": 24, "programmes": [{"id","name","count"}…],
 *                "national_other": 0, "provincial": 13, "grassroots": 0, "no_level": 0},
 *  "ordered": 6, "approved": n, "accepted": {"total": n, "ratings": [{"rating","name","count"}]},
 *  "cancelled": n,
 *  "transfers": {"results": 9, "units": 11, "enterprises": 1,
 *                "sectors": [{"id","name","results"}…]},
 *  "planned": {"year": 2024, "total": 27, "national": 11, "provincial": 16, "grassroots": 0},
 *  "budget": {"central": n, "local": n, "other": n, "total": n}}
 * from_json accepts what to_json writes (a frozen report's copy) and gives
 * TKT_STORE_ERROR_INVALID for anything else. */
JsonObject    *tkt_figures_to_json     (const TktFigures *figures);
TktFigures    *tkt_figures_from_json   (JsonObject       *object,
                                        GError          **error);

/* The tasks behind a figure, so a number can be checked.  figure is a key
 * path of the JSON form: "monitored", "monitored.programmes.<programme _id>",
 * "monitored.national_other", "monitored.provincial", "monitored.grassroots",
 * "ordered", "approved", "accepted", "accepted.ratings.<rating>", "cancelled",
 * "transfers", "transfers.enterprises", "transfers.sectors.<sector _id>",
 * "planned", "planned.national", "planned.provincial", "planned.grassroots",
 * "budget".  Ids in task code order; TKT_STORE_ERROR_INVALID for an unknown key. */
GStrv          tkt_figures_query_ids   (TktStore         *store,
                                        int               year,
                                        const char       *figure,
                                        GError          **error);

/* Generated sentences in the article's Vietnamese (Decree 30 counts: "01",
 * "09"; zero parts left out; lists joined with ", " and " và ").  Each
 * returns a newly allocated sentence ending with "." or NULL when the figure
 * is zero and there is nothing to say. */
typedef enum {
  TKT_SENTENCE_MONITORED,  /* "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN, trong đó có 10 nhiệm vụ KH&CN cấp quốc gia thuộc Chương trình …; 01 nhiệm vụ KH&CN thuộc Chương trình cấp thiết địa phương; 13 nhiệm vụ cấp tỉnh." */
  TKT_SENTENCE_ORDERED,    /* "… đề xuất đặt hàng 06 nhiệm vụ KH&CN …" */
  TKT_SENTENCE_ACCEPTED,   /* accepted / cancelled in Y */
  TKT_SENTENCE_TRANSFERS,  /* "… chuyển giao 09 kết quả nghiên cứu khoa học và phát triển công nghệ tới 11 đơn vị (trong đó có 01 doanh nghiệp), tập trung vào các lĩnh vực: y tế, …, và nông nghiệp." */
  TKT_SENTENCE_PLANNED,    /* "Năm 2024, tiếp tục theo dõi, quản lý 16 nhiệm vụ cấp tỉnh và 11 nhiệm vụ cấp quốc gia." */
  TKT_SENTENCE_BUDGET,     /* budget by source, money written the Vietnamese way */
  TKT_N_SENTENCES
} TktSentence;

char          *tkt_figures_sentence    (const TktFigures *figures,
                                        TktSentence       which);
/* Stable key of a sentence ("monitored", "ordered", …) for sections that
 * hold an inserted sentence, and back. */
const char    *tkt_sentence_to_key     (TktSentence       which);
gboolean       tkt_sentence_from_key   (const char       *key,
                                        TktSentence      *which);

G_END_DECLS
