package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter inside a real Spring Boot web application with the real actuator and Micrometer's
 * real registry: after known traffic every meter has the expected value, and the endpoint and
 * health contributor answer over HTTP with the expected JSON.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ove.channel.channels.orders.capacity=4",
        "ove.channel.channels.orders.type=io.ove.channel.spring.Order",
        "ove.channel.channels.audit.capacity=2",
        "ove.channel.channels.audit.overflow=drop-newest",
        "management.endpoints.web.exposure.include=health,channels,metrics",
        "management.endpoint.health.show-details=always",
        // The application's own JSON settings must not reach the endpoint's fields.
        "spring.jackson.property-naming-strategy=SNAKE_CASE"})
@DirtiesContext
@Timeout(60)
class ActuatorIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private Sender<Order> orders;

    @Autowired
    private Receiver<Order> ordersReceiver;

    @Autowired
    @Qualifier("audit")
    private Sender<String> audit;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private JsonMapper applicationMapper;

    @Value("${local.server.port}")
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void sendKnownTraffic() throws Exception {
        if (registry.find("ove.channel.sent").tag("channel", "orders").functionCounter().count() > 0) {
            return; // the context is shared by the tests of this class; traffic is sent once
        }
        for (long i = 0; i < 3; i++) {
            orders.send(new Order(i));
        }
        ordersReceiver.recv();
        assertThat(audit.trySend("a")).isEqualTo(SendResult.SENT);
        assertThat(audit.trySend("b")).isEqualTo(SendResult.SENT);
        assertThat(audit.trySend("c")).isEqualTo(SendResult.FULL);
    }

    @Test
    void everyMeterReportsTheKnownTraffic() {
        assertThat(gauge("ove.channel.depth", "orders")).isEqualTo(2);
        assertThat(gauge("ove.channel.capacity", "orders")).isEqualTo(4);
        assertThat(gauge("ove.channel.senders", "orders")).isEqualTo(1);
        assertThat(gauge("ove.channel.receivers", "orders")).isEqualTo(1);
        assertThat(gauge("ove.channel.state", "orders")).isEqualTo(2);   // open: both sides
        assertThat(counter("ove.channel.sent", "orders")).isEqualTo(3);
        assertThat(counter("ove.channel.received", "orders")).isEqualTo(1);
        assertThat(counter("ove.channel.full.drops", "orders")).isZero();
        assertThat(counter("ove.channel.closed.drops", "orders")).isZero();
        assertThat(counter("ove.channel.undelivered", "orders")).isZero();
        assertThat(gauge("ove.channel.depth", "audit")).isEqualTo(2);
        assertThat(counter("ove.channel.full.drops", "audit")).isEqualTo(1);
        assertThat(counter("ove.channel.evictions", "audit")).as("drop-newest refuses, it never evicts").isZero();
    }

    @Test
    void metersCarryTheOverflowPolicyTheChannelWasDeclaredWith() {
        assertThat(registry.get("ove.channel.depth").tag("channel", "orders").tag("overflow", "block").gauge())
                .isNotNull();
        assertThat(registry.get("ove.channel.full.drops").tag("channel", "audit").tag("overflow", "drop-newest")
                .functionCounter()).isNotNull();
    }

    @Test
    void endpointListsEveryChannelWithoutMessageContents() throws Exception {
        HttpResponse<String> response = get("/actuator/channels");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode channels = JSON.readTree(response.body()).get("channels");
        assertThat(channels.propertyNames()).containsExactlyInAnyOrder("orders", "audit");
        JsonNode orders = channels.get("orders");
        assertThat(orders.get("capacity").asInt()).isEqualTo(4);
        assertThat(orders.get("depth").asInt()).isEqualTo(2);
        assertThat(orders.get("state").asString()).isEqualTo("OPEN");
        assertThat(orders.get("overflow").asString()).isEqualTo("BLOCK");
        assertThat(orders.get("type").asString()).isEqualTo(Order.class.getName());
        assertThat(orders.get("sent").asLong()).isEqualTo(3);
        assertThat(orders.get("received").asLong()).isEqualTo(1);
        assertThat(orders.get("senders").asInt()).isEqualTo(1);
        assertThat(channels.get("audit").get("fullDrops").asLong()).isEqualTo(1);
        assertThat(response.body()).doesNotContain("Order[id=");
    }

    @Test
    void endpointJsonKeepsItsFieldNamesWhateverTheApplicationsJacksonNamingStrategy() throws Exception {
        assertThat(applicationMapper.writeValueAsString(new NamingProbe(1))).as("the application's own mapper")
                .contains("full_drops");
        String body = get("/actuator/channels/audit").body();
        assertThat(body).contains("\"fullDrops\"", "\"closedDrops\"", "\"leakedHandles\"")
                .doesNotContain("full_drops");
    }

    record NamingProbe(long fullDrops) {
    }

    @Test
    void endpointShowsOneChannelByNameAnd404ForAnUnknownOne() throws Exception {
        HttpResponse<String> one = get("/actuator/channels/audit");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(one.body()).get("overflow").asString()).isEqualTo("DROP_NEWEST");
        assertThat(get("/actuator/channels/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void healthIsUpWithDetailsPerChannel() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        JsonNode channels = JSON.readTree(response.body()).get("components").get("channels");
        assertThat(channels.get("status").asString()).isEqualTo("UP");
        assertThat(channels.get("details").get("orders").get("state").asString()).isEqualTo("OPEN");
    }

    @Test
    void metersAreVisibleThroughTheMetricsEndpoint() throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/ove.channel.depth?tag=channel:orders");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("measurements").get(0).get("value").asDouble()).isEqualTo(2.0);
    }

    private double gauge(String name, String channel) {
        return registry.get(name).tag("channel", channel).gauge().value();
    }

    private double counter(String name, String channel) {
        return registry.get(name).tag("channel", channel).functionCounter().count();
    }

    @Test
    void endpointRefusesListenerControlUnlessItsAccessIsUnrestricted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/channels/orders/anyone"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"pause\"}")).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(404, 405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {
    }
}
