package io.ove.channel.spring;

import io.ove.channel.OverflowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Reads and validates the {@code ove.channel.*} properties before any bean exists.
 *
 * <p>Values are bound as raw text and checked here rather than converted by the binder, so every
 * mistake (a missing or non-numeric capacity, an unknown overflow value, a class that does not
 * exist, a misspelt key) becomes an {@link InvalidChannelConfigurationException} that names the
 * exact property, the value and the fix.
 *
 * @param channels     the declared channels, in declaration order
 * @param drainTimeout how long shutdown lets receivers drain
 */
public record ChannelDefinitions(List<ChannelDefinition> channels, Duration drainTimeout) {

    private static final String CHANNELS = OveChannelProperties.PREFIX + ".channels";
    private static final String DRAIN_TIMEOUT = OveChannelProperties.PREFIX + ".shutdown.drain-timeout";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final long MAX_CAPACITY = 1L << 30;
    private static final long BYTES_PER_SLOT = 16;

    /** Canonical form of each known key (lower case, no separators) to its documented spelling. */
    static final Map<String, String> KEYS = Map.of(
            "capacity", "capacity",
            "type", "type",
            "overflow", "overflow",
            "sendtimeout", "send-timeout",
            "deadletter", "dead-letter",
            "metricsenabled", "metrics-enabled",
            "downstream", "downstream");

    /** Canonical form of each key under {@code ove.channel.shutdown} to its documented spelling. */
    static final Map<String, String> SHUTDOWN_KEYS = Map.of("draintimeout", "drain-timeout");

    /** Canonical form of each key under {@code ove.channel.health} to its documented spelling. */
    static final Map<String, String> HEALTH_KEYS = Map.of("stalltimeout", "stall-timeout",
            "fulltimeout", "full-timeout", "stalledstatus", "stalled-status");

    /**
     * Reads every declared channel from {@code environment}.
     *
     * @param environment the application's environment
     * @param classLoader where to look up message types
     * @return the validated definitions
     * @throws InvalidChannelConfigurationException naming the first property at fault
     */
    public static ChannelDefinitions read(Environment environment, ClassLoader classLoader) {
        try {
            return read(Binder.get(environment), classLoader);
        } catch (InvalidChannelConfigurationException e) {
            String origin = e.getOrigin() == null ? origin(environment, e.getProperty()) : null;
            throw origin == null ? e : e.withOrigin(origin);
        }
    }

    /**
     * Where the value of {@code property}, or of the first property below it, was written: Spring
     * Boot's origin, such as a file and line or the environment variable's own name (which the
     * property name alone would hide).
     */
    private static String origin(Environment environment, String property) {
        if (!property.startsWith(OveChannelProperties.PREFIX)) {
            return null;
        }
        try {
            ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                ConfigurationProperty exact = source.getConfigurationProperty(name);
                if (exact != null && exact.getOrigin() != null) {
                    return exact.getOrigin().toString();
                }
                if (source instanceof IterableConfigurationPropertySource iterable) {
                    ConfigurationProperty below = iterable.stream().filter(name::isAncestorOf)
                            .map(source::getConfigurationProperty)
                            .filter(found -> found != null && found.getOrigin() != null)
                            .findFirst().orElse(null);
                    if (below != null) {
                        return below.getOrigin().toString();
                    }
                }
            }
        } catch (RuntimeException notAPropertyName) {
            // A bean's description, or a name Spring cannot parse: the report goes without origin.
        }
        return null;
    }

    private static ChannelDefinitions read(Binder binder, ClassLoader classLoader) {
        checkTopLevelKeys(binder);
        // Bound as plain objects: a channel entry that is not a map of settings ("orders: 5" or an
        // empty "orders:") is reported below instead of failing inside the binder's conversion.
        Map<String, Object> declared = binder.bind(CHANNELS, Bindable.mapOf(String.class, Object.class))
                .orElseGet(LinkedHashMap::new);
        List<ChannelDefinition> channels = new ArrayList<>();
        Map<String, String> byCanonicalName = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            String name = entry.getKey();
            String clash = byCanonicalName.putIfAbsent(canonical(name), name);
            if (clash != null) {
                // Spring Boot matches property names ignoring case and '-', so both entries would
                // silently read the same settings (an environment variable written for
                // 'audit-events' arrives as 'auditevents').
                throw new InvalidChannelConfigurationException(CHANNELS + "." + name, name,
                        "channel names are compared ignoring case, '-' and '_', and '" + clash + "' is declared too",
                        "Give the channels names that differ by more than case, for example '" + clash
                                + "' and '" + clash + "-2'.");
            }
            channels.add(readChannel(name, settings(name, entry.getValue()), classLoader));
        }
        checkReferences(channels);
        Duration drainTimeout = binder.bind(DRAIN_TIMEOUT, Bindable.of(String.class))
                .map(text -> duration(DRAIN_TIMEOUT, text))
                .orElse(OveChannelProperties.Shutdown.DEFAULT_DRAIN_TIMEOUT);
        return new ChannelDefinitions(List.copyOf(channels), drainTimeout);
    }

    /** Fails on a key under {@code ove.channel} that the starter does not know, such as a typo. */
    private static void checkTopLevelKeys(Binder binder) {
        Map<String, Object> all = binder.bind(OveChannelProperties.PREFIX, Bindable.mapOf(String.class, Object.class))
                .orElseGet(Map::of);
        for (Map.Entry<String, Object> entry : all.entrySet()) {
            String key = entry.getKey();
            String property = OveChannelProperties.PREFIX + "." + key;
            switch (canonical(key)) {
                case "channels" -> { }
                case "shutdown" -> checkKeys(property, entry.getValue(), SHUTDOWN_KEYS);
                case "health" -> checkKeys(property, entry.getValue(), HEALTH_KEYS);
                default -> throw new InvalidChannelConfigurationException(property, text(entry.getValue()),
                        "unknown ove-channel property",
                        "Use " + OveChannelProperties.PREFIX + ".channels.<name>.*, " + OveChannelProperties.PREFIX
                                + ".shutdown.* or " + OveChannelProperties.PREFIX
                                + ".health.* (see the starter's documentation).");
            }
        }
    }

    private static void checkKeys(String prefix, Object value, Map<String, String> known) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidChannelConfigurationException(prefix, text(value), "expected settings under this name",
                    "Use one of " + new TreeSet<>(known.values()) + " under " + prefix + ".");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!known.containsKey(canonical(entry.getKey().toString()))) {
                throw new InvalidChannelConfigurationException(prefix + "." + entry.getKey(), text(entry.getValue()),
                        "unknown property", "Use one of " + new TreeSet<>(known.values()) + " under " + prefix + ".");
            }
        }
    }

    /** The settings of one channel entry, or a report naming the entry when it has none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(String name, Object value) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            return (Map<String, Object>) map;
        }
        String property = CHANNELS + "." + name;
        throw new InvalidChannelConfigurationException(property, value == null || text(value).isEmpty() ? null
                : text(value), "a channel entry needs its settings, at least a capacity",
                "Declare it as " + property + ".capacity: 256 (and optionally type, overflow, send-timeout,"
                        + " dead-letter, metrics-enabled).");
    }

    /** A key as Spring Boot's relaxed binding compares it: lower case, without '-' or '_'. */
    private static String canonical(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** @return the definition of {@code name}, or {@code null} */
    public ChannelDefinition find(String name) {
        return channels.stream().filter(channel -> channel.name().equals(name)).findFirst().orElse(null);
    }

    /** @return the declared channel names, sorted */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        channels.forEach(channel -> names.add(channel.name()));
        return names;
    }

    private static ChannelDefinition readChannel(String name, Map<String, Object> values, ClassLoader classLoader) {
        String prefix = CHANNELS + "." + name;
        if (!NAME.matcher(name).matches()) {
            throw new InvalidChannelConfigurationException(prefix, name,
                    "a channel name must be usable as a bean name: a letter, then letters, digits, '-' or '_'",
                    "Rename the channel, for example to 'orders' or 'audit-events'.");
        }
        Map<String, Object> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String canonical = canonical(entry.getKey());
            if (!KEYS.containsKey(canonical)) {
                throw new InvalidChannelConfigurationException(prefix + "." + entry.getKey(), text(entry.getValue()),
                        "unknown channel property",
                        "Use one of " + new TreeSet<>(KEYS.values()) + " under " + prefix + ".");
            }
            byKey.put(canonical, entry.getValue());
        }
        int capacity = capacity(prefix + ".capacity", byKey.get("capacity"));
        Class<?> type = type(prefix + ".type", text(byKey.get("type")), classLoader);
        OverflowPolicy overflow = overflow(prefix + ".overflow", text(byKey.get("overflow")));
        String sendTimeoutText = text(byKey.get("sendtimeout"));
        Duration sendTimeout = sendTimeoutText == null ? null : duration(prefix + ".send-timeout", sendTimeoutText);
        String deadLetter = text(byKey.get("deadletter"));
        boolean metricsEnabled = bool(prefix + ".metrics-enabled", text(byKey.get("metricsenabled")), true);
        return new ChannelDefinition(name, capacity, type, overflow, sendTimeout,
                deadLetter == null || deadLetter.isBlank() ? null : deadLetter.trim(), metricsEnabled,
                names(byKey.get("downstream")));
    }

    private static int capacity(String property, Object value) {
        String text = text(value);
        String fix = "Set " + property + " to a whole number from 1 to " + MAX_CAPACITY + ", for example 256.";
        if (text == null || text.isBlank()) {
            throw new InvalidChannelConfigurationException(property, null, "every channel needs a capacity", fix);
        }
        long capacity;
        try {
            capacity = Long.parseLong(text.trim());
        } catch (NumberFormatException notANumber) {
            throw new InvalidChannelConfigurationException(property, text, "the capacity is not a whole number", fix);
        }
        if (capacity < 1) {
            throw new InvalidChannelConfigurationException(property, text, "the capacity must be at least 1", fix);
        }
        if (capacity > MAX_CAPACITY) {
            throw new InvalidChannelConfigurationException(property, text,
                    "the capacity is larger than the largest supported, " + MAX_CAPACITY, fix);
        }
        // The ring is allocated up front: a stamp (8 bytes) and a reference (up to 8) per slot.
        long bytes = capacity * BYTES_PER_SLOT;
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap != Long.MAX_VALUE && bytes > maxHeap / 2) {
            throw new InvalidChannelConfigurationException(property, text,
                    "a channel of that capacity needs about " + (bytes >> 20) + " MiB of heap up front, more than half"
                            + " of this JVM's maximum heap (" + (maxHeap >> 20) + " MiB)",
                    "Lower the capacity, or raise the heap with -Xmx.");
        }
        return (int) capacity;
    }

    private static Class<?> type(String property, String text, ClassLoader classLoader) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ClassUtils.forName(text.trim(), classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidChannelConfigurationException(property, text, "no class of that name is on the class path",
                    "Give the fully qualified name of the message class, for example com.example.Order,"
                            + " or remove " + property + " to inject the halves by qualifier only.");
        }
    }

    private static OverflowPolicy overflow(String property, String text) {
        if (text == null || text.isBlank()) {
            return OverflowPolicy.BLOCK;
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            if (policy.name().equals(normalized)) {
                return policy;
            }
        }
        throw new InvalidChannelConfigurationException(property, text, "unknown overflow policy",
                "Use one of block, drop-newest, drop-oldest.");
    }

    private static Duration duration(String property, String text) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidChannelConfigurationException(property, text, "not a duration",
                    "Write a duration such as 500ms, 2s, 1m or PT30S.");
        }
        if (duration.isNegative()) {
            throw new InvalidChannelConfigurationException(property, text, "the duration is negative",
                    "Use zero or a positive duration such as 2s.");
        }
        return duration;
    }

    private static boolean bool(String property, String text, boolean defaultValue) {
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidChannelConfigurationException(property, text, "not a boolean",
                    "Use true or false.");
        };
    }

    /** A list of channel names as YAML or the command line give it: a list, or comma-separated. */
    private static List<String> names(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof Map<?, ?> indexed) {
            indexed.values().forEach(item -> names.addAll(names(item)));
        } else if (value instanceof Iterable<?> items) {
            items.forEach(item -> names.addAll(names(item)));
        } else if (value != null) {
            for (String name : value.toString().split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Checks every reference from one channel to another (dead letters and downstream lists): it
     * names a declared channel, the dead-letter channel can carry {@link DeadLetter}s, and no chain
     * of such references comes back to where it started.
     */
    private static void checkReferences(List<ChannelDefinition> channels) {
        Map<String, ChannelDefinition> byName = new LinkedHashMap<>();
        channels.forEach(channel -> byName.put(channel.name(), channel));
        for (ChannelDefinition channel : channels) {
            String prefix = CHANNELS + "." + channel.name();
            String target = channel.deadLetter();
            if (target != null) {
                checkReference(prefix + ".dead-letter", channel, target, byName, "dead-letter channel");
                Class<?> carried = byName.get(target).type();
                if (carried != null && !carried.isAssignableFrom(DeadLetter.class)) {
                    throw new InvalidChannelConfigurationException(CHANNELS + "." + target + ".type", carried.getName(),
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
        ShutdownOrder.levels(channels, name -> List.of());
    }

    private static void checkReference(String property, ChannelDefinition channel, String target,
            Map<String, ChannelDefinition> byName, String role) {
        if (target.equals(channel.name())) {
            throw new InvalidChannelConfigurationException(property, target,
                    "a channel cannot be its own " + role, "Name another declared channel.");
        }
        if (!byName.containsKey(target)) {
            throw new InvalidChannelConfigurationException(property, target, "no channel of that name is declared",
                    "Declare " + CHANNELS + "." + target + ".capacity, or use one of " + new TreeSet<>(byName.keySet())
                            + ".");
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
