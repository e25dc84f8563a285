package io.ove.channel.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.spring.Batch;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.Retry;
import io.ove.channel.spring.SendTo;
import io.ove.channel.spring.definitions.ChannelConfigurationFailureAnalyzer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every bad {@code @ChannelListener} attribute, {@code @Batch}, {@code @Retry} or {@code @SendTo}
 * fails the start with a failure analysis that names the listener, the attribute and the fix.
 */
class ListenerAttributeFailureTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=4",
                    "ove.channel.channels.orders.type=" + Order.class.getName(),
                    "ove.channel.channels.invoices.capacity=4",
                    "ove.channel.channels.invoices.type=java.lang.String");

    static List<Arguments> badListeners() {
        return List.of(
                Arguments.of(MissingErrorHandler.class, "errorHandler", "no bean of that name exists",
                        "Define a ChannelErrorHandler bean named 'nowhere'"),
                Arguments.of(WrongErrorHandlerType.class, "errorHandler", "is not a", "implements ChannelErrorHandler"),
                Arguments.of(WordyConcurrency.class, "concurrency", "not a whole number", "concurrency = \"2\""),
                Arguments.of(ZeroConcurrency.class, "concurrency", "at least 1", "1 or more"),
                Arguments.of(UnsureAutoStartup.class, "autoStartup", "not a boolean", "true or false"),
                Arguments.of(SameIdTwice.class, "id", "another @ChannelListener has the same id", "its own id"),
                Arguments.of(BatchWithoutList.class, "Order", "called with a java.util.List", "List<MessageType>"),
                Arguments.of(EmptyBatch.class, "batch.size", "at least one message", "size = 1 or more"),
                Arguments.of(BatchOfWrongType.class, "java.lang.String", "carries " + Order.class.getName(),
                        "List of Order"),
                Arguments.of(BadBatchWait.class, "batch.maxWait", "not a duration", "50ms"),
                Arguments.of(NoRetries.class, "retry.maxRetries", "retries at least once", "maxRetries = 1"),
                Arguments.of(ShrinkingBackOff.class, "retry.multiplier", "at least 1", "multiplier = 1"),
                Arguments.of(BadRetryDelay.class, "retry.delay", "not a duration", "50ms"),
                Arguments.of(MaxDelayBelowDelay.class, "retry.maxDelay", "shorter than the first one", "at least"),
                Arguments.of(SendToNowhere.class, "@SendTo", "no channel of that name is declared", "invoices"),
                Arguments.of(SendToWrongType.class, "@SendTo", "returns java.lang.Long", "Return a String"),
                Arguments.of(SendToFromVoid.class, "@SendTo", "nothing to send", "remove @SendTo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badListeners")
    void badListenerShouldFailNamingTheAttributeAndTheFix(Class<?> listener, String property, String problem,
            String fix) {
        contextRunner.withBean("listener", listener).withBean("notAHandler", String.class, () -> "text")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
                    assertThat(analysis.getDescription()).contains("@ChannelListener on", listener.getSimpleName(),
                            property, problem);
                    assertThat(analysis.getAction()).contains(fix);
                });
    }

    static class MissingErrorHandler {
        @ChannelListener(channel = "orders", errorHandler = "nowhere")
        void process(Order order) {
        }
    }

    static class WrongErrorHandlerType {
        @ChannelListener(channel = "orders", errorHandler = "notAHandler")
        void process(Order order) {
        }
    }

    static class WordyConcurrency {
        @ChannelListener(channel = "orders", concurrency = "lots")
        void process(Order order) {
        }
    }

    static class ZeroConcurrency {
        @ChannelListener(channel = "orders", concurrency = "0")
        void process(Order order) {
        }
    }

    static class UnsureAutoStartup {
        @ChannelListener(channel = "orders", autoStartup = "maybe")
        void process(Order order) {
        }
    }

    static class SameIdTwice {
        @ChannelListener(channel = "orders", id = "twice")
        void process(Order order) {
        }

        @ChannelListener(channel = "orders", id = "twice")
        void again(Order order) {
        }
    }

    static class BatchWithoutList {
        @ChannelListener(channel = "orders", batch = @Batch(size = 10))
        void process(Order order) {
        }
    }

    static class EmptyBatch {
        @ChannelListener(channel = "orders", batch = @Batch(size = 0))
        void process(List<Order> orders) {
        }
    }

    static class BatchOfWrongType {
        @ChannelListener(channel = "orders", batch = @Batch(size = 10))
        void process(List<String> orders) {
        }
    }

    static class BadBatchWait {
        @ChannelListener(channel = "orders", batch = @Batch(size = 10, maxWait = "soon"))
        void process(List<Order> orders) {
        }
    }

    static class NoRetries {
        @ChannelListener(channel = "orders", retry = @Retry(maxRetries = 0))
        void process(Order order) {
        }
    }

    static class ShrinkingBackOff {
        @ChannelListener(channel = "orders", retry = @Retry(multiplier = 0.5))
        void process(Order order) {
        }
    }

    static class BadRetryDelay {
        @ChannelListener(channel = "orders", retry = @Retry(delay = "later"))
        void process(Order order) {
        }
    }

    static class MaxDelayBelowDelay {
        @ChannelListener(channel = "orders", retry = @Retry(delay = "1s", maxDelay = "10ms"))
        void process(Order order) {
        }
    }

    static class SendToNowhere {
        @ChannelListener(channel = "orders")
        @SendTo("invoicez")
        String process(Order order) {
            return "";
        }
    }

    static class SendToWrongType {
        @ChannelListener(channel = "orders")
        @SendTo("invoices")
        Long process(Order order) {
            return order.id();
        }
    }

    static class SendToFromVoid {
        @ChannelListener(channel = "orders")
        @SendTo("invoices")
        void process(Order order) {
        }
    }
}
