package io.ove.channel.spring;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import io.ove.channel.spring.observation.ChannelListenerObservationConvention;
import io.ove.channel.spring.observation.ListenerContextPropagation;
import io.ove.channel.spring.observation.ObservedChannels;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of listener observation: channels with {@code observation-enabled} carry the
 * sender's observation and context to their listeners, which run each delivery inside an
 * {@code ove.channel.listener} observation (see {@link io.ove.channel.spring.observation}). Active
 * when micrometer-observation and context-propagation are on the classpath; a channel is observed
 * only when its properties say so.
 */
@AutoConfiguration(before = OveChannelAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, ContextSnapshotFactory.class })
public final class OveChannelObservationAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot instantiates it. */
    public OveChannelObservationAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(ListenerContextPropagation.class)
    ObservedChannels oveChannelObservedChannels(ObjectProvider<ObservationRegistry> registry,
            ObjectProvider<ChannelListenerObservationConvention> convention) {
        // Looked up when the channels are created, so a registry defined anywhere in the context counts.
        return new ObservedChannels(registry::getIfUnique, convention::getIfUnique,
                ContextSnapshotFactory.builder().build());
    }
}
