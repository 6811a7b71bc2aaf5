#!/usr/bin/env bash
# LDA on the KJV corpus (../shared/data/lda): Concord AD-LDA at np = 1, 2 against MALLET 2.0.8's
# ParallelTopicModel with 1 and 2 threads, one run, same k, priors and iterations. Reports tokens
# sampled per second and the final log-likelihood per token (log p(w, z) / tokens, as MALLET's
# modelLogLikelihood()); both evaluate it every 10 iterations. See BENCHMARKS.md.
# Usage: [SEEDS="0 1 2"] bash bench/lda.sh [ITERATIONS] [K]      default 500 20, seed 0
# (several seeds: one row per system and seed, then the mean per system; the final
# log-likelihood of one Gibbs chain varies by a few hundredths between seeds)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ITER=${1:-500}
K=${2:-20}
DATA=${LDA_DATA:-$ROOT/../shared/data/lda}
DOCWORD=$DATA/kjv.docword.txt
VOCAB=$DATA/kjv.vocab.txt
TOKENS=254824
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

"$ROOT/concord" info >/dev/null
# MALLET is a test-scope dependency of models: compile the bench main, take MALLET's jars from Maven
# (one reactor run with -am, so that sibling modules come from this tree, not from ~/.m2; the last
# module built, models, writes cp.txt last)
(cd "$ROOT" && mvn -q -B -pl models -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt" >&2)
CP="$ROOT/models/target/test-classes:$(tr ':' '\n' <"$OUT/cp.txt" | grep -v '/dev/concord/' | paste -sd: -)"

echo "system,workers,k,iterations,tokens_per_s,log_likelihood_per_token,sampling_s,seed"
for seed in ${SEEDS:-0}; do
for np in 1 2; do
    timeout 1800 "$ROOT/concord" train lda -np "$np" --data "$DOCWORD" --k "$K" --alpha 0.1 --beta 0.01 \
        --iterations "$ITER" --seed "$seed" --eval-every 10 --metrics "$OUT/concord-$np.jsonl" >/dev/null
    tail -1 "$OUT/concord-$np.jsonl" | awk -v np="$np" -v k="$K" -v it="$ITER" -v tok="$TOKENS" '{
        match($0, /"log_likelihood_per_token":[^,}]*/); ll = substr($0, RSTART + 27, RLENGTH - 27)
        match($0, /"wall_time_s":[^,}]*/); s = substr($0, RSTART + 14, RLENGTH - 14)
        printf "concord,%d,%d,%d,%.0f,%.5f,%.2f,%s\n", np, k, it, tok * it / s, ll, s, seed }' seed="$seed"
done
for threads in 1 2; do
    timeout 1800 java -cp "$CP" dev.concord.models.topics.MalletBench "$DOCWORD" "$VOCAB" "$K" 0.1 0.01 "$ITER" \
        "$threads" "$seed" 2>/dev/null | tail -1 | awk -v th="$threads" -v k="$K" -v it="$ITER" '{
        match($0, /"log_likelihood_per_token":[^,}]*/); ll = substr($0, RSTART + 27, RLENGTH - 27)
        match($0, /"tokens_per_s":[^,}]*/); tps = substr($0, RSTART + 15, RLENGTH - 15)
        match($0, /"sampling_s":[^,}]*/); s = substr($0, RSTART + 13, RLENGTH - 13)
        printf "mallet,%d,%d,%d,%.0f,%.5f,%.2f,%s\n", th, k, it, tps, ll, s, seed }' seed="$seed"
done
done | tee "$OUT/rows.csv"
echo "mean over seeds: system,workers,tokens_per_s,log_likelihood_per_token"
awk -F, '{ k = $1 "," $2; n[k]++; t[k] += $5; l[k] += $6 } END { for (k in n) printf "%s,%.0f,%.5f\n", k, t[k] / n[k], l[k] / n[k] }' "$OUT/rows.csv" | sort
