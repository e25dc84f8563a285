package io.ove.channel;

import java.util.concurrent.TimeUnit;

/**
 * A timer registered with a {@link Select}: {@link Select#after}, {@link Select#tick} or
 * {@link Select#never()} (crossbeam-channel's {@code after}, {@code tick} and {@code never}).
 * It involves no channel and no other thread: the select waits on its channels at most until the
 * earliest timer is due, and a timer that is due is ready like any other operation, so timeouts
 * compose with the fair choice instead of being a separate form of the call.
 *
 * <p>Its deadline is a {@link System#nanoTime()} instant; completing it allocates nothing.
 */
public final class TimerOperation extends SelectOperation {

    /** What kind of timer it is. */
    private enum Kind { AFTER, TICK, NEVER }

    private final Kind kind;
    /** The delay of {@code after}, or the period of {@code tick}; 0 for {@code never}. */
    private final long nanos;
    /** When it is next due ({@code System.nanoTime()}); plain, the selecting thread's own. */
    private long deadline;
    /** Whether an {@code after} timer has fired and not been restarted; plain, likewise. */
    private boolean fired;

    private TimerOperation(int index, Kind kind, long nanos) {
        super(index, null, false);
        this.kind = kind;
        this.nanos = nanos;
        this.deadline = System.nanoTime() + nanos;
    }

    static TimerOperation after(int index, long delayNanos) {
        return new TimerOperation(index, Kind.AFTER, delayNanos);
    }

    static TimerOperation tick(int index, long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("a tick period must be positive, but was " + periodNanos + " ns");
        }
        return new TimerOperation(index, Kind.TICK, periodNanos);
    }

    static TimerOperation never(int index) {
        return new TimerOperation(index, Kind.NEVER, 0L);
    }

    /**
     * Re-arms the timer from now: an {@code after} timer fires once more, its delay from now; a
     * {@code tick} timer's next tick comes one period from now. Does nothing to {@code never}.
     *
     * @return this timer
     */
    public TimerOperation restart() {
        deadline = System.nanoTime() + nanos;
        fired = false;
        return this;
    }

    /**
     * {@return how long until it is due, in {@code unit} (0 once due); {@link Long#MAX_VALUE} for
     * a timer that will never be due again}
     *
     * @param unit the unit of the result
     */
    public long remaining(TimeUnit unit) {
        if (!waits()) {
            return Long.MAX_VALUE;
        }
        return unit.convert(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public String channelName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether it may still become due: not {@code never}, and not an {@code after} that fired. */
    boolean waits() {
        return kind != Kind.NEVER && !fired;
    }

    /** Its deadline; meaningful only while {@link #waits()}. */
    long deadline() {
        return deadline;
    }

    @Override
    boolean enabled() {
        return true; // a timer that will never be due takes part and is never ready, as in crossbeam
    }

    @Override
    boolean isReady() {
        return waits() && deadline - System.nanoTime() <= 0;
    }

    @Override
    boolean tryComplete() {
        long now = System.nanoTime();
        if (!waits() || deadline - now > 0) {
            return false;
        }
        if (kind == Kind.AFTER) {
            fired = true;
        } else {
            // The next tick one period later; ticks missed meanwhile are dropped, not delivered
            // in a burst.
            long next = deadline + nanos;
            deadline = next - now > 0 ? next : now + nanos;
        }
        closed = false;
        return true;
    }

    @Override
    void completeByHandOff() {
        throw new AssertionError("a timer is never registered with a channel");
    }
}
