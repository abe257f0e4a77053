#!/bin/sh
# test-cli.sh — tongket-cli driven as a user drives it; prints TAP.
#
# Needs $TKT_CLI (meson sets it); reads fixtures from tests/data.
set -u

: "${TKT_CLI:?set TKT_CLI to the tongket-cli binary}"
here=$(cd "$(dirname "$0")" && pwd)
data="${G_TEST_SRCDIR:-$here}/data"
[ -d "$data" ] || data="$here/data"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-cli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# Keep the user's real data out of reach.
export XDG_DATA_HOME="$tmp/xdg-data"
export LANGUAGE=en LC_ALL=C.UTF-8

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1)); echo "not ok $n - $1"; failed=1
  # the last command's output, as TAP diagnostics
  for f in "$tmp/out" "$tmp/err"; do
    [ -s "$f" ] && sed -n '1,15s/^/# /p' "$f"
  done
  return 0
}
check () { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
# check_vi DESC COMMAND…: a check of a Vietnamese message; skipped when the
# catalogue is not built (meson test builds only what the test depends on).
check_vi () {
  if [ -f "${TKT_LOCALEDIR:-}/vi/LC_MESSAGES/tongket.mo" ]; then
    check "$@"
  else
    n=$((n + 1)); echo "ok $n - $1 # SKIP po/vi not built (meson compile builds it)"
  fi
}

# cli ARGS…: runs the tool, stdout → $tmp/out, stderr → $tmp/err, status → $rc
cli () { "$TKT_CLI" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

db="$tmp/demo.db"

# --- version and help --------------------------------------------------------
cli --version
check "--version prints the version" test "$rc" -eq 0 -a -s "$tmp/out"
cli --help
check "--help lists the commands" grep -q "import FILE" "$tmp/out"

# --- demo, then list -----------------------------------------------------------
cli --db "$db" demo
check "demo fills a new database (exit 0)" test "$rc" -eq 0
cli --db "$db" list tasks
rows=$(($(wc -l <"$tmp/out") - 1))
check "list tasks after demo shows the demo tasks ($rows rows)" test "$rc" -eq 0 -a "$rows" -ge 24
check "list tasks prints the TSV header" \
  test "$(head -n 1 "$tmp/out")" = "$(printf 'code\ttitle\tlevel\tprogramme\tsector\tstatus\tlead_org\tpi\tstart\tend\tbudget_total')"

cli --db "$db" list tasks --level provincial
prov=$(($(wc -l <"$tmp/out") - 1))
levels_ok=$(tail -n +2 "$tmp/out" | cut -f 3 | sort -u)
check "--level provincial keeps only provincial tasks ($prov)" \
  test "$rc" -eq 0 -a "$prov" -ge 1 -a "$prov" -lt "$rows" -a "$levels_ok" = "provincial"

cli --db "$db" list tasks --format json
check "--format json prints an array of task documents" \
  sh -c 'test "$1" -eq 0 && head -c 1 "$2" | grep -q "\[" && grep -q "\"type\" : \"task\"" "$2"' _ "$rc" "$tmp/out"

cli --db "$db" list tasks --search "dien bien"
check "search without accents (“dien bien”) finds demo tasks" \
  sh -c 'test "$1" -eq 0 && test "$(wc -l <"$2")" -ge 2 && grep -q "Điện Biên" "$2"' _ "$rc" "$tmp/out"

# --- report: the article's figures and sentences ----------------------------
# jq is not a dependency: python3 is (meson runs on it).
py=$(command -v python3)
json_check () { "$py" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$tmp/out"; }

cli --db "$db" report 2023 --format json
check "report 2023 --format json (exit 0, JSON)" json_check 'd["year"] == 2023'
check "… monitored 24 = 10 + 01 + 13" json_check \
  'd["figures"]["monitored"]["total"] == 24 and [p["count"] for p in d["figures"]["monitored"]["programmes"]] == [10, 1] and d["figures"]["monitored"]["provincial"] == 13 and d["figures"]["monitored"]["national_other"] == 0 and d["figures"]["monitored"]["grassroots"] == 0'
check "… the local urgent programme is the 01" json_check \
  'd["figures"]["monitored"]["programmes"][1]["id"] == "programme:cap-thiet-dia-phuong"'
check "… 06 ordered" json_check 'd["figures"]["ordered"] == 6'
check "… 09 results to 11 units, 01 an enterprise" json_check \
  'd["figures"]["transfers"]["results"] == 9 and d["figures"]["transfers"]["units"] == 11 and d["figures"]["transfers"]["enterprises"] == 1'
check "… the five sectors in the sector list's order" json_check \
  '[s["id"] for s in d["figures"]["transfers"]["sectors"]] == ["sector:health", "sector:environment", "sector:education", "sector:social", "sector:agriculture"]'
check "… 2024: 16 provincial, 11 national" json_check \
  'd["figures"]["planned"]["year"] == 2024 and d["figures"]["planned"]["provincial"] == 16 and d["figures"]["planned"]["national"] == 11 and d["figures"]["planned"]["total"] == 27'
check "… the year before's figures beside them" json_check \
  'd["previous"]["year"] == 2022 and isinstance(d["previous"]["monitored"]["total"], int)'
check "… and the report's details (09 groups, signer, not issued)" json_check \
  'd["report"]["id"] == "report:2023" and d["report"]["exists"] and d["report"]["plan"]["groups"] == 9 and d["report"]["plan"]["groups_text"] == "09 nhóm nhiệm vụ trọng tâm" and d["report"]["signer"]["name"] == "Nguyễn Đức Hạnh" and d["report"]["frozen"] is False and d["report"]["date"] == "2024-01-24"'

cli --db "$db" report 2023 --format text
check "report 2023 --format text (exit 0)" test "$rc" -eq 0 -a -s "$tmp/out"
for sentence in \
  "Sở tiếp tục theo dõi, quản lý 24 nhiệm vụ KH&CN, trong đó có 10 nhiệm vụ KH&CN cấp quốc gia thuộc Chương trình" \
  "; 01 nhiệm vụ KH&CN thuộc Chương trình cấp thiết địa phương; 13 nhiệm vụ cấp tỉnh." \
  "đề xuất đặt hàng 06 nhiệm vụ nghiên cứu khoa học phát triển công nghệ triển khai trên địa bàn tỉnh" \
  "chuyển giao 09 kết quả nghiên cứu khoa học và phát triển công nghệ tới 11 đơn vị (trong đó có 01 doanh nghiệp), tập trung vào các lĩnh vực: y tế, tài nguyên - môi trường, giáo dục" \
  "xã hội - nhân văn và nông nghiệp." \
  "Năm 2024, tiếp tục theo dõi, quản lý 16 nhiệm vụ cấp tỉnh và 11 nhiệm vụ cấp quốc gia." \
  "09 nhóm nhiệm vụ trọng tâm" \
  "Kế hoạch số 5196/KH-UBND ngày 09/11/2023 của UBND tỉnh Điện Biên" \
  "Điện Biên, ngày 24 tháng 01 năm 2024" \
  "Tổng kết công tác năm 2023 và phương hướng, nhiệm vụ năm 2024" \
  "Nguyễn Đức Hạnh" \
  "Nơi nhận:"
do
  check "… the text says “$sentence”" grep -qF "$sentence" "$tmp/out"
done
check "… the heading block comes first, Nơi nhận last" \
  sh -c 'head -n 1 "$1" | grep -q "UBND TỈNH ĐIỆN BIÊN.*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" && grep -n "" "$1" | grep "Nơi nhận:" >/dev/null && test "$(grep -n "Nơi nhận:" "$1" | cut -d: -f1)" -gt "$(grep -n "^II\. " "$1" | cut -d: -f1)"' _ "$tmp/out"

cli --db "$db" report 2022 --format json
check "a year with no report still gives its figures (exists: false)" json_check \
  'd["year"] == 2022 and d["report"]["exists"] is False and d["figures"]["year"] == 2022 and d["previous"]["year"] == 2021'
cli --db "$db" report 2022
check "… and its text (the default format) with the default heading" \
  sh -c 'test "$1" -eq 0 && grep -q "Tổng kết công tác năm 2022" "$2" && grep -q "Số: …/BC-SKHCN" "$2"' _ "$rc" "$tmp/out"

cli --db "$db" report 2023 --format json -o "$tmp/report.json"
check "report -o FILE writes the file, nothing on stdout" \
  sh -c 'test "$1" -eq 0 && ! test -s "$2" && grep -q "\"monitored\"" "$3"' _ "$rc" "$tmp/out" "$tmp/report.json"

cli --db "$db" report 2023 --format pdf -o "$tmp/report.pdf"
check "report --format pdf -o FILE writes a PDF" \
  sh -c 'test "$1" -eq 0 && test "$(head -c 5 "$2")" = "%PDF-"' _ "$rc" "$tmp/report.pdf"
cli --db "$db" report 2023 --format pdf
check "report --format pdf to stdout writes a PDF" \
  sh -c 'test "$1" -eq 0 && test "$(head -c 5 "$2")" = "%PDF-"' _ "$rc" "$tmp/out"

cli --db "$tmp/report-never.db" report abc
check "report abc → exit 1 with a message, no database made" \
  sh -c 'test "$1" -eq 1 && grep -q "abc" "$2" && ! test -e "$3"' _ "$rc" "$tmp/err" "$tmp/report-never.db"
cli --db "$db" report 1800
check "report 1800 (no report year) → exit 1" test "$rc" -eq 1
cli --db "$db" report 2023 --format xml
check "report --format xml → exit 1 naming the formats" \
  sh -c 'test "$1" -eq 1 && grep -q "xml" "$2" && grep -q "pdf" "$2"' _ "$rc" "$tmp/err"
cli --db "$db" report
check "report without a year → exit 1" test "$rc" -eq 1
cli --db "$db" report 2023 2024
check "report with two years → exit 1" test "$rc" -eq 1
cli --db "$db" report 2023 --format text -o "$tmp/no/such/folder/r.txt"
check "report -o into a folder that does not exist → exit 1" \
  sh -c 'test "$1" -eq 1 && test -s "$2"' _ "$rc" "$tmp/err"

# --- search and sort on known titles -------------------------------------------
sdb="$tmp/sort.db"
cli --db "$sdb" import "$data/sort-tasks.json"
check "import JSON prints the count" grep -q "^Imported 8 documents$" "$tmp/out"

cli --db "$sdb" list tasks --search "duong"
check "“duong” finds “Đường giao thông nông thôn”" \
  sh -c 'test "$(tail -n +2 "$1" | cut -f 2)" = "Đường giao thông nông thôn"' _ "$tmp/out"

cli --db "$sdb" list tasks --search "DAO TAO"
check "upper-case unaccented search finds “Đào tạo nghề dệt thổ cẩm”" \
  sh -c 'tail -n +2 "$1" | cut -f 2 | grep -qx "Đào tạo nghề dệt thổ cẩm"' _ "$tmp/out"

cli --db "$sdb" list tasks --sort title
tail -n +2 "$tmp/out" | cut -f 2 >"$tmp/titles"
printf '%s\n' "An toàn bức xạ trong y tế" "Ánh sáng nhân tạo cho rau" "Bảo tồn hoa ban" \
  "Dân ca Thái Điện Biên" "Dược liệu quý vùng cao" "Đào tạo nghề dệt thổ cẩm" \
  "Đường giao thông nông thôn" "Ương giống cá bỗng" >"$tmp/expected"
check "--sort title follows Vietnamese order (a < á < b < d < đ < ư)" cmp -s "$tmp/titles" "$tmp/expected"

cli --db "$sdb" list tasks --sort=-title
tail -n +2 "$tmp/out" | cut -f 2 >"$tmp/titles"
check "--sort -title is the reverse" \
  sh -c 'test "$(head -n 1 "$1")" = "Ương giống cá bỗng" && test "$(tail -n 1 "$1")" = "An toàn bức xạ trong y tế"' _ "$tmp/titles"

cli --db "$sdb" list tasks --sort colour
check "--sort on an unknown field → exit 1 with a message" \
  sh -c 'test "$1" -eq 1 && grep -q "colour" "$2"' _ "$rc" "$tmp/err"

# --- export json → import → export: the same bytes -----------------------------
cli --db "$db" export --format json -o "$tmp/first.json"
check "export --format json -o FILE" test "$rc" -eq 0 -a -s "$tmp/first.json"
cli --db "$tmp/copy.db" import "$tmp/first.json"
check "the export imports into a new database" test "$rc" -eq 0
cli --db "$tmp/copy.db" export --format json
cp "$tmp/out" "$tmp/second.json"
check "export → import → export is byte-identical (same _id, _rev, bodies)" \
  cmp -s "$tmp/first.json" "$tmp/second.json"
cli --db "$tmp/copy.db" import "$tmp/first.json"
check "importing the same export again writes nothing" grep -q "^Imported 0 documents$" "$tmp/out"

cli --db "$db" export --format csv -o "$tmp/tasks.csv"
cli --db "$tmp/csv.db" import "$tmp/tasks.csv"
cli --db "$tmp/csv.db" export --format csv
check "export csv → import → export csv is byte-identical" cmp -s "$tmp/tasks.csv" "$tmp/out"

# --- ceremonies and awards (the article's review conference, tests/data) -------
cdb="$tmp/ceremony.db"
cli --db "$cdb" import "$data/ceremony.json"
cli --db "$cdb" ceremony list
cer_id=$(tail -n +2 "$tmp/out" | grep "Him Lam Plaza" | cut -f 1 | head -n 1)
check "ceremony list prints the TSV header and the conference at Him Lam Plaza" \
  sh -c 'test "$1" -eq 0 && test -n "$2" && test "$(head -n 1 "$3")" = "$(printf "id\tstart\ttitle\tvenue")"' _ "$rc" "$cer_id" "$tmp/out"
check "… on the afternoon of 24/01/2024, UTC+7" grep -q "	2024-01-24T1[2-7]:[0-9:]*+07:00	" "$tmp/out"

cli --db "$cdb" ceremony show "$cer_id"
check "ceremony show: title, venue and the guests named in the article" \
  sh -c 'test "$1" -eq 0 && grep -q "Hội nghị Tổng kết công tác năm 2023" "$2" && grep -q "Him Lam Plaza" "$2" &&
         grep -q "Vừ A Bằng" "$2" && grep -q "Nguyễn Đức Hạnh" "$2"' _ "$rc" "$tmp/out"
cp "$tmp/out" "$tmp/show-full"
short=$(printf '%s' "${cer_id#ceremony:}" | cut -c 1-8)
cli --db "$cdb" ceremony show "$short"
check "ceremony show accepts the beginning of the id" cmp -s "$tmp/out" "$tmp/show-full"

flag="Thừa ủy quyền của Thủ tướng Chính phủ, trân trọng kính mời đồng chí Vừ A Bằng, Phó Chủ tịch UBND tỉnh, lên trao Cờ Thi đua của Chính phủ cho tập thể Sở Khoa học và Công nghệ."
cli --db "$cdb" ceremony script "$cer_id"
check "ceremony script (text) announces the Government's flag as the article does" \
  sh -c 'test "$1" -eq 0 && tr "\n" " " <"$2" | grep -qF "$3"' _ "$rc" "$tmp/out" "$flag"

cli --db "$cdb" ceremony script "$cer_id" --format json
check "ceremony script --format json prints the blocks, opening first" \
  sh -c 'test "$1" -eq 0 && head -c 1 "$2" | grep -q "\[" && grep -q "\"key\" : \"opening\"" "$2"' _ "$rc" "$tmp/out"

cli --db "$cdb" ceremony script "$cer_id" --format pdf -o "$tmp/script.pdf"
check "ceremony script --format pdf -o FILE writes a PDF" \
  sh -c 'test "$1" -eq 0 && test "$(head -c 5 "$2")" = "%PDF-"' _ "$rc" "$tmp/script.pdf"
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext -enc UTF-8 "$tmp/script.pdf" - 2>/dev/null | tr -s " \n\f" "   " >"$tmp/script.txt"
  check "… whose text (pdftotext) has the flag's announcement" grep -qF "$flag" "$tmp/script.txt"
fi
cli --db "$cdb" ceremony script "$cer_id" -o "$tmp/script2.pdf"
check "… the format follows -o's extension" test "$rc" -eq 0 -a "$(head -c 5 "$tmp/script2.pdf")" = "%PDF-"
cli --db "$cdb" ceremony script "$cer_id" --format pdf
check "a PDF without -o → exit 1, a message naming -o" \
  sh -c 'test "$1" -eq 1 && grep -q -- "-o" "$2" && ! test -s "$3"' _ "$rc" "$tmp/err" "$tmp/out"

cli --db "$cdb" ceremony ics "$cer_id" -o "$tmp/hoi-nghi.ics"
check "ceremony ics -o FILE writes one event at 24/01/2024 in Asia/Ho_Chi_Minh" \
  sh -c 'test "$1" -eq 0 && test "$(grep -c "^BEGIN:VEVENT" "$2")" -eq 1 &&
         grep -q "^DTSTART;TZID=Asia/Ho_Chi_Minh:20240124T" "$2"' _ "$rc" "$tmp/hoi-nghi.ics"
check "… with the venue as LOCATION" grep -q "^LOCATION:Hội trường 01 tầng 3" "$tmp/hoi-nghi.ics"

# --- slides -------------------------------------------------------------------
# the demo's conference (tongket-cli demo writes it and the report of 2023)
cli --db "$db" slides demo-2023 -o "$tmp/slides.pdf"
check "slides ID -o FILE.pdf writes the demo conference's deck as a PDF (16:9 by default)" \
  sh -c 'test "$1" -eq 0 && test "$(head -c 5 "$2")" = "%PDF-"' _ "$rc" "$tmp/slides.pdf"
if command -v pdfinfo >/dev/null 2>&1; then
  pdfinfo "$tmp/slides.pdf" >"$tmp/slides.info" 2>/dev/null
  check "… 960 x 540 pt pages, 17 of them (title … six award turns … closing)" \
    sh -c 'grep -q "^Page size: *960 x 540 pts" "$1" && grep -q "^Pages: *17$" "$1"' _ "$tmp/slides.info"
fi
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext -enc UTF-8 "$tmp/slides.pdf" - 2>/dev/null | tr -s " \n\f" "   " >"$tmp/slides.txt"
  check "… whose text has the date line, the figures and the flag's 'Thừa ủy quyền'" \
    sh -c 'grep -qF "Chiều ngày 24/01/2024" "$1" && grep -qF "kết quả chuyển giao" "$1" &&
           grep -qF "Thừa ủy quyền của Thủ tướng Chính phủ, đồng chí Vừ A Bằng" "$1" &&
           grep -qF "Trân trọng cảm ơn!" "$1"' _ "$tmp/slides.txt"
fi
cli --db "$cdb" slides "$short" --aspect 4:3 --theme high-contrast -o "$tmp/slides43.pdf"
check "slides with the id's beginning, --aspect 4:3 --theme high-contrast" \
  sh -c 'test "$1" -eq 0 && test "$(head -c 5 "$2")" = "%PDF-"' _ "$rc" "$tmp/slides43.pdf"
if command -v pdfinfo >/dev/null 2>&1; then
  check "… 720 x 540 pt pages" sh -c 'pdfinfo "$1" | grep -q "^Page size: *720 x 540 pts"' _ "$tmp/slides43.pdf"
fi
cli --db "$cdb" slides "$cer_id" --aspect 5:4 -o "$tmp/bad.pdf"
check "slides --aspect 5:4 → exit 1, a message naming 4:3, no file" \
  sh -c 'test "$1" -eq 1 && grep -q "4:3" "$2" && ! test -e "$3"' _ "$rc" "$tmp/err" "$tmp/bad.pdf"
cli --db "$cdb" slides "$cer_id" --theme pink -o "$tmp/bad.pdf"
check "slides --theme pink → exit 1, a message naming high-contrast" \
  sh -c 'test "$1" -eq 1 && grep -q "high-contrast" "$2" && ! test -e "$3"' _ "$rc" "$tmp/err" "$tmp/bad.pdf"
cli --db "$cdb" slides "$cer_id"
check "slides without -o → exit 1, a message naming -o, nothing on stdout" \
  sh -c 'test "$1" -eq 1 && grep -q -- "-o" "$2" && ! test -s "$3"' _ "$rc" "$tmp/err" "$tmp/out"
cli --db "$cdb" slides no-such-ceremony -o "$tmp/bad.pdf"
check "slides of an unknown ceremony → exit 1, no file" \
  sh -c 'test "$1" -eq 1 && grep -q "ceremony list" "$2" && ! test -e "$3"' _ "$rc" "$tmp/err" "$tmp/bad.pdf"
cli --db "$cdb" slides "$cer_id" -o - 
check "slides -o - writes the PDF to the standard output" \
  sh -c 'test "$1" -eq 0 && test "$(head -c 5 "$2")" = "%PDF-"' _ "$rc" "$tmp/out"

cli --db "$cdb" awards "$cer_id" --format csv -o "$tmp/awards.csv"
check "awards --format csv: a header row, then the Government's flag first" \
  sh -c 'test "$1" -eq 0 &&
         test "$(sed -n 1p "$2" | tr -d "\r" | sed "s/^\xEF\xBB\xBF//")" = "form,authority,decision_number,decision_date,stt,kind,name,position,organisation" &&
         sed -n 2p "$2" | grep -qi "^Cờ thi đua của Chính phủ,"' _ "$rc" "$tmp/awards.csv"
check "… one row per recipient: 01 collective, 02 individuals" \
  sh -c 'test "$(grep -c ",collective," "$1")" -eq 1 && test "$(grep -c ",individual," "$1")" -eq 2' _ "$tmp/awards.csv"

cli --db "$cdb" awards "$cer_id" --format xlsx -o "$tmp/awards.xlsx"
check "awards --format xlsx -o FILE writes a workbook" test "$rc" -eq 0 -a -s "$tmp/awards.xlsx"
if command -v unzip >/dev/null 2>&1; then
  check "… whose sheet has the title and the group rows (unzip)" \
    sh -c 'unzip -p "$1" xl/sharedStrings.xml >"$2" && grep -q "DANH SÁCH KHEN THƯỞNG" "$2" &&
           grep -qi "I\. Cờ thi đua của Chính phủ" "$2" && grep -q "outlineLevel=\"1\"" "$3"' \
      _ "$tmp/awards.xlsx" "$tmp/strings.xml" "$(unzip -p "$tmp/awards.xlsx" xl/worksheets/sheet1.xml >"$tmp/sheet.xml"; echo "$tmp/sheet.xml")"
fi

cli --db "$cdb" awards "$cer_id" --format json
check "awards --format json prints the award documents" \
  sh -c 'test "$1" -eq 0 && head -c 1 "$2" | grep -q "\[" && grep -q "\"type\" : \"award\"" "$2"' _ "$rc" "$tmp/out"

cli --db "$cdb" ceremony show no-such-ceremony
check "ceremony show with an unknown id → exit 1, naming it" \
  sh -c 'test "$1" -eq 1 && grep -q "no-such-ceremony" "$2"' _ "$rc" "$tmp/err"
cli --db "$cdb" ceremony dance
check "ceremony with an unknown subcommand → exit 1" test "$rc" -eq 1
cli --db "$cdb" awards
check "awards without an id → exit 1" test "$rc" -eq 1
cli --db "$cdb" awards "$cer_id" --format pdf
check "awards --format pdf → exit 1" test "$rc" -eq 1
cli --db "$tmp/empty.db" ceremony ics "$cer_id"
check "ceremony ics on a new database → exit 1, no database left behind" \
  sh -c 'test "$1" -eq 1 && ! test -e "$2"' _ "$rc" "$tmp/empty.db"

# --- bad input: exit 1, a message, nothing written -----------------------------
sum_before=$(sha256sum <"$db")
"$TKT_CLI" --db "$db" export --format json >"$tmp/before.json" 2>/dev/null

cli --db "$db" import "$data/bad-date.csv"
check "a CSV with a bad date → exit 1" test "$rc" -eq 1
check "… the message names the line and column" \
  grep -q "line 3, column “Kết thúc”: .*31/02/2024" "$tmp/err"

cli --db "$db" import "$data/bad-syntax.json"
check "a JSON syntax error → exit 1, message with line and column" \
  sh -c 'test "$1" -eq 1 && grep -q "line 3, column [0-9]" "$2"' _ "$rc" "$tmp/err"

cli --db "$db" import "$tmp/no-such-file.json"
check "a missing file → exit 1 with a message" test "$rc" -eq 1 -a -s "$tmp/err"

check "… and the database file is unchanged (sha256)" test "$(sha256sum <"$db")" = "$sum_before"
"$TKT_CLI" --db "$db" export --format json >"$tmp/after.json" 2>/dev/null
check "… and its documents are unchanged" cmp -s "$tmp/before.json" "$tmp/after.json"

cli --db "$tmp/never.db" import "$data/bad-date.csv"
check "a failed import into a new path leaves no database behind" \
  sh -c 'test "$1" -eq 1 && ! test -e "$2"' _ "$rc" "$tmp/never.db"

# --- bad arguments -------------------------------------------------------------
cli --db "$db" frobnicate
check "an unknown command → exit 1 with a message" \
  sh -c 'test "$1" -eq 1 && grep -q "frobnicate" "$2"' _ "$rc" "$tmp/err"
cli
check "no command → exit 1" test "$rc" -eq 1
cli --db "$db" export --format xml
check "export --format xml → exit 1" test "$rc" -eq 1
cli --db "$db" list things
check "list things → exit 1" test "$rc" -eq 1
cli --db "$db" list tasks --level imperial
check "list --level imperial → exit 1" test "$rc" -eq 1
cli --db "$db" import
check "import without a file → exit 1" test "$rc" -eq 1
cli --no-such-option
check "an unknown option → exit 1" test "$rc" -eq 1
cli --db "$tmp/no/such/folder/x.db" list tasks
check "--db in a folder that does not exist → exit 1 with a message" \
  sh -c 'test "$1" -eq 1 && grep -q "does not exist" "$2"' _ "$rc" "$tmp/err"
cli --db "$tmp/fresh.db" export --format csv -o "$tmp/no/such/folder/out.csv"
check "export to a folder that does not exist → exit 1, no database left behind" \
  sh -c 'test "$1" -eq 1 && ! test -e "$2"' _ "$rc" "$tmp/fresh.db"

# --- a file that is not a database ---------------------------------------------
printf 'Hello, this is not a database.\n%.0s' $(seq 1 200) >"$tmp/notes.txt"
sum_before=$(sha256sum <"$tmp/notes.txt")
cli --db "$tmp/notes.txt" list tasks
check "--db on a text file → exit 1" test "$rc" -eq 1
check "… with a message on stderr" test -s "$tmp/err"
cli --db "$tmp/notes.txt" import "$data/sort-tasks.json"
check "import into it → exit 1" test "$rc" -eq 1
check "… and the file is unchanged (sha256)" test "$(sha256sum <"$tmp/notes.txt")" = "$sum_before"
check "… with no -wal/-shm/-journal left beside it" \
  sh -c '! ls "$1"-* >/dev/null 2>&1' _ "$tmp/notes.txt"

# --- more bad input (the catalogue in tests/README.md) -------------------------
bdb="$tmp/bad-input.db"
cli --db "$bdb" import "$data/sort-tasks.json"

printf 'code,title\nA1,\320\350 t\340i\n' >"$tmp/latin1.csv"
cli --db "$bdb" import "$tmp/latin1.csv"
check "a Latin-1 CSV → exit 1, “save it as CSV UTF-8”" \
  sh -c 'test "$1" -eq 1 && grep -q "line 2: the file is not UTF-8 text (save it as “CSV UTF-8”)" "$2"' _ "$rc" "$tmp/err"

: >"$tmp/empty.json"
cli --db "$bdb" import "$tmp/empty.json"
check "an empty file → exit 1, “The file is empty”" \
  sh -c 'test "$1" -eq 1 && grep -q "empty.json: The file is empty" "$2"' _ "$rc" "$tmp/err"
LANGUAGE=vi cli --db "$bdb" import "$tmp/empty.json"
check_vi "… in Vietnamese: “Tệp trống”" \
  sh -c 'test "$1" -eq 1 && grep -q "empty.json: Tệp trống" "$2"' _ "$rc" "$tmp/err"

"$py" -c 'import sys; n = 100000; sys.stdout.write("[" * n + "]" * n)' >"$tmp/deep.json"
cli --db "$bdb" import "$tmp/deep.json"
check "JSON nested 100,000 deep → exit 1 (not a crash), “not closed”/“too deeply”" \
  sh -c 'test "$1" -eq 1 && grep -q "Not valid JSON: line 1" "$2"' _ "$rc" "$tmp/err"
"$py" -c 'import sys; n = 100000; sys.stdout.write("[{\"_id\": \"task:d\", \"type\": \"task\", \"title\": \"d\", \"x\": " + "[" * n + "]" * n + "}]")' >"$tmp/deep2.json"
cli --db "$bdb" import "$tmp/deep2.json"
check "… a document nested 100,000 deep → exit 1, “nested too deeply”" \
  sh -c 'test "$1" -eq 1 && grep -q "nested too deeply" "$2"' _ "$rc" "$tmp/err"

printf 'code,title\nCSV.01,Một\nCSV.02,Hai\n' >"$tmp/twice.csv"
cli --db "$bdb" import "$tmp/twice.csv"
cli --db "$bdb" import "$tmp/twice.csv"
check "the same CSV imported twice → exit 1 the second time, the code named" \
  sh -c 'test "$1" -eq 1 && grep -q "line 2, column “code”: the code “CSV.01” belongs to a task already in the register" "$2"' _ "$rc" "$tmp/err"
cli --db "$bdb" list tasks --search "CSV.01"
check "… and the task is there once" test "$(grep -c "^CSV.01	" "$tmp/out")" -eq 1

cli --db "$bdb" list tasks --year abc
check "list --year abc → exit 1, naming --year" \
  sh -c 'test "$1" -eq 1 && grep -q -- "--year" "$2"' _ "$rc" "$tmp/err"
cli --db "$bdb" report 2023 --format
check "report --format with no value → exit 1" \
  sh -c 'test "$1" -eq 1 && grep -q "Missing argument for --format" "$2"' _ "$rc" "$tmp/err"

mkdir -p "$tmp/a-folder.db"
cli --db "$tmp/a-folder.db" list tasks
check "--db naming a folder → exit 1, “not a regular file”" \
  sh -c 'test "$1" -eq 1 && grep -q "is not a Tongket database: it is not a regular file" "$2"' _ "$rc" "$tmp/err"

head -c 40000 "$bdb" >"$tmp/cut.db"
sum_cut=$(sha256sum <"$tmp/cut.db")
cli --db "$tmp/cut.db" list tasks
check "a database cut short (a copy that stopped half-way) → exit 1, “damaged”, unchanged" \
  sh -c 'test "$1" -eq 1 && grep -q "the file is damaged" "$2" && test "$(sha256sum <"$3")" = "$4"' _ "$rc" "$tmp/err" "$tmp/cut.db" "$sum_cut"

cp "$bdb" "$tmp/newer.db"
"$py" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE meta SET value = 99 WHERE key = '"'"'schema_version'"'"'"); c.commit(); c.close()' "$tmp/newer.db"
sum_newer=$(sha256sum <"$tmp/newer.db")
cli --db "$tmp/newer.db" import "$data/sort-tasks.json"
check "a database from a newer Tongket → exit 1, “Update Tongket”, unchanged" \
  sh -c 'test "$1" -eq 1 && grep -q "was written by a newer version of Tongket (database version 99" "$2" && test "$(sha256sum <"$3")" = "$4"' _ "$rc" "$tmp/err" "$tmp/newer.db" "$sum_newer"
LANGUAGE=vi cli --db "$tmp/newer.db" list tasks
check_vi "… in Vietnamese: “phiên bản Tongket mới hơn”" grep -q "được ghi bởi phiên bản Tongket mới hơn" "$tmp/err"

# --- CSV from Excel ------------------------------------------------------------
cli --db "$tmp/excel.db" import "$data/tasks-excel.csv"
check "a CSV with a UTF-8 BOM, ';', CRLF and Vietnamese headers imports" \
  sh -c 'test "$1" -eq 0 && grep -q "^Imported 3 documents$" "$2"' _ "$rc" "$tmp/out"
cli --db "$tmp/excel.db" list tasks --sort code
check "… with its values converted (code, level, dates, money)" \
  grep -q "$(printf '^ĐB.2024.01\tNghiên cứu bảo tồn giống lúa nếp Tan ở Điện Biên\tprovincial\t.*\t2024-02-01\t2025-12-31\t1250000000$')" "$tmp/out"
cli --db "$tmp/excel.db" list tasks --search "chuoi gia tri"
check "… a quoted title with a line break and doubled quotes survives" \
  grep -qF '"chuỗi giá trị" cà phê Mường Ảng' "$tmp/out"

# --- the default database lives in the user data folder -----------------------
cli import "$data/sort-tasks.json"
check "without --db the database goes to \$XDG_DATA_HOME/tongket/tongket.db" \
  test "$rc" -eq 0 -a -f "$XDG_DATA_HOME/tongket/tongket.db"

# --- conflicts ----------------------------------------------------------------
# Two versions of one task, as sync brings them: imported with their _rev and
# _revisions (CouchDB's new_edits=false), both children of 1-a.
h () { printf '%s' "$1" | md5sum | cut -c1-32; }
ha=$(h a); hb=$(h b); hc=$(h c)
cdb="$tmp/conflicts.db"
cat >"$tmp/side-b.json" <<EOF
[{"_id": "task:xung-dot", "_rev": "2-$hb", "_revisions": {"start": 2, "ids": ["$hb", "$ha"]},
  "type": "task", "title": "Giống lúa nếp Tan ở Điện Biên", "budget": {"local": 250000000},
  "pi": "Lò Văn Đường", "modified": {"at": "2024-03-01T08:00:00+07:00", "by": "Lò Văn Đường"}}]
EOF
cat >"$tmp/side-c.json" <<EOF
[{"_id": "task:xung-dot", "_rev": "2-$hc", "_revisions": {"start": 2, "ids": ["$hc", "$ha"]},
  "type": "task", "title": "Giống lúa nếp Tan ở Mường Ảng", "budget": {"local": 300000000},
  "pi": "Lò Văn Đường", "modified": {"at": "2024-03-02T09:00:00+07:00", "by": "Quàng Thị Hoa"}},
 {"_id": "task:binh-yen", "type": "task", "title": "Không xung đột"}]
EOF
cli --db "$cdb" conflicts list
check "conflicts list on a database without conflicts: the header only" \
  sh -c 'test "$1" -eq 0 && test "$(cat "$2")" = "$(printf "id\ttitle\tversions")"' _ "$rc" "$tmp/out"
cli --db "$cdb" import "$tmp/side-b.json"
cli --db "$cdb" import "$tmp/side-c.json"
cli --db "$cdb" conflicts list
check "conflicts list shows the task, its title and its 2 versions" \
  sh -c 'test "$1" -eq 0 && test "$(wc -l <"$2")" -eq 2 && grep -q "^task:xung-dot	Giống lúa nếp Tan ở .*	2$" "$2"' _ "$rc" "$tmp/out"
cli --db "$cdb" conflicts show task:xung-dot
check "conflicts show lists both revisions with who changed them" \
  sh -c 'test "$1" -eq 0 && grep -q "2-$2.*Lò Văn Đường" "$4" && grep -q "2-$3.*Quàng Thị Hoa" "$4"' _ "$rc" "$hb" "$hc" "$tmp/out"
check "… the differing fields side by side (title, budget.local), not the equal ones (pi)" \
  sh -c 'grep -q "^  title  *Giống lúa nếp Tan ở Điện Biên  *Giống lúa nếp Tan ở Mường Ảng$" "$1" &&
         grep -q "^  budget.local  *[0-9]*  *[0-9]*$" "$1" && grep -q "250000000" "$1" && grep -q "300000000" "$1" &&
         ! grep -q "^  pi " "$1"' _ "$tmp/out"
cli --db "$cdb" conflicts show task:binh-yen
check "conflicts show of a task without conflict → exit 1 with a message" \
  sh -c 'test "$1" -eq 1 && grep -q "no conflicting versions" "$2"' _ "$rc" "$tmp/err"
cli --db "$cdb" conflicts show
check "conflicts show without an id → exit 1" test "$rc" -eq 1
cli --db "$cdb" conflicts resolve task:xung-dot
check "conflicts resolve without --keep → exit 1 (usage)" test "$rc" -eq 1
cli --db "$cdb" conflicts resolve task:xung-dot --keep 2-
check "… a prefix that fits both versions → exit 1" \
  sh -c 'test "$1" -eq 1 && grep -q "More than one version" "$2"' _ "$rc" "$tmp/err"
cli --db "$cdb" conflicts resolve task:xung-dot --keep 3-nothing
check "… a revision that is not one of the versions → exit 1" test "$rc" -eq 1
cli --db "$cdb" conflicts list
check "… and nothing was resolved by them" \
  sh -c 'test "$(wc -l <"$1")" -eq 2' _ "$tmp/out"
keep=$(printf '2-%s' "$hb" | cut -c1-10)
cli --db "$cdb" conflicts resolve task:xung-dot --keep "$keep"
check "conflicts resolve --keep keeps that version (a unique prefix is enough)" \
  sh -c 'test "$1" -eq 0 && grep -q "^Kept version 2-$2 of “task:xung-dot”; 1 other version deleted. New revision: 3-" "$3"' _ "$rc" "$hb" "$tmp/out"
cli --db "$cdb" conflicts list
check "… the conflict is gone from the list" \
  sh -c 'test "$1" -eq 0 && test "$(wc -l <"$2")" -eq 1' _ "$rc" "$tmp/out"
cli --db "$cdb" list tasks --format json
check "… and the kept side is the task now" \
  sh -c 'grep -q "Giống lúa nếp Tan ở Điện Biên" "$1" && ! grep -q "Mường Ảng" "$1"' _ "$tmp/out"
cli --db "$cdb" conflicts resolve task:xung-dot --keep "2-$hb"
check "resolving again → exit 1 (no conflict any more)" test "$rc" -eq 1

echo "1..$n"
exit $failed
