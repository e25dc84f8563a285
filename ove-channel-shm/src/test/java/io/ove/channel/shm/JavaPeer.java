package io.ove.channel.shm;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java counterpart of the C test programs, run as a separate JVM by the cross-process tests:
 * {@code producer PATH ID COUNT} and {@code consumer PATH}, printing the same lines as
 * {@code ove_producer} and {@code ove_consumer}, and {@code open PATH}, which only tries to open.
 */
public final class JavaPeer {

    private JavaPeer() {
    }

    /**
     * Runs one role.
     *
     * @param args the role and its arguments
     * @throws Exception on any failure, which ends the process with a stack trace
     */
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        switch (args[0]) {
            case "producer" -> produce(path, args[2], Long.parseLong(args[3]));
            case "consumer" -> consume(path);
            case "open" -> tryOpen(path);
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        }
    }

    private static void produce(Path path, String id, long count) throws InterruptedException {
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(path).create(false).open(Codec.utf8());
             Sender<String> tx = channel.sender()) {
            for (long n = 0; n < count; n++) {
                tx.send(id + ":" + n);
            }
            System.out.println("SENT " + count);
        } catch (ChannelClosedException closed) {
            System.out.println("CLOSED");
            System.exit(3);
        }
    }

    private static void consume(Path path) throws InterruptedException {
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(path).create(false).open(Codec.utf8());
             Receiver<String> rx = channel.receiver()) {
            System.out.println("READY");
            List<String> received = new ArrayList<>();
            for (String message : rx) {
                received.add(message);
                System.out.println("MSG " + message);
            }
            System.out.println("CLOSED " + received.size());
        }
    }

    private static void tryOpen(Path path) {
        try (SharedMemoryChannel<String> channel = SharedMemoryChannel.builder(path).create(false).open(Codec.utf8())) {
            System.out.println("OPENED " + channel.storage().capacity());
        } catch (SharedMemoryException refused) {
            System.out.println("ERROR " + refused.getMessage());
        }
    }

    /** {@return the command that runs this class in a new JVM with the same classes as the tests} */
    static List<String> command(String... args) {
        return command(classPath(), args);
    }

    /**
     * {@return the command that runs this class in a new JVM as another, unprivileged user}: the
     * classes are copied to a new folder everyone may read first, since the build's own folders
     * (and the local Maven repository) may sit where that user cannot go.
     */
    static List<String> commandReadableByAll(Path folder, String... args) throws java.io.IOException {
        List<String> copies = new ArrayList<>();
        int n = 0;
        for (String element : classPath()) {
            Path source = Path.of(element);
            Path target = folder.resolve("cp" + n++);
            if (java.nio.file.Files.isDirectory(source)) {
                try (java.util.stream.Stream<Path> tree = java.nio.file.Files.walk(source)) {
                    for (Path path : (Iterable<Path>) tree::iterator) {
                        java.nio.file.Files.copy(path, target.resolve(source.relativize(path).toString()));
                    }
                }
            } else {
                target = folder.resolve("cp" + n + ".jar");
                java.nio.file.Files.copy(source, target);
            }
            copies.add(target.toString());
        }
        try (java.util.stream.Stream<Path> tree = java.nio.file.Files.walk(folder)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                java.nio.file.Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions
                        .fromString(java.nio.file.Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return command(copies, args);
    }

    private static List<String> command(List<String> classPath, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, classPath), JavaPeer.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> classPath() {
        return List.of(location(JavaPeer.class), location(SharedMemoryChannel.class),
                location(io.ove.channel.Channel.class));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
