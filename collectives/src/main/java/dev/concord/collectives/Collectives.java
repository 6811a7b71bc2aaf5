package dev.concord.collectives;

import dev.concord.collectives.algorithm.AllreduceAlgorithm;
import dev.concord.collectives.algorithm.BinomialBroadcast;
import dev.concord.collectives.algorithm.BinomialReduce;
import dev.concord.collectives.algorithm.DisseminationBarrier;
import dev.concord.collectives.algorithm.LinearGather;
import dev.concord.collectives.algorithm.LinearScatter;
import dev.concord.collectives.algorithm.RabenseifnerAllreduce;
import dev.concord.collectives.algorithm.RecursiveDoublingAllgather;
import dev.concord.collectives.algorithm.RecursiveDoublingAllreduce;
import dev.concord.collectives.algorithm.RingAllgather;
import dev.concord.collectives.algorithm.RingAllreduce;
import dev.concord.collectives.algorithm.RingReduceScatter;
import dev.concord.collectives.algorithm.ScatterAllgatherBroadcast;
import dev.concord.collectives.algorithm.Scratch;
import dev.concord.collectives.algorithm.TreeAllreduce;
import dev.concord.collectives.exact.ExactSum;
import dev.concord.collectives.exact.ReproducibleAllreduce;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.TypedBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Collective operations of one communicator. Every rank must call the same collectives in the
 * same order with matching arguments; with {@link CollectiveOptions#checkCalls()} (the default) a
 * mismatch throws {@link CollectiveMismatchException} on every rank instead of hanging, and so do
 * arguments that are invalid on some ranks only (say the root's receive buffer of a gather is too
 * small): those ranks throw {@link IllegalArgumentException}, the others {@link
 * CollectiveMismatchException} naming them and the error. Buffers
 * are primitive arrays ({@code double[]}, {@code float[]}, {@code long[]}, {@code int[]};
 * {@code byte[]} where no reduction is involved), addressed as {@code (array, offset, count)} in
 * elements.
 *
 * <p>Results are bitwise identical on every rank, and the same inputs, world size and algorithm
 * give the same bits. The AllReduce algorithm is chosen per call by {@link AlgorithmSelector}
 * unless {@link CollectiveOptions#forcedAllreduce()} fixes it. After the first call of each size
 * no call allocates on the heap.
 *
 * <p>Not thread-safe: one thread at a time calls the collectives of a communicator. Use one
 * instance per communicator ({@link #of(Communicator)} returns the same one each time), since the
 * call numbers in the mismatch check count per instance.
 */
public final class Collectives {
    private static final Map<Communicator, Collectives> DEFAULT_INSTANCES = new WeakHashMap<>();

    private final Communicator comm;
    private final CollectiveOptions options;
    private final CallCheck check;
    private final ArgumentChecks checks;
    private final Scratch scratch = new Scratch();
    private final AllreduceAlgorithm[] allreduce = new AllreduceAlgorithm[AllreduceKind.values().length];
    private final BinomialReduce reduce;
    private final BinomialBroadcast smallBroadcast;
    private final ScatterAllgatherBroadcast largeBroadcast;
    private final RingAllgather ringAllgather;
    private final RecursiveDoublingAllgather rdAllgather;
    private final RingReduceScatter reduceScatter;
    private final LinearGather gather;
    private final LinearScatter scatter;
    private final DisseminationBarrier barrier;
    private final ReproducibleAllreduce reproducible = new ReproducibleAllreduce();
    private long calls;

    private Collectives(Communicator comm, CollectiveOptions options) {
        this.comm = comm;
        this.options = options;
        this.check = new CallCheck(comm, scratch);
        this.checks = new ArgumentChecks(comm);
        allreduce[AllreduceKind.RING.ordinal()] = new RingAllreduce(comm, scratch);
        allreduce[AllreduceKind.TREE.ordinal()] = new TreeAllreduce(comm, scratch);
        allreduce[AllreduceKind.RECURSIVE_DOUBLING.ordinal()] = new RecursiveDoublingAllreduce(comm, scratch);
        allreduce[AllreduceKind.RABENSEIFNER.ordinal()] = new RabenseifnerAllreduce(comm, scratch);
        this.reduce = new BinomialReduce(comm, scratch);
        this.smallBroadcast = new BinomialBroadcast(comm);
        this.largeBroadcast = new ScatterAllgatherBroadcast(comm, RingAllreduce.SEGMENT_BYTES);
        this.ringAllgather = new RingAllgather(comm, RingAllreduce.SEGMENT_BYTES);
        this.rdAllgather = new RecursiveDoublingAllgather(comm);
        this.reduceScatter = new RingReduceScatter(comm, scratch, RingAllreduce.SEGMENT_BYTES);
        this.gather = new LinearGather(comm);
        this.scatter = new LinearScatter(comm);
        this.barrier = new DisseminationBarrier(comm);
    }

    /** The collectives of {@code comm} with options from the environment; the same instance every time. */
    public static Collectives of(Communicator comm) {
        synchronized (DEFAULT_INSTANCES) {
            return DEFAULT_INSTANCES.computeIfAbsent(comm,
                    c -> new Collectives(c, CollectiveOptions.fromEnvironment(System.getenv())));
        }
    }

    /** A new instance over {@code comm} with {@code options}. */
    public static Collectives of(Communicator comm, CollectiveOptions options) {
        return new Collectives(comm, options);
    }

    public Communicator communicator() {
        return comm;
    }

    public CollectiveOptions options() {
        return options;
    }

    /** The AllReduce algorithm this instance uses for {@code count} elements of {@code type}. */
    public AllreduceKind allreduceKind(ElementType type, int count) {
        return AlgorithmSelector.allreduce((long) count * type.size(), comm.size(), options.forcedAllreduce());
    }

    /** In place: every rank's {@code buf[off..off+count)} becomes the reduction over all ranks. */
    public void allreduce(Object buf, int off, int count, ReduceOp op) {
        ElementType type;
        try {
            type = checks.reducible(buf, off, count, op);
        } catch (RuntimeException e) {
            throw refused(CallKind.ALLREDUCE, buf, count, op, -1, e);
        }
        AllreduceKind kind = allreduceKind(type, count);
        boolean exact = options.reproducible() && type == ElementType.DOUBLE && op == ReduceOp.SUM;
        long code = CallCheck.algorithmCode(kind, exact);
        if (!exact && kind == AllreduceKind.RECURSIVE_DOUBLING && count <= CallCheck.FUSED_ELEMENTS && checking()) {
            // small: the data rides in the call check's own messages (same bits, half the rounds)
            check.allreduce(++calls, buf, off, count, type, op, code);
            return;
        }
        begin(CallKind.ALLREDUCE, type, count, op, -1, code);
        AllreduceAlgorithm algorithm = allreduce[kind.ordinal()];
        if (exact) {
            reproducible.allreduce((double[]) buf, off, count, algorithm);
        } else {
            algorithm.allreduce(buf, off, count, type, op);
        }
    }

    /** Into a separate output: {@code recv[roff..roff+count)} becomes the reduction of every rank's {@code send[soff..)}. */
    public void allreduce(Object send, int soff, Object recv, int roff, int count, ReduceOp op) {
        ElementType type;
        try {
            type = checks.reducible(send, soff, count, op);
            checks.range(ArgumentChecks.RECEIVE, recv, roff, count, type);
        } catch (RuntimeException e) {
            throw refused(CallKind.ALLREDUCE, send, count, op, -1, e);
        }
        TypedBuffer.copy(send, soff, recv, roff, count, type);
        allreduce(recv, roff, count, op);
    }

    /**
     * Adds the partial sums of every rank element-wise, exactly: afterwards {@code sums} holds
     * the same integers on every rank whatever the world size or algorithm; read them with
     * {@link ExactSum#get} or {@link ExactSum#round}.
     */
    public void allreduce(ExactSum sums) {
        sums.normalize();
        allreduce(sums.limbs(), 0, sums.limbs().length, ReduceOp.SUM);
        sums.normalize();
    }

    /** Reduction over all ranks into {@code buf} of rank {@code root}; other ranks' buffers are scratch. */
    public void reduce(Object buf, int off, int count, ReduceOp op, int root) {
        ElementType type;
        try {
            type = checks.reducible(buf, off, count, op);
            checks.root(root);
        } catch (RuntimeException e) {
            throw refused(CallKind.REDUCE, buf, count, op, root, e);
        }
        begin(CallKind.REDUCE, type, count, op, root, -1);
        reduce.reduce(buf, off, count, type, op, root);
    }

    /** Copies {@code buf[off..off+count)} of rank {@code root} to every rank. */
    public void broadcast(Object buf, int off, int count, int root) {
        ElementType type;
        try {
            type = ElementType.of(buf);
            checks.range(ArgumentChecks.BUFFER, buf, off, count, type);
            checks.root(root);
        } catch (RuntimeException e) {
            throw refused(CallKind.BROADCAST, buf, count, null, root, e);
        }
        begin(CallKind.BROADCAST, type, count, null, root, -1);
        if (AlgorithmSelector.largeBroadcast((long) count * type.size(), comm.size())) {
            largeBroadcast.broadcast(buf, off, count, type.size(), root);
        } else {
            smallBroadcast.broadcast(buf, off, count, root);
        }
    }

    /** Every rank's {@code count} elements, in rank order, land in every rank's {@code recv[roff..roff+size*count)}. */
    public void allgather(Object send, int soff, int count, Object recv, int roff) {
        ElementType type;
        int total;
        try {
            type = ElementType.of(send);
            total = checks.allRanks(count);
            checks.range(ArgumentChecks.SEND, send, soff, count, type);
            checks.range(ArgumentChecks.RECEIVE_ALL, recv, roff, total, type);
        } catch (RuntimeException e) {
            throw refused(CallKind.ALLGATHER, send, count, null, -1, e);
        }
        begin(CallKind.ALLGATHER, type, count, null, -1, -1);
        int mine = roff + comm.rank() * count;
        if (send != recv || soff != mine) {
            TypedBuffer.copy(send, soff, recv, mine, count, type);
        }
        if (AlgorithmSelector.smallAllgather((long) total * type.size(), comm.size())) {
            rdAllgather.allgather(recv, roff, total);
        } else {
            ringAllgather.allgather(recv, roff, total, type.size(), 0);
        }
    }

    /**
     * In place: afterwards chunk {@code rank()} of {@code buf[off..off+count)} holds the reduction
     * over all ranks of that chunk; chunk {@code i} is {@code [Chunks.start(count, size, i),
     * Chunks.start(count, size, i+1))} (sizes differ by at most one, larger first). The other
     * chunks hold partial results.
     */
    public void reduceScatter(Object buf, int off, int count, ReduceOp op) {
        ElementType type;
        try {
            type = checks.reducible(buf, off, count, op);
        } catch (RuntimeException e) {
            throw refused(CallKind.REDUCE_SCATTER, buf, count, op, -1, e);
        }
        begin(CallKind.REDUCE_SCATTER, type, count, op, -1, -1);
        reduceScatter.reduceScatter(buf, off, count, type, op);
    }

    /** Every rank's {@code count} elements land in rank order in {@code recv[roff..roff+size*count)} of {@code root}. */
    public void gather(Object send, int soff, int count, Object recv, int roff, int root) {
        ElementType type;
        try {
            type = checks.rooted(ArgumentChecks.SEND, send, soff, count, ArgumentChecks.RECEIVE_ALL, recv, roff, root);
        } catch (RuntimeException e) {
            throw refused(CallKind.GATHER, send, count, null, root, e);
        }
        begin(CallKind.GATHER, type, count, null, root, -1);
        gather.gather(send, soff, count, recv, roff, root);
    }

    /** Rank {@code p} receives {@code send[soff+p*count..soff+(p+1)*count)} of {@code root} into {@code recv[roff..)}. */
    public void scatter(Object send, int soff, int count, Object recv, int roff, int root) {
        ElementType type;
        try {
            type = checks.rooted(ArgumentChecks.RECEIVE, recv, roff, count, ArgumentChecks.SEND_ALL, send, soff, root);
        } catch (RuntimeException e) {
            throw refused(CallKind.SCATTER, recv, count, null, root, e);
        }
        begin(CallKind.SCATTER, type, count, null, root, -1);
        scatter.scatter(send, soff, count, recv, roff, root);
    }

    /** Returns when every rank has called it. */
    public void barrier() {
        if (options.checkCalls()) {
            // the header exchange is itself a barrier: every rank has heard from all
            begin(CallKind.BARRIER, null, 0, null, -1, -1);
        } else {
            barrier.barrier();
        }
    }

    private void begin(CallKind kind, ElementType type, int count, ReduceOp op, int root, long algorithm) {
        long seq = ++calls;
        if (checking()) {
            check.check(seq, kind, type, count, op, root, algorithm);
        }
    }

    /** Whether calls are checked: asked for, and there is another rank to disagree with. */
    private boolean checking() {
        return options.checkCalls() && comm.size() > 1;
    }

    /**
     * This rank's arguments of call {@code kind} are invalid ({@code error}): tells every rank
     * through the call check (so that they fail at once, naming this rank and the error, instead
     * of waiting for this rank's messages) and returns {@code error} to throw here. {@code buf} is
     * the buffer whose element type the call would carry; it may be the invalid argument.
     */
    private RuntimeException refused(CallKind kind, Object buf, int count, ReduceOp op, int root, RuntimeException error) {
        long seq = ++calls;
        if (checking()) {
            check.refuse(seq, kind, typeOrNull(buf), count, op, root, error);
        }
        return error;
    }

    private static ElementType typeOrNull(Object buf) {
        try {
            return ElementType.of(buf);
        } catch (IllegalArgumentException notABuffer) {
            return null;
        }
    }
}
