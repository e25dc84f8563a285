package io.ove.channel.spring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.ChannelState;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.ListenerThreads;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import io.ove.channel.spring.definitions.OveChannelProperties;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class ChannelLifecycleTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=4",
                    "ove.channel.shutdown.drain-timeout=300ms");

    @Test
    void phaseIsItsOwnBetweenTheWebServerAndTheExecutors() {
        assertThat(ChannelLifecycle.PHASE)
                .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isGreaterThan(Integer.MAX_VALUE / 2);
    }

    @Test
    void producersSendingAfterShutdownBeganGetClosedNotAHang() {
        contextRunner.run(context -> {
            // A producer's own handle: the starter's first handles are released at close.
            Sender<String> tx = ((Sender<String>) context.getBean("ordersSender", Sender.class)).clone();
            context.close();
            assertThat(tx.trySend("late")).isEqualTo(SendResult.CLOSED);
            assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> tx.send("late"));
        });
    }

    @Test
    void aListenerThatBlocksForeverDoesNotHoldUpShutdownBeyondTheDrainTimeout() {
        contextRunner.withBean(BlockingListener.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send("stuck");
            context.getBean(BlockingListener.class).entered.await();
            long start = System.nanoTime();
            context.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300).plusSeconds(2));
            assertThat(ListenerThreads.liveListenerThreads()).isEmpty();
        });
    }

    @Test
    void messagesLeftWhenTheDrainTimeoutRunsOutAreLoggedWithThatReason(CapturedOutput output) {
        contextRunner.withBean(BlockingListener.class).run(context -> {
            Sender<String> tx = context.getBean("ordersSender", Sender.class);
            tx.send("stuck");
            context.getBean(BlockingListener.class).entered.await();
            tx.send("left 1");
            tx.send("left 2");
            context.close();
            assertThat(output).contains("channel 'orders': 2 message(s) still buffered were reported as undelivered:"
                    + " the drain timeout ran out");
        });
    }

    @Test
    void aChannelNobodyReadsEndsItsDrainEarlyAndTheLogSaysWhy(CapturedOutput output) {
        contextRunner.withPropertyValues("ove.channel.shutdown.drain-timeout=20s").run(context -> {
            Sender<String> tx = context.getBean("ordersSender", Sender.class);
            tx.send("unread 1");
            tx.send("unread 2");
            long start = System.nanoTime();
            context.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(output).contains("channel 'orders': 2 message(s) still buffered were reported as undelivered:"
                    + " no receiver took a message for 1 s before the drain timeout");
        });
    }

    @Test
    void aListenerThatThrowsOnEveryMessageStillLetsShutdownComplete() {
        contextRunner.withBean(ThrowingListener.class).run(context -> {
            Sender<String> tx = context.getBean("ordersSender", Sender.class);
            for (int i = 0; i < 4; i++) {
                tx.send("m" + i);
            }
            long start = System.nanoTime();
            context.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300).plusSeconds(2));
            assertThat(ListenerThreads.liveListenerThreads()).isEmpty();
        });
    }

    @Test
    void stopThenStartKeepsTheChannelsOpenAndResumesTheListeners() {
        contextRunner.withBean("recorder", RecordingListener.class).run(context -> {
            ChannelLifecycle lifecycle = context.getBean(ChannelLifecycle.class);
            Sender<String> tx = context.getBean("ordersSender", Sender.class);
            RecordingListener recorder = context.getBean(RecordingListener.class);
            context.stop();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(context.getBean("orders", Channel.class).state()).isEqualTo(ChannelState.OPEN);
            ListenerThreads.await("the listener threads end", () -> ListenerThreads.liveListenerThreads().isEmpty());
            assertThat(tx.trySend("while stopped")).isEqualTo(SendResult.SENT);
            context.start();
            ListenerThreads.await("the buffered message is processed after the restart",
                    () -> recorder.seen.contains("while stopped"));
            assertThat(lifecycle.listeners()).singleElement()
                    .satisfies(status -> assertThat(status.liveThreads()).isEqualTo(1));
        });
    }

    @Test
    void pauseStopsTheListenersAndKeepsTheChannelsForTheNextStart() {
        contextRunner.withBean("recorder", RecordingListener.class).run(context -> {
            ChannelLifecycle lifecycle = context.getBean(ChannelLifecycle.class);
            assertThat(lifecycle.isPauseable()).isTrue();
            context.pause();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(context.getBean("orders", Channel.class).state()).isEqualTo(ChannelState.OPEN);
            context.getBean("ordersSender", Sender.class).send("while paused");
            context.start();
            RecordingListener recorder = context.getBean(RecordingListener.class);
            ListenerThreads.await("the message is processed after the pause",
                    () -> recorder.seen.contains("while paused"));
        });
    }

    @Test
    void stopWithACallbackReturnsAtOnceAndCallsBackWhenTheListenersHaveStopped() {
        contextRunner.withBean(BlockingListener.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send("stuck");
            context.getBean(BlockingListener.class).entered.await();
            CountDownLatch stopped = new CountDownLatch(1);
            ChannelLifecycle lifecycle = context.getBean(ChannelLifecycle.class);
            lifecycle.stop(stopped::countDown);
            // The listener blocks until interrupted after the 300 ms drain timeout, so the
            // callback cannot have run when stop(Runnable) returns to the context.
            assertThat(stopped.getCount()).isEqualTo(1);
            assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lifecycle.isRunning()).isFalse();
        });
    }

    @Test
    void aChannelClosesOnlyAfterTheListenersSendingIntoItHaveDrained() {
        contextRunner.withPropertyValues("ove.channel.channels.audit.capacity=16",
                        "ove.channel.shutdown.drain-timeout=10s")
                .withUserConfiguration(Pipeline.class)
                .run(context -> {
                    Sender<String> orders = context.getBean("ordersSender", Sender.class);
                    Forwarder forwarder = context.getBean(Forwarder.class);
                    for (int i = 0; i < 4; i++) {
                        orders.send("order-" + i);
                    }
                    Channel<?> ordersChannel = context.getBean("orders", Channel.class);
                    AuditRecorder recorder = context.getBean(AuditRecorder.class);
                    forwarder.entered.await();
                    Thread closer = new Thread(context::close, "test-closer");
                    closer.start();
                    ListenerThreads.await("shutdown has closed the orders channel for sending",
                            () -> ordersChannel.state() != ChannelState.OPEN);
                    forwarder.gate.countDown();
                    closer.join(TimeUnit.SECONDS.toMillis(20));
                    assertThat(closer.isAlive()).isFalse();
                    assertThat(forwarder.results).hasSize(4).containsOnly(SendResult.SENT);
                    assertThat(recorder.seen)
                            .containsExactlyInAnyOrder("order-0", "order-1", "order-2", "order-3");
                });
    }

    @Test
    void listenersSendingIntoEachOthersChannelsFailTheStart() {
        contextRunner.withPropertyValues("ove.channel.channels.audit.capacity=4")
                .withUserConfiguration(Loop.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(InvalidChannelConfigurationException.class)
                            .hasMessageContaining("feed each other");
                });
    }

    @Test
    void startLogsEveryChannelAndListenerOnceEvenAcrossARestart(CapturedOutput output) {
        contextRunner.withBean("recorder", RecordingListener.class).run(context -> {
            context.stop();
            context.start();
            assertThat(output.getOut()).contains("ove-channel: 1 channel(s), 1 listener(s)",
                    "channel 'orders': capacity 4, overflow BLOCK, type (any, inject by qualifier)",
                    "listener recorder.process on 'orders': concurrency 1, platform threads");
            assertThat(output.getOut().split("ove-channel: 1 channel", -1)).hasSize(2);
        });
    }

    @Test
    void aDrainTimeoutLongerThanSpringsPhaseTimeoutIsWarnedAboutAtStart(CapturedOutput output) {
        contextRunner.withPropertyValues("ove.channel.shutdown.drain-timeout=10s",
                        "spring.lifecycle.timeout-per-shutdown-phase=5s")
                .run(context -> assertThat(output.getOut()).contains("WARN",
                        "ove.channel.shutdown.drain-timeout (PT10S) plus 1s for interrupted listeners is longer than"
                                + " spring.lifecycle.timeout-per-shutdown-phase (PT5S)"));
    }

    @Test
    void theDefaultDrainTimeoutFitsSpringsDefaultPhaseTimeout(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
                .withPropertyValues("ove.channel.channels.orders.capacity=4")
                .run(context -> {
                    assertThat(context.getBean(DeclaredChannels.class).definitions().drainTimeout())
                            .isEqualTo(OveChannelProperties.Shutdown.DEFAULT_DRAIN_TIMEOUT);
                    assertThat(output.getOut()).contains("ove-channel: 1 channel(s)")
                            .doesNotContain("timeout-per-shutdown-phase");
                });
    }

    @Test
    void aListenerInterruptedAtShutdownIsLoggedAtWarnWithoutAStackTrace(CapturedOutput output) {
        contextRunner.withBean(InterruptibleListener.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send("stuck");
            context.getBean(InterruptibleListener.class).entered.await();
            context.close();
            assertThat(output.getOut()).contains("WARN", "was interrupted at shutdown while processing a message")
                    .doesNotContain("at java.base/java.util.concurrent.CountDownLatch.await");
        });
    }

    static class InterruptibleListener {
        final CountDownLatch entered = new CountDownLatch(1);

        @ChannelListener(channel = "orders")
        void process(String message) throws InterruptedException {
            entered.countDown();
            new CountDownLatch(1).await(); // ends only by the shutdown's interrupt
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import({Forwarder.class, AuditRecorder.class})
    static class Pipeline {
    }

    static class Forwarder {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final List<SendResult> results = new CopyOnWriteArrayList<>();
        private final Sender<String> audit;

        Forwarder(@Qualifier("audit") Sender<String> audit) {
            this.audit = audit;
        }

        @ChannelListener(channel = "orders")
        void process(String order) throws InterruptedException {
            entered.countDown();
            gate.await();
            results.add(audit.trySend(order));
        }
    }

    static class AuditRecorder {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "audit")
        void record(String event) {
            seen.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import({OrdersToAudit.class, AuditToOrders.class})
    static class Loop {
    }

    static class OrdersToAudit {
        private final Sender<String> audit;

        OrdersToAudit(@Qualifier("audit") Sender<String> audit) {
            this.audit = audit;
        }

        @ChannelListener(channel = "orders")
        void process(String order) {
            audit.trySend(order);
        }
    }

    static class AuditToOrders {
        private final Sender<String> orders;

        AuditToOrders(@Qualifier("orders") Sender<String> orders) {
            this.orders = orders;
        }

        @ChannelListener(channel = "audit")
        void process(String event) {
            orders.trySend(event);
        }
    }

    static class RecordingListener {
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        @ChannelListener(channel = "orders")
        void process(String message) {
            seen.add(message);
        }
    }

    static class BlockingListener {
        final CountDownLatch entered = new CountDownLatch(1);

        @ChannelListener(channel = "orders")
        void process(String message) throws InterruptedException {
            entered.countDown();
            new CountDownLatch(1).await(); // blocks until interrupted
        }
    }

    static class ThrowingListener {
        @ChannelListener(channel = "orders")
        void process(String message) {
            throw new IllegalArgumentException("cannot handle " + message);
        }
    }
}
