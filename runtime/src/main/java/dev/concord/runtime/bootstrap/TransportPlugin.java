package dev.concord.runtime.bootstrap;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.RuntimeOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A transport that lives outside the runtime module (e.g. MPJ Express, whose jar the runtime must
 * not need at compile time). Found with {@link ServiceLoader} by {@link #name()}, which is the
 * value of {@code CONCORD_TRANSPORT} and of {@code concord run --transport}.
 *
 * <p>It has two halves: {@link #connect} runs in each rank; {@link #rankClasspath} and
 * {@link #openJob} run in the launcher, for transports that need a service there while the ranks
 * start (MPJ's port exchange).
 */
public interface TransportPlugin {
    /** The transport's name ("mpj"). */
    String name();

    /** Joins the job as rank {@code id.rank()}; {@code env} is the rank's environment. */
    Communicator connect(RankIdentity id, RuntimeOptions options, Map<String, String> env);

    /** Class path entries every rank needs besides the launcher's own (e.g. a jar installed by the OS). */
    List<String> rankClasspath();

    /**
     * Starts what one attempt of a job of {@code np} ranks needs in the launcher. {@code bindHost}
     * is the address to listen on, {@code advertisedHost} the one ranks should dial.
     */
    JobService openJob(int np, String bindHost, String advertisedHost);

    /** Launcher-side service of one attempt. */
    interface JobService extends AutoCloseable {
        /** Extra environment of rank {@code rank}. */
        Map<String, String> rankEnv(int rank);

        @Override
        void close();
    }

    /** The plugin named {@code name} on the class path, if any. */
    static Optional<TransportPlugin> find(String name) {
        for (TransportPlugin p : ServiceLoader.load(TransportPlugin.class)) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
