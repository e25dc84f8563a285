package io.ove.channel.spring;

import io.ove.channel.spring.actuate.ChannelsEndpoint;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code channels} actuator endpoint, when the application has Spring Boot's actuator and
 * the endpoint is available (enabled and exposed).
 */
@AutoConfiguration(after = OveChannelAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
public final class OveChannelEndpointAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot instantiates it. */
    public OveChannelEndpointAutoConfiguration() {
    }

    // The availability condition sits on the method, not the class: a class-level condition's
    // class is loaded together with @ConditionalOnClass, before that one can rule it out.
    @Bean
    @ConditionalOnAvailableEndpoint(ChannelsEndpoint.class)
    @ConditionalOnMissingBean
    @ConditionalOnBean(ChannelLifecycle.class)
    ChannelsEndpoint channelsEndpoint(DeclaredChannels channels, ChannelLifecycle lifecycle) {
        return new ChannelsEndpoint(channels, lifecycle);
    }
}
