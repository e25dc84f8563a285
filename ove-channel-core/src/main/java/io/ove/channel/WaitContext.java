package io.ove.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread's state while it waits on a channel: a selection word that exactly one party claims
 * by CAS, and the thread to unpark.
 *
 * <h2>The rule this class exists for</h2>
 * A waiting thread registers its context with a {@link Waker} and then stays in one of two
 * situations until its selection is claimed:
 * <ul>
 *   <li>a waker claims it with {@link #OPERATION} ("the operation you wait for may succeed now"),
 *       and takes the registration off its list at the same time; or</li>
 *   <li>the thread claims it itself, with {@link #ABORTED} (its own re-check found the channel
 *       ready), {@link #TIMED_OUT} or {@link #INTERRUPTED}; or closing claims it with
 *       {@link #DISCONNECTED}. In these cases the thread takes its registration off the list.</li>
 * </ul>
 * The thread touches the ring only after the claim is settled. So a wake-up can never land on a
 * thread that already took a message (or a slot) on its own: either the thread's claim won, and
 * wakers skip it and wake someone else, or the waker's claim won, and the thread's next attempt
 * on the ring is the one the wake-up announced. This is the shape of crossbeam-channel's
 * {@code Context}. A {@link Select} registers one context on several wakers, each registration
 * with its own operation id ({@link #FIRST_SELECT_OPERATION} plus the operation's index), and the
 * first claim decides which operation the thread goes on with.
 *
 * <h2>Memory model</h2>
 * {@code selected} is changed only by CAS and read with volatile semantics: the CAS that claims
 * it is the single point at which the waiter's fate is decided, and its volatile order with the
 * waker's list (guarded by the waker's lock) is what makes the registration visible. The thread
 * field is final. Contexts are reused per thread, so waiting allocates nothing after a thread's
 * first wait.
 */
final class WaitContext {

    /** Nobody has claimed the context yet. */
    static final long WAITING = 0;
    /** A waker claimed it: the operation the thread waits for may succeed now. */
    static final long OPERATION = 1;
    /** The thread claimed it: its re-check after registering found the channel ready. */
    static final long ABORTED = 2;
    /** The thread claimed it: its deadline passed. */
    static final long TIMED_OUT = 3;
    /** The thread claimed it: it was interrupted. */
    static final long INTERRUPTED = 4;
    /** Closing claimed it: the channel closed a side while the thread waited. */
    static final long DISCONNECTED = 5;
    /**
     * The claim of a {@link Select}'s operation {@code i} is {@code FIRST_SELECT_OPERATION + i}: a
     * waker claims a selecting thread's context with the id of the registration it found, so the
     * claim's value says which operation may succeed now. Values below it are the plain claims
     * above.
     */
    static final long FIRST_SELECT_OPERATION = 16;

    private static final VarHandle SELECTED;
    private static final ThreadLocal<WaitContext> CONTEXTS = ThreadLocal.withInitial(WaitContext::new);

    static {
        try {
            SELECTED = MethodHandles.lookup().findVarHandle(WaitContext.class, "selected", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiting thread. */
    final Thread thread = Thread.currentThread();
    /** The registration of this context on one waker, reused wait after wait. */
    final Waker.Entry entry = new Waker.Entry(this, OPERATION);
    /** {@link #WAITING} or the value of the claim that won; changed by CAS only. */
    private volatile long selected;

    private WaitContext() {
    }

    /** The calling thread's context. */
    static WaitContext current() {
        return CONTEXTS.get();
    }

    /**
     * Makes the context claimable again. Called by its own thread before each registration, when
     * no waker can reach it: its entry is on no list (volatile write, ordered before the
     * registration that publishes the entry under the waker's lock).
     */
    void reset() {
        selected = WAITING;
    }

    /**
     * Claims the context with {@code selection} if nobody has claimed it yet.
     *
     * @return whether this call's claim won
     */
    boolean trySelect(long selection) {
        // CAS: exactly one claim wins; every party decides what to do from its own result.
        return SELECTED.compareAndSet(this, WAITING, selection);
    }

    /** {@return whether {@code selection} names an operation of a select} */
    static boolean isSelectOperation(long selection) {
        return selection >= FIRST_SELECT_OPERATION;
    }

    /** The claim that won, or {@link #WAITING} (volatile read). */
    long selected() {
        return selected;
    }

    /**
     * Spins and yields a little while nobody has claimed the context: the step between
     * registering and {@link #await} of a wait whose counterpart can only act once it sees the
     * registration (a rendezvous, a select). A counterpart that comes within a few microseconds
     * then claims a running thread instead of paying for an unpark and a wake-up, as crossbeam's
     * {@code Context::wait_until} does. Reads {@code selected} with volatile semantics; claims
     * nothing.
     */
    void spinWhileUnclaimed() {
        for (int attempt = 0, retries = Seam.spinRetries(); attempt < retries && selected == WAITING; attempt++) {
            Backoff.pause(attempt);
        }
    }

    /**
     * Parks until the context is claimed, and returns the claim that won. When the deadline
     * passes or the thread is interrupted, the thread tries to claim the context itself; if a
     * waker or closing got there first, that claim is returned instead (and an interrupt stays
     * pending on the thread, to be seen before its next wait).
     *
     * @param timed    whether {@code deadline} applies
     * @param deadline a {@link System#nanoTime()} value
     * @param blocker  the object the thread parks on (shown by thread dumps)
     * @return the claim that won; never {@link #WAITING}
     */
    long await(boolean timed, long deadline, Object blocker) {
        for (;;) {
            long now = selected;
            if (now != WAITING) {
                return now;
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                // The seam's park reports a deadline it let pass on purpose (forced schedules).
                if (remaining <= 0 || Seam.park(this, blocker, true, remaining)) {
                    if (trySelect(TIMED_OUT)) {
                        return TIMED_OUT;
                    }
                    continue; // somebody else's claim won meanwhile: read it
                }
            } else {
                Seam.park(this, blocker, false, 0L);
            }
            if (Thread.interrupted()) {
                if (trySelect(INTERRUPTED)) {
                    return INTERRUPTED;
                }
                // A claim won before the interrupt was noticed: honour it, keep the interrupt.
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "WaitContext[" + thread.getName() + ", selected=" + selected + "]";
    }
}
