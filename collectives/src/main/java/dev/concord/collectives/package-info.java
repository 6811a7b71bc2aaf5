/**
 * Collective operations over a {@link dev.concord.runtime.Communicator}: broadcast, reduce,
 * allreduce, allgather, reduce-scatter, gather, scatter and barrier. {@link
 * dev.concord.collectives.Collectives} is the entry point; it picks an algorithm per call.
 */
package dev.concord.collectives;
