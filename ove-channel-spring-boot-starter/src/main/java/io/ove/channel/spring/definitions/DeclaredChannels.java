package io.ove.channel.spring.definitions;

import io.ove.channel.Channel;
import io.ove.channel.ChannelBuilder;
import io.ove.channel.Envelope;
import io.ove.channel.UndeliveredReason;
import io.ove.channel.spring.UndeliveredMessageHandler;
import io.ove.channel.spring.listener.DeliverySource;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanFactory;
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
    /** The channels shared with other processes (through a file or a broker queue), by name; filled in the constructor too. */
    private final Map<String, SharedChannel> shared = new LinkedHashMap<>();
    /** The broker channels' listener sources, by name; filled in the constructor too. */
    private final Map<String, DeliverySource> deliveries = new LinkedHashMap<>();

    /**
     * Creates every declared in-process channel; a shared-memory declaration needs the other
     * constructor.
     *
     * @param definitions the validated declarations
     * @param handler     supplies the user's undelivered-message handler, or {@code null}
     */
    public DeclaredChannels(ChannelDefinitions definitions, Supplier<UndeliveredMessageHandler> handler) {
        this(definitions, handler, null);
    }

    /**
     * Creates every declared channel, opening the shared-memory ones' files.
     *
     * @param definitions the validated declarations
     * @param handler     supplies the user's undelivered-message handler, or {@code null}
     * @param beans       where shared-memory channels find their codec beans and the application's
     *                    {@code JsonMapper}; {@code null} when no channel is shared
     */
    public DeclaredChannels(ChannelDefinitions definitions, Supplier<UndeliveredMessageHandler> handler,
            BeanFactory beans) {
        this(definitions, handler, beans, definition -> null);
    }

    /**
     * Creates every declared channel, observed ones with the envelope that carries the sender's
     * context to their listeners.
     *
     * @param definitions the validated declarations
     * @param handler     supplies the user's undelivered-message handler, or {@code null}
     * @param beans       where shared-memory channels find their codec beans and the application's
     *                    {@code JsonMapper}; {@code null} when no channel is shared
     * @param envelopes   the envelope of each in-process channel, or {@code null} for one that
     *                    carries nothing but its messages (it is then a plain channel)
     */
    public DeclaredChannels(ChannelDefinitions definitions, Supplier<UndeliveredMessageHandler> handler,
            BeanFactory beans, Function<ChannelDefinition, Envelope<Object>> envelopes) {
        this.definitions = definitions;
        try {
            for (ChannelDefinition definition : definitions.channels()) {
                create(definition, handler, beans, envelopes);
            }
        } catch (RuntimeException e) {
            close(); // a file that failed to open must not leave the others attached
            throw e;
        }
    }

    private void create(ChannelDefinition definition, Supplier<UndeliveredMessageHandler> handler, BeanFactory beans,
            Function<ChannelDefinition, Envelope<Object>> envelopes) {
        String name = definition.name();
        if (definition.isShared() && beans == null) {
            throw new IllegalStateException("channel '" + name + "' is shared with other processes, which needs the"
                    + " bean factory: use the constructor that takes one");
        }
        if (definition.isBroker()) {
            BrokerChannels.OpenChannel opened = BrokerChannels.open(definition, beans);
            shared.put(name, new SharedChannel(opened.channel(), opened.detach()));
            deliveries.put(name, opened.deliveries());
            channels.put(name, opened.channel());
            return;
        }
        if (definition.isShared()) {
            SharedChannel channel = SharedMemoryChannels.open(definition, beans,
                    (message, reason) -> undelivered(name, message, reason, handler));
            shared.put(name, channel);
            channels.put(name, channel.channel());
            return;
        }
        ChannelBuilder<Object> builder = Channel.builder(definition.capacity())
                .name(name)
                .overflow(definition.overflow())
                .onUndelivered((message, reason) -> undelivered(name, message, reason, handler));
        if (definition.sendTimeout() != null) {
            builder.sendTimeout(definition.sendTimeout());
        }
        Envelope<Object> envelope = envelopes.apply(definition);
        if (envelope != null) {
            builder.envelope(envelope);
        }
        channels.put(name, builder.build());
    }

    /**
     * Tells whether a declared channel is shared with other processes through a file: closing it as
     * a whole would close it for them too, so this application only gives up its own handles.
     *
     * @param name a declared channel's name
     * @return whether it is a shared-memory channel
     */
    public boolean isShared(String name) {
        return shared.containsKey(name);
    }

    /**
     * Ends this application's sending on a channel: closes the sending side of an in-process
     * channel; gives up only this application's sender of a shared one (the side closes if it was
     * the last sender in any process).
     *
     * @param name a declared channel's name
     */
    public void closeSendingHere(String name) {
        Channel<Object> channel = channel(name);
        if (isShared(name)) {
            channel.sender().close();
        } else {
            channel.closeSending();
        }
    }

    /**
     * Ends this application's receiving on a channel: closes the receiving side of an in-process
     * channel, reporting what is buffered as undelivered; gives up only this application's receiver
     * of a shared one (the last receiver in any process closes the side and reports the buffer).
     *
     * @param name a declared channel's name
     */
    public void closeReceivingHere(String name) {
        Channel<Object> channel = channel(name);
        if (isShared(name)) {
            channel.receiver().close();
        } else {
            channel.closeReceiving();
        }
    }

    /**
     * {@return where a channel's listeners take messages they acknowledge after processing, or
     * {@code null} when they receive through the channel's receiver (every channel but a broker one)}
     *
     * @param name a declared channel's name
     */
    public DeliverySource deliveries(String name) {
        return deliveries.get(name);
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
        for (Map.Entry<String, Channel<Object>> entry : channels.entrySet()) {
            Channel<Object> channel = entry.getValue();
            SharedChannel sharedChannel = shared.get(entry.getKey());
            closeSendingHere(entry.getKey());
            closeReceivingHere(entry.getKey());
            channel.sender().close();
            channel.receiver().close();
            if (sharedChannel != null) {
                try {
                    sharedChannel.detach().close(); // this process's handles only: peers keep the channel
                } catch (Exception e) {
                    LOG.warn("channel '" + entry.getKey() + "': detaching from its shared file failed", e);
                }
            }
        }
    }
}
