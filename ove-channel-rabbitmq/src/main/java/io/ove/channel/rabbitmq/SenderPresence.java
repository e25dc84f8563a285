package io.ove.channel.rabbitmq;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * This JVM's presence among a channel's senders: while it holds at least one sender, it keeps a
 * consumer on the channel's presence queue, so the queue's consumer count is the number of JVMs
 * that can still send. The consumer is the broker's to keep or drop: a JVM that dies, or loses its
 * connection for good, stops counting without having to say so; the listener container puts it
 * back after a broker restart.
 */
final class SenderPresence {

    private final DirectMessageListenerContainer consumer;
    private boolean present;

    SenderPresence(CachingConnectionFactory connections, String presenceQueue) {
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
