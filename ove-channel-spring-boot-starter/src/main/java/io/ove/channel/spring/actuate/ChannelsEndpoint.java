package io.ove.channel.spring.actuate;

import io.ove.channel.Channel;
import io.ove.channel.ChannelStats;
import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.ove.channel.spring.listener.ListenerControl;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code channels} actuator endpoint: {@code /actuator/channels} lists every declared channel
 * with its configuration, live handles, totals, state and listeners;
 * {@code /actuator/channels/{name}} shows one; message contents are never exposed. Each listener
 * shows its state (RUNNING, PAUSED or STOPPED).
 *
 * <p>One write operation controls a listener: {@code POST /actuator/channels/{name}/{listener}}
 * with {@code {"action": "pause"}} (or {@code resume}, {@code stop}, {@code start}). The
 * endpoint's default access is read-only, so it works only where
 * {@code management.endpoint.channels.access=unrestricted} allows it.
 * The descriptors are {@link OperationResponseBody} types, so actuator's own JSON mapper writes
 * them and the application's Jackson settings (a naming strategy, say) leave their fields alone.
 */
@Endpoint(id = "channels", defaultAccess = Access.READ_ONLY)
public class ChannelsEndpoint {

    private final DeclaredChannels channels;
    private final ChannelLifecycle lifecycle;

    /**
     * Creates the endpoint.
     *
     * @param channels  the declared channels
     * @param lifecycle the lifecycle manager, for the listeners
     */
    public ChannelsEndpoint(DeclaredChannels channels, ChannelLifecycle lifecycle) {
        this.channels = channels;
        this.lifecycle = lifecycle;
    }

    /** {@return every channel by name} */
    @ReadOperation
    public ChannelsDescriptor channels() {
        Map<String, ChannelDescriptor> all = new LinkedHashMap<>();
        for (ChannelDefinition definition : channels.all()) {
            all.put(definition.name(), describe(definition));
        }
        return new ChannelsDescriptor(all);
    }

    /**
     * Describes one channel.
     *
     * @param name a channel's name
     * @return that channel, or {@code null} (404) if none is declared with that name
     */
    @ReadOperation
    public ChannelDescriptor channel(@Selector String name) {
        ChannelDefinition definition = channels.definitions().find(name);
        return definition == null ? null : describe(definition);
    }

    /**
     * Starts, stops, pauses or resumes one listener of a channel.
     *
     * @param name     the channel's name
     * @param listener the listener's id
     * @param action   {@code start}, {@code stop}, {@code pause} or {@code resume}
     * @return the listener after the action
     * @throws InvalidEndpointRequestException (400) if the channel has no such listener, or the
     *                                         action is unknown
     */
    @WriteOperation
    public ListenerDescriptor control(@Selector String name, @Selector String listener, String action) {
        if (listenerOf(name, listener) == null) {
            throw new InvalidEndpointRequestException("Channel '" + name + "' has no listener '" + listener + "'",
                    "unknown listener");
        }
        ListenerControl control = lifecycle;
        switch (action == null ? "" : action.trim().toLowerCase(Locale.ROOT)) {
            case "start" -> control.start(listener);
            case "stop" -> control.stop(listener);
            case "pause" -> control.pause(listener);
            case "resume" -> control.resume(listener);
            default -> throw new InvalidEndpointRequestException("Unknown action '" + action
                    + "'; use start, stop, pause or resume", "unknown action");
        }
        return new ListenerDescriptor(listenerOf(name, listener));
    }

    private ChannelLifecycle.ListenerStatus listenerOf(String channel, String id) {
        return lifecycle.listeners().stream()
                .filter(status -> status.channel().equals(channel) && status.id().equals(id))
                .findFirst().orElse(null);
    }

    private ChannelDescriptor describe(ChannelDefinition definition) {
        Channel<Object> channel = channels.channel(definition.name());
        ChannelStats stats = channel.stats();
        List<ChannelLifecycle.ListenerStatus> listeners = lifecycle.listeners().stream()
                .filter(listener -> listener.channel().equals(definition.name()))
                .toList();
        return new ChannelDescriptor(definition.name(), stats.state().name(), stats.capacity(), stats.depth(),
                definition.overflow().name(), definition.type() == null ? null : definition.type().getName(),
                definition.sendTimeout(), definition.deadLetter(), stats.liveSenders(), stats.liveReceivers(),
                stats.sent(), stats.received(), stats.fullDrops(), stats.closedDrops(), stats.evicted(),
                stats.undelivered(), stats.leakedHandles(), channel.storage().waitingSenders(),
                channel.storage().waitingReceivers(), listeners, backend(definition), storedIn(definition));
    }

    private static String backend(ChannelDefinition definition) {
        if (definition.isBroker()) {
            return "rabbitmq";
        }
        return definition.isShared() ? "shared-memory" : "in-process";
    }

    private static String storedIn(ChannelDefinition definition) {
        if (definition.isBroker()) {
            return definition.broker().queue();
        }
        return definition.isShared() ? definition.sharedMemory().path().toString() : null;
    }

    /**
     * One listener, as a write operation leaves it.
     *
     * @param listener the listener's status
     */
    public record ListenerDescriptor(ChannelLifecycle.ListenerStatus listener) implements OperationResponseBody {
    }

    /**
     * All channels.
     *
     * @param channels each channel by name
     */
    public record ChannelsDescriptor(Map<String, ChannelDescriptor> channels) implements OperationResponseBody {
    }

    /**
     * One channel; the fields mirror {@link ChannelStats} and {@link ChannelDefinition}.
     *
     * @param name          name
     * @param state         OPEN, CLOSED_FOR_SENDING or CLOSED_FOR_RECEIVING
     * @param capacity      most messages it holds (0 for a rendezvous channel)
     * @param depth         messages buffered now (always 0 for a rendezvous channel)
     * @param overflow      overflow policy
     * @param type          declared message class, or {@code null}
     * @param sendTimeout   bound of a blocking send, or {@code null}
     * @param deadLetter    dead-letter channel, or {@code null}
     * @param senders       open Sender handles
     * @param receivers     open Receiver handles
     * @param sent          messages accepted
     * @param received      messages taken by receivers
     * @param fullDrops     refusals because full, plus evictions
     * @param closedDrops   refusals because closed
     * @param evicted       drop-oldest evictions
     * @param undelivered   accepted messages never delivered
     * @param leakedHandles handles released by the garbage collector
     * @param waitingSenders   threads waiting to send now: for room, or on a rendezvous channel for
     *                         a receiver (select operations included)
     * @param waitingReceivers threads waiting to receive now (select operations included)
     * @param listeners     the channel's listeners
     * @param backend       where its messages live: in-process, shared-memory or rabbitmq; senders
     *                      and receivers of a shared channel count processes, not handles
     * @param storedIn      the file or the broker queue that holds a shared channel's messages, or
     *                      {@code null} in-process
     */
    public record ChannelDescriptor(String name, String state, int capacity, int depth, String overflow, String type,
            Duration sendTimeout, String deadLetter, int senders, int receivers, long sent, long received,
            long fullDrops, long closedDrops, long evicted, long undelivered, long leakedHandles,
            int waitingSenders, int waitingReceivers, List<ChannelLifecycle.ListenerStatus> listeners,
            String backend, String storedIn) implements OperationResponseBody {
    }
}
