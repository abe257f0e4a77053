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

  fprintf (stderr, "ERROR: FUZZ FINDING at %s: %s: ", where, cond);
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

static GLogLevelFlags fatal_levels;

static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  if (level & (fatal_levels | G_LOG_LEVEL_ERROR))
    {
      fprintf (stderr, "ERROR: FUZZ FINDING: GLib message (%s, level %d): %s\n",
               domain ? domain : "-", (int) (level & G_LOG_LEVEL_MASK), message);
      fflush (stderr);
      abort ();
    }
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL))
    fprintf (stderr, "%s: %s\n", domain ? domain : "-", message);
}

void
fuzz_fatal_log_levels (GLogLevelFlags levels)
{
  fatal_levels = levels;
  /* These levels, not G_DEBUG's (meson test sets fatal-warnings) */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_default_handler (log_handler, NULL);
}
