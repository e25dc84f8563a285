package io.ove.channel;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Waits on several channels at once and completes exactly one operation: a receive from one of
 * them or a send to one of them, whichever is ready first (crossbeam-channel's {@code Select}, Go's
 * {@code select}, Kotlin's {@code select {}}).
 *
 * <pre>{@code
 * Select select = new Select();
 * RecvOperation<Order> orders = select.recv(orderRx);
 * RecvOperation<Command> commands = select.recv(commandRx);
 * SendOperation<Event> events = select.send(eventTx, null);   // left out until it has a message
 *
 * for (;;) {
 *     SelectOperation done = select.select();
 *     if (done == orders) {
 *         if (orders.isClosed()) break;
 *         events.message(handle(orders.message()));            // offered on the next call
 *     } else if (done == commands) {
 *         ...
 *     }                                                         // done == events: it was sent
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Each call completes exactly one operation, or none if it returns {@code null} (a try or a
 *       timeout): a receive takes exactly one message and returns it, a send places exactly its
 *       message; no message is taken and dropped, no room is claimed and left unused, whatever
 *       other threads do on the same channels.</li>
 *   <li>A closed channel counts as ready: the operation completes and reports the closure
 *       ({@link SelectOperation#isClosed()}). A receive sees closure once the channel is closed
 *       for sending and drained (or closed for receiving), as {@link Receiver#recv()} would.</li>
 *   <li>Among the operations ready at the moment of a call, one is chosen at random, so none is
 *       starved ({@link #biased()} tries them in order of registration instead).</li>
 *   <li>Overflow policies: a send under {@link OverflowPolicy#DROP_OLDEST} is always ready (it
 *       evicts, as {@link Sender#trySend} does); under {@link OverflowPolicy#BLOCK} and
 *       {@link OverflowPolicy#DROP_NEWEST} it is ready when there is room, and a select never
 *       counts a full drop. The channel's send timeout does not apply; the select's does.</li>
 *   <li>Rendezvous channels (capacity 0): a receive is ready when a sender waits, a send when a
 *       receiver waits; a waiting select is itself a counterpart that other threads (and other
 *       selects) hand messages to.</li>
 *   <li>Timers ({@link #after}, {@link #tick}, {@link #never()}) are operations too: a due timer
 *       is ready like a channel, and a waiting select parks at most until the earliest one is
 *       due.</li>
 *   <li>Interrupts: an operation that is ready completes even if the thread's interrupt flag is
 *       set; a call that has to wait checks the flag first and throws
 *       {@link InterruptedException}, having completed nothing.</li>
 * </ul>
 *
 * <h2>How it waits</h2>
 * The calling thread's wait context is registered with the waiters of every operation, each
 * registration carrying the operation's id; then it re-checks every operation and parks. The
 * first claim on the context decides: a channel that claims it names the operation that may
 * succeed now (for a buffered channel the select then attempts exactly that operation, and goes
 * round again if another thread was faster; on a rendezvous channel the counterpart has already
 * handed the message over or taken it), and a timeout, an interrupt or a closure claim it
 * otherwise. Nothing is taken before the claim is settled, which is what makes "exactly one" hold.
 *
 * <p>A {@code Select} belongs to one thread at a time. Registering allocates; calls of a reused
 * select do not. The channels' handles must stay open while the select is used.
 */
public final class Select {

    private final boolean biased;
    private SelectOperation[] operations = new SelectOperation[4];
    private int count;
    /** The order of attempts of the current call; reused. */
    private int[] order = new int[4];
    /** xorshift64 state for the fair choice; the selecting thread's own. */
    private long seed;

    /** Creates an empty select that chooses at random among ready operations. */
    public Select() {
        this(false);
    }

    private Select(boolean biased) {
        this.biased = biased;
        long mixed = System.nanoTime() * 0x9E3779B97F4A7C15L ^ System.identityHashCode(this);
        this.seed = mixed == 0 ? 0x2545F4914F6CDD1DL : mixed;
    }

    /**
     * {@return an empty select that, among ready operations, always completes the one registered
     * first} Cheaper than the fair choice, and useful for priorities; later operations can starve.
     */
    public static Select biased() {
        return new Select(true);
    }

    /**
     * Registers a receive from {@code receiver}.
     *
     * @param receiver an open receiver
     * @param <T>      the message type
     * @return the operation, returned by the calls that complete it and holding their message
     * @throws NullPointerException  if {@code receiver} is {@code null}
     * @throws IllegalStateException if the receiver was closed
     */
    public <T> RecvOperation<T> recv(Receiver<T> receiver) {
        Objects.requireNonNull(receiver, "receiver must not be null");
        receiver.ensureOpen();
        return add(new RecvOperation<>(count, receiver));
    }

    /**
     * Registers a send to {@code sender}.
     *
     * @param sender  an open sender
     * @param message the first message to offer, or {@code null} to leave the operation out until
     *                {@link SendOperation#message(Object)} gives one
     * @param <T>     the message type
     * @return the operation, returned by the calls that complete it
     * @throws NullPointerException  if {@code sender} is {@code null}
     * @throws IllegalStateException if the sender was closed
     */
    public <T> SendOperation<T> send(Sender<T> sender, T message) {
        Objects.requireNonNull(sender, "sender must not be null");
        sender.ensureOpen();
        return add(new SendOperation<>(count, sender, message));
    }

    /**
     * Registers a timer that is due once, {@code delay} from now (crossbeam's {@code after}): a
     * call that completes it returns it; later calls never find it due again until
     * {@link TimerOperation#restart()}. A deadline for a whole loop of calls, composed with the
     * channels' operations instead of a separate timed form.
     *
     * @param delay how long from now, not negative
     * @return the timer
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException     if {@code delay} is {@code null}
     */
    public TimerOperation after(Duration delay) {
        return add(TimerOperation.after(count, ChannelHandle.timeoutNanos(delay)));
    }

    /**
     * Registers a timer that is due every {@code period}, the first time one period from now
     * (crossbeam's {@code tick}). Each completion moves it on by one period; ticks missed while
     * nobody selected are dropped rather than delivered in a burst.
     *
     * @param period the period, positive
     * @return the timer
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws NullPointerException     if {@code period} is {@code null}
     */
    public TimerOperation tick(Duration period) {
        return add(TimerOperation.tick(count, ChannelHandle.timeoutNanos(period)));
    }

    /**
     * Registers an operation that is never ready (crossbeam's {@code never}): a placeholder
     * that keeps the indexes of the other operations stable.
     *
     * @return the timer that never fires
     */
    public TimerOperation never() {
        return add(TimerOperation.never(count));
    }

    private <O extends SelectOperation> O add(O operation) {
        if (count == operations.length) {
            operations = Arrays.copyOf(operations, count * 2);
            order = Arrays.copyOf(order, count * 2);
        }
        operations[count++] = operation;
        return operation;
    }

    /** {@return the number of registered operations} */
    public int size() {
        return count;
    }

    // ---------------------------------------------------------------- completing

    /**
     * Waits until one operation is ready and completes it.
     *
     * @return the completed operation
     * @throws InterruptedException  if the thread was interrupted while waiting (nothing completed)
     * @throws IllegalStateException if no operation takes part (none registered, or only sends
     *                               without a message), or a handle was closed
     */
    public SelectOperation select() throws InterruptedException {
        return run(true, true, false, 0L);
    }

    /**
     * Waits at most {@code timeout} for an operation to be ready and completes it.
     *
     * @param timeout how long to wait, not negative; {@code Duration.ZERO} does not wait
     * @return the completed operation, or {@code null} if none was ready in time
     * @throws InterruptedException     if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if {@code timeout} is {@code null}
     * @throws IllegalStateException    if a handle was closed
     */
    public SelectOperation select(Duration timeout) throws InterruptedException {
        return run(true, true, true, ChannelHandle.timeoutNanos(timeout));
    }

    /**
     * Waits at most {@code timeout} {@code unit}s; the allocation-free form of
     * {@link #select(Duration)}.
     *
     * @param timeout how long to wait, not negative
     * @param unit    the unit of {@code timeout}
     * @return the completed operation, or {@code null} if none was ready in time
     * @throws InterruptedException     if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if {@code unit} is {@code null}
     * @throws IllegalStateException    if a handle was closed
     */
    public SelectOperation select(long timeout, TimeUnit unit) throws InterruptedException {
        return run(true, true, true, ChannelHandle.timeoutNanos(timeout, unit));
    }

    /**
     * Completes one operation that is ready now, without waiting.
     *
     * @return the completed operation, or {@code null} if none was ready
     * @throws IllegalStateException if a handle was closed
     */
    public SelectOperation trySelect() {
        try {
            return run(true, false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError("a call that never waits was interrupted", impossible);
        }
    }

    // ---------------------------------------------------------------- readiness only

    /**
     * Waits until one operation is ready and returns it without completing it; the caller then
     * performs it (or anything else) itself, and may find that another thread got there first.
     * On a rendezvous channel, ready means that a counterpart is waiting.
     *
     * @return an operation that was ready
     * @throws InterruptedException  if the thread was interrupted while waiting
     * @throws IllegalStateException if no operation takes part, or a handle was closed
     */
    public SelectOperation ready() throws InterruptedException {
        return run(false, true, false, 0L);
    }

    /**
     * Waits at most {@code timeout} for an operation to be ready and returns it without
     * completing it.
     *
     * @param timeout how long to wait, not negative
     * @return an operation that was ready, or {@code null} if none was in time
     * @throws InterruptedException     if the thread was interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if {@code timeout} is {@code null}
     * @throws IllegalStateException    if a handle was closed
     */
    public SelectOperation ready(Duration timeout) throws InterruptedException {
        return run(false, true, true, ChannelHandle.timeoutNanos(timeout));
    }

    /**
     * Returns an operation that is ready now, without completing it and without waiting.
     *
     * @return an operation that was ready, or {@code null} if none was
     * @throws IllegalStateException if a handle was closed
     */
    public SelectOperation tryReady() {
        try {
            return run(false, false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError("a call that never waits was interrupted", impossible);
        }
    }

    // ---------------------------------------------------------------- the loop

    /**
     * Attempts every operation (in random order unless biased), and while none succeeds and the
     * call may wait, waits for a claim and acts on it.
     *
     * @param complete whether to complete the operation ({@code select}) or only report it
     *                 ({@code ready})
     */
    private SelectOperation run(boolean complete, boolean block, boolean timed, long nanos)
            throws InterruptedException {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        checkUsable(block && !timed);
        try {
            boolean timedOut = false;
            for (;;) {
                Seam.at(Seam.Point.SELECT_ATTEMPT);
                SelectOperation done = attemptAll(complete);
                if (done != null) {
                    return done;
                }
                if (!block || timedOut || (timed && deadline - System.nanoTime() <= 0)) {
                    return null; // after one last round of attempts
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while selecting over " + count + " operations");
                }
                // Park at most until the earliest timer is due, or the call's own deadline.
                long parkDeadline = deadline;
                boolean parkTimed = timed;
                for (int i = 0; i < count; i++) {
                    if (operations[i] instanceof TimerOperation timer && timer.waits()
                            && (!parkTimed || timer.deadline() - parkDeadline < 0)) {
                        parkDeadline = timer.deadline();
                        parkTimed = true;
                    }
                }
                long selection = await(complete, parkTimed, parkDeadline);
                if (selection == WaitContext.INTERRUPTED) {
                    throw new InterruptedException("interrupted while selecting over " + count + " operations");
                }
                if (WaitContext.isSelectOperation(selection)) {
                    SelectOperation chosen = operations[(int) (selection - WaitContext.FIRST_SELECT_OPERATION)];
                    if (!complete) {
                        return chosen; // a channel told us it became ready
                    }
                    if (chosen.queue.isRendezvous()) {
                        chosen.completeByHandOff(); // the counterpart has given or taken the message
                        return chosen;
                    }
                    if (chosen.tryComplete()) {
                        return chosen;
                    }
                    // Another thread was faster on that channel: go round again.
                }
                // A timer's deadline is no timeout of the call: the next round finds the timer due.
                timedOut = selection == WaitContext.TIMED_OUT && timed && parkDeadline == deadline;
                // ABORTED or DISCONNECTED: the next round of attempts finds what is ready.
            }
        } finally {
            Reference.reachabilityFence(this); // keeps the handles (and their channels) alive while parked
        }
    }

    /** One round of attempts; returns the first operation that completed (or was ready). */
    private SelectOperation attemptAll(boolean complete) {
        int n = count;
        if (!biased) {
            shuffleOrder(n);
        }
        for (int k = 0; k < n; k++) {
            SelectOperation operation = operations[biased ? k : order[k]];
            if (operation.enabled() && (complete ? operation.tryComplete() : operation.isReady())) {
                return operation;
            }
        }
        return null;
    }

    /**
     * One wait of the protocol: registers the context on every enabled operation's channel, with
     * the operation's id, re-checks them all, parks until the context is claimed, and takes every
     * registration off again.
     *
     * @return the claim that ended the wait
     */
    private long await(boolean complete, boolean timed, long deadline) {
        WaitContext context = WaitContext.current();
        context.reset();
        boolean ready = false;
        int registered = 0;
        for (; registered < count; registered++) {
            SelectOperation operation = operations[registered];
            if (!operation.enabled() || !operation.onChannel()) {
                continue; // a timer waits through the park's deadline, not on a list
            }
            Waker.Entry entry = operation.entry;
            // Plain writes, published by the registration under the list's lock.
            entry.context = context;
            entry.watchOnly = !complete;
            if (operation.send) {
                entry.offered = ((SendOperation<?>) operation).message();
            }
            if (!operation.queue.selectRegister(entry, operation.send)) {
                ready = true; // a rendezvous counterpart waits, or the channel closed
                registered++;
                break;
            }
        }
        Seam.at(Seam.Point.SELECT_REGISTERED);
        // Re-check without taking anything, as a single wait does: a message or room that came
        // before our registrations were visible would otherwise go unannounced.
        for (int i = 0; !ready && i < registered; i++) {
            SelectOperation operation = operations[i];
            ready = operation.enabled() && operation.onChannel() && !operation.queue.isRendezvous()
                    && operation.isReady();
        }
        if (ready) {
            context.trySelect(WaitContext.ABORTED); // wakers skip us; the next round attempts
        } else {
            context.spinWhileUnclaimed();
        }
        long selection = context.await(timed, deadline, this);
        Seam.at(Seam.Point.SELECT_WOKEN);
        for (int i = 0; i < registered; i++) {
            SelectOperation operation = operations[i];
            if (operation.enabled() && operation.onChannel()) {
                // Through the lock even for the entry a waker already took off: that orders its
                // unlink before the entry's next registration.
                operation.queue.selectUnregister(operation.entry, operation.send);
            }
        }
        return selection;
    }

    /** Fisher-Yates over the first {@code n} positions, with xorshift64: no allocation. */
    private void shuffleOrder(int n) {
        int[] positions = order;
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        long x = seed;
        for (int i = n - 1; i > 0; i--) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            int j = (int) ((x >>> 33) % (i + 1));
            int swap = positions[i];
            positions[i] = positions[j];
            positions[j] = swap;
        }
        seed = x;
    }

    private void checkUsable(boolean waitsForever) {
        boolean anyEnabled = false;
        for (int i = 0; i < count; i++) {
            if (operations[i].onChannel()) {
                operations[i].handle.ensureOpen();
            }
            anyEnabled |= operations[i].enabled();
        }
        if (waitsForever && !anyEnabled) {
            throw new IllegalStateException(count == 0
                    ? "nothing to select: register a recv or send first"
                    : "nothing to select: every operation is a send without a message; it would wait forever");
        }
    }

    @Override
    public String toString() {
        return "Select[" + count + " operations" + (biased ? ", biased" : "") + "]";
    }
}
