package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The sample's own {@code sample.*} settings: defaults, and a start that fails on a bad value. */
class SamplePropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(WithSampleProperties.class);

    @Test
    void defaultsKeepTheListenerAheadOfTheLoad() {
        runner.run(context -> {
            SampleProperties properties = context.getBean(SampleProperties.class);
            assertThat(properties.loadRate()).isEqualTo(100);
            assertThat(properties.processingDelay()).isEqualTo(Duration.ofMillis(8));
            assertThat(properties.acceptTimeout()).isEqualTo(Duration.ofMillis(100));
        });
    }

    @Test
    void aRateOutOfRangeFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("sample.load-rate=-5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("sample.load-rate must be between 0 and 50000 orders per second, not -5");
        });
    }

    @Test
    void aNegativeDelayFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("sample.processing-delay=-1ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("sample.processing-delay must not be negative");
        });
    }

    @Test
    void aDelayAboveTheDashboardsLimitFailsTheStart() {
        runner.withPropertyValues("sample.processing-delay=1m").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("sample.processing-delay must be at most 10000 ms, not 60000 ms");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SampleProperties.class)
    static class WithSampleProperties {
    }
}
