package io.ove.channel.benchmarks;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.actuate.ChannelMetrics;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * ove-channel as the starter sets it up, with its Micrometer meters bound to a real registry and
 * a thread reading every meter at a fixed interval, to measure what statistics and metrics cost:
 * once a second (a Prometheus scrape is usually every 15 to 60 s), or a hundred times a second, a
 * stress case in which the reading thread itself takes a share of a small machine's cores.
 */
class OveWithMetricsPipe extends OvePipe {

    private final DeclaredChannels channels;
    private final Thread scraper;
    private volatile boolean running = true;

    /**
     * @param capacity     the channel's capacity
     * @param readInterval how often every meter is read
     */
    OveWithMetricsPipe(int capacity, Duration readInterval) {
        this(declare(capacity), readInterval.toNanos());
    }

    @SuppressWarnings("unchecked")
    private OveWithMetricsPipe(DeclaredChannels channels, long readIntervalNanos) {
        // The starter declares channels of Object; the benchmark only ever sends Integers.
        super((Channel<Integer>) (Channel<?>) channels.channel("bench"));
        this.channels = channels;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ChannelMetrics(channels).bindTo(registry);
        scraper = new Thread(() -> {
            double sink = 0;
            while (running) {
                for (Meter meter : registry.getMeters()) {
                    for (Measurement measurement : meter.measure()) {
                        sink += measurement.getValue();
                    }
                }
                LockSupport.parkNanos(readIntervalNanos);
            }
            if (sink == Double.MIN_VALUE) {
                System.out.println(sink);
            }
        }, "metrics-scraper");
        scraper.setDaemon(true);
        scraper.start();
    }

    private static DeclaredChannels declare(int capacity) {
        ChannelDefinition definition = new ChannelDefinition("bench", capacity, Integer.class, OverflowPolicy.BLOCK,
                null, null, true);
        return new DeclaredChannels(new ChannelDefinitions(List.of(definition), Duration.ofSeconds(1)), () -> null);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(scraper); // a long read interval must not outlive the round
        channels.close();
    }
}
