package io.ove.channel.spring.lifecycle;

import io.ove.channel.Channel;
import io.ove.channel.spring.ChannelErrorHandler;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.UndeliveredMessageHandler;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import io.ove.channel.spring.listener.ChannelListenerAnnotationBeanPostProcessor;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerContainer;
import io.ove.channel.spring.listener.ListenerControl;
import io.ove.channel.spring.listener.ListenerEndpoint;
import io.ove.channel.spring.listener.DeliveryScope;
import io.ove.channel.spring.listener.ListenerObserver;
import io.ove.channel.spring.listener.ListenerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Starts the {@link ChannelListener}s with the context, stops them on {@code stop()} or
 * {@code pause()} (the channels stay open, so a later {@code start()} resumes where they left
 * off), and shuts the channels down in pipeline order when the context closes.
 *
 * <p>Shutdown when the context closes, within {@code ove.channel.shutdown.drain-timeout} (plus
 * one second for interrupted listeners), level by level of {@link ShutdownOrder} so that a
 * channel closes only after the listeners sending into it have finished:
 * <ol>
 *   <li>close the sending side of the level's channels, so producers get "closed" instead of hanging;</li>
 *   <li>let listeners and other receivers drain what is buffered;</li>
 *   <li>close the receiving side: what is still buffered is reported as undelivered (counted,
 *       logged with the channel's name, passed to the {@link UndeliveredMessageHandler});</li>
 *   <li>interrupt listener threads still busy, and wait briefly for them.</li>
 * </ol>
 * It runs on a thread of its own through {@link #stop(Runnable)}, so Spring's
 * {@code spring.lifecycle.timeout-per-shutdown-phase} bounds how long the context waits for it.
 *
 * <p>{@link #PHASE} sits below the web server's ({@code Integer.MAX_VALUE - 2048}, stopped after
 * its graceful shutdown), so HTTP producers stop first, and above task executors and schedulers
 * ({@code Integer.MAX_VALUE / 2}), so listeners drain while what they call still runs.
 */
public class ChannelLifecycle implements SmartLifecycle, ApplicationContextAware,
        ApplicationListener<ContextClosedEvent>, ListenerControl {

    /** The lifecycle phase: stopped after the web server, before executors and schedulers. */
    public static final int PHASE = Integer.MAX_VALUE - 4096;

    /** Extra time given to interrupted listener threads before shutdown moves on. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    /** Spring Boot's bound on how long the context waits for each lifecycle phase to stop. */
    private static final String PHASE_TIMEOUT_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    /** Spring Boot's default for {@link #PHASE_TIMEOUT_PROPERTY}. */
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    /** A channel whose receivers took nothing for this long is not waited for any more. */
    private static final Duration STALL = Duration.ofSeconds(1);

    private static final Log LOG = LogFactory.getLog(ChannelLifecycle.class);

    private final DeclaredChannels channels;
    private final ChannelListenerRegistry registry;
    private final ChannelErrorHandler errorHandler;
    private final ListenerObserver observer;
    private final Function<String, ThreadFactory> threadFactories;
    private final String threadKind;
    /** The delivery scope of each listener: {@code null} for a listener of a channel that is not observed. */
    private final Function<ListenerEndpoint, DeliveryScope> scopes;
    /** One factory per channel, so that the threads of all its listeners get distinct names. */
    private final Map<String, ThreadFactory> threadFactoryByChannel = new ConcurrentHashMap<>();
    /** Copy-on-write: read by the endpoint while start and stop hold this object's monitor. */
    private final List<ListenerContainer> containers = new CopyOnWriteArrayList<>();
    /** Volatile: read by the health contributor on request threads while start/stop run elsewhere. */
    private volatile boolean running;
    /** Volatile: set by the thread closing the context, read by the shutdown thread. */
    private volatile boolean closing;
    /** Guarded by this object's monitor: the start-up report is logged once. */
    private boolean reported;
    /** Plain: set once by the container before the bean is used. */
    private ApplicationContext applicationContext;

    /**
     * Creates the lifecycle manager with platform listener threads.
     *
     * @param channels        the declared channels
     * @param registry        the listener methods found
     * @param errorHandler    the user's error handler, or {@code null}
     * @param observer        told about every message processed and failed
     * @param threadFactories a thread factory for each channel's listeners
     */
    public ChannelLifecycle(DeclaredChannels channels, ChannelListenerRegistry registry, ChannelErrorHandler errorHandler,
            ListenerObserver observer, Function<String, ThreadFactory> threadFactories) {
        this(channels, registry, errorHandler, observer, threadFactories, "platform");
    }

    /**
     * Creates the lifecycle manager.
     *
     * @param channels        the declared channels
     * @param registry        the listener methods found
     * @param errorHandler    the user's error handler, or {@code null}
     * @param observer        told about every message processed and failed
     * @param threadFactories a thread factory for each channel's listeners
     * @param threadKind      "platform" or "virtual", for the start-up report
     */
    public ChannelLifecycle(DeclaredChannels channels, ChannelListenerRegistry registry, ChannelErrorHandler errorHandler,
            ListenerObserver observer, Function<String, ThreadFactory> threadFactories, String threadKind) {
        this(channels, registry, errorHandler, observer, threadFactories, threadKind, endpoint -> null);
    }

    /**
     * Creates the lifecycle manager, with the listeners of observed channels running each delivery
     * in the context their messages carried.
     *
     * @param channels        the declared channels
     * @param registry        the listener methods found
     * @param errorHandler    the user's error handler, or {@code null}
     * @param observer        told about every message processed and failed
     * @param threadFactories a thread factory for each channel's listeners
     * @param threadKind      "platform" or "virtual", for the start-up report
     * @param scopes          the delivery scope of each listener, or {@code null} for one whose
     *                        channel is not observed
     */
    public ChannelLifecycle(DeclaredChannels channels, ChannelListenerRegistry registry, ChannelErrorHandler errorHandler,
            ListenerObserver observer, Function<String, ThreadFactory> threadFactories, String threadKind,
            Function<ListenerEndpoint, DeliveryScope> scopes) {
        this.scopes = scopes;
        this.channels = channels;
        this.registry = registry;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.threadFactories = threadFactories;
        this.threadKind = threadKind;
        registry.onRegistered(this::registeredLate);
        registry.controlledBy(this);
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    /** Remembers that the context is closing (not merely stopping), so stop closes the channels. */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // A child context's event reaches its parent's listeners too: only this context counts.
        if (event.getApplicationContext() == applicationContext) {
            closing = true;
        }
    }

    /**
     * Platform threads named {@code ove-listener-<channel>-<n>}.
     *
     * @param channel the channel whose listeners run on them
     * @return a factory of daemon threads
     */
    public static ThreadFactory platformThreads(String channel) {
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
        List<ListenerEndpoint> endpoints = registry.endpoints();
        // Refuses a cycle before anything runs; the levels are worked out again at shutdown.
        shutdownOrder(endpoints);
        report(endpoints);
        warnAboutLazyListenerBeans();
        warnAboutShutdownBudget();
        for (ListenerEndpoint endpoint : endpoints) {
            ListenerContainer container = container(endpoint);
            if (endpoint.options().autoStartup()) {
                try {
                    container.start();
                } catch (IllegalStateException stillStopping) {
                    // A listener that ignored the interrupt of the last stop: the others start anyway.
                    LOG.warn("ove-channel: " + stillStopping.getMessage());
                }
            }
        }
        running = true;
    }

    /** A listener found after the context started (a lazy bean created on first use) starts at once. */
    private synchronized void registeredLate(ListenerEndpoint endpoint) {
        if (!running) {
            return; // start() starts it with the others
        }
        List<ListenerEndpoint> endpoints = registry.endpoints();
        shutdownOrder(endpoints);
        ListenerContainer container = container(endpoint);
        if (endpoint.options().autoStartup()) {
            container.start();
        }
        LOG.info("ove-channel: listener " + describe(endpoint) + " started after the context had started");
    }

    /** The listener's container, made on first need and kept: its counts outlive a stop. */
    private ListenerContainer container(ListenerEndpoint endpoint) {
        // Its own lock, not this object's: pausing must not wait behind a stop that drains.
        synchronized (containers) {
            for (ListenerContainer container : containers) {
                if (container.endpoint().id().equals(endpoint.id())) {
                    return container;
                }
            }
            return newContainer(endpoint);
        }
    }

    private ListenerContainer newContainer(ListenerEndpoint endpoint) {
        ChannelDefinition definition = channels.definitions().find(endpoint.channel());
        Channel<Object> deadLetter = definition.deadLetter() == null ? null
                : channels.channel(definition.deadLetter());
        String replyTo = endpoint.options().replyTo();
        ChannelErrorHandler handler = endpoint.options().errorHandler() != null
                ? endpoint.options().errorHandler() : errorHandler;
        ListenerContainer container = new ListenerContainer(endpoint, channels.channel(endpoint.channel()),
                deadLetter, replyTo == null ? null : channels.channel(replyTo), handler, observer,
                threadFactoryByChannel.computeIfAbsent(endpoint.channel(), threadFactories),
                channels.deliveries(endpoint.channel()), scopes.apply(endpoint));
        containers.add(container);
        return container;
    }

    private ListenerContainer container(String id) {
        ListenerEndpoint endpoint = registry.find(id);
        if (endpoint == null) {
            throw new IllegalArgumentException("no @ChannelListener has the id '" + id + "'");
        }
        return container(endpoint);
    }

    @Override
    public synchronized void start(String id) {
        container(id).start();
        LOG.info("ove-channel: listener " + id + " started");
    }

    /** Waits at most the drain timeout, then interrupts, as a context stop does for every listener. */
    @Override
    public synchronized void stop(String id) {
        ListenerContainer container = container(id);
        stopListeners(List.of(container));
        LOG.info("ove-channel: listener " + id + " stopped");
    }

    @Override
    public void pause(String id) {
        container(id).pause();
        LOG.info("ove-channel: listener " + id + " paused");
    }

    @Override
    public void resume(String id) {
        container(id).resume();
        LOG.info("ove-channel: listener " + id + " resumed");
    }

    @Override
    public ListenerState state(String id) {
        return container(id).state();
    }

    /** Logs, once, every channel and listener the starter runs. */
    private void report(List<ListenerEndpoint> endpoints) {
        if (reported) {
            return;
        }
        reported = true;
        StringBuilder report = new StringBuilder("ove-channel: ").append(channels.all().size())
                .append(" channel(s), ").append(endpoints.size()).append(" listener(s)");
        for (ChannelDefinition definition : channels.all()) {
            report.append("\n  channel '").append(definition.name()).append("': capacity ")
                    .append(definition.capacity()).append(", overflow ").append(definition.overflow())
                    .append(", type ").append(definition.type() == null ? "(any, inject by qualifier)"
                            : definition.type().getName());
            if (definition.deadLetter() != null) {
                report.append(", dead letters to '").append(definition.deadLetter()).append('\'');
            }
            if (definition.isBroker()) {
                report.append(", in RabbitMQ queue '").append(definition.broker().queue()).append("' (")
                        .append(definition.broker().queueType()).append(", ").append(definition.broker().codec())
                        .append(')');
            } else if (definition.isShared()) {
                report.append(", shared through ").append(definition.sharedMemory().path())
                        .append(" (").append(definition.sharedMemory().codec()).append(')');
            }
        }
        endpoints.forEach(endpoint -> report.append("\n  listener ").append(describe(endpoint)));
        LOG.info(report);
    }

    /**
     * Says which listeners wait for their bean: a bean marked {@code @Lazy} (which the lazy
     * initialisation filter leaves alone) is created on first use, and its listeners start only then.
     */
    private void warnAboutLazyListenerBeans() {
        if (!(applicationContext instanceof ConfigurableApplicationContext configurable)) {
            return;
        }
        ConfigurableListableBeanFactory beanFactory = configurable.getBeanFactory();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            if (beanFactory.containsSingleton(name) || !beanFactory.getBeanDefinition(name).isLazyInit()) {
                continue;
            }
            Class<?> type = beanFactory.getType(name, false);
            if (type != null && ChannelListenerAnnotationBeanPostProcessor.hasListenerMethods(type)) {
                LOG.warn("ove-channel: bean '" + name + "' is lazy, so its @ChannelListener methods start only when"
                        + " it is first used; until then their messages wait in the channel");
            }
        }
    }

    /**
     * Says when the drain could outlast Spring's wait for this phase: the context would then close
     * the channels while listeners still drain, and report what they had left as undelivered.
     */
    private void warnAboutShutdownBudget() {
        if (applicationContext == null) {
            return;
        }
        Duration phaseTimeout = Binder.get(applicationContext.getEnvironment())
                .bind(PHASE_TIMEOUT_PROPERTY, Duration.class).orElse(DEFAULT_PHASE_TIMEOUT);
        Duration budget = channels.definitions().drainTimeout().plus(INTERRUPT_GRACE);
        if (budget.compareTo(phaseTimeout) > 0) {
            LOG.warn("ove-channel: ove.channel.shutdown.drain-timeout (" + channels.definitions().drainTimeout()
                    + ") plus " + INTERRUPT_GRACE.toSeconds() + "s for interrupted listeners is longer than "
                    + PHASE_TIMEOUT_PROPERTY + " (" + phaseTimeout + "): at shutdown the context stops waiting"
                    + " first, and what is still buffered then is reported as undelivered. Lower the drain"
                    + " timeout or raise the phase timeout.");
        }
    }

    private String describe(ListenerEndpoint endpoint) {
        return endpoint.id() + " on '" + endpoint.channel() + "': concurrency " + endpoint.concurrency() + ", "
                + threadKind + " threads";
    }

    /**
     * @return the channel names by shutdown level, edges learned from the configuration and from
     *         the channel beans injected into each listener's bean
     */
    private List<List<String>> shutdownOrder(Collection<ListenerEndpoint> endpoints) {
        Map<String, String> channelOfBean = new HashMap<>();
        channels.all().forEach(definition -> {
            channelOfBean.put(definition.name(), definition.name());
            channelOfBean.put(definition.senderBeanName(), definition.name());
        });
        ConfigurableListableBeanFactory beanFactory =
                applicationContext instanceof ConfigurableApplicationContext configurable
                        ? configurable.getBeanFactory() : null;
        return ShutdownOrder.levels(channels.all(), channel -> {
            Set<String> targets = new LinkedHashSet<>();
            for (ListenerEndpoint endpoint : endpoints) {
                if (endpoint.channel().equals(channel) && endpoint.options().replyTo() != null) {
                    targets.add(endpoint.options().replyTo());
                }
                if (endpoint.channel().equals(channel)) {
                    String[] dependencies = beanFactory == null ? new String[0]
                            : beanFactory.getDependenciesForBean(endpoint.beanName());
                    for (String dependency : dependencies) {
                        String target = channelOfBean.get(dependency);
                        if (target != null) {
                            targets.add(target);
                        }
                    }
                }
            }
            return targets;
        });
    }

    /**
     * Stops on a thread of its own and tells {@code callback} when done, so that the context
     * waits at most {@code spring.lifecycle.timeout-per-shutdown-phase} for it.
     */
    @Override
    public void stop(Runnable callback) {
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "ove-channel-shutdown");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * When the context closes: drains and closes every channel, in pipeline order. When it only
     * stops or pauses: stops the listeners after their current message and leaves the channels
     * and what they hold as they are, for {@link #start()} to resume.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (closing || applicationContext == null) {
            shutDownChannels();
            // Kept: after the close, listeners() still reports each listener's final counts
            // (processed, and the calls interrupted at shutdown), which accounting relies on.
        } else {
            stopListeners(containers); // start() starts them again, with their counts kept
        }
    }

    private void stopListeners(List<ListenerContainer> stopping) {
        long deadline = System.nanoTime() + channels.definitions().drainTimeout().toNanos();
        stopping.forEach(ListenerContainer::requestStop);
        boolean interrupted = false;
        try {
            for (ListenerContainer container : stopping) {
                if (!container.awaitTermination(deadline)) {
                    container.interrupt();
                    if (!container.awaitTermination(System.nanoTime() + INTERRUPT_GRACE.toNanos())) {
                        LOG.warn("channel '" + container.endpoint().channel() + "': listener "
                                + container.endpoint().id() + " did not stop after an interrupt");
                    }
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDownChannels() {
        List<List<String>> levels;
        try {
            levels = shutdownOrder(registry.endpoints());
        } catch (InvalidChannelConfigurationException cycle) {
            // Refused at start already; closing everything at once is all that is left.
            levels = List.of(new ArrayList<>(channels.channels().keySet()));
        }
        long start = System.nanoTime();
        long deadline = start + channels.definitions().drainTimeout().toNanos();
        long graceDeadline = deadline + INTERRUPT_GRACE.toNanos();
        for (List<String> level : levels) {
            shutDown(level, deadline, graceDeadline);
        }
    }

    /** The shutdown steps for one group of channels. */
    private void shutDown(Collection<String> names, long deadline, long graceDeadline) {
        if (names.isEmpty()) {
            return;
        }
        for (String name : names) {
            // Of a shared channel only this application's sender: if it was the last one anywhere,
            // the channel closes for sending and the listeners drain as usual.
            channels.closeSendingHere(name);
        }
        List<ListenerContainer> listening = containers.stream()
                .filter(container -> names.contains(container.endpoint().channel()))
                .toList();
        // A shared channel that other processes still send to never drains: its listeners stop now
        // and leave what is buffered to the other receivers (or the next start).
        Set<String> stillFed = new HashSet<>();
        for (String name : names) {
            if (channels.isShared(name) && !channels.channel(name).storage().isClosedForSending()) {
                stillFed.add(name);
            }
        }
        for (ListenerContainer container : listening) {
            if (stillFed.contains(container.endpoint().channel())) {
                container.interrupt();
            }
        }
        boolean interrupted = false;
        Set<String> stalled = Set.of();
        try {
            for (ListenerContainer container : listening) {
                container.awaitTermination(deadline);
            }
            List<String> draining = names.stream().filter(name -> !stillFed.contains(name)).toList();
            stalled = awaitDrained(draining, deadline);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (String name : names) {
            Channel<Object> channel = channels.channel(name);
            long before = channel.stats().undelivered();
            channels.closeReceivingHere(name);
            long undelivered = channel.stats().undelivered() - before;
            if (undelivered > 0) {
                // Name what ended the drain: the remedies differ (more time, or a receiver that runs).
                String why = stalled.contains(name)
                        ? "no receiver took a message for " + STALL.toSeconds() + " s before the drain timeout"
                        : "the drain timeout ran out";
                LOG.warn("channel '" + name + "': " + undelivered + " message(s) still buffered were reported as"
                        + " undelivered: " + why);
            }
        }
        for (ListenerContainer container : listening) {
            container.interrupt();
        }
        try {
            // At least a moment for each level, but all levels together within the grace period.
            long levelGrace = Math.max(graceDeadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
            for (ListenerContainer container : listening) {
                if (!container.awaitTermination(levelGrace)) {
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
     *
     * @return the channels whose drain stopped because nobody took a message for {@link #STALL}
     */
    private Set<String> awaitDrained(Collection<String> names, long deadline) throws InterruptedException {
        Set<String> stalled = new HashSet<>();
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
                } else if (now - lastProgress > STALL.toNanos() && channel.storage().waitingReceivers() == 0) {
                    stalled.add(name);
                    break;
                }
            }
        }
        return stalled;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Pausing stops the listeners and keeps the channels, so a later start resumes them. */
    @Override
    public boolean isPauseable() {
        return true;
    }

    /** {@return a snapshot of each listener: id, channel, state, threads alive, messages processed and failed} */
    public List<ListenerStatus> listeners() {
        List<ListenerStatus> result = new ArrayList<>();
        for (ListenerContainer container : containers) {
            ListenerEndpoint endpoint = container.endpoint();
            result.add(new ListenerStatus(endpoint.id(), endpoint.channel(), container.state().name(),
                    endpoint.options().autoStartup(), endpoint.concurrency(), container.liveThreads(),
                    container.processed(), container.errors()));
        }
        return result;
    }

    /**
     * One listener as the endpoint shows it.
     *
     * @param id          the listener's id ({@code beanName.methodName} unless it names its own)
     * @param channel     the channel it consumes
     * @param state       RUNNING, PAUSED or STOPPED
     * @param autoStartup whether it starts with the context
     * @param concurrency its configured threads
     * @param liveThreads its threads alive now
     * @param processed   messages its method returned normally for
     * @param errors      messages its method threw on, after retries
     */
    public record ListenerStatus(String id, String channel, String state, boolean autoStartup, int concurrency,
            int liveThreads, long processed, long errors) {
    }
}
