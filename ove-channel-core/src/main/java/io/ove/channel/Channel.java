package io.ove.channel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded multi-producer / multi-consumer channel: a fixed-capacity FIFO with cloneable
 * {@link Sender} and {@link Receiver} halves.
 *
 * <pre>{@code
 * Channel<String> channel = Channel.bounded(8);
 * Sender<String> tx = channel.sender();
 * Receiver<String> rx = channel.receiver();
 *
 * Sender<String> producer = tx.clone();    // one counted handle per producer thread
 * producer.send("hello");
 * producer.close();
 * tx.close();                              // last sender gone: closed for sending
 *
 * rx.recv();                               // "hello": buffered messages are still delivered
 * rx.recv();                               // throws ChannelClosedException: closed and drained
 * }</pre>
 *
 * <p>A {@code Channel} is the result of creating one: it holds the first sender and receiver
 * (each is one counted handle; the channel object itself counts as none) and gives access to what
 * concerns the channel as a whole: its {@link #stats() statistics} and closing a side regardless
 * of the handles still open. Creating it allocates the ring once; sending and receiving never
 * allocate.
 *
 * <p>{@code Channel.bounded(0)} is a rendezvous channel (a hand-off with no buffer, like Go's
 * unbuffered channels and {@code java.util.concurrent.SynchronousQueue}); {@link Select} waits on
 * several channels at once.
 *
 * @param <T> the message type
 */
public final class Channel<T> {

    private final ChannelStorage<T> queue;
    private final Sender<T> sender;
    private final Receiver<T> receiver;

    Channel(BoundedQueue<T> queue) {
        this.queue = queue;
        AtomicInteger senders = new AtomicInteger(1);
        AtomicInteger receivers = new AtomicInteger(1);
        this.sender = Sender.fromStatic(queue, senders, receivers);
        this.receiver = Receiver.fromStatic(queue, senders, receivers);
    }

    /** A channel over another storage, whose first handles that storage has already counted. */
    Channel(ChannelStorage<T> storage, Sender<T> sender, Receiver<T> receiver) {
        this.queue = storage;
        this.sender = sender;
        this.receiver = receiver;
    }

    /**
     * Creates a channel that holds at most {@code capacity} messages, blocks senders while full,
     * and has no undelivered handler. Use {@link #builder(int)} for the options.
     *
     * @param capacity the most messages it holds, from 1 to 2<sup>30</sup>; exactly this many. 0
     *                 makes a rendezvous channel: no buffer, a send completes when a receiver
     *                 takes its message, and a {@code trySend} succeeds only if a receiver waits
     * @param <T>      the message type
     * @return the channel, with its first sender and receiver
     * @throws IllegalArgumentException if {@code capacity} is out of range
     */
    public static <T> Channel<T> bounded(int capacity) {
        return new Channel<>(new BoundedQueue<>(capacity));
    }

    /**
     * Starts configuring a channel of {@code capacity} messages.
     *
     * @param capacity the most messages it holds, from 1 to 2<sup>30</sup>, or 0 for a rendezvous
     *                 channel (see {@link #bounded(int)})
     * @param <T>      the message type
     * @return a builder
     */
    public static <T> ChannelBuilder<T> builder(int capacity) {
        return new ChannelBuilder<>(capacity);
    }

    /** {@return the channel's first sender (the same handle on every call)} */
    public Sender<T> sender() {
        return sender;
    }

    /** {@return the channel's first receiver (the same handle on every call)} */
    public Receiver<T> receiver() {
        return receiver;
    }

    /**
     * {@return the storage behind this channel (a {@link BoundedQueue} for an in-process channel),
     * for closing a side as a whole and for statistics}
     */
    public ChannelStorage<T> storage() {
        return queue;
    }

    /** {@return the channel's name} */
    public String name() {
        return queue.name();
    }

    /** {@return the most messages it holds} */
    public int capacity() {
        return queue.capacity();
    }

    /** {@return the channel's state now} */
    public ChannelState state() {
        return queue.state();
    }

    /** {@return a snapshot of the channel's statistics} */
    public ChannelStats stats() {
        return queue.stats();
    }

    /**
     * Closes the sending side whatever senders are still open; see
     * {@link ChannelStorage#closeSending()}.
     *
     * @return whether this call closed it
     */
    public boolean closeSending() {
        return queue.closeSending();
    }

    /**
     * Closes the receiving side whatever receivers are still open, reporting buffered messages as
     * undelivered; see {@link ChannelStorage#closeReceiving()}.
     *
     * @return whether this call closed it
     */
    public boolean closeReceiving() {
        return queue.closeReceiving();
    }

    @Override
    public String toString() {
        return "Channel[" + queue.name() + ", capacity=" + queue.capacity() + ", state=" + queue.state() + "]";
    }
}
