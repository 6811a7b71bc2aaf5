package dev.concord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.tcp.FrameDescriptor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void shouldParseSizesAndDurations() {
        assertEquals(8, Sizes.parseBytes("8"));
        assertEquals(64 << 10, Sizes.parseBytes("64K"));
        assertEquals(1 << 20, Sizes.parseBytes("1MiB"));
        assertEquals(64L << 20, Sizes.parseBytes("64m"));
        assertEquals("64 MiB", Sizes.format(64L << 20));
        assertEquals(250_000_000L, Durations.parseNanos("250ms"));
        assertEquals(30_000_000_000L, Durations.parseNanos("30"));
        assertEquals(120_000_000_000L, Durations.parseNanos("2m"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("5 parsecs"));
        assertTrue(e.getMessage().contains("unknown unit 'parsecs'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RuntimeOptions.fromEnvironment(
                Map.of("CONCORD_OP_TIMEOUT", "soon")));
        assertTrue(e.getMessage().startsWith("CONCORD_OP_TIMEOUT=soon:"), e.getMessage());
    }

    @Test
    void shouldPrintDurationsWithoutExponents() {
        assertEquals("7200 s", Durations.format(Durations.parseNanos("2h")), "concord info's op timeout of 2h");
        assertEquals("1000 s", Durations.format(999_600_000_000L));
        assertEquals("600 s", Durations.format(Durations.parseNanos("10m")));
        assertEquals("1.50 s", Durations.format(1_500_000_000L));
        assertEquals("250 ms", Durations.format(250_000_000L));
        assertEquals("40.0 us", Durations.format(40_000L));
        assertEquals("1.00 s", Durations.format(999_700_000L));
        assertEquals("1.00 ms", Durations.format(999_700L));
        assertEquals("999 ms", Durations.format(999_000_000L));
    }

    @Test
    void shouldSayHowLargeTheEagerLimitMayBe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeOptions.fromEnvironment(Map.of("CONCORD_EAGER_LIMIT", "2G")));
        assertEquals("CONCORD_EAGER_LIMIT=2G is too large (at most 1073741823 bytes, just under 1 GiB)", e.getMessage());
    }

    @Test
    void shouldReadTheSpinYieldFlag() {
        assertFalse(RuntimeOptions.defaults().spinYields());
        assertTrue(RuntimeOptions.fromEnvironment(Map.of("CONCORD_SPIN_YIELD", "1")).spinYields());
        assertFalse(RuntimeOptions.fromEnvironment(Map.of("CONCORD_SPIN_YIELD", "0")).spinYields());
        assertTrue(RuntimeOptions.fromEnvironment(Map.of("CONCORD_SPIN_YIELD", "1")).withOpTimeout(1_000_000_000L)
                .spinYields(), "kept by the with* copies");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeOptions.fromEnvironment(Map.of("CONCORD_SPIN_YIELD", "sometimes")));
        assertEquals("CONCORD_SPIN_YIELD=sometimes: expected 1 or 0", e.getMessage());
    }

    @Test
    void shouldValidateFrameHeaders() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        FrameDescriptor.put(b, 0, FrameDescriptor.EAGER, ElementType.DOUBLE, 3, 0, 80);
        assertEquals(null, FrameDescriptor.validate(b, 0, 1 << 20));
        FrameDescriptor.put(b, 0, FrameDescriptor.EAGER, ElementType.DOUBLE, 3, 0, 2L << 20);
        assertEquals("frame of 2097152 bytes exceeds the limit of 1048576 bytes", FrameDescriptor.validate(b, 0, 1 << 20));
        FrameDescriptor.put(b, 0, FrameDescriptor.EAGER, ElementType.DOUBLE, 3, 0, 12);
        assertEquals("frame of 12 bytes is not a whole number of DOUBLE elements", FrameDescriptor.validate(b, 0, 1 << 20));
        b.putShort(2, (short) 0x1234);
        assertEquals("bad magic 0x1234", FrameDescriptor.validate(b, 0, 1 << 20));
        FrameDescriptor.put(b, 0, 42, ElementType.INT, 3, 0, 4);
        assertEquals("unknown frame type 42", FrameDescriptor.validate(b, 0, 1 << 20));
    }
}
