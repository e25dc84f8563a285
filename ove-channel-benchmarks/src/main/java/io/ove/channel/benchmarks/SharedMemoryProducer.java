package io.ove.channel.benchmarks;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.shm.SharedMemoryChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM producer of {@link SharedMemoryBenchmark}, run as its own process: warms its send path
 * up on a private file for two seconds (a fresh JVM would otherwise be timed while it compiles),
 * then opens the file another process created, sends {@code messages} messages with the untimed
 * blocking send, and closes its sender, which ends the stream.
 */
public final class SharedMemoryProducer {

    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private SharedMemoryProducer() {
    }

    /**
     * Warms up, then sends the stream.
     *
     * @param args the channel file and the number of messages
     * @throws Exception if the warm-up file cannot be made, or the thread is interrupted
     */
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        warmUp(path.resolveSibling(path.getFileName() + ".warm-up"));
        int messages = Integer.parseInt(args[1]);
        try (SharedMemoryChannel<Object> channel = SharedMemoryChannel.builder(path).create(false)
                .open(SharedMemoryPeers.CODEC);
             Sender<Object> sender = channel.sender()) {
            for (int n = 0; n < messages; n++) {
                sender.send(SharedMemoryPeers.MESSAGE);
            }
        }
    }

    /** Runs the same send and receive paths between two threads of this JVM on a private file. */
    private static void warmUp(Path path) throws Exception {
        try (SharedMemoryChannel<Object> channel = SharedMemoryChannel.builder(path).capacity(1024)
                .maxMessageSize(SharedMemoryPeers.PAYLOAD).open(SharedMemoryPeers.CODEC)) {
            Receiver<Object> receiver = channel.receiver();
            Thread drain = new Thread(() -> {
                for (Object ignored : receiver) {
                    // discard: only the compiled code matters
                }
            });
            drain.start();
            try (Sender<Object> sender = channel.sender()) {
                long end = System.nanoTime() + WARM_UP_NANOS;
                while (System.nanoTime() - end < 0) {
                    for (int n = 0; n < 1000; n++) {
                        sender.send(SharedMemoryPeers.MESSAGE);
                    }
                }
            }
            drain.join();
            receiver.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
