package io.ove.channel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Only a complete run may rewrite the page; partial and smoke runs write elsewhere or nowhere. */
class SettingsTest {

    @Test
    void aCompleteRunWritesTheDocsFolderAndThePage() {
        Settings settings = Settings.parse(new String[] {"--peers"});
        assertThat(settings.out()).isEqualTo(Path.of("docs", "benchmarks"));
        assertThat(settings.page()).isEqualTo(Path.of("docs", "benchmarks.md"));
        assertThat(settings.repetitions()).isEqualTo(5);
        assertThat(settings.peers()).isTrue();
    }

    @Test
    void partialAndSmokeRunsNeverTouchThePage() {
        assertThat(Settings.parse(new String[] {"--only", "throughput"}).page()).isNull();
        assertThat(Settings.parse(new String[] {"--smoke"}).page()).isNull();
        assertThat(Settings.parse(new String[] {"--smoke"}).out()).isNull();
        assertThat(Settings.parse(new String[] {"--out", "x"}).page()).isNull();
    }

    @Test
    void anUnknownArgumentOrExperimentIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--fast"}))
                .hasMessageContaining("--fast").hasMessageContaining("usage");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--only", "throughput,nonsense"}))
                .hasMessageContaining("nonsense").hasMessageContaining("throughput");
    }

    @Test
    void everyExperimentOfThePlanCanBeChosenByItsId() {
        Settings all = Settings.parse(new String[] {"--smoke", "--peers"});
        for (Experiment experiment : Plan.experiments(all)) {
            assertThat(Plan.ids()).contains(experiment.id());
        }
    }
}
