package io.ove.channel.benchmarks;

import java.util.Locale;

/**
 * The broker benchmarks' messages: short strings, {@code order-000042}, numbered so that a round
 * can check that every message arrived once. Every implementation sends them with Spring AMQP's
 * {@code SimpleMessageConverter} (a {@code text/plain} body of 12 bytes).
 */
final class BrokerPayloads {

    private static final String PREFIX = "order-";

    private BrokerPayloads() {
    }

    /**
     * {@return message number {@code n}}
     *
     * @param n 0 to 999,999
     */
    static String get(int n) {
        return PREFIX + String.format(Locale.ROOT, "%06d", n);
    }

    /**
     * {@return the number of a message made by {@link #get}}
     *
     * @param message the message
     */
    static int number(String message) {
        return Integer.parseInt(message, PREFIX.length(), message.length(), 10);
    }
}
