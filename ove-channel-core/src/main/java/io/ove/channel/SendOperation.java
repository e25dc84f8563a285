package io.ove.channel;

import java.util.Objects;

/**
 * A send registered with a {@link Select}; see {@link Select#send(Sender, Object)}.
 *
 * <p>It takes part in a call only while it holds a message: a completion that sent the message
 * clears it, and {@link #message(Object)} gives the next one. Without one, the operation is left
 * out of the call, like a {@code nil} channel in Go's {@code select}.
 *
 * @param <T> the message type
 */
public final class SendOperation<T> extends SelectOperation {

    /** The message to send, or {@code null}; plain, the selecting thread's own. */
    private T message;

    SendOperation(int index, Sender<T> sender, T message) {
        super(index, sender, true);
        this.message = message;
    }

    /**
     * Sets the message the next call offers to send.
     *
     * @param next the message, not {@code null}
     * @return this operation
     * @throws NullPointerException if {@code next} is {@code null}
     */
    public SendOperation<T> message(T next) {
        this.message = Objects.requireNonNull(next, "message must not be null: channels carry no nulls");
        return this;
    }

    /**
     * {@return the message it offers to send, or {@code null} once its last completion sent it;
     * after a completion that found the channel closed, the message is still here and still the
     * caller's}
     */
    public T message() {
        return message;
    }

    @Override
    boolean enabled() {
        return message != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    boolean tryComplete() {
        SendResult result = ((BoundedQueue<T>) queue).selectTrySend(message);
        if (result == SendResult.FULL) {
            return false;
        }
        closed = result == SendResult.CLOSED;
        if (!closed) {
            message = null; // sent: the operation waits for its next message
        }
        return true;
    }

    @Override
    void completeByHandOff() {
        closed = false;
        entry.offered = null; // a receiver took it under the rendezvous's lock
        message = null;
    }
}
