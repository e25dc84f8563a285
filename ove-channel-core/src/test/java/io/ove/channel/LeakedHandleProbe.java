package io.ove.channel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A program for {@link CleanerDuringBlockingCallTest}, run in its own JVM with compiled code: the
 * last sender of a full channel is reachable only from its own parked {@code send}, and the
 * program collects garbage while it waits. Prints {@code leaked=N outcome=X}.
 */
public final class LeakedHandleProbe {

    private LeakedHandleProbe() {
    }

    public static void main(String[] args) throws Exception {
        Channel<String> channel = Channel.bounded(1);
        channel.sender().send("fills the channel");
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread sender = new Thread(() -> outcome.set(sendThroughTheLastSender(channel)), "parked-sender");
        sender.setDaemon(true);
        sender.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (channel.storage().waitingSenders() == 0 && outcome.get() == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the sender never parked");
            }
            Thread.onSpinWait();
        }
        // Collect garbage for a while: a sender released meanwhile closes the channel and its
        // own send fails. Each round waits for the cleaner to run what the collection found.
        for (int round = 0; round < 20 && channel.stats().leakedHandles() == 0 && outcome.get() == null; round++) {
            System.gc();
            sender.join(50);
        }
        long leakedWhileParked = channel.stats().leakedHandles();
        if (outcome.get() == null) {
            channel.receiver().recv(); // room: the send completes
        }
        sender.join(TimeUnit.SECONDS.toMillis(20));
        System.out.println("leaked=" + leakedWhileParked + " outcome=" + outcome.get());
    }

    /** The clone is referenced only by the call it makes. */
    private static Object sendThroughTheLastSender(Channel<String> channel) {
        Sender<String> last = channel.sender().clone();
        channel.sender().close();
        try {
            return last.send("waits for room");
        } catch (Exception e) {
            return e;
        }
    }
}
