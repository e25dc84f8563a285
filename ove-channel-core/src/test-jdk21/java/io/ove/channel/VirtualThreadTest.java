package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 virtual threads exchanging messages through one small channel: everything arrives, in
 * bounded time, and no virtual thread pins its carrier while it waits (JFR's
 * {@code jdk.VirtualThreadPinned} event, recorded with a zero threshold, stays empty). Compiled
 * and run only on JDK 21 or newer (profile {@code jdk21-tests}).
 */
@Timeout(120)
class VirtualThreadTest {

    private static final int PRODUCERS = 5_000;
    private static final int CONSUMERS = 5_000;
    private static final int PER_PRODUCER = 20;

    @Test
    void tenThousandVirtualThreadsExchangeEveryMessageWithoutPinningACarrier() throws Exception {
        Channel<Long> channel = Channel.bounded(16);
        AtomicLong receivedSum = new AtomicLong();
        AtomicLong receivedCount = new AtomicLong();
        Path jfrFile = Files.createTempFile("ove-channel-pinning", ".jfr");

        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();

            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> producers = new ArrayList<>();
                List<Future<?>> consumers = new ArrayList<>();
                for (int c = 0; c < CONSUMERS; c++) {
                    Receiver<Long> rx = channel.receiver().clone();
                    consumers.add(executor.submit(() -> {
                        try (rx) {
                            for (Long message : rx) {
                                receivedSum.addAndGet(message);
                                receivedCount.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (int p = 0; p < PRODUCERS; p++) {
                    Sender<Long> tx = channel.sender().clone();
                    long base = (long) p * PER_PRODUCER;
                    producers.add(executor.submit(() -> {
                        try (tx) {
                            for (int i = 0; i < PER_PRODUCER; i++) {
                                tx.send(base + i);
                            }
                        }
                        return null;
                    }));
                }
                channel.receiver().close();
                channel.sender().close();
                for (Future<?> producer : producers) {
                    producer.get(100, TimeUnit.SECONDS);
                }
                for (Future<?> consumer : consumers) {
                    consumer.get(100, TimeUnit.SECONDS);
                }
            }
            recording.stop();
            recording.dump(jfrFile);
        }

        long messages = (long) PRODUCERS * PER_PRODUCER;
        assertThat(receivedCount.get()).isEqualTo(messages);
        assertThat(receivedSum.get()).isEqualTo(messages * (messages - 1) / 2);
        assertThat(channel.stats().received()).isEqualTo(messages);

        List<RecordedEvent> pinned = RecordingFile.readAllEvents(jfrFile);
        Files.deleteIfExists(jfrFile);
        assertThat(pinned).as("jdk.VirtualThreadPinned events").isEmpty();
    }
}
