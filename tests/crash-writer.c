/* crash-writer — writes tasks into a store in transactions until it is
 * killed.  After each transaction is committed it prints the ids it wrote,
 * one a line, and flushes: a line on stdout is a promise that the task is
 * on disk.  After an edit of an earlier task it prints "ID REV": that
 * revision (or a later one) is on disk.  The crash test (test-store.c, /tkt/store/crash/kill) kills it
 * with SIGKILL at random points and then checks those promises.
 *
 *   crash-writer DB-PATH TAG [SEED]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tkt-store.h"

static JsonObject *
make_task (const char *tag,
           guint       n,
           GRand      *rand)
{
  JsonObject *doc = json_object_new ();
  JsonObject *budget = json_object_new ();
  JsonArray *stages = json_array_new ();
  JsonObject *stage = json_object_new ();
  g_autofree char *id = g_strdup_printf ("task:crash-%s-%u", tag, n);
  g_autofree char *code = g_strdup_printf ("CR-%s-%u", tag, n);
  g_autoptr(GString) title = g_string_new ("Nghiên cứu ứng dụng tiến bộ kỹ thuật tại Điện Biên ");

  /* Bodies of varying size, so transactions span varying numbers of pages. */
  for (gint32 i = g_rand_int_range (rand, 0, 40); i > 0; i--)
    g_string_append (title, "và phát triển bền vững ");
  g_string_append_printf (title, "%u", n);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "task");
  json_object_set_string_member (doc, "code", code);
  json_object_set_string_member (doc, "title", title->str);
  json_object_set_string_member (doc, "level", "provincial");
  json_object_set_int_member (budget, "local", g_rand_int_range (rand, 1, 1000) * 1000000);
  json_object_set_object_member (doc, "budget", budget);
  json_object_set_string_member (stage, "stage", "contracted");
  json_object_set_string_member (stage, "date", "2023-03-01");
  json_array_add_object_element (stages, stage);
  json_object_set_array_member (doc, "stages", stages);
  return doc;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TktStore) store = NULL;
  g_autoptr(GRand) rand = NULL;
  const char *tag;
  guint n = 0;

  if (argc < 3)
    {
      fprintf (stderr, "usage: crash-writer DB-PATH TAG [SEED]\n");
      return 2;
    }
  tag = argv[2];
  rand = argc > 3 ? g_rand_new_with_seed ((guint32) strtoul (argv[3], NULL, 10)) : g_rand_new ();

  store = tkt_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "crash-writer: %s\n", error->message);
      return 1;
    }

  for (;;)
    {
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      guint batch = (guint) g_rand_int_range (rand, 1, 50);

      for (guint i = 0; i < batch; i++)
        g_ptr_array_add (docs, make_task (tag, n++, rand));

      if (!tkt_store_put_all (store, docs, NULL, &error))
        {
          fprintf (stderr, "crash-writer: %s\n", error->message);
          return 1;
        }

      /* Committed: now, and only now, say so. */
      for (guint i = 0; i < docs->len; i++)
        printf ("%s\n", json_object_get_string_member (g_ptr_array_index (docs, i), "_id"));
      fflush (stdout);

      /* Now and then an edit of an earlier task, so that commits also
       * rewrite pages that hold committed data. */
      if (n > 10 && g_rand_boolean (rand))
        {
          g_autofree char *id = g_strdup_printf ("task:crash-%s-%u", tag, (guint) g_rand_int_range (rand, 0, (gint32) n));
          g_autoptr(JsonObject) doc = tkt_store_get (store, id, NULL);
          g_autofree char *rev = NULL;

          if (doc != NULL)
            {
              json_object_set_string_member (doc, "pi", "Nguyễn Văn Đường");
              rev = tkt_store_put (store, doc, &error);
              if (rev == NULL)
                {
                  fprintf (stderr, "crash-writer: %s\n", error->message);
                  return 1;
                }
              printf ("%s %s\n", id, rev);
              fflush (stdout);
            }
        }
    }

  return 0;
}
