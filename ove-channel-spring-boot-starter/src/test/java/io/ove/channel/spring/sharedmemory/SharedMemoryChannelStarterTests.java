package io.ove.channel.spring.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.shm.Codec;
import io.ove.channel.shm.NativePrograms;
import io.ove.channel.shm.PeerProcess;
import io.ove.channel.shm.SharedMemoryChannel;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.definitions.ChannelConfigurationFailureAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * YAML-declared shared-memory channels in a Spring Boot application, with C programs and other
 * JVM code on the other end of the same files: the same beans and listeners as in-process.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedMemoryChannelStarterTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path orders;
    private Path acks;

    @BeforeEach
    void paths() throws IOException {
        orders = fresh("orders");
        acks = fresh("acks");
    }

    @AfterEach
    void deleteFiles() throws IOException {
        Files.deleteIfExists(orders);
        Files.deleteIfExists(acks);
    }

    private static Path fresh(String label) throws IOException {
        Path directory = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Path path = Files.createTempFile(directory, "ove-starter-" + label + "-", ".chan");
        Files.delete(path);
        return path;
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class, JacksonAutoConfiguration.class));
    }

    @Test
    void aCProgramAndTheApplicationExchangeMessagesThroughYamlDeclaredChannels() throws Exception {
        runner().withBean(AckingListener.class)
                .withPropertyValues(
                        "ove.channel.channels.orders.capacity=16",
                        "ove.channel.channels.orders.type=java.lang.String",
                        "ove.channel.channels.orders.shared-memory.path=" + orders,
                        "ove.channel.channels.orders.shared-memory.codec=utf8",
                        "ove.channel.channels.acks.capacity=16",
                        "ove.channel.channels.acks.type=java.lang.String",
                        "ove.channel.channels.acks.shared-memory.path=" + acks,
                        "ove.channel.channels.acks.shared-memory.codec=utf8")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AckingListener listener = context.getBean(AckingListener.class);
                    try (PeerProcess consumer = PeerProcess.start("C consumer of acks",
                            List.of(NativePrograms.program("ove_consumer").toString(), acks.toString()));
                         PeerProcess producer = PeerProcess.start("C producer of orders",
                            List.of(NativePrograms.program("ove_producer").toString(), orders.toString(), "c", "50"))) {
                        consumer.await("READY", WAIT);
                        assertThat(producer.await("SENT", WAIT)).isEqualTo("SENT 50");
                        assertThat(listener.processed.await(60, TimeUnit.SECONDS)).isTrue();
                        assertThat(listener.received).hasSize(50).startsWith("c:0").endsWith("c:49");

                        // The application's Sender was the only one on acks: closing the context
                        // closes it, and the C consumer drains every ack, then sees "closed".
                        context.close();
                        List<String> lines = consumer.awaitEnd(WAIT);
                        assertThat(lines).filteredOn(line -> line.startsWith("MSG ")).hasSize(50)
                                .first().isEqualTo("MSG ack:c:0");
                        assertThat(lines).last().isEqualTo("CLOSED 50");
                    }
                });
    }

    @Test
    void theDefaultCodecIsTheApplicationsJsonAndOtherProcessesSeeTheJsonBytes() {
        runner().withPropertyValues(
                        "ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.orders.type=" + Order.class.getName(),
                        "ove.channel.channels.orders.shared-memory.path=" + orders)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    Sender<Order> sender = context.getBean("ordersSender", Sender.class);
                    @SuppressWarnings("unchecked")
                    Receiver<Order> receiver = context.getBean("ordersReceiver", Receiver.class);
                    sender.send(new Order(7, "tea"));
                    assertThat(receiver.recv(Duration.ofSeconds(10))).isEqualTo(new Order(7, "tea"));
                    sender.send(new Order(8, "milk"));
                    try (SharedMemoryChannel<String> raw = SharedMemoryChannel.builder(orders).create(false)
                            .open(Codec.utf8());
                         Receiver<String> other = raw.receiver()) {
                        assertThat(other.recv(Duration.ofSeconds(10))).isEqualTo("{\"id\":8,\"item\":\"milk\"}");
                    }
                });
    }

    @Test
    void aSharedChannelWithoutAPathFailsTheStartNamingTheProperty() {
        runner().withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.orders.shared-memory.codec=utf8")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.shared-memory.path");
                    assertThat(analysis.getAction()).contains("/dev/shm/orders");
                });
    }

    @Test
    void aSharedChannelOfOneSlotFailsTheStartNamingTheCapacity() {
        runner().withPropertyValues("ove.channel.channels.orders.capacity=1",
                        "ove.channel.channels.orders.shared-memory.path=" + orders)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.capacity", "at least 2");
                });
    }

    @Test
    void anUnknownCodecFailsTheStartNamingTheChoices() {
        runner().withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.orders.shared-memory.path=" + orders,
                        "ove.channel.channels.orders.shared-memory.codec=protobuf")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("shared-memory.codec", "protobuf");
                    assertThat(analysis.getAction()).contains("json, utf8 or bytes");
                });
    }

    /** A message of the JSON test. */
    public record Order(int id, String item) {
    }

    /** Acknowledges every order on the acks channel. */
    static class AckingListener {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CountDownLatch processed = new CountDownLatch(50);
        private final Sender<String> acks;

        AckingListener(@Qualifier("acks") Sender<String> acks) {
            this.acks = acks;
        }

        @ChannelListener(channel = "orders")
        void onOrder(String order) throws InterruptedException {
            received.add(order);
            acks.send("ack:" + order);
            processed.countDown();
        }
    }
}
