/**
 * Checkpoints at sync points: {@link dev.concord.checkpoints.CheckpointStore} writes every rank's
 * shard and the replicated model of a step with an atomic commit (temp file, fsync, rename; the
 * ranks agree through a collective; rank 0 then writes the {@code MANIFEST} the same way), finds
 * the newest valid checkpoint on start-up, and keeps the last K.
 */
package dev.concord.checkpoints;
