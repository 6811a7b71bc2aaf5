/** Point-to-point benchmarks, run as ranks by {@code concord bench}. */
package dev.concord.runtime.bench;
