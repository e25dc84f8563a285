package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.UndeliveredReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A context closed while producers are still sending loses no message that a send reported as
 * accepted: each is processed by the listener, handed to the error handler (a call interrupted
 * when the drain timed out), or reported undelivered; producers see "closed",
 * never a hang; and shutdown ends within the drain timeout plus a small margin.
 */
@Timeout(120)
class ShutdownUnderLoadTests {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMillis(200);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=32",
                    "ove.channel.channels.orders.type=" + Order.class.getName(),
                    "ove.channel.shutdown.drain-timeout=" + DRAIN_TIMEOUT.toMillis() + "ms")
            .withBean(SlowProcessor.class)
            .withBean(Accounting.class);

    @Test
    void closingUnderLoadLosesNoAcceptedMessage() {
        contextRunner.run(context -> {
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            Accounting accounting = context.getBean(Accounting.class);
            AtomicLong ids = new AtomicLong();
            List<FutureTask<Long>> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                FutureTask<Long> producer = new FutureTask<>(() -> produce(tx, ids, accounting));
                Thread thread = new Thread(producer, "producer-" + p);
                thread.setDaemon(true);
                thread.start();
                producers.add(producer);
            }
            ListenerThreads.await("some orders are processed", () -> accounting.processed.size() > 20);

            long start = System.nanoTime();
            context.close();
            Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

            long sentTotal = 0;
            for (FutureTask<Long> producer : producers) {
                sentTotal += producer.get(10, TimeUnit.SECONDS); // returns: producers saw "closed"
            }
            assertThat(shutdown).isLessThan(DRAIN_TIMEOUT.plusSeconds(3));
            assertThat(accounting.accepted).hasSize((int) sentTotal);
            // Every outcome is recorded as it happens, duplicates included, so one list of them all
            // shows both a message accounted for twice (by one path or by two) and one never seen.
            List<Long> outcomes = new ArrayList<>(accounting.processed);
            outcomes.addAll(accounting.errored); // interrupted mid-call when the drain timed out
            outcomes.addAll(accounting.undelivered);
            assertThat(outcomes).as("each message handled once at most").doesNotHaveDuplicates();
            assertThat(Set.copyOf(outcomes)).as("processed, failed or reported undelivered")
                    .isEqualTo(accounting.accepted);
            // The listener is far slower than the drain timeout allows: both outcomes occur.
            assertThat(accounting.undelivered).isNotEmpty();
            assertThat(ListenerThreads.liveListenerThreads()).isEmpty();
        });
    }

    private static long produce(Sender<Order> tx, AtomicLong ids, Accounting accounting) throws InterruptedException {
        long sent = 0;
        for (;;) {
            long id = ids.incrementAndGet();
            // Record before sending: the listener may process it before send returns.
            accounting.accepted.add(id);
            try {
                if (tx.send(new Order(id)) == SendResult.SENT) {
                    sent++;
                } else {
                    accounting.accepted.remove(id);
                }
            } catch (ChannelClosedException closed) {
                accounting.accepted.remove(id);
                return sent;
            }
        }
    }

    /** Everything the test needs to account for every message. */
    static class Accounting implements UndeliveredMessageHandler, ChannelErrorHandler {
        final Set<Long> accepted = ConcurrentHashMap.newKeySet();
        // Queues, not sets: a message handled twice must show up twice.
        final Queue<Long> processed = new ConcurrentLinkedQueue<>();
        final Queue<Long> errored = new ConcurrentLinkedQueue<>();
        final Queue<Long> undelivered = new ConcurrentLinkedQueue<>();

        @Override
        public void onListenerError(String channel, String listener, Object message, Throwable error) {
            errored.add(((Order) message).id());
        }

        @Override
        public void onUndelivered(String channel, Object message, UndeliveredReason reason) {
            undelivered.add(((Order) message).id());
        }
    }

    /** Slower than the producers, so the channel is full when the context closes and cannot drain in time. */
    static class SlowProcessor {
        private final Accounting accounting;

        SlowProcessor(Accounting accounting) {
            this.accounting = accounting;
        }

        @ChannelListener(channel = "orders", concurrency = "2")
        void process(Order order) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(20); // simulated work, not synchronisation
            accounting.processed.add(order.id());
        }
    }
}
