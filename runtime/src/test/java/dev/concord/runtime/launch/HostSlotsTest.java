package dev.concord.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSlotsTest {
    @Test
    void shouldPlaceRanksInHostOrder() {
        List<String> p = HostSlots.placement(HostSlots.parseList("a:2,b,c:3"), 5);
        assertEquals(List.of("a", "a", "b", "c", "c"), p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostSlots.placement(HostSlots.parseList("a:2"), 3));
        assertEquals("-np 3 needs 3 slots but the hosts give only 2", e.getMessage());
    }

    @Test
    void shouldReadAHostfileAndNameTheBadLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "# cluster\nnode1 slots=2\nnode2:3  # comment\n\nnode3\n");
        assertEquals(List.of(new HostSlots("node1", 2), new HostSlots("node2", 3), new HostSlots("node3", 1)),
                HostSlots.parseFile(f));
        Files.writeString(f, "node1\nnode2 cores=4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostSlots.parseFile(f));
        assertTrue(e.getMessage().startsWith(f + ":2: expected"), e.getMessage());
    }

    @Test
    void shouldQuoteForTheRemoteShell() {
        assertEquals("plain-arg=1", JobLauncher.quote("plain-arg=1"));
        assertEquals("'two words'", JobLauncher.quote("two words"));
        assertEquals("'it'\\''s'", JobLauncher.quote("it's"));
    }
}
