package io.ove.channel;

import static io.ove.channel.Seam.Point.RECV_ATTEMPT;
import static io.ove.channel.Seam.Point.RECV_NOTIFY;
import static io.ove.channel.Seam.Point.RECV_REGISTER;
import static io.ove.channel.Seam.Point.RECV_REGISTERED;
import static io.ove.channel.Seam.Point.RECV_WOKEN;
import static io.ove.channel.Seam.Point.SEND_ATTEMPT;
import static io.ove.channel.Seam.Point.SEND_NOTIFY;
import static io.ove.channel.Seam.Point.SEND_REGISTER;
import static io.ove.channel.Seam.Point.SEND_WOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lost wake-up, forced: a waiter whose own re-check finds the channel ready must not spend a
 * wake-up that a waker hands out meanwhile, or the next waiter sleeps while it could proceed.
 * Each test drives the threads through the seam, one step at a time, into the schedule that
 * stranded a waiter before the wait protocol claimed contexts exactly once.
 */
@Timeout(60)
class LostWakeUpScheduleTest {

    @Test
    void aReceiverWhoseReCheckFoundAMessageLeavesTheNextWakeUpToTheNextReceiver() {
        Channel<String> channel = Channel.bounded(4);
        Receiver<String> rx = channel.receiver();
        Sender<String> tx = channel.sender();
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker r1 = schedule.start("R1", rx::recv);
            ScheduleController.Worker r3 = schedule.start("R3", rx::recv);
            ScheduleController.Worker sender = schedule.start("S", () -> {
                tx.send("m1");
                tx.send("m2");
                return null;
            });
            r1.runUntil(RECV_REGISTER);            // R1 found the channel empty and is about to wait
            sender.runUntil(SEND_NOTIFY);          // m1 is in; nobody is registered yet
            sender.runUntil(SEND_ATTEMPT);         // ... so nobody was woken
            r1.runUntil(RECV_WOKEN);               // R1 registered and its re-check found m1
            r3.runUntilParkedOrDone();             // R3 arrives
            sender.runToEnd();                     // m2: its wake-up must reach a thread that acts on it
            schedule.finish("every message sent has a receiver waiting for it");
            assertThat(List.of(r1.result, r3.result)).containsExactlyInAnyOrder("m1", "m2");
        }
        assertThat(channel.stats().depth()).isZero();
    }

    @Test
    void aWakeUpThatArrivesBeforeTheReCheckIsTheOneTheWaiterUses() {
        Channel<String> channel = Channel.bounded(4);
        Receiver<String> rx = channel.receiver();
        Sender<String> tx = channel.sender();
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker r1 = schedule.start("R1", rx::recv);
            ScheduleController.Worker r3 = schedule.start("R3", rx::recv);
            ScheduleController.Worker sender = schedule.start("S", () -> {
                tx.send("m1");
                tx.send("m2");
                return null;
            });
            r1.runUntil(RECV_REGISTERED);          // R1 registered, has not re-checked yet
            sender.runUntil(SEND_ATTEMPT).step();  // m1 in
            sender.runUntil(SEND_ATTEMPT);         // and its wake-up claimed R1's context
            assertThat(r1.state).isEqualTo(ScheduleController.State.AT_POINT);
            r3.runUntilParkedOrDone();             // R3 arrives, and may take m1 before R1 does
            r1.runUntilParkedOrDone();             // R1 acts on its wake-up: a message, or a new wait
            sender.runToEnd();                     // m2 wakes whoever waits
            schedule.finish("two messages, two receivers");
            assertThat(List.of(r1.result, r3.result)).containsExactlyInAnyOrder("m1", "m2");
        }
    }

    @Test
    void aSenderWhoseReCheckFoundRoomLeavesTheNextWakeUpToTheNextSender() {
        Channel<String> channel = Channel.bounded(1);
        Receiver<String> rx = channel.receiver();
        Sender<String> tx = channel.sender();
        tx.trySend("m0");
        List<String> received = new ArrayList<>();
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker s1 = schedule.start("S1", () -> tx.send("a"));
            ScheduleController.Worker s3 = schedule.start("S3", () -> tx.send("b"));
            ScheduleController.Worker receiver = schedule.start("R", () -> {
                received.add(rx.recv());
                received.add(rx.recv());
                return null;
            });
            s1.runUntil(SEND_REGISTER);            // S1 found the channel full and is about to wait
            receiver.runUntil(RECV_NOTIFY);        // m0 taken; no sender registered yet
            receiver.runUntil(RECV_ATTEMPT);       // ... so none was woken
            s1.runUntil(SEND_WOKEN);               // S1 registered and its re-check found room
            s3.runUntilParkedOrDone();             // S3 arrives
            receiver.runToEnd();                   // its wake-up must reach a sender that acts on it
            schedule.finish("every slot freed has a sender waiting for it");
            assertThat(s1.result).isEqualTo(SendResult.SENT);
            assertThat(s3.result).isEqualTo(SendResult.SENT);
        }
        List<String> all = new ArrayList<>(received);
        all.add(rx.tryRecv());
        assertThat(all).containsExactlyInAnyOrder("m0", "a", "b");
    }

    @Test
    void aReceiverWhoseReCheckFindsAMessageDoesNotPark() {
        Channel<String> channel = Channel.bounded(1);
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker receiver = schedule.start("R", channel.receiver()::recv);
            receiver.runUntil(RECV_REGISTER);
            channel.sender().trySend("m");         // nobody registered: nobody is woken
            receiver.runToEnd();                   // its re-check must find m without a wake-up
            assertThat(receiver.result).isEqualTo("m");
        }
    }

    @Test
    void aReceiverWhoseReCheckFindsTheChannelClosedDoesNotPark() {
        Channel<String> channel = Channel.bounded(1);
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker receiver = schedule.start("R", channel.receiver()::recv);
            receiver.runUntil(RECV_REGISTER);
            channel.closeSending();                // nobody registered: nobody is woken
            receiver.runToEnd();
            assertThat(receiver.failure).isInstanceOf(ChannelClosedException.class);
        }
    }

    @Test
    void aSenderWhoseReCheckFindsRoomDoesNotPark() {
        Channel<String> channel = Channel.bounded(1);
        channel.sender().trySend("m0");
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker sender = schedule.start("S", () -> channel.sender().send("m1"));
            sender.runUntil(SEND_REGISTER);
            assertThat(channel.receiver().tryRecv()).isEqualTo("m0"); // nobody registered yet
            sender.runToEnd();
            assertThat(sender.result).isEqualTo(SendResult.SENT);
        }
        assertThat(channel.receiver().tryRecv()).isEqualTo("m1");
    }

    @Test
    void aSenderWhoseReCheckFindsTheChannelClosedDoesNotPark() {
        Channel<String> channel = Channel.bounded(1);
        channel.sender().trySend("m0");
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker sender = schedule.start("S", () -> channel.sender().send("m1"));
            sender.runUntil(SEND_REGISTER);
            channel.closeSending();
            sender.runToEnd();
            assertThat(sender.failure).isInstanceOf(ChannelClosedException.class);
        }
    }

    @Test
    void aWakeUpAndAnInterruptTogetherDeliverTheMessageAndKeepTheInterrupt() {
        Channel<String> channel = Channel.bounded(1);
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker receiver = schedule.start("R", () -> {
                String message = channel.receiver().recv();
                return message + ", interrupted " + Thread.currentThread().isInterrupted();
            });
            receiver.runUntilParked();
            channel.sender().trySend("m");          // claims the receiver's context
            schedule.interrupt(receiver);           // and the interrupt arrives before it runs
            receiver.runToEnd();
            assertThat(receiver.result).isEqualTo("m, interrupted true");
        }
    }

    @Test
    void aDropOldestSendThatFindsRoomAfterAllWakesAParkedReceiver() {
        Channel<String> channel = Channel.<String>builder(1).overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((m, r) -> { }).build();
        channel.sender().trySend("m0");
        try (ScheduleController schedule = new ScheduleController()) {
            ScheduleController.Worker producer = schedule.start("P", () -> channel.sender().trySend("m1"));
            ScheduleController.Worker receiver = schedule.start("R", () -> {
                String first = channel.receiver().recv();
                return first + "," + channel.receiver().recv();
            });
            producer.runUntil(Seam.Point.EVICT_ATTEMPT); // it saw the channel full
            receiver.runUntilParked();                   // took m0, waits for the next
            producer.runToEnd();                         // finds room, sends without evicting
            assertThat(producer.result).isEqualTo(SendResult.SENT);
            receiver.runToEnd();
            assertThat(receiver.result).isEqualTo("m0,m1");
        }
        assertThat(channel.stats().evicted()).isZero();
    }
}
