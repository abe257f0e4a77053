/* tkt-application.h — the AdwApplication subclass. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TKT_TYPE_APPLICATION (tkt_application_get_type ())
G_DECLARE_FINAL_TYPE (TktApplication, tkt_application, TKT, APPLICATION, AdwApplication)

/* Options: --db PATH (default $XDG_DATA_HOME/tongket/tongket.db).  app.*
 * actions: preferences, shortcuts (win.show-help-overlay), about, quit
 * (Ctrl+Q).  A database that cannot be opened shows a clear error dialog
 * and leaves the file untouched. */
TktApplication *tkt_application_new   (void);

/* Before GTK starts: where no GPU can render (no DRI render node, so
 * Mesa would draw GL on the CPU with llvmpipe) and GSK_RENDERER is not
 * set, asks GTK for its cairo renderer, which paints Tongket's windows —
 * a full-screen slide above all — faster there.  Returns the renderer
 * chosen, or NULL when GTK chooses. */
const char     *tkt_application_choose_renderer (void);
/* The database path this instance uses. */
const char     *tkt_application_get_db_path (TktApplication *self);

G_END_DECLS
