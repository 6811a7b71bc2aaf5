#!/usr/bin/env bash
# Ping-pong, Concord vs Open MPI, side by side in one run: over TCP (default; Open MPI with pml ob1,
# btl tcp,self over loopback) or, with TRANSPORT=shm, over shared memory (Concord --transport shm;
# Open MPI with pml ob1, btl vader,self).
#
# Usage: [TRANSPORT=tcp|shm] bash bench/pingpong.sh [ROUNDS]      (needs openmpi-bin and libopenmpi-dev)
#
# Each round runs Open MPI's ping-pong (bench/c/pingpong.c: the method of
# ../shared/bench/ompi/allreduce_bench.c, whose own ping-pong is fixed at 8 MiB) and `concord bench
# pingpong`, both at 8 B, 8 MiB and 64 MiB, back to back, so both see the same machine state; the
# summary takes per cell the best median over rounds and prints the ratios. One-way time = round
# trip / 2; GB = 1e9 B.
# pml ob1 is forced: Debian's Open MPI otherwise picks UCX, which ignores the btl list and uses
# shared memory, so '--mca btl tcp,self' alone does not measure TCP.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "$ROOT/../shared" && pwd)
ROUNDS=${1:-3}
WORK=${WORK:-/tmp/concord-bench}
. "$ROOT/bench/ompi-peer.sh"
mpicc -O3 -o "$WORK/pingpong" "$ROOT/bench/c/pingpong.c"
: >"$WORK/pp.txt"
for r in $(seq 1 "$ROUNDS"); do
    echo "round $r: load $(cut -d' ' -f1 /proc/loadavg)"
    timeout 120 mpirun --allow-run-as-root "${OMPI_NET[@]}" -np 2 \
        "$WORK/pingpong" -s 8,8388608,67108864 -b 0.5 \
        | awk '$1 == "R" && $2 == "pingpong" { printf "ompi %s %s %s\n", $3, $6, $7 }' >>"$WORK/pp.txt"
    timeout 120 "$ROOT/concord" bench pingpong -np 2 --transport "$TRANSPORT" --sizes 8,8M,64M --budget 0.5 --format csv \
        | awk -F, '$1 == "pingpong" { printf "concord %s %s %s\n", $3, $4, $5 }' >>"$WORK/pp.txt"
done
awk '
{ key = $1 " " $2; if (!(key in med) || $3 < med[key]) med[key] = $3; if (!(key in mn) || $4 < mn[key]) mn[key] = $4 }
END {
    printf "\n%-10s %-8s %12s %12s %12s\n", "size", "who", "median_us", "min_us", "GB/s(med)"
    n = split("8 8388608 67108864", sizes, " ")
    for (i = 1; i <= n; i++) {
        s = sizes[i]
        for (w = 1; w <= 2; w++) {
            who = (w == 1 ? "ompi" : "concord"); k = who " " s
            if (k in med) printf "%-10s %-8s %12.2f %12.2f %12.3f\n", s, who, med[k], mn[k], s / med[k] / 1000
        }
    }
    if (("ompi 8" in med) && ("concord 8" in med))
        printf "\n8 B latency, concord / ompi (median): %.2fx   (target <= 3x)\n", med["concord 8"] / med["ompi 8"]
    if (("ompi 8388608" in med) && ("concord 8388608" in med))
        printf "8 MiB bandwidth, concord / ompi (median): %.2fx\n", med["ompi 8388608"] / med["concord 8388608"]
    if (("ompi 67108864" in med) && ("concord 67108864" in med))
        printf "64 MiB bandwidth, concord / ompi (median): %.2fx   (target >= 0.8x)\n", med["ompi 67108864"] / med["concord 67108864"]
}' "$WORK/pp.txt"
