/* tkt-vocab.c — the fixed vocabularies of DESIGN.md with translated labels.
 *
 * Each entry has the key documents store, an English label marked with N_()
 * (translated through po/vi.po when shown) and the Vietnamese label built
 * in, so that tkt_vocab_lookup() understands a spreadsheet that says
 * "Cấp tỉnh" or "Đã nghiệm thu" even when the program runs in English.
 */
#define G_LOG_DOMAIN "tkt-vocab"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tkt-text.h"
#include "tkt-vocab.h"

static const TktVocab kinds[] = {
  { "research", N_("Research topic"), "Đề tài" },
  { "project", N_("Project"), "Dự án" },
  { "pilot_production", N_("Pilot production project"), "Dự án sản xuất thử nghiệm" },
  { "scheme", N_("Scheme"), "Đề án" },
  { "other", N_("Other"), "Khác" },
  { NULL, NULL, NULL }
};

static const TktVocab levels[] = {
  { "national", N_("National"), "Cấp quốc gia" },
  { "provincial", N_("Provincial"), "Cấp tỉnh" },
  { "grassroots", N_("Grassroots"), "Cấp cơ sở" },
  { NULL, NULL, NULL }
};

/* In lifecycle order. */
static const TktVocab stages[] = {
  { "proposed", N_("Proposed"), "Đề xuất" },
  { "ordered", N_("Ordered"), "Đặt hàng" },
  { "selected", N_("Selected"), "Tuyển chọn" },
  { "assigned", N_("Directly assigned"), "Giao trực tiếp" },
  { "contracted", N_("Contracted"), "Ký hợp đồng" },
  { "in_progress", N_("In progress"), "Đang thực hiện" },
  { "extended", N_("Extended"), "Gia hạn" },
  { "accepted", N_("Accepted"), "Đã nghiệm thu" },
  { "transferred", N_("Results transferred"), "Đã chuyển giao kết quả" },
  { "cancelled", N_("Cancelled"), "Dừng thực hiện" },
  { NULL, NULL, NULL }
};

static const TktVocab recipient_kinds[] = {
  { "enterprise", N_("Enterprise"), "Doanh nghiệp" },
  { "agency", N_("Government agency"), "Cơ quan nhà nước" },
  { "school", N_("School"), "Trường học" },
  { "hospital", N_("Hospital or clinic"), "Cơ sở y tế" },
  { "cooperative", N_("Cooperative"), "Hợp tác xã" },
  { "household", N_("Household"), "Hộ gia đình" },
  { "other", N_("Other"), "Khác" },
  { NULL, NULL, NULL }
};

static const TktVocab regimes[] = {
  { "2013", N_("2013 law"), "Luật 2013" },
  { "2025", N_("2025 law"), "Luật 2025" },
  { NULL, NULL, NULL }
};

/* The rating scale: national tasks use Excellent / Pass / Fail; some
 * provinces add Good and Average. */
static const TktVocab ratings[] = {
  { "excellent", N_("Excellent"), "Xuất sắc" },
  { "good", N_("Good"), "Khá" },
  { "pass", N_("Pass"), "Đạt" },
  { "average", N_("Average"), "Trung bình" },
  { "fail", N_("Fail"), "Không đạt" },
  { NULL, NULL, NULL }
};

/* The national classification of S&T fields, top level. */
static const TktVocab fields[] = {
  { "1", N_("Natural sciences"), "Khoa học tự nhiên" },
  { "2", N_("Engineering and technology"), "Khoa học kỹ thuật và công nghệ" },
  { "3", N_("Medical and health sciences"), "Khoa học y, dược" },
  { "4", N_("Agricultural sciences"), "Khoa học nông nghiệp" },
  { "5", N_("Social sciences"), "Khoa học xã hội" },
  { "6", N_("Humanities"), "Khoa học nhân văn" },
  { NULL, NULL, NULL }
};

/* Ceremonies (DESIGN.md, "ceremony": kind). */
static const TktVocab ceremony_kinds[] = {
  { "review_conference", N_("Review conference"), "Hội nghị tổng kết" },
  { "award_ceremony", N_("Award ceremony"), "Lễ trao tặng khen thưởng" },
  { "other", N_("Other"), "Khác" },
  { NULL, NULL, NULL }
};

/* Who receives an award (DESIGN.md, "award": recipients[].kind). */
static const TktVocab award_recipients[] = {
  { "collective", N_("Collective"), "Tập thể" },
  { "individual", N_("Individual"), "Cá nhân" },
  { NULL, NULL, NULL }
};

static const TktVocab *const tables[TKT_N_VOCABS] = {
  [TKT_VOCAB_KIND] = kinds,
  [TKT_VOCAB_LEVEL] = levels,
  [TKT_VOCAB_STAGE] = stages,
  [TKT_VOCAB_RECIPIENT_KIND] = recipient_kinds,
  [TKT_VOCAB_REGIME] = regimes,
  [TKT_VOCAB_RATING] = ratings,
  [TKT_VOCAB_FIELD] = fields,
  [TKT_VOCAB_CEREMONY_KIND] = ceremony_kinds,
  [TKT_VOCAB_AWARD_RECIPIENT] = award_recipients,
};

static const TktVocab empty[] = { { NULL, NULL, NULL } };

const TktVocab *
tkt_vocab_get (TktVocabKind kind)
{
  g_return_val_if_fail ((guint) kind < TKT_N_VOCABS, empty);

  return tables[kind];
}

guint
tkt_vocab_get_n_items (TktVocabKind kind)
{
  const TktVocab *vocab = tkt_vocab_get (kind);
  guint n = 0;

  while (vocab[n].key != NULL)
    n++;
  return n;
}

const char *
tkt_vocab_label (TktVocabKind  kind,
                 const char   *key)
{
  int i;

  if (key == NULL)
    return "";
  i = tkt_vocab_index (kind, key);
  if (i < 0)
    return key;
  return g_dgettext (GETTEXT_PACKAGE, tkt_vocab_get (kind)[i].label);
}

int
tkt_vocab_index (TktVocabKind  kind,
                 const char   *key)
{
  const TktVocab *vocab = tkt_vocab_get (kind);

  if (key == NULL)
    return -1;
  for (int i = 0; vocab[i].key != NULL; i++)
    if (strcmp (vocab[i].key, key) == 0)
      return i;
  return -1;
}

static gboolean
folded_equal (const char *folded,
              const char *label)
{
  g_autofree char *f = tkt_text_fold (label);

  return strcmp (folded, f) == 0;
}

const char *
tkt_vocab_lookup (TktVocabKind  kind,
                  const char   *text)
{
  const TktVocab *vocab = tkt_vocab_get (kind);
  g_autofree char *folded = NULL;

  if (text == NULL)
    return NULL;

  /* The key as written, the common case of a JSON or CSV export. */
  for (guint i = 0; vocab[i].key != NULL; i++)
    if (strcmp (vocab[i].key, text) == 0)
      return vocab[i].key;

  folded = tkt_text_fold (text);
  g_strstrip (folded);
  if (folded[0] == '\0')
    return NULL;

  for (guint i = 0; vocab[i].key != NULL; i++)
    {
      g_autofree char *spaced_key = g_strdelimit (g_strdup (vocab[i].key), "_", ' ');

      /* "In_Progress", "in progress" */
      if (folded_equal (folded, vocab[i].key) || strcmp (folded, spaced_key) == 0 ||
          /* the English label, the label of the running language, and the
           * Vietnamese label whatever the language */
          folded_equal (folded, vocab[i].label) ||
          folded_equal (folded, g_dgettext (GETTEXT_PACKAGE, vocab[i].label)) ||
          folded_equal (folded, vocab[i].vi_label))
        return vocab[i].key;
    }
  return NULL;
}
