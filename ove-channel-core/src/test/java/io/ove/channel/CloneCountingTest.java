package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CloneCountingTest {

    private final Channel<Integer> channel = Channel.bounded(8);

    @Test
    void everyCloneIsCountedAsALiveHandle() {
        Sender<Integer> a = channel.sender().clone();
        Sender<Integer> b = a.clone();
        Receiver<Integer> r = channel.receiver().clone();
        assertThat(channel.stats().liveSenders()).isEqualTo(3);
        assertThat(channel.stats().liveReceivers()).isEqualTo(2);
        a.close();
        b.close();
        r.close();
        assertThat(channel.stats().liveSenders()).isEqualTo(1);
        assertThat(channel.stats().liveReceivers()).isEqualTo(1);
    }

    @Test
    void theChannelStaysOpenForSendingUntilTheLastSenderCloneCloses() {
        Sender<Integer> clone = channel.sender().clone();
        channel.sender().close();
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
        assertThat(clone.trySend(1)).isEqualTo(SendResult.SENT);
        clone.close();
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
    }

    @Test
    void theChannelStaysOpenForReceivingUntilTheLastReceiverCloneCloses() {
        Receiver<Integer> clone = channel.receiver().clone();
        channel.receiver().close();
        assertThat(channel.sender().trySend(1)).isEqualTo(SendResult.SENT);
        assertThat(clone.tryRecv()).isEqualTo(1);
        clone.close();
        assertThat(channel.sender().trySend(2)).isEqualTo(SendResult.CLOSED);
    }

    @Test
    void clonesShareOneFifo() {
        Sender<Integer> clone = channel.sender().clone();
        channel.sender().trySend(1);
        clone.trySend(2);
        Receiver<Integer> rxClone = channel.receiver().clone();
        assertThat(rxClone.tryRecv()).isEqualTo(1);
        assertThat(channel.receiver().tryRecv()).isEqualTo(2);
    }

    @Test
    void closingAHandleTwiceReleasesItsCountOnce() {
        Receiver<Integer> clone = channel.receiver().clone();
        clone.close();
        clone.close();
        assertThat(channel.stats().liveReceivers()).isEqualTo(1);
        assertThat(channel.state()).isEqualTo(ChannelState.OPEN);
    }
}
