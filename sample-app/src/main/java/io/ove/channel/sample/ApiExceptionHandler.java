package io.ove.channel.sample;

import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns a bad request into a JSON {@link ApiError} that says what to send instead, rather than a
 * stack trace or an HTML page.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    static final String ORDER_EXAMPLE = "{\"customer\":\"ada\",\"item\":\"keyboard\",\"quantity\":1}";

    /**
     * @param e the body could not be read as JSON
     * @return 400 with an example of a valid body
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> malformedBody(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            // Valid JSON, but a field of the wrong type: name the field and what it must be.
            String field = mismatch.getPath().stream()
                    .map(step -> step.getPropertyName() != null ? step.getPropertyName() : "[" + step.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return ResponseEntity.badRequest().body(ApiError.of("malformed-body", "The field '" + field
                    + "' must be " + describe(mismatch.getTargetType()) + ". Send an order like " + ORDER_EXAMPLE));
        }
        return ResponseEntity.badRequest().body(ApiError.of("malformed-body",
                "The body is not a JSON order. Send one like " + ORDER_EXAMPLE));
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        return type == null ? "of another type" : "a " + type.getSimpleName();
    }

    /**
     * @param e the body was not declared as JSON
     * @return 415 naming the content type to use
     */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(ApiError.of("unsupported-media-type",
                "Content type " + e.getContentType() + " is not accepted: send 'Content-Type: application/json'."));
    }

    /**
     * @param e a required query parameter is missing
     * @return 400 naming it
     */
    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(ApiError.of("missing-parameter",
                "The query parameter '" + e.getParameterName() + "' is required."));
    }

    /**
     * @param e a query parameter is not a number
     * @return 400 naming it and its value
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ApiError> wrongParameterType(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(ApiError.of("invalid-parameter",
                "The query parameter '" + e.getName() + "' must be a whole number, not '" + e.getValue() + "'."));
    }
}
