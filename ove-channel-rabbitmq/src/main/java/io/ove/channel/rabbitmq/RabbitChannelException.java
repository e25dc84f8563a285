package io.ove.channel.rabbitmq;

/**
 * A broker channel could not do what was asked because of the broker: it is unreachable, refused a
 * declaration, or did not confirm a message in time. The message says which channel, what
 * happened and what to do.
 *
 * <p>A send that throws this has neither reported {@code SENT} nor {@code FULL}: when the cause is
 * a missing confirm, the message may or may not be in the queue (the broker's answer was lost).
 */
public class RabbitChannelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the channel and the fix
     * @param cause   the broker client's error, or {@code null}
     */
    public RabbitChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
