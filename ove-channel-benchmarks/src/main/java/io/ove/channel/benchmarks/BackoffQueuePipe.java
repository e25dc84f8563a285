package io.ove.channel.benchmarks;

import java.util.Queue;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * A non-blocking queue (JCTools, Agrona) made blocking the way their users do it: retry the
 * {@code offer} or {@code poll} after each step of Agrona's {@link BackoffIdleStrategy} (100
 * busy spins, then 10 {@code Thread.yield()}s, then {@code parkNanos} from 1 us doubling to 1 ms).
 */
final class BackoffQueuePipe extends SentinelPipe {

    /** One idle strategy per thread, reset before each wait, so waiting allocates nothing. */
    static final ThreadLocal<IdleStrategy> IDLE = ThreadLocal.withInitial(Backoff::strategy);

    private final Queue<Integer> queue;

    /**
     * @param queue     the queue
     * @param producers how many producers finish
     * @param consumers how many consumers take
     */
    BackoffQueuePipe(Queue<Integer> queue, int producers, int consumers) {
        super(producers, consumers);
        this.queue = queue;
    }

    @Override
    void putBlocking(Integer message) {
        if (queue.offer(message)) {
            return;
        }
        IdleStrategy idle = Backoff.reset(IDLE.get());
        while (!queue.offer(message)) {
            idle.idle();
        }
    }

    @Override
    Integer takeBlocking() {
        Integer message = queue.poll();
        if (message != null) {
            return message;
        }
        IdleStrategy idle = Backoff.reset(IDLE.get());
        while ((message = queue.poll()) == null) {
            idle.idle();
        }
        return message;
    }
}
