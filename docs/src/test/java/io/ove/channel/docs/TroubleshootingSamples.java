package io.ove.channel.docs;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.UndeliveredReason;
import io.ove.channel.spring.UndeliveredMessageHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Holds the Java samples of {@code docs/troubleshooting.md}, line for line, so that they compile
 * against the real API. {@link DocumentationSamplesTest} checks that each sample of the page is
 * here.
 */
final class TroubleshootingSamples {

    /** An event, the message type of the first sample. */
    record Event(String what) {
    }

    /** "A receive loop or a listener never ends": close the first sender once the clones exist. */
    static void closeTheFirstSender() {
        Channel<Event> events = Channel.bounded(64);
        Sender<Event> producer = events.sender().clone();   // two senders now: the first one and this clone
        events.sender().close();                            // without this, the loop below never ends
        new Thread(() -> {
            try (producer) {
                produce(producer);
            }
        }).start();
        try (Receiver<Event> rx = events.receiver()) {
            for (Event event : rx) {                        // ends when the clone is closed and the channel drained
                handle(event);
            }
        }
    }

    private static void produce(Sender<Event> producer) {
        producer.trySend(new Event("started"));
    }

    private static void handle(Event event) {
        System.out.println(event);
    }

    /** The application's own record of evicted messages, for the eviction sample. */
    static final class EvictionLog {

        private final Map<String, LongAdder> evicted = new ConcurrentHashMap<>();

        void record(String channel, Object message) {
            evicted.computeIfAbsent(channel, name -> new LongAdder()).increment();
        }
    }

    /** "Messages disappear from a drop-oldest channel": record the evictions. */
    @Configuration
    static class Evictions {

        @Bean
        UndeliveredMessageHandler recordEvictions(EvictionLog evictions) {
            return (channel, message, reason) -> {
                if (reason == UndeliveredReason.EVICTED) {
                    evictions.record(channel, message);   // your own record of what was dropped
                }
            };
        }
    }
}
