package io.ove.channel.spring.observation;

import io.ove.channel.Envelope;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.listener.DeliveryScope;
import io.ove.channel.spring.listener.ListenerEndpoint;

/**
 * How the starter carries a sender's context to the listeners of an observed channel: an envelope
 * for the channel, which captures the context at send, and a delivery scope for each of its
 * listeners, which restores it. The observation auto-configuration provides {@link ObservedChannels};
 * this interface names no Micrometer type, so the starter loads it whether or not Micrometer is
 * there.
 */
public interface ListenerContextPropagation {

    /**
     * The envelope of a channel; called once per channel, when the channels are created.
     *
     * @param channel a validated declaration
     * @return its envelope, or {@code null} when the channel is not observed (it is then a plain
     *         channel, with nothing added to its message path)
     */
    Envelope<Object> envelopeFor(ChannelDefinition channel);

    /**
     * The delivery scope of a listener; called once per listener, when its container is made,
     * after {@link #envelopeFor} has run for its channel.
     *
     * @param listener the listener
     * @return its scope, or {@code null} when its channel is not observed
     */
    DeliveryScope scopeFor(ListenerEndpoint listener);
}
