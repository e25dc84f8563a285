package io.ove.channel.benchmarks;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/** The one back-off every try-loop in the suite waits with, so they differ only in the queue. */
final class Backoff {

    /** Busy spins before yielding. */
    static final int SPINS = 100;
    /** Yields before parking. */
    static final int YIELDS = 10;
    /** First park, in nanoseconds; each next park doubles it. */
    static final long MIN_PARK_NANOS = 1_000;
    /** Longest park, in nanoseconds. */
    static final long MAX_PARK_NANOS = 1_000_000;

    private Backoff() {
    }

    /** {@return a new idle strategy with the suite's settings} */
    static IdleStrategy strategy() {
        return new BackoffIdleStrategy(SPINS, YIELDS, MIN_PARK_NANOS, MAX_PARK_NANOS);
    }

    /**
     * Resets a thread's strategy before a new wait.
     *
     * @param idle the strategy
     * @return the same strategy
     */
    static IdleStrategy reset(IdleStrategy idle) {
        idle.reset();
        return idle;
    }

    /** {@return the settings in words, for the report} */
    static String describe() {
        return SPINS + " busy spins, then " + YIELDS + " yields, then parks from " + MIN_PARK_NANOS / 1000
                + " us doubling to " + MAX_PARK_NANOS / 1_000_000 + " ms";
    }
}
