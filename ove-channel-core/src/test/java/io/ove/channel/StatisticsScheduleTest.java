package io.ove.channel;

import static io.ove.channel.Seam.Point.EVICTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Figures exported as counters never go backwards, even when read in the middle of an eviction
 * (Prometheus reads a dip as a counter reset).
 */
@Timeout(60)
class StatisticsScheduleTest {

    @Test
    void receivedNeverGoesBackwardsWhenReadDuringAnEviction() throws Exception {
        Channel<String> channel = Channel.<String>builder(2).overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((m, r) -> { }).build();
        channel.sender().trySend("a");
        channel.sender().trySend("b");
        long before = channel.stats().received();
        FutureTask<Long> during;
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker producer = schedule.start("P", () -> channel.sender().trySend("c"));
            producer.stopsEverywhere = true;
            producer.runUntil(EVICTED);            // "a" left the ring but is not counted yet
            during = Await.onThread("stats-reader", () -> channel.stats().received());
            producer.runToEnd();
        }
        long read = during.get(10, TimeUnit.SECONDS);
        long after = channel.stats().received();
        assertThat(read).as("read during the eviction").isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(after);
        assertThat(after).isZero();
        assertThat(channel.stats().evicted()).isEqualTo(1);
    }
}
