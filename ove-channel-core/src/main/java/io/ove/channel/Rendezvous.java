package io.ove.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The exchange point of a rendezvous channel (capacity 0): no buffer, only the threads waiting to
 * send and to receive, and a hand-off from one to the other (the shape of crossbeam-channel's zero
 * flavour).
 *
 * <h2>Hand-off</h2>
 * Both lists and the closed flag are guarded by one spin lock, so "is a counterpart waiting?",
 * "register me" and "close" are each one atomic step, and a thread that finds nobody and registers
 * cannot miss a counterpart that arrives after it: the counterpart takes the same lock and finds
 * the registration. A counterpart is taken by claiming its {@link WaitContext} with the id of its
 * registration, which is the protocol's single decision point: a context that timed out, was
 * interrupted, was closed on, or was taken by another operation of its {@link Select} cannot be
 * claimed again.
 * <ul>
 *   <li>A sender that claims a waiting receiver hands its message over with
 *       {@link Waker.Entry#deliver}; the receiver, once it sees the claim, takes it with
 *       {@link Waker.Entry#takeDelivered} (the message is written right after the claim, under
 *       the lock, so the receiver spins for a few instructions at most).</li>
 *   <li>A receiver that claims a waiting sender reads the message the sender left in its entry
 *       ({@link Waker.Entry#offered}) before its claim; the entry is not touched by its owner while
 *       it is linked, and a sender whose context was claimed returns: its message is delivered.</li>
 * </ul>
 * A thread never counts its own registrations as counterparts (a select may offer to send and to
 * receive on the same channel): the check that matters is the one in {@link #register}, since a
 * thread's own entries are on no list while it attempts; the attempts skip them too, so that no
 * future caller can pair a thread with itself. Watch-only registrations ({@link Select#ready()})
 * are never counterparts either; they are only told that one arrived.
 *
 * <h2>Memory model</h2>
 * The lock is taken by CAS and released by a release store; the lists, their counts' writes and
 * the flag are written only under it. {@code closed}, the two counts and {@code handoffs} are
 * volatile so that statistics and state queries can read them without the lock. Nothing parks or
 * runs foreign code under the lock (unpark does not block), so it is safe for virtual threads.
 */
final class Rendezvous {

    /** {@link #trySend}: a waiting receiver took the message. */
    static final int HANDED_OVER = 0;
    /** {@link #trySend}: no receiver was waiting. */
    static final int NOBODY_WAITING = 1;
    /** {@link #trySend}: the channel is closed. */
    static final int CLOSED = 2;

    /** Returned by {@link #tryRecv} when the channel is closed (nothing is ever buffered). */
    static final Object CLOSED_MARK = Ring.CLOSED_AND_EMPTY;

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Rendezvous.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0 when free, 1 when held; taken by CAS, released by a release store. */
    private volatile int lock;
    /** Set once, under the lock (volatile: read by state queries without it). */
    private volatile boolean closed;
    /** Messages handed over; written under the lock (volatile: read by statistics). */
    private volatile long handoffs;
    /** Registered senders and receivers; written under the lock (volatile: read by statistics). */
    private volatile int waitingSenders;
    private volatile int waitingReceivers;
    /** Waiting senders and waiting receivers, oldest first; guarded by the lock. */
    private final EntryList senders = new EntryList();
    private final EntryList receivers = new EntryList();

    // ---------------------------------------------------------------- queries

    boolean isClosed() {
        return closed;
    }

    long handoffs() {
        return handoffs;
    }

    int waitingSenders() {
        return waitingSenders;
    }

    int waitingReceivers() {
        return waitingReceivers;
    }

    // ---------------------------------------------------------------- attempts that never wait

    /**
     * Hands {@code message} to a waiting receiver, if one can be claimed.
     *
     * @return {@link #HANDED_OVER}, {@link #NOBODY_WAITING} or {@link #CLOSED}
     */
    int trySend(Object message) {
        Thread wake;
        acquire();
        try {
            if (closed) {
                return CLOSED;
            }
            wake = handToReceiver(message);
        } finally {
            release();
        }
        if (wake == null) {
            return NOBODY_WAITING;
        }
        LockSupport.unpark(wake); // outside the lock: the claim and the hand-off are done
        return HANDED_OVER;
    }

    /**
     * Takes the message of a waiting sender, if one can be claimed.
     *
     * @return the message, {@code null} if no sender was waiting, or {@link #CLOSED_MARK}
     */
    Object tryRecv() {
        Thread self = Thread.currentThread();
        Object message = null;
        Thread wake = null;
        acquire();
        try {
            for (Waker.Entry entry = senders.first; entry != null; entry = entry.next) {
                WaitContext context = entry.context;
                if (context.thread != self && !entry.watchOnly) {
                    // Read before the claim: once claimed, the sender returns and may reuse its
                    // entry. Plain: stable while the entry is linked, and we hold the lock.
                    Object offered = entry.offered;
                    if (context.trySelect(entry.operation)) {
                        unlink(entry, true);
                        handoffs = handoffs + 1; // volatile write under the lock
                        message = offered;
                        wake = context.thread;
                        break;
                    }
                }
            }
            if (wake == null) {
                return closed ? CLOSED_MARK : null;
            }
        } finally {
            release();
        }
        LockSupport.unpark(wake); // outside the lock: the claim and the take are done
        return message;
    }

    // ---------------------------------------------------------------- waiting

    /** {@link #send}: the wait's deadline passed before a receiver took the message. */
    static final int TIMED_OUT = 3;

    /**
     * Sends, waiting for a receiver to take the message: registers the calling thread's entry with
     * the message in it and parks until a receiver claims it (the message is then delivered),
     * the channel closes, the deadline passes or the thread is interrupted.
     *
     * @return {@link #HANDED_OVER}, {@link #CLOSED} or {@link #TIMED_OUT}
     * @throws InterruptedException if interrupted while waiting (the message was not delivered)
     */
    int send(Object message, boolean timed, long deadline, Object blocker) throws InterruptedException {
        WaitContext context = WaitContext.current();
        Waker.Entry entry = context.entry;
        boolean timedOut = false;
        for (;;) {
            Seam.at(Seam.Point.SEND_ATTEMPT);
            int outcome = trySend(message);
            if (outcome != NOBODY_WAITING) {
                return outcome;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a receiver");
            }
            if (timedOut || (timed && deadline - System.nanoTime() <= 0)) {
                return TIMED_OUT; // after one last attempt
            }
            Seam.at(Seam.Point.SEND_REGISTER);
            context.reset();
            entry.offered = message; // plain: published by the registration under the lock
            boolean registered = register(entry, true);
            Seam.at(Seam.Point.SEND_REGISTERED);
            if (!registered) {
                entry.offered = null;
                continue; // a receiver is waiting (or the channel closed): try again
            }
            context.spinWhileUnclaimed();
            long selection = context.await(timed, deadline, blocker);
            Seam.at(Seam.Point.SEND_WOKEN);
            // Always through the lock, even when the receiver that claimed us took the entry off:
            // its unlink writes the entry's links after its claim, and this lock acquisition
            // orders them before the entry's next registration (possibly on another channel).
            unregister(entry, true);
            entry.offered = null; // let the message be collected; nobody reads it after the claim
            if (selection == WaitContext.OPERATION) {
                return HANDED_OVER;
            }
            if (selection == WaitContext.INTERRUPTED) {
                throw new InterruptedException("interrupted while waiting for a receiver");
            }
            timedOut = selection == WaitContext.TIMED_OUT;
            // DISCONNECTED: the next attempt reports the closure.
        }
    }

    /**
     * Receives, waiting for a sender: registers the calling thread's entry and parks until a
     * sender claims it and hands a message over, the channel closes, the deadline passes or the
     * thread is interrupted.
     *
     * @return the message, {@link #CLOSED_MARK}, or {@code null} if the deadline passed
     * @throws InterruptedException if interrupted while waiting (no message was taken)
     */
    Object recv(boolean timed, long deadline, Object blocker) throws InterruptedException {
        WaitContext context = WaitContext.current();
        Waker.Entry entry = context.entry;
        boolean timedOut = false;
        for (;;) {
            Seam.at(Seam.Point.RECV_ATTEMPT);
            Object message = tryRecv();
            if (message != null) {
                return message;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a sender");
            }
            if (timedOut || (timed && deadline - System.nanoTime() <= 0)) {
                return null; // after one last attempt
            }
            Seam.at(Seam.Point.RECV_REGISTER);
            context.reset();
            boolean registered = register(entry, false);
            Seam.at(Seam.Point.RECV_REGISTERED);
            if (!registered) {
                continue; // a sender is waiting (or the channel closed): try again
            }
            context.spinWhileUnclaimed();
            long selection = context.await(timed, deadline, blocker);
            Seam.at(Seam.Point.RECV_WOKEN);
            if (selection == WaitContext.OPERATION) {
                // A sender claimed us and handed its message over. Its release store of the
                // message comes after its unlink of our entry, so our acquire read of it also
                // orders that unlink before the entry's next registration: no unregister needed.
                return entry.takeDelivered();
            }
            unregister(entry, false);
            if (selection == WaitContext.INTERRUPTED) {
                throw new InterruptedException("interrupted while waiting for a sender");
            }
            timedOut = selection == WaitContext.TIMED_OUT;
            // DISCONNECTED: the next attempt reports the closure.
        }
    }

    /**
     * Whether an attempt on one side could succeed or would see the channel closed now: the
     * channel is closed, or another thread waits on the other side and is still claimable.
     */
    boolean isReady(boolean sender) {
        Thread self = Thread.currentThread();
        acquire();
        try {
            return closed || claimable((sender ? receivers : senders).first, self) != null;
        } finally {
            release();
        }
    }

    /**
     * Registers {@code entry} to wait on one side, unless a counterpart is already waiting or the
     * channel is closed (one step under the lock, so nobody can slip in between the check and the
     * registration).
     *
     * @param entry    the registration; for a sender, its {@link Waker.Entry#offered} message is set
     * @param sender   which side it waits on
     * @return {@code true} if it registered, {@code false} if a counterpart is waiting or the
     *         channel is closed (the caller then retries instead of waiting)
     */
    boolean register(Waker.Entry entry, boolean sender) {
        Thread self = entry.context.thread;
        acquire();
        try {
            if (closed || claimable((sender ? receivers : senders).first, self) != null) {
                return false;
            }
            link(entry, sender);
            if (!entry.watchOnly) {
                // Watchers of the other side learn that a counterpart now waits for them (a
                // watcher is no counterpart: two watchers would only wake each other).
                notifyWatchers(!sender, self);
            }
            return true;
        } finally {
            release();
        }
    }

    /** Takes {@code entry} off its list if it is still there; afterwards nobody can reach it. */
    void unregister(Waker.Entry entry, boolean sender) {
        acquire();
        try {
            if (entry.linked) {
                unlink(entry, sender);
            }
        } finally {
            release();
        }
    }

    /**
     * Closes the channel: every later attempt reports closure, and every registered context is
     * claimed with {@link WaitContext#DISCONNECTED} and unparked. Entries stay linked until their
     * threads take them off.
     *
     * @return whether this call closed it
     */
    boolean close() {
        acquire();
        try {
            if (closed) {
                return false;
            }
            closed = true; // volatile write under the lock
            disconnect(senders.first);
            disconnect(receivers.first);
            return true;
        } finally {
            release();
        }
    }

    // ---------------------------------------------------------------- under the lock

    /**
     * Claims the first claimable receiver, unlinks it and hands it {@code message}.
     *
     * @return the thread to unpark, or {@code null} if no receiver could be claimed
     */
    private Thread handToReceiver(Object message) {
        Thread self = Thread.currentThread();
        for (Waker.Entry entry = receivers.first; entry != null; entry = entry.next) {
            WaitContext context = entry.context;
            if (context.thread != self && !entry.watchOnly && context.trySelect(entry.operation)) {
                unlink(entry, false);
                entry.deliver(message); // right after the claim: the receiver spins until it lands
                handoffs = handoffs + 1; // volatile write under the lock
                return context.thread;
            }
        }
        return null;
    }

    /** The first entry from {@code first} on that another thread waits with, or {@code null}. */
    private static Waker.Entry claimable(Waker.Entry first, Thread self) {
        for (Waker.Entry entry = first; entry != null; entry = entry.next) {
            if (entry.context.thread != self && !entry.watchOnly && entry.context.selected() == WaitContext.WAITING) {
                return entry;
            }
        }
        return null;
    }

    /** Claims and unparks every watcher on one side (unpark does not block: fine under the lock). */
    private void notifyWatchers(boolean sendersSide, Thread self) {
        for (Waker.Entry entry = (sendersSide ? senders : receivers).first; entry != null;) {
            Waker.Entry next = entry.next; // read before a possible unlink
            if (entry.watchOnly && entry.context.thread != self && entry.context.trySelect(entry.operation)) {
                unlink(entry, sendersSide);
                LockSupport.unpark(entry.context.thread);
            }
            entry = next;
        }
    }

    private static void disconnect(Waker.Entry first) {
        for (Waker.Entry entry = first; entry != null; entry = entry.next) {
            if (entry.context.trySelect(WaitContext.DISCONNECTED)) {
                LockSupport.unpark(entry.context.thread);
            }
        }
    }

    private void link(Waker.Entry entry, boolean sender) {
        if (sender) {
            senders.append(entry);
            waitingSenders = waitingSenders + 1; // volatile write under the lock: statistics read it without
        } else {
            receivers.append(entry);
            waitingReceivers = waitingReceivers + 1;
        }
    }

    private void unlink(Waker.Entry entry, boolean sender) {
        if (sender) {
            senders.remove(entry);
            waitingSenders = waitingSenders - 1; // volatile write under the lock: statistics read it without
        } else {
            receivers.remove(entry);
            waitingReceivers = waitingReceivers - 1;
        }
    }

    private void acquire() {
        int spins = 0;
        // CAS: takes the lock; its volatile semantics order the guarded plain fields.
        while (!LOCK.compareAndSet(this, 0, 1)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder may have been descheduled mid-section
            }
        }
    }

    private void release() {
        LOCK.setRelease(this, 0); // release: publishes the guarded writes to the next holder
    }
}
