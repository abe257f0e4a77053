/* tkt-catalog-editor.h — an editable list of catalog documents (programmes
 * or sectors) as a preferences group: rename in place, add, remove. */
#pragma once

#include <adwaita.h>
#include "tkt-store.h"

G_BEGIN_DECLS

#define TKT_TYPE_CATALOG_EDITOR (tkt_catalog_editor_get_type ())
G_DECLARE_FINAL_TYPE (TktCatalogEditor, tkt_catalog_editor, TKT, CATALOG_EDITOR, AdwPreferencesGroup)

/* Properties "store" (TktStore, not kept alive by the editor: its window
 * owns it) and "doc-type" ("programme" or "sector"), both construct-only.  Writes go through tkt_store_put / tkt_store_delete.
 * Signal ::removed (const char *id, const char *name) after a document was
 * deleted, so the window can offer Undo (tkt_store_undelete + reload). */
GtkWidget  *tkt_catalog_editor_new        (TktStore         *store,
                                           const char       *doc_type);
const char *tkt_catalog_editor_get_doc_type (TktCatalogEditor *self);
/* Re-reads the documents from the store (after Undo or an import). */
void        tkt_catalog_editor_reload     (TktCatalogEditor *self);

G_END_DECLS
