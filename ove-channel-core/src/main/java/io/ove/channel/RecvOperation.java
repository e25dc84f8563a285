package io.ove.channel;

/**
 * A receive registered with a {@link Select}; see {@link Select#recv(Receiver)}.
 *
 * @param <T> the message type
 */
public final class RecvOperation<T> extends SelectOperation {

    /** The message of the last completion; plain, the selecting thread's own. */
    private T message;

    RecvOperation(int index, Receiver<T> receiver) {
        super(index, receiver, false);
    }

    /**
     * {@return the message the last completion received, or {@code null} if it found the channel
     * closed}. The reference stays here until the next completion; take it and go on.
     */
    public T message() {
        return message;
    }

    @Override
    boolean enabled() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    boolean tryComplete() {
        Object taken = queue.selectTryRecv();
        if (taken == null) {
            return false;
        }
        if (taken == Ring.CLOSED_AND_EMPTY) {
            closed = true;
            message = null;
        } else {
            closed = false;
            message = (T) taken;
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    void completeByHandOff() {
        closed = false;
        message = (T) entry.takeDelivered();
    }
}
