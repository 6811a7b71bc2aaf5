/**
 * Data-parallel models on Concord: each rank trains on its shard of the data and the ranks agree
 * on the model with an AllReduce at the end of every iteration. Sub-packages: {@code data}
 * (sharded readers), {@code train} (the training loop, metrics, model files and the command
 * line), and one package per model ({@code logreg}, {@code gmm}, {@code kmeans}).
 */
package dev.concord.models;
