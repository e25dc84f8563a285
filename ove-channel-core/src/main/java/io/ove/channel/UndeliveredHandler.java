package io.ove.channel;

/**
 * Receives the messages that were accepted by a channel but will never be received, so that no
 * message is lost without a trace. Set once when the channel is built:
 *
 * <pre>{@code
 * Channel<Order> orders = Channel.<Order>builder(256)
 *         .onUndelivered((order, reason) -> deadLetters.add(order))
 *         .build();
 * }</pre>
 *
 * <p>It is called on the thread that caused the loss: the one closing the last {@link Receiver}
 * (or the channel's receiving side), or the sender whose message evicted the oldest one. It must
 * not block for long. An exception it throws is logged and does not stop the remaining messages
 * from being reported.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface UndeliveredHandler<T> {

    /**
     * Called once for each message that will never be received.
     *
     * @param message the message, never {@code null}
     * @param reason  why it was not delivered
     */
    void onUndelivered(T message, UndeliveredReason reason);
}
