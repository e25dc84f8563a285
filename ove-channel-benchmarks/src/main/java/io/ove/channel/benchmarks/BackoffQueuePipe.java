package io.ove.channel.benchmarks;

import java.util.Queue;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * A non-blocking queue (JCTools, Agrona) made blocking the way their users do it: retry with a
 * spin, then yield, then park backoff (Agrona's {@link BackoffIdleStrategy}: 100 spins, 10 yields,
 * then parks from 1 us growing to 1 ms).
 */
class BackoffQueuePipe implements Pipe {

    /** One idle strategy per thread, reset before each wait, so waiting allocates nothing. */
    private static final ThreadLocal<IdleStrategy> IDLE =
            ThreadLocal.withInitial(() -> new BackoffIdleStrategy(100, 10, 1_000, 1_000_000));

    private final Queue<Integer> queue;

    BackoffQueuePipe(Queue<Integer> queue) {
        this.queue = queue;
    }

    private static IdleStrategy idle() {
        IdleStrategy idle = IDLE.get();
        idle.reset();
        return idle;
    }

    @Override
    public boolean put(Integer message, long timeoutNanos) {
        if (queue.offer(message)) {
            return true;
        }
        IdleStrategy idle = idle();
        long deadline = System.nanoTime() + timeoutNanos;
        while (!queue.offer(message)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            idle.idle();
        }
        return true;
    }

    @Override
    public Integer take(long timeoutNanos) {
        Integer message = queue.poll();
        if (message != null) {
            return message;
        }
        IdleStrategy idle = idle();
        long deadline = System.nanoTime() + timeoutNanos;
        while ((message = queue.poll()) == null) {
            if (System.nanoTime() - deadline > 0) {
                return null;
            }
            idle.idle();
        }
        return message;
    }
}
