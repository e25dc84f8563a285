package io.ove.channel.benchmarks;

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
 * Throughput as users get it: each invocation is one {@link TransferRound} on a new pipe, P
 * producers putting {@code messages} pre-built payloads with the untimed blocking put, C consumers
 * taking with the untimed blocking take until the stream ends (ove-channel: its last sender
 * closed; the other queues: an end marker per consumer). JMH times whole rounds
 * ({@link Mode#SingleShotTime}); messages per second are {@code messages} divided by a round's
 * time. Threads are started before the timer and wait at a gate.
 *
 * <pre>
 * java -cp ove-channel-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main TransferBenchmark \
 *     -p implementation=ove,ArrayBlockingQueue -p capacity=8 -p producers=2 -p consumers=2 -f 1 -wi 3 -i 5
 * </pre>
 * The suite ({@link BenchmarkSuite}) runs it one fork at a time, interleaving implementations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TransferBenchmark {

    /** Which implementation, by its name in {@link Pipes}. */
    @Param(Pipes.OVE)
    public String implementation;

    /** The bound of the channel or queue. */
    @Param("1024")
    public int capacity;

    /** Producer threads. */
    @Param("1")
    public int producers;

    /** Consumer threads. */
    @Param("1")
    public int consumers;

    /** Messages put per round, by all producers together. */
    @Param("100000")
    public int messages;

    /** {@link Threads#PLATFORM} or {@link Threads#VIRTUAL}. */
    @Param(Threads.PLATFORM)
    public String threads;

    /** Milliseconds of untimed rounds before JMH's own iterations ({@link WarmUp}). */
    @Param("0")
    public long warmupMillis;

    private TransferRound round;

    /**
     * Runs untimed rounds for {@link #warmupMillis} (at least one if it is positive).
     *
     * @throws InterruptedException if interrupted
     */
    @Setup(Level.Trial)
    public void warmUp() throws InterruptedException {
        WarmUp.repeatFor(warmupMillis, () -> {
            prepare();
            transfer();
            check();
        });
    }

    /** Creates the round's pipe and threads, outside the timed part. */
    @Setup(Level.Invocation)
    public void prepare() {
        round = new TransferRound(Pipes.create(implementation, capacity, producers, consumers),
                producers, consumers, messages, threads);
    }

    /**
     * One timed round.
     *
     * @return the number of messages received
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public long transfer() throws InterruptedException {
        return round.run();
    }

    /**
     * Fails the fork if a message was lost or duplicated or a thread failed.
     *
     * @throws InterruptedException if interrupted while joining the round's threads
     */
    @TearDown(Level.Invocation)
    public void check() throws InterruptedException {
        round.finish();
    }
}
