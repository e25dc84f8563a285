package io.ove.channel;

/**
 * Carries something with each message that the message itself does not hold: typically the
 * sending thread's context (a trace, a log correlation id), captured at send and restored where
 * the message is processed. Set once when the channel is built:
 *
 * <pre>{@code
 * record Stamped<T>(T message, long sentAtNanos) { }
 *
 * Channel<Order> orders = Channel.<Order>builder(256)
 *         .envelope(new Envelope<>() {
 *             public Object seal(Order order) { return new Stamped<>(order, System.nanoTime()); }
 *             public Order open(Object sealed) { return ((Stamped<Order>) sealed).message(); }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>The channel stores what {@link #seal} returns and hands {@link Sender}/{@link Receiver}
 * users the original message, so application code does not change. {@code seal} runs on the
 * sending thread for every message a send offers (also one that is then refused, since the
 * decision is the storage's), {@code open} on the receiving thread for every message received,
 * by {@code recv}, {@code tryRecv} or {@code drainTo}, and {@link #openUndelivered} on whatever
 * thread reports a message that will not be delivered.
 *
 * <p><b>Cost.</b> Sealing allocates by design (the envelope object), so a channel built with an
 * envelope no longer has the allocation-free message path of a plain one; a channel built without
 * one is exactly a plain channel and pays nothing. {@link Select} does not open envelopes and
 * refuses a channel that has one, as does the caller-owned mode
 * ({@link ChannelBuilder#buildQueue()}).
 *
 * <p>Both methods must be fast, must not block, and must not send to or receive from the same
 * channel. An exception from {@code seal} propagates from the send, with nothing enqueued; one from
 * {@code open} propagates from the receive, and the message, already taken from the channel, is
 * reported to the undelivered handler ({@link UndeliveredReason#OPEN_FAILED}; from
 * {@code drainTo}, {@link UndeliveredReason#REJECTED_BY_DRAIN_TARGET}, and the drain stops there).
 *
 * @param <T> the message type
 */
public interface Envelope<T> {

    /**
     * Wraps a message before it is stored; runs on the sending thread.
     *
     * @param message the message, never {@code null}
     * @return what the channel stores in its place, never {@code null}
     */
    Object seal(T message);

    /**
     * Unwraps a stored message; runs on the receiving thread, once per message received.
     *
     * @param sealed what {@link #seal} returned for it
     * @return the message
     */
    T open(Object sealed);

    /**
     * Unwraps a stored message that will never be received, for the channel's
     * {@link UndeliveredHandler}; runs on whatever thread reports the loss (a closing thread, or a
     * sender evicting under {@link OverflowPolicy#DROP_OLDEST}). By default the same as
     * {@link #open}; override it when {@code open} does something only a receiver should.
     *
     * @param sealed what {@link #seal} returned for it
     * @return the message
     */
    default T openUndelivered(Object sealed) {
        return open(sealed);
    }
}
