package io.ove.channel.spring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ove.channel.ChannelStorage;
import io.ove.channel.ChannelStats;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.DeclaredChannels;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Publishes every declared channel's statistics as Micrometer meters tagged {@code channel=<name>}
 * and {@code overflow=<policy>} (the policy as written in YAML: {@code block},
 * {@code drop-newest} or {@code drop-oldest}). The meters read the channel's own lock-free
 * statistics when a registry asks; they add nothing to the send and receive path. Channels with
 * {@code metrics-enabled: false} are skipped.
 */
public class ChannelMetrics implements MeterBinder {

    /** {@code ove.channel.state} while the channel is open: both sides work. */
    public static final int STATE_OPEN = 2;

    /** {@code ove.channel.state} once sends are refused; receivers still drain what is buffered. */
    public static final int STATE_CLOSED_FOR_SENDING = 1;

    /**
     * {@code ove.channel.state} once the receiving side is closed: nothing passes any more, the
     * state the {@code channels} health contributor reports as DOWN while the application runs.
     */
    public static final int STATE_CLOSED_FOR_RECEIVING = 0;

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
                bind(registry, definition, channels.channel(definition.name()).storage());
            }
        }
    }

    /**
     * @param policy an overflow policy
     * @return its {@code overflow} tag value, spelled as the property is written in YAML
     */
    public static String overflowTag(OverflowPolicy policy) {
        return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void bind(MeterRegistry registry, ChannelDefinition definition, ChannelStorage<Object> queue) {
        // The policy travels on every meter so that a query can tell refused sends (back-pressure
        // failing) from drop-oldest evictions (the policy doing what it was chosen for).
        Tags tags = Tags.of("channel", definition.name(), "overflow", overflowTag(definition.overflow()));
        gauge(registry, "ove.channel.depth", "Messages buffered now", tags, queue, ChannelStorage::size);
        gauge(registry, "ove.channel.capacity", "Most messages the channel holds", tags, queue, ChannelStorage::capacity);
        gauge(registry, "ove.channel.senders", "Open Sender handles", tags, queue, ChannelStorage::liveSenders);
        gauge(registry, "ove.channel.receivers", "Open Receiver handles", tags, queue, ChannelStorage::liveReceivers);
        // What a rendezvous channel (capacity 0, depth always 0) has instead of a depth: who waits
        // for a counterpart. On a buffered channel: senders blocked while full, receivers while empty.
        gauge(registry, "ove.channel.waiting.senders", "Senders waiting for room, or for a receiver on a rendezvous"
                + " channel", tags, queue, ChannelStorage::waitingSenders);
        gauge(registry, "ove.channel.waiting.receivers", "Receivers waiting for a message", tags, queue,
                ChannelStorage::waitingReceivers);
        gauge(registry, "ove.channel.state", "2 while open, 1 once closed for sending, 0 once closed for receiving",
                tags, queue, ChannelMetrics::state);
        counter(registry, "ove.channel.sent", "Messages accepted", tags, queue, ChannelStats::sent);
        counter(registry, "ove.channel.received", "Messages taken by receivers", tags, queue, ChannelStats::received);
        counter(registry, "ove.channel.full.drops", "Sends refused because full, plus drop-oldest evictions", tags,
                queue, ChannelStats::fullDrops);
        counter(registry, "ove.channel.evictions", "Messages evicted by drop-oldest to make room (also in full.drops)",
                tags, queue, ChannelStats::evicted);
        counter(registry, "ove.channel.closed.drops", "Sends refused because the channel was closed", tags, queue,
                ChannelStats::closedDrops);
        counter(registry, "ove.channel.undelivered", "Accepted messages still buffered when the receiving side closed",
                tags, queue, ChannelStats::undelivered);
    }

    /**
     * Counts the sides still open, so that the value only falls as the channel closes and a rule
     * can pick exactly the state health calls DOWN ({@code == 0}) or any closed state ({@code < 2}).
     */
    private static double state(ChannelStorage<Object> queue) {
        return switch (queue.state()) {
            case OPEN -> STATE_OPEN;
            case CLOSED_FOR_SENDING -> STATE_CLOSED_FOR_SENDING;
            case CLOSED_FOR_RECEIVING -> STATE_CLOSED_FOR_RECEIVING;
        };
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags,
            ChannelStorage<Object> queue, ToDoubleFunction<ChannelStorage<Object>> value) {
        // Strong reference: the registry must keep reading the queue for as long as it lives.
        Gauge.builder(name, queue, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags,
            ChannelStorage<Object> queue, ToDoubleFunction<ChannelStats> value) {
        FunctionCounter.builder(name, queue, q -> value.applyAsDouble(q.stats()))
                .description(description).tags(tags).register(registry);
    }
}
