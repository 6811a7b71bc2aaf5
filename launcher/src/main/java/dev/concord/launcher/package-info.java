/**
 * The {@code concord} command (picocli): {@code run}, {@code info}, {@code bench} and the
 * model-level commands. Each command is a small class; the launch options every job command
 * shares are {@link dev.concord.launcher.LaunchOptions}; exit codes are defined once in
 * {@link dev.concord.runtime.launch.ExitCodes}.
 */
package dev.concord.launcher;
