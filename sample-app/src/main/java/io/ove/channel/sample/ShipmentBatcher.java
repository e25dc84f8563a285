package io.ove.channel.sample;

import io.ove.channel.spring.Batch;
import io.ove.channel.spring.ChannelListener;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands shipments to the warehouse in batches, as a warehouse API that charges per call would
 * want: a batch listener on the {@code shipments} channel takes up to 50 at a time, waiting at
 * most 100 ms to fill a batch.
 */
@Component
public class ShipmentBatcher {

    private static final Logger log = LoggerFactory.getLogger(ShipmentBatcher.class);

    private final LongAdder batches = new LongAdder();
    private final LongAdder shipped = new LongAdder();

    /**
     * Ships one batch; the starter calls it from its listener thread.
     *
     * @param shipments between 1 and 50 shipments, in the order they were sent
     */
    @ChannelListener(channel = "shipments", batch = @Batch(size = 50, maxWait = "100ms"))
    public void ship(List<Shipment> shipments) {
        batches.increment();
        shipped.add(shipments.size());
        log.debug("Shipping a batch of {} starting with order {}", shipments.size(), shipments.get(0).orderId());
    }

    /** @return batches shipped since start */
    public long batches() {
        return batches.sum();
    }

    /** @return shipments shipped since start */
    public long shipped() {
        return shipped.sum();
    }
}
