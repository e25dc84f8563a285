package io.ove.channel.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every figure a suite run measured, one per fork and metric: the raw material of every table,
 * kept whole in {@code results.json}.
 */
final class Samples {

    /**
     * One fork's figure.
     *
     * @param experiment  the experiment's id
     * @param cell        the cell's label
     * @param implementation what was measured
     * @param repetition  which round of the interleaving, from 1
     * @param metric      which figure ({@link Metrics})
     * @param value       the figure, or {@code NaN} if the fork failed
     */
    record Sample(String experiment, String cell, String implementation, int repetition, String metric,
                  double value) {
    }

    private final List<Sample> all = new ArrayList<>();

    /**
     * Records a figure.
     *
     * @param sample the figure
     */
    void add(Sample sample) {
        all.add(sample);
    }

    /** {@return every figure, in the order measured} */
    List<Sample> all() {
        return Collections.unmodifiableList(all);
    }

    /**
     * {@return one implementation's figures in a cell, indexed by repetition (index 0 is
     * repetition 1); {@code NaN} where a fork failed or did not run}
     *
     * @param experiment     the experiment's id
     * @param cell           the cell's label
     * @param implementation what was measured
     * @param metric         which figure
     * @param repetitions    how many repetitions there were
     */
    double[] values(String experiment, String cell, String implementation, String metric, int repetitions) {
        double[] values = new double[repetitions];
        java.util.Arrays.fill(values, Double.NaN);
        for (Sample sample : all) {
            if (sample.experiment.equals(experiment) && sample.cell.equals(cell)
                    && sample.implementation.equals(implementation) && sample.metric.equals(metric)
                    && sample.repetition >= 1 && sample.repetition <= repetitions) {
                values[sample.repetition - 1] = sample.value;
            }
        }
        return values;
    }
}
