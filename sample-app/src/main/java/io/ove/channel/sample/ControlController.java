package io.ove.channel.sample;

import java.time.Duration;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The knobs the dashboard turns: the load generator's rate and the order listener's processing
 * delay, plus the audit trail's latest events.
 */
@RestController
public class ControlController {

    private final LoadGenerator load;
    private final OrderProcessor processor;
    private final AuditTrail auditTrail;

    /**
     * @param load       the load generator
     * @param processor  the order listener
     * @param auditTrail the audit channel's receive loop
     */
    public ControlController(LoadGenerator load, OrderProcessor processor, AuditTrail auditTrail) {
        this.load = load;
        this.processor = processor;
        this.auditTrail = auditTrail;
    }

    /** @return the load generator's rate and totals, and the processing delay */
    @GetMapping("/load")
    public LoadStatus load() {
        return new LoadStatus(load.rate(), processor.processingDelay().toMillis(), load.accepted(),
                load.refusedFull(), load.refusedClosed(), processor.processed());
    }

    /**
     * @param rate orders per second, 0 to {@value LoadGenerator#MAX_RATE}
     * @return the new status
     */
    @PostMapping("/load")
    public LoadStatus setLoad(@RequestParam int rate) {
        load.setRate(rate);
        return load();
    }

    /**
     * @param millis how long each order takes to process, 0 to 10,000
     * @return the new status
     */
    @PostMapping("/processing-delay")
    public LoadStatus setProcessingDelay(@RequestParam long millis) {
        processor.setProcessingDelay(Duration.ofMillis(millis));
        return load();
    }

    /** @return the audit trail's latest events and its total */
    @GetMapping("/audit")
    public AuditStatus audit() {
        return new AuditStatus(auditTrail.recorded(), auditTrail.latest());
    }

    /**
     * @param e the refusal of {@link LoadGenerator#setRate} or {@link OrderProcessor#setProcessingDelay}
     * @return 400 with its message, which names the allowed range
     */
    @ExceptionHandler(InvalidSettingException.class)
    public ResponseEntity<ApiError> outOfRange(InvalidSettingException e) {
        return ResponseEntity.badRequest().body(ApiError.of("invalid-parameter", e.getMessage()));
    }

    /**
     * The load generator and the listener, as the dashboard shows them.
     *
     * @param rate                  orders per second the generator aims at
     * @param processingDelayMillis how long the listener takes per order
     * @param accepted              generated orders the channel took
     * @param refusedFull           generated orders refused because the channel was full
     * @param refusedClosed         generated orders refused because the channel was closed
     * @param processed             orders the listener finished
     */
    public record LoadStatus(int rate, long processingDelayMillis, long accepted, long refusedFull,
            long refusedClosed, long processed) {
    }

    /**
     * The audit trail, as {@code GET /audit} shows it.
     *
     * @param recorded events the audit trail took
     * @param latest   the latest of them, oldest first
     */
    public record AuditStatus(long recorded, List<AuditEvent> latest) {
    }
}
