package io.ove.channel.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects the {@link ChannelListener} methods found while beans are created; the lifecycle
 * manager starts them all once the context is ready.
 */
class ChannelListenerRegistry {

    private final List<ListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();

    void register(ListenerEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    List<ListenerEndpoint> endpoints() {
        return new ArrayList<>(endpoints);
    }
}
