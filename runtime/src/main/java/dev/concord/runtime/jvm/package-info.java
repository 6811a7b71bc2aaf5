/**
 * The in-JVM transport: ranks are threads of one JVM; a message is copied once, from the
 * sender's array into the receiver's (or, if no receive is posted yet, into a buffered block).
 * For fast tests and for single-process use.
 */
package dev.concord.runtime.jvm;
