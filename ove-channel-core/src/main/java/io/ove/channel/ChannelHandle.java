package io.ove.channel;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What {@link Sender} and {@link Receiver} have in common: each is one counted handle on a
 * channel, closed with {@link #close()}, and each can describe the channel it belongs to.
 *
 * <p>A handle that nobody closes is released by a {@link java.lang.ref.Cleaner} once it becomes
 * unreachable (and counted as leaked). Every operation keeps its handle reachable until it
 * returns, with {@link Reference#reachabilityFence}: compiled code may otherwise drop {@code this}
 * as soon as it has read {@code queue}, and a handle whose only use is a blocking call would be
 * released, closing its side of the channel, while that very call is parked.
 *
 * <p>A handle is meant to be owned by one thread at a time (clone it to give another thread its
 * own). Using a handle after its own {@code close()} throws {@link IllegalStateException}; that
 * check is exact for the thread that closed it and best-effort for others.
 *
 * @param <T> the message type
 */
public abstract sealed class ChannelHandle<T> implements AutoCloseable permits Sender, Receiver {

    /** The storage; handles reach the message path only through it (see {@link ChannelStorage}). */
    final ChannelStorage<T> queue;
    private final HandleRelease release;
    /**
     * Whether this handle was closed. Plain: written by {@code close()} and read by the owning
     * thread; the channel-side count is released exactly once by {@link HandleRelease} regardless.
     */
    private boolean closed;

    ChannelHandle(ChannelStorage<T> queue, boolean sender) {
        this.queue = queue;
        this.release = new HandleRelease(this, queue, sender);
    }

    /**
     * Releases this handle. When it was the last {@link Sender}, the channel closes for sending;
     * when it was the last {@link Receiver}, the channel closes for receiving and buffered messages
     * are reported as undelivered. Closing twice does nothing.
     */
    @Override
    public void close() {
        closed = true;
        release.releaseExplicitly();
        // Keep this handle reachable until its release has run here, so the cleaner cannot treat
        // it as leaked in the middle of close().
        Reference.reachabilityFence(this);
    }

    /** {@return whether this handle was closed (the channel may still be open)} */
    public boolean isClosed() {
        return closed;
    }

    /** {@return the channel's name} */
    public String name() {
        return queue.name();
    }

    /** {@return the most messages the channel holds, exactly as requested at creation} */
    public int capacity() {
        return queue.capacity();
    }

    /** {@return the number of buffered messages (a moment's snapshot)} */
    public int size() {
        return queue.size();
    }

    /** {@return whether no message is buffered (a moment's snapshot)} */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** {@return whether every slot holds a message (a moment's snapshot)} */
    public boolean isFull() {
        return queue.isFull();
    }

    /** {@return the overflow policy chosen at creation} */
    public OverflowPolicy overflowPolicy() {
        return queue.overflowPolicy();
    }

    /** {@return the channel's state now} */
    public ChannelState state() {
        return queue.state();
    }

    /** {@return whether sends are refused now (every sender or every receiver is gone)} */
    public boolean isClosedForSending() {
        return queue.isClosedForSending();
    }

    /** {@return whether the receiving side is closed (every receiver is gone)} */
    public boolean isClosedForReceiving() {
        return queue.isClosedForReceiving();
    }

    /** {@return a snapshot of the channel's statistics} */
    public ChannelStats stats() {
        return queue.stats();
    }

    /** Throws if this handle was closed; the first line of every operation. */
    final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " of channel '" + queue.name()
                    + "' was already closed; clone() an open handle before closing it if you need another");
        }
    }

    /**
     * Checks a {@code Duration} timeout and converts it, saturating, to nanoseconds. Deadlines are
     * compared as {@code deadline - System.nanoTime()}, which stays correct when
     * {@code now + Long.MAX_VALUE} wraps around, so even the longest timeout needs no special case.
     */
    static long timeoutNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Checks a {@code long} timeout with its unit and converts it, saturating, to nanoseconds. */
    static long timeoutNanos(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit must not be null");
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout + " " + unit);
        }
        return unit.toNanos(timeout);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + queue.name() + (closed ? ", closed" : "") + "]";
    }
}
