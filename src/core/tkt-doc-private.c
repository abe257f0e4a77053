/* tkt-doc-private.c — loading, saving and the arrays of objects, the same
 * for every document wrapper (task, report, ceremony, award). */
#define G_LOG_DOMAIN "tkt-doc"

#include "config.h"

#include "tkt-doc-private.h"

void
tkt_doc_add_problem (GPtrArray  *problems,
                     char       *field,     /* owned */
                     const char *message)
{
  TktProblem *problem = g_new0 (TktProblem, 1);

  problem->field = field;
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

JsonObject *
tkt_doc_load (TktStore    *store,
              const char  *id,
              const char  *type,
              GError     **error,
              const char  *not_a_format,
              ...)
{
  JsonObject *doc = tkt_store_get (store, id, error);

  if (doc == NULL)
    return NULL;

  if (g_strcmp0 (tkt_json_string (doc, "type"), type) != 0)
    {
      va_list args;
      g_autofree char *message = NULL;

      va_start (args, not_a_format);
      message = g_strdup_vprintf (not_a_format, args);
      va_end (args);
      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID, message);
      json_object_unref (doc);
      return NULL;
    }

  return doc;
}

gboolean
tkt_doc_save (GObject     *self,
              JsonObject  *doc,
              GPtrArray   *problems,
              TktStore    *store,
              GParamSpec  *rev_pspec,
              GError     **error)
{
  g_autoptr(GPtrArray) owned_problems = problems;
  g_autofree char *old_rev = NULL;
  g_autofree char *rev = NULL;

  if (owned_problems->len > 0)
    {
      TktProblem *problem = g_ptr_array_index (owned_problems, 0);

      g_set_error_literal (error, TKT_STORE_ERROR, TKT_STORE_ERROR_INVALID, problem->message);
      return FALSE;
    }

  /* One write, in the store's own transaction. */
  old_rev = g_strdup (tkt_json_string (doc, "_rev"));
  rev = tkt_store_put (store, doc, error);
  if (rev == NULL)
    return FALSE;

  /* tkt_store_put has written the new _rev into the document already. */
  tkt_json_put_string (doc, "_rev", rev);
  if (g_strcmp0 (old_rev, rev) != 0)
    g_object_notify_by_pspec (self, rev_pspec);

  return TRUE;
}

guint
tkt_doc_list_length (JsonObject *doc,
                     const char *name)
{
  JsonArray *array = tkt_json_array (doc, name);

  return array != NULL ? json_array_get_length (array) : 0;
}

gpointer
tkt_doc_list_get (JsonObject     *doc,
                  const char     *name,
                  guint           index,
                  TktDocReadFunc  read,
                  gsize           empty_size)
{
  JsonObject *object = tkt_json_nth_object (tkt_json_array (doc, name), index);

  if (object == NULL)
    return g_malloc0 (empty_size);
  return read (object);
}

void
tkt_doc_list_append (GObject        *self,
                     JsonObject     *doc,
                     const char     *name,
                     TktDocWriteFunc write,
                     gconstpointer   item,
                     GParamSpec     *n_pspec)
{
  JsonObject *object = json_object_new ();

  write (object, item);
  json_array_add_object_element (tkt_json_ensure_array (doc, name), object);
  g_object_notify_by_pspec (self, n_pspec);
}

void
tkt_doc_list_replace (JsonObject     *doc,
                      const char     *name,
                      guint           index,
                      TktDocWriteFunc write,
                      gconstpointer   item)
{
  write (tkt_json_nth_object_ensure (tkt_json_array (doc, name), index), item);
}

void
tkt_doc_list_remove (GObject    *self,
                     JsonObject *doc,
                     const char *name,
                     guint       index,
                     GParamSpec *n_pspec)
{
  json_array_remove_element (tkt_json_array (doc, name), index);
  g_object_notify_by_pspec (self, n_pspec);
}
