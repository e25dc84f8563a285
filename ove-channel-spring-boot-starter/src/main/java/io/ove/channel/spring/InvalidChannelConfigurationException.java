package io.ove.channel.spring;

/**
 * A declared channel's configuration is wrong. Carries what a failure report needs: the property,
 * the offending value, what is wrong and how to fix it; {@link ChannelConfigurationFailureAnalyzer}
 * turns it into Spring Boot's start-up failure report.
 */
public class InvalidChannelConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String problem;
    private final String fix;

    /**
     * Creates the exception.
     *
     * @param property the full property name, or a description of the bean at fault
     * @param value    the offending value as written, or {@code null} if it is missing
     * @param problem  what is wrong
     * @param fix      what to do instead
     */
    public InvalidChannelConfigurationException(String property, String value, String problem, String fix) {
        super(property + (value == null ? "" : "='" + value + "'") + ": " + problem + ". " + fix);
        this.property = property;
        this.value = value;
        this.problem = problem;
        this.fix = fix;
    }

    /** @return the full property name at fault */
    public String getProperty() {
        return property;
    }

    /** @return the offending value, or {@code null} when the property is missing */
    public String getValue() {
        return value;
    }

    /** @return what is wrong */
    public String getProblem() {
        return problem;
    }

    /** @return what to do instead */
    public String getFix() {
        return fix;
    }
}
