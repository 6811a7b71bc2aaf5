/**
 * One class per collective algorithm, each written against {@link dev.concord.runtime.Communicator}
 * only. Every algorithm validates and allocates in its constructor (or grows a reusable {@link
 * dev.concord.collectives.algorithm.Scratch}), returns at once for one rank or zero elements, fixes
 * its reduction order so results do not depend on message arrival, and waits only through
 * deadline-bounded requests. {@link dev.concord.collectives.algorithm.Chunks} holds the pure
 * partition arithmetic they share.
 */
package dev.concord.collectives.algorithm;
