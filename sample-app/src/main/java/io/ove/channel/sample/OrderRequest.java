package io.ove.channel.sample;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of {@code POST /orders}, as sent: every field may be missing, so that
 * {@link #problems()} can name each one rather than fail on the first.
 *
 * @param customer who orders, not blank
 * @param item     what, not blank
 * @param quantity how many, 1 to {@value Order#MAX_QUANTITY}
 */
public record OrderRequest(String customer, String item, Integer quantity) {

    /** @return what is wrong with this request, one line per field; empty if it is a valid order */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (customer == null || customer.isBlank()) {
            problems.add("customer: required, a non-blank string");
        }
        if (item == null || item.isBlank()) {
            problems.add("item: required, a non-blank string");
        }
        if (quantity == null) {
            problems.add("quantity: required, a whole number from 1 to " + Order.MAX_QUANTITY);
        } else if (quantity < 1 || quantity > Order.MAX_QUANTITY) {
            problems.add("quantity: must be from 1 to " + Order.MAX_QUANTITY + ", not " + quantity);
        }
        return problems;
    }

    /**
     * @param id the id to give the order
     * @return the order; call only when {@link #problems()} is empty
     */
    public Order toOrder(String id) {
        return new Order(id, customer.strip(), item.strip(), quantity);
    }
}
