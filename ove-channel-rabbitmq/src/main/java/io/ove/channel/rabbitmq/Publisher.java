package io.ove.channel.rabbitmq;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes one message to a queue through the default exchange and waits for the broker's
 * publisher confirm, so that the caller learns whether the queue took it: an ack means it is in
 * the queue (on disk for a persistent message), a nack means {@code reject-publish} refused it
 * because the queue was full.
 *
 * <p>Thread-safe: the template borrows a cached channel for each publish, and each publish waits on
 * its own correlation's future.
 */
final class Publisher {

    /** How one publish ended. */
    enum Outcome {
        /** The broker confirmed: the message is in the queue. */
        TAKEN,
        /** The broker refused it ({@code reject-publish} on a full queue). */
        REFUSED,
        /** No connection to the broker: the message was not sent. */
        UNREACHABLE
    }

    private final RabbitTemplate template;
    private final long confirmTimeoutNanos;
    private final String channelName;

    Publisher(CachingConnectionFactory connections, long confirmTimeoutNanos, String channelName) {
        this.template = new RabbitTemplate(connections);
        // Mandatory: a message routed nowhere (the queue was deleted) comes back as a return
        // instead of being confirmed and dropped by the broker.
        this.template.setMandatory(true);
        this.confirmTimeoutNanos = confirmTimeoutNanos;
        this.channelName = channelName;
    }

    /**
     * Publishes and waits for the confirm.
     *
     * @param queue   the queue to publish to
     * @param message the message, already converted
     * @return whether the queue took it, refused it, or the broker could not be reached
     * @throws InterruptedException   if interrupted while waiting for the confirm (the message may
     *                                or may not be in the queue)
     * @throws RabbitChannelException if the confirm did not come in time, or the queue is missing
     */
    Outcome publish(String queue, Message message) throws InterruptedException {
        CorrelationData correlation = new CorrelationData();
        try {
            template.send("", queue, message, correlation);
        } catch (AmqpConnectException down) {
            return Outcome.UNREACHABLE;
        } catch (AmqpException failed) {
            if (lostConnection(failed)) {
                // The connection broke under the publish (a broker restart resets it): whether the
                // broker got the message is unknown, and publishing again may make a duplicate, as
                // at-least-once allows; refusing it would lose nothing but the caller's message.
                return Outcome.UNREACHABLE;
            }
            throw new RabbitChannelException("broker channel '" + channelName + "': publishing to queue '" + queue
                    + "' failed: " + failed.getMessage(), failed);
        }
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(confirmTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            throw new RabbitChannelException("broker channel '" + channelName + "': the broker did not confirm a"
                    + " message within " + TimeUnit.NANOSECONDS.toMillis(confirmTimeoutNanos) + " ms; it may or may"
                    + " not be in queue '" + queue + "'. Raise the confirm timeout or check the broker", late);
        } catch (ExecutionException failed) {
            throw new RabbitChannelException("broker channel '" + channelName + "': waiting for a confirm failed",
                    failed.getCause());
        }
        if (correlation.getReturned() != null) {
            throw new RabbitChannelException("broker channel '" + channelName + "': queue '" + queue + "' does not"
                    + " exist on the broker (it was deleted while the channel was open); open the channel again to"
                    + " declare it", null);
        }
        if (confirm.ack()) {
            return Outcome.TAKEN;
        }
        // A nack without a connection problem: reject-publish refused it. A nack after a channel
        // was lost carries a reason such as "Channel closed by application".
        String reason = confirm.reason();
        return reason == null || reason.isEmpty() ? Outcome.REFUSED : Outcome.UNREACHABLE;
    }

    /** {@return whether {@code failure} comes from the connection (reset, closed, shut down) rather than from the request} */
    private static boolean lostConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.io.IOException || cause instanceof com.rabbitmq.client.ShutdownSignalException) {
                return true;
            }
        }
        return false;
    }
}
