/**
 * Collective operations over a {@link dev.concord.runtime.Communicator}: broadcast, reduce,
 * allreduce, allgather, reduce-scatter, gather, scatter and barrier.
 *
 * <p>{@link dev.concord.collectives.Collectives} is the entry point: it validates arguments,
 * checks that every rank makes the same call (else {@link
 * dev.concord.collectives.CollectiveMismatchException} on every rank), asks {@link
 * dev.concord.collectives.AlgorithmSelector} for an algorithm unless {@link
 * dev.concord.collectives.CollectiveOptions} forces one, and runs it. The algorithms themselves,
 * one class each, live in {@code dev.concord.collectives.algorithm}; exact summation for
 * reproducible mode in {@code dev.concord.collectives.exact}; the benchmark in {@code
 * dev.concord.collectives.bench}.
 */
package dev.concord.collectives;
