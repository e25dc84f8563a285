package io.ove.channel.spring;

import io.ove.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link ChannelListener}s with the context and shuts the channels down in order when
 * it stops.
 *
 * <p>Shutdown, within {@code ove.channel.shutdown.drain-timeout}:
 * <ol>
 *   <li>close the sending side of every channel, so producers get "closed" instead of hanging;</li>
 *   <li>let listeners and other receivers drain what is buffered;</li>
 *   <li>close the receiving side: what is still buffered is reported as undelivered (counted,
 *       logged with the channel's name, passed to the {@link UndeliveredMessageHandler});</li>
 *   <li>interrupt listener threads still busy, and wait briefly for them.</li>
 * </ol>
 * Channels that serve as another channel's dead-letter channel go through these steps after
 * the others, so messages that fail while draining still have somewhere to go.
 *
 * <p>{@link #PHASE} sits below the web server's graceful shutdown
 * ({@code Integer.MAX_VALUE - 1024}), so HTTP producers stop first, and above task executors and
 * schedulers ({@code Integer.MAX_VALUE / 2}), so listeners drain while what they call still runs.
 */
public class ChannelLifecycle implements SmartLifecycle {

    /** The lifecycle phase: stopped after the web server, before executors and schedulers. */
    public static final int PHASE = Integer.MAX_VALUE - 2048;

    /** Extra time given to interrupted listener threads before shutdown moves on. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    /** A channel whose receivers took nothing for this long is not waited for any more. */
    private static final Duration STALL = Duration.ofSeconds(1);

    private static final Log LOG = LogFactory.getLog(ChannelLifecycle.class);

    private final DeclaredChannels channels;
    private final ChannelListenerRegistry registry;
    private final ChannelErrorHandler errorHandler;
    private final ListenerObserver observer;
    private final Function<String, ThreadFactory> threadFactories;
    /** Copy-on-write: read by the endpoint while shutdown holds this object's monitor. */
    private final List<ListenerContainer> containers = new CopyOnWriteArrayList<>();
    /** Volatile: read by the health contributor on request threads while start/stop run elsewhere. */
    private volatile boolean running;

    ChannelLifecycle(DeclaredChannels channels, ChannelListenerRegistry registry, ChannelErrorHandler errorHandler,
            ListenerObserver observer, Function<String, ThreadFactory> threadFactories) {
        this.channels = channels;
        this.registry = registry;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.threadFactories = threadFactories;
    }

    /** Platform threads named {@code ove-listener-<channel>-<n>}. */
    static ThreadFactory platformThreads(String channel) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "ove-listener-" + channel + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (ListenerEndpoint endpoint : registry.endpoints()) {
            ChannelDefinition definition = channels.definitions().find(endpoint.channel());
            Channel<Object> deadLetter = definition.deadLetter() == null ? null
                    : channels.channel(definition.deadLetter());
            ListenerContainer container = new ListenerContainer(endpoint, channels.channel(endpoint.channel()),
                    deadLetter, errorHandler, observer, threadFactories.apply(endpoint.channel()));
            // Started before it is published: the endpoint reads a container's thread list from
            // other threads, and the copy-on-write list's volatile write publishes it complete.
            container.start();
            containers.add(container);
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        long deadline = System.nanoTime() + channels.definitions().drainTimeout().toNanos();
        Set<String> deadLetterTargets = new TreeSet<>();
        channels.all().forEach(definition -> {
            if (definition.deadLetter() != null) {
                deadLetterTargets.add(definition.deadLetter());
            }
        });
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        channels.channels().keySet().forEach(name -> (deadLetterTargets.contains(name) ? last : first).add(name));
        shutDown(first, deadline);
        shutDown(last, deadline);
    }

    /** The shutdown steps for one group of channels. */
    private void shutDown(Collection<String> names, long deadline) {
        if (names.isEmpty()) {
            return;
        }
        for (String name : names) {
            channels.channel(name).closeSending();
        }
        List<ListenerContainer> listening = containers.stream()
                .filter(container -> names.contains(container.endpoint().channel()))
                .toList();
        boolean interrupted = false;
        try {
            for (ListenerContainer container : listening) {
                container.awaitTermination(deadline);
            }
            awaitDrained(names, deadline);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (String name : names) {
            Channel<Object> channel = channels.channel(name);
            long before = channel.stats().undelivered();
            channel.closeReceiving();
            long undelivered = channel.stats().undelivered() - before;
            if (undelivered > 0) {
                LOG.warn("channel '" + name + "': " + undelivered + " message(s) still buffered after the drain"
                        + " timeout were reported as undelivered");
            }
        }
        for (ListenerContainer container : listening) {
            container.interrupt();
        }
        try {
            long graceDeadline = System.nanoTime() + INTERRUPT_GRACE.toNanos();
            for (ListenerContainer container : listening) {
                if (!container.awaitTermination(graceDeadline)) {
                    LOG.warn("channel '" + container.endpoint().channel() + "': listener " + container.endpoint().id()
                            + " did not stop after an interrupt; its threads are left behind");
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until each channel is empty, the deadline passes, or nobody has taken a message for
     * {@link #STALL}; covers receivers the starter does not run itself (a service's own
     * {@code Receiver} loop) without waiting the whole timeout on a channel nobody reads.
     */
    private void awaitDrained(Collection<String> names, long deadline) throws InterruptedException {
        for (String name : names) {
            Channel<Object> channel = channels.channel(name);
            long received = channel.stats().received();
            long lastProgress = System.nanoTime();
            while (channel.stats().depth() > 0 && deadline - System.nanoTime() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while draining channel '" + name + "'");
                }
                long now = System.nanoTime();
                long receivedNow = channel.stats().received();
                if (receivedNow != received) {
                    received = receivedNow;
                    lastProgress = now;
                } else if (now - lastProgress > STALL.toNanos() && channel.queue().waitingReceivers() == 0) {
                    break;
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** @return a snapshot of each listener: id, channel, threads alive, calls processed and failed */
    public List<ListenerStatus> listeners() {
        List<ListenerStatus> result = new ArrayList<>();
        for (ListenerContainer container : containers) {
            ListenerEndpoint endpoint = container.endpoint();
            result.add(new ListenerStatus(endpoint.id(), endpoint.channel(), endpoint.concurrency(),
                    container.liveThreads(), container.processed(), container.errors()));
        }
        return result;
    }

    /**
     * One listener as the endpoint shows it.
     *
     * @param id          {@code beanName.methodName}
     * @param channel     the channel it consumes
     * @param concurrency its configured threads
     * @param liveThreads its threads alive now
     * @param processed   calls that returned normally
     * @param errors      calls that threw
     */
    public record ListenerStatus(String id, String channel, int concurrency, int liveThreads, long processed,
            long errors) {
    }
}
