# Sourced by bench/pingpong.sh and bench/allreduce.sh (ROOT, SHARED and WORK set): picks Open MPI's
# network for TRANSPORT (tcp: pml ob1 + btl tcp,self over loopback; shm: pml ob1 + btl vader,self),
# builds ../shared/bench/ompi/allreduce_bench.c into $WORK, builds the launcher if needed, and prints
# the machine line. pml ob1 is forced: Debian's Open MPI otherwise picks UCX, which ignores the btl
# list and uses shared memory.
TRANSPORT=${TRANSPORT:-tcp}
case "$TRANSPORT" in
    tcp) OMPI_NET=(--mca pml ob1 --mca btl tcp,self --mca btl_tcp_if_include lo) ;;
    shm) OMPI_NET=(--mca pml ob1 --mca btl vader,self) ;;
    *) echo "TRANSPORT must be tcp or shm, not '$TRANSPORT'" >&2; exit 2 ;;
esac
mkdir -p "$WORK"
mpicc -O3 -march=native -o "$WORK/allreduce_bench" "$SHARED/bench/ompi/allreduce_bench.c"
"$ROOT/concord" info >/dev/null   # builds the launcher if needed
echo "transport: $TRANSPORT; machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(java -version 2>&1 | head -1)"
