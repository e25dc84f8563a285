package io.ove.channel.sample;

import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.SendTo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * Consumes the {@code orders} channel with two listener threads. Each order takes
 * {@link #processingDelay()} to "process", so raising the load above what the two threads can do
 * fills the channel and makes back-pressure visible on the dashboard. Each processed order
 * becomes a {@link Shipment}, which {@code @SendTo} puts on the {@code shipments} channel for the
 * {@link ShipmentBatcher}.
 */
@Component
public class OrderProcessor {

    private static final Log LOG = LogFactory.getLog(OrderProcessor.class);

    /** The longest processing delay the dashboard may set. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final Sender<AuditEvent> audit;
    private final LongAdder processed = new LongAdder();
    // Volatile: written by a web request thread, read by both listener threads on every order.
    private volatile long delayNanos;

    /**
     * @param audit      the {@code audit} channel's sending half
     * @param properties the sample's settings, for the initial processing delay
     */
    public OrderProcessor(Sender<AuditEvent> audit, SampleProperties properties) {
        this.audit = audit;
        this.delayNanos = properties.processingDelay().toNanos();
    }

    /**
     * Processes one order; the starter calls it from its listener threads.
     *
     * @param order the order
     * @return the shipment to send on, which the starter puts on the {@code shipments} channel
     * @throws InterruptedException if shutdown interrupts a listener that overran the drain timeout
     */
    @ChannelListener(channel = "orders", concurrency = "2")
    @SendTo("shipments")
    public Shipment process(Order order) throws InterruptedException {
        long delay = delayNanos;
        if (delay > 0) {
            TimeUnit.NANOSECONDS.sleep(delay);   // stands in for real work
        }
        processed.increment();
        // Debug: the load generator makes a hundred orders a second. The 'orders' channel is observed,
        // so this line carries the trace id of the request that sent the order.
        if (LOG.isDebugEnabled()) {
            LOG.debug("processed order " + order.id());
        }
        // Best effort, like all auditing here: a full audit channel drops its oldest event. At
        // shutdown 'audit' stays open until 'orders' has drained, because the starter sees this
        // listener's injected Sender<AuditEvent> and closes the channels in pipeline order.
        audit.trySend(new AuditEvent(order.id(), AuditEvent.What.PROCESSED, System.currentTimeMillis()));
        return new Shipment(order.id(), order.item(), order.quantity());
    }

    /** @return how long each order takes now */
    public Duration processingDelay() {
        return Duration.ofNanos(delayNanos);
    }

    /**
     * Changes how long each order takes, from the next order on.
     *
     * @param delay between zero and {@link #MAX_DELAY}
     * @throws InvalidSettingException if {@code delay} is out of that range
     */
    public void setProcessingDelay(Duration delay) {
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new InvalidSettingException("the processing delay must be between 0 and "
                    + MAX_DELAY.toMillis() + " ms, not " + delay.toMillis() + " ms");
        }
        delayNanos = delay.toNanos();
    }

    /** @return orders processed since start */
    public long processed() {
        return processed.sum();
    }
}
