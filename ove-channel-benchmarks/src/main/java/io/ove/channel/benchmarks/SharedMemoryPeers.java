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
 * {@code ove-channel-shm} (and its echo program), built with gcc on first use into {@code ove-channel-benchmarks/target/peers/shm}
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
    private static final Path PROGRAMS = Path.of("ove-channel-shm", "src", "test", "c");
    private static final Path BUILDS = Path.of("ove-channel-benchmarks", "target", "peers", "shm");

    private SharedMemoryPeers() {
    }

    /** {@return the C producer, built if needed} */
    static Path cProducer() throws IOException {
        return cProgram("ove_producer");
    }

    /**
     * Builds (once) and finds one of {@code ove-channel-shm}'s C test programs.
     *
     * @param name the program, without {@code .c}
     * @return the binary
     * @throws IOException if its folder cannot be made
     */
    static synchronized Path cProgram(String name) throws IOException {
        Path binary = BUILDS.resolve(name);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path source = PROGRAMS.resolve(name + ".c");
        if (!Files.exists(source)) {
            throw new IllegalStateException("the C peer is built from " + source + ": run the benchmark from the"
                    + " repository root");
        }
        Files.createDirectories(BUILDS);
        Process gcc = new ProcessBuilder("gcc", "-std=c11", "-O2", "-pthread", "-I" + LIBRARY, source.toString(),
                LIBRARY.resolve("ove_channel.c").toString(), "-o", binary.toString()).inheritIO().start();
        try {
            if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc could not build " + source + " (install it: apt-get install gcc)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + source, e);
        }
        return binary;
    }

    /** {@return the command that runs {@code main}'s class from this jar in a new JVM; append its arguments} */
    static List<String> javaCommand(Class<?> main) {
        try {
            String jar = Path.of(SharedMemoryPeers.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m", "-Xmx256m", "-cp", jar, main.getName()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return the command of a JVM producer sending {@code messages} to {@code path}} */
    static List<String> javaProducer(Path path, int messages) {
        List<String> command = javaCommand(SharedMemoryProducer.class);
        command.add(path.toString());
        command.add(String.valueOf(messages));
        return command;
    }

    /** Starts a producer process, its output going to this process's. */
    static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).inheritIO().start();
    }
}
