package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers in a {@link Select}: {@code after}, {@code tick} and {@code never}, after
 * crossbeam-channel's {@code tests/after.rs}, {@code tests/tick.rs} and {@code tests/never.rs}
 * (MIT/Apache-2.0, https://github.com/crossbeam-rs/crossbeam), rewritten for this API. Elapsed
 * times are only checked from below (a timer never fires early); nothing sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectTimerTest {

    /** after.rs {@code fire}, {@code recv_two}: an after timer fires once, not before its delay. */
    @Test
    void anAfterTimerFiresOnceNotBeforeItsDelay() throws Exception {
        Channel<Integer> channel = Channel.bounded(1);
        Select select = new Select();
        select.recv(channel.receiver());
        long start = System.nanoTime();
        TimerOperation after = select.after(Duration.ofMillis(30));
        assertThat(after.remaining(TimeUnit.MILLISECONDS)).isBetween(1L, 30L);
        assertThat(select.select()).isSameAs(after);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(after.remaining(TimeUnit.NANOSECONDS)).isEqualTo(Long.MAX_VALUE);
        assertThat(select.select(Duration.ofMillis(20))).as("fired once").isNull();
        long restarted = System.nanoTime();
        after.restart();
        assertThat(select.select()).isSameAs(after);
        assertThat(System.nanoTime() - restarted).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    }

    /** after.rs {@code select}: a message that comes first wins over a timer not yet due. */
    @Test
    void aMessageBeforeTheTimerIsDueCompletesTheReceive() throws Exception {
        Channel<Integer> channel = Channel.bounded(1);
        Select select = new Select();
        RecvOperation<Integer> recv = select.recv(channel.receiver());
        TimerOperation after = select.after(Duration.ofSeconds(30));
        FutureTask<SelectOperation> selecting = Await.onThread("select", select::select);
        Await.until("the select waits", () -> channel.storage().waitingReceivers() == 1);
        channel.sender().send(5);
        assertThat(selecting.get(20, TimeUnit.SECONDS)).isSameAs(recv);
        assertThat(recv.message()).isEqualTo(5);
        assertThat(after.remaining(TimeUnit.SECONDS)).isPositive();
    }

    /** tick.rs {@code fire}, {@code intervals}: ticks come at least one period apart. */
    @Test
    void aTickTimerFiresEveryPeriod() throws Exception {
        Select select = new Select();
        TimerOperation tick = select.tick(Duration.ofMillis(10));
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(select.select()).isSameAs(tick);
        }
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThatIllegalArgumentException().isThrownBy(() -> select.tick(Duration.ZERO));
    }

    /** never.rs {@code smoke}, {@code optional_channels}: never is never ready, and keeps indexes stable. */
    @Test
    void neverIsNeverReady() throws Exception {
        Select select = new Select();
        TimerOperation never = select.never();
        Channel<Integer> channel = Channel.bounded(1);
        RecvOperation<Integer> recv = select.recv(channel.receiver());
        assertThat(never.index()).isZero();
        assertThat(recv.index()).isEqualTo(1);
        assertThat(select.trySelect()).isNull();
        assertThat(select.tryReady()).isNull();
        assertThat(select.select(Duration.ofMillis(20))).isNull();
        assertThat(never.remaining(TimeUnit.SECONDS)).isEqualTo(Long.MAX_VALUE);
        channel.sender().send(1);
        assertThat(select.select()).isSameAs(recv);
    }

    @Test
    void aDueTimerIsReadyAndTheCallsOwnTimeoutStillApplies() throws Exception {
        Select select = new Select();
        TimerOperation after = select.after(Duration.ZERO);
        assertThat(select.tryReady()).isSameAs(after);
        assertThat(select.trySelect()).isSameAs(after);
        assertThat(select.tryReady()).isNull();
        TimerOperation later = select.after(Duration.ofSeconds(30));
        assertThat(select.select(Duration.ofMillis(20))).as("the call's timeout comes first").isNull();
        assertThat(later.remaining(TimeUnit.SECONDS)).isPositive();
        assertThat(after.channelName()).isEqualTo("after");
    }
}
