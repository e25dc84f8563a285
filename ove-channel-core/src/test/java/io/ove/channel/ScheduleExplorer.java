package io.ove.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Explores the interleavings of a small scenario systematically, over the {@link Seam}: every
 * execution runs the scenario's threads one at a time with a {@link ScheduleController}, and at
 * each step chooses which thread goes on (and whether a timed wait's deadline passes). Executions
 * are enumerated depth first, each differing from the previous in its last open choice, until all
 * schedules with at most {@code preemptions} preemptions have run (a preemption is a switch away
 * from a thread that could have gone on; switching away from a parked or finished thread is
 * free). With an unbounded number of preemptions this is every interleaving of the seam points.
 *
 * <p>An execution fails when no thread can go on while some have not finished (a lost wake-up or
 * a deadlock), or when the scenario's own check fails; the message carries the whole schedule.
 */
final class ScheduleExplorer {

    /** A scenario: fresh state and threads for each execution, and what must hold at its end. */
    interface Scenario {
        /** Creates the channel(s) and starts the threads, all held before their first line. */
        void start(ScheduleController schedule);

        /** Runs between steps, with every controlled thread held; may assert invariants. */
        default void afterStep(ScheduleController schedule) {
        }

        /** Runs once every thread has finished. */
        void check(ScheduleController schedule);
    }

    /** What an exploration covered. */
    record Coverage(String scenario, long executions, int longestSchedule, int preemptionBound) {
        @Override
        public String toString() {
            return scenario + ": " + executions + " schedules (up to " + longestSchedule + " steps, "
                    + (preemptionBound == Integer.MAX_VALUE ? "unbounded" : "at most " + preemptionBound)
                    + " preemptions)";
        }
    }

    /** One choice point of the current schedule. */
    private static final class Choice {
        final int options;
        int chosen;

        Choice(int options) {
            this.options = options;
        }
    }

    /** One thing that can happen next: a thread goes on, or a timed wait expires. */
    private record Option(ScheduleController.Worker worker, boolean expire, boolean preempts) {
    }

    private ScheduleExplorer() {
    }

    /**
     * Runs every schedule of {@code scenario} with at most {@code preemptionBound} preemptions.
     *
     * @throws AssertionError on the first failing schedule, or if there are more than
     *                        {@code maxExecutions} of them
     */
    static Coverage explore(String name, Supplier<Scenario> scenario, int preemptionBound, long maxExecutions) {
        List<Choice> path = new ArrayList<>();
        long executions = 0;
        int longest = 0;
        for (;;) {
            int steps = runOnce(name, scenario.get(), path, preemptionBound);
            executions++;
            longest = Math.max(longest, steps);
            while (!path.isEmpty() && path.get(path.size() - 1).chosen + 1 >= path.get(path.size() - 1).options) {
                path.remove(path.size() - 1);
            }
            if (path.isEmpty()) {
                return new Coverage(name, executions, longest, preemptionBound);
            }
            path.get(path.size() - 1).chosen++;
            if (executions >= maxExecutions) {
                throw new AssertionError(name + ": more than " + maxExecutions + " schedules; lower the bound");
            }
        }
    }

    private static int runOnce(String name, Scenario scenario, List<Choice> path, int preemptionBound) {
        try (ScheduleController schedule = new ScheduleController()) {
            scenario.start(schedule);
            ScheduleController.Worker current = null;
            int preemptions = 0;
            int depth = 0;
            for (;; depth++) {
                List<Option> options = options(schedule, current, preemptions < preemptionBound);
                if (options.isEmpty()) {
                    break;
                }
                Choice choice;
                if (depth < path.size()) {
                    choice = path.get(depth);
                    if (choice.options != options.size()) {
                        throw new AssertionError(name + ": the scenario is not deterministic at step " + depth
                                + " (" + options.size() + " options instead of " + choice.options + ")\nschedule:\n"
                                + String.join("\n", schedule.trace));
                    }
                } else {
                    choice = new Choice(options.size());
                    path.add(choice);
                }
                Option option = options.get(choice.chosen);
                if (option.preempts) {
                    preemptions++;
                }
                current = option.worker;
                if (option.expire) {
                    current.expire();
                } else {
                    current.step();
                }
                scenario.afterStep(schedule);
            }
            for (ScheduleController.Worker worker : schedule.workers()) {
                if (worker.state != ScheduleController.State.DONE) {
                    throw new AssertionError(name + ": stuck, no thread can go on: " + schedule.states() + "\nschedule:\n"
                            + String.join("\n", schedule.trace));
                }
            }
            try {
                scenario.check(schedule);
            } catch (AssertionError e) {
                throw new AssertionError(name + ": " + e.getMessage() + "\nthreads: " + schedule.states() + "\nschedule:\n"
                        + String.join("\n", schedule.trace), e);
            }
            return depth;
        }
    }

    /**
     * The options at this step, the non-preempting ones first, so that the first execution runs
     * each thread as far as it goes.
     */
    private static List<Option> options(ScheduleController schedule, ScheduleController.Worker current,
            boolean mayPreempt) {
        boolean currentCanGoOn = current != null && current.state == ScheduleController.State.AT_POINT;
        List<Option> options = new ArrayList<>();
        if (currentCanGoOn) {
            options.add(new Option(current, false, false));
        }
        for (ScheduleController.Worker worker : schedule.workers()) {
            boolean preempts = currentCanGoOn && worker != current;
            if (preempts && !mayPreempt) {
                continue;
            }
            if (worker != current || !currentCanGoOn) {
                if (worker.enabled()) {
                    options.add(new Option(worker, false, preempts));
                }
            }
            if (worker.canExpire()) {
                options.add(new Option(worker, true, preempts));
            }
        }
        return options;
    }
}
