package io.ove.channel.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a {@link ChannelListener} retries a failed call before the message goes to the error
 * handler or the dead-letter channel. It becomes a Spring Framework
 * {@link org.springframework.core.retry.RetryPolicy}, run by a
 * {@link org.springframework.core.retry.RetryTemplate} on the listener's thread: the thread waits
 * out the back-off, and takes no other message meanwhile.
 *
 * <pre>{@code
 * @ChannelListener(channel = "orders",
 *         retry = @Retry(maxRetries = 3, delay = "100ms", multiplier = 2, noRetryFor = IllegalArgumentException.class))
 * void process(Order order) { ... }
 * }</pre>
 *
 * <p>Each retry counts in {@code ove.channel.listener.retries}, and the {@link DeadLetter} of a
 * message that still failed says how many calls were made in {@link DeadLetter#attempts()}.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Retry {

    /** {@return how many times a failed call is retried, after the first call; at least 1} */
    long maxRetries() default 3;

    /** {@return the wait before the first retry, as a duration such as {@code 100ms}, or a placeholder} */
    String delay() default "1s";

    /** {@return what each further wait is multiplied by; at least 1} */
    double multiplier() default 1;

    /** {@return the longest wait between two calls, as a duration, or a placeholder; empty for no bound} */
    String maxDelay() default "";

    /** {@return the exceptions (and their subclasses) worth retrying; empty for every exception} */
    Class<? extends Throwable>[] retryFor() default {};

    /** {@return the exceptions (and their subclasses) never retried, which go to the error handling at once} */
    Class<? extends Throwable>[] noRetryFor() default {};
}
