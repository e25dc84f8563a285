package io.ove.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/*
 * Padding around a waker's fields. Producers read the consumers' waker's `registered` on every
 * send and consumers the producers' on every receive, while waiting threads write `lock` and
 * `registered`; without padding the two wakers of a channel (allocated one after the other) and
 * the objects around them would share cache lines, and every registration would slow both sides.
 */

/** Padding before the fields. */
abstract class WakerPadBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The fields of {@link Waker}. */
abstract class WakerFields extends WakerPadBefore {
    /** Number of registered entries; written under the lock, read without it (volatile). */
    volatile int registered;
    /** 0 when free, 1 when held; taken by CAS, released by a release store. */
    volatile int lock;
    /** The registered entries, oldest first; guarded by the lock. */
    final EntryList entries = new EntryList();
    /** Registered watch-only entries ({@link Waker.Entry#watchOnly}); plain, guarded by the lock. */
    int watchers;
}

/** Padding after the fields. */
abstract class WakerPadAfter extends WakerFields {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p28, p29, p30, p31, p32, p33, p34, p35;
}

/**
 * The threads waiting on one side of a channel (producers waiting for room, or consumers waiting
 * for a message), as registrations of their {@link WaitContext}s in FIFO order.
 *
 * <h2>No lost wake-up</h2>
 * A waiter {@link #register registers} (a volatile write of {@link #registered} under the lock)
 * and only then re-checks the ring without taking anything from it; that check is a volatile read
 * of the other side's counter. The other side changes that counter by CAS and afterwards reads
 * {@code registered} (volatile) in {@link #hasWaiters()}. All four accesses are volatile, so they
 * fall in one total order: either the waiter's re-check sees the change and the waiter claims its
 * own context ({@link WaitContext#ABORTED}) and does not park, or the other side sees the
 * registration and {@link #notifyOne() notifies}, which claims one waiting context and unparks its
 * thread. A claimed context is taken off the list by whoever claimed it ({@code notifyOne}) or by
 * its own thread ({@link #unregister}); a context claimed by its thread is skipped by wakers, so
 * each notification reaches a thread that will act on it.
 *
 * <h2>Cost</h2>
 * The producer and consumer fast paths pay one volatile read of {@code registered} (a plain load
 * on x86) and nothing more while nobody waits. The list is guarded by a tiny spin lock held for a
 * few pointer writes; nobody parks or runs foreign code under it, so it is safe for virtual threads
 * (no {@code synchronized}, no monitor pinning). Entries are reused per thread: waiting allocates
 * nothing after a thread's first wait.
 */
final class Waker extends WakerPadAfter {

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(WakerFields.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One registration of a context: which context, and the claim a waker makes on it. Links are
     * plain and guarded by the lock of the list the entry is registered with (a waker's, or a
     * {@link Rendezvous}'s).
     */
    static final class Entry {
        private static final VarHandle DELIVERED;

        static {
            try {
                DELIVERED = MethodHandles.lookup().findVarHandle(Entry.class, "delivered", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /**
         * The context to claim. Final for a thread's own entry; a {@link Select} rebinds its
         * entries to the calling thread's context before registering them (plain write, published
         * with the registration under the list's lock).
         */
        WaitContext context;
        final long operation;
        Entry previous;
        Entry next;
        /** Whether the entry is on a list now. */
        boolean linked;
        /**
         * Whether the registration only watches for readiness ({@link Select#ready()}): claiming
         * it completes nothing, so a waker wakes every watcher besides one waiter, and a
         * rendezvous never hands a message to a watcher. Plain: written by the owner before it
         * registers, read under the list's lock.
         */
        boolean watchOnly;
        /**
         * A waiting rendezvous sender's message. Plain: written by the owner before it registers,
         * read under the rendezvous's lock by the receiver that claims the context, and not
         * changed while the entry is linked.
         */
        Object offered;
        /**
         * A message handed to a waiting rendezvous receiver. Written with release by the sender
         * that claimed the context, right after its claim; the owner, once it sees the claim,
         * reads it with acquire (spinning for the few instructions between the two) and clears it.
         */
        @SuppressWarnings("unused") // accessed through DELIVERED
        private Object delivered;

        Entry(WaitContext context, long operation) {
            this.context = context;
            this.operation = operation;
        }

        /** Hands {@code message} to the owner, whose context the caller has just claimed. */
        void deliver(Object message) {
            DELIVERED.setRelease(this, message); // release: the message's contents come with it
        }

        /**
         * Takes the message a sender handed over after claiming this entry's context; spins for
         * the short moment between that claim and the hand-off.
         */
        Object takeDelivered() {
            for (int step = 0;; step++) {
                Object message = DELIVERED.getAcquire(this); // acquire: pairs with deliver()
                if (message != null) {
                    DELIVERED.setOpaque(this, null); // only the owner reads it; next claim writes again
                    return message;
                }
                Backoff.pause(Math.min(step, Backoff.RETRIES - 1));
            }
        }
    }

    /** Whether any context is registered (volatile read); the cheap check of the fast paths. */
    boolean hasWaiters() {
        return registered != 0;
    }

    /** Number of registered contexts (volatile read), claimed or not. */
    int size() {
        return registered;
    }

    /**
     * Appends {@code entry}; the caller must then re-check the ring, without taking from it,
     * before it parks.
     */
    void register(Entry entry) {
        acquire();
        try {
            if (entry.watchOnly) {
                watchers++;
            }
            entries.append(entry);
            registered = registered + 1; // volatile write: the registration wakers look for
        } finally {
            release();
        }
    }

    /**
     * Takes {@code entry} off the list if it is still there: the step of a thread whose context
     * was claimed by itself or by closing. After it returns, no waker can reach the entry.
     */
    void unregister(Entry entry) {
        acquire();
        try {
            if (entry.linked) {
                unlink(entry);
            }
        } finally {
            release();
        }
    }

    /**
     * Claims the oldest registered context that nobody has claimed yet, takes it off the list
     * and unparks its thread. Contexts of the calling thread are skipped: a thread never wakes
     * itself. Entries claimed by their own thread stay for that thread to remove.
     */
    void notifyOne() {
        Thread self = Thread.currentThread();
        Thread wake = null;
        acquire();
        try {
            for (Entry entry = entries.first; entry != null;) {
                Entry next = entry.next; // read before a possible unlink
                WaitContext context = entry.context;
                if (context.thread != self && (wake == null || entry.watchOnly)
                        && context.trySelect(entry.operation)) {
                    unlink(entry);
                    if (entry.watchOnly) {
                        // A watcher completes nothing with its claim: it must not use up the
                        // wake-up, so every watcher is told and one waiter besides.
                        LockSupport.unpark(context.thread);
                    } else {
                        wake = context.thread;
                    }
                }
                if (wake != null && watchers == 0) {
                    break;
                }
                entry = next;
            }
        } finally {
            release();
        }
        if (wake != null) {
            // Outside the lock: the claim and the unlink are done, and other wakers and waiters
            // need not wait while the thread is made runnable.
            LockSupport.unpark(wake);
        }
    }

    /**
     * Claims every registered context with {@link WaitContext#DISCONNECTED} and unparks its
     * thread; used when the channel closes a side. Entries stay on the list until their threads
     * remove them, like every entry that a waker did not claim for an operation. Unparks under the
     * lock: unpark never blocks, closing is rare, and the entries' links may only be read while
     * nobody else can change them.
     */
    void disconnect() {
        acquire();
        try {
            for (Entry entry = entries.first; entry != null; entry = entry.next) {
                if (entry.context.trySelect(WaitContext.DISCONNECTED)) {
                    LockSupport.unpark(entry.context.thread);
                }
            }
        } finally {
            release();
        }
    }

    private void unlink(Entry entry) {
        entries.remove(entry);
        if (entry.watchOnly) {
            watchers--;
        }
        registered = registered - 1; // volatile write
    }

    private void acquire() {
        int spins = 0;
        // CAS: takes the lock; its volatile semantics order the guarded plain fields.
        while (!LOCK.compareAndSet(this, 0, 1)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                // The holder may have been descheduled mid-section; let it run.
                Thread.yield();
            }
        }
    }

    private void release() {
        LOCK.setRelease(this, 0); // release: publishes the guarded writes to the next holder
    }
}
