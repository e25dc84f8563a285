package io.ove.channel.benchmarks;

import java.util.Arrays;

/**
 * The median of a few repeated figures and a distribution-free confidence interval for it, taken
 * from the sorted figures themselves (order statistics): for n figures, the interval from the k-th
 * smallest to the k-th largest contains the true median with probability
 * {@code 1 - 2 P(Binomial(n, 1/2) < k)}, whatever the distribution; k is the largest that keeps
 * that probability at or above {@link #CONFIDENCE}. With 5 figures that is the range (93.75%).
 *
 * <p>Used on paired ratios (subject over anchor, one per repetition, the two forks run next to
 * each other), so slow drifts of a shared machine cancel out of each ratio.
 *
 * @param median     the median, {@code NaN} if there were no figures
 * @param low        the interval's lower end
 * @param high       the interval's upper end
 * @param n          how many figures
 * @param confidence the interval's coverage of the true median (0 when n is 1)
 */
record Interval(double median, double low, double high, int n, double confidence) {

    /** The least coverage an interval is chosen for. */
    static final double CONFIDENCE = 0.90;

    /**
     * {@return the median and interval of the finite values among {@code values}}
     *
     * @param values figures, {@code NaN}s ignored
     */
    static Interval of(double[] values) {
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= CONFIDENCE) {
            k++;
        }
        return new Interval(median, sorted[k - 1], sorted[n - k], n, n == 1 ? 0 : coverage(n, k));
    }

    /**
     * {@return the paired ratios {@code subject[i] / anchor[i]}, {@code NaN} where either is
     * missing}
     *
     * @param subject the subject's figures by repetition
     * @param anchor  the anchor's figures by repetition
     */
    static double[] ratios(double[] subject, double[] anchor) {
        double[] ratios = new double[Math.min(subject.length, anchor.length)];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = subject[i] / anchor[i];
        }
        return ratios;
    }

    /** P(the k-th smallest of n <= median <= the k-th largest of n). */
    static double coverage(int n, int k) {
        double below = 0;
        double binomial = 1; // C(n, 0)
        for (int i = 0; i < k; i++) {
            below += binomial;
            binomial = binomial * (n - i) / (i + 1);
        }
        return 1 - 2 * below / Math.pow(2, n);
    }

    /** {@return whether the interval lies wholly above {@code value}} */
    boolean above(double value) {
        return n > 1 && low > value;
    }

    /** {@return whether the interval lies wholly below {@code value}} */
    boolean below(double value) {
        return n > 1 && high < value;
    }
}
