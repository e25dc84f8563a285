/*
 * ove_selftest.c - a self-contained test of the C shared-memory channel, with real processes
 * (fork) and threads: no loss, no duplicate and per-producer FIFO order with several producers and
 * consumers; drain then closed; sends refused after the last receiver closes; FULL at capacity;
 * too-big messages; the overflow policies; a producer killed mid-write and a consumer killed
 * mid-read (their slots given up on after the stuck time and counted lost); killed handle holders
 * reaped and their side closed; corrupt or missing files reported as errors. Build with
 * -DOVE_CHANNEL_TESTING. Exits 0 when every check passed, else 1 after one line per failure on
 * stderr. Every wait is bounded, and an alarm() watchdog ends a run that hangs anyway.
 */
#define _GNU_SOURCE
#include "ove_channel.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;
static int path_counter;

#define CHECK(cond, ...)                                                         \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "FAIL %s:%d (%s): ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
            failures++;                                                          \
        }                                                                        \
    } while (0)

static void on_alarm(int signal) {
    (void)signal;
    static const char message[] = "FAIL watchdog: the self-test hung\n";
    (void)!write(2, message, sizeof message - 1);
    _exit(1);
}

static int64_t now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fresh_path(char *path, size_t size) {
    snprintf(path, size, "/dev/shm/ove-ctest-%d-%d", (int)getpid(), path_counter++);
    unlink(path);
}

static ove_channel_t *create(const char *path, uint32_t capacity, uint32_t max, ove_overflow_t overflow) {
    char error[512];
    ove_channel_config_t config = {capacity, max, overflow, 1};
    ove_channel_t *channel = ove_channel_open(path, &config, error, sizeof error);
    if (channel == NULL) {
        fprintf(stderr, "FAIL cannot create %s: %s\n", path, error);
        exit(1);
    }
    return channel;
}

/* In a forked child: a new attachment of its own (never the parent's). */
static ove_channel_t *child_open(const char *path) {
    char error[512];
    alarm(30);
    ove_channel_t *channel = ove_channel_open(path, NULL, error, sizeof error);
    if (channel == NULL) {
        fprintf(stderr, "FAIL child cannot open %s: %s\n", path, error);
        _exit(1);
    }
    return channel;
}

static int wait_child(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

static ove_status_t send_text(ove_handle_t *tx, const char *text) {
    return ove_try_send(tx, text, strlen(text));
}

static int recv_is(ove_handle_t *rx, const char *expected, int64_t timeout) {
    char buffer[256];
    size_t length = 0;
    ove_status_t status = ove_recv_timeout(rx, buffer, sizeof buffer - 1, &length, timeout);
    if (status != OVE_OK) {
        fprintf(stderr, "  expected \"%s\", got status %s\n", expected, ove_status_name(status));
        return 0;
    }
    buffer[length] = '\0';
    if (strcmp(buffer, expected) != 0) {
        fprintf(stderr, "  expected \"%s\", got \"%s\"\n", expected, buffer);
        return 0;
    }
    return 1;
}

/* ---- 1. several producers and consumers, processes and threads ---- */

#define PRODUCERS 3
#define PER_PRODUCER 3000

typedef struct {
    ove_handle_t *handle;
    int id;
    int *pairs; /* consumer: (producer, seq) pairs received */
    int count;
} worker_t;

static void produce(ove_handle_t *tx, int id) {
    char message[64];
    for (int n = 0; n < PER_PRODUCER; n++) {
        int length = snprintf(message, sizeof message, "P%d:%d", id, n);
        ove_status_t status = ove_send_timeout(tx, message, (size_t)length, INT64_C(20000000000));
        if (status != OVE_OK) {
            fprintf(stderr, "FAIL producer %d: send %d returned %s\n", id, n, ove_status_name(status));
            return;
        }
    }
}

static int consume(ove_handle_t *rx, int *pairs, int max) {
    char buffer[64];
    int count = 0;
    for (;;) {
        size_t length = 0;
        ove_status_t status = ove_recv_timeout(rx, buffer, sizeof buffer - 1, &length, INT64_C(20000000000));
        if (status == OVE_CLOSED) return count;
        if (status != OVE_OK || count >= max) {
            fprintf(stderr, "FAIL consumer: recv returned %s after %d\n", ove_status_name(status), count);
            return count;
        }
        buffer[length] = '\0';
        int id = -1, seq = -1;
        if (sscanf(buffer, "P%d:%d", &id, &seq) != 2) id = -1;
        pairs[2 * count] = id;
        pairs[2 * count + 1] = seq;
        count++;
    }
}

static void *producer_thread(void *arg) {
    worker_t *w = arg;
    produce(w->handle, w->id);
    ove_handle_close(w->handle);
    return NULL;
}

static void *consumer_thread(void *arg) {
    worker_t *w = arg;
    w->count = consume(w->handle, w->pairs, PRODUCERS * PER_PRODUCER);
    return NULL;
}

static void check_stream(int *seen, const int *pairs, int count, const char *who) {
    int last[PRODUCERS] = {-1, -1, -1};
    for (int i = 0; i < count; i++) {
        int id = pairs[2 * i], seq = pairs[2 * i + 1];
        if (id < 0 || id >= PRODUCERS || seq < 0 || seq >= PER_PRODUCER) {
            CHECK(0, "%s: malformed message %d:%d", who, id, seq);
            continue;
        }
        CHECK(seq > last[id], "%s: producer %d out of order: %d after %d", who, id, seq, last[id]);
        last[id] = seq;
        seen[id * PER_PRODUCER + seq]++;
    }
}

static void test_mpmc(uint32_t capacity) {
    char path[128], out[160];
    fresh_path(path, sizeof path);
    snprintf(out, sizeof out, "%s-consumer", path);
    ove_channel_t *ch = create(path, capacity, 32, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    pid_t producers[2], consumer;
    for (int p = 0; p < 2; p++) {
        if ((producers[p] = fork()) == 0) {
            ove_channel_t *own = child_open(path);
            ove_handle_t *own_tx = ove_channel_sender(own);
            if (own_tx == NULL) _exit(1);
            produce(own_tx, p);
            ove_channel_close(own);
            _exit(0);
        }
    }
    if ((consumer = fork()) == 0) {
        ove_channel_t *own = child_open(path);
        ove_handle_t *own_rx = ove_channel_receiver(own);
        int *pairs = malloc(sizeof(int) * 2 * PRODUCERS * PER_PRODUCER);
        if (own_rx == NULL || pairs == NULL) _exit(1);
        int count = consume(own_rx, pairs, PRODUCERS * PER_PRODUCER);
        FILE *f = fopen(out, "w");
        if (f == NULL) _exit(1);
        for (int i = 0; i < count; i++) fprintf(f, "%d %d\n", pairs[2 * i], pairs[2 * i + 1]);
        fclose(f);
        ove_channel_close(own);
        _exit(0);
    }
    worker_t producer = {ove_handle_clone(tx), 2, NULL, 0};
    worker_t receiver = {rx, 0, malloc(sizeof(int) * 2 * PRODUCERS * PER_PRODUCER), 0};
    pthread_t threads[2];
    pthread_create(&threads[0], NULL, producer_thread, &producer);
    pthread_create(&threads[1], NULL, consumer_thread, &receiver);
    for (int p = 0; p < 2; p++) {
        int status = wait_child(producers[p]);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "producer process %d failed", p);
    }
    pthread_join(threads[0], NULL);
    ove_handle_close(tx); /* the last sender: consumers drain, then see CLOSED */
    pthread_join(threads[1], NULL);
    int status = wait_child(consumer);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "consumer process failed");

    int *seen = calloc(PRODUCERS * PER_PRODUCER, sizeof(int));
    check_stream(seen, receiver.pairs, receiver.count, "consumer thread");
    int *pairs = malloc(sizeof(int) * 2 * PRODUCERS * PER_PRODUCER), count = 0;
    FILE *f = fopen(out, "r");
    CHECK(f != NULL, "no output from the consumer process");
    if (f != NULL) {
        while (count < PRODUCERS * PER_PRODUCER && fscanf(f, "%d %d", &pairs[2 * count], &pairs[2 * count + 1]) == 2)
            count++;
        fclose(f);
    }
    check_stream(seen, pairs, count, "consumer process");
    int missing = 0, duplicates = 0;
    for (int i = 0; i < PRODUCERS * PER_PRODUCER; i++) {
        if (seen[i] == 0) missing++;
        if (seen[i] > 1) duplicates++;
    }
    CHECK(missing == 0 && duplicates == 0, "%d missing, %d duplicated (thread got %d, process %d)",
          missing, duplicates, receiver.count, count);
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.sent == PRODUCERS * PER_PRODUCER && s.lost == 0 && s.undelivered == 0 && s.depth == 0,
          "stats: sent %llu lost %llu undelivered %llu depth %u", (unsigned long long)s.sent,
          (unsigned long long)s.lost, (unsigned long long)s.undelivered, s.depth);
    CHECK(s.closed_for_sending && s.live_senders == 0, "not closed for sending");
    free(seen);
    free(pairs);
    free(receiver.pairs);
    ove_channel_close(ch);
    unlink(out);
    unlink(path);
}

/* A roomy ring (few waits) and a tiny one (every call contends, waiters sleep on the futex). */
static void test_mpmc_16(void) { test_mpmc(16); }
static void test_mpmc_2(void) { test_mpmc(2); }

/* ---- 2-6. single-process rules ---- */

static void test_drain_then_closed(void) {
    char path[128];
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 8, 16, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    ove_handle_t *tx2 = ove_handle_clone(tx);
    CHECK(send_text(tx, "a") == OVE_OK && send_text(tx2, "b") == OVE_OK, "sends failed");
    ove_handle_close(tx);
    CHECK(send_text(tx2, "c") == OVE_OK, "a clone keeps the channel open");
    ove_handle_close(tx2);
    CHECK(recv_is(rx, "a", 1000000000) && recv_is(rx, "b", 1000000000) && recv_is(rx, "c", 1000000000),
          "drain after close");
    char buffer[16];
    size_t length;
    CHECK(ove_recv_timeout(rx, buffer, sizeof buffer, &length, 1000000000) == OVE_CLOSED, "closed after drain");
    CHECK(ove_try_recv(rx, buffer, sizeof buffer, &length) == OVE_CLOSED, "try_recv closed after drain");
    errno = 0;
    CHECK(ove_channel_sender(ch) == NULL && errno == EPIPE, "no new sender once closed for sending");
    ove_channel_close(ch);
    unlink(path);
}

static void test_refused_after_receivers_close(void) {
    char path[128];
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 8, 16, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    char buffer[16];
    size_t length;
    CHECK(ove_try_recv(rx, buffer, sizeof buffer, &length) == OVE_EMPTY, "empty at start");
    for (int i = 0; i < 3; i++) CHECK(send_text(tx, "x") == OVE_OK, "send %d", i);
    ove_handle_close(rx);
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.closed_for_receiving && s.closed_for_sending && s.undelivered == 3 && s.depth == 0,
          "closing the last receiver: undelivered %llu depth %u", (unsigned long long)s.undelivered, s.depth);
    CHECK(send_text(tx, "y") == OVE_CLOSED && ove_send(tx, "y", 1) == OVE_CLOSED, "sends refused");
    ove_channel_stats(ch, &s);
    CHECK(s.closed_drops == 2, "closed_drops %llu", (unsigned long long)s.closed_drops);
    errno = 0;
    CHECK(ove_channel_receiver(ch) == NULL && errno == EPIPE, "no new receiver once closed for receiving");
    ove_channel_close(ch); /* closes tx */
    unlink(path);
}

typedef struct {
    ove_handle_t *rx;
    int ok;
} late_receiver_t;

static void *late_receiver(void *arg) {
    late_receiver_t *r = arg;
    struct timespec ts = {0, 50000000};
    nanosleep(&ts, NULL);
    r->ok = recv_is(r->rx, "0", 1000000000);
    return NULL;
}

static void test_full(void) {
    char path[128];
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 4, 16, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    const char *texts[] = {"0", "1", "2", "3"};
    for (int i = 0; i < 4; i++) CHECK(send_text(tx, texts[i]) == OVE_OK, "send %d", i);
    CHECK(send_text(tx, "4") == OVE_FULL, "FULL at capacity");
    int64_t start = now_nanos();
    CHECK(ove_send_timeout(tx, "4", 1, 30000000) == OVE_TIMEOUT, "timed send times out");
    CHECK(now_nanos() - start >= 30000000, "timed send waited its time");
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.full_drops == 2 && s.depth == 4, "full_drops %llu depth %u", (unsigned long long)s.full_drops, s.depth);
    late_receiver_t r = {rx, 0};
    pthread_t thread;
    pthread_create(&thread, NULL, late_receiver, &r);
    CHECK(ove_send(tx, "4", 1) == OVE_OK, "a blocked send completes once room is made");
    pthread_join(thread, NULL);
    CHECK(r.ok, "the receiver got the oldest message");
    ove_channel_close(ch);
    unlink(path);
}

static void test_too_big(void) {
    char path[128];
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 4, 8, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    CHECK(ove_try_send(tx, "123456789", 9) == OVE_TOO_BIG && ove_send(tx, "123456789", 9) == OVE_TOO_BIG,
          "a message over max_message_size");
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.sent == 0 && s.depth == 0, "nothing claimed for a too-big message");
    CHECK(ove_try_send(tx, "12345678", 8) == OVE_OK && ove_try_send(tx, "", 0) == OVE_OK, "max size and empty");
    char buffer[8];
    size_t length = 0;
    CHECK(ove_try_recv(rx, buffer, 4, &length) == OVE_TOO_BIG && length == 8, "small buffer: needs %zu", length);
    CHECK(ove_recv(rx, buffer, 8, &length) == OVE_OK && length == 8 && memcmp(buffer, "12345678", 8) == 0,
          "then received whole");
    CHECK(ove_recv(rx, buffer, 0, &length) == OVE_OK && length == 0, "empty message");
    ove_channel_close(ch);
    unlink(path);
}

static void test_overflow_policies(void) {
    char path[128];
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 2, 8, OVE_DROP_OLDEST);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    CHECK(send_text(tx, "a") == OVE_OK && ove_send(tx, "b", 1) == OVE_OK && send_text(tx, "c") == OVE_OK &&
          ove_send(tx, "d", 1) == OVE_OK, "DROP_OLDEST always sends");
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.evicted == 2 && s.full_drops == 2, "evicted %llu full_drops %llu", (unsigned long long)s.evicted,
          (unsigned long long)s.full_drops);
    CHECK(recv_is(rx, "c", 1000000000) && recv_is(rx, "d", 1000000000), "the newest survive");
    ove_channel_close(ch);
    unlink(path);

    fresh_path(path, sizeof path);
    ch = create(path, 2, 8, OVE_DROP_NEWEST);
    tx = ove_channel_sender(ch);
    rx = ove_channel_receiver(ch);
    CHECK(ove_send(tx, "a", 1) == OVE_OK && ove_send(tx, "b", 1) == OVE_OK && ove_send(tx, "c", 1) == OVE_FULL,
          "DROP_NEWEST send does not wait");
    CHECK(recv_is(rx, "a", 1000000000) && recv_is(rx, "b", 1000000000), "the oldest survive");
    ove_channel_close(ch);
    unlink(path);
}

/* ---- 7-8. crashes in the middle of a write and of a read ---- */

static void test_crash_mid_write(void) {
    char path[128];
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 4, 16, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    pid_t pid = fork();
    if (pid == 0) {
        ove_channel_t *own = child_open(path);
        ove_handle_t *own_tx = ove_channel_sender(own);
        send_text(own_tx, "c0");
        send_text(own_tx, "c1");
        ove_testing_claim_then_die(own_tx);
        _exit(1);
    }
    int status = wait_child(pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child died of SIGKILL");
    CHECK(send_text(tx, "after") == OVE_OK, "a send behind the half-written slot");
    CHECK(recv_is(rx, "c0", 1000000000) && recv_is(rx, "c1", 1000000000), "messages before the crash");
    int64_t start = now_nanos();
    CHECK(recv_is(rx, "after", INT64_C(6000000000)), "the half-written slot is skipped");
    int64_t waited = now_nanos() - start;
    CHECK(waited >= INT64_C(1900000000), "skipped only after the stuck time (%lld ms)", (long long)(waited / 1000000));
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.lost == 1, "lost %llu", (unsigned long long)s.lost);
    CHECK(s.reaped == 1 && s.live_senders == 1, "the dead producer's sender was reaped (reaped %llu, senders %u)",
          (unsigned long long)s.reaped, s.live_senders);
    CHECK(send_text(tx, "more") == OVE_OK && recv_is(rx, "more", 1000000000), "the ring goes on");
    ove_channel_close(ch);
    unlink(path);
}

static void test_crash_mid_read(void) {
    char path[128];
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 2, 16, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch), *rx = ove_channel_receiver(ch);
    CHECK(send_text(tx, "m0") == OVE_OK && send_text(tx, "m1") == OVE_OK, "fill");
    pid_t pid = fork();
    if (pid == 0) {
        ove_channel_t *own = child_open(path);
        ove_handle_t *own_rx = ove_channel_receiver(own);
        char buffer[16];
        ove_testing_take_then_die(own_rx, buffer, sizeof buffer);
        _exit(1);
    }
    int status = wait_child(pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child died of SIGKILL");
    CHECK(send_text(tx, "m2") == OVE_FULL, "the half-read slot is not free yet");
    int64_t start = now_nanos();
    CHECK(ove_send_timeout(tx, "m2", 2, INT64_C(6000000000)) == OVE_OK, "the half-read slot is reclaimed");
    int64_t waited = now_nanos() - start;
    CHECK(waited >= INT64_C(1500000000), "reclaimed only after the stuck time (%lld ms)", (long long)(waited / 1000000));
    CHECK(recv_is(rx, "m1", 1000000000) && recv_is(rx, "m2", 1000000000), "the others are delivered");
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.lost == 1 && s.reaped == 1, "lost %llu reaped %llu", (unsigned long long)s.lost, (unsigned long long)s.reaped);
    ove_channel_close(ch);
    unlink(path);
}

/* ---- 9. killed holders are reaped and close their side ---- */

static void test_reaping(void) {
    char path[128];
    int pipe_fds[2];
    char byte;
    /* the only receiver dies: sends are refused, the buffer is undelivered */
    fresh_path(path, sizeof path);
    ove_channel_t *ch = create(path, 8, 16, OVE_BLOCK);
    ove_handle_t *tx = ove_channel_sender(ch);
    if (pipe(pipe_fds) != 0) exit(1);
    pid_t pid = fork();
    if (pid == 0) {
        ove_channel_t *own = child_open(path);
        if (ove_channel_receiver(own) == NULL) _exit(1);
        (void)!write(pipe_fds[1], "R", 1);
        for (;;) pause();
    }
    CHECK(read(pipe_fds[0], &byte, 1) == 1, "child ready");
    CHECK(send_text(tx, "u1") == OVE_OK && send_text(tx, "u2") == OVE_OK, "sends while the receiver lives");
    kill(pid, SIGKILL);
    wait_child(pid);
    CHECK(ove_channel_reap(ch) == 1, "one dead participant reaped");
    ove_stats_t s;
    ove_channel_stats(ch, &s);
    CHECK(s.closed_for_receiving && s.undelivered == 2 && s.reaped == 1 && s.live_receivers == 0,
          "receiving side closed: undelivered %llu reaped %llu", (unsigned long long)s.undelivered,
          (unsigned long long)s.reaped);
    CHECK(send_text(tx, "u3") == OVE_CLOSED, "sends refused");
    CHECK(ove_channel_reap(ch) == 0, "nothing left to reap");
    ove_channel_close(ch);
    unlink(path);
    close(pipe_fds[0]);
    close(pipe_fds[1]);

    /* the only sender dies: the receiver drains, then sees closed (reaped while it waits) */
    fresh_path(path, sizeof path);
    ch = create(path, 8, 16, OVE_BLOCK);
    ove_handle_t *rx = ove_channel_receiver(ch);
    if (pipe(pipe_fds) != 0) exit(1);
    pid = fork();
    if (pid == 0) {
        ove_channel_t *own = child_open(path);
        ove_handle_t *own_tx = ove_channel_sender(own);
        if (own_tx == NULL || send_text(own_tx, "s1") != OVE_OK) _exit(1);
        (void)!write(pipe_fds[1], "S", 1);
        for (;;) pause();
    }
    CHECK(read(pipe_fds[0], &byte, 1) == 1, "child ready");
    kill(pid, SIGKILL);
    wait_child(pid);
    CHECK(recv_is(rx, "s1", 1000000000), "what the dead sender sent is delivered");
    char buffer[16];
    size_t length;
    int64_t start = now_nanos();
    CHECK(ove_recv_timeout(rx, buffer, sizeof buffer, &length, INT64_C(3000000000)) == OVE_CLOSED,
          "closed once the dead sender is reaped");
    CHECK(now_nanos() - start < INT64_C(1000000000), "reaped within about 250 ms of waiting");
    ove_channel_close(ch);
    unlink(path);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}

/* ---- 10. bad files ---- */

static void expect_open_error(const char *path, const ove_channel_config_t *config, const char *word,
                              const char *what) {
    char error[512] = "";
    ove_channel_t *ch = ove_channel_open(path, config, error, sizeof error);
    CHECK(ch == NULL, "%s: opened anyway", what);
    if (ch != NULL) ove_channel_close(ch);
    CHECK(strstr(error, word) != NULL && strstr(error, path) != NULL, "%s: message \"%s\"", what, error);
}

static void poke(const char *path, off_t offset, const void *bytes, size_t size) {
    int fd = open(path, O_RDWR);
    CHECK(fd >= 0 && pwrite(fd, bytes, size, offset) == (ssize_t)size, "cannot modify %s", path);
    if (fd >= 0) close(fd);
}

static void test_bad_files(void) {
    char path[128];
    fresh_path(path, sizeof path);
    expect_open_error(path, NULL, "does not exist", "missing file");

    ove_channel_close(create(path, 64, 64, OVE_BLOCK));
    ove_channel_config_t wrong_capacity = {5, 0, OVE_BLOCK, 0};
    expect_open_error(path, &wrong_capacity, "capacity", "capacity mismatch");
    ove_channel_config_t wrong_size = {0, 100, OVE_BLOCK, 1};
    expect_open_error(path, &wrong_size, "max message size", "message size mismatch");
    uint32_t version = 2;
    poke(path, 8, &version, 4);
    expect_open_error(path, NULL, "version", "wrong version");
    version = 1;
    poke(path, 8, &version, 4);
    poke(path, 0, "NOT-OVE!", 8);
    expect_open_error(path, NULL, "magic", "bad magic");
    unlink(path);

    ove_channel_close(create(path, 64, 64, OVE_BLOCK));
    CHECK(truncate(path, 8192 + 100) == 0, "truncate");
    expect_open_error(path, NULL, "truncated", "truncated file");
    CHECK(truncate(path, 100) == 0, "truncate");
    int64_t start = now_nanos();
    expect_open_error(path, NULL, "too small", "tiny file");
    CHECK(now_nanos() - start < INT64_C(3000000000), "waits at most about 2 s for ready");
    unlink(path);

    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0 && ftruncate(fd, 16384) == 0, "zero file");
    if (fd >= 0) close(fd);
    expect_open_error(path, NULL, "never became ready", "file never ready");
    unlink(path);

    /* Another user's 0600 file. Root ignores file modes, so as root a child drops to "nobody". */
    ove_channel_close(create(path, 4, 8, OVE_BLOCK));
    if (geteuid() != 0) {
        chmod(path, 0);
        expect_open_error(path, NULL, "permission", "no permission");
    } else {
        pid_t pid = fork();
        if (pid == 0) {
            alarm(30);
            if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
            expect_open_error(path, NULL, "permission", "no permission");
            _exit(failures == 0 ? 0 : 1);
        }
        int status = wait_child(pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "no permission (as user nobody): status %d", status);
    }
    unlink(path);
    ove_channel_config_t bad = {0, 8, OVE_BLOCK, 1};
    expect_open_error(path, &bad, "capacity", "invalid config");
    ove_channel_config_t one = {1, 8, OVE_BLOCK, 1};
    expect_open_error(path, &one, "capacity", "capacity 1 (stamps would be ambiguous)");
}

int main(void) {
    signal(SIGALRM, on_alarm);
    signal(SIGPIPE, SIG_IGN);
    alarm(90);
    struct {
        const char *name;
        void (*run)(void);
    } tests[] = {
        {"mpmc_capacity_16", test_mpmc_16},
        {"mpmc_capacity_2", test_mpmc_2},
        {"drain_then_closed", test_drain_then_closed},
        {"refused_after_receivers_close", test_refused_after_receivers_close},
        {"full", test_full},
        {"too_big", test_too_big},
        {"overflow_policies", test_overflow_policies},
        {"crash_mid_write", test_crash_mid_write},
        {"crash_mid_read", test_crash_mid_read},
        {"reaping", test_reaping},
        {"bad_files", test_bad_files},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int before = failures;
        int64_t start = now_nanos();
        tests[i].run();
        printf("%s %s (%lld ms)\n", failures == before ? "PASS" : "FAIL", tests[i].name,
               (long long)((now_nanos() - start) / 1000000));
        fflush(stdout);
    }
    if (failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("ALL PASSED\n");
    return 0;
}
