package io.ove.channel.benchmarks;

import io.ove.channel.rabbitmq.RabbitBroker;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * Throughput of one RabbitMQ queue with one producer and one consumer: the benchmark thread sends
 * {@code messages} short strings, each send waiting for the broker's publisher confirm, to a
 * listener that takes them and acknowledges each after its handler returned; a round ends when the
 * listener has seen the last one. JMH times whole rounds ({@link Mode#SingleShotTime}); each round
 * is checked (count and the sum of the message numbers, so a lost or duplicated message fails the
 * fork). {@code implementation} is a {@link BrokerQueue} name: ove-channel's broker channel or
 * Spring AMQP doing the same work with its own classes.
 *
 * <p>The broker is {@link RabbitBroker#get()}'s: the one at {@code -Dove.rabbitmq.port} (what
 * {@link BrokerComparison} passes its forks), or a node started for the fork (about 15 s, not
 * timed). The queue is new for each fork and deleted at its end. Alone, against a running broker:
 * <pre>
 * java -cp ove-channel-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main BrokerTransferBenchmark \
 *     -p implementation=ove,spring-amqp -f 1 -wi 2 -i 7 -jvmArgsAppend "-Dove.rabbitmq.port=5672 -Djmh.shutdownTimeout=0"
 * </pre>
 * ({@code jmh.shutdownTimeout}: see {@link BrokerComparison}.) The figures, the ratios and the
 * command that made them: {@link BrokerComparison} and {@code docs/benchmarks.md}, section "Broker
 * channels".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BrokerTransferBenchmark {

    /** Which API: {@code ove}, {@code spring-amqp} or {@code spring-amqp-direct} ({@link BrokerQueue}). */
    @Param(BrokerQueue.OVE)
    public String implementation;

    /** Messages per round. */
    @Param("400")
    public int messages;

    /** The queue's {@code x-max-length}. */
    @Param("1024")
    public int capacity;

    /** Deliveries the broker sends the consumer ahead. */
    @Param("16")
    public int prefetch;

    private BrokerQueue queue;
    private String[] payloads;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicLong numbers = new AtomicLong();
    private volatile CountDownLatch lastArrived;

    /** Opens the queue and starts its listener. */
    @Setup(Level.Trial)
    public void open() {
        payloads = new String[messages];
        for (int i = 0; i < messages; i++) {
            payloads[i] = BrokerPayloads.get(i);
        }
        queue = BrokerQueue.open(implementation, RabbitBroker.get().client(), "bench-transfer-" + UUID.randomUUID(),
                capacity, prefetch);
        queue.listen(this::arrived);
    }

    private void arrived(String message) {
        numbers.addAndGet(BrokerPayloads.number(message));
        if (received.incrementAndGet() == messages) {
            lastArrived.countDown();
        }
    }

    /** Starts a round's count, outside the timed part. */
    @Setup(Level.Invocation)
    public void prepare() {
        received.set(0);
        numbers.set(0);
        lastArrived = new CountDownLatch(1);
    }

    /**
     * One timed round.
     *
     * @return the number of messages received
     * @throws Exception if a send failed or the messages did not all arrive within a minute
     */
    @Benchmark
    public int transfer() throws Exception {
        for (String payload : payloads) {
            queue.send(payload);
        }
        if (!lastArrived.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(implementation + ": " + received.get() + " of " + messages
                    + " messages arrived within 60 s", queue.failure());
        }
        return received.get();
    }

    /** Fails the fork if a message was lost or duplicated, or the listener failed. */
    @TearDown(Level.Invocation)
    public void check() {
        long expected = (long) messages * (messages - 1) / 2;
        if (queue.failure() != null || received.get() != messages || numbers.get() != expected) {
            throw new IllegalStateException(implementation + ": received " + received.get() + " of " + messages
                    + " messages, numbers summing to " + numbers.get() + " instead of " + expected, queue.failure());
        }
    }

    /** Stops the listener and deletes the queue. */
    @TearDown(Level.Trial)
    public void close() {
        queue.close();
    }
}
