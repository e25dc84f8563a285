package io.ove.channel.rabbitmq;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a {@link RequiresBroker} class when no broker can be started here, unless the build
 * requires every external program. A skip is never silent: surefire counts it, and its reason goes
 * to the build log.
 */
public final class BrokerInstalledCondition implements ExecutionCondition {

    /** Creates the condition (JUnit does). */
    public BrokerInstalledCondition() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (System.getProperty("ove.rabbitmq.port") != null || onPath("rabbitmq-server")) {
            return ConditionEvaluationResult.enabled("a broker can be started or is given");
        }
        String missing = "rabbitmq-server is not installed (apt-get install rabbitmq-server)";
        if (Boolean.getBoolean("ove.test.require-programs")
                || "true".equalsIgnoreCase(System.getenv("OVE_TEST_REQUIRE_PROGRAMS"))) {
            return ConditionEvaluationResult.enabled("the build requires its programs, so this fails: " + missing);
        }
        String reason = "SKIPPED " + context.getDisplayName() + ": " + missing + ". Set OVE_TEST_REQUIRE_PROGRAMS=true"
                + " to make a missing program fail the build, as CI does.";
        System.err.println(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
