package io.ove.channel.sample;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/**
 * Puts orders into the {@code orders} channel and records each accepted one in the {@code audit}
 * channel. Both {@code Sender}s are injected by their generic type alone: the channels declare
 * {@code type} in {@code application.yaml}.
 */
@Service
public class OrderIntake {

    private final Sender<Order> orders;
    private final Sender<AuditEvent> audit;
    private final long acceptTimeoutNanos;
    private final AtomicLong nextId = new AtomicLong(1);

    /**
     * @param orders     the {@code orders} channel's sending half
     * @param audit      the {@code audit} channel's sending half
     * @param properties the sample's settings, for the accept timeout
     */
    public OrderIntake(Sender<Order> orders, Sender<AuditEvent> audit, SampleProperties properties) {
        this.orders = orders;
        this.audit = audit;
        this.acceptTimeoutNanos = properties.acceptTimeout().toNanos();
    }

    /** @return a new order id, unique within this run */
    public String newOrderId() {
        return "o-" + nextId.getAndIncrement();
    }

    /**
     * Sends an order, waiting at most the accept timeout for room: the {@code orders} channel
     * blocks when full, so a short wait absorbs bursts and a longer overload becomes a refusal
     * the caller can see.
     *
     * @param order the order
     * @return {@link SendResult#SENT}, {@link SendResult#FULL} if there was no room in time, or
     *         {@link SendResult#CLOSED} once the application is shutting down
     * @throws InterruptedException if the calling thread was interrupted while waiting
     */
    public SendResult submit(Order order) throws InterruptedException {
        SendResult result;
        try {
            result = orders.send(order, acceptTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ChannelClosedException closed) {
            // The channel counted the refusal; the caller reports it.
            return SendResult.CLOSED;
        }
        recordAccepted(order, result);
        return result;
    }

    /**
     * Sends an order without waiting: the load generator must keep its pace, so a full channel
     * refuses at once (and the refusal is counted as a full-drop).
     *
     * @param order the order
     * @return {@link SendResult#SENT}, {@link SendResult#FULL} or {@link SendResult#CLOSED}
     */
    public SendResult offer(Order order) {
        SendResult result = orders.trySend(order);
        recordAccepted(order, result);
        return result;
    }

    private void recordAccepted(Order order, SendResult result) {
        if (result == SendResult.SENT) {
            // The audit channel drops its oldest event when full and never blocks, so auditing
            // cannot slow order intake down; its refusals and evictions show in its own counters.
            audit.trySend(new AuditEvent(order.id(), AuditEvent.What.ACCEPTED, System.currentTimeMillis()));
        }
    }
}
