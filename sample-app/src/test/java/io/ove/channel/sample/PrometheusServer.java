package io.ove.channel.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server for a test: started from the installed binary on a free loopback port,
 * with its own configuration and storage in a temporary folder, scraping one target every second.
 */
final class PrometheusServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param binary    the {@code prometheus} program
     * @param workDir   an empty folder for its configuration and storage
     * @param target    {@code host:port} of the application to scrape
     * @param ruleFile  a rule file to load, so that its rules are evaluated too
     * @param log       where its output goes
     * @return the started server; call {@link #awaitReady(Duration)} before querying it
     * @throws IOException if it cannot be started
     */
    static PrometheusServer start(Path binary, Path workDir, String target, Path ruleFile, Path log)
            throws IOException {
        int port = freePort();
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: ove-channel-sample
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['%s']
                """.formatted(ruleFile.toAbsolutePath(), target));
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PrometheusServer(process, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits for {@code /-/ready}.
     *
     * @param timeout how long to wait at most
     * @throws IllegalStateException if Prometheus exits or is not ready in time
     */
    void awaitReady(Duration timeout) {
        Awaitility.await("Prometheus ready at /-/ready").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .ignoreException(IOException.class)   // until it has opened its port
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Prometheus exited with " + process.exitValue()
                                + "; see target/e2e/prometheus.log");
                    }
                    return get("/-/ready").statusCode() == 200;
                });
    }

    /**
     * Runs an instant query.
     *
     * @param promql the expression
     * @return the {@code data} object of the answer
     * @throws AssertionError if Prometheus rejected the expression, with its error
     */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asString())) {
            throw new AssertionError("Prometheus rejected " + promql + ": " + body.path("error").asString());
        }
        return body.path("data");
    }

    /**
     * Reads an alert's state now, from {@code /api/v1/alerts}.
     *
     * @param alert   the alert's name
     * @param channel the {@code channel} label of the instance asked about
     * @return {@code firing}, {@code pending}, or {@code inactive} when neither
     */
    String alertState(String alert, String channel) throws IOException, InterruptedException {
        String state = "inactive";
        for (JsonNode active : getJson("/api/v1/alerts").path("data").path("alerts")) {
            JsonNode labels = active.path("labels");
            if (alert.equals(labels.path("alertname").asString()) && channel.equals(labels.path("channel").asString())) {
                // Several instances of the same application could disagree; firing wins.
                state = "firing".equals(state) ? state : active.path("state").asString();
            }
        }
        return state;
    }

    /**
     * Tells whether an alert was ever pending or firing since this server started, from the
     * {@code ALERTS} series that Prometheus writes for every active alert at every evaluation: a
     * rule that stays silent must never have been active, not merely be inactive at the moment
     * of asking.
     *
     * @param alert        the alert's name
     * @param channelRegex a regular expression for the {@code channel} label
     * @return whether any evaluation found it active for a matching channel
     */
    boolean everActive(String alert, String channelRegex) throws IOException, InterruptedException {
        // An hour is longer than any test class runs against one server.
        return !query("count_over_time(ALERTS{alertname=\"%s\", channel=~\"%s\"}[1h])".formatted(alert, channelRegex))
                .path("result").isEmpty();
    }

    /**
     * @param path a path of the HTTP API, for example {@code /api/v1/rules}
     * @return the parsed JSON answer
     */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path).body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
