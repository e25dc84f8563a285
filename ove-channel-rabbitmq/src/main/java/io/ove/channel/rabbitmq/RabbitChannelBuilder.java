package io.ove.channel.rabbitmq;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ParameterizedTypeReference;

import io.ove.channel.OverflowPolicy;

/**
 * Settings of a broker channel, then {@link #open()}. Every JVM that opens the same queue must use
 * the same capacity, overflow and queue type: the broker refuses a mismatch, and {@code open()}
 * says which setting differs.
 */
public final class RabbitChannelBuilder {

    final com.rabbitmq.client.ConnectionFactory client;
    final String queue;
    String name;
    int capacity = 1024;
    OverflowPolicy overflow = OverflowPolicy.BLOCK;
    QueueType queueType = QueueType.CLASSIC;
    Duration sendTimeout;
    Duration confirmTimeout = Duration.ofSeconds(10);
    int prefetch = 16;
    MessageConverter converter = new SimpleMessageConverter();
    Type payloadType;

    RabbitChannelBuilder(com.rabbitmq.client.ConnectionFactory client, String queue) {
        this.client = Objects.requireNonNull(client, "client connection factory");
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("a broker channel needs a queue name");
        }
        this.queue = queue;
        this.name = queue;
    }

    /**
     * @param name the channel's name in logs, errors and metrics (default: the queue's name)
     * @return this builder
     */
    public RabbitChannelBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * @param capacity the queue's {@code x-max-length}, at least 1
     * @return this builder
     */
    public RabbitChannelBuilder capacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity of broker channel '" + name + "' must be at least 1, was "
                    + capacity);
        }
        this.capacity = capacity;
        return this;
    }

    /**
     * @param overflow what a send to a full queue does (block and drop-newest: {@code reject-publish};
     *                 drop-oldest: {@code drop-head})
     * @return this builder
     */
    public RabbitChannelBuilder overflow(OverflowPolicy overflow) {
        this.overflow = Objects.requireNonNull(overflow, "overflow");
        return this;
    }

    /**
     * @param queueType classic (default) or quorum
     * @return this builder
     */
    public RabbitChannelBuilder queueType(QueueType queueType) {
        this.queueType = Objects.requireNonNull(queueType, "queueType");
        return this;
    }

    /**
     * @param timeout how long a blocking send waits for room by default, or {@code null} for ever
     * @return this builder
     */
    public RabbitChannelBuilder sendTimeout(Duration timeout) {
        this.sendTimeout = timeout;
        return this;
    }

    /**
     * @param timeout how long a send waits for the broker's publisher confirm (default 10 s); past
     *                it the send throws, since the message may or may not be in the queue
     * @return this builder
     */
    public RabbitChannelBuilder confirmTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("confirm timeout of broker channel '" + name + "' must be positive");
        }
        this.confirmTimeout = timeout;
        return this;
    }

    /**
     * @param prefetch how many unacknowledged messages the broker sends this JVM ahead (default 16);
     *                 lower spreads messages more evenly over JVMs, higher is faster
     * @return this builder
     */
    public RabbitChannelBuilder prefetch(int prefetch) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch of broker channel '" + name + "' must be at least 1");
        }
        this.prefetch = prefetch;
        return this;
    }

    /**
     * @param converter   how messages become AMQP bodies and back (default: Spring AMQP's
     *                    {@link SimpleMessageConverter}: strings and byte arrays)
     * @param payloadType the type to decode into, for a converter that needs one (JSON), or
     *                    {@code null}
     * @return this builder
     */
    public RabbitChannelBuilder converter(MessageConverter converter, Type payloadType) {
        this.converter = Objects.requireNonNull(converter, "converter");
        this.payloadType = payloadType;
        return this;
    }

    /**
     * Connects, declares the channel's queues (or checks that they match) and returns the channel.
     *
     * @param <T> the message type
     * @return the channel; close it to give up this JVM's handles and connection
     * @throws RabbitChannelException if the broker cannot be reached or refuses the declaration
     */
    public <T> RabbitChannel<T> open() {
        CachingConnectionFactory connections = new CachingConnectionFactory(client);
        // Correlated confirms: each publish learns whether the queue took it; returns: a publish
        // routed nowhere is reported instead of silently dropped.
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        connections.setConnectionNameStrategy(factory -> "ove-channel " + name);
        // The factory shuts its thread pools down on destroy() only once "its" application context
        // has closed; the channel owns the factory, so it gives it a context of its own to close.
        GenericApplicationContext owner = new GenericApplicationContext();
        connections.setApplicationContext(owner);
        try {
            Object hint = payloadType == null ? null : ParameterizedTypeReference.forType(payloadType);
            return new RabbitChannel<>(new RabbitStorage<>(this, connections, converter, hint), connections, owner);
        } catch (RuntimeException failed) {
            RabbitChannel.shutDown(connections, owner);
            if (failed instanceof RabbitChannelException) {
                throw failed;
            }
            throw new RabbitChannelException("broker channel '" + name + "': could not open queue '" + queue + "' on "
                    + client.getHost() + ":" + client.getPort() + ": " + failed.getMessage() + ". Check that the"
                    + " broker runs and that its address and credentials are right", failed);
        }
    }
}
