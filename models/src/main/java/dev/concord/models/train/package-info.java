/**
 * The training loop ({@link dev.concord.models.train.TrainingLoop}) that drives any {@link
 * dev.concord.models.train.Model}: local work, one AllReduce per step, the update, metrics
 * (JSON lines) and checkpoint hooks at sync points; model files ({@code .npz}); and the command-line
 * entry points {@code TrainMain} and {@code PredictMain}.
 */
package dev.concord.models.train;
