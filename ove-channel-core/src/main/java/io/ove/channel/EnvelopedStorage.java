package io.ove.channel;

import java.time.Duration;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage of a channel built with an {@link Envelope}: a {@link BoundedQueue} of sealed
 * messages, sealing on the way in and opening on the way out. Every rule of the channel (capacity,
 * overflow, closing, counting, statistics) is the inner queue's, unchanged.
 *
 * <p>A decorator rather than a flag in {@link BoundedQueue}, so a channel without an envelope runs
 * exactly the code it ran before: not even a null check is added to its message path. This class
 * is loaded only when some channel has an envelope.
 *
 * @param <T> the message type
 */
final class EnvelopedStorage<T> extends ChannelStorage<T> {

    /** Holds the sealed messages; its handle counters are this storage's. */
    private final BoundedQueue<Object> sealed;
    private final Envelope<T> envelope;

    private EnvelopedStorage(BoundedQueue<Object> sealed, Envelope<T> envelope) {
        this.sealed = sealed;
        this.envelope = envelope;
    }

    /**
     * Creates a channel whose messages travel sealed.
     *
     * @param capacity         the most messages it holds
     * @param name             its name, or {@code null} for a generated one
     * @param overflow         what a full channel does with a new message
     * @param handler          receives undelivered messages (opened), or {@code null}
     * @param sendTimeoutNanos the bound of an untimed send, or -1 for none
     * @param envelope         seals and opens each message
     * @return the channel with its first sender and receiver
     */
    static <T> Channel<T> channel(int capacity, String name, OverflowPolicy overflow,
            UndeliveredHandler<? super T> handler, long sendTimeoutNanos, Envelope<T> envelope) {
        UndeliveredHandler<Object> opening = handler == null ? null
                : (message, reason) -> handler.onUndelivered(envelope.openUndelivered(message), reason);
        BoundedQueue<Object> queue = new BoundedQueue<>(capacity, name, overflow, opening, sendTimeoutNanos);
        // The channel's first sender and receiver, counted by the inner queue like any channel's.
        queue.bind(new AtomicInteger(1), new AtomicInteger(1));
        return new EnvelopedStorage<>(queue, envelope).adoptChannel();
    }

    @Override
    public String name() {
        return sealed.name();
    }

    @Override
    public int capacity() {
        return sealed.capacity();
    }

    @Override
    public OverflowPolicy overflowPolicy() {
        return sealed.overflowPolicy();
    }

    @Override
    public Duration sendTimeout() {
        return sealed.sendTimeout();
    }

    @Override
    public int size() {
        return sealed.size();
    }

    @Override
    public boolean isEmpty() {
        return sealed.isEmpty();
    }

    @Override
    public boolean isFull() {
        return sealed.isFull();
    }

    @Override
    public ChannelState state() {
        return sealed.state();
    }

    @Override
    public boolean isClosedForSending() {
        return sealed.isClosedForSending();
    }

    @Override
    public boolean isClosedForReceiving() {
        return sealed.isClosedForReceiving();
    }

    @Override
    public ChannelStats stats() {
        return sealed.stats();
    }

    @Override
    public int liveSenders() {
        return sealed.liveSenders();
    }

    @Override
    public int liveReceivers() {
        return sealed.liveReceivers();
    }

    @Override
    public int waitingSenders() {
        return sealed.waitingSenders();
    }

    @Override
    public int waitingReceivers() {
        return sealed.waitingReceivers();
    }

    @Override
    public boolean closeSending() {
        return sealed.closeSending();
    }

    @Override
    public boolean closeReceiving() {
        return sealed.closeReceiving();
    }

    @Override
    protected SendResult trySend(T message) {
        return sealed.trySend(seal(message));
    }

    @Override
    protected SendResult send(T message, boolean timed, long nanos) throws InterruptedException {
        return sealed.send(seal(message), timed, nanos);
    }

    /** Seals on the sending thread; a {@code null} would read as an empty slot in the ring, so it is refused. */
    private Object seal(T message) {
        return Objects.requireNonNull(envelope.seal(message),
                () -> "the envelope of channel '" + sealed.name() + "' sealed a message as null");
    }

    @Override
    protected T tryRecv() {
        Object message = sealed.tryRecv();
        return message == null ? null : open(message);
    }

    @Override
    protected T recv(boolean timed, long nanos) throws InterruptedException {
        Object message = sealed.recv(timed, nanos);
        return message == null ? null : open(message); // null: the wait timed out
    }

    /**
     * Opens on the receiving thread. The message has left the ring as received, so if opening
     * fails it is reported undelivered rather than lost with the exception.
     */
    private T open(Object message) {
        try {
            return envelope.open(message);
        } catch (Throwable e) {
            sealed.notifyUndelivered(message, UndeliveredReason.OPEN_FAILED);
            throw e;
        }
    }

    /**
     * Drains through a view of {@code target} that opens each message as it is added; the inner
     * queue reports a message whose opening or adding fails as undelivered. The view is one
     * allocation per call, which a channel that allocates per message anyway can afford.
     */
    @Override
    protected int drainTo(Collection<? super T> target, int max) {
        return sealed.drainTo(new AbstractCollection<Object>() {
            @Override
            public boolean add(Object message) {
                return target.add(envelope.open(message));
            }

            @Override
            public Iterator<Object> iterator() {
                throw new UnsupportedOperationException("a drain target is only added to");
            }

            @Override
            public int size() {
                throw new UnsupportedOperationException("a drain target is only added to");
            }
        }, max);
    }

    @Override
    protected boolean isExhausted() {
        return sealed.isExhausted();
    }

    @Override
    protected long sendTimeoutNanos() {
        return sealed.sendTimeoutNanos();
    }

    @Override
    protected void retainHandle(boolean sender) {
        sealed.retainHandle(sender);
    }

    @Override
    protected void releaseHandle(boolean sender) {
        sealed.releaseHandle(sender);
    }

    @Override
    protected void countLeak(boolean sender) {
        sealed.countLeak(sender);
    }

    @Override
    public String toString() {
        return "EnvelopedStorage[" + sealed.name() + ", capacity=" + capacity() + ", overflow=" + overflowPolicy()
                + ", state=" + state() + "]";
    }
}
