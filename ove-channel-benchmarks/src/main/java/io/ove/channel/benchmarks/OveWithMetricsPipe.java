package io.ove.channel.benchmarks;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.spring.ChannelDefinition;
import io.ove.channel.spring.ChannelDefinitions;
import io.ove.channel.spring.ChannelMetrics;
import io.ove.channel.spring.DeclaredChannels;
import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * ove-channel as the starter sets it up, with its Micrometer meters bound to a real registry and
 * a thread reading every meter a hundred times a second (far more often than any scraper), to
 * measure what statistics and metrics cost the message path.
 */
class OveWithMetricsPipe implements Pipe {

    private final DeclaredChannels channels;
    private final Sender<Integer> sender;
    private final Receiver<Integer> receiver;
    private final Thread scraper;
    private volatile boolean running = true;

    @SuppressWarnings("unchecked")
    OveWithMetricsPipe(int capacity) {
        ChannelDefinition definition = new ChannelDefinition("bench", capacity, Integer.class, OverflowPolicy.BLOCK,
                null, null, true);
        channels = new DeclaredChannels(new ChannelDefinitions(List.of(definition), Duration.ofSeconds(1)), () -> null);
        Channel<Object> channel = channels.channel("bench");
        sender = (Sender<Integer>) (Sender<?>) channel.sender();
        receiver = (Receiver<Integer>) (Receiver<?>) channel.receiver();
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
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            if (sink == Double.MIN_VALUE) {
                System.out.println(sink);
            }
        }, "metrics-scraper");
        scraper.setDaemon(true);
        scraper.start();
    }

    @Override
    public boolean put(Integer message, long timeoutNanos) throws InterruptedException {
        return sender.send(message, timeoutNanos, TimeUnit.NANOSECONDS) == SendResult.SENT;
    }

    @Override
    public Integer take(long timeoutNanos) throws InterruptedException {
        return receiver.recv(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        running = false;
        channels.close();
    }
}
