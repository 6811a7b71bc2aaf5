/**
 * Concord's {@link dev.concord.runtime.Communicator} over MPJ Express (niodev): point-to-point
 * messages through {@code mpi.Comm} Isend/Irecv with deadlines enforced by polling, the launcher's
 * stand-in for MPJ's {@code mpjrun} port exchange, and a side channel through the launcher that
 * turns a dead rank into a {@link dev.concord.runtime.PeerFailedException} on every survivor.
 */
package dev.concord.runtime.mpj;
