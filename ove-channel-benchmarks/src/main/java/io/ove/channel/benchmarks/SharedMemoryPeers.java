package io.ove.channel.benchmarks;

import io.ove.channel.shm.Codec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The producers of {@link SharedMemoryBenchmark} in other processes: a JVM running
 * {@link SharedMemoryProducer} from this very jar, and the C test producer of
 * {@code ove-channel-shm}, built with gcc on first use into {@code ove-channel-benchmarks/target/peers/shm}
 * (paths relative to the repository root, where the suite runs).
 */
final class SharedMemoryPeers {

    /** Bytes per message: the largest payload the benchmark's files take. */
    static final int PAYLOAD = 16;
    /** The message the JVM producers send. */
    static final Object MESSAGE = Boolean.TRUE;
    /**
     * Writes 16 bytes and reads any payload back as {@link #MESSAGE}, so that neither side allocates
     * per message and the C producer's text payloads are accepted as they are.
     */
    static final Codec<Object> CODEC = new Codec<>() {
        private static final long WORD = 0x0123456789ABCDEFL;

        @Override
        public void encode(Object message, ByteBuffer target) {
            target.putLong(WORD).putLong(WORD);
        }

        @Override
        public Object decode(ByteBuffer source) {
            return MESSAGE;
        }
    };

    private static final Path LIBRARY = Path.of("ove-channel-shm", "src", "main", "c");
    private static final Path PRODUCER = Path.of("ove-channel-shm", "src", "test", "c", "ove_producer.c");
    private static final Path BUILDS = Path.of("ove-channel-benchmarks", "target", "peers", "shm");

    private SharedMemoryPeers() {
    }

    /** {@return the C producer, built if needed} */
    static synchronized Path cProducer() throws IOException {
        Path binary = BUILDS.resolve("ove_producer");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        if (!Files.exists(PRODUCER)) {
            throw new IllegalStateException("the C producer is built from " + PRODUCER + ": run the benchmark from the"
                    + " repository root");
        }
        Files.createDirectories(BUILDS);
        Process gcc = new ProcessBuilder("gcc", "-std=c11", "-O2", "-pthread", "-I" + LIBRARY, PRODUCER.toString(),
                LIBRARY.resolve("ove_channel.c").toString(), "-o", binary.toString()).inheritIO().start();
        try {
            if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc could not build the C producer (install it: apt-get install gcc)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the C producer", e);
        }
        return binary;
    }

    /** {@return the command of a JVM producer sending {@code messages} to {@code path}} */
    static List<String> javaProducer(Path path, int messages) {
        try {
            String jar = Path.of(SharedMemoryPeers.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m", "-Xmx256m", "-cp", jar, SharedMemoryProducer.class.getName(), path.toString(),
                    String.valueOf(messages)));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a producer process, its output going to this process's. */
    static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).inheritIO().start();
    }
}
