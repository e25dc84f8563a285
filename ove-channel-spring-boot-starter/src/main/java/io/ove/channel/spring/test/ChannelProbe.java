package io.ove.channel.spring.test;

import io.ove.channel.Channel;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.context.ApplicationContext;

/**
 * Waits, in a test, for what the starter's threads do: a channel drained, a listener through a
 * number of messages. Every wait is bounded, and a wait that runs out fails with what was seen.
 *
 * <pre>{@code
 * ChannelProbe probe = ChannelProbe.of(context);
 * orders.send(order);
 * probe.awaitProcessed("orderProcessor.process", 1, Duration.ofSeconds(5));
 * }</pre>
 */
public final class ChannelProbe {

    /** How often a wait looks again. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final DeclaredChannels channels;
    private final ChannelLifecycle lifecycle;

    /**
     * Creates a probe over the starter's beans.
     *
     * @param channels  the declared channels
     * @param lifecycle the lifecycle manager, which knows the listeners
     */
    public ChannelProbe(DeclaredChannels channels, ChannelLifecycle lifecycle) {
        this.channels = channels;
        this.lifecycle = lifecycle;
    }

    /**
     * Creates a probe over the starter's beans of {@code context}.
     *
     * @param context an application context with the starter
     * @return the probe
     */
    public static ChannelProbe of(ApplicationContext context) {
        return new ChannelProbe(context.getBean(DeclaredChannels.class), context.getBean(ChannelLifecycle.class));
    }

    /**
     * Waits until {@code channel} holds no message and its listeners have finished with every
     * message they took (returned or thrown, after retries).
     *
     * @param channel a declared channel's name
     * @param timeout the longest wait
     * @throws AssertionError if that does not happen within {@code timeout}
     */
    public void awaitDrained(String channel, Duration timeout) {
        Channel<Object> target = channels.channel(channel);
        await(timeout, () -> target.stats().depth() == 0 && handledByListeners(channel) == target.stats().received(),
                () -> "channel '" + channel + "' to drain: depth " + target.stats().depth() + ", received "
                        + target.stats().received() + ", finished by its listeners " + handledByListeners(channel));
    }

    /**
     * Waits until a listener has returned normally for at least {@code count} messages since the
     * context started.
     *
     * @param listener a listener's id
     * @param count    the number of messages
     * @param timeout  the longest wait
     * @throws AssertionError if that does not happen within {@code timeout}
     * @throws IllegalArgumentException if no listener has that id
     */
    public void awaitProcessed(String listener, long count, Duration timeout) {
        if (status(listener) == null) {
            throw new IllegalArgumentException("no listener has the id '" + listener + "'; the listeners are "
                    + lifecycle.listeners().stream().map(ChannelLifecycle.ListenerStatus::id).toList());
        }
        await(timeout, () -> status(listener).processed() >= count,
                () -> "listener " + listener + " to process " + count + " message(s): processed "
                        + status(listener).processed() + ", failed " + status(listener).errors());
    }

    private ChannelLifecycle.ListenerStatus status(String listener) {
        return lifecycle.listeners().stream().filter(status -> status.id().equals(listener)).findFirst().orElse(null);
    }

    /** Messages of {@code channel} its listeners are done with; a channel without listeners counts as done. */
    private long handledByListeners(String channel) {
        List<ChannelLifecycle.ListenerStatus> listeners = lifecycle.listeners().stream()
                .filter(status -> status.channel().equals(channel)).toList();
        if (listeners.isEmpty()) {
            return channels.channel(channel).stats().received();
        }
        return listeners.stream().mapToLong(status -> status.processed() + status.errors()).sum();
    }

    /**
     * Waits for {@code condition}, looking every few milliseconds.
     *
     * @param timeout   the longest wait
     * @param condition what to wait for
     * @param what      says what was awaited and what was seen, for the failure
     */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting for " + what.get());
            }
        }
    }
}
