package io.ove.channel.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.ove.channel.BoundedQueue;
import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.listener.ChannelListenerRegistry;
import io.ove.channel.spring.listener.ListenerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real {@code @WebMvcTest} slice with {@link AutoConfigureChannels}: the controller gets its
 * {@code Sender}, listeners stay off, and {@link MessageCapture} sees what the request sent. The
 * slice has no observation registry, and leaves listener observation out: an observed channel is a
 * plain one there, rather than a failed start.
 */
@WebMvcTest(AutoConfigureChannelsWebMvcTests.OrderController.class)
@AutoConfigureChannels
@TestPropertySource(properties = {"ove.channel.channels.orders.capacity=4",
        "ove.channel.channels.orders.type=io.ove.channel.spring.Order",
        "ove.channel.listeners.auto-startup=false",
        "ove.channel.channels.orders.observation-enabled=true"})
@Timeout(60)
class AutoConfigureChannelsWebMvcTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private Receiver<Order> orders;

    @Autowired
    private ChannelListenerRegistry listeners;

    @Autowired
    private Channel<Order> ordersChannel;

    @Test
    void anObservedChannelIsAPlainOneInTheSlice() {
        assertThat(ordersChannel.storage()).isExactlyInstanceOf(BoundedQueue.class);
    }

    @Test
    void requestSendsToTheChannelWhileTheListenerStaysStopped() throws Exception {
        assertThat(listeners.state("orderListener.process")).isEqualTo(ListenerState.STOPPED);
        try (MessageCapture<Order> sent = MessageCapture.of(orders)) {
            mvc.perform(post("/orders/7")).andExpect(status().isAccepted());
            assertThat(sent.await(1, Duration.ofSeconds(10))).containsExactly(new Order(7));
        }
    }

    @SpringBootConfiguration
    @Import({OrderController.class, OrderListener.class})
    static class SliceApplication {
    }

    @RestController
    static class OrderController {

        private final Sender<Order> orders;

        OrderController(Sender<Order> orders) {
            this.orders = orders;
        }

        @PostMapping("/orders/{id}")
        ResponseEntity<Void> place(@PathVariable long id) {
            return orders.trySend(new Order(id)) == SendResult.SENT ? ResponseEntity.accepted().build()
                    : ResponseEntity.status(503).build();
        }
    }

    static class OrderListener {
        @ChannelListener(channel = "orders", id = "orderListener.process")
        void process(Order order) {
            throw new AssertionError("listeners are off in this test");
        }
    }
}
