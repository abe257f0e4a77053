/* tkt-ceremony-private.h — helpers shared by tkt-ceremony.c, tkt-award.c,
 * tkt-script.c and tkt-demo-ceremony.c (src/core only).
 *
 * The ceremony and the award are their JSON documents, like a task: these
 * read and write members in place, so unknown members stay as they are. */
#pragma once

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "tkt-store.h"

G_BEGIN_DECLS

/* The string value of a member, or NULL if absent, null or not a string. */
static inline const char *
tkt_json_string (JsonObject *object,
                 const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static inline JsonObject *
tkt_json_object (JsonObject *object,
                 const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static inline JsonArray *
tkt_json_array (JsonObject *object,
                const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

/* An integer member (a double is truncated), or fallback. */
static inline gint64
tkt_json_int (JsonObject *object,
              const char *name,
              gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return fallback;
}

static inline gboolean
tkt_json_bool (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* Sets or (NULL / "") removes a string member.  TRUE if it changed. */
static inline gboolean
tkt_json_put_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (value == NULL)
    {
      if (!json_object_has_member (object, name))
        return FALSE;
      json_object_remove_member (object, name);
      return TRUE;
    }
  if (json_object_has_member (object, name) &&
      g_strcmp0 (tkt_json_string (object, name), value) == 0)
    return FALSE;
  json_object_set_string_member (object, name, value);
  return TRUE;
}

static inline JsonObject *
tkt_json_nth_object (JsonArray *array,
                     guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

/* The array member, created if absent. */
static inline JsonArray *
tkt_json_ensure_array (JsonObject *object,
                       const char *name)
{
  JsonArray *array = tkt_json_array (object, name);

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (object, name, array);
    }
  return array;
}

/* The object at index, replaced by an empty object if it is not one (someone
 * else's damaged data: nothing there to keep). */
static inline JsonObject *
tkt_json_nth_object_ensure (JsonArray *array,
                            guint      index)
{
  JsonObject *object = tkt_json_nth_object (array, index);

  if (object == NULL)
    {
      object = json_object_new ();
      json_node_init_object (json_array_get_element (array, index), object);
      json_object_unref (object);
    }
  return object;
}

/* Rebuilds array member name of object from nodes (JsonNode*, borrowed:
 * each is referenced), in their order.  JsonArray has no insert or swap, so
 * a move is a rebuild; the nodes themselves (and their unknown members) are
 * kept. */
static inline void
tkt_json_rebuild_array (JsonObject *object,
                        const char *name,
                        GPtrArray  *nodes)
{
  JsonArray *array = json_array_sized_new (nodes->len);

  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (array, json_node_ref (g_ptr_array_index (nodes, i)));
  json_object_set_array_member (object, name, array);
}

/* Moves element from to position to of an array member. */
static inline void
tkt_json_array_move (JsonObject *object,
                     const char *name,
                     guint       from,
                     guint       to)
{
  JsonArray *array = tkt_json_array (object, name);
  g_autoptr(GPtrArray) nodes = NULL;
  gpointer moved;

  if (array == NULL || from >= json_array_get_length (array) ||
      to >= json_array_get_length (array) || from == to)
    return;

  nodes = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (nodes, json_array_get_element (array, i));
  moved = g_ptr_array_steal_index (nodes, from);
  g_ptr_array_insert (nodes, (int) to, moved);
  tkt_json_rebuild_array (object, name, nodes);
}

/* "14:00" / "9:05" → minutes of the day; -1 if not a time. */
static inline int
tkt_parse_hhmm (const char *text)
{
  unsigned h = 0;
  unsigned m = 0;
  int n = 0;

  if (text == NULL)
    return -1;
  if (sscanf (text, "%2u:%2u%n", &h, &m, &n) != 2 || text[n] != '\0' || h > 23 || m > 59)
    return -1;
  return (int) (h * 60 + m);
}

/* Adds the default award_form documents to docs when store has none
 * (tkt-award.c). */
void tkt_award_forms_add_defaults (TktStore  *store,
                                   GPtrArray *docs);

/* The demo ceremony of the seed article (tkt-demo-ceremony.c): adds to docs
 * the demo's ceremony and award documents that store does not have yet. */
void tkt_demo_ceremony_add_docs (TktStore  *store,
                                 GPtrArray *docs);

G_END_DECLS
