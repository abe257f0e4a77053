/* tkt-demo-ceremony.c — the seed article's conference: "Hội nghị Tổng kết
 * công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024" of the
 * Department of Science and Technology of Điện Biên, on the afternoon of
 * 24/01/2024 at Him Lam Plaza, and the awards presented there.
 *
 * From the article: the date, the venue, the Vice-Chairman Vừ A Bằng and
 * the Director Nguyễn Đức Hạnh, the order of business (the Director opens,
 * the review report, the Vice-Chairman's directions, the awards), and the
 * awards with their authorities, presenters and "thừa ủy quyền":
 *
 *   - the Government's emulation flag (the Prime Minister) for the
 *     Department, presented by Vừ A Bằng "thừa ủy quyền";
 *   - the Prime Minister's certificate of merit for the Centre for
 *     Information and Application of S&T Advances, by Vừ A Bằng "thừa ủy
 *     quyền";
 *   - the Minister of Science and Technology's commemorative medal "Vì sự
 *     nghiệp khoa học và công nghệ" for 04 individuals, by Nguyễn Đức Hạnh
 *     "thừa ủy quyền";
 *   - the province's badge "Vì sự nghiệp xây dựng và phát triển tỉnh Điện
 *     Biên" for 02 individuals (the article names no presenter: Vừ A Bằng
 *     here, for the provincial People's Committee he belongs to);
 *   - the title "Tập thể lao động xuất sắc" and the certificate of merit of
 *     the Chairman of the provincial People's Committee "cho 02 tập thể, 02
 *     cá nhân", by Vừ A Bằng (not "thừa ủy quyền": the article does not say
 *     it).  Two decisions: the title for the 02 collectives, the
 *     certificate for the same 02 collectives and 02 individuals.
 *
 * Invented: the times, the other guests (leaders of departments and of
 * districts), the Deputy Director who reads the report, the decision
 * numbers and dates, and the names of the individuals and of the two
 * collectives.  Ids are fixed; documents already in the store are left as
 * they are (see tkt-demo.c).
 */
#define G_LOG_DOMAIN "tkt-demo"

#include "config.h"

#include "tkt-ceremony-private.h"

#define CEREMONY_ID "ceremony:demo-2023"

#define SKHCN "Sở Khoa học và Công nghệ tỉnh Điện Biên"
#define PCT   "Phó Chủ tịch UBND tỉnh"

typedef struct {
  const char *name;
  const char *position;
  const char *organisation;
  int         rank;
} DemoGuest;

typedef struct {
  const char *title;
  const char *speaker;
  int         duration_min;
} DemoItem;

typedef struct {
  const char *kind;
  const char *name;
  const char *position;
  const char *organisation;
} DemoRecipient;

typedef struct {
  const char   *id;
  const char   *form;
  const char   *number;
  const char   *date;
  const char   *issuer;
  const char   *presenter;
  const char   *presenter_position;
  gboolean      on_behalf;
  DemoRecipient recipients[5];
} DemoAward;

/* In protocol order: the province's leader, leaders of departments, of
 * districts, then the host department. */
static const DemoGuest demo_guests[] = {
  { "Vừ A Bằng", PCT, "UBND tỉnh Điện Biên", 1 },
  { "Lò Văn Cường", "Giám đốc Sở Tài chính", "Sở Tài chính tỉnh Điện Biên", 2 },
  { "Nguyễn Thị Thu", "Phó Giám đốc Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư tỉnh Điện Biên", 2 },
  { "Quàng Văn Bình", "Chủ tịch UBND huyện Mường Ảng", "UBND huyện Mường Ảng", 3 },
  { "Trần Minh Đức", "Phó Chủ tịch UBND thành phố Điện Biên Phủ", "UBND thành phố Điện Biên Phủ", 3 },
  { "Nguyễn Đức Hạnh", "Giám đốc Sở Khoa học và Công nghệ", SKHCN, 4 },
  { "Lê Thị Hoa", "Phó Giám đốc Sở Khoa học và Công nghệ", SKHCN, 4 },
};

static const DemoItem demo_agenda[] = {
  { "Phát biểu khai mạc Hội nghị", "Nguyễn Đức Hạnh", 10 },
  { "Báo cáo tổng kết công tác năm 2023 và phương hướng, nhiệm vụ năm 2024", "Lê Thị Hoa", 30 },
  { "Phát biểu chỉ đạo Hội nghị", "Vừ A Bằng", 25 },
  { "Trao tặng các hình thức khen thưởng", NULL, 30 },
};

static const DemoAward demo_awards[] = {
  { "award:demo-2023-co-thi-dua", "award_form:co-thi-dua-chinh-phu",
    "1540/QĐ-TTg", "2023-12-08", "Thủ tướng Chính phủ",
    "Vừ A Bằng", PCT, TRUE,
    { { "collective", "Sở Khoa học và Công nghệ", NULL, "UBND tỉnh Điện Biên" } } },
  { "award:demo-2023-bang-khen-ttg", "award_form:bang-khen-thu-tuong",
    "1612/QĐ-TTg", "2023-12-20", "Thủ tướng Chính phủ",
    "Vừ A Bằng", PCT, TRUE,
    { { "collective", "Trung tâm Thông tin và Ứng dụng tiến bộ khoa học và công nghệ", NULL, SKHCN } } },
  { "award:demo-2023-ky-niem-chuong", "award_form:ky-niem-chuong-khcn",
    "3215/QĐ-BKHCN", "2023-12-26", "Bộ trưởng Bộ Khoa học và Công nghệ",
    "Nguyễn Đức Hạnh", "Giám đốc Sở KH&CN", TRUE,
    { { "individual", "Lê Thị Hoa", "Phó Giám đốc Sở Khoa học và Công nghệ", SKHCN },
      { "individual", "Lò Văn Thanh", "Trưởng phòng Quản lý khoa học", SKHCN },
      { "individual", "Nguyễn Thị Lan", "Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng", SKHCN },
      { "individual", "Cà Văn Sơn", "Giám đốc Trung tâm Thông tin và Ứng dụng tiến bộ khoa học và công nghệ", SKHCN } } },
  { "award:demo-2023-huy-hieu", "award_form:huy-hieu-tinh",
    "52/QĐ-UBND", "2024-01-10", "UBND tỉnh Điện Biên",
    "Vừ A Bằng", PCT, FALSE,
    { { "individual", "Phạm Quang Huy", "Chánh Văn phòng Sở Khoa học và Công nghệ", SKHCN },
      { "individual", "Lường Thị Mai", "Trưởng phòng Quản lý công nghệ và Sở hữu trí tuệ", SKHCN } } },
  { "award:demo-2023-tap-the-lds", "award_form:tap-the-lao-dong-xuat-sac",
    "118/QĐ-UBND", "2024-01-16", "Chủ tịch UBND tỉnh Điện Biên",
    "Vừ A Bằng", PCT, FALSE,
    { { "collective", "Phòng Quản lý khoa học", NULL, SKHCN },
      { "collective", "Chi cục Tiêu chuẩn Đo lường Chất lượng", NULL, SKHCN } } },
  { "award:demo-2023-bang-khen-ct", "award_form:bang-khen-chu-tich-ubnd-tinh",
    "119/QĐ-UBND", "2024-01-16", "Chủ tịch UBND tỉnh Điện Biên",
    "Vừ A Bằng", PCT, FALSE,
    { { "collective", "Phòng Quản lý khoa học", NULL, SKHCN },
      { "collective", "Chi cục Tiêu chuẩn Đo lường Chất lượng", NULL, SKHCN },
      { "individual", "Hoàng Văn Dũng", "Phó Trưởng phòng Quản lý khoa học", SKHCN },
      { "individual", "Vì Thị Ngọc", "Chuyên viên Phòng Kế hoạch – Tài chính", SKHCN } } },
};

static void
set_optional (JsonObject *object,
              const char *name,
              const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static JsonObject *
build_ceremony (void)
{
  JsonObject *doc = json_object_new ();
  JsonArray *guests = json_array_new ();
  JsonArray *agenda = json_array_new ();

  json_object_set_string_member (doc, "_id", CEREMONY_ID);
  json_object_set_string_member (doc, "type", "ceremony");
  json_object_set_string_member (doc, "title",
                                 "Hội nghị Tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024");
  json_object_set_string_member (doc, "kind", "review_conference");
  json_object_set_string_member (doc, "start", "2024-01-24T14:00:00+07:00");
  json_object_set_string_member (doc, "planned_end", "2024-01-24T16:00:00+07:00");
  json_object_set_string_member (doc, "venue", "Hội trường 01 tầng 3, Trung tâm thương mại Him Lam Plaza");
  json_object_set_string_member (doc, "chair", "Nguyễn Đức Hạnh");
  json_object_set_string_member (doc, "organiser", SKHCN);
  json_object_set_int_member (doc, "report_year", 2023);

  for (gsize i = 0; i < G_N_ELEMENTS (demo_guests); i++)
    {
      JsonObject *guest = json_object_new ();

      json_object_set_string_member (guest, "name", demo_guests[i].name);
      json_object_set_string_member (guest, "position", demo_guests[i].position);
      json_object_set_string_member (guest, "organisation", demo_guests[i].organisation);
      json_object_set_int_member (guest, "rank", demo_guests[i].rank);
      json_array_add_object_element (guests, guest);
    }
  json_object_set_array_member (doc, "guests", guests);

  for (gsize i = 0; i < G_N_ELEMENTS (demo_agenda); i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "title", demo_agenda[i].title);
      set_optional (item, "speaker", demo_agenda[i].speaker);
      json_object_set_int_member (item, "duration_min", demo_agenda[i].duration_min);
      json_array_add_object_element (agenda, item);
    }
  json_object_set_array_member (doc, "agenda", agenda);

  return doc;
}

static JsonObject *
build_award (const DemoAward *award)
{
  JsonObject *doc = json_object_new ();
  JsonObject *decision = json_object_new ();
  JsonObject *presenter = json_object_new ();
  JsonArray *recipients = json_array_new ();

  json_object_set_string_member (doc, "_id", award->id);
  json_object_set_string_member (doc, "type", "award");
  json_object_set_string_member (doc, "ceremony", CEREMONY_ID);
  json_object_set_string_member (doc, "form", award->form);

  json_object_set_string_member (decision, "number", award->number);
  json_object_set_string_member (decision, "date", award->date);
  json_object_set_string_member (decision, "issuer", award->issuer);
  json_object_set_object_member (doc, "decision", decision);

  for (gsize i = 0; i < G_N_ELEMENTS (award->recipients) && award->recipients[i].name != NULL; i++)
    {
      JsonObject *recipient = json_object_new ();

      json_object_set_string_member (recipient, "kind", award->recipients[i].kind);
      json_object_set_string_member (recipient, "name", award->recipients[i].name);
      set_optional (recipient, "position", award->recipients[i].position);
      set_optional (recipient, "organisation", award->recipients[i].organisation);
      json_array_add_object_element (recipients, recipient);
    }
  json_object_set_array_member (doc, "recipients", recipients);

  json_object_set_string_member (presenter, "name", award->presenter);
  json_object_set_string_member (presenter, "position", award->presenter_position);
  json_object_set_object_member (doc, "presenter", presenter);
  json_object_set_boolean_member (doc, "on_behalf", award->on_behalf);

  return doc;
}

static gboolean
exists (TktStore   *store,
        const char *id)
{
  g_autoptr(JsonObject) doc = tkt_store_get (store, id, NULL);

  return doc != NULL;
}

void
tkt_demo_ceremony_add_docs (TktStore  *store,
                            GPtrArray *docs)
{
  g_return_if_fail (TKT_IS_STORE (store));
  g_return_if_fail (docs != NULL);

  /* A database made before the catalogue existed has no forms yet. */
  tkt_award_forms_add_defaults (store, docs);

  if (!exists (store, CEREMONY_ID))
    g_ptr_array_add (docs, build_ceremony ());
  for (gsize i = 0; i < G_N_ELEMENTS (demo_awards); i++)
    if (!exists (store, demo_awards[i].id))
      g_ptr_array_add (docs, build_award (&demo_awards[i]));
}
