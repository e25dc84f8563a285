package io.ove.channel.rabbitmq;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.listener.ConsumeOkEvent;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/**
 * This JVM's presence among a channel's senders, or among its receivers: while it holds at least
 * one handle of that side, it keeps a consumer on the side's presence queue, so the queue's
 * consumer count is the number of JVMs holding that side. The consumer is the broker's to keep or
 * drop: a JVM that dies, or loses its connection for good, stops counting without having to say
 * so; the listener container puts it back after a broker restart.
 *
 * <p>{@link #join()} returns once the broker has answered the consumer's {@code basic.consume}
 * ({@code consume-ok}, which the broker sends after it registered the consumer with the queue), so
 * a JVM counts by then: the container itself starts its consumer on another thread.
 */
final class Presence {

    private static final Logger LOG = System.getLogger(Presence.class.getName());

    /** Longest wait in {@link #join()} for the broker to register the consumer. */
    private static final long CONSUME_OK_TIMEOUT_SECONDS = 10;

    private final DirectMessageListenerContainer consumer;
    private final String presenceQueue;
    /** Guarded by this object's lock, like the container's start and stop it decides. */
    private boolean present;
    /**
     * Counted down by the container's thread on {@code consume-ok}; replaced under this object's
     * lock before each start; volatile so that the container's thread sees the new one.
     */
    private volatile CountDownLatch registered = new CountDownLatch(1);

    Presence(CachingConnectionFactory connections, String presenceQueue) {
        this.presenceQueue = presenceQueue;
        consumer = new DirectMessageListenerContainer(connections);
        consumer.setApplicationEventPublisher(event -> {
            if (event instanceof ConsumeOkEvent) {
                registered.countDown();
            }
        });
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
            registered = new CountDownLatch(1);
            consumer.start();
            awaitRegistered();
        }
    }

    private void awaitRegistered() {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    if (!registered.await(CONSUME_OK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        LOG.log(Level.WARNING, "the broker did not register this JVM on presence queue ''{0}'' within"
                                + " {1} s; until it does, another JVM may take itself for the last", presenceQueue,
                                CONSUME_OK_TIMEOUT_SECONDS);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // opening a handle is not interruptible; the flag is kept
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
