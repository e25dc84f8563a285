package io.ove.channel.benchmarks;

import java.util.concurrent.BlockingQueue;

/**
 * A {@code java.util.concurrent} blocking queue through its untimed {@code put} and {@code take},
 * which park on the queue's lock conditions.
 */
final class BlockingQueuePipe extends SentinelPipe {

    private final BlockingQueue<Integer> queue;

    /**
     * @param queue     the queue
     * @param producers how many producers finish
     * @param consumers how many consumers take
     */
    BlockingQueuePipe(BlockingQueue<Integer> queue, int producers, int consumers) {
        super(producers, consumers);
        this.queue = queue;
    }

    @Override
    void putBlocking(Integer message) throws InterruptedException {
        queue.put(message);
    }

    @Override
    Integer takeBlocking() throws InterruptedException {
        return queue.take();
    }
}
