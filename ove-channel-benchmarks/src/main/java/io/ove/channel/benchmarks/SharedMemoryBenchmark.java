package io.ove.channel.benchmarks;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.shm.SharedMemoryChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cross-process throughput of a shared-memory channel: this JVM receives {@code messages}
 * 16-byte messages that one producer sends with the untimed blocking send, and JMH times the whole
 * stream ({@link Mode#SingleShotTime}), from a full ring to the producer's close. The producer is
 * <ul>
 *   <li>{@code in-process}: a thread of this JVM on an in-process channel (the anchor);</li>
 *   <li>{@code shm-thread}: a thread of this JVM on the shared channel (the file's cost without a
 *       process boundary);</li>
 *   <li>{@code shm-java}: another JVM ({@link SharedMemoryProducer});</li>
 *   <li>{@code shm-c}: a C program built from {@code ove-channel-shm/src/test/c/ove_producer.c}
 *       and the C side, with gcc ({@link SharedMemoryPeers}).</li>
 * </ul>
 * Each iteration starts a new producer on a new file and waits, untimed, until it has filled the
 * ring, so that neither process start-up nor attaching is timed. Run from the repository root:
 *
 * <pre>
 * java -cp ove-channel-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main SharedMemoryBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SharedMemoryBenchmark {

    /** Who sends: {@code in-process}, {@code shm-thread}, {@code shm-java} or {@code shm-c}. */
    @Param({"in-process", "shm-thread", "shm-java", "shm-c"})
    public String producer;

    /** The ring's capacity. */
    @Param("1024")
    public int capacity;

    /** Messages per stream. */
    @Param("200000")
    public int messages;

    private Path path;
    private SharedMemoryChannel<Object> shared;
    private Receiver<Object> receiver;
    private Thread thread;
    private Process process;

    /** Starts a producer on a new channel and waits until it has filled the ring. */
    @Setup(Level.Iteration)
    public void startProducer() throws IOException {
        if (producer.equals("in-process")) {
            Channel<Object> channel = Channel.bounded(capacity);
            receiver = channel.receiver();
            thread = sendingThread(channel.sender());
        } else {
            path = Files.createTempFile(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : null,
                    "ove-bench-", ".chan");
            Files.delete(path);
            shared = SharedMemoryChannel.builder(path).capacity(capacity).maxMessageSize(SharedMemoryPeers.PAYLOAD)
                    .open(SharedMemoryPeers.CODEC);
            receiver = shared.receiver();
            switch (producer) {
                case "shm-thread" -> thread = sendingThread(shared.sender());
                case "shm-java" -> process = SharedMemoryPeers.start(SharedMemoryPeers.javaProducer(path, messages));
                case "shm-c" -> process = SharedMemoryPeers.start(List.of(SharedMemoryPeers.cProducer().toString(),
                        path.toString(), "p", String.valueOf(messages)));
                default -> throw new IllegalArgumentException("unknown producer " + producer);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (receiver.size() < Math.min(capacity, messages)) {
            if (System.nanoTime() - deadline > 0 || (process != null && !process.isAlive())) {
                throw new IllegalStateException("the " + producer + " producer did not fill the ring within 60 s");
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private Thread sendingThread(Sender<Object> sender) {
        Thread producerThread = new Thread(() -> {
            try (sender) {
                for (int n = 0; n < messages; n++) {
                    sender.send(SharedMemoryPeers.MESSAGE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer");
        producerThread.start();
        return producerThread;
    }

    /**
     * Receives the whole stream.
     *
     * @return how many messages arrived (checked to be {@code messages})
     * @throws InterruptedException never, unless the run is stopped
     */
    @Benchmark
    public long transfer() throws InterruptedException {
        long received = 0;
        try {
            for (;;) {
                receiver.recv();
                received++;
            }
        } catch (ChannelClosedException endOfStream) {
            // the producer closed its sender: the stream is complete
        }
        if (received != messages) {
            throw new IllegalStateException(producer + ": received " + received + " of " + messages);
        }
        return received;
    }

    /** Stops the producer and deletes the file. */
    @TearDown(Level.Iteration)
    public void stopProducer() throws Exception {
        receiver.close();
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            thread = null;
        }
        if (process != null) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
        if (shared != null) {
            shared.close();
            shared = null;
            Files.deleteIfExists(path);
        }
    }
}
