package io.ove.channel.rabbitmq;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

/**
 * Where this JVM's receivers of one channel take messages from.
 *
 * <p>While open, a consumer on the queue (Spring AMQP's direct listener container, which restarts
 * it after a broker restart) hands each delivery to a local buffer, unacknowledged; at most
 * {@code prefetch} of them are on their way or waiting here, so other JVMs get the rest. A message
 * is acknowledged by whoever takes it from the buffer, so a JVM that dies with messages in its
 * buffer leaves them to the broker, which redelivers them to another consumer.
 *
 * <p>Once the sending side is closed everywhere, {@link #drain()} stops the consumer (its unacked
 * deliveries go back to the queue) and the receivers take what is left one {@code basic.get} at a
 * time, so that "empty" is the broker's answer and not a guess about deliveries still on the wire.
 */
final class Inbox {

    private final CachingConnectionFactory connections;
    private final String queue;
    private final DirectMessageListenerContainer consumer;
    /** Deliveries taken by nobody yet; the container's thread adds, receiving threads poll. */
    private final LinkedBlockingQueue<Delivery> buffer = new LinkedBlockingQueue<>();
    private final MessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();
    /** The broker channel that {@code basic.get} and its acknowledgements use while draining; guarded by this. */
    private Channel drainChannel;
    /** Written under this object's lock; volatile so that receivers can look without taking it. */
    private volatile boolean consuming;

    Inbox(CachingConnectionFactory connections, String queue, int prefetch) {
        this.connections = connections;
        this.queue = queue;
        this.consumer = new DirectMessageListenerContainer(connections);
        consumer.setQueueNames(queue);
        consumer.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        consumer.setPrefetchCount(prefetch);
        // How soon a consumer lost with its connection (broker restart) is started again.
        consumer.setMonitorInterval(1000);
        consumer.setMessageListener((ChannelAwareMessageListener) (message, channel) ->
                buffer.add(new Delivery(message, channel, message.getMessageProperties().getDeliveryTag())));
        consumer.afterPropertiesSet();
    }

    /** {@return whether the consumer runs} */
    boolean isConsuming() {
        return consuming;
    }

    /** Starts consuming (this JVM's first receive). */
    synchronized void start() {
        if (!consuming) {
            consuming = true;
            consumer.start();
        }
    }

    /**
     * Stops consuming: the broker takes back every delivery this JVM did not acknowledge when the
     * consumer's channel closes, so the buffer's deliveries are void and are dropped here.
     */
    synchronized void stop() {
        if (consuming) {
            consuming = false;
            consumer.stop();
        }
        buffer.clear();
    }

    /** {@return a delivery within the time, or {@code null}} */
    Delivery poll(long nanos) throws InterruptedException {
        return buffer.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@return a buffered delivery, or {@code null} without waiting} */
    Delivery pollNow() {
        return buffer.poll();
    }

    /** {@return how many deliveries wait in this JVM} */
    int buffered() {
        return buffer.size();
    }

    /** Switches to draining: no consumer, the broker's remaining messages are fetched one by one. */
    void drain() {
        stop();
    }

    /**
     * Fetches one message the broker still holds ({@code basic.get}, unacknowledged).
     *
     * @return the message, or {@code null} if the queue has none ready
     */
    synchronized Delivery fetch() {
        try {
            if (drainChannel == null || !drainChannel.isOpen()) {
                drainChannel = connections.createConnection().createChannel(false);
            }
            GetResponse response = drainChannel.basicGet(queue, false);
            if (response == null) {
                return null;
            }
            Message message = new Message(response.getBody(), properties.toMessageProperties(response.getProps(),
                    response.getEnvelope(), "UTF-8"));
            return new Delivery(message, drainChannel, response.getEnvelope().getDeliveryTag());
        } catch (IOException | RuntimeException failed) {
            throw new RabbitChannelException("could not fetch from queue '" + queue + "': " + failed.getMessage(), failed);
        }
    }

    /** Stops consuming and closes the draining channel; the broker requeues whatever was not acknowledged. */
    synchronized void close() {
        stop();
        consumer.destroy();
        if (drainChannel != null) {
            try {
                drainChannel.close();
            } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException ignored) {
                // already closed with its connection
            }
        }
    }
}
