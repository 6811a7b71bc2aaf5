package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.launch.LaunchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether {@code concord run} joins as a placed rank, starts ranks with srun, or starts them itself. */
class RankPlacementTest {
    @TempDir
    Path bin;

    private Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private String pathWithSrun() throws Exception {
        Path srun = Files.writeString(bin.resolve("srun"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(srun, PosixFilePermissions.fromString("rwxr-xr-x"));
        return "/nonexistent:" + bin;
    }

    /** What a batch script sees on a Slurm node: job id, procid 0, ntasks — but no step. */
    private Map<String, String> batchScript() throws Exception {
        return env("SLURM_JOB_ID", "4242", "SLURM_PROCID", "0", "SLURM_NTASKS", "8", "SLURM_LOCALID", "0",
                "SLURM_JOB_NODELIST", "node[07-08]", "PATH", pathWithSrun());
    }

    @Test
    void shouldNotTakeASlurmBatchScriptForAPlacedRankButUseSrun() throws Exception {
        Map<String, String> env = batchScript();
        assertFalse(RunCommand.placedByProcessManager(env));
        assertTrue(SrunLaunch.applies(env, false));
        assertFalse(SrunLaunch.applies(env, true), "--host/--hostfile ask for concord's own placement");
        assertEquals("node07", SrunLaunch.coordinatorHost(env));
    }

    @Test
    void shouldJoinAsARankInsideASrunStep() throws Exception {
        Map<String, String> env = batchScript();
        env.put("SLURM_STEP_ID", "0");
        assertTrue(RunCommand.placedByProcessManager(env));
        assertFalse(SrunLaunch.applies(env, false));
        env.remove("SLURM_STEP_ID");
        env.put("SLURM_STEPID", "2");
        assertTrue(RunCommand.placedByProcessManager(env));
    }

    @Test
    void shouldStartRanksItselfWithoutSrunOrOutsideSlurm() throws Exception {
        Map<String, String> env = batchScript();
        env.put("PATH", "/nonexistent");
        assertFalse(SrunLaunch.applies(env, false));
        assertFalse(RunCommand.placedByProcessManager(env));
        assertFalse(SrunLaunch.applies(env("PATH", pathWithSrun()), false));
        assertFalse(RunCommand.placedByProcessManager(env()));
        assertTrue(RunCommand.placedByProcessManager(env("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "4")));
        assertTrue(RunCommand.placedByProcessManager(env("PMI_RANK", "0", "PMI_SIZE", "2")));
        assertFalse(RunCommand.placedByProcessManager(env("CONCORD_RANK", "0", "CONCORD_SIZE", "2")),
                "a concord run rank that runs concord run again starts a job of its own");
    }

    @Test
    void shouldFindTheFirstHostOfASlurmHostList() {
        assertEquals("node07", SrunLaunch.firstHost("node[07-09,12],gpu1"));
        assertEquals("n3", SrunLaunch.firstHost("n[3,5-6]"));
        assertEquals("gpu1", SrunLaunch.firstHost("gpu1,gpu2"));
        assertEquals("rack1-n04", SrunLaunch.firstHost("rack[1-2]-n[04-05]"));
        assertEquals("login", SrunLaunch.firstHost("login"));
    }

    @Test
    void shouldHandTheCoordinatorAndTokenToSrunThroughItsEnvironmentNotItsArguments() {
        LaunchSpec spec = LaunchSpec.local(8, List.of("java", "-cp", "c.jar", "Main", "a"), Map.of("CONCORD_TRANSPORT",
                "tcp", "X", "1"));
        assertEquals(List.of("srun", "-n", "8", "--kill-on-bad-exit=1", "--label", "--export=ALL", "java", "-cp", "c.jar",
                "Main", "a"), SrunLaunch.command(spec, true));
        assertEquals(List.of("srun", "-n", "8", "--kill-on-bad-exit=1", "--export=ALL", "java", "-cp", "c.jar", "Main",
                "a"), SrunLaunch.command(spec, false));
        Map<String, String> env = env("CONCORD_RANK", "3", "CONCORD_SIZE", "4", "CONCORD_COORDINATOR_EXTERNAL", "1",
                "HOME", "/h");
        SrunLaunch.environment(env, spec, "node07:4000", "secret", 1);
        assertEquals(Map.of("HOME", "/h", "CONCORD_TRANSPORT", "tcp", "X", "1", "CONCORD_COORDINATOR", "node07:4000",
                "CONCORD_JOB_TOKEN", "secret", "CONCORD_ATTEMPT", "1"), env);
    }
}
