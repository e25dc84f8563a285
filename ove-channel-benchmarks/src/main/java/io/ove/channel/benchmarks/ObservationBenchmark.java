package io.ove.channel.benchmarks;

import brave.Tracing;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.ChannelDefinitions;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.listener.DeliveryScope;
import io.ove.channel.spring.listener.ListenerEndpoint;
import io.ove.channel.spring.observation.ObservedChannels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What listener observation costs per message: one thread sends a message, receives it and hands
 * it to a listener that does nothing, through
 * <ul>
 *   <li>{@code core}: a plain core channel, the anchor;</li>
 *   <li>{@code starter-disabled}: a channel the starter created with observation available but
 *       {@code observation-enabled=false} (it must be the anchor's path: same time, 0 B more);</li>
 *   <li>{@code starter-observed}: {@code observation-enabled=true}, an {@code ObservationRegistry}
 *       whose one handler records a timer (what an application with metrics has);</li>
 *   <li>{@code starter-traced}: the same with Micrometer Tracing's handler on a Brave tracer that
 *       samples every trace (spans are made and finished, and reported nowhere);</li>
 *   <li>{@code core-beside-observed}: the anchor's plain channel, in a JVM where an observed channel
 *       went through the same {@code Sender}/{@code Receiver} code first (before the JIT compiled
 *       it), so that their calls into the storage have seen two classes: what a plain channel pays
 *       for sharing an application with an observed one.</li>
 * </ul>
 * The sends happen inside an open observation, as in a request, so the listener's observation has a
 * parent. Run with the allocation profiler, from the repository root:
 *
 * <pre>
 * java -cp ove-channel-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ObservationBenchmark -prof gc
 * </pre>
 *
 * Every mode runs in a fork of its own, so a {@code core} or {@code starter-disabled} fork never
 * loads the storage that observed channels use. Read the modes as ratios to {@code core} within one
 * run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservationBenchmark {

    /** The listener the deliveries go to: it does nothing, so the path is all that is measured. */
    public static final class NoOpListener {

        /**
         * Takes a message.
         *
         * @param message the message
         */
        public void onMessage(Integer message) {
            // nothing: the benchmark measures the path to the listener
        }
    }

    /** The path under test. */
    @Param({ "core", "starter-disabled", "starter-observed", "starter-traced", "core-beside-observed" })
    public String mode;

    private static final Integer MESSAGE = 42;

    private DeclaredChannels declared;
    private Channel<Object> channel;
    private Sender<Object> sender;
    private Receiver<Object> receiver;
    /** {@code null} unless the channel is observed, as in the listener container. */
    private DeliveryScope scope;
    private final DeliveryScope.Delivery delivery = message -> null;
    private Tracing tracing;
    private Observation request;
    private Observation.Scope requestScope;

    /**
     * Creates the channel of {@link #mode} and opens the "request" observation the sends run in.
     *
     * @throws NoSuchMethodException never: the listener's method is right here
     */
    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws NoSuchMethodException {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        if (mode.equals("starter-traced")) {
            // A handler that keeps nothing: without one, Brave would log every finished span.
            tracing = Tracing.newBuilder().sampler(Sampler.ALWAYS_SAMPLE)
                    .currentTraceContext(ThreadLocalCurrentTraceContext.create())
                    .addSpanHandler(new SpanHandler() { }).build();
            BraveTracer tracer = new BraveTracer(tracing.tracer(),
                    new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
            registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        }
        if (mode.equals("core-beside-observed")) {
            passThroughAnObservedChannel(registry);
        }
        if (mode.startsWith("core")) {
            channel = (Channel<Object>) (Channel<?>) Channel.<Integer>builder(1024).name("bench").build();
        } else {
            ObservedChannels observed = observedChannels(registry);
            declared = declare(observed, "bench", !mode.equals("starter-disabled"));
            channel = declared.channel("bench");
            scope = observed.scopeFor(new ListenerEndpoint("bench.listener", "listener", "bench", 1,
                    new NoOpListener(), NoOpListener.class.getMethod("onMessage", Integer.class)));
        }
        sender = channel.sender();
        receiver = channel.receiver();
        request = Observation.start("request", registry);
        requestScope = request.openScope();
    }

    /** The starter's observation support over {@code registry}, with the default convention. */
    private static ObservedChannels observedChannels(ObservationRegistry registry) {
        return new ObservedChannels(() -> registry, () -> null, ContextSnapshotFactory.builder().build());
    }

    /** One channel {@code name} of 1,024 integers as the starter declares it, observed or not. */
    private static DeclaredChannels declare(ObservedChannels observed, String name, boolean observationEnabled) {
        ChannelDefinition definition = ChannelDefinition.of(name, 1024).withType(Integer.class)
                .withObservationEnabled(observationEnabled);
        return new DeclaredChannels(new ChannelDefinitions(List.of(definition), Duration.ofSeconds(1)),
                () -> null, null, observed::envelopeFor);
    }

    /** Messages that go through the observed channel before the measured one: enough for a profile. */
    private static final int OTHER_CHANNEL_MESSAGES = 200_000;

    /**
     * Sends and receives messages through an observed channel until the handles' calls into the
     * storage have a profile with the observed channel's storage in it beside the plain one.
     */
    @SuppressWarnings("unchecked")
    private static void passThroughAnObservedChannel(ObservationRegistry registry) {
        DeclaredChannels other = declare(observedChannels(registry), "other", true);
        Channel<Object> plain = (Channel<Object>) (Channel<?>) Channel.<Integer>builder(1024).name("warm").build();
        try (Sender<Object> observedSender = other.channel("other").sender();
                Receiver<Object> observedReceiver = other.channel("other").receiver();
                Sender<Object> plainSender = plain.sender(); Receiver<Object> plainReceiver = plain.receiver()) {
            // The measured calls, send(T) and recv(), on both storages: each has room and a message.
            for (int i = 0; i < OTHER_CHANNEL_MESSAGES; i++) {
                observedSender.send(MESSAGE);
                observedReceiver.recv();
                plainSender.send(MESSAGE);
                plainReceiver.recv();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } finally {
            other.close();
        }
    }

    /**
     * Sends a message, receives it and delivers it, as a listener container does.
     *
     * @return what the delivery returned (always {@code null}), so nothing is optimised away
     * @throws InterruptedException never: the channel has room and holds the message
     */
    @Benchmark
    public Object sendReceiveDeliver() throws InterruptedException {
        sender.send(MESSAGE);
        Object message = receiver.recv();
        if (scope == null) {
            return delivery.process(message);
        }
        return scope.run(scope.takeContext(), message, delivery);
    }

    /** Closes the request observation, the channel and the tracer. */
    @TearDown
    public void tearDown() {
        requestScope.close();
        request.stop();
        if (declared != null) {
            declared.close();
        } else {
            channel.sender().close();
            channel.receiver().close();
        }
        if (tracing != null) {
            tracing.close();
        }
    }
}
