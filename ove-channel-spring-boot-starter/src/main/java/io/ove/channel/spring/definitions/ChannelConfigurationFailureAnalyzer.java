package io.ove.channel.spring.definitions;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad {@code ove.channel.*} configuration as a Spring Boot failure analysis (the
 * "APPLICATION FAILED TO START" block) that names the property, the bad value and the fix,
 * instead of a stack trace.
 */
public class ChannelConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidChannelConfigurationException> {

    /** Creates the analyzer; Spring Boot loads it from {@code META-INF/spring.factories}. */
    public ChannelConfigurationFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidChannelConfigurationException cause) {
        StringBuilder description = new StringBuilder("Invalid ove-channel configuration.\n\n")
                .append("    Property: ").append(cause.getProperty()).append('\n')
                .append("    Value:    ").append(cause.getValue() == null ? "(not set)" : "'" + cause.getValue() + "'")
                .append('\n')
                .append("    Problem:  ").append(cause.getProblem());
        if (cause.getOrigin() != null) {
            description.append('\n').append("    Origin:   ").append(cause.getOrigin());
        }
        return new FailureAnalysis(description.toString(), cause.getFix(), cause);
    }
}
