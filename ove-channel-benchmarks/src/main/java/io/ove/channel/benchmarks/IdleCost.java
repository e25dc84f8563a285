package io.ove.channel.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * CPU time a receiver uses while it waits on an empty pipe: a thread calls the untimed blocking
 * take, and after {@link #WAIT} its CPU time is read; then the producer ends the stream, which ends
 * the take. A receiver that parks uses almost none; one that spins uses the whole second.
 */
final class IdleCost {

    /** How long the receiver waits before its CPU time is read. */
    static final Duration WAIT = Duration.ofSeconds(1);

    private IdleCost() {
    }

    /**
     * Measures one implementation once.
     *
     * @param implementation a {@link Pipes} name
     * @return CPU milliseconds the waiting receiver used during {@link #WAIT}
     * @throws InterruptedException if interrupted
     */
    static double measure(String implementation) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Pipe pipe = Pipes.create(implementation, 8, 1, 1);
        Pipe.Producer producer = pipe.producer();
        Pipe.Consumer consumer = pipe.consumer();
        pipe.sealed();
        CountDownLatch started = new CountDownLatch(1);
        Thread receiver = Threads.unstarted(Threads.PLATFORM, "idle-receiver", () -> {
            started.countDown();
            try {
                if (consumer.take() != null) {
                    throw new IllegalStateException("an empty pipe delivered a message");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.start();
        started.await();
        long before = threads.getThreadCpuTime(receiver.getId());
        // The measured interval itself: wall time the receiver spends waiting, not a synchronisation.
        TimeUnit.NANOSECONDS.sleep(WAIT.toNanos());
        long after = threads.getThreadCpuTime(receiver.getId());
        producer.finish();
        receiver.join(TimeUnit.SECONDS.toMillis(10));
        pipe.close();
        if (receiver.isAlive()) {
            throw new IllegalStateException(implementation + ": the idle receiver did not see the end of the stream");
        }
        return (after - before) / 1e6;
    }
}
