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

    @Test
    void aReusedSelectAllocatesNothingPerCall() throws Exception {
        com.sun.management.ThreadMXBean threads = threadBean();
        Channel<Integer> a = Channel.bounded(64);
        Channel<Integer> b = Channel.bounded(64);
        Channel<Integer> out = Channel.bounded(64);
        Select select = new Select();
        select.recv(a.receiver());
        select.recv(b.receiver());
        Select sending = new Select();
        SendOperation<Integer> send = sending.send(out.sender(), null);
        Integer payload = 42;

        selectRounds(a, b, out, select, sending, send, payload); // warm-up
        long before = threads.getCurrentThreadAllocatedBytes();
        selectRounds(a, b, out, select, sending, send, payload);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by %d rounds of select/trySelect/select-send", MESSAGES)
                .isLessThan(16 * 1024);
    }

    private static void selectRounds(Channel<Integer> a, Channel<Integer> b, Channel<Integer> out, Select select,
            Select sending, SendOperation<Integer> send, Integer payload) throws Exception {
        Sender<Integer> toA = a.sender();
        Sender<Integer> toB = b.sender();
        Receiver<Integer> fromOut = out.receiver();
        for (int i = 0; i < MESSAGES; i++) {
            toA.trySend(payload);
            toB.trySend(payload);
            select.select();
            select.trySelect();
            select.trySelect(); // nothing ready: a full round of attempts
            send.message(payload);
            sending.select();
            fromOut.tryRecv();
        }
    }

    @Test
    void rendezvousSendAndReceiveAllocateNothingPerMessage() throws Exception {
        com.sun.management.ThreadMXBean threads = threadBean();
        Channel<Integer> channel = Channel.bounded(0);
        Sender<Integer> tx = channel.sender();
        Receiver<Integer> rx = channel.receiver();
        Integer payload = 42;
        int rounds = 20_000;
        java.util.concurrent.FutureTask<Long> receiver = Await.onThread("receiver", () -> {
            for (int i = 0; i < rounds; i++) {
                rx.recv(); // warm-up
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < rounds; i++) {
                rx.recv();
            }
            return threads.getCurrentThreadAllocatedBytes() - before;
        });
        for (int i = 0; i < rounds; i++) {
            tx.send(payload);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            tx.send(payload);
        }
        long senderAllocated = threads.getCurrentThreadAllocatedBytes() - before;
        long receiverAllocated = receiver.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(senderAllocated).as("bytes allocated by %d rendezvous sends", rounds).isLessThan(16 * 1024);
        assertThat(receiverAllocated).as("bytes allocated by %d rendezvous receives", rounds).isLessThan(16 * 1024);
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
