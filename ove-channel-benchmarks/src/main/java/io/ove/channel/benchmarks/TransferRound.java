package io.ove.channel.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One measured round of the transfer workload: P producer threads together put exactly
 * {@code messages} pre-built payloads with the pipe's blocking put and then finish; C consumer
 * threads take with the blocking take until the stream ends. All threads are started beforehand
 * and wait at a gate (the round is ready once all have reached it), so only the transfer is timed; the round checks afterwards that every
 * message arrived exactly once (count and checksum).
 */
final class TransferRound {

    private final Pipe pipe;
    private final int messages;
    private final CountDownLatch ready;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch consumersDone;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong checksum = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long expectedChecksum;

    /**
     * Creates the threads and starts them; they wait at the gate until {@link #run()}.
     *
     * @param pipe       a new pipe made for {@code producers} and {@code consumers}
     * @param producers  producer threads
     * @param consumers  consumer threads
     * @param messages   messages the producers put in all
     * @param threadKind {@link Threads#PLATFORM} or {@link Threads#VIRTUAL}
     */
    TransferRound(Pipe pipe, int producers, int consumers, int messages, String threadKind) {
        this.pipe = pipe;
        this.messages = messages;
        this.consumersDone = new CountDownLatch(consumers);
        this.ready = new CountDownLatch(producers + consumers);
        long sum = 0;
        for (int n = 0; n < messages; n++) {
            sum += Payloads.get(n);
        }
        this.expectedChecksum = sum;
        int first = 0;
        for (int p = 0; p < producers; p++) {
            int count = messages / producers + (p < messages % producers ? 1 : 0);
            Pipe.Producer producer = pipe.producer();
            int from = first;
            threads.add(Threads.unstarted(threadKind, "producer-" + p, () -> produce(producer, from, count)));
            first += count;
        }
        for (int c = 0; c < consumers; c++) {
            Pipe.Consumer consumer = pipe.consumer();
            threads.add(Threads.unstarted(threadKind, "consumer-" + c, () -> consume(consumer)));
        }
        pipe.sealed();
        for (Thread thread : threads) {
            thread.start();
        }
        // Every thread at the gate before the timer starts: a thread still starting up when the
        // gate opens would add its start-up to the round (10,000 virtual threads take a while).
        try {
            if (!ready.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the round's threads did not all start within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the round's threads started", e);
        }
    }

    private void produce(Pipe.Producer producer, int from, int count) {
        try {
            ready.countDown();
            gate.await();
            for (int n = from, end = from + count; n < end; n++) {
                producer.put(Payloads.get(n));
            }
            producer.finish();
        } catch (Throwable e) {
            fail(e);
        }
    }

    private void consume(Pipe.Consumer consumer) {
        long count = 0;
        long sum = 0;
        try {
            ready.countDown();
            gate.await();
            Integer message;
            while ((message = consumer.take()) != null) {
                count++;
                sum += message;
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            received.addAndGet(count);
            checksum.addAndGet(sum);
            consumersDone.countDown();
        }
    }

    private void fail(Throwable e) {
        failure.compareAndSet(null, e);
        // A failed thread may leave others blocked: release the measured thread at once.
        while (consumersDone.getCount() > 0) {
            consumersDone.countDown();
        }
    }

    /**
     * Opens the gate and waits until every consumer has seen the end of the stream.
     *
     * @return the number of messages received, for JMH to consume
     * @throws InterruptedException if interrupted while waiting
     */
    long run() throws InterruptedException {
        gate.countDown();
        consumersDone.await();
        return received.get();
    }

    /**
     * Checks that the round completed correctly, joins its threads and releases the pipe.
     *
     * @throws InterruptedException  if interrupted while joining
     * @throws IllegalStateException if a thread failed, a thread is still running after 10 s, or a
     *                               message was lost or duplicated
     */
    void finish() throws InterruptedException {
        try {
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
                if (thread.isAlive()) {
                    throw new IllegalStateException(thread.getName() + " did not end within 10 s of the round");
                }
            }
        } finally {
            pipe.close();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a benchmark thread failed", failure.get());
        }
        if (received.get() != messages || checksum.get() != expectedChecksum) {
            throw new IllegalStateException("received " + received.get() + " messages (checksum " + checksum.get()
                    + "), expected " + messages + " (checksum " + expectedChecksum + ")");
        }
    }
}
