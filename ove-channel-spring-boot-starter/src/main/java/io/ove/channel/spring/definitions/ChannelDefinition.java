package io.ove.channel.spring.definitions;

import io.ove.channel.OverflowPolicy;
import java.time.Duration;
import java.util.List;

/**
 * One channel as declared in {@code ove.channel.channels}, after validation; or a channel
 * declared in Java, as a bean of this type, for channels whose settings are computed or that
 * come with a library:
 *
 * <pre>{@code
 * @Bean
 * static ChannelDefinition ordersChannel() {
 *     return ChannelDefinition.of("orders", 64 * Runtime.getRuntime().availableProcessors())
 *             .withType(Order.class)
 *             .withDeadLetter("failed-orders");
 * }
 * }</pre>
 *
 * <p>Declare such beans with {@code static} methods: the starter reads them before any other
 * bean exists, and checks them like the properties.
 *
 * @param name           the channel's name, also its bean name
 * @param capacity       most messages it holds
 * @param type           message class, or {@code null} when not declared
 * @param overflow       what a full channel does with a new message
 * @param sendTimeout    bound of a blocking send, or {@code null} for none
 * @param deadLetter     name of the channel receiving failed messages, or {@code null}
 * @param metricsEnabled whether meters are published for it
 * @param downstream     channels its listeners send to that the starter cannot see from injection;
 *                       they close after this one at shutdown
 * @param sharedMemory   where its ring lives when shared with other processes, or {@code null} for
 *                       an in-process channel
 * @param broker         the broker queue that holds its messages when its backend is rabbitmq, or
 *                       {@code null}
 * @param observationEnabled whether its listeners run inside an observation that continues the
 *                       sender's, or {@code null} for {@code ove.channel.observation-enabled}; never
 *                       {@code null} once validated
 */
public record ChannelDefinition(
        String name,
        int capacity,
        Class<?> type,
        OverflowPolicy overflow,
        Duration sendTimeout,
        String deadLetter,
        boolean metricsEnabled,
        List<String> downstream,
        SharedMemorySettings sharedMemory,
        BrokerSettings broker,
        Boolean observationEnabled) {

    /**
     * A definition that leaves observation to the global default.
     *
     * @param name           the channel's name, also its bean name
     * @param capacity       most messages it holds
     * @param type           message class, or {@code null} when not declared
     * @param overflow       what a full channel does with a new message
     * @param sendTimeout    bound of a blocking send, or {@code null} for none
     * @param deadLetter     name of the channel receiving failed messages, or {@code null}
     * @param metricsEnabled whether meters are published for it
     * @param downstream     channels shut down after this one
     * @param sharedMemory   its file's settings, or {@code null}
     * @param broker         its broker queue's settings, or {@code null}
     */
    public ChannelDefinition(String name, int capacity, Class<?> type, OverflowPolicy overflow, Duration sendTimeout,
            String deadLetter, boolean metricsEnabled, List<String> downstream, SharedMemorySettings sharedMemory,
            BrokerSettings broker) {
        this(name, capacity, type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                null);
    }

    /**
     * A definition that is in-process or shared through a file.
     *
     * @param name           the channel's name, also its bean name
     * @param capacity       most messages it holds
     * @param type           message class, or {@code null} when not declared
     * @param overflow       what a full channel does with a new message
     * @param sendTimeout    bound of a blocking send, or {@code null} for none
     * @param deadLetter     name of the channel receiving failed messages, or {@code null}
     * @param metricsEnabled whether meters are published for it
     * @param downstream     channels shut down after this one
     * @param sharedMemory   its file's settings, or {@code null} for an in-process channel
     */
    public ChannelDefinition(String name, int capacity, Class<?> type, OverflowPolicy overflow, Duration sendTimeout,
            String deadLetter, boolean metricsEnabled, List<String> downstream, SharedMemorySettings sharedMemory) {
        this(name, capacity, type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, null);
    }

    /**
     * An in-process definition.
     *
     * @param name           the channel's name, also its bean name
     * @param capacity       most messages it holds
     * @param type           message class, or {@code null} when not declared
     * @param overflow       what a full channel does with a new message
     * @param sendTimeout    bound of a blocking send, or {@code null} for none
     * @param deadLetter     name of the channel receiving failed messages, or {@code null}
     * @param metricsEnabled whether meters are published for it
     * @param downstream     channels shut down after this one
     */
    public ChannelDefinition(String name, int capacity, Class<?> type, OverflowPolicy overflow, Duration sendTimeout,
            String deadLetter, boolean metricsEnabled, List<String> downstream) {
        this(name, capacity, type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, null);
    }

    /**
     * {@return whether other processes hold the channel too (through a file or a broker queue)}: this
     * application then gives up only its own handles and never closes a side for everyone
     */
    public boolean isShared() {
        return sharedMemory != null || broker != null;
    }

    /** {@return whether the channel's messages live in a broker queue} */
    public boolean isBroker() {
        return broker != null;
    }

    /** {@return whether its listeners are observed (a {@code null} setting, not yet resolved, reads as no)} */
    public boolean isObserved() {
        return Boolean.TRUE.equals(observationEnabled);
    }

    /**
     * A definition without declared downstream channels.
     *
     * @param name           the channel's name, also its bean name
     * @param capacity       most messages it holds
     * @param type           message class, or {@code null} when not declared
     * @param overflow       what a full channel does with a new message
     * @param sendTimeout    bound of a blocking send, or {@code null} for none
     * @param deadLetter     name of the channel receiving failed messages, or {@code null}
     * @param metricsEnabled whether meters are published for it
     */
    public ChannelDefinition(String name, int capacity, Class<?> type, OverflowPolicy overflow, Duration sendTimeout,
            String deadLetter, boolean metricsEnabled) {
        this(name, capacity, type, overflow, sendTimeout, deadLetter, metricsEnabled, List.of());
    }

    /**
     * Starts a declaration in Java: a channel that blocks when full, without a type, send
     * timeout, dead-letter or downstream channel, and with meters.
     *
     * @param name     the channel's name, also its bean name
     * @param capacity most messages it holds; 0 for a rendezvous channel
     * @return the definition
     */
    public static ChannelDefinition of(String name, int capacity) {
        return new ChannelDefinition(name, capacity, null, OverflowPolicy.BLOCK, null, null, true, List.of());
    }

    /**
     * Copies this definition with another {@code type}.
     *
     * @param type the message class, so that {@code Sender<Type>} is injected by type
     * @return a copy of this definition with {@code type}
     */
    public ChannelDefinition withType(Class<?> type) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code overflow}.
     *
     * @param overflow what a full channel does with a new message
     * @return a copy of this definition with {@code overflow}
     */
    public ChannelDefinition withOverflow(OverflowPolicy overflow) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code sendTimeout}.
     *
     * @param sendTimeout bound of a blocking send, or {@code null} for none
     * @return a copy of this definition with {@code sendTimeout}
     */
    public ChannelDefinition withSendTimeout(Duration sendTimeout) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code deadLetter}.
     *
     * @param deadLetter the name of the channel receiving failed messages
     * @return a copy of this definition with {@code deadLetter}
     */
    public ChannelDefinition withDeadLetter(String deadLetter) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code metricsEnabled}.
     *
     * @param metricsEnabled whether meters are published for the channel
     * @return a copy of this definition with {@code metricsEnabled}
     */
    public ChannelDefinition withMetricsEnabled(boolean metricsEnabled) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code downstream}.
     *
     * @param downstream channels the listeners send to that the starter cannot see from injection
     * @return a copy of this definition with {@code downstream}
     */
    public ChannelDefinition withDownstream(String... downstream) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, List.of(downstream), sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code observationEnabled}.
     *
     * @param observationEnabled whether its listeners run inside an observation that continues the
     *                           sender's, or {@code null} for {@code ove.channel.observation-enabled}
     * @return a copy of this definition with {@code observationEnabled}
     */
    public ChannelDefinition withObservationEnabled(Boolean observationEnabled) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code sharedMemory}: the channel's ring then lives in that
     * file, shared with other processes (module {@code ove-channel-shm}), checked at start like
     * {@code ove.channel.channels.<name>.shared-memory}.
     *
     * @param sharedMemory the file's settings, or {@code null} for an in-process channel
     * @return a copy of this definition with {@code sharedMemory}
     */
    public ChannelDefinition withSharedMemory(SharedMemorySettings sharedMemory) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /**
     * Copies this definition with another {@code broker}: the channel's messages then live in that
     * RabbitMQ queue (module {@code ove-channel-rabbitmq}), checked at start like
     * {@code ove.channel.channels.<name>.rabbitmq} with {@code backend: rabbitmq}.
     *
     * @param broker the queue's settings, or {@code null} to keep the channel off the broker
     * @return a copy of this definition with {@code broker}
     */
    public ChannelDefinition withBroker(BrokerSettings broker) {
        return copy(type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream, sharedMemory, broker,
                observationEnabled);
    }

    /** Every {@code with} method goes through here, so that a copy never drops a component. */
    private ChannelDefinition copy(Class<?> type, OverflowPolicy overflow, Duration sendTimeout, String deadLetter,
            boolean metricsEnabled, List<String> downstream, SharedMemorySettings sharedMemory, BrokerSettings broker,
            Boolean observationEnabled) {
        return new ChannelDefinition(name, capacity, type, overflow, sendTimeout, deadLetter, metricsEnabled, downstream,
                sharedMemory, broker, observationEnabled);
    }

    /** {@return the bean name of the channel's {@code Sender}} */
    public String senderBeanName() {
        return name + "Sender";
    }

    /** {@return the bean name of the channel's {@code Receiver}} */
    public String receiverBeanName() {
        return name + "Receiver";
    }
}
