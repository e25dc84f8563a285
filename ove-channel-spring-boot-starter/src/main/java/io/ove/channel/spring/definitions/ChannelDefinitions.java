package io.ove.channel.spring.definitions;

import io.ove.channel.OverflowPolicy;
import io.ove.channel.spring.DeadLetter;
import io.ove.channel.spring.lifecycle.ShutdownOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.convert.ConverterNotFoundException;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Binds the {@code ove.channel.*} properties to {@link OveChannelProperties} and validates the
 * bound values before any bean exists.
 *
 * <p>Binding goes through Spring Boot's {@link Binder} with a handler that remembers, for every
 * property it binds, where the value was written. Every mistake (a missing or non-numeric
 * capacity, an unknown overflow value, a class that does not exist, a misspelt key) becomes an
 * {@link InvalidChannelConfigurationException} that names the property as the user wrote it, the
 * value, the fix and the origin: a file and line, or the environment variable's own name.
 *
 * @param channels     the declared channels, in declaration order
 * @param drainTimeout how long shutdown lets receivers drain
 * @param health       the health contributor's settings, validated with the rest
 */
public record ChannelDefinitions(List<ChannelDefinition> channels, Duration drainTimeout,
        OveChannelProperties.Health health) {

    /**
     * Definitions with the default health settings.
     *
     * @param channels     the declared channels, in declaration order
     * @param drainTimeout how long shutdown lets receivers drain
     */
    public ChannelDefinitions(List<ChannelDefinition> channels, Duration drainTimeout) {
        this(channels, drainTimeout, new OveChannelProperties.Health());
    }

    private static final String CHANNELS = OveChannelProperties.PREFIX + ".channels";
    private static final int MAX_SHARED_MESSAGE_SIZE = 16 << 20;
    private static final List<String> BACKENDS = List.of("in-process", "shared-memory", "rabbitmq");
    private static final String OBSERVATION_ENABLED = OveChannelProperties.PREFIX + ".observation-enabled";
    private static final String DRAIN_TIMEOUT = OveChannelProperties.PREFIX + ".shutdown.drain-timeout";
    private static final String HEALTH = OveChannelProperties.PREFIX + ".health";
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(OveChannelProperties.PREFIX);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    private static final long MAX_CAPACITY = 1L << 30;
    private static final long BYTES_PER_SLOT = 16;

    /** Canonical form of each known key (lower case, no separators) to its documented spelling. */
    static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("capacity", "capacity"),
            Map.entry("type", "type"),
            Map.entry("overflow", "overflow"),
            Map.entry("sendtimeout", "send-timeout"),
            Map.entry("deadletter", "dead-letter"),
            Map.entry("metricsenabled", "metrics-enabled"),
            Map.entry("downstream", "downstream"),
            Map.entry("sharedmemory", "shared-memory"),
            Map.entry("backend", "backend"),
            Map.entry("rabbitmq", "rabbitmq"),
            Map.entry("observationenabled", "observation-enabled"));

    /** Canonical form of each key under {@code ove.channel.shutdown} to its documented spelling. */
    static final Map<String, String> SHUTDOWN_KEYS = Map.of("draintimeout", "drain-timeout");

    /** Canonical form of each key under {@code ove.channel.listeners} to its documented spelling. */
    static final Map<String, String> LISTENERS_KEYS = Map.of("autostartup", "auto-startup");

    /** Canonical form of each key under {@code ove.channel.health} to its documented spelling. */
    static final Map<String, String> HEALTH_KEYS = Map.of("stalltimeout", "stall-timeout",
            "fulltimeout", "full-timeout", "stalledstatus", "stalled-status");

    /**
     * Binds and validates every declared channel from {@code environment}.
     *
     * @param environment the application's environment
     * @param classLoader where to look up message types
     * @return the validated definitions
     * @throws InvalidChannelConfigurationException naming the first property at fault
     */
    public static ChannelDefinitions read(Environment environment, ClassLoader classLoader) {
        return read(environment, classLoader, List.of());
    }

    /**
     * Binds and validates every channel declared in {@code environment}, together with those
     * declared in Java as {@link ChannelDefinition} beans.
     *
     * @param environment     the application's environment
     * @param classLoader     where to look up message types
     * @param declaredInJava  the {@link ChannelDefinition} beans, validated like the properties
     * @return the validated definitions: the properties' channels first, then the beans'
     * @throws InvalidChannelConfigurationException naming the first property or bean at fault
     */
    public static ChannelDefinitions read(Environment environment, ClassLoader classLoader,
            Collection<ChannelDefinition> declaredInJava) {
        OriginRecorder bound = new OriginRecorder();
        OveChannelProperties properties;
        try {
            properties = Binder.get(environment)
                    .bind(OveChannelProperties.PREFIX, Bindable.of(OveChannelProperties.class), bound)
                    .orElseGet(OveChannelProperties::new);
        } catch (BindException e) {
            throw bindFailure(e);
        }
        return new Validation(properties, bound, ConfigurationPropertySources.get(environment), classLoader)
                .run(declaredInJava);
    }

    /**
     * Remembers each property the binder used, with its origin, under the name the binder asked
     * for. A group given a plain value ({@code orders: 5}) is left unbound here, so that the
     * check for unbound properties reports it by name instead of a converter error.
     */
    private static final class OriginRecorder extends AbstractBindHandler {

        /** Plain: the binder calls back on the thread that reads the declarations. */
        private final Map<ConfigurationPropertyName, ConfigurationProperty> used = new LinkedHashMap<>();

        OriginRecorder() {
            super(new IgnoreTopLevelConverterNotFoundBindHandler());
        }

        @Override
        public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Object result) {
            ConfigurationProperty property = context.getConfigurationProperty();
            if (property != null) {
                used.put(name, property);
            }
            return super.onSuccess(name, target, context, result);
        }

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Exception error) throws Exception {
            if (error instanceof ConverterNotFoundException && context.getDepth() > 0) {
                return null;
            }
            return super.onFailure(name, target, context, error);
        }

        boolean isUsed(ConfigurationPropertyName name) {
            return used.containsKey(name)
                    || (name.isLastElementIndexed() && used.containsKey(name.getParent()));
        }

        /** {@return the property bound as {@code name}, or else the first one bound below it} */
        ConfigurationProperty find(ConfigurationPropertyName name) {
            ConfigurationProperty exact = used.get(name);
            if (exact != null) {
                return exact;
            }
            return used.entrySet().stream().filter(entry -> name.isAncestorOf(entry.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /** A value the binder could not convert, reported in the words the starter's own checks use. */
    private static InvalidChannelConfigurationException bindFailure(BindException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidChannelConfigurationException invalid) {
                return invalid;
            }
        }
        ConfigurationProperty property = e.getProperty();
        String name = written(e.getName(), e.getName().getNumberOfElements());
        String value = property == null || property.getValue() == null ? null : property.getValue().toString();
        String origin = property == null ? null : origin(property);
        String key = canonical(e.getName().getLastElement(ConfigurationPropertyName.Form.UNIFORM));
        String problem;
        String fix;
        switch (key) {
            case "capacity" -> {
                fix = capacityFix(name);
                if (value != null && WHOLE_NUMBER.matcher(value.trim()).matches()) {
                    problem = value.trim().startsWith("-") ? "the capacity must not be negative"
                            : "the capacity is larger than the largest supported, " + MAX_CAPACITY;
                } else {
                    problem = "the capacity is not a whole number";
                }
            }
            case "overflow" -> {
                problem = "unknown overflow policy";
                fix = "Use one of block, drop-newest, drop-oldest.";
            }
            case "sendtimeout", "draintimeout", "stalltimeout", "fulltimeout" -> {
                problem = "not a duration";
                fix = "Write a duration such as 500ms, 2s, 1m or PT30S.";
            }
            case "metricsenabled", "autostartup", "observationenabled" -> {
                problem = "not a boolean";
                fix = "Use true or false.";
            }
            default -> {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                problem = "the value cannot be bound (" + cause.getMessage() + ")";
                fix = "Correct the value; the starter's documentation lists every setting.";
            }
        }
        return new InvalidChannelConfigurationException(name, value, problem, fix, origin);
    }

    /** The bound properties checked in declaration order, each report carrying its origin. */
    private static final class Validation {

        private final OveChannelProperties properties;
        private final OriginRecorder bound;
        private final Iterable<ConfigurationPropertySource> sources;
        private final ClassLoader classLoader;
        /** Whether ove-channel-shm is on the classpath. */
        private final boolean sharedMemoryModulePresent;
        /** Whether ove-channel-rabbitmq is on the classpath. */
        private final boolean rabbitmqModulePresent;
        /** Whether micrometer-observation and context-propagation, which observation needs, are on the classpath. */
        private final boolean observationPresent;

        Validation(OveChannelProperties properties, OriginRecorder bound,
                Iterable<ConfigurationPropertySource> sources, ClassLoader classLoader) {
            this.properties = properties;
            this.bound = bound;
            this.sources = sources;
            this.classLoader = classLoader;
            this.sharedMemoryModulePresent = present("io.ove.channel.shm.SharedMemoryChannel");
            this.rabbitmqModulePresent = present("io.ove.channel.rabbitmq.RabbitChannel");
            this.observationPresent = present("io.micrometer.observation.ObservationRegistry")
                    && present("io.micrometer.context.ContextSnapshotFactory");
        }

        /**
         * Looks an optional dependency up on the application's class loader, the one that loads the
         * channels' classes, rather than the starter's: a test can then hide a module the way a
         * user's classpath would lack it.
         */
        private boolean present(String className) {
            return ClassUtils.isPresent(className,
                    classLoader != null ? classLoader : ChannelDefinitions.class.getClassLoader());
        }

        ChannelDefinitions run(Collection<ChannelDefinition> declaredInJava) {
            Map<String, OveChannelProperties.ChannelProperties> declared = properties.getChannels();
            checkNamesDifferByMoreThanCase(declared.keySet());
            checkEverythingWasBound();
            List<ChannelDefinition> channels = new ArrayList<>();
            declared.forEach((name, settings) -> channels.add(channel(name, settings)));
            for (ChannelDefinition bean : declaredInJava) {
                channels.add(checkedBean(bean, channels));
            }
            checkReferences(channels);
            Duration drainTimeout = duration(DRAIN_TIMEOUT, properties.getShutdown().getDrainTimeout());
            duration(HEALTH + ".stall-timeout", properties.getHealth().getStallTimeout());
            duration(HEALTH + ".full-timeout", properties.getHealth().getFullTimeout());
            return new ChannelDefinitions(List.copyOf(channels),
                    drainTimeout == null ? OveChannelProperties.Shutdown.DEFAULT_DRAIN_TIMEOUT : drainTimeout,
                    properties.getHealth());
        }

        /**
         * Spring Boot matches property names ignoring case and '-', so two entries that differ
         * only so would silently read the same settings (an environment variable written for
         * 'audit-events' arrives as 'auditevents').
         */
        private void checkNamesDifferByMoreThanCase(Iterable<String> names) {
            Map<String, String> byCanonicalName = new LinkedHashMap<>();
            for (String name : names) {
                String clash = byCanonicalName.putIfAbsent(canonical(name), name);
                if (clash != null) {
                    throw invalid(CHANNELS + "." + name, name,
                            "channel names are compared ignoring case, '-' and '_', and '" + clash
                                    + "' is declared too",
                            "Give the channels names that differ by more than case, for example '" + clash
                                    + "' and '" + clash + "-2'.");
                }
            }
        }

        /** Fails on a property under {@code ove.channel} that the binder did not use, such as a typo. */
        private void checkEverythingWasBound() {
            for (ConfigurationPropertySource source : sources) {
                if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                    continue;
                }
                List<ConfigurationPropertyName> unbound = iterable.stream()
                        .filter(ROOT::isAncestorOf).filter(name -> !bound.isUsed(name)).toList();
                for (ConfigurationPropertyName name : unbound) {
                    throw unbound(name, source.getConfigurationProperty(name));
                }
            }
        }

        private InvalidChannelConfigurationException unbound(ConfigurationPropertyName name,
                ConfigurationProperty property) {
            String value = property == null || property.getValue() == null ? null : property.getValue().toString();
            String origin = property == null ? null : origin(property);
            int size = name.getNumberOfElements();
            String group = canonical(name.getElement(2, ConfigurationPropertyName.Form.UNIFORM));
            String groupName = written(name, 3);
            Map<String, String> known = switch (group) {
                case "channels" -> KEYS;
                case "shutdown" -> SHUTDOWN_KEYS;
                case "health" -> HEALTH_KEYS;
                case "listeners" -> LISTENERS_KEYS;
                default -> null;
            };
            if (known == null) {
                return new InvalidChannelConfigurationException(groupName, value, "unknown ove-channel property",
                        "Use " + CHANNELS + ".<name>.*, " + OveChannelProperties.PREFIX + ".shutdown.*, "
                                + OveChannelProperties.PREFIX + ".listeners.*, " + HEALTH + ".* or "
                                + OBSERVATION_ENABLED + " (see the starter's documentation).", origin);
            }
            if (size == 3) {
                return new InvalidChannelConfigurationException(groupName, value, "expected settings under this name",
                        "Use one of " + new TreeSet<>(known.values()) + " under " + groupName
                                + (known == KEYS ? ".<name>." : "."), origin);
            }
            if (known != KEYS) {
                return new InvalidChannelConfigurationException(written(name, 4), value, "unknown property",
                        "Use one of " + new TreeSet<>(known.values()) + " under " + groupName + ".", origin);
            }
            String channel = written(name, 4);
            if (size == 4) {
                return new InvalidChannelConfigurationException(channel, value == null || value.isEmpty() ? null
                        : value, "a channel entry needs its settings, at least a capacity",
                        "Declare it as " + channel + ".capacity: 256 (and optionally type, overflow, send-timeout,"
                                + " dead-letter, metrics-enabled).", origin);
            }
            boolean knownKey = KEYS.containsKey(canonical(name.getElement(4, ConfigurationPropertyName.Form.UNIFORM)));
            return new InvalidChannelConfigurationException(written(name, knownKey ? size : 5), value,
                    "unknown channel property", "Use one of " + new TreeSet<>(KEYS.values()) + " under " + channel
                            + ".", origin);
        }

        private ChannelDefinition channel(String name, OveChannelProperties.ChannelProperties settings) {
            String prefix = CHANNELS + "." + name;
            if (!NAME.matcher(name).matches()) {
                throw invalid(prefix, name,
                        "a channel name must be usable as a bean name: a letter, then letters, digits, '-' or '_'",
                        "Rename the channel, for example to 'orders' or 'audit-events'.");
            }
            int capacity = capacity(prefix + ".capacity", settings.getCapacity());
            Class<?> type = type(prefix + ".type", settings.getType());
            Duration sendTimeout = duration(prefix + ".send-timeout", settings.getSendTimeout());
            String deadLetter = settings.getDeadLetter();
            List<String> downstream = settings.getDownstream() == null ? List.of()
                    : settings.getDownstream().stream().filter(item -> item != null && !item.isBlank())
                            .map(String::trim).toList();
            OverflowPolicy overflow = settings.getOverflow() == null ? OverflowPolicy.BLOCK : settings.getOverflow();
            if (capacity == 0 && overflow == OverflowPolicy.DROP_OLDEST) {
                throw invalid(prefix + ".overflow", "drop-oldest",
                        "a rendezvous channel (capacity 0) buffers nothing, so it has no oldest message to drop",
                        "Use block or drop-newest for " + prefix + ", or give it a capacity of at least 1.");
            }
            SharedMemorySettings sharedMemory = sharedMemory(prefix + ".shared-memory", prefix + ".capacity", capacity,
                    settings.getSharedMemory());
            String backend = backend(prefix, settings.getBackend(), sharedMemory != null);
            BrokerSettings broker = backend.equals("rabbitmq")
                    ? broker(prefix + ".rabbitmq", prefix + ".backend", prefix + ".capacity", name, capacity,
                            settings.getRabbitmq())
                    : null;
            boolean observed = observed(prefix + ".observation-enabled", settings.getObservationEnabled(),
                    sharedMemory != null || broker != null);
            return new ChannelDefinition(name, capacity, type, overflow, sendTimeout,
                    deadLetter == null || deadLetter.isBlank() ? null : deadLetter.trim(),
                    settings.isMetricsEnabled(), downstream, sharedMemory, broker, observed);
        }

        /** Checks where a channel's messages live; the shared-memory settings imply their backend. */
        private String backend(String prefix, String written, boolean sharedMemory) {
            String property = prefix + ".backend";
            if (written == null || written.isBlank()) {
                return sharedMemory ? "shared-memory" : "in-process";
            }
            String backend = written.trim().toLowerCase(java.util.Locale.ROOT);
            if (!BACKENDS.contains(backend)) {
                throw invalid(property, written, "unknown backend",
                        "Set " + property + " to one of " + BACKENDS + ".");
            }
            if (backend.equals("shared-memory") && !sharedMemory) {
                throw invalid(property, written, "a shared-memory channel needs the path of its file",
                        "Set " + prefix + ".shared-memory.path, for example to /dev/shm/orders.");
            }
            if (!backend.equals("shared-memory") && sharedMemory) {
                throw invalid(property, written, "the channel also has shared-memory settings, which make it a"
                        + " shared-memory channel", "Remove " + prefix + ".shared-memory, or set " + property
                        + " to shared-memory.");
            }
            return backend;
        }

        /**
         * Checks the broker settings of a channel whose backend is rabbitmq.
         *
         * @param group    where the settings are written, named in each report
         * @param backend  where the choice of the broker is written
         * @param capacityProperty where the capacity is written
         */
        private BrokerSettings broker(String group, String backend, String capacityProperty, String name, int capacity,
                OveChannelProperties.Rabbitmq settings) {
            if (!rabbitmqModulePresent) {
                throw invalid(backend, "rabbitmq", "broker channels need the module ove-channel-rabbitmq,"
                        + " which is not on the classpath", "Add the dependency io.ove:ove-channel-rabbitmq and"
                        + " spring-boot-starter-amqp.");
            }
            if (capacity < 1) {
                throw invalid(capacityProperty, String.valueOf(capacity),
                        "a broker channel is a queue of at least 1 message (the broker has no rendezvous)",
                        "Give the channel a capacity of 1 or more, or keep it in-process.");
            }
            OveChannelProperties.Rabbitmq given = settings == null ? new OveChannelProperties.Rabbitmq() : settings;
            String queue = given.getQueue() == null || given.getQueue().isBlank() ? name : given.getQueue().trim();
            if (queue.length() > 200) {
                throw invalid(group + ".queue", queue, "a RabbitMQ queue name has at most 255 bytes, and the channel"
                        + " adds suffixes to it", "Use a queue name of at most 200 characters.");
            }
            String queueType = given.getQueueType() == null ? "classic"
                    : given.getQueueType().trim().toLowerCase(java.util.Locale.ROOT);
            if (!queueType.equals("classic") && !queueType.equals("quorum")) {
                throw invalid(group + ".queue-type", given.getQueueType(), "unknown queue type",
                        "Set " + group + ".queue-type to classic or quorum.");
            }
            if (given.getPrefetch() < 1) {
                throw invalid(group + ".prefetch", String.valueOf(given.getPrefetch()), "the prefetch must be at least 1",
                        "Set " + group + ".prefetch, for example to 16.");
            }
            Duration confirmTimeout = given.getConfirmTimeout();
            if (confirmTimeout == null || confirmTimeout.isNegative() || confirmTimeout.isZero()) {
                throw invalid(group + ".confirm-timeout", String.valueOf(confirmTimeout),
                        "the confirm timeout must be positive", "Set " + group + ".confirm-timeout, for example to 10s.");
            }
            Duration startupTimeout = given.getStartupTimeout() == null ? Duration.ZERO : given.getStartupTimeout();
            if (startupTimeout.isNegative()) {
                throw invalid(group + ".startup-timeout", String.valueOf(startupTimeout),
                        "the startup timeout cannot be negative", "Set " + group + ".startup-timeout to 0 (fail at"
                                + " once) or to how long to wait for the broker, for example 30s.");
            }
            String codec = given.getCodec() == null || given.getCodec().isBlank() ? "json" : given.getCodec().trim();
            return new BrokerSettings(queue, queueType, codec, given.getPrefetch(), confirmTimeout, startupTimeout);
        }

        /**
         * Resolves whether a channel's listeners are observed: its own setting, else the global
         * default, which leaves shared channels out (shared-memory and broker channels: their
         * messages cross processes as bytes, so no context can travel with them). Asking for it explicitly on such a channel,
         * or asking without the classes it needs, fails here, before any bean exists.
         *
         * @param property where the channel's own setting is written
         * @param own      the channel's own setting, or {@code null}
         * @param shared   whether the channel is shared with other processes (a file or a broker queue)
         */
        private boolean observed(String property, Boolean own, boolean shared) {
            boolean observed = own != null ? own : properties.isObservationEnabled() && !shared;
            if (!observed) {
                return false;
            }
            String written = own != null ? property : OBSERVATION_ENABLED;
            if (shared) {
                throw invalid(property, "true", "a channel shared with other processes (shared-memory or rabbitmq)"
                        + " carries its messages to them as encoded bytes, so the sender's observation and context cannot travel with them",
                        "Remove " + property + " (the global " + OBSERVATION_ENABLED + " leaves shared"
                                + " channels out), or keep the channel in-process to trace through it.");
            }
            if (!observationPresent) {
                throw invalid(written, "true", "observing listeners needs io.micrometer:micrometer-observation and"
                        + " io.micrometer:context-propagation, which are not on the classpath",
                        "Add spring-boot-starter-actuator (or both libraries), or set " + written + " to false.");
            }
            return true;
        }

        /**
         * Checks the shared-memory settings of a channel; {@code null} when it is in-process.
         *
         * @param prefix           where the settings are written, named in each report
         * @param capacityProperty where the capacity is written
         */
        private SharedMemorySettings sharedMemory(String prefix, String capacityProperty, int capacity,
                OveChannelProperties.SharedMemory settings) {
            if (settings == null) {
                return null;
            }
            String path = settings.getPath();
            if (path == null || path.isBlank()) {
                throw invalid(prefix + ".path", path, "a shared-memory channel needs the path of its file",
                        "Set " + prefix + ".path, for example to /dev/shm/orders, or remove " + prefix
                                + " to keep the channel in-process.");
            }
            if (!sharedMemoryModulePresent) {
                throw invalid(prefix + ".path", path, "shared-memory channels need the module ove-channel-shm,"
                        + " which is not on the classpath", "Add the dependency io.ove:ove-channel-shm.");
            }
            if (capacity < 2) {
                throw invalid(capacityProperty, String.valueOf(capacity),
                        "a shared-memory channel holds at least 2 messages (its file layout cannot represent fewer)",
                        "Give the channel a capacity of 2 or more, or keep it in-process.");
            }
            Integer maxMessageSize = settings.getMaxMessageSize();
            if (maxMessageSize == null || maxMessageSize < 1 || maxMessageSize > MAX_SHARED_MESSAGE_SIZE) {
                throw invalid(prefix + ".max-message-size", String.valueOf(maxMessageSize),
                        "the largest message must be between 1 byte and 16 MiB",
                        "Set " + prefix + ".max-message-size to the largest encoded message, for example 1024.");
            }
            long fileSize = 8192L + (long) capacity * (16 + ((maxMessageSize + 7) & ~7));
            if (fileSize > Integer.MAX_VALUE) {
                throw invalid(prefix + ".max-message-size", String.valueOf(maxMessageSize),
                        "a file of " + capacity + " slots of that size needs " + fileSize + " bytes, more than the"
                                + " 2 GiB one file may map",
                        "Lower the capacity or " + prefix + ".max-message-size.");
            }
            Duration stuckTimeout = settings.getStuckTimeout();
            if (stuckTimeout == null || stuckTimeout.isNegative() || stuckTimeout.isZero()) {
                throw invalid(prefix + ".stuck-timeout", String.valueOf(stuckTimeout),
                        "the stuck timeout must be positive", "Set " + prefix + ".stuck-timeout, for example to 2s.");
            }
            String codec = settings.getCodec() == null || settings.getCodec().isBlank() ? "json"
                    : settings.getCodec().trim();
            return new SharedMemorySettings(java.nio.file.Path.of(path.trim()), maxMessageSize, codec,
                    settings.isCreate(), stuckTimeout);
        }

        /**
         * Checks a channel declared as a {@link ChannelDefinition} bean as its properties would be,
         * and fills in what Java may leave {@code null} (the overflow policy, the downstream list).
         */
        private ChannelDefinition checkedBean(ChannelDefinition bean, List<ChannelDefinition> before) {
            String where = "ChannelDefinition bean '" + bean.name() + "'";
            if (bean.name() == null || !NAME.matcher(bean.name()).matches()) {
                throw new InvalidChannelConfigurationException("ChannelDefinition bean", bean.name(),
                        "a channel name must be usable as a bean name: a letter, then letters, digits, '-' or '_'",
                        "Rename the channel, for example to 'orders' or 'audit-events'.");
            }
            for (ChannelDefinition other : before) {
                if (canonical(other.name()).equals(canonical(bean.name()))) {
                    throw new InvalidChannelConfigurationException(where, bean.name(),
                            "channel '" + other.name() + "' is already declared (names are compared ignoring case,"
                                    + " '-' and '_')",
                            "Declare each channel once: in " + CHANNELS + " or as a ChannelDefinition bean.");
                }
            }
            if (bean.capacity() < 0 || bean.capacity() > MAX_CAPACITY) {
                throw new InvalidChannelConfigurationException(where + ": capacity", String.valueOf(bean.capacity()),
                        "the capacity is out of range", "Use a capacity from 0 (a rendezvous channel) to "
                                + MAX_CAPACITY + ".");
            }
            OverflowPolicy overflow = bean.overflow() == null ? OverflowPolicy.BLOCK : bean.overflow();
            if (bean.capacity() == 0 && overflow == OverflowPolicy.DROP_OLDEST) {
                throw new InvalidChannelConfigurationException(where + ": overflow", "DROP_OLDEST",
                        "a rendezvous channel (capacity 0) buffers nothing, so it has no oldest message to drop",
                        "Use BLOCK or DROP_NEWEST, or give it a capacity of at least 1.");
            }
            if (bean.sendTimeout() != null && bean.sendTimeout().isNegative()) {
                throw new InvalidChannelConfigurationException(where + ": sendTimeout", bean.sendTimeout().toString(),
                        "the duration is negative", "Use zero or a positive duration, or null for none.");
            }
            if (bean.sharedMemory() != null && bean.broker() != null) {
                throw new InvalidChannelConfigurationException(where, bean.name(),
                        "the channel has both shared-memory and broker settings, but its messages live in one place",
                        "Keep withSharedMemory(...) or withBroker(...), not both.");
            }
            SharedMemorySettings sharedMemory = bean.sharedMemory() == null ? null
                    : sharedMemory(where + ": sharedMemory", where + ": capacity", bean.capacity(),
                            asProperties(bean.sharedMemory()));
            BrokerSettings broker = bean.broker() == null ? null
                    : broker(where + ": broker", where + ": broker", where + ": capacity", bean.name(),
                            bean.capacity(), asProperties(bean.broker()));
            boolean observed = observed(where + ": observationEnabled", bean.observationEnabled(),
                    sharedMemory != null || broker != null);
            return new ChannelDefinition(bean.name(), bean.capacity(), bean.type(), overflow, bean.sendTimeout(),
                    bean.deadLetter() == null || bean.deadLetter().isBlank() ? null : bean.deadLetter().trim(),
                    bean.metricsEnabled(), bean.downstream() == null ? List.of() : List.copyOf(bean.downstream()),
                    sharedMemory, broker, observed);
        }

        /** A bean's shared-memory settings as properties, so that they are checked by the same rules. */
        private static OveChannelProperties.SharedMemory asProperties(SharedMemorySettings settings) {
            OveChannelProperties.SharedMemory properties = new OveChannelProperties.SharedMemory();
            properties.setPath(settings.path() == null ? null : settings.path().toString());
            properties.setMaxMessageSize(settings.maxMessageSize());
            properties.setCodec(settings.codec());
            properties.setCreate(settings.create());
            properties.setStuckTimeout(settings.stuckTimeout());
            return properties;
        }

        /** A bean's broker settings as properties, so that they are checked by the same rules. */
        private static OveChannelProperties.Rabbitmq asProperties(BrokerSettings settings) {
            OveChannelProperties.Rabbitmq properties = new OveChannelProperties.Rabbitmq();
            properties.setQueue(settings.queue());
            properties.setQueueType(settings.queueType());
            properties.setCodec(settings.codec());
            properties.setPrefetch(settings.prefetch());
            properties.setConfirmTimeout(settings.confirmTimeout());
            properties.setStartupTimeout(settings.startupTimeout());
            return properties;
        }

        private int capacity(String property, Integer capacity) {
            String fix = capacityFix(property);
            if (capacity == null) {
                throw invalid(property, null, "every channel needs a capacity", fix);
            }
            String text = asWritten(property, capacity);
            if (capacity < 0) {
                throw invalid(property, text, "the capacity must not be negative", fix);
            }
            if (capacity > MAX_CAPACITY) {
                throw invalid(property, text, "the capacity is larger than the largest supported, " + MAX_CAPACITY,
                        fix);
            }
            // The ring is allocated up front: a stamp (8 bytes) and a reference (up to 8) per slot.
            long bytes = capacity * BYTES_PER_SLOT;
            long maxHeap = Runtime.getRuntime().maxMemory();
            if (maxHeap != Long.MAX_VALUE && bytes > maxHeap / 2) {
                throw invalid(property, text,
                        "a channel of that capacity needs about " + (bytes >> 20) + " MiB of heap up front, more"
                                + " than half of this JVM's maximum heap (" + (maxHeap >> 20) + " MiB)",
                        "Lower the capacity, or raise the heap with -Xmx.");
            }
            return capacity;
        }

        private Class<?> type(String property, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return ClassUtils.forName(text.trim(), classLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw invalid(property, text, "no class of that name is on the class path",
                        "Give the fully qualified name of the message class, for example com.example.Order,"
                                + " or remove " + property + " to inject the halves by qualifier only.");
            }
        }

        private Duration duration(String property, Duration duration) {
            if (duration != null && duration.isNegative()) {
                throw invalid(property, asWritten(property, duration), "the duration is negative",
                        "Use zero or a positive duration such as 2s.");
            }
            return duration;
        }

        /**
         * Checks every reference from one channel to another (dead letters and downstream lists):
         * it names a declared channel, the dead-letter channel can carry {@link DeadLetter}s, and
         * no chain of such references comes back to where it started.
         */
        private void checkReferences(List<ChannelDefinition> channels) {
            Map<String, ChannelDefinition> byName = new LinkedHashMap<>();
            channels.forEach(channel -> byName.put(channel.name(), channel));
            for (ChannelDefinition channel : channels) {
                String prefix = CHANNELS + "." + channel.name();
                String target = channel.deadLetter();
                if (target != null) {
                    checkReference(prefix + ".dead-letter", channel, target, byName, "dead-letter channel");
                    Class<?> carried = byName.get(target).type();
                    if (carried != null && !carried.isAssignableFrom(DeadLetter.class)) {
                        throw invalid(CHANNELS + "." + target + ".type", carried.getName(),
                                "channel '" + target + "' is the dead-letter channel of '" + channel.name()
                                        + "', which delivers " + DeadLetter.class.getName() + " records to it",
                                "Set " + CHANNELS + "." + target + ".type to " + DeadLetter.class.getName()
                                        + ", or remove it.");
                    }
                }
                for (String downstream : channel.downstream()) {
                    checkReference(prefix + ".downstream", channel, downstream, byName, "downstream channel");
                }
            }
            try {
                ShutdownOrder.levels(channels, name -> List.of());
            } catch (InvalidChannelConfigurationException e) {
                throw located(e);
            }
        }

        private void checkReference(String property, ChannelDefinition channel, String target,
                Map<String, ChannelDefinition> byName, String role) {
            if (target.equals(channel.name())) {
                throw invalid(property, target, "a channel cannot be its own " + role, "Name another declared channel.");
            }
            if (!byName.containsKey(target)) {
                throw invalid(property, target, "no channel of that name is declared",
                        "Declare " + CHANNELS + "." + target + ".capacity, or use one of "
                                + new TreeSet<>(byName.keySet()) + ".");
            }
        }

        /** The value of {@code property} as the user wrote it, else as bound. */
        private String asWritten(String property, Object boundValue) {
            ConfigurationPropertyName name = nameOf(property);
            ConfigurationProperty source = name == null ? null : bound.used.get(name);
            return source == null || source.getValue() == null ? String.valueOf(boundValue)
                    : source.getValue().toString();
        }

        private InvalidChannelConfigurationException invalid(String property, String value, String problem,
                String fix) {
            ConfigurationProperty source = property(property);
            return new InvalidChannelConfigurationException(property, value, problem, fix,
                    source == null ? null : origin(source));
        }

        private InvalidChannelConfigurationException located(InvalidChannelConfigurationException e) {
            ConfigurationProperty source = e.getOrigin() == null ? property(e.getProperty()) : null;
            return source == null ? e : e.withOrigin(origin(source));
        }

        /**
         * @return the bound property {@code property} names, or else the first bound below it or
         *         below its channel (where a missing capacity's channel is declared), or {@code null}
         */
        private ConfigurationProperty property(String property) {
            for (ConfigurationPropertyName name = nameOf(property); name != null
                    && name.getNumberOfElements() >= 4; name = name.getParent()) {
                ConfigurationProperty found = bound.find(name);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
    }

    /** {@return {@code property} as a configuration property name, or {@code null} if it is not one} */
    private static ConfigurationPropertyName nameOf(String property) {
        return property.startsWith(OveChannelProperties.PREFIX + ".")
                ? ConfigurationPropertyName.adapt(property, '.') : null;
    }

    /** The first {@code count} elements of {@code name} as the user wrote them. */
    private static String written(ConfigurationPropertyName name, int count) {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < Math.min(count, name.getNumberOfElements()); i++) {
            String element = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
            if (name.isNumericIndex(i)) {
                written.append('[').append(element).append(']');
            } else {
                written.append(written.isEmpty() ? "" : ".").append(element);
            }
        }
        return written.toString();
    }

    /** Where a value was written: a file and line, or the environment variable's own name. */
    private static String origin(ConfigurationProperty property) {
        return property.getOrigin() == null ? null : property.getOrigin().toString();
    }

    private static String capacityFix(String property) {
        return "Set " + property + " to a whole number from 0 (a rendezvous channel, with no buffer) to " + MAX_CAPACITY
                + ", for example 256.";
    }

    /** A key as Spring Boot's relaxed binding compares it: lower case, without '-' or '_'. */
    private static String canonical(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Looks up one declared channel.
     *
     * @param name a channel's name
     * @return the definition of {@code name}, or {@code null}
     */
    public ChannelDefinition find(String name) {
        return channels.stream().filter(channel -> channel.name().equals(name)).findFirst().orElse(null);
    }

    /** {@return the declared channel names, sorted} */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        channels.forEach(channel -> names.add(channel.name()));
        return names;
    }
}
