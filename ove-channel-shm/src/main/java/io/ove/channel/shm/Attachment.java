package io.ove.channel.shm;

import static io.ove.channel.shm.Layout.ACTIVE;
import static io.ove.channel.shm.Layout.FREE;
import static io.ove.channel.shm.Layout.KIND_JVM;
import static io.ove.channel.shm.Layout.MAX_PARTICIPANTS;
import static io.ove.channel.shm.Layout.PARTICIPANT_ATTACHED_MILLIS;
import static io.ove.channel.shm.Layout.PARTICIPANT_KIND;
import static io.ove.channel.shm.Layout.PARTICIPANT_PID;
import static io.ove.channel.shm.Layout.PARTICIPANT_RECEIVERS;
import static io.ove.channel.shm.Layout.PARTICIPANT_SENDERS;
import static io.ove.channel.shm.Layout.PARTICIPANT_STATE;
import static io.ove.channel.shm.Layout.REAPED_OFFSET;
import static io.ove.channel.shm.Layout.REAPING;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * This JVM's participant in one shared channel file: its entry in the participant table, the lease
 * that tells other processes it is alive, its share of the handle counts, and reaping the entries
 * of processes that died.
 *
 * <p>A JVM attaches once per file, however many channels it opens on it: POSIX record locks belong
 * to the process, and closing any channel of a file drops all of the process's locks on it, so
 * one {@link SharedFile} (and one lease) per file is the only safe arrangement. Attachments are
 * shared through a registry keyed by the file's absolute path and counted; the last user detaches.
 */
final class Attachment {

    /** Open attachments by absolute path; guarded by itself. */
    private static final Map<Path, Attachment> OPEN = new HashMap<>();

    final SharedFile file;
    /** Our entry in the participant table. */
    final int index;
    private final FileLock lease;
    private final Path key;
    /** Channels of this JVM using the attachment; guarded by {@link #OPEN}. */
    private int users = 1;

    private Attachment(SharedFile file, int index, FileLock lease, Path key) {
        this.file = file;
        this.index = index;
        this.lease = lease;
        this.key = key;
    }

    /**
     * Attaches to the file {@code spec} names, creating it if asked; shares an attachment this JVM
     * already has. A finished file (closed for sending, nobody attached) is replaced when
     * {@code spec.create()} is set, so a stream can start again at the same path.
     */
    static Attachment attach(SharedChannelSpec spec) {
        Path key = spec.path().toAbsolutePath().normalize();
        synchronized (OPEN) {
            Attachment existing = OPEN.get(key);
            if (existing != null) {
                existing.checkShape(spec);
                existing.users++;
                return existing;
            }
            SharedFile file = SharedFile.open(spec);
            if (!file.created && spec.create()) {
                if (isFinished(file)) {
                    // A finished stream's file is replaced whatever its shape: nobody uses it any more.
                    file.close();
                    file.delete();
                    file = SharedFile.open(spec);
                    if (!file.created) {
                        checkShapeOrClose(file, spec); // another creator was quicker
                    }
                } else {
                    checkShapeOrClose(file, spec);
                }
            }
            Attachment attachment = takeEntry(file, key);
            OPEN.put(key, attachment);
            return attachment;
        }
    }

    private static void checkShapeOrClose(SharedFile file, SharedChannelSpec spec) {
        try {
            file.checkShape(spec);
        } catch (SharedMemoryException mismatch) {
            file.close();
            throw mismatch;
        }
    }

    private void checkShape(SharedChannelSpec spec) {
        if ((spec.capacitySet() && spec.capacity() != file.capacity)
                || (spec.maxMessageSizeSet() && spec.maxMessageSize() != file.maxMessageSize)
                || (spec.overflowSet() && spec.overflow() != file.overflow)) {
            throw new SharedMemoryException("shared channel file " + file.path + " is already open in this JVM with"
                    + " capacity " + file.capacity + ", max message size " + file.maxMessageSize + " and overflow "
                    + file.overflow + "; open it with the same shape");
        }
    }

    /** Whether the file's channel is closed for sending and no process is attached any more. */
    private static boolean isFinished(SharedFile file) {
        if (file.getLongVolatile(Layout.TAIL_OFFSET) >= 0) {
            return false; // no closed mark: the channel is still in use (or waits for its senders)
        }
        for (int i = 0; i < MAX_PARTICIPANTS; i++) {
            if (file.getIntAcquire(Layout.participant(i) + PARTICIPANT_STATE) != FREE) {
                FileLock lock = tryLease(file, i);
                if (lock == null) {
                    return false; // someone alive is attached
                }
                release(lock); // a dead owner: the file is finished either way
            }
        }
        return true;
    }

    private static Attachment takeEntry(SharedFile file, Path key) {
        for (int i = 0; i < MAX_PARTICIPANTS; i++) {
            long entry = Layout.participant(i);
            if (file.getIntAcquire(entry + PARTICIPANT_STATE) != FREE) {
                continue;
            }
            // Lease first, then the state: an attacher that dies in between holds no lease on an
            // ACTIVE entry, so no entry can be left claimed by nobody.
            FileLock lock = tryLease(file, i);
            if (lock == null) {
                continue; // another process is attaching to it right now
            }
            // Plain writes, published by the CAS below (a full fence) to whoever acquires the state.
            file.buffer.putInt((int) entry + PARTICIPANT_PID, (int) ProcessHandle.current().pid());
            file.buffer.putLong((int) entry + PARTICIPANT_ATTACHED_MILLIS, System.currentTimeMillis());
            file.buffer.putInt((int) entry + PARTICIPANT_KIND, KIND_JVM);
            if (file.casInt(entry + PARTICIPANT_STATE, FREE, ACTIVE)) {
                return new Attachment(file, i, lock, key);
            }
            release(lock);
        }
        file.close();
        throw new SharedMemoryException("shared channel file " + file.path + " has " + MAX_PARTICIPANTS
                + " processes attached already, the most it records; close the channels of processes that no longer"
                + " use it");
    }

    /** Takes the lease of entry {@code index}, or returns {@code null} if a live process holds it. */
    private static FileLock tryLease(SharedFile file, int index) {
        try {
            return file.file.tryLock(Layout.participant(index), 1, false);
        } catch (OverlappingFileLockException ours) {
            return null; // this JVM holds it (its own entry, or another thread is reaping it)
        } catch (IOException e) {
            throw new SharedMemoryException("cannot test the leases of shared channel file " + file.path + ": " + e, e);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the file channel at the latest
        }
    }

    // ---------------------------------------------------------------- counting handles

    private long countOffset(boolean sender) {
        return Layout.participant(index) + (sender ? PARTICIPANT_SENDERS : PARTICIPANT_RECEIVERS);
    }

    /** Counts one more handle of a side (RMW on our own entry). */
    void retain(boolean sender) {
        file.addInt(countOffset(sender), 1);
    }

    /**
     * Counts one handle of a side fewer.
     *
     * @return whether no handle of that side is left in any process, so the side must close
     */
    boolean release(boolean sender) {
        int left = file.addInt(countOffset(sender), -1) - 1;
        // The decrement is a full fence and the sum reads are volatile: of two processes releasing
        // their last handles at once, at least one sees the other's decrement and closes the side.
        return left == 0 && live(sender) == 0;
    }

    /** {@return the handles of a side in every attached process} */
    int live(boolean sender) {
        int sum = 0;
        for (int i = 0; i < MAX_PARTICIPANTS; i++) {
            long entry = Layout.participant(i);
            if (file.getIntVolatile(entry + PARTICIPANT_STATE) != FREE) {
                sum += Math.max(0, file.getIntVolatile(entry + (sender ? PARTICIPANT_SENDERS : PARTICIPANT_RECEIVERS)));
            }
        }
        return sum;
    }

    /** {@return how many processes are attached, this one included} */
    int participants() {
        int attached = 0;
        for (int i = 0; i < MAX_PARTICIPANTS; i++) {
            if (file.getIntVolatile(Layout.participant(i) + PARTICIPANT_STATE) != FREE) {
                attached++;
            }
        }
        return attached;
    }

    // ---------------------------------------------------------------- reaping

    /**
     * Releases the entries of dead processes: an ACTIVE entry whose lease can be taken has no live
     * owner. Synchronized so that two threads of this JVM never test the same lease at once (the
     * JVM would refuse the second attempt as overlapping).
     *
     * @return the handles released, senders in the high 32 bits and receivers in the low ones
     */
    synchronized long reap() {
        long senders = 0;
        long receivers = 0;
        for (int i = 0; i < MAX_PARTICIPANTS; i++) {
            long entry = Layout.participant(i);
            int state = file.getIntAcquire(entry + PARTICIPANT_STATE);
            if (i == index || state == FREE) {
                continue;
            }
            FileLock lock = tryLease(file, i);
            if (lock == null) {
                continue; // alive
            }
            try {
                // Holding its lease, nobody else can reap or re-attach it; the CAS still guards
                // against a C peer that reaps without our JVM's lock table in the way.
                // A REAPING entry whose lease is free had a reaper that died half-way: finish its work.
                if (state == REAPING || file.casInt(entry + PARTICIPANT_STATE, ACTIVE, REAPING)) {
                    int s = Math.max(0, file.getAndSetInt(entry + PARTICIPANT_SENDERS, 0));
                    int r = Math.max(0, file.getAndSetInt(entry + PARTICIPANT_RECEIVERS, 0));
                    file.addLong(REAPED_OFFSET, s + r);
                    file.setIntRelease(entry + PARTICIPANT_STATE, FREE);
                    senders += s;
                    receivers += r;
                }
            } finally {
                release(lock);
            }
        }
        return senders << 32 | receivers;
    }

    // ---------------------------------------------------------------- detaching

    /** Gives up one use; the last one frees the entry, drops the lease and closes the file. */
    void detach() {
        synchronized (OPEN) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(key);
            long entry = Layout.participant(index);
            // Handles still open when the last channel of this JVM detaches were counted here; they
            // are given up like a dead process's, so the peers' counts stay right.
            file.setIntRelease(entry + PARTICIPANT_STATE, FREE);
            release(lease);
            file.close();
        }
    }
}
