/**
 * NumPy's {@code .npy} array format (version 1.0) and {@code .npz} archives of such arrays, written
 * byte-for-byte deterministically so that model files and checkpoint shards can be compared and
 * read outside Java ({@code numpy.load}).
 */
package dev.concord.checkpoints.npy;
