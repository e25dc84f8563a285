package io.ove.channel.rabbitmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.ConnectionFactory;

/**
 * A real RabbitMQ node for tests: Debian's {@code rabbitmq-server}, started on loopback on free
 * ports, with its data in a new temporary folder, once per test JVM, stopped when that JVM exits.
 *
 * <p>Set the system property {@code ove.rabbitmq.port} to use a broker that is already running
 * instead (guest/guest on 127.0.0.1); {@link #restart()} then needs {@code ove.rabbitmq.node}.
 */
public final class RabbitBroker {

    private static RabbitBroker shared;

    private final int port;
    private final String node;
    private final Map<String, String> environment;

    private RabbitBroker(int port, String node, Map<String, String> environment) {
        this.port = port;
        this.node = node;
        this.environment = environment;
    }

    /** {@return the broker of this test JVM, started on first use} */
    public static synchronized RabbitBroker get() {
        if (shared == null) {
            String given = System.getProperty("ove.rabbitmq.port");
            shared = given != null
                    ? new RabbitBroker(Integer.parseInt(given), System.getProperty("ove.rabbitmq.node"), Map.of())
                    : start();
        }
        return shared;
    }

    private static RabbitBroker start() {
        try {
            int port = freePort();
            int distribution = freePort();
            String node = "ove-test-" + port + "@localhost";
            Path home = Files.createTempDirectory("ove-rabbitmq-");
            // As root, Debian's script runs the node as the rabbitmq user: it must be able to write here.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path plugins = home.resolve("enabled_plugins");
            Files.writeString(plugins, "[].");
            Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rw-rw-rw-"));
            Map<String, String> environment = Map.of(
                    "RABBITMQ_NODENAME", node,
                    "RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1",
                    "RABBITMQ_NODE_PORT", Integer.toString(port),
                    "RABBITMQ_DIST_PORT", Integer.toString(distribution),
                    "RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString(),
                    "RABBITMQ_LOG_BASE", home.resolve("log").toString(),
                    "RABBITMQ_PID_FILE", home.resolve("pid").toString(),
                    "RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString());
            RabbitBroker broker = new RabbitBroker(port, node, environment);
            broker.run(60, "rabbitmq-server", "-detached");
            broker.run(120, "rabbitmqctl", "-n", node, "wait", home.resolve("pid").toString(), "--timeout", "110");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.runQuietly("rabbitmqctl", "-n", node, "stop");
                deleteTree(home);
            }));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return a client connection factory for this broker; each call a new one} */
    public ConnectionFactory client() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        // Spring AMQP recovers connections and consumers itself; the client's own recovery would race it.
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /** {@return the AMQP port} */
    public int port() {
        return port;
    }

    /** Stops and starts the RabbitMQ application: every connection drops; durable queues and persistent messages stay. */
    public void restart() {
        stopApp();
        startApp();
    }

    /** Stops the RabbitMQ application (the node stays up, the port closes). */
    public void stopApp() {
        run(60, "rabbitmqctl", "-n", node, "stop_app");
    }

    /** Starts the RabbitMQ application again and waits until it serves. */
    public void startApp() {
        run(60, "rabbitmqctl", "-n", node, "start_app");
        run(60, "rabbitmqctl", "-n", node, "await_startup");
    }

    /** Deletes a queue, for tests that start from nothing. */
    public void deleteQueue(String queue) {
        runQuietly("rabbitmqctl", "-n", node, "delete_queue", queue);
    }

    private void runQuietly(String... command) {
        try {
            run(30, command);
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    private void run(int timeoutSeconds, String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            // Into a file, not a pipe: a detached node may keep the pipe open for its whole life.
            Path log = Files.createTempFile("ove-rabbitmqctl-", ".log");
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish in " + timeoutSeconds + " s");
            }
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed (" + process.exitValue() + "): "
                        + output + "\nIs Debian's rabbitmq-server installed (apt-get install rabbitmq-server)?");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + line.get(0) + ": install Debian's rabbitmq-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> tree = Files.walk(root)) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a temporary folder
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
