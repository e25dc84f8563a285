package io.ove.channel.rabbitmq;

import java.io.IOException;

import org.springframework.amqp.core.Message;

import com.rabbitmq.client.Channel;

/**
 * One message the broker delivered to this JVM and that nobody acknowledged yet, with the broker
 * channel it came on: an acknowledgement must go back on that channel.
 *
 * @param message the message as the broker sent it
 * @param channel the broker channel it was delivered on
 * @param tag     its delivery tag on that channel
 */
record Delivery(Message message, Channel channel, long tag) {

    /** {@return whether the broker took the acknowledgement; {@code false} once the channel is gone} */
    boolean acknowledge() {
        try {
            channel.basicAck(tag, false);
            return true;
        } catch (IOException | RuntimeException gone) {
            // The broker channel closed since the delivery (connection lost, consumer stopped): the
            // broker has put the message back in the queue, for this JVM or another to take again.
            return false;
        }
    }

    /** Gives the message back to the queue, at its head; quiet when the broker channel is gone (same effect). */
    void requeue() {
        try {
            channel.basicNack(tag, false, true);
        } catch (IOException | RuntimeException gone) {
            // closed channel: the broker requeued it already
        }
    }
}
