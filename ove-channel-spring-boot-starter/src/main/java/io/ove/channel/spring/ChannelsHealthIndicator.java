package io.ove.channel.spring;

import io.ove.channel.Channel;
import io.ove.channel.ChannelState;
import io.ove.channel.ChannelStats;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code channels} health contributor: UP while the application runs with every channel able
 * to deliver; DOWN when a channel's receiving side has closed while the application runs (every
 * send to it would be refused). Details list each channel's state, depth and capacity.
 */
public class ChannelsHealthIndicator extends AbstractHealthIndicator {

    private final DeclaredChannels channels;
    private final ChannelLifecycle lifecycle;

    /**
     * @param channels  the declared channels
     * @param lifecycle tells whether the application is running or shutting down
     */
    public ChannelsHealthIndicator(DeclaredChannels channels, ChannelLifecycle lifecycle) {
        super("Channels health check failed");
        this.channels = channels;
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean down = false;
        for (Map.Entry<String, Channel<Object>> entry : channels.channels().entrySet()) {
            ChannelStats stats = entry.getValue().stats();
            if (stats.state() == ChannelState.CLOSED_FOR_RECEIVING && lifecycle.isRunning()) {
                down = true;
            }
            builder.withDetail(entry.getKey(), Map.of("state", stats.state().name(), "depth", stats.depth(),
                    "capacity", stats.capacity()));
        }
        if (down) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
