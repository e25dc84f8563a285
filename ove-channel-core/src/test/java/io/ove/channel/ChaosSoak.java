package io.ove.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A chaos soak of the channel: rounds of random producers and consumers over a random capacity
 * (1 to 4096) and overflow policy, using every send and receive flavour with random timeouts,
 * cloning and closing their handles as they go, interrupted at random, and ending each round by
 * closing the sending side or, at random, the receiving side early.
 *
 * <p>Each message carries a unique id, so every round can check: accepted = received +
 * undelivered (evicted or left when the receivers closed) with no duplicate and no phantom;
 * each consumer saw each producer's messages in send order; the statistics equal what was
 * observed; and every thread finished (no deadlock, no lost wake-up).
 */
final class ChaosSoak {

    private final ThreadFactory threads;
    private final Figures figures = new Figures();

    ChaosSoak(ThreadFactory threads) {
        this.threads = threads;
    }

    /** Totals over all rounds, for the report. */
    static final class Figures {
        final AtomicLong rounds = new AtomicLong();
        final AtomicLong operations = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong undelivered = new AtomicLong();
        final AtomicLong interrupts = new AtomicLong();
        final AtomicLong handleChurn = new AtomicLong();
        final AtomicLong quietPoints = new AtomicLong();
        final AtomicLong violations = new AtomicLong();

        @Override
        public String toString() {
            return "rounds=" + rounds + ", operations=" + operations + ", accepted=" + accepted + ", received="
                    + received + ", undelivered=" + undelivered + ", interrupts=" + interrupts + ", handleChurn="
                    + handleChurn + ", quietPoints=" + quietPoints + ", violations=" + violations;
        }
    }

    /**
     * Widens the windows of the wait protocol: at each seam point, now and then, the thread gives
     * up its processor, as a preemption would. Installed only where the seam is enabled (tests).
     *
     * <p>Not at points where other threads spin until this one goes on: inside the guard, and
     * inside a ring claim. A virtual thread cannot unmount there (nothing in those windows blocks),
     * and when the soak makes it yield there anyway, the threads spinning on it can keep the
     * carriers busy for longer than a round's 30 s bound. {@link InFlightClaimScheduleTest} holds
     * threads inside ring claims deterministically instead.
     */
    private static final class Jitter implements Seam.Hook {
        @Override
        public void at(Seam.Point point) {
            if (!point.insideGuard && !point.insideRing && ThreadLocalRandom.current().nextInt(16) == 0) {
                Thread.yield();
            }
        }

        @Override
        public int park(WaitContext context, boolean timed) {
            return Seam.NOT_CONTROLLED;
        }

        @Override
        public boolean skipsSpinning() {
            return ThreadLocalRandom.current().nextInt(4) == 0;
        }
    }

    /** Runs rounds until {@code duration} has passed; throws on the first violation. */
    Figures run(Duration duration) throws Exception {
        if (Seam.ENABLED) {
            Seam.install(new Jitter());
        }
        try {
            return runRounds(duration);
        } finally {
            if (Seam.ENABLED) {
                Seam.install(null);
            }
        }
    }

    private Figures runRounds(Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (figures.rounds.get() % 2 == 0) {
                round();
            } else {
                livenessRound();
            }
            figures.rounds.incrementAndGet();
        }
        return figures;
    }

    private void round() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int capacity = 1 << random.nextInt(13) ; // 1 .. 4096
        capacity = Math.max(1, capacity - random.nextInt(Math.max(1, capacity / 2)));
        OverflowPolicy policy = OverflowPolicy.values()[random.nextInt(3)];
        int producers = 1 + random.nextInt(4);
        int consumers = 1 + random.nextInt(4);
        long perProducer = 200 + random.nextInt(3_000);
        boolean closeReceiversEarly = random.nextInt(5) == 0;
        String round = "round " + figures.rounds.get() + " (capacity " + capacity + ", " + policy + ", "
                + producers + "P" + consumers + "C" + (closeReceiversEarly ? ", receivers close early" : "") + ")";

        Set<Long> undelivered = ConcurrentHashMap.newKeySet();
        AtomicLong duplicateReports = new AtomicLong();
        Channel<Long> channel = Channel.<Long>builder(capacity).name("soak").overflow(policy)
                .onUndelivered((message, reason) -> {
                    if (!undelivered.add(message)) {
                        duplicateReports.incrementAndGet();
                    }
                })
                .build();
        Set<Long> accepted = ConcurrentHashMap.newKeySet();
        List<Set<Long>> receivedBy = new ArrayList<>();
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);

        for (int p = 0; p < producers; p++) {
            Sender<Long> first = channel.sender().clone();
            long producer = p;
            workers.add(start(() -> produce(first, producer, perProducer, accepted, errors)));
        }
        for (int c = 0; c < consumers; c++) {
            Receiver<Long> first = channel.receiver().clone();
            Set<Long> received = ConcurrentHashMap.newKeySet();
            receivedBy.add(received);
            workers.add(start(() -> consume(first, producers, received, errors)));
        }
        channel.sender().close();
        channel.receiver().close();

        // Chaos: interrupt random workers while the round runs.
        Thread chaos = start(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (producing.get()) {
                Thread victim = workers.get(r.nextInt(workers.size()));
                victim.interrupt();
                figures.interrupts.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200 + r.nextInt(2_000)));
            }
        });

        List<Thread> producerThreads = workers.subList(0, producers);
        if (closeReceiversEarly) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1 + random.nextInt(20)));
            channel.closeReceiving();
        }
        join(producerThreads, round + ": producers");
        producing.set(false);
        join(List.of(chaos), round + ": chaos thread");
        join(workers.subList(producers, workers.size()), round + ": consumers");

        // Conservation, identities and statistics.
        Set<Long> received = ConcurrentHashMap.newKeySet();
        long receivedCount = 0;
        for (Set<Long> set : receivedBy) {
            receivedCount += set.size();
            received.addAll(set);
        }
        check(errors.isEmpty(), round + ": " + errors);
        check(duplicateReports.get() == 0, round + ": a message was reported undelivered twice");
        check(received.size() == receivedCount, round + ": a message was received twice");
        check(received.stream().noneMatch(undelivered::contains), round + ": a message was both received and undelivered");
        check(accepted.containsAll(received), round + ": a received message was never accepted (phantom)");
        check(accepted.containsAll(undelivered), round + ": an undelivered message was never accepted (phantom)");
        check(received.size() + undelivered.size() == accepted.size(), round + ": accepted " + accepted.size()
                + " but received " + received.size() + " and undelivered " + undelivered.size());
        ChannelStats stats = channel.stats();
        check(stats.sent() == accepted.size(), round + ": stats.sent " + stats.sent() + " but accepted " + accepted.size());
        check(stats.received() == received.size(), round + ": stats.received " + stats.received() + " but received "
                + received.size());
        check(stats.evicted() + stats.undelivered() == undelivered.size(), round + ": stats evicted+undelivered "
                + (stats.evicted() + stats.undelivered()) + " but reported " + undelivered.size());
        check(stats.depth() == 0 && stats.liveSenders() == 0 && stats.liveReceivers() == 0,
                round + ": not fully closed: " + stats);
        figures.accepted.addAndGet(accepted.size());
        figures.received.addAndGet(received.size());
        figures.undelivered.addAndGet(undelivered.size());
    }

    /**
     * How long a quiet point may take before a waiting thread counts as stranded
     * ({@code -Dsoak.quiet-bound}, 10 s by default; mutation testing uses less).
     */
    private static final long QUIET_BOUND_SECONDS = quietBound().toSeconds();

    private static Duration quietBound() {
        String text = System.getProperty("soak.quiet-bound", "10s").trim().toUpperCase();
        return Duration.parse(text.startsWith("P") ? text : "PT" + text);
    }

    /**
     * A round with quiet points and no closing until its end, so that only a wake-up can get a
     * waiting thread going again. Consumers take one permit per {@code recv}; each batch has two
     * quiet points:
     * <ol>
     *   <li>receivers' quiet point: permits for the whole batch are handed out first, so
     *       consumers wait in {@code recv} while producers send the batch and stop; then every
     *       message must be received within the bound, or a receiver slept while one waited;</li>
     *   <li>senders' quiet point: with no permit left, producers send more than fits and wait in
     *       {@code send}; once the channel is full the permits are handed out, and every producer
     *       must get room within the bound, or a sender slept while there was room.</li>
     * </ol>
     */
    private void livenessRound() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int capacity = 1 + random.nextInt(4);
        int producers = 1 + random.nextInt(3);
        int consumers = 1 + random.nextInt(3);
        int batches = 10 + random.nextInt(20);
        String round = "liveness round " + figures.rounds.get() + " (capacity " + capacity + ", " + producers + "P"
                + consumers + "C)";
        Channel<Long> channel = Channel.bounded(capacity);
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        java.util.concurrent.Phaser phases = new java.util.concurrent.Phaser(1 + producers);
        int[] quota = new int[1];
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Sender<Long> tx = channel.sender().clone();
            workers.add(start(() -> {
                try (tx) {
                    for (int phase = 0; phase < 2 * batches; phase++) {
                        phases.arriveAndAwaitAdvance(); // wait for the checker's go
                        for (int i = 0; i < quota[0]; i++) {
                            tx.send(sent.get()); // untimed: only a wake-up ends a wait
                            sent.incrementAndGet();
                        }
                        phases.arriveAndAwaitAdvance(); // batch sent
                    }
                } catch (Exception e) {
                    errors.add("producer: " + e);
                    phases.forceTermination();
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            Receiver<Long> rx = channel.receiver().clone();
            workers.add(start(() -> {
                try (rx) {
                    for (;;) {
                        permits.acquire();
                        rx.recv(); // untimed
                        received.incrementAndGet();
                    }
                } catch (ChannelClosedException closed) {
                    // the end of the round
                } catch (Exception e) {
                    errors.add("consumer: " + e);
                }
            }));
        }
        channel.sender().close();
        channel.receiver().close();
        try {
            for (int batch = 0; batch < batches; batch++) {
                // Receivers' quiet point.
                quota[0] = 1 + random.nextInt(2 * capacity);
                permits.release(quota[0] * producers);
                advance(phases, round + ": producers did not start");
                advance(phases, round + ": producers did not finish a batch that fits");
                awaitQuiet(() -> received.get() == sent.get(), round + ": a receiver slept while a message waited ("
                        + "sent " + sent + ", received " + received + ", depth " + channel.stats().depth() + ")");
                figures.quietPoints.incrementAndGet();
                // Senders' quiet point.
                quota[0] = capacity + 1 + random.nextInt(capacity + 1);
                advance(phases, round + ": producers did not start");
                awaitQuiet(() -> channel.stats().depth() == capacity, round + ": producers did not fill the channel");
                permits.release(quota[0] * producers);
                advance(phases, round + ": a sender slept while there was room (sent " + sent + ", received "
                        + received + ", depth " + channel.stats().depth() + ")");
                awaitQuiet(() -> received.get() == sent.get(), round + ": a receiver slept while a message waited");
                figures.quietPoints.incrementAndGet();
            }
        } finally {
            phases.forceTermination();
            channel.closeSending();
            permits.release(Integer.MAX_VALUE / 2);
            join(workers, round + ": workers");
        }
        check(errors.isEmpty(), round + ": " + errors);
        figures.accepted.addAndGet(sent.get());
        figures.received.addAndGet(received.get());
    }

    private void advance(java.util.concurrent.Phaser phases, String violation) throws InterruptedException {
        try {
            phases.awaitAdvanceInterruptibly(phases.arrive(), QUIET_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            check(false, violation);
        }
    }

    private void awaitQuiet(java.util.function.BooleanSupplier condition, String violation) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUIET_BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            check(System.nanoTime() - deadline < 0, violation);
            Thread.yield();
        }
    }

    private void produce(Sender<Long> first, long producer, long messages, Set<Long> accepted, List<String> errors) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Sender<Long> tx = first;
        try {
            for (long seq = 0; seq < messages; seq++) {
                long id = (producer << 40) | seq;
                figures.operations.incrementAndGet();
                if (random.nextInt(100) == 0) {
                    Sender<Long> next = tx.clone();
                    tx.close();
                    tx = next;
                    figures.handleChurn.incrementAndGet();
                }
                SendResult result;
                // Recorded before the send: a consumer may take it before send returns.
                accepted.add(id);
                try {
                    result = switch (random.nextInt(3)) {
                        case 0 -> tx.trySend(id);
                        case 1 -> tx.send(id);
                        default -> tx.send(id, random.nextInt(2_000), TimeUnit.MICROSECONDS);
                    };
                } catch (InterruptedException interrupted) {
                    result = SendResult.FULL; // not enqueued, as the contract says
                } catch (ChannelClosedException closed) {
                    result = SendResult.CLOSED;
                }
                if (result != SendResult.SENT) {
                    accepted.remove(id);
                    if (result == SendResult.CLOSED) {
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            errors.add("producer " + producer + ": " + e);
        } finally {
            Thread.interrupted();
            tx.close();
        }
    }

    private void consume(Receiver<Long> first, int producers, Set<Long> received, List<String> errors) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long[] lastSeq = new long[producers];
        java.util.Arrays.fill(lastSeq, -1);
        List<Long> batch = new ArrayList<>();
        Receiver<Long> rx = first;
        try {
            while (!rx.isExhausted()) {
                figures.operations.incrementAndGet();
                if (random.nextInt(100) == 0) {
                    Receiver<Long> next = rx.clone();
                    rx.close();
                    rx = next;
                    figures.handleChurn.incrementAndGet();
                }
                batch.clear();
                try {
                    switch (random.nextInt(4)) {
                        case 0 -> add(batch, rx.tryRecv());
                        case 1 -> add(batch, rx.recv());
                        case 2 -> add(batch, rx.recv(random.nextInt(2_000), TimeUnit.MICROSECONDS));
                        default -> rx.drainTo(batch, 1 + random.nextInt(16));
                    }
                } catch (InterruptedException interrupted) {
                    continue;
                } catch (ChannelClosedException closed) {
                    break;
                }
                for (Long id : batch) {
                    int producer = (int) (id >>> 40);
                    long seq = id & ((1L << 40) - 1);
                    if (seq <= lastSeq[producer]) {
                        errors.add("consumer saw producer " + producer + "'s " + seq + " after " + lastSeq[producer]);
                    }
                    lastSeq[producer] = seq;
                    if (!received.add(id)) {
                        errors.add("consumer received " + id + " twice");
                    }
                }
            }
        } catch (RuntimeException e) {
            errors.add("consumer: " + e);
        } finally {
            Thread.interrupted();
            rx.close();
        }
    }

    private static void add(List<Long> batch, Long message) {
        if (message != null) {
            batch.add(message);
        }
    }

    private Thread start(Runnable task) {
        Thread thread = threads.newThread(task);
        thread.start();
        return thread;
    }

    private void join(List<Thread> group, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : group) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
            check(!thread.isAlive(), what + " did not finish within 30 s (deadlock or lost wake-up)");
        }
    }

    private void check(boolean condition, String violation) {
        if (!condition) {
            figures.violations.incrementAndGet();
            throw new AssertionError(violation);
        }
    }
}
