package io.ove.channel.spring.lifecycle;

import io.ove.channel.spring.definitions.ChannelDefinition;
import io.ove.channel.spring.definitions.InvalidChannelConfigurationException;
import io.ove.channel.spring.definitions.OveChannelProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The order in which channels shut down, so that a pipeline drains front to back: a channel
 * closes only after every channel whose listeners send into it has closed and drained.
 *
 * <p>An edge {@code A -> B} means "what A's listeners do may send to B": B is A's dead-letter
 * channel, B is in A's {@code downstream} list, or a listener of A has B's {@code Sender} (or
 * {@code Channel}) injected. Channels are grouped in levels: level 0 has no upstream channel, and
 * each other channel sits one level below its deepest upstream channel. A cycle has no such order
 * and is refused.
 */
public final class ShutdownOrder {

    private ShutdownOrder() {
    }

    /**
     * Orders the channels for closing: a channel closes before the channels its listeners send to.
     *
     * @param channels the declared channels
     * @param sendsTo  for a channel's name, the channels its listeners were found to send to
     * @return the channel names by level, the first level to close first
     * @throws InvalidChannelConfigurationException naming the cycle, if there is one
     */
    public static List<List<String>> levels(Collection<ChannelDefinition> channels,
            Function<String, Collection<String>> sendsTo) {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (ChannelDefinition channel : channels) {
            Set<String> targets = new LinkedHashSet<>(channel.downstream());
            if (channel.deadLetter() != null) {
                targets.add(channel.deadLetter());
            }
            targets.addAll(sendsTo.apply(channel.name()));
            targets.remove(channel.name()); // a listener re-queueing into its own channel is no ordering
            edges.put(channel.name(), targets);
        }
        Map<String, Integer> level = new LinkedHashMap<>();
        for (String name : edges.keySet()) {
            depth(name, edges, level, new ArrayList<>());
        }
        List<List<String>> levels = new ArrayList<>();
        level.forEach((name, depth) -> {
            while (levels.size() <= depth) {
                levels.add(new ArrayList<>());
            }
            levels.get(depth).add(name);
        });
        return levels;
    }

    /** The longest path from any channel to {@code name}, found by walking edges backwards. */
    private static int depth(String name, Map<String, Set<String>> edges, Map<String, Integer> level,
            List<String> path) {
        Integer known = level.get(name);
        if (known != null) {
            return known;
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new InvalidChannelConfigurationException(OveChannelProperties.PREFIX + ".channels",
                    String.join(" <- ", cycle),
                    "these channels feed each other (through dead-letter, downstream or an injected Sender in a"
                            + " listener), so none can be shut down after the others",
                    "Break the cycle: send failures of the last channel somewhere else, or drop one of the"
                            + " downstream entries.");
        }
        path.add(name);
        int depth = 0;
        for (Map.Entry<String, Set<String>> edge : edges.entrySet()) {
            if (edge.getValue().contains(name)) {
                depth = Math.max(depth, depth(edge.getKey(), edges, level, path) + 1);
            }
        }
        path.remove(path.size() - 1);
        level.put(name, depth);
        return depth;
    }
}
