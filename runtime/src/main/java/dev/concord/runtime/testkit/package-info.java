/**
 * Harnesses that run a job on one machine, for tests (Concord's and its users'):
 * {@link dev.concord.runtime.testkit.LocalCluster} runs ranks as threads over the in-JVM or real
 * TCP loopback transport.
 */
package dev.concord.runtime.testkit;
