package io.ove.channel.benchmarks;

import java.lang.reflect.Method;

/**
 * Starts the benchmarks' worker threads as platform threads or, on a JDK 21 or later, as virtual
 * threads. The suite compiles for Java 17, so virtual threads are reached by reflection, once.
 */
final class Threads {

    /** Platform threads. */
    static final String PLATFORM = "platform";
    /** Virtual threads (JDK 21+). */
    static final String VIRTUAL = "virtual";

    private Threads() {
    }

    /**
     * Creates an unstarted thread of the given kind.
     *
     * @param kind {@link #PLATFORM} or {@link #VIRTUAL}
     * @param name the thread's name
     * @param task what it runs
     * @return the thread, not started
     */
    static Thread unstarted(String kind, String name, Runnable task) {
        if (PLATFORM.equals(kind)) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        }
        if (!VIRTUAL.equals(kind)) {
            throw new IllegalArgumentException("unknown thread kind '" + kind + "'; use platform or virtual");
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
            return (Thread) unstarted.invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need a JDK 21 or later; this is "
                    + Runtime.version(), e);
        }
    }

    /** {@return whether this JVM has virtual threads} */
    static boolean virtualAvailable() {
        return Runtime.version().feature() >= 21;
    }
}
