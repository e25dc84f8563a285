package io.ove.channel.rabbitmq;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.amqp.support.converter.SmartMessageConverter;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.ChannelState;
import io.ove.channel.ChannelStats;
import io.ove.channel.ChannelStorage;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;

/**
 * A channel's storage in a RabbitMQ queue: the core's {@link Sender} and {@link Receiver} of every
 * JVM that opens the same queue share its messages.
 *
 * <p>The rules of an in-process channel, in their broker form:
 * <ul>
 *   <li><b>Capacity and overflow</b> are the queue's {@code x-max-length} and {@code x-overflow}:
 *       {@code reject-publish} for block and drop-newest (the broker nacks a publish to a full
 *       queue: drop-newest reports {@code FULL}, block waits and publishes again with a bounded
 *       back-off). A broker that cannot be reached is a queue that cannot take the message now:
 *       {@code trySend} reports {@code FULL}, a blocking send publishes again until its timeout
 *       (counted apart as well, {@link #unreachableRefusals()}); {@code drop-head} for drop-oldest (the evicted head is dead-lettered to the
 *       {@code .undelivered} queue, where it is kept and counted).</li>
 *   <li><b>{@code SENT}</b> only after the broker's publisher confirm.</li>
 *   <li><b>Receiving</b> acknowledges a message before {@code recv} returns it; a JVM that dies
 *       leaves its unacknowledged deliveries to the broker, which redelivers them.
 *       {@link #receiveDelivery} lets a listener acknowledge after it processed the message.</li>
 *   <li><b>Counted handles across JVMs</b>: each JVM counts its own handles; the broker counts the
 *       JVMs holding each side as the consumers of that side's presence queue. A JVM starts
 *       consuming messages on its first receive, not when it opens a receiver, so that an unused
 *       receiver takes no message away from the others. A side closes when a JVM closes its last handle of that side and
 *       the broker counts no other JVM: it then sets a sticky marker that every JVM reads (within
 *       {@value #CHECK_INTERVAL_MILLIS} ms). A crash never closes a side: a momentary zero while a
 *       service restarts is not a close.</li>
 *   <li><b>Closed for sending</b>: receivers take what the broker still holds, then see "closed".
 *       <b>Closed for receiving</b>: sends report {@code CLOSED}; the messages still queued stay in
 *       the queue (durable), counted as undelivered, and are logged.</li>
 * </ul>
 *
 * <p>Concurrency: the handle counts are atomics; the closed flags and the time of the last look at
 * the broker are volatile, read by every operation; the broker's own state is read without locks
 * (a stale read is at most {@value #CHECK_INTERVAL_MILLIS} ms old and only delays seeing a close).
 */
final class RabbitStorage<T> extends ChannelStorage<T> {

    private static final Logger LOG = System.getLogger(RabbitStorage.class.getName());
    /** How often an operation looks at the broker's markers and counts, at most. */
    static final long CHECK_INTERVAL_MILLIS = 250;
    private static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MILLIS);
    /** A receiving thread wakes at least this often to look at the markers. */
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final int capacity;
    private final OverflowPolicy overflow;
    private final long sendTimeoutNanos;
    private final BrokerQueues queues;
    private final QueueNames names;
    private final Publisher publisher;
    private final Inbox inbox;
    private final Presence senderPresence;
    private final Presence receiverPresence;
    private final MessageConverter converter;
    private final Object typeHint;

    private final AtomicInteger localSenders = new AtomicInteger();
    private final AtomicInteger localReceivers = new AtomicInteger();
    private final AtomicInteger waitingSenders = new AtomicInteger();
    private final AtomicInteger waitingReceivers = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder fullDrops = new LongAdder();
    private final LongAdder closedDrops = new LongAdder();
    private final LongAdder undelivered = new LongAdder();
    private final LongAdder leakedHandles = new LongAdder();
    private final LongAdder unreachableRefusals = new LongAdder();

    /** Sticky once true; volatile: set by whichever thread sees the marker, read by every operation. */
    private volatile boolean sendingClosed;
    private volatile boolean receivingClosed;
    /** Set once, when the receivers switch to fetching (under this object's lock); volatile: read by every receive. */
    private volatile boolean draining;
    private volatile boolean detached;
    /** When an operation last read the broker's state; a race only costs an extra look. */
    private volatile long lastCheck = System.nanoTime() - 2 * CHECK_INTERVAL_NANOS;
    /** The broker's last answers, an immutable record replaced whole through this volatile field. */
    private volatile Snapshot snapshot = new Snapshot(0, 0, 0, 0);

    RabbitStorage(RabbitChannelBuilder settings, CachingConnectionFactory connections, MessageConverter converter,
            Object typeHint) {
        this.name = settings.name;
        this.capacity = settings.capacity;
        this.overflow = settings.overflow;
        this.sendTimeoutNanos = settings.sendTimeout == null ? -1 : settings.sendTimeout.toNanos();
        this.names = QueueNames.of(settings.queue);
        this.publisher = new Publisher(connections, settings.confirmTimeout.toNanos(), name);
        this.queues = new BrokerQueues(connections, names, publisher, name);
        this.converter = converter;
        this.typeHint = typeHint;
        queues.declare(capacity, overflow, settings.queueType);
        startOver();
        this.inbox = new Inbox(connections, names.messages(), settings.prefetch);
        this.senderPresence = new Presence(connections, names.senders());
        this.receiverPresence = new Presence(connections, names.receivers());
        look();
    }

    /**
     * A channel whose sides were closed and that nobody holds any more (no JVM sends or receives)
     * is finished: opening it again starts it over, as a service that restarts expects.
     */
    private void startOver() {
        boolean marked = queues.isMarked(names.closedForSending()) || queues.isMarked(names.closedForReceiving());
        if (!marked) {
            return;
        }
        QueueInformation senders = queues.info(names.senders());
        QueueInformation receivers = queues.info(names.receivers());
        if (senders != null && senders.getConsumerCount() == 0 && receivers != null && receivers.getConsumerCount() == 0) {
            LOG.log(Level.INFO, "broker channel ''{0}'': its sides were closed and nobody holds it; it starts over", name);
            queues.clearMarks();
        }
    }

    // ---------------------------------------------------------------- handles

    Sender<T> openSender() {
        retainHandle(true);
        return adoptSender();
    }

    Receiver<T> openReceiver() {
        retainHandle(false);
        return adoptReceiver();
    }

    Channel<T> openChannel() {
        retainHandle(true);
        retainHandle(false);
        return adoptChannel();
    }

    @Override
    protected void retainHandle(boolean sender) {
        ensureAttached();
        if (sender) {
            if (localSenders.getAndIncrement() == 0) {
                senderPresence.join();
            }
        } else if (localReceivers.getAndIncrement() == 0) {
            receiverPresence.join(); // consuming starts with the first receive, see startConsuming()
        }
    }

    @Override
    protected void releaseHandle(boolean sender) {
        if (detached) {
            return;
        }
        if (sender) {
            if (localSenders.decrementAndGet() == 0) {
                senderPresence.leave();
                closeIfLast(true);
            }
        } else if (localReceivers.decrementAndGet() == 0) {
            inbox.stop();
            receiverPresence.leave();
            closeIfLast(false);
        }
    }

    /** After this JVM gave up its last handle of a side: closes the side if no other JVM holds one. */
    private void closeIfLast(boolean sendingSide) {
        try {
            QueueInformation info = queues.info(sendingSide ? names.senders() : names.receivers());
            if (info == null || info.getConsumerCount() > 0) {
                return;
            }
            if (sendingSide) {
                closeSending();
            } else if (!sendingClosed && !queues.isMarked(names.closedForSending())) {
                // Once sending closed, the channel ends by the receivers' drain; closing the receiving
                // side then would only cut that drain short for JVMs still at it.
                closeReceiving();
            }
        } catch (RuntimeException unreachable) {
            // Closing a handle must not fail because the broker is away (an application stopping
            // during an outage): the side stays open, like after a crash, until a later last close.
            LOG.log(Level.WARNING, "broker channel ''{0}'': this JVM gave up its last {1}, but the broker could not"
                    + " be asked whether it was the last anywhere, so the side stays open: {2}", name,
                    sendingSide ? "sender" : "receiver", unreachable.getMessage());
        }
    }

    @Override
    protected void countLeak(boolean sender) {
        if (detached) {
            return; // the channel was closed in this JVM: every handle was given up then
        }
        leakedHandles.increment();
        LOG.log(Level.WARNING, "broker channel ''{0}'': a {1} was garbage-collected without close(); it was released"
                + " now. Close every handle so that other JVMs see the channel close", name,
                sender ? "Sender" : "Receiver");
    }

    /** Gives up this JVM's open handles with the closing rules, then stops consuming. */
    void detach() {
        synchronized (this) {
            if (detached) {
                return;
            }
            int senders = localSenders.getAndSet(0);
            int receivers = localReceivers.getAndSet(0);
            if (senders > 0) {
                senderPresence.leave();
                closeIfLast(true);
            }
            if (receivers > 0) {
                inbox.stop();
                receiverPresence.leave();
                closeIfLast(false);
            }
            detached = true;
        }
        inbox.close();
        senderPresence.close();
        receiverPresence.close();
    }

    private void ensureAttached() {
        if (detached) {
            throw new IllegalStateException("broker channel '" + name + "' (queue '" + names.messages() + "') was"
                    + " closed in this JVM; open it again to get new handles");
        }
    }

    // ---------------------------------------------------------------- sending

    @Override
    protected SendResult trySend(T message) {
        ensureAttached();
        if (refusesSends()) {
            closedDrops.increment();
            return SendResult.CLOSED;
        }
        Message encoded = encode(message);
        try {
            return switch (publisher.publish(names.messages(), encoded)) {
                case TAKEN -> taken();
                case REFUSED -> full();
                case UNREACHABLE -> refusedUnreachable();
            };
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RabbitChannelException("broker channel '" + name + "': interrupted while waiting for the"
                    + " broker's confirm; the message may or may not be in the queue", interrupted);
        }
    }

    @Override
    protected SendResult send(T message, boolean timed, long nanos) throws InterruptedException {
        ensureAttached();
        if (refusesSends()) {
            closedDrops.increment();
            throw closedForSending();
        }
        Message encoded = encode(message);
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        long pause = FIRST_RETRY_NANOS;
        waitingSenders.incrementAndGet();
        try {
            for (;;) {
                Publisher.Outcome outcome = publisher.publish(names.messages(), encoded);
                if (outcome == Publisher.Outcome.TAKEN) {
                    return taken();
                }
                if (outcome == Publisher.Outcome.REFUSED && overflow != OverflowPolicy.BLOCK) {
                    return full();
                }
                // Full under BLOCK, or the broker is away: wait and publish again, until the deadline.
                if (timed && deadline - System.nanoTime() <= 0) {
                    return outcome == Publisher.Outcome.UNREACHABLE ? refusedUnreachable() : full();
                }
                long sleep = timed ? Math.min(pause, deadline - System.nanoTime()) : pause;
                LockSupport.parkNanos(this, Math.max(sleep, 0));
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for room in broker channel '" + name + "'");
                }
                pause = Math.min(pause * 2, LONGEST_RETRY_NANOS);
                if (refusesSends()) {
                    closedDrops.increment();
                    throw closedForSending();
                }
            }
        } finally {
            waitingSenders.decrementAndGet();
        }
    }

    private SendResult taken() {
        sent.increment();
        return SendResult.SENT;
    }

    private SendResult full() {
        fullDrops.increment();
        return SendResult.FULL;
    }

    /**
     * A send the broker could not be asked about (no connection): the queue cannot take the
     * message now, which is what {@code FULL} tells a caller; counted as a full drop and, apart,
     * as {@link #unreachableRefusals()}.
     */
    private SendResult refusedUnreachable() {
        unreachableRefusals.increment();
        return full();
    }

    private boolean refusesSends() {
        lookIfDue();
        return sendingClosed || receivingClosed;
    }

    private Message encode(T message) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return converter.toMessage(message, properties);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Starts this JVM's consumer on the first receive rather than when a receiver opens: a JVM that
     * holds a receiver it never uses (a producer-only service whose receiver bean exists anyway)
     * must not take messages into a buffer nobody reads.
     */
    private void startConsuming() {
        if (!draining && !inbox.isConsuming()) {
            inbox.start();
        }
    }

    @Override
    protected T tryRecv() {
        ensureAttached();
        startConsuming();
        for (;;) {
            Delivery delivery = draining ? fetchOrNull() : inbox.pollNow();
            if (delivery == null) {
                return null;
            }
            if (delivery.acknowledge()) {
                return decodeReceived(delivery);
            }
        }
    }

    @Override
    protected T recv(boolean timed, long nanos) throws InterruptedException {
        for (;;) {
            Delivery delivery = take(timed, nanos);
            if (delivery == null) {
                return null;
            }
            if (delivery.acknowledge()) {
                return decodeReceived(delivery);
            }
            // The delivery's broker channel closed (broker restart, consumer stopped): the broker
            // gives the message to a consumer again, so this JVM must not hand it out as well.
        }
    }

    /**
     * Takes the next message without acknowledging it, for a listener that acknowledges after it
     * processed the message.
     *
     * @return the delivery, or {@code null} if the time ran out
     * @throws ChannelClosedException when the channel is closed and drained
     */
    RabbitDelivery<T> receiveDelivery(long nanos) throws InterruptedException {
        Delivery delivery = take(true, nanos);
        if (delivery == null) {
            return null;
        }
        T message = decode(delivery.message());
        received.increment();
        return new RabbitDelivery<>(message, delivery);
    }

    private Delivery take(boolean timed, long nanos) throws InterruptedException {
        ensureAttached();
        startConsuming();
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        waitingReceivers.incrementAndGet();
        try {
            for (;;) {
                if (!draining) {
                    long slice = timed ? Math.min(POLL_SLICE_NANOS, Math.max(deadline - System.nanoTime(), 0))
                            : POLL_SLICE_NANOS;
                    Delivery delivery = inbox.poll(slice);
                    if (delivery != null) {
                        return delivery;
                    }
                }
                lookIfDue();
                if (receivingClosed) {
                    throw closedForReceiving();
                }
                if (sendingClosed) {
                    startDraining();
                    Delivery delivery = fetchOrNull();
                    if (delivery != null) {
                        return delivery;
                    }
                    throw closedForReceiving();
                }
                if (timed && deadline - System.nanoTime() <= 0) {
                    return null;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a message in broker channel '"
                            + name + "'");
                }
            }
        } finally {
            waitingReceivers.decrementAndGet();
        }
    }

    private void startDraining() {
        if (!draining) {
            synchronized (this) {
                if (!draining) {
                    inbox.drain();
                    draining = true;
                }
            }
        }
    }

    private Delivery fetchOrNull() {
        try {
            return inbox.fetch();
        } catch (RabbitChannelException failed) {
            throw unreachable(failed);
        }
    }

    private T decodeReceived(Delivery delivery) {
        received.increment();
        return decode(delivery.message());
    }

    @SuppressWarnings("unchecked")
    private T decode(Message message) {
        Object payload = typeHint != null && converter instanceof SmartMessageConverter smart
                ? smart.fromMessage(message, typeHint)
                : converter.fromMessage(message);
        return (T) payload;
    }

    @Override
    protected int drainTo(Collection<? super T> target, int max) {
        int moved = 0;
        while (moved < max) {
            T message = tryRecv();
            if (message == null) {
                break;
            }
            try {
                target.add(message);
            } catch (RuntimeException | Error refused) {
                undelivered.increment();
                LOG.log(Level.ERROR, "broker channel ''{0}'': the drain target refused a message that was already"
                        + " acknowledged; it is counted as undelivered", name);
                throw refused;
            }
            moved++;
        }
        return moved;
    }

    @Override
    protected boolean isExhausted() {
        lookIfDue();
        return receivingClosed || (sendingClosed && snapshot.depth == 0 && inbox.buffered() == 0);
    }

    // ---------------------------------------------------------------- closing

    /** Closes the sending side for every JVM: receivers everywhere drain the queue, then see "closed". */
    @Override
    public boolean closeSending() {
        if (sendingClosed) {
            return false;
        }
        setMark(names.closedForSending());
        sendingClosed = true;
        return true;
    }

    /**
     * Closes the receiving side for every JVM: sends report {@code CLOSED}. The messages still in
     * the queue stay there (it is durable), counted here as undelivered and logged.
     */
    @Override
    public boolean closeReceiving() {
        if (receivingClosed) {
            return false;
        }
        setMark(names.closedForReceiving());
        receivingClosed = true;
        inbox.stop();
        QueueInformation left = queues.info(names.messages());
        if (left != null && left.getMessageCount() > 0) {
            undelivered.add(left.getMessageCount());
            LOG.log(Level.WARNING, "broker channel ''{0}'': closed for receiving with {1} messages in queue ''{2}'';"
                    + " they stay there for the next receiver after the channel starts over", name,
                    left.getMessageCount(), names.messages());
        }
        return true;
    }

    private void setMark(String marker) {
        try {
            queues.mark(marker);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RabbitChannelException("broker channel '" + name + "': interrupted while recording a close", interrupted);
        }
    }

    // ---------------------------------------------------------------- the broker's view

    private void lookIfDue() {
        if (System.nanoTime() - lastCheck > CHECK_INTERVAL_NANOS) {
            look();
        }
    }

    /** Reads the markers and counts from the broker; a broker that cannot be reached leaves them as they were. */
    private void look() {
        lastCheck = System.nanoTime();
        try {
            QueueInformation messages = queues.info(names.messages());
            QueueInformation senders = queues.info(names.senders());
            QueueInformation receivers = queues.info(names.receivers());
            QueueInformation evicted = queues.info(names.undelivered());
            if (queues.isMarked(names.closedForSending())) {
                sendingClosed = true;
            }
            if (queues.isMarked(names.closedForReceiving())) {
                receivingClosed = true;
            }
            snapshot = new Snapshot(messages == null ? 0 : (int) messages.getMessageCount(),
                    receivers == null ? 0 : receivers.getConsumerCount(),
                    senders == null ? 0 : senders.getConsumerCount(),
                    evicted == null ? 0 : evicted.getMessageCount());
        } catch (RuntimeException unreachable) {
            LOG.log(Level.DEBUG, "broker channel ''{0}'': could not read the queue's state: {1}", name,
                    unreachable.getMessage());
        }
    }

    private RabbitChannelException unreachable(Throwable cause) {
        return new RabbitChannelException("broker channel '" + name + "': the broker cannot be reached; nothing was"
                + " sent or received. It is retried by blocking calls until their timeout", cause);
    }

    private ChannelClosedException closedForSending() {
        return new ChannelClosedException(receivingClosed
                ? "broker channel '" + name + "' is closed for sending: every receiver, in every JVM, is gone"
                : "broker channel '" + name + "' is closed for sending: its sending side was closed");
    }

    private ChannelClosedException closedForReceiving() {
        return new ChannelClosedException(receivingClosed
                ? "broker channel '" + name + "' is closed for receiving: its receiving side was closed"
                : "broker channel '" + name + "' is closed and drained: every sender, in every JVM, is gone and no"
                        + " message is left in queue '" + names.messages() + "'");
    }

    // ---------------------------------------------------------------- introspection

    @Override
    public String name() {
        return name;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public OverflowPolicy overflowPolicy() {
        return overflow;
    }

    @Override
    public Duration sendTimeout() {
        return sendTimeoutNanos < 0 ? null : Duration.ofNanos(sendTimeoutNanos);
    }

    @Override
    protected long sendTimeoutNanos() {
        return sendTimeoutNanos;
    }

    /** {@return the messages ready in the broker's queue (at most {@value #CHECK_INTERVAL_MILLIS} ms old)} */
    @Override
    public int size() {
        lookIfDue();
        return snapshot.depth;
    }

    @Override
    public ChannelState state() {
        lookIfDue();
        if (receivingClosed) {
            return ChannelState.CLOSED_FOR_RECEIVING;
        }
        return sendingClosed ? ChannelState.CLOSED_FOR_SENDING : ChannelState.OPEN;
    }

    @Override
    public boolean isClosedForSending() {
        lookIfDue();
        return sendingClosed || receivingClosed;
    }

    @Override
    public boolean isClosedForReceiving() {
        lookIfDue();
        return receivingClosed;
    }

    /** {@return the JVMs holding a sender, as the broker counts them (one per JVM, not per handle)} */
    @Override
    public int liveSenders() {
        lookIfDue();
        return snapshot.sendingJvms;
    }

    /** {@return the JVMs holding a receiver, as the broker counts them (one per JVM, not per handle)} */
    @Override
    public int liveReceivers() {
        lookIfDue();
        return snapshot.receivingJvms;
    }

    @Override
    public int waitingSenders() {
        return waitingSenders.get();
    }

    @Override
    public int waitingReceivers() {
        return waitingReceivers.get();
    }

    /**
     * {@return the figures: depth, live counts and evictions from the broker; sent, received, drops
     * and undelivered counted by this JVM}
     */
    @Override
    public ChannelStats stats() {
        lookIfDue();
        Snapshot now = snapshot;
        return new ChannelStats(name, capacity, now.depth, now.sendingJvms, now.receivingJvms, sent.sum(),
                received.sum(), fullDrops.sum() + now.evicted, closedDrops.sum(), now.evicted, undelivered.sum(),
                leakedHandles.sum(), state());
    }

    /** {@return how many messages drop-oldest evicted into the undelivered queue, as the broker counts them} */
    long evicted() {
        lookIfDue();
        return snapshot.evicted;
    }

    /** {@return sends of this JVM refused with {@code FULL} because the broker could not be reached} */
    long unreachableRefusals() {
        return unreachableRefusals.sum();
    }

    QueueNames queueNames() {
        return names;
    }

    /** Forgets the last look, so the next operation reads the broker's state afresh (tests, endpoints). */
    void lookNow() {
        look();
    }

    @Override
    public String toString() {
        return "RabbitStorage[" + name + ", queue " + names.messages() + ", capacity=" + capacity + "]";
    }

    /** What the broker said at the last look. */
    private record Snapshot(int depth, int receivingJvms, int sendingJvms, long evicted) {
    }
}
