package io.ove.channel.spring.definitions;

import java.time.Duration;

/**
 * The validated {@code rabbitmq} settings of a channel whose messages live in a broker queue
 * (module {@code ove-channel-rabbitmq}).
 *
 * @param queue          the queue's name
 * @param queueType      {@code classic} or {@code quorum}
 * @param codec          {@code json}, {@code utf8}, {@code bytes}, or the name of a {@code MessageConverter} bean
 * @param prefetch       how many unacknowledged messages the broker sends this instance ahead
 * @param confirmTimeout longest wait for a publisher confirm
 * @param startupTimeout how long the start waits for an unreachable broker (zero: fail at once)
 */
public record BrokerSettings(String queue, String queueType, String codec, int prefetch, Duration confirmTimeout,
        Duration startupTimeout) {
}
