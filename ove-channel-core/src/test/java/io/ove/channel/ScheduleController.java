package io.ove.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's threads one at a time through the {@link Seam}: each controlled thread stops at
 * every seam point and at every park, and goes on only when the test (a forced schedule) or the
 * {@link ScheduleExplorer} says so. Nothing else synchronises the threads, and nothing sleeps:
 * a thread handed the baton runs until its next point and hands it back.
 *
 * <p>A parked thread is <em>enabled</em> (may be resumed) once its context was claimed or it was
 * interrupted; a thread parked with a deadline may also be resumed "after its deadline", which is
 * how schedules include timeouts without waiting for a clock. When no thread is enabled and some
 * have not finished, the schedule is stuck: a lost wake-up or a deadlock.
 */
final class ScheduleController implements Seam.Hook, AutoCloseable {

    /** How long the test waits for a resumed thread to reach its next point. */
    private static final long STEP_TIMEOUT_SECONDS = 20;

    /** Where a controlled thread is. */
    enum State { AT_POINT, PARKED, DONE }

    /** One controlled thread. */
    final class Worker {
        final String name;
        final Thread thread;
        private final Semaphore go = new Semaphore(0);
        volatile State state = State.AT_POINT;
        /** The point it waits at, or {@code null} before its first step. */
        volatile Seam.Point point;
        volatile WaitContext parkedOn;
        volatile boolean parkedTimed;
        /** Whether its next resumption from a park declares the deadline passed. */
        volatile boolean expire;
        /**
         * Whether an interrupt is pending on it. Tracked here rather than read from the thread,
         * whose flag flickers while the semaphore that holds it handles the interrupt.
         */
        volatile boolean interruptPending;
        /**
         * Whether it stops at points inside the guard and inside ring operations (forced
         * schedules only: exploration leaves them out to keep its schedule count tractable, and
         * a thread held there makes others spin, which a step of exploration cannot express).
         */
        volatile boolean stopsEverywhere;
        volatile Object result;
        volatile Throwable failure;

        Worker(String name, Callable<?> body) {
            this.name = name;
            this.thread = new Thread(() -> {
                go.acquireUninterruptibly();
                try {
                    result = body.call();
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    state = State.DONE;
                    back.release();
                }
            }, name);
            this.thread.setDaemon(true);
        }

        /** Whether the test may resume it now. */
        boolean enabled() {
            return switch (state) {
                case AT_POINT -> true;
                case PARKED -> parkedOn.selected() != WaitContext.WAITING || interruptPending;
                case DONE -> false;
            };
        }

        /** Whether it is parked with a deadline, so that it may be resumed as timed out. */
        boolean canExpire() {
            return state == State.PARKED && parkedTimed;
        }

        /** Lets it run to its next point, park or end. */
        void step() {
            stepInternal(false);
        }

        /** Resumes it from a timed park as if its deadline had passed. */
        void expire() {
            if (!canExpire()) {
                throw new AssertionError(name + " is not parked with a deadline: " + describe());
            }
            stepInternal(true);
        }

        private void stepInternal(boolean expireDeadline) {
            if (state == State.DONE) {
                throw new AssertionError(name + " has already finished");
            }
            expire = expireDeadline;
            go.release();
            try {
                if (!back.tryAcquire(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError(name + " did not reach a seam point within " + STEP_TIMEOUT_SECONDS
                            + " s (spinning on something another controlled thread holds?)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            trace.add(name + (expireDeadline ? " (deadline passed)" : "") + " -> " + describe());
        }

        /** Runs it until it waits at {@code target}. */
        Worker runUntil(Seam.Point target) {
            do {
                requireEnabled("reach " + target);
                step();
            } while (!(state == State.AT_POINT && point == target));
            return this;
        }

        /** Runs it until it is parked with nobody's claim on its context, or has finished. */
        Worker runUntilParkedOrDone() {
            while (state != State.DONE && (state != State.PARKED || enabled())) {
                requireEnabled("park or finish");
                step();
            }
            return this;
        }

        /** Runs it until it is parked and nobody has claimed its context. */
        Worker runUntilParked() {
            while (state != State.PARKED || enabled()) {
                requireEnabled("park");
                step();
            }
            return this;
        }

        /** Runs it until its task returns or throws. */
        Worker runToEnd() {
            while (state != State.DONE) {
                requireEnabled("finish");
                step();
            }
            return this;
        }

        private void requireEnabled(String goal) {
            if (!enabled()) {
                throw new AssertionError(name + " cannot " + goal + ": " + describe() + "\n" + String.join("\n", trace));
            }
        }

        String describe() {
            return switch (state) {
                case AT_POINT -> point == null ? "not started" : "at " + point;
                case PARKED -> "parked" + (parkedTimed ? " (timed)" : "") + ", context "
                        + (parkedOn.selected() == WaitContext.WAITING ? "unclaimed" : "claimed")
                        + (interruptPending ? ", interrupted" : "");
                case DONE -> failure != null ? "threw " + failure : "returned " + result;
            };
        }
    }

    private final Semaphore back = new Semaphore(0);
    private final List<Worker> workers = new ArrayList<>();
    private final Map<Thread, Worker> owners = new ConcurrentHashMap<>();
    /** What happened, step by step, for failure messages. */
    final List<String> trace = new ArrayList<>();

    ScheduleController() {
        Seam.install(this);
    }

    /** Starts a controlled thread, held before the first line of {@code body}. */
    Worker start(String name, Callable<?> body) {
        Worker worker = new Worker(name, body);
        workers.add(worker);
        owners.put(worker.thread, worker); // before start: the thread finds itself here
        worker.thread.start();
        return worker;
    }

    List<Worker> workers() {
        return workers;
    }

    /**
     * Resumes enabled threads in turn (round robin) until all have finished.
     *
     * @throws AssertionError naming each thread's state if none can go on while some are unfinished
     */
    void finish(String context) {
        int next = 0;
        for (;;) {
            boolean allDone = true;
            Worker chosen = null;
            for (int i = 0; i < workers.size(); i++) {
                Worker candidate = workers.get((next + i) % workers.size());
                if (candidate.state != State.DONE) {
                    allDone = false;
                    if (candidate.enabled()) {
                        chosen = candidate;
                        next = (workers.indexOf(candidate) + 1) % workers.size();
                        break;
                    }
                }
            }
            if (allDone) {
                return;
            }
            if (chosen == null) {
                throw new AssertionError("stuck: no thread can go on (" + context + "): " + states() + "\n"
                        + String.join("\n", trace));
            }
            chosen.step();
        }
    }

    /** Every thread's state, for failure messages. */
    String states() {
        StringBuilder text = new StringBuilder();
        for (Worker worker : workers) {
            text.append(text.length() == 0 ? "" : "; ").append(worker.name).append(' ').append(worker.describe());
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ Seam.Hook

    @Override
    public void at(Seam.Point point) {
        Worker worker = owners.get(Thread.currentThread());
        if (worker == null || ((point.insideGuard || point.insideRing) && !worker.stopsEverywhere)) {
            return;
        }
        worker.point = point;
        worker.state = State.AT_POINT;
        handBack(worker);
    }

    @Override
    public int park(WaitContext context, boolean timed) {
        Worker worker = owners.get(Thread.currentThread());
        if (worker == null) {
            return Seam.NOT_CONTROLLED;
        }
        worker.parkedOn = context;
        worker.parkedTimed = timed;
        worker.state = State.PARKED;
        handBack(worker);
        return worker.expire ? Seam.EXPIRED : Seam.RESUMED;
    }

    @Override
    public boolean skipsSpinning() {
        return owners.containsKey(Thread.currentThread());
    }

    /** Interrupts {@code target}; use this rather than {@code Thread.interrupt()} in schedules. */
    void interrupt(Worker target) {
        target.interruptPending = true;
        target.thread.interrupt();
    }

    private void handBack(Worker worker) {
        // Its own flag, read by its own thread, is stable; an interrupt that arrives while it is
        // held is recorded by interrupt(Worker).
        worker.interruptPending = Thread.currentThread().isInterrupted();
        back.release();
        worker.go.acquireUninterruptibly(); // keeps an interrupt pending for the protocol to see
        worker.state = State.AT_POINT;
        worker.point = null;
    }

    /** Uninstalls the hook; threads still held stay parked (daemons) and are abandoned. */
    @Override
    public void close() {
        Seam.install(null);
    }
}
