#!/usr/bin/env bash
# Train a Gaussian mixture on NP ranks placed by Open MPI's mpirun (no concord launcher involved).
# Each rank is a plain JVM running TrainMain; it takes rank and size from OMPI_COMM_WORLD_*,
# finds rank 0 at CONCORD_COORDINATOR and proves it belongs to the job with CONCORD_JOB_TOKEN.
#
#   [HOSTFILE=hosts] examples/hpc/train-mpirun.sh [TrainMain options, e.g. --data points.csv --k 5]
#
# Every argument goes to TrainMain (not to mpirun): give the hostfile as HOSTFILE, mpirun's own
# options as MPIRUN_ARGS.
#
# Environment (all optional):
#   NP             ranks (default 4)
#   CONCORD_JAR    the shaded jar (default: launcher/target/concord.jar of this checkout)
#   COORDINATOR    host:port where rank 0 listens (default: first host of HOSTFILE, else 127.0.0.1, port 29500)
#   HOSTFILE       Open MPI hostfile; rank 0 runs on its first host
#   ITERATIONS     EM iterations (default 100)
#   METRICS        metrics file written by rank 0 (default gmm-metrics.jsonl)
#   MPIRUN_ARGS    extra mpirun options (e.g. "--oversubscribe --allow-run-as-root" in a container)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NP=${NP:-4}
JAR=${CONCORD_JAR:-$HERE/../../launcher/target/concord.jar}
if [ ! -f "$JAR" ]; then
    echo "train-mpirun.sh: $JAR not found; build it with 'mvn -DskipTests package'" >&2
    exit 3
fi
HOSTFILE_ARGS=()
FIRST_HOST=127.0.0.1
if [ -n "${HOSTFILE:-}" ]; then
    HOSTFILE_ARGS=(--hostfile "$HOSTFILE")
    FIRST_HOST=$(grep -v '^\s*#' "$HOSTFILE" | awk 'NF { sub(/:.*/, "", $1); print $1; exit }')
fi
export CONCORD_COORDINATOR=${COORDINATOR:-$FIRST_HOST:29500}
# A fresh secret per job. Exported, and passed to mpirun by name only (-x NAME), so it does not
# appear on any command line that ps could show.
if [ -z "${CONCORD_JOB_TOKEN:-}" ]; then
    CONCORD_JOB_TOKEN=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
fi
export CONCORD_JOB_TOKEN
# shellcheck disable=SC2086  # MPIRUN_ARGS is a list of options
exec mpirun -np "$NP" "${HOSTFILE_ARGS[@]}" ${MPIRUN_ARGS:-} \
    -x CONCORD_COORDINATOR -x CONCORD_JOB_TOKEN \
    "${JAVA:-java}" -XX:+UseSerialGC -cp "$JAR" dev.concord.models.train.TrainMain gmm \
    --iterations "${ITERATIONS:-100}" --metrics "${METRICS:-gmm-metrics.jsonl}" "$@"
