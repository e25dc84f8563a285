package io.ove.channel.benchmarks;

import io.ove.channel.benchmarks.Experiment.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a suite run as the Markdown tables of {@code docs/benchmarks.md}: settings, how each
 * implementation waits, every ratio with its interval and verdict, the curves, and the targets.
 * Nothing in it is typed by hand; every figure comes from {@link SuiteRun}.
 */
final class Report {

    private Report() {
    }

    /**
     * {@return the whole report}
     *
     * @param run what was measured
     */
    static String markdown(SuiteRun run) {
        StringBuilder md = new StringBuilder();
        settings(run, md);
        waiting(run, md);
        for (Experiment experiment : run.experiments) {
            switch (experiment.id()) {
                case Plan.THROUGHPUT, Plan.BLOCKING -> {
                    ratioTable(run, experiment, md);
                    figureTable(run, experiment, md);
                }
                case Plan.PING_PONG, Plan.RENDEZVOUS -> latencyTable(run, experiment, md);
                case Plan.CAPACITY_CURVE, Plan.THREAD_CURVE, Plan.SELECT -> curveTable(run, experiment, md);
                case Plan.METRICS -> {
                    ratioTable(run, experiment, md);
                    figureTable(run, experiment, md);
                }
                default -> throw new IllegalStateException("no table for " + experiment.id());
            }
        }
        idle(run, md);
        allocation(run, md);
        Targets.table(run, md);
        if (!run.failures.isEmpty()) {
            md.append("\n### Forks that failed\n\n");
            run.failures.forEach(failure -> md.append("- ").append(failure).append('\n'));
        }
        return md.toString();
    }

    private static void settings(SuiteRun run, StringBuilder md) {
        Settings s = run.settings;
        Interval example = Interval.of(new double[s.repetitions()]);
        md.append("Measured by `java -jar ove-channel-benchmarks/target/benchmarks.jar")
                .append(s.mode().equals("standard") ? "" : " --" + s.mode())
                .append(s.peers() ? " --peers" : "").append("` on ").append(run.machine)
                .append(". The run took ").append(format(run.minutes)).append(" minutes.\n\n");
        md.append("| setting | value |\n|---|---|\n");
        md.append("| repetitions | ").append(s.repetitions()).append(" rounds per cell; each round runs one fork per")
                .append(" implementation, one after the other in the order of the tables (A B C, A B C, ...) |\n");
        md.append("| ratios | subject / anchor within each round, then the median of the ").append(s.repetitions())
                .append(" paired ratios |\n");
        md.append("| intervals | order statistics of the paired ratios (or figures): from the k-th smallest to the")
                .append(" k-th largest, which contains the true median with probability ")
                .append(percent(example.confidence())).append(" whatever the distribution; a ratio whose interval")
                .append(" contains 1.0 is reported as **level** |\n");
        md.append("| transfer and select forks | JMH single-shot: untimed rounds for ").append(s.warmupMillis())
                .append(" ms, then ").append(s.warmupRounds()).append(" more untimed rounds, then ").append(s.measuredRounds()).append(" timed rounds of ")
                .append(String.format(Locale.ROOT, "%,d", s.messages()))
                .append(" messages on a new channel each; the fork's figure is its median round |\n");
        md.append("| ping-pong forks | JMH sample time: ").append(s.pingPongWarmups()).append(" warm-up and ")
                .append(s.pingPongIterations()).append(" measured iterations of ").append(s.pingPongTime())
                .append("; p50, p99 and p99.9 of all of the fork's samples |\n");
        md.append("| native peers | the same rounds in one process per fork; ping-pong: ")
                .append(s.pingPongIterations()).append(" iterations of ")
                .append(String.format(Locale.ROOT, "%,d", s.nativeRoundTrips()))
                .append(" timed round trips, the fork's figure the median iteration's |\n");
        md.append("| JVM forks | `").append(String.join(" ", Settings.FORK_JVM_ARGS)).append("`, the JVM above")
                .append(run.settings.virtualThreadJava() == null ? ""
                        : "; virtual-thread cells on `" + javaVersion(run) + "`").append(" |\n");
        md.append("| threads and cores | ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; cells run up to ")
                .append(maxThreads(run)).append(" worker threads, plus JMH's own thread that waits for the round |\n");
    }

    /** The first line of {@code java -version} of the JVM that ran the virtual-thread cells. */
    private static String javaVersion(SuiteRun run) {
        try {
            Process process = new ProcessBuilder(run.settings.virtualThreadJava().toString(), "-version")
                    .redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            process.waitFor();
            return first.isBlank() ? "a JDK 21+" : first.strip();
        } catch (java.io.IOException e) {
            return "a JDK 21+";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "a JDK 21+";
        }
    }

    private static int maxThreads(SuiteRun run) {
        int max = 0;
        for (Experiment experiment : run.experiments) {
            for (Cell cell : experiment.cells()) {
                max = Math.max(max, cell.threadCount());
            }
        }
        return max;
    }

    private static void waiting(SuiteRun run, StringBuilder md) {
        md.append("\n### How each implementation waits\n\n| implementation | waiting |\n|---|---|\n");
        List<String> seen = new ArrayList<>();
        for (Experiment experiment : run.experiments) {
            for (String implementation : experiment.implementations()) {
                if (seen.contains(implementation)) {
                    continue;
                }
                seen.add(implementation);
                NativePeer peer = NativePeer.byName(implementation);
                String how = peer != null ? peer.waitingStrategy()
                        : implementation.equals(SelectBenchmark.OVE) ? "`Select.select()`: spins briefly, then"
                                + " registers on every channel and parks"
                        : implementation.equals(SelectBenchmark.FORWARDERS) ? "untimed `put`/`take` on"
                                + " `ArrayBlockingQueue`s: parks at once"
                        : Pipes.waitingStrategy(implementation);
                md.append("| ").append(implementation).append(" | ").append(how).append(" |\n");
            }
        }
    }

    /** Paired ratios of every comparison of an experiment, one row per cell. */
    private static void ratioTable(SuiteRun run, Experiment experiment, StringBuilder md) {
        md.append("\n### ").append(experiment.title()).append(": ratios (higher is better)\n\n");
        md.append("| cell |");
        for (Comparison comparison : experiment.comparisons()) {
            md.append(' ').append(comparison.subject()).append(" vs ").append(comparison.anchor()).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(experiment.comparisons().size())).append('\n');
        for (Cell cell : experiment.cells()) {
            md.append("| ").append(cell.label()).append(" |");
            for (Comparison comparison : experiment.comparisons()) {
                Interval ratio = run.ratio(experiment, cell, comparison.subject(), comparison.anchor(),
                        experiment.metric());
                md.append(' ').append(ratio(ratio, experiment.higherIsBetter())).append(" |");
            }
            md.append('\n');
        }
    }

    /** Every implementation's own figure (median and interval), one row per cell. */
    private static void figureTable(SuiteRun run, Experiment experiment, StringBuilder md) {
        md.append("\n").append(experiment.title()).append(", each implementation's figure (M msg/s, median and")
                .append(" interval of its forks):\n\n| cell |");
        experiment.implementations().forEach(implementation -> md.append(' ').append(implementation).append(" |"));
        md.append("\n|---|").append("---|".repeat(experiment.implementations().size())).append('\n');
        for (Cell cell : experiment.cells()) {
            md.append("| ").append(cell.label()).append(" |");
            for (String implementation : experiment.implementations()) {
                md.append(' ').append(figure(run.figure(experiment, cell, implementation, experiment.metric())))
                        .append(" |");
            }
            md.append('\n');
        }
    }

    private static void latencyTable(SuiteRun run, Experiment experiment, StringBuilder md) {
        Cell cell = experiment.cells().get(0);
        md.append("\n### ").append(experiment.title()).append(" (round trip, microseconds; lower is better)\n\n");
        md.append("| implementation | p50 | p99 | p99.9 | ove's p50 relative to it |\n|---|---|---|---|---|\n");
        for (String implementation : experiment.implementations()) {
            md.append("| ").append(implementation);
            for (String metric : List.of(Metrics.P50, Metrics.P99, Metrics.P999)) {
                md.append(" | ").append(figure(run.figure(experiment, cell, implementation, metric)));
            }
            md.append(" | ").append(implementation.equals(Pipes.OVE) ? "1.00x"
                    : ratio(run.ratio(experiment, cell, Pipes.OVE, implementation, Metrics.P50), false))
                    .append(" |\n");
        }
    }

    /** Figures per cell as columns of implementations, then ove's ratios. */
    private static void curveTable(SuiteRun run, Experiment experiment, StringBuilder md) {
        md.append("\n### ").append(experiment.title()).append(" (M msg/s; ratios higher is better)\n\n| cell |");
        experiment.implementations().forEach(implementation -> md.append(' ').append(implementation).append(" |"));
        experiment.comparisons().forEach(c -> md.append(' ').append(c.subject()).append(" vs ").append(c.anchor())
                .append(" |"));
        md.append("\n|---|").append("---|".repeat(experiment.implementations().size()
                + experiment.comparisons().size())).append('\n');
        for (Cell cell : experiment.cells()) {
            md.append("| ").append(cell.label()).append(" |");
            for (String implementation : experiment.implementations()) {
                md.append(' ').append(figure(run.figure(experiment, cell, implementation, experiment.metric())))
                        .append(" |");
            }
            for (Comparison comparison : experiment.comparisons()) {
                md.append(' ').append(ratio(run.ratio(experiment, cell, comparison.subject(), comparison.anchor(),
                        experiment.metric()), true)).append(" |");
            }
            md.append('\n');
        }
    }

    private static void idle(SuiteRun run, StringBuilder md) {
        if (run.idleCpuMillis.isEmpty()) {
            return;
        }
        md.append("\n### CPU used by a receiver blocked ").append(IdleCost.WAIT.toSeconds())
                .append(" s on an empty channel (ms, median and interval of ").append(run.settings.repetitions())
                .append(" measurements)\n\n| implementation | CPU ms |\n|---|---|\n");
        for (Map.Entry<String, double[]> entry : run.idleCpuMillis.entrySet()) {
            md.append("| ").append(entry.getKey()).append(" | ").append(figure(Interval.of(entry.getValue())))
                    .append(" |\n");
        }
    }

    private static void allocation(SuiteRun run, StringBuilder md) {
        if (run.allocation.isEmpty()) {
            return;
        }
        md.append("\n### Allocation on ove-channel's paths (bytes, all threads of a round)\n\n")
                .append("| path | per message | per round, whatever its length |\n|---|---|---|\n");
        run.allocation.forEach((path, cost) -> md.append("| ").append(path).append(" | ")
                .append(String.format(Locale.ROOT, "%.4f", cost.perMessage())).append(" | ")
                .append(String.format(Locale.ROOT, "%.0f", cost.perRound())).append(" |\n"));
    }

    /**
     * {@return a ratio with its interval and verdict}
     *
     * @param ratio          the paired ratios' median and interval
     * @param higherIsBetter whether a ratio above 1 favours the subject
     */
    static String ratio(Interval ratio, boolean higherIsBetter) {
        if (ratio.n() == 0) {
            return "n/a";
        }
        String figure = format(ratio.median()) + "x";
        if (ratio.n() == 1) {
            return figure + " (one round)";
        }
        String interval = " (" + format(ratio.low()) + "–" + format(ratio.high()) + ")";
        boolean better = higherIsBetter ? ratio.above(1) : ratio.below(1);
        boolean worse = higherIsBetter ? ratio.below(1) : ratio.above(1);
        return better ? "**" + figure + "**" + interval : worse ? figure + interval : "level " + figure + interval;
    }

    /**
     * {@return a figure's median with its interval}
     *
     * @param figure the figures' median and interval
     */
    static String figure(Interval figure) {
        if (figure.n() == 0) {
            return "n/a";
        }
        return figure.n() == 1 ? format(figure.median())
                : format(figure.median()) + " (" + format(figure.low()) + "–" + format(figure.high()) + ")";
    }

    /**
     * {@return a number with three significant digits}
     *
     * @param value the number
     */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f"
                : magnitude >= 1 ? "%.2f" : magnitude >= 0.1 ? "%.3f" : "%.4f", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
