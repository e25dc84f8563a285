package io.ove.channel;

/**
 * What happened to a message handed to a {@link Sender}.
 *
 * <p>The three outcomes are exclusive: a message reported {@link #SENT} is in the channel and will
 * be received or reported as undelivered; a message reported {@link #FULL} or {@link #CLOSED} was
 * not taken and still belongs to the caller. Returning an enum constant keeps the non-blocking
 * path free of allocation and exceptions.
 *
 * <pre>{@code
 * switch (sender.trySend(order)) {
 *     case SENT -> metrics.accepted();
 *     case FULL -> retryLater(order);
 *     case CLOSED -> shutdown();
 * }
 * }</pre>
 */
public enum SendResult {
    /** The message was enqueued. */
    SENT,
    /** The message was refused because the channel was full (or a send timed out while full). */
    FULL,
    /** The message was refused because the channel is closed for sending. */
    CLOSED;

    /**
     * Tells whether the message was enqueued.
     *
     * @return {@code true} only for {@link #SENT}
     */
    public boolean isSent() {
        return this == SENT;
    }
}
