package dev.concord.collectives.algorithm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunksTest {
    @Test
    void shouldCoverCountWithChunksDifferingByAtMostOneLargerFirst() {
        for (int parts = 1; parts <= 9; parts++) {
            for (int count = 0; count <= 40; count++) {
                assertEquals(0, Chunks.start(count, parts, 0));
                assertEquals(count, Chunks.start(count, parts, parts));
                for (int i = 0; i < parts; i++) {
                    int size = Chunks.size(count, parts, i);
                    assertTrue(size == count / parts || size == count / parts + 1, "size " + size);
                    if (i > 0) {
                        assertTrue(Chunks.size(count, parts, i - 1) >= size, "larger chunks come first");
                    }
                }
            }
        }
    }

    @Test
    void shouldGiveEqualBlocksWhenDivisible() {
        assertEquals(3 * 1000, Chunks.start(8 * 1000, 8, 3));
    }

    @Test
    void shouldCountSegmentsAndWrapRanks() {
        assertEquals(0, Chunks.segments(0, 4));
        assertEquals(1, Chunks.segments(4, 4));
        assertEquals(2, Chunks.segments(5, 4));
        assertEquals(7, Chunks.mod(-1, 8));
        assertEquals(1, Chunks.mod(9, 8));
    }

    @Test
    void shouldRejectBadArgumentsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chunks.start(10, 3, 4));
        assertTrue(e.getMessage().contains("chunk 4 of 3"), e.getMessage());
    }
}
