package io.ove.channel.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code ove.channel.listener} observations. Define a bean of this type to
 * replace {@link DefaultChannelListenerObservationConvention}, or extend that class to add tags:
 *
 * <pre>{@code
 * @Bean
 * ChannelListenerObservationConvention listenerConvention() {
 *     return new DefaultChannelListenerObservationConvention() {
 *         @Override
 *         public KeyValues getLowCardinalityKeyValues(ChannelListenerObservationContext context) {
 *             return super.getLowCardinalityKeyValues(context).and("team", "orders");
 *         }
 *     };
 * }
 * }</pre>
 */
public interface ChannelListenerObservationConvention extends ObservationConvention<ChannelListenerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ChannelListenerObservationContext;
    }
}
