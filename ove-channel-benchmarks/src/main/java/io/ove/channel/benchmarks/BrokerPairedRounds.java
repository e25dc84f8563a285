package io.ove.channel.benchmarks;

import com.rabbitmq.client.ConnectionFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker benchmarks' two workloads as paired rounds in one JVM: every implementation's queues
 * are open side by side, and each round runs, for each implementation in turn, one throughput
 * round ({@link BrokerTransferBenchmark}'s: {@code messages} confirmed sends to a listener) and a
 * block of round trips ({@link BrokerPingPongBenchmark}'s). The order rotates from round to round.
 * A ratio taken within a round compares figures measured a second or two apart, so the load a
 * shared machine carries cancels out of it far better than between JMH forks a minute apart.
 *
 * <p>What this gives up: the implementations share one JVM's compiled code (both reach Spring AMQP
 * and the RabbitMQ client through the same classes), where JMH's forks compile each alone; an idle
 * broker channel also looks at the broker every 250 ms while the others are measured. Neither
 * weighs much against a millisecond of broker time per message, but the absolute figures and the
 * tails belong to the forks.
 */
final class BrokerPairedRounds implements AutoCloseable {

    /**
     * One implementation's figures, by round.
     *
     * @param throughput messages per second of each throughput round
     * @param p50        the median round trip of each block, in microseconds
     */
    record Figures(double[] throughput, double[] p50) {
    }

    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final int messages;
    private final int roundTrips;

    /**
     * Opens every implementation's queues.
     *
     * @param implementations {@link BrokerQueue} names
     * @param client          where the broker is
     * @param messages        messages per throughput round
     * @param roundTrips      round trips per block
     */
    BrokerPairedRounds(List<String> implementations, ConnectionFactory client, int messages, int roundTrips) {
        this.messages = messages;
        this.roundTrips = roundTrips;
        for (String implementation : implementations) {
            lanes.put(implementation, new Lane(implementation, client, messages));
        }
    }

    /**
     * Runs the rounds.
     *
     * @param warmups untimed rounds first
     * @param rounds  measured rounds
     * @return each implementation's figures, by round
     * @throws Exception if a send failed, a round lost or duplicated a message, or a pong was wrong
     */
    Map<String, Figures> run(int warmups, int rounds) throws Exception {
        Map<String, Figures> figures = new LinkedHashMap<>();
        lanes.keySet().forEach(name -> figures.put(name, new Figures(new double[rounds], new double[rounds])));
        List<String> order = new ArrayList<>(lanes.keySet());
        for (int round = -warmups; round < rounds; round++) {
            Collections.rotate(order, 1);
            for (String name : order) {
                Lane lane = lanes.get(name);
                double throughput = lane.transferRound();
                double p50 = lane.roundTrips(roundTrips);
                if (round >= 0) {
                    figures.get(name).throughput()[round] = throughput;
                    figures.get(name).p50()[round] = p50;
                }
            }
        }
        return figures;
    }

    /** Closes every queue. */
    @Override
    public void close() {
        lanes.values().forEach(Lane::close);
    }

    /** One implementation's three queues: the throughput queue and its listener, ping and pong. */
    private static final class Lane {

        private static final String PING = BrokerPayloads.get(42);

        private final String name;
        private final int messages;
        private final String[] payloads;
        private final BrokerQueue transfer;
        private final BrokerQueue pings;
        private final BrokerQueue pongs;
        private final AtomicInteger received = new AtomicInteger();
        private final AtomicLong numbers = new AtomicLong();
        private volatile CountDownLatch lastArrived = new CountDownLatch(1);

        Lane(String name, ConnectionFactory client, int messages) {
            this.name = name;
            this.messages = messages;
            this.payloads = new String[messages];
            for (int i = 0; i < messages; i++) {
                payloads[i] = BrokerPayloads.get(i);
            }
            String id = UUID.randomUUID().toString();
            this.transfer = BrokerQueue.open(name, client, "bench-paired-" + id, 1024, 16);
            this.pings = BrokerQueue.open(name, client, "bench-paired-ping-" + id, 1024, 16);
            this.pongs = BrokerQueue.open(name, client, "bench-paired-pong-" + id, 1024, 16);
            transfer.listen(message -> {
                numbers.addAndGet(BrokerPayloads.number(message));
                if (received.incrementAndGet() == messages) {
                    lastArrived.countDown();
                }
            });
            pings.listen(pongs::send);
        }

        /** {@return messages per second of one checked throughput round} */
        double transferRound() throws Exception {
            received.set(0);
            numbers.set(0);
            lastArrived = new CountDownLatch(1);
            long start = System.nanoTime();
            for (String payload : payloads) {
                transfer.send(payload);
            }
            boolean complete = lastArrived.await(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long expected = (long) messages * (messages - 1) / 2;
            if (!complete || received.get() != messages || numbers.get() != expected || transfer.failure() != null) {
                throw new IllegalStateException(name + ": received " + received.get() + " of " + messages
                        + " messages, numbers summing to " + numbers.get() + " instead of " + expected,
                        transfer.failure());
            }
            return messages / seconds;
        }

        /** {@return the median of {@code count} round trips, in microseconds} */
        double roundTrips(int count) throws Exception {
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                pings.send(PING);
                String pong = pongs.take();
                nanos[i] = System.nanoTime() - start;
                if (!PING.equals(pong)) {
                    throw new IllegalStateException(name + ": sent " + PING + ", got back " + pong, pings.failure());
                }
            }
            Arrays.sort(nanos);
            return nanos[count / 2] / 1e3;
        }

        void close() {
            transfer.close();
            pings.close();
            pongs.close();
        }
    }
}
