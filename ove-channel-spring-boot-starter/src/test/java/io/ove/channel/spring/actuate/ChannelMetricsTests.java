package io.ove.channel.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ove.channel.Channel;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.listener.ListenerObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChannelMetricsTests {

    private final DeclaredChannels channels = new DeclaredChannels(new ChannelDefinitions(List.of(
            new ChannelDefinition("orders", 2, null, OverflowPolicy.DROP_NEWEST, null, null, true),
            new ChannelDefinition("quiet", 2, null, OverflowPolicy.BLOCK, null, null, false),
            new ChannelDefinition("readings", 2, null, OverflowPolicy.DROP_OLDEST, null, null, true),
            new ChannelDefinition("jobs", 2, null, OverflowPolicy.BLOCK, null, null, true)),
            Duration.ofSeconds(1)), () -> null);
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyMeterReadsTheChannelsStatistics() throws Exception {
        new ChannelMetrics(channels).bindTo(registry);
        Channel<Object> orders = channels.channel("orders");
        orders.sender().send("a");
        orders.sender().send("b");
        orders.sender().trySend("refused");
        orders.receiver().recv();

        assertThat(gauge("ove.channel.depth")).isEqualTo(1);
        assertThat(gauge("ove.channel.capacity")).isEqualTo(2);
        assertThat(gauge("ove.channel.senders")).isEqualTo(1);
        assertThat(gauge("ove.channel.receivers")).isEqualTo(1);
        assertThat(gauge("ove.channel.state")).isEqualTo(ChannelMetrics.STATE_OPEN);
        assertThat(counter("ove.channel.sent")).isEqualTo(2);
        assertThat(counter("ove.channel.received")).isEqualTo(1);
        assertThat(counter("ove.channel.full.drops")).isEqualTo(1);
        assertThat(counter("ove.channel.evictions")).as("a drop-newest refusal is no eviction").isZero();

        orders.receiver().close();
        orders.sender().trySend("closed");
        assertThat(counter("ove.channel.undelivered")).isEqualTo(1);
        assertThat(counter("ove.channel.closed.drops")).isEqualTo(1);
        assertThat(gauge("ove.channel.state")).isEqualTo(ChannelMetrics.STATE_CLOSED_FOR_RECEIVING);
        assertThat(registry.find("ove.channel.depth").tag("channel", "quiet").gauge()).isNull();
    }

    @Test
    void everyChannelMeterCarriesTheOverflowPolicyAsWrittenInYaml() {
        new ChannelMetrics(channels).bindTo(registry);
        Map<String, String> expected = Map.of("orders", "drop-newest", "readings", "drop-oldest", "jobs", "block");
        var channelMeters = registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("ove.channel."))
                .toList();
        // Thirteen meters for each of the three channels that publish them.
        assertThat(channelMeters).hasSize(13 * 3);
        assertThat(channelMeters).allSatisfy(meter -> assertThat(meter.getId().getTag("overflow"))
                .as(meter.getId().toString())
                .isEqualTo(expected.get(meter.getId().getTag("channel"))));
    }

    @Test
    void evictionsCountDropOldestEvictionsAloneWhileFullDropsCountThemToo() {
        new ChannelMetrics(channels).bindTo(registry);
        Channel<Object> readings = channels.channel("readings");
        for (int i = 0; i < 5; i++) {
            assertThat(readings.sender().trySend(i)).isEqualTo(SendResult.SENT);
        }
        Channel<Object> jobs = channels.channel("jobs");
        jobs.sender().trySend("a");
        jobs.sender().trySend("b");
        jobs.sender().trySend("refused");

        assertThat(counter("ove.channel.evictions", "readings")).isEqualTo(3);
        assertThat(counter("ove.channel.full.drops", "readings")).isEqualTo(3);
        assertThat(counter("ove.channel.evictions", "jobs")).isZero();
        assertThat(counter("ove.channel.full.drops", "jobs")).isEqualTo(1);
    }

    @Test
    void stateCountsTheSidesStillOpen() {
        new ChannelMetrics(channels).bindTo(registry);
        Channel<Object> jobs = channels.channel("jobs");
        assertThat(gauge("ove.channel.state", "jobs")).isEqualTo(2);
        jobs.closeSending();
        assertThat(gauge("ove.channel.state", "jobs")).isEqualTo(1);
        jobs.closeReceiving();
        assertThat(gauge("ove.channel.state", "jobs")).isZero();
    }

    @Test
    void overflowTagsAreSpelledAsTheProperty() {
        assertThat(ChannelMetrics.overflowTag(OverflowPolicy.BLOCK)).isEqualTo("block");
        assertThat(ChannelMetrics.overflowTag(OverflowPolicy.DROP_NEWEST)).isEqualTo("drop-newest");
        assertThat(ChannelMetrics.overflowTag(OverflowPolicy.DROP_OLDEST)).isEqualTo("drop-oldest");
    }

    @Test
    void listenerObserverRecordsDurationsAndErrorsOncePerCall() {
        MicrometerListenerObserver observer = new MicrometerListenerObserver(() -> registry, channels);
        ListenerObserver.Recorder recorder = observer.recorderFor("orders", "bean.method");
        recorder.record(2_000_000, null);
        recorder.record(4_000_000, new IllegalStateException("boom"));
        recorder.record(1_000_000, new IllegalStateException("again"));

        var timer = registry.get("ove.channel.listener.duration").tag("channel", "orders")
                .tag("listener", "bean.method").timer();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(7.0);
        assertThat(registry.get("ove.channel.listener.errors").tag("channel", "orders").counter().count())
                .isEqualTo(2);
    }

    @Test
    void listenerObserverRecordsNothingWithoutARegistryOrForAQuietChannel() {
        new MicrometerListenerObserver(() -> null, channels).recorderFor("orders", "a.b").record(1, null);
        new MicrometerListenerObserver(() -> registry, channels).recorderFor("quiet", "a.b").record(1, null);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    @Timeout(30)
    void aRendezvousChannelShowsWhoWaitsForACounterpart() throws Exception {
        DeclaredChannels rendezvous = new DeclaredChannels(new ChannelDefinitions(List.of(
                new ChannelDefinition("handoff", 0, null, OverflowPolicy.BLOCK, null, null, true)),
                Duration.ofSeconds(1)), () -> null);
        new ChannelMetrics(rendezvous).bindTo(registry);
        Channel<Object> handoff = rendezvous.channel("handoff");
        Sender<Object> tx = handoff.sender().clone();
        Thread sender = new Thread(() -> {
            try (tx) {
                tx.send("handed over");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rendezvous-sender");
        sender.start();

        await("the sender waits for a receiver").atMost(Duration.ofSeconds(10))
                .until(() -> gauge("ove.channel.waiting.senders", "handoff") == 1);
        assertThat(gauge("ove.channel.capacity", "handoff")).isZero();
        assertThat(gauge("ove.channel.depth", "handoff")).isZero();
        assertThat(gauge("ove.channel.waiting.receivers", "handoff")).isZero();

        assertThat(handoff.receiver().recv()).isEqualTo("handed over");
        sender.join();
        assertThat(gauge("ove.channel.waiting.senders", "handoff")).isZero();
        assertThat(counter("ove.channel.sent", "handoff")).isEqualTo(1);
        assertThat(counter("ove.channel.received", "handoff")).isEqualTo(1);
    }

    private double gauge(String name) {
        return gauge(name, "orders");
    }

    private double gauge(String name, String channel) {
        return registry.get(name).tag("channel", channel).gauge().value();
    }

    private double counter(String name) {
        return counter(name, "orders");
    }

    private double counter(String name, String channel) {
        return registry.get(name).tag("channel", channel).functionCounter().count();
    }
}
