package io.ove.channel.benchmarks;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import java.util.concurrent.TimeUnit;

/** ove-channel through its allocation-free timed send and receive. */
class OvePipe implements Pipe {

    private final Sender<Integer> sender;
    private final Receiver<Integer> receiver;

    OvePipe(int capacity) {
        this(Channel.<Integer>builder(capacity).name("bench").build());
    }

    OvePipe(Channel<Integer> channel) {
        this.sender = channel.sender();
        this.receiver = channel.receiver();
    }

    @Override
    public boolean put(Integer message, long timeoutNanos) throws InterruptedException {
        return sender.send(message, timeoutNanos, TimeUnit.NANOSECONDS) == SendResult.SENT;
    }

    @Override
    public Integer take(long timeoutNanos) throws InterruptedException {
        return receiver.recv(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
