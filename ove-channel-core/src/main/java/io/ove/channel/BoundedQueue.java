package io.ove.channel;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The storage of one channel: a fixed-capacity, lock-free MPMC ring plus everything its handles
 * share (waiting threads, closing, statistics, the overflow policy and the undelivered handler).
 *
 * <p>Most code never sees this type: {@link Channel#bounded(int)} creates one behind the scenes.
 * It is public for the caller-owned mode, where the caller creates the queue and the two handle
 * counters up front, typically as {@code static final} fields, and wraps them in handles with
 * {@link Sender#fromStatic} and {@link Receiver#fromStatic}:
 *
 * <pre>{@code
 * static final BoundedQueue<Event> EVENTS = new BoundedQueue<>(64);
 * static final AtomicInteger EVENT_SENDERS = new AtomicInteger(1);
 * static final AtomicInteger EVENT_RECEIVERS = new AtomicInteger(1);
 *
 * Sender<Event> tx = Sender.fromStatic(EVENTS, EVENT_SENDERS, EVENT_RECEIVERS);
 * Receiver<Event> rx = Receiver.fromStatic(EVENTS, EVENT_SENDERS, EVENT_RECEIVERS);
 * }</pre>
 *
 * <p>The queue also offers what a container needs to manage a channel as a whole:
 * {@link #closeSending()}, {@link #closeReceiving()} and {@link #stats()}.
 *
 * @param <T> the message type
 */
public final class BoundedQueue<T> extends ChannelStorage<T> {

    private static final System.Logger LOG = System.getLogger(BoundedQueue.class.getName());
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private static final VarHandle GUARD;
    private static final VarHandle RECEIVE_CLOSE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GUARD = lookup.findVarHandle(BoundedQueue.class, "guard", long.class);
            RECEIVE_CLOSE = lookup.findVarHandle(BoundedQueue.class, "receiveCloseClaimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The buffer; {@code null} for a rendezvous channel (capacity 0). */
    private final Ring ring;
    /** The hand-off point of a rendezvous channel (capacity 0); {@code null} for a buffered one. */
    private final Rendezvous rendezvous;
    private final String name;
    private final OverflowPolicy overflow;
    private final UndeliveredHandler<? super T> undeliveredHandler;
    /** The bound of an untimed {@code send}, or -1 for none. */
    private final long sendTimeoutNanos;

    /** Producers waiting while the ring is full. */
    private final Waker senders = new Waker();
    /** Consumers waiting while the ring is empty. */
    private final Waker receivers = new Waker();

    // Slow-path statistics. The fast path counts nothing: sent and received derive from the
    // ring's own counters. LongAdder because full drops can come from every producer at once.
    private final LongAdder fullDrops = new LongAdder();
    private final LongAdder closedDrops = new LongAdder();
    private final LongAdder leakedHandles = new LongAdder();

    /**
     * The guard of the slow paths that must not interleave: setting the closed mark, evicting
     * (drop-oldest) and draining at receive-close, that is, every removal from the ring that is
     * not a receive. A sequence lock: odd while held, taken by CAS from an even value, released by
     * a volatile write of the next even value. Besides excluding an eviction after the closed
     * mark, it lets {@link #stats()} read {@link #evicted}, {@link #undelivered} and the head as
     * one consistent snapshot, so {@code received} (derived from them) never goes backwards.
     */
    private volatile long guard;
    /** Messages evicted by drop-oldest; written only under the guard (volatile: read by stats). */
    private volatile long evicted;
    /**
     * Messages drained as undelivered when the receiving side closed; written only under the
     * guard (volatile: read by stats).
     */
    private volatile long undelivered;

    /** Whether a {@code closeReceiving} call has won the close; set once by CAS. */
    private volatile boolean receiveCloseClaimed;
    /**
     * Set once the receiving side is closed, always after the closed mark (volatile: read by the
     * state queries of any thread, and whoever sees it also sees the mark).
     */
    private volatile boolean receivingClosed;

    // Caller-owned handle counters, set once by bind() (volatile: read by statistics and by handle
    // clone/close on any thread, which never hold the lock).
    private volatile AtomicInteger senderCount;
    private volatile AtomicInteger receiverCount;
    // Whether each side's first handle exists; guarded by `this` (bind and first-handle creation
    // run once per queue, never on the message path, and never park while holding the monitor).
    private boolean firstSenderTaken;
    private boolean firstReceiverTaken;

    /**
     * Creates a queue with the {@link OverflowPolicy#BLOCK} policy and no undelivered handler.
     * Use {@link Channel#builder(int)} and {@link ChannelBuilder#buildQueue()} for the options.
     *
     * @param capacity the most messages it holds, from 1 to {@value Ring#MAX_CAPACITY}, or 0 for
     *                 a rendezvous queue (no buffer: a send completes when a receiver takes it)
     * @throws IllegalArgumentException if the capacity is out of range
     */
    public BoundedQueue(int capacity) {
        this(capacity, null, OverflowPolicy.BLOCK, null, -1L);
    }

    BoundedQueue(int capacity, String name, OverflowPolicy overflow, UndeliveredHandler<? super T> handler,
            long sendTimeoutNanos) {
        Objects.requireNonNull(overflow, "overflow");
        if (capacity < 0 || capacity > Ring.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 0 (rendezvous) and " + Ring.MAX_CAPACITY
                    + " (inclusive), but was " + capacity);
        }
        if (capacity == 0 && overflow == OverflowPolicy.DROP_OLDEST) {
            throw new IllegalArgumentException("a rendezvous channel (capacity 0) buffers nothing, so it has no oldest"
                    + " message to drop: use BLOCK or DROP_NEWEST");
        }
        this.ring = capacity == 0 ? null : new Ring(capacity);
        this.rendezvous = capacity == 0 ? new Rendezvous() : null;
        this.name = name != null ? name : "channel-" + UNNAMED.incrementAndGet();
        this.overflow = overflow;
        this.undeliveredHandler = handler;
        this.sendTimeoutNanos = sendTimeoutNanos;
    }

    // ---------------------------------------------------------------- introspection

    /** {@return the name given at creation, or a generated {@code channel-N}} */
    @Override
    public String name() {
        return name;
    }

    /** {@return the most messages this queue holds, exactly as requested (0 for a rendezvous queue)} */
    @Override
    public int capacity() {
        return ring == null ? 0 : ring.capacity();
    }

    /** {@return whether this is a rendezvous queue (capacity 0): senders hand messages to receivers} */
    public boolean isRendezvous() {
        return rendezvous != null;
    }

    /** {@return the overflow policy chosen at creation} */
    @Override
    public OverflowPolicy overflowPolicy() {
        return overflow;
    }

    /** {@return the bound of an untimed {@code send} set at creation, or {@code null} for none} */
    @Override
    public java.time.Duration sendTimeout() {
        return sendTimeoutNanos < 0 ? null : java.time.Duration.ofNanos(sendTimeoutNanos);
    }

    @Override
    protected long sendTimeoutNanos() {
        return sendTimeoutNanos;
    }

    /** {@return the number of buffered messages (a moment's snapshot; always 0 for a rendezvous queue)} */
    @Override
    public int size() {
        return ring == null ? 0 : ring.size();
    }

    /** {@return whether no message is buffered (a moment's snapshot)} */
    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * {@return whether every slot holds a message (a moment's snapshot); always true for a
     * rendezvous queue, which has no slot to offer}
     */
    @Override
    public boolean isFull() {
        return size() == capacity();
    }

    /** {@return the channel's state now} */
    @Override
    public ChannelState state() {
        if (receivingClosed) {
            return ChannelState.CLOSED_FOR_RECEIVING;
        }
        return isClosedForSending() ? ChannelState.CLOSED_FOR_SENDING : ChannelState.OPEN;
    }

    /** {@return whether sends are refused now (every sender or every receiver is gone)} */
    @Override
    public boolean isClosedForSending() {
        return ring == null ? rendezvous.isClosed() : ring.isMarkedClosed();
    }

    /** {@return whether the receiving side is closed (every receiver is gone)} */
    @Override
    public boolean isClosedForReceiving() {
        return receivingClosed;
    }

    /**
     * Reads the statistics without locking. Cheap enough to call on every metrics scrape.
     *
     * @return a snapshot of this queue's figures
     */
    @Override
    public ChannelStats stats() {
        if (rendezvous != null) {
            // Nothing is ever buffered: every message sent was received in the same hand-off.
            long handoffs = rendezvous.handoffs();
            return new ChannelStats(name, 0, 0, liveSenders(), liveReceivers(), handoffs, handoffs,
                    fullDrops.sum(), closedDrops.sum(), 0, 0, leakedHandles.sum(), state());
        }
        long evictedNow;
        long undeliveredNow;
        long head;
        for (int attempt = 0;; attempt++) {
            // A sequence-lock read: the three figures are one snapshot when no guarded removal
            // ran in between (all reads volatile, so they stay in this order).
            long before = guard;
            if ((before & 1) == 0) {
                evictedNow = evicted;
                undeliveredNow = undelivered;
                head = ring.headPosition();
                if (guard == before) {
                    break;
                }
            }
            Backoff.pause(Math.min(attempt, Backoff.RETRIES - 1));
        }
        // Every head move is a receive, an eviction or a drained undelivered message, and the
        // last two are counted under the guard together with their move: received is exact at
        // the snapshot, so it never goes backwards from one call to the next.
        long received = head - evictedNow - undeliveredNow;
        long sent = ring.tailPosition();
        return new ChannelStats(name, ring.capacity(), ring.size(), liveSenders(), liveReceivers(),
                sent, received, fullDrops.sum(), closedDrops.sum(), evictedNow, undeliveredNow,
                leakedHandles.sum(), state());
    }

    /** {@return open sender handles, or 0 before the first one exists} */
    @Override
    public int liveSenders() {
        AtomicInteger count = senderCounter();
        return count == null ? 0 : Math.max(0, count.get());
    }

    /** {@return open receiver handles, or 0 before the first one exists} */
    @Override
    public int liveReceivers() {
        AtomicInteger count = receiverCounter();
        return count == null ? 0 : Math.max(0, count.get());
    }

    /**
     * {@return threads registered to wait for room in {@code send} (a moment's snapshot), or, for a
     * rendezvous queue, for a receiver; a {@link Select} counts once per send operation it registered}
     */
    @Override
    public int waitingSenders() {
        return ring == null ? rendezvous.waitingSenders() : senders.size();
    }

    /**
     * {@return threads registered to wait for a message in {@code recv} (a moment's snapshot); a
     * {@link Select} counts once per receive operation it registered}
     */
    @Override
    public int waitingReceivers() {
        return ring == null ? rendezvous.waitingReceivers() : receivers.size();
    }

    // ---------------------------------------------------------------- closing as a whole

    /**
     * Closes the sending side for every handle at once, whatever senders are still open: later
     * sends report {@link SendResult#CLOSED} (or throw {@link ChannelClosedException}), waiting
     * senders wake up and see the same, and receivers drain what is buffered, then see the
     * channel closed. Idempotent.
     *
     * @return {@code true} if this call closed it, {@code false} if it was closed already
     */
    @Override
    public boolean closeSending() {
        if (rendezvous != null) {
            boolean closedNow = rendezvous.close(); // claims and unparks every waiting thread
            Seam.at(Seam.Point.CLOSE_MARKED);
            return closedNow;
        }
        boolean closedNow;
        lockGuard(); // the mark never lands in the middle of an eviction
        try {
            closedNow = ring.markClosed();
        } finally {
            unlockGuard();
        }
        Seam.at(Seam.Point.CLOSE_MARKED);
        // Claim every waiting context: senders must see "closed", receivers must see "closed"
        // once they have drained. A waiter that registers after this sees the mark in its re-check.
        senders.disconnect();
        receivers.disconnect();
        return closedNow;
    }

    /**
     * Closes the receiving side for every handle at once: sends are refused from now on, and every
     * message still buffered is handed to the undelivered handler (and counted as undelivered).
     * Idempotent; concurrent calls all return once the drain they joined is done, and exactly one
     * of them returns {@code true}.
     *
     * <p>It is meant for shutting a channel down, and it is not atomic with respect to receivers
     * that are still running: it closes the sending side first, then drains, and a receiver racing
     * the drain may still take a message the drain has not reached yet. Each message is then
     * either received or reported undelivered, never both and never neither. Closing the last
     * {@link Receiver} handle, the normal way, leaves no receiver to race.
     *
     * @return {@code true} if this call closed it, {@code false} if another call had already
     */
    @Override
    public boolean closeReceiving() {
        // CAS: exactly one caller wins, however many race (the last receiver's close against a
        // container's shutdown, say).
        boolean closedNow = RECEIVE_CLOSE.compareAndSet(this, false, true);
        Seam.at(Seam.Point.CLOSE_RECEIVING_CLAIMED);
        // The mark first, then the flag: whoever sees CLOSED_FOR_RECEIVING also sees every send
        // refused. Every caller does both, so none returns before the side is closed.
        closeSending();
        receivingClosed = true; // volatile write, after the mark
        Seam.at(Seam.Point.CLOSE_RECEIVING_FLAGGED);
        drainUndelivered();
        return closedNow;
    }

    /**
     * Reports every buffered message as undelivered, including one claimed by a producer that
     * passed the mark check just before the mark (poll waits for its write to be published).
     * Concurrent drains share the work: each message is polled once.
     */
    private void drainUndelivered() {
        if (rendezvous != null) {
            return; // nothing is buffered, so nothing is undelivered
        }
        for (;;) {
            Object message;
            lockGuard(); // the removal and its count are one step for stats()
            try {
                message = ring.poll();
                if (message != null && message != Ring.CLOSED_AND_EMPTY) {
                    undelivered = undelivered + 1; // volatile write under the guard
                }
            } finally {
                unlockGuard();
            }
            if (message == null || message == Ring.CLOSED_AND_EMPTY) {
                return;
            }
            notifyUndelivered(message, UndeliveredReason.RECEIVERS_CLOSED);
        }
    }

    // ---------------------------------------------------------------- sending (for Sender)

    @Override
    protected SendResult trySend(T message) {
        if (rendezvous != null) {
            return rendezvousTrySend(message, true);
        }
        Seam.at(Seam.Point.SEND_ATTEMPT);
        int outcome = ring.offer(message);
        if (outcome == Ring.OFFERED) {
            signalReceivers();
            return SendResult.SENT;
        }
        return refusedWithoutWaiting(message, outcome);
    }

    @Override
    protected SendResult send(T message, boolean timed, long nanos) throws InterruptedException {
        if (rendezvous != null) {
            return rendezvousSend(message, timed, nanos);
        }
        Seam.at(Seam.Point.SEND_ATTEMPT);
        // A blocking send may take a slot-level "full" (it retries and re-checks exactly before it
        // parks); the other policies act on the verdict at once, so theirs must be exact.
        boolean blocks = overflow == OverflowPolicy.BLOCK;
        int outcome = blocks ? ring.offerIfSlotFree(message) : ring.offer(message);
        if (outcome == Ring.OFFERED) {
            signalReceivers();
            return SendResult.SENT;
        }
        if (outcome == Ring.FULL && blocks) {
            return awaitRoom(message, timed, nanos);
        }
        SendResult result = refusedWithoutWaiting(message, outcome);
        if (result == SendResult.CLOSED) {
            throw closedForSending();
        }
        return result;
    }

    /** The outcome of a send that found the ring full or closed and may not wait. */
    private SendResult refusedWithoutWaiting(T message, int outcome) {
        if (outcome == Ring.CLOSED) {
            closedDrops.increment();
            return SendResult.CLOSED;
        }
        if (overflow == OverflowPolicy.DROP_OLDEST) {
            return evictOldestAndOffer(message);
        }
        fullDrops.increment();
        return SendResult.FULL;
    }

    /**
     * Drop-oldest: evicts the oldest message and offers the new one, under the guard. The guard
     * keeps the closed mark out, so a call that reports {@code CLOSED} found the mark before
     * evicting anything; and the eviction happens only while every slot is taken, so nothing is
     * evicted when a receiver made room meanwhile. A producer outside the guard may take the slot
     * an eviction freed (its send then used the room); the call then evicts again.
     */
    private SendResult evictOldestAndOffer(T message) {
        for (;;) {
            Seam.at(Seam.Point.EVICT_ATTEMPT);
            Object oldest = null;
            int outcome;
            lockGuard();
            try {
                for (;;) {
                    outcome = ring.offer(message);
                    if (outcome != Ring.FULL || oldest != null) {
                        break; // placed, closed, or one eviction to report before the next
                    }
                    oldest = ring.pollIfFull();
                    if (oldest != null) {
                        Seam.at(Seam.Point.EVICTED);
                        evicted = evicted + 1; // volatile write under the guard, with the removal
                    }
                }
            } finally {
                unlockGuard();
            }
            if (oldest != null) {
                fullDrops.increment();
                notifyUndelivered(oldest, UndeliveredReason.EVICTED);
            }
            if (outcome == Ring.OFFERED) {
                signalReceivers();
                return SendResult.SENT;
            }
            if (outcome == Ring.CLOSED) {
                closedDrops.increment();
                return SendResult.CLOSED;
            }
        }
    }

    private SendResult awaitRoom(T message, boolean timed, long nanos) throws InterruptedException {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        for (int attempt = 0, retries = Seam.spinRetries(); attempt < retries; attempt++) {
            if (timed && deadline - System.nanoTime() <= 0) {
                break;
            }
            Backoff.pause(attempt);
            int outcome = ring.offerIfSlotFree(message); // slot-level, like send()'s first attempt
            if (outcome != Ring.FULL) {
                return sendOutcome(outcome);
            }
        }
        // Every verdict that ends the call (a deadline, an interrupt) or parks it is exact: the
        // slot-level "full" of the attempts above may be a slot a receiver is about to free.
        int exact = ring.offer(message);
        if (exact != Ring.FULL) {
            return sendOutcome(exact);
        }
        if (timed && deadline - System.nanoTime() <= 0) {
            return timedOutFull(); // before the interrupt check, as when the spin phase timed out
        }
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for room in channel '" + name + "'");
            }
            if (timed && deadline - System.nanoTime() <= 0) {
                return timedOutFull();
            }
            long selection = awaitClaim(senders, true, timed, deadline);
            if (selection == WaitContext.INTERRUPTED) {
                throw new InterruptedException("interrupted while waiting for room in channel '" + name + "'");
            }
            Seam.at(Seam.Point.SEND_ATTEMPT);
            int outcome = ring.offer(message);
            if (outcome != Ring.FULL) {
                return sendOutcome(outcome);
            }
            if (selection == WaitContext.TIMED_OUT) {
                return timedOutFull();
            }
            // Woken, but another producer took the room first: wait again.
        }
    }

    /**
     * One wait of the protocol (see {@link Waker} and {@link WaitContext}), the same for both
     * sides: registers the calling thread's context, re-checks the ring without taking anything,
     * parks until the context is claimed, and takes the registration off unless the waker that
     * claimed it already did. The caller retries its operation afterwards, whatever the claim.
     *
     * @param waker   the side's waiters: {@link #senders} or {@link #receivers}
     * @param forRoom whether the caller waits for room (a sender) or for a message (a receiver)
     * @return the claim that ended the wait
     */
    private long awaitClaim(Waker waker, boolean forRoom, boolean timed, long deadline) {
        WaitContext context = WaitContext.current();
        Seam.at(forRoom ? Seam.Point.SEND_REGISTER : Seam.Point.RECV_REGISTER);
        context.reset();
        waker.register(context.entry);
        Seam.at(forRoom ? Seam.Point.SEND_REGISTERED : Seam.Point.RECV_REGISTERED);
        // Re-check without taking: a message or slot taken now, before our claim is settled, could
        // come with a wake-up that a waker is handing us meanwhile for the next waiter. If the
        // channel is ready, claim our own context so that wakers skip it; the retry comes after.
        if (forRoom ? ring.hasRoomOrClosed() : ring.hasMessageOrClosed()) {
            context.trySelect(WaitContext.ABORTED);
        }
        long selection = context.await(timed, deadline, this);
        Seam.at(forRoom ? Seam.Point.SEND_WOKEN : Seam.Point.RECV_WOKEN);
        // Always through the waker's lock, even when the waker that claimed us took the entry off:
        // its unlink writes the entry's links after its claim, and this lock acquisition is what
        // orders them before our next registration (possibly on another channel's waker).
        waker.unregister(context.entry);
        return selection;
    }

    private SendResult sendOutcome(int outcome) {
        if (outcome == Ring.OFFERED) {
            signalReceivers();
            return SendResult.SENT;
        }
        closedDrops.increment();
        throw closedForSending();
    }

    private SendResult timedOutFull() {
        fullDrops.increment();
        return SendResult.FULL;
    }

    // ---------------------------------------------------------------- rendezvous sends

    /**
     * One hand-off attempt that never waits.
     *
     * @param countsFull whether finding nobody waiting counts as a full drop: it does for a
     *                   caller's try-send, not for a select, which keeps its message and waits on
     */
    private SendResult rendezvousTrySend(T message, boolean countsFull) {
        Seam.at(Seam.Point.SEND_ATTEMPT);
        int outcome = rendezvous.trySend(message);
        if (outcome == Rendezvous.HANDED_OVER) {
            return SendResult.SENT;
        }
        if (outcome == Rendezvous.CLOSED) {
            closedDrops.increment();
            return SendResult.CLOSED;
        }
        if (countsFull) {
            fullDrops.increment(); // nobody waiting to receive: the rendezvous form of "full"
        }
        return SendResult.FULL;
    }

    private SendResult rendezvousSend(T message, boolean timed, long nanos) throws InterruptedException {
        if (overflow != OverflowPolicy.BLOCK) {
            SendResult result = rendezvousTrySend(message, true); // DROP_NEWEST: never waits
            if (result == SendResult.CLOSED) {
                throw closedForSending();
            }
            return result;
        }
        int outcome;
        try {
            outcome = rendezvous.send(message, timed, timed ? System.nanoTime() + nanos : 0L, this);
        } catch (InterruptedException e) {
            throw new InterruptedException("interrupted while waiting for a receiver on channel '" + name + "'");
        }
        if (outcome == Rendezvous.HANDED_OVER) {
            return SendResult.SENT;
        }
        if (outcome == Rendezvous.CLOSED) {
            closedDrops.increment();
            throw closedForSending();
        }
        return timedOutFull();
    }

    private void signalReceivers() {
        Seam.at(Seam.Point.SEND_NOTIFY);
        if (receivers.hasWaiters()) { // volatile read, after the CAS of tail in offer()
            receivers.notifyOne();
        }
    }

    // ---------------------------------------------------------------- receiving (for Receiver)

    /** {@return a message, or {@code null} if none is buffered now} */
    @SuppressWarnings("unchecked")
    @Override
    protected T tryRecv() {
        Seam.at(Seam.Point.RECV_ATTEMPT);
        Object message = ring == null ? rendezvous.tryRecv() : ring.poll();
        if (message == null || message == Ring.CLOSED_AND_EMPTY) {
            return null;
        }
        signalSenders();
        return (T) message;
    }

    /** {@return a message, or {@code null} if the timed wait ran out} */
    @SuppressWarnings("unchecked")
    @Override
    protected T recv(boolean timed, long nanos) throws InterruptedException {
        if (rendezvous != null) {
            Object message = rendezvous.recv(timed, timed ? System.nanoTime() + nanos : 0L, this);
            return message == Rendezvous.CLOSED_MARK ? (T) closedOnReceive() : (T) message;
        }
        Seam.at(Seam.Point.RECV_ATTEMPT);
        // "Nothing published yet" is enough to go on waiting: the retries and the wait's re-check
        // are exact, so a message in flight is taken on a later attempt.
        Object message = ring.pollIfPublished();
        if (message != null) {
            return (T) received(message);
        }
        return awaitMessage(timed, nanos);
    }

    @SuppressWarnings("unchecked")
    private T awaitMessage(boolean timed, long nanos) throws InterruptedException {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        for (int attempt = 0, retries = Seam.spinRetries(); attempt < retries; attempt++) {
            if (timed && deadline - System.nanoTime() <= 0) {
                break;
            }
            Backoff.pause(attempt);
            Object message = ring.pollIfPublished(); // slot-level, like recv()'s first attempt
            if (message != null) {
                return (T) received(message);
            }
        }
        // Every verdict that ends the call (a deadline, an interrupt) or parks it is exact: the
        // slot-level "nothing yet" of the attempts above may be a message about to be published.
        Object exact = ring.poll();
        if (exact != null) {
            return (T) received(exact);
        }
        if (timed && deadline - System.nanoTime() <= 0) {
            return null; // before the interrupt check, as when the spin phase timed out
        }
        for (;;) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a message on channel '" + name + "'");
            }
            if (timed && deadline - System.nanoTime() <= 0) {
                return null;
            }
            long selection = awaitClaim(receivers, false, timed, deadline);
            if (selection == WaitContext.INTERRUPTED) {
                throw new InterruptedException("interrupted while waiting for a message on channel '" + name + "'");
            }
            Seam.at(Seam.Point.RECV_ATTEMPT);
            Object message = ring.poll();
            if (message != null) {
                return (T) received(message);
            }
            if (selection == WaitContext.TIMED_OUT) {
                return null;
            }
            // Woken, but another consumer took the message first: wait again.
        }
    }

    private Object closedOnReceive() {
        throw closedForReceiving();
    }

    private Object received(Object message) {
        if (message == Ring.CLOSED_AND_EMPTY) {
            throw closedForReceiving();
        }
        signalSenders();
        return message;
    }

    /** Moves up to {@code max} buffered messages into {@code target}; never waits. */
    @SuppressWarnings("unchecked")
    @Override
    protected int drainTo(Collection<? super T> target, int max) {
        int moved = 0;
        while (moved < max) {
            Seam.at(Seam.Point.RECV_ATTEMPT);
            Object message = ring == null ? rendezvous.tryRecv() : ring.poll();
            if (message == null || message == Ring.CLOSED_AND_EMPTY) {
                break;
            }
            signalSenders();
            try {
                target.add((T) message);
            } catch (Throwable e) {
                // The message has left the ring as received; it must not vanish with the
                // exception (an Error included).
                notifyUndelivered(message, UndeliveredReason.REJECTED_BY_DRAIN_TARGET);
                throw e;
            }
            moved++;
        }
        return moved;
    }

    /** Whether a receiver will never get another message: closed for sending and drained. */
    @Override
    protected boolean isExhausted() {
        return receivingClosed || (isClosedForSending() && size() == 0);
    }

    private void signalSenders() {
        if (rendezvous != null) {
            return; // the hand-off itself woke the sender
        }
        Seam.at(Seam.Point.RECV_NOTIFY);
        if (senders.hasWaiters()) { // volatile read, after the CAS of head in poll()
            senders.notifyOne();
        }
    }

    // ---------------------------------------------------------------- select (for Select)

    /**
     * A select's attempt to receive, which never waits.
     *
     * @return a message, {@code null} if none is there now, or {@link Ring#CLOSED_AND_EMPTY}
     *         ({@link Rendezvous#CLOSED_MARK}, the same object) once nothing will ever come
     */
    Object selectTryRecv() {
        Seam.at(Seam.Point.RECV_ATTEMPT);
        if (rendezvous != null) {
            return rendezvous.tryRecv();
        }
        Object message = ring.poll();
        if (message != null && message != Ring.CLOSED_AND_EMPTY) {
            signalSenders();
        }
        return message;
    }

    /**
     * A select's attempt to send, which never waits. Unlike {@link #trySend}, a refusal for want
     * of room is not a full drop: the select keeps the message and waits on.
     *
     * @return {@link SendResult#SENT}, {@link SendResult#FULL} (no room, or no receiver waiting)
     *         or {@link SendResult#CLOSED} (counted as a closed drop)
     */
    SendResult selectTrySend(T message) {
        if (rendezvous != null) {
            return rendezvousTrySend(message, false);
        }
        Seam.at(Seam.Point.SEND_ATTEMPT);
        int outcome = ring.offer(message);
        if (outcome == Ring.OFFERED) {
            signalReceivers();
            return SendResult.SENT;
        }
        if (outcome == Ring.CLOSED) {
            closedDrops.increment();
            return SendResult.CLOSED;
        }
        return overflow == OverflowPolicy.DROP_OLDEST ? evictOldestAndOffer(message) : SendResult.FULL;
    }

    /**
     * Whether a select's attempt on this queue could succeed or would report closure now. Takes
     * nothing; the re-check after registering (volatile reads, the counterpart of the other
     * side's CAS, as for {@link #awaitClaim}).
     */
    boolean selectReady(boolean send) {
        if (rendezvous != null) {
            return rendezvous.isReady(send);
        }
        if (send) {
            return overflow == OverflowPolicy.DROP_OLDEST || ring.hasRoomOrClosed();
        }
        return ring.hasMessageOrClosed();
    }

    /**
     * Registers a select's entry with the waiters of one side.
     *
     * @return {@code false} if it did not register because the operation is ready (only a
     *         rendezvous queue decides that in the same step)
     */
    boolean selectRegister(Waker.Entry entry, boolean send) {
        if (rendezvous != null) {
            return rendezvous.register(entry, send);
        }
        (send ? senders : receivers).register(entry);
        return true;
    }

    /** Takes a select's entry off the waiters of one side if it is still there. */
    void selectUnregister(Waker.Entry entry, boolean send) {
        if (rendezvous != null) {
            rendezvous.unregister(entry, send);
        } else {
            (send ? senders : receivers).unregister(entry);
        }
    }

    private void lockGuard() {
        int attempt = 0;
        for (;;) {
            long now = guard; // volatile read
            // CAS from even to odd: takes the guard, and tells stats() readers to retry.
            if ((now & 1) == 0 && GUARD.compareAndSet(this, now, now + 1)) {
                return;
            }
            Backoff.pause(Math.min(attempt++, Backoff.RETRIES - 1));
        }
    }

    private void unlockGuard() {
        guard = guard + 1; // volatile write by the holder: releases, and publishes what it wrote
    }

    private ChannelClosedException closedForSending() {
        return new ChannelClosedException(receivingClosed
                ? "channel '" + name + "' is closed for sending: every receiver is gone"
                : "channel '" + name + "' is closed for sending: its sending side was closed");
    }

    private ChannelClosedException closedForReceiving() {
        return new ChannelClosedException(receivingClosed
                ? "channel '" + name + "' is closed for receiving: its receiving side was closed"
                : "channel '" + name + "' is closed and drained: its sending side is closed and no message is left");
    }

    // ---------------------------------------------------------------- undelivered messages

    /**
     * Hands a message that will not be delivered to the undelivered handler, or logs it when
     * there is none. A failure of the handler, whatever it throws ({@code Error}s included), is
     * logged and never stops the caller: a drain at close must reach every message after it, and
     * a send that evicted has already enqueued its own message. Package-private for
     * {@link EnvelopedStorage}, which reports a message it took but could not open.
     */
    @SuppressWarnings("unchecked")
    void notifyUndelivered(Object message, UndeliveredReason reason) {
        if (undeliveredHandler == null) {
            LOG.log(Level.WARNING, "channel ''{0}'': a message was not delivered ({1}) and no undelivered handler is set",
                    name, reason);
            return;
        }
        try {
            undeliveredHandler.onUndelivered((T) message, reason);
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "channel '" + name + "': the undelivered handler failed on a message (" + reason
                    + "); the message is counted as not delivered", e);
        }
    }

    // ---------------------------------------------------------------- handle counting

    /**
     * Binds the caller's counters to this queue, or checks that they are the ones already bound.
     */
    synchronized void bind(AtomicInteger txCount, AtomicInteger rxCount) {
        Objects.requireNonNull(txCount, "txCount must not be null");
        Objects.requireNonNull(rxCount, "rxCount must not be null");
        if (txCount == rxCount) {
            throw new IllegalArgumentException("txCount and rxCount must be two different counters");
        }
        if (senderCount == null) {
            requireInitial(txCount, "txCount", "Sender");
            requireInitial(rxCount, "rxCount", "Receiver");
            CounterRegistry.claim(txCount, "txCount", this);
            CounterRegistry.claim(rxCount, "rxCount", this);
            senderCount = txCount;
            receiverCount = rxCount;
        } else if (senderCount != txCount || receiverCount != rxCount) {
            throw new IllegalArgumentException("queue '" + name + "' is already bound to other counters; pass the"
                    + " same txCount and rxCount to every fromStatic call for this queue");
        }
    }

    private static void requireInitial(AtomicInteger counter, String argument, String side) {
        int value = counter.get();
        if (value != 1) {
            throw new IllegalArgumentException(argument + " must start at 1 (the first " + side + "), but was "
                    + value + "; use a fresh AtomicInteger(1) for each queue");
        }
    }

    /** Marks the first handle of a side as created; there is exactly one per side. */
    synchronized void takeFirstHandle(boolean sender) {
        if (sender ? firstSenderTaken : firstReceiverTaken) {
            String side = sender ? "Sender" : "Receiver";
            throw new IllegalStateException("the first " + side + " of queue '" + name + "' was already created;"
                    + " clone() an open " + side + " to get another one");
        }
        AtomicInteger count = sender ? senderCount : receiverCount;
        if (count.get() < 1) {
            throw new IllegalArgumentException((sender ? "txCount" : "rxCount") + " is " + count.get()
                    + ": every handle it counted was closed, and a closed channel cannot be reopened");
        }
        if (sender) {
            firstSenderTaken = true;
        } else {
            firstReceiverTaken = true;
        }
    }

    /** Counts one more handle of a side; the caller holds an open handle of that side. */
    @Override
    protected void retainHandle(boolean sender) {
        (sender ? senderCounter() : receiverCounter()).incrementAndGet(); // CAS
    }

    /** Releases one handle of a side, closing that side when it was the last. */
    @Override
    protected void releaseHandle(boolean sender) {
        int left = (sender ? senderCounter() : receiverCounter()).decrementAndGet(); // CAS
        if (left == 0) {
            if (sender) {
                closeSending();
            } else {
                closeReceiving();
            }
        }
    }

    /** Counts a handle that the garbage collector released because nobody closed it. */
    @Override
    protected void countLeak(boolean sender) {
        leakedHandles.increment();
        LOG.log(Level.WARNING, "channel ''{0}'': a {1} was garbage-collected without close(); it was released now."
                + " Close every handle (try-with-resources) so peers are not kept waiting",
                name, sender ? "Sender" : "Receiver");
    }

    private AtomicInteger senderCounter() {
        return senderCount;
    }

    private AtomicInteger receiverCounter() {
        return receiverCount;
    }

    @Override
    public String toString() {
        return "BoundedQueue[" + name + ", capacity=" + capacity() + ", overflow=" + overflow + ", state="
                + state() + "]";
    }
}
