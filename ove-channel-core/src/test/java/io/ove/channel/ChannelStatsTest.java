package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelStatsTest {

    @Test
    void statisticsMatchKnownTraffic() throws Exception {
        Channel<Integer> channel = Channel.<Integer>builder(4).name("stats").build();
        Sender<Integer> tx = channel.sender();
        Receiver<Integer> rx = channel.receiver();
        Sender<Integer> extra = tx.clone();
        for (int i = 0; i < 4; i++) {
            tx.send(i);
        }
        tx.trySend(99);                  // full drop
        rx.recv();
        rx.recv();
        extra.close();

        ChannelStats stats = channel.stats();
        assertThat(stats.name()).isEqualTo("stats");
        assertThat(stats.capacity()).isEqualTo(4);
        assertThat(stats.depth()).isEqualTo(2);
        assertThat(stats.sent()).isEqualTo(4);
        assertThat(stats.received()).isEqualTo(2);
        assertThat(stats.fullDrops()).isEqualTo(1);
        assertThat(stats.closedDrops()).isZero();
        assertThat(stats.liveSenders()).isEqualTo(1);
        assertThat(stats.liveReceivers()).isEqualTo(1);
        assertThat(stats.state()).isEqualTo(ChannelState.OPEN);

        rx.close();                       // two still buffered become undelivered
        tx.trySend(100);                  // closed drop
        stats = channel.stats();
        assertThat(stats.undelivered()).isEqualTo(2);
        assertThat(stats.closedDrops()).isEqualTo(1);
        assertThat(stats.depth()).isZero();
        assertThat(stats.received()).isEqualTo(2);
        assertThat(stats.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        assertThat(stats.sent()).isEqualTo(stats.received() + stats.evicted() + stats.undelivered() + stats.depth());
    }

    @Test
    void totalsKeepCountingAcrossManyLapsOfTheRing() {
        Channel<Integer> channel = Channel.bounded(3);
        for (int i = 0; i < 10_000; i++) {
            channel.sender().trySend(i);
            channel.receiver().tryRecv();
        }
        assertThat(channel.stats().sent()).isEqualTo(10_000);
        assertThat(channel.stats().received()).isEqualTo(10_000);
        assertThat(channel.stats().depth()).isZero();
    }
}
