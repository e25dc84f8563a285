package io.ove.channel.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observation a listener of an observed channel runs each delivery in, and its tags. */
public enum ChannelListenerObservation implements ObservationDocumentation {

    /** One delivery to a listener: a message, or a batch, with its retries and error handling. */
    LISTENER {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultChannelListenerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return ListenerLowCardinalityTags.values();
        }
    };

    /** The low-cardinality tags of {@link #LISTENER}. */
    public enum ListenerLowCardinalityTags implements KeyName {

        /** The channel's name. */
        CHANNEL {
            @Override
            public String asString() {
                return "channel";
            }
        },

        /** The listener's id. */
        LISTENER {
            @Override
            public String asString() {
                return "listener";
            }
        },

        /** {@code success}, or {@code failure} when the listener still threw after its retries. */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        },

        /** The simple class name of what the listener finally threw, or {@code none}. */
        EXCEPTION {
            @Override
            public String asString() {
                return "exception";
            }
        }
    }
}
