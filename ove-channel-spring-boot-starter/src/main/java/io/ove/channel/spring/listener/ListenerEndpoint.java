package io.ove.channel.spring.listener;

import io.ove.channel.spring.ChannelListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link ChannelListener} method found on a bean.
 *
 * @param id          {@code beanName.methodName}, used in logs, meters and the endpoint
 * @param beanName    the name of the bean declaring the method
 * @param channel     the channel it consumes
 * @param concurrency its number of threads
 * @param bean        the bean
 * @param method      the annotated method
 */
public record ListenerEndpoint(String id, String beanName, String channel, int concurrency, Object bean, Method method) {

    /**
     * Makes the method callable even when it is not public.
     *
     * @param id          {@code beanName.methodName}
     * @param beanName    the name of the bean declaring the method
     * @param channel     the channel it consumes
     * @param concurrency its number of threads
     * @param bean        the bean
     * @param method      the annotated method
     */
    public ListenerEndpoint {
        ReflectionUtils.makeAccessible(method);
    }

    /**
     * Calls the method with {@code message}; rethrows what the method threw, unwrapped.
     *
     * @param message the message to hand to the method
     * @throws Throwable whatever the method threw, or a {@link ClassCastException} when the
     *                   message does not fit its parameter
     */
    public void invoke(Object message) throws Throwable {
        Class<?> parameter = ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0]);
        if (!parameter.isInstance(message)) {
            // Reflection would only say "argument type mismatch"; name both classes instead.
            throw new ClassCastException("channel '" + channel + "' delivered a "
                    + (message == null ? "null" : message.getClass().getName()) + ", but listener " + id + " takes "
                    + parameter.getName() + "; declare ove.channel.channels." + channel
                    + ".type so that senders of other classes are refused at injection");
        }
        try {
            method.invoke(bean, message);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
