package io.ove.channel.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ove.channel.OverflowPolicy;
import io.ove.channel.shm.PeerProcess;

/**
 * The channel rules across JVMs over a real broker: producers and listeners are separate
 * processes ({@link RabbitPeer}); this JVM watches the queue and kills or restarts what the
 * scenario needs.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@RequiresBroker
class CrossJvmTest {

    private static final Duration LONG = Duration.ofSeconds(120);

    private final RabbitBroker broker = RabbitBroker.get();
    private final String queue = "cross-" + UUID.randomUUID();

    @Test
    void twoProducersAndTwoListenersProcessEveryMessageOnceAndListenersStopAfterTheLastSender() throws Exception {
        try (RabbitChannel<String> watch = watch(100, OverflowPolicy.BLOCK);
                PeerProcess first = listener("listener-1", 100, 0); PeerProcess second = listener("listener-2", 100, 0)) {
            awaitReceivingJvms(watch, 2);
            try (PeerProcess a = producer("producer-a", 100, "a", 400, 0, 2);
                    PeerProcess b = producer("producer-b", 100, "b", 400, 0, 2)) {
                assertThat(a.awaitEnd(LONG)).contains("closed");
                assertThat(b.awaitEnd(LONG)).contains("closed");
            }
            List<String> one = first.awaitEnd(LONG);
            List<String> two = second.awaitEnd(LONG);
            assertThat(one).contains("closed");
            assertThat(two).contains("closed");
            List<String> acknowledged = new ArrayList<>(with("ack ", one));
            acknowledged.addAll(with("ack ", two));
            assertThat(acknowledged).hasSize(800).doesNotHaveDuplicates().containsAll(expected("a", 400))
                    .containsAll(expected("b", 400));
            assertThat(with("ack ", one)).isNotEmpty();
            assertThat(with("ack ", two)).isNotEmpty();
        }
    }

    @Test
    void aListenerKilledMidStreamLeavesWhatItDidNotAcknowledgeToTheOther() throws Exception {
        try (RabbitChannel<String> watch = watch(100, OverflowPolicy.BLOCK);
                PeerProcess doomed = listener("doomed", 100, 10); PeerProcess survivor = listener("survivor", 100, 10)) {
            awaitReceivingJvms(watch, 2);
            try (PeerProcess producer = producer("producer", 100, "m", 300, 0, 1)) {
                for (int i = 0; i < 20; i++) {
                    doomed.await("ack ", LONG);
                }
                doomed.kill(); // SIGKILL: up to its prefetch of deliveries are unacknowledged
                assertThat(producer.awaitEnd(LONG)).contains("closed");
            }
            List<String> dead = doomed.awaitEnd(LONG);
            List<String> alive = survivor.awaitEnd(LONG);
            assertThat(alive).contains("closed");
            Set<String> acknowledged = new HashSet<>(with("ack ", dead));
            acknowledged.addAll(with("ack ", alive));
            assertThat(acknowledged).containsAll(expected("m", 300)).hasSize(300);
            // A duplicate is only ever a message the dead one took and had not acknowledged.
            Set<String> twice = new HashSet<>(with("ack ", alive));
            twice.retainAll(with("ack ", dead));
            assertThat(twice).isEmpty();
            List<String> redelivered = new ArrayList<>(with("got ", dead));
            redelivered.removeAll(with("ack ", dead));
            assertThat(with("ack ", alive)).containsAll(redelivered);
        }
    }

    @Test
    void aBrokerRestartMidStreamLosesNoMessageWhoseSendReturned() throws Exception {
        try (RabbitChannel<String> watch = watch(100, OverflowPolicy.BLOCK);
                PeerProcess listener = listener("listener", 100, 0)) {
            awaitReceivingJvms(watch, 1);
            List<String> sent;
            try (PeerProcess producer = producer("producer", 100, "r", 300, 5, 1)) {
                for (int i = 0; i < 50; i++) {
                    listener.await("ack ", LONG);
                }
                broker.restart();
                sent = with("sent ", producer.awaitEnd(LONG));
            }
            List<String> lines = listener.awaitEnd(LONG);
            assertThat(lines).contains("closed");
            assertThat(sent).hasSize(300);
            Set<String> acknowledged = new HashSet<>(with("ack ", lines));
            assertThat(acknowledged).containsAll(sent);
        }
    }

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void capacityAndOverflowHoldAcrossJvmsWithCountsThatAddUp(OverflowPolicy overflow) throws Exception {
        try (RabbitChannel<String> watch = watch(20, overflow);
                PeerProcess a = offerer("offer-a", 20, overflow, "a"); PeerProcess b = offerer("offer-b", 20, overflow, "b")) {
            int[] one = counts(a.await("result ", LONG));
            int[] two = counts(b.await("result ", LONG));
            int sent = one[0] + two[0];
            int full = one[1] + two[1];
            watch.refresh();
            assertThat(watch.stats().depth()).isEqualTo(20);
            if (overflow == OverflowPolicy.DROP_OLDEST) {
                assertThat(sent).isEqualTo(100);
                assertThat(full).isZero();
                assertThat(watch.evicted()).isEqualTo(80);
            } else {
                assertThat(sent).isEqualTo(20);
                assertThat(full).isEqualTo(80);
                assertThat(watch.evicted()).isZero();
            }
        }
    }

    @Test
    void aJvmEndsByItselfOnceItsChannelIsClosed() throws Exception {
        try (PeerProcess peer = PeerProcess.start("once", RabbitPeer.command("once", port(), queue, "10", "BLOCK"))) {
            // No System.exit: a thread the client library left running would keep the JVM alive.
            assertThat(peer.awaitEnd(Duration.ofSeconds(20))).contains("got once", "exit");
            assertThat(peer.exitCode()).isZero();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** This JVM's view of the queue, with the same settings as the peers (the broker checks them). */
    private RabbitChannel<String> watch(int capacity, OverflowPolicy overflow) {
        return RabbitChannel.builder(broker.client(), queue).capacity(capacity).overflow(overflow).open();
    }

    private PeerProcess listener(String label, int capacity, long workMillis) throws InterruptedException {
        PeerProcess peer = PeerProcess.start(label, RabbitPeer.command("listen", port(), queue,
                Integer.toString(capacity), "BLOCK", Long.toString(workMillis)));
        peer.await("ready", LONG);
        return peer;
    }

    /** A producer JVM; it starts sending once {@code senders} JVMs hold a sender. */
    private PeerProcess producer(String label, int capacity, String prefix, int count, long pauseMillis, int senders)
            throws InterruptedException {
        PeerProcess peer = PeerProcess.start(label, RabbitPeer.command("produce", port(), queue,
                Integer.toString(capacity), "BLOCK", prefix, Integer.toString(count), Long.toString(pauseMillis),
                Integer.toString(senders)));
        peer.await("ready", LONG);
        return peer;
    }

    private PeerProcess offerer(String label, int capacity, OverflowPolicy overflow, String prefix) {
        return PeerProcess.start(label, RabbitPeer.command("offer", port(), queue, Integer.toString(capacity),
                overflow.name(), prefix, "50", "2"));
    }

    private String port() {
        return Integer.toString(broker.port());
    }

    /** Waits, bounded, until the broker counts that many consuming JVMs (consumers start asynchronously). */
    private static void awaitReceivingJvms(RabbitChannel<String> watch, int jvms) throws InterruptedException {
        awaitTrue(() -> {
            watch.refresh();
            return watch.storage().liveReceivers() == jvms;
        }, "the broker to count " + jvms + " consumers of " + watch.queue());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50); // polling the broker's count, which has no notification to wait on
        }
    }

    private static List<String> with(String prefix, List<String> lines) {
        return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length())).toList();
    }

    private static List<String> expected(String prefix, int count) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(prefix + "-" + i);
        }
        return all;
    }

    private static int[] counts(String result) {
        String[] words = result.split(" ");
        return new int[] {Integer.parseInt(words[2]), Integer.parseInt(words[4])};
    }
}
