package io.ove.channel.spring.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.ove.channel.ChannelStorage;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.rabbitmq.RabbitBroker;
import io.ove.channel.rabbitmq.RabbitChannel;
import io.ove.channel.rabbitmq.RequiresBroker;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.definitions.DeclaredChannels;

/**
 * YAML-declared broker channels in Spring Boot applications on a real RabbitMQ: the same beans and
 * listeners as in-process, shared by every instance that declares the same queue.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@RequiresBroker
class BrokerChannelStarterTests {

    private final RabbitBroker broker = RabbitBroker.get();
    private final String queue = "starter-" + UUID.randomUUID();

    private ApplicationContextRunner instance() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class,
                        JacksonAutoConfiguration.class, RabbitAutoConfiguration.class))
                .withPropertyValues(
                        "spring.rabbitmq.host=127.0.0.1",
                        "spring.rabbitmq.port=" + broker.port(),
                        "ove.channel.channels.orders.capacity=100",
                        "ove.channel.channels.orders.type=" + Order.class.getName(),
                        "ove.channel.channels.orders.backend=rabbitmq",
                        "ove.channel.channels.orders.rabbitmq.queue=" + queue,
                        "ove.channel.channels.orders.rabbitmq.prefetch=2");
    }

    @Test
    void twoInstancesShareOneYamlDeclaredQueueAndEachMessageIsProcessedOnce() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Integer> processed = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(200);
        instance().withBean(OrderListener.class, () -> new OrderListener(seen, processed, all, null)).run(first ->
            instance().withBean(OrderListener.class, () -> new OrderListener(seen, processed, all, null)).run(second -> {
                assertThat(first).hasNotFailed();
                assertThat(second).hasNotFailed();
                @SuppressWarnings("unchecked")
                Sender<Order> fromFirst = first.getBean("ordersSender", Sender.class);
                @SuppressWarnings("unchecked")
                Sender<Order> fromSecond = second.getBean("ordersSender", Sender.class);
                for (int i = 0; i < 100; i++) {
                    fromFirst.send(new Order(i, "tea"));
                    fromSecond.send(new Order(100 + i, "milk"));
                }
                assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(processed).hasSize(200).doesNotHaveDuplicates();
                ChannelStorage<Object> storage = first.getBean(DeclaredChannels.class).channel("orders").storage();
                assertThat(storage.liveSenders()).isEqualTo(2);
                assertThat(storage.liveReceivers()).isEqualTo(2);
            }));
    }

    @Test
    void theMessagesAreTheApplicationsJsonOnTheWire() throws Exception {
        instance().run(context -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            Sender<Order> sender = context.getBean("ordersSender", Sender.class);
            sender.send(new Order(8, "milk"));
            // The application has a receiver bean but no listener: it consumes nothing, so another
            // process reading the queue gets the message, as the application's JSON.
            try (RabbitChannel<byte[]> raw = RabbitChannel.builder(broker.client(), queue).capacity(100).open();
                    Receiver<byte[]> other = raw.receiver()) {
                byte[] body = other.recv(10, TimeUnit.SECONDS);
                assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("{\"id\":8,\"item\":\"milk\"}");
            }
            sender.send(new Order(9, "tea"));
            @SuppressWarnings("unchecked")
            Receiver<Order> receiver = context.getBean("ordersReceiver", Receiver.class);
            assertThat(receiver.recv(Duration.ofSeconds(10))).isEqualTo(new Order(9, "tea"));
        });
    }

    @Test
    void aFailingListenerSendsTheMessageToTheDeadLetterChannelAndTheBrokerForgetsIt() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Integer> processed = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        instance().withBean(OrderListener.class, () -> new OrderListener(seen, processed, done, 13))
                .withBean(DeadLetters.class)
                .withPropertyValues("ove.channel.channels.orders.dead-letter=failed",
                        "ove.channel.channels.failed.capacity=10")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    Sender<Order> sender = context.getBean("ordersSender", Sender.class);
                    sender.send(new Order(13, "poison"));
                    sender.send(new Order(14, "fine"));
                    DeadLetters deadLetters = context.getBean(DeadLetters.class);
                    assertThat(deadLetters.arrived.await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(deadLetters.errors).singleElement().asString().contains("poison order 13");
                    ChannelStorage<Object> storage = context.getBean(DeclaredChannels.class).channel("orders").storage();
                    assertThat(storage.size()).isZero(); // acknowledged after the dead letter: not redelivered
                });
    }

    @Test
    void closingTheLastInstanceLetsItsListenerDrainTheQueueFirst() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Integer> processed = new CopyOnWriteArrayList<>();
        CountDownLatch unused = new CountDownLatch(1);
        instance().withBean(OrderListener.class, () -> new SlowListener(seen, processed, unused)).run(context -> {
            @SuppressWarnings("unchecked")
            Sender<Order> sender = context.getBean("ordersSender", Sender.class);
            for (int i = 0; i < 30; i++) {
                sender.send(new Order(i, "tea"));
            }
            context.close(); // the only sender anywhere: the listener drains the queue, then stops
            assertThat(processed).hasSize(30).doesNotHaveDuplicates();
        });
    }

    @Test
    void aMessageWhoseListenerIsInterruptedByShutdownGoesBackToTheQueueForAnotherInstance() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Integer> processed = new CopyOnWriteArrayList<>();
        CountDownLatch rescued = new CountDownLatch(1);
        StuckListener stuck = new StuckListener();
        instance().withBean(StuckListener.class, () -> stuck).run(stopping -> {
            assertThat(stopping).hasNotFailed();
            @SuppressWarnings("unchecked")
            Sender<Order> sender = stopping.getBean("ordersSender", Sender.class);
            sender.send(new Order(42, "stuck"));
            assertThat(stuck.taken.await(30, TimeUnit.SECONDS)).isTrue();
            instance().withBean(OrderListener.class, () -> new OrderListener(seen, processed, rescued, null))
                    .run(other -> {
                        assertThat(other).hasNotFailed();
                        // The other instance still sends: closing this one interrupts its listener,
                        // whose message goes back to the queue instead of to the error handling.
                        stopping.close();
                        assertThat(rescued.await(30, TimeUnit.SECONDS)).isTrue();
                        assertThat(processed).containsExactly(42);
                    });
        });
    }

    /** Takes one order and waits until interrupted, like a listener stuck on a slow call. */
    static class StuckListener {
        final CountDownLatch taken = new CountDownLatch(1);
        private final CountDownLatch never = new CountDownLatch(1);

        @ChannelListener(channel = "orders")
        void onOrder(Order order) throws InterruptedException {
            taken.countDown();
            never.await();
        }
    }

    /** An order, sent as JSON. */
    public record Order(int id, String item) {
    }

    /** Records each order once; fails on one id when asked to. */
    static class OrderListener {
        final Set<Integer> seen;
        final List<Integer> processed;
        final CountDownLatch done;
        final Integer poison;

        OrderListener(Set<Integer> seen, List<Integer> processed, CountDownLatch done, Integer poison) {
            this.seen = seen;
            this.processed = processed;
            this.done = done;
            this.poison = poison;
        }

        @ChannelListener(channel = "orders")
        void onOrder(Order order) throws InterruptedException {
            if (poison != null && order.id() == poison) {
                done.countDown();
                throw new IllegalStateException("poison order " + order.id());
            }
            work();
            processed.add(order.id());
            done.countDown();
        }

        void work() throws InterruptedException {
        }
    }

    /** Takes a moment per order, so that messages are still queued when the context closes. */
    static class SlowListener extends OrderListener {
        SlowListener(Set<Integer> seen, List<Integer> processed, CountDownLatch done) {
            super(seen, processed, done, null);
        }

        @Override
        void work() throws InterruptedException {
            Thread.sleep(5); // the listener's work, not synchronisation
        }
    }

    /** The dead-letter channel's listener. */
    static class DeadLetters {
        final List<String> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch arrived = new CountDownLatch(1);

        @ChannelListener(channel = "failed")
        void onDeadLetter(io.ove.channel.spring.DeadLetter letter) {
            errors.add(String.valueOf(letter));
            arrived.countDown();
        }
    }
}
