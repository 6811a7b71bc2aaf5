#!/usr/bin/env bash
# Checkpoint benchmarks (issue 4, must-show 5). Run from the repository root after `mvn package`:
#   bench/checkpoint.sh [WORK_DIR]
# WORK_DIR (default: a new directory under ./target) must be on the disk the checkpoints go to.
# Prints a table:
#   1. checkpoint write throughput for a 256 MiB state vs dd (conv=fsync) to the same directory;
#   2. per-iteration time of GMM training with a checkpoint every iteration, synchronous and
#      --checkpoint-async, vs none (same data, same seed, back to back);
#   3. time from SIGKILL of a rank to training resumed (first iteration line after the restart).
set -euo pipefail
JAR=${JAR:-launcher/target/concord.jar}
mkdir -p "$PWD/target"
WORK=${1:-$(mktemp -d "$PWD/target/ckpt-bench.XXXXXX")}
NP=${NP:-4}
ITER=${ITER:-60}
ROUNDS=${ROUNDS:-3}   # part 2: rounds of (none, sync, async); the best per-iteration time of each is shown
mkdir -p "$WORK"
[ -f "$JAR" ] || { echo "no $JAR: run mvn -o package -DskipTests first" >&2; exit 2; }
java_=${JAVA_HOME:+$JAVA_HOME/bin/}java

# --- 1. write throughput --------------------------------------------------------------------
rm -rf "$WORK/store"
ckpt=$("$java_" -cp "$JAR" dev.concord.checkpoints.bench.CheckpointWrite "$WORK/store" 256 3)
dd_out=$(dd if=/dev/zero of="$WORK/dd.bin" bs=1M count=256 conv=fsync 2>&1 | tail -1)
dd_s=$(echo "$dd_out" | sed -E 's/.*copied, ([0-9.]+) s.*/\1/')
dd_mibs=$(awk -v s="$dd_s" 'BEGIN { printf "%.1f", 256 / s }')
rm -f "$WORK/dd.bin"; rm -rf "$WORK/store"

# --- 2. async checkpoint overhead -----------------------------------------------------------
data="$WORK/blobs.csv"
awk 'BEGIN { srand(7); for (i = 0; i < 200000; i++) { c = int(rand() * 5);
  printf "%.5f", 3 * c + 2 * rand(); for (j = 1; j < 8; j++) printf ",%.5f", 3 * ((c + j) % 5) + 2 * rand();
  printf "\n" } }' > "$data"
train() { # $1 = metrics file, rest = extra options
  local m=$1; shift
  "$java_" -jar "$JAR" train gmm -np "$NP" --data "$data" --k 5 --tol 0 --iterations "$ITER" --seed 1 \
    --metrics "$m" "$@" > /dev/null
}
per_iter() { # mean seconds per iteration over iterations 11..ITER (after warm-up), from the metrics file
  awk -F'"wall_time_s":' -v n="$ITER" '/"iteration":/ && !/"final"/ { split($2, a, /[,}]/); t[++k] = a[1] }
    END { printf "%.6f", (t[n] - t[10]) / (n - 10) }' "$1"
}
ckpt_thread() { # training-thread time in checkpoints: ms per iteration and share of wall time (last iteration line)
  awk -v n="$ITER" '/"iteration":/ && !/"final"/ { line = $0 } END {
    match(line, /"wall_time_s":[0-9.eE+-]+/); w = substr(line, RSTART + 14, RLENGTH - 14)
    match(line, /"checkpoint_time_s":[0-9.eE+-]+/); c = substr(line, RSTART + 20, RLENGTH - 20)
    printf "%.2f ms per checkpoint, %.1f%% of wall time", 1000 * c / (n - 1), 100 * c / w }' "$1"
}
best() { awk 'NR == 1 || $1 < m { m = $1 } END { printf "%.6f", m }'; }
: > "$WORK/none.times"; : > "$WORK/sync.times"; : > "$WORK/async.times"
for round in $(seq "$ROUNDS"); do # interleaved, so that all three see the same machine state
  train "$WORK/none.jsonl"; per_iter "$WORK/none.jsonl" >> "$WORK/none.times"; echo >> "$WORK/none.times"
  rm -rf "$WORK/ck"
  train "$WORK/sync.jsonl" --checkpoint-dir "$WORK/ck" --checkpoint-every 1
  per_iter "$WORK/sync.jsonl" >> "$WORK/sync.times"; echo >> "$WORK/sync.times"
  rm -rf "$WORK/ck"
  train "$WORK/async.jsonl" --checkpoint-dir "$WORK/ck" --checkpoint-every 1 --checkpoint-async
  per_iter "$WORK/async.jsonl" >> "$WORK/async.times"; echo >> "$WORK/async.times"
done
none=$(best < "$WORK/none.times"); sync=$(best < "$WORK/sync.times"); async=$(best < "$WORK/async.times")
pct() { awk -v a="$1" -v b="$none" 'BEGIN { printf "%+.1f", 100 * (a - b) / b }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.2f ms", 1000 * s }'; }

# --- 3. kill to resumed ---------------------------------------------------------------------
rm -rf "$WORK/ck"
log="$WORK/kill.log"
( "$java_" -jar "$JAR" train gmm -np "$NP" --data "$data" --k 5 --tol 0 --iterations "$ITER" --seed 1 \
    --checkpoint-dir "$WORK/ck" --checkpoint-every 5 --max-restarts 1 --progress 2>&1 |
  while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$log" ) &
until grep -q '\[1\] iteration 12$' "$log" 2>/dev/null; do sleep 0.05; done
victim=""
for p in $(pgrep -f 'dev.concord.models.train.TrainMain'); do
  if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx 'CONCORD_RANK=1'; then victim=$p; fi
done
killed_at=$(date +%s.%N); kill -9 "$victim"
wait
resumed_at=$(awk -v k="$killed_at" '$1 > k && /resumed from step/ { r = 1 } r && / iteration [0-9]+$/ { print $1; exit }' "$log")
kill_to_resume=$(awk -v a="$resumed_at" -v k="$killed_at" 'BEGIN { printf "%.2f", a - k }')
from=$(grep -o 'resumed from step [0-9]*' "$log" | head -1)

printf '\n%-58s %s\n' "measure" "value"
printf '%-58s %s\n' "checkpoint write+commit, 256 MiB state (best of 3)" "$ckpt MiB/s"
printf '%-58s %s\n' "dd bs=1M count=256 conv=fsync, same directory" "$dd_mibs MiB/s"
printf '%-58s %s\n' "GMM np=$NP per iteration (best of $ROUNDS), no checkpoints" "$(ms "$none")"
printf '%-58s %s\n' "  ... sync checkpoint every iteration" "$(ms "$sync") ($(pct "$sync")%)"
printf '%-58s %s\n' "  ... --checkpoint-async every iteration" "$(ms "$async") ($(pct "$async")%)"
printf '%-58s %s\n' "SIGKILL of rank 1 at iteration ~12 -> first iteration after restart" "$kill_to_resume s ($from)"
printf '%-58s %s\n' "  training thread in checkpoints, sync (last round)" "$(ckpt_thread "$WORK/sync.jsonl")"
printf '%-58s %s\n' "  training thread in checkpoints, async (last round)" "$(ckpt_thread "$WORK/async.jsonl")"
for k in none sync async; do
  printf '%-58s %s\n' "  per-iteration ms of every round, $k" "$(awk '{ printf "%.2f ", 1000 * $1 }' "$WORK/$k.times")"
done
