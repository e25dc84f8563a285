package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A full {@code orders} channel: two slots, and two listener threads that each hold an order for
 * a minute, so at most four orders are taken and the next one is refused with 503.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sample.load-rate=0",
        "sample.processing-delay=10s",
        "sample.accept-timeout=50ms",
        "ove.channel.channels.orders.capacity=2",
        "ove.channel.shutdown.drain-timeout=100ms"})
@DirtiesContext   // its listeners sit in a 10 s delay: do not leave them to the next test class
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FullChannelTests {

    @LocalServerPort
    int port;

    @Test
    void aFullChannelAnswers503WithRetryAfterAndAJsonError() throws Exception {
        Http http = new Http(port);
        int accepted = 0;
        HttpResponse<String> refused = null;
        for (int attempt = 0; attempt < 10 && refused == null; attempt++) {
            HttpResponse<String> response = http.postJson("/orders",
                    "{\"customer\":\"ada\",\"item\":\"keyboard\",\"quantity\":1}");
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                refused = response;
            }
        }

        assertThat(refused).as("a refusal within 10 orders").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode body = Http.json(refused);
        assertThat(body.path("error").asString()).isEqualTo("channel-full");
        assertThat(body.path("message").asString()).contains("orders channel is full");
        // Two buffered, plus at most one in each listener thread.
        assertThat(accepted).isBetween(2, 4);
        JsonNode orders = http.getJson("/actuator/channels/orders");
        // Nothing finishes within ten seconds: whatever the listeners have not taken is buffered.
        assertThat(orders.path("depth").asLong()).isEqualTo(accepted - orders.path("received").asLong());
        assertThat(orders.path("fullDrops").asLong()).isEqualTo(1);
    }
}
