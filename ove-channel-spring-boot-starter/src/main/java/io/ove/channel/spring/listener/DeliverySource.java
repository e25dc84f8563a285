package io.ove.channel.spring.listener;

import java.util.concurrent.TimeUnit;

/**
 * Where a listener takes its messages when the channel's storage keeps each one until the listener
 * is done with it: a broker channel, whose broker redelivers a message that was taken but never
 * acknowledged (the instance died mid-way). The container acknowledges after the method returned,
 * or after the error handling dealt with its failure, so delivery is at-least-once.
 *
 * <p>In-process and shared-memory channels have none: their listeners receive through the channel's
 * {@code Receiver}, which hands a message over once.
 */
public interface DeliverySource {

    /**
     * Takes the next message, unacknowledged.
     *
     * @param timeout how long to wait
     * @param unit    the timeout's unit
     * @return the message and its acknowledgement, or {@code null} if none came in time
     * @throws io.ove.channel.ChannelClosedException when the channel is closed and drained
     * @throws InterruptedException                  if interrupted while waiting
     */
    Taken take(long timeout, TimeUnit unit) throws InterruptedException;

    /** A message taken and not yet acknowledged. */
    interface Taken {

        /** {@return the message} */
        Object message();

        /** Tells the storage the message is done with; quiet when the broker will redeliver it anyway. */
        void acknowledge();

        /** Gives the message back to the storage, for this or another instance to take again. */
        void requeue();
    }
}
