package io.ove.channel.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes allocated per message on ove-channel's paths, read from the JVM's per-thread allocation
 * counter ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) around each
 * thread's send or receive loop, after warm-up rounds that let the JIT compile the loops. A round
 * also allocates a fixed amount whatever its length (the end-of-stream signal, a thread's first
 * wait), so each path is measured with N and with 2N messages: the difference, divided by N, is
 * what a message costs, and the rest is the round's fixed cost.
 */
final class AllocationProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationProbe() {
    }

    /** What one path allocates. */
    record Cost(double perMessage, double perRound) {
    }

    /**
     * Measures every path.
     *
     * @param messages N, messages per measured round
     * @return bytes per message and per round, by path
     * @throws InterruptedException if interrupted
     */
    static Map<String, Cost> measure(int messages) throws InterruptedException {
        Map<String, Cost> costs = new LinkedHashMap<>();
        costs.put("send/recv, 1P1C, capacity 1024", transfer(Pipes.OVE, 1024, 1, 1, messages));
        costs.put("send/recv, 2P2C, capacity 8 (threads park and wake)", transfer(Pipes.OVE, 8, 2, 2, messages));
        costs.put("trySend/tryRecv, 1P1C, capacity 1024", transfer(Pipes.OVE_TRY, 1024, 1, 1, messages));
        costs.put("send/recv, 1P1C, rendezvous (capacity 0)", transfer(Pipes.OVE, 0, 1, 1, messages / 10));
        return costs;
    }

    private static Cost transfer(String implementation, int capacity, int producers, int consumers, int messages)
            throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            round(implementation, capacity, producers, consumers, messages);
        }
        long once = round(implementation, capacity, producers, consumers, messages);
        long twice = round(implementation, capacity, producers, consumers, 2 * messages);
        double perMessage = Math.max(0, twice - once) / (double) messages;
        return new Cost(perMessage, Math.max(0, once - perMessage * messages));
    }

    /** {@return the bytes the round's threads allocated in their loops} */
    private static long round(String implementation, int capacity, int producers, int consumers, int messages)
            throws InterruptedException {
        Pipe pipe = Pipes.create(implementation, capacity, producers, consumers);
        AtomicLong allocated = new AtomicLong();
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(producers + consumers);
        Thread[] threads = new Thread[producers + consumers];
        for (int p = 0; p < producers; p++) {
            Pipe.Producer producer = pipe.producer();
            int count = messages / producers + (p < messages % producers ? 1 : 0);
            threads[p] = Threads.unstarted(Threads.PLATFORM, "probe-producer-" + p, () -> {
                try {
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    for (int n = 0; n < count; n++) {
                        producer.put(Payloads.get(n));
                    }
                    producer.finish();
                    allocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - before);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        for (int c = 0; c < consumers; c++) {
            Pipe.Consumer consumer = pipe.consumer();
            threads[producers + c] = Threads.unstarted(Threads.PLATFORM, "probe-consumer-" + c, () -> {
                try {
                    long count = 0;
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    while (consumer.take() != null) {
                        count++;
                    }
                    allocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - before);
                    received.addAndGet(count);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        pipe.sealed();
        for (Thread thread : threads) {
            thread.start();
        }
        if (!done.await(2, TimeUnit.MINUTES) || received.get() != messages) {
            throw new IllegalStateException(implementation + ": the allocation probe received " + received.get()
                    + " of " + messages + " messages");
        }
        pipe.close();
        return allocated.get();
    }
}
