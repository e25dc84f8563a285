package io.ove.channel.spring.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.ove.channel.spring.observation.ChannelListenerObservation.ListenerLowCardinalityTags;

/**
 * The default naming of listener observations: {@code ove.channel.listener}, shown in traces as
 * {@code <channel> process}, with the low-cardinality tags {@code channel}, {@code listener},
 * {@code outcome} ({@code success} or {@code failure}) and {@code exception} (the simple class name
 * of what the listener finally threw, or {@code none}).
 */
public class DefaultChannelListenerObservationConvention implements ChannelListenerObservationConvention {

    /** A shared instance; the convention holds no state. */
    public static final DefaultChannelListenerObservationConvention INSTANCE =
            new DefaultChannelListenerObservationConvention();

    /** The observation's name, also the name of the timer a meter handler makes of it. */
    public static final String NAME = "ove.channel.listener";

    /** Creates the convention; subclass it to add tags. */
    public DefaultChannelListenerObservationConvention() {
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ChannelListenerObservationContext context) {
        return context.getChannel() + " process";
    }

    /**
     * {@inheritDoc}
     *
     * <p>Read when the observation starts and again when it stops. {@code outcome} and
     * {@code exception} are added only once the delivery has
     * {@linkplain ChannelListenerObservationContext#isEnded() ended}, so they describe how it ended;
     * what a handler makes at the start (the in-progress timer {@code ove.channel.listener.active})
     * carries {@code channel} and {@code listener} alone instead of an outcome not yet known.
     */
    @Override
    public KeyValues getLowCardinalityKeyValues(ChannelListenerObservationContext context) {
        KeyValue channel = ListenerLowCardinalityTags.CHANNEL.withValue(context.getChannel());
        KeyValue listener = ListenerLowCardinalityTags.LISTENER.withValue(context.getListenerId());
        if (!context.isEnded()) {
            return KeyValues.of(channel, listener);
        }
        // One KeyValues of four, not two merged: this runs twice per message.
        Throwable error = context.getError();
        return KeyValues.of(channel, listener,
                ListenerLowCardinalityTags.OUTCOME.withValue(error == null ? "success" : "failure"),
                ListenerLowCardinalityTags.EXCEPTION.withValue(error == null ? "none" : simpleName(error)));
    }

    /** An anonymous class has no simple name; its full name is the next best. */
    private static String simpleName(Throwable error) {
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName() : name;
    }
}
