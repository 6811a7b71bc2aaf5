/**
 * Who this rank is and how it joins its job: {@link dev.concord.runtime.bootstrap.RankIdentity}
 * reads the environment left by {@code concord run}, Open MPI's {@code mpirun}, Slurm's
 * {@code srun} or MPICH's Hydra; {@link dev.concord.runtime.bootstrap.Concord} turns it into a
 * connected communicator.
 */
package dev.concord.runtime.bootstrap;
