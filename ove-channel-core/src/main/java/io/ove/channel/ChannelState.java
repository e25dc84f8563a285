package io.ove.channel;

/**
 * The life cycle of a channel. It only moves forward: {@code OPEN} to {@code CLOSED_FOR_SENDING}
 * to {@code CLOSED_FOR_RECEIVING}, possibly skipping the middle state.
 */
public enum ChannelState {
    /** Sends are accepted and receivers get messages. */
    OPEN,
    /**
     * No new message is accepted (every {@link Sender} was closed, or the sending side was closed
     * as a whole); receivers still drain what is buffered, then see the channel closed.
     */
    CLOSED_FOR_SENDING,
    /**
     * Every {@link Receiver} is gone (or the receiving side was closed as a whole): sends are
     * refused, and whatever was still buffered has been reported as undelivered.
     */
    CLOSED_FOR_RECEIVING
}
