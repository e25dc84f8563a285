package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ClosingTest {

    private final List<String> undelivered = Collections.synchronizedList(new ArrayList<>());
    private final Channel<String> channel = Channel.<String>builder(4)
            .name("closing")
            .onUndelivered((message, reason) -> undelivered.add(message + ":" + reason))
            .build();
    private final Sender<String> tx = channel.sender();
    private final Receiver<String> rx = channel.receiver();

    @Test
    void aNewChannelIsOpen() {
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        assertThat(tx.isClosedForSending()).isFalse();
        assertThat(rx.isClosedForReceiving()).isFalse();
    }

    @Test
    void closingTheLastSenderClosesTheChannelForSending() throws Exception {
        tx.send("kept");
        tx.close();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
        assertThat(rx.isClosedForSending()).isTrue();
        assertThat(rx.isClosedForReceiving()).isFalse();
        assertThat(rx.recv()).isEqualTo("kept");
    }

    @Test
    void closingTheLastReceiverRefusesSendsAndReportsBufferedMessagesAsUndelivered() throws Exception {
        tx.send("a");
        tx.send("b");

        rx.close();

        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        assertThat(undelivered).containsExactly("a:RECEIVERS_CLOSED", "b:RECEIVERS_CLOSED");
        assertThat(channel.stats().undelivered()).isEqualTo(2);
        assertThat(channel.stats().depth()).isZero();
        assertThat(tx.trySend("c")).isEqualTo(SendResult.CLOSED);
    }

    @Test
    void closeIsIdempotentAndCountsEachHandleOnce() {
        Sender<String> second = tx.clone();
        second.close();
        second.close();
        assertThat(channel.stats().liveSenders()).isEqualTo(1);
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        tx.close();
        tx.close();
        assertThat(channel.stats().liveSenders()).isZero();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
    }

    @Test
    void closeSendingClosesTheSendingSideWhateverSendersAreStillOpen() throws Exception {
        Sender<String> other = tx.clone();
        tx.send("a");

        assertThat(channel.closeSending()).isTrue();
        assertThat(channel.closeSending()).isFalse();

        assertThat(other.trySend("b")).isEqualTo(SendResult.CLOSED);
        assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> tx.send("c"))
                .withMessageContaining("sending side was closed");
        assertThat(rx.recv()).isEqualTo("a");
        assertThat(rx.isExhausted()).isTrue();
        assertThat(channel.stats().liveSenders()).isEqualTo(2);
    }

    @Test
    void closeSendingWakesParkedSendersAndReceivers() throws Exception {
        Channel<String> empty = Channel.bounded(1);
        FutureTask<String> receiver = Await.onThread("parked-receiver", () -> empty.receiver().recv());
        Await.until("the receiver parks", () -> empty.storage().waitingReceivers() == 1);
        empty.closeSending();
        assertThatThrownBy(() -> receiver.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);

        for (int i = 0; i < 4; i++) {
            tx.send("m" + i);
        }
        FutureTask<SendResult> sender = Await.onThread("parked-sender", () -> tx.send("late"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);
        channel.closeSending();
        assertThatThrownBy(() -> sender.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
    }

    @Test
    void closeReceivingReportsBufferedMessagesWhateverReceiversAreStillOpen() throws Exception {
        Receiver<String> other = rx.clone();
        tx.send("a");

        assertThat(channel.closeReceiving()).isTrue();
        assertThat(channel.closeReceiving()).isFalse();

        assertThat(undelivered).containsExactly("a:RECEIVERS_CLOSED");
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        assertThat(other.tryRecv()).isNull();
        assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(other::recv)
                .withMessageContaining("receiving side was closed");
        assertThat(tx.trySend("b")).isEqualTo(SendResult.CLOSED);
    }

    @Test
    void stateOnlyMovesForward() {
        tx.close();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
        rx.close();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        channel.closeSending();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
    }

    @Test
    void withoutAHandlerUndeliveredMessagesAreStillCounted() throws Exception {
        Channel<String> plain = Channel.bounded(3);
        plain.sender().send("a");
        plain.receiver().close();
        assertThat(plain.stats().undelivered()).isEqualTo(1);
    }

    @Test
    void aFailingUndeliveredHandlerDoesNotStopTheOtherReports() throws Exception {
        List<String> seen = new ArrayList<>();
        Channel<String> failing = Channel.<String>builder(3).onUndelivered((message, reason) -> {
            seen.add(message);
            throw new IllegalStateException("handler broke on " + message);
        }).build();
        failing.sender().send("a");
        failing.sender().send("b");
        failing.receiver().close();
        assertThat(seen).containsExactly("a", "b");
        assertThat(failing.stats().undelivered()).isEqualTo(2);
    }

    @Test
    void closeReceivingRacingLiveReceiversDeliversOrReportsEachMessageExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            java.util.Set<Integer> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Channel<Integer> racing = Channel.<Integer>builder(64)
                    .onUndelivered((message, reason) -> reported.add(message))
                    .build();
            for (int i = 0; i < 64; i++) {
                racing.sender().trySend(i);
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            FutureTask<List<Integer>> receiver = Await.onThread("racing-receiver", () -> {
                List<Integer> got = new ArrayList<>();
                go.await();
                for (Integer message; (message = racing.receiver().tryRecv()) != null || !racing.receiver().isExhausted(); ) {
                    if (message != null) {
                        got.add(message);
                    }
                }
                return got;
            });
            go.countDown();
            racing.closeReceiving();
            List<Integer> received = receiver.get(10, TimeUnit.SECONDS);

            assertThat(received).doesNotHaveDuplicates().noneMatch(reported::contains);
            assertThat(received.size() + reported.size()).isEqualTo(64);
            assertThat(racing.stats().undelivered()).isEqualTo(reported.size());
            assertThat(racing.stats().received()).isEqualTo(received.size());
        }
    }
}
