package io.ove.channel.spring.listener;

import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import io.ove.channel.spring.definitions.OveChannelProperties;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link ChannelListener} methods on every bean and registers them, after checking that the
 * channel is declared, the method takes one parameter the channel's messages fit, and the
 * concurrency is positive. A mistake fails the start with the starter's failure analysis.
 */
public class ChannelListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

    /** Creates the post-processor; the starter's auto-configuration declares it. */
    public ChannelListenerAnnotationBeanPostProcessor() {
    }

    /** Plain: set once by the container before any bean is post-processed. */
    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        listenerMethods(AopUtils.getTargetClass(bean))
                .forEach((method, annotation) -> register(bean, beanName, method, annotation));
        return bean;
    }

    /**
     * Tells whether a class has listener methods.
     *
     * @param type a bean class
     * @return whether {@code type} declares or inherits a {@link ChannelListener} method
     */
    public static boolean hasListenerMethods(Class<?> type) {
        return !listenerMethods(type).isEmpty();
    }

    private static Map<Method, ChannelListener> listenerMethods(Class<?> type) {
        if (!AnnotationUtils.isCandidateClass(type, ChannelListener.class)) {
            return Map.of();
        }
        return MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<ChannelListener>) method ->
                AnnotatedElementUtils.findMergedAnnotation(method, ChannelListener.class));
    }

    /**
     * A dead-letter channel delivers {@link DeadLetter} records: its listeners must take one, and
     * a {@code DeadLetter<X>} parameter must fit the message type of every channel sending to it.
     */
    private static void checkDeadLetterParameter(String where, Method method, Class<?> parameter,
            ChannelDefinition channel, ChannelDefinitions definitions) {
        List<ChannelDefinition> sources = definitions.channels().stream()
                .filter(source -> channel.name().equals(source.deadLetter()))
                .toList();
        if (sources.isEmpty()) {
            return;
        }
        List<String> sourceNames = sources.stream().map(ChannelDefinition::name).toList();
        if (!parameter.isAssignableFrom(DeadLetter.class)) {
            throw new InvalidChannelConfigurationException(where, parameter.getName(),
                    "channel '" + channel.name() + "' is the dead-letter channel of " + sourceNames
                            + " and delivers " + DeadLetter.class.getName() + " records",
                    "Make the parameter a DeadLetter<MessageType>.");
        }
        Class<?> payload = ResolvableType.forMethodParameter(method, 0).as(DeadLetter.class).getGeneric(0)
                .resolve(Object.class);
        for (ChannelDefinition source : sources) {
            if (source.type() != null && !payload.isAssignableFrom(source.type())) {
                throw new InvalidChannelConfigurationException(where, "DeadLetter<" + payload.getName() + ">",
                        "channel '" + source.name() + "' carries " + source.type().getName()
                                + ", so its dead letters do not fit the parameter",
                        "Make the parameter a DeadLetter<" + source.type().getSimpleName()
                                + "> or a DeadLetter of one of its supertypes.");
            }
        }
    }

    /** Resolves {@code ${...}} placeholders, as Spring does for other annotation attributes. */
    private String resolve(String channel) {
        return beanFactory instanceof ConfigurableBeanFactory configurable
                ? configurable.resolveEmbeddedValue(channel) : channel;
    }

    private void register(Object bean, String beanName, Method method, ChannelListener annotation) {
        String id = beanName + "." + method.getName();
        String where = "@ChannelListener on " + ClassUtils.getQualifiedMethodName(method);
        ChannelDefinitions definitions = beanFactory.getBean(DeclaredChannels.class).definitions();
        String channelName = resolve(annotation.channel());
        ChannelDefinition channel = definitions.find(channelName);
        if (channel == null) {
            throw new InvalidChannelConfigurationException(where, channelName,
                    "no channel of that name is declared",
                    "Declare " + OveChannelProperties.PREFIX + ".channels." + channelName
                            + ".capacity, or listen to one of " + definitions.names() + ".");
        }
        if (method.getReturnType() != void.class) {
            // Nothing would receive the value: say so at start rather than drop it on every call.
            throw new InvalidChannelConfigurationException(where, method.getReturnType().getName(),
                    "a listener's return value would be dropped",
                    "Declare the method void, and send the result on with an injected Sender.");
        }
        if (method.getParameterCount() != 1) {
            throw new InvalidChannelConfigurationException(where, method.getParameterCount() + " parameters",
                    "a listener method takes exactly one parameter, the message",
                    "Declare the method as void " + method.getName() + "(MessageType message).");
        }
        if (annotation.concurrency() < 1) {
            throw new InvalidChannelConfigurationException(where, String.valueOf(annotation.concurrency()),
                    "concurrency must be at least 1", "Set concurrency = 1 or more.");
        }
        Class<?> parameter = ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0]);
        if (channel.type() != null && !parameter.isAssignableFrom(channel.type())) {
            throw new InvalidChannelConfigurationException(where, parameter.getName(),
                    "channel '" + channel.name() + "' carries " + channel.type().getName()
                            + ", which the parameter cannot take",
                    "Make the parameter a " + channel.type().getSimpleName() + " or one of its supertypes.");
        }
        checkDeadLetterParameter(where, method, parameter, channel, definitions);
        beanFactory.getBean(ChannelListenerRegistry.class)
                .register(new ListenerEndpoint(id, beanName, channel.name(), annotation.concurrency(), bean, method));
    }
}
