package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.Channel;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
