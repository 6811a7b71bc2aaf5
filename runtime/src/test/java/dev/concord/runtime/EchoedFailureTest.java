package dev.concord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EchoedFailureTest {
    @Test
    void shouldMarkTheReporterSharedAndTheOthersEchoes() {
        RuntimeException reporter = EchoedFailure.unlessReporter(new IllegalStateException("x"), 2, 2);
        assertTrue(EchoedFailure.isShared(reporter));
        assertFalse(EchoedFailure.isEcho(reporter));
        RuntimeException echo = EchoedFailure.unlessReporter(new IllegalStateException("x"), 2, 0);
        assertTrue(EchoedFailure.isShared(echo));
        assertTrue(EchoedFailure.isEcho(echo));
        RuntimeException plain = new IllegalStateException("x");
        assertFalse(EchoedFailure.isShared(plain) || EchoedFailure.isEcho(plain));
    }

    @Test
    void shouldKeepTheFirstMarkWhenAnOuterCheckMarksAgain() {
        // rank 2 found it (inner check); an outer "every rank alike, rank 0 reports" must not make
        // rank 2 an echo, or nobody would print it
        RuntimeException atTwo = EchoedFailure.unlessReporter(new IllegalStateException("x"), 2, 2);
        EchoedFailure.unlessReporter(atTwo, 0, 2);
        assertFalse(EchoedFailure.isEcho(atTwo));
        assertEquals(1, atTwo.getSuppressed().length);
        RuntimeException atZero = EchoedFailure.mark(new IllegalStateException("x"), 2);
        EchoedFailure.unlessReporter(atZero, 0, 0);
        assertTrue(EchoedFailure.isEcho(atZero), "rank 0 only echoes rank 2's report");
    }

    @Test
    void shouldReportAFailureOfAComputationAlikeOnEveryRankFromRankZero() {
        assertEquals(3, EchoedFailure.alikeOnEveryRank(1, () -> 3));
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException atOne = assertThrows(IllegalStateException.class,
                () -> EchoedFailure.alikeOnEveryRank(1, () -> {
                    throw boom;
                }));
        assertSame(boom, atOne);
        assertTrue(EchoedFailure.isEcho(atOne));
        IllegalStateException atZero = assertThrows(IllegalStateException.class,
                () -> EchoedFailure.alikeOnEveryRank(0, () -> {
                    throw new IllegalStateException("boom");
                }));
        assertTrue(EchoedFailure.isShared(atZero) && !EchoedFailure.isEcho(atZero));
    }
}
