package io.ove.channel.docs;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.UndeliveredMessageHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;

/**
 * Holds the Java samples of {@code docs/index.md}, the newcomer's guide, line for line, so that
 * they compile against the real API. The inner classes are never registered as beans: they only
 * have to compile. {@link DocumentationSamplesTest} checks that each sample of the page is here.
 */
final class IndexSamples {

    private final Queue<Order> later = new ConcurrentLinkedQueue<>();

    /** "The core API in a few lines": its four samples, one after another. */
    void coreApi(Order order) throws InterruptedException {
        Channel<Order> orders = Channel.bounded(256);   // exactly 256 slots, allocated once
        Sender<Order> tx = orders.sender();
        Receiver<Order> rx = orders.receiver();

        switch (tx.trySend(order)) {                    // never waits
            case SENT -> audit("queued " + order.id());
            case FULL -> retryLater(order);             // no room: the order is still yours
            case CLOSED -> reject(order);               // closed: nobody will read it
        }

        SendResult result = tx.send(order, Duration.ofMillis(100));   // waits up to 100 ms for room
        if (!result.isSent()) {
            retryLater(order);                          // FULL: still no room after 100 ms
        }

        Order next = rx.recv(Duration.ofSeconds(1));    // null if nothing came within a second
        if (next != null) {
            ship(next);
        }

        Sender<Order> worker = tx.clone();   // a second sender: the count is 2
        tx.close();                          // the count is 1: the channel is still open
        worker.close();                      // the count is 0: closed for sending
        // rx still gets every buffered order; after that, recv() throws ChannelClosedException
    }

    private void audit(String what) {
        System.out.println(what);
    }

    private void retryLater(Order order) {
        later.add(order);
    }

    private void reject(Order order) {
        later.remove(order);
    }

    private void ship(Order order) {
        audit("shipped " + order.id());
    }

    /** "Injecting the halves": by type. */
    @Service
    class Checkout {

        private final Sender<Order> orders;

        Checkout(Sender<Order> orders) {   // found by type, because the channel declares `type`
            this.orders = orders;
        }

        boolean place(Order order) {
            return orders.trySend(order).isSent();   // never blocks the caller
        }
    }

    /** "Injecting the halves": by qualifier. */
    @Component
    class Backlog {

        private final Channel<Order> orders;

        Backlog(@Qualifier("orders") Channel<Order> orders) {
            this.orders = orders;
        }

        int waiting() {
            return orders.stats().depth();
        }
    }

    /** "Consuming with @ChannelListener". */
    @Component
    class Shipping {

        @ChannelListener(channel = "orders", concurrency = "4")
        void ship(Order order) {
            // called on one of 4 threads; if it throws, the error is logged and counted,
            // and the order goes to the error handler or the dead-letter channel
        }
    }

    /** "Your own receive loop". */
    @Component
    class AuditBatcher {

        private final Receiver<AuditEvent> events;

        AuditBatcher(@Qualifier("audit") Receiver<AuditEvent> events) {
            this.events = events;   // the starter's handle: never close it
        }

        @EventListener(ApplicationReadyEvent.class)
        void start() {
            Receiver<AuditEvent> rx = events.clone();   // this loop's own handle
            new Thread(() -> {
                List<AuditEvent> batch = new ArrayList<>(100);
                try (rx) {
                    while (true) {
                        batch.add(rx.recv());           // waits for the first event
                        rx.drainTo(batch, 99);          // takes what else is already there
                        store(batch);
                        batch.clear();
                    }
                } catch (ChannelClosedException done) {
                    // closed and drained: the normal end, at shutdown
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "audit-batcher").start();
        }

        private void store(List<AuditEvent> batch) {
            // write the batch in one go
        }
    }

    /** Where undelivered orders are kept until they can be sent again. */
    class OrderArchive {

        private final Queue<Order> saved = new ConcurrentLinkedQueue<>();

        void save(Order order) {
            saved.add(order);
        }
    }

    /** "Shutdown": an {@code UndeliveredMessageHandler} bean. */
    @Configuration(proxyBeanMethods = false)
    class Undelivered {

        @Bean
        UndeliveredMessageHandler keepUndelivered(OrderArchive archive) {
            return (channel, message, reason) -> {
                if (message instanceof Order order) {
                    archive.save(order);   // replay it after the restart
                }
            };
        }
    }
}
