package dev.concord.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord bench KIND -np N …}: runs a benchmark as a job and prints rank 0's table. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark point-to-point or collective operations on N local ranks.",
            "KIND: pingpong (latency and bandwidth between ranks 0 and 1), or a collective: allreduce, bcast,"
                + " allgather, reducescatter, barrier (median and min time, algbw and busbw as NCCL-tests defines"
                + " them)."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    LaunchOptions launch;

    @Parameters(index = "0", paramLabel = "KIND",
            description = "pingpong, allreduce, bcast, allgather, reducescatter or barrier")
    String kind;

    @Option(names = "--algorithm", paramLabel = "LIST", defaultValue = "auto",
            description = "AllReduce algorithms to measure: ring, tree, rd, rabenseifner, auto (comma list).")
    String algorithm;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "20", description = "Timed calls per size.")
    int iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed calls per size first.")
    int warmup;

    @Option(names = "--reproducible", description = "Measure the reproducible (exact) summation mode.")
    boolean reproducible;

    @Option(names = "--baseline", paramLabel = "mpj",
            description = "allreduce only: also run MPJ Express's own Allreduce (over --transport mpj) with the same "
                    + "sizes, after Concord's rows.")
    String baseline;

    @Option(names = "--sizes", paramLabel = "LIST", description = "Message sizes, e.g. 8,64K,1M,64M (K/M = KiB/MiB).")
    String sizes;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table, csv or json.")
    String format;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "0.5",
            description = "pingpong: seconds of timed samples per size (default: ${DEFAULT-VALUE}).")
    double budget;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>();
        String main;
        switch (kind) {
            case "pingpong":
                main = "dev.concord.runtime.bench.PingPong";
                if (launch.np < 2) {
                    launch.np = 2;
                }
                break;
            case "allreduce":
            case "bcast":
            case "allgather":
            case "reducescatter":
            case "barrier":
                main = "dev.concord.collectives.bench.CollectiveBench";
                args.addAll(List.of("--collective", kind, "--algorithm", algorithm, "--iterations",
                        Integer.toString(iterations), "--warmup", Integer.toString(warmup), "--reproducible",
                        reproducible ? "on" : "off"));
                break;
            default:
                throw new IllegalArgumentException("unknown benchmark '" + kind
                        + "' (known: pingpong, allreduce, bcast, allgather, reducescatter, barrier)");
        }
        if (sizes != null) {
            args.add("--sizes");
            args.add(sizes);
        }
        args.add("--format");
        args.add(format);
        if (kind.equals("pingpong")) {
            args.add("--budget");
            args.add(Double.toString(budget));
        }
        launch.tagOutput = false;
        if (baseline != null && !(baseline.equals("mpj") && kind.equals("allreduce"))) {
            throw new IllegalArgumentException("--baseline " + baseline + ": only 'mpj' with allreduce is supported");
        }
        int status = RunCommand.launchOrJoin(launch, main, args);
        if (status != 0 || baseline == null) {
            return status;
        }
        List<String> mpjArgs = new ArrayList<>(List.of("--iters", Integer.toString(iterations), "--warmup",
                Integer.toString(warmup)));
        if (sizes != null) {
            mpjArgs.addAll(List.of("--sizes", sizes));
        }
        launch.transport = "mpj";
        return RunCommand.launchOrJoin(launch, "dev.concord.runtime.mpj.MpjNativeAllreduce", mpjArgs);
    }
}
