package io.ove.channel.benchmarks;

import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the whole suite and writes its report: every experiment of {@link Plan}, each cell measured
 * in interleaved forks (A B C, A B C, ...; {@link Settings#repetitions()} rounds), every ratio the
 * median of paired per-round ratios with a distribution-free interval ({@link Interval}).
 *
 * <pre>
 * java -jar ove-channel-benchmarks/target/benchmarks.jar [--quick | --smoke] [--peers] [--only ID,ID]
 *                                                        [--out DIR] [--jdk21 JAVA_HOME]
 * </pre>
 * Run from the repository root. A complete run without {@code --out} writes
 * {@code docs/benchmarks/results.json}, {@code results.md} and the charts, and replaces the
 * generated part of {@code docs/benchmarks.md}. {@code --peers} adds crossbeam-channel and Go,
 * built from {@code ove-channel-benchmarks/src/main/peers}. {@code --smoke} runs every experiment
 * once, briefly, to check the harness, and writes nothing unless {@code --out} is given.
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    /**
     * Runs the suite.
     *
     * @param args see the class comment
     * @throws Exception if the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Settings settings = Settings.parse(args);
        long start = System.nanoTime();
        SuiteRun run = new SuiteRun(settings, Machine.describe(), Plan.experiments(settings));
        if (settings.peers()) {
            for (NativePeer peer : NativePeer.values()) {
                peer.build(); // fails at once, naming the missing tool, rather than after an hour
            }
        }
        measureForks(run);
        if (settings.includes(Plan.IDLE)) {
            for (String implementation : Plan.idleImplementations()) {
                IdleCost.measure(implementation); // unmeasured: class loading and the first compilations
                double[] millis = new double[settings.repetitions()];
                for (int i = 0; i < millis.length; i++) {
                    millis[i] = IdleCost.measure(implementation);
                }
                run.idleCpuMillis.put(implementation, millis);
            }
        }
        if (settings.includes(Plan.ALLOCATION)) {
            run.allocation.putAll(AllocationProbe.measure(settings.smoke() ? 20_000 : 1_000_000));
        }
        run.minutes = (System.nanoTime() - start) / 6e10;
        String markdown = Report.markdown(run);
        if (settings.out() != null) {
            Files.createDirectories(settings.out());
            Files.writeString(settings.out().resolve("results.md"), markdown);
            Files.writeString(settings.out().resolve("results.json"), JsonReport.json(run));
            Charts.write(run, settings.out());
            System.out.println("Results written to " + settings.out().toAbsolutePath());
        }
        if (settings.page() != null) {
            DocsPage.replaceGenerated(settings.page(), markdown);
            System.out.println("Generated part of " + settings.page() + " replaced");
        }
        System.out.println(markdown);
        if (!run.failures.isEmpty()) {
            System.err.println(run.failures.size() + " fork(s) failed:");
            run.failures.forEach(failure -> System.err.println("  " + failure));
            System.exit(1);
        }
    }

    private static void measureForks(SuiteRun run) {
        Settings settings = run.settings;
        ForkRunner runner = new ForkRunner(settings);
        int total = 0;
        for (Experiment experiment : run.experiments) {
            total += experiment.cells().size() * experiment.implementations().size() * settings.repetitions();
        }
        int done = 0;
        long start = System.nanoTime();
        for (Experiment experiment : run.experiments) {
            for (Cell cell : experiment.cells()) {
                for (int repetition = 1; repetition <= settings.repetitions(); repetition++) {
                    for (String implementation : experiment.implementations()) {
                        String what = experiment.id() + " | " + cell.label() + " | " + implementation + " | round "
                                + repetition + "/" + settings.repetitions();
                        Map<String, Double> figures;
                        try {
                            figures = runner.run(experiment, cell, implementation);
                        } catch (Exception | Error e) {
                            run.failures.add(what + ": " + e);
                            figures = failed(experiment);
                        }
                        for (Map.Entry<String, Double> figure : figures.entrySet()) {
                            run.samples.add(new Samples.Sample(experiment.id(), cell.label(), implementation,
                                    repetition, figure.getKey(), figure.getValue()));
                        }
                        done++;
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        System.out.printf(Locale.ROOT, "[%d/%d, %.0f s, about %.0f min left] %s: %s%n", done, total,
                                elapsed, elapsed / done * (total - done) / 60, what, figures);
                    }
                }
            }
        }
    }

    private static Map<String, Double> failed(Experiment experiment) {
        return experiment.kind() == Experiment.Kind.PING_PONG
                ? Map.of(Metrics.P50, Double.NaN, Metrics.P99, Double.NaN, Metrics.P999, Double.NaN)
                : Map.of(Metrics.THROUGHPUT, Double.NaN);
    }
}
