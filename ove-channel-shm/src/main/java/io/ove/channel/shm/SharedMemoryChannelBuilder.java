package io.ove.channel.shm;

import io.ove.channel.OverflowPolicy;
import io.ove.channel.UndeliveredHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures and opens a {@link SharedMemoryChannel}. The shape (capacity, maximum message size,
 * overflow policy) is fixed by whoever creates the file; a process that opens an existing file
 * checks only the shape fields it set, so a consumer can open a file without knowing its shape.
 */
public final class SharedMemoryChannelBuilder {

    /** The capacity of a file created without {@link #capacity(int)}. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** The maximum message size of a file created without {@link #maxMessageSize(int)}. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024;
    /** The stuck timeout of a file created without {@link #stuckTimeout(Duration)}. */
    public static final Duration DEFAULT_STUCK_TIMEOUT = Duration.ofSeconds(2);

    private final Path path;
    private int capacity = DEFAULT_CAPACITY;
    private boolean capacitySet;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private boolean maxMessageSizeSet;
    private OverflowPolicy overflow = OverflowPolicy.BLOCK;
    private boolean overflowSet;
    private boolean create = true;
    private Duration stuckTimeout = DEFAULT_STUCK_TIMEOUT;
    private String name;
    private Duration sendTimeout;
    private UndeliveredHandler<?> undeliveredHandler;

    SharedMemoryChannelBuilder(Path path) {
        this.path = Objects.requireNonNull(path, "path must not be null");
    }

    /**
     * Sets the capacity of the file this process creates, and checks an existing file has it.
     *
     * @param capacity the most messages buffered, 2 to 2<sup>30</sup> (a single slot cannot tell a
     *                 published message from a free slot of the next lap in this layout)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public SharedMemoryChannelBuilder capacity(int capacity) {
        if (capacity < Layout.MIN_CAPACITY || capacity > Layout.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity of a shared channel must be between " + Layout.MIN_CAPACITY
                    + " and " + Layout.MAX_CAPACITY + ", but was " + capacity + " (a single slot cannot tell a"
                    + " published message from a free slot of the next lap; use 2)");
        }
        this.capacity = capacity;
        this.capacitySet = true;
        return this;
    }

    /**
     * Sets the largest payload, in bytes, of the file this process creates, and checks an existing
     * file has it.
     *
     * @param maxMessageSize 1 byte to 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public SharedMemoryChannelBuilder maxMessageSize(int maxMessageSize) {
        if (maxMessageSize < 1 || maxMessageSize > Layout.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("max message size of a shared channel must be between 1 and "
                    + Layout.MAX_MESSAGE_SIZE + " bytes, but was " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
        this.maxMessageSizeSet = true;
        return this;
    }

    /**
     * Sets the overflow policy of the file this process creates, and checks an existing file has it.
     *
     * @param overflow what a send does when the ring is full
     * @return this builder
     */
    public SharedMemoryChannelBuilder overflow(OverflowPolicy overflow) {
        this.overflow = Objects.requireNonNull(overflow, "overflow must not be null");
        this.overflowSet = true;
        return this;
    }

    /**
     * Sets whether to create the file when it is absent (the default), or to require that another
     * process created it. A creating process also replaces a finished file: one whose channel is
     * closed for sending and that no live process has open.
     *
     * @param create whether to create the file if absent
     * @return this builder
     */
    public SharedMemoryChannelBuilder create(boolean create) {
        this.create = create;
        return this;
    }

    /**
     * Sets, for a file this process creates, how long a slot may stay half-written or half-read
     * before peers take its writer or reader for dead and give up on it (see
     * {@code docs/shared-memory.md}, "Crashes").
     *
     * @param stuckTimeout positive
     * @return this builder
     */
    public SharedMemoryChannelBuilder stuckTimeout(Duration stuckTimeout) {
        Objects.requireNonNull(stuckTimeout, "stuckTimeout must not be null");
        if (stuckTimeout.isNegative() || stuckTimeout.isZero()) {
            throw new IllegalArgumentException("stuckTimeout must be positive, but was " + stuckTimeout);
        }
        this.stuckTimeout = stuckTimeout;
        return this;
    }

    /**
     * Names the channel in messages, statistics and meters (default: the file's name).
     *
     * @param name the name
     * @return this builder
     */
    public SharedMemoryChannelBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        return this;
    }

    /**
     * Bounds this process's untimed {@code send} calls (under {@link OverflowPolicy#BLOCK}).
     *
     * @param sendTimeout not negative
     * @return this builder
     */
    public SharedMemoryChannelBuilder sendTimeout(Duration sendTimeout) {
        Objects.requireNonNull(sendTimeout, "sendTimeout must not be null");
        if (sendTimeout.isNegative()) {
            throw new IllegalArgumentException("sendTimeout must not be negative, but was " + sendTimeout);
        }
        this.sendTimeout = sendTimeout;
        return this;
    }

    /**
     * Sets who is told about messages this process finds undelivered: evicted by its sends, or
     * still buffered when it closed the receiving side.
     *
     * @param handler the handler
     * @return this builder
     */
    public SharedMemoryChannelBuilder onUndelivered(UndeliveredHandler<?> handler) {
        this.undeliveredHandler = Objects.requireNonNull(handler, "handler must not be null");
        return this;
    }

    /**
     * Creates or opens the file and attaches this process to it.
     *
     * @param codec turns messages into payloads and back
     * @param <T>   the message type
     * @return the channel, with no handle yet (open them with {@link SharedMemoryChannel#sender()}
     *         and {@link SharedMemoryChannel#receiver()})
     * @throws SharedMemoryException if the file cannot be created or opened, or does not match
     */
    @SuppressWarnings("unchecked")
    public <T> SharedMemoryChannel<T> open(Codec<T> codec) {
        Objects.requireNonNull(codec, "codec must not be null");
        int slotSize = Layout.slotSize(maxMessageSize);
        if (create && Layout.fileSize(capacity, slotSize) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a shared channel of " + capacity + " messages of up to "
                    + maxMessageSize + " bytes would need " + Layout.fileSize(capacity, slotSize) + " bytes, more"
                    + " than the 2 GiB one file may map: lower the capacity or the max message size");
        }
        SharedChannelSpec spec = new SharedChannelSpec(path, capacity, capacitySet, maxMessageSize, maxMessageSizeSet,
                overflow, overflowSet, create, stuckTimeout);
        Attachment attachment = Attachment.attach(spec);
        String channelName = name != null ? name : String.valueOf(path.getFileName());
        long sendTimeoutNanos = sendTimeout == null ? -1L : sendTimeout.toNanos();
        SharedStorage<T> storage = new SharedStorage<>(attachment, codec, channelName,
                (UndeliveredHandler<? super T>) undeliveredHandler, sendTimeoutNanos);
        storage.reapDeadPeers(); // peers that died before we came must not hold the channel open
        return new SharedMemoryChannel<>(storage, path);
    }
}
