package io.ove.channel.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method as the consumer of a declared channel. The starter calls it with each
 * message, from {@link #concurrency()} threads of its own (virtual threads when
 * {@code spring.threads.virtual.enabled=true} on JDK 21+), started with the context and stopped
 * after draining at shutdown.
 *
 * <pre>{@code
 * @Component
 * class OrderProcessor {
 *     @ChannelListener(channel = "orders", concurrency = "2")
 *     void process(Order order) { ... }
 * }
 * }</pre>
 *
 * <p>The method takes exactly one parameter: the message, or with {@link #batch()} a
 * {@code List} of messages. If it throws, the thread carries on: the call is retried as
 * {@link #retry()} says, then the error is logged with the channel's name and counted, and the
 * message goes to the {@link #errorHandler()} (else the {@link ChannelErrorHandler} bean if there
 * is one, else the channel's dead-letter channel if one is configured). A method that returns a
 * value needs {@link SendTo}, which names the channel the value is sent to.
 *
 * <p>The string attributes accept {@code ${...}} placeholders. The
 * {@code ChannelListenerRegistry} bean starts, stops, pauses and resumes each listener by its
 * {@link #id()}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// Spring AOT records a reflection hint for every method carrying it: the starter calls them reflectively.
@Reflective
public @interface ChannelListener {

    /** {@return the name of a channel declared in {@code ove.channel.channels}} */
    String channel();

    /**
     * {@return the listener's id in logs, meters, the endpoint and the registry; empty for
     * {@code beanName.methodName}}
     */
    String id() default "";

    /** {@return how many threads call the method concurrently: a whole number of at least 1, or a placeholder} */
    String concurrency() default "1";

    /**
     * {@return whether the listener starts with the context: {@code true}, {@code false}, a
     * placeholder, or empty for {@code ove.channel.listeners.auto-startup} (default true)}
     * A listener that does not start on its own is started through the
     * {@code ChannelListenerRegistry} or the {@code channels} endpoint.
     */
    String autoStartup() default "";

    /**
     * {@return the name of a {@link ChannelErrorHandler} bean that takes this listener's failed
     * messages instead of the application-wide handler or the dead-letter channel; empty for none}
     */
    String errorHandler() default "";

    /**
     * {@return at most one {@link Batch}: when present, the method takes a {@code List} of messages}
     */
    Batch[] batch() default {};

    /**
     * {@return at most one {@link Retry}: when present, a failed call is retried with back-off
     * before the message is handed to the error handler or the dead-letter channel}
     */
    Retry[] retry() default {};
}
