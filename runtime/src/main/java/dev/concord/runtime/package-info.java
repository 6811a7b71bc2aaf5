/**
 * Concord's message-passing runtime: {@link dev.concord.runtime.Communicator} (rank, size, tagged
 * blocking and non-blocking point-to-point messages on primitive arrays and byte buffers), the
 * transports that carry it (TCP, in-JVM), bootstrap of a job's ranks from their environment, and
 * failure detection.
 *
 * <p>Everything that blocks has a deadline; every failure surfaces as a {@link
 * dev.concord.runtime.ConcordException} whose message names the rank, peer and values involved.
 */
package dev.concord.runtime;
