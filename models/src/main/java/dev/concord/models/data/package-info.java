/**
 * Sharded input: every rank reads only its own byte range of a text file (aligned to line starts),
 * parses LibSVM, CSV or UCI bag-of-words lines into compact CSR or row-major arrays, and learns the
 * global index of its first sample through one allgather. Bad input fails with a {@link
 * dev.concord.models.data.DataFormatException} naming file, line and problem.
 */
package dev.concord.models.data;
