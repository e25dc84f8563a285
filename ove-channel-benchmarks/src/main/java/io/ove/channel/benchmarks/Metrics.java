package io.ove.channel.benchmarks;

/** The names of the figures a fork reports. */
final class Metrics {

    /** Millions of messages per second. */
    static final String THROUGHPUT = "Mmsg/s";
    /** Median round trip, microseconds. */
    static final String P50 = "p50";
    /** 99th percentile round trip, microseconds. */
    static final String P99 = "p99";
    /** 99.9th percentile round trip, microseconds. */
    static final String P999 = "p99.9";

    private Metrics() {
    }
}
