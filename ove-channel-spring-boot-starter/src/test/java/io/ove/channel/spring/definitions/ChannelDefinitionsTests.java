package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ove.channel.OverflowPolicy;
import io.ove.channel.spring.Order;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

/**
 * The declarations are read by binding {@link OveChannelProperties}, so they hold exactly what
 * Spring Boot binds for the same text, and then checked.
 */
class ChannelDefinitionsTests {

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("ove.channel.channels.orders.capacity", "16")
            .withProperty("ove.channel.channels.orders.overflow", "Drop_Newest")
            .withProperty("ove.channel.channels.orders.metrics-enabled", "off")
            .withProperty("ove.channel.channels.orders.send-timeout", "1500")
            .withProperty("ove.channel.channels.orders.downstream[0]", " audit ")
            .withProperty("ove.channel.channels.audit.capacity", "8")
            .withProperty("ove.channel.channels.audit.type", Order.class.getName())
            .withProperty("ove.channel.shutdown.drain-timeout", "3s");

    @Test
    void readShouldHoldWhatSpringBootBindsForTheSameProperties() {
        ChannelDefinitions definitions = ChannelDefinitions.read(environment, getClass().getClassLoader());
        OveChannelProperties.ChannelProperties bound = Binder.get(environment)
                .bind("ove.channel", Bindable.of(OveChannelProperties.class)).get().getChannels().get("orders");

        ChannelDefinition orders = definitions.find("orders");
        assertThat(orders.capacity()).isEqualTo(bound.getCapacity()).isEqualTo(16);
        assertThat(orders.overflow()).isEqualTo(bound.getOverflow()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(orders.metricsEnabled()).isEqualTo(bound.isMetricsEnabled()).isFalse();
        assertThat(orders.sendTimeout()).isEqualTo(bound.getSendTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(orders.downstream()).containsExactly("audit");
        assertThat(definitions.find("audit").type()).isEqualTo(Order.class);
        assertThat(definitions.drainTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(definitions.names()).containsExactly("audit", "orders");
    }

    @Test
    void readWithoutDeclarationsShouldGiveNoChannelsAndTheDefaultDrainTimeout() {
        ChannelDefinitions definitions = ChannelDefinitions.read(new MockEnvironment(), getClass().getClassLoader());

        assertThat(definitions.channels()).isEmpty();
        assertThat(definitions.drainTimeout()).isEqualTo(OveChannelProperties.Shutdown.DEFAULT_DRAIN_TIMEOUT);
    }

    @Test
    void observationIsOffByDefaultAndEachChannelMayOverrideTheGlobalDefault() {
        assertThat(ChannelDefinitions.read(environment, getClass().getClassLoader()).find("orders").isObserved())
                .isFalse();
        environment.withProperty("ove.channel.observation-enabled", "true")
                .withProperty("ove.channel.channels.audit.observation-enabled", "false");

        ChannelDefinitions definitions = ChannelDefinitions.read(environment, getClass().getClassLoader());

        assertThat(definitions.find("orders").observationEnabled()).isTrue();
        assertThat(definitions.find("audit").observationEnabled()).isFalse();
    }

    @Test
    void aChannelDeclaredInJavaTakesTheGlobalDefaultUnlessItSetsItsOwn() {
        environment.withProperty("ove.channel.observation-enabled", "true");

        ChannelDefinitions definitions = ChannelDefinitions.read(environment, getClass().getClassLoader(),
                List.of(ChannelDefinition.of("inherits", 4),
                        ChannelDefinition.of("opts-out", 4).withObservationEnabled(false).withType(Order.class)));

        assertThat(definitions.find("inherits").isObserved()).isTrue();
        assertThat(definitions.find("opts-out").isObserved()).isFalse();
        assertThat(definitions.find("opts-out").type()).isEqualTo(Order.class);
    }

    @Test
    void anObservationSettingThatIsNotABooleanNamesThePropertyAndTheFix() {
        environment.withProperty("ove.channel.channels.orders.observation-enabled", "sometimes");

        assertThatExceptionOfType(InvalidChannelConfigurationException.class)
                .isThrownBy(() -> ChannelDefinitions.read(environment, getClass().getClassLoader()))
                .satisfies(e -> {
                    assertThat(e.getProperty()).isEqualTo("ove.channel.channels.orders.observation-enabled");
                    assertThat(e.getProblem()).isEqualTo("not a boolean");
                });
    }

    @Test
    void observationWithoutItsLibrariesOnTheClasspathNamesTheSettingAndTheFix() {
        environment.withProperty("ove.channel.observation-enabled", "true");
        for (String hidden : List.of("io.micrometer.observation", "io.micrometer.context")) {
            assertThatExceptionOfType(InvalidChannelConfigurationException.class)
                    .isThrownBy(() -> ChannelDefinitions.read(environment, new FilteredClassLoader(hidden)))
                    .satisfies(e -> {
                        assertThat(e.getProperty()).isEqualTo("ove.channel.observation-enabled");
                        assertThat(e.getProblem()).contains("micrometer-observation", "context-propagation");
                        assertThat(e.getFix()).contains("set ove.channel.observation-enabled to false");
                    });
        }
        environment.withProperty("ove.channel.observation-enabled", "false")
                .withProperty("ove.channel.channels.orders.observation-enabled", "true");
        assertThatExceptionOfType(InvalidChannelConfigurationException.class)
                .isThrownBy(() -> ChannelDefinitions.read(environment,
                        new FilteredClassLoader("io.micrometer.observation")))
                .satisfies(e -> assertThat(e.getProperty())
                        .isEqualTo("ove.channel.channels.orders.observation-enabled"));
        assertThat(ChannelDefinitions.read(environment, getClass().getClassLoader()).find("orders").isObserved())
                .isTrue();
    }

    @Test
    void aSharedMemoryChannelWithoutItsModuleNamesThePathAndTheDependency() {
        environment.withProperty("ove.channel.channels.orders.shared-memory.path", "/dev/shm/orders");
        assertThatExceptionOfType(InvalidChannelConfigurationException.class)
                .isThrownBy(() -> ChannelDefinitions.read(environment, new FilteredClassLoader("io.ove.channel.shm")))
                .satisfies(e -> {
                    assertThat(e.getProperty()).isEqualTo("ove.channel.channels.orders.shared-memory.path");
                    assertThat(e.getProblem()).contains("ove-channel-shm", "not on the classpath");
                    assertThat(e.getFix()).contains("io.ove:ove-channel-shm");
                });
        assertThat(ChannelDefinitions.read(environment, getClass().getClassLoader()).find("orders").isShared())
                .isTrue();
    }

    @Test
    void aBrokerChannelWithoutItsModuleNamesTheBackendAndTheDependency() {
        environment.withProperty("ove.channel.channels.orders.backend", "rabbitmq");
        assertThatExceptionOfType(InvalidChannelConfigurationException.class)
                .isThrownBy(() -> ChannelDefinitions.read(environment,
                        new FilteredClassLoader("io.ove.channel.rabbitmq")))
                .satisfies(e -> {
                    assertThat(e.getProperty()).isEqualTo("ove.channel.channels.orders.backend");
                    assertThat(e.getProblem()).contains("ove-channel-rabbitmq", "not on the classpath");
                    assertThat(e.getFix()).contains("io.ove:ove-channel-rabbitmq");
                });
        assertThat(ChannelDefinitions.read(environment, getClass().getClassLoader()).find("orders").isBroker())
                .isTrue();
    }
}
