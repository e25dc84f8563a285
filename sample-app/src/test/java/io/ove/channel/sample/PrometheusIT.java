package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the monitoring files that users import, against a real Prometheus scraping the running
 * sample: every PromQL expression of {@code docs/dashboards/grafana-ove-channel.json} and of
 * {@code docs/dashboards/prometheus-alerts.yml} must return data, so that no panel or alert
 * refers to a metric name that does not exist. The sample runs overloaded (2,000 orders a second
 * against about 100 a second of processing), so the "nearly full" and "dropping" alerts must
 * actually fire for {@code orders}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sample.load-rate=2000",
        "sample.processing-delay=20ms"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext   // it runs at 2,000 orders a second: stop it rather than load the next test class
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@RequiresPrograms({ExternalProgram.PROMETHEUS, ExternalProgram.PROMTOOL})
class PrometheusIT {

    /** The comparison that ends an alert expression: {@code <query> <operator> <number>}. */
    private static final Pattern THRESHOLD = Pattern.compile("^(.*\\S)\\s*(>=|<=|==|!=|>|<)\\s*(-?[0-9.]+)\\s*$",
            Pattern.DOTALL);

    @LocalServerPort
    int port;

    @TempDir
    static Path workDir;

    private Path dashboards;
    private PrometheusServer prometheus;

    @BeforeAll
    void startPrometheusAndWaitForData() throws IOException {
        dashboards = ExternalProgram.docsDirectory().resolve("dashboards");
        Path binary = ExternalProgram.PROMETHEUS.find();
        prometheus = PrometheusServer.start(binary, workDir, "127.0.0.1:" + port,
                dashboards.resolve("prometheus-alerts.yml"), ExternalProgram.outputDirectory().resolve("prometheus.log"));
        prometheus.awaitReady(Duration.ofSeconds(60));
        // Rates need two samples in their range; five scrapes of every channel leave no doubt.
        await("five scrapes of the sample").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> minimum(prometheus.query("count_over_time(ove_channel_sent_total[1m])")) >= 5);
        await("the orders channel filled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> minimum(prometheus.query("ove_channel_depth{channel=\"orders\"}")) >= 900);
    }

    @AfterAll
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyGrafanaPanelQueryReturnsData() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(dashboards.resolve("grafana-ove-channel.json").toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        collectTargets(dashboard.path("panels"), queries);
        assertThat(queries).as("panel queries in the Grafana dashboard").hasSizeGreaterThanOrEqualTo(10);

        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            String promql = asGrafanaWould(query.getValue());
            if (prometheus.query(promql).path("result").isEmpty()) {
                empty.add(query.getKey() + ": " + promql);
            }
        }
        assertThat(empty).as("panel queries that returned no data").isEmpty();
    }

    @Test
    void theDashboardUsesEveryMeterTheStarterPublishes() throws Exception {
        String dashboard = Files.readString(dashboards.resolve("grafana-ove-channel.json"));
        JsonNode names = prometheus.getJson("/api/v1/label/__name__/values");
        List<String> published = new ArrayList<>();
        names.path("data").forEach(name -> {
            if (name.asString().startsWith("ove_channel_")) {
                published.add(name.asString());
            }
        });
        assertThat(published).as("meters scraped from the sample").hasSizeGreaterThanOrEqualTo(15);
        assertThat(published).allSatisfy(name -> assertThat(dashboard).as("the dashboard shows " + name).contains(name));
    }

    @Test
    void theDashboardVariablesFindTheChannels() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(dashboards.resolve("grafana-ove-channel.json").toFile());
        Pattern labelValues = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");
        List<String> checked = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asString())) {
                continue;
            }
            JsonNode definition = variable.path("query");
            String text = definition.isObject() ? definition.path("query").asString() : definition.asString();
            Matcher matcher = labelValues.matcher(text);
            assertThat(matcher.find()).as("variable %s uses label_values(metric, label)", variable.path("name")).isTrue();
            JsonNode values = prometheus.getJson("/api/v1/label/" + matcher.group(2) + "/values?match[]=" + matcher.group(1));
            assertThat(values.path("data")).as("values of variable %s", variable.path("name")).isNotEmpty();
            checked.add(variable.path("name").asString());
        }
        assertThat(checked).contains("channel");
        assertThat(prometheus.getJson("/api/v1/label/channel/values?match[]=ove_channel_capacity").path("data").toString())
                .contains("\"orders\"").contains("\"audit\"");
    }

    @Test
    void everyAlertQueryReturnsDataAndPrometheusEvaluatesEveryRule() throws Exception {
        Map<String, String> alerts = alertExpressions();
        assertThat(alerts).containsKeys("OveChannelNearlyFull", "OveChannelDropping", "OveChannelClosed");
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, String> alert : alerts.entrySet()) {
            Matcher matcher = THRESHOLD.matcher(alert.getValue());
            assertThat(matcher.matches()).as("%s: expr ends with '<operator> <number>'", alert.getKey()).isTrue();
            prometheus.query(alert.getValue());   // the whole rule parses and evaluates
            if (prometheus.query(matcher.group(1)).path("result").isEmpty()) {
                empty.add(alert.getKey() + ": " + matcher.group(1));
            }
        }
        assertThat(empty).as("alert queries (without their threshold) that returned no data").isEmpty();

        await("every rule evaluated without error").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<String> health = new ArrayList<>();
                    prometheus.getJson("/api/v1/rules").path("data").path("groups").forEach(group ->
                            group.path("rules").forEach(rule -> health.add(
                                    rule.path("name").asString() + "=" + rule.path("health").asString()
                                            + rule.path("lastError").asString(""))));
                    assertThat(health).hasSize(alerts.size()).allMatch(entry -> entry.endsWith("=ok"));
                });
    }

    @Test
    void theOverloadedOrdersChannelFiresTheNearlyFullAndDroppingAlerts() throws Exception {
        Map<String, String> alerts = alertExpressions();
        for (String name : List.of("OveChannelNearlyFull", "OveChannelDropping")) {
            await(name + " true for orders").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(prometheus.query(alerts.get(name)).path("result").toString())
                            .contains("\"channel\":\"orders\""));
        }
        // The open channels must not look closed.
        assertThat(prometheus.query(alerts.get("OveChannelClosed")).path("result")).isEmpty();
    }

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        Path promtool = ExternalProgram.PROMTOOL.find();
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules",
                dashboards.resolve("prometheus-alerts.yml").toString())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = check.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private Map<String, String> alertExpressions() throws IOException {
        Map<String, String> alerts = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(dashboards.resolve("prometheus-alerts.yml"))) {
            Map<String, Object> file = new Yaml().load(in);
            for (Object group : (List<?>) file.get("groups")) {
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

    private static void collectTargets(JsonNode panels, Map<String, String> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asString() + " / " + target.path("refId").asString(),
                        target.path("expr").asString());
            }
            collectTargets(panel.path("panels"), queries);   // panels inside collapsed rows
        }
    }

    /** Replaces Grafana's variables as Grafana would with "All" selected. */
    private static String asGrafanaWould(String expr) {
        return expr.replace("$__rate_interval", "1m")
                .replace("$__interval", "15s")
                .replace("$__range", "5m")
                .replace("${channel}", ".*").replace("$channel", ".*")
                .replace("${application}", ".*").replace("$application", ".*");
    }

    private static double minimum(JsonNode data) {
        double min = Double.MAX_VALUE;
        boolean any = false;
        for (JsonNode series : data.path("result")) {
            min = Math.min(min, Double.parseDouble(series.path("value").get(1).asString()));
            any = true;
        }
        return any ? min : 0;
    }
}
