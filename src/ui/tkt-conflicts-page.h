/* tkt-conflicts-page.h — the Conflicts area: documents whose revisions
 * conflict (edited on two computers before they synced), a side-by-side
 * view of the fields that differ between the version shown now and another
 * one, and the user's choice: keep one side, or choose field by field.
 * The choice is written by tkt_store_resolve_conflict in one transaction
 * (and then replicates); nothing is resolved without the user. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_CONFLICTS_PAGE (tkt_conflicts_page_get_type ())
G_DECLARE_FINAL_TYPE (TktConflictsPage, tkt_conflicts_page, TKT, CONFLICTS_PAGE, AdwBin)

GtkWidget  *tkt_conflicts_page_new     (TktStore         *store);
/* Re-reads the conflicted documents (also done on the store's ::changed). */
void        tkt_conflicts_page_reload  (TktConflictsPage *self);
guint       tkt_conflicts_page_get_n_conflicts (TktConflictsPage *self);
/* Shows one document's conflict; FALSE if it has none. */
gboolean    tkt_conflicts_page_select  (TktConflictsPage *self,
                                        const char       *id);
/* The fields that differ in the document shown ("title", "budget", …). */
GStrv       tkt_conflicts_page_get_differing_fields (TktConflictsPage *self);

/* Signal ::n-conflicts-changed (guint). */

G_END_DECLS
