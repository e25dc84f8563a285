package io.ove.channel.benchmarks;

import java.util.concurrent.TimeUnit;

/**
 * Untimed rounds for a stretch of wall time before JMH's own iterations: the JIT needs time, not
 * a count of rounds, and on a small machine its compiler threads compete with the benchmark's.
 */
final class WarmUp {

    /** One untimed round: prepare it, run it, check it. */
    interface Round {
        /**
         * Runs one round.
         *
         * @throws InterruptedException if interrupted
         */
        void run() throws InterruptedException;
    }

    private WarmUp() {
    }

    /**
     * Runs rounds until {@code millis} have passed; none if it is 0.
     *
     * @param millis how long
     * @param round  one round
     * @throws InterruptedException if interrupted
     */
    static void repeatFor(long millis, Round round) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (millis > 0 && System.nanoTime() - end < 0) {
            round.run();
        }
    }
}
