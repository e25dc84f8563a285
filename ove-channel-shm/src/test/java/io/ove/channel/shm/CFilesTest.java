package io.ove.channel.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The C side on its own: its self-test (processes and threads, crashes, bad files, and a
 * permission check as an unprivileged user when run as root) and the example of
 * {@code docs/shared-memory.md}, which must be word for word the example program and compile.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CFilesTest {

    @Test
    void theCSelfTestPasses() throws Exception {
        try (PeerProcess selftest = PeerProcess.start("C self-test",
                List.of(NativePrograms.program("ove_selftest").toString()))) {
            List<String> lines = selftest.awaitEnd(Duration.ofSeconds(150));
            assertThat(selftest.exitCode()).as("the self-test printed %s", lines).isZero();
        }
    }

    @Test
    void theDocumentedCExampleIsTheExampleProgramAndItCompilesAndRuns() throws Exception {
        Path module = NativePrograms.testSources().getParent().getParent().getParent();
        String page = Files.readString(module.resolve("../docs/shared-memory.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("## From C.*?```c\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(block.find()).as("docs/shared-memory.md has a C example under 'From C'").isTrue();
        String program = Files.readString(NativePrograms.testSources().resolve("example.c"), StandardCharsets.UTF_8);
        assertThat(block.group(1)).isEqualTo(program);
        assertThat(program.lines().count()).isBetween(10L, 30L);

        Path binary = NativePrograms.program("example");
        // Built without the test hooks, as a user builds it.
        NativePrograms.compile(NativePrograms.testSources().resolve("example.c"), binary, false);
        try (PeerProcess example = PeerProcess.start("C example", List.of(binary.toString()))) {
            List<String> lines = example.awaitEnd(Duration.ofSeconds(30));
            assertThat(example.exitCode()).as("the example printed %s", lines).isZero();
        }
    }
}
