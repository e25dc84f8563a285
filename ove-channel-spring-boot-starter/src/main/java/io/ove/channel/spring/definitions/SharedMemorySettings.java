package io.ove.channel.spring.definitions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The validated {@code shared-memory} settings of a channel whose ring lives in a memory-mapped
 * file shared with other processes (module {@code ove-channel-shm}).
 *
 * @param path           the channel file
 * @param maxMessageSize the largest payload, in bytes, of a file this application creates
 * @param codec          {@code json}, {@code utf8}, {@code bytes}, or the name of a {@code Codec} bean
 * @param create         whether to create the file when absent
 * @param stuckTimeout   how long a slot may stay unfinished before its writer or reader is taken for dead
 */
public record SharedMemorySettings(Path path, int maxMessageSize, String codec, boolean create, Duration stuckTimeout) {
}
