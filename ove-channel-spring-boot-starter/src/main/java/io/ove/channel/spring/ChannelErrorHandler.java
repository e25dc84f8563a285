package io.ove.channel.spring;

/**
 * Define a bean of this type to take the messages on which a {@link ChannelListener} method threw.
 * It replaces the channel's dead-letter channel, if one is configured. The error is logged and
 * counted either way.
 */
@FunctionalInterface
public interface ChannelErrorHandler {

    /**
     * Called on the listener's thread after its method threw.
     *
     * @param channel  the channel's name
     * @param listener the listener's id ({@code beanName.methodName})
     * @param message  the message it was given
     * @param error    what it threw
     */
    void onListenerError(String channel, String listener, Object message, Throwable error);
}
