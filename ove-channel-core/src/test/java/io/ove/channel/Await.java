package io.ove.channel;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

/** Test helpers: bounded polling for a condition, and tasks on their own named threads. */
final class Await {

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds, failing after {@code timeout}. The condition is what
     * synchronises; the short pause between polls only saves CPU on two cores.
     */
    static void until(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.yield();
        }
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, Duration.ofSeconds(10));
    }

    /** Runs {@code task} on a new platform thread and returns its future. */
    static <V> FutureTask<V> onThread(String name, Callable<V> task) {
        FutureTask<V> future = new FutureTask<>(task);
        Thread thread = new Thread(future, name);
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    /** Like {@link #onThread} but also hands back the thread, for interrupting it. */
    static <V> Started<V> started(String name, Callable<V> task) {
        FutureTask<V> future = new FutureTask<>(task);
        Thread thread = new Thread(future, name);
        thread.setDaemon(true);
        thread.start();
        return new Started<>(thread, future);
    }

    record Started<V>(Thread thread, FutureTask<V> future) {
    }
}
