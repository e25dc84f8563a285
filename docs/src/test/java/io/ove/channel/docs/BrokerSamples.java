package io.ove.channel.docs;

import com.rabbitmq.client.ConnectionFactory;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.rabbitmq.RabbitChannel;
import io.ove.channel.rabbitmq.RabbitDelivery;
import java.time.Duration;

/**
 * Holds the Java samples of {@code docs/broker.md}, line for line, so that they compile against
 * the real API. {@link DocumentationSamplesTest} checks that they are here.
 */
final class BrokerSamples {

    /** "From Java". */
    void fromJava() throws InterruptedException {
        ConnectionFactory client = new ConnectionFactory();   // the RabbitMQ client's: address, credentials, TLS
        client.setHost("localhost");
        try (RabbitChannel<String> orders = RabbitChannel.builder(client, "orders").capacity(1000).open()) {
            Sender<String> tx = orders.sender();     // the core's Sender: this JVM now counts as a sender
            Receiver<String> rx = orders.receiver(); // the core's Receiver
            tx.send("order 42");                     // returns once the broker confirmed the message
            String next = rx.recv();                 // acknowledged before recv returns
        }   // close() gives up this JVM's handles that are still open, then its connection
    }

    /** "From Java", acknowledging after the work. */
    void acknowledgingAfterTheWork(RabbitChannel<String> orders) throws InterruptedException {
        RabbitDelivery<String> delivery = orders.receiveDelivery(Duration.ofSeconds(1));
        if (delivery != null) {
            process(delivery.message());
            delivery.acknowledge();   // a crash before this line: the broker gives the message to another consumer
        }
    }

    private void process(String order) {
    }
}
