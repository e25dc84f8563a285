package io.ove.channel.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue that has no notion of closing, ended the way its users end one: the last producer to
 * finish puts one end marker per consumer, and a consumer that takes a marker stops. The marker
 * is an {@code Integer} instance no producer ever sends (payloads are 0 to 1023), compared by
 * identity.
 */
abstract class SentinelPipe implements Pipe, Pipe.Producer, Pipe.Consumer {

    /** The end marker. */
    static final Integer END = Integer.valueOf(-1);

    private final int consumers;
    private final AtomicInteger producersLeft;

    /**
     * @param producers how many producers will call {@link #finish()}
     * @param consumers how many consumers take, so how many markers end the stream
     */
    SentinelPipe(int producers, int consumers) {
        this.consumers = consumers;
        this.producersLeft = new AtomicInteger(producers);
    }

    /**
     * Puts with the queue's own blocking put.
     *
     * @param message the message or {@link #END}
     * @throws InterruptedException if interrupted while waiting
     */
    abstract void putBlocking(Integer message) throws InterruptedException;

    /**
     * Takes with the queue's own blocking take.
     *
     * @return the message or {@link #END}
     * @throws InterruptedException if interrupted while waiting
     */
    abstract Integer takeBlocking() throws InterruptedException;

    @Override
    public Producer producer() {
        return this;
    }

    @Override
    public Consumer consumer() {
        return this;
    }

    @Override
    public final void put(Integer message) throws InterruptedException {
        putBlocking(message);
    }

    @Override
    public final void finish() throws InterruptedException {
        if (producersLeft.decrementAndGet() == 0) {
            for (int i = 0; i < consumers; i++) {
                putBlocking(END);
            }
        }
    }

    @Override
    public final Integer take() throws InterruptedException {
        Integer message = takeBlocking();
        return message == END ? null : message;
    }
}
