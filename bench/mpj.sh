#!/usr/bin/env bash
# AllReduce: MPJ Express 0.44's own Allreduce vs Concord's algorithms over MPJ vs Concord over TCP,
# one run, np = 2 and 4 (needs libmpj-java). Same method for all (see BENCHMARKS.md). Two
# reference rows per np follow: Concord's automatic choice over shared memory (--transport shm),
# and, for sizes of 1 MiB and more when gcc is present, the loopback TCP floor (bench/c/tcpfloor.c:
# processes that only move the 2(np-1)/np x bytes per rank a ring or Rabenseifner AllReduce moves,
# with no reduction and no runtime; algorithm "tcp-floor").
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
floor=
if command -v gcc >/dev/null; then
    floor_dir=$(mktemp -d)
    trap 'rm -rf "$floor_dir"' EXIT
    floor=$floor_dir/tcpfloor
    gcc -O2 -o "$floor" "$ROOT/bench/c/tcpfloor.c"
fi
# bytes of a size with an optional K or M suffix (KiB, MiB)
size_bytes() {
    case $1 in *K) echo $(( ${1%K} << 10 ));; *M) echo $(( ${1%M} << 20 ));; *) echo "$1";; esac
}
# floor_rows NP: the tcp-floor rows in the bench's CSV columns (bytes = the AllReduce's size)
floor_rows() {
    local np=$1 size bytes
    [ -n "$floor" ] || return 0
    for size in ${SIZES//,/ }; do
        bytes=$(size_bytes "$size")
        (( bytes >= 1 << 20 )) || continue
        timeout 300 "$floor" "$np" $(( bytes * 2 * (np - 1) / np )) | awk -v np="$np" -v n="$bytes" '
            { algbw = n / ($4 * 1e3); printf "allreduce,tcp-floor,tcp,%d,%d,%s,%s,%.4f,%.4f\n", np, n, $4, $5, algbw, algbw * 2 * (np - 1) / np }'
    done
}
echo "collective,algorithm,transport,np,bytes,median_us,min_us,algbw_GBps,busbw_GBps"
for np in 2 4; do
    timeout 900 "$ROOT/concord" bench allreduce -np "$np" --transport mpj "${mpj_jvm[@]}" --algorithm ring,auto --sizes "$SIZES" \
        --iterations "$ITERATIONS" --warmup 2 --format csv --baseline mpj | grep '^allreduce,'
    timeout 900 "$ROOT/concord" bench allreduce -np "$np" --algorithm ring,auto --sizes "$SIZES" \
        --iterations "$ITERATIONS" --warmup 2 --format csv | grep '^allreduce,'
    timeout 900 "$ROOT/concord" bench allreduce -np "$np" --transport shm --algorithm auto --sizes "$SIZES" \
        --iterations "$ITERATIONS" --warmup 2 --format csv | grep '^allreduce,'
    floor_rows "$np"
done
