package io.ove.channel.spring.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultChannelListenerObservationConventionTests {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private Observation observation(Object payload, boolean batch) {
        return ChannelListenerObservation.LISTENER.observation(null,
                DefaultChannelListenerObservationConvention.INSTANCE,
                () -> new ChannelListenerObservationContext("orders", "billing", payload, batch), registry);
    }

    /** Ends the delivery and stops its observation, as the listener container does. */
    private static void end(Observation observation) {
        ((ChannelListenerObservationContext) observation.getContext()).end();
        observation.stop();
    }

    @Test
    void aSuccessfulDeliveryIsNamedAfterItsChannelAndTaggedSuccessAndNone() {
        end(observation("order", false).start());

        assertThat(registry).hasSingleObservationThat()
                .hasNameEqualTo("ove.channel.listener")
                .hasContextualNameEqualTo("orders process")
                .hasLowCardinalityKeyValue("channel", "orders")
                .hasLowCardinalityKeyValue("listener", "billing")
                .hasLowCardinalityKeyValue("outcome", "success")
                .hasLowCardinalityKeyValue("exception", "none")
                .hasBeenStopped();
    }

    @Test
    void aFailureSetBeforeTheStopIsWhatTheTagsDescribe() {
        Observation observation = observation(List.of("a", "b"), true).start();
        observation.error(new IllegalArgumentException("bad batch"));
        end(observation);

        assertThat(registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("outcome", "failure")
                .hasLowCardinalityKeyValue("exception", "IllegalArgumentException")
                .hasError();
    }

    @Test
    void anAnonymousExceptionClassIsTaggedWithItsFullName() {
        Observation observation = observation("order", false).start();
        observation.error(new RuntimeException() { });
        end(observation);

        assertThat(registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("exception", getClass().getName() + "$1");
    }

    @Test
    void whileTheDeliveryRunsItsTagsSayNothingOfAnOutcome() {
        Observation observation = observation("order", false).start();

        assertThat(registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("channel", "orders")
                .hasLowCardinalityKeyValue("listener", "billing")
                .doesNotHaveLowCardinalityKeyValueWithKey("outcome")
                .doesNotHaveLowCardinalityKeyValueWithKey("exception");
        end(observation);
        assertThat(registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "success");
    }

    @Test
    void theInProgressTimerCarriesNoOutcomeAndTheTimerTheRealOne() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        Observation observation = ChannelListenerObservation.LISTENER.observation(null,
                DefaultChannelListenerObservationConvention.INSTANCE,
                () -> new ChannelListenerObservationContext("orders", "billing", "x", false), observations).start();

        LongTaskTimer active = meters.get("ove.channel.listener.active").longTaskTimer();
        org.assertj.core.api.Assertions.assertThat(active.getId().getTags())
                .containsExactlyInAnyOrder(Tag.of("channel", "orders"), Tag.of("listener", "billing"));
        org.assertj.core.api.Assertions.assertThat(active.activeTasks()).isEqualTo(1);
        observation.error(new IllegalStateException("failed"));
        end(observation);

        org.assertj.core.api.Assertions.assertThat(active.activeTasks()).isZero();
        org.assertj.core.api.Assertions.assertThat(meters.get("ove.channel.listener")
                .tags("outcome", "failure", "exception", "IllegalStateException").timer().count()).isEqualTo(1);
    }

    @Test
    void theContextHandsConventionsTheDelivery() {
        ChannelListenerObservationContext batch = new ChannelListenerObservationContext("orders", "billing",
                List.of("a", "b"), true);
        ChannelListenerObservationContext single = new ChannelListenerObservationContext("orders", "billing", "a",
                false);

        org.assertj.core.api.Assertions.assertThat(batch.getPayload()).isEqualTo(List.of("a", "b"));
        org.assertj.core.api.Assertions.assertThat(batch.isBatch()).isTrue();
        org.assertj.core.api.Assertions.assertThat(single.getPayload()).isEqualTo("a");
        org.assertj.core.api.Assertions.assertThat(single.isBatch()).isFalse();
        org.assertj.core.api.Assertions.assertThat(single.isEnded()).isFalse();
        org.assertj.core.api.Assertions.assertThat(ChannelListenerObservation.LISTENER.getLowCardinalityKeyNames())
                .extracting(io.micrometer.common.docs.KeyName::asString)
                .containsExactly("channel", "listener", "outcome", "exception");
    }

    @Test
    void theConventionSupportsOnlyListenerContexts() {
        org.assertj.core.api.Assertions.assertThat(DefaultChannelListenerObservationConvention.INSTANCE
                .supportsContext(new ChannelListenerObservationContext("orders", "billing", "x", false))).isTrue();
        org.assertj.core.api.Assertions.assertThat(DefaultChannelListenerObservationConvention.INSTANCE
                .supportsContext(new Observation.Context())).isFalse();
    }
}
