package io.ove.channel.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelErrorHandler;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.ListenerThreads;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class ChannelListenerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=8",
                    "ove.channel.channels.orders.type=" + Order.class.getName(),
                    "ove.channel.channels.orders.dead-letter=failed",
                    "ove.channel.channels.failed.capacity=64",
                    "ove.channel.channels.failed.type=" + DeadLetter.class.getName());

    @Test
    void listenerShouldReceiveEveryMessageOnItsOwnThreads() {
        contextRunner.withBean("processor", Processor.class).run(context -> {
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            for (long i = 0; i < 100; i++) {
                tx.send(new Order(i));
            }
            Processor processor = context.getBean(Processor.class);
            ListenerThreads.await("100 orders are processed", () -> processor.seen.size() == 100);
            assertThat(processor.threads).allMatch(name -> name.startsWith("ove-listener-orders-"));
            assertThat(processor.threads).hasSizeBetween(1, 3);
            assertThat(context.getBean(ChannelLifecycle.class).listeners())
                    .singleElement()
                    .satisfies(status -> {
                        assertThat(status.id()).isEqualTo("processor.process");
                        assertThat(status.concurrency()).isEqualTo(3);
                        assertThat(status.liveThreads()).isEqualTo(3);
                        assertThat(status.processed()).isEqualTo(100);
                    });
        });
    }

    @Test
    void aThrowingListenerKeepsItsThreadAndSendsADeadLetterRecordToTheDeadLetterChannel() {
        Instant before = Instant.now();
        contextRunner.withBean("failingProcessor", FailingProcessor.class).run(context -> {
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            for (long i = 0; i < 10; i++) {
                tx.send(new Order(i));
            }
            FailingProcessor processor = context.getBean(FailingProcessor.class);
            ListenerThreads.await("every order is seen", () -> processor.seen.size() == 10);
            ListenerThreads.await("odd orders reach the dead-letter channel",
                    () -> context.getBean("failedReceiver", io.ove.channel.Receiver.class).size() == 5);
            DeadLetter<?> letter = (DeadLetter<?>) context.getBean("failedReceiver", Receiver.class).tryRecv();
            assertThat(letter.payload()).isEqualTo(new Order(1));
            assertThat(letter.exception()).isInstanceOf(IllegalStateException.class).hasMessage("odd order 1");
            assertThat(letter.channel()).isEqualTo("orders");
            assertThat(letter.listener()).isEqualTo("failingProcessor.process");
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.time()).isBetween(before, Instant.now());
            ChannelLifecycle.ListenerStatus status = context.getBean(ChannelLifecycle.class).listeners().get(0);
            assertThat(status.errors()).isEqualTo(5);
            assertThat(status.processed()).isEqualTo(5);
            assertThat(status.liveThreads()).isEqualTo(1);
        });
    }

    @Test
    void anErrorHandlerBeanTakesPrecedenceOverTheDeadLetterChannel() {
        contextRunner.withBean("failingProcessor", FailingProcessor.class).withBean(RecordingErrorHandler.class).run(context -> {
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            tx.send(new Order(1));
            RecordingErrorHandler handler = context.getBean(RecordingErrorHandler.class);
            ListenerThreads.await("the handler sees the failure", () -> handler.failures.size() == 1);
            assertThat(handler.failures).containsExactly("orders/failingProcessor.process/Order[id=1]/odd order 1");
            assertThat(context.getBean("failedReceiver", io.ove.channel.Receiver.class).size()).isZero();
        });
    }

    @Test
    void listenerThreadsAreGoneAfterTheContextCloses() {
        contextRunner.withBean("processor", Processor.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send(new Order(1));
            ListenerThreads.await("the order is processed", () -> context.getBean(Processor.class).seen.size() == 1);
            context.close();
            assertThat(ListenerThreads.liveListenerThreads()).isEmpty();
        });
    }

    @Test
    void listenerChannelMayBeAPropertyPlaceholder() {
        contextRunner.withPropertyValues("app.channel=orders")
                .withBean("placeholderProcessor", PlaceholderProcessor.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("ordersSender", Sender.class).send(new Order(1));
                    PlaceholderProcessor processor = context.getBean(PlaceholderProcessor.class);
                    ListenerThreads.await("the order is processed", () -> processor.seen.contains(1L));
                });
    }

    @Test
    void twoListenersOnOneChannelRunThreadsWithDistinctNames() {
        contextRunner.withBean("first", SingleThreadProcessor.class)
                .withBean("second", SingleThreadProcessor.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<String> names = ListenerThreads.liveListenerThreads();
                    assertThat(names).hasSize(2).doesNotHaveDuplicates()
                            .allMatch(name -> name.startsWith("ove-listener-orders-"));
                });
    }

    @Test
    void aMessageOfTheWrongClassOnAnUntypedChannelFailsNamingBothClasses() {
        contextRunner.withPropertyValues("ove.channel.channels.raw.capacity=4")
                .withBean("stringProcessor", StringProcessor.class)
                .withBean(RecordingErrorHandler.class)
                .run(context -> {
                    context.getBean("rawSender", Sender.class).send(42);
                    RecordingErrorHandler handler = context.getBean(RecordingErrorHandler.class);
                    ListenerThreads.await("the handler sees the failure", () -> handler.failures.size() == 1);
                    assertThat(handler.failures.get(0)).contains("raw/stringProcessor.process/42/",
                            "delivered a java.lang.Integer", "takes java.lang.String", "ove.channel.channels.raw.type");
                });
    }

    @Test
    void listenersStartUnderLazyInitialization() {
        contextRunner.withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new LazyInitializationBeanFactoryPostProcessor()))
                .withBean("processor", Processor.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean("ordersSender", Sender.class).send(new Order(1));
                    ListenerThreads.await("the listener is running", () -> context.getBean(ChannelLifecycle.class).listeners().size() == 1);
                    ListenerThreads.await("the order is processed", () -> context.getBean(Processor.class).seen.contains(1L));
                });
    }

    @Test
    void aListenerOfALazyBeanStartsWhenTheBeanIsCreatedAfterTheContextStarted(CapturedOutput output) {
        contextRunner.withBean("lazyProcessor", Processor.class, Processor::new, definition -> definition.setLazyInit(true))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getOut()).contains("bean 'lazyProcessor' is lazy, so its @ChannelListener"
                            + " methods start only when it is first used");
                    ChannelLifecycle lifecycle = context.getBean(ChannelLifecycle.class);
                    assertThat(lifecycle.isRunning()).isTrue();
                    assertThat(lifecycle.listeners()).isEmpty();
                    context.getBean("ordersSender", Sender.class).send(new Order(1));
                    Processor processor = context.getBean(Processor.class);
                    ListenerThreads.await("the late listener processes the order", () -> processor.seen.contains(1L));
                    assertThat(lifecycle.listeners()).singleElement()
                            .satisfies(status -> assertThat(status.id()).isEqualTo("lazyProcessor.process"));
                });
    }

    static class Processor {
        final Set<Long> seen = ConcurrentHashMap.newKeySet();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @ChannelListener(channel = "orders", concurrency = "3")
        void process(Order order) {
            threads.add(Thread.currentThread().getName());
            seen.add(order.id());
        }
    }

    static class PlaceholderProcessor {
        final Set<Long> seen = ConcurrentHashMap.newKeySet();

        @ChannelListener(channel = "${app.channel}")
        void process(Order order) {
            seen.add(order.id());
        }
    }

    static class SingleThreadProcessor {
        @ChannelListener(channel = "orders")
        void process(Order order) {
        }
    }

    static class StringProcessor {
        @ChannelListener(channel = "raw")
        void process(String message) {
        }
    }

    static class FailingProcessor {
        final Set<Long> seen = ConcurrentHashMap.newKeySet();

        @ChannelListener(channel = "orders")
        void process(Order order) {
            seen.add(order.id());
            if (order.id() % 2 == 1) {
                throw new IllegalStateException("odd order " + order.id());
            }
        }
    }

    static class RecordingErrorHandler implements ChannelErrorHandler {
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onListenerError(String channel, String listener, Object message, Throwable error) {
            failures.add(channel + "/" + listener + "/" + message + "/" + error.getMessage());
        }
    }
}
