/**
 * Benchmark of the collectives, run as a rank of a job: {@link
 * dev.concord.collectives.bench.CollectiveBench} times each (algorithm, size) and rank 0 prints
 * median and minimum time, algorithm and bus bandwidth (NCCL-tests definitions) as a table, CSV
 * or JSON.
 */
package dev.concord.collectives.bench;
