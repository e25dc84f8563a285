package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.Channel;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.shm.Codec;
import io.ove.channel.shm.SharedMemoryChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/** Channels declared in Java as {@link ChannelDefinition} beans, next to and checked like the YAML ones. */
class JavaDeclaredChannelsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class));

    @Test
    void channelDeclaredAsABeanBecomesInjectableByTypeWithItsComputedCapacity() {
        contextRunner.withPropertyValues("ove.channel.channels.failed.capacity=8",
                        "ove.channel.channels.failed.type=" + DeadLetter.class.getName())
                .withUserConfiguration(ComputedChannels.class)
                .withBean(OrderDesk.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Channel<?> orders = context.getBean("orders", Channel.class);
                    assertThat(orders.capacity()).isEqualTo(ComputedChannels.capacity());
                    OrderDesk desk = context.getBean(OrderDesk.class);
                    desk.orders.send(new Order(1));
                    assertThat(context.getBean("ordersReceiver", Receiver.class).tryRecv()).isEqualTo(new Order(1));
                    ChannelDefinition definition = context.getBean(DeclaredChannels.class).definitions().find("orders");
                    assertThat(definition.deadLetter()).isEqualTo("failed");
                    assertThat(definition.overflow()).isEqualTo(OverflowPolicy.DROP_NEWEST);
                    assertThat(definition.sendTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(context.getBean(DeclaredChannels.class).definitions().names())
                            .containsExactlyInAnyOrder("failed", "orders");
                });
    }

    @Test
    void channelDeclaredInYamlAndAsABeanFailsNamingBoth() {
        contextRunner.withPropertyValues("ove.channel.channels.Orders.capacity=8")
                .withUserConfiguration(ComputedChannels.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ChannelDefinition bean 'orders'",
                            "channel 'Orders' is already declared");
                    assertThat(analysis.getAction()).contains("Declare each channel once");
                });
    }

    @Test
    void beanWithANegativeCapacityFailsLikeTheProperty() {
        contextRunner.withBean("broken", ChannelDefinition.class, () -> ChannelDefinition.of("broken", -1))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ChannelDefinition bean 'broken': capacity",
                            "'-1'", "out of range");
                });
    }

    @Test
    void beanReferringToAnUndeclaredDeadLetterChannelFails() {
        contextRunner.withUserConfiguration(ComputedChannels.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.dead-letter",
                            "'failed'", "no channel of that name is declared");
                });
    }

    @Test
    void everyCopyKeepsWhatItDoesNotChange() {
        SharedMemorySettings file = new SharedMemorySettings(Path.of("/dev/shm/ticks"), 256, "utf8", true,
                Duration.ofSeconds(2));
        BrokerSettings queue = new BrokerSettings("ticks", "quorum", "json", 8, Duration.ofSeconds(5), Duration.ZERO);
        ChannelDefinition shared = ChannelDefinition.of("ticks", 8).withSharedMemory(file).withObservationEnabled(false);
        ChannelDefinition brokered = ChannelDefinition.of("ticks", 8).withBroker(queue).withDownstream("audit");

        for (ChannelDefinition copy : List.of(shared.withType(String.class), shared.withOverflow(OverflowPolicy.DROP_NEWEST),
                shared.withSendTimeout(Duration.ofSeconds(1)), shared.withDeadLetter("failed"),
                shared.withMetricsEnabled(false), shared.withDownstream("audit"))) {
            assertThat(copy.sharedMemory()).isEqualTo(file);
            assertThat(copy.observationEnabled()).isFalse();
            assertThat(copy.isShared()).isTrue();
        }
        ChannelDefinition copied = brokered.withType(String.class).withOverflow(OverflowPolicy.DROP_OLDEST)
                .withSendTimeout(Duration.ofSeconds(1)).withDeadLetter("failed").withMetricsEnabled(false)
                .withObservationEnabled(null);
        assertThat(copied).isEqualTo(new ChannelDefinition("ticks", 8, String.class, OverflowPolicy.DROP_OLDEST,
                Duration.ofSeconds(1), "failed", false, List.of("audit"), null, queue, null));
    }

    @Test
    void everySharedMemoryAndBrokerSettingOfABeanSurvivesTheChecks() {
        SharedMemorySettings file = new SharedMemorySettings(Path.of("/dev/shm/ticks"), 64, "bytes", false,
                Duration.ofMillis(700));
        BrokerSettings queue = new BrokerSettings("ticks-queue", "quorum", "utf8", 3, Duration.ofSeconds(7),
                Duration.ofSeconds(9));

        ChannelDefinitions definitions = ChannelDefinitions.read(new MockEnvironment(), getClass().getClassLoader(),
                List.of(ChannelDefinition.of("ticks", 8).withSharedMemory(file),
                        ChannelDefinition.of("tocks", 8).withBroker(queue)));

        assertThat(definitions.find("ticks").sharedMemory()).isEqualTo(file);
        assertThat(definitions.find("tocks").broker()).isEqualTo(queue);
    }

    @Test
    void beanWithSharedMemorySettingsIsAChannelInThatFile() throws Exception {
        Path file = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "ove-java-declared-", ".chan");
        Files.delete(file);
        try {
            contextRunner.withBean("ticksChannel", ChannelDefinition.class, () -> ChannelDefinition.of("ticks", 8)
                            .withSharedMemory(new SharedMemorySettings(file, 64, "utf8", true, Duration.ofSeconds(2)))
                            .withType(String.class))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(DeclaredChannels.class).definitions().find("ticks").isShared())
                                .isTrue();
                        @SuppressWarnings("unchecked")
                        Sender<String> ticks = context.getBean("ticksSender", Sender.class);
                        ticks.send("tick 1");
                        // Another party of the same file receives it: the messages live in the file.
                        try (SharedMemoryChannel<String> other = SharedMemoryChannel.builder(file).create(false)
                                .open(Codec.utf8()); Receiver<String> receiver = other.receiver()) {
                            assertThat(receiver.recv(Duration.ofSeconds(10))).isEqualTo("tick 1");
                        }
                    });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void beanWithSharedMemorySettingsIsCheckedLikeTheProperties() {
        contextRunner.withBean("ticksChannel", ChannelDefinition.class, () -> ChannelDefinition.of("ticks", 1)
                        .withSharedMemory(new SharedMemorySettings(Path.of("/dev/shm/ticks"), 64, "utf8", true,
                                Duration.ofSeconds(2))))
                .run(context -> {
                    FailureAnalysis analysis = failureOf(context);
                    assertThat(analysis.getDescription()).contains("ChannelDefinition bean 'ticks': capacity", "'1'",
                            "at least 2 messages");
                });
        contextRunner.withBean("ticksChannel", ChannelDefinition.class, () -> ChannelDefinition.of("ticks", 8)
                        .withSharedMemory(new SharedMemorySettings(null, 64, "utf8", true, Duration.ofSeconds(2))))
                .run(context -> assertThat(failureOf(context).getDescription())
                        .contains("ChannelDefinition bean 'ticks': sharedMemory.path", "needs the path of its file"));
    }

    @Test
    void beanWithBrokerSettingsIsCheckedLikeTheProperties() {
        contextRunner.withBean("ticksChannel", ChannelDefinition.class, () -> ChannelDefinition.of("ticks", 8)
                        .withBroker(new BrokerSettings("ticks", "stream", "json", 8, Duration.ofSeconds(5),
                                Duration.ZERO)))
                .run(context -> {
                    FailureAnalysis analysis = failureOf(context);
                    assertThat(analysis.getDescription()).contains("ChannelDefinition bean 'ticks': broker.queue-type",
                            "'stream'", "unknown queue type");
                    assertThat(analysis.getAction()).contains("classic or quorum");
                });
        contextRunner.withBean("ticksChannel", ChannelDefinition.class, () -> ChannelDefinition.of("ticks", 0)
                        .withBroker(new BrokerSettings("ticks", "classic", "json", 8, Duration.ofSeconds(5),
                                Duration.ZERO)))
                .run(context -> assertThat(failureOf(context).getDescription())
                        .contains("ChannelDefinition bean 'ticks': capacity", "the broker has no rendezvous"));
    }

    @Test
    void beanInAFileAndOnABrokerAtOnceFails() {
        contextRunner.withBean("ticksChannel", ChannelDefinition.class, () -> ChannelDefinition.of("ticks", 8)
                        .withSharedMemory(new SharedMemorySettings(Path.of("/dev/shm/ticks"), 64, "utf8", true,
                                Duration.ofSeconds(2)))
                        .withBroker(new BrokerSettings("ticks", "classic", "json", 8, Duration.ofSeconds(5),
                                Duration.ZERO)))
                .run(context -> {
                    FailureAnalysis analysis = failureOf(context);
                    assertThat(analysis.getDescription()).contains("ChannelDefinition bean 'ticks'",
                            "both shared-memory and broker settings");
                    assertThat(analysis.getAction()).contains("not both");
                });
    }

    @Test
    void observedBeanInAFileFailsLikeTheProperty() {
        contextRunner.withBean("ticksChannel", ChannelDefinition.class, () -> ChannelDefinition.of("ticks", 8)
                        .withSharedMemory(new SharedMemorySettings(Path.of("/dev/shm/ticks"), 64, "utf8", true,
                                Duration.ofSeconds(2)))
                        .withObservationEnabled(true))
                .run(context -> assertThat(failureOf(context).getDescription())
                        .contains("ChannelDefinition bean 'ticks': observationEnabled", "shared with other processes"));
    }

    /** The failure analysis a user sees for {@code context}'s start, which must have failed. */
    private static FailureAnalysis failureOf(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        return new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
    }

    @Configuration(proxyBeanMethods = false)
    static class ComputedChannels {

        static int capacity() {
            return 16 * Math.max(1, Runtime.getRuntime().availableProcessors());
        }

        @Bean
        static ChannelDefinition ordersChannel() {
            return ChannelDefinition.of("orders", capacity())
                    .withType(Order.class)
                    .withOverflow(OverflowPolicy.DROP_NEWEST)
                    .withSendTimeout(Duration.ofMillis(250))
                    .withDeadLetter("failed");
        }
    }

    static class OrderDesk {
        @Autowired
        Sender<Order> orders;
    }
}
