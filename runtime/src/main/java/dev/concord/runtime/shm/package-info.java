/**
 * The shared-memory transport, for ranks on the same host: each pair of ranks shares one
 * memory-mapped segment ({@link dev.concord.runtime.shm.ShmSegment}) holding two
 * single-producer/single-consumer rings ({@link dev.concord.runtime.shm.ShmRing}), one per
 * direction, carrying the same frames as TCP ({@link dev.concord.runtime.tcp.FrameDescriptor}).
 * Large messages stream through the ring in chunks. The segments are set up over the TCP job's
 * authenticated peer connections, which pick shared memory per pair when both ranks share a host
 * and want it; other pairs stay on TCP. A shared-memory pair keeps its TCP connection only as a
 * doorbell: one byte wakes the peer's sleeping progress thread ({@link
 * dev.concord.runtime.shm.ShmPoller}), and its end of stream reports the peer's death at once.
 */
package dev.concord.runtime.shm;
