package io.ove.channel.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rule file that users import, {@code docs/dashboards/prometheus-alerts.yml}, as the
 * end-to-end tests read it: each alert's expression, and a copy whose {@code for:} durations a
 * test can wait for.
 */
final class AlertRules {

    /** A rule's {@code for:} line; the duration is the second group. */
    private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for:\\s*)(\\S+)\\s*$");

    private AlertRules() {
    }

    /**
     * @param file a Prometheus rule file
     * @return each alert's expression by alert name, in file order
     * @throws IOException if the file cannot be read
     */
    static Map<String, String> expressions(Path file) throws IOException {
        Map<String, String> alerts = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Object> rules = new Yaml().load(in);
            for (Object group : (List<?>) rules.get("groups")) {
                for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                    Map<?, ?> fields = (Map<?, ?>) rule;
                    if (fields.get("alert") != null) {
                        alerts.put(String.valueOf(fields.get("alert")), String.valueOf(fields.get("expr")).strip());
                    }
                }
            }
        }
        return alerts;
    }

    /**
     * Writes a copy of a rule file with every {@code for:} set to {@code duration} and nothing
     * else changed. The shipped durations (one to five minutes) keep a short blip from paging
     * anyone, but a test cannot wait minutes for a rule to go from pending to firing; the
     * expressions, their range windows, labels and annotations stay exactly as shipped.
     *
     * @param file     the shipped rule file
     * @param copy     where to write the copy
     * @param duration a Prometheus duration, for example {@code 5s}
     * @return {@code copy}
     * @throws IOException if either file cannot be read or written
     * @throws IllegalStateException if the file has no {@code for:} line to rewrite
     */
    static Path withFor(Path file, Path copy, String duration) throws IOException {
        String rules = Files.readString(file);
        Matcher matcher = FOR.matcher(rules);
        if (!matcher.find()) {
            throw new IllegalStateException(file + " has no 'for:' line to shorten");
        }
        Files.writeString(copy, matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + duration)));
        return copy;
    }
}
