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

    @Override
    public final Producer producer() {
        Sender<Integer> own = sender.clone();
        return new Producer() {
            @Override
            public void put(Integer message) throws InterruptedException {
                send(own, message);
            }

            @Override
            public void finish() {
                own.close();
            }
        };
    }

    @Override
    public final Consumer consumer() {
        Receiver<Integer> own = receiver.clone();
        return () -> receive(own);
    }

    /**
     * Sends one message the way this pipe measures: the untimed blocking {@link Sender#send}.
     *
     * @param own     the producer thread's own sender
     * @param message the message
     * @throws InterruptedException if interrupted while waiting
     */
    void send(Sender<Integer> own, Integer message) throws InterruptedException {
        own.send(message);
    }

    /**
     * Receives one message the way this pipe measures: the untimed blocking {@link Receiver#recv},
     * until the channel reports itself closed and drained.
     *
     * @param own the consumer thread's own receiver, closed here once the stream has ended
     * @return the message, or {@code null} at the end of the stream
     * @throws InterruptedException if interrupted while waiting
     */
    Integer receive(Receiver<Integer> own) throws InterruptedException {
        try {
            return own.recv();
        } catch (ChannelClosedException drained) {
            own.close();
            return null;
        }
    }

    @Override
    public final void sealed() {
        // From here only the threads' clones count: the last producer's close ends the stream.
        sender.close();
        receiver.close();
    }
}
