package io.ove.channel.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.ListenerThreads;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.OveChannelMetricsAutoConfiguration;
import io.ove.channel.spring.Retry;
import io.ove.channel.spring.UndeliveredMessageHandler;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A listener's {@link Retry}: failed calls are retried with back-off before the dead letter, the
 * exception classes decide what is retried, and the retries are counted in the meters and in the
 * {@link DeadLetter}.
 */
@Timeout(60)
class ListenerRetryTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class,
                    OveChannelMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("ove.channel.channels.orders.capacity=16",
                    "ove.channel.channels.orders.type=" + Order.class.getName(),
                    "ove.channel.channels.orders.dead-letter=failed",
                    "ove.channel.channels.failed.capacity=16");

    @Test
    void callThatFailsTwiceIsRetriedUntilItSucceeds() {
        contextRunner.withBean("flaky", FlakyProcessor.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send(new Order(1));
            FlakyProcessor processor = context.getBean(FlakyProcessor.class);
            ChannelLifecycle lifecycle = context.getBean(ChannelLifecycle.class);
            ListenerThreads.await("the message counts as processed", () -> lifecycle.listeners().get(0).processed() == 1);
            assertThat(processor.succeeded).containsExactly(1L);
            assertThat(processor.calls).hasSize(3);
            ChannelLifecycle.ListenerStatus status = lifecycle.listeners().get(0);
            assertThat(status.errors()).isZero();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("ove.channel.listener.retries").tag("listener", "flaky.process").counter().count())
                    .isEqualTo(2);
            assertThat(meters.get("ove.channel.listener.errors").tag("listener", "flaky.process").counter().count())
                    .isZero();
            assertThat(context.getBean("failedReceiver", Receiver.class).size()).isZero();
        });
    }

    @Test
    void exhaustedRetriesSendADeadLetterThatCountsEveryAttempt() {
        contextRunner.withBean("broken", BrokenProcessor.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send(new Order(2));
            Receiver<?> failed = context.getBean("failedReceiver", Receiver.class);
            DeadLetter<?> letter = (DeadLetter<?>) failed.recv(10, TimeUnit.SECONDS);
            assertThat(letter).isNotNull();
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.exception()).isInstanceOf(IllegalStateException.class).hasMessage("broken 2");
            assertThat(context.getBean(BrokenProcessor.class).calls).hasSize(3);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("ove.channel.listener.retries").tag("listener", "broken.process").counter().count())
                    .isEqualTo(2);
            assertThat(meters.get("ove.channel.listener.errors").tag("listener", "broken.process").counter().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void backOffWaitsAtLeastTheDelayGrowingByTheMultiplier() {
        contextRunner.withBean("broken", BrokenProcessor.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send(new Order(3));
            assertThat(context.getBean("failedReceiver", Receiver.class).recv(10, TimeUnit.SECONDS)).isNotNull();
            List<Long> calls = context.getBean(BrokenProcessor.class).calls;
            // delay 20ms, multiplier 2: at least 20 ms before the first retry, 40 ms before the second.
            assertThat(calls.get(1) - calls.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
            assertThat(calls.get(2) - calls.get(1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
        });
    }

    @Test
    void exceptionListedInNoRetryForGoesToTheDeadLetterChannelAtOnce() {
        contextRunner.withBean("refusing", RefusingProcessor.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send(new Order(4));
            DeadLetter<?> letter = (DeadLetter<?>) context.getBean("failedReceiver", Receiver.class)
                    .recv(10, TimeUnit.SECONDS);
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(context.getBean(RefusingProcessor.class).calls).hasSize(1);
        });
    }

    @Test
    void exceptionOutsideRetryForIsNotRetried() {
        contextRunner.withBean("selective", SelectiveProcessor.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send(new Order(5));
            DeadLetter<?> letter = (DeadLetter<?>) context.getBean("failedReceiver", Receiver.class)
                    .recv(10, TimeUnit.SECONDS);
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.exception()).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void shutdownInterruptsTheBackOffAndHandsTheMessageOnWithTheAttemptsMade() {
        List<Object> undelivered = new CopyOnWriteArrayList<>();
        contextRunner.withPropertyValues("ove.channel.shutdown.drain-timeout=100ms")
                .withBean("patient", PatientProcessor.class)
                .withBean(UndeliveredMessageHandler.class, () -> (channel, message, reason) -> undelivered.add(message))
                .run(context -> {
                    context.getBean("ordersSender", Sender.class).send(new Order(6));
                    PatientProcessor processor = context.getBean(PatientProcessor.class);
                    assertThat(processor.firstCall.await(10, TimeUnit.SECONDS)).isTrue();
                    long start = System.nanoTime();
                    context.close();
                    assertThat(System.nanoTime() - start).as("the back-off of 30 s was cut short")
                            .isLessThan(TimeUnit.SECONDS.toNanos(20));
                    // The dead letter reaches 'failed' after the drain timeout ran out, so nobody
                    // reads it there, and the close reports it as undelivered.
                    assertThat(undelivered).singleElement().isInstanceOfSatisfying(DeadLetter.class, letter -> {
                        assertThat(letter.payload()).isEqualTo(new Order(6));
                        assertThat(letter.attempts()).isEqualTo(1);
                    });
                });
    }

    static class PatientProcessor {
        final java.util.concurrent.CountDownLatch firstCall = new java.util.concurrent.CountDownLatch(1);

        @ChannelListener(channel = "orders", retry = @Retry(maxRetries = 3, delay = "30s"))
        void process(Order order) {
            firstCall.countDown();
            throw new IllegalStateException("needs a retry");
        }
    }

    static class FlakyProcessor {
        final List<Long> calls = new CopyOnWriteArrayList<>();
        final List<Long> succeeded = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders", retry = @Retry(maxRetries = 3, delay = "1ms"))
        void process(Order order) {
            calls.add(order.id());
            if (calls.size() < 3) {
                throw new IllegalStateException("not yet");
            }
            succeeded.add(order.id());
        }
    }

    static class BrokenProcessor {
        final List<Long> calls = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders", retry = @Retry(maxRetries = 2, delay = "20ms", multiplier = 2))
        void process(Order order) {
            calls.add(System.nanoTime());
            throw new IllegalStateException("broken " + order.id());
        }
    }

    static class RefusingProcessor {
        final List<Long> calls = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders",
                retry = @Retry(maxRetries = 5, delay = "1ms", noRetryFor = IllegalArgumentException.class))
        void process(Order order) {
            calls.add(order.id());
            throw new IllegalArgumentException("invalid order " + order.id());
        }
    }

    static class SelectiveProcessor {
        @ChannelListener(channel = "orders",
                retry = @Retry(maxRetries = 5, delay = "1ms", retryFor = IllegalStateException.class))
        void process(Order order) {
            throw new IllegalArgumentException("invalid order " + order.id());
        }
    }
}
