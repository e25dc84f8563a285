package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RingTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 8, 9, 1000})
    void holdsExactlyItsCapacityNeverARoundedUpOne(int capacity) {
        Ring ring = new Ring(capacity);
        for (int i = 0; i < capacity; i++) {
            assertThat(ring.offer(i)).isEqualTo(Ring.OFFERED);
        }
        assertThat(ring.offer(-1)).isEqualTo(Ring.FULL);
        assertThat(ring.size()).isEqualTo(capacity);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 8})
    void keepsFifoOrderAcrossManyLaps(int capacity) {
        Ring ring = new Ring(capacity);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 1000; round++) {
            int batch = 1 + round % capacity;
            for (int i = 0; i < batch; i++) {
                assertThat(ring.offer(next++)).isEqualTo(Ring.OFFERED);
            }
            for (int i = 0; i < batch; i++) {
                assertThat(ring.poll()).isEqualTo(expected++);
            }
        }
        assertThat(ring.poll()).isNull();
        assertThat(ring.tailPosition()).isEqualTo(next);
        assertThat(ring.headPosition()).isEqualTo(expected);
    }

    @Test
    void closedMarkRefusesOffersButLetsPollsDrainThenReportsClosedAndEmpty() {
        Ring ring = new Ring(4);
        ring.offer("a");
        assertThat(ring.markClosed()).isTrue();
        assertThat(ring.markClosed()).isFalse();
        assertThat(ring.offer("b")).isEqualTo(Ring.CLOSED);
        assertThat(ring.poll()).isEqualTo("a");
        assertThat(ring.poll()).isSameAs(Ring.CLOSED_AND_EMPTY);
        assertThat(Ring.CLOSED_AND_EMPTY).hasToString("CLOSED_AND_EMPTY");
        assertThat(ring.tailPosition()).isEqualTo(1);
    }

    @Test
    void emptyOpenRingPollsNull() {
        assertThat(new Ring(2).poll()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, (1 << 30) + 1, Integer.MAX_VALUE})
    void rejectsCapacityOutsideTheAllowedRangeNamingTheRange(int capacity) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Ring(capacity))
                .withMessageContaining("between 1 and 1073741824")
                .withMessageContaining(String.valueOf(capacity));
    }
}
