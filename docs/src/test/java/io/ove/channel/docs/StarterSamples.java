package io.ove.channel.docs;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.Batch;
import io.ove.channel.spring.ChannelErrorHandler;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.Retry;
import io.ove.channel.spring.SendTo;
import io.ove.channel.spring.UndeliveredMessageHandler;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Holds the Java samples of {@code docs/starter.md}, line for line, so that they compile against
 * the real starter and Spring. The inner classes are never registered as beans: they only have
 * to compile. {@link DocumentationSamplesTest} checks that each sample of the page is here.
 */
final class StarterSamples {

    private StarterSamples() {
    }

    /** Section 3, "Beans": injection by qualifier. */
    @Service
    class AuditService {

        private final Sender<String> audit;

        AuditService(@Qualifier("audit") Sender<String> audit) {
            this.audit = audit;
        }

        void record(String event) {
            audit.trySend(event);
        }
    }

    /** Section 3, "Beans": field injection. */
    class FieldInjection {

        @Autowired
        @Qualifier("orders")
        Receiver<Order> ordersReceiver;
    }

    /** Section 3, "Beans": injection by generic type alone. */
    @RestController
    class OrderController {

        private final Sender<Order> orders;

        OrderController(Sender<Order> orders) {
            this.orders = orders;
        }

        @PostMapping("/orders")
        ResponseEntity<Void> place(@RequestBody Order order) {
            return switch (orders.trySend(order)) {
                case SENT -> ResponseEntity.accepted().build();
                case FULL, CLOSED -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
            };
        }
    }

    /** Section 5, "Listeners". */
    @Component
    class OrderProcessor {

        @ChannelListener(channel = "orders", concurrency = "2")
        void process(Order order) {
            // ...
        }
    }

    /** Where failed or undelivered messages are kept, for the handler samples. */
    class FailureStore {

        private final Map<String, Object> parked = new ConcurrentHashMap<>();

        void park(String channel, String listener, Object message, Throwable error) {
            parked.put(channel + "/" + listener + "/" + error.getClass().getSimpleName(), message);
        }
    }

    /** An archive of orders that could not be delivered, for the undelivered-handler sample. */
    class OrderArchive {

        private final Map<String, Object> parked = new ConcurrentHashMap<>();

        void park(String channel, Object message) {
            parked.put(channel, message);
        }
    }

    /** Section 5, "Errors": a {@code ChannelErrorHandler} bean. */
    @Configuration(proxyBeanMethods = false)
    class ErrorHandling {

        @Bean
        ChannelErrorHandler parkFailures(FailureStore store) {
            return (channel, listener, message, error) -> store.park(channel, listener, message, error);
        }
    }

    /** Section 5, "Errors": a dead-letter channel's listener. */
    @Component
    class FailedOrders {

        private final FailureStore store = new FailureStore();

        @ChannelListener(channel = "failed-orders")
        void park(DeadLetter<Order> failed) {
            store.park(failed.channel(), failed.listener(), failed.payload(), failed.exception());
        }
    }

    /** Section 5, "Listener control": the registry, and the listener attributes it works with. */
    @Component
    class PaymentsOutage {

        private final ChannelListenerRegistry listeners;

        PaymentsOutage(ChannelListenerRegistry listeners) {
            this.listeners = listeners;
        }

        void paymentProviderDown() {
            listeners.pause("payments");   // finishes the current message, then takes no more
        }

        void paymentProviderUp() {
            listeners.resume("payments");
        }

        boolean charging() {
            return listeners.state("payments") == ListenerState.RUNNING;
        }

        @ChannelListener(channel = "orders", id = "payments", concurrency = "${app.payment-threads:2}",
                autoStartup = "${app.payments-enabled:true}", errorHandler = "paymentFailures")
        void charge(Order order) {
            // ...
        }
    }

    /** An order the shipping sample refuses to retry. */
    static class InvalidOrderException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidOrderException(String message) {
            super(message);
        }
    }

    /** Section 5, "Retry with back-off". */
    @Component
    class Shipping {

        @ChannelListener(channel = "orders",
                retry = @Retry(maxRetries = 3, delay = "100ms", multiplier = 2, maxDelay = "1s",
                        noRetryFor = InvalidOrderException.class))
        void ship(Order order) {
            // ...
        }
    }

    /** Section 5, "Batch listeners". */
    @Component
    class AuditStore {

        @ChannelListener(channel = "audit", batch = @Batch(size = 100, maxWait = "50ms"))
        void store(List<AuditEvent> events) {
            // one insert for up to 100 events
        }
    }

    /** What the billing sample sends on. */
    record Invoice(String orderId, int amount) {
    }

    /** Section 5, "Replies with {@code @SendTo}". */
    @Component
    class Billing {

        @ChannelListener(channel = "orders")
        @SendTo("invoices")
        Invoice bill(Order order) {
            return order.quantity() == 0 ? null : new Invoice(order.id(), order.quantity());
        }
    }

    /** Section 5, "Your own receive loop". */
    @Component
    class AuditWriter {

        private final Receiver<AuditEvent> events;

        AuditWriter(@Qualifier("audit") Receiver<AuditEvent> events) {
            this.events = events;
        }

        @EventListener(ApplicationReadyEvent.class)
        void startWriting() {
            Receiver<AuditEvent> rx = events.clone();
            Thread worker = new Thread(() -> {
                try (rx) {
                    for (AuditEvent event : rx) {   // ends when the channel is closed and drained
                        write(event);
                    }
                }
            }, "audit-writer");
            worker.start();
        }

        private void write(AuditEvent event) {
            // ...
        }
    }

    /** Section 6, "Undelivered messages": an {@code UndeliveredMessageHandler} bean. */
    @Configuration(proxyBeanMethods = false)
    class UndeliveredHandling {

        @Bean
        UndeliveredMessageHandler parkUndelivered(OrderArchive archive) {
            return (channel, message, reason) -> archive.park(channel, message);
        }
    }
}
