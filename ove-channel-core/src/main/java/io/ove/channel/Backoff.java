package io.ove.channel;

/**
 * How long a blocking operation keeps retrying before it parks. A park/unpark hand-off costs tens
 * of microseconds, far more than the few hundred nanoseconds in which a busy peer usually frees a
 * slot or publishes a message, so a short spin and a few yields come first; only a thread that
 * still finds nothing parks, which keeps an idle channel free of CPU use.
 */
final class Backoff {

    /** Retries with {@link Thread#onSpinWait()} between them. */
    static final int SPINS = 64;
    /** Retries with {@link Thread#yield()} between them, after the spins. */
    static final int YIELDS = 8;
    /** Total retries before parking. */
    static final int RETRIES = SPINS + YIELDS;

    private Backoff() {
    }

    /** Pauses before retry number {@code attempt} (0-based) of the pre-park phase. */
    static void pause(int attempt) {
        if (attempt < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
