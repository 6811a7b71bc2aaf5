package dev.concord.collectives.bench;

import dev.concord.collectives.AllreduceKind;
import dev.concord.runtime.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link CollectiveBench} measures, parsed from arguments such as {@code --collective
 * allreduce --sizes 8,64K,1M --algorithm ring,auto --iterations 20 --warmup 5 --format csv
 * --check on --reproducible off}.
 *
 * @param collective allreduce, bcast, allgather, reducescatter or barrier
 * @param sizes message sizes in bytes (for allgather and reducescatter: the whole buffer)
 * @param algorithms AllReduce algorithms, null meaning automatic selection ("auto"); other
 *     collectives allow only auto
 * @param iterations timed iterations per (algorithm, size)
 * @param warmup untimed iterations before them
 * @param warmupSeconds then untimed batches, doubled until one takes this long (the JIT's time)
 * @param format table, csv or json
 * @param checkCalls whether the collectives exchange call headers (part of their real cost)
 * @param reproducible whether double SUM runs in reproducible (exact) mode
 */
public record BenchConfig(String collective, List<Long> sizes, List<AllreduceKind> algorithms, int iterations,
        int warmup, double warmupSeconds, String format, boolean checkCalls, boolean reproducible) {

    static final List<String> COLLECTIVES = List.of("allreduce", "bcast", "allgather", "reducescatter", "barrier");
    static final List<String> FORMATS = List.of("table", "csv", "json");

    public BenchConfig {
        if (!COLLECTIVES.contains(collective)) {
            throw new IllegalArgumentException("unknown collective '" + collective + "' (allowed: " + String.join(", ", COLLECTIVES) + ")");
        }
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("unknown format '" + format + "' (allowed: table, csv, json)");
        }
        if (!(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("--warmup-time must be >= 0 seconds, got " + warmupSeconds);
        }
        if (iterations < 1 || warmup < 0) {
            throw new IllegalArgumentException("iterations must be >= 1 and warmup >= 0, got " + iterations + " and " + warmup);
        }
        if (!collective.equals("allreduce") && (algorithms.size() != 1 || algorithms.get(0) != null)) {
            throw new IllegalArgumentException("--algorithm applies to allreduce only; " + collective + " takes auto");
        }
        sizes = List.copyOf(sizes);
        algorithms = java.util.Collections.unmodifiableList(new ArrayList<>(algorithms));
    }

    /** Parses {@code args}; unknown flags and bad values throw IllegalArgumentException naming them. */
    public static BenchConfig parse(String... args) {
        String collective = "allreduce";
        String sizes = "8,64K,1M";
        String algorithms = "auto";
        int iterations = 20;
        int warmup = 5;
        double warmupSeconds = 0.5;
        String format = "table";
        boolean check = true;
        boolean reproducible = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--collective": collective = value.toLowerCase(Locale.ROOT); break;
                case "--sizes": sizes = value; break;
                case "--algorithm": algorithms = value; break;
                case "--iterations": iterations = integer(flag, value); break;
                case "--warmup": warmup = integer(flag, value); break;
                case "--warmup-time": warmupSeconds = seconds(flag, value); break;
                case "--format": format = value.toLowerCase(Locale.ROOT); break;
                case "--check": check = onOff(flag, value); break;
                case "--reproducible": reproducible = onOff(flag, value); break;
                default:
                    throw new IllegalArgumentException("unknown flag " + flag + " (known: --collective, --sizes, "
                            + "--algorithm, --iterations, --warmup, --warmup-time, --format, --check, --reproducible)");
            }
        }
        List<Long> bytes = new ArrayList<>();
        for (String s : sizes.split(",")) {
            bytes.add(Sizes.parseBytes(s.trim()));
        }
        List<AllreduceKind> kinds = new ArrayList<>();
        for (String a : algorithms.split(",")) {
            kinds.add(a.trim().equalsIgnoreCase("auto") ? null : AllreduceKind.parse(a));
        }
        return new BenchConfig(collective, bytes, kinds, iterations, warmup, warmupSeconds, format, check, reproducible);
    }

    private static boolean onOff(String flag, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "on": case "true": case "1": return true;
            case "off": case "false": case "0": return false;
            default: throw new IllegalArgumentException(flag + " " + value + " is not on or off");
        }
    }

    private static double seconds(String flag, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + value + " is not a number of seconds");
        }
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + value + " is not an integer");
        }
    }
}
