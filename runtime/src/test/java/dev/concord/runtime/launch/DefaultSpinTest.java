package dev.concord.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher's wait defaults: a longer spin when every rank has a core, a yielding spin when
 * ranks outnumber cores, never over the user's own setting.
 */
class DefaultSpinTest {
    @Test
    void shouldSpinLongerWhenEveryRankHasACore() {
        assertEquals(Map.of("CONCORD_SPIN", "500us"), JobLauncher.defaultSpin(2, 2, Map.of(), Map.of()));
        assertEquals(Map.of("CONCORD_SPIN", "500us"), JobLauncher.defaultSpin(1, 8, Map.of(), Map.of()));
    }

    @Test
    void shouldYieldTheCoreWhileSpinningWhenRanksOutnumberCores() {
        assertEquals(Map.of("CONCORD_SPIN", "5ms", "CONCORD_SPIN_YIELD", "1"),
                JobLauncher.defaultSpin(4, 2, Map.of(), Map.of()));
    }

    @Test
    void shouldNeverOverrideTheUsersSetting() {
        assertEquals(Map.of(), JobLauncher.defaultSpin(2, 2, Map.of("CONCORD_SPIN", "0"), Map.of()), "-x CONCORD_SPIN=0");
        assertEquals(Map.of(), JobLauncher.defaultSpin(2, 2, Map.of(), Map.of("CONCORD_SPIN", "10us")), "exported");
        assertEquals(Map.of(), JobLauncher.defaultSpin(4, 2, Map.of("CONCORD_SPIN_YIELD", "0"), Map.of()),
                "-x CONCORD_SPIN_YIELD=0");
    }
}
