/* fuzz-csv-recipients.c — the CSV annex of an award decision:
 * tkt_award_import_recipients_csv (UTF-8 with or without BOM, else
 * Windows-1258; the separator; RFC 4180 records; Vietnamese or English
 * headers; heading rows "I. Tập thể"), then what the ceremony does with
 * the recipients (validation, turns on stage, the counts' wording).
 *
 * The first byte of the input picks the default kind (collective,
 * individual, none, an unknown word); the rest is the file.
 *
 * Checked: no crash, no sanitizer report; all or nothing (a failure adds
 * no recipient and says why in TKT_IO_ERROR); a success adds as many
 * recipients as it says, each with a name and a known kind. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "tkt-award.h"
#include "tkt-io.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_fatal_log_levels (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const kinds[] = { "individual", "collective", NULL, "tập thể" };
  g_autoptr(TktAward) award = tkt_award_new ("ceremony:fuzz");
  g_autoptr(TktRecipient) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autofree char *counts = NULL;
  const char *kind = NULL;
  guint n_added = 12345;
  gboolean ok;

  if (size > 0)
    {
      kind = kinds[data[0] % G_N_ELEMENTS (kinds)];
      data++;
      size--;
    }

  /* Something there already: a failed import must leave it alone. */
  first = g_new0 (TktRecipient, 1);
  first->kind = g_strdup ("individual");
  first->name = g_strdup ("Nguyễn Văn A");
  tkt_award_append_recipient (award, first);

  ok = tkt_award_import_recipients_csv (award, (const char *) data, size, kind, &n_added, &error);
  fuzz_check (ok == (error == NULL), "TRUE with an error, or FALSE without one");
  fuzz_note ("import: %s, %u added", ok ? "ok" : error->message, ok ? n_added : 0);
  if (!ok)
    {
      fuzz_check (error->domain == TKT_IO_ERROR && error->message[0] != '\0', "error %s", error->message);
      fuzz_check (g_utf8_validate (error->message, -1, NULL), "the message is not UTF-8");
      fuzz_check (tkt_award_get_n_recipients (award) == 1, "a failed import added recipients");
      return 0;
    }
  fuzz_check (tkt_award_get_n_recipients (award) == 1 + n_added, "%u added, %u there",
              n_added, tkt_award_get_n_recipients (award));
  for (guint i = 0; i < tkt_award_get_n_recipients (award); i++)
    {
      g_autoptr(TktRecipient) r = tkt_award_get_recipient (award, i);

      fuzz_check (r->name != NULL && r->name[0] != '\0', "recipient %u has no name", i);
      fuzz_check (g_utf8_validate (r->name, -1, NULL), "recipient %u: name not UTF-8", i);
      fuzz_check (g_strcmp0 (r->kind, "individual") == 0 || g_strcmp0 (r->kind, "collective") == 0,
                  "recipient %u: kind %s", i, r->kind ? r->kind : "(null)");
    }

  problems = tkt_award_validate (award);
  batches = tkt_award_batches (award);
  counts = tkt_award_format_counts (award);
  fuzz_check (batches != NULL && counts != NULL, "batches and counts");
  return 0;
}
