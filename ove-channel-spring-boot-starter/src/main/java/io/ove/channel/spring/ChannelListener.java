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
 *     @ChannelListener(channel = "orders", concurrency = 2)
 *     void process(Order order) { ... }
 * }
 * }</pre>
 *
 * <p>The method takes exactly one parameter, the message. If it throws, the thread carries on:
 * the error is logged with the channel's name and counted, and the message goes to the
 * {@link ChannelErrorHandler} bean if there is one, else to the channel's dead-letter channel if
 * one is configured.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// Spring AOT records a reflection hint for every method carrying it: the starter calls them reflectively.
@Reflective
public @interface ChannelListener {

    /** {@return the name of a channel declared in {@code ove.channel.channels}} */
    String channel();

    /** {@return how many threads call the method concurrently; at least 1} */
    int concurrency() default 1;
}
