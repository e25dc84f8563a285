package io.ove.channel.sample;

/**
 * Something that happened to an order: the message type of the {@code audit} channel, which drops
 * its oldest event rather than slow anybody down.
 *
 * @param orderId   the order
 * @param what      what happened to it
 * @param atMillis  when, in milliseconds since the epoch
 */
public record AuditEvent(String orderId, What what, long atMillis) {

    /** The steps of an order's life that the audit trail records. */
    public enum What {
        /** The order entered the {@code orders} channel. */
        ACCEPTED,
        /** The order listener finished it. */
        PROCESSED
    }
}
