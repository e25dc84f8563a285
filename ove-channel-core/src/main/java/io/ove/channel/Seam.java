package io.ove.channel;

import java.util.concurrent.locks.LockSupport;

/**
 * Named points in the wait protocol where a test can hold a thread, exactly as a preemption
 * would, and through which it can control parking. This is how the tests force the schedules that
 * break a wait protocol (a waiter paused between its registration and its re-check, a sender
 * paused between its offer and its notification) instead of hoping a soak stumbles on them, and
 * how they explore every interleaving of small scenarios.
 *
 * <p>Off unless the JVM runs with {@code -Dio.ove.channel.test-seam=true}. {@link #ENABLED} is a
 * {@code static final} constant, so in production the JIT folds every call below into nothing
 * (or into the plain {@code LockSupport} call it stands for); the benchmarks run without it.
 */
final class Seam {

    /** Whether a test may install a {@link Hook}; read once, when the class is initialised. */
    static final boolean ENABLED = Boolean.getBoolean("io.ove.channel.test-seam");

    /** The points, in the order a thread meets them. */
    enum Point {
        /** Before a send's attempt on the ring (first try, or retry after a wait). */
        SEND_ATTEMPT(false),
        /** After a successful offer, before waking a receiver. */
        SEND_NOTIFY(false),
        /** Before a sender registers to wait for room. */
        SEND_REGISTER(false),
        /** After a sender registered, before its re-check of the ring. */
        SEND_REGISTERED(false),
        /** After a sender's wait ended (claimed by anyone), before it unregisters and retries. */
        SEND_WOKEN(false),
        /** Before a receive's attempt on the ring (first try, or retry after a wait). */
        RECV_ATTEMPT(false),
        /** After a successful poll, before waking a sender. */
        RECV_NOTIFY(false),
        /** Before a receiver registers to wait for a message. */
        RECV_REGISTER(false),
        /** After a receiver registered, before its re-check of the ring. */
        RECV_REGISTERED(false),
        /** After a receiver's wait ended (claimed by anyone), before it unregisters and retries. */
        RECV_WOKEN(false),
        /** Before a drop-oldest send takes the guard to evict. */
        EVICT_ATTEMPT(false),
        /** Inside the guard, after the oldest message left the ring and before it is counted. */
        EVICTED(true),
        /** After {@code closeReceiving} claimed (or lost) the close, before it marks the ring. */
        CLOSE_RECEIVING_CLAIMED(false),
        /** After the closed mark is set, before parked threads are told. */
        CLOSE_MARKED(false),
        /** After the receiving side is flagged closed, before the buffered messages are drained. */
        CLOSE_RECEIVING_FLAGGED(false),
        /** Before a select's round of attempts on its operations. */
        SELECT_ATTEMPT(false),
        /** After a select registered its operations, before its re-check of them. */
        SELECT_REGISTERED(false),
        /** After a select's wait ended (claimed by anyone), before it unregisters and goes on. */
        SELECT_WOKEN(false),
        /** Inside the ring: a producer claimed a slot (moved the tail) and has not published into it. */
        RING_WRITE_CLAIMED(false, true),
        /** Inside the ring: a consumer claimed a message (moved the head) and has not freed its slot. */
        RING_READ_CLAIMED(false, true),
        /** Inside the ring: a thread backs off because another thread's claim on its slot is not finished. */
        RING_BACKOFF(false, true);

        /** Whether the point lies inside the guard, where no other thread may be made to wait. */
        final boolean insideGuard;
        /**
         * Whether the point lies inside a ring operation, between a claim and its publication,
         * where other threads that reach the same slot back off until the operation ends.
         */
        final boolean insideRing;

        Point(boolean insideGuard) {
            this(insideGuard, false);
        }

        Point(boolean insideGuard, boolean insideRing) {
            this.insideGuard = insideGuard;
            this.insideRing = insideRing;
        }
    }

    /** What a test installs to take control of the threads it started. */
    interface Hook {
        /** Called by every thread at {@code point}; may hold the calling thread. */
        void at(Point point);

        /**
         * Called instead of parking. Returns {@link #NOT_CONTROLLED} to park for real, otherwise
         * returns once the test lets the thread go on: {@link #RESUMED}, or {@link #EXPIRED} to
         * make the wait behave as if its deadline passed.
         */
        int park(WaitContext context, boolean timed);

        /** Whether the calling thread should skip the spin phase before registering. */
        boolean skipsSpinning();
    }

    /** {@link Hook#park}: the calling thread is not under the test's control. */
    static final int NOT_CONTROLLED = 0;
    /** {@link Hook#park}: the test resumed the thread. */
    static final int RESUMED = 1;
    /** {@link Hook#park}: the test resumed the thread and declared its deadline passed. */
    static final int EXPIRED = 2;

    /** The installed hook; volatile so that threads started before installation see it. */
    private static volatile Hook hook;

    private Seam() {
    }

    /** Installs {@code newHook} (or removes the current one with {@code null}). */
    static void install(Hook newHook) {
        if (!ENABLED) {
            throw new IllegalStateException("run the JVM with -Dio.ove.channel.test-seam=true to use the test seam");
        }
        hook = newHook;
    }

    /** Marks {@code point} on the calling thread's path. */
    static void at(Point point) {
        if (ENABLED) {
            Hook current = hook;
            if (current != null) {
                current.at(point);
            }
        }
    }

    /**
     * Parks the calling thread on {@code blocker}, for at most {@code nanos} if {@code timed}.
     *
     * @return whether a test declared the deadline passed (never in production)
     */
    static boolean park(WaitContext context, Object blocker, boolean timed, long nanos) {
        if (ENABLED) {
            Hook current = hook;
            if (current != null) {
                int outcome = current.park(context, timed);
                if (outcome != NOT_CONTROLLED) {
                    return outcome == EXPIRED;
                }
            }
        }
        if (timed) {
            LockSupport.parkNanos(blocker, nanos);
        } else {
            LockSupport.park(blocker);
        }
        return false;
    }

    /** How many spin-phase retries a blocking call makes before it registers. */
    static int spinRetries() {
        if (ENABLED) {
            Hook current = hook;
            if (current != null && current.skipsSpinning()) {
                return 0;
            }
        }
        return Backoff.RETRIES;
    }
}
