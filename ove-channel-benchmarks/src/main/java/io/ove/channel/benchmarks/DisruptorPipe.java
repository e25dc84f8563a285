package io.ove.channel.benchmarks;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The LMAX Disruptor 3.4 as a multi-producer ring with a worker pool and its
 * {@link BlockingWaitStrategy} (consumers park on a lock condition), driven by the benchmark's
 * threads: each consumer does what the Disruptor's {@code WorkProcessor} does (claim the next
 * sequence from a shared work sequence, wait for it to be published, read it), and producers claim
 * with {@link RingBuffer#next()}, which parks for a nanosecond at a time while the ring is full.
 */
final class DisruptorPipe extends SentinelPipe {

    /** The event each slot holds. */
    static final class Slot {
        Integer value;
    }

    /** What one consumer thread remembers between takes, as a WorkProcessor does. */
    private static final class WorkConsumer {
        final Sequence sequence;
        long next;
        boolean processed = true;
        long cachedAvailable = Long.MIN_VALUE;

        WorkConsumer(Sequence sequence) {
            this.sequence = sequence;
        }
    }

    private final RingBuffer<Slot> ring;
    private final SequenceBarrier barrier;
    private final Sequence work = new Sequence(-1);
    private final AtomicInteger nextConsumer = new AtomicInteger();
    private final ThreadLocal<WorkConsumer> consumers;

    /**
     * @param capacity  ring size, a power of two
     * @param producers how many producers finish
     * @param consumers how many threads will take, so their gating sequences exist before any put
     */
    DisruptorPipe(int capacity, int producers, int consumers) {
        super(producers, consumers);
        ring = RingBuffer.createMultiProducer(Slot::new, capacity, new BlockingWaitStrategy());
        barrier = ring.newBarrier();
        Sequence[] gating = new Sequence[consumers];
        for (int i = 0; i < consumers; i++) {
            gating[i] = new Sequence(-1);
        }
        ring.addGatingSequences(gating);
        this.consumers = ThreadLocal.withInitial(() -> new WorkConsumer(gating[nextConsumer.getAndIncrement()]));
    }

    @Override
    void putBlocking(Integer message) {
        long sequence = ring.next();
        ring.get(sequence).value = message;
        ring.publish(sequence);
    }

    @Override
    Integer takeBlocking() throws InterruptedException {
        WorkConsumer consumer = consumers.get();
        if (consumer.processed) {
            consumer.processed = false;
            do {
                consumer.next = work.get() + 1L;
                consumer.sequence.set(consumer.next - 1L);
            } while (!work.compareAndSet(consumer.next - 1L, consumer.next));
        }
        while (consumer.cachedAvailable < consumer.next) {
            try {
                consumer.cachedAvailable = barrier.waitFor(consumer.next);
            } catch (AlertException | TimeoutException notRaised) {
                // Neither happens: nothing alerts the barrier and the wait strategy has no timeout.
                throw new IllegalStateException(notRaised);
            }
        }
        Integer value = ring.get(consumer.next).value;
        consumer.processed = true;
        return value;
    }
}
