package io.ove.channel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The broker benchmarks' numbered messages. */
class BrokerPayloadsTest {

    @Test
    void everyMessageIsTwelveCharactersAndCarriesItsNumber() {
        for (int n : new int[] {0, 42, 999_999}) {
            String message = BrokerPayloads.get(n);
            assertThat(message).hasSize(12).startsWith("order-");
            assertThat(BrokerPayloads.number(message)).isEqualTo(n);
        }
    }
}
