/*
 * ove_channel.h - the C side of ove-channel's shared-memory channels. A channel is a bounded
 * multi-producer / multi-consumer ring that lives in a memory-mapped file (under /dev/shm by
 * convention) and is shared, byte for byte, with Java processes and other C programs that follow
 * docs/shared-memory.md. Every sender and receiver handle is counted across all processes: closing
 * the last sender lets receivers drain and then see OVE_CLOSED; closing the last receiver refuses
 * every send and counts what was still buffered as undelivered. Compile ove_channel.c together
 * with your program (C11, Linux, libc and pthreads only).
 */
#ifndef OVE_CHANNEL_H
#define OVE_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One attachment to a channel file: one participant entry and the lock that leases it. Safe to
 * share between the threads of one process; do not use it in a child after fork(), open a new one. */
typedef struct ove_channel ove_channel_t;

/* One counted sender or receiver handle. Several threads may use one handle at once, but the usual
 * pattern is one clone per thread. */
typedef struct ove_handle ove_handle_t;

typedef enum {
    OVE_OK = 0,
    OVE_FULL = 1,     /* no room (or a send refused because a peer gave up on its slot) */
    OVE_EMPTY = 2,    /* nothing buffered right now */
    OVE_CLOSED = 3,   /* sending: closed for sending; receiving: closed and drained */
    OVE_TIMEOUT = 4,  /* a timed call ran out of time (a timed send also counts a full drop) */
    OVE_TOO_BIG = 5,  /* message longer than max_message_size, or receive buffer too small */
    OVE_ERROR = -1    /* bad argument (errno says which) */
} ove_status_t;

typedef enum { OVE_BLOCK = 0, OVE_DROP_NEWEST = 1, OVE_DROP_OLDEST = 2 } ove_overflow_t;

typedef struct {
    uint32_t capacity;          /* 2 .. 2^30 messages; 0 when opening = accept the file's */
    uint32_t max_message_size;  /* 1 .. 16 MiB; 0 when opening = accept the file's */
    ove_overflow_t overflow;    /* used only when this call creates the file */
    int create;                 /* non-zero: create the file if it does not exist yet */
} ove_channel_config_t;

/* Opens (and with config->create, creates if absent) the channel file at path. config NULL or
 * create == 0: open an existing file only. On failure returns NULL and writes a message naming the
 * file and the fix into error (if error is not NULL). */
ove_channel_t *ove_channel_open(const char *path, const ove_channel_config_t *config,
                                char *error, size_t error_size);

/* Closes every handle of this attachment still open (they must not be used afterwards), detaches
 * and unmaps. The file stays: delete it when no process needs the channel any more. */
void ove_channel_close(ove_channel_t *channel);

/* A new counted handle; NULL with errno EPIPE if that side is already closed, ENOMEM, EINVAL. */
ove_handle_t *ove_channel_sender(ove_channel_t *channel);
ove_handle_t *ove_channel_receiver(ove_channel_t *channel);
ove_handle_t *ove_handle_clone(ove_handle_t *handle);

/* Releases the handle. The last sender anywhere closes the channel for sending; the last receiver
 * closes it for receiving and drains what is buffered as undelivered (this can wait for a peer that
 * is mid-write, at most the file's stuck time). */
void ove_handle_close(ove_handle_t *handle);

/* try_send never waits. send waits for room under OVE_BLOCK (forever), behaves like try_send under
 * OVE_DROP_NEWEST and evicts the oldest message under OVE_DROP_OLDEST. send_timeout waits at most
 * timeout_nanos (0 or negative: no wait) and then returns OVE_TIMEOUT. */
ove_status_t ove_try_send(ove_handle_t *tx, const void *data, size_t length);
ove_status_t ove_send(ove_handle_t *tx, const void *data, size_t length);
ove_status_t ove_send_timeout(ove_handle_t *tx, const void *data, size_t length, int64_t timeout_nanos);

/* Receives one message into buffer and stores its length. If buffer_size is too small, returns
 * OVE_TOO_BIG without taking the message and stores the size it needs in *length. */
ove_status_t ove_try_recv(ove_handle_t *rx, void *buffer, size_t buffer_size, size_t *length);
ove_status_t ove_recv(ove_handle_t *rx, void *buffer, size_t buffer_size, size_t *length);
ove_status_t ove_recv_timeout(ove_handle_t *rx, void *buffer, size_t buffer_size, size_t *length,
                              int64_t timeout_nanos);

/* Releases the handles of participants whose process died; returns how many entries it reaped. */
int ove_channel_reap(ove_channel_t *channel);

typedef struct {
    uint32_t capacity, max_message_size, depth, live_senders, live_receivers;
    int closed_for_sending, closed_for_receiving;
    /* sent: positions claimed by producers so far (the file keeps no separate count of sends;
     * a claim whose producer died or was refused is included and also shows in lost/full_drops) */
    uint64_t sent, full_drops, closed_drops, evicted, undelivered, lost, reaped;
} ove_stats_t;

void ove_channel_stats(ove_channel_t *channel, ove_stats_t *stats);

const char *ove_status_name(ove_status_t status);

#ifdef OVE_CHANNEL_TESTING
/* Test hooks: claim the next send position exactly as a send does (waiting for room), then die
 * with SIGKILL before publishing; take the next message and copy it, then die before freeing. */
void ove_testing_claim_then_die(ove_handle_t *tx);
void ove_testing_take_then_die(ove_handle_t *rx, void *buffer, size_t buffer_size);
#endif

#ifdef __cplusplus
}
#endif

#endif /* OVE_CHANNEL_H */
