package io.ove.channel.sample;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips a {@link RequiresPrograms} class whose programs are not installed, or lets it run (and
 * fail on the first missing one) when the build requires them. A skip is never silent: it shows
 * in the test summary as skipped, and its reason, with the install command, goes to the log.
 */
final class RequiredProgramsCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ExternalProgram[] programs = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresPrograms.class))
                .map(RequiresPrograms::value)
                .orElse(new ExternalProgram[0]);
        String missing = Arrays.stream(programs)
                .filter(program -> program.locate().isEmpty())
                .map(ExternalProgram::missing)
                .collect(Collectors.joining("; "));
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("every program it drives is installed");
        }
        if (ExternalProgram.required()) {
            return ConditionEvaluationResult.enabled("the build requires its programs, so the missing one fails it: "
                    + missing);
        }
        String reason = "SKIPPED " + context.getDisplayName() + ": " + missing + ". Set "
                + ExternalProgram.REQUIRED_ENVIRONMENT + "=true (or -D" + ExternalProgram.REQUIRED_PROPERTY
                + "=true) to make a missing program fail the build, as CI does.";
        // Surefire counts the class as skipped; this line says why, in the build log itself.
        System.err.println(reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
