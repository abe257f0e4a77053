/* tkt-ceremony-private.h — helpers shared by tkt-ceremony.c, tkt-award.c,
 * tkt-script.c and tkt-demo-ceremony.c (src/core only).
 *
 * The JSON member helpers they use are in tkt-doc-private.h, shared with
 * the task and the report. */
#pragma once

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "tkt-doc-private.h"
#include "tkt-store.h"

G_BEGIN_DECLS

/* "14:00" / "9:05" → minutes of the day; -1 if not a time. */
static inline int
tkt_parse_hhmm (const char *text)
{
  unsigned h = 0;
  unsigned m = 0;
  int n = 0;

  if (text == NULL)
    return -1;
  if (sscanf (text, "%2u:%2u%n", &h, &m, &n) != 2 || text[n] != '\0' || h > 23 || m > 59)
    return -1;
  return (int) (h * 60 + m);
}

/* Adds the default award_form documents to docs when store has none
 * (tkt-award.c). */
void tkt_award_forms_add_defaults (TktStore  *store,
                                   GPtrArray *docs);

/* The demo ceremony of the seed article (tkt-demo-ceremony.c): adds to docs
 * the demo's ceremony and award documents that store does not have yet. */
void tkt_demo_ceremony_add_docs (TktStore  *store,
                                 GPtrArray *docs);

G_END_DECLS
