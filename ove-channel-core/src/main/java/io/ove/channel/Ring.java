package io.ove.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * Cache-line padding for the ring's two hot counters. The JVM lays out a superclass's fields before
 * its subclass's, so a chain of small classes keeps `head` and `tail` at least 128 bytes away from
 * each other and from every other field of Ring: consumers hammer `head`, producers `tail`, and if
 * both sat in one cache line every operation of one side would evict the other side's line. 128
 * rather than 64 bytes because adjacent-line prefetching on x86 pulls lines in pairs.
 */

/** Padding before {@code head}. */
abstract class RingPadBeforeHead {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p10, p11, p12, p13, p14, p15;
}

/** Holds the consumers' counter. */
abstract class RingHead extends RingPadBeforeHead {
    /** Lap and index of the next slot to read; written only by CAS. */
    volatile long head;
}

/** Padding between {@code head} and {@code tail}. */
abstract class RingPadBetween extends RingHead {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p28, p29, p30, p31, p32, p33, p34, p35;
}

/** Holds the producers' counter. */
abstract class RingTail extends RingPadBetween {
    /** Mark bit, lap and index of the next slot to write; written only by CAS or atomic OR. */
    volatile long tail;
}

/** Padding after {@code tail}. */
abstract class RingPadAfterTail extends RingTail {
    long p40, p41, p42, p43, p44, p45, p46, p47;
    long p48, p49, p50, p51, p52, p53, p54, p55;
}

/**
 * The lock-free bounded MPMC ring under every channel: an array of slots, each with a stamp that
 * says whose turn it is, and two counters, {@code head} for consumers and {@code tail} for
 * producers (the scheme of crossbeam's array flavour and of JCTools' {@code MpmcArrayQueue}).
 *
 * <h2>Encoding</h2>
 * A counter packs a lap and an index: {@code counter = lap * oneLap + index}, where {@code oneLap}
 * is the smallest power of two above {@code capacity} times two. Because index and lap are
 * separate bit fields, the capacity is exactly what was asked for; nothing is rounded up. The bit
 * just above the index ({@code markBit}) is free in a counter and marks {@code tail} once the
 * channel is closed for sending, so "full, empty or closed" is decided from one atomic read.
 *
 * <p>A slot's stamp is {@code counter + 1} once a producer at {@code counter} has written it, and
 * {@code counter + oneLap} once a consumer at {@code counter} has read it, which is exactly the
 * value a producer expects one lap later.
 *
 * <h2>Off-heap</h2>
 * The ring's control state is three kinds of 64-bit words (head, tail, stamps) changed only by
 * CAS and release stores, so the same algorithm can run over a shared-memory segment; only the
 * message slots are Java references.
 *
 * <p>This class knows nothing of waiting, handles or statistics; {@link BoundedQueue} builds those
 * on top.
 */
final class Ring extends RingPadAfterTail {

    /** {@link #offer(Object)}: the message was written. */
    static final int OFFERED = 0;
    /** {@link #offer(Object)}: every slot holds a message. */
    static final int FULL = 1;
    /** {@link #offer(Object)}: the tail carries the closed mark. */
    static final int CLOSED = 2;

    /** Returned by {@link #poll()} when the ring is empty and closed for sending. */
    static final Object CLOSED_AND_EMPTY = new Object() {
        @Override
        public String toString() {
            return "CLOSED_AND_EMPTY";
        }
    };

    /** The largest capacity accepted: the slot arrays must fit in Java arrays with room to spare. */
    static final int MAX_CAPACITY = 1 << 30;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle STAMP = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RingHead.class, "head", long.class);
            TAIL = lookup.findVarHandle(RingTail.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Set once, just before the closed mark goes onto the tail; lets {@link #pollIfPublished()}
     * skip the tail while the channel is open. A volatile field that is written once stays in
     * every reader's cache, unlike the tail, which producers write on every send.
     */
    private volatile boolean closing;
    private final int capacity;
    private final long markBit;
    private final long oneLap;
    private final int lapShift;
    /** Per-slot turn stamps; accessed only through {@link #STAMP} with acquire/release. */
    private final long[] stamps;
    /** Message slots; plain accesses, ordered by the stamp of the same index. */
    private final Object[] slots;

    Ring(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY
                    + " (inclusive), but was " + capacity);
        }
        this.capacity = capacity;
        // The mark bit is the first power of two above every index, and a lap is one bit higher.
        this.markBit = Long.highestOneBit(capacity) << 1;
        this.oneLap = markBit << 1;
        this.lapShift = Long.numberOfTrailingZeros(oneLap);
        this.stamps = new long[capacity];
        this.slots = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            // Lap 0, index i: slot i is free for the producer whose tail is exactly i. Plain
            // writes: the ring is published to other threads through a final field of its owner.
            stamps[i] = i;
        }
    }

    int capacity() {
        return capacity;
    }

    /**
     * Writes {@code message} into the next free slot if there is one. The verdict is exact: a
     * slot whose message a consumer has claimed but not yet released is waited for (briefly,
     * backing off), not reported as full.
     *
     * @return {@link #OFFERED}, {@link #FULL} or {@link #CLOSED}
     */
    int offer(Object message) {
        return offer(message, true);
    }

    /**
     * Like {@link #offer(Object)}, but reports {@link #FULL} as soon as the next slot still holds
     * a message, without reading the head to tell a full ring from a consumer that is between
     * claiming that message and freeing its slot. Reading the head, which every consumer writes,
     * costs a cache-line transfer per attempt whenever producers and consumers run in step; the
     * slot's stamp alone says whether it is free. For a blocking send only: its retries and its
     * wait re-check with exact verdicts, so a spurious "full" costs a retry, never a wrong result.
     *
     * @return {@link #OFFERED}, {@link #FULL} or {@link #CLOSED}
     */
    int offerIfSlotFree(Object message) {
        return offer(message, false);
    }

    private int offer(Object message, boolean exact) {
        int step = 0;
        // volatile read: a FULL or CLOSED verdict is taken from it, and a waiter that registered
        // before this call must not act on a tail older than its registration (see Waker).
        long tail = (long) TAIL.getVolatile(this);
        for (;;) {
            if ((tail & markBit) != 0) {
                return CLOSED;
            }
            int index = (int) (tail & (markBit - 1));
            long lap = tail & -oneLap;
            long nextTail = index + 1 < capacity ? tail + 1 : lap + oneLap;
            // acquire: pairs with the consumer's release of this stamp, so its plain null-ing of
            // the slot happens before our plain write below.
            long stamp = (long) STAMP.getAcquire(stamps, index);
            if (stamp == tail) {
                // The slot is ours to claim for this lap. CAS: claims it against other producers
                // and fails if the closed mark appeared meanwhile.
                long witness = (long) TAIL.compareAndExchange(this, tail, nextTail);
                if (witness == tail) {
                    Seam.at(Seam.Point.RING_WRITE_CLAIMED);
                    slots[index] = message; // plain: published by the release store below
                    // release: a consumer that acquires stamp tail + 1 sees the message.
                    STAMP.setRelease(stamps, index, tail + 1);
                    return OFFERED;
                }
                tail = witness;
                step = backoff(step);
            } else if (stamp + oneLap == tail + 1) {
                if (!exact) {
                    return FULL; // the slot's stamp says it is taken; see offerIfSlotFree()
                }
                // The slot still holds last lap's message. If head lags one full lap behind the
                // tail, every slot is taken. volatile read of head: the counterpart of a waiting
                // producer's registration (see Waker) against a consumer's CAS of head.
                long head = (long) HEAD.getVolatile(this);
                if (head + oneLap == tail) {
                    return FULL;
                }
                // A consumer has claimed that message but not released the slot yet.
                step = backoff(step);
                tail = (long) TAIL.getVolatile(this);
            } else {
                // Another producer moved the tail on; reload.
                step = backoff(step);
                tail = (long) TAIL.getVolatile(this);
            }
        }
    }

    /**
     * Takes the oldest message if there is one. The verdict is exact: a message a producer has
     * claimed a slot for but not yet published is waited for (briefly, backing off), not
     * reported as absent.
     *
     * @return the message, {@code null} when the ring is empty but open, or
     *         {@link #CLOSED_AND_EMPTY} when it is empty and closed for sending
     */
    Object poll() {
        return poll(true);
    }

    /**
     * Like {@link #poll()}, but returns {@code null} as soon as no message is published at the
     * head of an open ring, without reading the tail to tell an empty ring from a producer that
     * is between claiming a slot and publishing into it (the tail is the cache line every
     * producer writes). Once closing has begun it answers exactly, {@link #CLOSED_AND_EMPTY}
     * included. For a blocking receive only: its retries and its wait re-check with exact
     * verdicts, so a spurious "nothing yet" costs a retry, never a lost message.
     *
     * @return as {@link #poll()}, except that {@code null} may also mean "not published yet"
     */
    Object pollIfPublished() {
        return poll(false);
    }

    private Object poll(boolean exact) {
        int step = 0;
        // volatile read, for the same reason as the tail read in offer().
        long head = (long) HEAD.getVolatile(this);
        for (;;) {
            int index = (int) (head & (markBit - 1));
            long lap = head & -oneLap;
            // acquire: pairs with the producer's release, so the message written before it is
            // visible to the plain read below.
            long stamp = (long) STAMP.getAcquire(stamps, index);
            if (stamp == head + 1) {
                long nextHead = index + 1 < capacity ? head + 1 : lap + oneLap;
                // CAS: claims the message against other consumers.
                long witness = (long) HEAD.compareAndExchange(this, head, nextHead);
                if (witness == head) {
                    return takeClaimed(index, head);
                }
                head = witness;
                step = backoff(step);
            } else if (stamp == head) {
                // volatile read of closing: once it is set, every answer is exact (the closed mark
                // follows it onto the tail); before, "nothing published here" is the answer.
                if (!exact && !closing) {
                    return null;
                }
                // Nothing written at head yet. volatile read of tail: the counterpart of a waiting
                // consumer's registration against a producer's CAS of tail.
                long tail = (long) TAIL.getVolatile(this);
                if ((tail & ~markBit) == head) {
                    return (tail & markBit) != 0 ? CLOSED_AND_EMPTY : null;
                }
                // A producer has claimed the slot but not published its message yet.
                step = backoff(step);
                head = (long) HEAD.getVolatile(this);
            } else {
                // Another consumer moved the head on; reload.
                step = backoff(step);
                head = (long) HEAD.getVolatile(this);
            }
        }
    }

    /**
     * Takes the oldest message only if every slot holds one at that moment: the eviction step of
     * {@link OverflowPolicy#DROP_OLDEST}. Unlike {@link #poll()}, it never takes a message from a
     * ring that a consumer has just made room in. The caller holds the queue's guard, so the
     * closed mark cannot appear meanwhile; this method does not look at it.
     *
     * @return the evicted message, or {@code null} if the ring was not full
     */
    Object pollIfFull() {
        int step = 0;
        long head = (long) HEAD.getVolatile(this);
        for (;;) {
            int index = (int) (head & (markBit - 1));
            long lap = head & -oneLap;
            // acquire: pairs with the producer's release, as in poll().
            long stamp = (long) STAMP.getAcquire(stamps, index);
            // volatile read of tail: full means it is exactly one lap ahead of this head.
            boolean full = ((long) TAIL.getVolatile(this) & ~markBit) == head + oneLap;
            if (stamp == head + 1) {
                if (!full) {
                    return null;
                }
                long nextHead = index + 1 < capacity ? head + 1 : lap + oneLap;
                // CAS: succeeds only if head has not moved since the read above, and while head
                // stays put the tail cannot move either (every slot is taken), so the ring was
                // full at the instant of the CAS.
                long witness = (long) HEAD.compareAndExchange(this, head, nextHead);
                if (witness == head) {
                    return takeClaimed(index, head);
                }
                head = witness;
            } else if (stamp == head && !full) {
                return null; // nothing at head: not full
            } else {
                // Full but its oldest message not yet published, or head moved on: look again.
                head = (long) HEAD.getVolatile(this);
            }
            step = backoff(step);
        }
    }

    /**
     * Takes the message of slot {@code index}, which this thread has just claimed by moving the
     * head past {@code head}, and hands the slot to the producer of the next lap.
     */
    private Object takeClaimed(int index, long head) {
        Seam.at(Seam.Point.RING_READ_CLAIMED);
        Object message = slots[index]; // plain: made visible by the caller's acquire of the stamp
        slots[index] = null;           // plain: let the message be collected; ordered by the release
        // release: hands the slot to the producer of the next lap, after our reads.
        STAMP.setRelease(stamps, index, head + oneLap);
        return message;
    }

    /**
     * Whether a receiver's attempt could succeed or would see the channel closed: a message is
     * claimed at the head, or the tail carries the closed mark. Takes nothing; a waiter uses it to
     * re-check after registering (volatile reads of tail and head, the counterpart of a producer's
     * CAS of the tail; see {@link Waker}).
     */
    boolean hasMessageOrClosed() {
        long tail = (long) TAIL.getVolatile(this);
        return (tail & markBit) != 0 || tail != (long) HEAD.getVolatile(this);
    }

    /**
     * Whether a sender's attempt could succeed or would see the channel closed: a slot is free
     * (the tail is less than one lap ahead of the head), or the tail carries the closed mark. Takes
     * nothing; volatile reads, the counterpart of a consumer's CAS of the head.
     */
    boolean hasRoomOrClosed() {
        long tail = (long) TAIL.getVolatile(this);
        return (tail & markBit) != 0 || (long) HEAD.getVolatile(this) + oneLap != tail;
    }

    /**
     * Sets the closed mark on the tail, so every later {@link #offer} reports {@link #CLOSED}.
     *
     * @return {@code true} if this call set the mark, {@code false} if it was already set
     */
    boolean markClosed() {
        // CAS (atomic OR): a producer's CAS of the tail either lands before the mark, and its
        // message is in the ring, or fails and sees the mark.
        closing = true; // volatile write, before the mark: see pollIfPublished()
        long previous = (long) TAIL.getAndBitwiseOr(this, markBit);
        return (previous & markBit) == 0;
    }

    /** Tells whether the tail carries the closed mark (volatile read). */
    boolean isMarkedClosed() {
        return ((long) TAIL.getVolatile(this) & markBit) != 0;
    }

    /** Number of messages ever claimed by producers: the tail as a position. */
    long tailPosition() {
        return position((long) TAIL.getVolatile(this) & ~markBit);
    }

    /** Number of messages ever claimed by consumers: the head as a position. */
    long headPosition() {
        return position((long) HEAD.getVolatile(this));
    }

    /**
     * Messages in the ring, counting those claimed but not yet published. Never torn: the tail is
     * read between two reads of the head, and the difference is clamped to {@code [0, capacity]}
     * in case the head moved in between.
     */
    int size() {
        for (;;) {
            long head = headPosition();
            long tail = tailPosition();
            if (head == headPosition()) {
                long size = tail - head;
                return (int) Math.max(0, Math.min(capacity, size));
            }
        }
    }

    private long position(long counter) {
        return (counter >>> lapShift) * capacity + (counter & (markBit - 1));
    }

    /**
     * Waits a little before retrying a contended step: busy-spins with a growing budget first,
     * then yields, because the thread we wait for may have been descheduled between its claim and
     * its publication.
     */
    private static int backoff(int step) {
        Seam.at(Seam.Point.RING_BACKOFF);
        if (step < 6) {
            for (int i = 1 << step; i > 0; i--) {
                Thread.onSpinWait();
            }
        } else {
            Thread.yield();
        }
        return step + 1;
    }
}
