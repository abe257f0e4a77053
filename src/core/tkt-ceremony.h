/* tkt-ceremony.h — a conference or award ceremony (hội nghị, lễ trao thưởng).
 *
 * A TktCeremony wraps the "ceremony:<uuid>" document (DESIGN.md,
 * "Documents": title, kind, start, venue, chair, organiser, report_year,
 * guests, agenda, script) the way TktTask wraps a task: getters read it,
 * setters write it and notify, unknown members are kept.
 *
 * Guests (đại biểu) are kept in introduction order: the array order of
 * "guests" IS the order, so a manual move is just a move.  sort_guests()
 * puts them in protocol order (rank ascending — 1 is the highest — then by
 * position's weight, then name in Vietnamese order) and is what a new guest
 * list starts from; the user may reorder afterwards.
 *
 * The agenda's times are derived: item 0 starts at the ceremony's start
 * time (or its own "time" when set), each next item starts when the previous
 * ends (time + duration_min) unless it has a fixed "time" of its own.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "tkt-store.h"
#include "tkt-task.h"   /* TktProblem */

G_BEGIN_DECLS

typedef struct {
  char *name;          /* "Vừ A Bằng" */
  char *position;      /* "Phó Chủ tịch UBND tỉnh" */
  char *organisation;  /* "UBND tỉnh Điện Biên" */
  int   rank;          /* protocol rank, 1 highest … 9; 0 = not set (last) */
} TktGuest;

typedef struct {
  char *time;          /* "14:00" fixed start, or NULL to follow the previous item */
  char *title;
  char *speaker;
  int   duration_min;  /* >= 0 */
  char *note;
} TktAgendaItem;

void     tkt_guest_free        (TktGuest *guest);
TktGuest *tkt_guest_copy       (const TktGuest *guest);
void     tkt_agenda_item_free  (TktAgendaItem *item);
TktAgendaItem *tkt_agenda_item_copy (const TktAgendaItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktGuest, tkt_guest_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TktAgendaItem, tkt_agenda_item_free)

#define TKT_TYPE_CEREMONY (tkt_ceremony_get_type ())
G_DECLARE_FINAL_TYPE (TktCeremony, tkt_ceremony, TKT, CEREMONY, GObject)

/* Properties (G_PARAM_EXPLICIT_NOTIFY): id, rev (read-only), title, kind
 * (TKT_VOCAB_CEREMONY_KIND key: "review_conference", "award_ceremony",
 * "other"), start (ISO 8601 date-time with offset, "2024-01-24T14:00:00+07:00"),
 * planned-end (same form or NULL), venue, chair, organiser, report-year
 * (int, 0 = none), n-guests, n-agenda (read-only). */

TktCeremony *tkt_ceremony_new            (void);                /* "ceremony:<uuid>" */
TktCeremony *tkt_ceremony_new_from_json  (JsonObject  *doc);    /* takes a copy */
JsonObject  *tkt_ceremony_get_json       (TktCeremony *self);   /* borrowed */

const char  *tkt_ceremony_get_id         (TktCeremony *self);
const char  *tkt_ceremony_get_rev        (TktCeremony *self);
const char  *tkt_ceremony_get_title      (TktCeremony *self);
void         tkt_ceremony_set_title      (TktCeremony *self, const char *title);
const char  *tkt_ceremony_get_kind       (TktCeremony *self);
void         tkt_ceremony_set_kind       (TktCeremony *self, const char *kind);
const char  *tkt_ceremony_get_start      (TktCeremony *self);
void         tkt_ceremony_set_start      (TktCeremony *self, const char *iso_datetime);
const char  *tkt_ceremony_get_planned_end (TktCeremony *self);
void         tkt_ceremony_set_planned_end (TktCeremony *self, const char *iso_datetime);
const char  *tkt_ceremony_get_venue      (TktCeremony *self);
void         tkt_ceremony_set_venue      (TktCeremony *self, const char *venue);
const char  *tkt_ceremony_get_chair      (TktCeremony *self);
void         tkt_ceremony_set_chair      (TktCeremony *self, const char *chair);
const char  *tkt_ceremony_get_organiser  (TktCeremony *self);
void         tkt_ceremony_set_organiser  (TktCeremony *self, const char *organiser);
int          tkt_ceremony_get_report_year (TktCeremony *self);
void         tkt_ceremony_set_report_year (TktCeremony *self, int year);

guint        tkt_ceremony_get_n_guests   (TktCeremony *self);
TktGuest    *tkt_ceremony_get_guest      (TktCeremony *self, guint index);   /* new copy */
void         tkt_ceremony_append_guest   (TktCeremony *self, const TktGuest *guest);
void         tkt_ceremony_replace_guest  (TktCeremony *self, guint index, const TktGuest *guest);
void         tkt_ceremony_remove_guest   (TktCeremony *self, guint index);
void         tkt_ceremony_move_guest     (TktCeremony *self, guint from, guint to);
/* Protocol order (see above); stable for equal keys. */
void         tkt_ceremony_sort_guests    (TktCeremony *self);

guint        tkt_ceremony_get_n_agenda   (TktCeremony *self);
TktAgendaItem *tkt_ceremony_get_agenda_item (TktCeremony *self, guint index); /* new copy */
void         tkt_ceremony_append_agenda_item  (TktCeremony *self, const TktAgendaItem *item);
void         tkt_ceremony_replace_agenda_item (TktCeremony *self, guint index, const TktAgendaItem *item);
void         tkt_ceremony_remove_agenda_item  (TktCeremony *self, guint index);
void         tkt_ceremony_move_agenda_item    (TktCeremony *self, guint from, guint to);
/* Start minute of the day of each item (derived as described above), as a
 * new array of n_agenda ints; and the minute the agenda ends.  -1 when the
 * ceremony has no start time and the first item no time. */
GArray      *tkt_ceremony_compute_agenda_times (TktCeremony *self,
                                                int         *end_minute);
/* Minutes the agenda runs past the planned end (negative: time to spare);
 * FALSE when there is no planned end or no start. */
gboolean     tkt_ceremony_get_overrun    (TktCeremony *self,
                                          int         *minutes);

GPtrArray   *tkt_ceremony_validate       (TktCeremony *self);   /* TktProblem */
TktCeremony *tkt_ceremony_load           (TktStore    *store,
                                          const char  *id,
                                          GError     **error);
gboolean     tkt_ceremony_save           (TktCeremony *self,
                                          TktStore    *store,
                                          GError     **error);
/* Live ceremonies, newest start first (JsonObject*, free func set). */
GPtrArray   *tkt_ceremony_list           (TktStore    *store);

G_END_DECLS
