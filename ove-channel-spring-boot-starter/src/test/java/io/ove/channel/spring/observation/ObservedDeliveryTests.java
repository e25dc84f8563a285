package io.ove.channel.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One delivery of an observed channel, step by step on one thread: what the envelope keeps from the
 * send, what the listener sees while it runs, and what the thread is left with afterwards.
 */
class ObservedDeliveryTests {

    /** A thread-local of the application's, such as a security context or a tenant. */
    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder()
            .contextRegistry(new ContextRegistry()
                    .registerThreadLocalAccessor("test.user", USER::get, USER::set, USER::remove)
                    .registerThreadLocalAccessor(new ObservationThreadLocalAccessor()))
            .build();
    private final ObservationRegistry registry = ObservationRegistry.create();
    /** The name of each observation whose scope opened, in order. */
    private final List<String> scopesOpened = new ArrayList<>();
    private final ContextEnvelope envelope = new ContextEnvelope(registry, snapshots);
    private final ObservedDelivery delivery = new ObservedDelivery(envelope, registry, null, "orders", "billing", false);

    ObservedDeliveryTests() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onScopeOpened(Observation.Context context) {
                scopesOpened.add(context.getName());
            }
        });
    }

    @AfterEach
    void clearThread() {
        USER.remove();
    }

    @Test
    void theListenerRunsInTheSendersContextAndTheThreadGetsItsOwnBack() {
        Observation request = Observation.start("request", registry);
        Object sealed;
        USER.set("alice");
        try (Observation.Scope scope = request.openScope()) {
            sealed = envelope.seal("order 1");
        }
        USER.set("bob");
        scopesOpened.clear();

        Object message = envelope.open(sealed);
        Object context = delivery.takeContext();
        assertThat(message).isEqualTo("order 1");
        assertThat(delivery.takeContext()).as("a context is taken once").isNull();

        List<Object> seen = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("failed");
        Throwable returned = delivery.run(context, message, argument -> {
            Observation current = registry.getCurrentObservation();
            seen.add(argument);
            seen.add(USER.get());
            seen.add(current.getContext().getName());
            seen.add(current.getContext().getParentObservation());
            return failure;
        });

        assertThat(returned).isSameAs(failure);
        assertThat(seen).containsExactly("order 1", "alice", "ove.channel.listener", request);
        assertThat(scopesOpened).as("the sender's observation is a parent, not reopened")
                .containsExactly("ove.channel.listener");
        assertThat(USER.get()).as("the thread's own thread-local, restored").isEqualTo("bob");
        assertThat(registry.getCurrentObservation()).isNull();
        request.stop();
    }

    @Test
    void aMessageWithoutAContextRunsInANewObservationAndLeavesTheThreadAlone() {
        USER.set("bob");
        List<Object> seen = new ArrayList<>();

        Throwable returned = delivery.run(null, "order 2", argument -> {
            Observation current = registry.getCurrentObservation();
            seen.add(USER.get());
            seen.add(current.getContext().getName());
            seen.add(current.getContext().getParentObservation());
            return null;
        });

        assertThat(returned).isNull();
        assertThat(seen).containsExactly("bob", "ove.channel.listener", null);
        assertThat(USER.get()).isEqualTo("bob");
        assertThat(registry.getCurrentObservation()).isNull();
    }

    @Test
    void aMessageThatNobodyReceivesLeavesNoContextBehind() {
        Object sealed = envelope.seal("order 3");

        assertThat(envelope.openUndelivered(sealed)).isEqualTo("order 3");
        assertThat(delivery.takeContext()).isNull();
    }
}
