package io.ove.channel.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real process on a shared channel (a C program or another JVM), driven by the lines it prints:
 * every line is kept, and a test waits for the ones it expects, always with a bound. Killing it
 * sends SIGKILL, like a crash.
 */
public final class PeerProcess implements AutoCloseable {

    private static final String END = "\u0000end";

    private final String label;
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private PeerProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        Thread reader = new Thread(this::pump, "peer-output-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command}; its standard error joins its output so failures show in the lines. */
    public static PeerProcess start(String label, List<String> command) {
        try {
            return new PeerProcess(label, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + command, e);
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process is gone; END below tells the waiting test
        }
        lines.add(END);
    }

    /**
     * Waits for the next line that starts with {@code prefix}, keeping the ones before it.
     *
     * @return that line
     * @throws AssertionError if the process ends or the time runs out first
     */
    public String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(label + " printed no line starting with '" + prefix + "' within " + timeout
                        + "; it printed: " + seen);
            }
            if (line.equals(END)) {
                lines.add(END);
                throw new AssertionError(label + " ended before printing a line starting with '" + prefix
                        + "'; it printed: " + seen);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** {@return every line up to the end of the process, which must end within {@code timeout}} */
    public List<String> awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(label + " did not end within " + timeout + "; it printed: " + seen);
            }
            if (line.equals(END)) {
                lines.add(END);
                process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return List.copyOf(seen);
            }
            seen.add(line);
        }
    }

    /** {@return the exit code, once the process has ended (see {@link #awaitEnd})} */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(label + " is still running");
        }
        return process.exitValue();
    }

    /** Kills the process with SIGKILL and waits (bounded) until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(label + " survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
