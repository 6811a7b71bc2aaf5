/*
 * pingpong.c -- Open MPI's ping-pong at any message size, measured exactly as
 * ../shared/bench/ompi/allreduce_bench.c measures its ping-pong (which fixes the
 * bandwidth size at 8 MiB) and as `concord bench pingpong` measures Concord's.
 *
 * Build:  mpicc -O3 -o pingpong pingpong.c
 * Run:    mpirun -np 2 ./pingpong [-s BYTES,BYTES,...] [-b BUDGET_S]
 *         (default sizes 8,8388608,67108864; budget 0.5 s of timed samples per size)
 *
 * Method: two untimed round trips; batch size k doubled until k round trips take
 * >= 20 ms; then samples of ceil(2 ms / round trip) round trips each, as many as fit
 * in the budget (at least 11, at most 300); each sample is barrier, t0, k round trips,
 * t1, and its per-round-trip time is the maximum over the two ranks. Prints, per size,
 * the median and minimum one-way time (round trip / 2) and the bandwidth at the median:
 *   R pingpong BYTES K SAMPLES MEDIAN_US MIN_US GBPS
 */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CALIB_S 0.020
#define SAMPLE_S 0.002
#define MIN_SAMPLES 11
#define MAX_SAMPLES 300

static int rank;
static char *sbuf, *rbuf;

static void round_trip(int bytes)
{
    if (rank == 0) {
        MPI_Send(sbuf, bytes, MPI_BYTE, 1, 7, MPI_COMM_WORLD);
        MPI_Recv(rbuf, bytes, MPI_BYTE, 1, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (rank == 1) {
        MPI_Recv(rbuf, bytes, MPI_BYTE, 0, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(sbuf, bytes, MPI_BYTE, 0, 7, MPI_COMM_WORLD);
    }
}

static double timed_batch(int bytes, int k)
{
    double local, worst;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (int i = 0; i < k; i++)
        round_trip(bytes);
    local = (MPI_Wtime() - t0) / k;
    MPI_Allreduce(&local, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return worst;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *sizes = "8,8388608,67108864";
    double budget = 0.5;
    int nranks, c;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    while ((c = getopt(argc, argv, "s:b:")) != -1) {
        if (c == 's') sizes = optarg;
        else if (c == 'b') budget = atof(optarg);
        else {
            if (rank == 0) fprintf(stderr, "usage: %s [-s BYTES,...] [-b BUDGET_S]\n", argv[0]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
    }
    if (nranks != 2) {
        if (rank == 0) fprintf(stderr, "pingpong needs exactly 2 ranks, not %d\n", nranks);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    char *copy = strdup(sizes), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        long bytes = atol(tok);
        if (bytes < 1 || bytes > (1L << 30)) {
            if (rank == 0) fprintf(stderr, "bad size '%s' in -s %s (1 B .. 1 GiB)\n", tok, sizes);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        sbuf = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
        rbuf = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
        if (!sbuf || !rbuf) {
            fprintf(stderr, "rank %d: out of memory for %ld B\n", rank, bytes);
            MPI_Abort(MPI_COMM_WORLD, 3);
        }
        memset(sbuf, rank + 1, bytes);
        memset(rbuf, 0, bytes);
        round_trip((int)bytes);
        round_trip((int)bytes);
        int k = 1;
        double per;
        for (;;) {
            per = timed_batch((int)bytes, k);
            if (per * k >= CALIB_S || k >= (1 << 16)) break;
            k *= 2;
        }
        int batch = (int)ceil(SAMPLE_S / per);
        if (batch < 1) batch = 1;
        int samples = (int)(budget / (per * batch));
        if (samples < MIN_SAMPLES) samples = MIN_SAMPLES;
        if (samples > MAX_SAMPLES) samples = MAX_SAMPLES;
        double *t = malloc(sizeof(double) * samples);
        for (int s = 0; s < samples; s++)
            t[s] = timed_batch((int)bytes, batch);
        qsort(t, samples, sizeof(double), cmp_double);
        double med = (samples & 1) ? t[samples / 2] : 0.5 * (t[samples / 2 - 1] + t[samples / 2]);
        int bad = rbuf[0] != (char)(2 - rank) || rbuf[bytes - 1] != (char)(2 - rank);
        if (rank == 0) {
            printf("R pingpong %ld %d %d %.2f %.2f %.3f%s\n", bytes, batch, samples, med / 2 * 1e6,
                   t[0] / 2 * 1e6, bytes / (med / 2) / 1e9, bad ? "  WRONG_RESULT" : "");
            fflush(stdout);
        }
        free(t);
        free(sbuf);
        free(rbuf);
    }
    free(copy);
    MPI_Finalize();
    return 0;
}
