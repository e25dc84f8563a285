package io.ove.channel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite rewrites only the generated part of the page, and refuses a page without markers. */
class DocsPageTest {

    @TempDir
    Path folder;

    @Test
    void replacesOnlyWhatLiesBetweenTheMarkers() throws IOException {
        Path page = folder.resolve("benchmarks.md");
        Files.writeString(page, "# Title\n\nprose\n\n" + DocsPage.BEGIN + "\nold table\n" + DocsPage.END
                + "\n\n## After\n");
        DocsPage.replaceGenerated(page, "| new | table |\n");
        assertThat(Files.readString(page)).isEqualTo("# Title\n\nprose\n\n" + DocsPage.BEGIN
                + "\n\n| new | table |\n\n" + DocsPage.END + "\n\n## After\n");
    }

    @Test
    void aPageWithoutMarkersIsLeftAloneWithAnErrorThatSaysWhatIsMissing() throws IOException {
        Path page = folder.resolve("benchmarks.md");
        Files.writeString(page, "# Title\n");
        assertThatThrownBy(() -> DocsPage.replaceGenerated(page, "x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DocsPage.BEGIN);
        assertThat(Files.readString(page)).isEqualTo("# Title\n");
    }

    @Test
    void theRepositorysPageHasTheMarkers() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "benchmarks.md"));
        assertThat(page).contains(DocsPage.BEGIN).contains(DocsPage.END);
        assertThat(page.indexOf(DocsPage.BEGIN)).isLessThan(page.indexOf(DocsPage.END));
    }
}
