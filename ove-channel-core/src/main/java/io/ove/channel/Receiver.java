package io.ove.channel;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving half of a channel. Clone it to give each consumer thread its own handle; each
 * message goes to exactly one receiver. When the last clone is closed, the channel closes for
 * receiving: sends are refused and the messages still buffered are reported as undelivered.
 *
 * <pre>{@code
 * try (Receiver<Order> rx = orders.clone()) {
 *     for (Order order : rx) {      // ends once every sender is closed and the channel is drained
 *         process(order);
 *     }
 * }
 * }</pre>
 *
 * <p>Receiving allocates nothing. {@link #tryRecv()} never parks; if a producer has claimed the
 * next slot but not yet written it, it spins for those few instructions so that a send that has
 * returned is always visible to it.
 *
 * <p><b>Interrupts.</b> A blocking receive returns a message that is already there even if the
 * thread's interrupt flag is set. A receive that has to wait checks the flag before each wait and
 * throws {@link InterruptedException}, with the flag cleared and no message taken.
 *
 * @param <T> the message type
 */
public final class Receiver<T> extends ChannelHandle<T> implements Iterable<T> {

    Receiver(ChannelStorage<T> queue) {
        super(queue, false);
    }

    /**
     * Creates the first receiver of a caller-owned queue (see {@link BoundedQueue}). Counters are
     * bound to the queue on the first {@code fromStatic} call of either side; pass the same pair
     * to both. Clones of the returned receiver are counted in {@code rxCount}.
     *
     * @param queue   the caller-owned queue
     * @param txCount the caller-owned count of live senders, starting at 1
     * @param rxCount the caller-owned count of live receivers, starting at 1
     * @param <T>     the message type
     * @return the queue's first receiver
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if the counters are the same object, do not start at 1, or
     *                                  belong to another queue
     * @throws IllegalStateException    if the queue's first receiver was already created
     */
    public static <T> Receiver<T> fromStatic(BoundedQueue<T> queue, AtomicInteger txCount, AtomicInteger rxCount) {
        Objects.requireNonNull(queue, "queue must not be null");
        queue.bind(txCount, rxCount);
        queue.takeFirstHandle(false);
        return new Receiver<>(queue);
    }

    /**
     * Takes the oldest message, waiting as long as it takes for one.
     *
     * @return the message
     * @throws ChannelClosedException if the channel is closed for sending and drained, or closed
     *                                for receiving
     * @throws InterruptedException   if the thread was interrupted while waiting
     * @throws IllegalStateException  if this handle was closed
     */
    public T recv() throws InterruptedException {
        ensureOpen();
        try {
            return queue.recv(false, 0L);
        } finally {
            Reference.reachabilityFence(this); // see ChannelHandle: not released while parked
        }
    }

    /**
     * Takes the oldest message, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait, not negative; {@code Duration.ZERO} does not wait
     * @return the message, or {@code null} if none arrived in time
     * @throws ChannelClosedException   if the channel is closed for sending and drained, or closed
     *                                  for receiving
     * @throws InterruptedException     if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if {@code timeout} is {@code null}
     * @throws IllegalStateException    if this handle was closed
     */
    public T recv(Duration timeout) throws InterruptedException {
        return recvWithin(timeoutNanos(timeout));
    }

    /**
     * Takes the oldest message, waiting at most {@code timeout} {@code unit}s; the
     * allocation-free form of {@link #recv(Duration)}.
     *
     * @param timeout how long to wait, not negative
     * @param unit    the unit of {@code timeout}
     * @return the message, or {@code null} if none arrived in time
     * @throws ChannelClosedException   if the channel is closed for sending and drained, or closed
     *                                  for receiving
     * @throws InterruptedException     if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if {@code unit} is {@code null}
     * @throws IllegalStateException    if this handle was closed
     */
    public T recv(long timeout, TimeUnit unit) throws InterruptedException {
        return recvWithin(timeoutNanos(timeout, unit));
    }

    private T recvWithin(long nanos) throws InterruptedException {
        ensureOpen();
        try {
            return queue.recv(true, nanos);
        } finally {
            Reference.reachabilityFence(this); // see ChannelHandle: not released while parked
        }
    }

    /**
     * Takes the oldest message if one is buffered, without parking.
     *
     * @return the message, or {@code null} if none is buffered (use {@link #isExhausted()} to
     *         tell "nothing yet" from "nothing ever again")
     * @throws IllegalStateException if this handle was closed
     */
    public T tryRecv() {
        ensureOpen();
        try {
            return queue.tryRecv();
        } finally {
            Reference.reachabilityFence(this); // see ChannelHandle: not released while in use
        }
    }

    /**
     * Moves up to {@code maxMessages} buffered messages into {@code target}, oldest first, without
     * waiting. If {@code target} throws while a message is added, that message is reported as
     * undelivered ({@link UndeliveredReason#REJECTED_BY_DRAIN_TARGET}) and the exception
     * propagates.
     *
     * @param target      where to put them
     * @param maxMessages the most messages to move, not negative
     * @return how many were moved
     * @throws NullPointerException     if {@code target} is {@code null}
     * @throws IllegalArgumentException if {@code maxMessages} is negative
     * @throws IllegalStateException    if this handle was closed
     */
    public int drainTo(Collection<? super T> target, int maxMessages) {
        ensureOpen();
        Objects.requireNonNull(target, "target must not be null");
        if (maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages must not be negative, but was " + maxMessages);
        }
        try {
            return queue.drainTo(target, maxMessages);
        } finally {
            Reference.reachabilityFence(this); // see ChannelHandle: not released while in use
        }
    }

    /**
     * Tells whether no message will ever be received again: the channel is closed for sending
     * and drained, or closed for receiving. Once true, it stays true.
     *
     * @return whether the channel is exhausted
     */
    public boolean isExhausted() {
        return queue.isExhausted();
    }

    /**
     * Iterates over the messages as they arrive, blocking in {@code hasNext()} until one does,
     * and ends once the channel is closed for sending and drained. If the thread is interrupted
     * while waiting, the iteration ends and the interrupt flag is set again, so the caller can
     * tell an interrupted loop from a finished one.
     *
     * @return a single-use, blocking iterator
     * @throws IllegalStateException if this handle was closed
     */
    @Override
    public Iterator<T> iterator() {
        ensureOpen();
        return new BlockingIterator();
    }

    /**
     * Streams the messages as they arrive; the stream ends like {@link #iterator()}.
     *
     * @return a sequential, ordered stream of non-null messages
     * @throws IllegalStateException if this handle was closed
     */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Creates another counted receiver on the same channel. The channel stays open for receiving
     * until every receiver, this one and all clones, is closed.
     *
     * @return a new, open receiver
     * @throws IllegalStateException if this handle was closed
     */
    @Override
    public Receiver<T> clone() {
        ensureOpen();
        queue.retainHandle(false);
        return new Receiver<>(queue);
    }

    /** Blocks in {@code hasNext()}; ends on closure or interrupt. */
    private final class BlockingIterator implements Iterator<T> {
        private T next;
        private boolean finished;

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (finished) {
                return false;
            }
            try {
                next = recv();
                return true;
            } catch (ChannelClosedException closed) {
                finished = true;
                return false;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                finished = true;
                return false;
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("channel '" + name() + "' is closed and drained");
            }
            T message = next;
            next = null;
            return message;
        }
    }
}
