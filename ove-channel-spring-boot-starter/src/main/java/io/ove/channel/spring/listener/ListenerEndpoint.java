package io.ove.channel.spring.listener;

import io.ove.channel.spring.ChannelListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link ChannelListener} method found on a bean.
 *
 * @param id          the annotation's id, else {@code beanName.methodName}; used in logs, meters,
 *                    the registry and the endpoint
 * @param beanName    the name of the bean declaring the method
 * @param channel     the channel it consumes
 * @param concurrency its number of threads
 * @param bean        the bean
 * @param method      the annotated method
 * @param messageType the class each message must be an instance of (the parameter's, or for a
 *                    batch the list's element class)
 * @param options     start-up, error handling, batching, retry and reply settings
 */
public record ListenerEndpoint(String id, String beanName, String channel, int concurrency, Object bean, Method method,
        Class<?> messageType, ListenerOptions options) {

    /**
     * Makes the method callable even when it is not public.
     *
     * @param id          the listener's id
     * @param beanName    the name of the bean declaring the method
     * @param channel     the channel it consumes
     * @param concurrency its number of threads
     * @param bean        the bean
     * @param method      the annotated method
     * @param messageType the class each message must be an instance of
     * @param options     start-up, error handling, batching, retry and reply settings
     */
    public ListenerEndpoint {
        ReflectionUtils.makeAccessible(method);
    }

    /**
     * A listener of one message per call with the default options.
     *
     * @param id          the listener's id
     * @param beanName    the name of the bean declaring the method
     * @param channel     the channel it consumes
     * @param concurrency its number of threads
     * @param bean        the bean
     * @param method      the annotated method, taking one message
     */
    public ListenerEndpoint(String id, String beanName, String channel, int concurrency, Object bean, Method method) {
        this(id, beanName, channel, concurrency, bean, method,
                ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0]), ListenerOptions.DEFAULTS);
    }

    /**
     * Calls the method with {@code argument}; rethrows what the method threw, unwrapped.
     *
     * @param argument the message, or for a batch listener the list of messages
     * @return what the method returned ({@code null} for a {@code void} method)
     * @throws Throwable whatever the method threw, or a {@link ClassCastException} when a
     *                   message does not fit its parameter
     */
    public Object invoke(Object argument) throws Throwable {
        if (options.batch()) {
            for (Object message : (List<?>) argument) {
                check(message);
            }
        } else {
            check(argument);
        }
        try {
            return method.invoke(bean, argument);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }

    private void check(Object message) {
        if (!messageType.isInstance(message)) {
            // Reflection would only say "argument type mismatch"; name both classes instead.
            throw new ClassCastException("channel '" + channel + "' delivered a "
                    + (message == null ? "null" : message.getClass().getName()) + ", but listener " + id + " takes "
                    + messageType.getName() + "; declare ove.channel.channels." + channel
                    + ".type so that senders of other classes are refused at injection");
        }
    }
}
