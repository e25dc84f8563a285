package io.ove.channel.shm;

import static io.ove.channel.shm.Layout.CLOSED_MARK;
import static io.ove.channel.shm.Layout.HEAD_OFFSET;
import static io.ove.channel.shm.Layout.LOST_OFFSET;
import static io.ove.channel.shm.Layout.NOT_EMPTY_SEQ_OFFSET;
import static io.ove.channel.shm.Layout.NOT_FULL_SEQ_OFFSET;
import static io.ove.channel.shm.Layout.POSITION_MASK;
import static io.ove.channel.shm.Layout.RECEIVERS_WAITING_OFFSET;
import static io.ove.channel.shm.Layout.RECEIVING_CLOSED_OFFSET;
import static io.ove.channel.shm.Layout.SENDERS_WAITING_OFFSET;
import static io.ove.channel.shm.Layout.SKIPPED;
import static io.ove.channel.shm.Layout.SLOT_LENGTH;
import static io.ove.channel.shm.Layout.SLOT_PAYLOAD;
import static io.ove.channel.shm.Layout.SLOT_SEQ;
import static io.ove.channel.shm.Layout.SLOT_WRITER;
import static io.ove.channel.shm.Layout.TAIL_OFFSET;

/**
 * The ring of a shared channel file, byte payloads in and out: one attempt of each operation of
 * {@code docs/shared-memory.md} ("Send", "Receive", closing, and giving up on stuck slots). It
 * never waits; {@link SharedStorage} decides when to retry, wait or give up.
 *
 * <p>Memory model: positions and slot sequences are read with acquire loads and changed only by
 * CAS (a full fence in Java, sequentially consistent in C), so whoever acquires a slot's
 * {@code seq} as published sees the plain writes of its length and payload made before the
 * publishing CAS, and whoever acquires it as free sees the previous reader done with the payload.
 */
final class SharedRing {

    static final int SENT = 0;
    static final int FULL = 1;
    static final int CLOSED = 2;
    /** The claimed slot was skipped by a receiver before this send published it: not sent. */
    static final int SKIPPED_BEFORE_PUBLISH = 3;

    /** {@link #poll} results other than a length. */
    static final int EMPTY = -1;
    static final int CLOSED_AND_DRAINED = -2;
    static final int IN_FLIGHT = -3;

    private final SharedFile file;
    private final int capacity;
    private final int maxMessageSize;
    private final int writer;

    SharedRing(SharedFile file, int participantIndex) {
        this.file = file;
        this.capacity = file.capacity;
        this.maxMessageSize = file.maxMessageSize;
        this.writer = participantIndex + 1;
    }

    /**
     * Sends {@code length} bytes of {@code payload}, once.
     *
     * @return {@link #SENT}, {@link #FULL}, {@link #CLOSED} or {@link #SKIPPED_BEFORE_PUBLISH}
     */
    int offer(byte[] payload, int length) {
        for (;;) {
            long tail = file.getLongAcquire(TAIL_OFFSET);
            if (tail < 0) {
                return CLOSED; // the closed mark (bit 63): no position may be claimed any more
            }
            long slot = file.slot(tail);
            long seq = file.getLongAcquire(slot + SLOT_SEQ);
            if ((seq & SKIPPED) != 0) {
                return FULL; // a skipped slot of the previous lap, not freed yet
            }
            long lag = seq - tail;
            if (lag == 0) {
                // The slot is free for this position. The CAS fails if another producer claimed it
                // or the closed mark landed: either way, look again.
                if (file.casLong(TAIL_OFFSET, tail, tail + 1)) {
                    int at = (int) slot;
                    file.buffer.putInt(at + SLOT_LENGTH, length);          // plain: published below
                    file.buffer.putInt(at + SLOT_WRITER, writer);          // plain: diagnostics
                    file.buffer.put(at + SLOT_PAYLOAD, payload, 0, length); // plain bulk copy
                    // Publish with a CAS, not a store: a receiver that waited longer than the stuck
                    // timeout may have skipped this slot, and then the message must not appear.
                    if (!file.casLong(slot + SLOT_SEQ, tail, tail + 1)) {
                        return SKIPPED_BEFORE_PUBLISH;
                    }
                    wake(RECEIVERS_WAITING_OFFSET, NOT_EMPTY_SEQ_OFFSET);
                    return SENT;
                }
            } else if (lag < 0) {
                return FULL; // the slot still holds the previous lap's message
            } else if (file.getLongAcquire(TAIL_OFFSET) == tail) {
                // The slot is ahead of a tail that did not move: only a corrupt file does that.
                // Report full rather than spin here: a blocking caller waits, bounded and interruptible.
                return FULL;
            }
            Thread.onSpinWait(); // another producer is one position ahead: reload the tail
        }
    }

    /**
     * Receives one message into {@code target} (at least {@code maxMessageSize} bytes), once.
     *
     * @return its length, or {@link #EMPTY}, {@link #CLOSED_AND_DRAINED} or {@link #IN_FLIGHT} (a
     *         producer claimed the next position and has not published it yet)
     */
    int poll(byte[] target) {
        for (;;) {
            long head = file.getLongAcquire(HEAD_OFFSET);
            long slot = file.slot(head);
            long seq = file.getLongAcquire(slot + SLOT_SEQ);
            if (seq == ((head + 1) | SKIPPED)) {
                // Given up on (its producer died mid-write): step over it and free it.
                if (file.casLong(HEAD_OFFSET, head, head + 1)) {
                    // A CAS, not a store: if we were paused past the stuck timeout, a sender may
                    // have reclaimed the slot already, and its newer seq must stay.
                    if (file.casLong(slot + SLOT_SEQ, seq, head + capacity)) {
                        file.addLong(LOST_OFFSET, 1);
                        wake(SENDERS_WAITING_OFFSET, NOT_FULL_SEQ_OFFSET);
                    }
                }
                continue;
            }
            long lag = seq - (head + 1);
            if (lag == 0) {
                if (file.casLong(HEAD_OFFSET, head, head + 1)) {
                    int at = (int) slot;
                    int length = file.buffer.getInt(at + SLOT_LENGTH); // plain: ordered by the acquire of seq
                    boolean sane = length >= 0 && length <= maxMessageSize;
                    if (sane) {
                        file.buffer.get(at + SLOT_PAYLOAD, target, 0, length);
                    }
                    // Free with a CAS: if a sender reclaimed the slot (we took longer than the stuck
                    // timeout), it may be overwriting the payload, so the copy is not trusted.
                    if (!file.casLong(slot + SLOT_SEQ, head + 1, head + capacity)) {
                        continue;
                    }
                    wake(SENDERS_WAITING_OFFSET, NOT_FULL_SEQ_OFFSET);
                    if (!sane) {
                        file.addLong(LOST_OFFSET, 1); // a corrupt length: never read past the slot
                        continue;
                    }
                    return length;
                }
            } else if (lag < 0) {
                long tail = file.getLongAcquire(TAIL_OFFSET);
                if ((tail & POSITION_MASK) == head) {
                    return tail < 0 ? CLOSED_AND_DRAINED : EMPTY;
                }
                if (file.getLongAcquire(HEAD_OFFSET) == head) {
                    return IN_FLIGHT;
                }
            } else if (file.getLongAcquire(HEAD_OFFSET) == head) {
                return IN_FLIGHT; // ahead of a head that did not move: a corrupt file; never spin on it
            }
            Thread.onSpinWait(); // another consumer took this position: reload the head
        }
    }

    /** {@return the position a receiver would take next} */
    long head() {
        return file.getLongAcquire(HEAD_OFFSET);
    }

    /**
     * Gives up on position {@code head}, claimed by a producer that has not published it for the
     * stuck timeout: marks it skipped, so receivers step over it (and count it lost).
     */
    void skipStuck(long head) {
        file.casLong(file.slot(head) + SLOT_SEQ, head, (head + 1) | SKIPPED);
    }

    /**
     * {@return the tail position whose slot a consumer has taken but not freed yet (the ring looks
     * full because of it), or -1 if the ring is not in that state}
     */
    long positionHeldByReader() {
        long tail = file.getLongAcquire(TAIL_OFFSET);
        if (tail < 0) {
            return -1;
        }
        long previous = tail - capacity;
        long seq = file.getLongAcquire(file.slot(tail) + SLOT_SEQ);
        // Published and taken but not freed, or skipped and stepped over but not freed: either way
        // a consumer moved the head past it and owes the slot back.
        boolean held = seq == previous + 1 || seq == ((previous + 1) | SKIPPED);
        return previous >= 0 && held && file.getLongAcquire(HEAD_OFFSET) > previous ? tail : -1;
    }

    /**
     * Frees the slot of {@code tail}'s previous lap, held by a consumer for the stuck timeout. A
     * skipped slot was counted lost when it was skipped, so only a taken message counts here.
     */
    void reclaimHeld(long tail) {
        long previous = tail - capacity;
        long slot = file.slot(tail) + SLOT_SEQ;
        if (file.casLong(slot, previous + 1, tail)) {
            file.addLong(LOST_OFFSET, 1);
        } else {
            file.casLong(slot, (previous + 1) | SKIPPED, tail);
        }
    }

    /** Sets the closed mark. {@return whether this call set it} */
    boolean markClosed() {
        for (;;) {
            long tail = file.getLongVolatile(TAIL_OFFSET);
            if (tail < 0) {
                return false;
            }
            if (file.casLong(TAIL_OFFSET, tail, tail | CLOSED_MARK)) {
                // C receivers may sleep on the futex words: bump both so that none waits a full
                // sleep to see the mark.
                file.addInt(NOT_EMPTY_SEQ_OFFSET, 1);
                file.addInt(NOT_FULL_SEQ_OFFSET, 1);
                return true;
            }
        }
    }

    /** {@return whether the closed mark is set} */
    boolean isMarkedClosed() {
        return file.getLongAcquire(TAIL_OFFSET) < 0;
    }

    /** Sets {@code receiving_closed}, after the mark. {@return whether this call set it} */
    boolean flagReceivingClosed() {
        return file.casInt(RECEIVING_CLOSED_OFFSET, 0, 1);
    }

    /** {@return whether the receiving side was closed} */
    boolean isReceivingClosed() {
        return file.getIntAcquire(RECEIVING_CLOSED_OFFSET) != 0;
    }

    /** {@return messages buffered now: never torn, clamped to 0..capacity} */
    int size() {
        for (;;) {
            long head = file.getLongVolatile(HEAD_OFFSET);
            long tail = file.getLongVolatile(TAIL_OFFSET) & POSITION_MASK;
            if (file.getLongVolatile(HEAD_OFFSET) == head) {
                return (int) Math.max(0, Math.min(capacity, tail - head));
            }
        }
    }

    /** {@return positions claimed by senders so far (sent, plus any skipped)} */
    long tailPosition() {
        return file.getLongVolatile(TAIL_OFFSET) & POSITION_MASK;
    }

    /** Bumps a futex word when a C peer may sleep on it (Java waiters poll and need no bump). */
    private void wake(int waitingOffset, int seqOffset) {
        if (file.getIntVolatile(waitingOffset) > 0) {
            file.addInt(seqOffset, 1);
        }
    }
}
