package io.ove.channel;

/**
 * What a channel does with a new message when it is full. Chosen once, when the channel is built.
 *
 * <p>{@link Sender#trySend(Object)} never blocks under any policy; the policy decides whether it
 * reports {@link SendResult#FULL} or makes room.
 */
public enum OverflowPolicy {
    /**
     * Back-pressure (the default): {@link Sender#send(Object)} waits for room and
     * {@link Sender#trySend(Object)} reports {@link SendResult#FULL}.
     */
    BLOCK,
    /**
     * Refuse the new message: every send returns {@link SendResult#FULL} at once when the channel
     * is full, and the refusal is counted as a full drop.
     */
    DROP_NEWEST,
    /**
     * Evict the oldest buffered message to make room for the new one. The evicted message is
     * counted as a full drop and handed to the channel's {@link UndeliveredHandler} with
     * {@link UndeliveredReason#EVICTED}.
     */
    DROP_OLDEST
}
