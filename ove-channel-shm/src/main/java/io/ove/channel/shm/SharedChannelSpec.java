package io.ove.channel.shm;

import io.ove.channel.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a process asks of a shared channel file, checked by {@link SharedMemoryChannelBuilder}. The
 * {@code *Set} flags say which shape fields the caller gave explicitly: only those are checked
 * against an existing file, so a consumer may open a file without knowing its shape.
 */
record SharedChannelSpec(
        Path path,
        int capacity,
        boolean capacitySet,
        int maxMessageSize,
        boolean maxMessageSizeSet,
        OverflowPolicy overflow,
        boolean overflowSet,
        boolean create,
        Duration stuckTimeout) {
}
