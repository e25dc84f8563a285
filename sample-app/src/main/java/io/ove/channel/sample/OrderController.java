package io.ove.channel.sample;

import io.ove.channel.SendResult;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders}: the REST producer. It answers 202 once the order is in the
 * {@code orders} channel, 503 when the channel stayed full for the accept timeout (or is closing),
 * and 400 when the body is not a valid order.
 */
@RestController
public class OrderController {

    private static final Log LOG = LogFactory.getLog(OrderController.class);

    private final OrderIntake intake;

    /** @param intake where orders go */
    public OrderController(OrderIntake intake) {
        this.intake = intake;
    }

    /**
     * Accepts one order.
     *
     * @param request the JSON body
     * @return 202 with the order's id, 503 with an {@link ApiError} when the channel refused it,
     *         or 400 with the problems of the body
     * @throws InterruptedException if the request thread was interrupted while waiting for room
     */
    @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> submit(@RequestBody OrderRequest request) throws InterruptedException {
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(new ApiError("invalid-order",
                    "The order is not valid: fix the fields listed in 'problems'.", problems));
        }
        Order order = request.toOrder(intake.newOrderId());
        SendResult result = intake.submit(order);
        // The log line carries the request's trace id, as does the listener's for the same order.
        LOG.info("order " + order.id() + " from " + order.customer() + ": " + result);
        return switch (result) {
            case SENT -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(order.id(), "accepted"));
            case FULL -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "1")
                    .body(ApiError.of("channel-full", "The orders channel is full: the order was not taken."
                            + " Retry later, or lower the load."));
            case CLOSED -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(ApiError.of("channel-closed", "The application is shutting down: the order was"
                            + " not taken. Send it to another instance."));
        };
    }

    /**
     * The answer to an accepted order.
     *
     * @param id     the order's id
     * @param status always {@code accepted}
     */
    public record Accepted(String id, String status) {
    }
}
