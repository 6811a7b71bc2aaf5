/**
 * Starting and supervising the processes of a job: {@link dev.concord.runtime.launch.JobLauncher}
 * starts N ranks (locally, or on other hosts through an rsh command), prefixes their output by
 * rank, kills the rest when one fails, restarts all up to a limit, and reports the job's exit
 * status ({@link dev.concord.runtime.launch.ExitCodes}). The {@code concord run} command and the
 * {@link dev.concord.runtime.testkit.ProcessCluster} test harness are thin layers over it.
 */
package dev.concord.runtime.launch;
