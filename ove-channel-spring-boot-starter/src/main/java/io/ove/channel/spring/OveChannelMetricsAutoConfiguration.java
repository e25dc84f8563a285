package io.ove.channel.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.ove.channel.spring.actuate.ChannelMetrics;
import io.ove.channel.spring.actuate.MicrometerListenerObserver;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.listener.ListenerObserver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for the declared channels and their listeners. Active only when Micrometer is
 * on the class path; any {@code MeterRegistry} the application has picks them up.
 */
@AutoConfiguration(after = OveChannelAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public final class OveChannelMetricsAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot instantiates it. */
    public OveChannelMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    ChannelMetrics oveChannelMetrics(DeclaredChannels channels) {
        return new ChannelMetrics(channels);
    }

    @Bean
    @ConditionalOnMissingBean(ListenerObserver.class)
    MicrometerListenerObserver oveChannelListenerObserver(ObjectProvider<MeterRegistry> registry,
            DeclaredChannels channels) {
        return new MicrometerListenerObserver(registry::getIfUnique, channels);
    }
}
