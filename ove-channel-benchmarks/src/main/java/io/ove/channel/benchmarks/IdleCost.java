package io.ove.channel.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * CPU time a receiver uses while it waits on an empty pipe: a thread takes with a long timeout,
 * and after {@link #WAIT} its CPU time is read. A receiver that parks uses almost none; one that
 * spins uses the whole second.
 */
final class IdleCost {

    static final Duration WAIT = Duration.ofSeconds(1);

    private IdleCost() {
    }

    /** @return CPU milliseconds the waiting receiver used during {@link #WAIT} */
    static double measure(String implementation) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Pipe pipe = Pipes.create(implementation, 8, 1);
        CountDownLatch started = new CountDownLatch(1);
        long[] cpu = new long[2];
        Thread receiver = new Thread(() -> {
            started.countDown();
            try {
                pipe.take(WAIT.plusSeconds(1).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "idle-receiver");
        receiver.setDaemon(true);
        receiver.start();
        started.await();
        cpu[0] = threads.getThreadCpuTime(receiver.getId());
        // The measured interval itself: wall time the receiver spends waiting, not a synchronisation.
        TimeUnit.NANOSECONDS.sleep(WAIT.toNanos());
        cpu[1] = threads.getThreadCpuTime(receiver.getId());
        pipe.put(0, TimeUnit.SECONDS.toNanos(1));
        receiver.join(TimeUnit.SECONDS.toMillis(5));
        pipe.close();
        return (cpu[1] - cpu[0]) / 1e6;
    }
}
