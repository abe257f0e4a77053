/* fuzz-common.c — see fuzz-common.h. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz-common.h"

static char *tmpdir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_tmpdir (void)
{
  if (tmpdir != NULL)
    remove_tree (tmpdir);
}

const char *
fuzz_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      g_autofree char *template = NULL;

      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
        template = g_strdup ("/dev/shm/tkt-fuzz-XXXXXX");
      else
        template = g_build_filename (g_get_tmp_dir (), "tkt-fuzz-XXXXXX", NULL);
      tmpdir = g_mkdtemp (g_steal_pointer (&template));
      if (tmpdir == NULL)
        {
          perror ("fuzz: cannot make a temporary folder");
          abort ();
        }
      atexit (remove_tmpdir);
    }
  return tmpdir;
}

void
fuzz_fail (const char *where,
           const char *cond,
           const char *format,
           ...)
{
  va_list args;

  fprintf (stderr, "FUZZ FINDING at %s: %s: ", where, cond);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  fflush (stderr);
  abort ();
}

void
fuzz_note (const char *format,
           ...)
{
  static int verbose = -1;
  va_list args;

  if (verbose < 0)
    verbose = g_getenv ("FUZZ_VERBOSE") != NULL;
  if (!verbose)
    return;
  fputs ("# ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
}
