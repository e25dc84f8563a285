package io.ove.channel.benchmarks;

import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Spring Integration's {@code QueueChannel} used as its users do: each payload wrapped in a
 * message, untimed {@code send} and {@code receive} (which park on the queue's lock conditions).
 */
final class QueueChannelPipe extends SentinelPipe {

    private final QueueChannel channel;

    /**
     * @param capacity  the channel's capacity
     * @param producers how many producers finish
     * @param consumers how many consumers take
     */
    QueueChannelPipe(int capacity, int producers, int consumers) {
        super(producers, consumers);
        channel = new QueueChannel(capacity);
        channel.setBeanName("bench");
    }

    @Override
    void putBlocking(Integer message) {
        if (!channel.send(new GenericMessage<>(message))) {
            throw new IllegalStateException("QueueChannel refused a message");
        }
    }

    @Override
    Integer takeBlocking() {
        Message<?> message = channel.receive();
        if (message == null) {
            throw new IllegalStateException("QueueChannel returned no message from an untimed receive");
        }
        return (Integer) message.getPayload();
    }
}
