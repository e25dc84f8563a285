package io.ove.channel.benchmarks;

import com.rabbitmq.client.ConnectionFactory;

/**
 * One bounded RabbitMQ queue reached through one API, so that the broker benchmarks run the same
 * workload through ove-channel's broker channel and through Spring AMQP's own classes. Whatever the
 * API, a send returns only after the broker's publisher confirm, and a message is acknowledged
 * only after whoever took it is done with it.
 *
 * <p>Every implementation opens its own connection to the broker, used by its sends and its
 * consumer alike, and declares the queue the same way: durable, classic, {@code x-max-length} of
 * the capacity, {@code x-overflow: reject-publish}.
 */
interface BrokerQueue extends AutoCloseable {

    /** ove-channel: {@code RabbitChannel}'s {@code Sender}, {@code receiveDelivery} and {@code Receiver}. */
    String OVE = "ove";
    /** Spring AMQP with {@code SimpleMessageListenerContainer}, what Boot gives {@code @RabbitListener} by default. */
    String SPRING_SIMPLE = "spring-amqp";
    /** Spring AMQP with {@code DirectMessageListenerContainer} ({@code spring.rabbitmq.listener.type=direct}). */
    String SPRING_DIRECT = "spring-amqp-direct";

    /** What a listener does with each message; the message is acknowledged after it returns. */
    @FunctionalInterface
    interface Handler {
        /**
         * Handles one message.
         *
         * @param message the message, decoded
         * @throws Exception if it failed; the benchmark then fails
         */
        void handle(String message) throws Exception;
    }

    /**
     * Opens a queue through one API.
     *
     * @param implementation {@link #OVE}, {@link #SPRING_SIMPLE} or {@link #SPRING_DIRECT}
     * @param client         where the broker is
     * @param queue          the queue's name, new for each benchmark fork
     * @param capacity       the queue's {@code x-max-length}
     * @param prefetch       unacknowledged deliveries the broker sends ahead to the consumer
     * @return the open queue
     */
    static BrokerQueue open(String implementation, ConnectionFactory client, String queue, int capacity, int prefetch) {
        return switch (implementation) {
            case OVE -> new OveBrokerQueue(client, queue, capacity, prefetch);
            case SPRING_SIMPLE -> new SpringAmqpBrokerQueue(client, queue, capacity, prefetch, false);
            case SPRING_DIRECT -> new SpringAmqpBrokerQueue(client, queue, capacity, prefetch, true);
            default -> throw new IllegalArgumentException("unknown broker implementation '" + implementation
                    + "'; use " + OVE + ", " + SPRING_SIMPLE + " or " + SPRING_DIRECT);
        };
    }

    /**
     * Publishes one message and waits for the broker's confirm.
     *
     * @param message the message
     * @throws Exception if the broker refused it or did not confirm it
     */
    void send(String message) throws Exception;

    /**
     * Starts consuming the way this API's users consume with a listener: {@code handler} runs for
     * each message, which is acknowledged after it returns. At most once per queue, and not together
     * with {@link #take()}.
     *
     * @param handler what to do with each message
     */
    void listen(Handler handler);

    /**
     * Takes the next message on the calling thread, acknowledged, waiting as long as it takes.
     * The first call starts consuming.
     *
     * @return the message
     * @throws Exception if interrupted or the consumer failed
     */
    String take() throws Exception;

    /**
     * {@return the first failure of a listener's handler, or {@code null}}
     */
    Throwable failure();

    /** Stops consuming, deletes the queue and closes the connection. */
    @Override
    void close();
}
