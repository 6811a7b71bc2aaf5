/**
 * {@code concord plot}: reading {@code --metrics} JSON-lines files ({@link
 * dev.concord.launcher.plot.MetricsReader}) and drawing them as a PNG line chart ({@link
 * dev.concord.launcher.plot.MetricsChart}, XChart).
 */
package dev.concord.launcher.plot;
