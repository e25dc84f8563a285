package io.ove.channel.docs;

import io.ove.channel.BoundedQueue;
import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.RecvOperation;
import io.ove.channel.Select;
import io.ove.channel.SelectOperation;
import io.ove.channel.SendOperation;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds the Java samples of {@code docs/semantics.md}, line for line, so that they compile against
 * the real API. Each nested class gives one sample the variables and methods it refers to.
 * {@link DocumentationSamplesTest} checks that each sample of the page is here.
 */
final class SemanticsSamples {

    private SemanticsSamples() {
    }

    /** A unit of work, the message type of the {@code jobs} samples. */
    record Job(int id) {
    }

    /** An event, the message type of the sending and caller-owned samples. */
    record Event(String what) {
    }

    /** A sensor reading, the message type of the overflow sample. */
    record Reading(double value) {
    }

    /** Section 1, "Overview". */
    static void overview() throws InterruptedException {
        Channel<String> channel = Channel.bounded(256);
        try (Sender<String> tx = channel.sender(); Receiver<String> rx = channel.receiver()) {
            tx.send("hello");
            String message = rx.recv();   // "hello"
        }
    }

    /** Section 2, "Sending". */
    static final class Sending {

        private final Sender<Event> tx;
        private final Queue<Event> backlog;

        Sending(Sender<Event> tx, Queue<Event> backlog) {
            this.tx = tx;
            this.backlog = backlog;
        }

        void send(Event event) throws InterruptedException {
            switch (tx.trySend(event)) {
                case SENT -> { }
                case FULL -> backlog.add(event);   // back-pressure: still ours
                case CLOSED -> stop();             // every receiver is gone, or sending was closed
            }

            try {
                tx.send(event);                                          // waits for room under BLOCK
                SendResult r = tx.send(event, 50, TimeUnit.MILLISECONDS); // SENT, or FULL after 50 ms
            } catch (ChannelClosedException closed) {
                // the channel is closed for sending; the message was not enqueued
            }
        }

        private void stop() {
            backlog.clear();
        }
    }

    /** Section 3, "Receiving". */
    static final class Receiving {

        private final Channel<Job> jobs;
        private final Receiver<Job> rx;

        Receiving(Channel<Job> jobs) {
            this.jobs = jobs;
            this.rx = jobs.receiver();
        }

        void receive() {
            try (Receiver<Job> rx = jobs.receiver()) {
                for (Job job : rx) {          // ends when closed and drained
                    run(job);
                }
                if (Thread.currentThread().isInterrupted()) {
                    // the loop ended because of an interrupt, not because the channel is done
                }
            }

            Job job = rx.tryRecv();
            if (job == null && rx.isExhausted()) {
                // nothing now, and nothing ever again
            }

            List<Job> batch = new ArrayList<>(64);
            int moved = rx.drainTo(batch, 64);
        }

        private void run(Job job) {
            // work on the job
        }
    }

    /** Section 4, "Handles and closing". */
    static final class Handles {

        private final ExecutorService pool;

        Handles(ExecutorService pool) {
            this.pool = pool;
        }

        void start() {
            Channel<Job> jobs = Channel.bounded(1024);
            Sender<Job> tx = jobs.sender();
            for (int i = 0; i < 4; i++) {
                Sender<Job> producer = tx.clone();   // one handle per producer thread
                pool.submit(() -> {
                    try (producer) {
                        produce(producer);
                    }
                    return null;
                });
            }
            tx.close();   // the original counts too: without this, sending never closes
        }

        private void produce(Sender<Job> tx) throws InterruptedException {
            for (int id = 0; id < 100; id++) {
                tx.send(new Job(id));
            }
        }
    }

    /** Section 5, "Overflow policies". */
    static Channel<Reading> overflow(LongAdder staleReadings) {
        Channel<Reading> readings = Channel.<Reading>builder(1024)
                .name("readings")
                .overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((reading, reason) -> staleReadings.increment())
                .build();
        return readings;
    }

    /** Section 10, "Caller-owned mode". */
    static final class CallerOwned {

        static final BoundedQueue<Event> EVENTS = Channel.<Event>builder(64)
                .name("events")
                .buildQueue();                      // or new BoundedQueue<>(64) for the defaults
        static final AtomicInteger EVENT_SENDERS = new AtomicInteger(1);
        static final AtomicInteger EVENT_RECEIVERS = new AtomicInteger(1);

        Sender<Event> tx = Sender.fromStatic(EVENTS, EVENT_SENDERS, EVENT_RECEIVERS);
        Receiver<Event> rx = Receiver.fromStatic(EVENTS, EVENT_SENDERS, EVENT_RECEIVERS);
        Sender<Event> another = tx.clone();         // EVENT_SENDERS is now 2
    }

    /** Section 13, "Select". */
    static final class Selecting {

        static void selectOnce(Receiver<Order> orderRx, Sender<Event> eventTx) throws InterruptedException {
            Select select = new Select();
            RecvOperation<Order> orders = select.recv(orderRx);
            SendOperation<Event> events = select.send(eventTx, null);   // left out until it has a message
            SelectOperation done = select.select();                    // or select(timeout), trySelect()
            if (done == orders && !orders.isClosed()) {
                events.message(toEvent(orders.message()));             // offered on the next call
            }
        }

        static Event toEvent(Order order) {
            return new Event("order " + order);
        }
    }
}
