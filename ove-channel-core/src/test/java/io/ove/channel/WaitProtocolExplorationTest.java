package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every schedule of small scenarios of the wait protocol, explored by {@link ScheduleExplorer}
 * over the seam points (up to the preemption bound each test names): waiters and wakers, closing,
 * drop-oldest, timeouts and interrupts. A schedule in which a thread stays parked while it could
 * proceed fails as "stuck", with the schedule that got there.
 *
 * <p>The number of schedules each scenario explored is printed, and quoted in
 * {@code docs/reliability.md}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WaitProtocolExplorationTest {

    /** A generous timeout for timed calls: they end only when a schedule lets their deadline pass. */
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** Preemptions per schedule; {@code -Dexploration.preemptions=N} explores further. */
    private static final int BOUND = Integer.getInteger("exploration.preemptions", 2);

    /**
     * Preemptions for the two scenarios of the lost wake-up, which needs three of them (a waiter
     * paused before registering, after registering, and after its re-check).
     */
    private static final int CORE_BOUND = Math.max(BOUND, 3);

    private static final List<ScheduleExplorer.Coverage> COVERAGE = new ArrayList<>();

    @AfterAll
    static void report() {
        COVERAGE.forEach(coverage -> System.out.println("wait-protocol exploration: " + coverage));
    }

    private static void explore(String name, int preemptions, Supplier<ScheduleExplorer.Scenario> scenario) {
        ScheduleExplorer.Coverage coverage = ScheduleExplorer.explore(name, scenario, preemptions, 2_000_000);
        COVERAGE.add(coverage);
        assertThat(coverage.executions()).isPositive();
    }

    @Test
    void twoReceiversAndOneSenderOfTwoMessagesNeverStrandAReceiver() {
        for (int capacity : new int[] {1, 2}) {
            explore("2 receivers, 1 sender of 2 messages, capacity " + capacity, CORE_BOUND, () -> new ScheduleExplorer.Scenario() {
                Channel<Integer> channel;

                @Override
                public void start(ScheduleController schedule) {
                    channel = Channel.bounded(capacity);
                    Receiver<Integer> rx = channel.receiver();
                    Sender<Integer> tx = channel.sender();
                    schedule.start("R1", rx::recv);
                    schedule.start("R2", rx::recv);
                    schedule.start("S", () -> {
                        tx.send(1);
                        tx.send(2);
                        return null;
                    });
                }

                @Override
                public void check(ScheduleController schedule) {
                    assertThat(results(schedule, "R1", "R2")).containsExactlyInAnyOrder(1, 2);
                    assertBalanced(channel, 2, 2, 0);
                }
            });
        }
    }

    @Test
    void twoSendersAndOneReceiverAtCapacityOneNeverStrandASender() {
        for (boolean prefilled : new boolean[] {false, true}) {
            String name = "2 senders, 1 receiver of 2 messages, capacity 1" + (prefilled ? ", full at the start" : "");
            explore(name, CORE_BOUND, () -> new TwoSendersOneReceiver(prefilled) {
                @Override
                ScheduleController.Worker startFirst(ScheduleController schedule, Sender<Integer> tx) {
                    return schedule.start("A", () -> tx.send(1));
                }

                @Override
                boolean firstSent(ScheduleController.Worker first) {
                    assertThat(first.result).isEqualTo(SendResult.SENT);
                    return true;
                }
            });
        }
    }

    @Test
    void closingRacingParkedReceiversTellsEachOfThemOnce() {
        explore("2 receivers, 1 sender, close of the sending side", BOUND, () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> channel;

            @Override
            public void start(ScheduleController schedule) {
                channel = Channel.bounded(1);
                Receiver<Integer> rx = channel.receiver();
                Sender<Integer> tx = channel.sender();
                schedule.start("R1", rx::recv);
                schedule.start("R2", rx::recv);
                schedule.start("S", () -> tx.trySend(1));
                schedule.start("C", channel::closeSending);
            }

            @Override
            public void check(ScheduleController schedule) {
                boolean sent = worker(schedule, "S").result == SendResult.SENT;
                List<Object> got = results(schedule, "R1", "R2");
                assertThat(got).containsExactlyInAnyOrderElementsOf(sent ? List.of(1) : List.of());
                assertThat(failures(schedule, "R1", "R2")).hasSize(sent ? 1 : 2)
                        .allMatch(ChannelClosedException.class::isInstance);
                assertBalanced(channel, sent ? 1 : 0, sent ? 1 : 0, 0);
            }
        });
    }

    @Test
    void closingTheReceivingSideRacingParkedSendersRefusesOrReportsEveryMessage() {
        explore("2 senders parked on a full channel, close of the receiving side", BOUND, () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> channel;
            final Set<Integer> undelivered = ConcurrentHashMap.newKeySet();

            @Override
            public void start(ScheduleController schedule) {
                channel = Channel.<Integer>builder(1).onUndelivered((m, r) -> undelivered.add(m)).build();
                Sender<Integer> tx = channel.sender();
                tx.trySend(0);
                schedule.start("S1", () -> tx.send(1));
                schedule.start("S2", () -> tx.send(2));
                schedule.start("C", channel::closeReceiving);
            }

            @Override
            public void check(ScheduleController schedule) {
                Set<Integer> accepted = new java.util.HashSet<>(Set.of(0));
                for (String name : List.of("S1", "S2")) {
                    ScheduleController.Worker sender = worker(schedule, name);
                    if (sender.result == SendResult.SENT) {
                        accepted.add(Integer.parseInt(name.substring(1)));
                    } else {
                        assertThat(sender.failure).as(name).isInstanceOf(ChannelClosedException.class);
                    }
                }
                assertThat(worker(schedule, "C").result).isEqualTo(true);
                assertThat(undelivered).isEqualTo(accepted);
                ChannelStats stats = channel.stats();
                assertThat(stats.undelivered()).isEqualTo(accepted.size());
                assertThat(stats.closedDrops()).isEqualTo(3 - accepted.size());
                assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
            }
        });
    }

    @Test
    void dropOldestRacingAReceiverAndCloseLosesNothingAndEvictsOnlyWhenFull() {
        explore("drop-oldest sender of 2, receiver, close, capacity 1", BOUND, () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> channel;
            final Set<Integer> evicted = ConcurrentHashMap.newKeySet();
            final List<Integer> received = new ArrayList<>();
            long lastReceived;

            @Override
            public void start(ScheduleController schedule) {
                channel = Channel.<Integer>builder(1).overflow(OverflowPolicy.DROP_OLDEST)
                        .onUndelivered((m, r) -> evicted.add(m)).build();
                Sender<Integer> tx = channel.sender();
                Receiver<Integer> rx = channel.receiver();
                tx.trySend(0);
                schedule.start("P", () -> List.of(tx.trySend(1), tx.trySend(2)));
                schedule.start("R", () -> {
                    Integer message = rx.tryRecv();
                    if (message != null) {
                        received.add(message);
                    }
                    return null;
                });
                schedule.start("C", channel::closeSending);
            }

            @Override
            public void afterStep(ScheduleController schedule) {
                long now = channel.stats().received();
                assertThat(now).as("received never goes backwards").isGreaterThanOrEqualTo(lastReceived);
                lastReceived = now;
            }

            @Override
            public void check(ScheduleController schedule) {
                @SuppressWarnings("unchecked")
                List<SendResult> results = (List<SendResult>) worker(schedule, "P").result;
                Set<Integer> accepted = new java.util.HashSet<>(Set.of(0));
                for (int i = 0; i < 2; i++) {
                    if (results.get(i) == SendResult.SENT) {
                        accepted.add(i + 1);
                    }
                }
                // A CLOSED send had no effect: evictions come only from sends that were accepted.
                assertThat(evicted.size()).isLessThanOrEqualTo(accepted.size() - 1);
                List<Integer> left = drain(channel);
                List<Integer> all = new ArrayList<>(received);
                all.addAll(evicted);
                all.addAll(left);
                assertThat(all).containsExactlyInAnyOrderElementsOf(accepted);
                ChannelStats stats = channel.stats();
                assertThat(stats.evicted()).isEqualTo(evicted.size());
                assertThat(stats.sent()).isEqualTo(stats.received() + stats.evicted() + stats.depth());
                assertThat(stats.closedDrops() + stats.fullDrops() - stats.evicted()).isEqualTo(2 - (accepted.size() - 1));
            }
        });
    }

    @Test
    void aTimeoutRacingAWakeUpNeitherLosesNorDuplicatesTheMessage() {
        explore("timed receiver and receiver, 1 message, then close", BOUND, () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> channel;

            @Override
            public void start(ScheduleController schedule) {
                channel = Channel.bounded(1);
                Receiver<Integer> rx = channel.receiver();
                Sender<Integer> tx = channel.sender();
                schedule.start("T", () -> rx.recv(HOUR, TimeUnit.NANOSECONDS));
                schedule.start("R", rx::recv);
                schedule.start("S", () -> {
                    tx.send(1);
                    return channel.closeSending();
                });
            }

            @Override
            public void check(ScheduleController schedule) {
                assertThat(results(schedule, "T", "R")).containsOnlyOnce(1);
                assertThat(failures(schedule, "T", "R")).allMatch(ChannelClosedException.class::isInstance);
                assertBalanced(channel, 1, 1, 0);
            }
        });
    }

    @Test
    void aTimedSendRacingAWakeUpNeitherLosesNorDuplicatesRoom() {
        explore("timed sender and sender on a full channel, receiver of 2", BOUND, () -> new TwoSendersOneReceiver(true) {
            @Override
            ScheduleController.Worker startFirst(ScheduleController schedule, Sender<Integer> tx) {
                return schedule.start("A", () -> tx.send(1, HOUR, TimeUnit.NANOSECONDS));
            }

            @Override
            boolean firstSent(ScheduleController.Worker first) {
                assertThat(first.result).isIn(SendResult.SENT, SendResult.FULL);
                return first.result == SendResult.SENT;
            }
        });
    }

    @Test
    void anInterruptRacingAWakeUpNeitherLosesNorDuplicatesTheMessage() {
        explore("interrupted receiver and receiver, 1 message, then close", BOUND, () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> channel;

            @Override
            public void start(ScheduleController schedule) {
                channel = Channel.bounded(1);
                Receiver<Integer> rx = channel.receiver();
                Sender<Integer> tx = channel.sender();
                ScheduleController.Worker interrupted = schedule.start("I", rx::recv);
                schedule.start("R", rx::recv);
                schedule.start("S", () -> {
                    tx.send(1);
                    return channel.closeSending();
                });
                schedule.start("X", () -> {
                    schedule.interrupt(interrupted);
                    return null;
                });
            }

            @Override
            public void check(ScheduleController schedule) {
                assertThat(results(schedule, "I", "R")).containsOnlyOnce(1);
                assertThat(failures(schedule, "I", "R")).allMatch(
                        e -> e instanceof ChannelClosedException || e instanceof InterruptedException);
                assertBalanced(channel, 1, 1, 0);
            }
        });
    }

    @Test
    void anInterruptedSenderRacingAWakeUpNeitherLosesNorDuplicatesRoom() {
        explore("interrupted sender and sender on a full channel, receiver of 2", BOUND, () -> new TwoSendersOneReceiver(true) {
            @Override
            ScheduleController.Worker startFirst(ScheduleController schedule, Sender<Integer> tx) {
                ScheduleController.Worker first = schedule.start("A", () -> tx.send(1));
                schedule.start("X", () -> {
                    schedule.interrupt(first);
                    return null;
                });
                return first;
            }

            @Override
            boolean firstSent(ScheduleController.Worker first) {
                if (first.result == SendResult.SENT) {
                    return true;
                }
                assertThat(first.failure).isInstanceOf(InterruptedException.class);
                return false;
            }
        });
    }

    /**
     * Two senders on a channel of capacity 1 (full at the start, or empty) and a receiver of two
     * messages: the second sender ("B") sends 2 untimed; the first ("A") sends 1 in the way a
     * subclass chooses. Whatever the schedule, B's message and every message A got accepted are
     * received or still buffered at the end.
     */
    private abstract static class TwoSendersOneReceiver implements ScheduleExplorer.Scenario {
        private final boolean prefilled;
        private final List<Integer> received = new ArrayList<>();
        private Channel<Integer> channel;

        TwoSendersOneReceiver(boolean prefilled) {
            this.prefilled = prefilled;
        }

        /** Starts sender "A", which sends 1, and any thread racing it. */
        abstract ScheduleController.Worker startFirst(ScheduleController schedule, Sender<Integer> tx);

        /** Checks A's outcome and tells whether its message was accepted. */
        abstract boolean firstSent(ScheduleController.Worker first);

        @Override
        public void start(ScheduleController schedule) {
            channel = Channel.bounded(1);
            Receiver<Integer> rx = channel.receiver();
            Sender<Integer> tx = channel.sender();
            if (prefilled) {
                tx.trySend(0);
            }
            startFirst(schedule, tx);
            schedule.start("B", () -> tx.send(2));
            schedule.start("R", () -> {
                received.add(rx.recv());
                received.add(rx.recv());
                return null;
            });
        }

        @Override
        public void check(ScheduleController schedule) {
            assertThat(worker(schedule, "B").result).isEqualTo(SendResult.SENT);
            List<Integer> expected = new ArrayList<>(List.of(2));
            if (prefilled) {
                expected.add(0);
            }
            if (firstSent(worker(schedule, "A"))) {
                expected.add(1);
            }
            List<Integer> all = new ArrayList<>(received);
            all.addAll(drain(channel));
            assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    // ------------------------------------------------------------------ helpers

    static ScheduleController.Worker worker(ScheduleController schedule, String name) {
        return schedule.workers().stream().filter(w -> w.name.equals(name)).findFirst().orElseThrow();
    }

    /** The values the named threads returned (those that threw are left out). */
    static List<Object> results(ScheduleController schedule, String... names) {
        List<Object> results = new ArrayList<>();
        for (String name : names) {
            ScheduleController.Worker worker = worker(schedule, name);
            if (worker.failure == null && worker.result != null) {
                results.add(worker.result);
            }
        }
        return results;
    }

    /** What the named threads threw. */
    static List<Throwable> failures(ScheduleController schedule, String... names) {
        List<Throwable> failures = new ArrayList<>();
        for (String name : names) {
            ScheduleController.Worker worker = worker(schedule, name);
            if (worker.failure != null) {
                failures.add(worker.failure);
            }
        }
        return failures;
    }

    /** Takes what is still buffered, without waiting. */
    static List<Integer> drain(Channel<Integer> channel) {
        List<Integer> left = new ArrayList<>();
        for (Integer m = channel.receiver().tryRecv(); m != null; m = channel.receiver().tryRecv()) {
            left.add(m);
        }
        return left;
    }

    static void assertBalanced(Channel<?> channel, long sent, long received, int depth) {
        ChannelStats stats = channel.stats();
        assertThat(stats.sent()).as("sent").isEqualTo(sent);
        assertThat(stats.received()).as("received").isEqualTo(received);
        assertThat(stats.depth()).as("depth").isEqualTo(depth);
    }
}
