package io.ove.channel.spring.observation;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.ove.channel.Envelope;

/**
 * The envelope of one observed channel: at send, it captures the sending thread's current
 * observation and a snapshot of its thread-locals together with the message; at receive, it hands
 * the message on and keeps what came with it for the listener's {@link ObservedDelivery}, which
 * takes it on the same thread right after the receive.
 *
 * <p>Each send allocates the envelope and the snapshot: that is the price of carrying a context,
 * and why observation is off unless asked for.
 */
final class ContextEnvelope implements Envelope<Object> {

    /**
     * A message with the sender's context. Crosses threads through the channel, which publishes it
     * (the ring's slot write is a release, its read an acquire); its fields are final besides.
     *
     * @param message     the message
     * @param observation the sender's current observation, or {@code null} when there was none
     * @param snapshot    the sender's thread-locals known to the context registry
     */
    record Carried(Object message, Observation observation, ContextSnapshot snapshot) {
    }

    private final ObservationRegistry registry;
    private final ContextSnapshotFactory snapshots;
    /**
     * What came with the message each thread received last. Only the owning thread reads and writes
     * its own slot, so no ordering is needed. A thread that receives outside a listener keeps its
     * last message's context here until its next receive; a listener thread takes it at once.
     */
    private final ThreadLocal<Carried> received = new ThreadLocal<>();

    ContextEnvelope(ObservationRegistry registry, ContextSnapshotFactory snapshots) {
        this.registry = registry;
        this.snapshots = snapshots;
    }

    @Override
    public Object seal(Object message) {
        return new Carried(message, registry.getCurrentObservation(), snapshots.captureAll());
    }

    @Override
    public Object open(Object sealed) {
        Carried carried = (Carried) sealed;
        received.set(carried);
        return carried.message();
    }

    /** A message nobody will receive: no listener takes its context, so none is kept. */
    @Override
    public Object openUndelivered(Object sealed) {
        return ((Carried) sealed).message();
    }

    /**
     * Takes what came with the message this thread received last, and forgets it.
     *
     * @return it, or {@code null} when this thread received nothing since the last take
     */
    Carried take() {
        Carried carried = received.get();
        if (carried != null) {
            // set(null), not remove(): the slot's map entry stays, so the next set allocates nothing.
            received.set(null);
        }
        return carried;
    }
}
