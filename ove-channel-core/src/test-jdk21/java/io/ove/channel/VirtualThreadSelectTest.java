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
 * Thousands of virtual threads selecting over a rendezvous channel and a buffered one: every
 * message arrives once, and no virtual thread pins its carrier while it waits in a select or a
 * rendezvous (JFR's {@code jdk.VirtualThreadPinned}, zero threshold, stays empty). Compiled and run
 * only on JDK 21 or newer (profile {@code jdk21-tests}).
 */
@Timeout(120)
class VirtualThreadSelectTest {

    private static final int PRODUCERS = 1_000;
    private static final int CONSUMERS = 1_000;
    private static final int PER_PRODUCER = 20;

    @Test
    void virtualThreadsSelectOverRendezvousAndBufferedChannelsWithoutPinning() throws Exception {
        Channel<Long> rendezvous = Channel.bounded(0);
        Channel<Long> buffered = Channel.bounded(4);
        AtomicLong sum = new AtomicLong();
        AtomicLong count = new AtomicLong();
        Path jfrFile = Files.createTempFile("ove-channel-select-pinning", ".jfr");
        warmUp(); // class loading and initialisation pin a virtual thread that waits for them


        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> tasks = new ArrayList<>();
                for (int c = 0; c < CONSUMERS; c++) {
                    Receiver<Long> fromRendezvous = rendezvous.receiver().clone();
                    Receiver<Long> fromBuffered = buffered.receiver().clone();
                    tasks.add(executor.submit(() -> {
                        try (fromRendezvous; fromBuffered) {
                            Select select = new Select();
                            RecvOperation<Long> a = select.recv(fromRendezvous);
                            RecvOperation<Long> b = select.recv(fromBuffered);
                            while (!(a.isClosed() && b.isClosed())) {
                                RecvOperation<?> done = (RecvOperation<?>) select.select();
                                if (!done.isClosed()) {
                                    sum.addAndGet((Long) done.message());
                                    count.incrementAndGet();
                                } else if (a.isClosed() && !b.isClosed()) {
                                    fromBuffered.forEach(m -> { sum.addAndGet(m); count.incrementAndGet(); });
                                    return null;
                                } else if (b.isClosed() && !a.isClosed()) {
                                    fromRendezvous.forEach(m -> { sum.addAndGet(m); count.incrementAndGet(); });
                                    return null;
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (int p = 0; p < PRODUCERS; p++) {
                    Sender<Long> toRendezvous = rendezvous.sender().clone();
                    Sender<Long> toBuffered = buffered.sender().clone();
                    long base = (long) p * PER_PRODUCER;
                    tasks.add(executor.submit(() -> {
                        try (toRendezvous; toBuffered) {
                            Select select = new Select();
                            SendOperation<Long> a = select.send(toRendezvous, null);
                            SendOperation<Long> b = select.send(toBuffered, null);
                            for (int i = 0; i < PER_PRODUCER; i++) {
                                a.message(base + i);
                                b.message(base + i);
                                select.select();
                            }
                        }
                        return null;
                    }));
                }
                rendezvous.receiver().close();
                buffered.receiver().close();
                rendezvous.sender().close();
                buffered.sender().close();
                for (Future<?> task : tasks) {
                    task.get(100, TimeUnit.SECONDS);
                }
            }
            recording.stop();
            recording.dump(jfrFile);
        }

        long messages = (long) PRODUCERS * PER_PRODUCER;
        assertThat(count.get()).isEqualTo(messages);
        assertThat(sum.get()).isEqualTo(messages * (messages - 1) / 2);
        List<RecordedEvent> pinned = RecordingFile.readAllEvents(jfrFile).stream()
                .filter(event -> !classLoading(event)).toList();
        Files.deleteIfExists(jfrFile);
        assertThat(pinned).as("jdk.VirtualThreadPinned events").isEmpty();
    }

    /** Loads and initialises every class the virtual threads use, on this platform thread. */
    private static void warmUp() throws Exception {
        Channel<Long> rendezvous = Channel.bounded(0);
        Channel<Long> buffered = Channel.bounded(1);
        Select select = new Select();
        RecvOperation<Long> recv = select.recv(buffered.receiver());
        select.recv(rendezvous.receiver());
        SendOperation<Long> send = select.send(buffered.sender(), 1L);
        select.send(rendezvous.sender(), 1L);
        select.trySelect();
        select.select(Duration.ofMillis(1));
        select.tryReady();
        assertThat(recv.message() == null || send.message() == null).isTrue();
        rendezvous.sender().trySend(1L);
        rendezvous.receiver().recv(Duration.ofMillis(1));
        Channel<Long> closed = Channel.bounded(1);
        closed.sender().close();
        closed.receiver().forEach(message -> { });
    }

    /**
     * Whether a pinned event comes from the JVM loading or initialising a class (a monitor in the
     * class loader, or a wait for another thread's class initialisation), which says nothing about
     * how the channel waits.
     */
    private static boolean classLoading(RecordedEvent event) {
        String reason = event.hasField("pinnedReason") ? String.valueOf((Object) event.getValue("pinnedReason")) : "";
        boolean loader = event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                .anyMatch(frame -> frame.getMethod().getType().getName().endsWith("ClassLoader"));
        return loader || reason.contains("initialization");
    }
}
