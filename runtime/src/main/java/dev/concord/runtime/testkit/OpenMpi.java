package dev.concord.runtime.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether tests can use Open MPI's {@code mpirun}; the one place that decides skip versus fail. */
public final class OpenMpi {
    /** Where Debian's openmpi-bin installs it. */
    public static final Path MPIRUN = Path.of("/usr/bin/mpirun");

    private OpenMpi() {
    }

    /**
     * True when {@link #MPIRUN} is installed. When it is missing under {@code CI=true} this throws
     * (CI must install openmpi-bin, so a skip there would hide a broken setup); elsewhere the
     * caller skips.
     */
    public static boolean mpirunAvailable() {
        boolean present = Files.isExecutable(MPIRUN);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + MPIRUN + " is missing: .ci/run must install openmpi-bin");
        }
        return present;
    }
}
