package io.ove.channel.spring;

import java.time.Instant;

/**
 * A message a {@link ChannelListener} failed on, as its channel's dead-letter channel delivers it:
 * the message itself together with what went wrong, where and when.
 *
 * <pre>{@code
 * @ChannelListener(channel = "failed-orders")
 * void park(DeadLetter<Order> failed) {
 *     archive.park(failed.payload(), failed.exception().getMessage(), failed.listener());
 * }
 * }</pre>
 *
 * @param payload   the message the listener was given
 * @param exception what the listener threw
 * @param channel   the channel the message came from
 * @param listener  the id of the listener that failed ({@code beanName.methodName})
 * @param attempts  how many times the listener was called with the message
 * @param time      when the last attempt failed
 * @param <T>       the message type of the source channel
 */
public record DeadLetter<T>(T payload, Throwable exception, String channel, String listener, int attempts,
        Instant time) {
}
