package io.ove.channel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the broker comparison judges the bound of 10% on the abstraction's cost. */
class BrokerComparisonTest {

    @Test
    void aCostWhoseWholeIntervalIsWithinTenPercentMeetsTheBound() {
        assertThat(BrokerComparison.verdict(Interval.of(new double[] {0.95, 1.02, 1.05, 1.08, 1.10})))
                .isEqualTo("**met**: +5.0% (-5.0% to +10.0%)");
    }

    @Test
    void aCostWhoseWholeIntervalIsAboveTenPercentMissesTheBound() {
        assertThat(BrokerComparison.verdict(Interval.of(new double[] {1.2, 1.3, 1.11, 1.4, 1.25})))
                .startsWith("**missed**: +25.0%");
    }

    @Test
    void anIntervalAcrossTheBoundIsLevelWithIt() {
        assertThat(BrokerComparison.verdict(Interval.of(new double[] {0.9, 1.0, 1.05, 1.2, 1.3})))
                .startsWith("level with the bound: +5.0%");
    }

    @Test
    void fewerThanFiveRoundsAreNotJudged() {
        assertThat(BrokerComparison.verdict(Interval.of(new double[] {1.5}))).isEqualTo("+50.0% (1 round: too few to judge)");
        assertThat(BrokerComparison.verdict(Interval.of(new double[] {1.5, 1.6, 1.7, 1.8})))
                .isEqualTo("+65.0% (4 rounds: too few to judge)");
    }
}
