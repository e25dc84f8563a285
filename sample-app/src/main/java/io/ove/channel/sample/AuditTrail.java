package io.ove.channel.sample;

import io.ove.channel.Receiver;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Reads the {@code audit} channel with its own receive loop, through an injected
 * {@link Receiver}: the way to consume a channel when a {@code @ChannelListener} does not fit
 * (batching, a thread of your own, a loop you control). It keeps the latest events for
 * {@code GET /audit}.
 *
 * <p>Its lifecycle phase is below the starter's, so it starts first and stops last: at shutdown
 * the starter closes the sending side, waits for this loop to drain the channel, then closes the
 * receiving side, which ends the loop; {@link #stop()} only waits for the thread to finish.
 */
@Service
public class AuditTrail implements SmartLifecycle {

    /** How many of the latest events {@link #latest()} keeps. */
    public static final int KEPT = 20;

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final Receiver<AuditEvent> events;
    private final long delayNanos;
    private final LongAdder recorded = new LongAdder();
    // Guarded by itself: the loop thread appends, web request threads copy.
    private final Deque<AuditEvent> latest = new ArrayDeque<>(KEPT);
    // Volatile: set by the lifecycle thread, read by isRunning() from any thread.
    private volatile boolean running;
    // Only touched by the lifecycle methods, which Spring calls from one thread at a time.
    private Thread thread;

    /**
     * @param events     the {@code audit} channel's receiving half, owned by the starter; this
     *                   service reads through a clone of its own
     * @param properties the sample's settings, for the time each event takes
     */
    public AuditTrail(@Qualifier("audit") Receiver<AuditEvent> events, SampleProperties properties) {
        this.events = events;
        this.delayNanos = properties.auditDelay().toNanos();
    }

    @Override
    public void start() {
        // The clone is this loop's own counted handle; the loop closes it when it ends.
        Receiver<AuditEvent> rx = events.clone();
        thread = new Thread(() -> readAll(rx), "sample-audit-trail");
        thread.start();
        running = true;
    }

    private void readAll(Receiver<AuditEvent> rx) {
        try (rx) {
            for (AuditEvent event : rx) {   // ends once the channel is closed and drained
                if (delayNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(delayNanos);   // stands in for a slow audit store
                }
                record(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Audit trail stopped after {} events", recorded.sum());
    }

    private void record(AuditEvent event) {
        recorded.increment();
        synchronized (latest) {
            if (latest.size() == KEPT) {
                latest.removeFirst();
            }
            latest.addLast(event);
        }
    }

    @Override
    public void stop() {
        Thread current = thread;
        if (current != null) {
            try {
                current.join(TimeUnit.SECONDS.toMillis(5));
                if (current.isAlive()) {
                    // The starter has closed the channel by now, so the loop should have ended.
                    log.warn("The audit trail did not end within 5 s of the channel closing; interrupting it");
                    current.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the starter's phase: start before it, stop after it. */
    @Override
    public int getPhase() {
        return ChannelLifecycle.PHASE - 1024;
    }

    /** @return events recorded since start */
    public long recorded() {
        return recorded.sum();
    }

    /** @return the latest events, oldest first */
    public List<AuditEvent> latest() {
        synchronized (latest) {
            return new ArrayList<>(latest);
        }
    }
}
