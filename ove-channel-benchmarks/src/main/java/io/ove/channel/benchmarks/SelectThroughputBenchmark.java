package io.ove.channel.benchmarks;

import io.ove.channel.Channel;
import io.ove.channel.RecvOperation;
import io.ove.channel.Select;
import io.ove.channel.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * One consumer taking from N sources at once, each source fed by its own producer thread.
 * {@code ove-select}: N channels of capacity 64, and the consumer completes one
 * {@link Select#select()} per message over all N. {@code BlockingQueue-forwarders}, the
 * multiplexing JVM code does without a select: N {@code ArrayBlockingQueue}s of capacity 64, one
 * forwarder thread per queue moving its messages into a shared {@code ArrayBlockingQueue} of
 * capacity 64, and the consumer taking from that. The score is messages taken per second.
 *
 * <pre>
 * java -cp ove-channel-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main SelectThroughputBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SelectThroughputBenchmark {

    static final String OVE = "ove-select";
    static final String FORWARDERS = "BlockingQueue-forwarders";

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int CAPACITY = 64;
    private static final Integer MESSAGE = 42;

    @Param({OVE, FORWARDERS})
    public String implementation;

    @Param({"2", "8"})
    public int sources;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private Select select;
    private BlockingQueue<Integer> merged;

    @Setup(Level.Trial)
    public void setUp() {
        running = true;
        if (implementation.equals(OVE)) {
            select = new Select();
            for (int i = 0; i < sources; i++) {
                Channel<Integer> channel = Channel.bounded(CAPACITY);
                select.recv(channel.receiver());
                Sender<Integer> tx = channel.sender();
                start("producer-" + i, () -> {
                    while (running) {
                        tx.send(MESSAGE, POLL_NANOS, TimeUnit.NANOSECONDS);
                    }
                });
            }
        } else {
            merged = new ArrayBlockingQueue<>(CAPACITY);
            for (int i = 0; i < sources; i++) {
                BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(CAPACITY);
                start("producer-" + i, () -> {
                    while (running) {
                        queue.offer(MESSAGE, POLL_NANOS, TimeUnit.NANOSECONDS);
                    }
                });
                start("forwarder-" + i, () -> {
                    while (running) {
                        Integer message = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                        if (message != null) {
                            while (!merged.offer(message, POLL_NANOS, TimeUnit.NANOSECONDS) && running) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                });
            }
        }
    }

    /** A loop that may be interrupted. */
    interface Loop {
        void run() throws InterruptedException;
    }

    private void start(String name, Loop loop) {
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        threads.clear();
    }

    @Benchmark
    public Object take() throws InterruptedException {
        if (select != null) {
            return ((RecvOperation<?>) select.select()).message();
        }
        return merged.take();
    }
}
