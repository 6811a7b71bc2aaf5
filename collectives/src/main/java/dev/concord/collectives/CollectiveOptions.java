package dev.concord.collectives;

import java.util.Map;

/**
 * How a {@link Collectives} instance behaves.
 *
 * @param forcedAllreduce the AllReduce algorithm to use for every call, or null to let {@link
 *     AlgorithmSelector} choose ({@code CONCORD_ALLREDUCE=ring|tree|rd|rabenseifner})
 * @param reproducible exact, order-independent {@code double} SUM, so that sums have the same bits
 *     for any world size and algorithm ({@code CONCORD_REPRODUCIBLE=1}); costs about 70x the
 *     bytes of a plain AllReduce, see {@link dev.concord.collectives.exact.ExactSum}
 * @param checkCalls exchange a call header before every collective so that mismatched calls
 *     throw {@link CollectiveMismatchException} on every rank instead of hanging or corrupting
 *     data ({@code CONCORD_CHECK_CALLS=0} turns it off); costs {@code ceil(log2 p)} rounds of
 *     128-byte messages per call
 */
public record CollectiveOptions(AllreduceKind forcedAllreduce, boolean reproducible, boolean checkCalls) {

    /** Automatic selection, plain summation, checked calls. */
    public static CollectiveOptions defaults() {
        return new CollectiveOptions(null, false, true);
    }

    /** Options named by {@code CONCORD_ALLREDUCE}, {@code CONCORD_REPRODUCIBLE}, {@code CONCORD_CHECK_CALLS} in {@code env}. */
    public static CollectiveOptions fromEnvironment(Map<String, String> env) {
        String a = env.get("CONCORD_ALLREDUCE");
        AllreduceKind forced;
        if (a == null || a.isBlank() || a.trim().equalsIgnoreCase("auto")) {
            forced = null;
        } else {
            try {
                forced = AllreduceKind.parse(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("CONCORD_ALLREDUCE=" + a + ": " + e.getMessage()
                        + " or auto");
            }
        }
        return new CollectiveOptions(forced, flag(env, "CONCORD_REPRODUCIBLE", false), flag(env, "CONCORD_CHECK_CALLS", true));
    }

    /** A copy that always uses {@code kind} (null: automatic). */
    public CollectiveOptions withAllreduce(AllreduceKind kind) {
        return new CollectiveOptions(kind, reproducible, checkCalls);
    }

    /** A copy with reproducible summation on or off. */
    public CollectiveOptions withReproducible(boolean on) {
        return new CollectiveOptions(forcedAllreduce, on, checkCalls);
    }

    /** A copy with call checking on or off. */
    public CollectiveOptions withCheckCalls(boolean on) {
        return new CollectiveOptions(forcedAllreduce, reproducible, on);
    }

    private static boolean flag(Map<String, String> env, String name, boolean dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1": case "true": case "yes": case "on": return true;
            case "0": case "false": case "no": case "off": return false;
            default:
                throw new IllegalArgumentException(name + "=" + v + " is not a boolean (allowed: 1, 0, true, false, yes, no, on, off)");
        }
    }
}
