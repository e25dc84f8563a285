package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void boundedReturnsTheFirstSenderAndReceiverEveryTime() {
        Channel<String> channel = Channel.bounded(5);
        assertThat(channel.sender()).isSameAs(channel.sender());
        assertThat(channel.receiver()).isSameAs(channel.receiver());
        assertThat(channel.stats().liveSenders()).isEqualTo(1);
        assertThat(channel.stats().liveReceivers()).isEqualTo(1);
    }

    @Test
    void capacityIsExactlyWhatWasAskedFor() {
        Channel<Integer> channel = Channel.bounded(5);
        assertThat(channel.capacity()).isEqualTo(5);
        assertThat(channel.sender().capacity()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(channel.sender().trySend(i)).isEqualTo(SendResult.SENT);
        }
        assertThat(channel.sender().isFull()).isTrue();
        assertThat(channel.sender().trySend(5)).isEqualTo(SendResult.FULL);
        assertThat(channel.receiver().size()).isEqualTo(5);
    }

    @Test
    void capacityOutOfRangeIsRejectedWithTheAllowedRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> Channel.bounded(-1))
                .withMessage("capacity must be between 0 (rendezvous) and 1073741824 (inclusive), but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> Channel.bounded(-3))
                .withMessageContaining("but was -3");
        assertThatIllegalArgumentException().isThrownBy(() -> Channel.builder(Integer.MAX_VALUE).build())
                .withMessageContaining("between 0 (rendezvous) and 1073741824");
    }

    @Test
    void builderAppliesNamePolicyAndHandler() {
        Channel<String> channel = Channel.<String>builder(3)
                .name("orders")
                .overflow(OverflowPolicy.DROP_NEWEST)
                .onUndelivered((message, reason) -> { })
                .build();
        assertThat(channel.name()).isEqualTo("orders");
        assertThat(channel.sender().name()).isEqualTo("orders");
        assertThat(channel.storage().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
        assertThat(channel.toString()).contains("orders", "capacity=3", "OPEN");
        assertThat(channel.storage().toString()).contains("orders", "capacity=3", "DROP_NEWEST", "OPEN");
    }

    @Test
    void unnamedChannelsGetDistinctGeneratedNames() {
        assertThat(Channel.bounded(1).name()).startsWith("channel-").isNotEqualTo(Channel.bounded(1).name());
    }

    @Test
    void builderRejectsBadArgumentsByName() {
        assertThatNullPointerException().isThrownBy(() -> Channel.builder(1).name(null)).withMessageContaining("name");
        assertThatIllegalArgumentException().isThrownBy(() -> Channel.builder(1).name(" ")).withMessageContaining("blank");
        assertThatNullPointerException().isThrownBy(() -> Channel.builder(1).overflow(null)).withMessageContaining("overflow");
        assertThatNullPointerException().isThrownBy(() -> Channel.builder(1).onUndelivered(null))
                .withMessageContaining("handler");
    }

    @Test
    void handlesDescribeTheirChannel() throws Exception {
        Channel<String> channel = Channel.<String>builder(2).name("described").build();
        Sender<String> tx = channel.sender();
        Receiver<String> rx = channel.receiver();
        assertThat(tx.isEmpty()).isTrue();
        assertThat(tx.isFull()).isFalse();
        assertThat(tx.state()).isEqualTo(ChannelState.OPEN);
        assertThat(rx.stats().name()).isEqualTo("described");
        tx.send("a");
        assertThat(rx.isEmpty()).isFalse();
        assertThat(rx.isFull()).isFalse();
        assertThat(channel.storage().isEmpty()).isFalse();
        tx.send("b");
        assertThat(channel.storage().isFull()).isTrue();
        assertThat(rx.isFull()).isTrue();
        assertThat(tx.toString()).contains("Sender", "described");
        Sender<String> clone = tx.clone();
        clone.close();
        assertThat(clone.toString()).contains("closed");
        rx.close();
        assertThat(tx.isClosedForReceiving()).isTrue();
        assertThat(channel.storage().isClosedForReceiving()).isTrue();
        assertThat(tx.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
    }

    @Test
    void sendResultTellsWhetherTheMessageWasSent() {
        assertThat(SendResult.SENT.isSent()).isTrue();
        assertThat(SendResult.FULL.isSent()).isFalse();
        assertThat(SendResult.CLOSED.isSent()).isFalse();
    }
}
