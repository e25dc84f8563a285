package io.ove.channel.shm;

import static io.ove.channel.shm.Layout.CAPACITY_OFFSET;
import static io.ove.channel.shm.Layout.CREATED_MILLIS_OFFSET;
import static io.ove.channel.shm.Layout.FILE_SIZE_OFFSET;
import static io.ove.channel.shm.Layout.MAGIC;
import static io.ove.channel.shm.Layout.MAGIC_OFFSET;
import static io.ove.channel.shm.Layout.MAX_MESSAGE_SIZE_OFFSET;
import static io.ove.channel.shm.Layout.MAX_PARTICIPANTS;
import static io.ove.channel.shm.Layout.MAX_PARTICIPANTS_OFFSET;
import static io.ove.channel.shm.Layout.OVERFLOW_OFFSET;
import static io.ove.channel.shm.Layout.READY_OFFSET;
import static io.ove.channel.shm.Layout.SLOTS_OFFSET;
import static io.ove.channel.shm.Layout.SLOTS_OFFSET_OFFSET;
import static io.ove.channel.shm.Layout.SLOT_SEQ;
import static io.ove.channel.shm.Layout.SLOT_SIZE_OFFSET;
import static io.ove.channel.shm.Layout.STUCK_NANOS_OFFSET;
import static io.ove.channel.shm.Layout.VERSION;
import static io.ove.channel.shm.Layout.VERSION_OFFSET;

import io.ove.channel.OverflowPolicy;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.locks.LockSupport;

/**
 * One shared channel file, mapped into this JVM: creating it, checking an existing one against the
 * layout, and the typed accesses to its words.
 *
 * <p>Every shared word is read and written through {@link MethodHandles#byteBufferViewVarHandle}
 * views of the mapping, whose access modes (acquire, release, volatile, CAS) are atomic on a direct
 * buffer at an aligned index: that is what makes the same memory model hold between this JVM, other
 * JVMs and C11 atomics in other processes. Payloads use the buffer's absolute bulk methods, which
 * touch no shared buffer state (position and limit are never used, since many threads share the
 * buffer).
 */
final class SharedFile implements AutoCloseable {

    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** How long an opener waits for the creator to finish writing the file. */
    private static final long READY_WAIT_NANOS = 2_000_000_000L;
    private static final OverflowPolicy[] POLICIES = {
            OverflowPolicy.BLOCK, OverflowPolicy.DROP_NEWEST, OverflowPolicy.DROP_OLDEST};

    final Path path;
    final FileChannel file;
    final MappedByteBuffer buffer;
    final int capacity;
    final int slotSize;
    final int maxMessageSize;
    final OverflowPolicy overflow;
    final long stuckNanos;
    /** Whether this JVM created the file (rather than opened an existing one). */
    final boolean created;

    private SharedFile(Path path, FileChannel file, MappedByteBuffer buffer, boolean created) {
        this.path = path;
        this.file = file;
        this.buffer = buffer;
        this.created = created;
        // Immutable fields: plain reads are enough after the acquire load of `ready` that open() did.
        this.capacity = buffer.getInt(CAPACITY_OFFSET);
        this.slotSize = buffer.getInt(SLOT_SIZE_OFFSET);
        this.maxMessageSize = buffer.getInt(MAX_MESSAGE_SIZE_OFFSET);
        this.overflow = POLICIES[buffer.getInt(OVERFLOW_OFFSET)];
        this.stuckNanos = buffer.getLong(STUCK_NANOS_OFFSET);
    }

    /**
     * Creates the file if asked and absent, else opens the existing one and checks it.
     *
     * @param spec what the caller asked for
     * @return the mapped file
     * @throws SharedMemoryException if the file cannot be created or opened, or does not match
     */
    static SharedFile open(SharedChannelSpec spec) {
        Path path = spec.path();
        if (spec.create()) {
            SharedFile created = tryCreate(spec);
            if (created != null) {
                return created;
            }
        }
        return openExisting(spec);
    }

    /** Creates the file, or returns {@code null} if it already exists. */
    private static SharedFile tryCreate(SharedChannelSpec spec) {
        Path path = spec.path();
        int slotSize = Layout.slotSize(spec.maxMessageSize());
        long size = Layout.fileSize(spec.capacity(), slotSize);
        FileChannel file;
        try {
            file = FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException exists) {
            return null;
        } catch (AccessDeniedException denied) {
            throw new SharedMemoryException("cannot create shared channel file " + path + ": permission denied;"
                    + " choose a directory this user may write (the default is /dev/shm)", denied);
        } catch (NoSuchFileException missingDirectory) {
            throw new SharedMemoryException("cannot create shared channel file " + path + ": its directory does not"
                    + " exist; create it first or choose another path", missingDirectory);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SharedMemoryException("cannot create shared channel file " + path + ": " + e, e);
        }
        try {
            // Mapping past the end grows the file; the new bytes read as zero, which is what every
            // counter, the positions, `ready` and the participant table start at.
            MappedByteBuffer buffer = littleEndian(file.map(FileChannel.MapMode.READ_WRITE, 0, size));
            buffer.putLong(MAGIC_OFFSET, MAGIC);
            buffer.putInt(VERSION_OFFSET, VERSION);
            buffer.putInt(CAPACITY_OFFSET, spec.capacity());
            buffer.putInt(SLOT_SIZE_OFFSET, slotSize);
            buffer.putInt(MAX_MESSAGE_SIZE_OFFSET, spec.maxMessageSize());
            buffer.putInt(OVERFLOW_OFFSET, spec.overflow().ordinal());
            buffer.putInt(MAX_PARTICIPANTS_OFFSET, MAX_PARTICIPANTS);
            buffer.putInt(SLOTS_OFFSET_OFFSET, SLOTS_OFFSET);
            buffer.putLong(FILE_SIZE_OFFSET, size);
            buffer.putLong(CREATED_MILLIS_OFFSET, System.currentTimeMillis());
            buffer.putLong(STUCK_NANOS_OFFSET, spec.stuckTimeout().toNanos());
            for (int slot = 0; slot < spec.capacity(); slot++) {
                buffer.putLong(SLOTS_OFFSET + slot * slotSize + SLOT_SEQ, slot); // free for position `slot`
            }
            // Release: an opener that acquires ready == 1 sees every write above.
            INTS.setRelease(buffer, READY_OFFSET, 1);
            return new SharedFile(path, file, buffer, true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(file);
            throw new SharedMemoryException("cannot initialise shared channel file " + path + ": " + e, e);
        }
    }

    private static SharedFile openExisting(SharedChannelSpec spec) {
        Path path = spec.path();
        FileChannel file;
        try {
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException missing) {
            throw new SharedMemoryException("no shared channel file at " + path + ": start the process that creates"
                    + " it first, or open with create enabled", missing);
        } catch (AccessDeniedException denied) {
            throw new SharedMemoryException("cannot open shared channel file " + path + ": permission denied (it is"
                    + " created with mode 0600); run as the user that created it", denied);
        } catch (IOException e) {
            throw new SharedMemoryException("cannot open shared channel file " + path + ": " + e, e);
        }
        try {
            return checkAndMap(spec, file);
        } catch (RuntimeException e) {
            closeQuietly(file);
            throw e;
        }
    }

    private static SharedFile checkAndMap(SharedChannelSpec spec, FileChannel file) {
        Path path = spec.path();
        try {
            long deadline = System.nanoTime() + READY_WAIT_NANOS;
            // A creator in another process may still be growing and writing the file: wait (bounded)
            // until the header is there and `ready` reads 1.
            for (;;) {
                long size = file.size();
                if (size >= SLOTS_OFFSET) {
                    MappedByteBuffer header = littleEndian(file.map(FileChannel.MapMode.READ_WRITE, 0, SLOTS_OFFSET));
                    long magic = header.getLong(MAGIC_OFFSET);
                    if (magic != MAGIC && magic != 0) {
                        throw foreign(path, magic);
                    }
                    // Acquire: pairs with the creator's release store, so the identity read below is complete.
                    if ((int) INTS.getAcquire(header, READY_OFFSET) == 1) {
                        if (magic != MAGIC) {
                            throw foreign(path, magic);
                        }
                        return mapChecked(spec, file, header, size);
                    }
                } else if (size > 0 && System.nanoTime() - deadline > 0) {
                    throw new SharedMemoryException("shared channel file " + path + " is too small to be a channel ("
                            + size + " bytes, at least " + SLOTS_OFFSET + " expected): it is not an ove-channel file,"
                            + " or its creator died while creating it; delete it");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new SharedMemoryException("shared channel file " + path + " never became ready (its creator"
                            + " died while creating it, or it is not an ove-channel file): delete it and start again");
                }
                LockSupport.parkNanos(1_000_000L);
            }
        } catch (IOException e) {
            throw new SharedMemoryException("cannot map shared channel file " + path + ": " + e, e);
        }
    }

    private static SharedFile mapChecked(SharedChannelSpec spec, FileChannel file, MappedByteBuffer header, long size)
            throws IOException {
        Path path = spec.path();
        int version = header.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new SharedMemoryException("shared channel file " + path + " has layout version " + version
                    + ", and this library reads version " + VERSION + ": use the same ove-channel version in every"
                    + " process, or delete the file");
        }
        int capacity = header.getInt(CAPACITY_OFFSET);
        int slotSize = header.getInt(SLOT_SIZE_OFFSET);
        int maxMessageSize = header.getInt(MAX_MESSAGE_SIZE_OFFSET);
        int overflow = header.getInt(OVERFLOW_OFFSET);
        long fileSize = header.getLong(FILE_SIZE_OFFSET);
        boolean consistent = capacity >= Layout.MIN_CAPACITY && capacity <= Layout.MAX_CAPACITY
                && maxMessageSize >= 1 && maxMessageSize <= Layout.MAX_MESSAGE_SIZE
                && slotSize == Layout.slotSize(maxMessageSize)
                && overflow >= 0 && overflow < POLICIES.length
                && header.getInt(MAX_PARTICIPANTS_OFFSET) == MAX_PARTICIPANTS
                && header.getInt(SLOTS_OFFSET_OFFSET) == SLOTS_OFFSET
                && fileSize == Layout.fileSize(capacity, slotSize) && fileSize <= Integer.MAX_VALUE
                && header.getLong(STUCK_NANOS_OFFSET) > 0;
        if (!consistent) {
            throw new SharedMemoryException("shared channel file " + path + " has a corrupt header (capacity "
                    + capacity + ", slot size " + slotSize + ", message size " + maxMessageSize + ", file size "
                    + fileSize + "): delete it");
        }
        if (size < fileSize) {
            throw new SharedMemoryException("shared channel file " + path + " is truncated (" + size + " bytes, its"
                    + " header says " + fileSize + "): delete it");
        }
        MappedByteBuffer buffer = littleEndian(file.map(FileChannel.MapMode.READ_WRITE, 0, fileSize));
        SharedFile opened = new SharedFile(path, file, buffer, false);
        if (!spec.create()) {
            opened.checkShape(spec); // a creator checks later, once it knows the file is not finished
        }
        return opened;
    }

    /**
     * Checks the shape fields {@code spec} set against this file's.
     *
     * @throws SharedMemoryException naming both shapes on a mismatch
     */
    void checkShape(SharedChannelSpec spec) {
        if (spec.capacitySet() && spec.capacity() != capacity) {
            throw new SharedMemoryException("shared channel file " + path + " holds " + capacity + " messages, but "
                    + spec.capacity() + " were asked for: use the same capacity in every process, or delete the file");
        }
        if (spec.maxMessageSizeSet() && spec.maxMessageSize() != maxMessageSize) {
            throw new SharedMemoryException("shared channel file " + path + " takes messages of up to "
                    + maxMessageSize + " bytes, but " + spec.maxMessageSize() + " were asked for: use the same"
                    + " max message size in every process, or delete the file");
        }
        if (spec.overflowSet() && spec.overflow() != overflow) {
            throw new SharedMemoryException("shared channel file " + path + " has the overflow policy " + overflow
                    + ", but " + spec.overflow() + " was asked for: use the same policy in every process, or delete"
                    + " the file");
        }
    }

    /** The layout is little-endian; a mapped buffer starts big-endian, whatever the platform. */
    private static MappedByteBuffer littleEndian(MappedByteBuffer buffer) {
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        return buffer;
    }

    private static SharedMemoryException foreign(Path path, long magic) {
        return new SharedMemoryException("file " + path + " is not an ove-channel shared channel (its first 8 bytes"
                + " are 0x" + Long.toHexString(Long.reverseBytes(magic)) + "): choose another path, or delete it");
    }

    /** Deletes the file of a finished channel so that it can be created again. */
    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new SharedMemoryException("cannot delete the finished shared channel file " + path + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- typed accesses

    long getLongAcquire(long offset) {
        return (long) LONGS.getAcquire(buffer, (int) offset);
    }

    long getLongVolatile(long offset) {
        return (long) LONGS.getVolatile(buffer, (int) offset);
    }

    void setLongRelease(long offset, long value) {
        LONGS.setRelease(buffer, (int) offset, value);
    }

    boolean casLong(long offset, long expected, long value) {
        return LONGS.compareAndSet(buffer, (int) offset, expected, value);
    }

    long addLong(long offset, long delta) {
        return (long) LONGS.getAndAdd(buffer, (int) offset, delta);
    }

    int getIntAcquire(long offset) {
        return (int) INTS.getAcquire(buffer, (int) offset);
    }

    int getIntVolatile(long offset) {
        return (int) INTS.getVolatile(buffer, (int) offset);
    }

    void setIntRelease(long offset, int value) {
        INTS.setRelease(buffer, (int) offset, value);
    }

    boolean casInt(long offset, int expected, int value) {
        return INTS.compareAndSet(buffer, (int) offset, expected, value);
    }

    int addInt(long offset, int delta) {
        return (int) INTS.getAndAdd(buffer, (int) offset, delta);
    }

    int getAndSetInt(long offset, int value) {
        return (int) INTS.getAndSet(buffer, (int) offset, value);
    }

    /** {@return the offset of the slot holding {@code position}} */
    long slot(long position) {
        return SLOTS_OFFSET + (position % capacity) * (long) slotSize;
    }

    @Override
    public void close() {
        closeQuietly(file); // also drops this JVM's leases on the file; the mapping stays valid until collected
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
