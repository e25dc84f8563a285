package io.ove.channel.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs one fork: one implementation in one cell, in a JVM of its own through JMH, or as a native
 * peer's process, and returns the fork's figures.
 */
final class ForkRunner {

    private final Settings settings;

    /** @param settings run lengths and JVMs */
    ForkRunner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Measures once.
     *
     * @param experiment     which workload
     * @param cell           which configuration
     * @param implementation a {@link Pipes} name, a select variant or a native peer's name
     * @return the fork's figures by {@link Metrics} name
     * @throws Exception if the fork failed
     */
    Map<String, Double> run(Experiment experiment, Cell cell, String implementation) throws Exception {
        NativePeer peer = NativePeer.byName(implementation);
        if (peer != null) {
            return runNative(experiment, cell, peer);
        }
        return switch (experiment.kind()) {
            case TRANSFER -> throughput(jmh(TransferBenchmark.class.getName() + ".transfer", cell, singleShot()
                    .param("implementation", implementation)
                    .param("capacity", String.valueOf(cell.capacity()))
                    .param("producers", String.valueOf(cell.producers()))
                    .param("consumers", String.valueOf(cell.consumers()))
                    .param("messages", String.valueOf(cell.messages()))
                    .param("threads", cell.threads())
                    .param("warmupMillis", String.valueOf(settings.warmupMillis()))), cell.messages());
            case SELECT -> throughput(jmh(SelectBenchmark.class.getName() + ".take", cell, singleShot()
                    .param("implementation", implementation)
                    .param("sources", String.valueOf(cell.producers()))
                    .param("messages", String.valueOf(cell.messages()))
                    .param("warmupMillis", String.valueOf(settings.warmupMillis()))), cell.messages());
            case PING_PONG -> percentiles(jmh(PingPongBenchmark.class.getName() + ".roundTrip", cell,
                    new OptionsBuilder()
                            .warmupIterations(settings.pingPongWarmups())
                            .warmupTime(settings.pingPongTime())
                            .measurementIterations(settings.pingPongIterations())
                            .measurementTime(settings.pingPongTime())
                            .param("implementation", implementation)
                            .param("capacity", String.valueOf(cell.capacity()))));
        };
    }

    private ChainedOptionsBuilder singleShot() {
        return new OptionsBuilder()
                .warmupIterations(settings.warmupRounds())
                .warmupBatchSize(1)
                .measurementIterations(settings.measuredRounds())
                .measurementBatchSize(1);
    }

    private Statistics jmh(String benchmark, Cell cell, ChainedOptionsBuilder options) throws RunnerException {
        options.include("^" + benchmark.replace(".", "\\.") + "$")
                .forks(1)
                .jvmArgsAppend(Settings.FORK_JVM_ARGS)
                .timeout(TimeValue.minutes(2))
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true);
        if (Threads.VIRTUAL.equals(cell.threads())) {
            options.jvm(settings.virtualThreadJava().toString());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            throw new IllegalStateException("JMH returned no result for " + benchmark);
        }
        return results.iterator().next().getPrimaryResult().getStatistics();
    }

    /** Messages per second of the median round, from per-round times in milliseconds. */
    private static Map<String, Double> throughput(Statistics roundMillis, int messages) {
        return Map.of(Metrics.THROUGHPUT, messages / (roundMillis.getPercentile(50) * 1e3));
    }

    private static Map<String, Double> percentiles(Statistics roundTripMicros) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(Metrics.P50, roundTripMicros.getPercentile(50));
        figures.put(Metrics.P99, roundTripMicros.getPercentile(99));
        figures.put(Metrics.P999, roundTripMicros.getPercentile(99.9));
        return figures;
    }

    private Map<String, Double> runNative(Experiment experiment, Cell cell, NativePeer peer) {
        peer.build();
        if (experiment.kind() == Experiment.Kind.PING_PONG) {
            // One figure per iteration; the fork's figure is their median, as for the JVM's rounds.
            List<NativePeer.Percentiles> iterations = peer.pingPong(cell.capacity(), settings.nativeRoundTrips(),
                    settings.nativeRoundTrips() / 5, settings.pingPongIterations());
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put(Metrics.P50, median(iterations.stream().mapToDouble(NativePeer.Percentiles::p50)) / 1e3);
            figures.put(Metrics.P99, median(iterations.stream().mapToDouble(NativePeer.Percentiles::p99)) / 1e3);
            figures.put(Metrics.P999, median(iterations.stream().mapToDouble(NativePeer.Percentiles::p999)) / 1e3);
            return figures;
        }
        long[] nanos = peer.transfer(cell.producers(), cell.consumers(), cell.capacity(), cell.messages(),
                settings.warmupRounds(), settings.measuredRounds());
        return Map.of(Metrics.THROUGHPUT, cell.messages() / (median(Arrays.stream(nanos).asDoubleStream()) / 1e3));
    }

    private static double median(DoubleStream values) {
        return Interval.of(values.toArray()).median();
    }
}
