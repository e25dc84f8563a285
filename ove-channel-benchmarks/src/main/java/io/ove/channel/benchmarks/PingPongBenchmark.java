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
 * Round-trip latency: the benchmark thread puts a ping into one capacity-1 pipe and waits for
 * the pong an echo thread puts into another. Sampled, so JMH reports p50, p99 and p99.9.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PingPongBenchmark {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Integer PING = 1;

    @Param({Pipes.OVE})
    public String implementation;

    private Pipe pings;
    private Pipe pongs;
    private Thread echo;
    private volatile boolean running;

    @Setup(Level.Trial)
    public void setUp() {
        pings = Pipes.create(implementation, 1, 1);
        pongs = Pipes.create(implementation, 1, 1);
        running = true;
        echo = new Thread(this::echo, "echo");
        echo.setDaemon(true);
        echo.start();
    }

    private void echo() {
        try {
            while (running) {
                Integer ping = pings.take(POLL_NANOS);
                if (ping != null) {
                    while (!pongs.put(ping, POLL_NANOS) && running) {
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
        while (!pings.put(PING, POLL_NANOS)) {
            Thread.onSpinWait();
        }
        Integer pong;
        while ((pong = pongs.take(POLL_NANOS)) == null) {
            Thread.onSpinWait();
        }
        return pong;
    }
}
