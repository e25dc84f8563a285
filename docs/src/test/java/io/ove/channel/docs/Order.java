package io.ove.channel.docs;

/**
 * The message type that the documentation's samples send through an {@code orders} channel. The
 * pages call it {@code com.example.Order}; here it lives beside the samples that use it.
 *
 * @param id       the order's id
 * @param item     what was ordered
 * @param quantity how many
 */
record Order(String id, String item, int quantity) {
}
