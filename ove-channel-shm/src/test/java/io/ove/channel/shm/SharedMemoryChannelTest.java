package io.ove.channel.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.ChannelState;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.UndeliveredReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channel rules on a shared file, within one process: the same as in-process. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SharedMemoryChannelTest {

    private final SharedChannelFiles files = new SharedChannelFiles();

    @AfterEach
    void deleteFiles() {
        files.deleteAll();
    }

    private SharedMemoryChannel<String> open(Path path, int capacity) {
        return SharedMemoryChannel.builder(path).capacity(capacity).maxMessageSize(64).open(Codec.utf8());
    }

    @Test
    void messagesArriveInOrderAndTheCapacityIsExact() throws Exception {
        try (SharedMemoryChannel<String> channel = open(files.fresh("order"), 3);
             Sender<String> tx = channel.sender();
             Receiver<String> rx = channel.receiver()) {
            assertThat(tx.trySend("a")).isEqualTo(SendResult.SENT);
            assertThat(tx.trySend("b")).isEqualTo(SendResult.SENT);
            assertThat(tx.trySend("c")).isEqualTo(SendResult.SENT);
            assertThat(tx.trySend("d")).isEqualTo(SendResult.FULL);
            assertThat(tx.size()).isEqualTo(3);
            assertThat(tx.isFull()).isTrue();
            assertThat(rx.recv()).isEqualTo("a");
            assertThat(rx.tryRecv()).isEqualTo("b");
            assertThat(rx.recv(Duration.ofSeconds(1))).isEqualTo("c");
            assertThat(rx.tryRecv()).isNull();
            assertThat(rx.recv(Duration.ofMillis(20))).isNull();
            assertThat(channel.stats().sent()).isEqualTo(3);
            assertThat(channel.stats().received()).isEqualTo(3);
            assertThat(channel.stats().fullDrops()).isEqualTo(1);
        }
    }

    @Test
    void aTimedSendOnAFullChannelReportsFullAfterItsTimeout() throws Exception {
        try (SharedMemoryChannel<String> channel = open(files.fresh("timed"), 2);
             Sender<String> tx = channel.sender();
             Receiver<String> rx = channel.receiver()) {
            tx.send("one");
            tx.send("two");
            assertThat(tx.send("more", Duration.ofMillis(30))).isEqualTo(SendResult.FULL);
            assertThat(channel.stats().fullDrops()).isEqualTo(1);
            assertThat(rx.recv()).isEqualTo("one");
        }
    }

    @Test
    void aBlockedSendCompletesWhenAReceiverMakesRoom() throws Exception {
        try (SharedMemoryChannel<String> channel = open(files.fresh("room"), 2);
             Sender<String> tx = channel.sender();
             Receiver<String> rx = channel.receiver()) {
            tx.send("first");
            tx.send("second");
            CountDownLatch waiting = new CountDownLatch(1);
            Thread sender = new Thread(() -> {
                try (Sender<String> own = tx.clone()) {
                    waiting.countDown();
                    own.send("third");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            waiting.await();
            assertThat(rx.recv()).isEqualTo("first");
            assertThat(rx.recv()).isEqualTo("second");
            assertThat(rx.recv(Duration.ofSeconds(10))).isEqualTo("third");
            sender.join(10_000);
            assertThat(sender.isAlive()).isFalse();
        }
    }

    @Test
    void theLastSenderClosedLetsReceiversDrainThenSeeClosed() throws Exception {
        try (SharedMemoryChannel<String> channel = open(files.fresh("drain"), 4);
             Receiver<String> rx = channel.receiver()) {
            Sender<String> tx = channel.sender();
            Sender<String> clone = tx.clone();
            tx.send("one");
            tx.close();
            assertThat(channel.storage().isClosedForSending()).isFalse(); // the clone is still open
            clone.send("two");
            clone.close();
            assertThat(channel.storage().state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
            assertThat(rx.recv()).isEqualTo("one");
            assertThat(rx.recv()).isEqualTo("two");
            assertThatThrownBy(rx::recv).isInstanceOf(ChannelClosedException.class).hasMessageContaining("drained");
            assertThat(rx.isExhausted()).isTrue();
        }
    }

    @Test
    void aReceiverWaitingWhenTheLastSenderClosesSeesClosed() throws Exception {
        try (SharedMemoryChannel<String> channel = open(files.fresh("wake"), 4);
             Receiver<String> rx = channel.receiver()) {
            Sender<String> tx = channel.sender();
            List<Throwable> outcome = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread receiver = new Thread(() -> {
                started.countDown();
                try {
                    rx.recv();
                } catch (Throwable e) {
                    outcome.add(e);
                }
            });
            receiver.start();
            started.await();
            tx.close();
            receiver.join(10_000);
            assertThat(receiver.isAlive()).isFalse();
            assertThat(outcome).singleElement().isInstanceOf(ChannelClosedException.class);
        }
    }

    @Test
    void theLastReceiverClosedRefusesSendsAndReportsTheBufferUndelivered() throws Exception {
        List<String> undelivered = new ArrayList<>();
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(files.fresh("undelivered"))
                .capacity(4).maxMessageSize(64)
                .onUndelivered((message, reason) -> {
                    assertThat(reason).isEqualTo(UndeliveredReason.RECEIVERS_CLOSED);
                    undelivered.add((String) message);
                })
                .open(Codec.utf8());
             Sender<String> tx = channel.sender()) {
            Receiver<String> rx = channel.receiver();
            tx.send("kept-1");
            tx.send("kept-2");
            rx.close();
            assertThat(undelivered).containsExactly("kept-1", "kept-2");
            assertThat(tx.trySend("late")).isEqualTo(SendResult.CLOSED);
            assertThatThrownBy(() -> tx.send("later")).isInstanceOf(ChannelClosedException.class)
                    .hasMessageContaining("every receiver");
            assertThat(channel.stats().undelivered()).isEqualTo(2);
            assertThat(channel.stats().closedDrops()).isEqualTo(2);
            assertThat(channel.storage().state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        }
    }

    @Test
    void dropOldestEvictsAndReportsTheOldest() throws Exception {
        List<String> evicted = new ArrayList<>();
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(files.fresh("oldest"))
                .capacity(2).maxMessageSize(64).overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((message, reason) -> evicted.add(reason + ":" + message))
                .open(Codec.utf8());
             Sender<String> tx = channel.sender();
             Receiver<String> rx = channel.receiver()) {
            tx.send("1");
            tx.send("2");
            assertThat(tx.trySend("3")).isEqualTo(SendResult.SENT);
            assertThat(evicted).containsExactly("EVICTED:1");
            assertThat(rx.recv()).isEqualTo("2");
            assertThat(rx.recv()).isEqualTo("3");
            assertThat(channel.stats().evicted()).isEqualTo(1);
        }
    }

    @Test
    void dropNewestRefusesWithoutWaiting() throws Exception {
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(files.fresh("newest"))
                .capacity(2).maxMessageSize(64).overflow(OverflowPolicy.DROP_NEWEST).open(Codec.utf8());
             Sender<String> tx = channel.sender();
             Receiver<String> rx = channel.receiver()) {
            tx.send("kept-1");
            tx.send("kept-2");
            assertThat(tx.send("dropped")).isEqualTo(SendResult.FULL);
            assertThat(rx.recv()).isEqualTo("kept-1");
            assertThat(rx.recv()).isEqualTo("kept-2");
            assertThat(rx.tryRecv()).isNull();
        }
    }

    @Test
    void aSingleSlotIsRefusedBecauseTheLayoutCannotRepresentIt() {
        assertThatThrownBy(() -> SharedMemoryChannel.builder(files.fresh("one")).capacity(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 2 and");
    }

    @Test
    void aMessageLargerThanTheSlotIsRefusedWithAClearError() throws Exception {
        try (SharedMemoryChannel<String> channel = open(files.fresh("big"), 2);
             Sender<String> tx = channel.sender()) {
            assertThatThrownBy(() -> tx.trySend("x".repeat(65)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("max message size of 64 bytes");
            assertThat(tx.size()).isZero();
        }
    }

    @Test
    void aSecondOpenOfTheSameFileSharesTheChannelAndChecksItsShape() throws Exception {
        Path path = files.fresh("shared");
        try (SharedMemoryChannel<String> first = open(path, 8);
             SharedMemoryChannel<String> second = SharedMemoryChannel.builder(path).create(false).open(Codec.utf8());
             Sender<String> tx = first.sender();
             Receiver<String> rx = second.receiver()) {
            tx.send("across");
            assertThat(rx.recv()).isEqualTo("across");
            assertThat(second.storage().capacity()).isEqualTo(8);
            assertThat(first.participants()).isEqualTo(1); // one JVM, one participant
            assertThatThrownBy(() -> SharedMemoryChannel.builder(path).capacity(9).open(Codec.utf8()))
                    .isInstanceOf(SharedMemoryException.class).hasMessageContaining("same shape");
        }
    }

    @Test
    void closingTheSharedChannelGivesUpItsOpenHandles() throws Exception {
        Path path = files.fresh("detach");
        try (SharedMemoryChannel<String> consumer = open(path, 4);
             Receiver<String> rx = consumer.receiver()) {
            SharedMemoryChannel<String> producer = SharedMemoryChannel.builder(path).create(false).open(Codec.utf8());
            Sender<String> tx = producer.sender();
            tx.send("last words");
            producer.close(); // tx never closed: the close gives it up
            assertThat(rx.recv()).isEqualTo("last words");
            assertThatThrownBy(rx::recv).isInstanceOf(ChannelClosedException.class);
            assertThatThrownBy(() -> tx.send("after")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was closed in this process");
        }
    }

    @Test
    void aFinishedFileIsReplacedByTheNextCreator() throws Exception {
        Path path = files.fresh("again");
        try (SharedMemoryChannel<String> channel = open(path, 4)) {
            channel.sender().close(); // the stream ends: closed for sending
        }
        try (SharedMemoryChannel<String> again = open(path, 8); // another shape is fine for a new stream
             Sender<String> tx = again.sender();
             Receiver<String> rx = again.receiver()) {
            assertThat(again.storage().state()).isEqualTo(ChannelState.OPEN);
            assertThat(again.storage().capacity()).isEqualTo(8);
            tx.send("new stream");
            assertThat(rx.recv()).isEqualTo("new stream");
        }
    }

    @Test
    void asChannelGivesTheCoreChannelTypeOverTheSharedStorage() throws Exception {
        try (SharedMemoryChannel<String> shared = open(files.fresh("core"), 4)) {
            Channel<String> channel = shared.asChannel();
            channel.sender().send("typed");
            assertThat(channel.receiver().recv()).isEqualTo("typed");
            assertThat(channel.storage()).isSameAs(shared.storage());
            assertThat(channel.stats().liveSenders()).isEqualTo(1);
            assertThat(channel.stats().liveReceivers()).isEqualTo(1);
        }
    }
}
