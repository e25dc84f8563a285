package io.ove.channel.spring.definitions;

import io.ove.channel.Channel;
import io.ove.channel.ChannelBuilder;
import io.ove.channel.UndeliveredReason;
import io.ove.channel.spring.UndeliveredMessageHandler;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Every channel declared in {@code ove.channel.channels}, created once from its
 * {@link ChannelDefinition}. The channel, sender and receiver beans, the lifecycle manager, the
 * meters, the endpoint and the health contributor all read the channels from here.
 */
public class DeclaredChannels implements AutoCloseable {

    private static final Log LOG = LogFactory.getLog(DeclaredChannels.class);

    private final ChannelDefinitions definitions;
    /** Filled in the constructor and never changed: the final field publishes it to every thread. */
    private final Map<String, Channel<Object>> channels = new LinkedHashMap<>();

    /**
     * Creates every declared channel.
     *
     * @param definitions the validated declarations
     * @param handler     supplies the user's undelivered-message handler, or {@code null}
     */
    public DeclaredChannels(ChannelDefinitions definitions, Supplier<UndeliveredMessageHandler> handler) {
        this.definitions = definitions;
        for (ChannelDefinition definition : definitions.channels()) {
            String name = definition.name();
            ChannelBuilder<Object> builder = Channel.builder(definition.capacity())
                    .name(name)
                    .overflow(definition.overflow())
                    .onUndelivered((message, reason) -> undelivered(name, message, reason, handler));
            if (definition.sendTimeout() != null) {
                builder.sendTimeout(definition.sendTimeout());
            }
            channels.put(name, builder.build());
        }
    }

    /**
     * Finds a declared channel.
     *
     * @param name a declared channel's name
     * @return the channel
     * @throws IllegalArgumentException if no channel of that name is declared
     */
    public Channel<Object> channel(String name) {
        Channel<Object> channel = channels.get(name);
        if (channel == null) {
            throw new IllegalArgumentException("no channel named '" + name + "' is declared; declared: "
                    + definitions.names());
        }
        return channel;
    }

    /** {@return every channel by name, in declaration order} */
    public Map<String, Channel<Object>> channels() {
        return Collections.unmodifiableMap(channels);
    }

    /** {@return the validated declarations} */
    public ChannelDefinitions definitions() {
        return definitions;
    }

    /** {@return the declarations, in declaration order} */
    public Collection<ChannelDefinition> all() {
        return definitions.channels();
    }

    private static void undelivered(String channel, Object message, UndeliveredReason reason,
            Supplier<UndeliveredMessageHandler> handler) {
        UndeliveredMessageHandler target = handler.get();
        if (target != null) {
            target.onUndelivered(channel, message, reason);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("channel '" + channel + "': a message was not delivered (" + reason + ")");
        }
    }

    /**
     * Closes every channel for good and releases its first handles. Runs when the context is
     * destroyed, after the lifecycle manager has drained the channels, and also when a start fails
     * half-way, so no channel is left open.
     */
    @Override
    public void close() {
        for (Channel<Object> channel : channels.values()) {
            channel.closeSending();
            channel.closeReceiving();
            channel.sender().close();
            channel.receiver().close();
        }
    }
}
