package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Select} over buffered and rendezvous channels. Most cases follow crossbeam-channel's
 * {@code tests/select.rs} (MIT/Apache-2.0, https://github.com/crossbeam-rs/crossbeam), named after
 * the test they port and rewritten for this API: the channel's waiting counts replace sleeps as
 * the signal that a thread is blocked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectTest {

    /** select.rs {@code smoke1}, {@code smoke2}: the ready operation completes, with its message. */
    @Test
    void smokeTheReadyReceiveCompletes() throws Exception {
        List<Channel<Integer>> channels = new ArrayList<>();
        Select select = new Select();
        List<RecvOperation<Integer>> receives = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            channels.add(Channel.bounded(4));
            receives.add(select.recv(channels.get(i).receiver()));
        }
        channels.get(4).sender().send(5);
        SelectOperation done = select.select();
        assertThat(done).isSameAs(receives.get(4));
        assertThat(receives.get(4).message()).isEqualTo(5);
        assertThat(done.index()).isEqualTo(4);
        assertThat(done.isClosed()).isFalse();

        channels.get(1).sender().send(2);
        assertThat(select.select()).isSameAs(receives.get(1));
        assertThat(receives.get(1).message()).isEqualTo(2);
    }

    /** select.rs {@code disconnected}, {@code default_when_disconnected}: closed counts as ready. */
    @Test
    void aClosedChannelIsReadyAndReportsTheClosure() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Channel<Integer> b = Channel.bounded(1);
        Select select = new Select();
        RecvOperation<Integer> fromA = select.recv(a.receiver());
        select.recv(b.receiver());
        a.sender().close();
        assertThat(select.select(Duration.ofSeconds(20))).isSameAs(fromA);
        assertThat(fromA.isClosed()).isTrue();
        assertThat(fromA.message()).isNull();

        Channel<Integer> rendezvous = Channel.bounded(0);
        rendezvous.receiver().close();
        Select sends = new Select();
        SendOperation<Integer> send = sends.send(rendezvous.sender(), 0);
        assertThat(sends.trySelect()).isSameAs(send);
        assertThat(send.isClosed()).isTrue();
        assertThat(send.message()).isZero(); // still the caller's
    }

    /** select.rs {@code disconnected} (second half): closing wakes a waiting select. */
    @Test
    void closingWakesAWaitingSelect() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Select select = new Select();
        RecvOperation<Integer> fromA = select.recv(a.receiver());
        FutureTask<SelectOperation> selecting = Await.onThread("select", select::select);
        Await.until("the select waits", () -> a.storage().waitingReceivers() == 1);
        a.sender().close();
        assertThat(selecting.get(20, TimeUnit.SECONDS)).isSameAs(fromA);
        assertThat(fromA.isClosed()).isTrue();
    }

    /** select.rs {@code default}: try-select completes nothing when nothing is ready. */
    @Test
    void trySelectNeverWaits() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Channel<Integer> b = Channel.bounded(1);
        Select select = new Select();
        select.recv(a.receiver());
        RecvOperation<Integer> fromB = select.recv(b.receiver());
        assertThat(select.trySelect()).isNull();
        assertThat(new Select().trySelect()).isNull();
        b.sender().send(2);
        assertThat(select.trySelect()).isSameAs(fromB);
        assertThat(fromB.message()).isEqualTo(2);
        assertThat(select.trySelect()).isNull();
    }

    /** select.rs {@code timeout}: a timed select gives up, then completes once a message comes. */
    @Test
    void aTimedSelectGivesUpAndLaterCompletes() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Channel<Integer> b = Channel.bounded(1);
        Select select = new Select();
        select.recv(a.receiver());
        RecvOperation<Integer> fromB = select.recv(b.receiver());
        assertThat(select.select(Duration.ofMillis(20))).isNull();
        assertThat(select.select(0, TimeUnit.SECONDS)).isNull();
        assertThat(a.storage().waitingReceivers()).isZero();
        FutureTask<SelectOperation> selecting = Await.onThread("select", () -> select.select(Duration.ofSeconds(20)));
        Await.until("the select waits", () -> b.storage().waitingReceivers() == 1);
        b.sender().send(2);
        assertThat(selecting.get(20, TimeUnit.SECONDS)).isSameAs(fromB);
        assertThat(fromB.message()).isEqualTo(2);
    }

    /** select.rs {@code unblocks}: a waiting select completes a rendezvous receive and a rendezvous send. */
    @Test
    void aWaitingSelectIsUnblockedByRendezvousCounterparts() throws Exception {
        Channel<Integer> one = Channel.bounded(0);
        Channel<Integer> two = Channel.bounded(0);
        Select receives = new Select();
        receives.recv(one.receiver());
        RecvOperation<Integer> fromTwo = receives.recv(two.receiver());
        FutureTask<SelectOperation> selecting = Await.onThread("select", () -> receives.select(Duration.ofSeconds(20)));
        Await.until("the select waits on both", () -> two.storage().waitingReceivers() == 1
                && one.storage().waitingReceivers() == 1);
        assertThat(two.sender().trySend(2)).isEqualTo(SendResult.SENT);
        assertThat(selecting.get(20, TimeUnit.SECONDS)).isSameAs(fromTwo);
        assertThat(fromTwo.message()).isEqualTo(2);
        assertThat(one.storage().waitingReceivers()).isZero();

        Select sends = new Select();
        SendOperation<Integer> toOne = sends.send(one.sender(), 1);
        sends.send(two.sender(), 2);
        FutureTask<SelectOperation> sending = Await.onThread("select", () -> sends.select(Duration.ofSeconds(20)));
        Await.until("the select waits on both", () -> one.storage().waitingSenders() == 1
                && two.storage().waitingSenders() == 1);
        assertThat(one.receiver().recv()).isEqualTo(1);
        assertThat(sending.get(20, TimeUnit.SECONDS)).isSameAs(toOne);
        assertThat(toOne.message()).isNull();
        assertThat(two.receiver().tryRecv()).isNull(); // the other send was not made
    }

    /** select.rs {@code both_ready}: two selects hand messages to a plain thread in turn. */
    @Test
    void bothReadyCompleteOnePerCall() throws Exception {
        Channel<Integer> one = Channel.bounded(0);
        Channel<Integer> two = Channel.bounded(0);
        FutureTask<Integer> peer = Await.onThread("peer", () -> {
            one.sender().send(1);
            return two.receiver().recv();
        });
        Select select = new Select();
        RecvOperation<Integer> fromOne = select.recv(one.receiver());
        SendOperation<Integer> toTwo = select.send(two.sender(), 2);
        List<SelectOperation> done = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            done.add(select.select());
        }
        assertThat(done).containsExactlyInAnyOrder(fromOne, toTwo);
        assertThat(fromOne.message()).isEqualTo(1);
        assertThat(peer.get(20, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /** select.rs {@code send_recv_same_channel}: a select never pairs with itself. */
    @Test
    void aSelectNeverHandsAMessageToItself() throws Exception {
        Channel<Integer> channel = Channel.bounded(0);
        Select select = new Select();
        select.recv(channel.receiver());
        SendOperation<Integer> send = select.send(channel.sender(), 1);
        assertThat(select.select(Duration.ofMillis(20))).isNull();
        // It waits on both sides at once, for another thread, which can then take its message.
        FutureTask<SelectOperation> selecting = Await.onThread("select", () -> select.select(Duration.ofSeconds(20)));
        Await.until("the select waits on both sides", () -> channel.storage().waitingReceivers() == 1
                && channel.storage().waitingSenders() == 1);
        assertThat(channel.receiver().recv()).isEqualTo(1);
        assertThat(selecting.get(20, TimeUnit.SECONDS)).isSameAs(send);
        Channel<Integer> full = Channel.bounded(1);
        full.sender().send(0);
        Select same = new Select();
        RecvOperation<Integer> recv = same.recv(full.receiver());
        same.send(full.sender(), 1);
        assertThat(same.select()).isSameAs(recv); // the send had no room; the receive made some
    }

    /** select.rs {@code matching}: selects on both sides of a rendezvous channel pair up. */
    @Test
    void selectsOnBothSidesOfARendezvousPairUp() throws Exception {
        int pairs = 4;
        Channel<Integer> channel = Channel.bounded(0);
        List<FutureTask<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 2 * pairs; i++) {
            int id = i;
            tasks.add(Await.onThread("select-" + i, () -> {
                Select select = new Select();
                RecvOperation<Integer> recv = select.recv(channel.receiver());
                select.send(channel.sender(), id);
                SelectOperation done = select.select();
                return done == recv ? recv.message() : -1;
            }));
        }
        List<Integer> got = new ArrayList<>();
        for (FutureTask<Integer> task : tasks) {
            got.add(task.get(30, TimeUnit.SECONDS));
        }
        assertThat(got.stream().filter(x -> x == -1)).hasSize(pairs);
        assertThat(got.stream().filter(x -> x != -1)).hasSize(pairs).doesNotHaveDuplicates();
    }

    /** select.rs {@code stress_recv}/{@code stress_send}/{@code stress_mixed}: nothing lost or doubled. */
    @Test
    void concurrentSelectsOnSharedChannelsTakeEachMessageOnce() throws Exception {
        for (int capacity : new int[] {0, 1, 8}) {
            int perSender = 3_000;
            Channel<Integer> a = Channel.bounded(capacity);
            Channel<Integer> b = Channel.bounded(capacity);
            ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
            List<FutureTask<Object>> tasks = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                int base = s * perSender;
                Sender<Integer> toA = a.sender().clone();
                Sender<Integer> toB = b.sender().clone();
                tasks.add(Await.onThread("sender-" + s, () -> {
                    Select select = new Select();
                    SendOperation<Integer> sa = select.send(toA, null);
                    SendOperation<Integer> sb = select.send(toB, null);
                    for (int i = 0; i < perSender; i++) {
                        // Offer the same message on both; exactly one of the two sends may happen.
                        sa.message(base + i);
                        sb.message(base + i);
                        select.select();
                    }
                    toA.close();
                    toB.close();
                    return null;
                }));
            }
            a.sender().close();
            b.sender().close();
            for (int r = 0; r < 2; r++) {
                Receiver<Integer> fromA = a.receiver().clone();
                Receiver<Integer> fromB = b.receiver().clone();
                tasks.add(Await.onThread("selector-" + r, () -> {
                    Select select = new Select();
                    RecvOperation<Integer> ra = select.recv(fromA);
                    RecvOperation<Integer> rb = select.recv(fromB);
                    int closed = 0;
                    while (closed < 2) {
                        RecvOperation<?> done = (RecvOperation<?>) select.select();
                        if (done.isClosed()) {
                            closed = ra.isClosed() && rb.isClosed() ? 2 : 1;
                            if (closed == 1) {
                                // one side is exhausted: keep receiving from the other alone
                                Receiver<Integer> rest = done == ra ? fromB : fromA;
                                for (Integer message : rest) {
                                    received.add(message);
                                }
                                closed = 2;
                            }
                        } else {
                            received.add((Integer) done.message());
                        }
                    }
                    return null;
                }));
            }
            for (FutureTask<Object> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
            assertThat(received).as("capacity %d", capacity).hasSize(2 * perSender).doesNotHaveDuplicates();
        }
    }

    /** select.rs {@code fairness1}: with several operations always ready, each is chosen. */
    @Test
    void theChoiceAmongReadyOperationsIsFairAndTheBiasedModeIsNot() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Channel<Integer> b = Channel.bounded(1);
        Channel<Integer> c = Channel.bounded(1);
        int[] fair = countChoices(new Select(), a, b, c);
        for (int hits : fair) {
            assertThat(hits).isBetween(2_500, 4_200); // 10,000 rounds over three: about 3,333 each
        }
        int[] biased = countChoices(Select.biased(), a, b, c);
        assertThat(biased).containsExactly(10_000, 0, 0);
    }

    private static int[] countChoices(Select select, Channel<Integer> a, Channel<Integer> b, Channel<Integer> c)
            throws Exception {
        List<Channel<Integer>> channels = List.of(a, b, c);
        for (Channel<Integer> channel : channels) {
            select.recv(channel.receiver());
        }
        int[] hits = new int[3];
        for (int round = 0; round < 10_000; round++) {
            for (Channel<Integer> channel : channels) {
                channel.sender().trySend(round);
            }
            hits[select.select().index()]++;
        }
        for (Channel<Integer> channel : channels) {
            channel.receiver().tryRecv();
        }
        return hits;
    }

    @Test
    void readyReportsWithoutCompleting() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Channel<Integer> r = Channel.bounded(0);
        Select select = new Select();
        RecvOperation<Integer> fromA = select.recv(a.receiver());
        RecvOperation<Integer> fromR = select.recv(r.receiver());
        assertThat(select.tryReady()).isNull();
        a.sender().send(1);
        assertThat(select.tryReady()).isSameAs(fromA);
        assertThat(a.receiver().size()).isEqualTo(1); // nothing taken
        a.receiver().recv();

        FutureTask<SelectOperation> watching = Await.onThread("ready", select::ready);
        Await.until("the watcher waits", () -> r.storage().waitingReceivers() == 1);
        FutureTask<SendResult> sender = Await.onThread("sender", () -> r.sender().send(7));
        assertThat(watching.get(20, TimeUnit.SECONDS)).isSameAs(fromR);
        assertThat(r.receiver().recv()).isEqualTo(7); // the watcher took nothing: the message is ours
        assertThat(sender.get(20, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);

        FutureTask<SelectOperation> buffered = Await.onThread("ready", () -> select.ready(Duration.ofSeconds(20)));
        Await.until("the watcher waits", () -> a.storage().waitingReceivers() == 1);
        a.sender().send(2);
        assertThat(buffered.get(20, TimeUnit.SECONDS)).isSameAs(fromA);
        assertThat(a.receiver().tryRecv()).isEqualTo(2);
    }

    @Test
    void aWatcherDoesNotUseUpTheWakeUpOfAWaitingReceiver() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Select select = new Select();
        select.recv(a.receiver());
        FutureTask<SelectOperation> watching = Await.onThread("ready", select::ready);
        Await.until("the watcher waits", () -> a.storage().waitingReceivers() == 1);
        FutureTask<Integer> receiver = Await.onThread("receiver", a.receiver()::recv);
        Await.until("the receiver waits", () -> a.storage().waitingReceivers() == 2);
        a.sender().send(1);
        assertThat(receiver.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(watching.get(20, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void sendPoliciesInASelect() throws Exception {
        List<Object> evicted = new ArrayList<>();
        Channel<Integer> oldest = Channel.<Integer>builder(1).overflow(OverflowPolicy.DROP_OLDEST)
                .onUndelivered((m, r) -> evicted.add(m)).build();
        Channel<Integer> newest = Channel.<Integer>builder(1).overflow(OverflowPolicy.DROP_NEWEST).build();
        oldest.sender().send(1);
        newest.sender().send(1);
        Select select = new Select();
        SendOperation<Integer> toOldest = select.send(oldest.sender(), 2);
        SendOperation<Integer> toNewest = select.send(newest.sender(), 2);
        assertThat(select.select()).isSameAs(toOldest); // drop-oldest is always ready: it evicts
        assertThat(evicted).containsExactly(1);
        assertThat(select.trySelect()).isNull(); // drop-newest waits for room in a select
        assertThat(newest.stats().fullDrops()).isZero();
        assertThat(newest.receiver().recv()).isEqualTo(1);
        assertThat(select.select()).isSameAs(toNewest);
        assertThat(newest.receiver().recv()).isEqualTo(2);
    }

    @Test
    void anInterruptedWaitCompletesNothingButAReadyOperationWinsOverTheFlag() throws Exception {
        Channel<Integer> a = Channel.bounded(1);
        Select select = new Select();
        RecvOperation<Integer> fromA = select.recv(a.receiver());
        Await.Started<SelectOperation> selecting = Await.started("select", select::select);
        Await.until("the select waits", () -> a.storage().waitingReceivers() == 1);
        selecting.thread().interrupt();
        assertThatThrownBy(() -> selecting.future().get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(a.storage().waitingReceivers()).isZero();

        a.sender().send(1);
        Thread.currentThread().interrupt();
        try {
            assertThat(select.select()).isSameAs(fromA);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void misuseIsReported() throws Exception {
        assertThatIllegalStateException().isThrownBy(() -> new Select().select()).withMessageContaining("nothing to select");
        Channel<Integer> a = Channel.bounded(1);
        Select onlyEmptySend = new Select();
        onlyEmptySend.send(a.sender(), null);
        assertThatIllegalStateException().isThrownBy(onlyEmptySend::select).withMessageContaining("without a message");
        Receiver<Integer> rx = a.receiver().clone();
        Select select = new Select();
        select.recv(rx);
        rx.close();
        assertThatIllegalStateException().isThrownBy(select::trySelect).withMessageContaining("already closed");
        assertThat(select.size()).isEqualTo(1);
    }

    /** select.rs {@code reuse}: one select, many calls, each completing one operation. */
    @Test
    void aReusedSelectCompletesOneOperationPerCall() throws Exception {
        Channel<Integer> a = Channel.bounded(16);
        Channel<Integer> b = Channel.bounded(16);
        Select select = new Select();
        select.recv(a.receiver());
        select.recv(b.receiver());
        AtomicInteger sum = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            a.sender().send(i);
            b.sender().send(100 + i);
        }
        for (int i = 0; i < 20; i++) {
            sum.addAndGet((Integer) ((RecvOperation<?>) select.select()).message());
        }
        assertThat(sum.get()).isEqualTo(45 + 1045);
        assertThat(select.trySelect()).isNull();
    }
}
