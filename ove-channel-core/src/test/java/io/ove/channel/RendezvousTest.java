package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rendezvous channels ({@code Channel.bounded(0)}): a send completes only when a receiver takes the
 * message. Several cases follow crossbeam-channel's {@code tests/zero.rs} (MIT/Apache-2.0,
 * https://github.com/crossbeam-rs/crossbeam), rewritten for this API, with waits on the channel's
 * waiting counts instead of sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RendezvousTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void capacityZeroIsARendezvousChannelWithNoBuffer() {
        Channel<Integer> channel = Channel.bounded(0);
        assertThat(channel.capacity()).isZero();
        assertThat(channel.capacity()).isZero();
        assertThat(channel.sender().size()).isZero();
        assertThat(channel.sender().isEmpty()).isTrue();
        assertThat(channel.sender().isFull()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> Channel.bounded(-1))
                .withMessage("capacity must be between 0 (rendezvous) and 1073741824 (inclusive), but was -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Channel.builder(0).overflow(OverflowPolicy.DROP_OLDEST).build())
                .withMessageContaining("rendezvous");
    }

    /** zero.rs {@code smoke}: a try-send with nobody waiting is refused, and nothing is kept. */
    @Test
    void trySendSucceedsOnlyIfAReceiverIsWaiting() throws Exception {
        Channel<Integer> channel = Channel.bounded(0);
        Sender<Integer> tx = channel.sender();
        Receiver<Integer> rx = channel.receiver();
        assertThat(tx.trySend(7)).isEqualTo(SendResult.FULL);
        assertThat(rx.tryRecv()).isNull();

        FutureTask<Integer> receiver = Await.onThread("receiver", rx::recv);
        Await.until("a receiver waits", () -> channel.storage().waitingReceivers() == 1);
        assertThat(tx.trySend(7)).isEqualTo(SendResult.SENT);
        assertThat(receiver.get(20, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(channel.stats()).extracting(ChannelStats::capacity, ChannelStats::depth, ChannelStats::sent,
                ChannelStats::received, ChannelStats::fullDrops).containsExactly(0, 0, 1L, 1L, 1L);
    }

    /** zero.rs {@code recv}/{@code send}: a blocking send completes only when a receiver takes it. */
    @Test
    void sendWaitsForAReceiverAndTryRecvTakesFromAWaitingSender() throws Exception {
        Channel<Integer> channel = Channel.bounded(0);
        Sender<Integer> tx = channel.sender();
        Receiver<Integer> rx = channel.receiver();
        FutureTask<SendResult> sender = Await.onThread("sender", () -> tx.send(3));
        Await.until("a sender waits", () -> channel.storage().waitingSenders() == 1);
        assertThat(sender.isDone()).isFalse();
        assertThat(rx.tryRecv()).isEqualTo(3);
        assertThat(sender.get(20, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
        assertThat(channel.storage().waitingSenders()).isZero();
    }

    /** zero.rs {@code recv_timeout}/{@code send_timeout}: timed calls give up and leave nothing behind. */
    @Test
    void timedCallsGiveUpWithNothingExchanged() throws Exception {
        Channel<Integer> channel = Channel.bounded(0);
        assertThat(channel.receiver().recv(Duration.ofMillis(20))).isNull();
        assertThat(channel.sender().send(1, Duration.ofMillis(20))).isEqualTo(SendResult.FULL);
        assertThat(channel.storage().waitingSenders()).isZero();
        assertThat(channel.storage().waitingReceivers()).isZero();
        assertThat(channel.receiver().tryRecv()).isNull();
    }

    /** zero.rs {@code disconnect_wakes_sender}: the last receiver gone, a blocked sender sees closed. */
    @Test
    void lastReceiverGoneWakesABlockedSenderWithClosed() throws Exception {
        List<Object> undelivered = new ArrayList<>();
        Channel<Integer> channel = Channel.<Integer>builder(0).onUndelivered((m, r) -> undelivered.add(m)).build();
        Sender<Integer> tx = channel.sender();
        FutureTask<SendResult> sender = Await.onThread("sender", () -> tx.send(1));
        Await.until("a sender waits", () -> channel.storage().waitingSenders() == 1);
        channel.receiver().close();
        assertThatThrownBy(() -> sender.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(undelivered).isEmpty(); // nothing was buffered, so nothing is reported
        assertThat(channel.stats().undelivered()).isZero();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        assertThat(tx.trySend(2)).isEqualTo(SendResult.CLOSED);
    }

    /** zero.rs {@code disconnect_wakes_receiver}: the last sender gone, a blocked receiver sees closed. */
    @Test
    void lastSenderGoneWakesABlockedReceiverWithClosed() throws Exception {
        Channel<Integer> channel = Channel.bounded(0);
        Receiver<Integer> rx = channel.receiver();
        FutureTask<Integer> receiver = Await.onThread("receiver", rx::recv);
        Await.until("a receiver waits", () -> channel.storage().waitingReceivers() == 1);
        channel.sender().close();
        assertThatThrownBy(() -> receiver.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(rx.isExhausted()).isTrue();
        assertThat(rx.tryRecv()).isNull();
    }

    @Test
    void anInterruptedWaitDeliversNothing() throws Exception {
        Channel<Integer> channel = Channel.bounded(0);
        Await.Started<SendResult> sender = Await.started("sender", () -> channel.sender().send(1));
        Await.until("a sender waits", () -> channel.storage().waitingSenders() == 1);
        sender.thread().interrupt();
        assertThatThrownBy(() -> sender.future().get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(channel.receiver().tryRecv()).isNull();
        assertThat(channel.stats().sent()).isZero();
    }

    @Test
    void dropNewestRefusesAtOnceWhenNobodyWaits() throws Exception {
        Channel<Integer> channel = Channel.<Integer>builder(0).overflow(OverflowPolicy.DROP_NEWEST).build();
        assertThat(channel.sender().send(1)).isEqualTo(SendResult.FULL);
        FutureTask<Integer> receiver = Await.onThread("receiver", channel.receiver()::recv);
        Await.until("a receiver waits", () -> channel.storage().waitingReceivers() == 1);
        assertThat(channel.sender().send(2)).isEqualTo(SendResult.SENT);
        assertThat(receiver.get(20, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /** zero.rs {@code spsc}/{@code mpmc}: every message is received exactly once. */
    @Test
    void manySendersAndReceiversExchangeEveryMessageExactlyOnce() throws Exception {
        int perSender = 5_000;
        Channel<Integer> channel = Channel.bounded(0);
        ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
        List<FutureTask<Object>> tasks = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Sender<Integer> tx = channel.sender().clone();
            int base = s * perSender;
            tasks.add(Await.onThread("sender-" + s, () -> {
                try (tx) {
                    for (int i = 0; i < perSender; i++) {
                        tx.send(base + i);
                    }
                }
                return null;
            }));
        }
        channel.sender().close();
        for (int r = 0; r < 3; r++) {
            Receiver<Integer> rx = channel.receiver().clone();
            tasks.add(Await.onThread("receiver-" + r, () -> {
                try (rx) {
                    for (Integer message : rx) {
                        received.add(message);
                    }
                }
                return null;
            }));
        }
        for (FutureTask<Object> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        assertThat(received).hasSize(3 * perSender).doesNotHaveDuplicates();
        assertThat(channel.stats().sent()).isEqualTo(3L * perSender);
    }

    @Test
    void drainToTakesFromWaitingSenders() throws Exception {
        Channel<Integer> channel = Channel.bounded(0);
        Sender<Integer> tx = channel.sender();
        FutureTask<SendResult> sender = Await.onThread("sender", () -> tx.send(9));
        Await.until("a sender waits", () -> channel.storage().waitingSenders() == 1);
        List<Integer> target = new ArrayList<>();
        assertThat(channel.receiver().drainTo(target, 10)).isEqualTo(1);
        assertThat(target).containsExactly(9);
        assertThat(sender.get(20, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }

    @Test
    void aSendTimeoutBoundsAnUntimedSend() throws Exception {
        Channel<Integer> channel = Channel.<Integer>builder(0).sendTimeout(Duration.ofMillis(10)).build();
        assertThat(channel.sender().send(1)).isEqualTo(SendResult.FULL);
        assertThat(channel.stats().fullDrops()).isEqualTo(1);
        assertThat(LONG).isPositive();
    }
}
