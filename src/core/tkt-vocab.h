/* tkt-vocab.h — the fixed vocabularies of DESIGN.md with translated labels.
 * Keys are what documents store; labels are for people (gettext). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *key;
  const char *label;   /* N_() — translate with _() when shown */
  const char *vi_label; /* the Vietnamese label, built in (not translated):
                         * tkt_vocab_lookup() accepts it in any language */
} TktVocab;

typedef enum {
  TKT_VOCAB_KIND,            /* research project pilot_production scheme other */
  TKT_VOCAB_LEVEL,           /* national provincial grassroots */
  TKT_VOCAB_STAGE,           /* proposed … cancelled, in lifecycle order */
  TKT_VOCAB_RECIPIENT_KIND,  /* enterprise agency school hospital cooperative household other */
  TKT_VOCAB_REGIME,          /* 2013 2025 */
  TKT_VOCAB_RATING,          /* the rating scale table: excellent good pass average fail */
  TKT_VOCAB_FIELD,           /* national classification top fields "1".."6" */
  TKT_VOCAB_CEREMONY_KIND,   /* review_conference award_ceremony other */
  TKT_VOCAB_AWARD_RECIPIENT, /* collective individual (who receives an award) */
  TKT_N_VOCABS
} TktVocabKind;

/* NULL-key-terminated table. */
const TktVocab *tkt_vocab_get          (TktVocabKind  kind);
guint           tkt_vocab_get_n_items  (TktVocabKind  kind);
/* Translated label of key, or key itself if unknown, or "" for NULL. */
const char     *tkt_vocab_label        (TktVocabKind  kind,
                                        const char   *key);
/* Position of key in the table, or -1. */
int             tkt_vocab_index        (TktVocabKind  kind,
                                        const char   *key);
/* Key whose translated label (folded) equals text (folded), or whose key
 * equals text: for CSV import where a column says "Cấp tỉnh". NULL if none. */
const char     *tkt_vocab_lookup       (TktVocabKind  kind,
                                        const char   *text);

G_END_DECLS
