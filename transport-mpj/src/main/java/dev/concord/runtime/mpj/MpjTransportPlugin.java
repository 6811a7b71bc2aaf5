package dev.concord.runtime.mpj;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ConcordException;
import dev.concord.runtime.RuntimeOptions;
import dev.concord.runtime.bootstrap.RankIdentity;
import dev.concord.runtime.bootstrap.TransportPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code CONCORD_TRANSPORT=mpj}. In the launcher: a {@link PortExchangeServer} per attempt and
 * mpj.jar on the ranks' class path ({@code CONCORD_MPJ_JAR}, default Debian's
 * {@code /usr/share/java/mpj.jar}). In a rank: {@code MPI.Init} with the CONF string the launcher
 * set, then an {@link MpjCommunicator}.
 *
 * <p>Loading this class does not need mpj.jar; connecting does, and says so when it is missing.
 */
public final class MpjTransportPlugin implements TransportPlugin {
    @Override
    public String name() {
        return "mpj";
    }

    @Override
    public Communicator connect(RankIdentity id, RuntimeOptions options, Map<String, String> env) {
        try {
            Class.forName("mpi.MPI");
        } catch (ClassNotFoundException e) {
            throw new ConcordException("CONCORD_TRANSPORT=mpj but MPJ Express (mpi.MPI) is not on rank " + id.rank()
                    + "'s class path: install Debian's libmpj-java or set CONCORD_MPJ_JAR for 'concord run'");
        }
        String conf = MpjConf.required(env, MpjConf.CONF_VARIABLE);
        String server = MpjConf.required(env, MpjConf.SERVER_VARIABLE);
        long deadline = System.nanoTime() + options.connectTimeoutNanos();
        MpjCommunicator[] self = new MpjCommunicator[1];
        int[] failedEarly = {-1};
        FailureWatch watch;
        try {
            watch = new FailureWatch(server, id.rank(), (int) TimeUnit.NANOSECONDS.toMillis(options.connectTimeoutNanos()),
                    failed -> {
                        synchronized (self) {
                            if (self[0] == null) {
                                failedEarly[0] = failed;
                            } else {
                                self[0].peerFailed(failed);
                            }
                        }
                    });
        } catch (ConcordException e) {
            MpjLifecycle.exitSoon();
            throw e;
        }
        MpjLifecycle.init(id.rank(), conf, deadline, () -> failedEarly[0] >= 0);
        mpi.Intracomm comm = (mpi.Intracomm) mpi.MPI.COMM_WORLD.clone();
        mpi.Intracomm reserved = (mpi.Intracomm) mpi.MPI.COMM_WORLD.clone();
        if (comm.Rank() != id.rank() || comm.Size() != id.size()) {
            MpjLifecycle.exitSoon();
            throw new ConcordException("MPJ placed this process as rank " + comm.Rank() + " of " + comm.Size()
                    + " but its environment says rank " + id.rank() + " of " + id.size());
        }
        synchronized (self) {
            self[0] = new MpjCommunicator(id.rank(), id.size(), options, comm, reserved, watch);
            if (failedEarly[0] >= 0) {
                self[0].peerFailed(failedEarly[0]);
            }
            return self[0];
        }
    }

    @Override
    public List<String> rankClasspath() {
        String jar = System.getenv().getOrDefault(MpjConf.JAR_VARIABLE, MpjConf.DEFAULT_JAR);
        return Files.isRegularFile(Path.of(jar)) ? List.of(jar) : List.of();
    }

    @Override
    public JobService openJob(int np, String bindHost, String advertisedHost) {
        return new PortExchangeServer(np, bindHost, advertisedHost);
    }
}
