package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The trace of a {@code POST /orders} request continues through the observed {@code orders}
 * channel: the request's log line and the listener's log line for the same order carry the same
 * trace id, in the log pattern Spring Boot uses when tracing is present.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sample.load-rate=0",
        "sample.processing-delay=1ms",
        "logging.level.io.ove.channel.sample.OrderProcessor=debug"})
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingTests {

    /** A trace id as Brave writes it: 32 lower-case hex digits. */
    private static final Pattern TRACE_ID = Pattern.compile("\\b([0-9a-f]{32})\\b");

    @LocalServerPort
    int port;

    @Test
    void theRequestsTraceIdIsInTheListenersLogLineForTheSameOrder(CapturedOutput output) throws Exception {
        HttpResponse<String> response = new Http(port).postJson("/orders",
                "{\"customer\":\"ada\",\"item\":\"keyboard\",\"quantity\":1}");
        assertThat(response.statusCode()).isEqualTo(202);
        String id = Http.json(response).path("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> line(output, "processed order " + id) != null);
        String requestLine = line(output, "order " + id + " from ada: SENT");
        String listenerLine = line(output, "processed order " + id);

        assertThat(requestLine).as("the request's log line").isNotNull().contains("-exec-");
        assertThat(listenerLine).as("the listener's log line (its thread name cut to 15 characters)")
                .contains("stener-orders-");
        String traceId = traceId(requestLine);
        assertThat(traceId).as("a trace id in: %s", requestLine).isNotNull();
        assertThat(traceId(listenerLine)).as("the trace id in: %s", listenerLine).isEqualTo(traceId);
    }

    @Test
    void twoRequestsHaveTwoTraces(CapturedOutput output) throws Exception {
        Http http = new Http(port);
        String first = Http.json(http.postJson("/orders", "{\"customer\":\"bo\",\"item\":\"pen\",\"quantity\":1}"))
                .path("id").asString();
        String second = Http.json(http.postJson("/orders", "{\"customer\":\"bo\",\"item\":\"ink\",\"quantity\":2}"))
                .path("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> line(output, "processed order " + first) != null
                && line(output, "processed order " + second) != null);

        assertThat(traceId(line(output, "processed order " + first)))
                .isNotEqualTo(traceId(line(output, "processed order " + second)))
                .isEqualTo(traceId(line(output, "order " + first + " from bo: SENT")));
    }

    /** The first captured line that ends with {@code text}, or {@code null}. */
    private static String line(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.endsWith(text)).findFirst().orElse(null);
    }

    private static String traceId(String line) {
        Matcher matcher = TRACE_ID.matcher(line);
        return matcher.find() ? matcher.group(1) : null;
    }
}
