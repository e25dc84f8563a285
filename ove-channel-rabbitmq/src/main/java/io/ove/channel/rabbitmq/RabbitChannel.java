package io.ove.channel.rabbitmq;

import java.time.Duration;
import java.util.Objects;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import io.ove.channel.Channel;
import io.ove.channel.ChannelStats;
import io.ove.channel.ChannelStorage;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;

/**
 * A channel whose messages live in a RabbitMQ queue, shared by every JVM that opens the same queue:
 * the core's {@link Sender} and {@link Receiver}, with the same rules as in one JVM (see
 * {@code docs/broker.md} for each rule's broker form).
 *
 * <pre>{@code
 * RabbitChannel<String> orders = RabbitChannel.builder(connectionFactory, "orders").capacity(1000).open();
 * Sender<String> sender = orders.sender();   // in one JVM
 * Receiver<String> receiver = orders.receiver(); // in another
 * }</pre>
 *
 * <p>This object owns one connection to the broker; {@link #close()} gives up this JVM's handles
 * that are still open, with the closing rules, and closes the connection.
 *
 * @param <T> the message type
 */
public final class RabbitChannel<T> implements AutoCloseable {

    private final RabbitStorage<T> storage;
    private final CachingConnectionFactory connections;
    private final ApplicationContext owner;

    RabbitChannel(RabbitStorage<T> storage, CachingConnectionFactory connections, ApplicationContext owner) {
        this.storage = storage;
        this.connections = connections;
        this.owner = owner;
    }

    /**
     * Starts the settings of a broker channel.
     *
     * @param client the RabbitMQ client's connection factory (address, credentials, TLS); Spring
     *               Boot's is {@code CachingConnectionFactory.getRabbitConnectionFactory()}
     * @param queue  the queue's name, the same in every JVM that shares the channel
     * @return the builder
     */
    public static RabbitChannelBuilder builder(com.rabbitmq.client.ConnectionFactory client, String queue) {
        return new RabbitChannelBuilder(client, queue);
    }

    /** {@return a new sender handle of this JVM} */
    public Sender<T> sender() {
        return storage.openSender();
    }

    /** {@return a new receiver handle of this JVM; the first one starts consuming} */
    public Receiver<T> receiver() {
        return storage.openReceiver();
    }

    /** {@return a sender and a receiver of this JVM, as one in-process channel gives them} */
    public Channel<T> asChannel() {
        return storage.openChannel();
    }

    /** {@return the storage, for introspection and closing a side for every JVM} */
    public ChannelStorage<T> storage() {
        return storage;
    }

    /**
     * Takes the next message without acknowledging it: the caller acknowledges once it processed
     * it, so a crash in between leaves the message to the broker. Needs an open receiver in this JVM.
     *
     * @param timeout how long to wait for a message
     * @return the delivery, or {@code null} if none came in time
     * @throws io.ove.channel.ChannelClosedException when the channel is closed and drained
     * @throws InterruptedException                  if interrupted while waiting
     */
    public RabbitDelivery<T> receiveDelivery(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return storage.receiveDelivery(timeout.toNanos());
    }

    /** {@return the channel's figures; see {@link RabbitStorage#stats()} for who counts what} */
    public ChannelStats stats() {
        return storage.stats();
    }

    /** {@return how many messages drop-oldest evicted into the {@code .undelivered} queue, from the broker} */
    public long evicted() {
        return storage.evicted();
    }

    /** {@return sends of this JVM refused ({@code FULL}) because the broker could not be reached} */
    public long unreachableRefusals() {
        return storage.unreachableRefusals();
    }

    /** {@return the name of the queue that holds the messages} */
    public String queue() {
        return storage.queueNames().messages();
    }

    /** {@return the name of the queue that keeps evicted messages} */
    public String undeliveredQueue() {
        return storage.queueNames().undelivered();
    }

    /** Reads the broker's markers and counts now instead of at the next operation's due look. */
    public void refresh() {
        storage.lookNow();
    }

    @Override
    public void close() {
        storage.detach();
        shutDown(connections, owner);
    }

    /**
     * Closes the connection and stops the factory's threads. Told only {@code destroy()}, Spring
     * AMQP's factory keeps a non-daemon thread pool alive for a minute, which holds up the JVM's
     * exit; telling it first that its context closed makes it stop them.
     */
    static void shutDown(CachingConnectionFactory connections, ApplicationContext owner) {
        connections.onApplicationEvent(new ContextClosedEvent(owner));
        connections.destroy();
    }

    @Override
    public String toString() {
        return "RabbitChannel[" + storage.name() + ", queue " + queue() + "]";
    }
}
