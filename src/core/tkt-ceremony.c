/* tkt-ceremony.c — a conference or award ceremony (hội nghị, lễ trao thưởng).
 *
 * Like a task, the ceremony is its JSON document: getters read it, setters
 * edit it in place member by member, so members this version does not know
 * (at the top level, in a guest or in an agenda item) are kept.
 */
#define G_LOG_DOMAIN "tkt-ceremony"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "tkt-ceremony.h"
#include "tkt-ceremony-private.h"
#include "tkt-task-private.h"
#include "tkt-text.h"
#include "tkt-vocab.h"

struct _TktCeremony
{
  GObject     parent_instance;

  JsonObject *doc;
};

G_DEFINE_FINAL_TYPE (TktCeremony, tkt_ceremony, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REV,
  PROP_TITLE,
  PROP_KIND,
  PROP_START,
  PROP_PLANNED_END,
  PROP_VENUE,
  PROP_CHAIR,
  PROP_ORGANISER,
  PROP_REPORT_YEAR,
  PROP_N_GUESTS,
  PROP_N_AGENDA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const string_members[N_PROPS] = {
  [PROP_TITLE] = "title",
  [PROP_KIND] = "kind",
  [PROP_START] = "start",
  [PROP_PLANNED_END] = "planned_end",
  [PROP_VENUE] = "venue",
  [PROP_CHAIR] = "chair",
  [PROP_ORGANISER] = "organiser",
};

/* Boxed helpers */

void
tkt_guest_free (TktGuest *guest)
{
  if (guest == NULL)
    return;
  g_free (guest->name);
  g_free (guest->position);
  g_free (guest->organisation);
  g_free (guest);
}

TktGuest *
tkt_guest_copy (const TktGuest *guest)
{
  TktGuest *copy;

  g_return_val_if_fail (guest != NULL, NULL);

  copy = g_new0 (TktGuest, 1);
  copy->name = g_strdup (guest->name);
  copy->position = g_strdup (guest->position);
  copy->organisation = g_strdup (guest->organisation);
  copy->rank = guest->rank;
  return copy;
}

void
tkt_agenda_item_free (TktAgendaItem *item)
{
  if (item == NULL)
    return;
  g_free (item->time);
  g_free (item->title);
  g_free (item->speaker);
  g_free (item->note);
  g_free (item);
}

TktAgendaItem *
tkt_agenda_item_copy (const TktAgendaItem *item)
{
  TktAgendaItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (TktAgendaItem, 1);
  copy->time = g_strdup (item->time);
  copy->title = g_strdup (item->title);
  copy->speaker = g_strdup (item->speaker);
  copy->duration_min = item->duration_min;
  copy->note = g_strdup (item->note);
  return copy;
}

/* Guests and agenda items, read and written member by member. */

static void
guest_write (JsonObject    *object,
             gconstpointer  data)
{
  const TktGuest *guest = data;

  tkt_json_put_string (object, "name", guest->name);
  tkt_json_put_string (object, "position", guest->position);
  tkt_json_put_string (object, "organisation", guest->organisation);
  if (guest->rank > 0)
    json_object_set_int_member (object, "rank", guest->rank);
  else if (json_object_has_member (object, "rank"))
    json_object_remove_member (object, "rank");
}

static gpointer
guest_read (JsonObject *object)
{
  TktGuest *guest = g_new0 (TktGuest, 1);

  guest->name = g_strdup (tkt_json_string (object, "name"));
  guest->position = g_strdup (tkt_json_string (object, "position"));
  guest->organisation = g_strdup (tkt_json_string (object, "organisation"));
  guest->rank = (int) CLAMP (tkt_json_int (object, "rank", 0), 0, G_MAXINT);
  return guest;
}

static void
agenda_write (JsonObject    *object,
              gconstpointer  data)
{
  const TktAgendaItem *item = data;

  tkt_json_put_string (object, "time", item->time);
  tkt_json_put_string (object, "title", item->title);
  tkt_json_put_string (object, "speaker", item->speaker);
  json_object_set_int_member (object, "duration_min", item->duration_min);
  tkt_json_put_string (object, "note", item->note);
}

static gpointer
agenda_read (JsonObject *object)
{
  TktAgendaItem *item = g_new0 (TktAgendaItem, 1);

  item->time = g_strdup (tkt_json_string (object, "time"));
  item->title = g_strdup (tkt_json_string (object, "title"));
  item->speaker = g_strdup (tkt_json_string (object, "speaker"));
  item->duration_min = (int) CLAMP (tkt_json_int (object, "duration_min", 0), G_MININT, G_MAXINT);
  item->note = g_strdup (tkt_json_string (object, "note"));
  return item;
}

static void
set_string_prop (TktCeremony *self,
                 guint        prop_id,
                 const char  *value)
{
  g_assert (string_members[prop_id] != NULL);

  if (tkt_json_put_string (self->doc, string_members[prop_id], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Protocol order */

/* The weight of a position among guests of one rank: the secretary of the
 * party committee, then the chairman, then heads (director, head of a
 * board), each before its deputy ("Phó …"). */
static int
position_weight (const char *position)
{
  static const struct { const char *prefix; int weight; } heads[] = {
    { "bi thu", 10 },
    { "chu tich", 20 },
    { "giam doc", 30 },
    { "truong ban", 30 },
    { "chanh", 30 },
    { "truong", 40 },
  };
  g_autofree char *folded = tkt_text_fold (position);
  const char *p = folded;
  int deputy = 0;

  g_strstrip (folded);
  if (g_str_has_prefix (p, "pho "))
    {
      deputy = 5;
      p += strlen ("pho ");
    }
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    if (g_str_has_prefix (p, heads[i].prefix))
      return heads[i].weight + deputy;
  return 90 + deputy;
}

/* The given name (tên): the last word.  Vietnamese lists of people sort by
 * it first, then by the family and middle names. */
static const char *
given_name (const char *name)
{
  const char *space = name != NULL ? strrchr (name, ' ') : NULL;

  return space != NULL ? space + 1 : (name != NULL ? name : "");
}

typedef struct {
  JsonNode *node;
  TktGuest *guest;
  int       weight;
  guint     index;
} GuestKey;

static int
compare_guests (gconstpointer a,
                gconstpointer b)
{
  const GuestKey *ka = *(GuestKey * const *) a;
  const GuestKey *kb = *(GuestKey * const *) b;
  /* Rank 0 (not set) goes after every ranked guest. */
  int ra = ka->guest->rank > 0 ? ka->guest->rank : G_MAXINT;
  int rb = kb->guest->rank > 0 ? kb->guest->rank : G_MAXINT;
  int r;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (ka->weight != kb->weight)
    return ka->weight < kb->weight ? -1 : 1;
  r = tkt_text_collate (given_name (ka->guest->name), given_name (kb->guest->name));
  if (r != 0)
    return r;
  r = tkt_text_collate (ka->guest->name, kb->guest->name);
  if (r != 0)
    return r;
  return ka->index < kb->index ? -1 : (ka->index > kb->index ? 1 : 0);
}

static void
guest_key_free (GuestKey *key)
{
  tkt_guest_free (key->guest);
  g_free (key);
}

/* Agenda times */

/* The minute of the day of an ISO date-time as written (its own offset),
 * or -1 when it has no time. */
static int
minute_of_iso (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  if (iso == NULL || strchr (iso, 'T') == NULL)
    return -1;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (iso, utc);
  if (dt == NULL)
    return -1;
  return g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);
}

/* GObject */

static void
tkt_ceremony_finalize (GObject *object)
{
  TktCeremony *self = (TktCeremony *) object;

  g_clear_pointer (&self->doc, json_object_unref);

  G_OBJECT_CLASS (tkt_ceremony_parent_class)->finalize (object);
}

static void
tkt_ceremony_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TktCeremony *self = TKT_CEREMONY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, tkt_ceremony_get_id (self));
      break;

    case PROP_REV:
      g_value_set_string (value, tkt_ceremony_get_rev (self));
      break;

    case PROP_TITLE:
    case PROP_KIND:
    case PROP_START:
    case PROP_PLANNED_END:
    case PROP_VENUE:
    case PROP_CHAIR:
    case PROP_ORGANISER:
      g_value_set_string (value, tkt_json_string (self->doc, string_members[prop_id]));
      break;

    case PROP_REPORT_YEAR:
      g_value_set_int (value, tkt_ceremony_get_report_year (self));
      break;

    case PROP_N_GUESTS:
      g_value_set_uint (value, tkt_ceremony_get_n_guests (self));
      break;

    case PROP_N_AGENDA:
      g_value_set_uint (value, tkt_ceremony_get_n_agenda (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_ceremony_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TktCeremony *self = TKT_CEREMONY (object);

  switch (prop_id)
    {
    case PROP_TITLE:
    case PROP_KIND:
    case PROP_START:
    case PROP_PLANNED_END:
    case PROP_VENUE:
    case PROP_CHAIR:
    case PROP_ORGANISER:
      set_string_prop (self, prop_id, g_value_get_string (value));
      break;

    case PROP_REPORT_YEAR:
      tkt_ceremony_set_report_year (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tkt_ceremony_class_init (TktCeremonyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tkt_ceremony_finalize;
  object_class->get_property = tkt_ceremony_get_property;
  object_class->set_property = tkt_ceremony_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_REV] = g_param_spec_string ("rev", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, rw);
  properties[PROP_START] = g_param_spec_string ("start", NULL, NULL, NULL, rw);
  properties[PROP_PLANNED_END] = g_param_spec_string ("planned-end", NULL, NULL, NULL, rw);
  properties[PROP_VENUE] = g_param_spec_string ("venue", NULL, NULL, NULL, rw);
  properties[PROP_CHAIR] = g_param_spec_string ("chair", NULL, NULL, NULL, rw);
  properties[PROP_ORGANISER] = g_param_spec_string ("organiser", NULL, NULL, NULL, rw);
  properties[PROP_REPORT_YEAR] = g_param_spec_int ("report-year", NULL, NULL, 0, G_MAXINT, 0, rw);
  properties[PROP_N_GUESTS] = g_param_spec_uint ("n-guests", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_AGENDA] = g_param_spec_uint ("n-agenda", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tkt_ceremony_init (TktCeremony *self)
{
}

static TktCeremony *
ceremony_new_take_json (JsonObject *doc)
{
  TktCeremony *self = g_object_new (TKT_TYPE_CEREMONY, NULL);

  self->doc = doc;
  if (!json_object_has_member (doc, "type"))
    json_object_set_string_member (doc, "type", "ceremony");
  return self;
}

/* Public API */

TktCeremony *
tkt_ceremony_new (void)
{
  JsonObject *doc = json_object_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("ceremony:", uuid, NULL);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "ceremony");
  json_object_set_string_member (doc, "kind", "review_conference");
  return ceremony_new_take_json (doc);
}

TktCeremony *
tkt_ceremony_new_from_json (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return ceremony_new_take_json (tkt_task_json_object_deep_copy (doc));
}

JsonObject *
tkt_ceremony_get_json (TktCeremony *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);

  return self->doc;
}

const char *
tkt_ceremony_get_id (TktCeremony *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);

  return tkt_json_string (self->doc, "_id");
}

const char *
tkt_ceremony_get_rev (TktCeremony *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);

  return tkt_json_string (self->doc, "_rev");
}

#define STRING_ACCESSORS(lower, PROP)                                   \
const char *                                                            \
tkt_ceremony_get_##lower (TktCeremony *self)                            \
{                                                                       \
  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);                  \
  return tkt_json_string (self->doc, string_members[PROP]);             \
}                                                                       \
                                                                        \
void                                                                    \
tkt_ceremony_set_##lower (TktCeremony *self,                            \
                          const char  *value)                           \
{                                                                       \
  g_return_if_fail (TKT_IS_CEREMONY (self));                            \
  set_string_prop (self, PROP, value);                                  \
}

STRING_ACCESSORS (title, PROP_TITLE)
STRING_ACCESSORS (kind, PROP_KIND)
STRING_ACCESSORS (start, PROP_START)
STRING_ACCESSORS (planned_end, PROP_PLANNED_END)
STRING_ACCESSORS (venue, PROP_VENUE)
STRING_ACCESSORS (chair, PROP_CHAIR)
STRING_ACCESSORS (organiser, PROP_ORGANISER)

#undef STRING_ACCESSORS

int
tkt_ceremony_get_report_year (TktCeremony *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), 0);

  return (int) CLAMP (tkt_json_int (self->doc, "report_year", 0), 0, G_MAXINT);
}

void
tkt_ceremony_set_report_year (TktCeremony *self,
                              int          year)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));

  if (year == tkt_ceremony_get_report_year (self) &&
      (year != 0 || !json_object_has_member (self->doc, "report_year")))
    return;
  if (year <= 0)
    json_object_remove_member (self->doc, "report_year");
  else
    json_object_set_int_member (self->doc, "report_year", year);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT_YEAR]);
}

/* Guests */

guint
tkt_ceremony_get_n_guests (TktCeremony *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), 0);

  return tkt_doc_list_length (self->doc, "guests");
}

TktGuest *
tkt_ceremony_get_guest (TktCeremony *self,
                        guint        index)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);
  g_return_val_if_fail (index < tkt_ceremony_get_n_guests (self), NULL);

  return tkt_doc_list_get (self->doc, "guests", index, guest_read, sizeof (TktGuest));
}

void
tkt_ceremony_append_guest (TktCeremony    *self,
                           const TktGuest *guest)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (guest != NULL);

  tkt_doc_list_append (G_OBJECT (self), self->doc, "guests", guest_write, guest,
                       properties[PROP_N_GUESTS]);
}

void
tkt_ceremony_replace_guest (TktCeremony    *self,
                            guint           index,
                            const TktGuest *guest)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (guest != NULL);
  g_return_if_fail (index < tkt_ceremony_get_n_guests (self));

  tkt_doc_list_replace (self->doc, "guests", index, guest_write, guest);
}

void
tkt_ceremony_remove_guest (TktCeremony *self,
                           guint        index)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (index < tkt_ceremony_get_n_guests (self));

  tkt_doc_list_remove (G_OBJECT (self), self->doc, "guests", index, properties[PROP_N_GUESTS]);
}

void
tkt_ceremony_move_guest (TktCeremony *self,
                         guint        from,
                         guint        to)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (from < tkt_ceremony_get_n_guests (self));
  g_return_if_fail (to < tkt_ceremony_get_n_guests (self));

  tkt_json_array_move (self->doc, "guests", from, to);
}

void
tkt_ceremony_sort_guests (TktCeremony *self)
{
  JsonArray *guests;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) nodes = NULL;

  g_return_if_fail (TKT_IS_CEREMONY (self));

  guests = tkt_json_array (self->doc, "guests");
  if (guests == NULL)
    return;

  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) guest_key_free);
  for (guint i = 0; i < json_array_get_length (guests); i++)
    {
      GuestKey *key = g_new0 (GuestKey, 1);
      JsonObject *object = tkt_json_nth_object (guests, i);

      key->node = json_array_get_element (guests, i);
      key->guest = object != NULL ? guest_read (object) : g_new0 (TktGuest, 1);
      key->weight = position_weight (key->guest->position);
      key->index = i;
      g_ptr_array_add (keys, key);
    }
  g_ptr_array_sort (keys, compare_guests);

  nodes = g_ptr_array_new ();
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (nodes, ((GuestKey *) g_ptr_array_index (keys, i))->node);
  tkt_json_rebuild_array (self->doc, "guests", nodes);
}

/* Agenda */

guint
tkt_ceremony_get_n_agenda (TktCeremony *self)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), 0);

  return tkt_doc_list_length (self->doc, "agenda");
}

TktAgendaItem *
tkt_ceremony_get_agenda_item (TktCeremony *self,
                              guint        index)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);
  g_return_val_if_fail (index < tkt_ceremony_get_n_agenda (self), NULL);

  return tkt_doc_list_get (self->doc, "agenda", index, agenda_read, sizeof (TktAgendaItem));
}

void
tkt_ceremony_append_agenda_item (TktCeremony         *self,
                                 const TktAgendaItem *item)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (item != NULL);

  tkt_doc_list_append (G_OBJECT (self), self->doc, "agenda", agenda_write, item,
                       properties[PROP_N_AGENDA]);
}

void
tkt_ceremony_replace_agenda_item (TktCeremony         *self,
                                  guint                index,
                                  const TktAgendaItem *item)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (item != NULL);
  g_return_if_fail (index < tkt_ceremony_get_n_agenda (self));

  tkt_doc_list_replace (self->doc, "agenda", index, agenda_write, item);
}

void
tkt_ceremony_remove_agenda_item (TktCeremony *self,
                                 guint        index)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (index < tkt_ceremony_get_n_agenda (self));

  tkt_doc_list_remove (G_OBJECT (self), self->doc, "agenda", index, properties[PROP_N_AGENDA]);
}

void
tkt_ceremony_move_agenda_item (TktCeremony *self,
                               guint        from,
                               guint        to)
{
  g_return_if_fail (TKT_IS_CEREMONY (self));
  g_return_if_fail (from < tkt_ceremony_get_n_agenda (self));
  g_return_if_fail (to < tkt_ceremony_get_n_agenda (self));

  tkt_json_array_move (self->doc, "agenda", from, to);
}

GArray *
tkt_ceremony_compute_agenda_times (TktCeremony *self,
                                   int         *end_minute)
{
  JsonArray *agenda;
  GArray *times;
  int t;

  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);

  agenda = tkt_json_array (self->doc, "agenda");
  times = g_array_new (FALSE, FALSE, sizeof (int));
  t = minute_of_iso (tkt_ceremony_get_start (self));

  for (guint i = 0; agenda != NULL && i < json_array_get_length (agenda); i++)
    {
      JsonObject *item = tkt_json_nth_object (agenda, i);
      int fixed = tkt_parse_hhmm (tkt_json_string (item, "time"));
      gint64 duration = tkt_json_int (item, "duration_min", 0);

      if (fixed >= 0)
        t = fixed;
      g_array_append_val (times, t);
      if (t >= 0 && duration > 0)
        t += (int) MIN (duration, 24 * 60);
    }

  if (end_minute != NULL)
    *end_minute = t;
  return times;
}

gboolean
tkt_ceremony_get_overrun (TktCeremony *self,
                          int         *minutes)
{
  g_autoptr(GArray) times = NULL;
  int planned;
  int end = -1;

  g_return_val_if_fail (TKT_IS_CEREMONY (self), FALSE);

  planned = minute_of_iso (tkt_ceremony_get_planned_end (self));
  times = tkt_ceremony_compute_agenda_times (self, &end);
  if (planned < 0 || end < 0)
    return FALSE;
  if (minutes != NULL)
    *minutes = end - planned;
  return TRUE;
}

/* Validation */

static gboolean
datetime_valid (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  GDate date;

  if (strchr (iso, 'T') == NULL)
    return strlen (iso) == 10 && tkt_text_date_from_iso (iso, &date);
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (iso, utc);
  return dt != NULL;
}

GPtrArray *
tkt_ceremony_validate (TktCeremony *self)
{
  GPtrArray *problems;
  g_autofree char *title = NULL;
  const char *kind;
  const char *start;
  const char *planned_end;
  int year;
  JsonArray *guests;
  JsonArray *agenda;

  g_return_val_if_fail (TKT_IS_CEREMONY (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_problem_free);

  title = g_strstrip (g_strdup (tkt_ceremony_get_title (self) ? tkt_ceremony_get_title (self) : ""));
  if (*title == '\0')
    tkt_doc_add_problem (problems, g_strdup ("title"), _("The title cannot be empty"));

  kind = tkt_ceremony_get_kind (self);
  if (kind != NULL && tkt_vocab_index (TKT_VOCAB_CEREMONY_KIND, kind) < 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a known kind of ceremony"), kind);

      tkt_doc_add_problem (problems, g_strdup ("kind"), message);
    }

  start = tkt_ceremony_get_start (self);
  planned_end = tkt_ceremony_get_planned_end (self);
  if (start != NULL && !datetime_valid (start))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a date and time (expected such as 2024-01-24T14:00:00+07:00)"), start);

      tkt_doc_add_problem (problems, g_strdup ("start"), message);
    }
  if (planned_end != NULL && !datetime_valid (planned_end))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a date and time (expected such as 2024-01-24T14:00:00+07:00)"), planned_end);

      tkt_doc_add_problem (problems, g_strdup ("planned_end"), message);
    }
  else if (start != NULL && planned_end != NULL && datetime_valid (start))
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) s = g_date_time_new_from_iso8601 (start, utc);
      g_autoptr(GDateTime) e = g_date_time_new_from_iso8601 (planned_end, utc);

      if (s != NULL && e != NULL && g_date_time_compare (e, s) < 0)
        tkt_doc_add_problem (problems, g_strdup ("planned_end"), _("The planned end is before the start"));
    }

  year = tkt_ceremony_get_report_year (self);
  if (json_object_has_member (self->doc, "report_year") && (year < 1945 || year > 2200))
    tkt_doc_add_problem (problems, g_strdup ("report_year"), _("The report year must be a year such as 2023"));

  guests = tkt_json_array (self->doc, "guests");
  for (guint i = 0; guests != NULL && i < json_array_get_length (guests); i++)
    {
      JsonObject *guest = tkt_json_nth_object (guests, i);
      g_autofree char *name = NULL;
      gint64 rank;

      if (guest == NULL)
        {
          tkt_doc_add_problem (problems, g_strdup_printf ("guests.%u", i), _("This guest is damaged"));
          continue;
        }
      name = g_strstrip (g_strdup (tkt_json_string (guest, "name") ? tkt_json_string (guest, "name") : ""));
      if (*name == '\0')
        tkt_doc_add_problem (problems, g_strdup_printf ("guests.%u.name", i), _("A guest needs a name"));
      rank = tkt_json_int (guest, "rank", 0);
      if (rank < 0 || rank > 9)
        tkt_doc_add_problem (problems, g_strdup_printf ("guests.%u.rank", i),
                             _("The protocol rank goes from 1 (highest) to 9"));
    }

  agenda = tkt_json_array (self->doc, "agenda");
  for (guint i = 0; agenda != NULL && i < json_array_get_length (agenda); i++)
    {
      JsonObject *item = tkt_json_nth_object (agenda, i);
      g_autofree char *item_title = NULL;
      const char *time;

      if (item == NULL)
        {
          tkt_doc_add_problem (problems, g_strdup_printf ("agenda.%u", i), _("This agenda item is damaged"));
          continue;
        }
      item_title = g_strstrip (g_strdup (tkt_json_string (item, "title") ? tkt_json_string (item, "title") : ""));
      if (*item_title == '\0')
        tkt_doc_add_problem (problems, g_strdup_printf ("agenda.%u.title", i), _("An agenda item needs a title"));
      time = tkt_json_string (item, "time");
      if (time != NULL && tkt_parse_hhmm (time) < 0)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a time of day (expected such as 14:30)"), time);

          tkt_doc_add_problem (problems, g_strdup_printf ("agenda.%u.time", i), message);
        }
      if (tkt_json_int (item, "duration_min", 0) < 0)
        tkt_doc_add_problem (problems, g_strdup_printf ("agenda.%u.duration_min", i),
                             _("A duration cannot be negative"));
    }

  return problems;
}

/* Load and save */

TktCeremony *
tkt_ceremony_load (TktStore    *store,
                   const char  *id,
                   GError     **error)
{
  JsonObject *doc;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = tkt_doc_load (store, id, "ceremony", error, _("“%s” is not a ceremony"), id);
  if (doc == NULL)
    return NULL;

  return ceremony_new_take_json (doc);
}

gboolean
tkt_ceremony_save (TktCeremony  *self,
                   TktStore     *store,
                   GError      **error)
{
  g_return_val_if_fail (TKT_IS_CEREMONY (self), FALSE);
  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return tkt_doc_save (G_OBJECT (self), self->doc, tkt_ceremony_validate (self),
                       store, properties[PROP_REV], error);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  JsonObject *da = *(JsonObject * const *) a;
  JsonObject *db = *(JsonObject * const *) b;
  const char *sa = tkt_json_string (da, "start");
  const char *sb = tkt_json_string (db, "start");
  int r;

  /* Undated ceremonies (still being planned) first, then newest first. */
  if ((sa == NULL) != (sb == NULL))
    return sa == NULL ? -1 : 1;
  r = g_strcmp0 (sb, sa);
  if (r != 0)
    return r;
  return g_strcmp0 (tkt_json_string (da, "_id"), tkt_json_string (db, "_id"));
}

GPtrArray *
tkt_ceremony_list (TktStore *store)
{
  GPtrArray *docs;

  g_return_val_if_fail (TKT_IS_STORE (store), NULL);

  docs = tkt_store_list_docs (store, "ceremony");
  if (docs == NULL)
    docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_ptr_array_sort (docs, compare_newest_first);
  return docs;
}
