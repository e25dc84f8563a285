package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handle stays reachable for as long as its own blocking call runs. Compiled code may drop
 * {@code this} as soon as it has read a field, so only a compiled run can show a handle released
 * by the cleaner in the middle of its own {@code send}: {@link LeakedHandleProbe} runs in a JVM
 * that compiles the channel's classes before their first call ({@code -Xcomp}, with tiered
 * compilation: the first tier already drops {@code this} once it is no longer used).
 */
@Timeout(120)
class CleanerDuringBlockingCallTest {

    @Test
    void aSenderParkedInItsOwnSendIsNotReleasedByTheCleaner() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xcomp",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=compileonly,io.ove.channel.*::*",
                "-cp", System.getProperty("java.class.path"), LeakedHandleProbe.class.getName()))
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as("probe output").contains("leaked=0 outcome=SENT");
    }
}
