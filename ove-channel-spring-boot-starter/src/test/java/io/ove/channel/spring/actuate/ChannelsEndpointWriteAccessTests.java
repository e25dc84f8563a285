package io.ove.channel.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code channels} endpoint's write operation over HTTP, where the application grants it
 * unrestricted access: a POST pauses a listener, and the reply and the listing show its state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ove.channel.channels.orders.capacity=4",
        "ove.channel.channels.orders.type=io.ove.channel.spring.Order",
        "management.endpoints.web.exposure.include=channels",
        "management.endpoint.channels.access=unrestricted"})
@DirtiesContext
@Timeout(60)
class ChannelsEndpointWriteAccessTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private ChannelListenerRegistry registry;

    @Value("${local.server.port}")
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void postPausesTheListenerAndTheListingShowsIt() throws Exception {
        HttpResponse<String> paused = post("/actuator/channels/orders/orderSink.take", "{\"action\":\"pause\"}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(paused.body()).get("listener").get("state").asString()).isEqualTo("PAUSED");
        assertThat(registry.state("orderSink.take")).isEqualTo(ListenerState.PAUSED);

        HttpResponse<String> listing = http.send(HttpRequest.newBuilder(uri("/actuator/channels/orders")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode listener = JSON.readTree(listing.body()).get("listeners").get(0);
        assertThat(listener.get("state").asString()).isEqualTo("PAUSED");
        assertThat(listener.get("autoStartup").asBoolean()).isTrue();

        assertThat(post("/actuator/channels/orders/orderSink.take", "{\"action\":\"resume\"}").statusCode())
                .isEqualTo(200);
        assertThat(registry.state("orderSink.take")).isEqualTo(ListenerState.RUNNING);
        assertThat(post("/actuator/channels/orders/orderSink.take", "{\"action\":\"explode\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("/actuator/channels/orders/nobody", "{\"action\":\"stop\"}").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {

        @Bean
        OrderSink orderSink() {
            return new OrderSink();
        }
    }

    static class OrderSink {
        @ChannelListener(channel = "orders")
        void take(Order order) {
        }
    }
}
