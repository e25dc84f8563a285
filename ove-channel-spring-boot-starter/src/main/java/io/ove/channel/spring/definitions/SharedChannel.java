package io.ove.channel.spring.definitions;

import io.ove.channel.Channel;

/**
 * A declared channel whose ring lives in a shared file: the channel this application uses (one
 * sender and one receiver of its own) and what detaches it from the file at shutdown. It names no
 * type of {@code ove-channel-shm}, so that the starter loads that optional module only when a
 * channel is shared.
 *
 * @param channel the channel over the shared storage
 * @param detach  gives up this application's handles and detaches from the file
 */
public record SharedChannel(Channel<Object> channel, AutoCloseable detach) {
}
