package io.ove.channel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The statistics every table of the report rests on. */
class IntervalTest {

    @Test
    void coverageOfOrderStatisticIntervalsIsTheBinomialOne() {
        // P(min <= median <= max) for 5 draws: 1 - 2 / 2^5.
        assertThat(Interval.coverage(5, 1)).isCloseTo(0.9375, within(1e-12));
        // Second smallest to second largest of 9: 1 - 2 (1 + 9) / 512.
        assertThat(Interval.coverage(9, 2)).isCloseTo(1 - 20.0 / 512, within(1e-12));
        assertThat(Interval.coverage(1, 1)).isZero();
    }

    @Test
    void fiveFiguresGiveTheirMedianAndRange() {
        Interval interval = Interval.of(new double[] {3, 1, 5, 2, 4});
        assertThat(interval.median()).isEqualTo(3);
        assertThat(interval.low()).isEqualTo(1);
        assertThat(interval.high()).isEqualTo(5);
        assertThat(interval.n()).isEqualTo(5);
        assertThat(interval.confidence()).isCloseTo(0.9375, within(1e-12));
    }

    @Test
    void moreFiguresNarrowTheIntervalWhileKeepingNinetyPercent() {
        Interval interval = Interval.of(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5, 10, 11, 12, 13, 14, 15});
        assertThat(interval.confidence()).isGreaterThanOrEqualTo(Interval.CONFIDENCE);
        assertThat(interval.low()).isGreaterThan(1);
        assertThat(interval.high()).isLessThan(15);
        assertThat(interval.median()).isEqualTo(8);
    }

    @Test
    void failedForksAreLeftOutOfRatiosAndFigures() {
        double[] ratios = Interval.ratios(new double[] {2, Double.NaN, 6}, new double[] {1, 1, 3});
        assertThat(ratios[0]).isEqualTo(2);
        assertThat(ratios[1]).isNaN();
        Interval interval = Interval.of(ratios);
        assertThat(interval.n()).isEqualTo(2);
        assertThat(interval.median()).isEqualTo(2);
        assertThat(Interval.of(new double[] {Double.NaN}).n()).isZero();
    }

    @Test
    void aRatioIsAWinOnlyWhenItsWholeIntervalIsOnOneSideOfOne() {
        assertThat(Report.ratio(Interval.of(new double[] {1.1, 1.2, 1.3, 1.4, 1.5}), true)).startsWith("**1.30x**");
        assertThat(Report.ratio(Interval.of(new double[] {0.9, 1.2, 1.3, 1.4, 1.5}), true)).startsWith("level 1.30x");
        assertThat(Report.ratio(Interval.of(new double[] {0.5, 0.6, 0.7, 0.8, 0.9}), true)).startsWith("0.700x (");
        // Latency: lower is better, so a ratio below 1 is the win.
        assertThat(Report.ratio(Interval.of(new double[] {0.5, 0.6, 0.7, 0.8, 0.9}), false)).startsWith("**0.700x**");
        assertThat(Report.ratio(Interval.of(new double[] {1.5}), true)).isEqualTo("1.50x (one round)");
    }
}
