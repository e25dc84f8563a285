package io.ove.channel.spring.observation;

import io.micrometer.observation.Observation;

/**
 * What an {@code ove.channel.listener} observation knows about its delivery, for conventions:
 * the channel, the listener, and the message (or batch) it was handed. Its error, once set, is
 * what the listener finally threw.
 */
public class ChannelListenerObservationContext extends Observation.Context {

    private final String channel;
    private final String listenerId;
    private final Object payload;
    private final boolean batch;
    /**
     * Whether the delivery has ended. Plain: the listener thread that starts the observation also
     * ends and stops it, and conventions read it on that thread.
     */
    private boolean ended;

    /**
     * Creates the context of one delivery.
     *
     * @param channel    the channel's name
     * @param listenerId the listener's id
     * @param payload    the message, or the batch (a {@code List})
     * @param batch      whether {@code payload} is a batch
     */
    public ChannelListenerObservationContext(String channel, String listenerId, Object payload, boolean batch) {
        this.channel = channel;
        this.listenerId = listenerId;
        this.payload = payload;
        this.batch = batch;
    }

    /** {@return the channel's name} */
    public String getChannel() {
        return channel;
    }

    /** {@return the listener's id} */
    public String getListenerId() {
        return listenerId;
    }

    /** {@return the message, or the batch (a {@code List}) when {@link #isBatch()}} */
    public Object getPayload() {
        return payload;
    }

    /** {@return whether the delivery is a batch} */
    public boolean isBatch() {
        return batch;
    }

    /**
     * {@return whether the delivery has ended}: {@code false} while the observation starts and the
     * listener runs, {@code true} once its outcome is known, just before the observation stops
     */
    public boolean isEnded() {
        return ended;
    }

    /** Marks the delivery as ended, so that conventions read at the stop describe its outcome. */
    void end() {
        this.ended = true;
    }
}
