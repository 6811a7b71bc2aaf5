package dev.concord.runtime.bootstrap;

import dev.concord.runtime.ConcordException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Rank, size, local rank, coordinator, job token and transport of this process, and which
 * process manager they came from. The one place that decides; {@code concord info} prints it.
 *
 * <p>Order of precedence: {@code CONCORD_RANK/CONCORD_SIZE} (set by {@code concord run}), then
 * Open MPI ({@code OMPI_COMM_WORLD_RANK/SIZE/LOCAL_RANK}), then MPICH/PMI ({@code PMI_RANK/PMI_SIZE},
 * {@code MPI_LOCALRANKID}), then Slurm ({@code SLURM_PROCID/SLURM_NTASKS/SLURM_LOCALID}, only inside a
 * job step: see {@link #inSlurmStep}); otherwise
 * a single standalone rank. The coordinator always comes from {@code CONCORD_COORDINATOR}
 * ({@code host:port} that every rank can reach; rank 0 listens there, unless
 * {@code CONCORD_COORDINATOR_EXTERNAL=1} says a launcher does). The job token comes from
 * {@code CONCORD_JOB_TOKEN}; when it is missing under a process manager, a token derived from the
 * manager's job id is used with a warning (anyone who can guess the id could join).
 */
public record RankIdentity(int rank, int size, int localRank, String source, String coordinator,
        boolean externalCoordinator, byte[] token, String tokenSource, String transport) {

    /** Where a process manager keeps its job id, from which a missing token is derived. */
    private static final String[] JOB_ID_VARIABLES = {"OMPI_MCA_ess_base_jobid", "PMIX_NAMESPACE", "SLURM_JOB_ID",
        "PMI_JOBID"};
    private static final String DERIVED = "derived from the process manager's job id ";

    /** Reads the identity from {@code env}; throws a ConcordException naming the variable that is wrong or missing. */
    public static RankIdentity fromEnvironment(Map<String, String> env) {
        String source = managerOf(env);
        String[] vars = identityVariables(source);
        int rank = vars == null ? 0 : integer(env, vars[0]);
        int size = vars == null ? 1 : integer(env, vars[1]);
        int local = vars == null ? 0 : optional(env, vars[2], rank);
        if (size < 1 || rank < 0 || rank >= size) {
            throw new ConcordException("rank " + rank + " of " + size + " (from " + source
                    + ") is not a valid rank: need 0 <= rank < size");
        }
        String coordinator = env.get("CONCORD_COORDINATOR");
        if ((coordinator == null || coordinator.isBlank()) && size > 1) {
            throw new ConcordException("CONCORD_COORDINATOR is not set: rank " + rank + " of " + size + " (from "
                    + source + ") cannot find rank 0. Set it to a host:port that every rank can reach, where rank 0 "
                    + "will listen (e.g. mpirun -x CONCORD_COORDINATOR=node1:29500 ...).");
        }
        String tokenSource = "CONCORD_JOB_TOKEN";
        String token = env.get("CONCORD_JOB_TOKEN");
        if (token == null || token.isEmpty()) {
            String jobIdVariable = firstSet(env, JOB_ID_VARIABLES);
            String jobId = jobIdVariable == null ? null : env.get(jobIdVariable);
            if (jobId != null) {
                tokenSource = DERIVED + jobIdVariable + " (set CONCORD_JOB_TOKEN for a secret one)";
                token = "concord-job:" + jobId + ":" + env.getOrDefault("SLURM_STEP_ID", "") + ":" + coordinator;
            } else if (size > 1) {
                throw new ConcordException("CONCORD_JOB_TOKEN is not set and no process-manager job id was found: "
                        + "every rank of the job needs the same secret token (concord run generates one).");
            } else {
                tokenSource = "none (single rank)";
                token = "standalone";
            }
        }
        String transport = env.getOrDefault("CONCORD_TRANSPORT", "tcp");
        boolean external = "1".equals(env.get("CONCORD_COORDINATOR_EXTERNAL"));
        return new RankIdentity(rank, size, local, source, coordinator, external, token.getBytes(StandardCharsets.UTF_8),
                tokenSource, transport);
    }

    /**
     * Which process manager placed this process ("concord", "Open MPI", "MPICH/PMI", "Slurm" or
     * "standalone"), by the same precedence as {@link #fromEnvironment}, without validating.
     */
    public static String managerOf(Map<String, String> env) {
        if (env.containsKey("CONCORD_RANK") || env.containsKey("CONCORD_SIZE")) {
            return "concord";
        }
        if (env.containsKey("OMPI_COMM_WORLD_RANK")) {
            return "Open MPI";
        }
        if (env.containsKey("PMI_RANK")) {
            return "MPICH/PMI";
        }
        if (inSlurmStep(env)) {
            return "Slurm";
        }
        return "standalone";
    }

    /** Rank, size and local-rank variables of a process manager named by {@link #managerOf}; null for standalone. */
    private static String[] identityVariables(String manager) {
        switch (manager) {
            case "concord": return new String[] {"CONCORD_RANK", "CONCORD_SIZE", "CONCORD_LOCAL_RANK"};
            case "Open MPI": return new String[] {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE",
                "OMPI_COMM_WORLD_LOCAL_RANK"};
            case "MPICH/PMI": return new String[] {"PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID"};
            case "Slurm": return new String[] {"SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID"};
            default: return null;
        }
    }

    /**
     * True in a task of a Slurm job step (started by {@code srun}). A batch script also sees
     * {@code SLURM_PROCID=0} and {@code SLURM_NTASKS}, but it is not one of the job's ranks: only a
     * step id ({@code SLURM_STEP_ID}, or the older {@code SLURM_STEPID}) that names a real step
     * says Slurm placed this process. The batch and extern steps ("batch", "extern", or their
     * reserved ids 4294967290 and above) do not count.
     */
    public static boolean inSlurmStep(Map<String, String> env) {
        if (!env.containsKey("SLURM_PROCID")) {
            return false;
        }
        String step = firstOf(env, "SLURM_STEP_ID", "SLURM_STEPID");
        if (step == null) {
            return false;
        }
        try {
            return Long.parseLong(step.trim()) < 4294967290L;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The coordinator as a socket address; throws naming the bad value. */
    public InetSocketAddress coordinatorAddress() {
        return parseAddress("CONCORD_COORDINATOR", coordinator);
    }

    /** Parses {@code host:port} (IPv6 as {@code [addr]:port}). */
    public static InetSocketAddress parseAddress(String variable, String value) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConcordException(variable + "=" + value + " is not host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConcordException(variable + "=" + value + ": port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new ConcordException(variable + "=" + value + ": port " + port + " is outside 1..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * The warning rank 0 logs when the token was derived from the process manager's job id
     * ({@code CONCORD_JOB_TOKEN} unset), else null: anyone who can guess that id could join.
     */
    public String tokenWarning() {
        if (!tokenSource.startsWith(DERIVED)) {
            return null;
        }
        return "rank " + rank + ": CONCORD_JOB_TOKEN is not set, so the job token is " + tokenSource.substring(0,
                tokenSource.indexOf(" (")) + ": anyone who can guess that id could join this job. Set CONCORD_JOB_TOKEN"
                + " to the same secret for every rank (e.g. export CONCORD_JOB_TOKEN=$(openssl rand -hex 16); mpirun"
                + " -x CONCORD_JOB_TOKEN ...)";
    }

    /** Human-readable summary, one "key: value" per line (the token itself is never printed). */
    public String describe() {
        return "rank:        " + rank + "\n"
                + "size:        " + size + "\n"
                + "local rank:  " + localRank + "\n"
                + "identity:    " + source + "\n"
                + "transport:   " + transport + "\n"
                + "coordinator: " + (coordinator == null ? "(none: single rank)"
                        : coordinator + (externalCoordinator ? " (run by the launcher)" : " (run by rank 0)")) + "\n"
                + "job token:   " + tokenSource + "\n";
    }

    private static String firstOf(Map<String, String> env, String... names) {
        String name = firstSet(env, names);
        return name == null ? null : env.get(name);
    }

    /** The first of {@code names} set (not blank) in {@code env}, or null. */
    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return n;
            }
        }
        return null;
    }

    private static int integer(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            throw new ConcordException(name + " is not set");
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConcordException(name + "=" + v + " is not an integer");
        }
    }

    private static int optional(Map<String, String> env, String name, int dflt) {
        return env.containsKey(name) ? integer(env, name) : dflt;
    }
}
