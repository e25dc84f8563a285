package io.ove.channel;

import static io.ove.channel.WaitProtocolExplorationTest.drain;
import static io.ove.channel.WaitProtocolExplorationTest.results;
import static io.ove.channel.WaitProtocolExplorationTest.worker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every schedule of small {@link Select} scenarios, explored by {@link ScheduleExplorer} over the
 * seam points (the wait protocol's, and the select's own: before its round of attempts, after its
 * registrations, after its wake-up), on buffered and on rendezvous channels: two selects and two
 * senders over two channels, a select racing a close, a select whose timeout races a send, and
 * selects sending to a rendezvous pair. Each schedule must end with every thread done (nobody
 * stranded) and with each message received exactly once or still in its channel.
 *
 * <p>The selects are biased, so that each execution of a scenario makes the same choices (a fair
 * select's random order would make the schedules differ from run to run); both orders of
 * registration are explored instead where the order matters.
 *
 * <p>The number of schedules each scenario explored is printed, and quoted in
 * {@code docs/reliability.md}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SelectExplorationTest {

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** Preemptions per schedule; {@code -Dexploration.preemptions=N} explores further. */
    private static final int BOUND = Integer.getInteger("exploration.preemptions", 2);

    private static final List<ScheduleExplorer.Coverage> COVERAGE = new ArrayList<>();

    @AfterAll
    static void report() {
        COVERAGE.forEach(coverage -> System.out.println("select exploration: " + coverage));
    }

    private static void explore(String name, Supplier<ScheduleExplorer.Scenario> scenario) {
        ScheduleExplorer.Coverage coverage = ScheduleExplorer.explore(name, scenario, BOUND, 2_000_000);
        COVERAGE.add(coverage);
        assertThat(coverage.executions()).isPositive();
    }

    /** What a select call completed, as "A:1", "B:closed", or {@code null} when it timed out. */
    static String outcome(SelectOperation done) {
        if (done == null) {
            return null;
        }
        String channel = done.channelName();
        if (done.isClosed()) {
            return channel + ":closed";
        }
        Object message = done instanceof RecvOperation<?> recv ? recv.message() : "sent";
        return channel + ":" + message;
    }

    /**
     * Closes the channels' first handles once a schedule is checked. Every scenario keeps its
     * channels in fields: a handle nobody references is released by the cleaner, which closes its
     * side at a moment the schedule does not control.
     */
    static void close(Channel<?>... channels) {
        for (Channel<?> channel : channels) {
            channel.sender().close();
            channel.receiver().close();
        }
    }

    static Channel<Integer> channel(String name, int capacity) {
        return Channel.<Integer>builder(capacity).name(name).build();
    }

    @Test
    void twoSelectsAndTwoSendersOverTwoChannelsEachGetOneMessage() {
        for (int capacity : new int[] {0, 1}) {
            explore("2 selects over A and B, a sender on each, capacity " + capacity, () -> new ScheduleExplorer.Scenario() {
                Channel<Integer> a;
                Channel<Integer> b;

                @Override
                public void start(ScheduleController schedule) {
                    a = channel("A", capacity);
                    b = channel("B", capacity);
                    for (String name : new String[] {"S1", "S2"}) {
                        // S1 tries A first, S2 tries B first.
                        Select select = Select.biased();
                        Receiver<Integer> first = name.equals("S1") ? a.receiver() : b.receiver();
                        Receiver<Integer> second = name.equals("S1") ? b.receiver() : a.receiver();
                        select.recv(first);
                        select.recv(second);
                        schedule.start(name, () -> outcome(select.select()));
                    }
                    Sender<Integer> toA = a.sender();
                    Sender<Integer> toB = b.sender();
                    schedule.start("PA", () -> toA.send(1));
                    schedule.start("PB", () -> toB.send(2));
                }

                @Override
                public void check(ScheduleController schedule) {
                    assertThat(results(schedule, "S1", "S2")).containsExactlyInAnyOrder("A:1", "B:2");
                    assertThat(results(schedule, "PA", "PB")).containsOnly(SendResult.SENT);
                    assertThat(a.stats().received() + b.stats().received()).isEqualTo(2);
                    close(a, b);
                }
            });
        }
    }

    @Test
    void aSelectRacingACloseCompletesExactlyOneOperation() {
        for (int capacity : new int[] {0, 1}) {
            explore("a select over A and B, close of A, a try-send on B, capacity " + capacity,
                    () -> new ScheduleExplorer.Scenario() {
                Channel<Integer> a;
                Channel<Integer> b;

                @Override
                public void start(ScheduleController schedule) {
                    a = channel("A", capacity);
                    b = channel("B", capacity);
                    Select select = Select.biased();
                    select.recv(a.receiver());
                    select.recv(b.receiver());
                    schedule.start("S", () -> outcome(select.select()));
                    schedule.start("C", a::closeSending);
                    Sender<Integer> toB = b.sender();
                    schedule.start("P", () -> toB.trySend(2));
                }

                @Override
                public void check(ScheduleController schedule) {
                    Object got = worker(schedule, "S").result;
                    boolean sent = worker(schedule, "P").result == SendResult.SENT;
                    List<Integer> left = drain(b);
                    if ("B:2".equals(got)) {
                        assertThat(sent).isTrue();
                        assertThat(left).isEmpty();
                    } else {
                        assertThat(got).isEqualTo("A:closed");
                        // Not taken by the select: still buffered (a rendezvous send needs a taker).
                        assertThat(left).isEqualTo(sent ? List.of(2) : List.of());
                        if (capacity == 0) {
                            assertThat(sent).isFalse();
                        }
                    }
                    close(a, b);
                }
            });
        }
    }

    @Test
    void aSelectTimeoutRacingASendNeitherLosesNorDuplicatesTheMessage() {
        for (int capacity : new int[] {0, 1}) {
            explore("a timed select over A and B, a timed send on A, capacity " + capacity,
                    () -> new ScheduleExplorer.Scenario() {
                Channel<Integer> a;
                Channel<Integer> b;

                @Override
                public void start(ScheduleController schedule) {
                    a = channel("A", capacity);
                    b = channel("B", capacity);
                    Select select = Select.biased();
                    select.recv(a.receiver());
                    select.recv(b.receiver());
                    schedule.start("S", () -> outcome(select.select(HOUR, TimeUnit.NANOSECONDS)));
                    Sender<Integer> toA = a.sender();
                    schedule.start("P", () -> toA.send(1, HOUR, TimeUnit.NANOSECONDS));
                }

                @Override
                public void check(ScheduleController schedule) {
                    Object got = worker(schedule, "S").result;
                    boolean sent = worker(schedule, "P").result == SendResult.SENT;
                    List<Integer> left = drain(a);
                    List<Object> delivered = new ArrayList<>(left);
                    if (got != null) {
                        assertThat(got).isEqualTo("A:1");
                        delivered.add(1);
                    }
                    assertThat(delivered).isEqualTo(sent ? List.of(1) : List.of());
                    close(a, b);
                }
            });
        }
    }

    @Test
    void twoSelectsSendingToARendezvousPairMeetTwoReceivers() {
        explore("2 selects sending on A or B, a receiver on each, capacity 0", () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> a;
            Channel<Integer> b;

            @Override
            public void start(ScheduleController schedule) {
                a = channel("A", 0);
                b = channel("B", 0);
                for (int i = 1; i <= 2; i++) {
                    Select select = Select.biased(); // S1 offers on A first, S2 on B first
                    select.send(i == 1 ? a.sender() : b.sender(), i);
                    select.send(i == 1 ? b.sender() : a.sender(), i);
                    schedule.start("S" + i, () -> outcome(select.select()));
                }
                Receiver<Integer> fromA = a.receiver();
                Receiver<Integer> fromB = b.receiver();
                schedule.start("RA", fromA::recv);
                schedule.start("RB", fromB::recv);
            }

            @Override
            public void check(ScheduleController schedule) {
                assertThat(results(schedule, "S1", "S2")).containsExactlyInAnyOrder("A:sent", "B:sent");
                assertThat(results(schedule, "RA", "RB")).containsExactlyInAnyOrder(1, 2);
                close(a, b);
            }
        });
    }

    @Test
    void aReadinessWatcherNeverUsesUpTheWakeUpOfAWaitingReceiver() {
        explore("a ready() watcher and a receiver on A, a sender of 1, capacity 1", () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> a;

            @Override
            public void start(ScheduleController schedule) {
                a = channel("A", 1);
                Select select = Select.biased();
                select.recv(a.receiver());
                // Timed: once the receiver has taken the message, nothing is ever ready for it again.
                schedule.start("W", () -> outcome(select.ready(java.time.Duration.ofNanos(HOUR))));
                Receiver<Integer> rx = a.receiver();
                schedule.start("R", rx::recv);
                Sender<Integer> tx = a.sender();
                schedule.start("P", () -> tx.send(1));
            }

            @Override
            public void check(ScheduleController schedule) {
                assertThat(worker(schedule, "R").result).isEqualTo(1);
                assertThat(worker(schedule, "W").failure).isNull();
                close(a);
            }
        });
    }

    @Test
    void aRendezvousSendRacingTheCloseOfTheReceivingSideIsReceivedOrRefusedNeverBoth() {
        explore("a rendezvous sender, close of the receiving side", () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> a;

            @Override
            public void start(ScheduleController schedule) {
                a = channel("A", 0);
                Sender<Integer> tx = a.sender();
                schedule.start("P", () -> tx.send(1));
                schedule.start("C", a::closeReceiving);
            }

            @Override
            public void check(ScheduleController schedule) {
                assertThat(worker(schedule, "P").failure).isInstanceOf(ChannelClosedException.class);
                assertThat(a.stats().sent()).isZero();
                close(a);
            }
        });
        explore("a rendezvous sender, a receiver, close of the receiving side", () -> new ScheduleExplorer.Scenario() {
            Channel<Integer> a;

            @Override
            public void start(ScheduleController schedule) {
                a = channel("A", 0);
                Sender<Integer> tx = a.sender();
                Receiver<Integer> rx = a.receiver();
                schedule.start("P", () -> tx.send(1));
                schedule.start("R", rx::recv);
                schedule.start("C", a::closeReceiving);
            }

            @Override
            public void check(ScheduleController schedule) {
                boolean sent = worker(schedule, "P").failure == null;
                boolean received = worker(schedule, "R").failure == null;
                assertThat(received).as("received exactly when sent").isEqualTo(sent);
                if (received) {
                    assertThat(worker(schedule, "R").result).isEqualTo(1);
                } else {
                    assertThat(worker(schedule, "P").failure).isInstanceOf(ChannelClosedException.class);
                    assertThat(worker(schedule, "R").failure).isInstanceOf(ChannelClosedException.class);
                }
                assertThat(a.stats().undelivered()).isZero();
                assertThat(a.stats().sent()).isEqualTo(sent ? 1 : 0);
                close(a);
            }
        });
    }
}
