package io.ove.channel.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run of the suite measured, and how: what the report is written from. */
final class SuiteRun {

    /** The run's settings. */
    final Settings settings;
    /** The machine and JVM, in words. */
    final String machine;
    /** The experiments run, in order. */
    final List<Experiment> experiments;
    /** One figure per fork and metric. */
    final Samples samples = new Samples();
    /** CPU milliseconds of a blocked receiver, one per repetition, by implementation. */
    final Map<String, double[]> idleCpuMillis = new LinkedHashMap<>();
    /** Bytes per message and per round, by path. */
    final Map<String, AllocationProbe.Cost> allocation = new LinkedHashMap<>();
    /** What failed, one line each. */
    final List<String> failures = new ArrayList<>();
    /** Wall-clock minutes the run took. */
    double minutes;

    /**
     * @param settings    the run's settings
     * @param machine     the machine and JVM, in words
     * @param experiments the experiments to run
     */
    SuiteRun(Settings settings, String machine, List<Experiment> experiments) {
        this.settings = settings;
        this.machine = machine;
        this.experiments = experiments;
    }

    /**
     * {@return the paired ratios subject/anchor of one cell, with their median and interval}
     *
     * @param experiment the experiment
     * @param cell       the cell
     * @param subject    the implementation judged
     * @param anchor     the implementation it is judged against
     * @param metric     which figure
     */
    Interval ratio(Experiment experiment, Cell cell, String subject, String anchor, String metric) {
        int n = settings.repetitions();
        return Interval.of(Interval.ratios(
                samples.values(experiment.id(), cell.label(), subject, metric, n),
                samples.values(experiment.id(), cell.label(), anchor, metric, n)));
    }

    /**
     * {@return one implementation's figures in a cell, with their median and interval}
     *
     * @param experiment     the experiment
     * @param cell           the cell
     * @param implementation what was measured
     * @param metric         which figure
     */
    Interval figure(Experiment experiment, Cell cell, String implementation, String metric) {
        return Interval.of(samples.values(experiment.id(), cell.label(), implementation, metric,
                settings.repetitions()));
    }

    /**
     * {@return the experiment of that id in this run, or {@code null}}
     *
     * @param id the experiment's id
     */
    Experiment experiment(String id) {
        for (Experiment experiment : experiments) {
            if (experiment.id().equals(id)) {
                return experiment;
            }
        }
        return null;
    }
}
