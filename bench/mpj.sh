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
"$ROOT/concord" info >/dev/null
echo "collective,algorithm,transport,np,bytes,median_us,min_us,algbw_GBps,busbw_GBps"
for np in 2 4; do
    timeout 900 "$ROOT/concord" bench allreduce -np "$np" --transport mpj --algorithm ring,auto --sizes "$SIZES" \
        --iterations "$ITERATIONS" --warmup 2 --format csv --baseline mpj | grep '^allreduce,'
    timeout 900 "$ROOT/concord" bench allreduce -np "$np" --algorithm ring,auto --sizes "$SIZES" \
        --iterations "$ITERATIONS" --warmup 2 --format csv | grep '^allreduce,'
done
