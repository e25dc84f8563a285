package io.ove.channel.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

/**
 * A program that an end-to-end test drives, and how to install it. It is found at the path in the
 * system property {@code e2e.<key>} if set, else under the first of its usual names on the
 * {@code PATH}.
 *
 * <p>A test class declares what it needs with {@link RequiresPrograms}: without the program the
 * class is skipped, with the install command in the build log, unless the build requires the
 * programs ({@link #REQUIRED_PROPERTY} or {@link #REQUIRED_ENVIRONMENT}), as CI does; then a
 * missing program fails the build.
 */
enum ExternalProgram {

    /** The browser that {@code DashboardIT} drives. */
    CHROMIUM("chromium", "apt-get install chromium", "chromium", "chromium-browser", "google-chrome"),
    /** The WebDriver server for Chromium. */
    CHROMEDRIVER("chromedriver", "apt-get install chromium-driver", "chromedriver"),
    /** The server that {@code PrometheusIT} starts to scrape the sample. */
    PROMETHEUS("prometheus", "apt-get install prometheus", "prometheus"),
    /** Prometheus's rule checker. */
    PROMTOOL("promtool", "apt-get install prometheus", "promtool");

    /** The system property that turns a missing program from a skip into a failure. */
    static final String REQUIRED_PROPERTY = "ove.test.require-programs";
    /** The environment variable that does the same, for scripts that must keep the test command as it is. */
    static final String REQUIRED_ENVIRONMENT = "OVE_TEST_REQUIRE_PROGRAMS";

    private final String key;
    private final String install;
    private final List<String> names;

    ExternalProgram(String key, String install, String... names) {
        this.key = key;
        this.install = install;
        this.names = List.of(names);
    }

    /** {@return the command that installs the program on Debian or Ubuntu} */
    String install() {
        return install;
    }

    /** {@return the program's path, or empty when it is not installed} */
    Optional<Path> locate() {
        String named = System.getProperty("e2e." + key);
        if (named != null && !named.isBlank()) {
            // A path given on purpose must work: a typo there is not a reason to skip.
            Path path = Paths.get(named);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("-De2e." + key + "=" + named + " is not an executable file");
            }
            return Optional.of(path);
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        for (String name : names) {
            for (String directory : searchPath.split(File.pathSeparator)) {
                if (!directory.isEmpty() && Files.isExecutable(Paths.get(directory, name))) {
                    return Optional.of(Paths.get(directory, name));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@return the program's path}
     *
     * @throws IllegalStateException naming the install command, if it is not installed
     */
    Path find() {
        return locate().orElseThrow(() -> new IllegalStateException(missing()));
    }

    /** {@return a one-line report that the program is missing, with how to install it} */
    String missing() {
        return "None of " + names + " is on the PATH: " + install + " (or name it with -De2e." + key + "=<path>)";
    }

    /** {@return whether this build must fail, rather than skip, when a program is missing} */
    static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY, System.getenv(REQUIRED_ENVIRONMENT)));
    }

    /** {@return where the end-to-end tests leave screenshots and logs: {@code target/e2e}} */
    static Path outputDirectory() throws IOException {
        return Files.createDirectories(Paths.get("target", "e2e"));
    }

    /** {@return the repository's {@code docs} folder} */
    static Path docsDirectory() {
        return Paths.get(System.getProperty("e2e.docs", "../docs")).toAbsolutePath().normalize();
    }
}
