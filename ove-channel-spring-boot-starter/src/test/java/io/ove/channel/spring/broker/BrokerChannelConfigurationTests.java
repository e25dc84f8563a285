package io.ove.channel.spring.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.definitions.ChannelConfigurationFailureAnalyzer;

/**
 * Broker-channel declarations that cannot work fail the start with a failure analysis naming the
 * property and the fix; none of these needs a running broker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerChannelConfigurationTests {

    private ApplicationContextRunner broker(int port) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class,
                        JacksonAutoConfiguration.class, RabbitAutoConfiguration.class))
                .withPropertyValues(
                        "spring.rabbitmq.host=127.0.0.1",
                        "spring.rabbitmq.port=" + port,
                        "ove.channel.channels.orders.capacity=100",
                        "ove.channel.channels.orders.backend=rabbitmq");
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableBrokerFailsTheStartWithTheFix() throws Exception {
        int closedPort = closedPort();
        broker(closedPort).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.rabbitmq.queue",
                    "127.0.0.1:" + closedPort);
            assertThat(analysis.getAction()).contains("startup-timeout");
        });
    }

    @Test
    void aBrokerBackendWithoutSpringAmqpFailsTheStartNamingWhatToAdd() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
                .withPropertyValues("ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.backend=rabbitmq")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.backend", "ConnectionFactory");
                    assertThat(analysis.getAction()).contains("spring-boot-starter-amqp");
                });
    }

    @Test
    void anUnknownBackendOrQueueTypeFailsTheStartNamingTheChoices() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
                .withPropertyValues("ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.backend=kafka")
                .run(context -> {
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.backend", "kafka");
                    assertThat(analysis.getAction()).contains("in-process", "shared-memory", "rabbitmq");
                });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
                .withPropertyValues("ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.backend=rabbitmq",
                        "ove.channel.channels.orders.rabbitmq.queue-type=stream")
                .run(context -> {
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("rabbitmq.queue-type", "stream");
                    assertThat(analysis.getAction()).contains("classic or quorum");
                });
    }

    @Test
    void aStartupTimeoutWaitsForTheBrokerAndThenFailsTheStart() throws Exception {
        long started = System.nanoTime();
        broker(closedPort()).withPropertyValues("ove.channel.channels.orders.rabbitmq.startup-timeout=2s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(2000);
            FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.rabbitmq.queue");
        });
    }
}
