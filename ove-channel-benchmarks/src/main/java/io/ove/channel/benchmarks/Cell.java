package io.ove.channel.benchmarks;

/**
 * One configuration of a workload, measured for every implementation of its experiment.
 *
 * @param label     how tables name it, such as {@code 2P2C, cap 8}
 * @param capacity  the channel's bound (0: rendezvous)
 * @param producers producer threads (select: sources)
 * @param consumers consumer threads
 * @param messages  messages per round (transfer and select)
 * @param threads   {@link Threads#PLATFORM} or {@link Threads#VIRTUAL}
 */
record Cell(String label, int capacity, int producers, int consumers, int messages, String threads) {

    /**
     * {@return a transfer cell on platform threads}
     *
     * @param producers producer threads
     * @param consumers consumer threads
     * @param capacity  the bound
     * @param messages  messages per round
     */
    static Cell transfer(int producers, int consumers, int capacity, int messages) {
        return new Cell(producers + "P" + consumers + "C, cap " + capacity, capacity, producers, consumers, messages,
                Threads.PLATFORM);
    }

    /**
     * {@return a transfer cell on virtual threads}
     *
     * @param producers producer threads
     * @param consumers consumer threads
     * @param capacity  the bound
     * @param messages  messages per round
     */
    static Cell virtual(int producers, int consumers, int capacity, int messages) {
        return new Cell(producers + "P" + consumers + "C virtual, cap " + capacity, capacity, producers, consumers,
                messages, Threads.VIRTUAL);
    }

    /**
     * {@return a ping-pong cell}
     *
     * @param capacity 1 for a one-slot buffer, 0 for a rendezvous
     */
    static Cell pingPong(int capacity) {
        return new Cell(capacity == 0 ? "rendezvous (cap 0)" : "cap " + capacity, capacity, 1, 1, 0,
                Threads.PLATFORM);
    }

    /**
     * {@return a select cell}
     *
     * @param sources  channels the consumer selects over
     * @param messages messages per round
     */
    static Cell select(int sources, int messages) {
        return new Cell(sources + " sources", 64, sources, 1, messages, Threads.PLATFORM);
    }

    /** {@return how many threads move messages} */
    int threadCount() {
        return producers + consumers;
    }
}
