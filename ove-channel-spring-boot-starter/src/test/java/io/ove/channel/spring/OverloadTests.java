package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.ChannelStats;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.UndeliveredReason;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Producers far faster than the listener, for a while, under each overflow policy: the heap used
 * after a collection stays flat (the channel is bounded, nothing piles up elsewhere), and the
 * drop counters match what the producers were told.
 */
@Timeout(120)
class OverloadTests {

    private static final int PRODUCERS = 2;
    private static final long ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(700);

    @ParameterizedTest
    @ValueSource(strings = {"block", "drop-newest", "drop-oldest"})
    void overloadKeepsTheHeapFlatAndTheCountersTrue(String policy) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
                .withPropertyValues("ove.channel.channels.orders.capacity=1000",
                        "ove.channel.channels.orders.overflow=" + policy,
                        "ove.channel.channels.orders.send-timeout=1ms")
                .withBean(SlowListener.class)
                .withBean(EvictionCounter.class)
                .run(context -> {
                    Sender<byte[]> tx = context.getBean("ordersSender", Sender.class);
                    AtomicLong refusedFull = new AtomicLong();
                    AtomicLong sent = new AtomicLong();

                    overload(tx, sent, refusedFull);              // warm up and fill
                    long before = usedHeapAfterGc();
                    for (int round = 0; round < 3; round++) {
                        overload(tx, sent, refusedFull);
                    }
                    long after = usedHeapAfterGc();

                    // 1000 buffered messages of 1 KiB are at most ~1 MiB; allow noise, not growth.
                    assertThat(after - before).as("heap growth in bytes under %s", policy).isLessThan(8L << 20);
                    ChannelStats stats = context.getBean("orders", io.ove.channel.Channel.class).stats();
                    assertThat(stats.sent()).isEqualTo(sent.get());
                    long evicted = context.getBean(EvictionCounter.class).evicted.get();
                    assertThat(stats.evicted()).isEqualTo(evicted);
                    assertThat(stats.fullDrops()).isEqualTo(refusedFull.get() + evicted);
                    assertThat(refusedFull.get() + evicted).as("the overload really dropped").isPositive();
                });
    }

    private static void overload(Sender<byte[]> tx, AtomicLong sent, AtomicLong refusedFull) throws Exception {
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = new Thread(() -> {
                long end = System.nanoTime() + ROUND_NANOS;
                try {
                    while (System.nanoTime() - end < 0) {
                        SendResult result = tx.send(new byte[1024]);
                        if (result == SendResult.SENT) {
                            sent.incrementAndGet();
                        } else {
                            refusedFull.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "overload-producer-" + p);
            producers[p].start();
        }
        for (Thread producer : producers) {
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(producer.isAlive()).isFalse();
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static class SlowListener {
        @ChannelListener(channel = "orders")
        void process(byte[] message) throws InterruptedException {
            TimeUnit.MICROSECONDS.sleep(100); // simulated slow work, not synchronisation
        }
    }

    static class EvictionCounter implements UndeliveredMessageHandler {
        final AtomicLong evicted = new AtomicLong();

        @Override
        public void onUndelivered(String channel, Object message, UndeliveredReason reason) {
            if (reason == UndeliveredReason.EVICTED) {
                evicted.incrementAndGet();
            }
        }
    }
}
