package io.ove.channel.sample;

import io.ove.channel.SendResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends made-up orders at a rate that can change while the application runs
 * ({@code POST /load?rate=...}). One platform thread keeps the pace: every tick it sends as many
 * orders as the rate owes since the last change, so a rate of 5 a second and one of 20,000 are
 * both met on average.
 *
 * <p>It stops first at shutdown (the default {@link SmartLifecycle} phase is the highest), before
 * the starter closes the channels, so the channels drain what it sent.
 */
@Component
public class LoadGenerator implements SmartLifecycle {

    /** The highest rate accepted, in orders per second. */
    public static final int MAX_RATE = 50_000;

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final String[] CUSTOMERS = {"ada", "grace", "alan", "barbara", "edsger", "leslie"};
    private static final String[] ITEMS = {"keyboard", "monitor", "cable", "laptop", "headset"};

    private final OrderIntake intake;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refusedFull = new LongAdder();
    private final LongAdder refusedClosed = new LongAdder();

    // Plain: only the load thread reads and writes it; it picks each made-up order's fields.
    private long generated;
    // Volatile: set by web request threads, read by the load thread every tick.
    private volatile int rate;
    // Volatile: the load thread reads it every tick to know when to stop.
    private volatile boolean running;
    // Volatile: written by the lifecycle methods, read by web request threads in setRate() to
    // wake the load thread; a stale null there would leave a parked generator at rate 0.
    private volatile Thread thread;

    /**
     * @param intake     where the orders go
     * @param properties the sample's settings, for the starting rate
     */
    public LoadGenerator(OrderIntake intake, SampleProperties properties) {
        this.intake = intake;
        this.rate = properties.loadRate();
    }

    /** @return the current rate, in orders per second */
    public int rate() {
        return rate;
    }

    /**
     * Changes the rate from the next tick on, and wakes the load thread so that a change from 0
     * takes effect at once.
     *
     * @param ordersPerSecond between 0 and {@link #MAX_RATE}
     * @throws InvalidSettingException if the rate is out of that range
     */
    public void setRate(int ordersPerSecond) {
        if (ordersPerSecond < 0 || ordersPerSecond > MAX_RATE) {
            throw new InvalidSettingException("rate must be between 0 and " + MAX_RATE
                    + " orders per second, not " + ordersPerSecond);
        }
        rate = ordersPerSecond;
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
        log.info("Load generator rate set to {} orders/s", ordersPerSecond);
    }

    /** @return orders the channel accepted from the generator */
    public long accepted() {
        return accepted.sum();
    }

    /** @return orders the channel refused because it was full */
    public long refusedFull() {
        return refusedFull.sum();
    }

    /** @return orders the channel refused because it was closed */
    public long refusedClosed() {
        return refusedClosed.sum();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "sample-load-generator");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
            try {
                current.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (current.isAlive()) {
                log.warn("The load generator thread did not stop within 5 s; it is a daemon and ends with the JVM");
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        int pacedRate = -1;
        long since = 0;
        long sentSince = 0;
        while (running) {
            int current = rate;
            long now = System.nanoTime();
            if (current != pacedRate) {
                // A new rate starts a new schedule: no burst to catch up on the old one.
                pacedRate = current;
                since = now;
                sentSince = 0;
            }
            if (current == 0) {
                LockSupport.park(this);   // setRate() and stop() unpark
                continue;
            }
            if (now - since >= ONE_SECOND) {
                // Roll the schedule on by whole seconds, keeping at most a second's worth of
                // orders still owed (after a long pause the generator does not burst to catch
                // up), so that elapsed * rate below can never overflow.
                long seconds = (now - since) / ONE_SECOND;
                since += seconds * ONE_SECOND;
                sentSince = Math.max(sentSince - seconds * current, -current);
            }
            long owed = (now - since) * current / ONE_SECOND - sentSince;
            for (long i = 0; i < owed && running; i++) {
                sendOne();
                sentSince++;
            }
            LockSupport.parkNanos(this, TICK_NANOS);
        }
    }

    private void sendOne() {
        long n = generated++;
        Order order = new Order(intake.newOrderId(), CUSTOMERS[(int) (n % CUSTOMERS.length)],
                ITEMS[(int) (n % ITEMS.length)], 1 + (int) (n % 5));
        SendResult result = intake.offer(order);
        switch (result) {
            case SENT -> accepted.increment();
            case FULL -> refusedFull.increment();
            case CLOSED -> refusedClosed.increment();
        }
    }
}
