package io.ove.channel.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings ({@code sample.*}); the channels themselves are declared under
 * {@code ove.channel.channels}. The load rate and the processing delay are only starting values:
 * the dashboard changes both while the application runs.
 *
 * @param loadRate        orders per second that the load generator sends at start-up; 0 for none
 * @param processingDelay how long the order listener works on each order, to make back-pressure
 *                        visible; at most 10 seconds
 * @param auditDelay      how long the audit trail works on each event
 * @param acceptTimeout   how long {@code POST /orders} waits for room in a full channel before
 *                        answering 503
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue("100") int loadRate,
        @DefaultValue("8ms") Duration processingDelay,
        @DefaultValue("2ms") Duration auditDelay,
        @DefaultValue("100ms") Duration acceptTimeout) {

    /** Checks the values once, so that a mistake fails the start with the property's name. */
    public SampleProperties {
        if (loadRate < 0 || loadRate > LoadGenerator.MAX_RATE) {
            throw new IllegalArgumentException("sample.load-rate must be between 0 and "
                    + LoadGenerator.MAX_RATE + " orders per second, not " + loadRate);
        }
        requireNotNegative("sample.processing-delay", processingDelay);
        if (processingDelay.compareTo(OrderProcessor.MAX_DELAY) > 0) {
            throw new IllegalArgumentException("sample.processing-delay must be at most "
                    + OrderProcessor.MAX_DELAY.toMillis() + " ms, not " + processingDelay.toMillis() + " ms");
        }
        requireNotNegative("sample.audit-delay", auditDelay);
        requireNotNegative("sample.accept-timeout", acceptTimeout);
    }

    private static void requireNotNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, not " + value);
        }
    }
}
