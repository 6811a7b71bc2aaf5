package dev.concord.runtime.launch;

/**
 * Exit statuses of {@code concord} and of the jobs it runs — the one place they are defined.
 *
 * <ul>
 *   <li>{@code 0} — every rank exited with 0 (or the command succeeded).</li>
 *   <li>the exit status of the first rank that failed — a rank exiting non-zero fails the job; a
 *       rank killed by signal S reports {@code 128 + S} (137 for SIGKILL), as shells do.</li>
 *   <li>{@link #PEER_FAILED} (75) — a rank that stopped because another rank failed (an uncaught
 *       {@code PeerFailedException}). The job's status prefers any other failing status to it, so
 *       that the status names the cause, not a consequence.</li>
 *   <li>{@link #FAILED} (1) — the command ran and failed, or found what it checks invalid
 *       ({@code concord checkpoint verify}).</li>
 *   <li>{@link #USAGE} (2) — bad command line; a one-line reason is printed. {@code concord run}
 *       does not restart a job whose status is this (every attempt would fail alike).</li>
 *   <li>{@link #LAUNCH_FAILED} (3) — ranks could not be started, or another launcher error.</li>
 *   <li>{@link #DATA_ERROR} (65, sysexits' EX_DATAERR) — bad input data; the file, line and what was
 *       wrong are printed. {@code concord run} does not restart a job whose status is this (every
 *       attempt would read the same data).</li>
 *   <li>{@link #TIMEOUT} (124) — {@code --timeout} passed; every rank was killed.</li>
 *   <li>{@link #INTERRUPTED} (130) — the launcher got SIGINT (143 for SIGTERM); ranks were stopped.</li>
 * </ul>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int LAUNCH_FAILED = 3;
    public static final int TIMEOUT = 124;
    public static final int INTERRUPTED = 130;
    public static final int PEER_FAILED = 75;
    public static final int DATA_ERROR = 65;

    private ExitCodes() {
    }

    /**
     * Why a job that ended with {@code status} would fail the same way if restarted (a usage error,
     * bad input data), or null if a restart may help.
     */
    public static String restartWouldRepeat(int status) {
        return status == USAGE ? "a usage error, which a restart would repeat"
                : status == DATA_ERROR ? "bad input data, which a restart would read again" : null;
    }
}
