package io.ove.channel.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.Batch;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.ListenerThreads;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.Retry;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Batch listeners: how batches are gathered, counted, and what happens when one fails. */
@Timeout(60)
class BatchListenerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=64",
                    "ove.channel.channels.orders.type=" + Order.class.getName(),
                    "ove.channel.channels.orders.dead-letter=failed",
                    "ove.channel.channels.failed.capacity=64");

    @Test
    void bufferedMessagesArriveInBatchesOfAtMostTheSize() {
        contextRunner.withBean("batches", BatchProcessor.class).run(context -> {
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            for (long i = 0; i < 10; i++) {
                tx.send(new Order(i));
            }
            context.getBean(ChannelListenerRegistry.class).start("batches.process");
            BatchProcessor processor = context.getBean(BatchProcessor.class);
            ChannelLifecycle lifecycle = context.getBean(ChannelLifecycle.class);
            ListenerThreads.await("ten messages count as processed, in messages rather than calls",
                    () -> lifecycle.listeners().get(0).processed() == 10);
            assertThat(processor.batches).extracting(List::size).containsExactly(4, 4, 2);
            assertThat(processor.seen()).extracting(Order::id).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        });
    }

    @Test
    void lateMessagesJoinTheBatchWithinTheWait() {
        contextRunner.withBean("batches", BatchProcessor.class).run(context -> {
            BatchProcessor processor = context.getBean(BatchProcessor.class);
            context.getBean(ChannelListenerRegistry.class).start("batches.process");
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            for (long i = 0; i < 3; i++) {
                tx.send(new Order(i));
            }
            ListenerThreads.await("every order arrives", () -> processor.seen().size() == 3);
            assertThat(processor.batches).allSatisfy(batch -> assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(4));
        });
    }

    @Test
    void failedBatchIsRetriedWholeThenEachMessageIsDeadLetteredWithTheAttempts() {
        contextRunner.withBean("failing", FailingBatchProcessor.class).run(context -> {
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            for (long i = 0; i < 3; i++) {
                tx.send(new Order(i));
            }
            context.getBean(ChannelListenerRegistry.class).start("failing.process");
            Receiver<?> failed = context.getBean("failedReceiver", Receiver.class);
            List<DeadLetter<?>> letters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                letters.add((DeadLetter<?>) failed.recv(10, TimeUnit.SECONDS));
            }
            assertThat(letters.stream().map(letter -> (Object) letter.payload()).toList()).containsExactly(new Order(0), new Order(1), new Order(2));
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.attempts()).isEqualTo(2);
                assertThat(letter.exception()).hasMessage("batch of 3 failed");
            });
            FailingBatchProcessor processor = context.getBean(FailingBatchProcessor.class);
            assertThat(processor.calls).as("the same batch, retried once").containsExactly(3, 3);
            assertThat(processor.readOnly).as("the listener cannot change the batch").containsExactly(true, true);
            assertThat(context.getBean(ChannelLifecycle.class).listeners().get(0).errors()).isEqualTo(3);
        });
    }

    static class BatchProcessor {
        final List<List<Order>> batches = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders", autoStartup = "false", batch = @Batch(size = 4, maxWait = "100ms"))
        void process(List<Order> orders) {
            batches.add(List.copyOf(orders));
        }

        List<Order> seen() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    static class FailingBatchProcessor {
        final List<Integer> calls = new CopyOnWriteArrayList<>();
        final List<Boolean> readOnly = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders", autoStartup = "false", batch = @Batch(size = 10),
                retry = @Retry(maxRetries = 1, delay = "1ms"))
        void process(List<Order> orders) {
            calls.add(orders.size());
            try {
                orders.clear();
                readOnly.add(false);
            } catch (UnsupportedOperationException expected) {
                readOnly.add(true);
            }
            throw new IllegalStateException("batch of " + orders.size() + " failed");
        }
    }
}
