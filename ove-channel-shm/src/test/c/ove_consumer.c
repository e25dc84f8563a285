/*
 * ove_consumer.c - a consumer process for the cross-language tests of shared-memory channels.
 * Usage: ove_consumer PATH [--create CAPACITY MAXSIZE] [--max N] [--hold-after K]
 * [--crash-mid-read-after K]. It opens a receiver, prints "READY", then "MSG <payload>" for each
 * message taken with a blocking receive, until the channel is closed and drained (or N messages
 * were taken, then it closes its receiver), then "CLOSED <count>" and exits 0. "HOLDING <K>" when
 * told to hold, "ERROR <text>" on failure (exit 2). Every line is flushed at once. The crash option
 * (take a message, then die before freeing its slot) needs -DOVE_CHANNEL_TESTING.
 */
#include "ove_channel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long long number(const char *text) {
    char *end;
    long long value = strtoll(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < 0) {
        printf("ERROR bad number: %s\n", text);
        fflush(stdout);
        exit(2);
    }
    return value;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        printf("ERROR usage: ove_consumer PATH [--create CAPACITY MAXSIZE] [--max N] "
               "[--hold-after K] [--crash-mid-read-after K]\n");
        fflush(stdout);
        return 2;
    }
    const char *path = argv[1];
    long long max = -1, hold_after = -1, crash_after = -1;
    ove_channel_config_t config = {0, 0, OVE_BLOCK, 0};
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--create") == 0 && i + 2 < argc) {
            config.create = 1;
            config.capacity = (uint32_t)number(argv[++i]);
            config.max_message_size = (uint32_t)number(argv[++i]);
        } else if (strcmp(argv[i], "--max") == 0 && i + 1 < argc) {
            max = number(argv[++i]);
        } else if (strcmp(argv[i], "--hold-after") == 0 && i + 1 < argc) {
            hold_after = number(argv[++i]);
        } else if (strcmp(argv[i], "--crash-mid-read-after") == 0 && i + 1 < argc) {
            crash_after = number(argv[++i]);
        } else {
            printf("ERROR unknown argument: %s\n", argv[i]);
            fflush(stdout);
            return 2;
        }
    }
    char error[512];
    ove_channel_t *channel = ove_channel_open(path, &config, error, sizeof error);
    if (channel == NULL) {
        printf("ERROR %s\n", error);
        fflush(stdout);
        return 2;
    }
    ove_handle_t *rx = ove_channel_receiver(channel);
    if (rx == NULL) {
        printf("ERROR the channel is closed for receiving\n");
        fflush(stdout);
        ove_channel_close(channel);
        return 2;
    }
    printf("READY\n");
    fflush(stdout);
    ove_stats_t stats;
    ove_channel_stats(channel, &stats);
    size_t size = stats.max_message_size;
    char *buffer = malloc(size + 1);
    if (buffer == NULL) {
        printf("ERROR out of memory\n");
        fflush(stdout);
        return 2;
    }
    long long received = 0;
    for (;;) {
        if (received == max) break;
        if (received == hold_after) {
            printf("HOLDING %lld\n", received);
            fflush(stdout);
            for (;;) pause();
        }
        if (received == crash_after) {
#ifdef OVE_CHANNEL_TESTING
            ove_testing_take_then_die(rx, buffer, size);
#else
            printf("ERROR --crash-mid-read-after needs -DOVE_CHANNEL_TESTING\n");
            fflush(stdout);
            return 2;
#endif
        }
        size_t length = 0;
        ove_status_t status = ove_recv(rx, buffer, size, &length);
        if (status == OVE_CLOSED) break;
        if (status != OVE_OK) {
            printf("ERROR recv: %s\n", ove_status_name(status));
            fflush(stdout);
            return 2;
        }
        buffer[length] = '\0';
        printf("MSG %s\n", buffer);
        fflush(stdout);
        received++;
    }
    ove_handle_close(rx);
    printf("CLOSED %lld\n", received);
    fflush(stdout);
    free(buffer);
    ove_channel_close(channel);
    return 0;
}
