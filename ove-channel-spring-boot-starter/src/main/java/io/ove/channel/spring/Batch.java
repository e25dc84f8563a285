package io.ove.channel.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@link ChannelListener} a batch listener: its method takes a {@code List} of messages,
 * at most {@link #size()} of them, gathered for at most {@link #maxWait()} after the first arrived.
 * A batch is never empty, holds fewer messages when the wait ran out or the channel closed, and
 * is read-only.
 *
 * <pre>{@code
 * @ChannelListener(channel = "events", batch = @Batch(size = 100, maxWait = "50ms"))
 * void store(List<Event> events) { ... }
 * }</pre>
 *
 * <p>A batch succeeds or fails as a whole: a failed call is retried with the same list (see
 * {@link Retry}); when it still fails, each message of the batch goes on its own to the error
 * handler or the dead-letter channel, with the batch's exception.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Batch {

    /** {@return the most messages in one batch: at least 1} */
    int size();

    /**
     * {@return how long to gather more messages after the first one arrived, as a duration such
     * as {@code 50ms} or {@code 1s}, or a placeholder; {@code 0} takes only what is buffered}
     */
    String maxWait() default "0";
}
