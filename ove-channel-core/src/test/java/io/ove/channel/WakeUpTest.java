package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every operation that makes room or publishes a message wakes a parked peer, and timed waits
 * last as long as asked: no shorter, and not forever.
 */
@Timeout(30)
class WakeUpTest {

    private final Channel<String> channel = Channel.<String>builder(1).onUndelivered((m, r) -> { }).build();
    private final Sender<String> tx = channel.sender();
    private final Receiver<String> rx = channel.receiver();

    @Test
    void trySendWakesAParkedReceiver() throws Exception {
        FutureTask<String> receiver = parkedReceiver();
        assertThat(tx.trySend("m")).isEqualTo(SendResult.SENT);
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo("m");
    }

    @Test
    void aDropOldestSendWakesAParkedReceiver() throws Exception {
        Channel<String> dropping = Channel.<String>builder(1).overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((m, r) -> { }).build();
        FutureTask<String> receiver = Await.onThread("parked-receiver", dropping.receiver()::recv);
        Await.until("the receiver parks", () -> dropping.storage().waitingReceivers() == 1);
        dropping.sender().send("m");
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo("m");
    }

    @Test
    void aSendThatHadToWaitWakesAParkedReceiverOnceItLands() throws Exception {
        tx.send("first");
        FutureTask<SendResult> sender = Await.onThread("parked-sender", () -> tx.send("second"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        assertThat(rx.recv()).isEqualTo("first");
        assertThat(sender.get(10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
        assertThat(rx.recv(Duration.ofSeconds(10))).isEqualTo("second");
    }

    @Test
    void tryRecvWakesAParkedSender() throws Exception {
        tx.send("first");
        FutureTask<SendResult> sender = Await.onThread("parked-sender", () -> tx.send("second"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        assertThat(rx.tryRecv()).isEqualTo("first");
        assertThat(sender.get(10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }

    @Test
    void aReceiveThatHadToWaitWakesAParkedSenderOnceItTakes() throws Exception {
        FutureTask<String> receiver = parkedReceiver();
        tx.send("first");
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        tx.send("second");
        FutureTask<SendResult> sender = Await.onThread("parked-sender", () -> tx.send("third"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        assertThat(rx.drainTo(new ArrayList<>(), 1)).isEqualTo(1);
        assertThat(sender.get(10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }

    @Test
    void aTimedReceiveWaitsTheWholeTimeoutButNotForever() throws Exception {
        long start = System.nanoTime();
        assertThat(rx.recv(80, TimeUnit.MILLISECONDS)).isNull();
        long elapsed = System.nanoTime() - start;
        assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80))
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aTimedSendWaitsTheWholeTimeoutButNotForever() throws Exception {
        tx.send("fills");
        long start = System.nanoTime();
        assertThat(tx.send("waits", 80, TimeUnit.MILLISECONDS)).isEqualTo(SendResult.FULL);
        long elapsed = System.nanoTime() - start;
        assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80))
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aTimedReceiveGetsAMessageThatArrivesWhileItWaits() throws Exception {
        FutureTask<String> receiver = Await.onThread("timed-receiver", () -> rx.recv(10, TimeUnit.SECONDS));
        Await.until("the receiver parks", () -> channel.storage().waitingReceivers() == 1);
        tx.send("late");
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void aParkedSenderWokenByClosureCountsAClosedDrop() throws Exception {
        tx.send("fills");
        FutureTask<SendResult> sender = Await.onThread("parked-sender", () -> tx.send("refused"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        channel.closeSending();
        assertThatThrownBy(() -> sender.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(channel.stats().closedDrops()).isEqualTo(1);
        assertThat(channel.stats().sent()).isEqualTo(1);
    }

    private FutureTask<String> parkedReceiver() {
        FutureTask<String> receiver = Await.onThread("parked-receiver", rx::recv);
        Await.until("the receiver parks", () -> channel.storage().waitingReceivers() == 1);
        return receiver;
    }
}
