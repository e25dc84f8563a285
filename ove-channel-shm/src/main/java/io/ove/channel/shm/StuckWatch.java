package io.ove.channel.shm;

/**
 * Tells when one ring position has stayed in the same unfinished state (half-written, or taken
 * but not freed) for longer than the file's stuck timeout, so that its writer or reader is taken
 * for dead. Shared by the threads of one storage, so that calls that never wait ({@code trySend},
 * {@code tryRecv}) apply the rule too: each of them only records when it first saw the state.
 *
 * <p>The two fields are written without a lock: a race between two threads can only restart the
 * clock (a later give-up, never an earlier one), because a position, once it moves on, never
 * comes back.
 */
final class StuckWatch {

    private final long stuckNanos;
    /** The position last seen stuck, or -1; volatile so that every thread of the storage sees it. */
    private volatile long position = -1;
    /** When {@link #position} was first seen in that state. */
    private volatile long since;

    StuckWatch(long stuckNanos) {
        this.stuckNanos = stuckNanos;
    }

    /**
     * Records that {@code stuckPosition} is (still) unfinished.
     *
     * @return whether it has been so for longer than the stuck timeout
     */
    boolean expired(long stuckPosition) {
        long now = System.nanoTime();
        if (position != stuckPosition) {
            since = now;
            position = stuckPosition;
            return false;
        }
        return now - since > stuckNanos;
    }
}
