package io.ove.channel.benchmarks;

/**
 * One bounded queue or channel seen through what every benchmark does with it: producers put with
 * the implementation's own untimed blocking put, consumers take with its untimed blocking take,
 * and the stream ends the way that implementation's users end one.
 *
 * <p>A pipe is made for a known number of producers and consumers ({@link Pipes#create}); each
 * producer thread takes its own {@link Producer} and each consumer thread its own
 * {@link Consumer} before the measured work starts, then {@link #sealed()} is called once. When
 * every producer has called {@link Producer#finish()}, consumers drain what is buffered and then
 * see the end ({@link Consumer#take()} returns {@code null}): ove-channel because its last sender
 * closed, the other queues because the last producer put one end marker per consumer.
 */
interface Pipe {

    /** {@return a producer end for one thread}; called once per producer, before {@link #sealed()} */
    Producer producer();

    /** {@return a consumer end for one thread}; called once per consumer, before {@link #sealed()} */
    Consumer consumer();

    /**
     * Called once every producer and consumer end has been taken: from here on, the stream ends
     * when the last producer finishes (ove-channel closes its own handles here, so only the
     * threads' clones keep the channel open).
     */
    default void sealed() {
    }

    /** Releases threads or resources the pipe started; called once it is no longer used. */
    default void close() {
    }

    /** What one producer thread holds. */
    interface Producer {

        /**
         * Puts {@code message}, waiting as long as it takes for room.
         *
         * @param message the message, never {@code null}
         * @throws InterruptedException if the thread was interrupted while waiting
         */
        void put(Integer message) throws InterruptedException;

        /**
         * Says this producer is done; the last one to say so ends the stream.
         *
         * @throws InterruptedException if the thread was interrupted while ending the stream
         */
        void finish() throws InterruptedException;
    }

    /** What one consumer thread holds. */
    interface Consumer {

        /**
         * Takes a message, waiting as long as it takes for one.
         *
         * @return the message, or {@code null} once the stream has ended and is drained
         * @throws InterruptedException if the thread was interrupted while waiting
         */
        Integer take() throws InterruptedException;
    }
}
