package dev.concord.collectives;

/** The collectives, as identified in the call header. */
enum CallKind {
    ALLREDUCE("allreduce"),
    REDUCE("reduce"),
    BROADCAST("broadcast"),
    ALLGATHER("allgather"),
    REDUCE_SCATTER("reduceScatter"),
    GATHER("gather"),
    SCATTER("scatter"),
    BARRIER("barrier");

    private static final CallKind[] BY_ID = values();

    final String label;

    CallKind(String label) {
        this.label = label;
    }

    static CallKind ofId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
