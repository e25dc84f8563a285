package io.ove.channel.benchmarks;

import io.ove.channel.benchmarks.Experiment.Comparison;
import io.ove.channel.benchmarks.Experiment.Kind;
import java.util.ArrayList;
import java.util.List;

/** The experiments of a suite run: what is measured, in which cells, against what. */
final class Plan {

    /** The thread splits of the main matrix: producers, consumers. */
    static final int[][] SPLITS = {{1, 1}, {2, 2}, {4, 4}, {1, 4}, {4, 1}};
    /** The capacities of the main matrix. */
    static final int[] CAPACITIES = {8, 1024};
    /** The capacities of the capacity curve (2P2C). */
    static final int[] CURVE_CAPACITIES = {1, 8, 64, 1024, 65536};
    /** Producers (= consumers) of the thread curve (capacity 1024): 2 to 64 threads. */
    static final int[] CURVE_PAIRS = {1, 2, 4, 8, 16, 32};
    /** Producers (= consumers) of the virtual-thread cell: 10,000 threads on one channel. */
    static final int VIRTUAL_PAIRS = 5_000;

    /** Experiment ids. */
    static final String THROUGHPUT = "throughput";
    static final String BLOCKING = "blocking-anchors";
    static final String PING_PONG = "ping-pong";
    static final String RENDEZVOUS = "rendezvous";
    static final String CAPACITY_CURVE = "capacity-curve";
    static final String THREAD_CURVE = "thread-curve";
    static final String METRICS = "metrics";
    static final String SELECT = "select";
    /** Measured in the suite's own JVM rather than in forks. */
    static final String IDLE = "idle";
    static final String ALLOCATION = "allocation";

    private Plan() {
    }

    /**
     * {@return the experiments the settings include, in the order they run}
     *
     * @param settings the run's settings
     */
    static List<Experiment> experiments(Settings settings) {
        int messages = settings.messages();
        boolean smoke = settings.smoke();
        List<String> peers = new ArrayList<>();
        if (settings.peers()) {
            for (NativePeer peer : NativePeer.values()) {
                peers.add(peer.displayName());
            }
        }
        List<Experiment> experiments = new ArrayList<>();

        List<Cell> matrix = new ArrayList<>();
        for (int capacity : smoke ? new int[] {8} : CAPACITIES) {
            for (int[] split : smoke ? new int[][] {{2, 2}} : SPLITS) {
                matrix.add(Cell.transfer(split[0], split[1], capacity, messages));
            }
        }
        List<String> anchors = join(List.of(Pipes.ABQ, Pipes.JCTOOLS, Pipes.AGRONA), peers);
        List<Comparison> comparisons = new ArrayList<>(against(Pipes.OVE, anchors));
        comparisons.add(new Comparison(Pipes.OVE_TRY, Pipes.JCTOOLS));
        comparisons.add(new Comparison(Pipes.OVE_TRY, Pipes.AGRONA));
        experiments.add(new Experiment(THROUGHPUT, "Throughput", Kind.TRANSFER, matrix,
                join(List.of(Pipes.OVE, Pipes.OVE_TRY), anchors), comparisons));

        List<String> blocking = List.of(Pipes.LBQ, Pipes.DISRUPTOR, Pipes.SPRING_INTEGRATION);
        experiments.add(new Experiment(BLOCKING, "Throughput against the blocking designs", Kind.TRANSFER,
                smoke ? List.of(Cell.transfer(2, 2, 8, messages))
                        : List.of(Cell.transfer(2, 2, 8, messages), Cell.transfer(2, 2, 1024, messages)),
                join(List.of(Pipes.OVE), blocking), against(Pipes.OVE, blocking)));

        List<String> pingAnchors = join(List.of(Pipes.ABQ, Pipes.JCTOOLS, Pipes.AGRONA), peers);
        experiments.add(new Experiment(PING_PONG, "Ping-pong through two capacity-1 channels", Kind.PING_PONG,
                List.of(Cell.pingPong(1)), join(List.of(Pipes.OVE, Pipes.OVE_TRY), pingAnchors),
                against(Pipes.OVE, pingAnchors)));

        List<String> rendezvousAnchors = join(List.of(Pipes.SYNCHRONOUS), peers);
        experiments.add(new Experiment(RENDEZVOUS, "Ping-pong through two rendezvous channels", Kind.PING_PONG,
                List.of(Cell.pingPong(0)), join(List.of(Pipes.OVE), rendezvousAnchors),
                against(Pipes.OVE, rendezvousAnchors)));

        List<String> curveAnchors = join(List.of(Pipes.ABQ, Pipes.AGRONA), peers);
        List<Cell> capacityCurve = new ArrayList<>();
        for (int capacity : smoke ? new int[] {1, 65536} : CURVE_CAPACITIES) {
            capacityCurve.add(Cell.transfer(2, 2, capacity, messages));
        }
        experiments.add(new Experiment(CAPACITY_CURVE, "Throughput as the capacity grows (2P2C)", Kind.TRANSFER,
                capacityCurve, join(List.of(Pipes.OVE), curveAnchors), against(Pipes.OVE, curveAnchors)));

        List<Cell> threadCurve = new ArrayList<>();
        for (int pairs : smoke ? new int[] {1, 32} : CURVE_PAIRS) {
            threadCurve.add(Cell.transfer(pairs, pairs, 1024, messages));
        }
        if (settings.virtualThreadJava() != null) {
            int pairs = smoke ? 100 : VIRTUAL_PAIRS;
            threadCurve.add(Cell.virtual(pairs, pairs, 1024, Math.max(messages, 20 * pairs)));
        }
        List<String> threadAnchors = List.of(Pipes.ABQ, Pipes.AGRONA);
        experiments.add(new Experiment(THREAD_CURVE, "Throughput as the threads grow (capacity 1024)", Kind.TRANSFER,
                threadCurve, join(List.of(Pipes.OVE), threadAnchors), against(Pipes.OVE, threadAnchors)));

        experiments.add(new Experiment(METRICS, "Cost of the starter's meters", Kind.TRANSFER,
                smoke ? List.of(Cell.transfer(1, 1, 8, messages))
                        : List.of(Cell.transfer(2, 2, 1024, messages), Cell.transfer(1, 1, 8, messages)),
                List.of(Pipes.OVE, Pipes.OVE_METRICS, Pipes.OVE_METRICS_100HZ),
                List.of(new Comparison(Pipes.OVE_METRICS, Pipes.OVE), new Comparison(Pipes.OVE_METRICS_100HZ, Pipes.OVE))));

        experiments.add(new Experiment(SELECT, "Select over N channels", Kind.SELECT,
                smoke ? List.of(Cell.select(2, messages)) : List.of(Cell.select(2, messages), Cell.select(8, messages)),
                List.of(SelectBenchmark.OVE, SelectBenchmark.FORWARDERS),
                List.of(new Comparison(SelectBenchmark.OVE, SelectBenchmark.FORWARDERS))));

        experiments.removeIf(experiment -> !settings.includes(experiment.id()));
        return experiments;
    }

    /** {@return every experiment id, in the order they run; what {@code --only} accepts} */
    static List<String> ids() {
        return List.of(THROUGHPUT, BLOCKING, PING_PONG, RENDEZVOUS, CAPACITY_CURVE, THREAD_CURVE, METRICS, SELECT,
                IDLE, ALLOCATION);
    }

    /** {@return the implementations whose idle cost is measured} */
    static List<String> idleImplementations() {
        return List.of(Pipes.OVE, Pipes.OVE_TRY, Pipes.ABQ, Pipes.JCTOOLS, Pipes.AGRONA);
    }

    private static List<Comparison> against(String subject, List<String> anchors) {
        List<Comparison> comparisons = new ArrayList<>();
        for (String anchor : anchors) {
            comparisons.add(new Comparison(subject, anchor));
        }
        return comparisons;
    }

    private static List<String> join(List<String> first, List<String> second) {
        List<String> joined = new ArrayList<>(first);
        joined.addAll(second);
        return joined;
    }
}
