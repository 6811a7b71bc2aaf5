package dev.concord.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ranks' JVM options: the serial collector by default, never a second collector over the user's. */
class RankJvmArgsTest {
    @Test
    void shouldUseTheSerialCollectorByDefault() {
        assertEquals(List.of("-XX:+UseSerialGC"), LaunchSpec.rankJvmArgs(List.of(), Map.of()));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx2g", "-XX:+UseGCOverheadLimit"),
                LaunchSpec.rankJvmArgs(List.of("-Xmx2g", "-XX:+UseGCOverheadLimit"), Map.of()),
                "options that only mention GC are not a choice of collector");
    }

    @Test
    void shouldKeepTheUsersCollector() {
        for (String gc : new String[] {"-XX:+UseG1GC", "-XX:+UseParallelGC", "-XX:+UseZGC", "-XX:-UseSerialGC"}) {
            assertEquals(List.of("-Xmx1g", gc), LaunchSpec.rankJvmArgs(List.of("-Xmx1g", gc), Map.of()), gc);
        }
    }

    @Test
    void shouldKeepACollectorChosenInAJvmOptionVariable() {
        for (String var : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
            assertEquals(List.of(), LaunchSpec.rankJvmArgs(List.of(), Map.of(), Map.of(var, "-Xss2m -XX:+UseG1GC")),
                    var + " of the launcher");
            assertEquals(List.of(), LaunchSpec.rankJvmArgs(List.of(), Map.of(var, "-XX:+UseParallelGC -Xss2m")),
                    "-x " + var);
        }
        assertEquals(List.of("-XX:+UseSerialGC"), LaunchSpec.rankJvmArgs(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Xss2m")));
    }
}
