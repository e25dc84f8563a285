package io.ove.channel.benchmarks;

import io.ove.channel.Channel;
import io.ove.channel.RecvOperation;
import io.ove.channel.Select;
import io.ove.channel.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * One consumer taking from N sources at once, each fed by its own producer thread that puts its
 * share of {@code messages} and then ends its source. {@code ove-select}: N channels of capacity
 * 64 and one {@link Select#select()} per message over all N; each producer closes its sender when
 * done. {@code BlockingQueue-forwarders}, what JVM code does without a select: N
 * {@code ArrayBlockingQueue}s of capacity 64, a forwarder thread per queue moving its messages into
 * one shared {@code ArrayBlockingQueue} of capacity 64 until it takes the producer's end marker, and
 * the consumer taking from that. Each invocation is one round, timed until the consumer has taken
 * every message ({@link Mode#SingleShotTime}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SelectBenchmark {

    /** ove-channel's select. */
    static final String OVE = "ove-select";
    /** A forwarder thread per queue into one shared queue. */
    static final String FORWARDERS = "BlockingQueue-forwarders";

    private static final int CAPACITY = 64;

    /** {@link #OVE} or {@link #FORWARDERS}. */
    @Param(OVE)
    public String implementation;

    /** How many sources the consumer takes from. */
    @Param("2")
    public int sources;

    /** Messages per round, all sources together. */
    @Param("100000")
    public int messages;

    /** Milliseconds of untimed rounds before JMH's own iterations; see {@link TransferBenchmark#warmupMillis}. */
    @Param("0")
    public long warmupMillis;

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private CountDownLatch gate;
    private CountDownLatch ready;
    private Select select;
    private BlockingQueue<Integer> merged;

    /**
     * Runs untimed rounds for {@link #warmupMillis}.
     *
     * @throws InterruptedException if interrupted
     */
    @Setup(Level.Trial)
    public void warmUp() throws InterruptedException {
        WarmUp.repeatFor(warmupMillis, () -> {
            prepare();
            take();
            check();
        });
    }

    /** Creates the sources and starts their threads, which wait at a gate. */
    @Setup(Level.Invocation)
    public void prepare() {
        threads.clear();
        gate = new CountDownLatch(1);
        ready = new CountDownLatch(implementation.equals(OVE) ? sources : 2 * sources);
        if (implementation.equals(OVE)) {
            select = new Select();
            for (int i = 0; i < sources; i++) {
                Channel<Integer> channel = Channel.bounded(CAPACITY);
                select.recv(channel.receiver());
                Sender<Integer> sender = channel.sender();
                int count = share(i);
                start("producer-" + i, () -> {
                    for (int n = 0; n < count; n++) {
                        sender.send(Payloads.get(n));
                    }
                    sender.close();
                });
            }
        } else {
            merged = new ArrayBlockingQueue<>(CAPACITY);
            for (int i = 0; i < sources; i++) {
                BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(CAPACITY);
                int count = share(i);
                start("producer-" + i, () -> {
                    for (int n = 0; n < count; n++) {
                        queue.put(Payloads.get(n));
                    }
                    queue.put(SentinelPipe.END);
                });
                start("forwarder-" + i, () -> {
                    Integer message;
                    while ((message = queue.take()) != SentinelPipe.END) {
                        merged.put(message);
                    }
                });
            }
        }
        try {
            ready.await(); // every thread at the gate before the timer starts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int share(int source) {
        return messages / sources + (source < messages % sources ? 1 : 0);
    }

    /** A thread's work, which may be interrupted. */
    interface Work {
        /**
         * Does it.
         *
         * @throws InterruptedException if interrupted
         */
        void run() throws InterruptedException;
    }

    private void start(String name, Work work) {
        Thread thread = Threads.unstarted(Threads.PLATFORM, name, () -> {
            try {
                ready.countDown();
                gate.await();
                work.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        threads.add(thread);
        thread.start();
    }

    /**
     * One timed round: opens the gate and takes every message.
     *
     * @return the sum of the messages taken
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public long take() throws InterruptedException {
        gate.countDown();
        long sum = 0;
        if (select != null) {
            for (int n = 0; n < messages; n++) {
                RecvOperation<?> done = (RecvOperation<?>) select.select();
                if (done.isClosed()) {
                    n--; // a source that has ended stays ready; the others still have messages
                    continue;
                }
                sum += (Integer) done.message();
            }
        } else {
            for (int n = 0; n < messages; n++) {
                sum += merged.take();
            }
        }
        return sum;
    }

    /**
     * Joins the round's threads and fails the fork if one failed.
     *
     * @throws InterruptedException if interrupted while joining
     */
    @TearDown(Level.Invocation)
    public void check() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not end within 10 s of the round");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a benchmark thread failed", failure.get());
        }
    }
}
