package io.ove.channel.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import io.ove.channel.Sender;

/**
 * A handle's presence must count at the broker by the time {@code sender()} or {@code receiver()}
 * returns: a JVM that closes its last handle of a side right after another JVM opened one must see
 * that one, or it would close the side under it. A receiver counts before it ever receives.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@RequiresBroker
class PresenceTest {

    private final RabbitBroker broker = RabbitBroker.get();

    @RepeatedTest(20)
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

    @RepeatedTest(3)
    void aReceiverThatNeverReceivedStillKeepsTheReceivingSideOpen() throws Exception {
        String queue = "presence-" + UUID.randomUUID();
        try (RabbitChannel<String> idle = RabbitChannel.builder(broker.client(), queue).open();
                RabbitChannel<String> busy = RabbitChannel.builder(broker.client(), queue).open()) {
            io.ove.channel.Receiver<String> unused = idle.receiver();
            io.ove.channel.Receiver<String> used = busy.receiver();
            Sender<String> sender = busy.sender();
            sender.send("taken by the busy one");
            assertThat(used.recv(10, TimeUnit.SECONDS)).isEqualTo("taken by the busy one");
            used.close();
            busy.refresh();
            assertThat(busy.storage().isClosedForReceiving()).isFalse();
            assertThat(sender.trySend("for the idle one")).isEqualTo(io.ove.channel.SendResult.SENT);
            assertThat(unused.recv(10, TimeUnit.SECONDS)).isEqualTo("for the idle one");
            unused.close();
            busy.refresh();
            assertThat(busy.storage().isClosedForReceiving()).isTrue();
        }
    }
}
