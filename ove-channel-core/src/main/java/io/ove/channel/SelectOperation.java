package io.ove.channel;

/**
 * One operation registered with a {@link Select}: a receive ({@link RecvOperation}) or a send
 * ({@link SendOperation}) on one channel. Registering creates it once; each call of the select
 * that completes it returns this same object and leaves the outcome in it, so a reused select
 * allocates nothing per call.
 *
 * <p>A closed channel counts as ready: the operation completes by reporting the closure
 * ({@link #isClosed()}), as in crossbeam-channel.
 */
public abstract sealed class SelectOperation permits RecvOperation, SendOperation, TimerOperation {

    private final int index;
    /** The channel's queue and handle; {@code null} for a {@link TimerOperation}. */
    final BoundedQueue<?> queue;
    final ChannelHandle<?> handle;
    /** Whether it waits for room (a send) rather than for a message. */
    final boolean send;
    /** Its registration, with the claim that names it ({@link WaitContext#FIRST_SELECT_OPERATION} + index). */
    final Waker.Entry entry;
    /** Whether its last completion found the channel closed; plain, the selecting thread's own. */
    boolean closed;

    SelectOperation(int index, ChannelHandle<?> handle, boolean send) {
        this.index = index;
        this.handle = handle;
        this.queue = handle == null ? null : inProcess(handle);
        this.send = send;
        this.entry = new Waker.Entry(null, WaitContext.FIRST_SELECT_OPERATION + index);
    }

    /** The handle's queue; a select waits on in-process channels only (their wait lists are its own). */
    private static BoundedQueue<?> inProcess(ChannelHandle<?> handle) {
        if (handle.queue instanceof BoundedQueue<?> queue) {
            return queue;
        }
        if (handle.queue instanceof EnvelopedStorage<?>) {
            throw new IllegalArgumentException("channel '" + handle.name() + "' carries its messages in envelopes"
                    + " (ChannelBuilder.envelope), which a Select does not open; select over channels built without"
                    + " an envelope, or receive from this one with its Receiver");
        }
        throw new IllegalArgumentException("channel '" + handle.name() + "' is stored in "
                + handle.queue.getClass().getSimpleName() + ", and a Select waits only on in-process channels;"
                + " receive from it on its own thread and forward to an in-process channel to select over it");
    }

    /** {@return its position among the select's operations, in order of registration, from 0} */
    public int index() {
        return index;
    }

    /**
     * {@return whether its last completion found the channel closed: for a receive, closed for
     * sending and drained (or closed for receiving); for a send, closed for sending}
     */
    public boolean isClosed() {
        return closed;
    }

    /** {@return the name of the channel it works on ({@code after}, {@code tick} or {@code never} for a timer)} */
    public String channelName() {
        return queue.name();
    }

    /** Whether it waits on a channel (every operation but a timer). */
    final boolean onChannel() {
        return queue != null;
    }

    /** Whether an attempt could succeed (or would report closure) now; takes nothing. */
    boolean isReady() {
        return queue.selectReady(send);
    }

    /** Whether it takes part in the next call (a send does only while it has a message). */
    abstract boolean enabled();

    /**
     * Attempts it once, without waiting; on success leaves the outcome in this object.
     *
     * @return whether it completed (with a message, with its message sent, or with closure)
     */
    abstract boolean tryComplete();

    /** Completes it with what a counterpart handed over after claiming its registration. */
    abstract void completeByHandOff();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + index + ", " + channelName() + "]";
    }
}
