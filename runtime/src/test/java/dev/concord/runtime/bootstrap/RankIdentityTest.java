package dev.concord.runtime.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.runtime.ConcordException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankIdentityTest {
    private static final String C = "CONCORD_COORDINATOR";

    @Test
    void shouldPreferConcordVariablesOverProcessManagers() {
        RankIdentity id = RankIdentity.fromEnvironment(Map.of("CONCORD_RANK", "2", "CONCORD_SIZE", "4", C, "h:1",
                "CONCORD_JOB_TOKEN", "t", "OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "8"));
        assertEquals(2, id.rank());
        assertEquals(4, id.size());
        assertEquals("concord", id.source());
    }

    @Test
    void shouldReadOpenMpiSlurmAndPmi() {
        RankIdentity ompi = RankIdentity.fromEnvironment(Map.of("OMPI_COMM_WORLD_RANK", "3", "OMPI_COMM_WORLD_SIZE", "4",
                "OMPI_COMM_WORLD_LOCAL_RANK", "1", C, "n1:29500", "CONCORD_JOB_TOKEN", "t"));
        assertEquals("Open MPI", ompi.source());
        assertEquals(3, ompi.rank());
        assertEquals(1, ompi.localRank());
        RankIdentity slurm = RankIdentity.fromEnvironment(Map.of("SLURM_PROCID", "5", "SLURM_NTASKS", "6",
                "SLURM_LOCALID", "2", "SLURM_JOB_ID", "1234", "SLURM_STEP_ID", "0", C, "n1:29500"));
        assertEquals("Slurm", slurm.source());
        assertEquals(5, slurm.rank());
        assertTrue(slurm.tokenSource().contains("derived"), slurm.tokenSource());
        RankIdentity pmi = RankIdentity.fromEnvironment(Map.of("PMI_RANK", "1", "PMI_SIZE", "2", C, "n1:29500",
                "CONCORD_JOB_TOKEN", "t"));
        assertEquals("MPICH/PMI", pmi.source());
        assertEquals(2, pmi.size());
    }

    @Test
    void shouldNotTakeABatchScriptForASlurmRank() {
        Map<String, String> batch = Map.of("SLURM_JOB_ID", "77", "SLURM_PROCID", "0", "SLURM_NTASKS", "4",
                "SLURM_LOCALID", "0");
        assertEquals("standalone", RankIdentity.managerOf(batch));
        assertEquals(1, RankIdentity.fromEnvironment(batch).size());
        for (String batchStep : new String[] {"batch", "extern", "4294967291"}) {
            Map<String, String> env = new java.util.HashMap<>(batch);
            env.put("SLURM_STEP_ID", batchStep);
            assertEquals("standalone", RankIdentity.managerOf(env), batchStep);
        }
        Map<String, String> step = new java.util.HashMap<>(batch);
        step.put("SLURM_STEPID", "3");
        assertEquals("Slurm", RankIdentity.managerOf(step));
    }

    @Test
    void shouldBeAStandaloneRankWithNoManager() {
        RankIdentity id = RankIdentity.fromEnvironment(Map.of());
        assertEquals(0, id.rank());
        assertEquals(1, id.size());
        assertEquals("standalone", id.source());
    }

    @Test
    void shouldNameTheMissingOrBadVariable() {
        ConcordException e = assertThrows(ConcordException.class, () -> RankIdentity.fromEnvironment(
                Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "4")));
        assertTrue(e.getMessage().startsWith("CONCORD_COORDINATOR is not set: rank 1 of 4 (from Open MPI)"), e.getMessage());
        e = assertThrows(ConcordException.class, () -> RankIdentity.fromEnvironment(
                Map.of("CONCORD_RANK", "x", "CONCORD_SIZE", "4")));
        assertEquals("CONCORD_RANK=x is not an integer", e.getMessage());
        e = assertThrows(ConcordException.class, () -> RankIdentity.fromEnvironment(
                Map.of("CONCORD_RANK", "4", "CONCORD_SIZE", "4", C, "h:1", "CONCORD_JOB_TOKEN", "t")));
        assertTrue(e.getMessage().contains("rank 4 of 4 (from concord) is not a valid rank"), e.getMessage());
        e = assertThrows(ConcordException.class, () -> RankIdentity.fromEnvironment(
                Map.of("CONCORD_RANK", "0", "CONCORD_SIZE", "2", C, "h:1")));
        assertTrue(e.getMessage().startsWith("CONCORD_JOB_TOKEN is not set"), e.getMessage());
        e = assertThrows(ConcordException.class, () -> RankIdentity.parseAddress(C, "host:99999"));
        assertEquals("CONCORD_COORDINATOR=host:99999: port 99999 is outside 1..65535", e.getMessage());
        e = assertThrows(ConcordException.class, () -> RankIdentity.parseAddress(C, "host"));
        assertEquals("CONCORD_COORDINATOR=host is not host:port", e.getMessage());
    }

    @Test
    void shouldWarnWhenTheTokenIsDerivedFromTheJobId() {
        RankIdentity ompi = RankIdentity.fromEnvironment(Map.of("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE",
                "2", C, "n1:29500", "OMPI_MCA_ess_base_jobid", "1234"));
        assertEquals("rank 0: CONCORD_JOB_TOKEN is not set, so the job token is derived from the process manager's job"
                + " id OMPI_MCA_ess_base_jobid: anyone who can guess that id could join this job. Set CONCORD_JOB_TOKEN"
                + " to the same secret for every rank (e.g. export CONCORD_JOB_TOKEN=$(openssl rand -hex 16); mpirun"
                + " -x CONCORD_JOB_TOKEN ...)", ompi.tokenWarning());
        assertEquals(null, RankIdentity.fromEnvironment(Map.of("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE",
                "2", C, "n1:29500", "OMPI_MCA_ess_base_jobid", "1234", "CONCORD_JOB_TOKEN", "t")).tokenWarning());
        assertEquals(null, RankIdentity.fromEnvironment(Map.of()).tokenWarning());
    }

    @Test
    void shouldNeverPrintTheToken() {
        RankIdentity id = RankIdentity.fromEnvironment(Map.of("CONCORD_RANK", "0", "CONCORD_SIZE", "2", C, "h:1",
                "CONCORD_JOB_TOKEN", "s3cr3t-value"));
        assertTrue(!id.describe().contains("s3cr3t"), id.describe());
    }
}
