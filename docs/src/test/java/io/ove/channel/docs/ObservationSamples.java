package io.ove.channel.docs;

import io.micrometer.common.KeyValues;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.observation.ChannelListenerObservationContext;
import io.ove.channel.spring.observation.ChannelListenerObservationConvention;
import io.ove.channel.spring.observation.DefaultChannelListenerObservationConvention;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Holds the Java samples of {@code docs/starter.md}'s "Observation and tracing", line for line, so
 * that they compile against the real starter; {@link DocumentationSamplesTest} checks that each is
 * here. The starter's {@code ObservedChannelsTests} run the same code paths with a real tracer.
 */
final class ObservationSamples {

    private ObservationSamples() {
    }

    /** The sending side: a request thread, inside the request's observation. */
    @RestController
    class OrderController {

        private final Sender<Order> orders;

        OrderController(Sender<Order> orders) {
            this.orders = orders;
        }

        @PostMapping("/orders")
        ResponseEntity<Void> submit(@RequestBody Order order) throws InterruptedException {
            orders.send(order);   // the request's observation and context travel with the order
            return ResponseEntity.accepted().build();
        }
    }

    /** The receiving side: a listener thread, inside the listener's observation. */
    @Component
    class OrderListener {

        private static final Log log = LogFactory.getLog(OrderListener.class);

        @ChannelListener(channel = "orders")
        void process(Order order) {
            log.info("processing " + order);   // the same trace id as the request's log lines
        }
    }

    /** Replacing the convention. */
    @Configuration
    class ObservationConfiguration {

        @Bean
        ChannelListenerObservationConvention listenerConvention() {
            return new DefaultChannelListenerObservationConvention() {
                @Override
                public KeyValues getLowCardinalityKeyValues(ChannelListenerObservationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "orders");
                }
            };
        }
    }
}
