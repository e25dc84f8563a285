package io.ove.channel.docs;

/**
 * The message type that the documentation's samples send through an {@code audit} channel.
 *
 * @param orderId the order the event is about
 * @param what    what happened to it
 */
record AuditEvent(String orderId, String what) {
}
