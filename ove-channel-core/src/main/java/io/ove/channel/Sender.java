package io.ove.channel;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sending half of a channel. Clone it to give each producer thread its own handle; when the
 * last clone is closed, the channel closes for sending and receivers drain what is left.
 *
 * <pre>{@code
 * try (Sender<Order> tx = orders.clone()) {
 *     switch (tx.trySend(order)) {
 *         case SENT -> accepted++;
 *         case FULL -> rejected++;          // back-pressure: the caller still owns the order
 *         case CLOSED -> { return; }        // every receiver is gone
 *     }
 * }
 * }</pre>
 *
 * <p>Every send reports one of three outcomes ({@link SendResult}): sent, refused because the
 * channel is full, or refused because it is closed for sending. Non-blocking sends return them;
 * blocking sends throw {@link ChannelClosedException} instead of returning
 * {@link SendResult#CLOSED}. A message is never enqueued by a call that reports a refusal or
 * throws. Sending allocates nothing.
 *
 * <p><b>Interrupts.</b> A blocking send that can enqueue at once succeeds even if the thread's
 * interrupt flag is set (the flag stays set). A send that has to wait checks the flag before each
 * wait and throws {@link InterruptedException}, with the flag cleared and the message not
 * enqueued.
 *
 * @param <T> the message type
 */
public final class Sender<T> extends ChannelHandle<T> {

    Sender(ChannelStorage<T> queue) {
        super(queue, true);
    }

    /**
     * Creates the first sender of a caller-owned queue (see {@link BoundedQueue}). Counters are
     * bound to the queue on the first {@code fromStatic} call of either side; pass the same pair
     * to both. Clones of the returned sender are counted in {@code txCount}.
     *
     * @param queue   the caller-owned queue
     * @param txCount the caller-owned count of live senders, starting at 1
     * @param rxCount the caller-owned count of live receivers, starting at 1
     * @param <T>     the message type
     * @return the queue's first sender
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the counters are the same object, do not start at 1, or
     *                                  belong to another queue
     * @throws IllegalStateException    if the queue's first sender was already created
     */
    public static <T> Sender<T> fromStatic(BoundedQueue<T> queue, AtomicInteger txCount, AtomicInteger rxCount) {
        Objects.requireNonNull(queue, "queue must not be null");
        queue.bind(txCount, rxCount);
        queue.takeFirstHandle(true);
        return new Sender<>(queue);
    }

    /**
     * Sends without ever waiting. Under {@link OverflowPolicy#DROP_OLDEST} a full channel evicts
     * its oldest message to make room; under the other policies it refuses the new one.
     *
     * @param message the message, not {@code null}
     * @return {@link SendResult#SENT}, {@link SendResult#FULL} or {@link SendResult#CLOSED}
     * @throws NullPointerException  if {@code message} is {@code null}
     * @throws IllegalStateException if this handle was closed
     */
    public SendResult trySend(T message) {
        ensureOpen();
        Objects.requireNonNull(message, "message must not be null: channels carry no nulls");
        try {
            return queue.trySend(message);
        } finally {
            Reference.reachabilityFence(this); // see ChannelHandle: not released while in use
        }
    }

    /**
     * Sends, waiting for room under {@link OverflowPolicy#BLOCK}: as long as it takes, or at most
     * the channel's {@link ChannelBuilder#sendTimeout send timeout} if one was set. Under the drop
     * policies it never waits and behaves like {@link #trySend(Object)}, except that closure
     * throws.
     *
     * @param message the message, not {@code null}
     * @return {@link SendResult#SENT}, or {@link SendResult#FULL} when the message was refused
     *         (under {@link OverflowPolicy#DROP_NEWEST}, or when the send timeout ran out)
     * @throws ChannelClosedException if the channel is closed for sending (the message was not
     *                                enqueued)
     * @throws InterruptedException   if the thread was interrupted while waiting
     * @throws NullPointerException   if {@code message} is {@code null}
     * @throws IllegalStateException  if this handle was closed
     */
    public SendResult send(T message) throws InterruptedException {
        ensureOpen();
        Objects.requireNonNull(message, "message must not be null: channels carry no nulls");
        try {
            long bound = queue.sendTimeoutNanos();
            return bound >= 0 ? queue.send(message, true, bound) : queue.send(message, false, 0L);
        } finally {
            Reference.reachabilityFence(this); // see ChannelHandle: not released while parked
        }
    }

    /**
     * Sends, waiting at most {@code timeout} for room.
     *
     * @param message the message, not {@code null}
     * @param timeout how long to wait for room, not negative; {@code Duration.ZERO} does not wait
     * @return {@link SendResult#SENT}, or {@link SendResult#FULL} if there was no room in time
     * @throws ChannelClosedException   if the channel is closed for sending
     * @throws InterruptedException     if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalStateException    if this handle was closed
     */
    public SendResult send(T message, Duration timeout) throws InterruptedException {
        return sendWithin(message, timeoutNanos(timeout));
    }

    /**
     * Sends, waiting at most {@code timeout} {@code unit}s for room; the allocation-free form of
     * {@link #send(Object, Duration)}.
     *
     * @param message the message, not {@code null}
     * @param timeout how long to wait, not negative
     * @param unit    the unit of {@code timeout}
     * @return {@link SendResult#SENT}, or {@link SendResult#FULL} if there was no room in time
     * @throws ChannelClosedException   if the channel is closed for sending
     * @throws InterruptedException     if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalStateException    if this handle was closed
     */
    public SendResult send(T message, long timeout, TimeUnit unit) throws InterruptedException {
        return sendWithin(message, timeoutNanos(timeout, unit));
    }

    private SendResult sendWithin(T message, long nanos) throws InterruptedException {
        ensureOpen();
        Objects.requireNonNull(message, "message must not be null: channels carry no nulls");
        try {
            return queue.send(message, true, nanos);
        } finally {
            Reference.reachabilityFence(this); // see ChannelHandle: not released while parked
        }
    }

    /**
     * Creates another counted sender on the same channel. The channel stays open for sending
     * until every sender, this one and all clones, is closed.
     *
     * @return a new, open sender
     * @throws IllegalStateException if this handle was closed
     */
    @Override
    public Sender<T> clone() {
        ensureOpen();
        queue.retainHandle(true);
        return new Sender<>(queue);
    }
}
