package io.ove.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/*
 * Padding around a wait list's fields. Producers read the consumers' list's `waiting` on every
 * send and consumers the producers' on every receive, while parking threads write `lock` and
 * `waiting`; without padding the two lists of a channel (allocated one after the other) and the
 * objects around them would share cache lines, and every registration would slow both sides.
 */

/** Padding before the fields. */
abstract class WaitListPadBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The fields of {@link WaitList}. */
abstract class WaitListFields extends WaitListPadBefore {
    /** Number of enqueued nodes; written under the lock, read without it (volatile). */
    volatile int waiting;
    /** 0 when free, 1 when held; taken by CAS, released by a release store. */
    volatile int lock;
    /** First and last enqueued node; plain, guarded by the lock. */
    WaitList.Node first;
    WaitList.Node last;
}

/** Padding after the fields. */
abstract class WaitListPadAfter extends WaitListFields {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p28, p29, p30, p31, p32, p33, p34, p35;
}

/**
 * The threads parked on one side of a channel (producers waiting for room, or consumers waiting
 * for a message), kept in FIFO order.
 *
 * <h2>No lost wake-up</h2>
 * A waiter {@link #enqueue enqueues} itself (a volatile write of {@link #waiting}) and only then
 * retries its operation on the ring, whose FULL or EMPTY verdict comes from a volatile read of the
 * other side's counter. The other side changes that counter by CAS and afterwards reads
 * {@code waiting} (volatile) in {@link #hasWaiters()}. All four accesses are volatile, so they fall
 * in one total order: either the waiter's retry sees the new counter and does not park, or the
 * other side sees {@code waiting > 0} and wakes someone. A thread that is woken but then leaves
 * without using its turn (timeout, interrupt) passes the turn on with {@link #wakeOne()}.
 *
 * <h2>Cost</h2>
 * The producer and consumer fast paths pay one volatile read of {@code waiting} (a plain load on
 * x86) and nothing more while nobody waits. The list itself is guarded by a tiny spin lock held
 * for a few pointer writes; it never parks under the lock, so it is safe for virtual threads (no
 * {@code synchronized}, no monitor pinning). Nodes are reused per thread: waiting allocates
 * nothing after a thread's first wait.
 */
final class WaitList extends WaitListPadAfter {

    private static final VarHandle LOCK;
    private static final ThreadLocal<Node> NODES = ThreadLocal.withInitial(Node::new);

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(WaitListFields.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }


    /** A parked thread's place in a list. Fields are plain and guarded by the owning list's lock. */
    static final class Node {
        final Thread thread = Thread.currentThread();
        Node previous;
        Node next;
        /** Whether the node is in a list now. */
        boolean linked;
        /** Whether a waker took the node off the list, that is whether it was handed a turn. */
        boolean woken;
    }

    /** The calling thread's reusable node. */
    static Node currentNode() {
        return NODES.get();
    }

    /** Whether any thread is enqueued (volatile read); the cheap check of the fast paths. */
    boolean hasWaiters() {
        return waiting != 0;
    }

    /** Number of enqueued threads (volatile read). */
    int size() {
        return waiting;
    }

    /** Appends {@code node}; the caller must then re-check its condition before parking. */
    void enqueue(Node node) {
        acquire();
        try {
            node.woken = false;
            node.linked = true;
            node.next = null;
            node.previous = last;
            if (last == null) {
                first = node;
            } else {
                last.next = node;
            }
            last = node;
            waiting = waiting + 1; // volatile write: the registration the wakers look for
        } finally {
            release();
        }
    }

    /**
     * Takes {@code node} off the list if it is still there.
     *
     * @return {@code true} if a waker had already taken it off, that is, if the caller was handed
     *         a turn it must use or pass on
     */
    boolean dequeue(Node node) {
        acquire();
        try {
            if (node.linked) {
                unlink(node);
                return false;
            }
            return node.woken;
        } finally {
            release();
        }
    }

    /** Wakes the longest-waiting thread, if any. */
    void wakeOne() {
        Thread thread = null;
        acquire();
        try {
            Node node = first;
            if (node != null) {
                unlink(node);
                node.woken = true;
                thread = node.thread;
            }
        } finally {
            release();
        }
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Wakes every enqueued thread; used when the channel closes. Unparks under the lock: a woken
     * thread may re-enqueue its node (rewriting its links) as soon as it runs, so the chain can
     * only be walked while nobody else may touch it. Closing is rare, and unpark never blocks.
     */
    void wakeAll() {
        acquire();
        try {
            for (Node node = first; node != null; ) {
                Node next = node.next;
                node.previous = null;
                node.next = null;
                node.linked = false;
                node.woken = true;
                LockSupport.unpark(node.thread);
                node = next;
            }
            first = null;
            last = null;
            waiting = 0; // volatile write
        } finally {
            release();
        }
    }

    private void unlink(Node node) {
        Node previous = node.previous;
        Node next = node.next;
        if (previous == null) {
            first = next;
        } else {
            previous.next = next;
        }
        if (next == null) {
            last = previous;
        } else {
            next.previous = previous;
        }
        node.previous = null;
        node.next = null;
        node.linked = false;
        waiting = waiting - 1; // volatile write
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
