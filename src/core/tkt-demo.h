/* tkt-demo.h — the demo register of the seed article (Sở KH&CN Điện Biên, 2023). */
#pragma once

#include "tkt-store.h"

G_BEGIN_DECLS

/* Writes the demo tasks (in one transaction).  From them the article's 2023
 * figures follow: 24 monitored (10 national under the rural/mountainous
 * programme, 01 under the local urgent programme, 13 provincial), 06 ordered,
 * 09 results transferred to 11 units (01 enterprise) in health,
 * resources–environment, education, social–humanities and agriculture; for
 * 2024, 16 provincial and 11 national tasks to monitor.  Then the report of
 * 2023 ("report:2023", tkt-report.h) from the article, its sentences
 * computed from those tasks.  Documents already there are left alone. */
gboolean    tkt_demo_fill               (TktStore     *store,
                                         GError      **error);

G_END_DECLS
