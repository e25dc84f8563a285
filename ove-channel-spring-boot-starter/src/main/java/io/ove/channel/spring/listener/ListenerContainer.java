package io.ove.channel.spring.listener;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.ChannelState;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.spring.ChannelErrorHandler;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Runs one {@link ChannelListener}: {@code concurrency} threads, each with its own receiver
 * clone, calling the method for every message (or batch) until the channel is closed and drained,
 * or until {@link #requestStop()} asks the threads to finish without closing the channel. A
 * failing call never ends a thread: it is retried as the listener's retry policy says, then
 * handed to the error handler or the dead-letter channel. {@link #start()} may run again after a
 * stop; {@link #pause()} keeps the threads but takes no message until {@link #resume()}.
 *
 * <p>On a channel with {@code observation-enabled}, a {@link DeliveryScope} wraps each delivery
 * (the call, its retries and its error handling) in the context that came with the message, or,
 * for a batch, with its first message.
 */
public final class ListenerContainer {

    private static final Log LOG = LogFactory.getLog(ListenerContainer.class);

    /** How often an idle or paused thread looks whether it was asked to stop; bounds how long a stop waits. */
    private static final long STOP_POLL_MILLIS = 50;

    private final ListenerEndpoint endpoint;
    private final Channel<Object> channel;
    private final Channel<Object> deadLetter;
    private final Channel<Object> replyTo;
    private final ChannelErrorHandler errorHandler;
    private final ListenerObserver.Recorder recorder;
    private final ThreadFactory threadFactory;
    /** {@code null} without a retry policy, so a listener without one pays nothing for retries. */
    private final RetryTemplate retryTemplate;
    /** {@code null} but for a broker channel, whose messages are acknowledged after processing. */
    private final DeliverySource deliveries;
    /** {@code null} unless the channel is observed, so a listener of another channel pays nothing for it. */
    private final DeliveryScope scope;
    /** {@link #process} as a {@link DeliveryScope.Delivery}, made once rather than per message. */
    private final DeliveryScope.Delivery delivery = this::process;
    /** Volatile: replaced by {@link #start()}, read by the lifecycle and the endpoint from other threads. */
    private volatile List<Thread> threads = List.of();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** Volatile: set by the thread stopping the listener, read by every listener thread. */
    private volatile boolean stopRequested;
    /** Volatile: set by the thread stopping the context, read by listener threads when interrupted. */
    private volatile boolean shuttingDown;
    /** Volatile: set by whoever pauses or resumes, read by every listener thread before each message. */
    private volatile boolean paused;

    /**
     * Creates a container; no thread runs before {@link #start()}.
     *
     * @param endpoint      the listener method, its concurrency and options
     * @param channel       the channel it receives from
     * @param deadLetter    where failed messages go, or {@code null}
     * @param replyTo       where return values go, or {@code null}
     * @param errorHandler  the error handler (the listener's own, else the application's), or {@code null}
     * @param observer      told about every call and retry
     * @param threadFactory makes the listener threads
     */
    public ListenerContainer(ListenerEndpoint endpoint, Channel<Object> channel, Channel<Object> deadLetter,
            Channel<Object> replyTo, ChannelErrorHandler errorHandler, ListenerObserver observer,
            ThreadFactory threadFactory) {
        this(endpoint, channel, deadLetter, replyTo, errorHandler, observer, threadFactory, null, null);
    }

    /**
     * Creates a container whose messages come from {@code deliveries} when it is set: each is
     * acknowledged once its call (or its error handling) is over, so a broker redelivers what an
     * instance that died mid-way had taken; and whose deliveries run inside the context their
     * channel carried when {@code scope} is set.
     *
     * @param endpoint      the listener method, its concurrency and options
     * @param channel       the channel it receives from
     * @param deadLetter    where failed messages go, or {@code null}
     * @param replyTo       where return values go, or {@code null}
     * @param errorHandler  the error handler (the listener's own, else the application's), or {@code null}
     * @param observer      told about every call and retry
     * @param threadFactory makes the listener threads
     * @param deliveries    where to take acknowledged messages from, or {@code null} to use the
     *                      channel's receiver
     * @param scope         wraps each delivery, or {@code null} when the channel carries no context
     */
    public ListenerContainer(ListenerEndpoint endpoint, Channel<Object> channel, Channel<Object> deadLetter,
            Channel<Object> replyTo, ChannelErrorHandler errorHandler, ListenerObserver observer,
            ThreadFactory threadFactory, DeliverySource deliveries, DeliveryScope scope) {
        this.deliveries = deliveries;
        this.scope = scope;
        this.endpoint = endpoint;
        this.channel = channel;
        this.deadLetter = deadLetter;
        this.replyTo = replyTo;
        this.errorHandler = errorHandler;
        this.recorder = observer.recorderFor(endpoint.channel(), endpoint.id());
        this.threadFactory = threadFactory;
        this.retryTemplate = retryTemplate(endpoint.options().retry(), recorder);
    }

    private static RetryTemplate retryTemplate(RetryPolicy policy, ListenerObserver.Recorder recorder) {
        if (policy == null) {
            return null;
        }
        RetryTemplate template = new RetryTemplate(policy);
        template.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState state) {
                recorder.retry();
            }
        });
        return template;
    }

    /**
     * Starts the threads, each with a receiver clone taken here so none can miss the close. Does
     * nothing when the listener's threads are running.
     *
     * @throws IllegalStateException if the threads of an earlier stop have not finished yet
     */
    public synchronized void start() {
        if (liveThreads() > 0) {
            if (stopRequested) {
                throw new IllegalStateException("listener " + endpoint.id() + " is still stopping; start it once"
                        + " its current message is done");
            }
            return;
        }
        stopRequested = false;
        shuttingDown = false; // an earlier stop's interrupts are over
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < endpoint.concurrency(); i++) {
            Receiver<Object> receiver = channel.receiver().clone();
            started.add(threadFactory.newThread(() -> consume(receiver)));
        }
        threads = List.copyOf(started);
        started.forEach(Thread::start);
    }

    private void consume(Receiver<Object> receiver) {
        try (receiver) {
            while (!stopRequested) {
                if (paused && channel.state() == ChannelState.OPEN) {
                    // Paused: wait for resume() to unpark us, looking now and then whether a stop or
                    // a shutdown (the channel closing) came instead; at shutdown a paused listener drains.
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(STOP_POLL_MILLIS));
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    continue;
                }
                Object message;
                DeliverySource.Taken taken = null;
                try {
                    // A bounded wait, so that a thread asked to stop notices within STOP_POLL_MILLIS
                    // even when the channel stays open and empty.
                    if (deliveries != null && !endpoint.options().batch()) {
                        taken = deliveries.take(STOP_POLL_MILLIS, TimeUnit.MILLISECONDS);
                        message = taken == null ? null : taken.message();
                    } else {
                        message = receiver.recv(STOP_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    }
                } catch (ChannelClosedException closed) {
                    return; // closed and drained, or the receiving side was closed at shutdown
                } catch (InterruptedException interrupted) {
                    return; // shutdown gave up waiting for this thread
                }
                if (message == null) {
                    continue;
                }
                // Taken now, before a batch's further receives replace it with their messages' contexts.
                Object context = scope == null ? null : scope.takeContext();
                if (!endpoint.options().batch()) {
                    Throwable error = deliver(context, message);
                    if (taken != null) {
                        if (givesBack(error)) {
                            taken.requeue(); // interrupted by shutdown: another instance takes it
                        } else {
                            taken.acknowledge(); // after the call, its retries and its error handling
                        }
                    }
                    continue;
                }
                boolean interrupted = processBatch(receiver, message, context);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Gathers a batch that starts with {@code first} and hands it to the listener.
     *
     * @return whether the thread was interrupted while gathering (the batch is processed anyway:
     *         its messages are already out of the channel)
     */
    private boolean processBatch(Receiver<Object> receiver, Object first, Object context) {
        int size = endpoint.options().batchSize();
        List<Object> batch = new ArrayList<>(Math.min(size, 1024));
        batch.add(first);
        long deadline = System.nanoTime() + endpoint.options().batchWait().toNanos();
        boolean interrupted = false;
        while (batch.size() < size) {
            receiver.drainTo(batch, size - batch.size());
            long remaining = deadline - System.nanoTime();
            if (batch.size() >= size || remaining <= 0) {
                break;
            }
            try {
                Object next = receiver.recv(remaining, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break; // the wait ran out
                }
                batch.add(next);
            } catch (ChannelClosedException closed) {
                break; // nothing more will come; the next receive ends the thread
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (scope != null) {
            scope.takeContext(); // forgets the contexts of the batch's other messages: the first one's stands for all
        }
        // Read-only: a retry hands the same list again, and a failure hands on each of its messages.
        deliver(context, Collections.unmodifiableList(batch));
        return interrupted;
    }

    /**
     * Processes a message or a batch, inside the context it came with when the channel is observed.
     *
     * @return what the listener finally threw, or {@code null} when it returned
     */
    private Throwable deliver(Object context, Object argument) {
        return scope == null ? process(argument) : scope.run(context, argument, delivery);
    }

    /**
     * Whether a failed single-message call goes back to its storage instead of to the error
     * handling: shutdown interrupted it, and the storage keeps the message until acknowledged (a
     * broker channel), so another instance can take it.
     */
    private boolean givesBack(Throwable error) {
        return error instanceof InterruptedException && shuttingDown && deliveries != null
                && !endpoint.options().batch();
    }

    /**
     * Calls the listener with {@code argument}, a message or a batch (retrying as its policy
     * says), and passes on the reply, or hands every message to the error handling.
     *
     * @return what the listener finally threw, or {@code null} when it returned
     */
    private Throwable process(Object argument) {
        long start = System.nanoTime();
        Object reply;
        try {
            reply = retryTemplate == null ? endpoint.invoke(argument) : invokeWithRetry(argument);
        } catch (Failure failure) {
            failed(messagesOf(argument), failure.getCause(), failure.attempts, start);
            return failure.getCause();
        } catch (Throwable error) {
            failed(messagesOf(argument), error, 1, start);
            return error;
        }
        processed.addAndGet(endpoint.options().batch() ? ((List<?>) argument).size() : 1);
        recorder.record(System.nanoTime() - start, null);
        if (reply != null && replyTo != null) {
            reply(reply);
        }
        return null;
    }

    /** The messages of a call: only a failure needs them as a list, so the success path allocates none. */
    @SuppressWarnings("unchecked")
    private List<Object> messagesOf(Object argument) {
        return endpoint.options().batch() ? (List<Object>) argument : List.of(argument);
    }

    private Object invokeWithRetry(Object argument) throws Failure {
        try {
            return retryTemplate.execute(new Retryable<Object>() {
                @Override
                public Object execute() throws Throwable {
                    return endpoint.invoke(argument);
                }

                @Override
                public String getName() {
                    return endpoint.id();
                }
            });
        } catch (RetryException exhausted) {
            Throwable last = exhausted.getLastException() != null ? exhausted.getLastException() : exhausted.getCause();
            throw new Failure(last, exhausted.getExceptions().size());
        }
    }

    /** What a retried call finally threw, with how many calls were made. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int attempts;

        Failure(Throwable cause, int attempts) {
            super(cause.toString(), cause, false, false);
            this.attempts = attempts;
        }
    }

    private void failed(List<Object> messages, Throwable error, int attempts, long start) {
        errors.addAndGet(messages.size());
        recorder.record(System.nanoTime() - start, error);
        String calls = attempts == 1 ? "" : " after " + attempts + " attempts";
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            if (shuttingDown) {
                // Expected: shutdown interrupts listeners that outlive the drain timeout.
                if (givesBack(error)) {
                    LOG.warn("channel '" + endpoint.channel() + "': listener " + endpoint.id() + " was interrupted"
                            + " at shutdown while processing a message; it goes back to the broker's queue");
                    return;
                }
                LOG.warn("channel '" + endpoint.channel() + "': listener " + endpoint.id()
                        + " was interrupted at shutdown while processing a message (" + error + ")");
                messages.forEach(message -> handOn(message, error, attempts));
                return;
            }
        }
        LOG.error("channel '" + endpoint.channel() + "': listener " + endpoint.id() + " failed on "
                + (messages.size() == 1 ? "a message" : "a batch of " + messages.size() + " messages") + calls, error);
        messages.forEach(message -> handOn(message, error, attempts));
    }

    /** Sends a listener's return value to its {@code @SendTo} channel, waiting for room like any sender. */
    private void reply(Object reply) {
        try {
            SendResult result = replyTo.sender().send(reply);
            if (result != SendResult.SENT) {
                LOG.error("channel '" + endpoint.channel() + "': listener " + endpoint.id() + " returned a value that"
                        + " channel '" + replyTo.name() + "' refused (" + result + ")");
            }
        } catch (ChannelClosedException closed) {
            LOG.error("channel '" + endpoint.channel() + "': listener " + endpoint.id() + " returned a value after"
                    + " channel '" + replyTo.name() + "' closed; it was dropped");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            LOG.warn("channel '" + endpoint.channel() + "': listener " + endpoint.id() + " was interrupted while"
                    + " sending its return value to channel '" + replyTo.name() + "'; it was dropped");
        }
    }

    /** Passes a message the listener failed on to the error handler or the dead-letter channel. */
    private void handOn(Object message, Throwable error, int attempts) {
        try {
            if (errorHandler != null) {
                errorHandler.onListenerError(endpoint.channel(), endpoint.id(), message, error);
            } else if (deadLetter != null) {
                DeadLetter<Object> letter = new DeadLetter<>(message, error, endpoint.channel(), endpoint.id(),
                        attempts, Instant.now());
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

    /** Makes the threads take no further message until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    /** Lets the threads take messages again, at once. */
    public void resume() {
        paused = false;
        threads.forEach(LockSupport::unpark);
    }

    /** {@return running, paused or stopped, from the threads alive and the pause flag} */
    public ListenerState state() {
        if (liveThreads() == 0) {
            return ListenerState.STOPPED;
        }
        return paused ? ListenerState.PAUSED : ListenerState.RUNNING;
    }

    /**
     * Waits for every thread to finish until {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @param deadlineNanos when to give up, as a {@link System#nanoTime()} value
     * @return whether all finished
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitTermination(long deadlineNanos) throws InterruptedException {
        List<Thread> current = threads;
        for (Thread thread : current) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
        }
        return current.stream().noneMatch(Thread::isAlive);
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

    /** {@return messages the method threw on, after its retries} */
    public long errors() {
        return errors.get();
    }
}
