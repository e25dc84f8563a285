package io.ove.channel.benchmarks;

/**
 * One bounded queue or channel seen through the operations every benchmark uses: a blocking put
 * and take, each bounded by a short timeout so a benchmark thread can notice that JMH wants the
 * iteration to end instead of blocking past it.
 */
interface Pipe {

    /**
     * Puts {@code message}, waiting up to {@code timeoutNanos} for room.
     *
     * @return whether it was put
     */
    boolean put(Integer message, long timeoutNanos) throws InterruptedException;

    /**
     * Takes a message, waiting up to {@code timeoutNanos} for one.
     *
     * @return the message, or {@code null} on timeout
     */
    Integer take(long timeoutNanos) throws InterruptedException;

    /** Releases threads or resources the pipe started; called once per trial. */
    default void close() {
    }
}
