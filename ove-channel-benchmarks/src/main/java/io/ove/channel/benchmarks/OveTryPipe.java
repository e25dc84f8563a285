package io.ove.channel.benchmarks;

import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import org.agrona.concurrent.IdleStrategy;

/**
 * ove-channel through its non-blocking {@link Sender#trySend} and {@link Receiver#tryRecv}, retried
 * with the same back-off as the JCTools and Agrona pipes ({@link Backoff}), so that comparison
 * differs only in the queue. The stream ends as in {@link OvePipe}: the last sender closes.
 */
final class OveTryPipe extends OvePipe {

    /** @param capacity the channel's capacity, at least 1 */
    OveTryPipe(int capacity) {
        super(capacity);
    }

    @Override
    void send(Sender<Integer> own, Integer message) {
        if (own.trySend(message) == SendResult.SENT) {
            return;
        }
        IdleStrategy idle = Backoff.reset(BackoffQueuePipe.IDLE.get());
        SendResult result;
        while ((result = own.trySend(message)) == SendResult.FULL) {
            idle.idle();
        }
        if (result != SendResult.SENT) {
            throw new IllegalStateException("send refused: " + result);
        }
    }

    @Override
    Integer receive(Receiver<Integer> own) {
        Integer message = own.tryRecv();
        if (message != null) {
            return message;
        }
        IdleStrategy idle = Backoff.reset(BackoffQueuePipe.IDLE.get());
        while ((message = own.tryRecv()) == null) {
            if (own.isExhausted()) {
                own.close();
                return null;
            }
            idle.idle();
        }
        return message;
    }
}
