package io.ove.channel.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite and writes {@code results.json}, {@code results.md} and
 * {@code throughput.png} into the output folder ({@code docs/benchmarks} by default).
 *
 * <pre>
 * java -jar ove-channel-benchmarks/target/benchmarks.jar [--quick | --full | --smoke] [--out DIR]
 * </pre>
 * {@code --quick} (the default) takes under 10 minutes on 2 cores; {@code --full} repeats more
 * and longer; {@code --smoke} runs every benchmark once, briefly, to check the harness works, and
 * writes nothing unless {@code --out} is given.
 */
public final class BenchmarkSuite {

    /** The thread splits measured: producers, consumers. */
    static final int[][] THREAD_SPLITS = {{1, 1}, {2, 2}, {4, 4}, {1, 4}, {4, 1}};
    static final int[] CAPACITIES = {8, 1024};

    private final Settings settings;

    private BenchmarkSuite(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Settings settings = Settings.parse(args);
        new BenchmarkSuite(settings).run();
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        Results results = new Results(settings.name, Machine.describe());
        for (int capacity : settings.capacities()) {
            for (int[] split : settings.splits()) {
                results.throughput.add(throughput(capacity, split, Pipes.ALL));
            }
        }
        results.latency.putAll(latency(Pipes.ALL));
        if (!settings.smoke) {
            results.allocation.putAll(allocation());
            results.metricsOverhead = throughput(1024, new int[] {2, 2}, List.of(Pipes.OVE, Pipes.OVE_METRICS));
            for (String implementation : Pipes.ALL) {
                results.idleCpuMillis.put(implementation, IdleCost.measure(implementation));
            }
        }
        results.seconds = (System.nanoTime() - start) / 1e9;
        if (settings.out != null) {
            Files.createDirectories(settings.out);
            Report.write(results, settings.out);
            System.out.println("Results written to " + settings.out.toAbsolutePath());
        }
        System.out.println(Report.markdown(results));
    }

    private Results.Throughput throughput(int capacity, int[] split, List<String> implementations)
            throws RunnerException {
        ChainedOptionsBuilder options = settings.apply(new OptionsBuilder()
                .include(ThroughputBenchmark.class.getName() + ".transfer")
                .param("implementation", implementations.toArray(String[]::new))
                .param("capacity", String.valueOf(capacity))
                .threadGroups(split[0], split[1]));
        Results.Throughput throughput = new Results.Throughput(capacity, split[0], split[1]);
        for (RunResult run : new Runner(options.build()).run()) {
            String implementation = run.getParams().getParam("implementation");
            // Puts and takes both count; a message is one of each.
            throughput.messagesPerSecond.put(implementation, median(run.getPrimaryResult()) / 2);
        }
        return throughput;
    }

    private Map<String, Results.Latency> latency(List<String> implementations) throws RunnerException {
        ChainedOptionsBuilder options = settings.apply(new OptionsBuilder()
                .include(PingPongBenchmark.class.getName())
                .param("implementation", implementations.toArray(String[]::new)));
        Map<String, Results.Latency> latency = new LinkedHashMap<>();
        for (RunResult run : new Runner(options.build()).run()) {
            var statistics = run.getPrimaryResult().getStatistics();
            latency.put(run.getParams().getParam("implementation"), new Results.Latency(
                    statistics.getPercentile(50), statistics.getPercentile(99), statistics.getPercentile(99.9)));
        }
        return latency;
    }

    /** Bytes allocated per operation on ove-channel's paths, from JMH's GC profiler. */
    private Map<String, Double> allocation() throws RunnerException {
        Map<String, Double> allocation = new LinkedHashMap<>();
        ChainedOptionsBuilder transfer = settings.apply(new OptionsBuilder()
                .include(ThroughputBenchmark.class.getName() + ".transfer")
                .param("implementation", Pipes.OVE)
                .param("capacity", "1024")
                .threadGroups(1, 1)
                .addProfiler(GCProfiler.class));
        for (RunResult run : new Runner(transfer.build()).run()) {
            allocation.put("send+recv, 1P1C, capacity 1024", bytesPerOperation(run));
        }
        ChainedOptionsBuilder pingPong = settings.apply(new OptionsBuilder()
                .include(PingPongBenchmark.class.getName())
                .param("implementation", Pipes.OVE)
                .addProfiler(GCProfiler.class));
        for (RunResult run : new Runner(pingPong.build()).run()) {
            allocation.put("ping-pong round trip (parks and wakes)", bytesPerOperation(run));
        }
        return allocation;
    }

    private static double bytesPerOperation(RunResult run) {
        for (Map.Entry<String, Result> secondary : run.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return secondary.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static double median(Result<?> result) {
        return result.getStatistics().getN() > 0 ? result.getStatistics().getPercentile(50) : result.getScore();
    }

    /** Run lengths and what to measure, from the command line. */
    record Settings(String name, boolean smoke, int warmups, int iterations, TimeValue time, Path out) {

        static Settings parse(String[] args) {
            String mode = "quick";
            Path out = null;
            boolean outGiven = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> mode = "quick";
                    case "--full" -> mode = "full";
                    case "--smoke" -> mode = "smoke";
                    case "--out" -> {
                        out = Path.of(args[++i]);
                        outGiven = true;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "'; use --quick, --full or --smoke, and --out DIR");
                }
            }
            if (!outGiven && !mode.equals("smoke")) {
                out = Path.of("docs", "benchmarks");
            }
            return switch (mode) {
                case "full" -> new Settings(mode, false, 2, 5, TimeValue.seconds(2), out);
                case "smoke" -> new Settings(mode, true, 0, 1, TimeValue.milliseconds(200), out);
                default -> new Settings(mode, false, 1, 3, TimeValue.milliseconds(800), out);
            };
        }

        ChainedOptionsBuilder apply(ChainedOptionsBuilder options) {
            return options.forks(1)
                    .warmupIterations(warmups)
                    .warmupTime(time)
                    .measurementIterations(iterations)
                    .measurementTime(time)
                    .jvmArgsAppend("-Xms512m", "-Xmx512m",
                            // Agrona 2 reaches jdk.internal.misc.Unsafe.
                            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED")
                    .shouldFailOnError(true);
        }

        int[] capacities() {
            return smoke ? new int[] {8} : CAPACITIES;
        }

        int[][] splits() {
            return smoke ? new int[][] {{1, 1}} : THREAD_SPLITS;
        }
    }
}
