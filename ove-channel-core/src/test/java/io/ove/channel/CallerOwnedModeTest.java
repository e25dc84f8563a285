package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CallerOwnedModeTest {

    // The caller-owned mode is meant for static fields; these mirror that shape per test instance.
    private final BoundedQueue<Integer> queue = Channel.<Integer>builder(3).name("static-queue").buildQueue();
    private final AtomicInteger txCount = new AtomicInteger(1);
    private final AtomicInteger rxCount = new AtomicInteger(1);

    @Test
    void handlesFromStaticBehaveLikeFactoryHandles() throws Exception {
        Sender<Integer> tx = Sender.fromStatic(queue, txCount, rxCount);
        Receiver<Integer> rx = Receiver.fromStatic(queue, txCount, rxCount);
        assertThat(tx.capacity()).isEqualTo(3);
        tx.send(1);
        assertThat(tx.trySend(2)).isEqualTo(SendResult.SENT);
        assertThat(rx.recv()).isEqualTo(1);
        assertThat(rx.tryRecv()).isEqualTo(2);
        tx.close();
        assertThat(rx.isExhausted()).isTrue();
    }

    @Test
    void clonesAreCountedInTheCallersCounters() {
        Sender<Integer> tx = Sender.fromStatic(queue, txCount, rxCount);
        Receiver<Integer> rx = Receiver.fromStatic(queue, txCount, rxCount);
        Sender<Integer> txClone = tx.clone();
        Receiver<Integer> rxClone = rx.clone();
        assertThat(txCount).hasValue(2);
        assertThat(rxCount).hasValue(2);
        assertThat(queue.liveSenders()).isEqualTo(2);
        txClone.close();
        rxClone.close();
        assertThat(txCount).hasValue(1);
        assertThat(rxCount).hasValue(1);
    }

    @Test
    void countersReachingZeroCloseTheirSide() {
        Sender<Integer> tx = Sender.fromStatic(queue, txCount, rxCount);
        Receiver<Integer> rx = Receiver.fromStatic(queue, txCount, rxCount);
        rx.close();
        assertThat(rxCount).hasValue(0);
        assertThat(queue.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        assertThat(tx.trySend(1)).isEqualTo(SendResult.CLOSED);
    }

    @Test
    void theFirstHandleOfASideCanBeCreatedOnlyOnce() {
        Sender.fromStatic(queue, txCount, rxCount);
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> Sender.fromStatic(queue, txCount, rxCount))
                .withMessageContaining("first Sender of queue 'static-queue' was already created")
                .withMessageContaining("clone()");
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        assertThatNullPointerException().isThrownBy(() -> Sender.fromStatic(null, txCount, rxCount))
                .withMessageContaining("queue");
        assertThatNullPointerException().isThrownBy(() -> Sender.fromStatic(queue, null, rxCount))
                .withMessageContaining("txCount");
        assertThatNullPointerException().isThrownBy(() -> Receiver.fromStatic(queue, txCount, null))
                .withMessageContaining("rxCount");
    }

    @Test
    void oneCounterForBothSidesIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sender.fromStatic(queue, txCount, txCount))
                .withMessageContaining("two different counters");
    }

    @Test
    void countersNotStartingAtOneAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Sender.fromStatic(queue, new AtomicInteger(0), rxCount))
                .withMessageContaining("txCount must start at 1")
                .withMessageContaining("was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Receiver.fromStatic(queue, txCount, new AtomicInteger(5)))
                .withMessageContaining("rxCount must start at 1");
    }

    @Test
    void aReceiverCreatedAfterEverySenderClosedSeesTheChannelExhausted() {
        Sender.fromStatic(queue, txCount, rxCount).close();
        Receiver<Integer> rx = Receiver.fromStatic(queue, txCount, rxCount);
        assertThat(rx.isExhausted()).isTrue();
    }

    @Test
    void aFirstHandleWhoseCounterIsAlreadyZeroIsRejected() {
        Receiver.fromStatic(queue, txCount, rxCount);
        txCount.set(0);
        assertThatIllegalArgumentException().isThrownBy(() -> Sender.fromStatic(queue, txCount, rxCount))
                .withMessageContaining("txCount is 0")
                .withMessageContaining("cannot be reopened");
    }

    @Test
    void countersAlreadyCountingAnotherQueueAreRejected() {
        Sender.fromStatic(queue, txCount, rxCount);
        BoundedQueue<Integer> other = Channel.<Integer>builder(3).name("other-queue").buildQueue();
        assertThatIllegalArgumentException().isThrownBy(() -> Sender.fromStatic(other, txCount, new AtomicInteger(1)))
                .withMessageContaining("txCount already counts the handles of queue 'static-queue'");
    }

    @Test
    void aQueueBoundToCountersRefusesOtherCounters() {
        Sender.fromStatic(queue, txCount, rxCount);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Receiver.fromStatic(queue, new AtomicInteger(1), new AtomicInteger(1)))
                .withMessageContaining("already bound to other counters");
    }

    @Test
    void aReceiverCounterAlreadyCountingAnotherQueueIsRejected() {
        Receiver.fromStatic(queue, txCount, rxCount);
        BoundedQueue<Integer> other = Channel.<Integer>builder(3).name("other-queue").buildQueue();
        assertThatIllegalArgumentException().isThrownBy(() -> Receiver.fromStatic(other, new AtomicInteger(1), rxCount))
                .withMessageContaining("rxCount already counts the handles of queue 'static-queue'");
    }

    @Test
    void theFirstReceiverOfAQueueCanBeCreatedOnlyOnce() {
        Receiver.fromStatic(queue, txCount, rxCount);
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> Receiver.fromStatic(queue, txCount, rxCount))
                .withMessageContaining("first Receiver of queue 'static-queue' was already created");
    }
}
