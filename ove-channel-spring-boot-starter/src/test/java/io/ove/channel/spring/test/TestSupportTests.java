package io.ove.channel.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The test support: {@link AutoConfigureChannels} brings the starter into a context that has no
 * auto-configuration of its own (as a test slice), {@link ChannelProbe} waits for channels and
 * listeners, {@link MessageCapture} keeps what was sent.
 */
@Timeout(60)
class TestSupportTests {

    /** No auto-configuration: like a test slice, the context gets only what is imported. */
    private final ApplicationContextRunner sliceRunner = new ApplicationContextRunner()
            .withPropertyValues("ove.channel.channels.orders.capacity=16",
                    "ove.channel.channels.orders.type=" + Order.class.getName());

    @Test
    void sliceWithoutTheAnnotationHasNoChannels() {
        sliceRunner.withUserConfiguration(PlainSlice.class)
                .run(context -> assertThat(context).doesNotHaveBean(DeclaredChannels.class));
    }

    @Test
    void annotationBringsTheChannelsAndListenersIntoASlice() {
        sliceRunner.withUserConfiguration(SliceWithChannels.class).withBean("slow", SlowProcessor.class)
                .run(context -> {
                    assertThat(context).hasBean("ordersSender").hasBean("ordersReceiver");
                    assertThat(context.getBean(ChannelListenerRegistry.class).state("slow.process"))
                            .isEqualTo(ListenerState.RUNNING);
                });
    }

    @Test
    void probeWaitsUntilTheListenerProcessedAndTheChannelDrained() {
        sliceRunner.withUserConfiguration(SliceWithChannels.class).withBean("slow", SlowProcessor.class)
                .run(context -> {
                    SlowProcessor processor = context.getBean(SlowProcessor.class);
                    Sender<Order> tx = context.getBean("ordersSender", Sender.class);
                    for (long i = 0; i < 3; i++) {
                        tx.send(new Order(i));
                    }
                    ChannelProbe probe = ChannelProbe.of(context);
                    assertThatExceptionOfType(AssertionError.class).as("the listener is held back")
                            .isThrownBy(() -> probe.awaitDrained("orders", Duration.ofMillis(50)))
                            .withMessageContaining("channel 'orders' to drain");
                    processor.release.countDown();
                    probe.awaitProcessed("slow.process", 3, Duration.ofSeconds(10));
                    assertThat(processor.processed).isEqualTo(3);
                    probe.awaitDrained("orders", Duration.ofSeconds(10));
                    assertThat(context.getBean("ordersReceiver", Receiver.class).size()).isZero();
                });
    }

    @Test
    void probeRefusesAnUnknownListenerAndReportsWhatItSawWhenTimeRunsOut() {
        sliceRunner.withUserConfiguration(SliceWithChannels.class).withBean("slow", SlowProcessor.class)
                .run(context -> {
                    ChannelProbe probe = ChannelProbe.of(context);
                    assertThatIllegalArgumentException().isThrownBy(() -> probe.awaitProcessed("nobody", 1,
                            Duration.ofMillis(10))).withMessageContaining("slow.process");
                    assertThatExceptionOfType(AssertionError.class)
                            .isThrownBy(() -> probe.awaitProcessed("slow.process", 1, Duration.ofMillis(20)))
                            .withMessageContaining("processed 0");
                });
    }

    @Test
    void captureKeepsWhatWasSentWhileListenersAreOff() {
        sliceRunner.withUserConfiguration(SliceWithChannels.class).withBean("slow", SlowProcessor.class)
                .withPropertyValues("ove.channel.listeners.auto-startup=false")
                .run(context -> {
                    Receiver<Order> rx = context.getBean("ordersReceiver", Receiver.class);
                    try (MessageCapture<Order> capture = MessageCapture.of(rx)) {
                        Sender<Order> tx = context.getBean("ordersSender", Sender.class);
                        tx.send(new Order(1));
                        tx.send(new Order(2));
                        List<Order> captured = capture.await(2, Duration.ofSeconds(10));
                        assertThat(captured).containsExactly(new Order(1), new Order(2));
                        assertThatExceptionOfType(AssertionError.class)
                                .isThrownBy(() -> capture.await(3, Duration.ofMillis(20)))
                                .withMessageContaining("captured [Order[id=1], Order[id=2]]");
                    }
                    assertThat(context.getBean(SlowProcessor.class).processed).isZero();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainSlice {
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigureChannels
    static class SliceWithChannels {
    }

    static class SlowProcessor {
        final CountDownLatch release = new CountDownLatch(1);
        volatile int processed;

        @ChannelListener(channel = "orders")
        void process(Order order) throws InterruptedException {
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            processed++;
        }
    }
}
