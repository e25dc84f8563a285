package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Every kind of bad configuration fails the start, and the failure analysis names the property,
 * the bad value and the fix.
 */
class ChannelConfigurationFailureAnalyzerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ove.channel.channels.orders.capacity | -1     | the capacity must not be negative",
            "ove.channel.channels.orders.capacity | -5     | the capacity must not be negative",
            "ove.channel.channels.orders.capacity | lots   | the capacity is not a whole number",
            "ove.channel.channels.orders.capacity | 2147483648 | the capacity is larger than the largest supported",
            "ove.channel.channels.orders.capacity | 1073741825 | the capacity is larger than the largest supported",
    })
    void badCapacityShouldFailNamingThePropertyValueAndFix(String property, String value, String problem) {
        assertFailure(new String[] {property + "=" + value}, analysis -> {
            assertThat(analysis.getDescription()).contains("Property: " + property, "'" + value + "'", problem);
            assertThat(analysis.getAction()).contains("whole number from 0 (a rendezvous channel, with no buffer) to 1073741824");
        });
    }

    @Test
    void capacityTooLargeForTheHeapShouldFailNamingTheHeap() {
        long tooLarge = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 16 + 1);
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=" + tooLarge}, analysis -> {
            assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.capacity",
                    "MiB of heap up front");
            assertThat(analysis.getAction()).contains("-Xmx");
        });
    }

    @Test
    void missingCapacityShouldFailNamingTheProperty() {
        assertFailure(new String[] {"ove.channel.channels.orders.overflow=block"}, analysis -> {
            assertThat(analysis.getDescription()).contains("Property: ove.channel.channels.orders.capacity",
                    "(not set)", "every channel needs a capacity");
            assertThat(analysis.getAction()).contains("Set ove.channel.channels.orders.capacity");
        });
    }

    @Test
    void dropOldestOnARendezvousChannelShouldFailNamingTheOverflow() {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=0", "ove.channel.channels.orders.overflow=drop-oldest"},
                analysis -> {
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.overflow",
                            "'drop-oldest'", "has no oldest message to drop");
                    assertThat(analysis.getAction()).contains("Use block or drop-newest");
                });
    }

    @Test
    void unknownOverflowShouldFailListingTheValidValues() {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.overflow=sideways"},
                analysis -> {
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.overflow", "'sideways'",
                            "unknown overflow policy");
                    assertThat(analysis.getAction()).contains("block, drop-newest, drop-oldest");
                });
    }

    @Test
    void typeNamingAMissingClassShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.type=com.example.Nope"},
                analysis -> {
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.type",
                            "'com.example.Nope'", "no class of that name");
                    assertThat(analysis.getAction()).contains("fully qualified name");
                });
    }

    @Test
    void channelNameThatIsNotAValidBeanNameShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.[9lives].capacity=4"}, analysis -> {
            assertThat(analysis.getDescription()).contains("ove.channel.channels.9lives", "usable as a bean name");
            assertThat(analysis.getAction()).contains("Rename the channel");
        });
    }

    @Test
    void channelNameClashingWithAnotherBeanShouldFail() {
        contextRunner.withUserConfiguration(ClashingBean.class)
                .withPropertyValues("ove.channel.channels.orders.capacity=4")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders",
                            "bean name 'orders', which is already taken by @Bean method orders");
                    assertThat(analysis.getAction()).contains("Rename the channel, or the other bean");
                });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ove.channel.channels.orders.send-timeout | -2s   | the duration is negative",
            "ove.channel.channels.orders.send-timeout | soon  | not a duration",
            "ove.channel.shutdown.drain-timeout       | -1s   | the duration is negative",
            "ove.channel.health.stall-timeout         | -1m   | the duration is negative",
            "ove.channel.health.full-timeout          | soon  | not a duration",
    })
    void badTimeoutsShouldFail(String property, String value, String problem) {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=4", property + "=" + value}, analysis -> {
            assertThat(analysis.getDescription()).contains(property, "'" + value + "'", problem);
            assertThat(analysis.getAction()).contains("duration");
        });
    }

    @Test
    void misspeltChannelPropertyShouldFailListingTheKnownOnes() {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.capasity=8"},
                analysis -> {
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.capasity",
                            "unknown channel property");
                    assertThat(analysis.getAction()).contains("capacity", "overflow", "send-timeout");
                });
    }

    @Test
    void deadLetterNamingAnUndeclaredChannelShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.dead-letter=dlq"},
                analysis -> assertThat(analysis.getDescription()).contains("ove.channel.channels.orders.dead-letter",
                        "'dlq'", "no channel of that name"));
    }

    @Test
    void listenerOnAnUndeclaredChannelShouldFail() {
        contextRunner.withUserConfiguration(StrayListener.class)
                .withPropertyValues("ove.channel.channels.orders.capacity=4")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("@ChannelListener on", "'ordres'",
                            "no channel of that name is declared");
                    assertThat(analysis.getAction()).contains("[orders]");
                });
    }

    @Test
    void aFailedStartShouldLeaveNoOpenChannelBehind() {
        contextRunner.withUserConfiguration(StrayListener.class)
                .withPropertyValues("ove.channel.channels.orders.capacity=4")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void channelNamesDifferingOnlyInCaseShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=10", "ove.channel.channels.Orders.capacity=20"},
                analysis -> {
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.", "compared ignoring case");
                    assertThat(analysis.getAction()).contains("differ by more than case");
                });
    }

    @Test
    void channelNamedLikeABeanTheContainerRegistersItselfShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.environment.capacity=4"}, analysis -> {
            assertThat(analysis.getDescription()).contains("ove.channel.channels.environment",
                    "bean name 'environment', which is already taken by a bean the Spring container registers itself");
            assertThat(analysis.getAction()).contains("Rename the channel");
        });
    }

    @ParameterizedTest(name = "ove.channel.channels.orders=''{0}''")
    @CsvSource(value = {"5", "''"})
    void channelEntryWithoutSettingsShouldFailNamingTheEntry(String value) {
        assertFailure(new String[] {"ove.channel.channels.orders=" + value}, analysis -> {
            assertThat(analysis.getDescription()).contains("Property: ove.channel.channels.orders",
                    "a channel entry needs its settings");
            assertThat(analysis.getAction()).contains("ove.channel.channels.orders.capacity");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ove.channel.chanels.orders.capacity=4 | ove.channel.chanels     | unknown ove-channel property",
            "ove.channel.shutdown.drain-timout=1s  | ove.channel.shutdown.drain-timout | unknown property",
    })
    void misspeltPropertyOutsideTheChannelsShouldFail(String setting, String property, String problem) {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=4", setting}, analysis ->
                assertThat(analysis.getDescription()).contains("Property: " + property, problem));
    }

    @Test
    void deadLetterChannelsFeedingEachOtherShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.a.capacity=4", "ove.channel.channels.a.dead-letter=b",
                "ove.channel.channels.b.capacity=4", "ove.channel.channels.b.dead-letter=a"}, analysis -> {
                    assertThat(analysis.getDescription()).contains("feed each other").containsAnyOf("a <- b <- a",
                            "b <- a <- b");
                    assertThat(analysis.getAction()).contains("Break the cycle");
                });
    }

    @Test
    void downstreamListsFeedingEachOtherShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.a.capacity=4", "ove.channel.channels.a.downstream=b",
                "ove.channel.channels.b.capacity=4", "ove.channel.channels.b.downstream[0]=a"},
                analysis -> assertThat(analysis.getDescription()).contains("feed each other"));
    }

    @Test
    void downstreamNamingAnUndeclaredChannelShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.a.capacity=4", "ove.channel.channels.a.downstream=b"},
                analysis -> assertThat(analysis.getDescription()).contains("ove.channel.channels.a.downstream",
                        "'b'", "no channel of that name"));
    }

    @Test
    void deadLetterChannelTypedForAnythingButDeadLettersShouldFail() {
        assertFailure(new String[] {"ove.channel.channels.orders.capacity=4", "ove.channel.channels.orders.dead-letter=failed",
                "ove.channel.channels.failed.capacity=4", "ove.channel.channels.failed.type=" + Order.class.getName()},
                analysis -> {
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.failed.type",
                            "is the dead-letter channel of 'orders'");
                    assertThat(analysis.getAction()).contains(DeadLetter.class.getName());
                });
    }

    @Test
    void deadLetterListenerNotTakingADeadLetterShouldFail() {
        contextRunner.withUserConfiguration(PlainDeadLetterListener.class)
                .withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.orders.dead-letter=failed", "ove.channel.channels.failed.capacity=4")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("java.lang.String",
                            "dead-letter channel of [orders]");
                    assertThat(analysis.getAction()).contains("DeadLetter<MessageType>");
                });
    }

    @Test
    void deadLetterListenerOfTheWrongMessageTypeShouldFail() {
        contextRunner.withUserConfiguration(StringDeadLetterListener.class)
                .withPropertyValues("ove.channel.channels.orders.capacity=4",
                        "ove.channel.channels.orders.type=" + Order.class.getName(),
                        "ove.channel.channels.orders.dead-letter=failed", "ove.channel.channels.failed.capacity=4")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("DeadLetter<java.lang.String>",
                            "channel 'orders' carries " + Order.class.getName());
                    assertThat(analysis.getAction()).contains("DeadLetter<Order>");
                });
    }

    @Test
    void aBadValueFromAYamlFileIsReportedWithItsFileAndLine() {
        contextRunner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        yaml("bad-capacity.yaml")))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: ove.channel.channels.orders.capacity",
                            "'lots'", "Origin:   class path resource [bad-capacity.yaml] - 5:19");
                });
    }

    @Test
    void anEnvironmentVariableWithAnUnderscoreInTheChannelNameIsReportedByItsOwnName() {
        contextRunner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        environment(Map.of("OVE_CHANNEL_CHANNELS_AUDIT_EVENTS_CAPACITY", "8"))))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("ove.channel.channels.audit.events",
                            "unknown channel property", "Origin:", "OVE_CHANNEL_CHANNELS_AUDIT_EVENTS_CAPACITY");
                });
    }

    @Test
    void anEnvironmentVariableForADashedChannelNameThatWouldCreateASecondChannelFails() {
        contextRunner.withPropertyValues("ove.channel.channels.audit-events.capacity=4")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        environment(Map.of("OVE_CHANNEL_CHANNELS_AUDITEVENTS_CAPACITY", "8"))))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("compared ignoring case, '-' and '_'",
                            "OVE_CHANNEL_CHANNELS_AUDITEVENTS_CAPACITY");
                });
    }

    @Test
    void aValueTheBinderCannotConvertFromAnEnvironmentVariableIsReportedWithTheVariablesName() {
        contextRunner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        environment(Map.of("OVE_CHANNEL_CHANNELS_ORDERS_CAPACITY", "lots"))))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: ove.channel.channels.orders.capacity",
                            "'lots'", "the capacity is not a whole number", "Origin:",
                            "OVE_CHANNEL_CHANNELS_ORDERS_CAPACITY");
                });
    }

    @Test
    void aValueTheStarterRejectsFromAYamlFileIsReportedWithItsFileAndLine() {
        contextRunner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        yaml("negative-send-timeout.yaml")))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains(
                            "Property: ove.channel.channels.orders.send-timeout", "'-2s'", "the duration is negative",
                            "Origin:   class path resource [negative-send-timeout.yaml] - 6:23");
                });
    }

    @Test
    void aMisspeltEnvironmentVariableIsReportedWithTheVariablesName() {
        contextRunner.withPropertyValues("ove.channel.channels.orders.capacity=4")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        environment(Map.of("OVE_CHANNEL_CHANNELS_ORDERS_CAPASITY", "8"))))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: ove.channel.channels.orders.capasity",
                            "unknown channel property", "Origin:", "OVE_CHANNEL_CHANNELS_ORDERS_CAPASITY");
                });
    }

    @Test
    void aMissingCapacityIsReportedWhereTheChannelIsDeclared() {
        contextRunner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        yaml("missing-capacity.yaml")))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: ove.channel.channels.orders.capacity",
                            "(not set)", "Origin:   class path resource [missing-capacity.yaml] - 5:19");
                });
    }

    private static PropertySource<?> yaml(String resource) {
        try {
            return new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PropertySource<?> environment(Map<String, Object> variables) {
        return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                variables);
    }

    private void assertFailure(String[] properties, Consumer<FailureAnalysis> check) {
        contextRunner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            check.accept(analyze(context.getStartupFailure()));
        });
    }

    private static FailureAnalysis analyze(Throwable failure) {
        FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class ClashingBean {
        @Bean
        String orders() {
            return "not a channel";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StrayListener {
        @ChannelListener(channel = "ordres")
        void onOrder(String order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainDeadLetterListener {
        @ChannelListener(channel = "failed")
        void onFailure(String failed) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StringDeadLetterListener {
        @ChannelListener(channel = "failed")
        void onFailure(DeadLetter<String> failed) {
        }
    }

    @Test
    void theExceptionItselfSaysWhatIsWrong() {
        InvalidChannelConfigurationException missing = new InvalidChannelConfigurationException("a.b", null, "missing", "Set it.");
        assertThat(missing.getMessage()).isEqualTo("a.b: missing. Set it.");
        InvalidChannelConfigurationException wrong = new InvalidChannelConfigurationException("a.b", "x", "wrong", "Fix it.");
        assertThat(wrong.getMessage()).isEqualTo("a.b='x': wrong. Fix it.");
        assertThat(wrong.getValue()).isEqualTo("x");
        assertThat(wrong.getProblem()).isEqualTo("wrong");
        assertThat(wrong.getFix()).isEqualTo("Fix it.");
    }
}
