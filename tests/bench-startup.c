/* bench-startup.c — from starting Tongket to the first frame of its main
 * window on a database of 100,000 tasks, beside the same for a bare
 * AdwApplicationWindow program (tests/bench-startup-bare) in the same run.
 * Built, not run by meson test:
 *
 *   bench-tasks 100000 --keep          # leaves …/tongket.db; its folder is printed
 *   bench-startup TONGKET BARE DB [ROUNDS]
 *
 * Each round starts both programs in turn (alternating, so the machine's
 * load falls on both alike) with TKT_BENCH_FIRST_FRAME set: they print the
 * monotonic time of their first painted frame and quit.  Aim: Tongket
 * within 1.3× of the bare window.
 *
 * Copyright 2025 The Tongket authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

/* Milliseconds from spawning argv to the frame it reports; < 0 on failure. */
static double
first_frame (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 start;
  const char *line;

  g_subprocess_launcher_setenv (launcher, "TKT_BENCH_FIRST_FRAME", "1", TRUE);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return -1;
    }
  line = out != NULL ? strstr (out, "first-frame ") : NULL;
  if (line == NULL)
    {
      g_printerr ("%s printed no first frame\n", argv[0]);
      return -1;
    }
  return (g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10) - start) / 1000.0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  guint rounds = argc > 4 ? (guint) atoi (argv[4]) : 10;
  g_autofree double *app_ms = NULL;
  g_autofree double *bare_ms = NULL;
  double app_median, bare_median;

  if (argc < 4)
    {
      g_printerr ("Usage: bench-startup TONGKET BARE DB [ROUNDS]\n");
      return 2;
    }
  if (rounds == 0)
    rounds = 10;
  app_ms = g_new0 (double, rounds);
  bare_ms = g_new0 (double, rounds);

  {
    /* Once each first: the caches of the file system warm alike. */
    const char *app_argv[] = { argv[1], "--db", argv[3], NULL };
    const char *bare_argv[] = { argv[2], NULL };

    first_frame (app_argv);
    first_frame (bare_argv);
    for (guint r = 0; r < rounds; r++)
      {
        app_ms[r] = first_frame (app_argv);
        bare_ms[r] = first_frame (bare_argv);
        if (app_ms[r] < 0 || bare_ms[r] < 0)
          return 1;
      }
  }
  qsort (app_ms, rounds, sizeof *app_ms, compare_double);
  qsort (bare_ms, rounds, sizeof *bare_ms, compare_double);
  app_median = app_ms[rounds / 2];
  bare_median = bare_ms[rounds / 2];
  printf ("%-46s median %8.1f ms   min %8.1f ms   max %8.1f ms\n", "start → first frame, Tongket (the database given)",
          app_median, app_ms[0], app_ms[rounds - 1]);
  printf ("%-46s median %8.1f ms   min %8.1f ms   max %8.1f ms\n", "baseline: a bare AdwApplicationWindow",
          bare_median, bare_ms[0], bare_ms[rounds - 1]);
  printf ("%-46s %.2f× (aim: within 1.3×) %s\n", "ratio of the medians", app_median / bare_median,
          app_median <= 1.3 * bare_median ? "ok" : "MISSED");
  return 0;
}
