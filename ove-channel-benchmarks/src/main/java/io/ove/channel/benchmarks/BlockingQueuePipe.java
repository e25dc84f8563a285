package io.ove.channel.benchmarks;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@code java.util.concurrent} blocking queue through its timed offer and poll. */
class BlockingQueuePipe implements Pipe {

    private final BlockingQueue<Integer> queue;

    BlockingQueuePipe(BlockingQueue<Integer> queue) {
        this.queue = queue;
    }

    @Override
    public boolean put(Integer message, long timeoutNanos) throws InterruptedException {
        return queue.offer(message, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public Integer take(long timeoutNanos) throws InterruptedException {
        return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
