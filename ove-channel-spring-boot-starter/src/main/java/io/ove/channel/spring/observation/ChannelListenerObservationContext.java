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
}
