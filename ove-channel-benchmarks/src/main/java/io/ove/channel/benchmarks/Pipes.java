package io.ove.channel.benchmarks;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.jctools.queues.MpmcArrayQueue;

/** Creates each benchmarked implementation by the name the benchmarks' parameters use. */
final class Pipes {

    /** ove-channel. */
    static final String OVE = "ove";
    /** ove-channel with the starter's Micrometer meters bound and scraped. */
    static final String OVE_METRICS = "ove-metrics";
    static final String ABQ = "ArrayBlockingQueue";
    static final String LBQ = "LinkedBlockingQueue";
    static final String JCTOOLS = "JCTools-backoff";
    static final String AGRONA = "Agrona-backoff";
    static final String DISRUPTOR = "Disruptor";
    static final String SPRING_INTEGRATION = "SI-QueueChannel";

    /** ove-channel and the anchors, in the order results are shown. */
    static final List<String> ALL = List.of(OVE, ABQ, LBQ, JCTOOLS, AGRONA, DISRUPTOR, SPRING_INTEGRATION);

    private Pipes() {
    }

    /**
     * @param name      one of the names above
     * @param capacity  the bound (JCTools and the Disruptor round it up to a power of two)
     * @param consumers how many threads take (the Disruptor needs it up front)
     */
    static Pipe create(String name, int capacity, int consumers) {
        return switch (name) {
            case OVE -> new OvePipe(capacity);
            case OVE_METRICS -> new OveWithMetricsPipe(capacity);
            case ABQ -> new BlockingQueuePipe(new ArrayBlockingQueue<>(capacity));
            case LBQ -> new BlockingQueuePipe(new LinkedBlockingQueue<>(capacity));
            case JCTOOLS -> new BackoffQueuePipe(new MpmcArrayQueue<>(Math.max(2, capacity)));
            case AGRONA -> new BackoffQueuePipe(new ManyToManyConcurrentArrayQueue<>(Math.max(2, capacity)));
            case DISRUPTOR -> new DisruptorPipe(Integer.highestOneBit(capacity) == capacity ? capacity
                    : Integer.highestOneBit(capacity) << 1, Math.max(1, consumers));
            case SPRING_INTEGRATION -> new QueueChannelPipe(capacity);
            default -> throw new IllegalArgumentException("unknown implementation '" + name + "'; one of "
                    + ALL + " or " + OVE_METRICS);
        };
    }
}
