package io.ove.channel.spring.listener;

import io.ove.channel.spring.ChannelErrorHandler;
import java.time.Duration;
import org.springframework.core.retry.RetryPolicy;

/**
 * What a {@code @ChannelListener} declares beyond its channel and concurrency, resolved and
 * validated.
 *
 * @param autoStartup  whether it starts with the context
 * @param errorHandler its own error handler, or {@code null} for the application's
 * @param batchSize    the most messages per call, or 0 when the method takes one message
 * @param batchWait    how long to gather a batch after its first message
 * @param retry        how failed calls are retried, or {@code null} for no retry
 * @param replyTo      the channel its return values go to, or {@code null}
 */
public record ListenerOptions(boolean autoStartup, ChannelErrorHandler errorHandler, int batchSize,
        Duration batchWait, RetryPolicy retry, String replyTo) {

    /** Started with the context, one message per call, no retry, no reply. */
    public static final ListenerOptions DEFAULTS = new ListenerOptions(true, null, 0, Duration.ZERO, null, null);

    /** {@return whether the method takes a list of messages} */
    public boolean batch() {
        return batchSize > 0;
    }
}
