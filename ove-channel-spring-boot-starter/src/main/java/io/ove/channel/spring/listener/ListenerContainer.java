package io.ove.channel.spring.listener;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.spring.ChannelErrorHandler;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one {@link ChannelListener}: {@code concurrency} threads, each with its own receiver
 * clone, calling the method for every message until the channel is closed and drained, or until
 * {@link #requestStop()} asks the threads to finish without closing the channel (a context
 * {@code stop()} or {@code pause()}). A failing call never ends a thread.
 */
public final class ListenerContainer {

    private static final Log LOG = LogFactory.getLog(ListenerContainer.class);

    /** How often an idle thread looks whether it was asked to stop; bounds how long a stop waits. */
    private static final long STOP_POLL_MILLIS = 50;

    private final ListenerEndpoint endpoint;
    private final Channel<Object> channel;
    private final Channel<Object> deadLetter;
    private final ChannelErrorHandler errorHandler;
    private final ListenerObserver.Recorder recorder;
    private final ThreadFactory threadFactory;
    /** Filled by {@link #start()} before the container is published, read-only afterwards. */
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** Volatile: set by the thread stopping the context, read by every listener thread. */
    private volatile boolean stopRequested;
    /** Volatile: set by the thread stopping the context, read by listener threads when interrupted. */
    private volatile boolean shuttingDown;

    /**
     * Creates a container; no thread runs before {@link #start()}.
     *
     * @param endpoint      the listener method and its concurrency
     * @param channel       the channel it receives from
     * @param deadLetter    where failed messages go, or {@code null}
     * @param errorHandler  the user's error handler, or {@code null}
     * @param observer      told about every message processed and failed
     * @param threadFactory makes the listener threads
     */
    public ListenerContainer(ListenerEndpoint endpoint, Channel<Object> channel, Channel<Object> deadLetter,
            ChannelErrorHandler errorHandler, ListenerObserver observer, ThreadFactory threadFactory) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.deadLetter = deadLetter;
        this.errorHandler = errorHandler;
        this.recorder = observer.recorderFor(endpoint.channel(), endpoint.id());
        this.threadFactory = threadFactory;
    }

    /** Starts the threads, each with a receiver clone taken here so none can miss the close. */
    public void start() {
        for (int i = 0; i < endpoint.concurrency(); i++) {
            Receiver<Object> receiver = channel.receiver().clone();
            Thread thread = threadFactory.newThread(() -> consume(receiver));
            threads.add(thread);
            thread.start();
        }
    }

    private void consume(Receiver<Object> receiver) {
        try (receiver) {
            while (!stopRequested) {
                Object message;
                try {
                    // A bounded wait, so that a thread asked to stop notices within STOP_POLL_MILLIS
                    // even when the channel stays open and empty.
                    message = receiver.recv(STOP_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (ChannelClosedException closed) {
                    return; // closed and drained, or the receiving side was closed at shutdown
                } catch (InterruptedException interrupted) {
                    return; // shutdown gave up waiting for this thread
                }
                if (message != null) {
                    process(message);
                }
            }
        }
    }

    private void process(Object message) {
        long start = System.nanoTime();
        try {
            endpoint.invoke(message);
            processed.incrementAndGet();
            recorder.record(System.nanoTime() - start, null);
        } catch (Throwable error) {
            errors.incrementAndGet();
            recorder.record(System.nanoTime() - start, error);
            if (error instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                if (shuttingDown) {
                    // Expected: shutdown interrupts listeners that outlive the drain timeout.
                    LOG.warn("channel '" + endpoint.channel() + "': listener " + endpoint.id()
                            + " was interrupted at shutdown while processing a message (" + error + ")");
                    handOn(message, error);
                    return;
                }
            }
            LOG.error("channel '" + endpoint.channel() + "': listener " + endpoint.id() + " failed on a message", error);
            handOn(message, error);
        }
    }

    /** Passes a message the listener failed on to the error handler or the dead-letter channel. */
    private void handOn(Object message, Throwable error) {
        try {
            if (errorHandler != null) {
                errorHandler.onListenerError(endpoint.channel(), endpoint.id(), message, error);
            } else if (deadLetter != null) {
                DeadLetter<Object> letter = new DeadLetter<>(message, error, endpoint.channel(), endpoint.id(), 1,
                        Instant.now());
                SendResult result = deadLetter.sender().trySend(letter);
                if (result != SendResult.SENT) {
                    LOG.error("channel '" + endpoint.channel() + "': dead-letter channel '" + deadLetter.name()
                            + "' refused a failed message (" + result + "); it is counted as a listener error only");
                }
            }
        } catch (RuntimeException handlerFailure) {
            LOG.error("channel '" + endpoint.channel() + "': the error handler failed", handlerFailure);
        }
    }

    /** Asks the threads to finish after their current message, leaving the channel open. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Waits for every thread to finish until {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @param deadlineNanos when to give up, as a {@link System#nanoTime()} value
     * @return whether all finished
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitTermination(long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Interrupts the threads still running, for a listener that does not finish in time. */
    public void interrupt() {
        shuttingDown = true;
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
    }

    /** {@return the listener method this container runs} */
    public ListenerEndpoint endpoint() {
        return endpoint;
    }

    /** {@return how many of its threads are alive} */
    public int liveThreads() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }

    /** {@return messages the method returned normally for} */
    public long processed() {
        return processed.get();
    }

    /** {@return messages the method threw on} */
    public long errors() {
        return errors.get();
    }
}
