#!/usr/bin/env bash
# Runs every report on a few vaults with an old netkeep and this one, with
# and without the note cache, and diffs what they print (stdout, stderr
# and exit code): a refactor that should change nothing must leave every
# byte as it was.
#
#   bash bench/same_output.sh                  # old = commit 2b6422f
#   BASE=<commit> bash bench/same_output.sh    # another old commit
#   OLD=/path/to/netkeep bash bench/same_output.sh
#
# The old binary is built from a worktree of BASE in its own target folder
# ($WORK/base, $WORK/base-target), once. Vaults: sample-vault/,
# tests/fixtures/basic and two generated ones (300 contacts x 50 entries,
# seed 42, short and long entries). Each binary has its own cache folder;
# each report runs with --no-cache, then with the cache twice (filling it,
# then from it). Exits non-zero when anything differs.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${BASE:-2b6422f}
WORK=${WORK:-/tmp/netkeep-same-output}
TODAY=2026-11-23
mkdir -p "$WORK"
export NO_COLOR=1
unset NETKEEP_NO_CACHE NETKEEP_VAULT NETKEEP_TODAY NETKEEP_CACHE_DIR NETKEEP_TIMINGS

cargo build --profile profiling --quiet --bin netkeep --example gen_vault
NEW=$PWD/target/profiling/netkeep
if [ -z "${OLD:-}" ]; then
  if [ ! -d "$WORK/base" ]; then git worktree add --detach "$WORK/base" "$BASE" > /dev/null; fi
  cargo build --profile profiling --quiet --bin netkeep \
    --manifest-path "$WORK/base/Cargo.toml" --target-dir "$WORK/base-target"
  OLD=$WORK/base-target/profiling/netkeep
fi

vaults=(sample-vault tests/fixtures/basic)
for style in short long; do
  dir=$WORK/gen-300-50-42-$style
  if [ ! -d "$dir" ]; then target/profiling/examples/gen_vault "$dir" 300 50 42 "$style" > /dev/null; fi
  vaults+=("$dir")
done
# Files changed in the last two seconds are not cached.
sleep 2

reports=(
  "agenda" "agenda --format json"
  "overdue" "overdue --format md" "overdue --format json" "overdue --format csv"
  "list" "list --format md" "list --format json" "list --format csv"
  "stats" "stats --format md" "stats --format json" "stats --format csv"
  "review" "review --format json"
  "dates" "dates --format md" "dates --format json" "dates --format csv"
  "check" "check --format json"
  "export ics"
)

# Prints every report of vault $2 by binary $1 into folder $3.
run_all() {
  local bin=$1 vault=$2 out=$3 cache=$4
  mkdir -p "$out"
  # `show` for a few contacts (notes under people/), and for the first
  # note of all, most often no contact: an error that must stay the same.
  local -a who=()
  # `sed -n` reads to the end, where `head` would leave `sort` a SIGPIPE that
  # pipefail turns into a failed, shortened list.
  mapfile -t who < <( (find "$vault" -path '*people*' -name '*.md' -not -path '*/.*' | sort | sed -n '1,4p'
    find "$vault" -name '*.md' -not -path '*/.*' | sort | sed -n '1p') | xargs -d '\n' -n1 basename | sed 's/\.md$//')
  local -a cmds=("${reports[@]}")
  for w in "${who[@]}"; do
    for f in text md json; do cmds+=("show|$w|$f"); done
  done
  for mode in no-cache fill warm; do
    local -a flags=(--vault "$vault" --today "$TODAY" --color never --cache-dir "$cache")
    if [ "$mode" = no-cache ]; then flags+=(--no-cache); fi
    local i=0
    for cmd in "${cmds[@]}"; do
      i=$((i + 1))
      local -a args
      if [[ $cmd == show\|* ]]; then
        IFS='|' read -r _ w f <<< "$cmd"
        args=(show "$w" --format "$f")
      else
        read -r -a args <<< "$cmd"
      fi
      local name
      name=$(printf '%s-%02d-%s' "$mode" "$i" "${cmd//[^a-zA-Z0-9]/_}")
      set +e
      "$bin" "${flags[@]}" "${args[@]}" > "$out/$name.out" 2> "$out/$name.err"
      echo $? > "$out/$name.code"
      set -e
    done
  done
}

status=0
for vault in "${vaults[@]}"; do
  key=$(echo "$vault" | tr '/' '_')
  rm -rf "$WORK/out/$key" "$WORK/cache-old" "$WORK/cache-new"
  run_all "$OLD" "$vault" "$WORK/out/$key/old" "$WORK/cache-old"
  run_all "$NEW" "$vault" "$WORK/out/$key/new" "$WORK/cache-new"
  files=$(find "$WORK/out/$key/old" -type f | wc -l)
  if diff -r "$WORK/out/$key/old" "$WORK/out/$key/new" > "$WORK/out/$key.diff"; then
    echo "same: $vault ($files files)"
  else
    echo "DIFFERENT: $vault (see $WORK/out/$key.diff)"
    status=1
  fi
  # With the cache, the same as without it.
  for mode in fill warm; do
    for f in "$WORK/out/$key/new/$mode-"*; do
      twin="$WORK/out/$key/new/no-cache-${f##*/$mode-}"
      if ! cmp -s "$f" "$twin"; then
        echo "DIFFERENT with the cache ($mode): $f"
        status=1
      fi
    done
  done
done
exit $status
