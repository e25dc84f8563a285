package io.ove.channel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/** Spring Integration's {@code QueueChannel}, used as its users do: each payload in a message. */
class QueueChannelPipe implements Pipe {

    private final QueueChannel channel;

    QueueChannelPipe(int capacity) {
        channel = new QueueChannel(capacity);
        channel.setBeanName("bench");
    }

    @Override
    public boolean put(Integer message, long timeoutNanos) {
        return channel.send(new GenericMessage<>(message), millis(timeoutNanos));
    }

    @Override
    public Integer take(long timeoutNanos) {
        Message<?> message = channel.receive(millis(timeoutNanos));
        return message == null ? null : (Integer) message.getPayload();
    }

    private static long millis(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
    }
}
