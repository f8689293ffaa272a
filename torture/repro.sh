#!/usr/bin/env bash
# Runs each repro of the hostile probe (issue "Nothing lost, nothing outside
# the vault") against a netkeep binary and says, for each, whether netkeep
# now behaves as promised. Everything happens in a fresh temporary folder.
#
#   bash torture/repro.sh                 # builds target/release/netkeep
#   NETKEEP=path/to/netkeep bash torture/repro.sh
#
# Each line: PASS or FAIL, the hole's number, what was checked. Exit 1 if
# any failed. The regression tests named in the README cover the same.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${NETKEEP:-}" ]; then
  cargo build --release --quiet --bin netkeep
  NETKEEP=$PWD/target/release/netkeep
fi
export NETKEEP_TODAY=2026-11-23 NO_COLOR=1 NETKEEP_LOCK_WAIT_MS=500
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export NETKEEP_CACHE_DIR=$T/cache
failed=0
say() { if [ "$1" = 0 ]; then echo "PASS $2"; else echo "FAIL $2"; failed=1; fi; }
vault() { # a fresh vault V with people/Good.md
  V=$T/v$RANDOM; mkdir -p "$V/people"
  printf -- '---\ncadence: 1w\n---\n# Good\n\n## Log\n- 2026-11-01 lunch\n' > "$V/people/Good.md"
}
nk() { timeout 20 "$NETKEEP" --vault "$V" "$@"; }

vault; echo precious > "$T/victim.txt"; ln -s ../../victim.txt "$V/people/.Good.md.netkeep-tmp"
nk log Good hi >/dev/null 2>&1; nk new Planted >/dev/null 2>&1
[ "$(cat "$T/victim.txt")" = precious ] && [ ! -L "$V/people/Good.md" ]; say $? "1  a planted symlink at the temp name redirects nothing"

vault; nk agenda --write /dev/null >/dev/null 2>&1; r=$?
[ $r -ne 0 ] && [ -c /dev/null ]; say $? "2  agenda --write /dev/null is refused; /dev/null stays a device"
vault; mkfifo "$V/Fifo.md"; nk agenda --write "$V/Fifo.md" >/dev/null 2>&1; r=$?
[ $r -ne 0 ] && [ $r -ne 124 ]; say $? "2  agenda --write on a FIFO is refused, not hung"
vault; nk export ics -o /dev/zero >/dev/null 2>&1; r=$?
[ $r -ne 0 ] && [ $r -ne 124 ]; say $? "2  export ics -o /dev/zero is refused, not read"
vault; cp "$V/people/Good.md" "$T/good.before"; nk export ics -o "$V/people/Good.md" >/dev/null 2>&1
cmp -s "$T/good.before" "$V/people/Good.md"; say $? "2  export ics -o onto a note leaves the note"

vault; nk log Good $'a\n- 2020-01-01 <- injected\n---' >/dev/null 2>&1
! grep -q injected "$V/people/Good.md"; say $? "7  a newline in log text plants nothing"
vault; nk new Inj --company $'Acme\n---\n- 2026-11-20 <- injected' >/dev/null 2>&1
! grep -qs injected "$V/people/Inj.md"; say $? "7  a newline in new --company plants nothing"
vault; mkdir -p "$V/Templates"; printf -- '---\ncircle: {{circle}}\n---\n# {{name}}\n' > "$V/Templates/Person.md"
echo 'new_template = "Templates/Person.md"' > "$V/netkeep.toml"
nk new 'Ana: the Great' --circle 'friend #1' >/dev/null 2>&1
nk check 2>&1 | grep -q "Ana the Great.*not valid YAML"; [ $? -ne 0 ] && nk --today 2026-11-23 list --format json 2>/dev/null | grep -q '"circle": "friend #1"'; say $? "7  template values are YAML-quoted (a colon, a #)"

vault; chmod 444 "$V/people/Good.md"; nk log Good hi >/dev/null 2>&1; r=$?
[ $r -ne 0 ] && ! grep -q hi "$V/people/Good.md"; say $? "8  a read-only note is not rewritten (even as root)"
vault; chmod 600 "$V/people/Good.md"; nk log Good hi >/dev/null 2>&1
[ "$(stat -c %a "$V/people/Good.md")" = 600 ]; say $? "8  a 0600 note stays 0600"
if [ "$(id -u)" = 0 ]; then
  vault; chown 4321:4321 "$V/people/Good.md"; nk log Good hi >/dev/null 2>&1
  [ "$(stat -c %u:%g "$V/people/Good.md")" = 4321:4321 ]; say $? "8  root keeps the note's owner"
fi

vault; printf '%s' '## Log' | iconv -t UTF-16LE > "$V/people/Wide.md"; cp "$V/people/Wide.md" "$T/wide.before"
out=$(nk log Wide hi 2>&1); cmp -s "$T/wide.before" "$V/people/Wide.md" && grep -q "NUL" <<<"$out"; say $? "9  UTF-16 without a BOM is named, never rewritten"

vault; ln -s / "$V/people/root"; timeout 20 "$NETKEEP" --vault "$V" list >/dev/null 2>&1; r=$?
[ $r -ne 124 ]; say $? "11 a symlink to / is not walked"
vault; python3 - "$V/people/Links.md" <<'PY'
import sys; open(sys.argv[1], "w").write("## Log\n- 2026-11-01 " + "[[Good]] " * 200000 + "\n")
PY
s=$(date +%s%N); nk list >/dev/null 2>&1; ms=$(( ($(date +%s%N) - s) / 1000000 ))
[ $ms -lt 5000 ]; say $? "11 a 2 MB line of links reads in ${ms} ms (was 10 s)"
vault; python3 - "$V/people/Deep.md" <<'PY'
import sys; open(sys.argv[1], "w").write("---\nx: " + "[" * 32000 + "]" * 32000 + "\n---\n")
PY
s=$(date +%s%N); nk list >/dev/null 2>&1; ms=$(( ($(date +%s%N) - s) / 1000000 ))
[ $ms -lt 1000 ]; say $? "11 a 32k-deep flow list costs ${ms} ms (was 4 s)"
vault; nk export ics --days 100000000 >/dev/null 2>&1; r=$?
[ $r -eq 2 ]; say $? "11 export ics --days 100000000 is a usage error"

vault; nk agenda > /dev/full 2>/dev/null; r=$?
[ $r -eq 1 ]; say $? "12 a report to a full disk exits 1"
vault; printf -- '---\nlast_contact: 2027-05-01\ncadence: 1w\n---\n' > "$V/people/Future.md"
nk check 2>&1 | grep -q "Future.md.*after today"; say $? "12 a future last_contact is a warning"

vault; printf -- '---\ncircle: friend\n\n# no closing line\n' > "$V/people/Open.md"; printf -- 'a\rb\r' > "$V/people/Mac.md"
printf '\xef\xbb\xbf\xef\xbb\xbf---\ncircle: friend\n---\n' > "$V/people/Boms.md"
c=$(nk check 2>&1); grep -q "Open.md" <<<"$c" && grep -q "Mac.md" <<<"$c" && grep -q "Boms.md" <<<"$c"; say $? "13 unclosed front matter, CR-only lines and a double BOM are named"
vault; mkdir -p "$T/out"; ln -s "$T/out" "$V/people/out"; nk new Esc --dir people/out >/dev/null 2>&1
[ ! -e "$T/out/Esc.md" ]; say $? "13 new --dir through a symlink stays in the vault"

[ $failed = 0 ] && echo "every repro behaves as promised"
exit $failed
