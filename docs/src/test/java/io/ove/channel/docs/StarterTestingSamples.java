package io.ove.channel.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.SharedMemorySettings;
import io.ove.channel.spring.test.AutoConfigureChannels;
import io.ove.channel.spring.test.MessageCapture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Holds the Java samples of {@code docs/starter.md} about declaring channels in Java and about
 * testing, line for line, so that they compile against the real starter. They are never run (the
 * test class is an inner class, which JUnit leaves alone):
 * the starter's own tests run the same code.
 */
final class StarterTestingSamples {

    private StarterTestingSamples() {
    }

    /** A price change, the message type of the Java-declared channel sample. */
    record PriceUpdate(String item, long cents) {
    }

    /** Section 2, "Declaring channels in Java". */
    @Configuration(proxyBeanMethods = false)
    class PricingChannels {

        @Bean
        static ChannelDefinition priceUpdatesChannel() {
            return ChannelDefinition.of("price-updates", 64 * Runtime.getRuntime().availableProcessors())
                    .withType(PriceUpdate.class)
                    .withOverflow(OverflowPolicy.DROP_OLDEST)
                    .withDeadLetter("failed-orders");
        }
    }

    /** Section 2, "Declaring channels in Java": a shared one. */
    @Configuration(proxyBeanMethods = false)
    class TickChannels {

        @Bean
        static ChannelDefinition ticksChannel() {
            return ChannelDefinition.of("ticks", 1024)
                    .withType(String.class)
                    .withSharedMemory(new SharedMemorySettings(Path.of("/dev/shm/ticks"), 256, "utf8", true,
                            Duration.ofSeconds(2)));
        }
    }

    /** A controller for the slice sample. */
    static class OrderController {
    }

    /** Section 5, "Testing". */
    @WebMvcTest(OrderController.class)
    @AutoConfigureChannels
    @TestPropertySource(properties = "ove.channel.listeners.auto-startup=false")
    class OrderControllerTests {

        @Autowired
        MockMvc mvc;

        @Autowired
        Receiver<Order> orders;

        @Test
        void acceptedOrderIsSentToTheOrdersChannel() throws Exception {
            try (MessageCapture<Order> sent = MessageCapture.of(orders)) {
                mvc.perform(post("/orders").contentType("application/json")
                                .content("{\"id\":\"o-1\",\"item\":\"book\",\"quantity\":1}"))
                        .andExpect(status().isAccepted());
                assertThat(sent.await(1, Duration.ofSeconds(5))).extracting(Order::id).containsExactly("o-1");
            }
        }
    }
}
