package io.ove.channel.spring;

import io.ove.channel.spring.actuate.ChannelsHealthIndicator;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code channels} health contributor, when the application has Spring Boot's health module
 * and {@code management.health.channels.enabled} is not {@code false}.
 */
@AutoConfiguration(after = OveChannelAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
public final class OveChannelHealthAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot instantiates it. */
    public OveChannelHealthAutoConfiguration() {
    }

    // On the method rather than the class, so that the condition's class is only loaded once
    // @ConditionalOnClass has confirmed the health module is there.
    @Bean
    @ConditionalOnEnabledHealthIndicator("channels")
    @ConditionalOnMissingBean(name = "channelsHealthIndicator")
    @ConditionalOnBean(ChannelLifecycle.class)
    ChannelsHealthIndicator channelsHealthIndicator(DeclaredChannels channels, ChannelLifecycle lifecycle) {
        // The settings the starter validated at start-up, not a second binding of the properties.
        return new ChannelsHealthIndicator(channels, lifecycle, channels.definitions().health());
    }
}
