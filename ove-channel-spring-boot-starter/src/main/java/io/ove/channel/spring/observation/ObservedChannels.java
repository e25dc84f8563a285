package io.ove.channel.spring.observation;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import io.ove.channel.Envelope;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import io.ove.channel.spring.definitions.OveChannelProperties;
import io.ove.channel.spring.listener.DeliveryScope;
import io.ove.channel.spring.listener.ListenerEndpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Gives every observed channel a {@link ContextEnvelope} and every listener of one an
 * {@link ObservedDelivery}, reporting to the application's {@link ObservationRegistry}.
 *
 * <p>An observed channel without a registry to report to fails the start: observation was asked
 * for, and silently tracing nothing would hide the mistake.
 */
public class ObservedChannels implements ListenerContextPropagation {

    private final Supplier<ObservationRegistry> registry;
    private final Supplier<ChannelListenerObservationConvention> convention;
    private final ContextSnapshotFactory snapshots;
    /** Filled while the channels are created, read when listeners start, on any thread. */
    private final Map<String, ContextEnvelope> envelopes = new ConcurrentHashMap<>();

    /**
     * Creates the propagation.
     *
     * @param registry   supplies the application's registry, or {@code null} when it has none
     * @param convention supplies the application's convention, or {@code null} for the default
     * @param snapshots  captures and restores thread-locals
     */
    public ObservedChannels(Supplier<ObservationRegistry> registry,
            Supplier<ChannelListenerObservationConvention> convention, ContextSnapshotFactory snapshots) {
        this.registry = registry;
        this.convention = convention;
        this.snapshots = snapshots;
    }

    @Override
    public Envelope<Object> envelopeFor(ChannelDefinition channel) {
        if (!channel.isObserved()) {
            return null;
        }
        ContextEnvelope envelope = new ContextEnvelope(requireRegistry(channel.name()), snapshots);
        envelopes.put(channel.name(), envelope);
        return envelope;
    }

    @Override
    public DeliveryScope scopeFor(ListenerEndpoint listener) {
        ContextEnvelope envelope = envelopes.get(listener.channel());
        if (envelope == null) {
            return null;
        }
        return new ObservedDelivery(envelope, requireRegistry(listener.channel()), convention.get(),
                listener.channel(), listener.id(), listener.options().batch());
    }

    private ObservationRegistry requireRegistry(String channel) {
        ObservationRegistry found = registry.get();
        if (found == null) {
            throw new InvalidChannelConfigurationException(OveChannelProperties.PREFIX + ".channels." + channel
                    + ".observation-enabled", "true",
                    "observation is enabled for channel '" + channel + "' (by this property or by "
                            + OveChannelProperties.PREFIX + ".observation-enabled), but the application has no"
                            + " ObservationRegistry bean to report to",
                    "Add spring-boot-starter-actuator (its observation auto-configuration provides the registry), or"
                            + " define an ObservationRegistry bean, or set the property to false.");
        }
        return found;
    }
}
