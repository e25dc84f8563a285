package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    void channelsClosedByShutdownDoNotTurnHealthDown() {
        lifecycle.start();
        lifecycle.stop();
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }
}
