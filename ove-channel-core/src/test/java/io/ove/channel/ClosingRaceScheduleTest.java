package io.ove.channel;

import static io.ove.channel.Seam.Point.CLOSE_RECEIVING_CLAIMED;
import static io.ove.channel.Seam.Point.EVICT_ATTEMPT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing racing the other operations, forced one schedule at a time through the seam. */
@Timeout(60)
class ClosingRaceScheduleTest {

    private final List<String> undelivered = new ArrayList<>();

    private Channel<String> dropOldest() {
        return Channel.<String>builder(1).overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((message, reason) -> undelivered.add(message + ":" + reason)).build();
    }

    @Test
    void aDropOldestSendThatFindsTheChannelClosedBeforeEvictingHasNoEffect() {
        Channel<String> channel = dropOldest();
        channel.sender().trySend("promised");
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker producer = schedule.start("P", () -> channel.sender().trySend("late"));
            producer.runUntil(EVICT_ATTEMPT);      // it saw FULL and is about to evict
            channel.closeSending();
            producer.runToEnd();
            assertThat(producer.result).isEqualTo(SendResult.CLOSED);
        }
        assertThat(undelivered).isEmpty();
        assertThat(channel.receiver().tryRecv()).isEqualTo("promised");
        ChannelStats stats = channel.stats();
        assertThat(stats.evicted()).isZero();
        assertThat(stats.fullDrops()).isZero();
        assertThat(stats.closedDrops()).isEqualTo(1);
    }

    @Test
    void aDropOldestSendEvictsNothingWhenAReceiverMadeRoomMeanwhile() {
        Channel<String> channel = Channel.<String>builder(2).overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((message, reason) -> undelivered.add(message + ":" + reason)).build();
        channel.sender().trySend("first");
        channel.sender().trySend("second");
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker producer = schedule.start("P", () -> channel.sender().trySend("third"));
            producer.runUntil(EVICT_ATTEMPT);      // it saw FULL and is about to evict
            assertThat(channel.receiver().tryRecv()).isEqualTo("first");
            producer.runToEnd();
            assertThat(producer.result).isEqualTo(SendResult.SENT);
        }
        assertThat(undelivered).isEmpty();
        assertThat(channel.stats().evicted()).isZero();
        assertThat(channel.receiver().tryRecv()).isEqualTo("second");
        assertThat(channel.receiver().tryRecv()).isEqualTo("third");
    }

    @Test
    void onceTheReceivingSideLooksClosedEverySendIsRefused() {
        Channel<String> channel = Channel.<String>builder(4).onUndelivered((m, r) -> undelivered.add(m)).build();
        channel.sender().trySend("buffered");
        int checks = 0;
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker closer = schedule.start("C", channel::closeReceiving);
            while (closer.state != ScheduleController.State.DONE) {
                closer.step();
                // At every point of closeReceiving: if the state says closed for receiving (or
                // exhausted), a send must not succeed.
                if (channel.state() == ChannelState.CLOSED_FOR_RECEIVING || channel.receiver().isExhausted()) {
                    assertThat(channel.sender().trySend("after " + closer.describe()))
                            .as("a send once the channel looked closed for receiving, " + closer.describe())
                            .isEqualTo(SendResult.CLOSED);
                    checks++;
                }
            }
        }
        assertThat(checks).isPositive();
        assertThat(undelivered).containsExactly("buffered");
    }

    @Test
    void ofTwoConcurrentReceiveClosesExactlyOneReportsThatItClosed() {
        Channel<String> channel = Channel.<String>builder(4).onUndelivered((m, r) -> undelivered.add(m)).build();
        channel.sender().trySend("buffered");
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker first = schedule.start("A", channel::closeReceiving);
            ScheduleController.Worker second = schedule.start("B", channel::closeReceiving);
            first.runUntil(CLOSE_RECEIVING_CLAIMED);
            second.runToEnd();
            // B returned: the side is closed, whoever won.
            assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
            first.runToEnd();
            assertThat(List.of(first.result, second.result)).containsExactlyInAnyOrder(true, false);
        }
        assertThat(undelivered).containsExactly("buffered");
    }
}
