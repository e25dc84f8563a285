package io.ove.channel.spring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ove.channel.BoundedQueue;
import io.ove.channel.ChannelState;
import io.ove.channel.ChannelStats;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.DeclaredChannels;
import java.util.function.ToDoubleFunction;

/**
 * Publishes every declared channel's statistics as Micrometer meters tagged {@code channel=<name>}.
 * The meters read the channel's own lock-free statistics when a registry asks; they add nothing
 * to the send and receive path. Channels with {@code metrics-enabled: false} are skipped.
 */
public class ChannelMetrics implements MeterBinder {

    private final DeclaredChannels channels;

    /**
     * Publishes meters for the declared channels.
     *
     * @param channels the declared channels
     */
    public ChannelMetrics(DeclaredChannels channels) {
        this.channels = channels;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ChannelDefinition definition : channels.all()) {
            if (definition.metricsEnabled()) {
                bind(registry, definition.name(), channels.channel(definition.name()).queue());
            }
        }
    }

    private static void bind(MeterRegistry registry, String name, BoundedQueue<Object> queue) {
        Tags tags = Tags.of("channel", name);
        gauge(registry, "ove.channel.depth", "Messages buffered now", tags, queue, BoundedQueue::size);
        gauge(registry, "ove.channel.capacity", "Most messages the channel holds", tags, queue, BoundedQueue::capacity);
        gauge(registry, "ove.channel.senders", "Open Sender handles", tags, queue, BoundedQueue::liveSenders);
        gauge(registry, "ove.channel.receivers", "Open Receiver handles", tags, queue, BoundedQueue::liveReceivers);
        gauge(registry, "ove.channel.state", "1 while the channel is open, 0 once a side has closed", tags, queue,
                q -> q.state() == ChannelState.OPEN ? 1 : 0);
        counter(registry, "ove.channel.sent", "Messages accepted", tags, queue, ChannelStats::sent);
        counter(registry, "ove.channel.received", "Messages taken by receivers", tags, queue, ChannelStats::received);
        counter(registry, "ove.channel.full.drops", "Sends refused because full, plus drop-oldest evictions", tags,
                queue, ChannelStats::fullDrops);
        counter(registry, "ove.channel.closed.drops", "Sends refused because the channel was closed", tags, queue,
                ChannelStats::closedDrops);
        counter(registry, "ove.channel.undelivered", "Accepted messages that were never delivered", tags, queue,
                ChannelStats::undelivered);
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags,
            BoundedQueue<Object> queue, ToDoubleFunction<BoundedQueue<Object>> value) {
        // Strong reference: the registry must keep reading the queue for as long as it lives.
        Gauge.builder(name, queue, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags,
            BoundedQueue<Object> queue, ToDoubleFunction<ChannelStats> value) {
        FunctionCounter.builder(name, queue, q -> value.applyAsDouble(q.stats()))
                .description(description).tags(tags).register(registry);
    }
}
