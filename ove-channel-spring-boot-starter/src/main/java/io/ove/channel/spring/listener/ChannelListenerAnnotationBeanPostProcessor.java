package io.ove.channel.spring.listener;

import io.ove.channel.spring.Batch;
import io.ove.channel.spring.ChannelErrorHandler;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.SendTo;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import io.ove.channel.spring.definitions.OveChannelProperties;
import io.ove.channel.spring.retry.ListenerRetryPolicies;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link ChannelListener} methods on every bean and registers them, after checking that the
 * channel is declared, the method takes one parameter the channel's messages fit (a list of them
 * for a batch listener), the concurrency is positive, the error handler bean exists, the retry
 * policy is sound and a {@link SendTo} channel can hold what the method returns. A mistake fails
 * the start with the starter's failure analysis.
 */
public class ChannelListenerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware,
        EnvironmentAware {

    private static final Log LOG = LogFactory.getLog(ChannelListenerAnnotationBeanPostProcessor.class);

    /** Creates the post-processor; the starter's auto-configuration declares it. */
    public ChannelListenerAnnotationBeanPostProcessor() {
    }

    /** Plain: set once by the container before any bean is post-processed. */
    private BeanFactory beanFactory;

    /** Plain: set once by the container before any bean is post-processed. */
    private Environment environment;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
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
    private static void checkDeadLetterParameter(String where, Method method, Class<?> parameter, boolean batch,
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
        ResolvableType letter = ResolvableType.forMethodParameter(method, 0);
        if (batch) {
            letter = letter.asCollection().getGeneric(0);
        }
        Class<?> payload = letter.as(DeadLetter.class).getGeneric(0).resolve(Object.class);
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
    private String resolve(String value) {
        return beanFactory instanceof ConfigurableBeanFactory configurable
                ? configurable.resolveEmbeddedValue(value) : value;
    }

    private void register(Object bean, String beanName, Method method, ChannelListener annotation) {
        String where = "@ChannelListener on " + ClassUtils.getQualifiedMethodName(method);
        String id = resolve(annotation.id()).trim();
        if (id.isEmpty()) {
            id = beanName + "." + method.getName();
        }
        ChannelDefinitions definitions = beanFactory.getBean(DeclaredChannels.class).definitions();
        String channelName = resolve(annotation.channel());
        ChannelDefinition channel = definitions.find(channelName);
        if (channel == null) {
            throw new InvalidChannelConfigurationException(where, channelName,
                    "no channel of that name is declared",
                    "Declare " + OveChannelProperties.PREFIX + ".channels." + channelName
                            + ".capacity, or listen to one of " + definitions.names() + ".");
        }
        if (method.getParameterCount() != 1) {
            throw new InvalidChannelConfigurationException(where, method.getParameterCount() + " parameters",
                    "a listener method takes exactly one parameter, the message (or with batch, a List of them)",
                    "Declare the method as void " + method.getName() + "(MessageType message).");
        }
        int concurrency = concurrency(where, annotation.concurrency());
        int batchSize = 0;
        Duration batchWait = Duration.ZERO;
        Class<?> parameter = ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0]);
        Class<?> messageType = parameter;
        if (annotation.batch().length > 1) {
            throw new InvalidChannelConfigurationException(where + ": batch", annotation.batch().length + " @Batch",
                    "a listener has at most one batch setting", "Keep one @Batch.");
        }
        if (annotation.batch().length == 1) {
            Batch batch = annotation.batch()[0];
            if (batch.size() < 1) {
                throw new InvalidChannelConfigurationException(where + ": batch.size", String.valueOf(batch.size()),
                        "a batch holds at least one message", "Set size = 1 or more, for example 100.");
            }
            if (!parameter.isAssignableFrom(List.class)) {
                throw new InvalidChannelConfigurationException(where, parameter.getName(),
                        "a batch listener is called with a java.util.List of messages",
                        "Make the parameter a List<MessageType>.");
            }
            batchSize = batch.size();
            batchWait = ListenerRetryPolicies.duration(where + ": batch.maxWait", resolve(batch.maxWait()));
            messageType = ResolvableType.forMethodParameter(method, 0).asCollection().getGeneric(0)
                    .resolve(Object.class);
        }
        if (channel.type() != null && !messageType.isAssignableFrom(channel.type())) {
            throw new InvalidChannelConfigurationException(where, messageType.getName(),
                    "channel '" + channel.name() + "' carries " + channel.type().getName()
                            + ", which the parameter cannot take",
                    "Make the parameter a " + (batchSize > 0 ? "List of " : "") + channel.type().getSimpleName()
                            + " or one of its supertypes.");
        }
        checkDeadLetterParameter(where, method, messageType, batchSize > 0, channel, definitions);
        if (annotation.retry().length > 1) {
            throw new InvalidChannelConfigurationException(where + ": retry", annotation.retry().length + " @Retry",
                    "a listener has at most one retry policy", "Keep one @Retry.");
        }
        RetryPolicy retry = annotation.retry().length == 0 ? null
                : ListenerRetryPolicies.of(annotation.retry()[0], this::resolve, where);
        String replyTo = replyTo(where, method, definitions);
        ListenerOptions options = new ListenerOptions(autoStartup(where, annotation.autoStartup()),
                errorHandler(where, annotation.errorHandler()), batchSize, batchWait, retry, replyTo);
        ChannelListenerRegistry registry = beanFactory.getBean(ChannelListenerRegistry.class);
        if (registry.find(id) != null) {
            throw new InvalidChannelConfigurationException(where + ": id", id,
                    "another @ChannelListener has the same id",
                    "Give each listener its own id, or leave id empty for beanName.methodName.");
        }
        registry.register(new ListenerEndpoint(id, beanName, channel.name(), concurrency, bean, method, messageType,
                options));
    }

    private int concurrency(String where, String text) {
        String resolved = resolve(text).trim();
        int concurrency;
        try {
            concurrency = Integer.parseInt(resolved);
        } catch (NumberFormatException e) {
            throw new InvalidChannelConfigurationException(where + ": concurrency", resolved,
                    "concurrency is not a whole number", "Set concurrency = \"2\", or a placeholder that resolves to one.");
        }
        if (concurrency < 1) {
            throw new InvalidChannelConfigurationException(where + ": concurrency", resolved,
                    "concurrency must be at least 1", "Set concurrency = 1 or more.");
        }
        return concurrency;
    }

    /** The listener's own setting, else {@code ove.channel.listeners.auto-startup}. */
    private boolean autoStartup(String where, String text) {
        String resolved = resolve(text).trim();
        if (resolved.isEmpty()) {
            return environment == null || Binder.get(environment)
                    .bind(OveChannelProperties.PREFIX + ".listeners.auto-startup", Boolean.class).orElse(true);
        }
        if (!resolved.equalsIgnoreCase("true") && !resolved.equalsIgnoreCase("false")) {
            throw new InvalidChannelConfigurationException(where + ": autoStartup", resolved, "not a boolean",
                    "Use true or false, or leave it empty for " + OveChannelProperties.PREFIX
                            + ".listeners.auto-startup.");
        }
        return Boolean.parseBoolean(resolved);
    }

    private ChannelErrorHandler errorHandler(String where, String text) {
        String name = resolve(text).trim();
        if (name.isEmpty()) {
            return null;
        }
        if (!beanFactory.containsBean(name)) {
            throw new InvalidChannelConfigurationException(where + ": errorHandler", name, "no bean of that name exists",
                    "Define a ChannelErrorHandler bean named '" + name + "', or correct the name.");
        }
        if (!beanFactory.isTypeMatch(name, ChannelErrorHandler.class)) {
            throw new InvalidChannelConfigurationException(where + ": errorHandler", name,
                    "bean '" + name + "' is not a " + ChannelErrorHandler.class.getName(),
                    "Name a bean that implements ChannelErrorHandler.");
        }
        return beanFactory.getBean(name, ChannelErrorHandler.class);
    }

    /**
     * The channel a {@link SendTo} method's values go to, checked against the method's return
     * type; a value returned without it would be dropped, which start-up says once.
     */
    private String replyTo(String where, Method method, ChannelDefinitions definitions) {
        SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
        Class<?> returned = ClassUtils.resolvePrimitiveIfNecessary(method.getReturnType());
        boolean returnsValue = method.getReturnType() != void.class;
        if (sendTo == null) {
            if (returnsValue) {
                LOG.warn(where + " returns " + method.getReturnType().getName() + ", which is dropped: annotate it"
                        + " with @SendTo(\"<channel>\") to send it on, or declare it void");
            }
            return null;
        }
        String target = resolve(sendTo.value()).trim();
        ChannelDefinition channel = definitions.find(target);
        if (channel == null) {
            throw new InvalidChannelConfigurationException(where + ": @SendTo", target,
                    "no channel of that name is declared",
                    "Declare " + OveChannelProperties.PREFIX + ".channels." + target
                            + ".capacity, or send to one of " + definitions.names() + ".");
        }
        if (!returnsValue) {
            throw new InvalidChannelConfigurationException(where + ": @SendTo", target,
                    "the method is void, so there is nothing to send", "Return the value to send, or remove @SendTo.");
        }
        if (channel.type() != null && !channel.type().isAssignableFrom(returned)) {
            throw new InvalidChannelConfigurationException(where + ": @SendTo", target,
                    "channel '" + target + "' carries " + channel.type().getName() + ", but the method returns "
                            + returned.getName(),
                    "Return a " + channel.type().getSimpleName() + " (or a subtype), or send to another channel.");
        }
        return channel.name();
    }
}
