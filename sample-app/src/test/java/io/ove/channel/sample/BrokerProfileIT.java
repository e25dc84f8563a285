package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.ove.channel.rabbitmq.RabbitBroker;
import io.ove.channel.rabbitmq.RequiresBroker;
import tools.jackson.databind.JsonNode;

/**
 * The sample run twice with the profile {@code broker} against one real RabbitMQ: {@code orders}
 * is one queue for both instances, and the dashboard of either shows it shared, with both
 * instances as its senders and receivers.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@RequiresBroker
@RequiresPrograms({ExternalProgram.CHROMIUM, ExternalProgram.CHROMEDRIVER})
class BrokerProfileIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final RabbitBroker broker = RabbitBroker.get();
    private final String queue = "sample-orders-" + UUID.randomUUID();

    @TempDir
    Path profile;

    @Test
    void twoInstancesShareTheOrdersQueueAndEitherDashboardShowsIt() throws Exception {
        try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
            Http one = new Http(port(first));
            Http two = new Http(port(second));

            // An order posted to either instance is taken by the shared queue.
            assertThat(one.postJson("/orders", "{\"customer\":\"ada\",\"item\":\"tea\",\"quantity\":1}").statusCode())
                    .isEqualTo(202);
            assertThat(two.postJson("/orders", "{\"customer\":\"bob\",\"item\":\"milk\",\"quantity\":2}").statusCode())
                    .isEqualTo(202);

            JsonNode orders = Http.json(one.get("/actuator/channels")).get("channels").get("orders");
            assertThat(orders.get("backend").asString()).isEqualTo("rabbitmq");
            assertThat(orders.get("storedIn").asString()).isEqualTo(queue);

            try (HeadlessChromium chromium = HeadlessChromium.open(profile, "chromedriver-broker.log")) {
                for (int port : new int[] {port(first), port(second)}) {
                    chromium.browser().get("http://localhost:" + port + "/");
                    WebDriverWait wait = new WebDriverWait(chromium.browser(), WAIT);
                    WebElement card = wait.until(page -> page.findElement(By.cssSelector("[data-channel='orders']")));
                    wait.until(page -> HeadlessChromium.field(card, "backend").getText()
                            .equals("shared: RabbitMQ queue " + queue));
                    // Both instances send (their load generators) and both receive (their listeners).
                    wait.until(page -> HeadlessChromium.number(HeadlessChromium.field(card, "senders")) == 2);
                    wait.until(page -> HeadlessChromium.number(HeadlessChromium.field(card, "receivers")) == 2);
                    wait.until(page -> HeadlessChromium.number(HeadlessChromium.field(card, "received")) > 0);
                }
                java.nio.file.Files.write(ExternalProgram.outputDirectory().resolve("dashboard-broker.png"),
                        chromium.browser().getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            }
        }
    }

    private ConfigurableApplicationContext start() {
        // Command-line arguments, as a user would pass them: they override the profile's file.
        return new SpringApplicationBuilder(SampleApplication.class)
                .profiles("broker")
                .run("--server.port=0",
                        "--spring.rabbitmq.host=127.0.0.1",
                        "--spring.rabbitmq.port=" + broker.port(),
                        "--ove.channel.channels.orders.rabbitmq.queue=" + queue,
                        "--sample.load-rate=20");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
