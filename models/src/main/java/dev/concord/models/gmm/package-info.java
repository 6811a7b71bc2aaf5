/**
 * Gaussian mixture models fitted by EM ({@link dev.concord.models.gmm.GmmModel}): full or diagonal
 * covariances, E-step local with log-sum-exp, sufficient statistics in one AllReduce, identical
 * M-step on every rank.
 */
package dev.concord.models.gmm;
