package io.ove.channel;

/**
 * Thrown by the blocking operations when the channel can no longer do what was asked: a
 * {@code send} on a channel closed for sending, or a {@code recv} on a channel that is closed and
 * drained. Non-blocking operations report the same condition through their result instead.
 *
 * <p>It is unchecked because closure is the normal end of a channel's life, usually handled once
 * at the top of a consumer or producer loop.
 */
public class ChannelClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was closed and what the caller tried to do
     */
    public ChannelClosedException(String message) {
        super(message);
    }
}
