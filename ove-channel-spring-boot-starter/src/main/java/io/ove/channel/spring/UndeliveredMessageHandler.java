package io.ove.channel.spring;

import io.ove.channel.UndeliveredReason;

/**
 * Define a bean of this type to receive every message that a declared channel accepted but will
 * never deliver: those still buffered when the channel closes at shutdown, and those evicted by
 * the {@code drop-oldest} policy. Without one, the starter counts and logs them (never their
 * contents).
 *
 * <pre>{@code
 * @Bean
 * UndeliveredMessageHandler parkUndelivered(OrderArchive archive) {
 *     return (channel, message, reason) -> archive.park(channel, message);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface UndeliveredMessageHandler {

    /**
     * Called once per undelivered message, on the thread that caused the loss.
     *
     * @param channel the channel's name
     * @param message the message
     * @param reason  why it was not delivered
     */
    void onUndelivered(String channel, Object message, UndeliveredReason reason);
}
