/**
 * The shared-memory transport, for ranks on the same host: each pair of ranks shares one
 * memory-mapped segment holding two single-producer/single-consumer rings ({@link
 * dev.concord.runtime.shm.ShmRing}), one per direction, carrying the same frames as TCP ({@link
 * dev.concord.runtime.tcp.FrameDescriptor}). Large messages stream through the ring in chunks.
 * The segments are set up over the TCP job's authenticated peer connections, which pick shared
 * memory per pair when both ranks share a host and want it; other pairs stay on TCP.
 */
package dev.concord.runtime.shm;
