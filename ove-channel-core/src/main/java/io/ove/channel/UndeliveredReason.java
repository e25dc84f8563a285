package io.ove.channel;

/** Why a message that a sender had handed over never reached a receiver. */
public enum UndeliveredReason {
    /** The receiving side closed while the message was still buffered. */
    RECEIVERS_CLOSED,
    /** {@link OverflowPolicy#DROP_OLDEST} evicted it to make room for a newer message. */
    EVICTED,
    /**
     * {@link Receiver#drainTo} had taken it from the channel, but the target collection threw
     * when it was added (or, on a channel with an {@link Envelope}, opening it threw).
     */
    REJECTED_BY_DRAIN_TARGET,
    /**
     * A receiver had taken it from a channel with an {@link Envelope}, but the envelope threw
     * when it opened it.
     */
    OPEN_FAILED
}
