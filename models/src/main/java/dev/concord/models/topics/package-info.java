/**
 * Topic models on bag-of-words corpora split by documents across ranks: LDA by distributed
 * collapsed Gibbs sampling (AD-LDA, Newman et al. 2007/2009) with a SparseLDA sampler ({@link
 * dev.concord.models.topics.LdaModel}), and pLSA by EM ({@link dev.concord.models.topics.PlsaModel}).
 * Word-topic statistics are allreduced every iteration; per-document state (topic assignments,
 * document-topic mixtures) stays on its rank and is checkpointed keyed by global document id.
 */
package dev.concord.models.topics;
