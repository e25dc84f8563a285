package io.ove.channel.shm;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.ChannelState;
import io.ove.channel.ChannelStats;
import io.ove.channel.ChannelStorage;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.UndeliveredHandler;
import io.ove.channel.UndeliveredReason;
import java.lang.System.Logger.Level;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A channel's storage in a shared file: the core's message path and handle counting over
 * {@link SharedRing} and {@link Attachment}, with a {@link Codec} between messages and payloads.
 *
 * <p>Waiting: a blocking call never sleeps on something another process must wake (a JVM cannot
 * wake a sleeper in another process on Java 17), so it polls with a {@link PollingBackoff} whose
 * sleeps grow to 1 ms. While it waits it also reaps dead peers every 250 ms and gives up on slots
 * stuck longer than the file's stuck timeout, so a crashed peer never strands it.
 *
 * @param <T> the message type
 */
final class SharedStorage<T> extends ChannelStorage<T> {

    private static final System.Logger LOG = System.getLogger(SharedStorage.class.getName());
    private static final long REAP_INTERVAL_NANOS = 250_000_000L;
    /** How long {@code tryRecv} waits for a producer that claimed the next slot to publish it. */
    private static final long TRY_RECV_IN_FLIGHT_NANOS = 1_000_000L;

    private final Attachment attachment;
    private final SharedFile file;
    private final SharedRing ring;
    private final Codec<T> codec;
    private final String name;
    private final UndeliveredHandler<? super T> undeliveredHandler;
    private final long sendTimeoutNanos;
    /** Each thread's encode and decode buffers, of the file's maximum message size. */
    private final ThreadLocal<Scratch> scratch;

    // This JVM's figures (the shared ones live in the file).
    private final AtomicInteger localSenders = new AtomicInteger();
    private final AtomicInteger localReceivers = new AtomicInteger();
    private final AtomicInteger waitingSenders = new AtomicInteger();
    private final AtomicInteger waitingReceivers = new AtomicInteger();
    private final LongAdder leakedHandles = new LongAdder();
    /**
     * When a waiting call of any thread last reaped. Volatile so that waiting threads share one
     * 250 ms rhythm; the read-then-write is not atomic, and a race only costs an extra reap.
     */
    private volatile long lastReap = System.nanoTime();
    /** Slots a reader took and did not free (they make the ring look full). */
    private final StuckWatch heldByReader;
    /** Slots a writer claimed and did not publish (they make the ring look empty). */
    private final StuckWatch inFlight;
    /** Set once by {@link #detach()}; volatile: every operation checks it. */
    private volatile boolean detached;

    SharedStorage(Attachment attachment, Codec<T> codec, String name, UndeliveredHandler<? super T> handler,
            long sendTimeoutNanos) {
        this.attachment = attachment;
        this.file = attachment.file;
        this.ring = new SharedRing(file, attachment.index);
        this.codec = codec;
        this.name = name;
        this.undeliveredHandler = handler;
        this.sendTimeoutNanos = sendTimeoutNanos;
        this.heldByReader = new StuckWatch(file.stuckNanos);
        this.inFlight = new StuckWatch(file.stuckNanos);
        int size = file.maxMessageSize;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(size));
    }

    // ---------------------------------------------------------------- handles

    Sender<T> openSender() {
        retainHandle(true);
        return adoptSender();
    }

    Receiver<T> openReceiver() {
        retainHandle(false);
        return adoptReceiver();
    }

    Channel<T> openChannel() {
        retainHandle(true);
        retainHandle(false);
        return adoptChannel();
    }

    @Override
    protected void retainHandle(boolean sender) {
        ensureAttached();
        (sender ? localSenders : localReceivers).incrementAndGet();
        attachment.retain(sender);
    }

    @Override
    protected void releaseHandle(boolean sender) {
        if (detached) {
            return; // detach() already gave this JVM's handles up
        }
        (sender ? localSenders : localReceivers).decrementAndGet();
        if (attachment.release(sender)) {
            closeSide(sender);
        }
    }

    @Override
    protected void countLeak(boolean sender) {
        leakedHandles.increment();
        LOG.log(Level.WARNING, "shared channel ''{0}'': a {1} was garbage-collected without close(); it was released"
                + " now. Close every handle so peers in other processes are not kept waiting",
                name, sender ? "Sender" : "Receiver");
    }

    private void closeSide(boolean sender) {
        if (sender) {
            closeSending();
        } else {
            closeReceiving();
        }
    }

    /**
     * Gives up the handles of this storage that are still open, with the closing rules, then
     * detaches from the file. Handles used afterwards throw.
     */
    void detach() {
        synchronized (this) {
            if (detached) {
                return;
            }
            int senders = localSenders.getAndSet(0);
            int receivers = localReceivers.getAndSet(0);
            boolean closeSending = false;
            boolean closeReceiving = false;
            for (int i = 0; i < senders; i++) {
                closeSending |= attachment.release(true);
            }
            for (int i = 0; i < receivers; i++) {
                closeReceiving |= attachment.release(false);
            }
            if (closeSending) {
                closeSending();
            }
            if (closeReceiving) {
                closeReceiving();
            }
            detached = true;
        }
        attachment.detach();
    }

    private void ensureAttached() {
        if (detached) {
            throw new IllegalStateException("shared channel '" + name + "' (" + file.path + ") was closed in this"
                    + " process; open it again to get new handles");
        }
    }

    // ---------------------------------------------------------------- sending

    @Override
    protected SendResult trySend(T message) {
        ensureAttached();
        Scratch buffers = scratch.get();
        int length = encode(message, buffers);
        return sendOnce(buffers, length, true);
    }

    /** One attempt; under drop-oldest a full ring evicts and retries. CLOSED is returned, not thrown. */
    private SendResult sendOnce(Scratch buffers, int length, boolean countFull) {
        for (;;) {
            int outcome = ring.offer(buffers.encoded, length);
            if (outcome == SharedRing.SENT) {
                return SendResult.SENT;
            }
            if (outcome == SharedRing.CLOSED) {
                file.addLong(Layout.CLOSED_DROPS_OFFSET, 1);
                return SendResult.CLOSED;
            }
            if (outcome == SharedRing.FULL && reclaimIfHeldTooLong()) {
                continue; // a dead reader's slot was freed: there is room now
            }
            if (outcome == SharedRing.FULL && file.overflow == OverflowPolicy.DROP_OLDEST) {
                evictOldest(buffers);
                continue;
            }
            // A blocking send that is still going to wait counts nothing yet: only its final refusal counts.
            if (countFull || file.overflow != OverflowPolicy.BLOCK) {
                file.addLong(Layout.FULL_DROPS_OFFSET, 1);
            }
            return SendResult.FULL;
        }
    }

    /** Frees the slot a reader has held past the stuck timeout, if that is why the ring is full. */
    private boolean reclaimIfHeldTooLong() {
        long held = ring.positionHeldByReader();
        if (held >= 0 && heldByReader.expired(held)) {
            ring.reclaimHeld(held);
            return true;
        }
        return false;
    }

    /** Skips the slot a writer has held past the stuck timeout; called when the next slot is in flight. */
    private void skipIfWrittenTooLong() {
        long head = ring.head();
        if (inFlight.expired(head)) {
            ring.skipStuck(head);
        }
    }

    private void evictOldest(Scratch buffers) {
        int length = ring.poll(buffers.decoded);
        if (length >= 0) {
            file.addLong(Layout.EVICTED_OFFSET, 1);
            file.addLong(Layout.FULL_DROPS_OFFSET, 1);
            notifyUndelivered(buffers, length, UndeliveredReason.EVICTED);
        } else {
            if (length == SharedRing.IN_FLIGHT) {
                skipIfWrittenTooLong(); // a writer that died there must not stall evictions for ever
            }
            Thread.onSpinWait(); // a receiver took it first, or it is being written: offer again
        }
    }

    @Override
    protected SendResult send(T message, boolean timed, long nanos) throws InterruptedException {
        ensureAttached();
        Scratch buffers = scratch.get();
        int length = encode(message, buffers);
        if (file.overflow != OverflowPolicy.BLOCK) {
            SendResult result = sendOnce(buffers, length, true);
            if (result == SendResult.CLOSED) {
                throw closedForSending();
            }
            return result;
        }
        SendResult first = sendOnce(buffers, length, false);
        if (first == SendResult.SENT) {
            return first;
        }
        if (first == SendResult.CLOSED) {
            throw closedForSending();
        }
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        PollingBackoff backoff = buffers.backoff.reset();
        waitingSenders.incrementAndGet();
        try {
            for (;;) {
                if (timed && deadline - System.nanoTime() <= 0) {
                    file.addLong(Layout.FULL_DROPS_OFFSET, 1);
                    return SendResult.FULL;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for room in shared channel '" + name + "'");
                }
                backoff.pause(timed ? deadline : 0L);
                reapIfDue();
                SendResult result = sendOnce(buffers, length, false);
                if (result == SendResult.SENT) {
                    return result;
                }
                if (result == SendResult.CLOSED) {
                    throw closedForSending();
                }
            }
        } finally {
            waitingSenders.decrementAndGet();
        }
    }

    private int encode(T message, Scratch buffers) {
        ByteBuffer target = buffers.encodeTarget.clear();
        try {
            codec.encode(message, target);
        } catch (BufferOverflowException tooBig) {
            throw new IllegalArgumentException("message too big for shared channel '" + name + "': its encoded form"
                    + " exceeds the channel's max message size of " + file.maxMessageSize + " bytes; send smaller"
                    + " messages or create the channel with a larger max message size", tooBig);
        }
        return target.position();
    }

    // ---------------------------------------------------------------- receiving

    @Override
    protected T tryRecv() {
        ensureAttached();
        Scratch buffers = scratch.get();
        long since = 0L;
        for (;;) {
            int length = ring.poll(buffers.decoded);
            if (length >= 0) {
                return decode(buffers, length);
            }
            if (length != SharedRing.IN_FLIGHT) {
                return null;
            }
            skipIfWrittenTooLong();
            // A producer claimed the next slot and is writing it: a few instructions, unless it was
            // preempted or died. Wait briefly, never for long (this call must not block).
            if (since == 0L) {
                since = System.nanoTime();
            } else if (System.nanoTime() - since > TRY_RECV_IN_FLIGHT_NANOS) {
                return null;
            }
            Thread.yield();
        }
    }

    @Override
    protected T recv(boolean timed, long nanos) throws InterruptedException {
        ensureAttached();
        Scratch buffers = scratch.get();
        int first = ring.poll(buffers.decoded);
        if (first >= 0) {
            return decode(buffers, first);
        }
        if (first == SharedRing.CLOSED_AND_DRAINED) {
            throw closedForReceiving();
        }
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        PollingBackoff backoff = buffers.backoff.reset();
        waitingReceivers.incrementAndGet();
        try {
            for (int outcome = first;;) {
                if (outcome == SharedRing.IN_FLIGHT) {
                    skipIfWrittenTooLong();
                }
                if (timed && deadline - System.nanoTime() <= 0) {
                    return null;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a message in shared channel '"
                            + name + "'");
                }
                backoff.pause(timed ? deadline : 0L);
                reapIfDue();
                outcome = ring.poll(buffers.decoded);
                if (outcome >= 0) {
                    return decode(buffers, outcome);
                }
                if (outcome == SharedRing.CLOSED_AND_DRAINED) {
                    throw closedForReceiving();
                }
            }
        } finally {
            waitingReceivers.decrementAndGet();
        }
    }

    @Override
    protected int drainTo(Collection<? super T> target, int max) {
        ensureAttached();
        Scratch buffers = scratch.get();
        int moved = 0;
        while (moved < max) {
            int length = ring.poll(buffers.decoded);
            if (length < 0) {
                break;
            }
            T message = decode(buffers, length);
            try {
                target.add(message);
            } catch (RuntimeException | Error refused) {
                notifyUndelivered(message, UndeliveredReason.REJECTED_BY_DRAIN_TARGET);
                throw refused;
            }
            moved++;
        }
        return moved;
    }

    @Override
    protected boolean isExhausted() {
        return ring.isMarkedClosed() && ring.size() == 0;
    }

    private T decode(Scratch buffers, int length) {
        return codec.decode(buffers.decodeSource.clear().limit(length));
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean closeSending() {
        return ring.markClosed();
    }

    @Override
    public boolean closeReceiving() {
        ring.markClosed(); // first: no send can claim a position after this
        boolean closedNow = ring.flagReceivingClosed();
        drainUndelivered();
        return closedNow;
    }

    /**
     * Reports every buffered message as undelivered, waiting for slots being written: at most the
     * stuck timeout for a writer that died, then the slot is skipped. A ring that makes no progress
     * for four stuck timeouts even so (only a corrupt file does that) is left as it is, logged.
     */
    private void drainUndelivered() {
        Scratch buffers = scratch.get();
        PollingBackoff backoff = buffers.backoff.reset();
        long lastProgress = System.nanoTime();
        for (;;) {
            int length = ring.poll(buffers.decoded);
            if (length >= 0) {
                file.addLong(Layout.UNDELIVERED_OFFSET, 1);
                notifyUndelivered(buffers, length, UndeliveredReason.RECEIVERS_CLOSED);
                lastProgress = System.nanoTime();
            } else if (length == SharedRing.IN_FLIGHT) {
                skipIfWrittenTooLong();
                if (System.nanoTime() - lastProgress > 4 * file.stuckNanos) {
                    LOG.log(Level.ERROR, "shared channel ''{0}'' ({1}): a slot stays unfinished however long the"
                            + " drain waits; the file looks corrupt, and what is left in it is not reported", name, file.path);
                    return;
                }
                backoff.pause(0L);
            } else {
                return; // closed and drained (the mark is set, so never merely empty)
            }
        }
    }

    /**
     * Reaps dead peers now and applies the closing rules to the handles they held.
     *
     * @return how many handles were released
     */
    int reapDeadPeers() {
        ensureAttached();
        lastReap = System.nanoTime();
        long reaped = attachment.reap();
        int senders = (int) (reaped >>> 32);
        int receivers = (int) reaped;
        if (senders > 0 && attachment.live(true) == 0) {
            closeSending();
        }
        if (receivers > 0 && attachment.live(false) == 0) {
            closeReceiving();
        }
        return senders + receivers;
    }

    private void reapIfDue() {
        if (System.nanoTime() - lastReap > REAP_INTERVAL_NANOS) {
            reapDeadPeers();
        }
    }

    private void notifyUndelivered(Scratch buffers, int length, UndeliveredReason reason) {
        T message;
        try {
            message = decode(buffers, length);
        } catch (RuntimeException undecodable) {
            LOG.log(Level.ERROR, "shared channel '" + name + "': a message not delivered (" + reason + ") could not"
                    + " be decoded for the undelivered handler; it is counted", undecodable);
            return;
        }
        notifyUndelivered(message, reason);
    }

    private void notifyUndelivered(T message, UndeliveredReason reason) {
        if (undeliveredHandler == null) {
            LOG.log(Level.WARNING, "shared channel ''{0}'': a message was not delivered ({1}) and no undelivered"
                    + " handler is set", name, reason);
            return;
        }
        try {
            undeliveredHandler.onUndelivered(message, reason);
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "shared channel '" + name + "': the undelivered handler failed on a message ("
                    + reason + "); the message is counted as not delivered", e);
        }
    }

    private ChannelClosedException closedForSending() {
        return new ChannelClosedException(ring.isReceivingClosed()
                ? "shared channel '" + name + "' is closed for sending: every receiver, in every process, is gone"
                : "shared channel '" + name + "' is closed for sending: its sending side was closed");
    }

    private ChannelClosedException closedForReceiving() {
        return new ChannelClosedException(ring.isReceivingClosed()
                ? "shared channel '" + name + "' is closed for receiving: its receiving side was closed"
                : "shared channel '" + name + "' is closed and drained: every sender, in every process, is gone and"
                        + " no message is left");
    }

    // ---------------------------------------------------------------- introspection

    @Override
    public String name() {
        return name;
    }

    @Override
    public int capacity() {
        return file.capacity;
    }

    @Override
    public OverflowPolicy overflowPolicy() {
        return file.overflow;
    }

    @Override
    public Duration sendTimeout() {
        return sendTimeoutNanos < 0 ? null : Duration.ofNanos(sendTimeoutNanos);
    }

    @Override
    protected long sendTimeoutNanos() {
        return sendTimeoutNanos;
    }

    @Override
    public int size() {
        return ring.size();
    }

    @Override
    public ChannelState state() {
        if (ring.isReceivingClosed()) {
            return ChannelState.CLOSED_FOR_RECEIVING;
        }
        return ring.isMarkedClosed() ? ChannelState.CLOSED_FOR_SENDING : ChannelState.OPEN;
    }

    @Override
    public boolean isClosedForSending() {
        return ring.isMarkedClosed();
    }

    @Override
    public boolean isClosedForReceiving() {
        return ring.isReceivingClosed();
    }

    @Override
    public int liveSenders() {
        return attachment.live(true);
    }

    @Override
    public int liveReceivers() {
        return attachment.live(false);
    }

    @Override
    public int waitingSenders() {
        return waitingSenders.get();
    }

    @Override
    public int waitingReceivers() {
        return waitingReceivers.get();
    }

    /** {@return the figures of every process; {@code received} counts what left the ring for a receiver} */
    @Override
    public ChannelStats stats() {
        long evicted = file.getLongVolatile(Layout.EVICTED_OFFSET);
        long undelivered = file.getLongVolatile(Layout.UNDELIVERED_OFFSET);
        long lost = file.getLongVolatile(Layout.LOST_OFFSET);
        long head = ring.head();
        long sent = ring.tailPosition();
        long received = Math.max(0, head - evicted - undelivered - lost);
        return new ChannelStats(name, file.capacity, ring.size(), liveSenders(), liveReceivers(), sent, received,
                file.getLongVolatile(Layout.FULL_DROPS_OFFSET), file.getLongVolatile(Layout.CLOSED_DROPS_OFFSET),
                evicted, undelivered, leakedHandles.sum(), state());
    }

    /** {@return slots given up on after a crash, in every process} */
    long lost() {
        return file.getLongVolatile(Layout.LOST_OFFSET);
    }

    /** {@return handles released on behalf of dead processes} */
    long reaped() {
        return file.getLongVolatile(Layout.REAPED_OFFSET);
    }

    /** {@return how many processes are attached to the file now} */
    int participants() {
        return attachment.participants();
    }

    @Override
    public String toString() {
        return "SharedStorage[" + name + ", " + file.path + ", capacity=" + file.capacity + ", state=" + state() + "]";
    }

    /** One thread's buffers: reused by every operation of that thread, so the message path allocates nothing. */
    private static final class Scratch {
        final byte[] encoded;
        final ByteBuffer encodeTarget;
        final byte[] decoded;
        final ByteBuffer decodeSource;
        final PollingBackoff backoff = new PollingBackoff();

        Scratch(int maxMessageSize) {
            encoded = new byte[maxMessageSize];
            encodeTarget = ByteBuffer.wrap(encoded);
            decoded = new byte[maxMessageSize];
            decodeSource = ByteBuffer.wrap(decoded);
        }
    }
}
