package io.ove.channel.spring.listener;

/**
 * Starts, stops, pauses and resumes listeners by id; the lifecycle manager implements it and
 * {@link ChannelListenerRegistry} hands calls on to it.
 */
public interface ListenerControl {

    /**
     * Starts a stopped listener's threads; a running one is left as it is.
     *
     * @param id the listener's id
     */
    void start(String id);

    /**
     * Stops a listener after its current message, waiting at most the drain timeout; its channel
     * stays open and keeps what is buffered.
     *
     * @param id the listener's id
     */
    void stop(String id);

    /**
     * Makes a listener take no further message until resumed; its threads stay alive.
     *
     * @param id the listener's id
     */
    void pause(String id);

    /**
     * Lets a paused listener take messages again.
     *
     * @param id the listener's id
     */
    void resume(String id);

    /**
     * Tells where a listener stands.
     *
     * @param id the listener's id
     * @return its state
     */
    ListenerState state(String id);
}
