package io.ove.channel;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers which queue each caller-owned handle counter belongs to, so that one counter used for
 * two queues is refused when the second queue is bound instead of corrupting both channels'
 * closing. Consulted only when a queue is bound, never on the message path.
 *
 * <p>Keys are held weakly ({@link AtomicInteger} compares by identity) and values through weak
 * references, so the registry keeps neither a counter nor a queue alive.
 */
final class CounterRegistry {

    private static final Map<AtomicInteger, WeakReference<BoundedQueue<?>>> OWNERS = new WeakHashMap<>();

    private CounterRegistry() {
    }

    /**
     * Records that {@code counter} belongs to {@code queue}.
     *
     * @throws IllegalArgumentException if it already belongs to another live queue
     */
    static void claim(AtomicInteger counter, String argument, BoundedQueue<?> queue) {
        // A monitor is fine here: this runs once per queue binding, never while parking.
        synchronized (OWNERS) {
            WeakReference<BoundedQueue<?>> ref = OWNERS.get(counter);
            BoundedQueue<?> owner = ref == null ? null : ref.get();
            if (owner != null && owner != queue) {
                throw new IllegalArgumentException(argument + " already counts the handles of queue '"
                        + owner.name() + "'; give queue '" + queue.name() + "' its own counters");
            }
            OWNERS.put(counter, new WeakReference<>(queue));
        }
    }
}
