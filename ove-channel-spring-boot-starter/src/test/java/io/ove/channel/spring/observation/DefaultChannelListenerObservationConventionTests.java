package io.ove.channel.spring.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;

import io.micrometer.observation.Observation;
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

    @Test
    void aSuccessfulDeliveryIsNamedAfterItsChannelAndTaggedSuccessAndNone() {
        observation("order", false).start().stop();

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
        observation.stop();

        assertThat(registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("outcome", "failure")
                .hasLowCardinalityKeyValue("exception", "IllegalArgumentException")
                .hasError();
    }

    @Test
    void anAnonymousExceptionClassIsTaggedWithItsFullName() {
        Observation observation = observation("order", false).start();
        observation.error(new RuntimeException() { });
        observation.stop();

        assertThat(registry).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("exception", getClass().getName() + "$1");
    }

    @Test
    void theConventionSupportsOnlyListenerContexts() {
        org.assertj.core.api.Assertions.assertThat(DefaultChannelListenerObservationConvention.INSTANCE
                .supportsContext(new ChannelListenerObservationContext("orders", "billing", "x", false))).isTrue();
        org.assertj.core.api.Assertions.assertThat(DefaultChannelListenerObservationConvention.INSTANCE
                .supportsContext(new Observation.Context())).isFalse();
    }
}
