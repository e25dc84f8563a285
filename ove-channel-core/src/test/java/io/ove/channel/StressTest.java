package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/**
 * Many producers and consumers over a small channel, with every send and receive flavour and
 * handles cloned and closed concurrently: each message is delivered exactly once, and each
 * consumer sees every producer's messages in the order they were sent.
 */
@Timeout(120)
class StressTest {

    private static final int PER_PRODUCER = 20_000;

    @ParameterizedTest(name = "{0} producers x {1} consumers, capacity {2}")
    @CsvSource({"1, 1, 1", "4, 4, 4", "3, 1, 2", "1, 3, 8", "8, 8, 3"})
    void everyMessageIsDeliveredExactlyOnceInPerProducerOrder(int producers, int consumers, int capacity)
            throws Exception {
        Channel<Long> channel = Channel.bounded(capacity);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean churning = new AtomicBoolean(true);

        List<FutureTask<Void>> producerTasks = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Sender<Long> tx = channel.sender().clone();
            int producer = p;
            producerTasks.add(Await.onThread("producer-" + p, () -> {
                try (tx) {
                    start.await();
                    for (long seq = 0; seq < PER_PRODUCER; seq++) {
                        send(tx, ((long) producer << 32) | seq, seq);
                    }
                }
                return null;
            }));
        }
        List<FutureTask<long[]>> consumerTasks = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            Receiver<Long> rx = channel.receiver().clone();
            consumerTasks.add(Await.onThread("consumer-" + c, () -> {
                long[] counts = new long[producers];
                long[] lastSeq = new long[producers];
                java.util.Arrays.fill(lastSeq, -1);
                try (rx) {
                    start.await();
                    int round = 0;
                    for (;;) {
                        Long message = receive(rx, round++);
                        if (message == null) {
                            if (rx.isExhausted()) {
                                break;
                            }
                            continue;
                        }
                        int producer = (int) (message >>> 32);
                        long seq = message & 0xffff_ffffL;
                        if (seq <= lastSeq[producer]) {
                            throw new AssertionError("producer " + producer + ": " + seq + " after " + lastSeq[producer]);
                        }
                        lastSeq[producer] = seq;
                        counts[producer]++;
                    }
                }
                return counts;
            }));
        }
        Sender<Long> churnSender = channel.sender().clone();
        Receiver<Long> churnReceiver = channel.receiver().clone();
        FutureTask<Integer> churn = Await.onThread("handle-churn", () -> {
            int cycles = 0;
            try (churnSender; churnReceiver) {
                start.await();
                while (churning.get()) {
                    Sender<Long> sender = churnSender.clone();
                    Receiver<Long> receiver = churnReceiver.clone();
                    sender.close();
                    receiver.close();
                    cycles++;
                    Thread.yield();
                }
            }
            return cycles;
        });

        channel.receiver().close(); // the clones keep the receiving side open
        start.countDown();
        for (FutureTask<Void> task : producerTasks) {
            task.get(100, TimeUnit.SECONDS);
        }
        churning.set(false);
        assertThat(churn.get(10, TimeUnit.SECONDS)).isPositive();
        channel.sender().close(); // last sender: consumers drain and finish

        long[] total = new long[producers];
        for (FutureTask<long[]> task : consumerTasks) {
            long[] counts = task.get(100, TimeUnit.SECONDS);
            for (int p = 0; p < producers; p++) {
                total[p] += counts[p];
            }
        }
        for (int p = 0; p < producers; p++) {
            assertThat(total[p]).as("messages received from producer %d", p).isEqualTo(PER_PRODUCER);
        }
        ChannelStats stats = channel.stats();
        assertThat(stats.sent()).isEqualTo((long) producers * PER_PRODUCER);
        assertThat(stats.received()).isEqualTo(stats.sent());
        assertThat(stats.liveSenders()).isZero();
        assertThat(stats.liveReceivers()).isZero();
        assertThat(stats.undelivered()).isZero();
    }

    /** Sends with a mix of flavours, retrying refusals so that every message ends up sent. */
    private static void send(Sender<Long> tx, long message, long seq) throws InterruptedException {
        switch ((int) (seq % 3)) {
            case 0 -> tx.send(message);
            case 1 -> {
                while (tx.trySend(message) != SendResult.SENT) {
                    Thread.yield();
                }
            }
            default -> {
                while (tx.send(message, 50, TimeUnit.MICROSECONDS) != SendResult.SENT) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Receives with a mix of flavours; {@code null} means nothing this time, or closed. */
    private static Long receive(Receiver<Long> rx, int round) throws InterruptedException {
        try {
            return switch (round % 3) {
                case 0 -> rx.recv();
                case 1 -> rx.tryRecv();
                default -> rx.recv(Duration.ofMillis(1));
            };
        } catch (ChannelClosedException closed) {
            return null;
        }
    }
}
