package io.ove.channel.rabbitmq;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import io.ove.channel.OverflowPolicy;

/**
 * Declares a channel's queues on the broker and reads what the broker knows of them: message and
 * consumer counts, and the two sticky markers of a closed side.
 *
 * <p>Every declaration is idempotent, so each JVM that opens the channel declares them all; a JVM
 * that asks for a different capacity, overflow or queue type than the queue already has gets the
 * broker's refusal as a {@link RabbitChannelException} naming both settings' culprit.
 */
final class BrokerQueues {

    private final RabbitAdmin admin;
    private final QueueNames names;
    private final Publisher publisher;
    private final String channelName;
    private final String address;

    BrokerQueues(CachingConnectionFactory connections, QueueNames names, Publisher publisher, String channelName) {
        this.address = connections.getHost() + ":" + connections.getPort();
        this.admin = new RabbitAdmin(connections);
        this.admin.setIgnoreDeclarationExceptions(false);
        this.names = names;
        this.publisher = publisher;
        this.channelName = channelName;
    }

    QueueNames names() {
        return names;
    }

    /**
     * Declares the message queue (bounded, with the overflow policy), the queue its evictions go to,
     * the two presence queues and the two markers.
     */
    void declare(int capacity, OverflowPolicy overflow, QueueType type) {
        // Drop-oldest evicts the head and dead-letters it through the default exchange to the
        // undelivered queue; block and drop-newest make the broker nack a publish to a full queue.
        // A quorum queue refuses a publish only once its length exceeds the limit (it takes the
        // message that reaches limit + 1), where a classic queue refuses at the limit: one less
        // makes the capacity exact for both.
        int maxLength = type == QueueType.QUORUM && overflow != OverflowPolicy.DROP_OLDEST ? capacity - 1 : capacity;
        QueueBuilder messages = QueueBuilder.durable(names.messages())
                .maxLength(maxLength)
                .withArgument("x-overflow", overflow == OverflowPolicy.DROP_OLDEST ? "drop-head" : "reject-publish")
                .deadLetterExchange("")
                .deadLetterRoutingKey(names.undelivered())
                .withArgument("x-queue-type", type.argument());
        declare(messages.build(), "capacity " + capacity + ", overflow " + overflow + ", queue type " + type);
        declare(QueueBuilder.durable(names.undelivered()).withArgument("x-queue-type", type.argument()).build(),
                "queue type " + type);
        // The presence and marker queues hold at most one message and are read by their counts only.
        declare(QueueBuilder.durable(names.senders()).build(), "a plain durable queue");
        declare(QueueBuilder.durable(names.receivers()).build(), "a plain durable queue");
        declare(QueueBuilder.durable(names.closedForSending()).maxLength(1).build(), "max length 1");
        declare(QueueBuilder.durable(names.closedForReceiving()).maxLength(1).build(), "max length 1");
    }

    private void declare(Queue queue, String wanted) {
        try {
            admin.declareQueue(queue);
        } catch (AmqpException refused) {
            String detail = rootMessage(refused);
            if (detail != null && detail.contains("PRECONDITION_FAILED")) {
                throw new RabbitChannelException("broker channel '" + channelName + "': queue '" + queue.getName()
                        + "' already exists with other settings than this channel's (" + wanted + "); the broker"
                        + " said: " + detail + ". Declare the channel with the queue's settings, or delete the queue"
                        + " (rabbitmqctl delete_queue " + queue.getName() + ") when it holds nothing you need", refused);
            }
            throw new RabbitChannelException("broker channel '" + channelName + "': could not declare queue '"
                    + queue.getName() + "' on " + address + ": " + (detail == null ? refused.toString() : detail)
                    + ". Check that the"
                    + " broker is running and that its address and credentials are right", refused);
        }
    }

    /** {@return what the broker says of a queue now, or {@code null} if it does not exist} */
    QueueInformation info(String queue) {
        return admin.getQueueInfo(queue);
    }

    /** {@return whether a marker queue holds its message} */
    boolean isMarked(String marker) {
        QueueInformation info = info(marker);
        return info != null && info.getMessageCount() > 0;
    }

    /**
     * Sets a marker: a persistent message in its one-message queue, confirmed, so that the mark
     * survives a broker restart and every JVM that opens the channel later sees it.
     */
    void mark(String marker) throws InterruptedException {
        Message mark = MessageBuilder.withBody(new byte[0]).setDeliveryMode(MessageDeliveryMode.PERSISTENT).build();
        if (publisher.publish(marker, mark) == Publisher.Outcome.UNREACHABLE) {
            throw new RabbitChannelException("broker channel '" + channelName + "': could not record that a side"
                    + " closed (queue '" + marker + "'): the broker is unreachable", null);
        }
    }

    /** Clears both markers: the channel starts over. */
    void clearMarks() {
        admin.purgeQueue(names.closedForSending(), false);
        admin.purgeQueue(names.closedForReceiving(), false);
    }

    private static String rootMessage(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return message;
    }
}
