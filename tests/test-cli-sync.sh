#!/bin/sh
# test-cli-sync.sh — "tongket-cli sync" against pouchdb-server on 127.0.0.1,
# driven as a user drives it; prints TAP.  Skips (TAP "1..0 # SKIP") when
# pouchdb-server is not installed (build-aux/test installs it).
set -u

: "${TKT_CLI:?set TKT_CLI to the tongket-cli binary}"
server=${TKT_POUCHDB_SERVER:-${XDG_CACHE_HOME:-$HOME/.cache}/tongket-test/npm/node_modules/.bin/pouchdb-server}
if [ ! -x "$server" ]; then
  echo "1..0 # SKIP pouchdb-server is not installed (build-aux/test installs it)"
  exit 0
fi
if ! command -v curl >/dev/null; then
  echo "1..0 # SKIP curl is not installed"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-cli-sync-XXXXXX")
pid=
cleanup () {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export XDG_DATA_HOME="$tmp/xdg-data"
export LANGUAGE=en LC_ALL=C.UTF-8

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1)); echo "not ok $n - $1"; failed=1
  for f in "$tmp/out" "$tmp/err"; do
    [ -s "$f" ] && sed -n '1,15s/^/# /p' "$f"
  done
  return 0
}
check () { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
cli () { "$TKT_CLI" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# cli_pw PASSWORD ARGS…: the password on the standard input
cli_pw () { pw=$1; shift; printf '%s\n' "$pw" | "$TKT_CLI" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

# A free port from the kernel, then the server in its own folder.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
mkdir -p "$tmp/server"
(cd "$tmp/server" && exec "$server" --in-memory --port "$port" -n >/dev/null 2>&1) &
pid=$!
i=0
until curl -fs "$url/" >/dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -gt 300 ]; then echo "Bail out! pouchdb-server did not start"; exit 1; fi
  sleep 0.1
done
curl -fs -X PUT "$url/_config/admins/admin" -d '"s3cret"' >/dev/null

# --- one database up, another down ----------------------------------------------
cli --db "$tmp/a.db" demo
cli_pw s3cret --db "$tmp/a.db" sync "$url/dost" --user admin --password-stdin
check "sync to a missing database fails (exit 1)" test "$rc" -eq 1
check "…and says the database does not exist" grep -q "does not exist on the server" "$tmp/err"

cli_pw s3cret --db "$tmp/a.db" sync "$url/dost" --user admin --password-stdin --create
check "sync --create sends the register (exit 0)" test "$rc" -eq 0
check "…and prints a summary on stdout" grep -q "^Synced with $url/dost: 0 revisions received, [1-9][0-9]* sent" "$tmp/out"
check "…with progress on stderr" grep -q "^Syncing: " "$tmp/err"

cli_pw s3cret --db "$tmp/b.db" sync "$url/dost" --user admin --password-stdin --once
check "a new database syncs down (exit 0)" test "$rc" -eq 0
cli --db "$tmp/a.db" list tasks
sort "$tmp/out" >"$tmp/a.tasks"
cli --db "$tmp/b.db" list tasks
sort "$tmp/out" >"$tmp/b.tasks"
check "both databases list the same tasks" cmp -s "$tmp/a.tasks" "$tmp/b.tasks"
check "…and not none" test "$(wc -l <"$tmp/b.tasks")" -gt 10

cli_pw s3cret --db "$tmp/b.db" sync "$url/dost" --user admin --password-stdin
check "a second sync moves nothing" grep -q ": 0 revisions received, 0 sent" "$tmp/out"

# --- download again -------------------------------------------------------------------
# A change made here and never sent: a task's title edited (imported without
# its _rev, as a local edit).
cli --db "$tmp/b.db" export --format json -o "$tmp/b.json"
edited=$(python3 - "$tmp/b.json" "$tmp/edit.json" <<'EOF'
import json, sys
docs = json.load(open(sys.argv[1], encoding="utf-8"))["docs"]
task = next(d for d in docs if d.get("type") == "task")
for member in ("_rev", "_revisions"):
    task.pop(member, None)
task["title"] = "Sửa ở máy này, chưa gửi"
json.dump({"docs": [task]}, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
print(task["_id"])
EOF
)
cli --db "$tmp/b.db" import "$tmp/edit.json"
cli --db "$tmp/b.db" list tasks
check "an edit made here is in the list" grep -q "Sửa ở máy này" "$tmp/out"

cli_pw s3cret --db "$tmp/b.db" sync "$url/dost" --user admin --password-stdin --download-again
check "download again with an unsent change and no --unsent-to fails (exit 1)" test "$rc" -eq 1
check "…says how many changes were never sent: the one edit, from the push checkpoint" \
  grep -q "^tongket-cli: 1 document changed here was never sent to the server. Nothing was changed" "$tmp/err"
cli_pw wrong --db "$tmp/b.db" sync "$url/dost" --user admin --password-stdin --download-again --unsent-to "$tmp/unsent.json"
check "download again with a wrong password fails (exit 1)…" test "$rc" -eq 1
check "…and saves no file" test ! -e "$tmp/unsent.json"
cli --db "$tmp/b.db" list tasks
check "…and the edit is still here after both" grep -q "Sửa ở máy này" "$tmp/out"
cli --db "$tmp/b.db" sync "$url/dost" --download-again --live
check "--download-again with --live is refused" test "$rc" -eq 1
cli --db "$tmp/b.db" sync "$url/dost" --unsent-to "$tmp/unsent.json"
check "--unsent-to without --download-again is refused" test "$rc" -eq 1

cli_pw s3cret --db "$tmp/b.db" sync "$url/dost" --user admin --password-stdin --download-again --unsent-to "$tmp/unsent.json"
check "download again with --unsent-to succeeds (exit 0)" test "$rc" -eq 0
check "…saves the one unsent change" grep -q "^1 unsent change saved to $tmp/unsent.json" "$tmp/err"
check "…in a file that holds the edit" grep -q "Sửa ở máy này" "$tmp/unsent.json"
check "…and receives everything again" grep -q "^Synced with $url/dost: [1-9][0-9]* revisions received, 0 sent" "$tmp/out"
cli --db "$tmp/b.db" list tasks
sort "$tmp/out" >"$tmp/b.tasks"
check "…after which both databases list the same tasks again" cmp -s "$tmp/a.tasks" "$tmp/b.tasks"
cli --db "$tmp/d.db" import "$tmp/unsent.json"
check "the saved file imports (exit 0)" test "$rc" -eq 0
cli --db "$tmp/d.db" list tasks --format json
check "…as the edited task" grep -q "$edited" "$tmp/out"

# --- errors ------------------------------------------------------------------------
cli_pw wrong --db "$tmp/b.db" sync "$url/dost" --user admin --password-stdin
check "a wrong password fails (exit 1)" test "$rc" -eq 1
check "…says so" grep -q "did not accept the user name “admin”" "$tmp/err"
check "…and never prints the password" sh -c '! grep -q wrong "$1" "$2"' _ "$tmp/out" "$tmp/err"

cli --db "$tmp/b.db" sync "ftp://127.0.0.1/dost"
check "a URL that is not http(s) is refused (exit 1)" test "$rc" -eq 1 -a -s "$tmp/err"
cli --db "$tmp/b.db" sync "$url/dost" --once --live
check "--once with --live is refused" test "$rc" -eq 1
cli --db "$tmp/c.db" sync "$url/dost" --password-stdin </dev/null
check "--password-stdin without --user is refused" test "$rc" -eq 1
cli_pw wrong --db "$tmp/c.db" sync "$url/dost" --user admin --password-stdin
check "a failed first sync into a new file fails (exit 1)…" test "$rc" -eq 1
check "…and leaves no new database behind" test ! -e "$tmp/c.db"

echo "1..$n"
exit $failed
