package io.ove.channel.benchmarks;

/**
 * The messages every benchmark sends: 1024 pre-built {@code Integer}s (0 to 1023), cycled, so no
 * benchmark measures boxing or allocation of its own.
 */
final class Payloads {

    private static final Integer[] VALUES = new Integer[1024];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            VALUES[i] = i; // Integer.valueOf: cached up to 127, one object each beyond
        }
    }

    private Payloads() {
    }

    /**
     * {@return the payload for message number {@code n}}
     *
     * @param n any non-negative number
     */
    static Integer get(int n) {
        return VALUES[n & (VALUES.length - 1)];
    }
}
