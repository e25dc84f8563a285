package io.ove.channel.sample;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

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
        return ResponseEntity.badRequest().body(ApiError.of("malformed-body",
                "The body is not a JSON order. Send one like " + ORDER_EXAMPLE));
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

    /**
     * @param e a value out of range, from the load generator or the listener
     * @return 400 with its message, which names the allowed range
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<ApiError> outOfRange(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ApiError.of("invalid-parameter", e.getMessage()));
    }
}
