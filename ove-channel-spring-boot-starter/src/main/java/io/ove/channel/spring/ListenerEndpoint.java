package io.ove.channel.spring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link ChannelListener} method found on a bean.
 *
 * @param id          {@code beanName.methodName}, used in logs, meters and the endpoint
 * @param channel     the channel it consumes
 * @param concurrency its number of threads
 * @param bean        the bean
 * @param method      the annotated method
 */
record ListenerEndpoint(String id, String channel, int concurrency, Object bean, Method method) {

    ListenerEndpoint {
        ReflectionUtils.makeAccessible(method);
    }

    /** Calls the method with {@code message}; rethrows what the method threw, unwrapped. */
    void invoke(Object message) throws Throwable {
        try {
            method.invoke(bean, message);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
