package io.ove.channel.spring.definitions;

import io.ove.channel.OverflowPolicy;
import java.time.Duration;
import java.util.List;

/**
 * One channel as declared in {@code ove.channel.channels}, after validation.
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
        SharedMemorySettings sharedMemory) {

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

    /** {@return whether the channel's ring is shared with other processes through a file} */
    public boolean isShared() {
        return sharedMemory != null;
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

    /** {@return the bean name of the channel's {@code Sender}} */
    public String senderBeanName() {
        return name + "Sender";
    }

    /** {@return the bean name of the channel's {@code Receiver}} */
    public String receiverBeanName() {
        return name + "Receiver";
    }
}
