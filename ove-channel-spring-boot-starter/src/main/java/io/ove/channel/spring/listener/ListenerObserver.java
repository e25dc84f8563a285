package io.ove.channel.spring.listener;

/**
 * Told about every listener call; the metrics auto-configuration provides one that records the
 * {@code ove.channel.listener.*} meters. Define your own bean to replace it.
 */
public interface ListenerObserver {

    /** Records nothing; used when no observer bean is defined. */
    ListenerObserver NONE = (channel, listener) -> (nanos, error) -> { };

    /**
     * Prepares the recording for one listener, once when it starts, so the per-message path does
     * no lookup.
     *
     * @param channel  the channel's name
     * @param listener the listener's id
     * @return what each call of that listener reports to
     */
    Recorder recorderFor(String channel, String listener);

    /** Records the calls of one listener. */
    @FunctionalInterface
    interface Recorder {
        /**
         * Records one call of the listener method.
         *
         * @param nanos how long the call took
         * @param error what it threw, or {@code null} on success
         */
        void record(long nanos, Throwable error);

        /** Records that a failed call is about to be retried; a listener without a retry policy never calls it. */
        default void retry() {
        }
    }
}
