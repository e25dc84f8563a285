package io.ove.channel.spring.definitions;

import io.ove.channel.OverflowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Channels declared under {@code ove.channel}. The starter binds this class before any bean exists
 * and validates the bound values (see {@link ChannelDefinitions}), so a mistake fails the start
 * with a report that names the property and where it was written; the same class describes the
 * settings for IDEs and for {@code /actuator/configprops}.
 *
 * <pre>{@code
 * ove:
 *   channel:
 *     channels:
 *       orders:
 *         capacity: 256
 *         type: com.example.Order
 *         overflow: block
 *         send-timeout: 2s
 *     shutdown:
 *       drain-timeout: 20s
 * }</pre>
 */
@ConfigurationProperties(prefix = OveChannelProperties.PREFIX)
public class OveChannelProperties {

    /** Prefix of every property of the starter. */
    public static final String PREFIX = "ove.channel";

    /** Channels by name; each becomes a Channel bean and injectable Sender and Receiver beans. */
    private Map<String, ChannelProperties> channels = new LinkedHashMap<>();

    /** How channels are closed when the application context shuts down. */
    private final Shutdown shutdown = new Shutdown();

    /** When the channels health contributor reports a stalled or full channel. */
    private final Health health = new Health();

    public Map<String, ChannelProperties> getChannels() {
        return channels;
    }

    public void setChannels(Map<String, ChannelProperties> channels) {
        this.channels = channels;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Health getHealth() {
        return health;
    }

    /** One declared channel. */
    public static class ChannelProperties {

        /** Most messages the channel holds, from 1 to 1073741824. Required. */
        private Integer capacity;

        /**
         * Fully qualified class name of the messages, so that Sender and Receiver can be
         * injected by generic type alone, for example Sender<com.example.Order>.
         */
        private String type;

        /** What a full channel does with a new message. */
        private OverflowPolicy overflow = OverflowPolicy.BLOCK;

        /** Longest wait of a blocking send for room; without it, a send waits as long as it takes. */
        private Duration sendTimeout;

        /** Name of another declared channel that receives the messages a listener failed on. */
        private String deadLetter;

        /** Whether to publish Micrometer meters for this channel. */
        private boolean metricsEnabled = true;

        /**
         * Channels this channel's listeners send to without an injected Sender the starter can
         * see; they are shut down after this one.
         */
        private List<String> downstream = new ArrayList<>();

        public Integer getCapacity() {
            return capacity;
        }

        public void setCapacity(Integer capacity) {
            this.capacity = capacity;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public OverflowPolicy getOverflow() {
            return overflow;
        }

        public void setOverflow(OverflowPolicy overflow) {
            this.overflow = overflow;
        }

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public String getDeadLetter() {
            return deadLetter;
        }

        public void setDeadLetter(String deadLetter) {
            this.deadLetter = deadLetter;
        }

        public boolean isMetricsEnabled() {
            return metricsEnabled;
        }

        public void setMetricsEnabled(boolean metricsEnabled) {
            this.metricsEnabled = metricsEnabled;
        }

        public List<String> getDownstream() {
            return downstream;
        }

        public void setDownstream(List<String> downstream) {
            this.downstream = downstream;
        }
    }

    /** Shutdown settings. */
    public static class Shutdown {

        /**
         * Default drain timeout: with the second given to interrupted listeners, well within
         * Spring Boot's default 30 s per shutdown phase.
         */
        public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);

        /**
         * How long listeners and receivers may drain buffered messages after the sending side
         * closes; what is still buffered then is reported as undelivered.
         */
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }
    }

    /** Health contributor settings. */
    public static class Health {

        /**
         * How long messages may wait in a channel without any receiver taking one before the
         * channel counts as stalled.
         */
        private Duration stallTimeout = Duration.ofMinutes(1);

        /** How long a channel may be full, at every health check, before it counts as full. */
        private Duration fullTimeout = Duration.ofMinutes(1);

        /**
         * Health status reported while a channel is stalled or full; map it to an HTTP status
         * with management.endpoint.health.status.http-mapping.
         */
        private String stalledStatus = "OUT_OF_SERVICE";

        public Duration getStallTimeout() {
            return stallTimeout;
        }

        public void setStallTimeout(Duration stallTimeout) {
            this.stallTimeout = stallTimeout;
        }

        public Duration getFullTimeout() {
            return fullTimeout;
        }

        public void setFullTimeout(Duration fullTimeout) {
            this.fullTimeout = fullTimeout;
        }

        public String getStalledStatus() {
            return stalledStatus;
        }

        public void setStalledStatus(String stalledStatus) {
            this.stalledStatus = stalledStatus;
        }
    }
}
