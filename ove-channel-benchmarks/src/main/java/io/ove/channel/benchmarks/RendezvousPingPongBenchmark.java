package io.ove.channel.benchmarks;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Round trip through two hand-offs with no buffer: the benchmark thread hands a ping to an echo
 * thread and waits for the pong it hands back. {@code ove-rendezvous} uses two
 * {@code Channel.bounded(0)}, {@code SynchronousQueue} two queues, and {@code Exchanger} two
 * exchangers (one meeting per direction, so every implementation makes two hand-offs a round
 * trip). Every wait is bounded by 1 ms and retried, like the other benchmarks' harness, so the
 * trial can stop. Sampled, for p50 / p99 / p99.9.
 *
 * <pre>
 * java -cp ove-channel-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main RendezvousPingPongBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RendezvousPingPongBenchmark {

    static final String OVE = "ove-rendezvous";
    static final String SYNCHRONOUS_QUEUE = "SynchronousQueue";
    static final String EXCHANGER = "Exchanger";

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Integer PING = 1;

    @Param({OVE, SYNCHRONOUS_QUEUE, EXCHANGER})
    public String implementation;

    private HandOff pings;
    private HandOff pongs;
    private Thread echo;
    private volatile boolean running;

    /** One direction of hand-offs; {@code null} means the 1 ms wait ran out. */
    interface HandOff {
        boolean give(Integer message) throws InterruptedException;

        Integer take() throws InterruptedException;

        default void close() {
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        pings = create(implementation);
        pongs = create(implementation);
        running = true;
        echo = new Thread(this::echo, "echo");
        echo.setDaemon(true);
        echo.start();
    }

    static HandOff create(String implementation) {
        return switch (implementation) {
            case OVE -> {
                Channel<Integer> channel = Channel.bounded(0);
                Sender<Integer> tx = channel.sender();
                Receiver<Integer> rx = channel.receiver();
                yield new HandOff() {
                    @Override
                    public boolean give(Integer message) throws InterruptedException {
                        return tx.send(message, POLL_NANOS, TimeUnit.NANOSECONDS).isSent();
                    }

                    @Override
                    public Integer take() throws InterruptedException {
                        return rx.recv(POLL_NANOS, TimeUnit.NANOSECONDS);
                    }

                    @Override
                    public void close() {
                        tx.close();
                        rx.close();
                    }
                };
            }
            case SYNCHRONOUS_QUEUE -> {
                SynchronousQueue<Integer> queue = new SynchronousQueue<>();
                yield new HandOff() {
                    @Override
                    public boolean give(Integer message) throws InterruptedException {
                        return queue.offer(message, POLL_NANOS, TimeUnit.NANOSECONDS);
                    }

                    @Override
                    public Integer take() throws InterruptedException {
                        return queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                    }
                };
            }
            case EXCHANGER -> {
                Exchanger<Integer> exchanger = new Exchanger<>();
                yield new HandOff() {
                    @Override
                    public boolean give(Integer message) throws InterruptedException {
                        try {
                            exchanger.exchange(message, POLL_NANOS, TimeUnit.NANOSECONDS);
                            return true;
                        } catch (TimeoutException e) {
                            return false;
                        }
                    }

                    @Override
                    public Integer take() throws InterruptedException {
                        try {
                            return exchanger.exchange(null, POLL_NANOS, TimeUnit.NANOSECONDS);
                        } catch (TimeoutException e) {
                            return null;
                        }
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown implementation " + implementation);
        };
    }

    private void echo() {
        try {
            while (running) {
                Integer ping = pings.take();
                if (ping != null) {
                    while (!pongs.give(ping) && running) {
                        Thread.onSpinWait();
                    }
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        echo.join(TimeUnit.SECONDS.toMillis(5));
        pings.close();
        pongs.close();
    }

    @Benchmark
    public Integer roundTrip() throws InterruptedException {
        while (!pings.give(PING)) {
            Thread.onSpinWait();
        }
        Integer pong;
        while ((pong = pongs.take()) == null) {
            Thread.onSpinWait();
        }
        return pong;
    }
}
