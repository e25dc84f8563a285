package io.ove.channel.benchmarks;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.shm.SharedMemoryChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Round-trip latency through shared-memory channels: this JVM sends a 16-byte message on a ping
 * channel and waits, with the untimed blocking receive, for the echo peer to send it back on a
 * pong channel. The echo peer is a thread of this JVM on in-process channels ({@code in-process},
 * the anchor), a thread on shared channels ({@code shm-thread}), another JVM
 * ({@link SharedMemoryEcho}, {@code shm-java}) or a C program ({@code ove_echo.c}, {@code shm-c}).
 * Both channels hold 2 messages. Run from the repository root:
 *
 * <pre>
 * java -cp ove-channel-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main SharedMemoryPingPongBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SharedMemoryPingPongBenchmark {

    /** Who echoes: {@code in-process}, {@code shm-thread}, {@code shm-java} or {@code shm-c}. */
    @Param({"in-process", "shm-thread", "shm-java", "shm-c"})
    public String echo;

    private final List<Path> files = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Sender<Object> ping;
    private Receiver<Object> pong;
    private Thread thread;
    private Process process;

    /** Starts the echo peer on two new channels. */
    @Setup(Level.Trial)
    public void startEcho() throws IOException {
        if (echo.equals("in-process")) {
            Channel<Object> pings = Channel.bounded(2);
            Channel<Object> pongs = Channel.bounded(2);
            ping = pings.sender();
            pong = pongs.receiver();
            thread = echoThread(pings.receiver(), pongs.sender());
            return;
        }
        SharedMemoryChannel<Object> pings = create("ping");
        SharedMemoryChannel<Object> pongs = create("pong");
        ping = pings.sender();
        pong = pongs.receiver();
        switch (echo) {
            case "shm-thread" -> thread = echoThread(pings.receiver(), pongs.sender());
            case "shm-java" -> process = ready(new ProcessBuilder(javaEcho()).redirectErrorStream(true).start());
            case "shm-c" -> process = ready(new ProcessBuilder(SharedMemoryPeers.cProgram("ove_echo").toString(),
                    files.get(0).toString(), files.get(1).toString()).redirectErrorStream(true).start());
            default -> throw new IllegalArgumentException("unknown echo " + echo);
        }
    }

    private SharedMemoryChannel<Object> create(String label) throws IOException {
        Path path = Files.createTempFile(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : null,
                "ove-bench-" + label + "-", ".chan");
        Files.delete(path);
        files.add(path);
        SharedMemoryChannel<Object> channel = SharedMemoryChannel.builder(path).capacity(2)
                .maxMessageSize(SharedMemoryPeers.PAYLOAD).open(SharedMemoryPeers.CODEC);
        opened.add(channel);
        return channel;
    }

    private List<String> javaEcho() {
        List<String> command = SharedMemoryPeers.javaCommand(SharedMemoryEcho.class);
        command.add(files.get(0).toString());
        command.add(files.get(1).toString());
        return command;
    }

    /** Waits until the peer printed READY (its handles are open). */
    private static Process ready(Process started) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (!"READY".equals(line)) {
            started.destroyForcibly();
            throw new IllegalStateException("the echo peer did not start: " + line);
        }
        return started;
    }

    private static Thread echoThread(Receiver<Object> in, Sender<Object> out) {
        Thread echoing = new Thread(() -> {
            try (in; out) {
                for (Object message : in) {
                    out.send(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "echo");
        echoing.start();
        return echoing;
    }

    /**
     * One round trip.
     *
     * @return the echoed message
     * @throws InterruptedException never, unless the run is stopped
     */
    @Benchmark
    public Object roundTrip() throws InterruptedException {
        ping.send(SharedMemoryPeers.MESSAGE);
        return pong.recv();
    }

    /** Closes the ping channel (which ends the echo peer) and deletes the files. */
    @TearDown(Level.Trial)
    public void stopEcho() throws Exception {
        ping.close();
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (process != null && !process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        pong.close();
        for (AutoCloseable channel : opened) {
            channel.close();
        }
        for (Path path : files) {
            Files.deleteIfExists(path);
        }
    }
}
