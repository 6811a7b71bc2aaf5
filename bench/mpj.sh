#!/usr/bin/env bash
# AllReduce: MPJ Express 0.44's own Allreduce vs Concord's algorithms over MPJ vs Concord over TCP,
# one run, np = 2 and 4 (needs libmpj-java). Same method for all (see BENCHMARKS.md).
# Usage: [ITERATIONS=20] bash bench/mpj.sh [SIZES]      default 8,64K,1M,8M,64M
# ITERATIONS timed calls per size (median and minimum over them) after 2 warm-up calls and
# `concord bench`'s timed warm-up; 8 (the earlier default) left single cells at the mercy of one
# slow stretch of the machine.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${1:-8,64K,1M,8M,64M}
ITERATIONS=${ITERATIONS:-20}
# JVM options of the MPJ ranks (MPJ's own Allreduce and Concord's algorithms over MPJ). Default:
# the JVM's default collector (G1 on a server-class machine), as MPJ Express's own launcher
# leaves it; `concord` otherwise starts ranks with -XX:+UseSerialGC. MPJ_JVM_ARGS= (empty) runs
# them with Concord's default instead.
MPJ_JVM_ARGS=${MPJ_JVM_ARGS--XX:+UseG1GC}
mpj_jvm=(); for a in $MPJ_JVM_ARGS; do mpj_jvm+=("--jvm-arg=$a"); done
"$ROOT/concord" info >/dev/null
echo "collective,algorithm,transport,np,bytes,median_us,min_us,algbw_GBps,busbw_GBps"
for np in 2 4; do
    timeout 900 "$ROOT/concord" bench allreduce -np "$np" --transport mpj "${mpj_jvm[@]}" --algorithm ring,auto --sizes "$SIZES" \
        --iterations "$ITERATIONS" --warmup 2 --format csv --baseline mpj | grep '^allreduce,'
    timeout 900 "$ROOT/concord" bench allreduce -np "$np" --algorithm ring,auto --sizes "$SIZES" \
        --iterations "$ITERATIONS" --warmup 2 --format csv | grep '^allreduce,'
done
