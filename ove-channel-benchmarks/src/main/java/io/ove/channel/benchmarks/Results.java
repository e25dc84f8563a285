package io.ove.channel.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one suite run measured. */
final class Results {

    final String mode;
    final String machine;
    final List<Throughput> throughput = new ArrayList<>();
    final Map<String, Latency> latency = new LinkedHashMap<>();
    final Map<String, Double> allocation = new LinkedHashMap<>();
    final Map<String, Double> idleCpuMillis = new LinkedHashMap<>();
    Throughput metricsOverhead;
    double seconds;

    Results(String mode, String machine) {
        this.mode = mode;
        this.machine = machine;
    }

    /** Messages per second of each implementation for one capacity and thread split. */
    static final class Throughput {
        final int capacity;
        final int producers;
        final int consumers;
        final Map<String, Double> messagesPerSecond = new LinkedHashMap<>();

        Throughput(int capacity, int producers, int consumers) {
            this.capacity = capacity;
            this.producers = producers;
            this.consumers = consumers;
        }

        String label() {
            return producers + "P" + consumers + "C, cap " + capacity;
        }

        /** ove-channel's throughput divided by {@code anchor}'s, or NaN when either is missing. */
        double ratio(String implementation, String anchor) {
            Double ours = messagesPerSecond.get(implementation);
            Double theirs = messagesPerSecond.get(anchor);
            return ours == null || theirs == null || theirs == 0 ? Double.NaN : ours / theirs;
        }
    }

    /**
     * Round-trip percentiles in microseconds.
     *
     * @param p50  median
     * @param p99  99th percentile
     * @param p999 99.9th percentile
     */
    record Latency(double p50, double p99, double p999) {
    }
}
