package io.ove.channel.rabbitmq;

/**
 * The broker objects of one channel, all named after its queue so that an operator sees them
 * together: the message queue itself, the queue that keeps evicted messages, two presence queues
 * whose consumers are the JVMs holding senders and receivers, and two one-message marker queues
 * that make a closed side sticky.
 *
 * @param messages           the queue that holds the channel's messages
 * @param undelivered        where drop-oldest evictions are dead-lettered
 * @param senders            a presence queue: one consumer per JVM holding a sender
 * @param receivers          a presence queue: one consumer per JVM holding a receiver
 * @param closedForSending   holds one message once the sending side is closed
 * @param closedForReceiving holds one message once the receiving side is closed
 */
record QueueNames(String messages, String undelivered, String senders, String receivers, String closedForSending,
        String closedForReceiving) {

    static QueueNames of(String queue) {
        return new QueueNames(queue, queue + ".undelivered", queue + ".senders", queue + ".receivers", queue + ".closed-for-sending",
                queue + ".closed-for-receiving");
    }
}
