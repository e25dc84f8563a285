package io.ove.channel.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The performance targets, judged from the run's own ratios and intervals: <b>met</b> when the
 * interval lies wholly on the target's side, <b>missed</b> when it lies wholly on the other, and
 * <b>level</b> (neither shown nor missed) when it contains the target's bound.
 */
final class Targets {

    private Targets() {
    }

    /**
     * Appends the targets table.
     *
     * @param run what was measured
     * @param md  where to write
     */
    static void table(SuiteRun run, StringBuilder md) {
        md.append("\n### Targets\n\n");
        if (run.settings.smoke()) {
            md.append("Not judged: a smoke run has one short, barely warmed fork per cell.\n");
            return;
        }
        md.append("| target | result |\n|---|---|\n");
        Experiment matrix = run.experiment(Plan.THROUGHPUT);
        if (matrix != null) {
            for (String anchor : List.of(Pipes.AGRONA, Pipes.JCTOOLS, "Go", "crossbeam")) {
                if (!matrix.implementations().contains(anchor)) {
                    continue;
                }
                boolean capacity8Only = anchor.equals("Go");
                List<Cell> cells = new ArrayList<>();
                for (Cell cell : matrix.cells()) {
                    if (!capacity8Only || cell.capacity() == 8) {
                        cells.add(cell);
                    }
                }
                List<String> met = new ArrayList<>();
                List<String> level = new ArrayList<>();
                List<String> missed = new ArrayList<>();
                for (Cell cell : cells) {
                    Interval ratio = run.ratio(matrix, cell, Pipes.OVE, anchor, Metrics.THROUGHPUT);
                    String entry = cell.label() + " " + Report.format(ratio.median()) + "x";
                    (ratio.above(1) ? met : ratio.below(1) ? missed : level).add(entry);
                }
                String target = anchor.equals("crossbeam") ? "ove >= 1.0x crossbeam (not a target; for reference)"
                        : "ove >= 1.0x " + anchor + (capacity8Only ? " at capacity 8" : " in every cell");
                md.append("| ").append(target).append(" | ").append(verdict(met, level, missed, cells.size()))
                        .append(" |\n");
            }
        }
        Experiment pingPong = run.experiment(Plan.PING_PONG);
        if (pingPong != null) {
            Cell cell = pingPong.cells().get(0);
            Interval ratio = run.ratio(pingPong, cell, Pipes.OVE, Pipes.AGRONA, Metrics.P50);
            md.append("| ping-pong p50 <= Agrona-backoff's | ove / Agrona-backoff = ").append(Report.format(ratio.median()))
                    .append("x (").append(Report.format(ratio.low())).append("–").append(Report.format(ratio.high()))
                    .append("): ").append(ratio.below(1) ? "**met**" : ratio.above(1) ? "**missed**" : "**level**")
                    .append(" |\n");
            Interval p99 = run.figure(pingPong, cell, Pipes.OVE, Metrics.P99);
            md.append("| ping-pong p99 < 20 us | ").append(Report.figure(p99)).append(" us: ")
                    .append(judge(p99.below(20), p99.above(20))).append(" |\n");
        }
        if (!run.idleCpuMillis.isEmpty() && run.idleCpuMillis.containsKey(Pipes.OVE)) {
            Interval idle = Interval.of(run.idleCpuMillis.get(Pipes.OVE));
            md.append("| a receiver blocked 1 s costs < 1 ms CPU | ").append(Report.figure(idle)).append(" ms: ")
                    .append(judge(idle.below(1), idle.above(1))).append(" |\n");
        }
        if (!run.allocation.isEmpty()) {
            double worst = 0;
            for (AllocationProbe.Cost cost : run.allocation.values()) {
                worst = Math.max(worst, cost.perMessage());
            }
            md.append("| send/recv allocate 0 B per message | at most ").append(String.format(Locale.ROOT, "%.4f", worst))
                    .append(" B per message on every path measured: ")
                    .append(worst < 0.01 ? "**met**" : "**missed**").append(" |\n");
        }
        Experiment metrics = run.experiment(Plan.METRICS);
        if (metrics != null) {
            for (Cell cell : metrics.cells()) {
                Interval ratio = run.ratio(metrics, cell, Pipes.OVE_METRICS, Pipes.OVE, Metrics.THROUGHPUT);
                md.append("| meters cost < 5% (").append(cell.label()).append(", read once a second) | with / without = ")
                        .append(Report.format(ratio.median())).append("x (").append(Report.format(ratio.low()))
                        .append("–").append(Report.format(ratio.high())).append("): ")
                        .append(judge(ratio.above(0.95), ratio.below(0.95))).append(" |\n");
            }
        }
    }

    private static String judge(boolean met, boolean missed) {
        return met ? "**met**" : missed ? "**missed**" : "**level** (the interval contains the bound)";
    }

    private static String verdict(List<String> met, List<String> level, List<String> missed, int cells) {
        if (met.size() == cells) {
            return "**met** in all " + cells + " cells";
        }
        StringBuilder verdict = new StringBuilder(missed.isEmpty() ? "**not shown**: " : "**missed**: ");
        verdict.append(met.size()).append(" of ").append(cells).append(" cells met");
        if (!level.isEmpty()) {
            verdict.append("; level in ").append(String.join(", ", level));
        }
        if (!missed.isEmpty()) {
            verdict.append("; missed in ").append(String.join(", ", missed));
        }
        return verdict.toString();
    }
}
