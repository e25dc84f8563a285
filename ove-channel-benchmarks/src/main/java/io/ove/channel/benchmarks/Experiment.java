package io.ove.channel.benchmarks;

import java.util.List;

/**
 * A set of cells, each measured for the same implementations in interleaved forks, and the
 * comparisons the report draws from them.
 *
 * @param id              a short name, used in the JSON and by {@code --only}
 * @param title           the report's heading
 * @param kind            which workload
 * @param cells           the configurations
 * @param implementations what is measured in each cell, in the order forks are interleaved
 * @param comparisons     pairs (subject, anchor) whose paired ratios the report shows
 */
record Experiment(String id, String title, Kind kind, List<Cell> cells, List<String> implementations,
                  List<Comparison> comparisons) {

    /** The workloads. */
    enum Kind {
        /** {@link TransferBenchmark}: messages per second. */
        TRANSFER,
        /** {@link PingPongBenchmark}: round-trip percentiles. */
        PING_PONG,
        /** {@link SelectBenchmark}: messages per second. */
        SELECT
    }

    /**
     * One ratio the report shows: the subject's figure over the anchor's, per repetition.
     *
     * @param subject what is judged, usually {@code ove}
     * @param anchor  what it is judged against
     */
    record Comparison(String subject, String anchor) {
    }

    /** {@return the metric its forks report that ratios are taken of} */
    String metric() {
        return kind == Kind.PING_PONG ? Metrics.P50 : Metrics.THROUGHPUT;
    }

    /** {@return whether a higher figure is better} */
    boolean higherIsBetter() {
        return kind != Kind.PING_PONG;
    }
}
