/* test-text.c — Vietnamese text helpers: folding, collation, numbers, money,
 * dates, lists. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "tkt-text.h"
#include "tkt-vocab.h"

/* Every vowel with no tone and the five tones (huyền, sắc, hỏi, ngã, nặng),
 * lower and upper case, and the letter it folds to. */
static const struct {
  const char *lower;
  const char *upper;
  char        base;
} vowels[] = {
  { "aàáảãạ", "AÀÁẢÃẠ", 'a' },
  { "ăằắẳẵặ", "ĂẰẮẲẴẶ", 'a' },
  { "âầấẩẫậ", "ÂẦẤẨẪẬ", 'a' },
  { "eèéẻẽẹ", "EÈÉẺẼẸ", 'e' },
  { "êềếểễệ", "ÊỀẾỂỄỆ", 'e' },
  { "iìíỉĩị", "IÌÍỈĨỊ", 'i' },
  { "oòóỏõọ", "OÒÓỎÕỌ", 'o' },
  { "ôồốổỗộ", "ÔỒỐỔỖỘ", 'o' },
  { "ơờớởỡợ", "ƠỜỚỞỠỢ", 'o' },
  { "uùúủũụ", "UÙÚỦŨỤ", 'u' },
  { "ưừứửữự", "ƯỪỨỬỮỰ", 'u' },
  { "yỳýỷỹỵ", "YỲÝỶỸỴ", 'y' },
};

static void
assert_fold (const char *text,
             const char *expected)
{
  g_autofree char *folded = tkt_text_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold_alphabet (void)
{
  for (gsize v = 0; v < G_N_ELEMENTS (vowels); v++)
    {
      const char *rows[2] = { vowels[v].lower, vowels[v].upper };

      for (int r = 0; r < 2; r++)
        {
          guint n = 0;

          g_assert_cmpint (g_utf8_strlen (rows[r], -1), ==, 6);
          for (const char *p = rows[r]; *p; p = g_utf8_next_char (p), n++)
            {
              char one[8] = { 0 };
              char expected[2] = { vowels[v].base, '\0' };
              g_autofree char *nfd = NULL;

              g_unichar_to_utf8 (g_utf8_get_char (p), one);
              assert_fold (one, expected);
              /* the same letter typed decomposed (NFD, as macOS writes it) */
              nfd = g_utf8_normalize (one, -1, G_NORMALIZE_NFD);
              assert_fold (nfd, expected);
            }
          g_assert_cmpuint (n, ==, 6);
        }
    }

  /* The consonants, đ and Đ included. */
  assert_fold ("bcdđghklmnpqrstvx", "bcddghklmnpqrstvx");
  assert_fold ("BCDĐGHKLMNPQRSTVX", "bcddghklmnpqrstvx");
}

static void
test_fold_examples (void)
{
  g_autofree char *nfd = g_utf8_normalize ("Điện Biên Phủ", -1, G_NORMALIZE_NFD);

  assert_fold ("Điện Biên", "dien bien");
  assert_fold ("ĐƯỜNG", "duong");
  assert_fold ("đường", "duong");
  assert_fold ("Sở KH&CN tỉnh Điện Biên", "so kh&cn tinh dien bien");
  assert_fold ("Gà đen H'Mông, lúa Séng Cù", "ga den h'mong, lua seng cu");
  assert_fold ("Nghiệm thu – xếp loại “Xuất sắc”", "nghiem thu – xep loai “xuat sac”");
  assert_fold (nfd, "dien bien phu");
  /* Ð (eth), which old keyboards put for Đ */
  assert_fold ("ÐIỆN", "dien");
  assert_fold ("Hello World 123", "hello world 123");
  assert_fold ("", "");
  assert_fold (NULL, "");

  /* Folding is idempotent. */
  {
    g_autofree char *once = tkt_text_fold ("Chương trình nông thôn, miền núi");
    g_autofree char *twice = tkt_text_fold (once);

    g_assert_cmpstr (once, ==, "chuong trinh nong thon, mien nui");
    g_assert_cmpstr (twice, ==, once);
  }

  /* Broken UTF-8 does not crash, and the rest is still folded. */
  {
    g_autofree char *folded = tkt_text_fold ("Đ\xff" "ÀO");

    g_assert_true (g_utf8_validate (folded, -1, NULL));
    g_assert_true (g_str_has_prefix (folded, "d"));
    g_assert_true (g_str_has_suffix (folded, "ao"));
  }
}

/* ICU's "vi" order (STYLE.md, "Facts about the test environment"). */
static const char *const vi_order[] = {
  "An", "Ánh", "Ẩm", "Bảo", "Dân", "Duyên", "Dược", "Đào", "Điện", "Đường",
  "Hoa", "Khánh", "Lò", "Mai", "Nguyễn", "Ong", "Ô", "Ổn", "Ơn", "Uống", "Ứng", "Ươm",
};

static int
key_cmp (const char *a,
         const char *b)
{
  gsize la = 0, lb = 0;
  g_autofree guint8 *ka = tkt_text_sort_key (a, &la);
  g_autofree guint8 *kb = tkt_text_sort_key (b, &lb);
  int r;

  g_assert_nonnull (ka);
  g_assert_nonnull (kb);
  /* As SQLite compares BLOBs: memcmp, then the shorter first. */
  r = memcmp (ka, kb, MIN (la, lb));
  if (r == 0)
    r = (la > lb) - (la < lb);
  return r;
}

static int
collate_qsort (gconstpointer a,
               gconstpointer b)
{
  return tkt_text_collate (*(const char * const *) a, *(const char * const *) b);
}

static int
key_qsort (gconstpointer a,
           gconstpointer b)
{
  return key_cmp (*(const char * const *) a, *(const char * const *) b);
}

static void
assert_order (const char *a,
              const char *b)
{
  if (!(tkt_text_collate (a, b) < 0 && tkt_text_collate (b, a) > 0))
    g_error ("collate: expected “%s” < “%s”", a, b);
  if (!(key_cmp (a, b) < 0 && key_cmp (b, a) > 0))
    g_error ("sort key: expected “%s” < “%s”", a, b);
}

static void
test_collate_order (void)
{
  const char *shuffled[G_N_ELEMENTS (vi_order)];
  GRand *rand = g_rand_new_with_seed (2023);

  for (gsize i = 0; i + 1 < G_N_ELEMENTS (vi_order); i++)
    assert_order (vi_order[i], vi_order[i + 1]);

  /* Sorting a shuffled list gives the Vietnamese order, either way. */
  for (int round = 0; round < 2; round++)
    {
      memcpy (shuffled, vi_order, sizeof shuffled);
      for (gsize i = G_N_ELEMENTS (shuffled) - 1; i > 0; i--)
        {
          gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) i + 1);
          const char *t = shuffled[i];

          shuffled[i] = shuffled[j];
          shuffled[j] = t;
        }
      qsort (shuffled, G_N_ELEMENTS (shuffled), sizeof shuffled[0],
             round == 0 ? collate_qsort : key_qsort);
      for (gsize i = 0; i < G_N_ELEMENTS (vi_order); i++)
        g_assert_cmpstr (shuffled[i], ==, vi_order[i]);
    }
  g_rand_free (rand);

  /* d < đ < e and a < ă < â, whatever the case — not byte order, not
   * folded order. */
  assert_order ("d", "đ");
  assert_order ("đ", "e");
  assert_order ("a", "ă");
  assert_order ("ă", "â");
  assert_order ("â", "b");
  assert_order ("o", "ô");
  assert_order ("ô", "ơ");
  assert_order ("u", "ư");
  assert_order ("Dương", "Đàm");
  assert_order ("Đường", "Em");
}

static void
test_collate_misc (void)
{
  g_assert_cmpint (tkt_text_collate ("Điện Biên", "Điện Biên"), ==, 0);
  g_assert_cmpint (key_cmp ("Điện Biên", "Điện Biên"), ==, 0);
  /* The same text in NFD sorts as its NFC form. */
  {
    g_autofree char *nfd = g_utf8_normalize ("Điện Biên", -1, G_NORMALIZE_NFD);

    g_assert_cmpint (tkt_text_collate (nfd, "Điện Biên"), ==, 0);
    g_assert_cmpint (key_cmp (nfd, "Điện Biên"), ==, 0);
  }
  /* Numbers inside text sort by value (task codes, "Đề tài 2/10"). */
  assert_order ("ĐB.2023.9", "ĐB.2023.10");
  assert_order ("Đề tài 2", "Đề tài 10");
  /* Tone order within one base letter: none, huyền, sắc, hỏi, ngã, nặng —
   * at least "a" before the toned forms, and the tone only breaks ties. */
  assert_order ("ma", "mà");
  assert_order ("mạ", "mb");
  /* NULL sorts first and equals NULL. */
  g_assert_cmpint (tkt_text_collate (NULL, NULL), ==, 0);
  g_assert_cmpint (tkt_text_collate (NULL, "a"), <, 0);
  g_assert_cmpint (tkt_text_collate ("a", NULL), >, 0);
  /* A long text (beyond the stack buffers) still gets a key. */
  {
    g_autoptr(GString) a = g_string_new (NULL);
    g_autoptr(GString) b = NULL;

    for (int i = 0; i < 400; i++)
      g_string_append (a, "Đường ");
    b = g_string_new (a->str);
    g_string_append (a, "A");
    g_string_append (b, "Ă");
    assert_order (a->str, b->str);
  }
}

typedef struct {
  const char *const *words;
  guint              n;
  gboolean           ok;
} ThreadJob;

static gpointer
thread_keys (gpointer data)
{
  ThreadJob *job = data;

  job->ok = TRUE;
  for (int round = 0; round < 200; round++)
    for (guint i = 0; i + 1 < job->n; i++)
      if (key_cmp (job->words[i], job->words[i + 1]) >= 0 ||
          tkt_text_collate (job->words[i], job->words[i + 1]) >= 0)
        job->ok = FALSE;
  return NULL;
}

static void
test_collate_threads (void)
{
  /* The store makes sort keys on its worker threads too. */
  ThreadJob jobs[4];
  GThread *threads[4];

  for (int i = 0; i < 4; i++)
    {
      jobs[i] = (ThreadJob) { vi_order, G_N_ELEMENTS (vi_order), FALSE };
      threads[i] = g_thread_new ("keys", thread_keys, &jobs[i]);
    }
  for (int i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (jobs[i].ok);
    }
}

static void
assert_format (char       *got,
               const char *expected)
{
  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

static void
test_numbers (void)
{
  assert_format (tkt_text_format_number (0), "0");
  assert_format (tkt_text_format_number (7), "7");
  assert_format (tkt_text_format_number (999), "999");
  assert_format (tkt_text_format_number (1000), "1.000");
  assert_format (tkt_text_format_number (1234567), "1.234.567");
  assert_format (tkt_text_format_number (12345678901), "12.345.678.901");
  assert_format (tkt_text_format_number (-1234), "-1.234");
  assert_format (tkt_text_format_number (-999), "-999");
  assert_format (tkt_text_format_number (G_MAXINT64), "9.223.372.036.854.775.807");
  assert_format (tkt_text_format_number (G_MININT64), "-9.223.372.036.854.775.808");

  assert_format (tkt_text_format_money (1234567), "1.234.567 đồng");
  assert_format (tkt_text_format_money (0), "0 đồng");
  assert_format (tkt_text_format_money (850000000), "850.000.000 đồng");

  assert_format (tkt_text_format_count (1), "01");
  assert_format (tkt_text_format_count (6), "06");
  assert_format (tkt_text_format_count (9), "09");
  assert_format (tkt_text_format_count (10), "10");
  assert_format (tkt_text_format_count (24), "24");
  assert_format (tkt_text_format_count (0), "0");
  assert_format (tkt_text_format_count (100000), "100.000");
}

static void
test_money_parse (void)
{
  static const struct {
    const char *text;
    gint64      value;
  } good[] = {
    { "1.234.567", 1234567 },
    { "1234567", 1234567 },
    { "1 234 567", 1234567 },
    { "1\xC2\xA0" "234\xC2\xA0" "567", 1234567 },
    { "1.234.567 đồng", 1234567 },
    { "1.234.567đồng", 1234567 },
    { "1.234.567đ", 1234567 },
    { "1.234.567 đ", 1234567 },
    { "1.234.567 VNĐ", 1234567 },
    { "1.234.567 VND", 1234567 },
    { "1.234.567₫", 1234567 },
    { "  850.000.000  ", 850000000 },
    { "0", 0 },
    { "999", 999 },
    { "1.000", 1000 },
    { "9.223.372.036.854.775.807", G_MAXINT64 },
  };
  static const char *const bad[] = {
    "abc", "-5000", "-1.234.567 đồng", "1,5", "1,234,567", "1.5", "1.2345", "12345.678",
    "1..234", ".123", "1.234.", "", "   ", "đồng", "12 abc", "1.234.567 euro",
    "9.223.372.036.854.775.808", "99999999999999999999",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *nfd = g_utf8_normalize (good[i].text, -1, G_NORMALIZE_NFD);
      gint64 value = -1;

      if (!tkt_text_parse_money (good[i].text, &value, &error))
        g_error ("“%s” should parse: %s", good[i].text, error->message);
      g_assert_cmpint (value, ==, good[i].value);

      /* typed decomposed */
      value = -1;
      g_assert_true (tkt_text_parse_money (nfd, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, good[i].value);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 42;

      if (tkt_text_parse_money (bad[i], &value, &error))
        g_error ("“%s” should not parse, got %" G_GINT64_FORMAT, bad[i], value);
      g_assert_error (error, TKT_TEXT_ERROR, TKT_TEXT_ERROR_INVALID_NUMBER);
      g_assert_cmpint (value, ==, 42);
      /* The message names what the user typed, so they can find it. */
      {
        g_autofree char *stripped = g_strstrip (g_strdup (bad[i]));

        if (stripped[0] != '\0')
          g_assert_nonnull (strstr (error->message, stripped));
      }
    }

  /* The messages say what is wrong. */
  {
    g_autoptr(GError) error = NULL;
    gint64 value;

    g_assert_false (tkt_text_parse_money ("-5000", &value, &error));
    g_assert_nonnull (strstr (error->message, "negative"));
    g_clear_error (&error);
    g_assert_false (tkt_text_parse_money ("1,5", &value, &error));
    g_assert_nonnull (strstr (error->message, "decimals"));
  }
}

static void
test_date_iso (void)
{
  GDate date;
  static const char *const bad[] = {
    "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-5", "24/01/2024",
    "abc", "", "2024-01-24T10:00", "2024-01-2",
  };

  g_assert_true (tkt_text_date_from_iso ("2024-01-24", &date));
  g_assert_cmpint (g_date_get_day (&date), ==, 24);
  g_assert_cmpint (g_date_get_month (&date), ==, 1);
  g_assert_cmpint (g_date_get_year (&date), ==, 2024);
  assert_format (tkt_text_date_to_iso (&date), "2024-01-24");
  assert_format (tkt_text_format_date (&date), "24/01/2024");

  g_assert_true (tkt_text_date_from_iso ("2024-02-29", &date));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (tkt_text_date_from_iso (bad[i], &date))
        g_error ("“%s” should not be an ISO date", bad[i]);
      g_assert_false (g_date_valid (&date));
    }
  g_assert_false (tkt_text_date_from_iso (NULL, &date));

  assert_format (tkt_text_format_iso_date ("2023-11-09"), "09/11/2023");
  assert_format (tkt_text_format_iso_date ("2023-02-31"), "");
  assert_format (tkt_text_format_iso_date (NULL), "");
  assert_format (tkt_text_format_date (NULL), "");
  g_date_clear (&date, 1);
  assert_format (tkt_text_format_date (&date), "");
  assert_format (tkt_text_date_to_iso (&date), "");
}

static void
test_date_long (void)
{
  static const struct {
    const char *iso;
    const char *expected;
  } cases[] = {
    { "2024-01-24", "ngày 24 tháng 01 năm 2024" },
    { "2024-02-09", "ngày 09 tháng 02 năm 2024" },
    { "2024-03-05", "ngày 05 tháng 3 năm 2024" },
    { "2023-11-09", "ngày 09 tháng 11 năm 2023" },
    { "2024-10-10", "ngày 10 tháng 10 năm 2024" },
    { "2024-12-31", "ngày 31 tháng 12 năm 2024" },
    { "2025-09-01", "ngày 01 tháng 9 năm 2025" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;

      g_assert_true (tkt_text_date_from_iso (cases[i].iso, &date));
      assert_format (tkt_text_format_date_long (&date), cases[i].expected);
    }
  assert_format (tkt_text_format_date_long (NULL), "");
}

static void
test_date_parse (void)
{
  static const struct {
    const char *text;
    const char *iso;
  } good[] = {
    { "24/01/2024", "2024-01-24" },
    { "24/1/2024", "2024-01-24" },
    { "5/3/2024", "2024-03-05" },
    { " 5/3/2024 ", "2024-03-05" },
    { "24-01-2024", "2024-01-24" },
    { "24.01.2024", "2024-01-24" },
    { "2024-01-24", "2024-01-24" },
    { "29/02/2024", "2024-02-29" },
    { "31/12/2023", "2023-12-31" },
    { "ngày 05 tháng 3 năm 2024", "2024-03-05" },
    { "Ngày 9 tháng 11 năm 2023", "2023-11-09" },
  };
  static const struct {
    const char *text;
    const char *hint;   /* part of the message */
  } bad[] = {
    { "31/02/2024", "29 days" },
    { "29/02/2023", "28 days" },
    { "31/04/2024", "30 days" },
    { "32/01/2024", "31 days" },
    { "00/01/2024", "31 days" },
    { "2024-13-01", "month 13" },
    { "15/13/2024", "month 13" },
    { "abc", "dd/mm/yyyy" },
    { "", "dd/mm/yyyy" },
    { "24/01/24", "dd/mm/yyyy" },
    { "24/01-2024", "dd/mm/yyyy" },
    { "2024/01", "dd/mm/yyyy" },
    { "24/01/2024 abc", "dd/mm/yyyy" },
    { "1/1/0999", "four digits" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;

      if (!tkt_text_parse_date (good[i].text, &iso, &error))
        g_error ("“%s” should parse: %s", good[i].text, error->message);
      g_assert_cmpstr (iso, ==, good[i].iso);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *iso = NULL;

      if (tkt_text_parse_date (bad[i].text, &iso, &error))
        g_error ("“%s” should not parse, got %s", bad[i].text, iso);
      g_assert_null (iso);
      g_assert_error (error, TKT_TEXT_ERROR, TKT_TEXT_ERROR_INVALID_DATE);
      if (strstr (error->message, bad[i].hint) == NULL ||
          strstr (error->message, bad[i].text) == NULL)
        g_error ("“%s”: message “%s” should name the text and say “%s”",
                 bad[i].text, error->message, bad[i].hint);
    }
}

static void
test_join_list (void)
{
  const char *none[] = { NULL };
  const char *one[] = { "y tế", NULL };
  const char *two[] = { "y tế", "giáo dục", NULL };
  const char *three[] = { "y tế", "giáo dục", "nông nghiệp", NULL };
  const char *five[] = { "y tế", "tài nguyên – môi trường", "giáo dục", "xã hội – nhân văn", "nông nghiệp", NULL };

  assert_format (tkt_text_join_list (NULL), "");
  assert_format (tkt_text_join_list (none), "");
  assert_format (tkt_text_join_list (one), "y tế");
  assert_format (tkt_text_join_list (two), "y tế và giáo dục");
  assert_format (tkt_text_join_list (three), "y tế, giáo dục và nông nghiệp");
  assert_format (tkt_text_join_list (five),
                 "y tế, tài nguyên – môi trường, giáo dục, xã hội – nhân văn và nông nghiệp");
}

static void
test_vocab (void)
{
  static const struct {
    TktVocabKind kind;
    const char  *text;
    const char  *key;
  } cases[] = {
    /* keys, English labels, Vietnamese labels, with or without accents */
    { TKT_VOCAB_LEVEL, "provincial", "provincial" },
    { TKT_VOCAB_LEVEL, "Provincial", "provincial" },
    { TKT_VOCAB_LEVEL, "Cấp tỉnh", "provincial" },
    { TKT_VOCAB_LEVEL, "  CẤP TỈNH ", "provincial" },
    { TKT_VOCAB_LEVEL, "cap tinh", "provincial" },
    { TKT_VOCAB_LEVEL, "Cấp quốc gia", "national" },
    { TKT_VOCAB_LEVEL, "Cấp cơ sở", "grassroots" },
    { TKT_VOCAB_LEVEL, "cấp huyện", NULL },
    { TKT_VOCAB_LEVEL, "", NULL },
    { TKT_VOCAB_LEVEL, NULL, NULL },
    { TKT_VOCAB_STAGE, "Đã nghiệm thu", "accepted" },
    { TKT_VOCAB_STAGE, "in progress", "in_progress" },
    { TKT_VOCAB_STAGE, "In progress", "in_progress" },
    { TKT_VOCAB_STAGE, "Đang thực hiện", "in_progress" },
    { TKT_VOCAB_STAGE, "Directly assigned", "assigned" },
    { TKT_VOCAB_KIND, "Dự án sản xuất thử nghiệm", "pilot_production" },
    { TKT_VOCAB_KIND, "Đề tài", "research" },
    { TKT_VOCAB_RATING, "Xuất sắc", "excellent" },
    { TKT_VOCAB_RATING, "Khá", "good" },
    { TKT_VOCAB_RATING, "Đạt", "pass" },
    { TKT_VOCAB_RATING, "Trung bình", "average" },
    { TKT_VOCAB_RATING, "khong dat", "fail" },
    { TKT_VOCAB_RECIPIENT_KIND, "Doanh nghiệp", "enterprise" },
    { TKT_VOCAB_RECIPIENT_KIND, "Hợp tác xã", "cooperative" },
    { TKT_VOCAB_FIELD, "Khoa học nông nghiệp", "4" },
    { TKT_VOCAB_FIELD, "4", "4" },
    { TKT_VOCAB_REGIME, "2025", "2025" },
    /* a label of another vocabulary is not a match */
    { TKT_VOCAB_LEVEL, "Đạt", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *key = tkt_vocab_lookup (cases[i].kind, cases[i].text);

      if (g_strcmp0 (key, cases[i].key) != 0)
        g_error ("lookup “%s”: got %s, expected %s", cases[i].text, key, cases[i].key);
    }

  /* Tables: keys in the order of DESIGN.md, every entry with both labels. */
  g_assert_cmpuint (tkt_vocab_get_n_items (TKT_VOCAB_LEVEL), ==, 3);
  g_assert_cmpuint (tkt_vocab_get_n_items (TKT_VOCAB_STAGE), ==, 10);
  g_assert_cmpuint (tkt_vocab_get_n_items (TKT_VOCAB_RATING), ==, 5);
  g_assert_cmpuint (tkt_vocab_get_n_items (TKT_VOCAB_RECIPIENT_KIND), ==, 7);
  g_assert_cmpuint (tkt_vocab_get_n_items (TKT_VOCAB_FIELD), ==, 6);
  g_assert_cmpint (tkt_vocab_index (TKT_VOCAB_STAGE, "proposed"), ==, 0);
  g_assert_cmpint (tkt_vocab_index (TKT_VOCAB_STAGE, "cancelled"), ==, 9);
  g_assert_cmpint (tkt_vocab_index (TKT_VOCAB_STAGE, "nonsense"), ==, -1);
  g_assert_cmpint (tkt_vocab_index (TKT_VOCAB_STAGE, NULL), ==, -1);
  for (int k = 0; k < TKT_N_VOCABS; k++)
    {
      const TktVocab *vocab = tkt_vocab_get (k);

      for (guint i = 0; vocab[i].key != NULL; i++)
        {
          g_assert_nonnull (vocab[i].label);
          g_assert_nonnull (vocab[i].vi_label);
          g_assert_cmpstr (tkt_vocab_lookup (k, vocab[i].key), ==, vocab[i].key);
          g_assert_cmpstr (tkt_vocab_lookup (k, vocab[i].vi_label), ==, vocab[i].key);
        }
    }

  /* Labels (LANGUAGE=en in the tests: the English msgid). */
  g_assert_cmpstr (tkt_vocab_label (TKT_VOCAB_LEVEL, "provincial"), ==, "Provincial");
  g_assert_cmpstr (tkt_vocab_label (TKT_VOCAB_RATING, "excellent"), ==, "Excellent");
  g_assert_cmpstr (tkt_vocab_label (TKT_VOCAB_LEVEL, "district"), ==, "district");
  g_assert_cmpstr (tkt_vocab_label (TKT_VOCAB_LEVEL, NULL), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tkt/text/fold/alphabet", test_fold_alphabet);
  g_test_add_func ("/tkt/text/fold/examples", test_fold_examples);
  g_test_add_func ("/tkt/text/collate/order", test_collate_order);
  g_test_add_func ("/tkt/text/collate/misc", test_collate_misc);
  g_test_add_func ("/tkt/text/collate/threads", test_collate_threads);
  g_test_add_func ("/tkt/text/numbers", test_numbers);
  g_test_add_func ("/tkt/text/money/parse", test_money_parse);
  g_test_add_func ("/tkt/text/date/iso", test_date_iso);
  g_test_add_func ("/tkt/text/date/long", test_date_long);
  g_test_add_func ("/tkt/text/date/parse", test_date_parse);
  g_test_add_func ("/tkt/text/join-list", test_join_list);
  g_test_add_func ("/tkt/vocab/lookup", test_vocab);

  return g_test_run ();
}
