package io.ove.channel;

import java.time.Duration;
import java.util.Objects;

/**
 * Configures a channel before it is created; obtained from {@link Channel#builder(int)}.
 *
 * <pre>{@code
 * Channel<Event> audit = Channel.<Event>builder(1024)
 *         .name("audit")
 *         .overflow(OverflowPolicy.DROP_OLDEST)
 *         .onUndelivered((event, reason) -> log.warn("lost {} ({})", event, reason))
 *         .build();
 * }</pre>
 *
 * @param <T> the message type
 */
public final class ChannelBuilder<T> {

    private final int capacity;
    private String name;
    private OverflowPolicy overflow = OverflowPolicy.BLOCK;
    private UndeliveredHandler<? super T> undeliveredHandler;
    private Duration sendTimeout;
    private Envelope<T> envelope;

    ChannelBuilder(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Names the channel; the name appears in exceptions, logs and statistics.
     *
     * @param name a non-blank name
     * @return this builder
     */
    public ChannelBuilder<T> name(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        return this;
    }

    /**
     * Chooses what a full channel does with a new message; {@link OverflowPolicy#BLOCK} by default.
     *
     * @param overflow the policy
     * @return this builder
     */
    public ChannelBuilder<T> overflow(OverflowPolicy overflow) {
        this.overflow = Objects.requireNonNull(overflow, "overflow must not be null");
        return this;
    }

    /**
     * Sets the handler that receives messages which were accepted but will never be received.
     * Without one, such messages are counted and logged (without their contents).
     *
     * @param handler the handler
     * @return this builder
     */
    public ChannelBuilder<T> onUndelivered(UndeliveredHandler<? super T> handler) {
        this.undeliveredHandler = Objects.requireNonNull(handler, "handler must not be null");
        return this;
    }

    /**
     * Bounds how long {@link Sender#send(Object)} waits for room under
     * {@link OverflowPolicy#BLOCK}: after this long it gives up and reports
     * {@link SendResult#FULL}, like {@link Sender#send(Object, Duration)}. Without it, that call
     * waits as long as it takes.
     *
     * @param timeout the longest wait, not negative
     * @return this builder
     */
    public ChannelBuilder<T> sendTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("send timeout must not be negative, but was " + timeout);
        }
        this.sendTimeout = timeout;
        return this;
    }

    /**
     * Carries each message in an envelope: {@link Envelope#seal} wraps it on the sending thread
     * and {@link Envelope#open} unwraps it on the receiving thread, so something the message does
     * not hold (the sender's trace context, say) travels with it. The undelivered handler still
     * receives messages, opened with {@link Envelope#openUndelivered}. Sealing allocates; without
     * an envelope the channel's message path allocates nothing. A channel with an envelope cannot
     * take part in a {@link Select}, nor be created with {@link #buildQueue()}.
     *
     * @param envelope seals and opens each message
     * @return this builder
     */
    public ChannelBuilder<T> envelope(Envelope<T> envelope) {
        this.envelope = Objects.requireNonNull(envelope, "envelope must not be null");
        return this;
    }

    /**
     * Creates the channel with its first sender and receiver.
     *
     * @return the channel
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public Channel<T> build() {
        if (envelope != null) {
            // Decided here, once: a channel without an envelope is the plain queue, untouched.
            return EnvelopedStorage.channel(capacity, name, overflow, undeliveredHandler, sendTimeoutNanos(),
                    envelope);
        }
        return new Channel<>(buildQueue());
    }

    /**
     * Creates only the queue, for the caller-owned mode ({@link Sender#fromStatic},
     * {@link Receiver#fromStatic}).
     *
     * @return the queue, with no handle yet
     * @throws IllegalArgumentException if the capacity is out of range
     * @throws IllegalStateException    if an {@link #envelope(Envelope) envelope} was set: the
     *                                  caller-owned queue stores messages as they are
     */
    public BoundedQueue<T> buildQueue() {
        if (envelope != null) {
            throw new IllegalStateException("channel '" + (name == null ? "(unnamed)" : name) + "' has an envelope,"
                    + " and a caller-owned BoundedQueue stores messages as they are: create it with build(), or"
                    + " leave the envelope out");
        }
        return new BoundedQueue<>(capacity, name, overflow, undeliveredHandler, sendTimeoutNanos());
    }

    private long sendTimeoutNanos() {
        return sendTimeout == null ? -1L : ChannelHandle.timeoutNanos(sendTimeout);
    }
}
