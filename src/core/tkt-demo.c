/* tkt-demo.c — the demo register of the seed article: the tasks the
 * Department of Science and Technology of Điện Biên (Sở KH&CN tỉnh Điện
 * Biên) managed in 2023, as its year-end conference of 24/01/2024 reported
 * them.
 *
 * The data is made so that the report figures of DESIGN.md ("Reports")
 * come out as the article gives them, for 2023:
 *
 *   monitored(2023) = 24: 10 national under the rural/mountainous
 *     programme (demo-01 … demo-10), 01 under the local urgent programme
 *     (demo-11), 13 provincial (demo-13 … demo-15 accepted in 2023,
 *     demo-17 … demo-26 running on);
 *   ordered(2023) = 06: demo-28 … demo-33, provincial tasks ordered in 2023
 *     to start in 2024;
 *   transfers(2023) = 09 results to 11 recipients, 01 an enterprise, from
 *     tasks in health (demo-13), resources–environment (demo-16),
 *     education (demo-14), social–humanities (demo-15) and agriculture
 *     (demo-12);
 *   planned(2024) = 16 provincial (demo-17 … demo-26 and demo-28 …
 *     demo-33) + 11 national (demo-01 … demo-11).
 *
 * And, outside those windows so that they must not be counted: a national
 * task and a provincial one accepted in 2022 (whose results were handed
 * on in 2023), a task cancelled in 2022, a proposal of 2023 that was not
 * ordered, transfers dated 2022 and 2024, and two grassroots tasks (one
 * accepted in 2022, one proposed in 2025 under the 2025 law).
 *
 * Beside the tasks, the report of 2023 ("report:2023"): the article's
 * prose in the sections of the areas of work it describes, with the
 * generated sentences of the task-management section inserted from the
 * figures computed over the demo tasks (so they can be refreshed), the
 * plan for 2024 with its 09 key task groups, its targets and the documents
 * it implements (Kế hoạch số 5196/KH-UBND ngày 09/11/2023 …), the signer
 * (Giám đốc Nguyễn Đức Hạnh) and "Nơi nhận".  The article gives no
 * number for the report: it keeps the blank "…/BC-SKHCN".
 *
 * The names of people are made up (but for those the article names).  Ids are fixed ("task:demo-01"), so the
 * demo is the same on every machine.  A second fill writes nothing: it
 * writes only the demo documents that are not in the database (a deleted
 * one comes back), and never touches one that is, so edits are kept.
 */
#define G_LOG_DOMAIN "tkt-demo"

#include "config.h"

#include "tkt-demo.h"
#include "tkt-ceremony-private.h"
#include "tkt-figures.h"
#include "tkt-report.h"

#define NTMN "programme:nong-thon-mien-nui-2016-2025"
#define CTDP "programme:cap-thiet-dia-phuong"

#define UBND  "UBND tỉnh Điện Biên"
#define SKHCN "Sở Khoa học và Công nghệ tỉnh Điện Biên"
#define BKHCN "Bộ Khoa học và Công nghệ"

#define TTUD  "Trung tâm Thông tin và Ứng dụng tiến bộ khoa học và công nghệ tỉnh Điện Biên"

#define NONE (-1)

typedef struct {
  const char *stage;
  const char *date;
  const char *number;   /* decision document, dated as the stage */
  const char *issuer;
  const char *rating;
  const char *note;
} DemoStage;

typedef struct {
  const char *date;
  const char *result;
  const char *recipient;
  const char *recipient_kind;
} DemoTransfer;

typedef struct {
  const char   *id;
  const char   *code;
  const char   *title;
  const char   *kind;
  const char   *level;
  const char   *programme;
  const char   *field;
  const char   *sector;
  const char   *regime;
  const char   *lead_org;
  const char   *pi;
  const char   *members[4];
  const char   *start;
  const char   *end;
  gint64        central;
  gint64        local;
  gint64        other;
  DemoStage     stages[9];
  DemoTransfer  transfers[6];
} DemoTask;

static const DemoTask demo_tasks[] = {
  /* ---- National, programme for rural, mountainous and ethnic-minority
   * areas 2016-2025: monitored in 2023 and on into 2024. ---- */
  { "task:demo-01", "NTMN.ĐP.05-21",
    "Ứng dụng tiến bộ khoa học và công nghệ xây dựng mô hình trồng thâm canh cà phê Arabica theo hướng hữu cơ tại huyện Mường Ảng, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    TTUD, "Lò Văn Thắng", { "Quàng Thị Hương", "Nguyễn Văn Tiến", NULL },
    "2021-09-01", "2024-08-31", 4500000000, 600000000, 1200000000,
    { { "proposed", "2020-10-12", "3120/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2021-06-15", "1530/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2021-08-20", "21/2021/HĐ-NTMN", BKHCN, NULL, NULL },
      { "in_progress", "2021-09-01", NULL, NULL, NULL, NULL } } },
  { "task:demo-02", "NTMN.ĐP.11-21",
    "Ứng dụng tiến bộ khoa học và công nghệ xây dựng mô hình trồng, chăm sóc cây mắc ca gắn với bảo vệ rừng phòng hộ tại huyện Tuần Giáo, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    "Viện Khoa học Nông lâm nghiệp miền núi phía Bắc", "Hoàng Văn Sơn", { "Lò Thị Hoa", "Đặng Minh Tuấn", NULL },
    "2021-10-01", "2024-09-30", 4200000000, 500000000, 900000000,
    { { "proposed", "2020-10-12", "3120/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2021-07-08", "1742/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2021-09-21", "27/2021/HĐ-NTMN", BKHCN, NULL, NULL } } },
  { "task:demo-03", "NTMN.ĐP.02-22",
    "Xây dựng mô hình sản xuất lúa Séng Cù chất lượng cao theo chuỗi giá trị tại huyện Điện Biên, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    "Viện Cây lương thực và Cây thực phẩm", "Phạm Thị Lan Anh", { "Lò Văn Inh", "Tòng Thị Xuân", NULL },
    "2022-03-01", "2024-12-31", 3800000000, 450000000, 1500000000,
    { { "proposed", "2021-09-28", "2854/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2022-01-20", "112/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2022-02-25", "04/2022/HĐ-NTMN", BKHCN, NULL, NULL } } },
  { "task:demo-04", "NTMN.ĐP.07-22",
    "Ứng dụng tiến bộ kỹ thuật xây dựng mô hình chăn nuôi gà đen H'Mông an toàn sinh học tại huyện Điện Biên Đông, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    "Viện Chăn nuôi", "Giàng A Páo", { "Vàng Thị Dợ", "Nguyễn Hữu Nam", NULL },
    "2022-04-01", "2025-03-31", 3500000000, 400000000, 800000000,
    { { "proposed", "2021-09-28", "2854/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2022-02-14", "298/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2022-03-22", "09/2022/HĐ-NTMN", BKHCN, NULL, NULL },
      { "in_progress", "2022-04-01", NULL, NULL, NULL, NULL } } },
  { "task:demo-05", "NTMN.ĐP.09-22",
    "Xây dựng mô hình trồng, sơ chế và bảo quản dược liệu tam thất, đương quy dưới tán rừng tại huyện Mường Chà, tỉnh Điện Biên",
    "project", "national", NTMN, "3", "sector:health", "2013",
    "Viện Dược liệu", "Nguyễn Thị Thu Hà", { "Lầu A Chư", "Trần Thị Bích Ngọc", NULL },
    "2022-06-01", "2025-05-31", 4000000000, 500000000, 700000000,
    { { "proposed", "2021-09-28", "2854/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2022-04-11", "785/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2022-05-26", "15/2022/HĐ-NTMN", BKHCN, NULL, NULL } } },
  { "task:demo-06", "NTMN.ĐP.03-23",
    "Ứng dụng tiến bộ khoa học và công nghệ xây dựng mô hình nuôi cá nước lạnh (cá tầm, cá hồi vân) tại huyện Mường Nhé, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    "Viện Nghiên cứu Nuôi trồng thủy sản I", "Trần Quang Huy", { "Lò Văn Pọm", NULL },
    "2023-02-01", "2025-12-31", 4800000000, 600000000, 1600000000,
    { { "proposed", "2022-09-30", "3011/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2022-12-19", "2518/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2023-01-30", "02/2023/HĐ-NTMN", BKHCN, NULL, NULL } } },
  { "task:demo-07", "NTMN.ĐP.06-23",
    "Xây dựng mô hình nuôi ong lấy mật theo hướng sản xuất hàng hóa tại huyện Tủa Chùa, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    "Trung tâm Nghiên cứu và Phát triển ong", "Lường Văn Chung", { "Mùa A Sử", "Đinh Văn Hưng", NULL },
    "2023-03-01", "2025-08-31", 3200000000, 350000000, 650000000,
    { { "proposed", "2022-09-30", "3011/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2023-01-16", "64/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2023-02-24", "06/2023/HĐ-NTMN", BKHCN, NULL, NULL } } },
  { "task:demo-08", "NTMN.ĐP.10-23",
    "Ứng dụng tiến bộ kỹ thuật cải tạo, thâm canh chè Shan tuyết cổ thụ tại huyện Tủa Chùa, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    "Viện Khoa học Nông lâm nghiệp miền núi phía Bắc", "Sùng A Lử", { "Hoàng Văn Sơn", "Vũ Thị Hạnh", NULL },
    "2023-05-01", "2025-10-31", 3600000000, 400000000, 900000000,
    { { "proposed", "2022-09-30", "3011/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2023-03-09", "412/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2023-04-21", "10/2023/HĐ-NTMN", BKHCN, NULL, NULL } } },
  { "task:demo-09", "NTMN.ĐP.12-23",
    "Ứng dụng công nghệ đệm lót sinh học xử lý chất thải chăn nuôi lợn quy mô nông hộ tại huyện Mường Ảng, tỉnh Điện Biên",
    "project", "national", NTMN, "2", "sector:environment", "2013",
    TTUD, "Nguyễn Văn Dũng", { "Lò Văn Thắng", "Quàng Thị Hương", NULL },
    "2023-07-01", "2025-12-31", 3000000000, 300000000, 500000000,
    { { "proposed", "2022-09-30", "3011/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2023-05-17", "905/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2023-06-26", "14/2023/HĐ-NTMN", BKHCN, NULL, NULL } } },
  { "task:demo-10", "NTMN.ĐP.15-23",
    "Ứng dụng công nghệ nhà màng, tưới nhỏ giọt sản xuất rau, hoa an toàn tại thành phố Điện Biên Phủ, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    "Viện Nghiên cứu Rau quả", "Bùi Thị Minh Nguyệt", { "Lò Thị Mai", NULL },
    "2023-09-01", "2025-12-31", 3300000000, 400000000, 1100000000,
    { { "proposed", "2022-09-30", "3011/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2023-07-25", "1388/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2023-08-28", "19/2023/HĐ-NTMN", BKHCN, NULL, NULL } } },

  /* ---- National, the ministry's programme for urgent local tasks. ---- */
  { "task:demo-11", "ĐTĐL.CN-03/22",
    "Nghiên cứu đánh giá nguy cơ và đề xuất giải pháp phòng, chống sạt lở đất, lũ quét trên địa bàn tỉnh Điện Biên",
    "research", "national", CTDP, "1", "sector:environment", "2013",
    "Viện Địa chất, Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Trịnh Văn Hải", { "Nguyễn Mạnh Cường", "Lê Thị Phương", NULL },
    "2022-09-01", "2024-08-31", 2800000000, 0, 0,
    { { "proposed", "2021-11-05", "3398/UBND-KT", UBND, NULL, NULL },
      { "assigned", "2022-07-12", "1842/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2022-08-25", "03/2022/HĐ-ĐTĐL.CN", BKHCN, NULL, NULL } } },

  /* ---- National, accepted in 2022: not monitored in 2023, but its
   * results were handed on in 2023 (agriculture, one enterprise). ---- */
  { "task:demo-12", "NTMN.ĐP.04-19",
    "Ứng dụng tiến bộ khoa học và công nghệ xây dựng mô hình sản xuất và sơ chế cà phê Arabica chất lượng cao tại huyện Mường Ảng, tỉnh Điện Biên",
    "project", "national", NTMN, "4", "sector:agriculture", "2013",
    TTUD, "Nguyễn Văn Dũng", { "Lò Văn Thắng", NULL },
    "2019-07-01", "2022-06-30", 4300000000, 500000000, 1400000000,
    { { "assigned", "2019-04-22", "1021/QĐ-BKHCN", BKHCN, NULL, NULL },
      { "contracted", "2019-06-18", "12/2019/HĐ-NTMN", BKHCN, NULL, NULL },
      { "extended", "2022-05-20", "1163/QĐ-BKHCN", BKHCN, NULL, "Gia hạn đến 31/10/2022" },
      { "accepted", "2022-11-18", "2840/QĐ-BKHCN", BKHCN, "pass", NULL },
      { "transferred", "2023-04-12", "615/QĐ-UBND", UBND, NULL, NULL } },
    { { "2023-04-12", "Quy trình sơ chế cà phê Arabica theo phương pháp ướt", "Công ty TNHH Cà phê Mường Ảng", "enterprise" },
      { "2023-05-16", "Quy trình kỹ thuật trồng thâm canh cà phê Arabica", "Hợp tác xã Nông nghiệp Ẳng Nưa", "cooperative" },
      { "2023-05-16", "Quy trình kỹ thuật trồng thâm canh cà phê Arabica", "Hợp tác xã Dịch vụ nông nghiệp Búng Lao", "cooperative" },
      { "2023-06-20", "Mô hình tưới tiết kiệm nước cho cà phê", "Hợp tác xã Dịch vụ nông nghiệp Búng Lao", "cooperative" },
      { "2023-06-20", "Mô hình tưới tiết kiệm nước cho cà phê", "Trung tâm Dịch vụ nông nghiệp huyện Mường Ảng", "agency" } } },

  /* ---- Provincial, accepted in 2023 (monitored, not planned). ---- */
  { "task:demo-13", "ĐB.2021.02",
    "Nghiên cứu ứng dụng quy trình chăm sóc sức khỏe bà mẹ và trẻ sơ sinh tại y tế tuyến huyện, tỉnh Điện Biên",
    "research", "provincial", NULL, "3", "sector:health", "2013",
    "Trường Cao đẳng Y tế Điện Biên", "Lò Thị Thanh Hoa", { "Nguyễn Thị Loan", "Quàng Văn Hải", NULL },
    "2021-07-01", "2023-06-30", NONE, 780000000, 0,
    { { "proposed", "2020-09-14", NULL, NULL, NULL, NULL },
      { "ordered", "2020-12-10", "2876/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2021-04-20", "845/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2021-06-25", "08/2021/HĐ-KHCN", SKHCN, NULL, NULL },
      { "in_progress", "2021-07-01", NULL, NULL, NULL, NULL },
      { "accepted", "2023-06-22", "1125/QĐ-UBND", UBND, "excellent", NULL },
      { "transferred", "2023-08-15", "1502/QĐ-UBND", UBND, NULL, NULL } },
    { { "2023-08-15", "Quy trình chăm sóc bà mẹ và trẻ sơ sinh ngay sau sinh tại tuyến huyện", "Trung tâm Y tế huyện Tuần Giáo", "hospital" },
      { "2023-08-15", "Quy trình chăm sóc bà mẹ và trẻ sơ sinh ngay sau sinh tại tuyến huyện", "Trung tâm Y tế huyện Mường Chà", "hospital" },
      { "2023-09-05", "Bộ tài liệu tập huấn cho cô đỡ thôn bản", "Trung tâm Y tế huyện Tuần Giáo", "hospital" } } },
  { "task:demo-14", "ĐB.2021.05",
    "Nghiên cứu giải pháp nâng cao năng lực tiếng Việt cho học sinh dân tộc thiểu số cấp tiểu học ở các huyện vùng cao tỉnh Điện Biên",
    "research", "provincial", NULL, "5", "sector:education", "2013",
    "Trường Cao đẳng Sư phạm Điện Biên", "Nguyễn Thị Hải Yến", { "Vì Thị Thảo", "Lý Văn Hùng", NULL },
    "2021-08-01", "2023-07-31", NONE, 650000000, 0,
    { { "proposed", "2020-09-14", NULL, NULL, NULL, NULL },
      { "ordered", "2020-12-10", "2876/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2021-05-12", "1004/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2021-07-19", "11/2021/HĐ-KHCN", SKHCN, NULL, NULL },
      { "accepted", "2023-09-14", "1736/QĐ-UBND", UBND, "good", NULL },
      { "transferred", "2023-10-10", "1958/QĐ-UBND", UBND, NULL, NULL } },
    { { "2023-10-10", "Bộ tài liệu tăng cường tiếng Việt cho học sinh lớp 1 người dân tộc thiểu số", "Trường Tiểu học Mường Nhé", "school" },
      { "2023-10-10", "Bộ công cụ đánh giá năng lực tiếng Việt của học sinh tiểu học", "Sở Giáo dục và Đào tạo tỉnh Điện Biên", "agency" },
      /* handed on again in 2024: not a 2023 figure */
      { "2024-01-15", "Bộ tài liệu tăng cường tiếng Việt cho học sinh lớp 1 người dân tộc thiểu số", "Trường Tiểu học số 1 Nà Hỳ", "school" } } },
  { "task:demo-15", "ĐB.2021.07",
    "Nghiên cứu bảo tồn và phát huy giá trị nghệ thuật xòe Thái gắn với phát triển du lịch cộng đồng tỉnh Điện Biên",
    "research", "provincial", NULL, "6", "sector:social", "2013",
    "Hội Văn học Nghệ thuật tỉnh Điện Biên", "Lò Văn Chiến", { "Cầm Thị Phượng", "Tòng Văn Hân", NULL },
    "2021-09-01", "2023-08-31", NONE, 540000000, 60000000,
    { { "ordered", "2020-12-10", "2876/QĐ-UBND", UBND, NULL, NULL },
      { "assigned", "2021-06-30", "1388/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2021-08-24", "14/2021/HĐ-KHCN", SKHCN, NULL, NULL },
      { "accepted", "2023-10-26", "2104/QĐ-UBND", UBND, "pass", NULL },
      { "transferred", "2023-11-20", "2398/QĐ-UBND", UBND, NULL, NULL } },
    { { "2023-11-20", "Bộ tư liệu số về các điệu xòe Thái cổ", "Bảo tàng tỉnh Điện Biên", "agency" },
      { "2023-11-20", "Bộ tư liệu số về các điệu xòe Thái cổ", "Phòng Văn hóa và Thông tin huyện Điện Biên", "agency" } } },

  /* ---- Provincial, accepted in 2022; a result handed on in 2022 and
   * one in 2023 (resources–environment). ---- */
  { "task:demo-16", "ĐB.2020.04",
    "Điều tra, đánh giá hiện trạng chất lượng nước sông Nậm Rốm và đề xuất giải pháp bảo vệ nguồn nước",
    "research", "provincial", NULL, "1", "sector:environment", "2013",
    "Trung tâm Quan trắc Tài nguyên và Môi trường tỉnh Điện Biên", "Phạm Văn Long", { "Lê Thị Phương", NULL },
    "2020-07-01", "2022-06-30", NONE, 620000000, 0,
    { { "ordered", "2019-11-25", "2431/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2020-04-17", "702/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2020-06-22", "07/2020/HĐ-KHCN", SKHCN, NULL, NULL },
      { "accepted", "2022-08-30", "1611/QĐ-UBND", UBND, "excellent", NULL },
      { "transferred", "2022-12-20", "2756/QĐ-UBND", UBND, NULL, NULL } },
    { { "2022-12-20", "Bản đồ phân vùng chất lượng nước sông Nậm Rốm", "Công ty cổ phần Môi trường và Đô thị Điện Biên", "enterprise" },
      { "2023-03-08", "Cơ sở dữ liệu quan trắc chất lượng nước sông Nậm Rốm", "Sở Tài nguyên và Môi trường tỉnh Điện Biên", "agency" } } },

  /* ---- Provincial, running through 2023 into 2024. ---- */
  { "task:demo-17", "ĐB.2022.01",
    "Nghiên cứu thực trạng và giải pháp nâng cao chất lượng khám, chữa bệnh tại các trung tâm y tế tuyến huyện tỉnh Điện Biên",
    "research", "provincial", NULL, "3", "sector:health", "2013",
    "Sở Y tế tỉnh Điện Biên", "Đỗ Thị Ngọc Lan", { "Lò Thị Thanh Hoa", "Phạm Văn Khánh", NULL },
    "2022-05-01", "2024-04-30", NONE, 720000000, 0,
    { { "ordered", "2021-11-15", "2690/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2022-03-10", "486/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2022-04-20", "05/2022/HĐ-KHCN", SKHCN, NULL, NULL },
      { "in_progress", "2022-05-01", NULL, NULL, NULL, NULL } } },
  { "task:demo-18", "ĐB.2022.03",
    "Nghiên cứu phục tráng và xây dựng quy trình sản xuất hạt giống lúa Séng Cù thuần tại tỉnh Điện Biên",
    "research", "provincial", NULL, "4", "sector:agriculture", "2013",
    "Trung tâm Giống cây trồng, vật nuôi và thủy sản tỉnh Điện Biên", "Lò Văn Inh", { "Tòng Thị Xuân", NULL },
    "2022-06-01", "2024-12-31", NONE, 850000000, 150000000,
    { { "ordered", "2021-11-15", "2690/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2022-03-10", "486/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2022-05-23", "07/2022/HĐ-KHCN", SKHCN, NULL, NULL } } },
  { "task:demo-19", "ĐB.2022.04",
    "Sưu tầm, biên dịch và số hóa sách chữ Thái cổ trên địa bàn tỉnh Điện Biên",
    "research", "provincial", NULL, "6", "sector:social", "2013",
    "Trường Chính trị tỉnh Điện Biên", "Cà Văn Chung", { "Lò Văn Chiến", "Lường Thị Ngân", NULL },
    "2022-07-01", "2024-06-30", NONE, 560000000, 0,
    { { "ordered", "2021-11-15", "2690/QĐ-UBND", UBND, NULL, NULL },
      { "assigned", "2022-05-05", "932/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2022-06-17", "09/2022/HĐ-KHCN", SKHCN, NULL, NULL } } },
  { "task:demo-20", "ĐB.2022.06",
    "Ứng dụng công nghệ GIS và viễn thám giám sát biến động tài nguyên rừng tỉnh Điện Biên",
    "project", "provincial", NULL, "1", "sector:environment", "2013",
    "Chi cục Kiểm lâm tỉnh Điện Biên", "Nguyễn Mạnh Cường", { "Trịnh Văn Hải", NULL },
    "2022-08-01", "2023-12-31", NONE, 690000000, 0,
    { { "ordered", "2021-11-15", "2690/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2022-05-30", "1105/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2022-07-22", "11/2022/HĐ-KHCN", SKHCN, NULL, NULL },
      { "extended", "2023-12-15", "1245/QĐ-SKHCN", SKHCN, NULL, "Gia hạn đến 31/12/2024" } } },
  { "task:demo-21", "ĐB.2022.08",
    "Xây dựng hệ thống thông tin quản lý hồ sơ sức khỏe điện tử người dân tỉnh Điện Biên",
    "project", "provincial", NULL, "2", "sector:it", "2013",
    "Trung tâm Công nghệ thông tin và Truyền thông tỉnh Điện Biên", "Trần Đức Mạnh", { "Đỗ Thị Ngọc Lan", NULL },
    "2022-10-01", "2024-09-30", NONE, 900000000, 0,
    { { "ordered", "2022-03-28", "598/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2022-07-14", "1480/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2022-09-26", "15/2022/HĐ-KHCN", SKHCN, NULL, NULL } } },
  { "task:demo-22", "ĐB.2023.01",
    "Xây dựng tài liệu giáo dục kỹ năng sống cho học sinh các trường phổ thông dân tộc nội trú tỉnh Điện Biên",
    "research", "provincial", NULL, "5", "sector:education", "2013",
    "Trường Cao đẳng Sư phạm Điện Biên", "Vì Thị Thảo", { "Nguyễn Thị Hải Yến", NULL },
    "2023-05-01", "2024-10-31", NONE, 480000000, 0,
    { { "proposed", "2022-06-20", NULL, NULL, NULL, NULL },
      { "ordered", "2022-10-20", "2205/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2023-03-15", "402/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2023-04-20", "03/2023/HĐ-KHCN", SKHCN, NULL, NULL } } },
  { "task:demo-23", "ĐB.2023.02",
    "Ứng dụng công nghệ sấy bơm nhiệt trong chế biến cà phê và hạt mắc ca tại tỉnh Điện Biên",
    "pilot_production", "provincial", NULL, "2", "sector:industry", "2013",
    TTUD, "Nguyễn Văn Hùng", { "Nguyễn Văn Dũng", "Lò Văn Thắng", NULL },
    "2023-06-01", "2024-12-31", NONE, 750000000, 400000000,
    { { "proposed", "2022-06-20", NULL, NULL, NULL, NULL },
      { "ordered", "2022-10-20", "2205/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2023-04-03", "588/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2023-05-22", "05/2023/HĐ-KHCN", SKHCN, NULL, NULL } } },
  { "task:demo-24", "ĐB.2023.03",
    "Nghiên cứu tuyển chọn giống mắc ca ghép năng suất cao phù hợp với điều kiện sinh thái tỉnh Điện Biên",
    "research", "provincial", NULL, "4", "sector:agriculture", "2013",
    "Viện Khoa học Lâm nghiệp Việt Nam", "Hà Văn Tâm", { "Hoàng Văn Sơn", NULL },
    "2023-06-01", "2025-05-31", NONE, 820000000, 100000000,
    { { "ordered", "2022-10-20", "2205/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2023-04-03", "588/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2023-05-25", "06/2023/HĐ-KHCN", SKHCN, NULL, NULL } } },
  { "task:demo-25", "ĐB.2023.04",
    "Nghiên cứu bào chế chế phẩm hỗ trợ điều trị bệnh xương khớp từ bài thuốc dân gian của đồng bào Thái tỉnh Điện Biên",
    "research", "provincial", NULL, "3", "sector:health", "2013",
    "Trường Cao đẳng Y tế Điện Biên", "Quàng Văn Hải", { "Lò Thị Thanh Hoa", "Nguyễn Thị Loan", NULL },
    "2023-07-01", "2025-06-30", NONE, 870000000, 0,
    { { "ordered", "2022-10-20", "2205/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2023-05-08", "812/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2023-06-23", "08/2023/HĐ-KHCN", SKHCN, NULL, NULL } } },
  { "task:demo-26", "ĐB.2023.05",
    "Nghiên cứu giá trị lịch sử, văn hóa của hệ thống di tích Chiến trường Điện Biên Phủ phục vụ phát triển du lịch",
    "research", "provincial", NULL, "6", "sector:social", "2013",
    "Ban Quản lý Di tích quốc gia đặc biệt Chiến trường Điện Biên Phủ", "Đinh Thị Mai", { "Cà Văn Chung", NULL },
    "2023-08-01", "2024-12-31", NONE, 590000000, 0,
    { { "ordered", "2022-10-20", "2205/QĐ-UBND", UBND, NULL, NULL },
      { "assigned", "2023-06-08", "945/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2023-07-24", "10/2023/HĐ-KHCN", SKHCN, NULL, NULL } } },

  /* ---- Provincial, cancelled in 2022: counted nowhere in 2023. ---- */
  { "task:demo-27", "ĐB.2021.09",
    "Ứng dụng công nghệ sinh học nuôi trồng nấm đông trùng hạ thảo tại thành phố Điện Biên Phủ",
    "pilot_production", "provincial", NULL, "4", "sector:agriculture", "2013",
    "Công ty TNHH Nông nghiệp công nghệ cao Him Lam", "Lê Văn Thành", { NULL },
    "2021-09-01", "2023-08-31", NONE, 450000000, 500000000,
    { { "ordered", "2020-12-10", "2876/QĐ-UBND", UBND, NULL, NULL },
      { "selected", "2021-06-02", "1152/QĐ-UBND", UBND, NULL, NULL },
      { "contracted", "2021-08-10", "13/2021/HĐ-KHCN", SKHCN, NULL, NULL },
      { "cancelled", "2022-09-28", "2210/QĐ-UBND", UBND, NULL,
        "Tổ chức chủ trì đề nghị dừng thực hiện do không bảo đảm nguồn vốn đối ứng" } } },

  /* ---- Provincial, ordered in 2023 to start in 2024: the "06". ---- */
  { "task:demo-28", "ĐB.2024.01",
    "Nghiên cứu ứng dụng kỹ thuật phẫu thuật nội soi trong điều trị một số bệnh lý ngoại khoa tại Bệnh viện Đa khoa tỉnh Điện Biên",
    "research", "provincial", NULL, "3", "sector:health", "2013",
    "Bệnh viện Đa khoa tỉnh Điện Biên", "Nguyễn Quang Vinh", { "Phạm Văn Khánh", NULL },
    "2024-04-01", "2026-03-31", NONE, 950000000, 0,
    { { "proposed", "2023-03-20", NULL, NULL, NULL, NULL },
      { "ordered", "2023-06-28", "1120/QĐ-UBND", UBND, NULL, NULL } } },
  { "task:demo-29", "ĐB.2024.02",
    "Xây dựng và phát triển chuỗi giá trị sản phẩm gà đen H'Mông đạt chuẩn OCOP tại huyện Điện Biên Đông",
    "project", "provincial", NULL, "4", "sector:agriculture", "2013",
    TTUD, "Thào A Sình", { "Giàng A Páo", NULL },
    "2024-03-01", "2026-02-28", NONE, 880000000, 300000000,
    { { "proposed", "2023-03-20", NULL, NULL, NULL, NULL },
      { "ordered", "2023-06-28", "1120/QĐ-UBND", UBND, NULL, NULL } } },
  { "task:demo-30", "ĐB.2024.03",
    "Nghiên cứu trồng thử nghiệm một số loài dược liệu quý dưới tán rừng tại huyện Nậm Pồ",
    "research", "provincial", NULL, "4", "sector:agriculture", "2013",
    "Viện Khoa học Nông nghiệp Việt Nam", "Lê Thị Thu Trang", { "Nguyễn Thị Thu Hà", NULL },
    "2024-05-01", "2026-12-31", NONE, 760000000, 0,
    { { "proposed", "2023-03-20", NULL, NULL, NULL, NULL },
      { "ordered", "2023-06-28", "1120/QĐ-UBND", UBND, NULL, NULL } } },
  { "task:demo-31", "ĐB.2024.04",
    "Nghiên cứu, bảo tồn lễ hội Kin Pang Then của người Thái tỉnh Điện Biên",
    "research", "provincial", NULL, "6", "sector:social", "2013",
    "Sở Văn hóa, Thể thao và Du lịch tỉnh Điện Biên", "Lò Thị Mai", { "Cầm Thị Phượng", NULL },
    "2024-03-01", "2025-12-31", NONE, 520000000, 0,
    { { "proposed", "2023-03-20", NULL, NULL, NULL, NULL },
      { "ordered", "2023-06-28", "1120/QĐ-UBND", UBND, NULL, NULL } } },
  { "task:demo-32", "ĐB.2024.05",
    "Đánh giá hiện trạng và đề xuất giải pháp quản lý chất thải rắn sinh hoạt khu vực nông thôn tỉnh Điện Biên",
    "research", "provincial", NULL, "1", "sector:environment", "2013",
    "Trung tâm Quan trắc Tài nguyên và Môi trường tỉnh Điện Biên", "Phạm Văn Long", { "Lê Thị Phương", NULL },
    "2024-06-01", "2025-12-31", NONE, 610000000, 0,
    { { "proposed", "2023-08-10", NULL, NULL, NULL, NULL },
      { "ordered", "2023-11-17", "2315/QĐ-UBND", UBND, NULL, NULL } } },
  { "task:demo-33", "ĐB.2024.06",
    "Biên soạn tài liệu giáo dục địa phương tỉnh Điện Biên cho học sinh trung học cơ sở",
    "research", "provincial", NULL, "5", "sector:education", "2013",
    "Sở Giáo dục và Đào tạo tỉnh Điện Biên", "Nguyễn Thị Hồng Nhung", { "Vì Thị Thảo", NULL },
    "2024-07-01", "2025-12-31", NONE, 450000000, 0,
    { { "proposed", "2023-08-10", NULL, NULL, NULL, NULL },
      { "ordered", "2023-11-17", "2315/QĐ-UBND", UBND, NULL, NULL } } },

  /* ---- Proposed in 2023 but not ordered: neither ordered nor planned. */
  { "task:demo-34", NULL,
    "Nghiên cứu sản xuất phân bón hữu cơ vi sinh từ phụ phẩm cà phê tại huyện Mường Ảng",
    "research", "provincial", NULL, "4", "sector:agriculture", "2013",
    TTUD, "Nguyễn Văn Hùng", { NULL },
    "2024-06-01", "2025-12-31", NONE, NONE, NONE,
    { { "proposed", "2023-08-21", NULL, NULL, NULL,
        "Hội đồng tư vấn không đưa vào danh mục đặt hàng năm 2024" } } },

  /* ---- Grassroots, outside the 2023 and 2024 windows. ---- */
  { "task:demo-35", "CS.2022.01",
    "Ứng dụng phần mềm quản lý bệnh nhân điều trị methadone tại Trung tâm Y tế huyện Tuần Giáo",
    "project", "grassroots", NULL, "3", "sector:health", "2013",
    "Trung tâm Y tế huyện Tuần Giáo", "Lò Văn Tuấn", { NULL },
    "2022-02-01", "2022-11-30", NONE, 85000000, 0,
    { { "contracted", "2022-01-20", "01/2022/HĐ-CS", "UBND huyện Tuần Giáo", NULL, NULL },
      { "accepted", "2022-12-08", "3342/QĐ-UBND", "UBND huyện Tuần Giáo", "good", NULL } } },
  { "task:demo-36", NULL,
    "Ứng dụng trí tuệ nhân tạo hỗ trợ tra cứu thủ tục hành chính về khoa học và công nghệ tỉnh Điện Biên",
    "project", "grassroots", NULL, "2", "sector:it", "2025",
    TTUD, "Đinh Văn Hưng", { NULL },
    "2026-03-01", "2026-12-31", NONE, 120000000, 0,
    { { "proposed", "2025-10-20", NULL, NULL, NULL, NULL } } },
};

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static JsonObject *
build_task (const DemoTask *t)
{
  JsonObject *doc = json_object_new ();
  JsonArray *members = json_array_new ();
  JsonArray *stages = json_array_new ();
  JsonArray *transfers = json_array_new ();

  json_object_set_string_member (doc, "_id", t->id);
  json_object_set_string_member (doc, "type", "task");
  set_optional_string (doc, "code", t->code);
  json_object_set_string_member (doc, "title", t->title);
  set_optional_string (doc, "kind", t->kind);
  set_optional_string (doc, "level", t->level);
  set_optional_string (doc, "programme", t->programme);
  set_optional_string (doc, "field", t->field);
  set_optional_string (doc, "sector", t->sector);
  set_optional_string (doc, "regime", t->regime);
  set_optional_string (doc, "lead_org", t->lead_org);
  set_optional_string (doc, "pi", t->pi);

  for (guint i = 0; i < G_N_ELEMENTS (t->members) && t->members[i] != NULL; i++)
    json_array_add_string_element (members, t->members[i]);
  if (json_array_get_length (members) > 0)
    json_object_set_array_member (doc, "members", members);
  else
    json_array_unref (members);

  set_optional_string (doc, "start", t->start);
  set_optional_string (doc, "end", t->end);

  if (t->central != NONE || t->local != NONE || t->other != NONE)
    {
      JsonObject *budget = json_object_new ();

      if (t->central != NONE)
        json_object_set_int_member (budget, "central", t->central);
      if (t->local != NONE)
        json_object_set_int_member (budget, "local", t->local);
      if (t->other != NONE)
        json_object_set_int_member (budget, "other", t->other);
      json_object_set_object_member (doc, "budget", budget);
    }

  for (guint i = 0; i < G_N_ELEMENTS (t->stages) && t->stages[i].stage != NULL; i++)
    {
      const DemoStage *s = &t->stages[i];
      JsonObject *stage = json_object_new ();

      json_object_set_string_member (stage, "stage", s->stage);
      json_object_set_string_member (stage, "date", s->date);
      if (s->number != NULL)
        {
          JsonObject *document = json_object_new ();

          json_object_set_string_member (document, "number", s->number);
          json_object_set_string_member (document, "date", s->date);
          set_optional_string (document, "issuer", s->issuer);
          json_object_set_object_member (stage, "document", document);
        }
      set_optional_string (stage, "rating", s->rating);
      set_optional_string (stage, "note", s->note);
      json_array_add_object_element (stages, stage);
    }
  json_object_set_array_member (doc, "stages", stages);

  for (guint i = 0; i < G_N_ELEMENTS (t->transfers) && t->transfers[i].date != NULL; i++)
    {
      const DemoTransfer *tr = &t->transfers[i];
      JsonObject *transfer = json_object_new ();

      json_object_set_string_member (transfer, "date", tr->date);
      json_object_set_string_member (transfer, "result", tr->result);
      json_object_set_string_member (transfer, "recipient", tr->recipient);
      json_object_set_string_member (transfer, "recipient_kind", tr->recipient_kind);
      json_array_add_object_element (transfers, transfer);
    }
  if (json_array_get_length (transfers) > 0)
    json_object_set_array_member (doc, "transfers", transfers);
  else
    json_array_unref (transfers);

  return doc;
}

/* ------------------------------------------------------------------ */
/* The report of 2023                                                   */

#define DEMO_REPORT_YEAR 2023

/* The article's own prose, per area of work.  NULL ends a list; SENTENCE(x)
 * marks where a generated sentence is inserted. */
#define SENTENCE_MARK "\x01"

typedef struct {
  const char *key;
  const char *paragraphs[8];
  TktSentence sentences[4];   /* in the order of the marks */
} DemoSection;

static const DemoSection demo_sections[] = {
  { "tasks",
    { "Năm 2023, hoạt động KH&CN trên địa bàn tỉnh có nhiều đổi mới tích cực, đáp ứng yêu cầu quản lý "
      "Nhà nước về KH&CN, tập trung triển khai đồng bộ các giải pháp nhằm thúc đẩy hoạt động KH&CN của tỉnh.",
      SENTENCE_MARK,
      "Các nhiệm vụ KH&CN (đề tài, dự án) được đề xuất, nghiên cứu, triển khai xuất phát từ thực tiễn, "
      "có khả năng ứng dụng ngay trong quá trình triển khai thực hiện nhiệm vụ.",
      SENTENCE_MARK,
      SENTENCE_MARK,
      NULL },
    { TKT_SENTENCE_MONITORED, TKT_SENTENCE_ORDERED, TKT_SENTENCE_TRANSFERS } },
  { "appraisal",
    { "Công tác thẩm định, có ý kiến về KH&CN của các dự án đầu tư, quy hoạch, chương trình phát triển "
      "kinh tế - xã hội và các chương trình, dự án khác của tỉnh đảm bảo theo đúng quy định, thẩm quyền.",
      NULL },
    { 0 } },
  { "radiation",
    { "Hoạt động an toàn bức xạ và hạt nhân trên địa bàn tỉnh được đảm bảo theo quy định.",
      NULL },
    { 0 } },
  { "ip",
    { "Hoạt động sở hữu trí tuệ và công tác sáng kiến được quan tâm và đạt nhiều kết quả đáng khích lệ "
      "từ các sở, ban, ngành và doanh nghiệp, cơ sở sản xuất kinh doanh trên địa bàn tỉnh. Nhiều sáng "
      "kiến mới đã được áp dụng và mang lại hiệu quả rõ rệt.",
      NULL },
    { 0 } },
  { "standards",
    { "Hoạt động tiêu chuẩn đo lường chất lượng đã bám sát nhiệm vụ đề ra, các chương trình thực hiện "
      "đúng kế hoạch.",
      NULL },
    { 0 } },
  { "outreach",
    { "Hoạt động thông tin, tuyên truyền về ứng dụng tiến bộ KH&CN tới người dân được đẩy mạnh góp phần "
      "từng bước nâng cao nhận thức về ứng dụng tiến bộ KH&CN vào sản xuất và đời sống.",
      NULL },
    { 0 } },
};

/* The 09 key task groups of 2024: what the article says the department
 * will do, and what the Vice-Chairman asked of it. */
static const TktPlanGroup demo_groups[] = {
  { (char *) "Quản lý nhiệm vụ KH&CN",
    (char *) "Tiếp tục theo dõi, quản lý 16 nhiệm vụ KHCN cấp tỉnh và 11 nhiệm vụ cấp quốc gia trên địa bàn tỉnh Điện Biên." },
  { (char *) "Thẩm định, có ý kiến về KH&CN",
    (char *) "Thẩm định hoặc có ý kiến về cơ sở khoa học và công nghệ của các dự án đầu tư, các quy hoạch, "
             "chương trình phát triển kinh tế - xã hội và các chương trình, đề án khác của tỉnh theo thẩm quyền." },
  { (char *) "Sở hữu trí tuệ",
    (char *) "Triển khai thực hiện “Đề án triển khai Chiến lược Sở hữu trí tuệ đến năm 2030 trên địa bàn tỉnh Điện Biên”." },
  { (char *) "Phát triển và ứng dụng công nghệ sinh học",
    (char *) "Triển khai Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh triển khai thực hiện Chương trình "
             "hành động số 125-CTr/TU ngày 10/6/2023 của Tỉnh ủy về việc thực hiện Nghị quyết số 36-NQ/TW ngày "
             "30/01/2023 của Bộ Chính trị về phát triển và ứng dụng công nghệ sinh học phục vụ phát triển bền vững "
             "đất nước trong tình hình mới." },
  { (char *) "Cơ chế, chính sách",
    (char *) "Tiếp tục tham mưu xây dựng, hoàn thiện cơ chế, chính sách thúc đẩy phát triển khoa học công nghệ "
             "và đổi mới sáng tạo." },
  { (char *) "Đề xuất đặt hàng nhiệm vụ, huy động nguồn lực",
    (char *) "Tham mưu cho UBND tỉnh đề xuất đặt hàng các chương trình, nhiệm vụ khoa học cấp quốc gia; nhiệm vụ "
             "khoa học cấp tỉnh, huy động và sử dụng hiệu quả các nguồn lực khoa học công nghệ." },
  { (char *) "Tiêu chuẩn, đo lường, chất lượng",
    (char *) "Đẩy mạnh các hoạt động về tiêu chuẩn, đo lường, chất lượng hỗ trợ nâng cao năng suất, chất lượng "
             "sản phẩm, hàng hóa." },
  { (char *) "Ứng dụng kết quả nghiên cứu",
    (char *) "Chủ động phối hợp với các sở, ban, ngành, UBND các huyện, thị xã, thành phố trong đề xuất đặt hàng "
             "các nhiệm vụ KHCN cũng như ứng dụng kết quả nghiên cứu vào sản xuất và đời sống tại cơ sở." },
  { (char *) "Cải cách hành chính",
    (char *) "Đẩy mạnh cải cách hành chính gắn với xây dựng Chính phủ điện tử hướng đến Chính phủ số; cải cách "
             "thủ tục hành chính, tạo điều kiện thuận lợi cho người dân và doanh nghiệp." },
};

static const TktPlanTarget demo_targets[] = {
  { (char *) "Nhiệm vụ KH&CN cấp tỉnh tiếp tục theo dõi, quản lý", (char *) "16 nhiệm vụ" },
  { (char *) "Nhiệm vụ KH&CN cấp quốc gia trên địa bàn tỉnh tiếp tục theo dõi, quản lý", (char *) "11 nhiệm vụ" },
};

static const TktDocRef demo_documents[] = {
  { (char *) "5196/KH-UBND", (char *) "2023-11-09", (char *) UBND,
    (char *) "triển khai thực hiện Chương trình hành động số 125-CTr/TU ngày 10/6/2023 của Tỉnh ủy về việc "
             "thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị về phát triển và ứng dụng công "
             "nghệ sinh học phục vụ phát triển bền vững đất nước trong tình hình mới" },
  { (char *) "125-CTr/TU", (char *) "2023-06-10", (char *) "Tỉnh ủy Điện Biên",
    (char *) "về việc thực hiện Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị" },
  { (char *) "36-NQ/TW", (char *) "2023-01-30", (char *) "Bộ Chính trị",
    (char *) "về phát triển và ứng dụng công nghệ sinh học phục vụ phát triển bền vững đất nước trong tình hình mới" },
  { NULL, NULL, NULL,
    (char *) "Đề án triển khai Chiến lược Sở hữu trí tuệ đến năm 2030 trên địa bàn tỉnh Điện Biên" },
};

static const char * const demo_recipients[] = {
  "Bộ Khoa học và Công nghệ (b/c)",
  "TT Tỉnh ủy, TT HĐND tỉnh (b/c)",
  "UBND tỉnh (b/c)",
  "Các sở, ban, ngành tỉnh",
  "UBND các huyện, thị xã, thành phố",
  "Lãnh đạo Sở",
  "Lưu: VT, KHTC",
  NULL
};

static gint
section_index (TktReport  *report,
               const char *key)
{
  for (guint i = 0; i < tkt_report_get_n_sections (report); i++)
    {
      g_autoptr(TktReportSection) section = tkt_report_get_section (report, i);

      if (g_strcmp0 (section->key, key) == 0)
        return (gint) i;
    }
  return -1;
}

/* Appends a paragraph of the staff's own prose to a section. */
static void
append_paragraph (TktReport  *report,
                  guint       index,
                  const char *paragraph)
{
  g_autoptr(TktReportSection) section = tkt_report_get_section (report, index);
  g_autofree char *text = section->text != NULL && section->text[0] != '\0'
                          ? g_strconcat (section->text, "\n", paragraph, NULL)
                          : g_strdup (paragraph);

  g_free (section->text);
  section->text = g_steal_pointer (&text);
  tkt_report_replace_section (report, index, section);
}

static gboolean
fill_report (TktStore  *store,
             GError   **error)
{
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(TktFigures) figures = NULL;
  g_autoptr(TktReport) report = NULL;
  g_autofree char *id = tkt_report_id_for_year (DEMO_REPORT_YEAR);

  /* Already there (perhaps edited since): leave it as it is. */
  existing = tkt_store_get (store, id, NULL);
  if (existing != NULL)
    return TRUE;

  figures = tkt_figures_compute (store, DEMO_REPORT_YEAR, error);
  if (figures == NULL)
    return FALSE;

  report = tkt_report_new (DEMO_REPORT_YEAR, NULL, NULL);
  tkt_report_set_date (report, "2024-01-24");

  for (gsize s = 0; s < G_N_ELEMENTS (demo_sections); s++)
    {
      const DemoSection *demo = &demo_sections[s];
      gint index = section_index (report, demo->key);
      guint mark = 0;

      g_assert (index >= 0);
      for (guint p = 0; p < G_N_ELEMENTS (demo->paragraphs) && demo->paragraphs[p] != NULL; p++)
        {
          if (g_str_equal (demo->paragraphs[p], SENTENCE_MARK))
            tkt_report_insert_sentence (report, (guint) index, demo->sentences[mark++], figures);
          else
            append_paragraph (report, (guint) index, demo->paragraphs[p]);
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (demo_groups); i++)
    tkt_report_append_group (report, &demo_groups[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (demo_targets); i++)
    tkt_report_append_target (report, &demo_targets[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (demo_documents); i++)
    tkt_report_append_document (report, &demo_documents[i]);

  tkt_report_set_recommendations (report,
    "Đề nghị UBND tỉnh tiếp tục quan tâm chỉ đạo các sở, ban, ngành, UBND các huyện, thị xã, thành phố "
    "phối hợp chặt chẽ với Sở Khoa học và Công nghệ trong đề xuất đặt hàng các nhiệm vụ KH&CN cũng như "
    "ứng dụng kết quả nghiên cứu vào sản xuất và đời sống tại cơ sở.");
  tkt_report_set_signer_title (report, "GIÁM ĐỐC");
  tkt_report_set_signer_name (report, "Nguyễn Đức Hạnh");
  tkt_report_set_recipients (report, demo_recipients);

  return tkt_report_save (report, store, error);
}

gboolean
tkt_demo_fill (TktStore  *store,
               GError   **error)
{
  g_autoptr(GPtrArray) docs = NULL;

  g_return_val_if_fail (TKT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (gsize i = 0; i < G_N_ELEMENTS (demo_tasks); i++)
    {
      g_autoptr(JsonObject) existing = tkt_store_get (store, demo_tasks[i].id, NULL);

      /* Already there (perhaps edited since): leave it as it is. */
      if (existing != NULL)
        continue;
      g_ptr_array_add (docs, build_task (&demo_tasks[i]));
    }
  tkt_demo_ceremony_add_docs (store, docs);  /* the conference and its awards */

  if (docs->len > 0 && !tkt_store_put_all (store, docs, NULL, error))
    return FALSE;

  /* The report's sentences come from the figures of the tasks just written. */
  return fill_report (store, error);
}
