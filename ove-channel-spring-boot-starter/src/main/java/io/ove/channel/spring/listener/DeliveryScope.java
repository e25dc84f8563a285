package io.ove.channel.spring.listener;

/**
 * Runs each delivery to one listener (a message, or a batch) inside the context its channel
 * carried from the sender. The observation support provides one for every listener of a channel
 * with {@code observation-enabled}; a listener of any other channel has none, and its container
 * takes no step for it.
 */
public interface DeliveryScope {

    /**
     * Takes the context that came with the message this thread received last from the listener's
     * channel, and forgets it. The container calls it right after each receive that starts a
     * delivery, on the same thread.
     *
     * @return the context, or {@code null} when none came with it
     */
    Object takeContext();

    /**
     * Runs one delivery inside {@code context}.
     *
     * @param context  what {@link #takeContext()} returned for the delivery's first message
     * @param argument the message, or the batch (a {@code List})
     * @param delivery calls the listener (retries and error handling included)
     * @return what {@code delivery} returned: the failure after retries, or {@code null}
     */
    Throwable run(Object context, Object argument, Delivery delivery);

    /** One delivery as the container performs it. */
    @FunctionalInterface
    interface Delivery {

        /**
         * Calls the listener with {@code argument}, retrying and handing failures on as configured;
         * never throws.
         *
         * @param argument the message, or the batch
         * @return the failure after retries, or {@code null} on success
         */
        Throwable process(Object argument);
    }
}
