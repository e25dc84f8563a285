package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@link ChaosSoak} on platform threads for {@code soak.duration} (a {@link Duration} such as
 * {@code PT20S} or {@code 10m}; 20 seconds by default, as in CI). {@code ./mvnw -Psoak verify
 * -Dsoak.duration=10m} runs it longer.
 */
@Timeout(value = 6, unit = java.util.concurrent.TimeUnit.HOURS)
class ChaosSoakTest {

    static Duration duration(String fallback) {
        String text = System.getProperty("soak.duration", fallback).trim().toUpperCase();
        return Duration.parse(text.startsWith("P") ? text : "PT" + text);
    }

    @Test
    void everyPromiseHoldsUnderChaosOnPlatformThreads() throws Exception {
        ChaosSoak.Figures figures = new ChaosSoak(runnable -> {
            Thread thread = new Thread(runnable, "soak");
            thread.setDaemon(true);
            return thread;
        }).run(duration("20s"));
        System.out.println("chaos soak (platform threads): " + figures);
        assertThat(figures.violations.get()).isZero();
        assertThat(figures.rounds.get()).isPositive();
        assertThat(figures.accepted.get()).isPositive();
        assertThat(figures.interrupts.get()).isPositive();
        assertThat(figures.quietPoints.get()).isPositive();
    }
}
