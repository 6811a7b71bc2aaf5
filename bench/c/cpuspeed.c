/*
 * cpuspeed.c -- how fast each CPU of this machine runs floating-point code, one at a time.
 *
 * Build:  gcc -O2 -o cpuspeed cpuspeed.c -lm
 * Run:    taskset -c N ./cpuspeed      (bench/models.sh runs it on every CPU in turn)
 *
 * Times 2e8 calls of exp() (the inner loop of softmax and of a Gaussian mixture's E-step) and
 * 4000 passes of a multiply-add over a 2 MiB array (cache-bound, no exp). On a virtual machine
 * two vCPUs may run the same code at different speeds (the host's other load, hyperthread
 * siblings); a data-parallel job is then paced by its slowest rank.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void)
{
    double t0 = seconds(), s = 0;
    for (long i = 0; i < 200000000L; i++)
        s += exp(-(double)(i & 1023) * 1e-3);
    double t1 = seconds();
    int n = 1 << 18;
    double *x = malloc(sizeof(double) * n), m = 0;
    if (!x)
        return 1;
    for (int i = 0; i < n; i++)
        x[i] = i;
    double t2 = seconds();
    for (int r = 0; r < 4000; r++)
        for (int i = 0; i < n; i++)
            m += x[i] * 1.0000001;
    double t3 = seconds();
    printf("exp %.3f s, multiply-add %.3f s (%g %g)\n", t1 - t0, t3 - t2, s, m);
    free(x);
    return 0;
}
