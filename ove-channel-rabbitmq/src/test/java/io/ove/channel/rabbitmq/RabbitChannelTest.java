package io.ove.channel.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.ChannelState;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;

/**
 * The channel rules over a real broker, within one JVM: each {@link RabbitChannel} opened on the
 * same queue has its own connection, so two of them stand for two JVMs as far as the broker can
 * tell (separate consumers, separate presence).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@RequiresBroker
class RabbitChannelTest {

    private final RabbitBroker broker = RabbitBroker.get();
    private final String queue = "test-" + UUID.randomUUID();

    private RabbitChannelBuilder channel() {
        return RabbitChannel.builder(broker.client(), queue).capacity(4);
    }

    @Test
    void messagesArriveInOrderAndOnlyAfterTheBrokerConfirmedThem() throws Exception {
        try (RabbitChannel<String> channel = channel().open()) {
            Sender<String> sender = channel.sender();
            Receiver<String> receiver = channel.receiver();
            for (int i = 0; i < 4; i++) {
                assertThat(sender.trySend("m" + i)).isEqualTo(SendResult.SENT);
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(receiver.recv(10, TimeUnit.SECONDS));
            }
            assertThat(got).containsExactly("m0", "m1", "m2", "m3");
            assertThat(channel.stats().sent()).isEqualTo(4);
            assertThat(channel.stats().received()).isEqualTo(4);
        }
    }

    @Test
    void dropNewestRefusesASendToAFullQueue() throws Exception {
        try (RabbitChannel<String> channel = channel().overflow(OverflowPolicy.DROP_NEWEST).open()) {
            Sender<String> sender = channel.sender();
            for (int i = 0; i < 4; i++) {
                assertThat(sender.trySend("m" + i)).isEqualTo(SendResult.SENT);
            }
            assertThat(sender.trySend("refused")).isEqualTo(SendResult.FULL);
            channel.refresh();
            assertThat(channel.stats().depth()).isEqualTo(4);
            assertThat(channel.stats().fullDrops()).isEqualTo(1);
            Receiver<String> receiver = channel.receiver();
            assertThat(receiver.recv(10, TimeUnit.SECONDS)).isEqualTo("m0");
        }
    }

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void aQuorumQueueHoldsExactlyItsCapacity(OverflowPolicy overflow) throws Exception {
        for (int capacity : new int[] {1, 3}) {
            String own = queue + "-" + capacity;
            try (RabbitChannel<String> channel = RabbitChannel.builder(broker.client(), own).capacity(capacity)
                    .queueType(QueueType.QUORUM).overflow(overflow).open()) {
                Sender<String> sender = channel.sender();
                int sent = 0;
                for (int i = 0; i < capacity + 3; i++) {
                    SendResult result = overflow == OverflowPolicy.BLOCK
                            ? sender.send("m" + i, 100, TimeUnit.MILLISECONDS)
                            : sender.trySend("m" + i);
                    sent += result == SendResult.SENT ? 1 : 0;
                }
                channel.refresh();
                assertThat(channel.stats().depth()).as("depth of %s, capacity %d", overflow, capacity).isEqualTo(capacity);
                assertThat(sent).isEqualTo(overflow == OverflowPolicy.DROP_OLDEST ? capacity + 3 : capacity);
                Receiver<String> receiver = channel.receiver();
                assertThat(receiver.recv(10, TimeUnit.SECONDS))
                        .isEqualTo(overflow == OverflowPolicy.DROP_OLDEST ? "m3" : "m0");
            }
        }
    }

    @Test
    void blockWaitsForRoomAndGivesUpAtItsTimeout() throws Exception {
        try (RabbitChannel<String> producer = channel().open(); RabbitChannel<String> consumer = channel().open()) {
            Sender<String> sender = producer.sender();
            for (int i = 0; i < 4; i++) {
                sender.send("m" + i);
            }
            assertThat(sender.send("late", 200, TimeUnit.MILLISECONDS)).isEqualTo(SendResult.FULL);
            CompletableFuture<SendResult> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return sender.send("waited", 30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Receiver<String> receiver = consumer.receiver();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(receiver.recv(30, TimeUnit.SECONDS));
            }
            assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
            assertThat(got).containsExactly("m0", "m1", "m2", "m3", "waited");
        }
    }

    @Test
    void dropOldestEvictsTheHeadIntoTheUndeliveredQueue() throws Exception {
        try (RabbitChannel<String> channel = channel().overflow(OverflowPolicy.DROP_OLDEST).open()) {
            Sender<String> sender = channel.sender();
            for (int i = 0; i < 6; i++) {
                assertThat(sender.trySend("m" + i)).isEqualTo(SendResult.SENT);
            }
            channel.refresh();
            assertThat(channel.evicted()).isEqualTo(2);
            Receiver<String> receiver = channel.receiver();
            assertThat(receiver.recv(10, TimeUnit.SECONDS)).isEqualTo("m2");
            try (RabbitChannel<String> evictions = RabbitChannel.builder(broker.client(), channel.undeliveredQueue())
                    .capacity(1000).open()) {
                // the undelivered queue is a plain queue: read it as a channel of its own
                assertThat(evictions.receiver().recv(10, TimeUnit.SECONDS)).isEqualTo("m0");
            } catch (RabbitChannelException settingsDiffer) {
                // it was declared without a bound; reading it is the operator's job, counted above
            }
        }
    }

    @Test
    void lastSenderClosedInEveryJvmLetsReceiversDrainThenSeeClosed() throws Exception {
        try (RabbitChannel<String> first = channel().open(); RabbitChannel<String> second = channel().open();
                RabbitChannel<String> consumer = channel().open()) {
            Sender<String> a = first.sender();
            Sender<String> b = second.sender();
            Receiver<String> receiver = consumer.receiver();
            a.send("a");
            b.send("b");
            a.close();
            consumer.refresh();
            assertThat(consumer.storage().isClosedForSending()).isFalse();
            b.close();
            List<String> got = new ArrayList<>();
            for (;;) {
                try {
                    got.add(receiver.recv(30, TimeUnit.SECONDS));
                } catch (ChannelClosedException closed) {
                    break;
                }
            }
            assertThat(got).containsExactlyInAnyOrder("a", "b");
            assertThat(consumer.storage().state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
        }
    }

    @Test
    void lastReceiverClosedMakesEverySendFailClosed() throws Exception {
        try (RabbitChannel<String> producer = channel().open(); RabbitChannel<String> consumer = channel().open()) {
            Sender<String> sender = producer.sender();
            Receiver<String> receiver = consumer.receiver();
            assertThat(sender.trySend("before")).isEqualTo(SendResult.SENT);
            assertThat(receiver.recv(10, TimeUnit.SECONDS)).isEqualTo("before");
            receiver.close();
            producer.refresh();
            assertThat(sender.trySend("after")).isEqualTo(SendResult.CLOSED);
            assertThatThrownBy(() -> sender.send("after")).isInstanceOf(ChannelClosedException.class);
        }
    }

    @Test
    void aJvmThatDiesWithoutClosingDoesNotCloseTheChannel() throws Exception {
        RabbitChannel<String> dying = channel().open();
        Sender<String> lost = dying.sender();
        lost.send("sent before the crash");
        // What a crash looks like to the broker: the connection drops, nobody closed a handle.
        dying.storage();
        java.lang.reflect.Field field = RabbitChannel.class.getDeclaredField("connections");
        field.setAccessible(true);
        ((org.springframework.amqp.rabbit.connection.CachingConnectionFactory) field.get(dying)).destroy();
        try (RabbitChannel<String> survivor = channel().open()) {
            Receiver<String> receiver = survivor.receiver();
            assertThat(receiver.recv(10, TimeUnit.SECONDS)).isEqualTo("sent before the crash");
            assertThat(receiver.recv(600, TimeUnit.MILLISECONDS)).isNull(); // open and empty, not closed
            assertThat(survivor.storage().state()).isEqualTo(ChannelState.OPEN);
        }
    }

    @Test
    void anUnacknowledgedDeliveryGoesToAnotherConsumerWhenItsJvmDies() throws Exception {
        try (RabbitChannel<String> producer = channel().open()) {
            producer.sender().send("work");
            RabbitChannel<String> dying = channel().open();
            dying.receiver();
            RabbitDelivery<String> taken = dying.receiveDelivery(Duration.ofSeconds(10));
            assertThat(taken.message()).isEqualTo("work");
            dying.close(); // before acknowledging: the broker takes the delivery back
            try (RabbitChannel<String> other = channel().open()) {
                other.receiver();
                RabbitDelivery<String> again = other.receiveDelivery(Duration.ofSeconds(10));
                assertThat(again.message()).isEqualTo("work");
                assertThat(again.redelivered()).isTrue();
                assertThat(again.acknowledge()).isTrue();
            }
        }
    }

    @Test
    void aFinishedChannelStartsOverWhenOpenedAgain() throws Exception {
        try (RabbitChannel<String> channel = channel().open()) {
            channel.sender().close();
            assertThat(channel.storage().isClosedForSending()).isTrue();
        }
        try (RabbitChannel<String> again = channel().open()) {
            assertThat(again.storage().state()).isEqualTo(ChannelState.OPEN);
            Sender<String> sender = again.sender();
            assertThat(sender.trySend("new run")).isEqualTo(SendResult.SENT);
            assertThat(again.receiver().recv(10, TimeUnit.SECONDS)).isEqualTo("new run");
        }
    }

    @Test
    void aJvmAskingForAnotherCapacityIsToldWhichSettingDiffers() {
        try (RabbitChannel<String> channel = channel().open()) {
            assertThatThrownBy(() -> channel().capacity(8).open())
                    .isInstanceOf(RabbitChannelException.class)
                    .hasMessageContaining(queue)
                    .hasMessageContaining("capacity 8")
                    .hasMessageContaining("delete the queue");
        }
    }

    @Test
    void whileTheBrokerIsDownASendIsRefusedAsFullAndCountedThenWorksAgain() throws Exception {
        try (RabbitChannel<String> channel = channel().open()) {
            Sender<String> sender = channel.sender();
            assertThat(sender.trySend("before")).isEqualTo(SendResult.SENT);
            broker.stopApp();
            try {
                assertThat(sender.trySend("during")).isEqualTo(SendResult.FULL);
                assertThat(sender.send("during, waiting", 300, TimeUnit.MILLISECONDS)).isEqualTo(SendResult.FULL);
                assertThat(channel.unreachableRefusals()).isEqualTo(2);
                assertThat(channel.stats().fullDrops()).isEqualTo(2);
            } finally {
                broker.startApp();
            }
            assertThat(sender.send("after", 30, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
            Receiver<String> receiver = channel.receiver();
            assertThat(receiver.recv(30, TimeUnit.SECONDS)).isEqualTo("before");
            assertThat(receiver.recv(30, TimeUnit.SECONDS)).isEqualTo("after");
        }
    }

    @Test
    void closingHandlesWhileTheBrokerIsDownSucceedsAndLeavesTheSidesOpen() throws Exception {
        RabbitChannel<String> channel = channel().open();
        Sender<String> sender = channel.sender();
        Receiver<String> receiver = channel.receiver();
        broker.stopApp();
        try {
            sender.close();
            receiver.close();
            channel.close();
        } finally {
            broker.startApp();
        }
        try (RabbitChannel<String> again = channel().open()) {
            again.refresh();
            assertThat(again.storage().state()).isEqualTo(ChannelState.OPEN);
        }
    }

    @Test
    void anUnreachableBrokerFailsTheOpenWithTheAddress() throws Exception {
        com.rabbitmq.client.ConnectionFactory nowhere = broker.client();
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            nowhere.setPort(closed.getLocalPort());
        }
        assertThatThrownBy(() -> RabbitChannel.builder(nowhere, queue).open())
                .isInstanceOf(RabbitChannelException.class)
                .hasMessageContaining("127.0.0.1:" + nowhere.getPort());
    }
}
