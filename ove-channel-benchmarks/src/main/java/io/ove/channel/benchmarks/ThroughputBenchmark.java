package io.ove.channel.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Control;

/**
 * Producers put pre-built {@code Integer}s with a blocking put while consumers take them with a
 * blocking take, for each implementation and capacity. The thread split (1P1C, 2P2C, ...) is set
 * per run with JMH's thread-group option; the group's score counts puts and takes, so messages
 * per second are half of it (ratios are unaffected).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputBenchmark {

    /** Puts and takes wait at most this long before checking whether the iteration ended. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Integer MESSAGE = 42;

    @Param({Pipes.OVE})
    public String implementation;

    @Param({"1024"})
    public int capacity;

    private Pipe pipe;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        int[] groups = params.getThreadGroups();
        pipe = Pipes.create(implementation, capacity, groups.length > 1 ? groups[1] : 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pipe.close();
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public boolean put(Control control) throws InterruptedException {
        while (!pipe.put(MESSAGE, POLL_NANOS)) {
            if (control.stopMeasurement) {
                return false;
            }
        }
        return true;
    }

    @Benchmark
    @Group("transfer")
    @GroupThreads(1)
    public Integer take(Control control) throws InterruptedException {
        Integer message;
        while ((message = pipe.take(POLL_NANOS)) == null) {
            if (control.stopMeasurement) {
                return null;
            }
        }
        return message;
    }
}
