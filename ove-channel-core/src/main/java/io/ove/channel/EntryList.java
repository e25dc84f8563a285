package io.ove.channel;

/**
 * A FIFO of wait registrations ({@link Waker.Entry}), linked through the entries themselves, so
 * that registering allocates nothing. It is the list inside a {@link Waker} and each of the two
 * lists of a {@link Rendezvous}.
 *
 * <h2>Memory model</h2>
 * Not thread-safe on purpose: every field here and every link of an entry is plain, read and
 * written only while the owner's spin lock is held. The lock's CAS (acquire) and release store
 * order these writes before whatever the next holder reads, which is all they need.
 */
final class EntryList {

    /** Oldest entry, or {@code null}; plain, guarded by the owner's lock. */
    Waker.Entry first;
    /** Newest entry, or {@code null}; plain, guarded by the owner's lock. */
    private Waker.Entry last;

    /** Appends {@code entry}, which must be on no list. */
    void append(Waker.Entry entry) {
        entry.linked = true;
        entry.next = null;
        entry.previous = last;
        if (last == null) {
            first = entry;
        } else {
            last.next = entry;
        }
        last = entry;
    }

    /** Takes {@code entry}, which must be on this list, off it. */
    void remove(Waker.Entry entry) {
        Waker.Entry previous = entry.previous;
        Waker.Entry next = entry.next;
        if (previous == null) {
            first = next;
        } else {
            previous.next = next;
        }
        if (next == null) {
            last = previous;
        } else {
            next.previous = previous;
        }
        entry.previous = null;
        entry.next = null;
        entry.linked = false;
    }
}
