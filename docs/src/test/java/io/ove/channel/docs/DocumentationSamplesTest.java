package io.ove.channel.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the documentation's Java honest: every {@code ```java} block of the README and of the
 * pages under {@code docs/} must appear, line for line, in a source file of this module's test
 * sources, which Maven compiles against the real modules. A sample that drifts from the API
 * therefore fails the build twice: its compiled copy stops compiling, or its page stops matching
 * the copy.
 *
 * <p>Lines are compared without their leading and trailing blanks, and blank lines are skipped,
 * so a sample may sit indented inside a class.
 */
class DocumentationSamplesTest {

    /** The docs module: Maven names it; from an IDE, the working directory must be the module. */
    private static final Path MODULE = Paths.get(System.getProperty("docs.module", "")).toAbsolutePath().normalize();
    private static final Path SAMPLES = MODULE.resolve("src/test/java");

    @TestFactory
    Stream<DynamicTest> everyJavaBlockHasACompiledCopy() {
        Map<Path, List<String>> sources = compiledSources();
        return javaBlocks().stream().map(block -> DynamicTest.dynamicTest(block.describe(), () ->
                assertThat(sources.entrySet().stream()
                        .filter(source -> containsInOrder(source.getValue(), block.lines()))
                        .map(Map.Entry::getKey)
                        .findFirst())
                        .as("%s: this ```java block has no compiled copy in %s; copy it, line for line,"
                                + " into a class there and make it compile", block.describe(),
                                MODULE.relativize(SAMPLES))
                        .isPresent()));
    }

    @Test
    void theDocumentationHasJavaSamplesToCheck() {
        // Guards the scan itself: if the pages moved, the factory above would pass with nothing.
        assertThat(javaBlocks()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(javaBlocks()).anyMatch(block -> block.page().endsWith("index.md"));
        assertThat(javaBlocks()).anyMatch(block -> block.page().endsWith("README.md"));
    }

    private static List<CodeBlock> javaBlocks() {
        List<Path> pages = new ArrayList<>();
        pages.add(MODULE.resolveSibling("README.md"));
        try (Stream<Path> files = Files.walk(MODULE)) {
            files.filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> !MODULE.relativize(path).startsWith("src"))
                    .filter(path -> !MODULE.relativize(path).startsWith("target"))
                    .sorted()
                    .forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CodeBlock> blocks = new ArrayList<>();
        for (Path page : pages) {
            blocks.addAll(CodeBlock.javaBlocksOf(page, MODULE.getParent()));
        }
        return blocks;
    }

    private static Map<Path, List<String>> compiledSources() {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .collect(Collectors.toMap(path -> MODULE.relativize(path),
                            path -> CodeBlock.normalise(read(path))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean containsInOrder(List<String> source, List<String> block) {
        if (block.isEmpty()) {
            return true;
        }
        for (int start = 0; start + block.size() <= source.size(); start++) {
            if (source.subList(start, start + block.size()).equals(block)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> read(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
