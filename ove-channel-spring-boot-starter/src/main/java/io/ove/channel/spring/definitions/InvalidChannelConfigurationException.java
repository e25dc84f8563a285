package io.ove.channel.spring.definitions;

/**
 * A declared channel's configuration is wrong. Carries what a failure report needs: the property,
 * the offending value, what is wrong and how to fix it; {@link ChannelConfigurationFailureAnalyzer}
 * turns it into Spring Boot's start-up failure report.
 */
public class InvalidChannelConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The full property name, or a description of the bean at fault. */
    private final String property;
    /** The offending value as written, or {@code null} if it is missing. */
    private final String value;
    /** What is wrong. */
    private final String problem;
    /** What to do instead. */
    private final String fix;
    /** Where the value comes from, or {@code null} when unknown. */
    private final String origin;

    /**
     * Creates the exception.
     *
     * @param property the full property name, or a description of the bean at fault
     * @param value    the offending value as written, or {@code null} if it is missing
     * @param problem  what is wrong
     * @param fix      what to do instead
     */
    public InvalidChannelConfigurationException(String property, String value, String problem, String fix) {
        this(property, value, problem, fix, null);
    }

    /**
     * Creates the exception with the place the value was written.
     *
     * @param property the full property name, or a description of the bean at fault
     * @param value    the offending value as written, or {@code null} if it is missing
     * @param problem  what is wrong
     * @param fix      what to do instead
     * @param origin   where the value comes from (a file and line, an environment variable), or
     *                 {@code null} when unknown
     */
    public InvalidChannelConfigurationException(String property, String value, String problem, String fix,
            String origin) {
        super(property + (value == null ? "" : "='" + value + "'") + ": " + problem + ". " + fix
                + (origin == null ? "" : " (from " + origin + ")"));
        this.property = property;
        this.value = value;
        this.problem = problem;
        this.fix = fix;
        this.origin = origin;
    }

    /**
     * @param origin where the value comes from
     * @return this report with {@code origin} added
     */
    InvalidChannelConfigurationException withOrigin(String origin) {
        InvalidChannelConfigurationException located = new InvalidChannelConfigurationException(property, value,
                problem, fix, origin);
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** {@return the full property name at fault}. */
    public String getProperty() {
        return property;
    }

    /** {@return the offending value, or {@code null} when the property is missing}. */
    public String getValue() {
        return value;
    }

    /** {@return what is wrong}. */
    public String getProblem() {
        return problem;
    }

    /** {@return where the value comes from (a file and line, an environment variable), or {@code null}}. */
    public String getOrigin() {
        return origin;
    }

    /** {@return what to do instead}. */
    public String getFix() {
        return fix;
    }
}
