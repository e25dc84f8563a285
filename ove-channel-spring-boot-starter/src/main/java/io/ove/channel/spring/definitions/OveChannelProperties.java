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

    /** Creates the properties with their defaults; Spring Boot binds them. */
    public OveChannelProperties() {
    }

    /** Prefix of every property of the starter. */
    public static final String PREFIX = "ove.channel";

    /** Channels by name; each becomes a Channel bean and injectable Sender and Receiver beans. */
    private Map<String, ChannelProperties> channels = new LinkedHashMap<>();

    /** How channels are closed when the application context shuts down. */
    private final Shutdown shutdown = new Shutdown();

    /** When the channels health contributor reports a stalled or full channel. */
    private final Health health = new Health();

    /** Defaults for every @ChannelListener. */
    private final Listeners listeners = new Listeners();

    /**
     * Whether listeners of in-process channels run inside a Micrometer Observation whose parent
     * is the sender's, with the sender's context (trace, MDC) restored. Each channel may override
     * it with its own observation-enabled. Needs micrometer-observation and context-propagation.
     */
    private boolean observationEnabled;

    /** {@return the declared channels by name} */
    public Map<String, ChannelProperties> getChannels() {
        return channels;
    }

    /**
     * Sets the declared channels by name.
     *
     * @param channels the declared channels by name
     */
    public void setChannels(Map<String, ChannelProperties> channels) {
        this.channels = channels;
    }

    /** {@return the shutdown settings} */
    public Shutdown getShutdown() {
        return shutdown;
    }

    /** {@return the health contributor settings} */
    public Health getHealth() {
        return health;
    }

    /** {@return the defaults of every listener} */
    public Listeners getListeners() {
        return listeners;
    }

    /** {@return whether listeners of in-process channels are observed unless a channel says otherwise} */
    public boolean isObservationEnabled() {
        return observationEnabled;
    }

    /**
     * Sets whether listeners of in-process channels are observed unless a channel says otherwise.
     *
     * @param observationEnabled the default of every channel's {@code observation-enabled}
     */
    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

    /** One declared channel. */
    public static class ChannelProperties {

        /** Creates a channel's properties with their defaults. */
        public ChannelProperties() {
        }

        /**
         * Most messages the channel holds, from 1 to 1073741824, or 0 for a rendezvous channel (no
         * buffer). Required.
         */
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

        /** Shares the channel with other processes through a memory-mapped file; in-process when unset. */
        private SharedMemory sharedMemory;

        /**
         * Where the channel's messages live: in-process (the default), shared-memory (implied by
         * the shared-memory settings) or rabbitmq (a broker queue shared by every instance).
         */
        private String backend;

        /** The broker settings of a channel whose backend is rabbitmq. */
        private Rabbitmq rabbitmq = new Rabbitmq();

        /**
         * Whether this channel carries the sender's observation and context to its listeners, which
         * then run inside an observation of their own (ove.channel.listener). Defaults to
         * ove.channel.observation-enabled. Not possible for a shared-memory or rabbitmq channel.
         */
        private Boolean observationEnabled;

        /** {@return whether this channel's listeners are observed, or {@code null} for the global default} */
        public Boolean getObservationEnabled() {
            return observationEnabled;
        }

        /**
         * Sets whether this channel's listeners are observed, or {@code null} for the global default.
         *
         * @param observationEnabled whether this channel's listeners are observed, or {@code null}
         */
        public void setObservationEnabled(Boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }

        /** {@return the most messages the channel holds, or {@code null} when not set} */
        public Integer getCapacity() {
            return capacity;
        }

        /**
         * Sets the most messages the channel holds, or {@code null} when not set.
         *
         * @param capacity the most messages the channel holds, or {@code null} when not set
         */
        public void setCapacity(Integer capacity) {
            this.capacity = capacity;
        }

        /** {@return the messages' fully qualified class name, or {@code null}} */
        public String getType() {
            return type;
        }

        /**
         * Sets the messages' fully qualified class name, or {@code null}.
         *
         * @param type the messages' fully qualified class name, or {@code null}
         */
        public void setType(String type) {
            this.type = type;
        }

        /** {@return what a full channel does with a new message} */
        public OverflowPolicy getOverflow() {
            return overflow;
        }

        /**
         * Sets what a full channel does with a new message.
         *
         * @param overflow what a full channel does with a new message
         */
        public void setOverflow(OverflowPolicy overflow) {
            this.overflow = overflow;
        }

        /** {@return the longest wait of a blocking send, or {@code null} for no limit} */
        public Duration getSendTimeout() {
            return sendTimeout;
        }

        /**
         * Sets the longest wait of a blocking send, or {@code null} for no limit.
         *
         * @param sendTimeout the longest wait of a blocking send, or {@code null} for no limit
         */
        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        /** {@return the dead-letter channel's name, or {@code null}} */
        public String getDeadLetter() {
            return deadLetter;
        }

        /**
         * Sets the dead-letter channel's name, or {@code null}.
         *
         * @param deadLetter the dead-letter channel's name, or {@code null}
         */
        public void setDeadLetter(String deadLetter) {
            this.deadLetter = deadLetter;
        }

        /** {@return whether meters are published for this channel} */
        public boolean isMetricsEnabled() {
            return metricsEnabled;
        }

        /**
         * Sets whether meters are published for this channel.
         *
         * @param metricsEnabled whether meters are published for this channel
         */
        public void setMetricsEnabled(boolean metricsEnabled) {
            this.metricsEnabled = metricsEnabled;
        }

        /** {@return the channels shut down after this one} */
        public List<String> getDownstream() {
            return downstream;
        }

        /**
         * Sets the channels shut down after this one.
         *
         * @param downstream the channels shut down after this one
         */
        public void setDownstream(List<String> downstream) {
            this.downstream = downstream;
        }

        /** {@return where the channel's ring lives when it is shared with other processes} */
        public SharedMemory getSharedMemory() {
            return sharedMemory;
        }

        /**
         * Sets where the channel's ring lives when it is shared with other processes.
         *
         * @param sharedMemory the shared-memory settings
         */
        public void setSharedMemory(SharedMemory sharedMemory) {
            this.sharedMemory = sharedMemory;
        }

        /** {@return where the channel's messages live, or {@code null} for the default} */
        public String getBackend() {
            return backend;
        }

        /**
         * Sets where the channel's messages live: in-process, shared-memory or rabbitmq.
         *
         * @param backend where the channel's messages live
         */
        public void setBackend(String backend) {
            this.backend = backend;
        }

        /** {@return the broker settings} */
        public Rabbitmq getRabbitmq() {
            return rabbitmq;
        }

        /**
         * Sets the broker settings.
         *
         * @param rabbitmq the broker settings
         */
        public void setRabbitmq(Rabbitmq rabbitmq) {
            this.rabbitmq = rabbitmq;
        }
    }

    /**
     * Settings of a channel whose backend is rabbitmq (module {@code ove-channel-rabbitmq}): its
     * messages live in a bounded queue of the broker that {@code spring.rabbitmq.*} points at,
     * shared by every application instance that declares the same queue.
     */
    public static class Rabbitmq {

        /** Creates the settings with their defaults. */
        public Rabbitmq() {
        }

        /** Name of the queue; the channel's name when unset. */
        private String queue;

        /** Kind of queue: classic (one node, fastest) or quorum (replicated). */
        private String queueType = "classic";

        /** How messages become AMQP bodies: json (the application's Jackson), utf8, bytes, or a MessageConverter bean's name. */
        private String codec = "json";

        /** How many unacknowledged messages the broker sends this instance ahead. */
        private int prefetch = 16;

        /** Longest wait for the broker's publisher confirm of one send. */
        private Duration confirmTimeout = Duration.ofSeconds(10);

        /** How long the start waits for an unreachable broker before it fails; 0 fails at once. */
        private Duration startupTimeout = Duration.ZERO;

        /** {@return the queue's name, or {@code null} for the channel's name} */
        public String getQueue() {
            return queue;
        }

        /**
         * Sets the queue's name.
         *
         * @param queue the queue's name
         */
        public void setQueue(String queue) {
            this.queue = queue;
        }

        /** {@return the kind of queue} */
        public String getQueueType() {
            return queueType;
        }

        /**
         * Sets the kind of queue: classic or quorum.
         *
         * @param queueType the kind of queue
         */
        public void setQueueType(String queueType) {
            this.queueType = queueType;
        }

        /** {@return how messages become AMQP bodies} */
        public String getCodec() {
            return codec;
        }

        /**
         * Sets how messages become AMQP bodies: json, utf8, bytes, or a {@code MessageConverter} bean's name.
         *
         * @param codec how messages become AMQP bodies
         */
        public void setCodec(String codec) {
            this.codec = codec;
        }

        /** {@return how many unacknowledged messages the broker sends ahead} */
        public int getPrefetch() {
            return prefetch;
        }

        /**
         * Sets how many unacknowledged messages the broker sends this instance ahead.
         *
         * @param prefetch how many unacknowledged messages the broker sends ahead
         */
        public void setPrefetch(int prefetch) {
            this.prefetch = prefetch;
        }

        /** {@return the longest wait for a publisher confirm} */
        public Duration getConfirmTimeout() {
            return confirmTimeout;
        }

        /**
         * Sets the longest wait for a publisher confirm.
         *
         * @param confirmTimeout the longest wait for a publisher confirm
         */
        public void setConfirmTimeout(Duration confirmTimeout) {
            this.confirmTimeout = confirmTimeout;
        }

        /** {@return how long the start waits for an unreachable broker} */
        public Duration getStartupTimeout() {
            return startupTimeout;
        }

        /**
         * Sets how long the start waits for an unreachable broker; 0 fails at once.
         *
         * @param startupTimeout how long the start waits for an unreachable broker
         */
        public void setStartupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
        }
    }

    /**
     * Makes a channel a shared-memory channel (module {@code ove-channel-shm}): its ring lives in a
     * memory-mapped file that other processes, Java or C, open by the same path.
     */
    public static class SharedMemory {

        /** Creates the settings with their defaults. */
        public SharedMemory() {
        }

        /** The channel file, under /dev/shm to stay in memory. Setting it makes the channel shared. */
        private String path;

        /** The largest message payload, in bytes, of a file this application creates. */
        private Integer maxMessageSize = 1024;

        /** How messages become bytes: json (the application's Jackson), utf8, bytes, or a Codec bean's name. */
        private String codec = "json";

        /** Whether to create the file when absent (and to replace a finished one), or to require another process to. */
        private boolean create = true;

        /** How long a slot may stay half-written or half-read before peers take its writer or reader for dead. */
        private Duration stuckTimeout = Duration.ofSeconds(2);

        /** {@return the channel file} */
        public String getPath() {
            return path;
        }

        /**
         * Sets the channel file.
         *
         * @param path the channel file
         */
        public void setPath(String path) {
            this.path = path;
        }

        /** {@return the largest message payload, in bytes} */
        public Integer getMaxMessageSize() {
            return maxMessageSize;
        }

        /**
         * Sets the largest message payload, in bytes.
         *
         * @param maxMessageSize the largest message payload, in bytes
         */
        public void setMaxMessageSize(Integer maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        /** {@return how messages become bytes} */
        public String getCodec() {
            return codec;
        }

        /**
         * Sets how messages become bytes: json, utf8, bytes, or a {@code Codec} bean's name.
         *
         * @param codec how messages become bytes
         */
        public void setCodec(String codec) {
            this.codec = codec;
        }

        /** {@return whether to create the file when absent} */
        public boolean isCreate() {
            return create;
        }

        /**
         * Sets whether to create the file when absent.
         *
         * @param create whether to create the file when absent
         */
        public void setCreate(boolean create) {
            this.create = create;
        }

        /** {@return how long a slot may stay unfinished before its writer or reader is taken for dead} */
        public Duration getStuckTimeout() {
            return stuckTimeout;
        }

        /**
         * Sets how long a slot may stay unfinished before its writer or reader is taken for dead.
         *
         * @param stuckTimeout how long a slot may stay unfinished
         */
        public void setStuckTimeout(Duration stuckTimeout) {
            this.stuckTimeout = stuckTimeout;
        }
    }

    /** Defaults of every {@code @ChannelListener}. */
    public static class Listeners {

        /** Creates the listener defaults. */
        public Listeners() {
        }

        /**
         * Whether listeners start with the context, unless their autoStartup attribute says
         * otherwise. False suits tests that send and receive by hand.
         */
        private boolean autoStartup = true;

        /** {@return whether listeners start with the context by default} */
        public boolean isAutoStartup() {
            return autoStartup;
        }

        /**
         * Sets whether listeners start with the context by default.
         *
         * @param autoStartup whether listeners start with the context by default
         */
        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }
    }

    /** Shutdown settings. */
    public static class Shutdown {

        /** Creates the shutdown settings with their defaults. */
        public Shutdown() {
        }

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

        /** {@return how long buffered messages may drain at shutdown} */
        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        /**
         * Sets how long buffered messages may drain at shutdown.
         *
         * @param drainTimeout how long buffered messages may drain at shutdown
         */
        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }
    }

    /** Health contributor settings. */
    public static class Health {

        /** Creates the health settings with their defaults. */
        public Health() {
        }

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

        /** {@return how long messages may wait unreceived before the channel counts as stalled} */
        public Duration getStallTimeout() {
            return stallTimeout;
        }

        /**
         * Sets how long messages may wait unreceived before the channel counts as stalled.
         *
         * @param stallTimeout how long messages may wait unreceived before the channel counts as stalled
         */
        public void setStallTimeout(Duration stallTimeout) {
            this.stallTimeout = stallTimeout;
        }

        /** {@return how long a channel may stay full before it counts as full} */
        public Duration getFullTimeout() {
            return fullTimeout;
        }

        /**
         * Sets how long a channel may stay full before it counts as full.
         *
         * @param fullTimeout how long a channel may stay full before it counts as full
         */
        public void setFullTimeout(Duration fullTimeout) {
            this.fullTimeout = fullTimeout;
        }

        /** {@return the health status reported for a stalled or full channel} */
        public String getStalledStatus() {
            return stalledStatus;
        }

        /**
         * Sets the health status reported for a stalled or full channel.
         *
         * @param stalledStatus the health status reported for a stalled or full channel
         */
        public void setStalledStatus(String stalledStatus) {
            this.stalledStatus = stalledStatus;
        }
    }
}
