package io.ove.channel.spring;

import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link ChannelListener} methods on every bean and registers them, after checking that the
 * channel is declared, the method takes one parameter the channel's messages fit, and the
 * concurrency is positive. A mistake fails the start with the starter's failure analysis.
 */
class ChannelListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

    /** Plain: set once by the container before any bean is post-processed. */
    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (!AnnotationUtils.isCandidateClass(targetClass, ChannelListener.class)) {
            return bean;
        }
        Map<Method, ChannelListener> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<ChannelListener>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, ChannelListener.class));
        methods.forEach((method, annotation) -> register(bean, beanName, method, annotation));
        return bean;
    }

    private void register(Object bean, String beanName, Method method, ChannelListener annotation) {
        String id = beanName + "." + method.getName();
        String where = "@ChannelListener on " + ClassUtils.getQualifiedMethodName(method);
        ChannelDefinitions definitions = beanFactory.getBean(DeclaredChannels.class).definitions();
        ChannelDefinition channel = definitions.find(annotation.channel());
        if (channel == null) {
            throw new InvalidChannelConfigurationException(where, annotation.channel(),
                    "no channel of that name is declared",
                    "Declare " + OveChannelProperties.PREFIX + ".channels." + annotation.channel()
                            + ".capacity, or listen to one of " + definitions.names() + ".");
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
        beanFactory.getBean(ChannelListenerRegistry.class)
                .register(new ListenerEndpoint(id, channel.name(), annotation.concurrency(), bean, method));
    }
}
