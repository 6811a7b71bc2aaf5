#!/usr/bin/env bash
# Where the np=2 speedup of a short training job goes before the JIT has warmed up (issue 6).
# Run from the repository root after `mvn -B -q -pl launcher -am package -DskipTests`:
#   bench/warmup.sh [WORK_DIR]
# The two jobs of bench/models.sh table 2 (GMM: WORK_DIR/gmm70k.csv, made by models.sh or
# `bench/models_sklearn.py gen-gmm`; L-BFGS on letter), each in four set-ups, interleaved REPS
# times, best of REPS, seconds per iteration over the whole training phase (iterations SKIP..last,
# as models.sh's "whole training phase" rows):
#   np=1           the rank alone; its JIT compiler threads run on the other, idle core;
#   np=1 one core  the same run confined to one core (taskset), so its compiler threads share the
#                  rank's core, as each rank's do at np=2 on two cores;
#   np=2           two ranks on the two cores;
#   and np=1 / np=2 again with the ranks' JVMs run with -XX:-TieredCompilation (C2 only).
# The speedups printed: np=2 over np=1 (the issue's measure), np=2 over np=1 on one core (the
# same cores per rank, JIT included), and both without tiered compilation.
set -euo pipefail
JAR=${JAR:-launcher/target/concord.jar}
WORK=${1:-$(mktemp -d "$PWD/target/warmup-bench.XXXXXX")}
REPS=${REPS:-3}
SKIP=${SKIP:-3}
LETTER=${LETTER:-../shared/data/classification/letter.train.libsvm}
[ -f "$LETTER" ] || LETTER=/work/shared/data/classification/letter.train.libsvm
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B -q -pl launcher -am package -DskipTests first" >&2; exit 2; }
mkdir -p "$WORK"
gmm_data="$WORK/gmm70k.csv"
[ -f "$gmm_data" ] || /usr/bin/python3 "$(dirname "$0")/models_sklearn.py" gen-gmm "$gmm_data"
java_=${JAVA_HOME:+$JAVA_HOME/bin/}java
lr=(train logreg --data "$LETTER" --feature-scale 0.0666666666666667 --C 1 --tol 1e-10 --iterations 10000)
gmm=(train gmm --data "$gmm_data" --k 10 --covariance full --init evenly-spaced-rows --reg-covar 1e-6 --tol 0
  --iterations 20)

. "$(dirname "$0")/metrics.sh"   # per_unit
# per_iter FILE: seconds per iteration from iteration SKIP to the last (models.sh's per_iter)
per_iter() { per_unit iteration "$SKIP" "$1" | cut -d' ' -f1; }
# run NAME PREFIX... -- JOB...: one run, its seconds per iteration appended to WORK/NAME
run() {
  local name=$1; shift
  local prefix=()
  while [ "$1" != "--" ]; do prefix+=("$1"); shift; done
  shift
  "${prefix[@]}" "$java_" -jar "$JAR" "$@" --metrics "$WORK/$name.jsonl" > /dev/null
  per_iter "$WORK/$name.jsonl" >> "$WORK/$name"
}
notier=--jvm-arg=-XX:-TieredCompilation
for job in lr gmm; do
  for s in np1 one np2 np1n np2n; do : > "$WORK/$job.$s"; done
done
for r in $(seq "$REPS"); do
  for job in lr gmm; do
    declare -n opts=$job
    run "$job.np1" env -- "${opts[@]}" -np 1
    run "$job.one" taskset -c 0 -- "${opts[@]}" -np 1
    run "$job.np2" env -- "${opts[@]}" -np 2
    run "$job.np1n" env -- "${opts[@]}" -np 1 "$notier"
    run "$job.np2n" env -- "${opts[@]}" -np 2 "$notier"
  done
done
best() { sort -g "$WORK/$1" | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "machine: $(nproc --all) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); best of $REPS; seconds per iteration, iterations $SKIP..last"
printf '%-22s %9s %9s %9s %9s %9s | %8s %8s %8s\n' job np=1 "np=1 1cpu" np=2 "np=1 C2" "np=2 C2" "np2/np1" "np2/1cpu" "C2 only"
for job in lr gmm; do
  n1=$(best "$job.np1"); one=$(best "$job.one"); n2=$(best "$job.np2"); n1n=$(best "$job.np1n"); n2n=$(best "$job.np2n")
  label=$([ "$job" = lr ] && echo "logreg lbfgs letter" || echo "gmm full k=10 20 it")
  printf '%-22s %9.5f %9.5f %9.5f %9.5f %9.5f | %8s %8s %8s\n' "$label" "$n1" "$one" "$n2" "$n1n" "$n2n" \
    "$(ratio "$n1" "$n2")" "$(ratio "$one" "$n2")" "$(ratio "$n1n" "$n2n")"
done
