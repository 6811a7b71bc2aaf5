package dev.concord.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.CollectiveOptions;
import dev.concord.collectives.Collectives;
import dev.concord.runtime.testkit.LocalCluster;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact per-row sums are the correctly rounded total for every world size; plain sums are not. */
class StatisticsSumTest {
    private static final int ROWS = 1000;
    private static final int WIDTH = 3;

    /** Row terms spanning many magnitudes and both signs, so that summation order shows in the last bits. */
    private static double term(int row, int j) {
        SplittableRandom r = new SplittableRandom(31L * row + j);
        return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-8, 9));
    }

    /** Sum over all ranks of their contiguous share of the ROWS rows, as the training loop splits data. */
    private static double[] sum(int np, boolean exact) {
        List<double[]> all = LocalCluster.of(np).call(comm -> {
            Collectives coll = Collectives.of(comm, CollectiveOptions.defaults().withReproducible(exact));
            int first = (int) ((long) ROWS * comm.rank() / np);
            int last = (int) ((long) ROWS * (comm.rank() + 1) / np);
            double[] buf = new double[WIDTH];
            new StatisticsSum(coll).sum((from, to, b) -> {
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < WIDTH; j++) {
                        b[j] += term(first + i, j);
                    }
                }
            }, last - first, buf);
            return buf;
        });
        for (double[] b : all) {
            for (int j = 0; j < WIDTH; j++) {
                assertEquals(Double.doubleToRawLongBits(all.get(0)[j]), Double.doubleToRawLongBits(b[j]), "ranks agree");
            }
        }
        return all.get(0);
    }

    private static double exactTotal(int j) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < ROWS; i++) {
            s = s.add(new BigDecimal(term(i, j)));
        }
        return s.doubleValue(); // correctly rounded
    }

    @ParameterizedTest(name = "np={0}")
    @ValueSource(ints = {1, 2, 4, 7})
    void shouldGiveTheCorrectlyRoundedSumForAnyWorldSizeInReproducibleMode(int np) {
        double[] s = sum(np, true);
        for (int j = 0; j < WIDTH; j++) {
            assertEquals(exactTotal(j), s[j], 0.0, "statistic " + j);
        }
    }

    @ParameterizedTest(name = "np={0}")
    @ValueSource(ints = {1, 7})
    void shouldDependOnTheSplitInPlainMode(int np) {
        // guards the test data: if plain sums happened to be exact, the test above proved nothing
        double[] s = sum(np, false);
        boolean anyOff = false;
        for (int j = 0; j < WIDTH; j++) {
            anyOff |= s[j] != exactTotal(j);
        }
        assertTrue(anyOff, "plain summation of these terms is inexact at np=" + np);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseHugeStatisticsInReproducibleModeInsteadOfRunningForHours() {
        List<String> messages = LocalCluster.of(2).call(comm -> {
            Collectives coll = Collectives.of(comm, CollectiveOptions.defaults().withReproducible(true));
            double[] buf = new double[StatisticsSum.MAX_EXACT_STATISTICS + 1];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new StatisticsSum(coll).sum((from, to, b) -> { }, 10, buf));
            return e.getMessage();
        });
        for (String m : messages) {
            assertTrue(m.contains("--reproducible") && m.contains(Integer.toString(StatisticsSum.MAX_EXACT_STATISTICS + 1)),
                    m);
        }
    }
}
