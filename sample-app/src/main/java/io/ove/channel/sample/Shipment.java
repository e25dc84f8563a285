package io.ove.channel.sample;

/**
 * A processed order on its way to the warehouse: what {@link OrderProcessor} returns for each
 * order, and the message type of the {@code shipments} channel.
 *
 * @param orderId  the order's id
 * @param item     what to ship
 * @param quantity how many
 */
public record Shipment(String orderId, String item, int quantity) {
}
