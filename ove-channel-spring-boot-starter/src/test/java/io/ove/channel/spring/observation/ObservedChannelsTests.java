package io.ove.channel.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.JRE.JAVA_21;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.ove.channel.BoundedQueue;
import io.ove.channel.Channel;
import io.ove.channel.Sender;
import io.ove.channel.spring.Batch;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.ListenerThreads;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.OveChannelObservationAutoConfiguration;
import io.ove.channel.spring.UndeliveredMessageHandler;
import io.ove.channel.spring.definitions.ChannelConfigurationFailureAnalyzer;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Trace propagation through observed channels, with Boot's real Brave tracer (its MDC correlation
 * included) and the finished spans collected in memory.
 */
@Timeout(60)
class ObservedChannelsTests {

    /** A traced application with the channel 'orders', whose observation is left to each test. */
    private final ApplicationContextRunner tracedApplication = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class,
                    OveChannelObservationAutoConfiguration.class, OveChannelAutoConfiguration.class))
            .withUserConfiguration(CollectedSpans.class)
            .withPropertyValues("management.tracing.sampling.probability=1.0",
                    "ove.channel.channels.orders.capacity=16",
                    "ove.channel.channels.orders.type=" + Order.class.getName());

    private final ApplicationContextRunner contextRunner = tracedApplication
            .withPropertyValues("ove.channel.channels.orders.observation-enabled=true");

    @Test
    void theRequestSpanIsTheParentOfTheListenerSpanAndTheTraceIdIsInTheListenersMdc() {
        contextRunner.withBean(TracedListener.class).run(context -> {
            Request request = sendInRequest(context, new Order(1));
            TracedListener listener = context.getBean(TracedListener.class);
            ListenerThreads.await("the order is processed", () -> listener.seen.size() == 1);
            MutableSpan span = awaitListenerSpan(context, "orders process");

            assertThat(span.traceId()).isEqualTo(request.traceId());
            assertThat(span.parentId()).isEqualTo(request.spanId());
            assertThat(span.tags()).containsEntry("channel", "orders").containsEntry("listener", "traced")
                    .containsEntry("outcome", "success").containsEntry("exception", "none");
            Seen seen = listener.seen.get(0);
            assertThat(seen.mdcTraceId()).isEqualTo(request.traceId());
            assertThat(seen.mdcSpanId()).isEqualTo(span.id());
            assertThat(seen.thread()).startsWith("ove-listener-orders-");
        });
    }

    @Test
    @EnabledForJreRange(min = JAVA_21)
    void aVirtualThreadListenerContinuesTheTraceToo() {
        contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").withBean(TracedListener.class)
                .run(context -> {
                    Request request = sendInRequest(context, new Order(1));
                    TracedListener listener = context.getBean(TracedListener.class);
                    ListenerThreads.await("the order is processed", () -> listener.seen.size() == 1);
                    MutableSpan span = awaitListenerSpan(context, "orders process");

                    assertThat(listener.seen.get(0).virtual()).as("ran on a virtual thread").isTrue();
                    assertThat(span.parentId()).isEqualTo(request.spanId());
                    assertThat(listener.seen.get(0).mdcTraceId()).isEqualTo(request.traceId());
                });
    }

    @Test
    void aFailingListenerSpanIsTaggedWithTheFailureAndTheExceptionsSimpleName() {
        contextRunner.withBean(TracedListener.class).run(context -> {
            Request request = sendInRequest(context, new Order(-1));
            MutableSpan span = awaitListenerSpan(context, "orders process");

            assertThat(span.parentId()).isEqualTo(request.spanId());
            assertThat(span.tags()).containsEntry("outcome", "failure")
                    .containsEntry("exception", "IllegalStateException");
            assertThat(span.error()).hasMessage("negative order");
            assertThat(context.getBean(TracedListener.class).seen.get(0).mdcTraceId()).isEqualTo(request.traceId());
        });
    }

    @Test
    void aBatchRunsInOneObservationWhoseParentIsItsFirstMessagesSender() {
        contextRunner.withPropertyValues("ove.channel.listeners.auto-startup=false").withBean(BatchListener.class)
                .run(context -> {
                    Request first = sendInRequest(context, new Order(1));
                    Request second = sendInRequest(context, new Order(2));
                    assertThat(second.traceId()).isNotEqualTo(first.traceId());
                    context.getBean(ChannelListenerRegistry.class).start("batch");
                    BatchListener listener = context.getBean(BatchListener.class);
                    ListenerThreads.await("the batch is processed", () -> listener.batches.size() == 1);
                    MutableSpan span = awaitListenerSpan(context, "orders process");

                    assertThat(listener.batches.get(0)).containsExactly(new Order(1), new Order(2));
                    assertThat(span.parentId()).isEqualTo(first.spanId());
                    assertThat(context.getBean(CollectedSpans.class).named("orders process")).hasSize(1);
                });
    }

    @Test
    void undeliveredMessagesOfAnObservedChannelReachTheHandlerAsTheMessagesSent() {
        List<Object> undelivered = new CopyOnWriteArrayList<>();
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=1",
                        "ove.channel.channels.orders.overflow=drop-oldest")
                .withBean(UndeliveredMessageHandler.class,
                        () -> (channel, message, reason) -> undelivered.add(message + " " + reason))
                .run(context -> {
                    sendInRequest(context, new Order(1));
                    sendInRequest(context, new Order(2));

                    assertThat(undelivered).containsExactly(new Order(1) + " EVICTED");
                    assertThat(context.getBean("ordersReceiver", io.ove.channel.Receiver.class).tryRecv())
                            .isEqualTo(new Order(2));
                });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        contextRunner.withBean(TracedListener.class)
                .withBean(ChannelListenerObservationConvention.class, () -> new DefaultChannelListenerObservationConvention() {
                    @Override
                    public String getContextualName(ChannelListenerObservationContext context) {
                        return "handle " + context.getChannel();
                    }

                    @Override
                    public io.micrometer.common.KeyValues getLowCardinalityKeyValues(
                            ChannelListenerObservationContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "orders-team");
                    }
                })
                .run(context -> {
                    sendInRequest(context, new Order(1));
                    MutableSpan span = awaitListenerSpan(context, "handle orders");
                    assertThat(span.tags()).containsEntry("team", "orders-team").containsEntry("channel", "orders");
                });
    }

    @Test
    void withoutObservationEnabledTheChannelIsThePlainQueueAndNoListenerObservationIsMade() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.observation-enabled=false")
                .withBean(TracedListener.class).run(context -> {
                    assertThat(context.getBean("orders", Channel.class).storage()).isExactlyInstanceOf(BoundedQueue.class);
                    Request request = sendInRequest(context, new Order(1));
                    TracedListener listener = context.getBean(TracedListener.class);
                    ListenerThreads.await("the order is processed", () -> listener.seen.size() == 1);
                    CollectedSpans spans = context.getBean(CollectedSpans.class);
                    ListenerThreads.await("the request span ends", () -> !spans.named("request").isEmpty());

                    assertThat(spans.named("orders process")).isEmpty();
                    assertThat(listener.seen.get(0).mdcTraceId()).isNull();
                    assertThat(request.traceId()).isNotNull();
                });
    }

    @Test
    void theGlobalDefaultObservesEveryInProcessChannelAndAChannelMayOptOut() {
        tracedApplication.withPropertyValues("ove.channel.observation-enabled=true",
                        "ove.channel.channels.audit.capacity=4",
                        "ove.channel.channels.audit.observation-enabled=false")
                .run(context -> {
                    assertThat(context.getBean("orders", Channel.class).storage())
                            .isNotInstanceOf(BoundedQueue.class);
                    assertThat(context.getBean("audit", Channel.class).storage())
                            .isExactlyInstanceOf(BoundedQueue.class);
                });
    }

    @Test
    void observationEnabledOnASharedMemoryChannelFailsTheStartWithAFailureAnalysis(@TempDir Path directory) {
        contextRunner.withPropertyValues("ove.channel.channels.orders.shared-memory.path=" + directory.resolve("orders"),
                        "ove.channel.channels.orders.shared-memory.codec=json")
                .run(context -> {
                    assertThat(context).hasFailed();
                    InvalidChannelConfigurationException invalid = rootCause(context);
                    assertThat(invalid.getProperty()).isEqualTo("ove.channel.channels.orders.observation-enabled");
                    FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("shared with other processes")
                            .contains("ove.channel.channels.orders.observation-enabled");
                    assertThat(analysis.getAction()).contains("keep the channel in-process");
                });
    }

    @Test
    void observationEnabledOnABrokerChannelFailsTheStartToo() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.backend=rabbitmq")
                .run(context -> {
                    assertThat(context).hasFailed();
                    InvalidChannelConfigurationException invalid = rootCause(context);
                    assertThat(invalid.getProperty()).isEqualTo("ove.channel.channels.orders.observation-enabled");
                    assertThat(invalid.getProblem()).contains("rabbitmq");
                });
    }

    @Test
    void theGlobalDefaultLeavesSharedMemoryChannelsOut(@TempDir Path directory) {
        tracedApplication.withPropertyValues("ove.channel.observation-enabled=true",
                        "ove.channel.channels.orders.shared-memory.path=" + directory.resolve("orders"),
                        "ove.channel.channels.orders.shared-memory.codec=utf8",
                        "ove.channel.channels.orders.type=java.lang.String")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(io.ove.channel.spring.definitions.DeclaredChannels.class)
                            .definitions().find("orders").isObserved()).isFalse();
                });
    }

    @Test
    void anObservedChannelWithoutAnObservationRegistryFailsTheStartNamingTheFix() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelObservationAutoConfiguration.class,
                        OveChannelAutoConfiguration.class))
                .withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.orders.observation-enabled=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    InvalidChannelConfigurationException invalid = rootCause(context);
                    assertThat(invalid.getProblem()).contains("no ObservationRegistry bean");
                    assertThat(invalid.getFix()).contains("spring-boot-starter-actuator");
                });
    }

    @Test
    void withoutMicrometerObservationOnTheClasspathTheStarterStillRunsItsChannels() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .withConfiguration(AutoConfigurations.of(OveChannelObservationAutoConfiguration.class,
                        OveChannelAutoConfiguration.class))
                .withPropertyValues("ove.channel.channels.orders.capacity=4")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ListenerContextPropagation.class);
                    Sender<Object> tx = context.getBean("ordersSender", Sender.class);
                    tx.send("x");
                    assertThat(context.getBean("orders", Channel.class).storage()).isExactlyInstanceOf(BoundedQueue.class);
                });
    }

    private static InvalidChannelConfigurationException rootCause(AssertableApplicationContext context) {
        Throwable cause = context.getStartupFailure();
        while (cause != null && !(cause instanceof InvalidChannelConfigurationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("an InvalidChannelConfigurationException caused the failure").isNotNull();
        return (InvalidChannelConfigurationException) cause;
    }

    /** What the test thread saw while it sent a message inside a request-like observation. */
    record Request(String traceId, String spanId) {
    }

    /** Sends {@code order} inside an observation standing for an HTTP request, as a controller would. */
    @SuppressWarnings("unchecked")
    private static Request sendInRequest(AssertableApplicationContext context, Order order) throws InterruptedException {
        Tracer tracer = context.getBean(Tracer.class);
        Observation request = Observation.start("request", context.getBean(ObservationRegistry.class));
        try (Observation.Scope scope = request.openScope()) {
            context.getBean("ordersSender", Sender.class).send(order);
            return new Request(tracer.currentSpan().context().traceId(), tracer.currentSpan().context().spanId());
        } finally {
            request.stop();
        }
    }

    private static MutableSpan awaitListenerSpan(AssertableApplicationContext context, String name) {
        CollectedSpans spans = context.getBean(CollectedSpans.class);
        ListenerThreads.await("a span named '" + name + "' ends", () -> !spans.named(name).isEmpty());
        return spans.named(name).get(0);
    }

    /** Collects every finished span; Boot's Brave auto-configuration picks up span handler beans. */
    @Configuration(proxyBeanMethods = false)
    static class CollectedSpans {

        final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

        @Bean
        SpanHandler collectingSpanHandler() {
            return new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    spans.add(span);
                    return true;
                }
            };
        }

        List<MutableSpan> named(String name) {
            return spans.stream().filter(span -> name.equals(span.name())).toList();
        }
    }

    /** What a listener call saw. */
    record Seen(Order order, String mdcTraceId, String mdcSpanId, String thread, boolean virtual) {
    }

    static class TracedListener {

        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders", id = "traced")
        void process(Order order) throws Exception {
            Thread thread = Thread.currentThread();
            seen.add(new Seen(order, MDC.get("traceId"), MDC.get("spanId"), thread.getName(), isVirtual(thread)));
            if (order.id() < 0) {
                throw new IllegalStateException("negative order");
            }
        }

        /** {@code Thread.isVirtual()} through reflection: the tests compile for Java 17. */
        private static boolean isVirtual(Thread thread) throws Exception {
            try {
                return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
            } catch (NoSuchMethodException beforeJava21) {
                return false;
            }
        }
    }

    static class BatchListener {

        final List<List<Order>> batches = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders", id = "batch", batch = @Batch(size = 2, maxWait = "5s"))
        void process(List<Order> orders) {
            batches.add(List.copyOf(orders));
        }
    }
}
