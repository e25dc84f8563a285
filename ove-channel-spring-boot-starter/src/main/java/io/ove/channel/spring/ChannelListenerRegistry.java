package io.ove.channel.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Collects the {@link ChannelListener} methods found while beans are created. The lifecycle
 * manager starts them all when the context starts, and is told about each one found later (a
 * lazy bean created on first use), so that it starts too.
 */
class ChannelListenerRegistry {

    private final List<ListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();
    /** Volatile: subscribed on the thread creating the lifecycle bean, read by whichever creates a lazy bean. */
    private volatile Consumer<ListenerEndpoint> onRegistered = endpoint -> { };

    void register(ListenerEndpoint endpoint) {
        endpoints.add(endpoint);
        onRegistered.accept(endpoint);
    }

    /** @param onRegistered told about every endpoint registered from now on */
    void onRegistered(Consumer<ListenerEndpoint> onRegistered) {
        this.onRegistered = onRegistered;
    }

    List<ListenerEndpoint> endpoints() {
        return new ArrayList<>(endpoints);
    }
}
