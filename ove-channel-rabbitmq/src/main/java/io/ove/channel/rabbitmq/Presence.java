package io.ove.channel.rabbitmq;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * This JVM's presence among a channel's senders, or among its receivers: while it holds at least
 * one handle of that side, it keeps a consumer on the side's presence queue, so the queue's
 * consumer count is the number of JVMs holding that side. The consumer is the broker's to keep or
 * drop: a JVM that dies, or loses its connection for good, stops counting without having to say
 * so; the listener container puts it back after a broker restart. Starting the container waits
 * for its consumer, so a JVM counts by the time {@link #join()} returns.
 */
final class Presence {

    private final DirectMessageListenerContainer consumer;
    /** Guarded by this object's lock, like the container's start and stop it decides. */
    private boolean present;

    Presence(CachingConnectionFactory connections, String presenceQueue) {
        consumer = new DirectMessageListenerContainer(connections);
        consumer.setQueueNames(presenceQueue);
        consumer.setAcknowledgeMode(AcknowledgeMode.AUTO);
        consumer.setPrefetchCount(1);
        consumer.setMonitorInterval(1000); // back soon after a broker restart
        consumer.setMessageListener(message -> {
            // Nobody publishes to a presence queue; a stray message is consumed and ignored.
        });
        consumer.afterPropertiesSet();
    }

    synchronized void join() {
        if (!present) {
            present = true;
            consumer.start();
        }
    }

    synchronized void leave() {
        if (present) {
            present = false;
            consumer.stop();
        }
    }

    synchronized void close() {
        leave();
        consumer.destroy();
    }
}
