package io.ove.channel.benchmarks;

import io.ove.channel.rabbitmq.RabbitBroker;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Round-trip latency through RabbitMQ: the benchmark thread sends a ping to one queue (waiting for
 * its confirm) and takes the pong from another; a listener on the ping queue sends each ping back
 * to the pong queue (waiting for its confirm) and is acknowledged after it returned. Sampled, so
 * JMH reports p50 and p99. {@code implementation} is a {@link BrokerQueue} name; both queues go
 * through it. The broker and the queues' life are as in {@link BrokerTransferBenchmark}; the
 * figures, the ratios and the command that made them: {@link BrokerComparison}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BrokerPingPongBenchmark {

    /** Which API: {@code ove}, {@code spring-amqp} or {@code spring-amqp-direct} ({@link BrokerQueue}). */
    @Param(BrokerQueue.OVE)
    public String implementation;

    /** Each queue's {@code x-max-length}. */
    @Param("1024")
    public int capacity;

    /** Deliveries the broker sends each consumer ahead. */
    @Param("16")
    public int prefetch;

    private static final String PING = BrokerPayloads.get(42);

    private BrokerQueue pings;
    private BrokerQueue pongs;

    /** Opens both queues and starts the echo listener. */
    @Setup(Level.Trial)
    public void open() {
        String id = UUID.randomUUID().toString();
        pings = BrokerQueue.open(implementation, RabbitBroker.get().client(), "bench-ping-" + id, capacity, prefetch);
        pongs = BrokerQueue.open(implementation, RabbitBroker.get().client(), "bench-pong-" + id, capacity, prefetch);
        pings.listen(pongs::send);
    }

    /**
     * One round trip.
     *
     * @return the pong
     * @throws Exception if a send failed or the pong is not the ping
     */
    @Benchmark
    public String roundTrip() throws Exception {
        pings.send(PING);
        String pong = pongs.take();
        if (!PING.equals(pong)) {
            throw new IllegalStateException(implementation + ": sent " + PING + ", got back " + pong, pings.failure());
        }
        return pong;
    }

    /** Stops the echo, deletes both queues and fails the fork if the echo failed. */
    @TearDown(Level.Trial)
    public void close() {
        Throwable failure = pings.failure();
        pings.close();
        pongs.close();
        if (failure != null) {
            throw new IllegalStateException(implementation + ": the echo listener failed", failure);
        }
    }
}
