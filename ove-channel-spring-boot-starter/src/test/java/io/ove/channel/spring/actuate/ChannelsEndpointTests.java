package io.ove.channel.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.ove.channel.OverflowPolicy;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerEndpoint;
import io.ove.channel.spring.listener.ListenerState;
import io.ove.channel.spring.listener.ListenerObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

class ChannelsEndpointTests {

    private final DeclaredChannels channels = new DeclaredChannels(new ChannelDefinitions(List.of(
            new ChannelDefinition("orders", 4, Order.class, OverflowPolicy.BLOCK, Duration.ofSeconds(2), "failed", true),
            new ChannelDefinition("failed", 8, null, OverflowPolicy.DROP_OLDEST, null, null, true)),
            Duration.ofSeconds(1)), () -> null);
    private final ChannelLifecycle lifecycle = new ChannelLifecycle(channels, new ChannelListenerRegistry(), null,
            ListenerObserver.NONE, ChannelLifecycle::platformThreads);
    private final ChannelsEndpoint endpoint = new ChannelsEndpoint(channels, lifecycle);

    @Test
    void describesEveryChannelsConfigurationAndFigures() throws Exception {
        channels.channel("orders").sender().send(new Order(1));
        ChannelsEndpoint.ChannelDescriptor orders = endpoint.channels().channels().get("orders");
        assertThat(orders.name()).isEqualTo("orders");
        assertThat(orders.state()).isEqualTo("OPEN");
        assertThat(orders.capacity()).isEqualTo(4);
        assertThat(orders.depth()).isEqualTo(1);
        assertThat(orders.overflow()).isEqualTo("BLOCK");
        assertThat(orders.type()).isEqualTo(Order.class.getName());
        assertThat(orders.sendTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(orders.deadLetter()).isEqualTo("failed");
        assertThat(orders.senders()).isEqualTo(1);
        assertThat(orders.receivers()).isEqualTo(1);
        assertThat(orders.sent()).isEqualTo(1);
        assertThat(orders.received()).isZero();
        assertThat(orders.listeners()).isEmpty();
        assertThat(endpoint.channels().channels()).containsOnlyKeys("orders", "failed");
        assertThat(endpoint.channel("failed").type()).isNull();
        assertThat(endpoint.channel("failed").overflow()).isEqualTo("DROP_OLDEST");
        assertThat(endpoint.channel("nope")).isNull();
        assertThat(orders.waitingSenders()).isZero();
        assertThat(orders.waitingReceivers()).isZero();
    }

    @Test
    @Timeout(30)
    void describesARendezvousChannelWithItsWaitingThreads() throws Exception {
        DeclaredChannels declared = new DeclaredChannels(new ChannelDefinitions(List.of(
                new ChannelDefinition("handoff", 0, null, OverflowPolicy.BLOCK, null, null, true)),
                Duration.ofSeconds(1)), () -> null);
        ChannelsEndpoint rendezvous = new ChannelsEndpoint(declared, new ChannelLifecycle(declared,
                new ChannelListenerRegistry(), null, ListenerObserver.NONE, ChannelLifecycle::platformThreads));
        // Whatever the receiver gets, or throws, comes back through the task and is asserted below.
        FutureTask<Object> received = new FutureTask<>(() -> declared.channel("handoff").receiver().recv());
        Thread receiver = new Thread(received, "receiver");
        receiver.setDaemon(true);
        receiver.start();
        await("the receiver waits").atMost(Duration.ofSeconds(10))
                .until(() -> rendezvous.channel("handoff").waitingReceivers() == 1);
        ChannelsEndpoint.ChannelDescriptor handoff = rendezvous.channel("handoff");
        assertThat(handoff.capacity()).isZero();
        assertThat(handoff.depth()).isZero();
        assertThat(handoff.waitingReceivers()).isEqualTo(1);
        assertThat(handoff.waitingSenders()).isZero();
        declared.channel("handoff").sender().send("hello");
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(rendezvous.channel("handoff").sent()).isEqualTo(1);
        assertThat(rendezvous.channel("handoff").received()).isEqualTo(1);
        declared.close();
    }

    @Test
    void listsEachChannelsListenersUnderThatChannelOnly() throws Exception {
        ChannelListenerRegistry registry = new ChannelListenerRegistry();
        registry.register(new ListenerEndpoint("holder.onOrder", "holder", "orders", 2, new Holder(),
                Holder.class.getDeclaredMethod("onOrder", Order.class)));
        ChannelLifecycle running = new ChannelLifecycle(channels, registry, null, ListenerObserver.NONE,
                ChannelLifecycle::platformThreads);
        running.start();
        try {
            ChannelsEndpoint withListeners = new ChannelsEndpoint(channels, running);
            assertThat(withListeners.channel("orders").listeners()).singleElement()
                    .satisfies(listener -> {
                        assertThat(listener.id()).isEqualTo("holder.onOrder");
                        assertThat(listener.concurrency()).isEqualTo(2);
                    });
            assertThat(withListeners.channel("failed").listeners()).isEmpty();
        } finally {
            running.stop();
        }
    }

    @Test
    void writeOperationPausesResumesStopsAndStartsOneListenerAndShowsItsState() throws Exception {
        ChannelListenerRegistry registry = new ChannelListenerRegistry();
        registry.register(new ListenerEndpoint("holder.onOrder", "holder", "orders", 1, new Holder(),
                Holder.class.getDeclaredMethod("onOrder", Order.class)));
        ChannelLifecycle running = new ChannelLifecycle(channels, registry, null, ListenerObserver.NONE,
                ChannelLifecycle::platformThreads);
        running.start();
        try {
            ChannelsEndpoint endpoint = new ChannelsEndpoint(channels, running);
            assertThat(endpoint.channel("orders").listeners().get(0).state()).isEqualTo("RUNNING");
            assertThat(endpoint.control("orders", "holder.onOrder", "pause").listener().state()).isEqualTo("PAUSED");
            assertThat(registry.state("holder.onOrder")).isEqualTo(ListenerState.PAUSED);
            assertThat(endpoint.control("orders", "holder.onOrder", "Resume").listener().state()).isEqualTo("RUNNING");
            assertThat(endpoint.control("orders", "holder.onOrder", "stop").listener().state()).isEqualTo("STOPPED");
            assertThat(endpoint.control("orders", "holder.onOrder", "start").listener().state()).isEqualTo("RUNNING");
            assertThatExceptionOfType(InvalidEndpointRequestException.class).as("not a listener of 'failed'")
                    .isThrownBy(() -> endpoint.control("failed", "holder.onOrder", "stop"))
                    .withMessageContaining("Channel 'failed' has no listener 'holder.onOrder'");
            assertThat(registry.state("holder.onOrder")).isEqualTo(ListenerState.RUNNING);
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                    .isThrownBy(() -> endpoint.control("orders", "holder.onOrder", "restart"))
                    .withMessageContaining("use start, stop, pause or resume");
        } finally {
            running.stop();
        }
    }

    static class Holder {
        void onOrder(Order order) {
        }
    }
}
