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
            "KIND: pingpong (8 B latency, 8 MiB and 64 MiB bandwidth between ranks 0 and 1)."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    LaunchOptions launch;

    @Parameters(index = "0", paramLabel = "KIND", description = "pingpong")
    String kind;

    @Option(names = "--sizes", paramLabel = "LIST", description = "Message sizes, e.g. 8,64K,1M,64M (K/M = KiB/MiB).")
    String sizes;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "table", description = "table or csv.")
    String format;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "0.5",
            description = "Seconds of timed samples per size (default: ${DEFAULT-VALUE}).")
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
            default:
                throw new IllegalArgumentException("unknown benchmark '" + kind + "' (known: pingpong)");
        }
        if (sizes != null) {
            args.add("--sizes");
            args.add(sizes);
        }
        args.add("--format");
        args.add(format);
        args.add("--budget");
        args.add(Double.toString(budget));
        launch.tagOutput = false;
        return RunCommand.launchOrJoin(launch, main, args);
    }
}
