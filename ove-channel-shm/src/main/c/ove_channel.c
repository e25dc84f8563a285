/*
 * ove_channel.c - implementation of the shared-memory channel described in
 * docs/shared-memory.md: a ring of sequence-stamped slots in a memory-mapped file, claimed by CAS
 * on a shared tail (producers) and head (consumers), with handle counts kept per participant entry
 * so that a process killed at any instant can be reaped by its peers through the lock ("lease")
 * it held on one byte of its entry. Every access to shared memory follows the access column of the
 * specification; read-modify-writes and CASes are sequentially consistent, which the spec requires
 * and which the sleep/wake and counting arguments below rely on. Fixed-size operations never
 * allocate; only opening a channel and creating a handle call malloc.
 */
#define _GNU_SOURCE /* F_OFD_SETLK, syscall() */

#include "ove_channel.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the channel file is little-endian and is accessed in place: a little-endian host is required"
#endif
_Static_assert(ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_LLONG_LOCK_FREE == 2,
               "32- and 64-bit atomics must be lock-free to be shared between processes");
_Static_assert(sizeof(_Atomic uint64_t) == 8 && sizeof(_Atomic uint32_t) == 4,
               "atomic words must have the size of the file's fields");

/* ---- layout (docs/shared-memory.md, "The file, byte by byte") ---- */

#define MAGIC UINT64_C(0x4E4148432D45564F)
#define VERSION 1u
#define HEADER_SIZE 1024u
#define ENTRY_SIZE 64u
#define TABLE_OFFSET 1024u
#define DEFAULT_PARTICIPANTS 64u
#define DEFAULT_SLOTS_OFFSET 8192u
#define DEFAULT_STUCK_NANOS INT64_C(2000000000)
#define MAX_CAPACITY (UINT32_C(1) << 30)
#define MAX_MESSAGE (UINT32_C(16) << 20)
#define SLOT_HEADER 16u

#define OFF_MAGIC 0
#define OFF_VERSION 8
#define OFF_READY 12
#define OFF_CAPACITY 16
#define OFF_SLOT_SIZE 20
#define OFF_MAX_MESSAGE 24
#define OFF_OVERFLOW 28
#define OFF_MAX_PARTICIPANTS 32
#define OFF_SLOTS_OFFSET 36
#define OFF_FILE_SIZE 40
#define OFF_CREATED 48
#define OFF_STUCK 56
#define OFF_TAIL 128
#define OFF_HEAD 256
#define OFF_RECEIVING_CLOSED 384
#define OFF_FULL_DROPS 392
#define OFF_CLOSED_DROPS 400
#define OFF_EVICTED 408
#define OFF_UNDELIVERED 416
#define OFF_LOST 424
#define OFF_REAPED 432
#define OFF_NOT_EMPTY_SEQ 512
#define OFF_RECEIVERS_WAITING 516
#define OFF_NOT_FULL_SEQ 520
#define OFF_SENDERS_WAITING 524

#define E_STATE 0
#define E_PID 4
#define E_SENDERS 8
#define E_RECEIVERS 12
#define E_ATTACHED 16
#define E_KIND 24

#define S_SEQ 0
#define S_LENGTH 8
#define S_WRITER 12

#define STATE_FREE 0u
#define STATE_ACTIVE 1u
#define STATE_REAPING 2u
#define KIND_C 2u

#define CLOSED_MARK (UINT64_C(1) << 63)
#define SKIP_BIT (UINT64_C(1) << 62)

/* ---- timing of waits ---- */

#define SPIN_ROUNDS 200          /* busy re-checks before yielding: a peer is usually mid-step */
#define YIELD_ROUNDS 50          /* then give the peer our core (2-core machines) */
#define TRY_SPINS 256            /* how long a non-waiting call lets an in-flight peer finish */
#define FIRST_SLEEP_NANOS INT64_C(10000)    /* sleeps start short and double... */
#define MAX_SLEEP_NANOS INT64_C(1000000)    /* ...up to 1 ms: Java peers bump the futex word but cannot wake us */
#define REAP_INTERVAL_NANOS INT64_C(250000000)
#define READY_WAIT_NANOS INT64_C(2000000000)

#define OVE_WAIT 100 /* internal verdict: nothing possible now, a blocking caller waits */

enum { SIDE_SEND = 0, SIDE_RECV = 1 };
enum { OBS_READER = 0, OBS_WRITER = 1 }; /* stuck observations: slot held by a reader / writer */

struct ove_handle {
    ove_channel_t *channel;
    int side;
    ove_handle_t *prev, *next;
};

typedef struct {
    uint64_t position, seq;
    int64_t since;
    int valid;
} observation_t;

struct ove_channel {
    int fd;
    unsigned char *base;
    size_t map_size;
    uint32_t index; /* own participant entry */
    /* immutable header fields, copied after the acquire load of ready */
    uint32_t capacity, slot_size, max_message_size, overflow, max_participants, slots_offset;
    int64_t stuck_nanos;
    pthread_mutex_t lock; /* guards handles and observations (process-local state only) */
    /* Serialises reaping within this attachment: all its threads share one open file
     * description, and a lock attempt by one OFD on a byte it already holds succeeds, so two
     * threads could otherwise both "win" the lease of the same dead entry and one could store
     * FREE over an entry that a new process has attached to in between. */
    pthread_mutex_t reap_lock;
    ove_handle_t *handles;
    observation_t observations[2];
    char *path;
};

typedef struct {
    const void *data;
    size_t length;
    void *buffer;
    size_t buffer_size;
    size_t *out_length;
    int discard;  /* receive without copying (drain at close) */
    int blocking; /* "full"/"empty" become OVE_WAIT instead of a result */
} op_t;

/* ---- small helpers ---- */

static int64_t now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t wall_millis(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static void sleep_nanos(int64_t nanos) {
    struct timespec ts = {(time_t)(nanos / 1000000000), (long)(nanos % 1000000000)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static _Atomic uint64_t *at64(const ove_channel_t *ch, size_t offset) {
    return (_Atomic uint64_t *)(void *)(ch->base + offset);
}

static _Atomic uint32_t *at32(const ove_channel_t *ch, size_t offset) {
    return (_Atomic uint32_t *)(void *)(ch->base + offset);
}

static size_t entry_offset(uint32_t index) { return TABLE_OFFSET + (size_t)ENTRY_SIZE * index; }

static _Atomic uint32_t *entry_count(const ove_channel_t *ch, uint32_t index, int side) {
    return at32(ch, entry_offset(index) + (side == SIDE_SEND ? E_SENDERS : E_RECEIVERS));
}

static unsigned char *slot_at(const ove_channel_t *ch, uint64_t position) {
    return ch->base + ch->slots_offset + (size_t)(position % ch->capacity) * ch->slot_size;
}

static _Atomic uint64_t *slot_seq(const ove_channel_t *ch, uint64_t position) {
    return (_Atomic uint64_t *)(void *)(slot_at(ch, position) + S_SEQ);
}

/* Counters are statistics: an RMW (seq_cst, as the spec says) so that concurrent adds from any
 * process are never lost; nothing else is ordered by them. */
static void count(const ove_channel_t *ch, size_t offset, uint64_t n) {
    atomic_fetch_add(at64(ch, offset), n);
}

static void set_error(char *error, size_t size, const char *format, ...) {
    if (error == NULL || size == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

/* ---- leases: open-file-description locks on the first byte of an entry ---- */

static int lease_lock(int fd, uint32_t index) {
    struct flock fl;
    memset(&fl, 0, sizeof fl); /* l_pid must be 0 for OFD locks */
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = (off_t)entry_offset(index);
    fl.l_len = 1;
    return fcntl(fd, F_OFD_SETLK, &fl) == 0;
}

static void lease_unlock(int fd, uint32_t index) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_UNLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = (off_t)entry_offset(index);
    fl.l_len = 1;
    (void)fcntl(fd, F_OFD_SETLK, &fl);
}

/* ---- sleeping and waking on the header's futex words ---- */

static void futex_wait(_Atomic uint32_t *word, uint32_t expected, int64_t nanos) {
    struct timespec ts = {(time_t)(nanos / 1000000000), (long)(nanos % 1000000000)};
    /* Not FUTEX_PRIVATE: the word is in a MAP_SHARED file mapping, woken from other processes. */
    (void)syscall(SYS_futex, (uint32_t *)(void *)word, FUTEX_WAIT, expected, &ts, NULL, 0);
}

static void futex_wake_all(_Atomic uint32_t *word) {
    (void)syscall(SYS_futex, (uint32_t *)(void *)word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Called right after a publishing or freeing CAS. That CAS and this seq_cst load of the waiting
 * count are both in the single total order; a waiter increments the count (seq_cst RMW, then a
 * seq_cst fence) before its last re-check. So either the waiter's re-check sees our slot, or we
 * see its count and bump the word it is about to sleep on (its FUTEX_WAIT then returns at once).
 * The bump is an RMW so that concurrent wakers never lose an increment. */
static void notify(const ove_channel_t *ch, size_t seq_offset, size_t waiting_offset) {
    if (atomic_load(at32(ch, waiting_offset)) != 0) {
        atomic_fetch_add(at32(ch, seq_offset), 1u);
        futex_wake_all(at32(ch, seq_offset));
    }
}

static void notify_not_empty(const ove_channel_t *ch) {
    notify(ch, OFF_NOT_EMPTY_SEQ, OFF_RECEIVERS_WAITING);
}

static void notify_not_full(const ove_channel_t *ch) {
    notify(ch, OFF_NOT_FULL_SEQ, OFF_SENDERS_WAITING);
}

/* On a close every waiter must re-check, whatever the waiting counts say. */
static void wake_everyone(const ove_channel_t *ch) {
    atomic_fetch_add(at32(ch, OFF_NOT_EMPTY_SEQ), 1u);
    atomic_fetch_add(at32(ch, OFF_NOT_FULL_SEQ), 1u);
    futex_wake_all(at32(ch, OFF_NOT_EMPTY_SEQ));
    futex_wake_all(at32(ch, OFF_NOT_FULL_SEQ));
}

/* How long this attachment has seen a slot in the same unfinished state. A (position, seq) pair
 * never recurs, so a repeated sighting means the slot has been stuck at least that long, even if
 * the sightings were made by different calls (which lets try_send/try_recv apply the stuck rule
 * too: otherwise a ring used only with non-waiting calls could stay wedged forever). */
static int64_t stuck_for(ove_channel_t *ch, int which, uint64_t position, uint64_t seq) {
    int64_t now = now_nanos();
    pthread_mutex_lock(&ch->lock);
    observation_t *o = &ch->observations[which];
    if (!o->valid || o->position != position || o->seq != seq) {
        o->valid = 1;
        o->position = position;
        o->seq = seq;
        o->since = now;
    }
    int64_t elapsed = now - o->since;
    pthread_mutex_unlock(&ch->lock);
    return elapsed;
}

/* ---- receive (spec: "Receive (one attempt)") ---- */

/* Takes the skipped position p (slot seq (p + 1) | 2^62) like a consumer and frees the slot. */
static void take_skipped(ove_channel_t *ch, uint64_t p, uint64_t s) {
    uint64_t expected_head = p;
    /* CAS head: only one consumer may retire position p. */
    if (!atomic_compare_exchange_strong(at64(ch, OFF_HEAD), &expected_head, p + 1)) return;
    count(ch, OFF_LOST, 1);
    /* Free the slot for the next lap. The spec says a release store; a CAS from the skipped value
     * is used instead (same effect, release included in seq_cst), so that a skipper that was
     * paused past stuck_nanos and found its slot reclaimed by a sender cannot overwrite the
     * newer stamp of that sender's message. */
    uint64_t expected = s;
    atomic_compare_exchange_strong(slot_seq(ch, p), &expected, p + ch->capacity);
    notify_not_full(ch);
}

static int recv_once(ove_channel_t *ch, op_t *op) {
    const uint64_t capacity = ch->capacity;
    int spins = 0;
    for (;;) {
        /* Acquire on head, then acquire on the stamp: the stamp read belongs to position p or a
         * later lap (never an older one), and it synchronises with the producer's publishing CAS,
         * so the length and payload written before it are visible. */
        uint64_t p = atomic_load_explicit(at64(ch, OFF_HEAD), memory_order_acquire);
        _Atomic uint64_t *seq = slot_seq(ch, p);
        uint64_t s = atomic_load_explicit(seq, memory_order_acquire);
        if (s == p + 1) { /* published */
            unsigned char *slot = slot_at(ch, p);
            uint32_t length;
            memcpy(&length, slot + S_LENGTH, sizeof length);
            if (length > ch->max_message_size) {
                /* A corrupt length: never read past the slot. Retire it as lost. */
                uint64_t expected_head = p;
                if (!atomic_compare_exchange_strong(at64(ch, OFF_HEAD), &expected_head, p + 1)) continue;
                count(ch, OFF_LOST, 1);
                uint64_t expected = p + 1;
                atomic_compare_exchange_strong(seq, &expected, p + capacity);
                notify_not_full(ch);
                continue;
            }
            if (!op->discard && length > op->buffer_size) {
                /* Report the size only if the message is still the one at the head (the length
                 * could belong to a later lap if we were overtaken); nothing is taken. */
                if (atomic_load(at64(ch, OFF_HEAD)) == p && atomic_load(seq) == p + 1) {
                    if (op->out_length != NULL) *op->out_length = length;
                    return OVE_TOO_BIG;
                }
                continue;
            }
            uint64_t expected_head = p;
            /* CAS head p -> p+1 claims the message for this consumer alone. */
            if (!atomic_compare_exchange_strong(at64(ch, OFF_HEAD), &expected_head, p + 1)) continue;
            if (!op->discard) memcpy(op->buffer, slot + SLOT_HEADER, length);
            uint64_t expected = p + 1;
            /* Free the slot for position p + capacity. seq_cst includes the release the spec asks
             * for: our payload reads happen before the next producer may write. If it fails, a
             * sender reclaimed the slot after stuck_nanos (and counted it lost) and may have been
             * overwriting it while we copied: discard the copy. */
            if (!atomic_compare_exchange_strong(seq, &expected, p + capacity)) continue;
            notify_not_full(ch);
            if (op->out_length != NULL) *op->out_length = length;
            return OVE_OK;
        }
        if (s == ((p + 1) | SKIP_BIT)) { /* skipped after a producer died mid-write */
            take_skipped(ch, p, s);
            continue;
        }
        /* Compare without the skip bit: a skipped stamp of the previous lap, (p - capacity + 1) |
         * 2^62, is "below p + 1" too; read as a signed difference with the bit it would look like
         * a far-future stamp and make this loop spin forever. */
        uint64_t base = s & ~SKIP_BIT;
        if ((int64_t)(base - (p + 1)) < 0) {
            /* Acquire on tail: decides between empty, closed and "claimed, still being written". */
            uint64_t t = atomic_load_explicit(at64(ch, OFF_TAIL), memory_order_acquire);
            uint64_t tail_position = t & ~CLOSED_MARK;
            if (tail_position == p) {
                if (t & CLOSED_MARK) return OVE_CLOSED;
                return op->blocking ? OVE_WAIT : OVE_EMPTY;
            }
            if (s != p) continue; /* a stale stamp: a producer has claimed p since */
            /* A producer claimed p and has not published yet. */
            if (stuck_for(ch, OBS_WRITER, p, s) >= ch->stuck_nanos) {
                uint64_t expected = p;
                /* CAS p -> (p+1)|2^62: the producer's publishing CAS (p -> p+1) now fails, so its
                 * message is refused rather than half-read; exactly one of the two wins. */
                atomic_compare_exchange_strong(seq, &expected, (p + 1) | SKIP_BIT);
                continue;
            }
            if (op->blocking) return OVE_WAIT;
            if (spins++ < TRY_SPINS) {
                cpu_relax();
                continue;
            }
            return OVE_EMPTY;
        }
        /* Another consumer took p first. */
    }
}

/* ---- send (spec: "Send (one attempt)") ---- */

/* DROP_OLDEST: take the oldest message, at position prev, like a consumer and drop it. Only while
 * the head is still exactly there: if a receiver made room meanwhile, nothing is evicted. */
static void evict_at(ove_channel_t *ch, uint64_t prev) {
    _Atomic uint64_t *seq = slot_seq(ch, prev);
    uint64_t s = atomic_load_explicit(seq, memory_order_acquire);
    if (s == ((prev + 1) | SKIP_BIT)) {
        take_skipped(ch, prev, s);
        return;
    }
    if (s != prev + 1) return;
    uint64_t expected_head = prev;
    if (!atomic_compare_exchange_strong(at64(ch, OFF_HEAD), &expected_head, prev + 1)) return;
    uint64_t expected = prev + 1;
    if (atomic_compare_exchange_strong(seq, &expected, prev + ch->capacity)) {
        count(ch, OFF_EVICTED, 1);
        count(ch, OFF_FULL_DROPS, 1);
        notify_not_full(ch);
    }
}

static int send_once(ove_channel_t *ch, op_t *op) {
    const uint64_t capacity = ch->capacity;
    int spins = 0;
    for (;;) {
        /* Acquire on tail: sees the closed mark of any close that precedes us, and the position. */
        uint64_t t = atomic_load_explicit(at64(ch, OFF_TAIL), memory_order_acquire);
        if (t & CLOSED_MARK) {
            count(ch, OFF_CLOSED_DROPS, 1);
            return OVE_CLOSED;
        }
        uint64_t p = t;
        _Atomic uint64_t *seq = slot_seq(ch, p);
        /* Acquire on the stamp: pairs with the consumer's freeing CAS, so its reads of the
         * previous message are finished before we overwrite the slot. */
        uint64_t s = atomic_load_explicit(seq, memory_order_acquire);
        if (s == p) {
            /* CAS tail p -> p+1 (mark clear in the expected value): claims p, or fails if another
             * producer claimed it or the closed mark was set, in which case we start over. */
            if (!atomic_compare_exchange_strong(at64(ch, OFF_TAIL), &t, p + 1)) continue;
            unsigned char *slot = slot_at(ch, p);
            uint32_t length = (uint32_t)op->length;
            uint32_t writer = ch->index + 1;
            memcpy(slot + S_LENGTH, &length, sizeof length);
            memcpy(slot + S_WRITER, &writer, sizeof writer);
            if (length != 0) memcpy(slot + SLOT_HEADER, op->data, length);
            uint64_t expected = p;
            /* Publish: CAS p -> p+1, seq_cst (includes release), so the plain writes above are
             * visible to whoever acquires the stamp. Fails only if a consumer gave up on us after
             * stuck_nanos and marked the slot skipped: the message was not sent. */
            if (!atomic_compare_exchange_strong(seq, &expected, p + 1)) {
                count(ch, OFF_FULL_DROPS, 1);
                return OVE_FULL;
            }
            notify_not_empty(ch);
            return OVE_OK;
        }
        uint64_t prev = p - capacity;
        int previous_lap = (s == prev + 1) || (s == ((prev + 1) | SKIP_BIT));
        if (!previous_lap) {
            /* Another producer claimed p first (stamp ahead of p), or a stale read: start over.
             * The previous lap's skipped stamp, (prev + 1) | 2^62, is recognised above: read as
             * a signed difference it would look "ahead" and this loop would spin until a
             * consumer retired it, forever if none does. */
            continue;
        }
        /* Full at p: the slot still holds position prev. Acquire on head tells whether a
         * consumer has taken prev (and is reading it) or it is still waiting to be received. */
        uint64_t h = atomic_load_explicit(at64(ch, OFF_HEAD), memory_order_acquire);
        if (h > prev) {
            /* Being read (or being retired as skipped). If it stays so for stuck_nanos the
             * consumer is taken for dead: CAS the stamp to p (a live consumer's freeing CAS then
             * fails and it discards its copy), count the message lost, and claim p. */
            if (stuck_for(ch, OBS_READER, p, s) >= ch->stuck_nanos) {
                uint64_t expected = s;
                if (atomic_compare_exchange_strong(seq, &expected, p) && !(s & SKIP_BIT))
                    count(ch, OFF_LOST, 1); /* a skipped slot was counted lost when skipped */
                continue;
            }
            if (op->blocking) return OVE_WAIT;
            /* DROP_OLDEST must end in SENT and must not evict a message a reader already
             * holds: keep trying until the reader frees the slot (bounded by the stuck rule). */
            if (ch->overflow == OVE_DROP_OLDEST) {
                if (spins++ < TRY_SPINS) cpu_relax(); else sched_yield();
                continue;
            }
            /* A non-waiting send lets the reader finish its copy for a moment, then says full. */
            if (spins++ < TRY_SPINS) {
                cpu_relax();
                continue;
            }
        } else if (ch->overflow == OVE_DROP_OLDEST) {
            evict_at(ch, prev);
            continue;
        } else if (op->blocking) {
            return OVE_WAIT;
        }
        count(ch, OFF_FULL_DROPS, 1);
        return OVE_FULL;
    }
}

/* ---- reaping and closing ---- */

/* Sum of one side's counts over the entries that are not FREE. seq_cst loads (the spec says
 * acquire): the argument that two concurrent last-closers cannot both miss each other needs the
 * loads in the same total order as the decrements. */
static uint64_t live_count(const ove_channel_t *ch, int side) {
    uint64_t sum = 0;
    for (uint32_t i = 0; i < ch->max_participants; i++) {
        if (atomic_load(at32(ch, entry_offset(i) + E_STATE)) != STATE_FREE)
            sum += atomic_load(entry_count(ch, i, side));
    }
    return sum;
}

static void close_for_sending(ove_channel_t *ch) {
    /* Set bit 63 of tail (an atomic OR is the CAS loop the spec describes): every later claim
     * CAS fails and sees the mark, every earlier one is in the ring. */
    atomic_fetch_or(at64(ch, OFF_TAIL), CLOSED_MARK);
    wake_everyone(ch);
}

static ove_status_t wait_loop(ove_channel_t *ch, int (*once)(ove_channel_t *, op_t *), op_t *op,
                              int side, int64_t timeout_nanos, int may_reap);

static void close_for_receiving(ove_channel_t *ch) {
    close_for_sending(ch);
    uint32_t expected = 0;
    /* CAS 0 -> 1: exactly one closer drains. */
    if (!atomic_compare_exchange_strong(at32(ch, OFF_RECEIVING_CLOSED), &expected, 1u)) return;
    op_t op;
    memset(&op, 0, sizeof op);
    op.discard = 1;
    op.blocking = 1;
    /* Take every message like a consumer until head meets the marked tail; waits for producers
     * that claimed before the mark (at most stuck_nanos each). No reaping inside: we may be
     * called from the reaper itself. */
    while (wait_loop(ch, recv_once, &op, SIDE_RECV, -1, 0) == OVE_OK) count(ch, OFF_UNDELIVERED, 1);
    wake_everyone(ch);
}

static void side_released(ove_channel_t *ch, int side) {
    if (live_count(ch, side) != 0) return;
    if (side == SIDE_SEND) close_for_sending(ch);
    else close_for_receiving(ch);
}

static void release_count(ove_channel_t *ch, int side) {
    /* RMW -1 (seq_cst) precedes our own sum in the total order; see live_count. */
    if (atomic_fetch_sub(entry_count(ch, ch->index, side), 1u) == 1u) side_released(ch, side);
}

static int reap_locked(ove_channel_t *ch) {
    int reaped = 0;
    for (uint32_t i = 0; i < ch->max_participants; i++) {
        if (i == ch->index) continue; /* our own OFD already holds our lease: it would "succeed" */
        _Atomic uint32_t *state = at32(ch, entry_offset(i) + E_STATE);
        if (atomic_load(state) == STATE_FREE) continue;
        if (!lease_lock(ch->fd, i)) continue; /* held: the owner is alive */
        /* We hold the lease now, so nobody can attach to or reap this entry meanwhile. */
        uint32_t st = atomic_load(state);
        if (st == STATE_ACTIVE) {
            uint32_t expected = STATE_ACTIVE;
            /* CAS ACTIVE -> REAPING: fails if the owner detached (FREE) since we looked. */
            if (!atomic_compare_exchange_strong(state, &expected, STATE_REAPING)) {
                lease_unlock(ch->fd, i);
                continue;
            }
        } else if (st != STATE_REAPING) {
            lease_unlock(ch->fd, i);
            continue;
        }
        /* REAPING with a free lease: a reaper holds the lease until it stores FREE, so a REAPING
         * entry we could lock belongs to a reaper that died; finishing its work is safe (the
         * spec leaves such an entry REAPING forever). */
        uint32_t senders = atomic_exchange(at32(ch, entry_offset(i) + E_SENDERS), 0u);
        uint32_t receivers = atomic_exchange(at32(ch, entry_offset(i) + E_RECEIVERS), 0u);
        if (senders + receivers != 0) count(ch, OFF_REAPED, (uint64_t)senders + receivers);
        /* FREE with release, then drop the lease: the entry can be attached to again. */
        atomic_store_explicit(state, STATE_FREE, memory_order_release);
        lease_unlock(ch->fd, i);
        reaped++;
        if (senders != 0) side_released(ch, SIDE_SEND);
        if (receivers != 0) side_released(ch, SIDE_RECV);
    }
    return reaped;
}

/* wait: block until no other thread of this attachment is reaping; otherwise skip if busy. */
static int reap(ove_channel_t *ch, int wait) {
    if (wait) pthread_mutex_lock(&ch->reap_lock);
    else if (pthread_mutex_trylock(&ch->reap_lock) != 0) return 0;
    int reaped = reap_locked(ch);
    pthread_mutex_unlock(&ch->reap_lock);
    return reaped;
}

/* ---- waiting ---- */

static ove_status_t wait_loop(ove_channel_t *ch, int (*once)(ove_channel_t *, op_t *), op_t *op,
                              int side, int64_t timeout_nanos, int may_reap) {
    size_t seq_offset = side == SIDE_SEND ? OFF_NOT_FULL_SEQ : OFF_NOT_EMPTY_SEQ;
    size_t waiting_offset = side == SIDE_SEND ? OFF_SENDERS_WAITING : OFF_RECEIVERS_WAITING;
    int64_t start = now_nanos();
    int64_t deadline = timeout_nanos < 0 || timeout_nanos > INT64_MAX - start ? INT64_MAX
                                                                             : start + timeout_nanos;
    int64_t next_reap = start + REAP_INTERVAL_NANOS;
    int64_t nap = FIRST_SLEEP_NANOS;
    for (unsigned round = 0;; round++) {
        int status = once(ch, op);
        if (status != OVE_WAIT) return (ove_status_t)status;
        int64_t now = now_nanos();
        if (now >= deadline) return OVE_TIMEOUT;
        if (may_reap && now >= next_reap) {
            reap(ch, 0);
            next_reap = now + REAP_INTERVAL_NANOS;
            continue;
        }
        if (round < SPIN_ROUNDS) {
            cpu_relax();
            continue;
        }
        if (round < SPIN_ROUNDS + YIELD_ROUNDS) {
            sched_yield();
            continue;
        }
        /* Announce ourselves (RMW +1, then a seq_cst fence so the re-check below cannot be
         * ordered before the announcement), read the futex word, re-check, and only then sleep
         * on the value we read: a publish after the re-check either bumps the word (FUTEX_WAIT
         * returns at once) or was seen by the re-check. */
        atomic_fetch_add(at32(ch, waiting_offset), 1u);
        atomic_thread_fence(memory_order_seq_cst);
        uint32_t word = atomic_load(at32(ch, seq_offset));
        status = once(ch, op);
        if (status == OVE_WAIT) {
            now = now_nanos();
            int64_t sleep = nap;
            nap = nap * 2 < MAX_SLEEP_NANOS ? nap * 2 : MAX_SLEEP_NANOS;
            if (deadline - now < sleep) sleep = deadline - now;
            if (may_reap && next_reap - now < sleep) sleep = next_reap - now;
            if (sleep > 0) futex_wait(at32(ch, seq_offset), word, sleep);
        }
        /* RMW -1: we no longer need wakers to bump the word. */
        atomic_fetch_sub(at32(ch, waiting_offset), 1u);
        if (status != OVE_WAIT) return (ove_status_t)status;
    }
}

/* ---- opening ---- */

static int create_file(const char *path, const ove_channel_config_t *config, int fd, char *error,
                       size_t error_size) {
    uint32_t capacity = config->capacity, max_message = config->max_message_size;
    uint32_t slot_size = (uint32_t)((SLOT_HEADER + (uint64_t)max_message + 7u) & ~UINT64_C(7));
    uint64_t file_size = DEFAULT_SLOTS_OFFSET + (uint64_t)capacity * slot_size;
    if (file_size > (uint64_t)SIZE_MAX / 2 || ftruncate(fd, (off_t)file_size) != 0) {
        set_error(error, error_size, "%s: cannot size the new channel file to %llu bytes (%s): "
                  "lower capacity or max_message_size, or free space in its file system",
                  path, (unsigned long long)file_size, strerror(errno));
        return -1;
    }
    /* Reserve the pages now, so that running out of space is an error here rather than a SIGBUS
     * in the middle of a send later (tmpfs is sparse). */
    int rc = posix_fallocate(fd, 0, (off_t)file_size);
    if (rc != 0 && rc != EOPNOTSUPP && rc != EINVAL) {
        set_error(error, error_size, "%s: cannot reserve %llu bytes for the channel (%s): lower "
                  "capacity or max_message_size, or free space in its file system",
                  path, (unsigned long long)file_size, strerror(rc));
        return -1;
    }
    unsigned char *base = mmap(NULL, (size_t)file_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        set_error(error, error_size, "%s: cannot map the new channel file (%s)", path, strerror(errno));
        return -1;
    }
    /* Immutable fields: plain writes, published by the release store of ready below. The rest
     * of the header and table are already zero (ftruncate). */
    uint64_t magic = MAGIC, created = wall_millis(), stuck = (uint64_t)DEFAULT_STUCK_NANOS;
    uint32_t version = VERSION, overflow = (uint32_t)config->overflow;
    uint32_t participants = DEFAULT_PARTICIPANTS, slots_offset = DEFAULT_SLOTS_OFFSET;
    memcpy(base + OFF_MAGIC, &magic, 8);
    memcpy(base + OFF_VERSION, &version, 4);
    memcpy(base + OFF_CAPACITY, &capacity, 4);
    memcpy(base + OFF_SLOT_SIZE, &slot_size, 4);
    memcpy(base + OFF_MAX_MESSAGE, &max_message, 4);
    memcpy(base + OFF_OVERFLOW, &overflow, 4);
    memcpy(base + OFF_MAX_PARTICIPANTS, &participants, 4);
    memcpy(base + OFF_SLOTS_OFFSET, &slots_offset, 4);
    memcpy(base + OFF_FILE_SIZE, &file_size, 8);
    memcpy(base + OFF_CREATED, &created, 8);
    memcpy(base + OFF_STUCK, &stuck, 8);
    for (uint64_t i = 0; i < capacity; i++) {
        /* Slot i starts free for position i; relaxed, ordered by the release store of ready. */
        atomic_store_explicit((_Atomic uint64_t *)(void *)(base + slots_offset + i * slot_size), i,
                              memory_order_relaxed);
    }
    /* ready = 1, release, last: an opener's acquire load of 1 sees everything above. */
    atomic_store_explicit((_Atomic uint32_t *)(void *)(base + OFF_READY), 1u, memory_order_release);
    munmap(base, (size_t)file_size);
    return 0;
}

static uint32_t rd32(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Waits up to 2 s for ready, then validates the header against the file and the config. On
 * success fills the immutable fields of ch and returns the file size to map. */
static int validate(const char *path, int fd, const ove_channel_config_t *config, ove_channel_t *ch,
                    uint64_t *map_size, char *error, size_t error_size) {
    int64_t deadline = now_nanos() + READY_WAIT_NANOS;
    unsigned char *hdr = NULL;
    struct stat st;
    for (;;) {
        if (fstat(fd, &st) != 0) {
            set_error(error, error_size, "%s: cannot stat the channel file (%s)", path, strerror(errno));
            goto fail;
        }
        if (!S_ISREG(st.st_mode)) {
            set_error(error, error_size, "%s is not a regular file: pass the path of a channel file", path);
            goto fail;
        }
        /* Map only once the header is there: touching a mapping beyond the end of the file
         * raises SIGBUS (the creator sizes the file after creating it). */
        if (hdr == NULL && st.st_size >= (off_t)HEADER_SIZE) {
            hdr = mmap(NULL, HEADER_SIZE, PROT_READ, MAP_SHARED, fd, 0);
            if (hdr == MAP_FAILED) {
                hdr = NULL;
                set_error(error, error_size, "%s: cannot map the channel header (%s)", path, strerror(errno));
                goto fail;
            }
        }
        if (hdr != NULL) {
            /* Acquire load of ready: pairs with the creator's release store, so the immutable
             * fields read below with plain loads are complete. */
            uint32_t ready = atomic_load_explicit((_Atomic uint32_t *)(void *)(hdr + OFF_READY),
                                                  memory_order_acquire);
            if (ready == 1) break;
            if (ready != 0) {
                set_error(error, error_size, "%s is not a valid channel file (ready word %u): check "
                          "the path, or delete the file so it is created again", path, ready);
                goto fail;
            }
        }
        if (now_nanos() >= deadline) {
            if (hdr == NULL)
                set_error(error, error_size, "%s is too small to be a channel file (%lld bytes) and "
                          "did not grow within 2 s: its creator died while creating it, or it is "
                          "not a channel file; delete it", path, (long long)st.st_size);
            else if (rd64(hdr + OFF_MAGIC) != MAGIC && rd64(hdr + OFF_MAGIC) != 0) /* 0: not written yet */
                set_error(error, error_size, "%s is not an ove-channel file (bad magic 0x%016llx): "
                          "check the path, or delete the file", path,
                          (unsigned long long)rd64(hdr + OFF_MAGIC));
            else
                set_error(error, error_size, "%s never became ready within 2 s: its creator died "
                          "while creating it; delete the file", path);
            goto fail;
        }
        sleep_nanos(1000000);
    }
    uint64_t magic = rd64(hdr + OFF_MAGIC);
    uint32_t version = rd32(hdr + OFF_VERSION);
    uint32_t capacity = rd32(hdr + OFF_CAPACITY), slot_size = rd32(hdr + OFF_SLOT_SIZE);
    uint32_t max_message = rd32(hdr + OFF_MAX_MESSAGE), overflow = rd32(hdr + OFF_OVERFLOW);
    uint32_t participants = rd32(hdr + OFF_MAX_PARTICIPANTS), slots_offset = rd32(hdr + OFF_SLOTS_OFFSET);
    uint64_t file_size = rd64(hdr + OFF_FILE_SIZE);
    int64_t stuck = (int64_t)rd64(hdr + OFF_STUCK);
    if (magic != MAGIC) {
        set_error(error, error_size, "%s is not an ove-channel file (bad magic 0x%016llx, expected "
                  "0x%016llx): check the path, or delete the file", path,
                  (unsigned long long)magic, (unsigned long long)MAGIC);
        goto fail;
    }
    if (version != VERSION) {
        set_error(error, error_size, "%s has layout version %u but this library reads version %u: "
                  "use matching library versions on all sides, or delete the file", path, version, VERSION);
        goto fail;
    }
    if (capacity == 1) {
        set_error(error, error_size, "%s has capacity 1, which the shared layout cannot represent "
                  "safely (a published stamp equals the next free stamp): recreate the channel "
                  "with capacity 2 or more", path);
        goto fail;
    }
    if (capacity < 1 || capacity > MAX_CAPACITY || max_message < 1 || max_message > MAX_MESSAGE ||
        slot_size != ((SLOT_HEADER + (uint64_t)max_message + 7u) & ~UINT64_C(7)) || overflow > 2 ||
        participants < 1 || slots_offset % 8 != 0 ||
        (uint64_t)slots_offset < (uint64_t)TABLE_OFFSET + (uint64_t)ENTRY_SIZE * participants ||
        file_size != slots_offset + (uint64_t)capacity * slot_size || file_size > (uint64_t)SIZE_MAX / 2) {
        set_error(error, error_size, "%s has an inconsistent header (capacity %u, slot size %u, max "
                  "message size %u, overflow %u, %u participants, slots at %u, file size %llu): it is "
                  "corrupt; delete it", path, capacity, slot_size, max_message, overflow,
                  participants, slots_offset, (unsigned long long)file_size);
        goto fail;
    }
    if (fstat(fd, &st) != 0 || (uint64_t)st.st_size < file_size) {
        set_error(error, error_size, "%s is truncated: %lld bytes, but its header needs %llu: delete "
                  "it so it is created again", path, (long long)st.st_size, (unsigned long long)file_size);
        goto fail;
    }
    if (config != NULL && config->capacity != 0 && config->capacity != capacity) {
        set_error(error, error_size, "%s has capacity %u, not the %u asked for: ask for 0 (accept the "
                  "file's) or %u, or delete the file", path, capacity, config->capacity, capacity);
        goto fail;
    }
    if (config != NULL && config->max_message_size != 0 && config->max_message_size != max_message) {
        set_error(error, error_size, "%s has max message size %u, not the %u asked for: ask for 0 "
                  "(accept the file's) or %u, or delete the file", path, max_message,
                  config->max_message_size, max_message);
        goto fail;
    }
    munmap(hdr, HEADER_SIZE);
    ch->capacity = capacity;
    ch->slot_size = slot_size;
    ch->max_message_size = max_message;
    ch->overflow = overflow;
    ch->max_participants = participants;
    ch->slots_offset = slots_offset;
    /* 0 would make every in-flight slot "stuck" at once; treat it as the default. */
    ch->stuck_nanos = stuck > 0 ? stuck : DEFAULT_STUCK_NANOS;
    *map_size = file_size;
    return 0;
fail:
    if (hdr != NULL) munmap(hdr, HEADER_SIZE);
    return -1;
}

static int attach(ove_channel_t *ch) {
    for (uint32_t i = 0; i < ch->max_participants; i++) {
        _Atomic uint32_t *state = at32(ch, entry_offset(i) + E_STATE);
        if (atomic_load(state) != STATE_FREE) continue;
        /* Lease first: an attacher that dies after this holds no lease on an ACTIVE entry. */
        if (!lease_lock(ch->fd, i)) continue;
        unsigned char *entry = ch->base + entry_offset(i);
        uint32_t pid = (uint32_t)getpid(), kind = KIND_C;
        uint64_t attached = wall_millis();
        memcpy(entry + E_PID, &pid, 4);
        memcpy(entry + E_ATTACHED, &attached, 8);
        memcpy(entry + E_KIND, &kind, 4);
        /* A FREE entry's counts are 0 already; storing 0 costs nothing and guards against a
         * file left inconsistent by a crashed foreign implementation. */
        atomic_store(entry_count(ch, i, SIDE_SEND), 0u);
        atomic_store(entry_count(ch, i, SIDE_RECV), 0u);
        uint32_t expected = STATE_FREE;
        /* CAS FREE -> ACTIVE (seq_cst, so the plain fields above are published with it). */
        if (atomic_compare_exchange_strong(state, &expected, STATE_ACTIVE)) {
            ch->index = i;
            return 0;
        }
        lease_unlock(ch->fd, i);
    }
    return -1;
}

ove_channel_t *ove_channel_open(const char *path, const ove_channel_config_t *config, char *error,
                                size_t error_size) {
    set_error(error, error_size, "%s", "");
    if (path == NULL) {
        set_error(error, error_size, "ove_channel_open: path is NULL");
        errno = EINVAL;
        return NULL;
    }
    int create = config != NULL && config->create;
    if (create) {
        /* Capacity 1 is refused although the spec allows it: with one slot the published stamp
         * of position p (p + 1) equals the free stamp of position p + 1 (p + capacity), so a
         * producer would overwrite the unread message and consumers would spin. */
        if (config->capacity < 2 || config->capacity > MAX_CAPACITY || config->max_message_size < 1 ||
            config->max_message_size > MAX_MESSAGE || (unsigned)config->overflow > 2u) {
            set_error(error, error_size, "%s: cannot create a channel with capacity %u and max message "
                      "size %u: capacity must be 2 to 2^30, max message size 1 to 16 MiB, overflow "
                      "0 to 2", path, config->capacity, config->max_message_size);
            errno = EINVAL;
            return NULL;
        }
    }
    ove_channel_t *ch = calloc(1, sizeof *ch);
    if (ch == NULL || (ch->path = strdup(path)) == NULL) {
        set_error(error, error_size, "%s: out of memory", path);
        free(ch);
        errno = ENOMEM;
        return NULL;
    }
    ch->fd = -1;
    int fd = -1;
    if (create) {
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0 && create_file(path, config, fd, error, error_size) != 0) {
            int saved = errno;
            unlink(path); /* never became ready, nobody can be attached: do not leave it behind */
            close(fd);
            errno = saved;
            goto fail;
        }
        if (fd < 0 && errno != EEXIST) {
            set_error(error, error_size, "%s: cannot create the channel file (%s): check that its "
                      "directory exists and is writable", path, strerror(errno));
            goto fail;
        }
    }
    if (fd < 0) {
        fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            int saved = errno;
            if (saved == ENOENT)
                set_error(error, error_size, "%s does not exist: start the process that creates the "
                          "channel first, or open it with config.create = 1", path);
            else if (saved == EACCES || saved == EPERM)
                set_error(error, error_size, "%s: permission denied (channel files are mode 0600): "
                          "run as the user that created it, or delete it", path);
            else
                set_error(error, error_size, "%s: cannot open the channel file (%s)", path, strerror(saved));
            errno = saved;
            goto fail;
        }
    }
    ch->fd = fd;
    uint64_t map_size = 0;
    if (validate(path, fd, config, ch, &map_size, error, error_size) != 0) {
        errno = EINVAL;
        goto fail;
    }
    ch->map_size = (size_t)map_size;
    ch->base = mmap(NULL, ch->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ch->base == MAP_FAILED) {
        ch->base = NULL;
        set_error(error, error_size, "%s: cannot map %zu bytes (%s)", path, ch->map_size, strerror(errno));
        goto fail;
    }
    if (pthread_mutex_init(&ch->lock, NULL) != 0) {
        set_error(error, error_size, "%s: cannot create a mutex", path);
        goto fail;
    }
    if (pthread_mutex_init(&ch->reap_lock, NULL) != 0) {
        pthread_mutex_destroy(&ch->lock);
        set_error(error, error_size, "%s: cannot create a mutex", path);
        goto fail;
    }
    /* Reap first: entries of dead processes are freed for us, and their sides close if needed. */
    ch->index = UINT32_MAX;
    reap(ch, 1);
    if (attach(ch) != 0) {
        set_error(error, error_size, "%s: all %u participant entries are in use by live processes: "
                  "close attachments you do not need", path, ch->max_participants);
        pthread_mutex_destroy(&ch->lock);
        pthread_mutex_destroy(&ch->reap_lock);
        errno = EBUSY;
        goto fail;
    }
    return ch;
fail:
    if (ch->base != NULL) munmap(ch->base, ch->map_size);
    if (ch->fd >= 0) close(ch->fd);
    free(ch->path);
    free(ch);
    return NULL;
}

/* ---- handles ---- */

static ove_handle_t *new_handle(ove_channel_t *ch, int side) {
    ove_handle_t *h = malloc(sizeof *h);
    if (h == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    h->channel = ch;
    h->side = side;
    /* RMW +1 on our own entry: from now on every sum includes this handle. */
    atomic_fetch_add(entry_count(ch, ch->index, side), 1u);
    pthread_mutex_lock(&ch->lock);
    h->prev = NULL;
    h->next = ch->handles;
    if (ch->handles != NULL) ch->handles->prev = h;
    ch->handles = h;
    pthread_mutex_unlock(&ch->lock);
    return h;
}

ove_handle_t *ove_channel_sender(ove_channel_t *ch) {
    if (ch == NULL) {
        errno = EINVAL;
        return NULL;
    }
    if (atomic_load_explicit(at64(ch, OFF_TAIL), memory_order_acquire) & CLOSED_MARK) {
        errno = EPIPE;
        return NULL;
    }
    return new_handle(ch, SIDE_SEND);
}

ove_handle_t *ove_channel_receiver(ove_channel_t *ch) {
    if (ch == NULL) {
        errno = EINVAL;
        return NULL;
    }
    if (atomic_load_explicit(at32(ch, OFF_RECEIVING_CLOSED), memory_order_acquire) != 0) {
        errno = EPIPE;
        return NULL;
    }
    return new_handle(ch, SIDE_RECV);
}

ove_handle_t *ove_handle_clone(ove_handle_t *handle) {
    if (handle == NULL) {
        errno = EINVAL;
        return NULL;
    }
    /* The handle being cloned keeps our count >= 1, so the side cannot close meanwhile. */
    return new_handle(handle->channel, handle->side);
}

static void unlink_handle(ove_channel_t *ch, ove_handle_t *h) {
    if (h->prev != NULL) h->prev->next = h->next;
    else ch->handles = h->next;
    if (h->next != NULL) h->next->prev = h->prev;
}

void ove_handle_close(ove_handle_t *handle) {
    if (handle == NULL) return;
    ove_channel_t *ch = handle->channel;
    pthread_mutex_lock(&ch->lock);
    unlink_handle(ch, handle);
    pthread_mutex_unlock(&ch->lock);
    int side = handle->side;
    free(handle);
    release_count(ch, side);
}

void ove_channel_close(ove_channel_t *ch) {
    if (ch == NULL) return;
    for (;;) {
        pthread_mutex_lock(&ch->lock);
        ove_handle_t *h = ch->handles;
        if (h != NULL) unlink_handle(ch, h);
        pthread_mutex_unlock(&ch->lock);
        if (h == NULL) break;
        int side = h->side;
        free(h);
        release_count(ch, side);
    }
    /* Detach: counts are 0; FREE with release, then drop the lease (in this order, so a peer
     * that takes the lease never sees our entry ACTIVE without an owner). */
    atomic_store_explicit(at32(ch, entry_offset(ch->index) + E_STATE), STATE_FREE, memory_order_release);
    lease_unlock(ch->fd, ch->index);
    munmap(ch->base, ch->map_size);
    close(ch->fd);
    pthread_mutex_destroy(&ch->lock);
    pthread_mutex_destroy(&ch->reap_lock);
    free(ch->path);
    free(ch);
}

/* ---- sending and receiving ---- */

static ove_status_t check_send(ove_handle_t *tx, const void *data, size_t length) {
    if (tx == NULL || tx->side != SIDE_SEND || (data == NULL && length != 0)) {
        errno = EINVAL;
        return OVE_ERROR;
    }
    if (length > tx->channel->max_message_size) return OVE_TOO_BIG;
    return OVE_OK;
}

static ove_status_t do_send(ove_handle_t *tx, const void *data, size_t length, int64_t timeout_nanos,
                            int blocking) {
    ove_status_t status = check_send(tx, data, length);
    if (status != OVE_OK) return status;
    ove_channel_t *ch = tx->channel;
    op_t op;
    memset(&op, 0, sizeof op);
    op.data = data;
    op.length = length;
    /* Only BLOCK waits; the drop policies decide at once. */
    if (!blocking || timeout_nanos == 0 || ch->overflow != OVE_BLOCK) return (ove_status_t)send_once(ch, &op);
    op.blocking = 1;
    status = wait_loop(ch, send_once, &op, SIDE_SEND, timeout_nanos, 1);
    if (status == OVE_TIMEOUT) count(ch, OFF_FULL_DROPS, 1); /* a timed-out send is a full drop */
    return status;
}

ove_status_t ove_try_send(ove_handle_t *tx, const void *data, size_t length) {
    return do_send(tx, data, length, 0, 0);
}

ove_status_t ove_send(ove_handle_t *tx, const void *data, size_t length) {
    return do_send(tx, data, length, -1, 1);
}

ove_status_t ove_send_timeout(ove_handle_t *tx, const void *data, size_t length, int64_t timeout_nanos) {
    return do_send(tx, data, length, timeout_nanos < 0 ? 0 : timeout_nanos, 1);
}

static ove_status_t do_recv(ove_handle_t *rx, void *buffer, size_t buffer_size, size_t *length,
                            int64_t timeout_nanos, int blocking) {
    if (rx == NULL || rx->side != SIDE_RECV || (buffer == NULL && buffer_size != 0)) {
        errno = EINVAL;
        return OVE_ERROR;
    }
    op_t op;
    memset(&op, 0, sizeof op);
    op.buffer = buffer;
    op.buffer_size = buffer_size;
    op.out_length = length;
    if (!blocking || timeout_nanos == 0) return (ove_status_t)recv_once(rx->channel, &op);
    op.blocking = 1;
    return wait_loop(rx->channel, recv_once, &op, SIDE_RECV, timeout_nanos, 1);
}

ove_status_t ove_try_recv(ove_handle_t *rx, void *buffer, size_t buffer_size, size_t *length) {
    return do_recv(rx, buffer, buffer_size, length, 0, 0);
}

ove_status_t ove_recv(ove_handle_t *rx, void *buffer, size_t buffer_size, size_t *length) {
    return do_recv(rx, buffer, buffer_size, length, -1, 1);
}

ove_status_t ove_recv_timeout(ove_handle_t *rx, void *buffer, size_t buffer_size, size_t *length,
                              int64_t timeout_nanos) {
    return do_recv(rx, buffer, buffer_size, length, timeout_nanos < 0 ? 0 : timeout_nanos, 1);
}

/* ---- monitoring ---- */

int ove_channel_reap(ove_channel_t *ch) { return ch == NULL ? 0 : reap(ch, 1); }

void ove_channel_stats(ove_channel_t *ch, ove_stats_t *stats) {
    if (ch == NULL || stats == NULL) return;
    memset(stats, 0, sizeof *stats);
    /* Plain acquire snapshots; the fields are not read as one atomic unit. Head first, so that
     * the depth computed from a later tail is never negative. */
    uint64_t head = atomic_load_explicit(at64(ch, OFF_HEAD), memory_order_acquire);
    uint64_t tail = atomic_load_explicit(at64(ch, OFF_TAIL), memory_order_acquire);
    uint64_t position = tail & ~CLOSED_MARK;
    uint64_t depth = position > head ? position - head : 0;
    stats->capacity = ch->capacity;
    stats->max_message_size = ch->max_message_size;
    stats->depth = (uint32_t)(depth > ch->capacity ? ch->capacity : depth);
    stats->live_senders = (uint32_t)live_count(ch, SIDE_SEND);
    stats->live_receivers = (uint32_t)live_count(ch, SIDE_RECV);
    stats->closed_for_sending = (tail & CLOSED_MARK) != 0;
    stats->closed_for_receiving = atomic_load(at32(ch, OFF_RECEIVING_CLOSED)) != 0;
    stats->sent = position;
    stats->full_drops = atomic_load(at64(ch, OFF_FULL_DROPS));
    stats->closed_drops = atomic_load(at64(ch, OFF_CLOSED_DROPS));
    stats->evicted = atomic_load(at64(ch, OFF_EVICTED));
    stats->undelivered = atomic_load(at64(ch, OFF_UNDELIVERED));
    stats->lost = atomic_load(at64(ch, OFF_LOST));
    stats->reaped = atomic_load(at64(ch, OFF_REAPED));
}

const char *ove_status_name(ove_status_t status) {
    switch (status) {
    case OVE_OK: return "OK";
    case OVE_FULL: return "FULL";
    case OVE_EMPTY: return "EMPTY";
    case OVE_CLOSED: return "CLOSED";
    case OVE_TIMEOUT: return "TIMEOUT";
    case OVE_TOO_BIG: return "TOO_BIG";
    case OVE_ERROR: return "ERROR";
    }
    return "UNKNOWN";
}

/* ---- test hooks ---- */

#ifdef OVE_CHANNEL_TESTING
void ove_testing_claim_then_die(ove_handle_t *tx) {
    ove_channel_t *ch = tx->channel;
    for (;;) {
        uint64_t t = atomic_load_explicit(at64(ch, OFF_TAIL), memory_order_acquire);
        if (t & CLOSED_MARK) raise(SIGKILL);
        uint64_t s = atomic_load_explicit(slot_seq(ch, t), memory_order_acquire);
        if (s == t && atomic_compare_exchange_strong(at64(ch, OFF_TAIL), &t, t + 1)) {
            /* Half a write, as a crash in the middle of the payload copy would leave it. */
            uint32_t length = 1;
            memcpy(slot_at(ch, t) + S_LENGTH, &length, sizeof length);
            raise(SIGKILL);
        }
        sleep_nanos(1000000);
    }
}

void ove_testing_take_then_die(ove_handle_t *rx, void *buffer, size_t buffer_size) {
    ove_channel_t *ch = rx->channel;
    for (;;) {
        uint64_t p = atomic_load_explicit(at64(ch, OFF_HEAD), memory_order_acquire);
        uint64_t s = atomic_load_explicit(slot_seq(ch, p), memory_order_acquire);
        if (s == p + 1 && atomic_compare_exchange_strong(at64(ch, OFF_HEAD), &p, p + 1)) {
            uint32_t length;
            memcpy(&length, slot_at(ch, p) + S_LENGTH, sizeof length);
            if (length <= buffer_size && length <= ch->max_message_size)
                memcpy(buffer, slot_at(ch, p) + SLOT_HEADER, length);
            raise(SIGKILL);
        }
        sleep_nanos(1000000);
    }
}
#endif
