package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EnvelopedStorageTest {

    /** What the test envelope stores: the message and the thread that sealed it. */
    record Sealed(String message, String sealedBy) {
    }

    /** Records where each step ran, and can be told to fail. */
    static final class RecordingEnvelope implements Envelope<String> {
        final List<String> openedBy = new CopyOnWriteArrayList<>();
        final List<Sealed> opened = new CopyOnWriteArrayList<>();
        final List<String> openedUndelivered = new CopyOnWriteArrayList<>();
        volatile String failOn;

        @Override
        public Object seal(String message) {
            return message.equals("seal-null") ? null : new Sealed(message, Thread.currentThread().getName());
        }

        @Override
        public String open(Object sealed) {
            Sealed envelope = (Sealed) sealed;
            if (envelope.message().equals(failOn)) {
                throw new IllegalStateException("cannot open " + envelope.message());
            }
            openedBy.add(Thread.currentThread().getName());
            opened.add(envelope);
            return envelope.message();
        }

        @Override
        public String openUndelivered(Object sealed) {
            openedUndelivered.add(((Sealed) sealed).message());
            return ((Sealed) sealed).message();
        }
    }

    private final RecordingEnvelope envelope = new RecordingEnvelope();
    private final List<String> undelivered = new CopyOnWriteArrayList<>();

    private Channel<String> channel(int capacity, OverflowPolicy overflow) {
        return Channel.<String>builder(capacity).name("sealed").overflow(overflow).envelope(envelope)
                .onUndelivered((message, reason) -> undelivered.add(message + ":" + reason)).build();
    }

    @Test
    void aChannelWithoutAnEnvelopeIsStoredInThePlainQueue() {
        assertThat(Channel.<String>builder(4).build().storage()).isExactlyInstanceOf(BoundedQueue.class);
        assertThat(channel(4, OverflowPolicy.BLOCK).storage()).isExactlyInstanceOf(EnvelopedStorage.class);
    }

    @Test
    void sealsOnTheSendingThreadAndReceiversGetTheOpenedMessage() throws Exception {
        Channel<String> channel = channel(4, OverflowPolicy.BLOCK);
        Thread sender = new Thread(() -> {
            try {
                channel.sender().send("a");
                channel.sender().trySend("b");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "the-sender");
        sender.start();
        sender.join();

        assertThat(channel.receiver().recv()).isEqualTo("a");
        assertThat(channel.receiver().tryRecv()).isEqualTo("b");
        assertThat(envelope.opened).extracting(Sealed::sealedBy).containsExactly("the-sender", "the-sender");
        assertThat(envelope.openedBy).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void aTimedReceiveThatTimesOutOpensNothing() throws Exception {
        Channel<String> channel = channel(4, OverflowPolicy.BLOCK);
        assertThat(channel.receiver().recv(1, TimeUnit.MILLISECONDS)).isNull();
        assertThat(channel.receiver().tryRecv()).isNull();
        assertThat(envelope.opened).isEmpty();
    }

    @Test
    void drainToOpensEveryMessageItMoves() throws Exception {
        Channel<String> channel = channel(4, OverflowPolicy.BLOCK);
        for (String message : List.of("a", "b", "c")) {
            channel.sender().send(message);
        }
        List<String> target = new ArrayList<>();
        assertThat(channel.receiver().drainTo(target, 2)).isEqualTo(2);
        assertThat(target).containsExactly("a", "b");
        assertThat(envelope.opened).extracting(Sealed::message).containsExactly("a", "b");
        assertThat(channel.receiver().tryRecv()).isEqualTo("c");
    }

    @Test
    void sizeStatisticsAndStateComeFromTheSealedQueue() throws Exception {
        Channel<String> channel = channel(3, OverflowPolicy.DROP_NEWEST);
        Sender<String> tx = channel.sender();
        tx.send("a");
        tx.send("b");
        tx.send("c");
        assertThat(tx.trySend("d")).isEqualTo(SendResult.FULL);
        assertThat(channel.capacity()).isEqualTo(3);
        assertThat(channel.name()).isEqualTo("sealed");
        assertThat(tx.size()).isEqualTo(3);
        assertThat(tx.isFull()).isTrue();
        assertThat(tx.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        channel.receiver().recv();
        ChannelStats stats = channel.stats();
        assertThat(stats.sent()).isEqualTo(3);
        assertThat(stats.received()).isEqualTo(1);
        assertThat(stats.fullDrops()).isEqualTo(1);
        assertThat(channel.storage().liveSenders()).isEqualTo(1);
        assertThat(channel.storage().liveReceivers()).isEqualTo(1);
    }

    @Test
    void theUndeliveredHandlerGetsOpenedMessagesWithoutOpenBeingCalled() throws Exception {
        Channel<String> evicting = channel(1, OverflowPolicy.DROP_OLDEST);
        evicting.sender().send("old");
        evicting.sender().send("new");
        Channel<String> closing = channel(2, OverflowPolicy.BLOCK);
        closing.sender().send("left");
        closing.receiver().close();

        assertThat(undelivered).containsExactly("old:EVICTED", "left:RECEIVERS_CLOSED");
        assertThat(envelope.openedUndelivered).containsExactly("old", "left");
        assertThat(envelope.opened).isEmpty();
        assertThat(closing.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
    }

    @Test
    void aMessageThatCannotBeOpenedIsReportedUndeliveredNotLost() throws Exception {
        Channel<String> channel = channel(4, OverflowPolicy.BLOCK);
        envelope.failOn = "bad";
        channel.sender().send("bad");
        channel.sender().send("bad");
        channel.sender().send("good");

        assertThatIllegalStateException().isThrownBy(() -> channel.receiver().recv()).withMessage("cannot open bad");
        List<String> target = new ArrayList<>();
        assertThatIllegalStateException().isThrownBy(() -> channel.receiver().drainTo(target, 4));
        assertThat(channel.receiver().recv()).isEqualTo("good");
        assertThat(target).isEmpty();
        assertThat(undelivered).containsExactly("bad:OPEN_FAILED", "bad:REJECTED_BY_DRAIN_TARGET");
    }

    @Test
    void anEnvelopeThatSealsAsNullIsRefusedAndNothingIsEnqueued() {
        Channel<String> channel = channel(4, OverflowPolicy.BLOCK);
        assertThatThrownBy(() -> channel.sender().send("seal-null")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("channel 'sealed'");
        assertThat(channel.storage().size()).isZero();
    }

    @Test
    void closingTheLastSenderLetsReceiversDrainThenSeeClosed() throws Exception {
        Channel<String> channel = channel(4, OverflowPolicy.BLOCK);
        Sender<String> clone = channel.sender().clone();
        channel.sender().close();
        clone.send("last");
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        clone.close();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
        assertThat(channel.receiver().recv()).isEqualTo("last");
        assertThatThrownBy(() -> channel.receiver().recv()).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("'sealed'");
    }

    @Test
    void aRendezvousChannelHandsSealedMessagesOver() throws Exception {
        Channel<String> channel = channel(0, OverflowPolicy.BLOCK);
        Receiver<String> rx = channel.receiver().clone();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<String> received = executor.submit(() -> rx.recv());
            channel.sender().send("hand-off");
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("hand-off");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void everyMessageOfManyProducersIsReceivedOnceOpened() throws Exception {
        Channel<String> channel = channel(8, OverflowPolicy.BLOCK);
        int producers = 4;
        int perProducer = 2_000;
        Set<String> received = ConcurrentHashMap.newKeySet();
        ExecutorService executor = Executors.newFixedThreadPool(producers + 2);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                Sender<String> tx = channel.sender().clone();
                int id = p;
                tasks.add(executor.submit(() -> {
                    try (tx) {
                        for (int i = 0; i < perProducer; i++) {
                            tx.send(id + "-" + i);
                        }
                    }
                    return null;
                }));
            }
            channel.sender().close();
            for (int c = 0; c < 2; c++) {
                Receiver<String> rx = channel.receiver().clone();
                tasks.add(executor.submit(() -> {
                    try (rx) {
                        for (String message : rx) {
                            assertThat(received.add(message)).as("received twice: %s", message).isTrue();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(15, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(received).hasSize(producers * perProducer);
        assertThat(envelope.opened).hasSize(producers * perProducer);
    }

    @Test
    void aSelectRefusesAChannelWithAnEnvelopeNamingItAndTheFix() {
        Channel<String> channel = channel(4, OverflowPolicy.BLOCK);
        assertThatIllegalArgumentException().isThrownBy(() -> new Select().recv(channel.receiver()))
                .withMessageContaining("channel 'sealed'").withMessageContaining("without an envelope");
        assertThatIllegalArgumentException().isThrownBy(() -> new Select().send(channel.sender(), "x"))
                .withMessageContaining("channel 'sealed'");
    }

    @Test
    void theCallerOwnedModeRefusesAnEnvelope() {
        ChannelBuilder<String> builder = Channel.<String>builder(4).name("owned").envelope(envelope);
        assertThatIllegalStateException().isThrownBy(builder::buildQueue)
                .withMessageContaining("channel 'owned'").withMessageContaining("build()");
    }
}
