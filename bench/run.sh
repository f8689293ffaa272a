#!/usr/bin/env bash
# Times netkeep beside `cat` and `rg` on generated vaults, in one run, and
# prints the ratios and peak memory as a table.
#
#   bash bench/run.sh                      # 1k, 10k and 50k contacts x 200 entries
#   SIZES="10000" RUNS=5 bash bench/run.sh # just one size
#
# Vaults are generated once into $BENCH_DIR (default target/bench) by the
# seeded generator `examples/gen_vault.rs`, so every run measures the same
# bytes. Needs hyperfine and rg: installed with apt-get / cargo when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
ENTRIES=${ENTRIES:-200}
RUNS=${RUNS:-10}
BENCH_DIR=${BENCH_DIR:-target/bench}
TODAY=2026-11-23
export NETKEEP_TODAY=$TODAY NO_COLOR=1

if ! command -v rg >/dev/null; then cargo install ripgrep --locked; fi
if ! command -v hyperfine >/dev/null; then
  apt-get install -y hyperfine >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null)
fi
if [ ! -x /usr/bin/time ]; then apt-get install -y time >/dev/null 2>&1 || true; fi

cargo build --release --quiet --bin netkeep --example gen_vault
NETKEEP=$PWD/target/release/netkeep
mkdir -p "$BENCH_DIR"
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

for n in $SIZES; do
  vault="$BENCH_DIR/vault-$n-$ENTRIES"
  if [ ! -f "$vault/netkeep.toml" ]; then
    rm -rf "$vault"
    target/release/examples/gen_vault "$vault" "$n" "$ENTRIES" 42
  fi
  # `log` appends to one note; it is put back after each size.
  who=$(cd "$vault/people/00" && ls | head -1 | sed 's/\.md$//')
  note="$vault/people/00/$who.md"
  cp "$note" "$note.bench-backup"
  files=$(find "$vault" -name '*.md' -not -path '*/.*' | wc -l)
  bytes=$(find "$vault" -name '*.md' -not -path '*/.*' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  echo "== $n contacts: $files files, $((bytes / 1000000)) MB" >&2
  declare -a names=(
    "cat"
    "rg -c ^"
    "overdue --format json"
    "agenda"
    "list --format json"
    "check"
    "log"
  )
  declare -a cmds=(
    "find $vault -name '*.md' -print0 | xargs -0 cat > /dev/null"
    "rg -c ^ $vault > /dev/null"
    "$NETKEEP --vault $vault overdue --format json > /dev/null"
    "$NETKEEP --vault $vault agenda > /dev/null"
    "$NETKEEP --vault $vault list --format json > /dev/null"
    "$NETKEEP --vault $vault check > /dev/null || true"
    "$NETKEEP --vault $vault log '$who' bench run > /dev/null"
  )
  for i in "${!cmds[@]}"; do
    json=$(mktemp)
    hyperfine --shell=bash --warmup 2 --runs "$RUNS" --export-json "$json" "${cmds[$i]}" > /dev/null 2>&1
    mean=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(r['mean'], r['stddev'] or 0)" "$json")
    rm -f "$json"
    rss=$( { /usr/bin/time -f '%M' bash -c "${cmds[$i]}" 2>&1 >/dev/null; } | tail -1 )
    echo "$n|${names[$i]}|$mean|$rss" >> "$RESULTS"
  done
  mv "$note.bench-backup" "$note"
done

python3 - "$RESULTS" <<'PY'
import sys
rows = [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
by_size = {}
for size, name, mean_sd, rss in rows:
    mean, sd = (float(x) for x in mean_sd.split())
    by_size.setdefault(int(size), {})[name] = (mean, sd, int(rss) if rss.isdigit() else 0)
print(f"{'contacts':>8}  {'command':<22} {'wall s':>8} {'±':>6} {'x rg':>6} {'x cat':>6} {'peak MB':>8}")
for size in sorted(by_size):
    r = by_size[size]
    rg, cat = r["rg -c ^"][0], r["cat"][0]
    for name, (mean, sd, rss) in r.items():
        print(f"{size:>8}  {name:<22} {mean:8.3f} {sd:6.3f} {mean / rg:6.2f} {mean / cat:6.2f} {rss / 1024:8.0f}")
sizes = sorted(by_size)
if 10000 in by_size and 50000 in by_size:
    for name in ("overdue --format json", "agenda", "list --format json"):
        print(f"growth 10k -> 50k, {name}: {by_size[50000][name][0] / by_size[10000][name][0]:.2f}x (linear is 5x)")
PY
