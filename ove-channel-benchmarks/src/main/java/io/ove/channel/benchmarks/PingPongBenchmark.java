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
 * Round-trip latency: the benchmark thread puts a ping into one pipe and takes the pong an echo
 * thread puts into another, both with the untimed blocking put and take. Capacity 1 measures a
 * hand-off through a one-slot buffer, capacity 0 a rendezvous (ove-channel's {@code bounded(0)},
 * {@code SynchronousQueue}). Sampled, so JMH reports p50, p99 and p99.9. The echo thread ends when
 * the trial closes the ping pipe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PingPongBenchmark {

    /** Which implementation, by its name in {@link Pipes}. */
    @Param(Pipes.OVE)
    public String implementation;

    /** 1 for a one-slot buffer, 0 for a rendezvous. */
    @Param("1")
    public int capacity;

    private Pipe.Producer pings;
    private Pipe.Consumer pongs;
    private Pipe pingPipe;
    private Pipe pongPipe;
    private Thread echo;
    private volatile Throwable echoFailure;

    /** Starts the echo thread. */
    @Setup(Level.Trial)
    public void setUp() {
        pingPipe = Pipes.create(implementation, capacity, 1, 1);
        pongPipe = Pipes.create(implementation, capacity, 1, 1);
        pings = pingPipe.producer();
        Pipe.Consumer echoIn = pingPipe.consumer();
        Pipe.Producer echoOut = pongPipe.producer();
        pongs = pongPipe.consumer();
        pingPipe.sealed();
        pongPipe.sealed();
        echo = Threads.unstarted(Threads.PLATFORM, "echo", () -> {
            try {
                Integer ping;
                while ((ping = echoIn.take()) != null) {
                    echoOut.put(ping);
                }
                echoOut.finish();
            } catch (Throwable e) {
                echoFailure = e;
            }
        });
        echo.start();
    }

    /**
     * Ends the ping stream, which ends the echo thread, and takes the end of the pong stream, which
     * a rendezvous pipe can only hand over to a taker.
     *
     * @throws InterruptedException if interrupted while joining it
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pings.finish();
        while (pongs.take() != null) {
            // Nothing is in flight between invocations; this only reaches the end marker.
        }
        echo.join(TimeUnit.SECONDS.toMillis(10));
        pingPipe.close();
        pongPipe.close();
        if (echo.isAlive() || echoFailure != null) {
            throw new IllegalStateException("the echo thread did not end cleanly", echoFailure);
        }
    }

    /**
     * One round trip.
     *
     * @return the pong
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public Integer roundTrip() throws InterruptedException {
        pings.put(Payloads.get(1));
        return pongs.take();
    }
}
