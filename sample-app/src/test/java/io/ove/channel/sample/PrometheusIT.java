package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the monitoring files that users import, against a real Prometheus scraping the running
 * sample: every PromQL expression of {@code docs/dashboards/grafana-ove-channel.json} and of
 * {@code docs/dashboards/prometheus-alerts.yml} must return data, so that no panel or alert
 * refers to a metric name that does not exist, and each alert must fire when it should and stay
 * silent when it should.
 *
 * <p>The sample runs overloaded: 2,000 orders a second against about 100 a second of processing,
 * so {@code orders} (overflow {@code block}) fills and refuses the load generator's try-sends,
 * and the audit trail is slowed to about 50 events a second against about 200 sent, so
 * {@code audit} (overflow {@code drop-oldest}) evicts all the time. A test-only channel,
 * {@code probe}, has no receiver of its own; one test closes its sides. Another, {@code faulty},
 * has a listener that throws on every message.
 *
 * <p>The Prometheus under test loads a copy of the shipped rule file whose {@code for:}
 * durations are all {@value #TEST_FOR} (see {@link AlertRules#withFor}); everything else in the
 * rules is as shipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sample.load-rate=2000",
        "sample.processing-delay=20ms",
        "sample.audit-delay=20ms",
        "ove.channel.channels.probe.capacity=10",
        "ove.channel.channels.faulty.capacity=10"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext   // it runs at 2,000 orders a second: stop it rather than load the next test class
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@RequiresPrograms({ExternalProgram.PROMETHEUS, ExternalProgram.PROMTOOL})
class PrometheusIT {

    /** The comparison that ends an alert expression: {@code <query> <operator> <number>}. */
    private static final Pattern THRESHOLD = Pattern.compile("^(.*\\S)\\s*(>=|<=|==|!=|>|<)\\s*(-?[0-9.]+)\\s*$",
            Pattern.DOTALL);

    /** The {@code for:} of every rule in the copy Prometheus loads, in seconds: long enough to be seen pending. */
    private static final int TEST_FOR_SECONDS = 5;

    /** {@link #TEST_FOR_SECONDS} as a Prometheus duration. */
    private static final String TEST_FOR = TEST_FOR_SECONDS + "s";

    /** How long a rule may take to fire once its condition holds: scrapes, evaluations, {@link #TEST_FOR}. */
    private static final Duration FIRING = Duration.ofSeconds(60);

    /** The sample's own channels, as opposed to the test's {@code probe}. */
    private static final String SAMPLE_CHANNELS = "orders|audit";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("probe")
    Channel<Object> probe;

    // The channel's first Receiver, the handle the starter injects; nothing has cloned it.
    @Autowired
    @Qualifier("probe")
    Receiver<Object> probeReceiver;

    @Autowired
    @Qualifier("faulty")
    Sender<Object> faultySender;

    @TempDir
    static Path workDir;

    private Path dashboards;
    private PrometheusServer prometheus;

    @BeforeAll
    void startPrometheusAndWaitForData() throws IOException {
        dashboards = ExternalProgram.docsDirectory().resolve("dashboards");
        Path binary = ExternalProgram.PROMETHEUS.find();
        Path rules = AlertRules.withFor(dashboards.resolve("prometheus-alerts.yml"),
                workDir.resolve("prometheus-alerts.yml"), TEST_FOR);
        prometheus = PrometheusServer.start(binary, workDir, "127.0.0.1:" + port, rules,
                ExternalProgram.outputDirectory().resolve("prometheus.log"));
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
        // The copy with the short for: is what Prometheus loaded, for every rule.
        prometheus.getJson("/api/v1/rules").path("data").path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> assertThat(rule.path("duration").asInt()).as(rule.path("name").asString())
                        .isEqualTo(TEST_FOR_SECONDS)));
    }

    @Test
    void theOverloadedOrdersChannelFiresTheNearlyFullAndDroppingAlerts() {
        for (String name : List.of("OveChannelNearlyFull", "OveChannelDropping")) {
            awaitFiring(name, "orders");
        }
    }

    @Test
    void theAuditChannelsIntendedEvictionsFireNeitherTheDroppingNorTheNearlyFullAlert() throws Exception {
        // Evictions in every 5 s of the last 20 s: four times the for: of the copy Prometheus
        // runs, so a rule counting them would have gone pending, then fired, by now.
        await("audit evicting for 20 s").atMost(FIRING).pollInterval(Duration.ofMillis(500))
                .until(() -> !prometheus.query("min_over_time(rate(ove_channel_evictions_total{channel=\"audit\"}[5s])[20s:1s]) > 0")
                        .path("result").isEmpty());
        awaitFiring("OveChannelDropping", "orders");   // the same rules, evaluated on the same scrapes
        awaitFiring("OveChannelNearlyFull", "orders");

        assertThat(prometheus.everActive("OveChannelDropping", "audit")).as("Dropping ever pending or firing for audit")
                .isFalse();
        // Evicting all the time means audit is full all the time: intended, so not an alert either.
        assertThat(prometheus.everActive("OveChannelNearlyFull", "audit"))
                .as("NearlyFull ever pending or firing for audit").isFalse();
        assertThat(prometheus.query(alertExpressions().get("OveChannelDropping")).path("result").toString())
                .contains("\"channel\":\"orders\"").doesNotContain("\"channel\":\"audit\"");
    }

    @Test
    void aListenerThatThrowsFiresListenerErrorsWhileTheSamplesListenersDoNot() throws Exception {
        assertThat(faultySender.trySend("fails on purpose")).isEqualTo(SendResult.SENT);
        awaitFiring("OveChannelListenerErrors", "faulty");
        assertThat(prometheus.everActive("OveChannelListenerErrors", SAMPLE_CHANNELS))
                .as("ListenerErrors ever pending or firing for the sample's listeners").isFalse();
    }

    @Test
    void noChannelOfTheRunningSampleLooksClosedOrLosesMessages() throws Exception {
        // Once Dropping fires for orders, every rule has been evaluated for longer than its for:.
        awaitFiring("OveChannelDropping", "orders");
        for (String name : List.of("OveChannelClosed", "OveChannelUndelivered", "OveChannelRefusingClosed")) {
            assertThat(prometheus.everActive(name, SAMPLE_CHANNELS)).as(name + " ever pending or firing for the sample")
                    .isFalse();
        }
        assertThat(prometheus.query("ove_channel_state{channel=~\"" + SAMPLE_CHANNELS + "\"}").path("result"))
                .hasSize(2)
                .allSatisfy(series -> assertThat(series.path("value").get(1).asString()).isEqualTo("2"));
    }

    @Test
    void closedForSendingFiresOnlyRefusingClosedAndClosedForReceivingFiresClosedAndUndeliveredAsHealthGoesDown()
            throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(probe.sender().trySend("buffered-" + i)).isEqualTo(SendResult.SENT);
        }
        // As a producer that has finished would: receivers may still drain the three messages.
        probe.closeSending();
        assertThat(probe.sender().trySend("late")).isEqualTo(SendResult.CLOSED);

        // The refusal came after the close, so by the time its rule fires the state has been
        // "closed for sending" for longer than for: a rule firing on it would be active too.
        awaitFiring("OveChannelRefusingClosed", "probe");
        assertThat(prometheus.query("ove_channel_state{channel=\"probe\"}").path("result").get(0).path("value").get(1)
                .asString()).isEqualTo("1");
        assertThat(prometheus.everActive("OveChannelClosed", "probe")).as("Closed while only closed for sending")
                .isFalse();
        assertThat(prometheus.everActive("OveChannelUndelivered", "probe")).isFalse();
        JsonNode health = channelsHealth();
        assertThat(health.path("details").path("probe").path("state").asString()).isEqualTo("CLOSED_FOR_SENDING");
        assertThat(health.path("status").asString()).isNotEqualTo("DOWN");

        // The mistake the Closed runbook describes: the injected Receiver closed while it was
        // the last one. The three buffered messages are reported undelivered.
        probeReceiver.close();
        assertThat(probe.stats().undelivered()).isEqualTo(3);

        awaitFiring("OveChannelClosed", "probe");
        awaitFiring("OveChannelUndelivered", "probe");
        assertThat(prometheus.query(alertExpressions().get("OveChannelUndelivered")).path("result").get(0)
                .path("value").get(1).asString()).isEqualTo("3");
        health = channelsHealth();
        assertThat(health.path("details").path("probe").path("state").asString()).isEqualTo("CLOSED_FOR_RECEIVING");
        assertThat(health.path("status").asString()).as("health agrees with OveChannelClosed").isEqualTo("DOWN");
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
        return AlertRules.expressions(dashboards.resolve("prometheus-alerts.yml"));
    }

    private void awaitFiring(String alert, String channel) {
        await(alert + " firing for " + channel).atMost(FIRING).pollInterval(Duration.ofMillis(500))
                .until(() -> prometheus.alertState(alert, channel).equals("firing"));
    }

    /** @return the {@code channels} component of the sample's health */
    private JsonNode channelsHealth() throws IOException, InterruptedException {
        return new Http(port).getJson("/actuator/health").path("components").path("channels");
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

    /** Adds a listener that fails on every message of the test channel {@code faulty}. */
    @TestConfiguration
    static class FailingListenerConfiguration {

        @Bean
        FailingListener failingListener() {
            return new FailingListener();
        }
    }

    /** Throws on every message, as a listener with a bug would. */
    static class FailingListener {

        @ChannelListener(channel = "faulty")
        void process(Object message) {
            throw new IllegalStateException("failing on purpose, for the listener-errors alert: " + message);
        }
    }
}
