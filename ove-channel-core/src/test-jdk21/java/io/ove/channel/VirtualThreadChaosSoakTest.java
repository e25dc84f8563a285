package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ChaosSoak} with every producer, consumer and the chaos thread on virtual threads;
 * {@code soak.duration} as for {@link ChaosSoakTest} (10 seconds by default).
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.HOURS)
class VirtualThreadChaosSoakTest {

    @Test
    void everyPromiseHoldsUnderChaosOnVirtualThreads() throws Exception {
        ChaosSoak.Figures figures = new ChaosSoak(Thread.ofVirtual().name("soak-", 0).factory())
                .run(ChaosSoakTest.duration("10s"));
        System.out.println("chaos soak (virtual threads): " + figures);
        assertThat(figures.violations.get()).isZero();
        assertThat(figures.rounds.get()).isPositive();
        assertThat(figures.interrupts.get()).isPositive();
    }
}
