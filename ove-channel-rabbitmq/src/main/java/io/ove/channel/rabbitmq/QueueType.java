package io.ove.channel.rabbitmq;

/**
 * The kind of RabbitMQ queue that stores a broker channel's messages.
 */
public enum QueueType {

    /** A classic queue on one node: the lowest latency; its messages are lost with that node's disk. */
    CLASSIC("classic"),

    /**
     * A quorum queue, replicated over a majority of the cluster's nodes (Raft): survives the loss of
     * a minority of nodes, at the price of latency. Supports both overflow policies a channel uses.
     */
    QUORUM("quorum");

    private final String argument;

    QueueType(String argument) {
        this.argument = argument;
    }

    /** {@return the value of the queue's {@code x-queue-type} argument} */
    String argument() {
        return argument;
    }
}
