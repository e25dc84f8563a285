/*
 * ove_producer.c - a producer process for the cross-language tests of shared-memory channels.
 * Usage: ove_producer PATH ID COUNT [--create CAPACITY MAXSIZE] [--hold-after K]
 * [--crash-mid-write-after K]. It sends COUNT messages "<ID>:<seq>" with blocking sends and prints
 * one machine-readable line per event on stdout (flushed at once): "HOLDING <K>" when told to hold,
 * "SENT <n>" at the end (exit 0), "CLOSED <n>" if the channel was closed for sending (exit 3),
 * "ERROR <text>" on any other failure (exit 2). The crash option needs -DOVE_CHANNEL_TESTING.
 */
#include "ove_channel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void line(const char *format, const char *text, long long n) {
    if (text != NULL) printf(format, text);
    else printf(format, n);
    fflush(stdout);
}

static long long number(const char *text) {
    char *end;
    long long value = strtoll(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < 0) {
        line("ERROR bad number: %s\n", text, 0);
        exit(2);
    }
    return value;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        line("ERROR %s\n", "usage: ove_producer PATH ID COUNT [--create CAPACITY MAXSIZE] "
             "[--hold-after K] [--crash-mid-write-after K]", 0);
        return 2;
    }
    const char *path = argv[1], *id = argv[2];
    long long total = number(argv[3]), hold_after = -1, crash_after = -1;
    ove_channel_config_t config = {0, 0, OVE_BLOCK, 0};
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--create") == 0 && i + 2 < argc) {
            config.create = 1;
            config.capacity = (uint32_t)number(argv[++i]);
            config.max_message_size = (uint32_t)number(argv[++i]);
        } else if (strcmp(argv[i], "--hold-after") == 0 && i + 1 < argc) {
            hold_after = number(argv[++i]);
        } else if (strcmp(argv[i], "--crash-mid-write-after") == 0 && i + 1 < argc) {
            crash_after = number(argv[++i]);
        } else {
            line("ERROR unknown argument: %s\n", argv[i], 0);
            return 2;
        }
    }
    char error[512];
    ove_channel_t *channel = ove_channel_open(path, &config, error, sizeof error);
    if (channel == NULL) {
        line("ERROR %s\n", error, 0);
        return 2;
    }
    ove_handle_t *tx = ove_channel_sender(channel);
    if (tx == NULL) {
        line("CLOSED %lld\n", NULL, 0);
        ove_channel_close(channel);
        return 3;
    }
    char message[128];
    for (long long n = 0; n < total; n++) {
        if (n == hold_after) {
            line("HOLDING %lld\n", NULL, n);
            for (;;) pause();
        }
        if (n == crash_after) {
#ifdef OVE_CHANNEL_TESTING
            ove_testing_claim_then_die(tx);
#else
            line("ERROR %s\n", "--crash-mid-write-after needs -DOVE_CHANNEL_TESTING", 0);
            return 2;
#endif
        }
        int length = snprintf(message, sizeof message, "%s:%lld", id, n);
        ove_status_t status = ove_send(tx, message, (size_t)length);
        if (status == OVE_CLOSED) {
            line("CLOSED %lld\n", NULL, n);
            ove_channel_close(channel);
            return 3;
        }
        if (status != OVE_OK) {
            line("ERROR send: %s\n", ove_status_name(status), 0);
            ove_channel_close(channel);
            return 2;
        }
    }
    line("SENT %lld\n", NULL, total);
    ove_handle_close(tx);
    ove_channel_close(channel);
    return 0;
}
