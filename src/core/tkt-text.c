/* tkt-text.c — Vietnamese text helpers: folding, collation, numbers, money, dates.
 *
 * Folding is what search compares: "Điện Biên", "ĐIỆN BIÊN" and "dien bien"
 * all fold to "dien bien".  It runs once per task and per keystroke, so the
 * common case (plain ASCII) is one pass and one allocation.
 *
 * Collation is ICU's "vi" collator (… d < đ < e …, a < ă < â), with numeric
 * ordering on so that "Đề tài 2" sorts before "Đề tài 10".  A collator is not
 * thread-safe, and the store computes sort keys on whichever thread owns its
 * connection, so each thread opens its own, lazily, and closes it when the
 * thread ends.
 *
 * Formatting follows Vietnamese official text (Decree 30/2020/NĐ-CP): "."
 * groups thousands, small counts have two digits, long dates pad days below
 * ten and the months January and February.
 */
#define G_LOG_DOMAIN "tkt-text"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "tkt-text.h"

G_DEFINE_QUARK (tkt-text-error-quark, tkt_text_error)

/* ------------------------------------------------------------------ */
/* Folding                                                              */

static inline gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK ||
         type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK ||
         g_unichar_combining_class (c) != 0;
}

/* Appends the folded form of one (non-ASCII) character. */
static void
fold_append (GString  *out,
             gunichar  c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;

  /* đ and Đ have no decomposition: Unicode treats them as letters of their
   * own.  Ð (U+00D0, Icelandic eth) is what old Vietnamese fonts and
   * keyboards often put for Đ; it folds to d as well. */
  if (c == 0x0110 || c == 0x0111 || c == 0x00D0 || c == 0x0189)
    {
      g_string_append_c (out, 'd');
      return;
    }

  c = g_unichar_tolower (c);
  /* Canonical decomposition: what NFC then NFD would give, one character
   * at a time, so the input may be in either form (text pasted from a Mac
   * comes in NFD). */
  n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));
  for (gsize i = 0; i < n; i++)
    {
      gunichar d = decomposed[i];

      if (is_mark (d))
        continue;
      if (d == 0x0111)
        d = 'd';
      if (d < 0x80)
        g_string_append_c (out, g_ascii_tolower ((char) d));
      else
        g_string_append_unichar (out, g_unichar_tolower (d));
    }
}

/* The folds of Latin-1, Latin Extended-A/B and Latin Extended Additional
 * (where all of Vietnamese lives), worked out once: the ASCII letter a
 * character folds to, or 0 to take the slow path. */
#define LATIN_LOW_FIRST  0x00C0
#define LATIN_LOW_LAST   0x024F
#define LATIN_ADD_FIRST  0x1E00
#define LATIN_ADD_LAST   0x1EFF

static guint8 latin_low[LATIN_LOW_LAST - LATIN_LOW_FIRST + 1];
static guint8 latin_add[LATIN_ADD_LAST - LATIN_ADD_FIRST + 1];

static void
fill_table (guint8   *table,
            gunichar  first,
            gunichar  last)
{
  GString *tmp = g_string_new (NULL);

  for (gunichar c = first; c <= last; c++)
    {
      g_string_truncate (tmp, 0);
      fold_append (tmp, c);
      table[c - first] = (tmp->len == 1 && (guchar) tmp->str[0] < 0x80) ? (guint8) tmp->str[0] : 0;
    }
  g_string_free (tmp, TRUE);
}

static void
ensure_tables (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      fill_table (latin_low, LATIN_LOW_FIRST, LATIN_LOW_LAST);
      fill_table (latin_add, LATIN_ADD_FIRST, LATIN_ADD_LAST);
      g_once_init_leave (&done, 1);
    }
}

static inline guint8
table_fold (gunichar c)
{
  if (c >= LATIN_LOW_FIRST && c <= LATIN_LOW_LAST)
    return latin_low[c - LATIN_LOW_FIRST];
  if (c >= LATIN_ADD_FIRST && c <= LATIN_ADD_LAST)
    return latin_add[c - LATIN_ADD_FIRST];
  return 0;
}

char *
tkt_text_fold (const char *text)
{
  const guchar *p;
  GString *out;
  g_autofree char *valid = NULL;
  gsize ascii_len;
  gsize len;

  if (text == NULL)
    return g_strdup ("");

  /* Fast path: plain ASCII needs only lower case. */
  for (p = (const guchar *) text; *p != 0 && *p < 0x80; p++)
    ;
  len = (gsize) (p - (const guchar *) text) + strlen ((const char *) p);
  if (*p == 0)
    {
      char *res = g_malloc (len + 1);

      for (gsize i = 0; i <= len; i++)
        res[i] = g_ascii_tolower (text[i]);
      return res;
    }

  ensure_tables ();
  ascii_len = (gsize) (p - (const guchar *) text);
  if (!g_utf8_validate (text, (gssize) len, NULL))
    text = valid = g_utf8_make_valid (text, (gssize) len);

  /* Folding never makes Vietnamese longer; a little room for the odd
   * character whose lower case takes more bytes. */
  out = g_string_sized_new (len + 8);
  g_string_append_len (out, text, (gssize) ascii_len);
  for (gsize i = 0; i < out->len; i++)
    out->str[i] = g_ascii_tolower (out->str[i]);

  for (const char *q = text + ascii_len; *q != '\0'; )
    {
      guchar b = (guchar) *q;

      if (b < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower ((char) b));
          q++;
        }
      else
        {
          gunichar c = g_utf8_get_char (q);
          guint8 folded = table_fold (c);

          if (folded != 0)
            g_string_append_c (out, (char) folded);
          else
            fold_append (out, c);
          q = g_utf8_next_char (q);
        }
    }

  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Collation                                                            */

static void
collator_free (gpointer data)
{
  if (data != NULL)
    ucol_close (data);
}

static GPrivate collator_key = G_PRIVATE_INIT (collator_free);

/* The calling thread's "vi" collator, or NULL if ICU has no data for it
 * (then we fall back to comparing folded text). */
static UCollator *
get_collator (void)
{
  UCollator *coll = g_private_get (&collator_key);
  UErrorCode status = U_ZERO_ERROR;

  if (coll != NULL)
    return coll;

  coll = ucol_open ("vi", &status);
  if (U_FAILURE (status) || coll == NULL)
    {
      g_debug ("ICU collator for vi: %s", u_errorName (status));
      return NULL;
    }
  /* Numbers inside text sort by value: "ĐB.2023.9" < "ĐB.2023.10". */
  ucol_setAttribute (coll, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
  status = U_ZERO_ERROR;
  g_private_set (&collator_key, coll);
  return coll;
}

/* UTF-8 → UTF-16 into buf (of n units) if it fits, else into a new
 * allocation stored in *heap.  Returns the UTF-16 text and its length. */
static const UChar *
to_utf16 (const char *text,
          UChar      *buf,
          int32_t     n,
          UChar     **heap,
          int32_t    *len_out)
{
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = 0;

  *heap = NULL;
  u_strFromUTF8Lenient (buf, n, &len, text, -1, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING)
    {
      *heap = g_new (UChar, (gsize) len + 1);
      status = U_ZERO_ERROR;
      u_strFromUTF8Lenient (*heap, len + 1, &len, text, -1, &status);
      buf = *heap;
    }
  if (U_FAILURE (status))
    len = 0;
  *len_out = len;
  return buf;
}

guint8 *
tkt_text_sort_key (const char *text,
                   gsize      *len)
{
  UCollator *coll;
  UChar stack_text[256];
  g_autofree UChar *heap_text = NULL;
  const UChar *utext;
  int32_t ulen = 0;
  uint8_t stack_key[512];
  int32_t klen;
  guint8 *key;

  g_return_val_if_fail (len != NULL, NULL);

  if (text == NULL)
    text = "";

  coll = get_collator ();
  if (coll == NULL)
    {
      /* No ICU data: folded UTF-8 still sorts tone-insensitively. */
      char *folded = tkt_text_fold (text);

      *len = strlen (folded) + 1;
      return (guint8 *) folded;
    }

  utext = to_utf16 (text, stack_text, G_N_ELEMENTS (stack_text), &heap_text, &ulen);
  klen = ucol_getSortKey (coll, utext, ulen, stack_key, sizeof stack_key);
  if (klen <= (int32_t) sizeof stack_key)
    {
      key = g_memdup2 (stack_key, (gsize) klen);
    }
  else
    {
      key = g_malloc ((gsize) klen);
      klen = ucol_getSortKey (coll, utext, ulen, key, klen);
    }

  *len = (gsize) klen;
  return key;
}

int
tkt_text_collate (const char *a,
                  const char *b)
{
  UCollator *coll;
  UErrorCode status = U_ZERO_ERROR;
  UCollationResult res;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  coll = get_collator ();
  if (coll == NULL)
    {
      g_autofree char *fa = tkt_text_fold (a);
      g_autofree char *fb = tkt_text_fold (b);
      int r = strcmp (fa, fb);

      return r != 0 ? r : strcmp (a, b);
    }

  res = ucol_strcollUTF8 (coll, a, -1, b, -1, &status);
  if (U_FAILURE (status))
    return strcmp (a, b);
  return res == UCOL_LESS ? -1 : res == UCOL_GREATER ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Numbers and money                                                    */

char *
tkt_text_format_number (gint64 n)
{
  char digits[24];
  char out[32];
  guint64 magnitude;
  int nd = 0;
  int o = 0;

  /* The magnitude as unsigned, so that G_MININT64 works too. */
  magnitude = n < 0 ? (guint64) (-(n + 1)) + 1 : (guint64) n;
  do
    {
      digits[nd++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);

  if (n < 0)
    out[o++] = '-';
  for (int i = nd - 1; i >= 0; i--)
    {
      out[o++] = digits[i];
      if (i > 0 && i % 3 == 0)
        out[o++] = '.';
    }
  out[o] = '\0';

  return g_strdup (out);
}

char *
tkt_text_format_money (gint64 dong)
{
  g_autofree char *number = tkt_text_format_number (dong);

  return g_strconcat (number, " đồng", NULL);
}

char *
tkt_text_format_count (guint n)
{
  if (n == 0)
    return g_strdup ("0");
  if (n < 10)
    return g_strdup_printf ("%02u", n);
  return tkt_text_format_number (n);
}

static gboolean
is_space_at (const char *p,
             gsize      *skip)
{
  /* ASCII blanks, no-break space (Excel in some locales), narrow no-break
   * space (thousands separator of fr and others). */
  if (*p == ' ' || *p == '\t')
    {
      *skip = 1;
      return TRUE;
    }
  if ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
    {
      *skip = 2;
      return TRUE;
    }
  if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xAF)
    {
      *skip = 3;
      return TRUE;
    }
  return FALSE;
}

static gboolean
money_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, TKT_TEXT_ERROR, TKT_TEXT_ERROR_INVALID_NUMBER, message);
  return FALSE;
}

gboolean
tkt_text_parse_money (const char  *text,
                      gint64      *out,
                      GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *msg = NULL;
  const char *p;
  const char *end;
  guint64 value = 0;
  guint group_digits = 0;
  guint groups = 0;
  gboolean any_digit = FALSE;
  gsize skip;

  g_return_val_if_fail (out != NULL, FALSE);

  /* NFC, so that "đồng" typed on a Mac (NFD) is four characters too. */
  trimmed = g_utf8_normalize (text ? text : "", -1, G_NORMALIZE_NFC);
  if (trimmed == NULL)
    trimmed = g_utf8_make_valid (text, -1);
  g_strstrip (trimmed);
  if (trimmed[0] == '\0')
    return money_error (error, _("Enter an amount in đồng, like 1.234.567"));

  /* A currency word at the end: đồng, đ, VND, VNĐ, ₫ (any case, any
   * accents, with or without a space). */
  end = trimmed + strlen (trimmed);
  {
    static const char *const suffixes[] = { "dong", "vnd", "d" };
    g_autofree char *folded = tkt_text_fold (trimmed);
    gsize flen = strlen (folded);
    gboolean found = FALSE;

    if (g_str_has_suffix (trimmed, "₫"))
      {
        end -= strlen ("₫");
        found = TRUE;
      }
    for (gsize i = 0; !found && i < G_N_ELEMENTS (suffixes); i++)
      if (g_str_has_suffix (folded, suffixes[i]))
        {
          /* Step back over as many characters in the original as the
           * suffix has letters (each folds to one ASCII letter). */
          glong n = (glong) strlen (suffixes[i]);

          if (flen > (gsize) n && g_ascii_isalpha (folded[flen - (gsize) n - 1]))
            break;  /* "abcd" is not a number ending in "d" */
          for (glong k = 0; k < n; k++)
            end = g_utf8_prev_char (end);
          found = TRUE;
        }
    while (end > trimmed && (end[-1] == ' ' || end[-1] == '\t'))
      end--;
    if (end > trimmed && (guchar) end[-1] == 0xA0 && end - 1 > trimmed && (guchar) end[-2] == 0xC2)
      end -= 2;
  }

  p = trimmed;
  if (*p == '-' || g_str_has_prefix (p, "−"))
    {
      msg = g_strdup_printf (_("“%s”: an amount of money cannot be negative"), trimmed);
      return money_error (error, msg);
    }
  if (*p == '+')
    p++;

  for (; p < end; )
    {
      if (g_ascii_isdigit (*p))
        {
          guint digit = (guint) (*p - '0');

          if (value > ((guint64) G_MAXINT64 - digit) / 10)
            {
              msg = g_strdup_printf (_("“%s” is too large an amount"), trimmed);
              return money_error (error, msg);
            }
          value = value * 10 + digit;
          group_digits++;
          any_digit = TRUE;
          p++;
        }
      else if (*p == '.' || is_space_at (p, &skip))
        {
          /* A group separator: the digits before it are a whole group (1
           * to 3 digits for the first, 3 after), and 3 digits follow. */
          if (*p == '.')
            skip = 1;
          if (!any_digit ||
              (groups == 0 ? (group_digits == 0 || group_digits > 3) : group_digits != 3))
            goto bad_grouping;
          groups++;
          group_digits = 0;
          p += skip;
          if (!(g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])))
            goto bad_grouping;
        }
      else if (*p == ',')
        {
          msg = g_strdup_printf (_("“%s”: amounts are in whole đồng, without decimals; group digits with dots, like 1.234.567"),
                                 trimmed);
          return money_error (error, msg);
        }
      else
        {
          msg = g_strdup_printf (_("“%s” is not an amount of money; write it in đồng, like 1.234.567"), trimmed);
          return money_error (error, msg);
        }
    }

  if (!any_digit)
    {
      msg = g_strdup_printf (_("“%s” is not an amount of money; write it in đồng, like 1.234.567"), trimmed);
      return money_error (error, msg);
    }
  if (groups > 0 && group_digits != 3)
    goto bad_grouping;

  *out = (gint64) value;
  return TRUE;

bad_grouping:
  msg = g_strdup_printf (_("“%s”: amounts are in whole đồng, without decimals; group digits in threes with dots, like 1.234.567"),
                         trimmed);
  return money_error (error, msg);
}

/* ------------------------------------------------------------------ */
/* Dates                                                                */

gboolean
tkt_text_date_from_iso (const char *iso,
                        GDate      *date)
{
  guint y, m, d;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (iso == NULL)
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (iso[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (iso[i]))
        return FALSE;
    }
  if (iso[10] != '\0')
    return FALSE;

  y = (guint) g_ascii_digit_value (iso[0]) * 1000 + (guint) g_ascii_digit_value (iso[1]) * 100 +
      (guint) g_ascii_digit_value (iso[2]) * 10 + (guint) g_ascii_digit_value (iso[3]);
  m = (guint) g_ascii_digit_value (iso[5]) * 10 + (guint) g_ascii_digit_value (iso[6]);
  d = (guint) g_ascii_digit_value (iso[8]) * 10 + (guint) g_ascii_digit_value (iso[9]);
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

char *
tkt_text_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

char *
tkt_text_format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return g_strdup_printf ("%02u/%02u/%04u",
                          (guint) g_date_get_day (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_year (date));
}

char *
tkt_text_format_iso_date (const char *iso)
{
  GDate date;

  if (!tkt_text_date_from_iso (iso, &date))
    return g_strdup ("");
  return tkt_text_format_date (&date);
}

char *
tkt_text_format_date_long (const GDate *date)
{
  guint day, month;

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");

  day = g_date_get_day (date);
  month = g_date_get_month (date);
  /* Decree 30/2020/NĐ-CP: "ngày 05 tháng 3 năm 2024", "tháng 01", "tháng 02",
   * "tháng 10". */
  return g_strdup_printf (month <= 2 ? "ngày %02u tháng %02u năm %04u" : "ngày %02u tháng %u năm %04u",
                          day, month, (guint) g_date_get_year (date));
}

/* Reads 1 to max_digits digits; returns the number of digits read. */
static guint
read_number (const char **p,
             guint        max_digits,
             guint       *value)
{
  guint n = 0;

  *value = 0;
  while (n < max_digits && g_ascii_isdigit (**p))
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  if (g_ascii_isdigit (**p))
    return 0;   /* too many digits */
  return n;
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* "ngay 5 thang 3 nam 2024" (folded) → d, m, y. */
static gboolean
parse_long_date (const char *folded,
                 guint      *d,
                 guint      *m,
                 guint      *y)
{
  const char *p = skip_spaces (folded);

  if (!g_str_has_prefix (p, "ngay"))
    return FALSE;
  p = skip_spaces (p + 4);
  if (read_number (&p, 2, d) == 0)
    return FALSE;
  p = skip_spaces (p);
  if (!g_str_has_prefix (p, "thang"))
    return FALSE;
  p = skip_spaces (p + 5);
  if (read_number (&p, 2, m) == 0)
    return FALSE;
  p = skip_spaces (p);
  if (!g_str_has_prefix (p, "nam"))
    return FALSE;
  p = skip_spaces (p + 3);
  if (read_number (&p, 4, y) != 4)
    return FALSE;
  return *skip_spaces (p) == '\0';
}

gboolean
tkt_text_parse_date (const char  *text,
                     char       **iso_out,
                     GError     **error)
{
  g_autofree char *trimmed = NULL;
  const char *p;
  guint a = 0, b = 0, c = 0;
  guint d, m, y;
  guint na, nb, nc;
  char sep;

  g_return_val_if_fail (iso_out != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text ? text : ""));
  p = trimmed;

  na = read_number (&p, 4, &a);
  sep = *p;
  if (na > 0 && (sep == '/' || sep == '-' || sep == '.'))
    {
      p++;
      nb = read_number (&p, 2, &b);
      if (nb > 0 && *p == sep)
        {
          p++;
          nc = read_number (&p, 4, &c);
          if (nc > 0 && *p == '\0')
            {
              if (na == 4 && nc <= 2)
                {
                  /* 2024-01-24 */
                  y = a; m = b; d = c;
                  goto check;
                }
              if (na <= 2 && nc == 4)
                {
                  /* 24/01/2024 */
                  d = a; m = b; y = c;
                  goto check;
                }
            }
        }
    }

  {
    g_autofree char *folded = tkt_text_fold (trimmed);

    if (parse_long_date (folded, &d, &m, &y))
      goto check;
  }

  g_set_error (error, TKT_TEXT_ERROR, TKT_TEXT_ERROR_INVALID_DATE,
               _("“%s” is not a date; write it as dd/mm/yyyy, like 24/01/2024"), trimmed);
  return FALSE;

check:
  if (y < 1000)
    {
      g_set_error (error, TKT_TEXT_ERROR, TKT_TEXT_ERROR_INVALID_DATE,
                   _("“%s” is not a date; write the year with four digits, like 24/01/2024"), trimmed);
      return FALSE;
    }
  if (m < 1 || m > 12)
    {
      g_set_error (error, TKT_TEXT_ERROR, TKT_TEXT_ERROR_INVALID_DATE,
                   _("“%s” is not a date: there is no month %u"), trimmed, m);
      return FALSE;
    }
  if (d < 1 || d > g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, TKT_TEXT_ERROR, TKT_TEXT_ERROR_INVALID_DATE,
                   /* Translators: "“31/02/2024” is not a date: month 2 of 2024 has 29 days" */
                   _("“%s” is not a date: month %u of %u has %u days"),
                   trimmed, m, y, (guint) g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y));
      return FALSE;
    }

  *iso_out = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Lists                                                                */

char *
tkt_text_join_list (const char * const *items)
{
  GString *out = g_string_new (NULL);
  guint n;

  if (items == NULL)
    return g_string_free (out, FALSE);

  n = g_strv_length ((char **) items);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, i == n - 1 ? " và " : ", ");
      g_string_append (out, items[i]);
    }
  return g_string_free (out, FALSE);
}
