package io.ove.channel.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.SendResult;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.OveChannelProperties;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ChannelsHealthIndicatorTests {

    private final DeclaredChannels channels = new DeclaredChannels(new ChannelDefinitions(List.of(
            new ChannelDefinition("orders", 4, null, io.ove.channel.OverflowPolicy.BLOCK, null, null, true)),
            java.time.Duration.ofSeconds(1)), () -> null);
    private final ChannelLifecycle lifecycle = new ChannelLifecycle(channels, new ChannelListenerRegistry(), null,
            ListenerObserver.NONE, ChannelLifecycle::platformThreads);
    private final ChannelsHealthIndicator indicator = new ChannelsHealthIndicator(channels, lifecycle);

    @Test
    void healthIsUpWhileEveryChannelIsOpen() {
        lifecycle.start();
        Health health = indicator.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKey("orders");
        lifecycle.stop();
    }

    @Test
    void healthIsDownWhenAReceivingSideClosesWhileTheApplicationRuns() {
        lifecycle.start();
        channels.channel("orders").closeReceiving();
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
        lifecycle.stop();
    }

    @Test
    void aChannelWhoseMessagesNobodyTakesIsReportedStalledAfterTheStallTimeout() {
        AtomicLong clock = new AtomicLong();
        ChannelsHealthIndicator timed = new ChannelsHealthIndicator(channels, lifecycle, settings(), clock::get);
        lifecycle.start();
        assertThat(channels.channel("orders").sender().trySend("waiting")).isEqualTo(SendResult.SENT);
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(timed.health(true).getStatus()).isEqualTo(Status.UP);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        Health stalled = timed.health(true);
        assertThat(stalled.getStatus()).isEqualTo(new Status("OUT_OF_SERVICE"));
        assertThat(stalled.getDetails()).containsEntry("stalled", List.of("orders"));
        channels.channel("orders").receiver().tryRecv();
        assertThat(timed.health(true).getStatus()).as("taken, so moving again").isEqualTo(Status.UP);
        lifecycle.stop();
    }

    @Test
    void aChannelFullAtEveryCheckForTheFullTimeoutGetsTheConfiguredStatus() {
        AtomicLong clock = new AtomicLong();
        OveChannelProperties.Health settings = settings();
        settings.setStalledStatus("DEGRADED");
        settings.setStallTimeout(Duration.ofHours(1));
        ChannelsHealthIndicator timed = new ChannelsHealthIndicator(channels, lifecycle, settings, clock::get);
        lifecycle.start();
        for (int i = 0; i < 4; i++) {
            assertThat(channels.channel("orders").sender().trySend("m" + i)).isEqualTo(SendResult.SENT);
        }
        assertThat(timed.health(true).getStatus()).isEqualTo(Status.UP);
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        Health full = timed.health(true);
        assertThat(full.getStatus()).isEqualTo(new Status("DEGRADED"));
        assertThat(full.getDetails()).containsEntry("full", List.of("orders")).doesNotContainKey("stalled");
        lifecycle.stop();
    }

    @Test
    void aRendezvousChannelIsNeverReportedFullOrStalled() {
        DeclaredChannels rendezvous = new DeclaredChannels(new ChannelDefinitions(List.of(
                new ChannelDefinition("handoff", 0, null, io.ove.channel.OverflowPolicy.BLOCK, null, null, true)),
                java.time.Duration.ofSeconds(1)), () -> null);
        ChannelLifecycle running = new ChannelLifecycle(rendezvous, new ChannelListenerRegistry(), null,
                ListenerObserver.NONE, ChannelLifecycle::platformThreads);
        AtomicLong clock = new AtomicLong();
        ChannelsHealthIndicator timed = new ChannelsHealthIndicator(rendezvous, running, settings(), clock::get);
        running.start();
        assertThat(timed.health(true).getStatus()).isEqualTo(Status.UP);
        clock.addAndGet(Duration.ofHours(1).toNanos());
        Health health = timed.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("handoff", java.util.Map.of("state", "OPEN", "depth", 0, "capacity", 0));
        running.stop();
    }

    private static OveChannelProperties.Health settings() {
        OveChannelProperties.Health settings = new OveChannelProperties.Health();
        settings.setStallTimeout(Duration.ofSeconds(10));
        settings.setFullTimeout(Duration.ofSeconds(30));
        return settings;
    }

    @Test
    void channelsClosedByShutdownDoNotTurnHealthDown() {
        lifecycle.start();
        lifecycle.stop();
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }
}
