package io.ove.channel.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh channel file paths for tests, in {@code /dev/shm} when it exists (else the temporary
 * directory), deleted again by {@link #deleteAll()}.
 */
final class SharedChannelFiles {

    private final List<Path> paths = new ArrayList<>();

    /** {@return a path no file exists at yet} */
    Path fresh(String label) {
        try {
            Path directory = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
            Path path = Files.createTempFile(directory, "ove-test-" + label + "-", ".chan");
            Files.delete(path);
            paths.add(path);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteAll() {
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
