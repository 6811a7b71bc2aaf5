/**
 * The TCP transport: rendezvous through a coordinator, one authenticated connection per pair of
 * ranks (higher rank dials lower), length-prefixed frames ({@link
 * dev.concord.runtime.tcp.FrameDescriptor}), heartbeats and failure detection. The only package
 * that touches sockets.
 */
package dev.concord.runtime.tcp;
