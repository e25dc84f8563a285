package io.ove.channel.spring.retry;

import io.ove.channel.spring.Retry;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.retry.RetryPolicy;

/**
 * Turns a listener's {@link Retry} into Spring Framework's {@link RetryPolicy}: a fixed or
 * exponential back-off and the exceptions worth retrying. A value Spring would refuse is reported
 * at start with the starter's failure analysis, naming the listener and the attribute.
 */
public final class ListenerRetryPolicies {

    private ListenerRetryPolicies() {
    }

    /**
     * Builds the policy of one listener.
     *
     * @param retry   the annotation
     * @param resolve resolves {@code ${...}} placeholders
     * @param where   the listener, for a failure report
     * @return the policy
     * @throws InvalidChannelConfigurationException if an attribute is out of range or not a duration
     */
    public static RetryPolicy of(Retry retry, UnaryOperator<String> resolve, String where) {
        if (retry.maxRetries() < 1) {
            throw new InvalidChannelConfigurationException(where + ": retry.maxRetries",
                    String.valueOf(retry.maxRetries()), "a retry policy retries at least once",
                    "Set maxRetries = 1 or more, or remove retry to hand failures on at once.");
        }
        if (!(retry.multiplier() >= 1)) {
            throw new InvalidChannelConfigurationException(where + ": retry.multiplier",
                    String.valueOf(retry.multiplier()), "the multiplier must be at least 1",
                    "Set multiplier = 1 for a fixed delay, or more for an exponential back-off.");
        }
        Duration delay = duration(where + ": retry.delay", resolve.apply(retry.delay()));
        RetryPolicy.Builder builder = RetryPolicy.builder()
                .maxRetries(retry.maxRetries())
                .delay(delay)
                .multiplier(retry.multiplier());
        String maxDelayText = resolve.apply(retry.maxDelay());
        if (!maxDelayText.isBlank()) {
            Duration maxDelay = duration(where + ": retry.maxDelay", maxDelayText);
            if (maxDelay.compareTo(delay) < 0) {
                throw new InvalidChannelConfigurationException(where + ": retry.maxDelay", maxDelayText,
                        "the longest wait is shorter than the first one (" + delay + ")",
                        "Make maxDelay at least the delay, or leave it empty.");
            }
            builder.maxDelay(maxDelay);
        }
        if (retry.retryFor().length > 0) {
            builder.includes(List.of(retry.retryFor()));
        }
        if (retry.noRetryFor().length > 0) {
            builder.excludes(List.of(retry.noRetryFor()));
        }
        return builder.build();
    }

    /**
     * Reads a duration as Spring Boot's properties do ({@code 50ms}, {@code 2s}, {@code PT1S}; a
     * bare number is milliseconds).
     *
     * @param property the attribute, for a failure report
     * @param text     the value, placeholders resolved
     * @return the duration, not negative
     * @throws InvalidChannelConfigurationException if {@code text} is not a duration or is negative
     */
    public static Duration duration(String property, String text) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidChannelConfigurationException(property, text, "not a duration",
                    "Write a duration such as 50ms, 2s or PT1S.");
        }
        if (duration.isNegative()) {
            throw new InvalidChannelConfigurationException(property, text, "the duration is negative",
                    "Use zero or a positive duration such as 100ms.");
        }
        return duration;
    }
}
