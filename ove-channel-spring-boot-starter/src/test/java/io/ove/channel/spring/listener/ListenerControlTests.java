package io.ove.channel.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelErrorHandler;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.ListenerThreads;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Listener control: ids, auto-startup, concurrency placeholders, a listener's own error handler,
 * and pause, resume, stop and start through the registry.
 */
@Timeout(60)
class ListenerControlTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=16",
                    "ove.channel.channels.orders.type=" + Order.class.getName(),
                    "ove.channel.channels.orders.dead-letter=failed",
                    "ove.channel.channels.failed.capacity=16");

    @Test
    void pausedListenerTakesNoMessageUntilResumed() {
        contextRunner.withBean("processor", Processor.class).run(context -> {
            ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);
            registry.pause("processor.process");
            assertThat(registry.state("processor.process")).isEqualTo(ListenerState.PAUSED);
            // The thread has noticed the pause once it parks on its container rather than on the channel.
            ListenerThreads.await("the listener thread parks paused", () -> Thread.getAllStackTraces().keySet()
                    .stream().filter(thread -> thread.getName().startsWith("ove-listener-orders-"))
                    .allMatch(thread -> LockSupport.getBlocker(thread) instanceof ListenerContainer));
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            tx.send(new Order(1));
            tx.send(new Order(2));
            Processor processor = context.getBean(Processor.class);
            assertThat(processor.seen.poll(300, TimeUnit.MILLISECONDS)).as("a paused listener takes nothing").isNull();
            assertThat(context.getBean("ordersReceiver", Receiver.class).size()).isEqualTo(2);

            registry.resume("processor.process");
            assertThat(registry.state("processor.process")).isEqualTo(ListenerState.RUNNING);
            assertThat(processor.seen.poll(10, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(processor.seen.poll(10, TimeUnit.SECONDS)).isEqualTo(2L);
        });
    }

    @Test
    void stoppedListenerLeavesMessagesBufferedAndStartsAgainWithItsCountsKept() {
        contextRunner.withBean("processor", Processor.class).run(context -> {
            ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            Processor processor = context.getBean(Processor.class);
            tx.send(new Order(1));
            assertThat(processor.seen.poll(10, TimeUnit.SECONDS)).isEqualTo(1L);

            registry.stop("processor.process");
            assertThat(registry.state("processor.process")).isEqualTo(ListenerState.STOPPED);
            assertThat(ListenerThreads.liveListenerThreads()).isEmpty();
            tx.send(new Order(2));
            assertThat(context.getBean("ordersReceiver", Receiver.class).size()).isEqualTo(1);

            registry.start("processor.process");
            assertThat(registry.state("processor.process")).isEqualTo(ListenerState.RUNNING);
            assertThat(processor.seen.poll(10, TimeUnit.SECONDS)).isEqualTo(2L);
            ListenerThreads.await("both messages are counted", () ->
                    context.getBean(ChannelLifecycle.class).listeners().get(0).processed() == 2);
        });
    }

    @Test
    void listenerWithAutoStartupFalseWaitsForAStart() {
        contextRunner.withBean("manual", ManualProcessor.class).run(context -> {
            ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);
            assertThat(registry.state("manual-orders")).isEqualTo(ListenerState.STOPPED);
            assertThat(context.getBean(ChannelLifecycle.class).listeners()).singleElement()
                    .satisfies(status -> {
                        assertThat(status.state()).isEqualTo("STOPPED");
                        assertThat(status.autoStartup()).isFalse();
                    });
            context.getBean("ordersSender", Sender.class).send(new Order(7));
            assertThat(ListenerThreads.liveListenerThreads()).isEmpty();

            registry.start("manual-orders");
            assertThat(context.getBean(ManualProcessor.class).seen.poll(10, TimeUnit.SECONDS)).isEqualTo(7L);
        });
    }

    @Test
    void globalAutoStartupFalseKeepsEveryListenerStoppedUnlessItSaysOtherwise() {
        contextRunner.withPropertyValues("ove.channel.listeners.auto-startup=false")
                .withBean("processor", Processor.class)
                .withBean("eager", EagerProcessor.class)
                .run(context -> {
                    ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);
                    assertThat(registry.state("processor.process")).isEqualTo(ListenerState.STOPPED);
                    assertThat(registry.state("eager.process")).isEqualTo(ListenerState.RUNNING);
                });
    }

    @Test
    void concurrencyAndIdMayBePlaceholders() {
        contextRunner.withPropertyValues("app.threads=3", "app.listener=placed")
                .withBean("placeholders", PlaceholderProcessor.class)
                .run(context -> {
                    ChannelLifecycle.ListenerStatus status = context.getBean(ChannelLifecycle.class).listeners().get(0);
                    assertThat(status.id()).isEqualTo("placed");
                    assertThat(status.concurrency()).isEqualTo(3);
                    assertThat(status.liveThreads()).isEqualTo(3);
                });
    }

    @Test
    void listenersOwnErrorHandlerTakesItsFailuresInsteadOfTheDeadLetterChannelAndTheGlobalHandler() {
        contextRunner.withBean("failing", FailingWithOwnHandler.class)
                .withBean("ordersErrors", RecordingHandler.class)
                .withBean("global", ChannelErrorHandler.class, () -> (channel, listener, message, error) -> {
                    throw new AssertionError("the global handler must not be called");
                }, definition -> definition.setPrimary(true))
                .run(context -> {
                    context.getBean("ordersSender", Sender.class).send(new Order(5));
                    RecordingHandler handler = context.getBean("ordersErrors", RecordingHandler.class);
                    ListenerThreads.await("the listener's own handler sees the failure", () -> handler.seen.size() == 1);
                    assertThat(handler.seen).containsExactly("orders/failing.process/Order[id=5]");
                    assertThat(context.getBean("failedReceiver", Receiver.class).size()).isZero();
                });
    }

    @Test
    void unknownListenerIdIsRefusedNamingTheKnownOnes() {
        contextRunner.withBean("processor", Processor.class).run(context ->
                assertThatIllegalArgumentException()
                        .isThrownBy(() -> context.getBean(ChannelListenerRegistry.class).pause("nope"))
                        .withMessageContaining("'nope'").withMessageContaining("processor.process"));
    }

    static class Processor {
        final LinkedBlockingQueue<Long> seen = new LinkedBlockingQueue<>();

        @ChannelListener(channel = "orders")
        void process(Order order) {
            seen.add(order.id());
        }
    }

    static class ManualProcessor {
        final LinkedBlockingQueue<Long> seen = new LinkedBlockingQueue<>();

        @ChannelListener(channel = "orders", id = "manual-orders", autoStartup = "false")
        void process(Order order) {
            seen.add(order.id());
        }
    }

    static class EagerProcessor {
        @ChannelListener(channel = "failed", autoStartup = "true")
        void process(Object letter) {
        }
    }

    static class PlaceholderProcessor {
        @ChannelListener(channel = "orders", id = "${app.listener}", concurrency = "${app.threads}")
        void process(Order order) {
        }
    }

    static class FailingWithOwnHandler {
        @ChannelListener(channel = "orders", errorHandler = "ordersErrors")
        void process(Order order) {
            throw new IllegalStateException("cannot process " + order.id());
        }
    }

    static class RecordingHandler implements ChannelErrorHandler {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onListenerError(String channel, String listener, Object message, Throwable error) {
            seen.add(channel + "/" + listener + "/" + message);
        }
    }
}
