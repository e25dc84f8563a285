package io.ove.channel.sample;

/**
 * An order accepted by {@code POST /orders} or made up by the {@link LoadGenerator}: the message
 * type of the {@code orders} channel.
 *
 * @param id       the id the application gave it
 * @param customer who ordered
 * @param item     what was ordered
 * @param quantity how many, 1 to {@value #MAX_QUANTITY}
 */
public record Order(String id, String customer, String item, int quantity) {

    /** The largest quantity one order may ask for. */
    public static final int MAX_QUANTITY = 1000;
}
