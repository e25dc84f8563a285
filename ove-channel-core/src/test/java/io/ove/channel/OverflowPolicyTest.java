package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class OverflowPolicyTest {

    private final List<String> undelivered = new ArrayList<>();

    private Channel<String> channel(OverflowPolicy policy) {
        return Channel.<String>builder(2)
                .overflow(policy)
                .onUndelivered((message, reason) -> undelivered.add(message + ":" + reason))
                .build();
    }

    @Test
    void blockIsTheDefault() {
        assertThat(Channel.bounded(1).sender().overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
    }

    @Test
    void dropNewestRefusesTheNewMessageWithoutWaitingAndCountsIt() throws Exception {
        Channel<String> channel = channel(OverflowPolicy.DROP_NEWEST);
        Sender<String> tx = channel.sender();
        tx.send("a");
        tx.send("b");
        assertThat(tx.send("c")).isEqualTo(SendResult.FULL);
        assertThat(tx.trySend("d")).isEqualTo(SendResult.FULL);
        assertThat(channel.stats().fullDrops()).isEqualTo(2);
        assertThat(channel.stats().evicted()).isZero();
        assertThat(drain(channel)).containsExactly("a", "b");
        assertThat(undelivered).isEmpty();
    }

    @Test
    void dropOldestEvictsTheOldestMessageReportsItAndCountsIt() throws Exception {
        Channel<String> channel = channel(OverflowPolicy.DROP_OLDEST);
        Sender<String> tx = channel.sender();
        tx.send("a");
        tx.send("b");
        assertThat(tx.send("c")).isEqualTo(SendResult.SENT);
        assertThat(tx.trySend("d")).isEqualTo(SendResult.SENT);
        assertThat(drain(channel)).containsExactly("c", "d");
        assertThat(undelivered).containsExactly("a:EVICTED", "b:EVICTED");
        ChannelStats stats = channel.stats();
        assertThat(stats.fullDrops()).isEqualTo(2);
        assertThat(stats.evicted()).isEqualTo(2);
        assertThat(stats.sent()).isEqualTo(4);
        assertThat(stats.received()).isEqualTo(2);
    }

    @Test
    void dropPoliciesStillThrowOnClosureForBlockingSends() {
        for (OverflowPolicy policy : List.of(OverflowPolicy.DROP_NEWEST, OverflowPolicy.DROP_OLDEST)) {
            Channel<String> channel = channel(policy);
            channel.receiver().close();
            assertThat(channel.sender().trySend("x")).isEqualTo(SendResult.CLOSED);
            org.assertj.core.api.Assertions.assertThatExceptionOfType(ChannelClosedException.class)
                    .isThrownBy(() -> channel.sender().send("y"));
        }
    }

    private static List<String> drain(Channel<String> channel) {
        List<String> out = new ArrayList<>();
        channel.receiver().drainTo(out, 100);
        return out;
    }
}
