package io.ove.channel.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A channel from another language, run on the same workload as the suite's own benchmarks so the
 * report can put its numbers beside the channel's: Rust's crossbeam-channel and Go's buffered
 * channels.
 *
 * <p>Each peer is a small program under {@code ove-channel-benchmarks/src/main/peers}, built from
 * those sources on first use, into {@code ove-channel-benchmarks/target/peers}, with the tools the
 * machine has (Debian's {@code cargo} with its packaged crossbeam sources, and {@code go}); nothing
 * is downloaded. Both programs speak the same command line:
 *
 * <pre>
 * peer transfer &lt;producers&gt; &lt;consumers&gt; &lt;capacity&gt; &lt;messages&gt; &lt;warmups&gt; &lt;iterations&gt;
 * peer pingpong &lt;capacity&gt; &lt;roundtrips&gt; &lt;warmups&gt; &lt;iterations&gt;
 * </pre>
 *
 * <p>A peer's process is started per call, so the JVM's own threads and JIT are not running while
 * it measures; each call still runs its own warm-up iterations, because the peer's first
 * iterations pay for page faults and thread start-up the measured ones should not.
 */
enum NativePeer {

    /** crossbeam-channel 0.5, built with cargo from Debian's packaged crate sources. */
    CROSSBEAM("crossbeam", "crossbeam", "cargo", "apt-get install cargo librust-crossbeam-channel-dev",
            "A blocked crossbeam-channel 0.5.6 sender or receiver first retries with crossbeam-utils'"
                    + " Backoff (busy spins of 1 to 64 spin-loop hints, then thread::yield_now snoozes),"
                    + " then registers its Context on the channel's mutex-guarded SyncWaker, snoozes"
                    + " through a fresh Backoff once more and parks its thread with std::thread::park until"
                    + " the other side unparks it."),

    /** Go's channels, built with the go tool from the standard library alone. */
    GO("Go", "go", "go", "apt-get install golang-go",
            "A blocked Go sender or receiver does not spin on the channel: under the channel's runtime"
                    + " lock (which spins briefly, then sleeps on a futex) it queues itself on the channel's"
                    + " send or receive queue and gopark()s the goroutine until the other side readies it,"
                    + " while an OS thread left without a runnable goroutine spins a while in the"
                    + " scheduler looking for work before it sleeps on a futex.");

    /** The peer sources, relative to the repository root. */
    private static final Path SOURCES = Path.of("ove-channel-benchmarks", "src", "main", "peers");

    /** Where the peers are built, relative to the repository root: Maven's clean removes it. */
    private static final Path BUILDS = Path.of("ove-channel-benchmarks", "target", "peers");

    /** A build that takes longer is stuck: a cold release build of the Rust peer takes seconds. */
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    /** A run that takes longer is stuck, or the workload was sized far too large. */
    private static final long RUN_TIMEOUT_MINUTES = 5;

    /** How much of a failed build's output the exception carries: the end is where the error is. */
    private static final int OUTPUT_TAIL_CHARS = 4000;

    /** The name the report shows. */
    private final String displayName;
    /** The peer's folder, under the sources and under target/peers alike. */
    private final String directory;
    /** The build tool, looked up on the PATH. */
    private final String tool;
    /** The command that installs what the build needs, for the failure message. */
    private final String install;
    /** One sentence on how the peer waits. */
    private final String waitingStrategy;

    /** The built program; null until {@link #build()} succeeds in this JVM. */
    private Path executable;

    /**
     * Describes one peer.
     *
     * @param displayName the name the report shows
     * @param directory the peer's folder under the sources and under target/peers
     * @param tool the build tool, looked up on the PATH
     * @param install the command that installs what the build needs
     * @param waitingStrategy one sentence on how the peer waits
     */
    NativePeer(String displayName, String directory, String tool, String install, String waitingStrategy) {
        this.displayName = displayName;
        this.directory = directory;
        this.tool = tool;
        this.install = install;
        this.waitingStrategy = waitingStrategy;
    }

    /**
     * The latencies of one ping-pong iteration, in nanoseconds, by nearest rank.
     *
     * @param p50 the median round trip
     * @param p99 the 99th percentile round trip
     * @param p999 the 99.9th percentile round trip
     */
    record Percentiles(double p50, double p99, double p999) {
    }

    /**
     * {@return the peer of that display name, or {@code null} if the name is not a peer's}
     *
     * @param name a display name such as {@code crossbeam}
     */
    static NativePeer byName(String name) {
        for (NativePeer peer : values()) {
            if (peer.displayName.equals(name)) {
                return peer;
            }
        }
        return null;
    }

    /** {@return the peer's name as the report shows it} */
    String displayName() {
        return displayName;
    }

    /** {@return one sentence on how the peer waits when its channel is full or empty} */
    String waitingStrategy() {
        return waitingStrategy;
    }

    /**
     * Finds the peers' sources. They are read from the repository rather than packed into the
     * benchmarks jar, since building them needs the repository's tool set-up anyway.
     *
     * @return {@code ove-channel-benchmarks/src/main/peers}, resolved against the working directory
     * @throws IllegalStateException if the working directory is not the repository root
     */
    static Path sourceRoot() {
        Path root = SOURCES.toAbsolutePath();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("The native peers are built from the repository's sources, and "
                    + root + " does not exist: run the command from the repository root, as in"
                    + " java -jar ove-channel-benchmarks/target/benchmarks.jar --peers");
        }
        return root;
    }

    /**
     * Builds the peer, once per JVM, into {@code ove-channel-benchmarks/target/peers}. The build works
     * offline and writes nothing beside the sources, so the git work tree stays clean.
     *
     * @throws IllegalStateException if the build tool is missing or the build fails; the message
     *     names the peer, the tool or the build output's tail, and the package that fixes it
     */
    synchronized void build() {
        if (executable != null) {
            return;
        }
        Path sources = sourceRoot().resolve(directory);
        Path out = BUILDS.resolve(directory).toAbsolutePath();
        try {
            Files.createDirectories(out);
            executable = switch (this) {
                case CROSSBEAM -> buildCrossbeam(sources, out);
                case GO -> buildGo(sources, out);
            };
        } catch (IOException e) {
            throw new IllegalStateException("Could not build the " + displayName + " peer: " + e.getMessage()
                    + "; the fix may be: " + install, e);
        }
    }

    /**
     * Builds the Rust peer from a fresh copy of its sources, since cargo writes a Cargo.lock beside
     * the manifest it builds; Cargo.lock is left out of the copy, because a lock file written by a
     * newer cargo is one Debian's cargo 1.65 cannot read. CARGO_HOME points at a folder holding only
     * the directory-source replacement, so neither the user's ~/.cargo nor the network is used.
     *
     * @param sources the peer's sources in the repository, only read
     * @param out the peer's folder under target/
     * @return the built program
     * @throws IOException if the copy or the config cannot be written
     */
    private Path buildCrossbeam(Path sources, Path out) throws IOException {
        Path copy = out.resolve("src");
        deleteRecursively(copy);
        copyRecursively(sources, copy);
        Files.deleteIfExists(copy.resolve("Cargo.lock"));
        Path cargoHome = out.resolve("cargo-home");
        Files.createDirectories(cargoHome);
        Files.writeString(cargoHome.resolve("config.toml"), """
                # Written by NativePeer: crates come from Debian's packaged sources, never the network.
                [source.crates-io]
                replace-with = "debian"

                [source.debian]
                directory = "/usr/share/cargo/registry"
                """, StandardCharsets.UTF_8);
        Path targetDir = out.resolve("build");
        runBuild(copy, out.resolve("build.log"), Map.of("CARGO_HOME", cargoHome.toString()),
                tool, "build", "--offline", "--release", "--target-dir", targetDir.toString());
        return targetDir.resolve("release").resolve("crossbeam-peer");
    }

    /**
     * Builds the Go peer as a single file outside any module (GO111MODULE=off), with its cache and
     * GOPATH under target/ and GOENV off, so neither the user's home nor the network is used; cgo is
     * off because the peer needs no C compiler.
     *
     * @param sources the folder holding peer.go, only read: go build -o writes nothing beside it
     * @param out the peer's folder under target/
     * @return the built program
     * @throws IOException if a folder cannot be made or the build log cannot be read
     */
    private Path buildGo(Path sources, Path out) throws IOException {
        Path binary = out.resolve("go-peer");
        Files.createDirectories(out.resolve("cache"));
        Files.createDirectories(out.resolve("gopath"));
        runBuild(sources, out.resolve("build.log"), Map.of(
                        "GO111MODULE", "off",
                        "GOCACHE", out.resolve("cache").toString(),
                        "GOPATH", out.resolve("gopath").toString(),
                        "GOENV", "off",
                        "GOFLAGS", "",
                        "GOPROXY", "off",
                        "GOTOOLCHAIN", "local",
                        "CGO_ENABLED", "0"),
                tool, "build", "-o", binary.toString(), "peer.go");
        return binary;
    }

    /**
     * Runs a build tool with its output in a log file, so a chatty or stuck build cannot fill a pipe
     * and block; the log's tail goes into the exception when the build fails.
     *
     * @param workingDirectory where the tool runs
     * @param log where its output goes, stdout and stderr together
     * @param environment variables added to the inherited environment
     * @param command the tool and its arguments
     * @throws IOException if the log cannot be read
     */
    private void runBuild(Path workingDirectory, Path log, Map<String, String> environment, String... command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException notFound) {
            throw new IllegalStateException("Cannot build the " + displayName + " peer: " + tool
                    + " is not on the PATH (" + notFound.getMessage() + "); install it with: " + install, notFound);
        }
        boolean finished = waitFor(process, BUILD_TIMEOUT_MINUTES);
        String output = tail(Files.readString(log, StandardCharsets.UTF_8));
        if (!finished) {
            throw new IllegalStateException("Building the " + displayName + " peer with " + tool + " did not finish in "
                    + BUILD_TIMEOUT_MINUTES + " minutes; its output ends:\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Building the " + displayName + " peer with " + String.join(" ", command)
                    + " failed with exit code " + process.exitValue() + "; its output ends:\n" + output
                    + "\nIf a tool or package is missing: " + install);
        }
    }

    /**
     * Moves messages from producers to consumers through a new bounded channel per iteration, the
     * threads released together by a barrier so their start-up is not timed.
     *
     * @param producers threads that send, {@code messages} between them
     * @param consumers threads that receive until the channel is closed and drained
     * @param capacity the channel's capacity; 0 makes a rendezvous channel
     * @param messages messages per iteration, all producers together
     * @param warmups iterations run first and not reported
     * @param iterations iterations measured
     * @return the elapsed nanoseconds of each measured iteration, from the barrier's release to the
     *     last consumer's end
     * @throws IllegalStateException if the build fails, or the peer fails, loses a message or takes
     *     longer than five minutes
     */
    long[] transfer(int producers, int consumers, int capacity, int messages, int warmups, int iterations) {
        List<String> lines = run("transfer", producers, consumers, capacity, messages, warmups, iterations);
        long[] elapsed = lines.stream()
                .filter(line -> line.startsWith("iteration "))
                .mapToLong(line -> Long.parseLong(line.substring("iteration ".length()).trim()))
                .toArray();
        if (elapsed.length != iterations) {
            throw new IllegalStateException("The " + displayName + " peer reported " + elapsed.length
                    + " iterations, not " + iterations + ": " + lines);
        }
        return elapsed;
    }

    /**
     * Sends a message to an echo thread and waits for it to come back, timing each round trip.
     *
     * @param capacity the capacity of both channels: 1, or 0 for rendezvous channels
     * @param roundTrips round trips per iteration
     * @param warmups untimed round trips before the first iteration
     * @param iterations iterations measured
     * @return the percentiles of each iteration, in the order they ran; every iteration is kept so a
     *     caller can report the median iteration or the spread between iterations
     * @throws IllegalStateException if the build fails, or the peer fails or takes longer than five
     *     minutes
     */
    List<Percentiles> pingPong(int capacity, int roundTrips, int warmups, int iterations) {
        List<String> lines = run("pingpong", capacity, roundTrips, warmups, iterations);
        List<Percentiles> result = new ArrayList<>(iterations);
        for (String line : lines) {
            if (line.startsWith("percentiles ")) {
                String[] fields = line.trim().split("\\s+");
                result.add(new Percentiles(Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                        Double.parseDouble(fields[3])));
            }
        }
        if (result.size() != iterations) {
            throw new IllegalStateException("The " + displayName + " peer reported " + result.size()
                    + " iterations, not " + iterations + ": " + lines);
        }
        return result;
    }

    /**
     * Runs the built peer with its output in files, not pipes, so a peer that hangs cannot block
     * this thread past the timeout.
     *
     * @param mode transfer or pingpong
     * @param arguments the mode's arguments, in the protocol's order
     * @return the peer's stdout, line by line
     */
    private List<String> run(String mode, int... arguments) {
        build();
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.add(mode);
        for (int argument : arguments) {
            command.add(Integer.toString(argument));
        }
        Path out = executable.getParent();
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile(out, mode, ".out");
            stderr = Files.createTempFile(out, mode, ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            boolean finished = waitFor(process, RUN_TIMEOUT_MINUTES);
            String errors = Files.readString(stderr, StandardCharsets.UTF_8).strip();
            if (!finished) {
                throw new IllegalStateException("The " + displayName + " peer (" + String.join(" ", command)
                        + ") did not finish in " + RUN_TIMEOUT_MINUTES + " minutes; its stderr: " + errors);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("The " + displayName + " peer (" + String.join(" ", command)
                        + ") failed with exit code " + process.exitValue() + ": " + errors);
            }
            return Files.readAllLines(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not run the " + displayName + " peer ("
                    + String.join(" ", command) + "): " + e.getMessage(), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /**
     * Waits for the process; one that overruns, or whose waiter is interrupted, is killed, not left
     * behind to disturb later measurements.
     *
     * @param process the process to wait for
     * @param minutes how long to wait
     * @return whether it finished in time
     */
    private static boolean waitFor(Process process, long minutes) {
        try {
            if (process.waitFor(minutes, TimeUnit.MINUTES)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while waiting for a native peer", e);
        }
        process.destroyForcibly();
        return false;
    }

    /**
     * Keeps the end of a build's output, where the compiler's error is.
     *
     * @param text the whole output
     * @return at most its last {@link #OUTPUT_TAIL_CHARS} characters
     */
    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= OUTPUT_TAIL_CHARS ? trimmed
                : "..." + trimmed.substring(trimmed.length() - OUTPUT_TAIL_CHARS);
    }

    /**
     * Copies a folder's tree.
     *
     * @param from the folder to copy
     * @param to where the copy goes; must not exist yet
     * @throws IOException if a file cannot be read or written
     */
    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /**
     * Deletes a folder's tree, if there is one, so a copy starts from nothing left over.
     *
     * @param root the folder to delete
     * @throws IOException if a file cannot be deleted
     */
    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    /**
     * Deletes a temporary file, if there is one, without failing the call that made it.
     *
     * @param path the file, or null if it was never made
     */
    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover file under target/ is harmless; the measurement already succeeded or failed.
        }
    }
}
