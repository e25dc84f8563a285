package io.ove.channel.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C side and its test programs with {@code gcc}, once per test JVM, into
 * {@code target/c}: the C library of {@code src/main/c} compiled with each program of
 * {@code src/test/c}, exactly as a C user would (two files and a compiler). A missing compiler
 * fails the tests with the line that installs it: these tests exist to prove the C side works.
 */
public final class NativePrograms {

    private static final Path MODULE = Path.of(System.getProperty("ove.shm.module", "."));
    private static final Path OUTPUT = MODULE.resolve("target/c");
    private static boolean built;

    private NativePrograms() {
    }

    /** {@return the path of the built program {@code name} (one of src/test/c's files, without {@code .c})} */
    public static synchronized Path program(String name) {
        if (!built) {
            buildAll();
            built = true;
        }
        return OUTPUT.resolve(name);
    }

    /** {@return the C sources directory of the library} */
    static Path librarySources() {
        return MODULE.resolve("src/main/c");
    }

    /** {@return the C test programs directory} */
    static Path testSources() {
        return MODULE.resolve("src/test/c");
    }

    private static void buildAll() {
        try {
            Files.createDirectories(OUTPUT);
            for (String name : List.of("ove_producer", "ove_consumer", "ove_echo", "ove_selftest", "example")) {
                compile(testSources().resolve(name + ".c"), OUTPUT.resolve(name), true);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the C programs: " + e, e);
        }
    }

    /**
     * Compiles {@code source} with the library into {@code binary}, warnings as errors.
     *
     * @param withTestHooks whether to compile the crash hooks ({@code -DOVE_CHANNEL_TESTING})
     */
    static void compile(Path source, Path binary, boolean withTestHooks) {
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror",
                "-pthread", "-I" + librarySources()));
        if (withTestHooks) {
            command.add("-DOVE_CHANNEL_TESTING");
        }
        command.addAll(List.of(source.toString(), librarySources().resolve("ove_channel.c").toString(),
                "-o", binary.toString()));
        try {
            Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc failed on " + source.getFileName() + ":\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run gcc (" + e.getMessage() + "): the shared-memory tests build"
                    + " the C side; install it with: apt-get install gcc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + source, e);
        }
    }
}
