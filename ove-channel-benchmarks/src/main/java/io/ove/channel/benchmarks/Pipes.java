package io.ove.channel.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.jctools.queues.MpmcArrayQueue;

/** Creates each benchmarked JVM implementation by the name the benchmarks' parameters use. */
final class Pipes {

    /** ove-channel, untimed blocking send and recv. */
    static final String OVE = "ove";
    /** ove-channel, trySend and tryRecv retried with the suite's back-off. */
    static final String OVE_TRY = "ove-try";
    /** ove-channel with the starter's Micrometer meters bound and read once a second. */
    static final String OVE_METRICS = "ove-metrics";
    /** ove-channel with the starter's Micrometer meters bound and read a hundred times a second. */
    static final String OVE_METRICS_100HZ = "ove-metrics-100Hz";
    static final String ABQ = "ArrayBlockingQueue";
    static final String LBQ = "LinkedBlockingQueue";
    static final String SYNCHRONOUS = "SynchronousQueue";
    static final String JCTOOLS = "JCTools-backoff";
    static final String AGRONA = "Agrona-backoff";
    static final String DISRUPTOR = "Disruptor";
    static final String SPRING_INTEGRATION = "SI-QueueChannel";

    /** Every name {@link #create} knows. */
    static final List<String> ALL = List.of(OVE, OVE_TRY, OVE_METRICS, OVE_METRICS_100HZ, ABQ, LBQ, SYNCHRONOUS, JCTOOLS, AGRONA,
            DISRUPTOR, SPRING_INTEGRATION);

    private Pipes() {
    }

    /**
     * @param name      one of the names above
     * @param capacity  the bound; 0 only for {@link #OVE} (rendezvous) and {@link #SYNCHRONOUS}.
     *                  JCTools and Agrona need at least 2 and get 2 when asked for 1; the Disruptor
     *                  rounds up to a power of two
     * @param producers how many producer ends will be taken
     * @param consumers how many consumer ends will be taken
     * @return a new pipe
     */
    static Pipe create(String name, int capacity, int producers, int consumers) {
        return switch (name) {
            case OVE -> new OvePipe(capacity);
            case OVE_TRY -> new OveTryPipe(capacity);
            case OVE_METRICS -> new OveWithMetricsPipe(capacity, Duration.ofSeconds(1));
            case OVE_METRICS_100HZ -> new OveWithMetricsPipe(capacity, Duration.ofMillis(10));
            case ABQ -> new BlockingQueuePipe(new ArrayBlockingQueue<>(capacity), producers, consumers);
            case LBQ -> new BlockingQueuePipe(new LinkedBlockingQueue<>(capacity), producers, consumers);
            case SYNCHRONOUS -> new BlockingQueuePipe(new SynchronousQueue<>(), producers, consumers);
            case JCTOOLS -> new BackoffQueuePipe(new MpmcArrayQueue<>(Math.max(2, capacity)), producers, consumers);
            case AGRONA -> new BackoffQueuePipe(new ManyToManyConcurrentArrayQueue<>(Math.max(2, capacity)),
                    producers, consumers);
            case DISRUPTOR -> new DisruptorPipe(Integer.highestOneBit(capacity) == capacity ? capacity
                    : Integer.highestOneBit(capacity) << 1, producers, consumers);
            case SPRING_INTEGRATION -> new QueueChannelPipe(capacity, producers, consumers);
            default -> throw new IllegalArgumentException("unknown implementation '" + name + "'; one of " + ALL);
        };
    }

    /**
     * {@return how the named implementation waits, in one sentence, for the report}
     *
     * @param name one of the names above
     */
    static String waitingStrategy(String name) {
        return switch (name) {
            case OVE, OVE_METRICS, OVE_METRICS_100HZ -> "untimed `send`/`recv`: a short spin (64 `onSpinWait`s, then 8 yields),"
                    + " then registers and parks; woken by the counterpart's unpark";
            case OVE_TRY -> "`trySend`/`tryRecv` retried with the suite's back-off: " + Backoff.describe();
            case ABQ, LBQ -> "untimed `put`/`take`: parks on the queue's `ReentrantLock` conditions at once";
            case SYNCHRONOUS -> "untimed `put`/`take`: spins briefly, then parks until matched";
            case JCTOOLS, AGRONA -> "`offer`/`poll` retried with Agrona's `BackoffIdleStrategy`: " + Backoff.describe();
            case DISRUPTOR -> "`RingBuffer.next()` parks 1 ns at a time while full; consumers wait with"
                    + " `BlockingWaitStrategy` (a lock condition)";
            case SPRING_INTEGRATION -> "untimed `send`/`receive` on its `LinkedBlockingQueue`: parks at once";
            default -> throw new IllegalArgumentException(name);
        };
    }
}
