package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.Channel;
import io.ove.channel.spring.definitions.ChannelConfigurationFailureAnalyzer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Random values, types and combinations for the {@code ove.channel.*} properties: the context
 * either starts with exactly the declared channels, or fails with the starter's failure analysis
 * naming an {@code ove.channel} property. Never an unexplained exception, never a half-started
 * context.
 */
class ConfigurationFuzzTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class));

    @Property(tries = 150)
    void contextStartsWithExactlyTheDeclaredChannelsOrFailsNamingTheProperty(
            @ForAll("configurations") Map<String, String> properties) {
        List<String> pairs = new ArrayList<>();
        properties.forEach((key, value) -> pairs.add(key + "=" + value));
        contextRunner.withPropertyValues(pairs.toArray(String[]::new)).run(context -> {
            if (context.getStartupFailure() == null) {
                Map<String, Channel> channels = context.getBeansOfType(Channel.class);
                assertThat(channels.keySet()).containsExactlyInAnyOrderElementsOf(declaredNames(properties));
                channels.values().forEach(channel -> assertThat(channel.capacity()).isNotNegative()); // 0: rendezvous
            } else {
                FailureAnalysis analysis = new ChannelConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
                assertThat(analysis.getDescription()).contains("Property: ove.channel.");
                assertThat(analysis.getAction()).isNotBlank();
            }
        });
    }

    private static List<String> declaredNames(Map<String, String> properties) {
        List<String> names = new ArrayList<>();
        for (String key : properties.keySet()) {
            String rest = key.substring("ove.channel.channels.".length());
            if (key.startsWith("ove.channel.channels.")) {
                String name = rest.substring(0, rest.indexOf('.'));
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Provide
    Arbitrary<Map<String, String>> configurations() {
        Arbitrary<String> names = Arbitraries.of("orders", "audit", "a", "dead-letters", "x_1");
        Arbitrary<String> keys = Arbitraries.of("capacity", "capacity", "capacity", "overflow", "type", "send-timeout",
                "dead-letter", "metrics-enabled", "capasity");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 5000).map(String::valueOf),
                Arbitraries.of("0", "-1", "1073741824", "1073741825", "99999999999", "abc", "", " ", "1.5", "0x10"),
                Arbitraries.of("block", "drop-newest", "DROP_OLDEST", "sideways", "Block"),
                Arbitraries.of("java.lang.String", "io.ove.channel.spring.Order", "com.example.Nope", "int"),
                Arbitraries.of("2s", "-2s", "PT0S", "soon", "500ms", "true", "false", "orders", "audit", "yes"));
        Arbitrary<Map.Entry<String, String>> entries = Combinators.combine(names, keys, values)
                .as((name, key, value) -> Map.entry("ove.channel.channels." + name + "." + key, value));
        return entries.list().ofMinSize(0).ofMaxSize(8).map(list -> {
            Map<String, String> map = new LinkedHashMap<>();
            list.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return map;
        });
    }
}
