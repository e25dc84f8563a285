package io.ove.channel.spring.observation;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.ove.channel.spring.listener.DeliveryScope;

/**
 * Runs each delivery of one listener of an observed channel with the sender's thread-locals
 * restored, inside an {@code ove.channel.listener} observation whose parent is the sender's
 * observation. A batch runs in one observation, in the context of its first message.
 */
final class ObservedDelivery implements DeliveryScope {

    private final ContextEnvelope envelope;
    private final ObservationRegistry registry;
    /** The application's convention, or {@code null} for the default one. */
    private final ChannelListenerObservationConvention convention;
    private final String channel;
    private final String listenerId;
    private final boolean batch;

    ObservedDelivery(ContextEnvelope envelope, ObservationRegistry registry,
            ChannelListenerObservationConvention convention, String channel, String listenerId, boolean batch) {
        this.envelope = envelope;
        this.registry = registry;
        this.convention = convention;
        this.channel = channel;
        this.listenerId = listenerId;
        this.batch = batch;
    }

    private static boolean notTheObservation(Object key) {
        return !ObservationThreadLocalAccessor.KEY.equals(key);
    }

    @Override
    public Object takeContext() {
        return envelope.take();
    }

    @Override
    public Throwable run(Object context, Object argument, Delivery delivery) {
        ContextEnvelope.Carried carried = (ContextEnvelope.Carried) context;
        // The sender's other thread-locals first. Not its observation: the listener's own observation,
        // its child, becomes current below, and reopening the sender's scope here would only make every
        // handler (a tracer's among them) open and close it once more per message.
        ContextSnapshot.Scope restored = carried == null ? null
                : carried.snapshot().setThreadLocals(ObservedDelivery::notTheObservation);
        try {
            ChannelListenerObservationContext delivered =
                    new ChannelListenerObservationContext(channel, listenerId, argument, batch);
            Observation observation = ChannelListenerObservation.LISTENER.observation(convention,
                    DefaultChannelListenerObservationConvention.INSTANCE, () -> delivered, registry);
            if (carried != null && carried.observation() != null) {
                observation.parentObservation(carried.observation());
            }
            observation.start();
            Throwable error;
            try (Observation.Scope scope = observation.openScope()) {
                error = delivery.process(argument);
            } catch (RuntimeException | Error unexpected) {
                observation.error(unexpected); // the container's own failure, not the listener's
                delivered.end();
                observation.stop();
                throw unexpected;
            }
            if (error != null) {
                observation.error(error);
            }
            delivered.end();
            observation.stop(); // the convention reads the context again here: outcome and exception
            return error;
        } finally {
            if (restored != null) {
                restored.close();
            }
        }
    }
}
