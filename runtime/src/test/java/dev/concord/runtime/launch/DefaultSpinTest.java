package dev.concord.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's spin default: long on an undersubscribed host, the runtime's own otherwise, never over the user's. */
class DefaultSpinTest {
    @Test
    void shouldSpinLongerOnlyWhenEveryRankHasACore() {
        assertEquals("500us", JobLauncher.defaultSpin(2, 2, Map.of(), Map.of()));
        assertEquals("500us", JobLauncher.defaultSpin(1, 8, Map.of(), Map.of()));
        assertNull(JobLauncher.defaultSpin(4, 2, Map.of(), Map.of()), "oversubscribed: leave the cores to the others");
    }

    @Test
    void shouldNeverOverrideTheUsersSetting() {
        assertNull(JobLauncher.defaultSpin(2, 2, Map.of("CONCORD_SPIN", "0"), Map.of()), "-x CONCORD_SPIN=0");
        assertNull(JobLauncher.defaultSpin(2, 2, Map.of(), Map.of("CONCORD_SPIN", "10us")), "exported by the user");
    }
}
