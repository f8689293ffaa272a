#!/usr/bin/env bash
# How long `netkeep watch --write` takes from a saved note to a rewritten
# agenda file, on generated vaults.
#
#   bash bench/watch.sh                                  # 1k, 10k, 50k x 200, short and long
#   SIZES=10000 STYLES="short long" bash bench/watch.sh  # the 10k vaults
#   DEBOUNCES="50 300" SAVES=10 bash bench/watch.sh      # more debounces, more saves
#
# Each save appends a touch dated today to the note of a contact the agenda
# lists under "Reach out" (a different one each time), so every save must
# change the agenda. The time is taken from just before the append to the
# moment the agenda FILE holds other bytes (polled every millisecond, no
# inotify), not from the watcher's log. The watcher runs with
# NETKEEP_TIMINGS=1 and says where each round's time went; the median of
# each step is printed under the figures (KEEP_LOG=1 keeps the watcher's
# whole log and says where). The notes are put back and the agenda removed
# afterwards. Other load on the machine shows directly in these figures:
# look at `uptime` beside them.
#
# Vaults live in $BENCH_DIR (default target/bench), generated there by the
# seeded `examples/gen_vault.rs` when missing, as bench/run.sh does; the
# note cache goes to $BENCH_DIR/cache.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
STYLES=${STYLES:-"short long"}
ENTRIES=${ENTRIES:-200}
DEBOUNCES=${DEBOUNCES:-"50"}
SAVES=${SAVES:-5}
# Time between the agenda's rewrite and the next save.
GAP=${GAP:-0.5}
BENCH_DIR=${BENCH_DIR:-target/bench}
export NETKEEP_TODAY=2026-11-23 NO_COLOR=1
case $BENCH_DIR in /*) ;; *) BENCH_DIR=$PWD/$BENCH_DIR ;; esac
export NETKEEP_CACHE_DIR=$BENCH_DIR/cache
unset NETKEEP_NO_CACHE NETKEEP_VAULT NETKEEP_TIMINGS

if [ -z "${NO_BUILD:-}" ]; then
  cargo build --profile profiling --quiet --bin netkeep --example gen_vault
fi
NETKEEP=${NETKEEP:-$PWD/target/profiling/netkeep}
mkdir -p "$BENCH_DIR"

for style in $STYLES; do
for n in $SIZES; do
  vault="$BENCH_DIR/vault-$n-$ENTRIES-$style"
  if [ ! -f "$vault/netkeep.toml" ]; then
    rm -rf "$vault"
    target/profiling/examples/gen_vault "$vault" "$n" "$ENTRIES" 42 "$style"
  fi
  for debounce in $DEBOUNCES; do
    python3 - "$NETKEEP" "$vault" "$n-$style" "$debounce" "$SAVES" "$GAP" <<'PY'
import os, re, signal, statistics, subprocess, sys, tempfile, time

netkeep, vault, key, debounce, saves, gap = sys.argv[1:7]
debounce, saves, gap = int(debounce), int(saves), float(gap)
today = os.environ["NETKEEP_TODAY"]
agenda = os.path.join(vault, "Today.md")
if os.path.exists(agenda):
    os.remove(agenda)

def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None

def wait_for(pred, timeout, step=0.001):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return False

# Every note by id (its file name), to find a listed contact's note.
notes = {}
for d, dirs, files in os.walk(vault):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    for f in files:
        if f.endswith(".md"):
            notes.setdefault(f[:-3], os.path.join(d, f))

log = tempfile.NamedTemporaryFile("w+", prefix="netkeep-watch-", suffix=".log", delete=False)
env = dict(os.environ, NETKEEP_TIMINGS="1")
watcher = subprocess.Popen(
    [netkeep, "--vault", vault, "watch", "--write", agenda, "--debounce", str(debounce)],
    stdout=subprocess.DEVNULL, stderr=log, env=env)
backups = {}
results = []
try:
    def log_text():
        with open(log.name) as f:
            return f.read()
    if not wait_for(lambda: "wrote the agenda" in log_text(), 120, 0.05):
        sys.exit(f"{key}: the watcher wrote no agenda:\n{log_text()}")
    # Let the watcher handle its own first write, and the files cool down.
    time.sleep(max(1.5, 3 * debounce / 1000))
    for k in range(saves):
        before = read(agenda)
        text = before.decode()
        reach = text.split("### Reach out", 1)[1].split("###", 1)[0]
        # The first listed contact not saved to yet: a touch today takes
        # them off the list.
        listed = re.findall(r"- \[ \] \[\[([^\]]+)\]\]", reach)
        who = next(w for w in listed if notes.get(w) not in backups)
        note = notes[who]
        backups.setdefault(note, read(note))
        rounds_before = log_text().count("timings: watch:")
        start = time.monotonic()
        with open(note, "a") as f:
            f.write(f"- {today} -> watched #bench\n")
        changed = wait_for(lambda: read(agenda) != before, 10)
        took = (time.monotonic() - start) * 1000
        if not changed:
            sys.exit(f"{key}: the agenda did not change after saving {note}:\n{log_text()}")
        # The watcher's own account of that round (said after it).
        wait_for(lambda: log_text().count("timings: watch:") > rounds_before, 5, 0.005)
        rounds = [l for l in log_text().splitlines() if "timings: watch:" in l]
        line = rounds[rounds_before] if len(rounds) > rounds_before else ""
        steps = {}
        for part in line.split("timings: watch: ", 1)[-1].split(", "):
            m = re.fullmatch(r"(.+) ([0-9.]+) ms", part)
            if m:
                steps[m.group(1)] = float(m.group(2))
        results.append((took, steps))
        print(f"watch {key}, debounce {debounce}: save #{k + 1} -> agenda file changed in {took:.0f} ms"
              f"  [{line.split('timings: watch: ', 1)[-1]}]", file=sys.stderr)
        time.sleep(gap)
finally:
    watcher.send_signal(signal.SIGINT)
    try:
        watcher.wait(10)
    except subprocess.TimeoutExpired:
        watcher.kill()
    for note, data in backups.items():
        with open(note, "wb") as f:
            f.write(data)
    if os.path.exists(agenda):
        os.remove(agenda)
    if not os.environ.get("KEEP_LOG"):
        os.unlink(log.name)
    else:
        print(f"log: {log.name}", file=sys.stderr)

took = sorted(t for t, _ in results)
print(f"watch, {key} contacts, debounce {debounce} ms: save -> agenda file rewritten "
      f"{took[0]:.0f}-{took[-1]:.0f} ms (median {statistics.median(took):.0f}, {len(took)} saves)")
names = []
for _, steps in results:
    names += [n for n in steps if n not in names]
print("  median per step (the watcher's NETKEEP_TIMINGS): " + ", ".join(
    f"{n} {statistics.median([s[n] for _, s in results if n in s]):.1f}" for n in names))
PY
  done
done
done
