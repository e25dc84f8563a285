package io.ove.channel.benchmarks;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The LMAX Disruptor 3.4 as a multi-producer ring with a worker pool and a blocking wait
 * strategy, driven by the benchmark's threads: each consumer thread does what the Disruptor's
 * {@code WorkProcessor} does (claim the next sequence from a shared work sequence, wait for it to
 * be published, read it), and producers wait for room the way {@code RingBuffer.next()} does.
 */
class DisruptorPipe implements Pipe {

    /** The event each slot holds. */
    static final class Slot {
        Integer value;
    }

    /** What one consumer thread remembers between takes, as a WorkProcessor does. */
    private static final class Consumer {
        final Sequence sequence;
        long next;
        boolean processed = true;
        long cachedAvailable = Long.MIN_VALUE;

        Consumer(Sequence sequence) {
            this.sequence = sequence;
        }
    }

    private final RingBuffer<Slot> ring;
    private final SequenceBarrier barrier;
    private final Sequence work = new Sequence(-1);
    private final Sequence[] gating;
    private final AtomicInteger nextConsumer = new AtomicInteger();
    private final ThreadLocal<Consumer> consumers;

    /**
     * @param capacity  ring size, a power of two
     * @param consumers how many threads will take, so their gating sequences exist before any put
     */
    DisruptorPipe(int capacity, int consumers) {
        ring = RingBuffer.createMultiProducer(Slot::new, capacity,
                new TimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS));
        barrier = ring.newBarrier();
        gating = new Sequence[consumers];
        for (int i = 0; i < consumers; i++) {
            gating[i] = new Sequence(-1);
        }
        ring.addGatingSequences(gating);
        this.consumers = ThreadLocal.withInitial(() -> new Consumer(gating[nextConsumer.getAndIncrement()]));
    }

    @Override
    public boolean put(Integer message, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        long sequence;
        for (;;) {
            try {
                sequence = ring.tryNext();
                break;
            } catch (InsufficientCapacityException full) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                LockSupport.parkNanos(1); // what RingBuffer.next() does while full
            }
        }
        ring.get(sequence).value = message;
        ring.publish(sequence);
        return true;
    }

    @Override
    public Integer take(long timeoutNanos) {
        Consumer consumer = consumers.get();
        if (consumer.processed) {
            consumer.processed = false;
            do {
                consumer.next = work.get() + 1L;
                consumer.sequence.set(consumer.next - 1L);
            } while (!work.compareAndSet(consumer.next - 1L, consumer.next));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (consumer.cachedAvailable < consumer.next) {
            try {
                consumer.cachedAvailable = barrier.waitFor(consumer.next);
            } catch (TimeoutException | AlertException | InterruptedException waited) {
                if (System.nanoTime() - deadline > 0) {
                    return null; // the claim stays ours; the next take resumes waiting for it
                }
            }
        }
        Integer value = ring.get(consumer.next).value;
        consumer.processed = true;
        return value;
    }
}
