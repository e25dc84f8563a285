package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ReceiverTest {

    private final List<Object> undelivered = Collections.synchronizedList(new ArrayList<>());
    private final Channel<String> channel = Channel.<String>builder(4)
            .onUndelivered((message, reason) -> undelivered.add(message + ":" + reason))
            .build();
    private final Sender<String> tx = channel.sender();
    private final Receiver<String> rx = channel.receiver();

    @Test
    void recvBlocksUntilAMessageArrives() throws Exception {
        FutureTask<String> waiting = Await.onThread("blocked-receiver", rx::recv);
        Await.until("the receiver parks", () -> channel.storage().waitingReceivers() == 1);
        assertThat(waiting).isNotDone();

        tx.send("hello");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
    }

    @Test
    void recvWithTimeoutReturnsNullWhenNothingArrives() throws Exception {
        assertThat(rx.recv(Duration.ofMillis(20))).isNull();
        assertThat(rx.recv(0, TimeUnit.SECONDS)).isNull();
        tx.send("a");
        assertThat(rx.recv(Duration.ofSeconds(5))).isEqualTo("a");
    }

    @Test
    void tryRecvReturnsNullWhenEmptyAndTheOldestMessageOtherwise() throws Exception {
        assertThat(rx.tryRecv()).isNull();
        tx.send("a");
        tx.send("b");
        assertThat(rx.tryRecv()).isEqualTo("a");
        assertThat(rx.tryRecv()).isEqualTo("b");
        assertThat(rx.tryRecv()).isNull();
    }

    @Test
    void receiversDrainBufferedMessagesAfterTheLastSenderClosesThenSeeClosed() throws Exception {
        tx.send("a");
        tx.send("b");
        tx.close();

        assertThat(rx.isExhausted()).isFalse();
        assertThat(rx.recv()).isEqualTo("a");
        assertThat(rx.tryRecv()).isEqualTo("b");
        assertThat(rx.isExhausted()).isTrue();
        assertThat(rx.tryRecv()).isNull();
        assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(rx::recv)
                .withMessageContaining("closed and drained");
        assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> rx.recv(Duration.ofSeconds(1)));
    }

    @Test
    void parkedReceiverWakesWithChannelClosedExceptionWhenTheLastSenderCloses() throws Exception {
        FutureTask<String> waiting = Await.onThread("blocked-receiver", rx::recv);
        Await.until("the receiver parks", () -> channel.storage().waitingReceivers() == 1);

        tx.close();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
    }

    @Test
    void interruptedRecvThrowsAndTakesNoMessage() throws Exception {
        Await.Started<String> waiting = Await.started("interrupted-receiver", rx::recv);
        Await.until("the receiver parks", () -> channel.storage().waitingReceivers() == 1);

        waiting.thread().interrupt();

        assertThatThrownBy(() -> waiting.future().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        tx.send("after");
        assertThat(rx.tryRecv()).isEqualTo("after");
    }

    @Test
    void iterationYieldsEveryMessageInOrderAndEndsWhenClosedAndDrained() throws Exception {
        FutureTask<List<String>> consumer = Await.onThread("iterating-receiver", () -> {
            List<String> seen = new ArrayList<>();
            for (String message : rx) {
                seen.add(message);
            }
            return seen;
        });
        for (int i = 0; i < 20; i++) {
            tx.send("m" + i);
        }
        tx.close();

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("m" + i);
        }
        assertThat(consumer.get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
    }

    @Test
    void iteratorThrowsNoSuchElementOnceExhausted() {
        tx.close();
        Iterator<String> iterator = rx.iterator();
        assertThat(iterator.hasNext()).isFalse();
        assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(iterator::next);
    }

    @Test
    void interruptedIterationEndsAndKeepsTheInterruptFlag() throws Exception {
        Await.Started<Boolean> iterating = Await.started("iterating-receiver", () -> {
            boolean hadNext = rx.iterator().hasNext();
            return !hadNext && Thread.currentThread().isInterrupted();
        });
        Await.until("the receiver parks", () -> channel.storage().waitingReceivers() == 1);
        iterating.thread().interrupt();
        assertThat(iterating.future().get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void streamEndsWhenClosedAndDrained() throws Exception {
        tx.send("x");
        tx.send("y");
        tx.close();
        assertThat(rx.stream().collect(Collectors.joining(","))).isEqualTo("x,y");
    }

    @Test
    void drainToMovesAtMostMaxMessagesWithoutWaiting() throws Exception {
        tx.send("a");
        tx.send("b");
        tx.send("c");
        List<String> out = new ArrayList<>();
        assertThat(rx.drainTo(out, 2)).isEqualTo(2);
        assertThat(out).containsExactly("a", "b");
        assertThat(rx.drainTo(out, 10)).isEqualTo(1);
        assertThat(rx.drainTo(out, 10)).isZero();
        assertThat(out).containsExactly("a", "b", "c");
        assertThat(channel.stats().received()).isEqualTo(3);
    }

    @Test
    void drainToWakesSendersWaitingForRoom() throws Exception {
        for (int i = 0; i < 4; i++) {
            tx.send("m" + i);
        }
        FutureTask<SendResult> blocked = Await.onThread("blocked-sender", () -> tx.send("late"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        assertThat(rx.drainTo(new ArrayList<>(), 4)).isEqualTo(4);
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
    }

    @Test
    void drainToReportsTheMessageItsTargetRefusedAsUndelivered() throws Exception {
        tx.send("a");
        tx.send("b");
        List<String> refusing = Collections.unmodifiableList(new ArrayList<>());
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> rx.drainTo(refusing, 5));
        assertThat(undelivered).containsExactly("a:REJECTED_BY_DRAIN_TARGET");
        // It left the channel to a receiver: counted as received (received never goes back),
        // reported to the handler, and not in the channel's own undelivered count.
        assertThat(channel.stats().received()).isEqualTo(1);
        assertThat(channel.stats().undelivered()).isZero();
        assertThat(rx.tryRecv()).isEqualTo("b");
    }

    @Test
    void drainToRejectsBadArgumentsNamingThem() {
        assertThatNullPointerException().isThrownBy(() -> rx.drainTo(null, 1)).withMessageContaining("target");
        assertThatIllegalArgumentException().isThrownBy(() -> rx.drainTo(new ArrayList<>(), -1))
                .withMessageContaining("maxMessages");
    }

    @Test
    void receivingThroughAClosedHandleFailsWithIllegalStateException() {
        Receiver<String> clone = rx.clone();
        clone.close();
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(clone::tryRecv)
                .withMessageContaining("already closed");
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(clone::recv);
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(clone::iterator);
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> clone.drainTo(new ArrayList<>(), 1));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(clone::clone);
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> clone.recv(Duration.ofSeconds(1)));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> clone.recv(1, TimeUnit.SECONDS));
    }

    @Test
    void drainToWithZeroMaxMovesNothing() throws Exception {
        tx.send("a");
        assertThat(rx.drainTo(new ArrayList<>(), 0)).isZero();
        assertThat(rx.size()).isEqualTo(1);
    }
}
