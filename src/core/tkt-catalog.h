/* tkt-catalog.h — programmes and sectors: small editable lists of documents,
 * shipped with the defaults of DESIGN.md. */
#pragma once

#include "tkt-store.h"

G_BEGIN_DECLS

/* Writes the default sectors (sector:health … sector:other, each with "name"
 * and "order") and programmes (programme:nong-thon-mien-nui-2016-2025,
 * programme:cap-thiet-dia-phuong) if the store has none of that type.
 * Called by tkt_store_open inside its creation transaction. */
gboolean    tkt_catalog_seed_defaults  (TktStore    *store,
                                        GError     **error);

/* Live programme / sector docs, sorted for display (sectors by "order" then
 * name; programmes by name, Vietnamese order). GPtrArray of JsonObject. */
GPtrArray  *tkt_catalog_list_programmes (TktStore   *store);
GPtrArray  *tkt_catalog_list_sectors    (TktStore   *store);
/* The display name of a programme or sector _id, or NULL. */
char       *tkt_catalog_get_name        (TktStore   *store,
                                         const char *id);

G_END_DECLS
