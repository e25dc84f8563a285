package io.ove.channel.spring.listener;

import io.ove.channel.spring.ChannelListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Collects the {@link ChannelListener} methods found while beans are created. The lifecycle
 * manager starts them all when the context starts, and is told about each one found later (a
 * lazy bean created on first use), so that it starts too.
 */
public class ChannelListenerRegistry {

    /** Creates an empty registry. */
    public ChannelListenerRegistry() {
    }

    private final List<ListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();
    /** Volatile: subscribed on the thread creating the lifecycle bean, read by whichever creates a lazy bean. */
    private volatile Consumer<ListenerEndpoint> onRegistered = endpoint -> { };

    /**
     * Records a listener method and tells the subscriber about it at once.
     *
     * @param endpoint a listener method found on a bean
     */
    public void register(ListenerEndpoint endpoint) {
        endpoints.add(endpoint);
        onRegistered.accept(endpoint);
    }

    /**
     * Subscribes to the endpoints registered from now on.
     *
     * @param onRegistered told about every endpoint registered from now on
     */
    public void onRegistered(Consumer<ListenerEndpoint> onRegistered) {
        this.onRegistered = onRegistered;
    }

    /** {@return a copy of the endpoints registered so far, in registration order} */
    public List<ListenerEndpoint> endpoints() {
        return new ArrayList<>(endpoints);
    }
}
