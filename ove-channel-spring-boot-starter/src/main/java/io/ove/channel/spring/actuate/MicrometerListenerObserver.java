package io.ove.channel.spring.actuate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.listener.ListenerObserver;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Records each listener call in {@code ove.channel.listener.duration} (a timer), each failure
 * (after retries) in {@code ove.channel.listener.errors} and each retry in
 * {@code ove.channel.listener.retries}, tagged {@code channel} and {@code listener}. Meters are
 * looked up once per listener, when it starts.
 */
public class MicrometerListenerObserver implements ListenerObserver {

    private final Supplier<MeterRegistry> registry;
    private final DeclaredChannels channels;

    /**
     * Creates the observer.
     *
     * @param registry supplies the application's registry, or {@code null} when there is none
     * @param channels the declared channels, whose {@code metrics-enabled} flag is honoured
     */
    public MicrometerListenerObserver(Supplier<MeterRegistry> registry, DeclaredChannels channels) {
        this.registry = registry;
        this.channels = channels;
    }

    @Override
    public Recorder recorderFor(String channel, String listener) {
        MeterRegistry meters = registry.get();
        ChannelDefinition definition = channels.definitions().find(channel);
        if (meters == null || definition == null || !definition.metricsEnabled()) {
            return NONE.recorderFor(channel, listener);
        }
        Timer duration = Timer.builder("ove.channel.listener.duration")
                .description("Time a listener method took per message")
                .tag("channel", channel).tag("listener", listener)
                .register(meters);
        Counter errors = Counter.builder("ove.channel.listener.errors")
                .description("Listener calls that threw")
                .tag("channel", channel).tag("listener", listener)
                .register(meters);
        Counter retries = Counter.builder("ove.channel.listener.retries")
                .description("Listener calls retried after a failure")
                .tag("channel", channel).tag("listener", listener)
                .register(meters);
        return new Recorder() {
            @Override
            public void record(long nanos, Throwable error) {
                duration.record(nanos, TimeUnit.NANOSECONDS);
                if (error != null) {
                    errors.increment();
                }
            }

            @Override
            public void retry() {
                retries.increment();
            }
        };
    }
}
