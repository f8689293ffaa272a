#!/usr/bin/env bash
# Times netkeep beside `cat` and `rg` on generated vaults, in one run, and
# prints the ratios and peak memory as a table; then how long `watch` takes
# from a saved note to a rewritten agenda (bench/watch.sh, which runs alone
# too).
#
#   bash bench/run.sh                      # 1k, 10k and 50k contacts x 200 entries
#   SIZES="10000" RUNS=5 bash bench/run.sh # just one size
#   STYLES=long bash bench/run.sh          # only the vaults with long entries
#
# Vaults are generated once into $BENCH_DIR (default target/bench) by the
# seeded generator `examples/gen_vault.rs`, so every run measures the same
# bytes. netkeep's note cache goes to $BENCH_DIR/cache, never the user's.
# Rows: reports with a warm cache (the everyday case: nothing changed since
# the last run), the same with `--no-cache` (every note read and parsed, as
# on a first run), and `agenda` right after a note was edited (that note is
# read again, the rest comes from the cache). Needs hyperfine and rg:
# installed with apt-get / cargo when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
# short: one-line entries (~50 bytes); long: 150-300-byte entries with
# sub-bullets and long front matter (examples/gen_vault.rs).
STYLES=${STYLES:-"short long"}
ENTRIES=${ENTRIES:-200}
RUNS=${RUNS:-10}
BENCH_DIR=${BENCH_DIR:-target/bench}
TODAY=2026-11-23
export NETKEEP_TODAY=$TODAY NO_COLOR=1
# Made absolute; one given absolute is kept as it is (prefixing $PWD put the
# cache in the working tree).
case $BENCH_DIR in /*) ;; *) BENCH_DIR=$PWD/$BENCH_DIR ;; esac
export NETKEEP_CACHE_DIR=$BENCH_DIR/cache
unset NETKEEP_NO_CACHE NETKEEP_VAULT

if ! command -v rg >/dev/null; then cargo install ripgrep --locked; fi
if ! command -v hyperfine >/dev/null; then
  apt-get install -y hyperfine >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null)
fi
if [ ! -x /usr/bin/time ]; then apt-get install -y time >/dev/null 2>&1 || true; fi

cargo build --profile profiling --quiet --bin netkeep --example gen_vault
NETKEEP=$PWD/target/profiling/netkeep
mkdir -p "$BENCH_DIR"
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

for style in $STYLES; do
for n in $SIZES; do
  vault="$BENCH_DIR/vault-$n-$ENTRIES-$style"
  if [ ! -f "$vault/netkeep.toml" ]; then
    rm -rf "$vault"
    target/profiling/examples/gen_vault "$vault" "$n" "$ENTRIES" 42 "$style"
  fi
  key="$n-$style"
  # Notes are cached once they have been left alone for two seconds.
  sleep 2
  # `log` appends to one note and the edit row to another; both are put
  # back after each size.
  who=$(cd "$vault/people/00" && ls | sed -n 1p | sed 's/\.md$//')
  note="$vault/people/00/$who.md"
  edited="$vault/people/01/$(cd "$vault/people/01" && ls | sed -n 1p)"
  cp "$note" "$note.bench-backup"
  cp "$edited" "$edited.bench-backup"
  files=$(find "$vault" -name '*.md' -not -path '*/.*' | wc -l)
  bytes=$(find "$vault" -name '*.md' -not -path '*/.*' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  echo "== $n contacts, $style entries: $files files, $((bytes / 1000000)) MB" >&2
  # Warm the cache for this vault.
  "$NETKEEP" --vault "$vault" overdue > /dev/null 2>&1 || true
  names=(
    "cat"
    "rg -c ^"
    "overdue --format json"
    "agenda"
    "list --format json"
    "check"
    "overdue, no cache"
    "agenda, no cache"
    "agenda, empty cache"
    "agenda after an edit"
    "log"
  )
  cmds=(
    "find $vault -name '*.md' -print0 | xargs -0 cat > /dev/null"
    "rg -c ^ $vault > /dev/null"
    "$NETKEEP --vault $vault overdue --format json > /dev/null"
    "$NETKEEP --vault $vault agenda > /dev/null"
    "$NETKEEP --vault $vault list --format json > /dev/null"
    "$NETKEEP --vault $vault check > /dev/null || true"
    "$NETKEEP --vault $vault --no-cache overdue --format json > /dev/null"
    "$NETKEEP --vault $vault --no-cache agenda > /dev/null"
    "NETKEEP_CACHE_DIR=$BENCH_DIR/empty-cache $NETKEEP --vault $vault agenda > /dev/null"
    "$NETKEEP --vault $vault agenda > /dev/null"
    "$NETKEEP --vault $vault log '$who' bench run > /dev/null"
  )
  prepares=("" "" "" "" "" "" "" ""
    "rm -rf $BENCH_DIR/empty-cache"
    "echo '- 2026-11-20 -> edited #bench' >> '$edited'"
    "")
  for i in "${!cmds[@]}"; do
    json=$(mktemp)
    prepare=()
    if [ -n "${prepares[$i]}" ]; then prepare=(--prepare "${prepares[$i]}"); fi
    hyperfine --shell=bash --warmup 2 --runs "$RUNS" "${prepare[@]}" --export-json "$json" "${cmds[$i]}" > /dev/null 2>&1
    mean=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(r['mean'], r['stddev'] or 0)" "$json")
    rm -f "$json"
    if [ -n "${prepares[$i]}" ]; then bash -c "${prepares[$i]}"; fi
    rss=$( { /usr/bin/time -f '%M' bash -c "${cmds[$i]}" 2>&1 >/dev/null; } | tail -1 )
    echo "$key|${names[$i]}|$mean|$rss" >> "$RESULTS"
  done
  mv "$note.bench-backup" "$note"
  mv "$edited.bench-backup" "$edited"

done
done

python3 - "$RESULTS" <<'PY'
import sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
by_size = {}
for size, name, mean_sd, rss in rows:
    mean, sd = (float(x) for x in mean_sd.split())
    by_size.setdefault(size, {})[name] = (mean, sd, int(rss) if rss.isdigit() else 0)
def order(key):
    n, style = key.split("-")
    return (style, int(n))
print(f"{'contacts':>11}  {'command':<22} {'wall s':>8} {'±':>6} {'x rg':>6} {'x cat':>6} {'peak MB':>8}")
for size in sorted(by_size, key=order):
    r = by_size[size]
    rg, cat = r["rg -c ^"][0], r["cat"][0]
    for name, (mean, sd, rss) in r.items():
        print(f"{size:>11}  {name:<22} {mean:8.3f} {sd:6.3f} {mean / rg:6.2f} {mean / cat:6.2f} {rss / 1024:8.0f}")
for style in ("short", "long"):
    small, large = f"10000-{style}", f"50000-{style}"
    if small in by_size and large in by_size:
        for name in ("overdue --format json", "agenda", "list --format json", "overdue, no cache"):
            print(f"growth 10k -> 50k, {style}, {name}: {by_size[large][name][0] / by_size[small][name][0]:.2f}x (linear is 5x)")
PY

# watch: save a note, time until the agenda file is rewritten.
SIZES=$SIZES STYLES=$STYLES ENTRIES=$ENTRIES BENCH_DIR=$BENCH_DIR NO_BUILD=1 bash bench/watch.sh
