package io.ove.channel.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.ChannelState;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Java and C processes on one shared channel, as real processes: the test JVM, C programs built
 * from {@code src/main/c}, and other JVMs. Every wait is bounded; crashes are SIGKILLs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrossProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final SharedChannelFiles files = new SharedChannelFiles();
    private final List<PeerProcess> peers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (PeerProcess peer : peers) {
            peer.close();
        }
        files.deleteAll();
    }

    private PeerProcess c(String label, String program, Object... args) {
        List<String> command = new ArrayList<>(List.of(NativePrograms.program(program).toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        PeerProcess peer = PeerProcess.start(label, command);
        peers.add(peer);
        return peer;
    }

    private PeerProcess jvm(String label, Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        PeerProcess peer = PeerProcess.start(label, JavaPeer.command(strings));
        peers.add(peer);
        return peer;
    }

    private static SharedMemoryChannelBuilder builder(Path path) {
        return SharedMemoryChannel.builder(path).capacity(16).maxMessageSize(64);
    }

    @Test
    void twoCProducersAndAJavaProducerReachAJavaAndACConsumerWithNoLossNoDuplicateAndPerProducerOrder()
            throws Exception {
        Path path = files.fresh("mixed");
        int perProducer = 3000;
        try (SharedMemoryChannel<String> channel = builder(path).open(Codec.utf8())) {
            // The gate keeps the channel open for sending until every producer has run, so that a
            // producer that finishes early cannot close it before a slow one has attached.
            Sender<String> gate = channel.sender();
            Receiver<String> rx = channel.receiver();
            List<String> javaReceived = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> javaConsumer = CompletableFuture.runAsync(() -> {
                for (String message : rx) {
                    javaReceived.add(message);
                }
            });
            PeerProcess cConsumer = c("C consumer", "ove_consumer", path);
            cConsumer.await("READY", WAIT);
            PeerProcess c1 = c("C producer c1", "ove_producer", path, "c1", perProducer);
            PeerProcess c2 = c("C producer c2", "ove_producer", path, "c2", perProducer);
            PeerProcess j1 = jvm("Java producer j1", "producer", path, "j1", perProducer);
            for (PeerProcess producer : List.of(c1, c2, j1)) {
                assertThat(producer.await("SENT", WAIT)).isEqualTo("SENT " + perProducer);
                assertThat(producer.exitCode()).isZero();
            }
            gate.close(); // the last sender anywhere: both consumers drain, then see "closed"
            List<String> cLines = cConsumer.awaitEnd(WAIT);
            javaConsumer.get(60, TimeUnit.SECONDS);
            rx.close();

            List<String> cReceived = cLines.stream().filter(line -> line.startsWith("MSG "))
                    .map(line -> line.substring(4)).toList();
            assertThat(cLines.get(cLines.size() - 1)).isEqualTo("CLOSED " + cReceived.size());
            List<String> all = new ArrayList<>(javaReceived);
            all.addAll(cReceived);
            assertThat(all).hasSize(3 * perProducer).doesNotHaveDuplicates();
            assertInProducerOrder(javaReceived);
            assertInProducerOrder(cReceived);
            assertThat(cReceived).isNotEmpty();
            assertThat(javaReceived).isNotEmpty();
            assertThat(channel.lost()).isZero();
        }
    }

    /** Each consumer sees each producer's messages in the order they were sent. */
    private static void assertInProducerOrder(List<String> received) {
        Map<String, Long> last = new HashMap<>();
        for (String message : received) {
            String[] parts = message.split(":");
            long sequence = Long.parseLong(parts[1]);
            Long previous = last.put(parts[0], sequence);
            assertThat(previous == null || previous < sequence)
                    .as("%s arrived after %s:%s", message, parts[0], previous).isTrue();
        }
    }

    @Test
    void aCConsumerDrainsWhatJavaSentThenSeesClosed() throws Exception {
        Path path = files.fresh("java-to-c");
        try (SharedMemoryChannel<String> channel = builder(path).open(Codec.utf8())) {
            Sender<String> tx = channel.sender();
            PeerProcess consumer = c("C consumer", "ove_consumer", path);
            consumer.await("READY", WAIT);
            for (int n = 0; n < 100; n++) {
                tx.send("java:" + n);
            }
            tx.close();
            List<String> lines = consumer.awaitEnd(WAIT);
            assertThat(lines).filteredOn(line -> line.startsWith("MSG ")).hasSize(100)
                    .first().isEqualTo("MSG java:0");
            assertThat(lines).last().isEqualTo("CLOSED 100");
            assertThat(consumer.exitCode()).isZero();
        }
    }

    @Test
    void sendsAreRefusedOnceTheLastReceiverClosesInAnotherProcess() throws Exception {
        Path path = files.fresh("refused");
        try (SharedMemoryChannel<String> channel = builder(path).open(Codec.utf8());
             Sender<String> tx = channel.sender()) {
            PeerProcess consumer = c("C consumer", "ove_consumer", path, "--max", 5);
            consumer.await("READY", WAIT);
            for (int n = 0; n < 8; n++) {
                tx.send("m" + n);
            }
            assertThat(consumer.awaitEnd(WAIT)).last().isEqualTo("CLOSED 5");
            assertThat(channel.storage().state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
            assertThat(tx.trySend("late")).isEqualTo(SendResult.CLOSED);
            assertThatThrownBy(() -> tx.send("later")).isInstanceOf(ChannelClosedException.class);
            // The C process closed the last receiver, so it drained the other three as undelivered.
            assertThat(channel.stats().undelivered()).isEqualTo(3);
            assertThat(channel.stats().sent()).isEqualTo(8);
        }
    }

    @Test
    void aKilledProducerIsReapedAndItsReceiversDrainThenSeeClosed() throws Exception {
        Path path = files.fresh("killed-producer");
        try (SharedMemoryChannel<String> channel = builder(path).open(Codec.utf8());
             Receiver<String> rx = channel.receiver()) {
            PeerProcess producer = c("C producer", "ove_producer", path, "p", 1000, "--hold-after", 10);
            producer.await("HOLDING 10", WAIT);
            assertThat(channel.stats().liveSenders()).isEqualTo(1);
            producer.kill();
            List<String> received = new ArrayList<>();
            for (String message : rx) { // ends once the waiting recv has reaped the dead sender
                received.add(message);
            }
            assertThat(received).hasSize(10).startsWith("p:0").endsWith("p:9");
            assertThat(channel.reaped()).isEqualTo(1);
            assertThat(channel.stats().liveSenders()).isZero();
            assertThat(channel.storage().state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
        }
    }

    @Test
    void aSenderClosedInThisProcessIsNotTheLastWhileAnotherProcessHoldsOne() throws Exception {
        Path path = files.fresh("not-last");
        try (SharedMemoryChannel<String> channel = builder(path).open(Codec.utf8());
             Receiver<String> rx = channel.receiver()) {
            PeerProcess holder = c("C producer", "ove_producer", path, "c", 1000, "--hold-after", 3);
            holder.await("HOLDING 3", WAIT);
            Sender<String> tx = channel.sender();
            tx.send("j");
            tx.close(); // this JVM's last sender, but not the channel's
            assertThat(channel.storage().state()).isEqualTo(ChannelState.OPEN);
            assertThat(channel.stats().liveSenders()).isEqualTo(1);
            holder.kill(); // now the last one is gone
            List<String> received = new ArrayList<>();
            for (String message : rx) {
                received.add(message);
            }
            assertThat(received).containsExactly("c:0", "c:1", "c:2", "j");
        }
    }

    @Test
    void aKilledConsumerIsReapedAndABlockedSendIsRefusedWithTheBufferReportedUndelivered() throws Exception {
        Path path = files.fresh("killed-consumer");
        List<Object> undelivered = new CopyOnWriteArrayList<>();
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(path).capacity(4).maxMessageSize(64)
                .onUndelivered((message, reason) -> undelivered.add(message)).open(Codec.utf8());
             Sender<String> tx = channel.sender()) {
            PeerProcess consumer = c("C consumer", "ove_consumer", path, "--hold-after", 2);
            consumer.await("READY", WAIT);
            tx.send("a");
            tx.send("b");
            consumer.await("HOLDING 2", WAIT);
            for (String message : List.of("c", "d", "e", "f")) {
                tx.send(message); // fills the ring
            }
            consumer.kill();
            // The next send waits for room, reaps the dead receiver, and is refused: nobody is left.
            assertThatThrownBy(() -> tx.send("g")).isInstanceOf(ChannelClosedException.class)
                    .hasMessageContaining("every receiver");
            assertThat(undelivered).containsExactly("c", "d", "e", "f");
            assertThat(channel.stats().undelivered()).isEqualTo(4);
            assertThat(channel.reaped()).isEqualTo(1);
        }
    }

    @Test
    void aProducerKilledMidWriteCostsExactlyTheMessageItWasWritingAndTheStreamGoesOn() throws Exception {
        Path path = files.fresh("mid-write");
        try (SharedMemoryChannel<String> channel = builder(path).stuckTimeout(Duration.ofMillis(300))
                .open(Codec.utf8());
             Receiver<String> rx = channel.receiver()) {
            // Without this sender the crasher is the last one, and its reaping closes the channel.
            Sender<String> gate = channel.sender();
            PeerProcess crasher = c("C producer crashing mid-write", "ove_producer", path, "x", 100,
                    "--crash-mid-write-after", 5);
            crasher.awaitEnd(WAIT);
            PeerProcess survivor = jvm("Java producer", "producer", path, "y", 3);
            assertThat(survivor.await("SENT", WAIT)).isEqualTo("SENT 3");
            gate.close();
            List<String> received = new ArrayList<>();
            for (String message : rx) {
                received.add(message);
            }
            assertThat(received).containsExactly("x:0", "x:1", "x:2", "x:3", "x:4", "y:0", "y:1", "y:2");
            assertThat(channel.lost()).isEqualTo(1);
        }
    }

    @Test
    void aConsumerKilledMidReadCostsExactlyTheMessageItWasReadingAndSendersGetTheSlotBack() throws Exception {
        Path path = files.fresh("mid-read");
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(path).capacity(4).maxMessageSize(64)
                .stuckTimeout(Duration.ofMillis(300)).open(Codec.utf8());
             Sender<String> tx = channel.sender();
             Receiver<String> rx = channel.receiver()) {
            PeerProcess crasher = c("C consumer crashing mid-read", "ove_consumer", path, "--crash-mid-read-after", 2);
            crasher.await("READY", WAIT);
            tx.send("m0");
            tx.send("m1");
            tx.send("m2"); // the C consumer takes it and dies before freeing its slot
            crasher.awaitEnd(WAIT);
            for (String message : List.of("m3", "m4", "m5", "m6")) {
                // m6 needs m2's slot: the send waits until the stuck timeout gives it back.
                assertThat(tx.send(message, 10, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
            }
            Set<String> received = new HashSet<>();
            for (int n = 0; n < 4; n++) {
                received.add(rx.recv(10, TimeUnit.SECONDS));
            }
            assertThat(received).containsExactlyInAnyOrder("m3", "m4", "m5", "m6");
            assertThat(channel.lost()).isEqualTo(1);
            assertThat(crasher.exitCode()).isNotZero();
        }
    }
}
