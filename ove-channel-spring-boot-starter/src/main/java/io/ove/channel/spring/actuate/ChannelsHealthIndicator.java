package io.ove.channel.spring.actuate;

import io.ove.channel.Channel;
import io.ove.channel.ChannelState;
import io.ove.channel.ChannelStats;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.OveChannelProperties;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code channels} health contributor.
 * <ul>
 *   <li>DOWN when a channel's receiving side has closed while the application runs (every send
 *       to it would be refused);</li>
 *   <li>else {@code ove.channel.health.stalled-status} (OUT_OF_SERVICE by default) when a channel
 *       is stalled (messages wait, but nobody has taken one for
 *       {@code ove.channel.health.stall-timeout}) or has been full at every check for
 *       {@code ove.channel.health.full-timeout};</li>
 *   <li>else UP.</li>
 * </ul>
 * Details list each channel's state, depth and capacity, and the names of the stalled and full
 * channels. Progress is sampled when health is checked, so a channel counts as full for a time
 * only if every check in that time found it full.
 */
public class ChannelsHealthIndicator extends AbstractHealthIndicator {

    private final DeclaredChannels channels;
    private final ChannelLifecycle lifecycle;
    private final OveChannelProperties.Health settings;
    private final LongSupplier nanoClock;
    /** Per channel, what the last checks saw; concurrent because health requests may overlap. */
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();

    /**
     * Creates the contributor with the default stall and full timeouts.
     *
     * @param channels  the declared channels
     * @param lifecycle tells whether the application is running or shutting down
     */
    public ChannelsHealthIndicator(DeclaredChannels channels, ChannelLifecycle lifecycle) {
        this(channels, lifecycle, new OveChannelProperties.Health());
    }

    /**
     * Creates the contributor.
     *
     * @param channels  the declared channels
     * @param lifecycle tells whether the application is running or shutting down
     * @param settings  when a channel counts as stalled or full, and the status to report then
     */
    public ChannelsHealthIndicator(DeclaredChannels channels, ChannelLifecycle lifecycle,
            OveChannelProperties.Health settings) {
        this(channels, lifecycle, settings, System::nanoTime);
    }

    ChannelsHealthIndicator(DeclaredChannels channels, ChannelLifecycle lifecycle,
            OveChannelProperties.Health settings, LongSupplier nanoClock) {
        super("Channels health check failed");
        this.channels = channels;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        // From creation on: a channel nobody ever reads is found stalled without waiting for a
        // second health check.
        channels.channels().keySet().forEach(name -> progress.put(name, new Progress(0, now, -1)));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean running = lifecycle.isRunning();
        boolean down = false;
        List<String> stalled = new ArrayList<>();
        List<String> full = new ArrayList<>();
        long now = nanoClock.getAsLong();
        for (Map.Entry<String, Channel<Object>> entry : channels.channels().entrySet()) {
            String name = entry.getKey();
            ChannelStats stats = entry.getValue().stats();
            if (stats.state() == ChannelState.CLOSED_FOR_RECEIVING && running) {
                down = true;
            }
            Progress seen = progress.compute(name, (key, last) -> last.next(stats, now));
            if (running && stats.state() == ChannelState.OPEN) {
                if (stats.depth() > 0 && now - seen.lastReceivedNanos() >= settings.getStallTimeout().toNanos()) {
                    stalled.add(name);
                }
                if (seen.fullSinceNanos() >= 0 && now - seen.fullSinceNanos() >= settings.getFullTimeout().toNanos()) {
                    full.add(name);
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", stats.state().name());
            details.put("depth", stats.depth());
            details.put("capacity", stats.capacity());
            builder.withDetail(name, details);
        }
        if (!stalled.isEmpty()) {
            builder.withDetail("stalled", stalled);
        }
        if (!full.isEmpty()) {
            builder.withDetail("full", full);
        }
        if (down) {
            builder.down();
        } else if (!stalled.isEmpty() || !full.isEmpty()) {
            builder.status(new Status(settings.getStalledStatus(), "stalled: " + stalled + ", full: " + full));
        } else {
            builder.up();
        }
    }

    /**
     * What the checks of one channel saw.
     *
     * @param received          messages taken by its receivers at the last check
     * @param lastReceivedNanos when that count last moved (or the channel was last empty)
     * @param fullSinceNanos    since when every check found it full, or {@code -1}
     */
    private record Progress(long received, long lastReceivedNanos, long fullSinceNanos) {

        Progress next(ChannelStats stats, long now) {
            // An empty channel is not waiting on anyone: its stall clock starts when a message waits.
            long lastReceived = stats.received() != received || stats.depth() == 0 ? now : lastReceivedNanos;
            // A rendezvous channel (capacity 0) buffers nothing, so it is never full and never stalled.
            boolean full = stats.capacity() > 0 && stats.depth() >= stats.capacity();
            long fullSince = !full ? -1 : fullSinceNanos >= 0 ? fullSinceNanos : now;
            return new Progress(stats.received(), lastReceived, fullSince);
        }
    }
}
