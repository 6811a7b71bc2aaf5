#!/usr/bin/env bash
# AllReduce, Concord vs Open MPI, side by side in one run: over TCP (default; Open MPI with pml ob1,
# btl tcp,self, loopback) or, with TRANSPORT=shm, over shared memory (Concord --transport shm; Open MPI
# with pml ob1, btl vader,self).
#
# Usage: [TRANSPORT=tcp|shm] bash bench/allreduce.sh [ROUNDS] [NPS] [ALGORITHMS]
#        defaults: 2 rounds, NPS="2 4", ALGORITHMS=auto        (needs openmpi-bin, libopenmpi-dev)
#
# Each round runs, for each np, Open MPI's ../shared/bench/ompi/allreduce_bench.c (MPI_Allreduce on
# doubles, 8 B .. 64 MiB) and `concord bench allreduce` with the same sizes, back to back. Both use the
# same method (warm-up; batches of k calls sized to ~2 ms; per-call time = max over ranks; median and
# min over samples). The summary takes per cell the best median over rounds and prints busbw
# (NCCL-tests: algbw * 2(n-1)/n, GB = 1e9 B) and the ratios against the targets of issue 3.
# pml ob1 is forced: Debian's Open MPI otherwise picks UCX, which ignores the btl list and uses
# shared memory, so '--mca btl tcp,self' alone does not measure TCP.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "$ROOT/../shared" && pwd)
ROUNDS=${1:-2}
NPS=${2:-"2 4"}
ALGS=${3:-auto}
WORK=${WORK:-/tmp/concord-bench}
. "$ROOT/bench/ompi-peer.sh"
OUT="$WORK/allreduce.txt"
: >"$OUT"
for r in $(seq 1 "$ROUNDS"); do
    for np in $NPS; do
        over=(); [ "$np" -gt "$(nproc)" ] && over=(--oversubscribe)
        echo "round $r np=$np: load $(cut -d' ' -f1 /proc/loadavg)"
        timeout 300 mpirun --allow-run-as-root "${over[@]}" "${OMPI_NET[@]}" -np "$np" \
            "$WORK/allreduce_bench" -t "$TRANSPORT" -o allreduce -b 0.4 -s 1,8192,131072,1048576,8388608 \
            | awk -v np="$np" '$1 == "R" && $3 == "allreduce" { printf "ompi %s %s %s %s %s\n", np, $5, $8, $9, $11 }' >>"$OUT"
        timeout 600 "$ROOT/concord" bench allreduce -np "$np" --transport "$TRANSPORT" --sizes 8,64K,1M,8M,64M --algorithm "$ALGS" \
            --iterations 15 --warmup 3 --format csv \
            | awk -F, -v np="$np" '$1 == "allreduce" { printf "concord-%s %s %s %s %s %s\n", $2, np, $5, $6, $7, $9 }' >>"$OUT"
    done
done
awk '
{ key = $1 " " $2 " " $3; if (!(key in med) || $4 < med[key]) { med[key] = $4; bw[key] = $6 }
  if (!(key in mn) || $5 < mn[key]) mn[key] = $5; who[$1] = 1; nps[$2] = 1 }
END {
    n = split("8 65536 1048576 8388608 67108864", sizes, " ")
    for (np in nps) {
        printf "\nnp=%s  %-22s %12s %12s %10s %14s\n", np, "who", "median_us", "min_us", "busbw", "vs ompi"
        for (i = 1; i <= n; i++) {
            s = sizes[i]; o = "ompi " np " " s
            for (w in who) {
                k = w " " np " " s
                if (!(k in med)) continue
                ratio = ""
                if (w != "ompi" && (o in med)) ratio = (s == 8) ? sprintf("%.2fx time", med[k] / med[o]) : sprintf("%.2fx busbw", bw[k] / bw[o])
                printf "%-9s %-22s %12.2f %12.2f %10.3f %14s\n", s, w, med[k], mn[k], bw[k], ratio
            }
        }
    }
    printf "\ntargets (issue 3): 64 MiB busbw >= 0.8x Open MPI; 1 MiB >= 0.7x; 8 B time <= 3x\n"
}' "$OUT"
