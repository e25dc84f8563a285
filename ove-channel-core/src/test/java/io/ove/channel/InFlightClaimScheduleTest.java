package io.ove.channel;

import static io.ove.channel.Seam.Point.RING_BACKOFF;
import static io.ove.channel.Seam.Point.RING_READ_CLAIMED;
import static io.ove.channel.Seam.Point.RING_WRITE_CLAIMED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocking sends and receives take their first attempts with slot-level verdicts: a slot whose
 * message a consumer has claimed but not freed reads as "full", a slot a producer has claimed but
 * not filled reads as "nothing yet" (see {@link Ring#offerIfSlotFree} and
 * {@link Ring#pollIfPublished}). These forced schedules hold one thread inside its ring operation,
 * as a preemption would, and check the rules that make those verdicts safe: a blocking call never
 * ends, parks or reports a timeout on one (its next attempt is exact, and waits the claim out);
 * the non-blocking {@code trySend} and {@code tryRecv}, whose verdicts are results, stay exact.
 * ({@link LincheckChannelTest} covers the zero-timeout calls.)
 */
@Timeout(60)
class InFlightClaimScheduleTest {

    @Test
    void aBlockingReceiveThatFindsAMessageInFlightWaitsAndTakesIt() {
        Channel<String> channel = Channel.bounded(4);
        Sender<String> tx = channel.sender();
        Receiver<String> rx = channel.receiver();
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker producer = schedule.start("P", () -> tx.send("a"));
            producer.stopsEverywhere = true;
            ScheduleController.Worker consumer = schedule.start("C", rx::recv);
            consumer.stopsEverywhere = true;
            producer.runUntil(RING_WRITE_CLAIMED);   // "a" has a slot but is not published
            // C's slot-level attempt finds nothing published; that ends nothing: its exact retry
            // sees the claim and waits it out.
            consumer.runUntil(RING_BACKOFF);
            producer.runToEnd();
            consumer.runToEnd();
            assertThat(producer.result).isEqualTo(SendResult.SENT);
            assertThat(consumer.result).isEqualTo("a");
        }
        assertThat(channel.stats().depth()).isZero();
    }

    @Test
    void aBlockingSendThatFindsASlotBeingFreedWaitsAndFillsIt() {
        Channel<String> channel = Channel.bounded(1);
        Sender<String> tx = channel.sender();
        Receiver<String> rx = channel.receiver();
        assertThat(tx.trySend("a")).isEqualTo(SendResult.SENT);
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker consumer = schedule.start("C", rx::recv);
            consumer.stopsEverywhere = true;
            ScheduleController.Worker producer = schedule.start("P", () -> tx.send("b"));
            producer.stopsEverywhere = true;
            consumer.runUntil(RING_READ_CLAIMED);    // "a" is claimed, its slot not yet free
            // P's slot-level attempt finds the slot taken; that ends nothing: its exact retry sees
            // that the head has moved and waits for the slot.
            producer.runUntil(RING_BACKOFF);
            consumer.runToEnd();
            producer.runToEnd();
            assertThat(consumer.result).isEqualTo("a");
            assertThat(producer.result).isEqualTo(SendResult.SENT);
        }
        assertThat(rx.tryRecv()).isEqualTo("b");
    }

    @Test
    void tryRecvWaitsForAMessageInFlightAheadOfACompletedSend() throws InterruptedException {
        Channel<String> channel = Channel.bounded(4);
        Sender<String> tx = channel.sender();
        Receiver<String> rx = channel.receiver();
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker first = schedule.start("P1", () -> tx.send("a"));
            first.stopsEverywhere = true;
            first.runUntil(RING_WRITE_CLAIMED);      // "a" holds the head slot, unpublished
            tx.send("b");                            // a send that completes behind it
            ScheduleController.Worker reader = schedule.start("T", rx::tryRecv);
            reader.stopsEverywhere = true;
            // "b" was sent before tryRecv began, so "nothing buffered" would be a wrong answer:
            // tryRecv waits for "a" to be published instead of returning null.
            reader.runUntil(RING_BACKOFF);
            first.runToEnd();
            reader.runToEnd();
            assertThat(reader.result).isEqualTo("a");
        }
        assertThat(rx.tryRecv()).isEqualTo("b");
    }

    @Test
    void trySendWaitsForASlotBeingFreedWhenAnotherReceiveHasCompleted() throws InterruptedException {
        Channel<String> channel = Channel.<String>builder(2).overflow(OverflowPolicy.DROP_NEWEST).build();
        Sender<String> tx = channel.sender();
        Receiver<String> rx = channel.receiver();
        tx.trySend("a");
        tx.trySend("b");
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker slow = schedule.start("C1", rx::recv);
            slow.stopsEverywhere = true;
            slow.runUntil(RING_READ_CLAIMED);        // "a" is claimed, its slot not yet free
            assertThat(rx.recv()).isEqualTo("b");    // a receive that completes behind it
            ScheduleController.Worker writer = schedule.start("T", () -> tx.trySend("c"));
            writer.stopsEverywhere = true;
            // One message left the channel before trySend began, so "full" would be a wrong
            // answer (and a counted drop): trySend waits for the slot instead.
            writer.runUntil(RING_BACKOFF);
            slow.runToEnd();
            writer.runToEnd();
            assertThat(slow.result).isEqualTo("a");
            assertThat(writer.result).isEqualTo(SendResult.SENT);
        }
        assertThat(rx.tryRecv()).isEqualTo("c");
        assertThat(channel.stats().fullDrops()).isZero();
    }
}
