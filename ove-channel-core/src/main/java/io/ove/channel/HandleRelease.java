package io.ove.channel;

import java.lang.ref.Cleaner;

/**
 * Gives a handle's count back to its queue exactly once: either from the handle's
 * {@code close()}, or from the shared {@link Cleaner} thread once the handle became unreachable
 * without being closed, in which case it is also counted as a leak.
 *
 * <p>It must not reference its handle, or the handle could never become unreachable.
 */
final class HandleRelease implements Runnable {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "ove-channel-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final ChannelStorage<?> queue;
    private final boolean sender;
    private final Cleaner.Cleanable cleanable;
    /**
     * Set by {@code close()} just before it runs this action. Volatile: {@code Cleanable} runs the
     * action once, on whichever thread gets there first, and the cleaner thread must see the flag
     * if it wins a race with a closing thread.
     */
    private volatile boolean closedExplicitly;

    /** Creates the release for {@code handle} and registers it with the shared cleaner. */
    HandleRelease(Object handle, ChannelStorage<?> queue, boolean sender) {
        this.queue = queue;
        this.sender = sender;
        this.cleanable = CLEANER.register(handle, this);
    }

    /** Releases the count now, on the calling thread; later calls do nothing. */
    void releaseExplicitly() {
        closedExplicitly = true;
        cleanable.clean();
    }

    @Override
    public void run() {
        queue.releaseHandle(sender);
        // Counted after the release, so whoever sees the leak also sees its effect on the channel.
        if (!closedExplicitly) {
            queue.countLeak(sender);
        }
    }
}
