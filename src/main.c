/* main.c — start Tongket: set up gettext, then run the application. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "tkt-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TktApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");

  /* TKT_LOCALEDIR lets the application run from the build tree with the
   * catalogues compiled there. */
  localedir = g_getenv ("TKT_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  tkt_application_choose_renderer ();
  app = tkt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
