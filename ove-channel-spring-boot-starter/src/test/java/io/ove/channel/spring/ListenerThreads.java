package io.ove.channel.spring;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the tests of several packages need to watch listener threads. */
public final class ListenerThreads {

    private ListenerThreads() {
    }

    /** @return the names of the live listener threads */
    public static List<String> liveListenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("ove-listener-"))
                .toList();
    }

    /**
     * Waits up to 20 seconds until {@code condition} holds.
     *
     * @param what      the condition in words, for the failure message
     * @param condition what to wait for
     */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.yield();
        }
    }
}
