package io.ove.channel.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * How a waiting call of a shared channel spends the time between two looks at the ring: spins
 * first (a peer on another core usually answers within microseconds), then yields, then sleeps in
 * steps that double up to 1 ms. Sleeps stay short because nobody can wake this thread from another
 * process: the longest sleep bounds both the latency after a long idle spell and the CPU an idle
 * waiter costs (about a thousand wake-ups a second).
 *
 * <p>One per thread, reset at the start of each wait; never shared between threads.
 */
final class PollingBackoff {

    private static final int SPINS = 200;
    private static final int YIELDS = 50;
    private static final long FIRST_SLEEP_NANOS = 10_000L;
    private static final long LONGEST_SLEEP_NANOS = 1_000_000L;

    private int step;
    private long sleepNanos;

    /** {@return this backoff, ready for a new wait} */
    PollingBackoff reset() {
        step = 0;
        sleepNanos = FIRST_SLEEP_NANOS;
        return this;
    }

    /**
     * Waits a little, the longer the more often it was called since {@link #reset()}.
     *
     * @param deadline a {@code System.nanoTime()} not to sleep past, or 0 for none
     */
    void pause(long deadline) {
        if (step < SPINS) {
            step++;
            Thread.onSpinWait();
            return;
        }
        if (step < SPINS + YIELDS) {
            step++;
            Thread.yield();
            return;
        }
        long sleep = sleepNanos;
        if (deadline != 0L) {
            sleep = Math.min(sleep, Math.max(0L, deadline - System.nanoTime()));
        }
        LockSupport.parkNanos(sleep);
        sleepNanos = Math.min(LONGEST_SLEEP_NANOS, sleepNanos * 2);
    }
}
