package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ove.channel.Channel;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.spring.actuate.ChannelMetrics;
import io.ove.channel.spring.actuate.ChannelsEndpoint;
import io.ove.channel.spring.actuate.ChannelsHealthIndicator;
import io.ove.channel.spring.actuate.MicrometerListenerObserver;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.OveChannelProperties;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import io.ove.channel.spring.listener.ListenerObserver;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

class OveChannelAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class,
                    OveChannelMetricsAutoConfiguration.class, OveChannelEndpointAutoConfiguration.class,
                    OveChannelHealthAutoConfiguration.class));

    @Test
    void runWithoutDeclaredChannelsShouldStartWithNone() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DeclaredChannels.class);
            assertThat(context.getBean(DeclaredChannels.class).channels()).isEmpty();
            assertThat(context).hasSingleBean(ChannelLifecycle.class);
        });
    }

    @Test
    void declaredChannelShouldBecomeChannelSenderAndReceiverBeans() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=16",
                        "ove.channel.channels.orders.overflow=drop-oldest",
                        "ove.channel.channels.orders.send-timeout=2s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Channel<?> orders = context.getBean("orders", Channel.class);
                    assertThat(orders.capacity()).isEqualTo(16);
                    assertThat(orders.storage().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
                    assertThat(orders.storage().sendTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(context.getBean("ordersSender")).isSameAs(orders.sender());
                    assertThat(context.getBean("ordersReceiver")).isSameAs(orders.receiver());
                });
    }

    @Test
    void halvesShouldBeInjectableByQualifier() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.audit.capacity=4")
                .withUserConfiguration(QualifiedClient.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    QualifiedClient client = context.getBean(QualifiedClient.class);
                    assertThat(client.orders.name()).isEqualTo("orders");
                    assertThat(client.audit.name()).isEqualTo("audit");
                    assertThat(client.orders.trySend("hello")).isEqualTo(SendResult.SENT);
                    assertThat(client.ordersReceiver.tryRecv()).isEqualTo("hello");
                });
    }

    @Test
    void halvesShouldBeInjectableByGenericTypeAloneWhenTypeIsDeclared() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.orders.type=" + Order.class.getName(),
                        "ove.channel.channels.audit.capacity=4",
                        "ove.channel.channels.audit.type=java.lang.String")
                .withUserConfiguration(TypedClient.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TypedClient client = context.getBean(TypedClient.class);
                    assertThat(client.tx.name()).isEqualTo("orders");
                    assertThat(client.rx.name()).isEqualTo("orders");
                    client.tx.trySend(new Order(7));
                    assertThat(client.rx.tryRecv()).isEqualTo(new Order(7));
                    assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(Sender.class, String.class)))
                            .containsExactly("auditSender");
                });
    }

    @Test
    void untypedChannelShouldNotBeInjectedIntoASenderOfAnyTypeWithoutAQualifier() {
        contextRunner.withPropertyValues("ove.channel.channels.raw.capacity=4")
                .withUserConfiguration(TypedClient.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(NoSuchBeanDefinitionException.class)
                            .hasMessageContaining(Sender.class.getName());
                });
    }

    @Test
    void channelNamesFromPropertiesKeepTheirCaseAndUnderscores() {
        contextRunner.withPropertyValues("ove.channel.channels.audit_events.capacity=4",
                        "ove.channel.channels.Orders.capacity=4")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("audit_events").hasBean("audit_eventsSender")
                            .hasBean("Orders");
                    assertThat(context.getBean(DeclaredChannels.class).channels()).containsOnlyKeys("audit_events",
                            "Orders");
                });
    }

    @Test
    void meterBinderShouldBeCreatedWhenMicrometerIsPresent() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4")
                .run(context -> assertThat(context).hasSingleBean(ChannelMetrics.class)
                        .hasSingleBean(MicrometerListenerObserver.class));
    }

    @Test
    void runWhenMicrometerIsAbsentShouldNotCreateMeters() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4")
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ChannelMetrics.class);
                    assertThat(context).hasBean("orders");
                });
    }

    @Test
    void runWhenMetricsDisabledForAChannelShouldNotRegisterItsMeters() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.quiet.capacity=4",
                        "ove.channel.channels.quiet.metrics-enabled=false")
                .run(context -> {
                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(ChannelMetrics.class).bindTo(registry);
                    assertThat(registry.find("ove.channel.depth").tag("channel", "orders").gauge()).isNotNull();
                    assertThat(registry.find("ove.channel.depth").tag("channel", "quiet").gauge()).isNull();
                });
    }

    @Test
    void runWhenActuatorIsAbsentShouldStartWithoutEndpointOrHealth() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                        "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("orders");
                    assertThat(context).doesNotHaveBean(ChannelsEndpoint.class)
                            .doesNotHaveBean(ChannelsHealthIndicator.class);
                });
    }

    @Test
    void endpointAndHealthShouldBeCreatedWhenActuatorIsPresent() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "management.endpoints.web.exposure.include=channels")
                .run(context -> assertThat(context).hasSingleBean(ChannelsEndpoint.class)
                        .hasSingleBean(ChannelsHealthIndicator.class));
    }

    @Test
    void healthSettingsShouldReachTheHealthContributor() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.health.stall-timeout=0s", "ove.channel.health.stalled-status=DEGRADED")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("ordersSender", Sender.class).trySend("waits")).isEqualTo(SendResult.SENT);
                    assertThat(context.getBean(ChannelsHealthIndicator.class).health(true).getStatus().getCode())
                            .isEqualTo("DEGRADED");
                });
    }

    @Test
    void runWhenHealthIndicatorDisabledShouldNotCreateIt() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "management.health.channels.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ChannelsHealthIndicator.class));
    }

    @Test
    void userDefinedBeansShouldReplaceTheStartersOwn() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4")
                .withUserConfiguration(UserBeans.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ChannelMetrics.class)).isSameAs(UserBeans.METRICS);
                    assertThat(context.getBean(ListenerObserver.class)).isSameAs(UserBeans.OBSERVER);
                    assertThat(context).doesNotHaveBean(MicrometerListenerObserver.class);
                });
    }

    @Test
    void closingTheContextShouldCloseEveryChannel() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4").run(context -> {
            Channel<?> orders = context.getBean("orders", Channel.class);
            context.close();
            assertThat(orders.state()).isEqualTo(io.ove.channel.ChannelState.CLOSED_FOR_RECEIVING);
            assertThat(orders.stats().liveSenders()).isZero();
            assertThat(orders.stats().liveReceivers()).isZero();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedClient {
        @Autowired
        @Qualifier("orders")
        Sender<String> orders;

        @Autowired
        @Qualifier("orders")
        Receiver<String> ordersReceiver;

        @Autowired
        @Qualifier("audit")
        Sender<String> audit;
    }

    @Configuration(proxyBeanMethods = false)
    static class TypedClient {
        final Sender<Order> tx;
        final Receiver<Order> rx;

        TypedClient(Sender<Order> tx, Receiver<Order> rx) {
            this.tx = tx;
            this.rx = rx;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {
        static final ListenerObserver OBSERVER = (channel, listener) -> (nanos, error) -> { };
        static ChannelMetrics METRICS;

        @Bean
        ChannelMetrics myChannelMetrics(DeclaredChannels channels) {
            METRICS = new ChannelMetrics(channels);
            return METRICS;
        }

        @Bean
        ListenerObserver myObserver() {
            return OBSERVER;
        }
    }

    @Test
    void boundaryValuesShouldBeAccepted() {
        contextRunner.withPropertyValues("ove.channel.channels.one.capacity=1",
                        "ove.channel.channels.one.metrics-enabled=false",
                        "ove.channel.channels.one.send-timeout=0s",
                        "ove.channel.channels.two.capacity=2",
                        "ove.channel.channels.two.metrics-enabled=TRUE",
                        "ove.channel.channels.two.overflow=Drop-Newest",
                        "ove.channel.shutdown.drain-timeout=0s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DeclaredChannels channels = context.getBean(DeclaredChannels.class);
                    assertThat(channels.definitions().find("one").metricsEnabled()).isFalse();
                    assertThat(channels.definitions().find("one").sendTimeout()).isEqualTo(Duration.ZERO);
                    assertThat(channels.definitions().find("two").metricsEnabled()).isTrue();
                    assertThat(channels.definitions().find("two").overflow()).isEqualTo(OverflowPolicy.DROP_NEWEST);
                    assertThat(channels.definitions().drainTimeout()).isEqualTo(Duration.ZERO);
                    assertThat(channels.channel("one").capacity()).isEqualTo(1);
                });
    }

    @Test
    void propertiesShouldBeBoundForConfigprops() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=16",
                        "ove.channel.channels.orders.type=" + Order.class.getName(),
                        "ove.channel.channels.orders.overflow=drop-oldest",
                        "ove.channel.channels.orders.send-timeout=2s",
                        "ove.channel.channels.orders.dead-letter=failed",
                        "ove.channel.channels.orders.metrics-enabled=false",
                        "ove.channel.channels.failed.capacity=4",
                        "ove.channel.shutdown.drain-timeout=5s")
                .run(context -> {
                    OveChannelProperties properties = context.getBean(OveChannelProperties.class);
                    assertThat(properties.getChannels()).containsOnlyKeys("orders", "failed");
                    OveChannelProperties.ChannelProperties orders = properties.getChannels().get("orders");
                    assertThat(orders.getCapacity()).isEqualTo(16);
                    assertThat(orders.getType()).isEqualTo(Order.class.getName());
                    assertThat(orders.getOverflow()).isEqualTo(OverflowPolicy.DROP_OLDEST);
                    assertThat(orders.getSendTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(orders.getDeadLetter()).isEqualTo("failed");
                    assertThat(orders.isMetricsEnabled()).isFalse();
                    assertThat(properties.getChannels().get("failed").isMetricsEnabled()).isTrue();
                    assertThat(properties.getShutdown().getDrainTimeout()).isEqualTo(Duration.ofSeconds(5));
                });
    }
}
