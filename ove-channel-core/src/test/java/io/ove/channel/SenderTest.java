package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SenderTest {

    private final Channel<String> channel = Channel.bounded(2);
    private final Sender<String> tx = channel.sender();
    private final Receiver<String> rx = channel.receiver();

    @Test
    void trySendReportsSentThenFullWithoutEnqueuingTheRefusedMessage() {
        assertThat(tx.trySend("a")).isEqualTo(SendResult.SENT);
        assertThat(tx.trySend("b")).isEqualTo(SendResult.SENT);
        assertThat(tx.trySend("c")).isEqualTo(SendResult.FULL);
        assertThat(rx.tryRecv()).isEqualTo("a");
        assertThat(rx.tryRecv()).isEqualTo("b");
        assertThat(rx.tryRecv()).isNull();
        assertThat(channel.stats().fullDrops()).isEqualTo(1);
    }

    @Test
    void trySendReportsClosedOnceEveryReceiverIsGone() {
        rx.close();
        assertThat(tx.trySend("a")).isEqualTo(SendResult.CLOSED);
        assertThat(channel.stats().closedDrops()).isEqualTo(1);
        assertThat(channel.stats().sent()).isZero();
    }

    @Test
    void sendBlocksWhileFullAndCompletesWhenRoomAppears() throws Exception {
        tx.send("a");
        tx.send("b");
        FutureTask<SendResult> blocked = Await.onThread("blocked-sender", () -> tx.send("c"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        assertThat(blocked).isNotDone();

        assertThat(rx.recv()).isEqualTo("a");

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
        assertThat(rx.recv()).isEqualTo("b");
        assertThat(rx.recv()).isEqualTo("c");
    }

    @Test
    void sendWithTimeoutGivesUpWithFullAndDoesNotEnqueue() throws Exception {
        tx.send("a");
        tx.send("b");
        assertThat(tx.send("c", Duration.ofMillis(30))).isEqualTo(SendResult.FULL);
        assertThat(tx.send("d", 0, TimeUnit.NANOSECONDS)).isEqualTo(SendResult.FULL);
        assertThat(channel.stats().fullDrops()).isEqualTo(2);
        assertThat(drain()).containsExactly("a", "b");
    }

    @Test
    void sendWithTimeoutSucceedsWhenRoomAppearsInTime() throws Exception {
        tx.send("a");
        tx.send("b");
        FutureTask<SendResult> waiting = Await.onThread("timed-sender", () -> tx.send("c", Duration.ofSeconds(10)));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        rx.recv();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }

    @Test
    void blockingSendThrowsChannelClosedExceptionNamingTheChannel() {
        rx.close();
        assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> tx.send("a"))
                .withMessageContaining(channel.name())
                .withMessageContaining("every receiver is gone");
        assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> tx.send("a", Duration.ofSeconds(1)));
        assertThat(channel.stats().closedDrops()).isEqualTo(2);
    }

    @Test
    void parkedSenderWakesWithChannelClosedExceptionWhenTheLastReceiverCloses() throws Exception {
        tx.send("a");
        tx.send("b");
        FutureTask<SendResult> blocked = Await.onThread("blocked-sender", () -> tx.send("c"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);

        rx.close();

        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ChannelClosedException.class);
    }

    @Test
    void interruptedSendThrowsAndDoesNotEnqueueItsMessage() throws Exception {
        tx.send("a");
        tx.send("b");
        Await.Started<SendResult> blocked = Await.started("interrupted-sender", () -> tx.send("c"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);

        blocked.thread().interrupt();

        assertThatThrownBy(() -> blocked.future().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(channel.storage().waitingSenders()).isZero();
        assertThat(drain()).containsExactly("a", "b");
        assertThat(channel.stats().sent()).isEqualTo(2);
    }

    @Test
    void sendWithPendingInterruptThrowsAtOnceWhenItWouldHaveToWait() throws Exception {
        tx.send("a");
        tx.send("b");
        Thread.currentThread().interrupt();
        assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> tx.send("c"));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(drain()).containsExactly("a", "b");
    }

    @Test
    void sendWithPendingInterruptStillEnqueuesWhenThereIsRoomAndKeepsTheFlag() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertThat(tx.send("a")).isEqualTo(SendResult.SENT);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(rx.tryRecv()).isEqualTo("a");
    }

    @Test
    void nullMessagesAreRejectedWithAClearNullPointerException() {
        assertThatNullPointerException().isThrownBy(() -> tx.trySend(null)).withMessageContaining("message");
        assertThatNullPointerException().isThrownBy(() -> tx.send(null)).withMessageContaining("message");
        assertThatNullPointerException().isThrownBy(() -> tx.send(null, Duration.ZERO)).withMessageContaining("message");
        assertThat(channel.stats().sent()).isZero();
    }

    @Test
    void badTimeoutsAreRejectedNamingTheArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> tx.send("a", Duration.ofSeconds(-1)))
                .withMessageContaining("timeout must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> tx.send("a", -1, TimeUnit.SECONDS))
                .withMessageContaining("timeout must not be negative");
        assertThatNullPointerException().isThrownBy(() -> tx.send("a", null)).withMessageContaining("timeout");
        assertThatNullPointerException().isThrownBy(() -> tx.send("a", 1, null)).withMessageContaining("unit");
    }

    @Test
    void hugeTimeoutsWaitInsteadOfOverflowing() throws Exception {
        tx.send("a");
        tx.send("b");
        FutureTask<SendResult> waiting = Await.onThread("forever-sender",
                () -> tx.send("c", Duration.ofSeconds(Long.MAX_VALUE)));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        assertThat(waiting).isNotDone();
        rx.recv();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }

    @Test
    void sendingThroughAClosedHandleFailsWithIllegalStateException() {
        Sender<String> clone = tx.clone();
        clone.close();
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> clone.trySend("a"))
                .withMessageContaining("already closed");
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> clone.send("a"));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(clone::clone);
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> clone.send("a", Duration.ofSeconds(1)));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> clone.send("a", 1, TimeUnit.SECONDS));
        assertThat(clone.isClosed()).isTrue();
        assertThat(tx.isClosed()).isFalse();
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        rx.drainTo(out, Integer.MAX_VALUE);
        return out;
    }

    @Test
    void theChannelsSendTimeoutBoundsAnUntimedSend() throws Exception {
        Channel<String> bounded = Channel.<String>builder(1).sendTimeout(Duration.ofMillis(20)).build();
        assertThat(bounded.storage().sendTimeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(bounded.sender().send("a")).isEqualTo(SendResult.SENT);
        long start = System.nanoTime();
        assertThat(bounded.sender().send("b")).isEqualTo(SendResult.FULL);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(bounded.stats().fullDrops()).isEqualTo(1);
        assertThat(Channel.bounded(1).storage().sendTimeout()).isNull();

        Channel<String> impatient = Channel.<String>builder(1).sendTimeout(Duration.ZERO).build();
        assertThat(impatient.storage().sendTimeout()).isEqualTo(Duration.ZERO);
        impatient.sender().send("a");
        assertThat(impatient.sender().send("b")).isEqualTo(SendResult.FULL); // does not wait at all
        assertThatIllegalArgumentException().isThrownBy(() -> Channel.builder(1).sendTimeout(Duration.ofSeconds(-1)))
                .withMessageContaining("send timeout must not be negative");
    }
}
