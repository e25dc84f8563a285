package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The message path allocates nothing: after warm-up, a long run of sends and receives allocates
 * no more than a measurement's own noise. Uses HotSpot's per-thread allocation counter.
 */
class HotPathAllocationTest {

    private static final int MESSAGES = 200_000;

    @Test
    void sendAndReceiveAllocateNothingPerMessage() throws Exception {
        com.sun.management.ThreadMXBean threads = threadBean();
        Channel<Integer> channel = Channel.bounded(64);
        Sender<Integer> tx = channel.sender();
        Receiver<Integer> rx = channel.receiver();
        Integer payload = 42;

        exchange(tx, rx, payload); // warm-up: lets the JIT compile and the thread-local node exist
        long before = threads.getCurrentThreadAllocatedBytes();
        exchange(tx, rx, payload);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // 4 operations per round; one byte per operation would already be 800 KB.
        assertThat(allocated).as("bytes allocated by %d rounds of send/trySend/recv/tryRecv", MESSAGES)
                .isLessThan(16 * 1024);
    }

    private static void exchange(Sender<Integer> tx, Receiver<Integer> rx, Integer payload) throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            tx.send(payload);
            tx.trySend(payload);
            rx.recv();
            rx.tryRecv();
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "needs HotSpot's allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
