package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Command lines of train, predict and checkpoint, parsed without running anything. */
class ConcordCliTest {
    private static Object parse(String... args) {
        ParseResult pr = ConcordCli.commandLine().parseArgs(args);
        while (pr.subcommand() != null) {
            pr = pr.subcommand();
        }
        return pr.commandSpec().userObject();
    }

    @Test
    void shouldPassModelOptionsThroughAndKeepLaunchOptionsAnywhere() {
        TrainCommand t = assertInstanceOf(TrainCommand.class, parse("train", "gmm", "-np", "4", "--k", "5",
                "--max-restarts", "2", "--checkpoint-dir", "/tmp/c", "--checkpoint-every", "5", "--data", "x.csv"));
        assertEquals(4, t.launch.np);
        assertEquals(2, t.launch.maxRestarts);
        assertEquals(List.of("gmm", "--k", "5", "--checkpoint-dir", "/tmp/c", "--checkpoint-every", "5", "--data",
                "x.csv"), t.trainerArgs());
        TrainCommand demo = assertInstanceOf(TrainCommand.class, parse("train", "-np", "2", "kmeans"));
        assertEquals(List.of("kmeans"), demo.trainerArgs());
        assertEquals(2, demo.launch.np);
    }

    @Test
    void shouldSelectTheSharedMemoryTransportForRunTrainAndBench() {
        BenchCommand b = assertInstanceOf(BenchCommand.class, parse("bench", "pingpong", "--transport", "shm"));
        assertEquals("shm", b.launch.toSpec("Main", List.of()).env().get("CONCORD_TRANSPORT"));
        TrainCommand t = assertInstanceOf(TrainCommand.class, parse("train", "gmm", "-np", "4", "--transport", "shm"));
        assertEquals("shm", t.launch.toSpec("Main", List.of()).env().get("CONCORD_TRANSPORT"));
        RunCommand r = assertInstanceOf(RunCommand.class, parse("run", "-np", "2", "Main"));
        assertEquals("tcp", r.launch.toSpec("Main", List.of()).env().get("CONCORD_TRANSPORT"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> assertInstanceOf(RunCommand.class, parse("run", "--transport", "carrier-pigeon", "Main"))
                        .launch.toSpec("Main", List.of()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
    }

    @Test
    void shouldStartRanksWithTheSerialCollectorUnlessTheUserChoseOne() {
        RunCommand r = assertInstanceOf(RunCommand.class, parse("run", "-np", "2", "Main"));
        List<String> cmd = r.launch.toSpec("Main", List.of()).rankCommand();
        assertEquals("-XX:+UseSerialGC", cmd.get(1), cmd.toString());
        RunCommand g1 = assertInstanceOf(RunCommand.class, parse("run", "-np", "2", "--jvm-arg=-XX:+UseG1GC", "Main"));
        List<String> own = g1.launch.toSpec("Main", List.of()).rankCommand();
        assertEquals("-XX:+UseG1GC", own.get(1), own.toString());
        org.junit.jupiter.api.Assertions.assertFalse(own.contains("-XX:+UseSerialGC"), own.toString());
    }

    @Test
    void shouldRefuseFarMoreLocalRanksThanCpusUnlessOversubscribing() {
        LaunchOptions.checkLocalRanks(64, 2, false);
        LaunchOptions.checkLocalRanks(128, 8, false);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.checkLocalRanks(65, 2, false));
        assertEquals("-np 65 would start 65 ranks on this machine, which has 2 CPUs (the limit is 64); pass "
                + "--oversubscribe to start them anyway, or spread them with --host or --hostfile", e.getMessage());
        LaunchOptions.checkLocalRanks(99999, 2, true);
        int cpus = Runtime.getRuntime().availableProcessors();
        int np = Math.max(LaunchOptions.MIN_LOCAL_LIMIT, LaunchOptions.RANKS_PER_CPU * cpus) + 1;
        TrainCommand t = assertInstanceOf(TrainCommand.class, parse("train", "gmm", "-np", Integer.toString(np)));
        IllegalArgumentException viaCli = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> t.launch.checkLocalRanks(t.launch.toSpec("Main", List.of())));
        org.junit.jupiter.api.Assertions.assertTrue(viaCli.getMessage().startsWith("-np " + np + " would start"),
                viaCli.getMessage());
        TrainCommand over = assertInstanceOf(TrainCommand.class, parse("train", "gmm", "-np", Integer.toString(np),
                "--oversubscribe"));
        over.launch.checkLocalRanks(over.launch.toSpec("Main", List.of()));
        assertEquals(List.of("gmm"), over.trainerArgs());
        TrainCommand spread = assertInstanceOf(TrainCommand.class, parse("train", "gmm", "-np", Integer.toString(np),
                "--host", "a:" + np));
        spread.launch.checkLocalRanks(spread.launch.toSpec("Main", List.of()));
    }

    @Test
    void shouldRefuseAFilePathThatIsNotAJarAsTheProgram() {
        RunCommand r = assertInstanceOf(RunCommand.class, parse("run", "-np", "2", "/tmp/data/s.libsvm"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> r.launch.toSpec(r.target, r.args));
        assertEquals("/tmp/data/s.libsvm is neither a jar (*.jar) nor a main class name", e.getMessage());
    }

    @Test
    void shouldPassEveryPredictArgumentToThePredictor() {
        PredictCommand p = assertInstanceOf(PredictCommand.class, parse("predict", "m.npz", "--data", "d.csv",
                "--out", "p.txt"));
        assertEquals(List.of("m.npz", "--data", "d.csv", "--out", "p.txt"), p.args);
    }

    @Test
    void shouldParseLdaTopics() {
        LdaTopicsCommand t = assertInstanceOf(LdaTopicsCommand.class, parse("lda-topics", "m.npz", "--vocab", "v.txt",
                "--top", "7"));
        assertEquals(Path.of("m.npz"), t.model);
        assertEquals(Path.of("v.txt"), t.vocab);
        assertEquals(7, t.top);
    }

    @Test
    void shouldParseCheckpointSubcommands() {
        assertEquals(Path.of("ck"), assertInstanceOf(CheckpointListCommand.class, parse("checkpoint", "list", "ck")).dir);
        assertEquals(Path.of("ck"), assertInstanceOf(CheckpointVerifyCommand.class,
                parse("checkpoint", "verify", "ck")).dir);
        CheckpointInspectCommand i = assertInstanceOf(CheckpointInspectCommand.class,
                parse("checkpoint", "inspect", "ck", "--step", "15"));
        assertEquals(15L, i.step);
        assertEquals(Path.of("ck"), i.path);
    }

    @Test
    void shouldRejectAMissingModelOrDirectoryWithStatusTwo() {
        CommandLine cl = ConcordCli.commandLine();
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(2, cl.execute("train", "-np", "2"));
        CommandLine cl2 = ConcordCli.commandLine();
        cl2.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(2, cl2.execute("checkpoint", "verify"));
    }

    private static String output(String... args) {
        CommandLine cl = ConcordCli.commandLine();
        java.io.StringWriter out = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out, true));
        assertEquals(0, cl.execute(args), String.join(" ", args));
        return out.toString();
    }

    @Test
    void shouldPrintTheVersionForEverySubcommandsDashV() {
        String version = output("-V");
        org.junit.jupiter.api.Assertions.assertTrue(version.startsWith("concord "), version);
        for (String[] args : List.of(new String[] {"run", "-V"}, new String[] {"train", "-V"},
                new String[] {"predict", "-V"}, new String[] {"bench", "--version"}, new String[] {"checkpoint", "-V"},
                new String[] {"checkpoint", "list", "-V"}, new String[] {"plot", "-V"}, new String[] {"info", "-V"},
                new String[] {"lda-topics", "-V"})) {
            assertEquals(version, output(args), String.join(" ", args));
        }
    }

    @Test
    void shouldShowPredictsUsageAsConcordPredict() {
        String help = output("predict", "--help");
        org.junit.jupiter.api.Assertions.assertTrue(help.startsWith("Usage: concord predict [-hV] MODEL --data=FILE"),
                help);
    }

    @Test
    void shouldShowFirstValuesOfAnArray() {
        assertEquals("[1.0, 2.0]", CheckpointInspectCommand.first(new double[] {1, 2}));
        assertEquals("[0, 1, 2, 3, 4, 5, ... (8 values)]", CheckpointInspectCommand.first(new long[] {0, 1, 2, 3, 4, 5,
            6, 7}));
    }
}
