package io.ove.channel.shm;

import io.ove.channel.Channel;
import io.ove.channel.ChannelStats;
import io.ove.channel.ChannelStorage;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import java.nio.file.Path;

/**
 * A channel whose ring lives in a memory-mapped file that other processes, Java or C, open by
 * path at the same time. Its handles are the core's own {@link Sender} and {@link Receiver}, with
 * the same rules as in-process, counted across every process: when the last sender anywhere is
 * closed, receivers drain and then see "closed"; when the last receiver anywhere is closed, sends
 * are refused and what is buffered is reported undelivered.
 *
 * <pre>{@code
 * try (SharedMemoryChannel<String> orders = SharedMemoryChannel.builder(Path.of("/dev/shm/orders"))
 *         .capacity(1024).maxMessageSize(256).open(Codec.utf8());
 *      Sender<String> tx = orders.sender()) {
 *     tx.send("order 42");             // a C or Java receiver in another process gets it
 * }
 * }</pre>
 *
 * <p>The file's layout and the guarantees across crashes are in {@code docs/shared-memory.md}.
 * Closing this object gives up the handles of this process that are still open (with the closing
 * rules) and detaches from the file; a process that dies without closing is reaped by its peers.
 *
 * @param <T> the message type
 */
public final class SharedMemoryChannel<T> implements AutoCloseable {

    private final SharedStorage<T> storage;
    private final Path path;

    SharedMemoryChannel(SharedStorage<T> storage, Path path) {
        this.storage = storage;
        this.path = path;
    }

    /**
     * Starts configuring a shared channel at {@code path} (under {@code /dev/shm} to stay in memory).
     *
     * @param path the channel file
     * @return a builder
     * @throws NullPointerException if {@code path} is {@code null}
     */
    public static SharedMemoryChannelBuilder builder(Path path) {
        return new SharedMemoryChannelBuilder(path);
    }

    /**
     * Opens a new counted sender: the channel stays open for sending while it (or any other
     * sender in any process) is open.
     *
     * @return a new sender
     * @throws IllegalStateException if this channel was closed
     */
    public Sender<T> sender() {
        return storage.openSender();
    }

    /**
     * Opens a new counted receiver.
     *
     * @return a new receiver
     * @throws IllegalStateException if this channel was closed
     */
    public Receiver<T> receiver() {
        return storage.openReceiver();
    }

    /**
     * Opens one sender and one receiver as a {@link Channel}, for code written against the core's
     * channel type (the Spring Boot starter, for one).
     *
     * @return a channel over this shared storage
     * @throws IllegalStateException if this channel was closed
     */
    public Channel<T> asChannel() {
        return storage.openChannel();
    }

    /** {@return the storage, for closing a side as a whole and for statistics} */
    public ChannelStorage<T> storage() {
        return storage;
    }

    /** {@return the channel file} */
    public Path path() {
        return path;
    }

    /** {@return the statistics of every process together} */
    public ChannelStats stats() {
        return storage.stats();
    }

    /** {@return slots given up on after a crash, as {@code docs/shared-memory.md} describes} */
    public long lost() {
        return storage.lost();
    }

    /** {@return handles released on behalf of processes that died holding them} */
    public long reaped() {
        return storage.reaped();
    }

    /** {@return how many processes are attached to the file now, this one included} */
    public int participants() {
        return storage.participants();
    }

    /**
     * Releases the handles of processes that died holding them, closing a side if they were its
     * last handles. Waiting calls do this on their own every 250 ms.
     *
     * @return how many handles were released
     */
    public int reapDeadPeers() {
        return storage.reapDeadPeers();
    }

    /**
     * Gives up this channel's handles that are still open (closing a side if they were its last,
     * in every process) and detaches from the file. Idempotent.
     */
    @Override
    public void close() {
        storage.detach();
    }

    @Override
    public String toString() {
        return "SharedMemoryChannel[" + storage.name() + ", " + path + ", state=" + storage.state() + "]";
    }
}
