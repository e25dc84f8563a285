package io.ove.channel.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Finds a program that an end-to-end test drives (Chromium, ChromeDriver, Prometheus, promtool):
 * the path in the system property {@code e2e.<key>} if set, else the first of its usual names on
 * the {@code PATH}. A missing program fails the test with what to install, rather than skipping
 * it: these tests are part of the suite.
 */
final class ExternalProgram {

    private ExternalProgram() {
    }

    /**
     * @param key     the system property suffix, for example {@code chromium}
     * @param install what to install when it is missing
     * @param names   the program's usual file names, in order of preference
     * @return the program's path
     * @throws IllegalStateException if it cannot be found
     */
    static Path find(String key, String install, String... names) {
        String named = System.getProperty("e2e." + key);
        if (named != null && !named.isBlank()) {
            Path path = Paths.get(named);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("-De2e." + key + "=" + named + " is not an executable file");
            }
            return path;
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        for (String name : names) {
            for (String directory : searchPath.split(File.pathSeparator)) {
                if (directory.isEmpty()) {
                    continue;
                }
                Path candidate = Paths.get(directory, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("None of " + List.of(names) + " is on the PATH. The end-to-end tests need it: "
                + install + " (or name it with -De2e." + key + "=<path>). '-DskipITs' leaves these tests out.");
    }

    /** @return where the end-to-end tests leave screenshots and logs: {@code target/e2e} */
    static Path outputDirectory() throws java.io.IOException {
        return Files.createDirectories(Paths.get("target", "e2e"));
    }

    /** @return the repository's {@code docs} folder */
    static Path docsDirectory() {
        return Paths.get(System.getProperty("e2e.docs", "../docs")).toAbsolutePath().normalize();
    }
}
