/* tkt-doc-private.h — what the document wrappers of src/core (tkt-task.c,
 * tkt-report.c, tkt-ceremony.c, tkt-award.c and their helpers) share.
 *
 * Each wrapper is its JSON document: getters read members, setters write
 * them in place, so unknown members stay as they are.  The inline helpers
 * read and write members; tkt-doc-private.c loads, saves and edits the
 * arrays of objects (guests, recipients, stages…) the same way for all. */
#pragma once

#include <string.h>
#include <json-glib/json-glib.h>

#include "tkt-store.h"
#include "tkt-task.h"

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

/* The object member, created if absent (or replaced if not an object). */
static inline JsonObject *
tkt_json_ensure_object (JsonObject *object,
                        const char *name)
{
  JsonObject *member = tkt_json_object (object, name);

  if (member == NULL)
    {
      member = json_object_new ();
      json_object_set_object_member (object, name, member);
    }
  return member;
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

/* Adds a problem on field (owned) to problems (of TktProblem). */
void        tkt_doc_add_problem   (GPtrArray   *problems,
                                   char        *field,
                                   const char  *message);

/* Reads document id from store and checks that its "type" is type.  If it
 * is not, fails with TKT_STORE_ERROR_INVALID and the message of
 * not_a_format and its arguments (translated, a whole sentence per type:
 * _("“%s” is not a task"), id).  Returns the document (owned) or NULL. */
JsonObject *tkt_doc_load          (TktStore    *store,
                                   const char  *id,
                                   const char  *type,
                                   GError     **error,
                                   const char  *not_a_format,
                                   ...) G_GNUC_PRINTF (5, 6);

/* Saves doc, the document of self, whose validation found problems
 * (owned): the first problem fails it with TKT_STORE_ERROR_INVALID.  On
 * success sets "_rev" and notifies rev_pspec on self if the revision
 * changed. */
gboolean    tkt_doc_save          (GObject     *self,
                                   JsonObject  *doc,
                                   GPtrArray   *problems,
                                   TktStore    *store,
                                   GParamSpec  *rev_pspec,
                                   GError     **error);

/* Arrays of objects: array member name of doc, each entry read into a
 * newly allocated struct by a TktDocReadFunc and written member by member
 * (keeping unknown members) by a TktDocWriteFunc. */
typedef gpointer (*TktDocReadFunc)  (JsonObject    *object);
typedef void     (*TktDocWriteFunc) (JsonObject    *object,
                                     gconstpointer  item);

/* Entries of array member name (0 if absent). */
guint       tkt_doc_list_length   (JsonObject     *doc,
                                   const char     *name);

/* The entry at index, read; a zeroed struct of empty_size if the entry is
 * not an object. */
gpointer    tkt_doc_list_get      (JsonObject     *doc,
                                   const char     *name,
                                   guint           index,
                                   TktDocReadFunc  read,
                                   gsize           empty_size);

/* Appends item (creating the array) and notifies n_pspec on self. */
void        tkt_doc_list_append   (GObject        *self,
                                   JsonObject     *doc,
                                   const char     *name,
                                   TktDocWriteFunc write,
                                   gconstpointer   item,
                                   GParamSpec     *n_pspec);

/* Writes item over the entry at index (no notification: the count has
 * not changed). */
void        tkt_doc_list_replace  (JsonObject     *doc,
                                   const char     *name,
                                   guint           index,
                                   TktDocWriteFunc write,
                                   gconstpointer   item);

/* Removes the entry at index and notifies n_pspec on self. */
void        tkt_doc_list_remove   (GObject        *self,
                                   JsonObject     *doc,
                                   const char     *name,
                                   guint           index,
                                   GParamSpec     *n_pspec);

G_END_DECLS
