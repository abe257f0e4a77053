/* tkt-text.h — Vietnamese text helpers: folding, collation, numbers, money, dates.
 *
 * Nothing here depends on the C library's locale (Debian has no vi_VN by
 * default): collation is ICU's "vi" collator, formatting is our own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TKT_TEXT_ERROR (tkt_text_error_quark ())

typedef enum {
  TKT_TEXT_ERROR_INVALID_DATE,
  TKT_TEXT_ERROR_INVALID_NUMBER,
} TktTextError;

GQuark   tkt_text_error_quark        (void);

/* NFC, lower case, tone marks and other marks removed, đ/Đ → d.
 * "Điện Biên" → "dien bien".  Never returns NULL (NULL in → ""). */
char    *tkt_text_fold               (const char   *text);

/* ICU "vi" sort key: compare two keys with memcmp (SQLite compares BLOBs
 * that way).  Returns newly allocated bytes; *len gets the length. */
guint8  *tkt_text_sort_key           (const char   *text,
                                      gsize        *len);
/* <0, 0, >0 in Vietnamese order (ICU "vi"). */
int      tkt_text_collate            (const char   *a,
                                      const char   *b);

/* 1234567 → "1.234.567"; -1234 → "-1.234". */
char    *tkt_text_format_number      (gint64        n);
/* 1234567 → "1.234.567 đồng". */
char    *tkt_text_format_money       (gint64        dong);
/* Accepts "1.234.567", "1234567", "1 234 567", "1.234.567 đồng", "1.234.567đ".
 * Rejects negatives, decimals, letters, overflow, with a translated error. */
gboolean tkt_text_parse_money        (const char   *text,
                                      gint64       *out,
                                      GError      **error);
/* 1 → "01", 9 → "09", 24 → "24" (Vietnamese official text). */
char    *tkt_text_format_count       (guint         n);

/* ISO "2024-01-24" → GDate; FALSE (and invalid date) if not a real date. */
gboolean tkt_text_date_from_iso      (const char   *iso,
                                      GDate        *date);
/* GDate → "2024-01-24" */
char    *tkt_text_date_to_iso        (const GDate  *date);
/* ISO or GDate → "24/01/2024" (NULL/invalid → "") */
char    *tkt_text_format_date        (const GDate  *date);
char    *tkt_text_format_iso_date    (const char   *iso);
/* "ngày 24 tháng 01 năm 2024": day < 10 and months 1–2 padded (Decree 30/2020). */
char    *tkt_text_format_date_long   (const GDate  *date);
/* Typed dates: "24/01/2024", "24/1/2024", "24-01-2024", "24.01.2024",
 * "2024-01-24".  Writes an ISO string into *iso_out.  A clear translated
 * error for anything else ("31/02/2024" is not a date). */
gboolean tkt_text_parse_date         (const char   *text,
                                      char        **iso_out,
                                      GError      **error);

/* "a, b và c" — joins a NULL-terminated list the Vietnamese way. */
char    *tkt_text_join_list          (const char * const *items);

G_END_DECLS
