package io.ove.channel.spring;

import io.ove.channel.spring.definitions.ChannelBeanRegistrar;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.OveChannelProperties;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import io.ove.channel.spring.listener.ChannelListenerAnnotationBeanPostProcessor;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerObserver;
import io.ove.channel.spring.observation.ListenerContextPropagation;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Auto-configuration of ove-channel: the channels declared under {@code ove.channel.channels}
 * become beans, {@link ChannelListener} methods are started with the context, and the channels
 * are drained and closed when it stops.
 */
@AutoConfiguration
// For the configprops endpoint and IDE metadata only: the starter itself reads the properties once,
// validated, through ChannelDefinitions.
@EnableConfigurationProperties(OveChannelProperties.class)
public final class OveChannelAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot instantiates it. */
    public OveChannelAutoConfiguration() {
    }

    @Bean
    static ChannelBeanRegistrar oveChannelBeanRegistrar() {
        return new ChannelBeanRegistrar();
    }

    @Bean
    static ChannelListenerAnnotationBeanPostProcessor oveChannelListenerAnnotationBeanPostProcessor() {
        return new ChannelListenerAnnotationBeanPostProcessor();
    }

    /**
     * Keeps beans with {@link ChannelListener} methods eager under
     * {@code spring.main.lazy-initialization=true}: a lazy one would never be created, and its
     * channel never read.
     */
    @Bean
    static LazyInitializationExcludeFilter oveChannelListenerLazyInitializationExcludeFilter() {
        return (beanName, definition, beanType) -> beanType != null
                && ChannelListenerAnnotationBeanPostProcessor.hasListenerMethods(beanType);
    }

    @Bean
    @ConditionalOnMissingBean
    DeclaredChannels declaredChannels(ChannelDefinitions definitions, ObjectProvider<UndeliveredMessageHandler> handler,
            BeanFactory beans, ObjectProvider<ListenerContextPropagation> propagation) {
        ListenerContextPropagation observed = propagation.getIfAvailable();
        return new DeclaredChannels(definitions, handler::getIfAvailable, beans,
                observed == null ? definition -> null : observed::envelopeFor);
    }

    @Bean
    ChannelListenerRegistry oveChannelListenerRegistry() {
        return new ChannelListenerRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    ChannelLifecycle oveChannelLifecycle(DeclaredChannels channels, ChannelListenerRegistry registry,
            ObjectProvider<ChannelErrorHandler> errorHandler, ObjectProvider<ListenerObserver> observer,
            ObjectProvider<ListenerContextPropagation> propagation, Environment environment) {
        ListenerContextPropagation observed = propagation.getIfAvailable();
        // Unique or primary: listeners may name further handlers of their own (errorHandler = "...").
        return new ChannelLifecycle(channels, registry, errorHandler.getIfUnique(),
                observer.getIfAvailable(() -> ListenerObserver.NONE), listenerThreads(environment),
                Threading.VIRTUAL.isActive(environment) ? "virtual" : "platform",
                observed == null ? endpoint -> null : observed::scopeFor);
    }

    /** Virtual threads when {@code spring.threads.virtual.enabled=true} on JDK 21+, else platform ones. */
    private static Function<String, ThreadFactory> listenerThreads(Environment environment) {
        if (Threading.VIRTUAL.isActive(environment)) {
            return channel -> new VirtualThreadTaskExecutor("ove-listener-" + channel + "-").getVirtualThreadFactory();
        }
        return ChannelLifecycle::platformThreads;
    }
}
