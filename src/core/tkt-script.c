/* tkt-script.c — the MC's script (kịch bản, lời dẫn) of a ceremony.
 *
 * The text is generated in Vietnamese, in the register an MC uses at a
 * provincial conference ("Kính thưa các đồng chí lãnh đạo…", "trân trọng
 * kính mời đồng chí …"): it is the document's language, not interface
 * text, so it is not translated.  The user's edits live in the ceremony
 * document ("script": [{key, text, generated}]); an edit made from a
 * generated text that has changed since is stale.
 */
#define G_LOG_DOMAIN "tkt-script"

#include "config.h"

#include <string.h>

#include "tkt-script.h"
#include "tkt-ceremony-private.h"
#include "tkt-text.h"

typedef struct {
  char     *name;
  char     *authority;
  gboolean  is_title;
} FormInfo;

static void
form_info_free (FormInfo *info)
{
  g_free (info->name);
  g_free (info->authority);
  g_free (info);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FormInfo, form_info_free)

void
tkt_script_block_free (TktScriptBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->key);
  g_free (block->title);
  g_free (block->generated);
  g_free (block->text);
  g_free (block);
}

/* Text helpers */

static gboolean
blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The first letter in lower case: "Phát biểu khai mạc" → "phát biểu khai
 * mạc", for a title used inside a sentence.  Words written in capitals
 * ("UBND", "KH&CN") are left alone. */
static char *
lower_first (const char *text)
{
  gunichar c;
  const char *next;
  GString *out;

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  c = g_utf8_get_char (text);
  next = g_utf8_next_char (text);
  if (*next != '\0' && g_unichar_isupper (g_utf8_get_char (next)))
    return g_strdup (text);
  out = g_string_new (NULL);
  g_string_append_unichar (out, g_unichar_tolower (c));
  g_string_append (out, next);
  return g_string_free (out, FALSE);
}

/* Does the position already say where (Phó Chủ tịch UBND tỉnh, Giám đốc
 * Sở KH&CN), or is it a bare title (Giám đốc, Phó Chủ tịch) that needs its
 * organisation after it?  A bare title has no capital after its first
 * word, "Phó" and "Chủ tịch"/"Bí thư" aside. */
static gboolean
position_is_bare (const char *position)
{
  const char *p = position;
  gboolean first = TRUE;

  if (g_str_has_prefix (p, "Phó "))
    p += strlen ("Phó ");
  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        first = FALSE;
      else if (!first && g_unichar_isupper (c))
        return FALSE;
    }
  return TRUE;
}

/* "Phó Chủ tịch UBND tỉnh"; "Giám đốc" + "Sở Tài chính" → "Giám đốc Sở Tài
 * chính"; NULL if neither is known. */
static char *
office_of (const char *position,
           const char *organisation)
{
  if (blank (position) && blank (organisation))
    return NULL;
  if (blank (position))
    return g_strdup (organisation);
  if (blank (organisation) || !position_is_bare (position))
    return g_strdup (position);
  return g_strconcat (position, " ", organisation, NULL);
}

/* "đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh" */
static char *
comrade (const char *name,
         const char *position,
         const char *organisation)
{
  g_autofree char *office = office_of (position, organisation);

  if (office == NULL)
    return g_strdup_printf ("đồng chí %s", name != NULL ? name : "");
  return g_strdup_printf ("đồng chí %s, %s", name != NULL ? name : "", office);
}

static char *
capitalise (const char *text)
{
  GString *out = g_string_new (NULL);

  if (text != NULL && *text != '\0')
    {
      g_string_append_unichar (out, g_unichar_toupper (g_utf8_get_char (text)));
      g_string_append (out, g_utf8_next_char (text));
    }
  return g_string_free (out, FALSE);
}

static char *
hhmm (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60 % 24, minute % 60);
}

/* What the ceremony is called inside a sentence: "Hội nghị", "Buổi lễ". */
static const char *
ceremony_noun (TktCeremony *ceremony)
{
  const char *kind = tkt_ceremony_get_kind (ceremony);
  g_autofree char *folded = tkt_text_fold (tkt_ceremony_get_title (ceremony));

  if (g_strcmp0 (kind, "review_conference") == 0 || g_str_has_prefix (folded, "hoi nghi"))
    return "Hội nghị";
  if (g_strcmp0 (kind, "award_ceremony") == 0 || g_str_has_prefix (folded, "le "))
    return "Buổi lễ";
  return "Chương trình";
}

static const char *
ceremony_title (TktCeremony *ceremony)
{
  const char *title = tkt_ceremony_get_title (ceremony);

  return blank (title) ? ceremony_noun (ceremony) : title;
}

static char *
long_date_of (const char *iso)
{
  g_autofree char *day = NULL;
  GDate date;

  if (iso == NULL || strlen (iso) < 10)
    return NULL;
  day = g_strndup (iso, 10);
  if (!tkt_text_date_from_iso (day, &date))
    return NULL;
  return tkt_text_format_date_long (&date);
}

static gboolean
is_awards_item (const char *title)
{
  g_autofree char *folded = tkt_text_fold (title);

  return strstr (folded, "khen thuong") != NULL || strstr (folded, "trao thuong") != NULL ||
         strstr (folded, "trao tang") != NULL;
}

/* Forms */

static FormInfo *
form_info (TktStore   *store,
           const char *form_id)
{
  FormInfo *info = g_new0 (FormInfo, 1);
  g_autoptr(JsonObject) form = NULL;

  if (store != NULL && form_id != NULL)
    form = tkt_store_get (store, form_id, NULL);
  if (form != NULL)
    {
      info->name = g_strdup (tkt_json_string (form, "name"));
      info->authority = g_strdup (tkt_json_string (form, "authority"));
      info->is_title = tkt_json_bool (form, "is_title");
    }
  if (info->name == NULL)
    info->name = g_strdup (form_id != NULL && strchr (form_id, ':') != NULL
                           ? strchr (form_id, ':') + 1 : "hình thức khen thưởng");
  return info;
}

/* "Cờ Thi đua của Chính phủ"; a title: "danh hiệu “Tập thể lao động xuất sắc”". */
static char *
form_phrase (const FormInfo *info)
{
  if (info->is_title)
    return g_strdup_printf ("danh hiệu “%s”", info->name);
  return g_strdup (info->name);
}

/* The blocks */

static void
add_block (GPtrArray  *blocks,
           char       *key,        /* owned */
           const char *title,
           char       *generated)  /* owned */
{
  TktScriptBlock *block = g_new0 (TktScriptBlock, 1);

  block->key = key;
  block->title = g_strdup (title);
  block->generated = generated;
  g_ptr_array_add (blocks, block);
}

static char *
opening_text (TktCeremony *ceremony)
{
  GString *text = g_string_new (NULL);
  g_autofree char *date = long_date_of (tkt_ceremony_get_start (ceremony));
  const char *venue = tkt_ceremony_get_venue (ceremony);
  const char *organiser = tkt_ceremony_get_organiser (ceremony);
  const char *noun = ceremony_noun (ceremony);

  g_string_append (text, "Kính thưa các đồng chí lãnh đạo, các vị đại biểu khách quý!\n"
                         "Thưa toàn thể các đồng chí!\n\n");
  g_string_append_printf (text, "Trước khi bắt đầu %s, xin trân trọng kính mời toàn thể các đồng chí "
                                "đứng dậy làm lễ chào cờ.\n"
                                "(Nghi thức chào cờ)\n"
                                "Xin mời các đồng chí ngồi.\n\n",
                          noun);

  g_string_append (text, "Hôm nay");
  if (date != NULL)
    g_string_append_printf (text, ", %s", date);
  if (!blank (venue))
    g_string_append_printf (text, ", tại %s", venue);
  if (!blank (organiser))
    g_string_append_printf (text, ", %s long trọng tổ chức %s.", organiser, ceremony_title (ceremony));
  else
    g_string_append_printf (text, ", %s được long trọng tổ chức.", ceremony_title (ceremony));
  return g_string_free (text, FALSE);
}

static char *
guests_text (TktCeremony *ceremony)
{
  GString *text = g_string_new (NULL);
  guint n = tkt_ceremony_get_n_guests (ceremony);
  const char *noun = ceremony_noun (ceremony);

  if (n == 0)
    g_string_append_printf (text, "Tới dự %s hôm nay có các đồng chí lãnh đạo và các vị đại biểu.\n\n", noun);
  else
    g_string_append_printf (text, "Tới dự %s hôm nay, chúng tôi xin trân trọng giới thiệu:\n", noun);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TktGuest) guest = tkt_ceremony_get_guest (ceremony, i);
      g_autofree char *who = comrade (guest->name, guest->position, guest->organisation);
      g_autofree char *who_cap = capitalise (who);

      g_string_append_printf (text, "– %s%s\n", who_cap, i + 1 < n ? ";" : ".");
    }
  if (n > 0)
    g_string_append_c (text, '\n');

  g_string_append_printf (text, "Xin trân trọng cảm ơn sự có mặt của các đồng chí lãnh đạo và các vị đại biểu. "
                                "Kính chúc các đồng chí sức khỏe, hạnh phúc; chúc %s thành công tốt đẹp!",
                          noun);
  return g_string_free (text, FALSE);
}

/* A speaker named like a guest is introduced with the guest's office. */
static char *
speaker_phrase (TktCeremony *ceremony,
                const char  *speaker)
{
  g_autofree char *folded = tkt_text_fold (speaker);

  g_strstrip (folded);
  for (guint i = 0; i < tkt_ceremony_get_n_guests (ceremony); i++)
    {
      g_autoptr(TktGuest) guest = tkt_ceremony_get_guest (ceremony, i);
      g_autofree char *name = tkt_text_fold (guest->name);

      if (strcmp (g_strstrip (name), folded) == 0)
        return comrade (guest->name, guest->position, guest->organisation);
    }
  return g_strdup_printf ("đồng chí %s", speaker);
}

static char *
agenda_text (TktCeremony         *ceremony,
             const TktAgendaItem *item,
             guint                index)
{
  const char *noun = ceremony_noun (ceremony);
  g_autofree char *lead = index == 0 ? g_strdup_printf ("Mở đầu %s", noun)
                                     : g_strdup ("Tiếp theo chương trình");
  g_autofree char *what = lower_first (item->title);
  g_autofree char *folded = tkt_text_fold (item->title);

  if (is_awards_item (item->title))
    {
      int year = tkt_ceremony_get_report_year (ceremony);

      if (year > 0)
        return g_strdup_printf ("%s, %s tiến hành trao tặng các hình thức khen thưởng cho các tập thể, "
                                "cá nhân đã có thành tích xuất sắc trong công tác năm %d.",
                                lead, noun, year);
      return g_strdup_printf ("%s, %s tiến hành trao tặng các hình thức khen thưởng cho các tập thể, "
                              "cá nhân đã có thành tích xuất sắc.", lead, noun);
    }

  if (blank (item->speaker))
    return g_strdup_printf ("%s là phần %s.", lead, what);

  {
    g_autofree char *who = speaker_phrase (ceremony, item->speaker);
    const char *verb = g_str_has_prefix (folded, "bao cao") || g_str_has_prefix (folded, "tham luan")
                       ? "trình bày " : "";

    return g_strdup_printf ("%s, xin trân trọng kính mời %s, lên %s%s.", lead, who, verb, what);
  }
}

/* "cho tập thể Sở Khoa học và Công nghệ" / "cho 04 cá nhân" */
static char *
recipients_phrase (TktAward *award)
{
  if (tkt_award_get_n_recipients (award) == 1)
    {
      g_autoptr(TktRecipient) r = tkt_award_get_recipient (award, 0);

      g_autofree char *who = NULL;

      if (g_strcmp0 (r->kind, "collective") == 0)
        return g_strdup_printf ("cho tập thể %s", r->name != NULL ? r->name : "");
      who = comrade (r->name, r->position, r->organisation);
      return g_strdup_printf ("cho %s", who);
    }
  return tkt_award_format_counts (award);
}

static char *
announce_text (TktAward       *award,
               const FormInfo *info)
{
  g_autofree char *what = form_phrase (info);
  g_autofree char *to_whom = recipients_phrase (award);
  const char *name = tkt_award_get_presenter_name (award);
  const char *position = tkt_award_get_presenter_position (award);
  const char *authority = info->authority != NULL ? info->authority : tkt_award_get_decision_issuer (award);
  g_autofree char *presenter = NULL;
  g_autofree char *invitation = NULL;

  if (blank (name))
    presenter = g_strdup ("đại diện lãnh đạo");
  else
    presenter = comrade (name, position, NULL);

  invitation = g_strdup_printf ("trân trọng kính mời %s, lên trao %s%s%s.",
                                presenter, what, *to_whom != '\0' ? " " : "", to_whom);
  if (tkt_award_get_on_behalf (award) && !blank (authority))
    return g_strdup_printf ("Thừa ủy quyền của %s, %s", authority, invitation);
  return capitalise (invitation);
}

static char *
decision_text (TktAward       *award,
               const FormInfo *info)
{
  GString *text = g_string_new ("Xin trân trọng công bố Quyết định");
  const char *number = tkt_award_get_decision_number (award);
  const char *issuer = tkt_award_get_decision_issuer (award);
  g_autofree char *date = long_date_of (tkt_award_get_decision_date (award));
  g_autofree char *what = form_phrase (info);

  if (blank (issuer))
    issuer = info->authority;
  if (!blank (number))
    g_string_append_printf (text, " số %s", number);
  if (date != NULL)
    g_string_append_printf (text, " %s", date);
  if (!blank (issuer))
    g_string_append_printf (text, " của %s", issuer);
  g_string_append_printf (text, " về việc tặng %s.", what);
  return g_string_free (text, FALSE);
}

static char *
recipient_line (const TktRecipient *r)
{
  if (g_strcmp0 (r->kind, "collective") == 0)
    {
      g_autofree char *folded = tkt_text_fold (r->name);

      if (g_str_has_prefix (folded, "tap the"))
        return g_strdup (r->name != NULL ? r->name : "");
      return g_strdup_printf ("Tập thể %s", r->name != NULL ? r->name : "");
    }
  else
    {
      g_autofree char *who = comrade (r->name, r->position, r->organisation);

      return capitalise (who);
    }
}

static char *
batch_text (TktAward       *award,
            const FormInfo *info,
            GArray         *batch,
            guint           batch_index,
            guint          *numbered)
{
  g_autofree char *what = form_phrase (info);
  GString *text = g_string_new (batch_index == 0 ? "Trân trọng kính mời " : "Tiếp theo, trân trọng kính mời ");
  guint collectives = 0;

  for (guint i = 0; i < batch->len; i++)
    {
      g_autoptr(TktRecipient) r = tkt_award_get_recipient (award, g_array_index (batch, guint, i));

      if (g_strcmp0 (r->kind, "collective") == 0)
        collectives++;
    }

  if (tkt_award_get_n_recipients (award) == 1)
    {
      g_autoptr(TktRecipient) r = tkt_award_get_recipient (award, g_array_index (batch, guint, 0));

      if (collectives == 1)
        g_string_append_printf (text, "đại diện tập thể %s lên nhận %s.", r->name != NULL ? r->name : "", what);
      else
        {
          g_autofree char *who = comrade (r->name, r->position, r->organisation);

          g_string_append_printf (text, "%s, lên nhận %s.", who, what);
        }
      (*numbered)++;
      return g_string_free (text, FALSE);
    }

  if (collectives == batch->len)
    g_string_append (text, "đại diện các tập thể có tên sau");
  else if (collectives > 0)
    g_string_append (text, "đại diện các tập thể và các đồng chí có tên sau");
  else
    g_string_append (text, "các đồng chí có tên sau");
  g_string_append_printf (text, " lên nhận %s:\n", what);

  for (guint i = 0; i < batch->len; i++)
    {
      g_autoptr(TktRecipient) r = tkt_award_get_recipient (award, g_array_index (batch, guint, i));
      g_autofree char *line = recipient_line (r);

      g_string_append_printf (text, "%u. %s%s", ++(*numbered), line, i + 1 < batch->len ? ";\n" : ".");
    }
  return g_string_free (text, FALSE);
}

static void
add_award_blocks (GPtrArray *blocks,
                  TktAward  *award,
                  TktStore  *store)
{
  g_autoptr(FormInfo) info = form_info (store, tkt_award_get_form (award));
  g_autoptr(GPtrArray) batches = tkt_award_batches (award);
  const char *id = tkt_award_get_id (award);
  guint numbered = 0;

  add_block (blocks, g_strdup_printf ("award:%s:announce", id), info->name, announce_text (award, info));
  add_block (blocks, g_strdup_printf ("award:%s:decision", id), "Công bố quyết định", decision_text (award, info));
  for (guint b = 0; b < batches->len; b++)
    {
      g_autofree char *title = batches->len > 1
                               ? g_strdup_printf ("Mời lên nhận %s (lượt %u/%u)", info->name, b + 1, batches->len)
                               : g_strdup_printf ("Mời lên nhận %s", info->name);

      add_block (blocks, g_strdup_printf ("award:%s:batch:%u", id, b + 1), title,
                 batch_text (award, info, g_ptr_array_index (batches, b), b, &numbered));
    }
}

static char *
closing_text (TktCeremony *ceremony)
{
  return g_strdup_printf ("Kính thưa các đồng chí lãnh đạo, các vị đại biểu khách quý!\n"
                          "Thưa toàn thể các đồng chí!\n\n"
                          "%s đến đây đã hoàn thành toàn bộ nội dung, chương trình đề ra. "
                          "Thay mặt Ban Tổ chức, xin trân trọng cảm ơn các đồng chí lãnh đạo, "
                          "các vị đại biểu và toàn thể các đồng chí đã về dự. "
                          "Kính chúc các đồng chí sức khỏe, hạnh phúc và thành công.\n\n"
                          "Xin trân trọng cảm ơn!",
                          ceremony_title (ceremony));
}

/* Edits */

static JsonObject *
find_edit (TktCeremony *ceremony,
           const char  *key,
           guint       *index)
{
  JsonArray *script = tkt_json_array (tkt_ceremony_get_json (ceremony), "script");

  for (guint i = 0; script != NULL && i < json_array_get_length (script); i++)
    {
      JsonObject *edit = tkt_json_nth_object (script, i);

      if (g_strcmp0 (tkt_json_string (edit, "key"), key) == 0)
        {
          if (index != NULL)
            *index = i;
          return edit;
        }
    }
  return NULL;
}

static void
apply_edits (TktCeremony *ceremony,
             GPtrArray   *blocks)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      TktScriptBlock *block = g_ptr_array_index (blocks, i);
      JsonObject *edit = find_edit (ceremony, block->key, NULL);
      const char *text = tkt_json_string (edit, "text");

      if (text != NULL)
        {
          block->text = g_strdup (text);
          block->edited = TRUE;
          block->stale = g_strcmp0 (tkt_json_string (edit, "generated"), block->generated) != 0;
        }
      else
        block->text = g_strdup (block->generated);
    }
}

/* Public API */

GPtrArray *
tkt_script_build (TktCeremony *ceremony,
                  GPtrArray   *awards,
                  TktStore    *store)
{
  GPtrArray *blocks;
  g_autoptr(GArray) times = NULL;
  gboolean awards_done = FALSE;
  guint n_agenda;

  g_return_val_if_fail (TKT_IS_CEREMONY (ceremony), NULL);
  g_return_val_if_fail (store == NULL || TKT_IS_STORE (store), NULL);

  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) tkt_script_block_free);

  add_block (blocks, g_strdup ("opening"), "Chào cờ, tuyên bố lý do", opening_text (ceremony));
  add_block (blocks, g_strdup ("guests"), "Giới thiệu đại biểu", guests_text (ceremony));

  times = tkt_ceremony_compute_agenda_times (ceremony, NULL);
  n_agenda = tkt_ceremony_get_n_agenda (ceremony);
  for (guint i = 0; i < n_agenda; i++)
    {
      g_autoptr(TktAgendaItem) item = tkt_ceremony_get_agenda_item (ceremony, i);
      int minute = g_array_index (times, int, i);
      g_autofree char *time = minute >= 0 ? hhmm (minute) : NULL;
      g_autofree char *title = time != NULL
                               ? g_strdup_printf ("%s – %s", time, item->title != NULL ? item->title : "")
                               : g_strdup (item->title != NULL ? item->title : "");

      add_block (blocks, g_strdup_printf ("agenda:%u", i), title, agenda_text (ceremony, item, i));

      /* The awards follow the agenda item that presents them. */
      if (!awards_done && awards != NULL && is_awards_item (item->title))
        {
          for (guint a = 0; a < awards->len; a++)
            add_award_blocks (blocks, g_ptr_array_index (awards, a), store);
          awards_done = TRUE;
        }
    }
  if (!awards_done && awards != NULL)
    for (guint a = 0; a < awards->len; a++)
      add_award_blocks (blocks, g_ptr_array_index (awards, a), store);

  add_block (blocks, g_strdup ("closing"), "Bế mạc", closing_text (ceremony));

  apply_edits (ceremony, blocks);
  return blocks;
}

void
tkt_script_set_edit (TktCeremony          *ceremony,
                     const TktScriptBlock *block,
                     const char           *text)
{
  JsonObject *doc;
  JsonObject *edit;
  guint index = 0;

  g_return_if_fail (TKT_IS_CEREMONY (ceremony));
  g_return_if_fail (block != NULL && block->key != NULL);

  doc = tkt_ceremony_get_json (ceremony);
  edit = find_edit (ceremony, block->key, &index);

  if (text == NULL || g_strcmp0 (text, block->generated) == 0)
    {
      JsonArray *script = tkt_json_array (doc, "script");

      if (edit != NULL)
        json_array_remove_element (script, index);
      if (script != NULL && json_array_get_length (script) == 0)
        json_object_remove_member (doc, "script");
      return;
    }

  if (edit == NULL)
    {
      edit = json_object_new ();
      json_object_set_string_member (edit, "key", block->key);
      json_array_add_object_element (tkt_json_ensure_array (doc, "script"), edit);
    }
  json_object_set_string_member (edit, "text", text);
  json_object_set_string_member (edit, "generated", block->generated != NULL ? block->generated : "");
}

void
tkt_script_accept_edit (TktCeremony          *ceremony,
                        const TktScriptBlock *block)
{
  JsonObject *edit;

  g_return_if_fail (TKT_IS_CEREMONY (ceremony));
  g_return_if_fail (block != NULL && block->key != NULL);

  edit = find_edit (ceremony, block->key, NULL);
  if (edit != NULL)
    json_object_set_string_member (edit, "generated", block->generated != NULL ? block->generated : "");
}

char *
tkt_script_to_text (GPtrArray   *blocks,
                    TktCeremony *ceremony)
{
  GString *text;

  g_return_val_if_fail (blocks != NULL, NULL);
  g_return_val_if_fail (ceremony == NULL || TKT_IS_CEREMONY (ceremony), NULL);

  text = g_string_new ("KỊCH BẢN DẪN CHƯƠNG TRÌNH\n");
  if (ceremony != NULL)
    {
      g_autofree char *title = g_utf8_strup (ceremony_title (ceremony), -1);
      const char *start = tkt_ceremony_get_start (ceremony);
      g_autofree char *date = long_date_of (start);
      int minute = -1;
      const char *venue = tkt_ceremony_get_venue (ceremony);

      g_string_append_printf (text, "%s\n", title);
      if (start != NULL && strchr (start, 'T') != NULL && strlen (start) >= 16)
        minute = tkt_parse_hhmm ((char[6]) { start[11], start[12], start[13], start[14], start[15], '\0' });
      if (date != NULL)
        {
          g_string_append (text, "Thời gian: ");
          if (minute >= 0)
            g_string_append_printf (text, "%02d giờ %02d, ", minute / 60, minute % 60);
          g_string_append_printf (text, "%s\n", date);
        }
      if (!blank (venue))
        g_string_append_printf (text, "Địa điểm: %s\n", venue);
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      TktScriptBlock *block = g_ptr_array_index (blocks, i);

      g_string_append_c (text, '\n');
      if (!blank (block->title))
        g_string_append_printf (text, "%s\n", block->title);
      g_string_append_printf (text, "%s\n", block->text != NULL ? block->text : "");
    }
  return g_string_free (text, FALSE);
}
