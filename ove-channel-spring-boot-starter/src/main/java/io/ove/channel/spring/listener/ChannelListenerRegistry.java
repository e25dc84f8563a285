package io.ove.channel.spring.listener;

import io.ove.channel.spring.ChannelListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@link ChannelListener} methods of the application, and the place to control them one by
 * one: {@link #start}, {@link #stop}, {@link #pause} and {@link #resume} take a listener's id
 * ({@link ChannelListener#id()}, else {@code beanName.methodName}).
 *
 * <pre>{@code
 * registry.pause("orderProcessor.process");   // e.g. while a downstream system is down
 * registry.resume("orderProcessor.process");
 * }</pre>
 *
 * <p>The lifecycle manager starts the listeners when the context starts, and is told about each
 * one found later (a lazy bean created on first use), so that it starts too.
 */
public class ChannelListenerRegistry {

    /** Creates an empty registry. */
    public ChannelListenerRegistry() {
    }

    private final List<ListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();
    /** Volatile: subscribed on the thread creating the lifecycle bean, read by whichever creates a lazy bean. */
    private volatile Consumer<ListenerEndpoint> onRegistered = endpoint -> { };
    /** Volatile: set on the thread creating the lifecycle bean, read by whichever thread controls a listener. */
    private volatile ListenerControl control;

    /**
     * Records a listener method and tells the subscriber about it at once.
     *
     * @param endpoint a listener method found on a bean
     * @throws IllegalStateException if another listener already has the same id
     */
    public void register(ListenerEndpoint endpoint) {
        if (find(endpoint.id()) != null) {
            throw new IllegalStateException("two @ChannelListener methods have the id '" + endpoint.id() + "'");
        }
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

    /**
     * Names what carries out {@link #start}, {@link #stop}, {@link #pause} and {@link #resume}.
     *
     * @param control the lifecycle manager
     */
    public void controlledBy(ListenerControl control) {
        this.control = control;
    }

    /** {@return a copy of the endpoints registered so far, in registration order} */
    public List<ListenerEndpoint> endpoints() {
        return new ArrayList<>(endpoints);
    }

    /**
     * Finds a listener.
     *
     * @param id a listener's id
     * @return its endpoint, or {@code null} when no listener has that id
     */
    public ListenerEndpoint find(String id) {
        for (ListenerEndpoint endpoint : endpoints) {
            if (endpoint.id().equals(id)) {
                return endpoint;
            }
        }
        return null;
    }

    /**
     * Starts a listener that is stopped, or was declared with {@code autoStartup = "false"}.
     *
     * @param id a listener's id
     * @throws IllegalArgumentException if no listener has that id
     */
    public void start(String id) {
        control(id).start(id);
    }

    /**
     * Stops a listener after its current message, waiting at most
     * {@code ove.channel.shutdown.drain-timeout}; its channel stays open and keeps its messages.
     *
     * @param id a listener's id
     * @throws IllegalArgumentException if no listener has that id
     */
    public void stop(String id) {
        control(id).stop(id);
    }

    /**
     * Makes a listener take no message after its current one until {@link #resume}; its threads
     * stay alive. When the context closes, a paused listener drains its channel like the others.
     *
     * @param id a listener's id
     * @throws IllegalArgumentException if no listener has that id
     */
    public void pause(String id) {
        control(id).pause(id);
    }

    /**
     * Lets a paused listener take messages again.
     *
     * @param id a listener's id
     * @throws IllegalArgumentException if no listener has that id
     */
    public void resume(String id) {
        control(id).resume(id);
    }

    /**
     * Tells where a listener stands.
     *
     * @param id a listener's id
     * @return running, paused or stopped
     * @throws IllegalArgumentException if no listener has that id
     */
    public ListenerState state(String id) {
        return control(id).state(id);
    }

    private ListenerControl control(String id) {
        if (find(id) == null) {
            List<String> ids = endpoints.stream().map(ListenerEndpoint::id).sorted().toList();
            throw new IllegalArgumentException("no @ChannelListener has the id '" + id + "'; the listeners are " + ids);
        }
        ListenerControl current = control;
        if (current == null) {
            throw new IllegalStateException("listener '" + id + "' cannot be controlled before the lifecycle manager"
                    + " exists");
        }
        return current;
    }
}
