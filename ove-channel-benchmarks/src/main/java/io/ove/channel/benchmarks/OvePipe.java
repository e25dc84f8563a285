package io.ove.channel.benchmarks;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;

/**
 * ove-channel as its users call it: each producer thread owns a {@link Sender} clone and calls the
 * untimed {@link Sender#send}, each consumer owns a {@link Receiver} clone and calls the untimed
 * {@link Receiver#recv} until the channel reports it closed, which happens when the last producer
 * closes its sender.
 */
class OvePipe implements Pipe {

    private final Sender<Integer> sender;
    private final Receiver<Integer> receiver;

    /** @param capacity the channel's capacity; 0 makes a rendezvous channel */
    OvePipe(int capacity) {
        this(Channel.<Integer>builder(capacity).name("bench").build());
    }

    /** @param channel the channel to measure */
    OvePipe(Channel<Integer> channel) {
        this.sender = channel.sender();
        this.receiver = channel.receiver();
    }

    /** {@return a sender of its own for one producer thread} */
    final Sender<Integer> senderClone() {
        return sender.clone();
    }

    /** {@return a receiver of its own for one consumer thread} */
    final Receiver<Integer> receiverClone() {
        return receiver.clone();
    }

    @Override
    public Producer producer() {
        Sender<Integer> own = senderClone();
        return new Producer() {
            @Override
            public void put(Integer message) throws InterruptedException {
                own.send(message);
            }

            @Override
            public void finish() {
                own.close();
            }
        };
    }

    @Override
    public Consumer consumer() {
        Receiver<Integer> own = receiverClone();
        return () -> {
            try {
                return own.recv();
            } catch (ChannelClosedException drained) {
                own.close();
                return null;
            }
        };
    }

    @Override
    public final void sealed() {
        // From here only the threads' clones count: the last producer's close ends the stream.
        sender.close();
        receiver.close();
    }
}
