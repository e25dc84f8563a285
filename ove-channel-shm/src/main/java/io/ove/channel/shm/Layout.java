package io.ove.channel.shm;

/**
 * The offsets and constants of a shared channel file, exactly as {@code docs/shared-memory.md}
 * specifies them (that page is the source of truth; the C side in {@code src/main/c} follows the
 * same table). All integers are little-endian and naturally aligned.
 */
final class Layout {

    /** The ASCII bytes {@code OVE-CHAN}, read as a little-endian u64. */
    static final long MAGIC = 0x4E4148432D45564FL;
    static final int VERSION = 1;

    // Header: identity, immutable once `ready` is 1.
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int READY_OFFSET = 12;
    static final int CAPACITY_OFFSET = 16;
    static final int SLOT_SIZE_OFFSET = 20;
    static final int MAX_MESSAGE_SIZE_OFFSET = 24;
    static final int OVERFLOW_OFFSET = 28;
    static final int MAX_PARTICIPANTS_OFFSET = 32;
    static final int SLOTS_OFFSET_OFFSET = 36;
    static final int FILE_SIZE_OFFSET = 40;
    static final int CREATED_MILLIS_OFFSET = 48;
    static final int STUCK_NANOS_OFFSET = 56;

    // Header: the shared positions, each on its own pair of cache lines.
    static final int TAIL_OFFSET = 128;
    static final int HEAD_OFFSET = 256;

    // Header: closing and counters.
    static final int RECEIVING_CLOSED_OFFSET = 384;
    static final int FULL_DROPS_OFFSET = 392;
    static final int CLOSED_DROPS_OFFSET = 400;
    static final int EVICTED_OFFSET = 408;
    static final int UNDELIVERED_OFFSET = 416;
    static final int LOST_OFFSET = 424;
    static final int REAPED_OFFSET = 432;

    // Header: wait/wake words (futex words for the C side).
    static final int NOT_EMPTY_SEQ_OFFSET = 512;
    static final int RECEIVERS_WAITING_OFFSET = 516;
    static final int NOT_FULL_SEQ_OFFSET = 520;
    static final int SENDERS_WAITING_OFFSET = 524;

    // Participant table.
    static final int PARTICIPANTS_OFFSET = 1024;
    static final int PARTICIPANT_SIZE = 64;
    static final int MAX_PARTICIPANTS = 64;
    static final int PARTICIPANT_STATE = 0;
    static final int PARTICIPANT_PID = 4;
    static final int PARTICIPANT_SENDERS = 8;
    static final int PARTICIPANT_RECEIVERS = 12;
    static final int PARTICIPANT_ATTACHED_MILLIS = 16;
    static final int PARTICIPANT_KIND = 24;
    static final int FREE = 0;
    static final int ACTIVE = 1;
    static final int REAPING = 2;
    static final int KIND_JVM = 1;

    /** Where slot 0 starts: the participant table rounded up to a page. */
    static final int SLOTS_OFFSET = 8192;

    // Slots.
    static final int SLOT_SEQ = 0;
    static final int SLOT_LENGTH = 8;
    static final int SLOT_WRITER = 12;
    static final int SLOT_PAYLOAD = 16;

    /** Bit 63 of {@code tail}: no send may claim a position any more. */
    static final long CLOSED_MARK = Long.MIN_VALUE;
    /** The position bits of {@code tail}. */
    static final long POSITION_MASK = Long.MAX_VALUE;
    /** Bit 62 of a slot's {@code seq}: the slot was given up on after a producer died mid-write. */
    static final long SKIPPED = 1L << 62;

    /**
     * The smallest capacity: with one slot, "published for position p" ({@code p + 1}) and "free for
     * position p + 1" ({@code p + capacity}) would be the same {@code seq}.
     */
    static final int MIN_CAPACITY = 2;
    static final int MAX_CAPACITY = 1 << 30;
    static final int MAX_MESSAGE_SIZE = 16 << 20;

    private Layout() {
    }

    /** {@return the bytes of one slot holding messages of up to {@code maxMessageSize} bytes} */
    static int slotSize(int maxMessageSize) {
        return SLOT_PAYLOAD + ((maxMessageSize + 7) & ~7);
    }

    /** {@return the size of a file of {@code capacity} slots of {@code slotSize} bytes} */
    static long fileSize(int capacity, int slotSize) {
        return SLOTS_OFFSET + (long) capacity * slotSize;
    }

    /** {@return the offset of participant entry {@code index}, also the byte its lease locks} */
    static int participant(int index) {
        return PARTICIPANTS_OFFSET + index * PARTICIPANT_SIZE;
    }
}
