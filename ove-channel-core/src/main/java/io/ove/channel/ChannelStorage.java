package io.ove.channel;

import java.time.Duration;
import java.util.Collection;

/**
 * Where a channel keeps its messages and counts its handles: the one seam between the
 * {@link Sender}/{@link Receiver} API and a storage. {@link BoundedQueue} is the in-process
 * storage; other modules add storages that outlive one JVM (a memory-mapped file shared with other
 * processes, say) behind the same handle types, so application code does not change when a channel
 * moves.
 *
 * <p>The message path ({@code trySend}, {@code send}, {@code tryRecv}, {@code recv},
 * {@code drainTo}) and handle counting are {@code protected}: handles call them, applications do
 * not. A storage implements the channel's rules exactly as {@link BoundedQueue} does:
 * <ul>
 *   <li>a message is accepted ({@link SendResult#SENT}) or refused ({@link SendResult#FULL},
 *       {@link SendResult#CLOSED}, or an exception), and an accepted one is received once or
 *       reported undelivered, never both and never neither;</li>
 *   <li>releasing the last sender closes the channel for sending (receivers drain, then see
 *       "closed"); releasing the last receiver closes it for receiving (sends are refused and the
 *       messages still buffered are reported undelivered);</li>
 *   <li>blocking calls honour their timeouts and the thread's interrupt flag the way
 *       {@link Sender} and {@link Receiver} document.</li>
 * </ul>
 *
 * <p>Why an abstract class and not an interface: handles call the message path through a field of
 * this type, and while {@link BoundedQueue} is the only storage loaded (a final class), the JIT
 * binds those calls directly, so the in-process path pays nothing for the seam.
 *
 * @param <T> the message type
 */
public abstract class ChannelStorage<T> {

    /** For subclasses. */
    protected ChannelStorage() {
    }

    // ---------------------------------------------------------------- introspection

    /** {@return the channel's name} */
    public abstract String name();

    /** {@return the most messages it holds, exactly as requested at creation} */
    public abstract int capacity();

    /** {@return the overflow policy chosen at creation} */
    public abstract OverflowPolicy overflowPolicy();

    /** {@return the bound of an untimed {@code send}, or {@code null} for none} */
    public abstract Duration sendTimeout();

    /** {@return the number of buffered messages (a moment's snapshot)} */
    public abstract int size();

    /** {@return whether no message is buffered (a moment's snapshot)} */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** {@return whether every slot holds a message (a moment's snapshot)} */
    public boolean isFull() {
        return size() == capacity();
    }

    /** {@return the channel's state now} */
    public abstract ChannelState state();

    /** {@return whether sends are refused now (every sender or every receiver is gone)} */
    public abstract boolean isClosedForSending();

    /** {@return whether the receiving side is closed (every receiver is gone)} */
    public abstract boolean isClosedForReceiving();

    /** {@return a snapshot of the channel's statistics} */
    public abstract ChannelStats stats();

    /** {@return the open sender handles, wherever they are (all processes, for a shared storage)} */
    public abstract int liveSenders();

    /** {@return the open receiver handles, wherever they are (all processes, for a shared storage)} */
    public abstract int liveReceivers();

    /** {@return the threads of this JVM waiting for room in {@code send} (a moment's snapshot)} */
    public abstract int waitingSenders();

    /** {@return the threads of this JVM waiting for a message in {@code recv} (a moment's snapshot)} */
    public abstract int waitingReceivers();

    // ---------------------------------------------------------------- closing as a whole

    /**
     * Closes the sending side whatever senders are still open: later sends are refused, and
     * receivers drain what is buffered, then see the channel closed. Idempotent.
     *
     * @return {@code true} if this call closed it
     */
    public abstract boolean closeSending();

    /**
     * Closes the receiving side whatever receivers are still open: sends are refused and the
     * messages still buffered are reported undelivered. Idempotent.
     *
     * @return {@code true} if this call closed it
     */
    public abstract boolean closeReceiving();

    // ---------------------------------------------------------------- the message path

    /**
     * Sends without waiting; see {@link Sender#trySend(Object)}.
     *
     * @param message the message, already checked to be non-null
     * @return the outcome
     */
    protected abstract SendResult trySend(T message);

    /**
     * Sends, waiting for room under {@link OverflowPolicy#BLOCK}; see {@link Sender#send(Object)}.
     *
     * @param message the message, already checked to be non-null
     * @param timed   whether {@code nanos} bounds the wait
     * @param nanos   the most nanoseconds to wait when {@code timed}, not negative
     * @return {@link SendResult#SENT} or {@link SendResult#FULL}
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    protected abstract SendResult send(T message, boolean timed, long nanos) throws InterruptedException;

    /**
     * Receives without parking; see {@link Receiver#tryRecv()}.
     *
     * @return the message, or {@code null} if none is buffered
     */
    protected abstract T tryRecv();

    /**
     * Receives, waiting for a message; see {@link Receiver#recv()}.
     *
     * @param timed whether {@code nanos} bounds the wait
     * @param nanos the most nanoseconds to wait when {@code timed}, not negative
     * @return the message, or {@code null} if the wait timed out
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    protected abstract T recv(boolean timed, long nanos) throws InterruptedException;

    /**
     * Moves up to {@code max} buffered messages into {@code target}; see
     * {@link Receiver#drainTo(Collection, int)}.
     *
     * @param target where to put them, not {@code null}
     * @param max    the most messages to move, not negative
     * @return how many were moved
     */
    protected abstract int drainTo(Collection<? super T> target, int max);

    /** {@return whether no message will ever be received again} */
    protected abstract boolean isExhausted();

    /** {@return the bound of an untimed {@code send} in nanoseconds, or -1 for none} */
    protected abstract long sendTimeoutNanos();

    // ---------------------------------------------------------------- handle counting

    /**
     * Counts one more handle of a side; the caller holds an open handle of that side.
     *
     * @param sender whether it is a sender (else a receiver)
     */
    protected abstract void retainHandle(boolean sender);

    /**
     * Releases one handle of a side, closing that side when it was the last.
     *
     * @param sender whether it is a sender (else a receiver)
     */
    protected abstract void releaseHandle(boolean sender);

    /**
     * Counts a handle the garbage collector released because nobody closed it (after
     * {@link #releaseHandle(boolean)} has run for it).
     *
     * @param sender whether it is a sender (else a receiver)
     */
    protected abstract void countLeak(boolean sender);

    /**
     * Wraps a sender this storage has already counted in a {@link Sender} handle: the way a storage
     * outside this package hands out its first handles.
     *
     * @return a new sender handle on this storage
     */
    protected final Sender<T> adoptSender() {
        return new Sender<>(this);
    }

    /**
     * Wraps a receiver this storage has already counted in a {@link Receiver} handle.
     *
     * @return a new receiver handle on this storage
     */
    protected final Receiver<T> adoptReceiver() {
        return new Receiver<>(this);
    }

    /**
     * Wraps one sender and one receiver this storage has already counted in a {@link Channel}.
     *
     * @return a channel over this storage
     */
    protected final Channel<T> adoptChannel() {
        return new Channel<>(this, adoptSender(), adoptReceiver());
    }
}
