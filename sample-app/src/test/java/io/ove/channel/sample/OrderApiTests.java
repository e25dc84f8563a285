package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code POST /orders} and the control endpoints, over real HTTP, with the load generator off. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sample.load-rate=0",
        "sample.processing-delay=1ms"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ShipmentBatcher shipments;

    private Http http() {
        return new Http(port);
    }

    @Test
    void aValidOrderIsAcceptedProcessedAndAudited() throws Exception {
        HttpResponse<String> response = http().postJson("/orders",
                "{\"customer\":\" ada \",\"item\":\"keyboard\",\"quantity\":3}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = Http.json(response);
        assertThat(body.path("status").asString()).isEqualTo("accepted");
        String id = body.path("id").asString();
        assertThat(id).startsWith("o-");

        // The listener takes it from the orders channel and the audit loop records both steps.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String audit = http().getJson("/audit").toString();
            assertThat(audit).contains("{\"orderId\":\"" + id + "\",\"what\":\"ACCEPTED\"")
                    .contains("{\"orderId\":\"" + id + "\",\"what\":\"PROCESSED\"");
        });
        // Then it goes on as a shipment, which the batch listener ships.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(shipments.shipped()).isGreaterThanOrEqualTo(1));
        JsonNode orders = http().getJson("/actuator/channels/orders");
        assertThat(orders.path("sent").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(orders.path("fullDrops").asLong()).isZero();
    }

    @Test
    void aBodyThatIsNotJsonIsA400ThatShowsAValidBody() throws Exception {
        HttpResponse<String> response = http().postJson("/orders", "{\"customer\": \"ada\",");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        JsonNode body = Http.json(response);
        assertThat(body.path("error").asString()).isEqualTo("malformed-body");
        assertThat(body.path("message").asString()).contains(ApiExceptionHandler.ORDER_EXAMPLE);
    }

    @Test
    void aWrongFieldTypeIsAMalformedBody() throws Exception {
        HttpResponse<String> response = http().postJson("/orders",
                "{\"customer\":\"ada\",\"item\":\"keyboard\",\"quantity\":\"many\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Http.json(response);
        assertThat(body.path("error").asString()).isEqualTo("malformed-body");
        assertThat(body.path("message").asString()).startsWith("The field 'quantity' must be a whole number.");
    }

    @Test
    void anInvalidOrderIsA400ListingEveryProblem() throws Exception {
        HttpResponse<String> response = http().postJson("/orders", "{\"customer\":\"  \",\"quantity\":5000}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Http.json(response);
        assertThat(body.path("error").asString()).isEqualTo("invalid-order");
        assertThat(body.path("problems").toString())
                .contains("customer: required")
                .contains("item: required")
                .contains("quantity: must be from 1 to 1000, not 5000");
    }

    @Test
    void aBodyThatIsNotDeclaredAsJsonIsA415() throws Exception {
        HttpResponse<String> response = http().post("/orders", "text/plain", "an order, please");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Http.json(response).path("message").asString()).contains("application/json");
    }

    @Test
    void theLoadRateChangesAtRunTimeAndTheGeneratorSends() throws Exception {
        long acceptedBefore = http().getJson("/load").path("accepted").asLong();

        HttpResponse<String> response = http().post("/load?rate=400", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).path("rate").asInt()).isEqualTo(400);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    http().getJson("/load").path("accepted").asLong() >= acceptedBefore + 200);
        } finally {
            http().post("/load?rate=0", null, null);
        }
        assertThat(http().getJson("/load").path("rate").asInt()).isZero();
    }

    @Test
    void badControlValuesAre400sThatNameTheRange() throws Exception {
        HttpResponse<String> negative = http().post("/load?rate=-1", null, null);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(Http.json(negative).path("message").asString()).contains("between 0 and 50000").contains("-1");

        HttpResponse<String> notANumber = http().post("/load?rate=lots", null, null);
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(Http.json(notANumber).path("message").asString()).contains("'rate'").contains("'lots'");

        HttpResponse<String> missing = http().post("/load", null, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Http.json(missing).path("error").asString()).isEqualTo("missing-parameter");

        HttpResponse<String> tooSlow = http().post("/processing-delay?millis=60000", null, null);
        assertThat(tooSlow.statusCode()).isEqualTo(400);
        assertThat(Http.json(tooSlow).path("message").asString()).contains("between 0 and 10000 ms");
    }

    @Test
    void theDashboardAndTheActuatorEndpointsAreServed() throws Exception {
        HttpResponse<String> page = http().get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("dashboard.js").contains("ove-channel");
        assertThat(http().get("/dashboard.js").statusCode()).isEqualTo(200);

        assertThat(http().getJson("/actuator/health").path("status").asString()).isEqualTo("UP");
        assertThat(http().getJson("/actuator/channels").path("channels").propertyNames())
                .containsExactly("orders", "audit", "shipments");
        assertThat(http().get("/actuator/prometheus").body())
                .contains("ove_channel_depth{application=\"ove-channel-sample\",channel=\"orders\",overflow=\"block\"}")
                .contains("ove_channel_listener_duration_seconds_bucket");
        assertThat(http().getJson("/actuator/metrics/ove.channel.capacity").path("measurements").toString())
                .contains("1500.0");   // 1,000 + 500, both channels
    }
}
