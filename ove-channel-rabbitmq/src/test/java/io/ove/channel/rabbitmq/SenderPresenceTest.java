package io.ove.channel.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import io.ove.channel.Sender;

/**
 * A sender's presence must count at the broker by the time {@code sender()} returns: a JVM that
 * closes its last sender right after another JVM opened one must see that one, or it would close
 * the channel under it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderPresenceTest {

    private final RabbitBroker broker = RabbitBroker.get();

    @RepeatedTest(5)
    void aSenderCountsAtTheBrokerAsSoonAsItIsOpened() {
        String queue = "presence-" + UUID.randomUUID();
        try (RabbitChannel<String> first = RabbitChannel.builder(broker.client(), queue).open();
                RabbitChannel<String> second = RabbitChannel.builder(broker.client(), queue).open()) {
            Sender<String> leaving = first.sender();
            Sender<String> staying = second.sender();
            leaving.close();
            second.refresh();
            assertThat(second.storage().isClosedForSending()).isFalse();
            assertThat(second.storage().liveSenders()).isEqualTo(1);
            staying.close();
            second.refresh();
            assertThat(second.storage().isClosedForSending()).isTrue();
        }
    }
}
