package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CleanerReleaseTest {

    @Test
    void aForgottenReceiverIsReleasedByTheCleanerAndCountedAsLeaked() throws Exception {
        Channel<String> channel = Channel.bounded(1);
        Sender<String> tx = channel.sender();
        tx.send("fills the channel");
        FutureTask<SendResult> blocked = Await.onThread("blocked-sender", () -> tx.send("waits for room"));
        Await.until("the sender parks", () -> channel.storage().waitingSenders() == 1);

        forgetFirstReceiverOf(channel);
        Await.until("the cleaner releases the forgotten receiver", () -> {
            System.gc();
            return channel.stats().leakedHandles() == 1;
        }, Duration.ofSeconds(30));

        // The peer is not kept waiting forever: the parked sender learns that nobody receives.
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
        assertThat(channel.stats().liveReceivers()).isZero();
        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(channel.stats().undelivered()).isEqualTo(1);
    }

    @Test
    void anExplicitlyClosedHandleIsNotCountedAsLeaked() {
        Channel<String> channel = Channel.bounded(1);
        channel.sender().clone().close();
        // A forgotten clone is the witness: once the cleaner has counted it, it has also run for
        // whatever else the same collections found, and the closed clone must not count again.
        channel.sender().clone();
        Await.until("the cleaner releases the forgotten clone", () -> {
            System.gc();
            return channel.stats().leakedHandles() >= 1;
        }, Duration.ofSeconds(30));
        assertThat(channel.stats().leakedHandles()).isEqualTo(1);
        assertThat(channel.stats().liveSenders()).isEqualTo(1);
    }

    @Test
    void aForgottenSenderCloneIsReleasedSoReceiversAreNotKeptWaiting() throws Exception {
        Channel<String> channel = Channel.bounded(1);
        Receiver<String> rx = channel.receiver();
        channel.sender().clone(); // forgotten at once
        channel.sender().close();
        FutureTask<String> waiting = Await.onThread("waiting-receiver", rx::recv);

        Await.until("the cleaner releases the forgotten sender", () -> {
            System.gc();
            return channel.stats().leakedHandles() == 1;
        }, Duration.ofSeconds(30));

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_SENDING);
    }

    /**
     * Drops the channel object's only strong path to its first receiver. The channel keeps its
     * first handles in final fields, so the test reaches the receiver only through a clone it
     * then forgets, and closes the original.
     */
    private static void forgetFirstReceiverOf(Channel<String> channel) {
        channel.receiver().clone(); // forgotten at once
        channel.receiver().close();
    }
}
