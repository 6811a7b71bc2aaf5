/**
 * Exact, order-independent summation of doubles for reproducible mode: {@link
 * dev.concord.collectives.exact.ExactSum} holds sums as wide fixed-point integers, whose addition
 * is associative, so any grouping of the same terms (any world size, any algorithm) gives the same
 * bits, rounded once to the nearest double.
 */
package dev.concord.collectives.exact;
